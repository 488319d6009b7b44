"""What the app teaches: the reviewed exercise texts, the explainer's standard, and texts of
our own (no run of the source article's words, no interviewee named)."""

import hashlib
import re
from html import unescape
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from exercises.models import Exercise, RoutineItem
from tests.helpers import attribute, elements, own_routine, the
from tests.helpers import text as text_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
REVIEW = import_module("exercises.migrations.0005_reviewed_texts")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


# The migration of the exercise texts


def test_the_review_rewrites_a_database_that_still_holds_the_first_texts(owner):
    for slug, fields in REVIEW.REVIEWED.items():
        Exercise.objects.filter(slug=slug).update(
            **{name: old for name, (old, _) in fields.items()}
        )
    own = own_routine(owner, slugs=("clamshell",))
    before = list(RoutineItem.objects.filter(routine=own).values())
    REVIEW.review(apps, None)
    clamshell = Exercise.objects.get(slug="clamshell")
    assert "hips bent about 45 degrees and your knees about 90" in clamshell.cues
    assert "Line your heels up with your bottom" in clamshell.cues
    assert "keep breathing" in Exercise.objects.get(slug="hip-thrust").cues
    assert "no higher" in Exercise.objects.get(slug="donkey-kick").cues
    assert "about hip height" in Exercise.objects.get(slug="fire-hydrant").cues
    assert "don't let the free side drop" in Exercise.objects.get(slug="step-down").cues
    assert list(RoutineItem.objects.filter(routine=own).values()) == before


def test_the_review_keeps_a_text_an_admin_has_edited_and_can_be_undone():
    Exercise.objects.filter(slug="clamshell").update(cues="Our own cues.")
    REVIEW.review(apps, None)  # on the already reviewed database: nothing changes twice
    assert Exercise.objects.get(slug="clamshell").cues == "Our own cues."
    REVIEW.undo(apps, None)
    assert Exercise.objects.get(slug="hip-thrust").pregnancy_note == ""
    assert Exercise.objects.get(slug="clamshell").cues == "Our own cues."
    old_cues, _ = REVIEW.REVIEWED["fire-hydrant"]["cues"]
    assert Exercise.objects.get(slug="fire-hydrant").cues == old_cues


def test_the_review_sees_through_the_line_endings_the_admin_saves():
    old_cues, new_cues = REVIEW.REVIEWED["donkey-kick"]["cues"]
    Exercise.objects.filter(slug="donkey-kick").update(cues=old_cues.replace("\n", "\r\n"))
    REVIEW.review(apps, None)
    assert Exercise.objects.get(slug="donkey-kick").cues == new_cues


def test_every_hold_says_keep_breathing_and_the_moves_that_need_it_carry_a_pregnancy_note():
    for exercise in Exercise.objects.all():
        if exercise.has_hold:
            assert "keep breathing" in exercise.cues, exercise.slug
    noted = {e.slug for e in Exercise.objects.exclude(pregnancy_note="")}
    assert noted == {"hip-thrust", "step-down", "fire-hydrant"}


# The pages


def test_exercise_pages_have_a_warm_up_a_breathing_cue_on_holds_and_the_pregnancy_note(client):
    hip_thrust = text_of(
        client.get(reverse("exercises:detail", args=["hip-thrust"])).content.decode()
    )
    assert "Warm up first" in hip_thrust and "keep breathing" in hip_thrust
    assert "In pregnancy and after birth" in hip_thrust and "20 weeks" in hip_thrust
    squat = text_of(client.get(reverse("exercises:detail", args=["squat"])).content.decode())
    assert "Warm up first" in squat
    assert "During the hold" not in squat and "In pregnancy" not in squat


