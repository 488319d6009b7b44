"""The demos as SVG (exercises/demos/render.py): paced like the exercise, no inline style,
ids unique on a page, stills for reduced motion, cached."""

import re

import pytest

from exercises.demos import render
from exercises.demos.poses import DEMOS
from tests.helpers import attribute, begun_over_http, elements, text, the

pytestmark = pytest.mark.django_db


def loop(svg: str) -> tuple[float, list[float]]:
    """The demo's loop: its length and key times, the same for every part that moves."""
    loops = {
        (attribute(animate, "dur"), attribute(animate, "keytimes"))
        for animate in elements(svg, "animate", attributename="d")
    }
    assert len(loops) == 1, loops
    [(duration, key_times)] = loops
    return float(duration.removesuffix("s")), [float(t) for t in key_times.split(";")]


@pytest.mark.parametrize(
    ("slug", "hold", "seconds"),
    [
        ("fire-hydrant", 3, 1 + 3 + 2 + 0.5),
        ("clamshell", 0, 1 + 2 + 0.5),
        ("squat", 0, 2 + 1 + 0.5),
    ],
)
def test_a_loop_follows_the_pace_up_the_hold_down_then_a_rest(slug, hold, seconds):
    svg = render.demo_svg(slug, "t", "title", hold_seconds=hold)
    duration, key_times = loop(svg)
    assert duration == pytest.approx(seconds)
    assert key_times[0] == 0 and key_times[-1] == 1 and key_times == sorted(key_times)
    frames = render.timeline(DEMOS[slug], hold)
    assert len(frames) == len(key_times)
    at_end = [at for at, pose in frames if pose is DEMOS[slug].end]
    assert at_end[-1] - at_end[0] == pytest.approx(hold)  # the end pose held for the hold
    assert at_end[0] == pytest.approx(2 if DEMOS[slug].lowers_first else 1)


def test_a_still_has_no_animation_and_the_stills_show_two_poses():
    still = render.demo_svg("squat", "card", "t", hold_seconds=0, motion=False)
    assert "<animate" not in still and "demo-card" in still
    stills = render.stills_svg("squat", "s", "t", hold_seconds=0)
    assert "<animate" not in stills and len(elements(stills, "circle", class_="fig-head")) == 2


@pytest.mark.parametrize("url", ["/", "/exercises/", "/exercises/clamshell/"])
def test_pages_with_demos_keep_every_id_unique_and_no_style(client, url):
    html = client.get(url).content.decode()
    ids = [attribute(element, "id") for element in elements(html, None, id=True)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert elements(html, None, style=True) == elements(html, "style") == []
    demos = elements(html, "svg", class_="drawing demo")
    assert len(demos) >= (1 if "clamshell" in url else len(DEMOS))


def test_the_set_screen_shows_the_demo_without_a_tap(client, quick_routine):
    from tests.helpers import player_page

    session = begun_over_http(client, quick_routine)
    html = player_page(client, session).content.decode()
    stage = html[html.index('class="stage"') : html.index('class="set-form"')]
    assert "demo-motion" in stage and "<animate" in stage and "Pause demo</button>" in stage
    assert "<details" not in stage


def test_the_rendered_svg_is_cached_per_exercise():
    render.demo_svg.cache_clear()
    first = render.demo_svg("squat", "x", "t", hold_seconds=0)
    assert render.demo_svg("squat", "x", "t", hold_seconds=0) is first
    assert render.demo_svg.cache_info().hits == 1


def test_the_anatomy_drawing_labels_bone_and_rim_apart_and_puts_the_muscle_outside_the_wing(
    client,
):
    html = client.get("/learn/").content.decode()
    svg = elements(html, "svg")[0]  # the first inline SVG of the page
    assert attribute(svg, "viewbox").startswith("28 -28")
    # A label's lines: its own text, then each tspan.
    labels = [
        " ".join(part if isinstance(part, str) else text(part) for part in label.children)
        for label in elements(svg, "text")
    ]
    assert sorted(labels) == sorted(
        [
            "Iliac crest",
            "Ilium",
            "Gluteus medius",
            "Hip dip",
            "Greater trochanter",
            "Hip socket",
            "Femur",
        ]
    )
    assert the(svg, "path", class_="anat-socket")
    muscle = attribute(the(svg, "path", class_="anat-muscle"), "d")
    xs = [float(x) for x in re.findall(r"(-?\d+(?:\.\d+)?) -?\d+(?:\.\d+)?", muscle)]
    assert min(xs) >= 200, "gluteus medius drawn over the iliac fossa, not on the outer side"
    straight = re.compile(r"M[\d.-]+ [\d.-]+ L[\d.-]+ [\d.-]+")
    leaders = [p for p in elements(svg, "path") if straight.fullmatch(attribute(p, "d") or "")]
    assert len(leaders) == len(labels)  # every label has its line
