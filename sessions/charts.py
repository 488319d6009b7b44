"""Server-rendered SVG charts: coordinates computed here, drawn by templates with
presentation attributes and classes (the CSP allows no inline style)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from sessions.progress import CalendarDay, Point

WIDTH, HEIGHT = 320, 140
LEFT, RIGHT, TOP, BOTTOM = 30, 8, 8, 22
CELL, GAP = 11, 2


class Dot(NamedTuple):
    """A point of a line chart, and what a screen reader says of it."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    polyline: str
    dots: list[Dot]
    y_ticks: list[tuple[float, int]]
    x_labels: list[tuple[float, str]]
    baseline: float
    summary: str


def nice_top(value: int) -> int:
    for step in (5, 10, 20, 50, 100, 200, 500, 1000):
        if value <= step * 4:
            return max(step * -(-value // step), step)
    return value


def line_chart(
    points: Sequence[Point], value: Callable[[Point], int], unit: str
) -> LineChart | None:
    if not points:
        return None
    top = nice_top(max(value(p) for p in points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(len(points) - 1, 1)

    def x(index: int) -> float:
        return round(LEFT + (plot_w * index / span if len(points) > 1 else plot_w / 2), 1)

    def y(amount: int) -> float:
        return round(TOP + plot_h * (1 - amount / top), 1)

    dots = [
        Dot(x(i), y(value(p)), f"{p.when:%d %b}: {value(p)} {unit}") for i, p in enumerate(points)
    ]
    label_every = max(1, len(points) // 4)
    return LineChart(
        width=WIDTH,
        height=HEIGHT,
        polyline=" ".join(f"{d.x},{d.y}" for d in dots),
        dots=dots,
        y_ticks=[(y(top * k // 2), top * k // 2) for k in range(3)],
        x_labels=[(x(i), f"{p.when:%d %b}") for i, p in enumerate(points) if i % label_every == 0],
        baseline=y(0),
        summary=(
            f"{len(points)} points from {points[0].when:%d %b %Y} to {points[-1].when:%d %b %Y}; "
            f"first {value(points[0])} {unit}, last {value(points[-1])} {unit}, "
            f"highest {max(value(p) for p in points)} {unit}"
        ),
    )


def heatmap(cells: Sequence[CalendarDay]) -> dict:
    """The calendar's squares, as SVG elements built here (182 of them: a template loop
    would cost more than the rest of the page)."""
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" rx="2" class="{}"><title>{}</title></rect>',
        (
            (
                c.week * (CELL + GAP),
                c.weekday * (CELL + GAP),
                CELL,
                CELL,
                "day-on" if c.worked_out else "day-off",
                f"{c.day:%a %d %b %Y}: {'workout' if c.worked_out else 'rest day'}",
            )
            for c in cells
        ),
    )
    return {
        "width": (max((c.week for c in cells), default=0) + 1) * (CELL + GAP),
        "height": 7 * (CELL + GAP),
        "rects": rects,
    }


def points_table(points: Sequence[Point], *, with_hold: bool) -> SafeString:
    """The chart's numbers as table rows (built here: a template loop over years of weeks
    costs more than the rest of the page)."""
    if with_hold:
        return format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{} s</td></tr>',
            ((f"{p.when:%d %b %Y}", p.reps, p.hold) for p in points),
        )
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td></tr>',
        ((f"{p.when:%d %b %Y}", p.reps) for p in points),
    )