def test_the_explainer_meets_the_standard_of_a_public_health_page(client):
    html = client.get(reverse("learn")).content.decode()
    text = text_of(html)
    assert html.index('class="key-points"') < html.index('id="what"')
    questions = [text_in(h) for level in ("h2", "h3", "h4") for h in elements(html, level)]
    faq = [q for q in questions if q.endswith("?")]
    for question in ("removed", "unhealthy", "men", "weight"):
        assert any(question in q for q in faq), question
    assert "When to see a professional" in questions
    assert "Last reviewed 1 December 2026" in text
    links = [attribute(a, "href") for a in elements(the(html, "section", id="sources"), "a")]
    assert len(links) >= 8 and all(link.startswith("https://") for link in links)
    # The corrected facts.
    assert "beside the hip joint" in text and "just under the hip joint" not in text
    assert "its length and its angle" in text
    assert "inherited only in part" in text
    assert "fat embolism" in text and "fillers" in text and "seroma" in text
    assert "patellofemoral" in text and "pelvic-floor muscle training" in text
    assert "two or more days a week" in text and "every day" in text


def test_home_says_side_and_back_of_the_hips(client):
    assert "side and back of your hips" in client.get(reverse("home")).content.decode()


# Texts of our own. The source article is not in this repository (it is not ours to copy):
# tests/data/source_fingerprint.txt keeps a hash of each of its 8-word runs and of the names
# of the people it quotes, made by fingerprint() from ../shared/seed/ (to remake it:
# FINGERPRINT.write_text("\n".join(fingerprint(article)) + "\n")).

SEED = ROOT.parent / "shared" / "seed"
FINGERPRINT = ROOT / "tests" / "data" / "source_fingerprint.txt"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\N{RIGHT SINGLE QUOTATION MARK}", "'"))


def digest(*parts: str) -> str:
    return hashlib.sha256(" ".join(parts).encode()).hexdigest()[:16]


def runs(text: str, length: int = 8) -> set[str]:
    found = words(text)
    return {digest(*found[i : i + length]) for i in range(len(found) - length + 1)}


def fingerprint(source: str) -> list[str]:
    """The lines of the fingerprint file: every 8-word run, and every two-word proper name (a
    capitalised pair neither of whose words the article ever writes in lower case: the
    people it quotes, and a few titles)."""
    lower = set(re.findall(r"\b[a-z]+\b", source))
    pairs = re.findall(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)\b", source)
    names = {
        f"{a} {b}".lower() for a, b in pairs if a.lower() not in lower and b.lower() not in lower
    }
    return [f"run {h}" for h in sorted(runs(source))] + [
        f"name {digest(*name.split())}" for name in sorted(names)
    ]


def stored() -> tuple[set[str], set[str]]:
    lines = FINGERPRINT.read_text().split()
    pairs = list(zip(lines[::2], lines[1::2], strict=True))
    return {h for kind, h in pairs if kind == "run"}, {h for kind, h in pairs if kind == "name"}


def our_texts(client) -> dict[str, str]:
    pages = ["/", "/learn/", "/exercises/", "/workout/"] + [
        reverse("exercises:detail", args=[e.slug]) for e in Exercise.objects.all()
    ]
    texts = {page: text_of(client.get(page).content.decode()) for page in pages}
    for exercise in Exercise.objects.all():
        texts[exercise.slug] = " ".join(
            [exercise.summary, exercise.cues, exercise.safety_note, exercise.pregnancy_note]
        )
    return texts


def test_the_fingerprint_is_the_source_articles_where_the_article_is_at_hand():
    borrowed, people = stored()
    assert len(borrowed) > 1000 and len(people) >= 4
    for path in SEED.glob("*.txt"):  # beside the repository on a developer's machine
        assert FINGERPRINT.read_text().split("\n")[:-1] == fingerprint(path.read_text())


def test_no_run_of_eight_words_from_the_source_article_and_no_one_it_quotes(client):
    borrowed, people = stored()
    for where, text in our_texts(client).items():
        assert not runs(text) & borrowed, f"{where} repeats eight words of the source"
        found = words(text)
        named = {digest(*found[i : i + 2]) for i in range(len(found) - 1)} & people
        assert not named, f"{where} names a person the source quotes"
