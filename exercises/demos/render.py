"""The figure as SVG: rounded segments with a little volume, coloured through classes only
(static/css/drawings.css), moving between its key poses with SVG animation elements (no
script, no style attribute: our Content-Security-Policy forbids both).

One loop of a demo follows the exercise's pace: 1 s up, the hold, 2 s down (a move that
starts by going down: 2 s down, 1 s up), then a short rest in the start pose.
"""

from functools import lru_cache
from html import escape

from exercises.demos.poses import DEMOS, Box, Demo
from exercises.demos.rig import (
    HEAD_RADIUS,
    SEGMENTS,
    SIDES,
    Camera,
    Pose,
    blend,
    placed,
    skeleton,
)
from exercises.models import SECONDS_DOWN, SECONDS_UP

STEPS = 6  # poses drawn between two key poses
REST_SECONDS = 0.5
MARGIN = 8.0
MUSCLES = {"gluteus medius": "iliac_crest", "gluteus maximus": "buttock"}

Point = tuple[float, float]  # on the drawing


def timeline(demo: Demo, hold_seconds: int) -> list[tuple[float, Pose]]:
    """(seconds from the loop's start, pose) for every drawn frame of one loop. Each frame
    between the key poses is placed on the demo's anchor, so a foot or a knee that stays
    put in the move stays put in the picture."""
    there, back = (SECONDS_DOWN, SECONDS_UP) if demo.lowers_first else (SECONDS_UP, SECONDS_DOWN)
    anchor = skeleton(demo.start)[demo.anchor]

    def between(a: Pose, b: Pose, t: float) -> Pose:
        return placed(blend(a, b, t), demo.anchor, anchor)

    frames = [(there * i / STEPS, between(demo.start, demo.end, i / STEPS)) for i in range(STEPS)]
    at = there
    frames.append((at, demo.end))
    if hold_seconds:
        at += hold_seconds
        frames.append((at, demo.end))
    frames += [
        (at + back * i / STEPS, between(demo.end, demo.start, i / STEPS)) for i in range(1, STEPS)
    ]
    at += back
    frames.append((at, demo.start))
    frames.append((at + REST_SECONDS, demo.start))
    return frames


def _box_corners(box: Box):
    return [(x, y, z) for x in box.x for y in box.y for z in box.z]


def _hull(points: list[Point]) -> list[Point]:
    """The convex hull (monotone chain) of a prop's projected corners."""
    points = sorted(set(points))
    if len(points) < 3:
        return points

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    upper: list[Point] = []
    for p in points:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(points):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


class _Scene:
    """The demo's frames projected by its camera, and the picture's frame around them."""

    def __init__(self, demo: Demo, poses: list[Pose]) -> None:
        self.demo = demo
        self.camera: Camera = demo.camera
        self.frames = [
            {name: self.camera.project(p) for name, p in skeleton(pose).items()} for pose in poses
        ]
        # The floor under the figure (a thin slab as wide as the figure goes), and the props.
        world = [p for pose in poses for p in skeleton(pose).values()]
        floor = Box(
            x=(min(p[0] for p in world) - 20, max(p[0] for p in world) + 20),
            y=(-3, 0),
            z=(min(p[2] for p in world) - 15, max(p[2] for p in world) + 15),
        )
        self.shapes = [("fig-floor", self._shape(floor))]
        self.shapes += [("fig-prop", self._shape(box)) for box in demo.props]
        drawn = [(p[0], -p[1]) for frame in self.frames for p in frame.values()]
        drawn += [point for _, shape in self.shapes for point in shape]
        xs, ys = [p[0] for p in drawn], [p[1] for p in drawn]
        pad = MARGIN + HEAD_RADIUS
        self.view = (
            min(xs) - pad,
            min(ys) - pad,
            max(xs) - min(xs) + 2 * pad,
            max(ys) - min(ys) + 2 * pad,
        )

    def _shape(self, box: Box) -> list[Point]:
        projected = [self.camera.project(corner) for corner in _box_corners(box)]
        return _hull([(round(x, 1), round(-y, 1)) for x, y, _ in projected])

    def point(self, frame: int, name: str) -> Point:
        x, y, _ = self.frames[frame][name]
        return round(x, 1), round(-y, 1)

    def depth(self, name: str, frame: int | None = None) -> float:
        """Toward the viewer; over the whole loop unless one frame is asked for (the draw
        order of an animation cannot change as it plays)."""
        if frame is not None:
            return self.frames[frame][name][2]
        return sum(f[name][2] for f in self.frames) / len(self.frames)


def _segment_class(demo: Demo, name: str, near_side: str | None) -> str:
    side = name.rsplit("_", 1)[-1]
    limb = name.rsplit("_", 1)[0]
    working = demo.working_side or near_side
    if side in SIDES and limb in ("thigh", "shin", "foot") and side == working:
        return "fig-work"
    if side in SIDES and near_side and side != near_side:
        return "fig-far"
    return "fig"


