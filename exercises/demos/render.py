"""The figure as SVG: rounded segments with a little volume, coloured through classes only
(static/css/drawings.css), moving between its key poses with SVG animation elements (no
script, no style attribute: our Content-Security-Policy forbids both).

One loop of a demo follows the exercise's pace: 1 s up, the hold, 2 s down (a move that
starts by going down: 2 s down, 1 s up), then a short rest in the start pose.
"""

from functools import lru_cache

from exercises.demos.poses import DEMOS, Box, Demo
from exercises.demos.rig import HEAD_RADIUS, SEGMENTS, SIDES, Camera, Pose, blend, skeleton

STEPS = 6  # poses drawn between two key poses
REST_SECONDS = 0.5
HOLD_SECONDS = 2.0  # what a demo holds, for an exercise with a hold
MARGIN = 8.0
MUSCLES = {"gluteus medius": "iliac_crest", "gluteus maximus": "buttock"}


def _timeline(demo: Demo, has_hold: bool) -> list[tuple[float, Pose]]:
    """(seconds from the loop's start, pose) for every drawn frame of one loop."""
    there, back = (2.0, 1.0) if demo.lowers_first else (1.0, 2.0)
    frames = [(there * i / STEPS, blend(demo.start, demo.end, i / STEPS)) for i in range(STEPS)]
    at = there
    frames.append((at, demo.end))
    if has_hold:
        at += HOLD_SECONDS
        frames.append((at, demo.end))
    frames += [
        (at + back * i / STEPS, blend(demo.end, demo.start, i / STEPS)) for i in range(1, STEPS)
    ]
    at += back
    frames.append((at, demo.start))
    frames.append((at + REST_SECONDS, demo.start))
    return frames


def _box_corners(box: Box):
    return [(x, y, z) for x in box.x for y in box.y for z in box.z]


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull (monotone chain) of a prop's projected corners."""
    points = sorted(set(points))
    if len(points) < 3:
        return points

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
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

    def _shape(self, box: Box) -> list[tuple[float, float]]:
        projected = [self.camera.project(corner) for corner in _box_corners(box)]
        return _hull([(round(x, 1), round(-y, 1)) for x, y, _ in projected])

    def point(self, frame: int, name: str) -> tuple[float, float]:
        x, y, _ = self.frames[frame][name]
        return round(x, 1), round(-y, 1)

    def depth(self, name: str) -> float:
        return self.frames[0][name][2]


def _segment_class(demo: Demo, name: str, near_side: str) -> str:
    side = name.rsplit("_", 1)[-1]
    limb = name.rsplit("_", 1)[0]
    working = demo.working_side or near_side
    if side in SIDES and limb in ("thigh", "shin", "foot") and side == working:
        return "fig-work"
    if side in SIDES and side != near_side:
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
    near_side = max(SIDES, key=lambda side: scene.depth(f"hip_{side}"))
    working = demo.working_side or near_side
    items = [(name, start, end, width) for name, start, end, width in SEGMENTS]
    muscle_end = f"{MUSCLES[demo.muscle]}_{working}"
    items.append(("muscle", f"hip_{working}", muscle_end, 11))
    order = sorted(
        items,
        key=lambda item: (
            (scene.depth(item[1]) + scene.depth(item[2])) / 2 + (0.5 if item[0] == "muscle" else 0)
        ),
    )
    head_at = scene.depth("head")
    out, head_drawn = [], False
    for name, start, end, width in order:
        if not head_drawn and (scene.depth(start) + scene.depth(end)) / 2 > head_at:
            out.append(_head(scene, frames, timing))
            head_drawn = True
        css = "fig-muscle" if name == "muscle" else _segment_class(demo, name, near_side)
        d = _path(scene, frames[0], start, end)
        body = ""
        if timing:
            values = [_path(scene, f, start, end) for f in frames]
            body = _animate("d", values, *timing)
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
        f'<title id="{uid}-title">{title}</title>'
        f'<g stroke-linecap="round" stroke-linejoin="round">{"".join(parts)}</g></svg>'
    )


@lru_cache(maxsize=64)
def demo_svg(slug: str, uid: str, title: str, *, has_hold: bool, motion: bool = True) -> str:
    """The demo of one exercise: moving (motion) or its start pose, still."""
    demo = DEMOS[slug]
    timeline = _timeline(demo, has_hold)
    scene = _Scene(demo, [pose for _, pose in timeline])
    frames = list(range(len(timeline)))
    if not motion:
        return _svg(scene.view, uid, title, _shapes(scene) + _figure(scene, [0], None), "demo-card")
    seconds = timeline[-1][0]
    key_times = ";".join(f"{at / seconds:.4f}" for at, _ in timeline)
    parts = _shapes(scene) + _figure(scene, frames, (key_times, seconds))
    return _svg(scene.view, uid, title, parts, "demo-motion")


@lru_cache(maxsize=64)
def stills_svg(slug: str, uid: str, title: str, *, has_hold: bool) -> str:
    """Start and end poses side by side, still: what prefers-reduced-motion shows."""
    demo = DEMOS[slug]
    timeline = _timeline(demo, has_hold)
    scene = _Scene(demo, [pose for _, pose in timeline])
    end = next(i for i, (_, pose) in enumerate(timeline) if pose is demo.end)
    x, y, w, h = scene.view
    shapes = _shapes(scene)
    left = "".join(shapes + _figure(scene, [0], None))
    right = "".join(shapes + _figure(scene, [end], None))
    parts = [left, f'<g transform="translate({w:.1f} 0)">{right}</g>']
    return _svg((x, y, 2 * w, h), uid, title, parts, "demo-still")
