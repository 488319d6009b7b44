"""A text field's or select's border is its only boundary: WCAG 1.4.11 wants 3:1 against
what touches it (the field's own background and the page or card around it), in light and
in dark."""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parent.parent / "static" / "css"
FIELD = re.compile(r"\b(input|select|textarea)\b")
# No query here, but conftest's autouse reset of the throttles needs the test database.
pytestmark = pytest.mark.django_db


def luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palettes() -> dict[str, dict[str, str]]:
    """The custom properties of app.css: light (the first :root), dark (the :root inside
    prefers-color-scheme: dark, laid over light)."""
    text = (CSS / "app.css").read_text()
    light_block = re.search(r"^:root \{(.*?)^\}", text, re.S | re.M).group(1)
    dark_block = re.search(r"prefers-color-scheme: dark\) \{\s*:root \{(.*?)\}", text, re.S)
    light = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", light_block))
    dark = {**light, **dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", dark_block.group(1)))}
    return {"light": light, "dark": dark}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_field_borders_stand_out_from_the_field_and_from_the_page_or_card(scheme):
    colours = palettes()[scheme]
    for background in ("surface", "bg"):  # fields are surface-coloured, on cards or the page
        ratio = contrast(colours["field-border"], colours[background])
        assert ratio >= 3, f"{scheme}: --field-border on --{background} is {ratio:.2f}:1"


def test_every_field_border_uses_the_field_colour():
    """--line is a soft divider colour (about 1.4:1): a field drawn with it fades away."""
    allowed = {"field-border", "muted", "focus", "warn"}  # resting, hover, focus, refused
    for sheet in CSS.glob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S)
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
            if not FIELD.search(selector) or "border" not in body:
                continue
            for name in re.findall(r"border[\w-]*:[^;]*var\(--([\w-]+)\)", body):
                assert name in allowed, f"{sheet.name}: {selector.strip()} has --{name}"