def _path(scene: _Scene, frame: int, start: str, end: str) -> str:
    (x1, y1), (x2, y2) = scene.point(frame, start), scene.point(frame, end)
    return f"M{x1} {y1}L{x2} {y2}"


def _animate(attribute: str, values: list[str], key_times: str, seconds: float) -> str:
    return (
        f'<animate attributeName="{attribute}" values="{";".join(values)}" '
        f'keyTimes="{key_times}" dur="{seconds:g}s" repeatCount="indefinite"/>'
    )


def _figure(scene: _Scene, frames: list[int], timing: tuple[str, float] | None) -> list[str]:
    """The figure's elements, far to near; animated over frames when timing is given."""
    demo = scene.demo
    still = None if timing else frames[0]

    def depth(name: str) -> float:
        return scene.depth(name, still)

    # Seen head-on (front or rear) neither side is the far one.
    hips = {side: depth(f"hip_{side}") for side in SIDES}
    near_side = max(hips, key=hips.__getitem__) if abs(hips["left"] - hips["right"]) > 1 else None
    working = demo.working_side or near_side or "right"
    muscle = ("muscle", f"hip_{working}", f"{MUSCLES[demo.muscle]}_{working}", 11)
    items = [*SEGMENTS, muscle]
    torso = max(depth("pelvis"), depth("chest"), depth("hip_left"), depth("hip_right"))

    def order(item) -> float:
        name, start, end, _ = item
        middle = (depth(start) + depth(end)) / 2
        if name == "muscle":  # the point of the demo: never under the pelvis or the trunk
            return max(middle, torso) + 0.1
        return middle

    out, head_drawn = [], False
    for item in sorted(items, key=order):
        name, start, end, width = item
        if not head_drawn and order(item) > depth("head"):
            out.append(_head(scene, frames, timing))
            head_drawn = True
        css = "fig-muscle" if name == "muscle" else _segment_class(demo, name, near_side)
        d = _path(scene, frames[0], start, end)
        body = ""
        if timing:
            body = _animate("d", [_path(scene, f, start, end) for f in frames], *timing)
        out.append(f'<path class="{css}" d="{d}" stroke-width="{width}">{body}</path>')
    if not head_drawn:
        out.append(_head(scene, frames, timing))
    return out


def _head(scene: _Scene, frames: list[int], timing) -> str:
    x, y = scene.point(frames[0], "head")
    body = ""
    if timing:
        body = _animate("cx", [str(scene.point(f, "head")[0]) for f in frames], *timing)
        body += _animate("cy", [str(scene.point(f, "head")[1]) for f in frames], *timing)
    return f'<circle class="fig-head" cx="{x}" cy="{y}" r="{HEAD_RADIUS:g}">{body}</circle>'


def _shapes(scene: _Scene) -> list[str]:
    return [
        f'<polygon class="{css}" points="{" ".join(f"{x},{y}" for x, y in shape)}"/>'
        for css, shape in scene.shapes
    ]


def _svg(view, uid: str, title: str, parts: list[str], extra_class: str) -> str:
    x, y, w, h = (round(v, 1) for v in view)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x} {y} {w} {h}" '
        f'class="drawing demo {extra_class}" role="img" aria-labelledby="{uid}-title">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<g stroke-linecap="round" stroke-linejoin="round">{"".join(parts)}</g></svg>'
    )


@lru_cache(maxsize=32)
def _loop(slug: str, hold_seconds: int) -> tuple[list[tuple[float, Pose]], _Scene]:
    """One exercise's loop: its timed frames and their projected scene, worked out once."""
    demo = DEMOS[slug]
    frames = timeline(demo, hold_seconds)
    return frames, _Scene(demo, [pose for _, pose in frames])


def _still(scene: _Scene, frame: int) -> list[str]:
    return _shapes(scene) + _figure(scene, [frame], None)


@lru_cache(maxsize=64)
def demo_svg(slug: str, uid: str, title: str, *, hold_seconds: int, motion: bool = True) -> str:
    """The demo of one exercise: moving (motion) or its start pose, still."""
    frames, scene = _loop(slug, hold_seconds)
    if not motion:
        return _svg(scene.view, uid, title, _still(scene, 0), "demo-card")
    seconds = frames[-1][0]
    key_times = ";".join(f"{at / seconds:.4f}" for at, _ in frames)
    parts = _shapes(scene) + _figure(scene, list(range(len(frames))), (key_times, seconds))
    return _svg(scene.view, uid, title, parts, "demo-motion")


@lru_cache(maxsize=64)
def stills_svg(slug: str, uid: str, title: str, *, hold_seconds: int) -> str:
    """Start and end poses side by side, still: what prefers-reduced-motion shows."""
    frames, scene = _loop(slug, hold_seconds)
    end = next(i for i, (_, pose) in enumerate(frames) if pose is DEMOS[slug].end)
    x, y, w, h = scene.view
    right = "".join(_still(scene, end))
    parts = ["".join(_still(scene, 0)), f'<g transform="translate({w:.1f} 0)">{right}</g>']
    return _svg((x, y, 2 * w, h), uid, title, parts, "demo-still")
