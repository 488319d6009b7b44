"""The exercise library, the explainer and the home page."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.template.loader import get_template
from django.urls import reverse

from exercises.models import Exercise
from tests.helpers import elements, the

pytestmark = pytest.mark.django_db
SLUGS = ["squat", "step-down", "hip-thrust", "donkey-kick", "clamshell", "fire-hydrant"]


def test_a_fresh_database_has_the_six_exercises_with_the_facts_of_the_brief():
    exercises = {e.slug: e for e in Exercise.objects.all()}
    assert list(exercises) == SLUGS
    for exercise in exercises.values():
        assert (exercise.default_sets, exercise.reps_min, exercise.reps_max) == (3, 10, 12)
        assert len(exercise.cue_list) >= 4 and exercise.muscle_list
    holds = {slug for slug, e in exercises.items() if e.has_hold}
    assert holds == {"hip-thrust", "donkey-kick", "fire-hydrant"}
    assert all(exercises[s].hold_label == "1-5 s" for s in holds)
    assert {s for s, e in exercises.items() if e.per_side} == {
        "step-down",
        "donkey-kick",
        "clamshell",
        "fire-hydrant",
    }
    assert exercises["step-down"].equipment == "step"
    assert exercises["hip-thrust"].equipment == "bench"
    assert "Gluteus medius" in exercises["clamshell"].muscle_list


def test_running_the_data_migration_again_neither_duplicates_nor_overwrites():
    Exercise.objects.filter(slug="squat").update(name="Bodyweight squat")
    migration = import_module("exercises.migrations.0002_builtin_exercises")
    migration.create_exercises(apps, None)
    assert Exercise.objects.count() == 6
    assert Exercise.objects.get(slug="squat").name == "Bodyweight squat"


@pytest.mark.parametrize(
    "change",
    [{"reps_min": 13}, {"hold_min": 6}, {"hold_max": 11, "hold_min": 0}, {"default_sets": 0}],
)
def test_the_database_refuses_impossible_ranges(change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.filter(slug="hip-thrust").update(**change)


def test_slugs_are_unique():
    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.create(slug="squat", name="Again", summary="", cues="", target_muscles="")


def test_every_exercise_has_its_own_demo_without_inline_style():
    for slug in SLUGS:
        page = get_template("exercises/detail.html").render(
            {"exercise": Exercise.objects.get(slug=slug)}
        )
        # The demo and its stills, each a drawing with its own title.
        assert len(elements(page, "svg", role="img")) == len(elements(page, "title", id=True)) == 2
        assert elements(page, None, style=True) == elements(page, "style") == []
        assert "<animate " in page and "Pause demo</button>" in page


def test_the_list_shows_every_exercise_with_its_badges(client):
    html = client.get(reverse("exercises:list")).content.decode()
    for exercise in Exercise.objects.all():
        assert exercise.get_absolute_url() in html
    assert "Each side" in html and "Hold 1-5 s" in html and "A bench or couch" in html


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("equipment=none", ["squat", "donkey-kick", "clamshell", "fire-hydrant"]),
        ("equipment=step", ["step-down"]),
        ("per_side=no", ["squat", "hip-thrust"]),
        ("hold=yes&per_side=yes", ["donkey-kick", "fire-hydrant"]),
        ("hold=no&equipment=bench", []),
    ],
)
def test_filters_work_as_plain_links(client, query, slugs):
    html = client.get(f"{reverse('exercises:list')}?{query}").content.decode()
    shown = re.findall(r'href="/exercises/([\w-]+)/"', html)
    assert shown == slugs


def test_with_htmx_only_the_results_and_their_filter_links_come_back(client):
    response = client.get(f"{reverse('exercises:list')}?equipment=none", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and the(html, None, id="results")
    # The other filters' links keep the equipment chosen.
    assert elements(html, "a", href="?equipment=none&per_side=yes")
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_an_unknown_filter_value_is_a_400_naming_the_parameter_and_its_values(client, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(f"{reverse('exercises:list')}?equipment=trampoline", **headers)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unknown equipment “trampoline”: use one of none, step, bench." in html
    assert len(re.findall(r'href="/exercises/[\w-]+/"', html)) == 6  # the list still renders


def test_an_unknown_exercise_is_our_404_page(client):
    response = client.get("/exercises/no-such-move/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_exercise_page_has_cues_facts_variations_and_the_anatomy_link(client):
    exercise = Exercise.objects.get(slug="fire-hydrant")
    html = client.get(exercise.get_absolute_url()).content.decode()
    for cue in exercise.cue_list:
        assert f"<li>{cue}</li>" in html
    assert "3 \u00d7 10-12 each side" in html and "1-5 s" in html
    assert exercise.easier_variation in html and exercise.harder_variation in html
    assert 'href="/learn/#anatomy"' in html


def test_the_explainer_has_its_sections_the_labelled_drawing_and_links_to_each_exercise(client):
    html = client.get(reverse("learn")).content.decode()
    for section in ("what", "anatomy", "why", "exercise", "strength", "other-options", "routine"):
        assert f'id="{section}"' in html
    labels = " ".join(
        re.sub(r"<[^>]+>|\s+", " ", text) for text in re.findall(r"<text.*?</text>", html, re.S)
    )
    labels = " ".join(labels.split())
    for label in ("Ilium", "Greater trochanter", "Gluteus medius", "Femur", "Hip dip"):
        assert label in labels, labels
    for slug in SLUGS:
        assert f'href="/exercises/{slug}/"' in html
    assert 'property="og:title"' in html and 'name="description"' in html
    assert "medical advice" in html
    assert html.count("<h1") == 1


def test_home_has_the_call_to_action_the_six_exercises_and_the_explainer_teaser(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("workouts:start")}"' in html and "Start workout" in html
    assert all(f'href="/exercises/{slug}/"' in html for slug in SLUGS)
    assert f'href="{reverse("learn")}"' in html


@pytest.mark.parametrize(
    "url", ["/", "/learn/", "/exercises/", "/exercises/?hold=yes", "/exercises/squat/"]
)
def test_library_pages_run_a_constant_small_number_of_queries(
    client, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


def test_the_admin_lists_and_edits_exercises(admin_client):
    assert admin_client.get("/admin/exercises/exercise/").status_code == 200
    exercise = Exercise.objects.get(slug="clamshell")
    page = admin_client.get(f"/admin/exercises/exercise/{exercise.pk}/change/")
    assert page.status_code == 200 and "prepopulated" in page.content.decode()


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/", 0),
        ("/learn/", 0),
        ("/exercises/", 0),
        ("/exercises/?hold=yes", 0),
        ("/exercises/squat/", 0),
    ],
)
def test_public_pages_are_served_from_cached_fragments_after_the_first_visit(
    client, url, queries, django_assert_num_queries
):
    first = client.get(url).content.decode()
    with django_assert_num_queries(queries):
        again = client.get(url).content.decode()
    # Only the per-response nonce and CSRF token differ.
    strip = lambda html: re.sub(r'(nonce="|X-CSRFToken": ")[^"]+', "", html)  # noqa: E731
    assert strip(first) == strip(again)
