"""Site-wide behaviour: health check, error pages, security headers, static files."""

import json
import re

from django.urls import reverse

from tests.helpers import attribute, elements


def test_unknown_address_gets_our_404_page(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get(reverse("home"))
    csp = response.headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'nonce-" in script_src and "unsafe-inline" not in script_src
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_every_script_tag_carries_the_nonce_and_htmx_2_comes_from_our_static_files(client, db):
    response = client.get(reverse("home"))
    html = response.content.decode()
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    scripts = elements(html, "script")
    assert len(scripts) >= 2
    assert [attribute(script, "nonce") for script in scripts] == [nonce] * len(scripts)
    assert "/static/django_htmx/htmx-2" in html
    assert "https://" not in html.split("<body")[0]


def test_htmx_is_configured_to_swap_400_answers_and_skip_eval(client, db):
    html = client.get(reverse("home")).content.decode()
    assert '"allowEval":false' in html
    assert '"includeIndicatorStyles":false' in html
    assert '{"code":"400","swap":true}' in html


def test_collectstatic_hashes_and_compresses_with_the_real_storage(tmp_path, settings):
    from django.core.management import call_command

    from hipdips import settings as production

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = production.STORAGES
    call_command("collectstatic", "--no-input", verbosity=0)
    css = list((tmp_path / "css").glob("app.*.css"))
    assert css, "app.css should be stored under a hashed name"
    assert (tmp_path / "css" / (css[0].name + ".gz")).exists()
    assert list((tmp_path / "django_htmx").glob("htmx-2.min.*.js"))
    # The player's modules import each other by their hashed names.
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    player = (tmp_path / manifest["js/player.js"]).read_text()
    imported = re.findall(r'from "\./([^"]+)"', player)
    assert len(imported) >= 8
    for name in imported:
        assert f"js/{name}" in manifest.values(), (
            f"player.js imports {name}, which is not a hashed name"
        )


def test_a_get_on_a_post_only_address_gets_a_page_of_ours(client, db):
    response = client.get(reverse("logout"))
    assert response.status_code == 405
    assert "only takes a form" in response.content.decode()
    assert "POST" in response["Allow"]


def test_pages_with_htmx_posts_carry_the_csrf_header_and_library_pages_skip_it(owner_client):
    header = '"X-CSRFToken": "'
    for url in ("/workout/", "/routines/new/", "/history/", "/accounts/"):
        assert header in owner_client.get(url).content.decode(), url
    owner_client.logout()
    for url in ("/", "/learn/", "/exercises/", "/exercises/squat/"):
        html = owner_client.get(url).content.decode()
        assert header not in html and "hx-post" not in html, url  # nor data-hx-post


def test_the_cached_navigation_is_keyed_on_known_pages_only(client, db):
    """A made-up address under /accounts/ must not add an entry to the fragment cache."""
    assert client.get("/accounts/no-such-page-123/").context["account_page"] == ""
    assert client.get(reverse("login")).context["account_page"] == "login"
    assert client.get(reverse("signup")).context["account_page"] == "signup"
    assert client.get(reverse("password_reset")).context["account_page"] == ""
