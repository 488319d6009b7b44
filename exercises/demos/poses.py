"""Each exercise as data: a camera that puts its movement in the picture's plane, the props
of the scene, which leg works and which muscle it aims at, and its key poses (start, end).
rig.py turns them into points; render.py into SVG. Angles in degrees, lengths in cm."""

from dataclasses import dataclass

from exercises.demos.rig import (
    ANKLE_HEIGHT,
    FRONT_VIEW,
    HIP_HALF_WIDTH,
    REAR_VIEW,
    SIDE_VIEW,
    Camera,
    Joint,
    Pose,
    placed,
)


def both(joint: str, **angles: float) -> dict[str, Joint]:
    """The same angles for the left and the right joint: both("knee", flex=90)."""
    return {f"{joint}_{side}": Joint(**angles) for side in ("left", "right")}


STEP_HEIGHT = 17.0  # a low step: 15 to 20 cm
BENCH_HEIGHT = 45.0  # about knee height


@dataclass(frozen=True)
class Box:
    """A prop: an axis-aligned box (x, y, z ranges in cm)."""

    x: tuple[float, float]
    y: tuple[float, float]
    z: tuple[float, float]


MAT = Box(x=(-75, 90), y=(0, 1), z=(-40, 40))  # a mat under the kneeling moves
SIDE_MAT = Box(x=(-40, 60), y=(0, 1), z=(-100, 90))  # and under the side-lying one


@dataclass(frozen=True)
class Demo:
    title: str  # what the picture shows, for people who do not see it
    camera: Camera
    start: Pose
    end: Pose
    working_side: str | None  # the leg drawn in the accent colour; None: both legs
    muscle: str  # "gluteus medius" or "gluteus maximus"
    anchor: str  # the point that stays where it is all through the move (a foot, a knee)
    props: tuple[Box, ...] = ()
    lowers_first: bool = False  # the move starts by going down (the end pose is the low one)


# On all fours the arms are longer than the thighs: the back rises 14 degrees toward the
# shoulders, as it does in people, so that the hands rest under the shoulders.
ALL_FOURS_TILT = 76


def _all_fours(**joints: Joint) -> Pose:
    """Hands under shoulders, knees under hips, the back near level; kneeling on a mat."""
    base = {
        **both("hip", flex=ALL_FOURS_TILT),
        **both("knee", flex=90),
        **both("ankle", flex=-90),
        **both("shoulder", flex=ALL_FOURS_TILT),
        "neck": Joint(flex=-10),
    }
    base.update(joints)
    pose = Pose(root=(0, 0, 0), pelvis=Joint(flex=ALL_FOURS_TILT), joints=base)
    return placed(pose, "knee_left", (0, 5 + MAT.y[1], -HIP_HALF_WIDTH))


SQUAT_BOTTOM = {
    **both("hip", flex=85),
    **both("knee", flex=110),
    **both("ankle", flex=25),
    "trunk": Joint(flex=45),
    **both("shoulder", flex=100),
    "neck": Joint(flex=-25),
}

STEP_DOWN_BOTTOM = {
    "hip_left": Joint(flex=37),
    "knee_left": Joint(flex=74),
    "ankle_left": Joint(flex=37),
    "trunk": Joint(flex=15),
    "neck": Joint(flex=-10),
    **both("shoulder", abd=20),
}

# Hip thrust: the upper back on the bench edge, feet flat; the hips rise to a tabletop.
_ARMS_ON_BENCH = {"shoulder_left": Joint(abd=70), "shoulder_right": Joint(abd=70)}
HIP_THRUST_TOP = {
    **both("knee", flex=90),
    "trunk": Joint(flex=5),
    "neck": Joint(flex=15),  # chin tucked, eyes forward
    **_ARMS_ON_BENCH,
}
HIP_THRUST_LOW = {
    **both("hip", flex=57),
    **both("knee", flex=96),
    **both("ankle", flex=-24),
    "trunk": Joint(flex=8),
    "neck": Joint(flex=15),
    **_ARMS_ON_BENCH,
}

# Clamshell: lying on the left side, hips bent 45 and knees 90, heels in line with the seat.
CLAMSHELL_CLOSED = {
    "hip_left": Joint(flex=45),
    "hip_right": Joint(flex=45, abd=-12),  # the top leg rests on the bottom one
    **both("knee", flex=90),
    "shoulder_left": Joint(flex=90),
    "elbow_left": Joint(flex=100),
    "shoulder_right": Joint(flex=20),
    "elbow_right": Joint(flex=60),
}
CLAMSHELL_OPEN = {
    **CLAMSHELL_CLOSED,
    # The top knee rises (the thigh turns out and up) while the feet stay together.
    "hip_right": Joint(flex=40, abd=19, twist=30),
}


def _clamshell(joints: dict[str, Joint]) -> Pose:
    pose = Pose(root=(0, 0, 0), pelvis=Joint(abd=-90), joints=joints)
    return placed(pose, "hip_left", (0, 9, 0))


def _on_all_fours(title: str, *, camera: Camera, lifted: Pose, muscle: str) -> Demo:
    """A move of the right leg from all fours on a mat, the left knee staying put."""
    return Demo(
        title=title,
        camera=camera,
        start=_all_fours(),
        end=lifted,
        working_side="right",
        muscle=muscle,
        anchor="knee_left",
        props=(MAT,),
    )


DEMOS = {
    "squat": Demo(
        title=(
            "A figure seen from the side squats: hips back and down until the thighs are near "
            "level, knees over the feet, chest up, then stands again."
        ),
        camera=SIDE_VIEW,
        start=Pose(root=(0, 91, 0)),
        end=placed(Pose(root=(0, 0, 0), joints=SQUAT_BOTTOM), "ankle_left", (0, ANKLE_HEIGHT, -9)),
        working_side=None,
        muscle="gluteus maximus",
        anchor="ankle_left",
        lowers_first=True,
    ),
    "step-down": Demo(
        title=(
            "A figure seen from the front stands side-on at the edge of a low step on one "
            "leg, bends that knee until the other heel, beside the step, touches the floor, "
            "hips level, and rises again."
        ),
        camera=FRONT_VIEW,
        start=placed(Pose(root=(0, 0, 0)), "ankle_left", (0, STEP_HEIGHT + ANKLE_HEIGHT, -9)),
        end=placed(
            Pose(root=(0, 0, 0), joints=STEP_DOWN_BOTTOM),
            "ankle_left",
            (0, STEP_HEIGHT + ANKLE_HEIGHT, -9),
        ),
        working_side="left",
        muscle="gluteus medius",
        anchor="ankle_left",
        props=(Box(x=(-20, 25), y=(0, STEP_HEIGHT), z=(-40, -2)),),
        lowers_first=True,
    ),
    "hip-thrust": Demo(
        title=(
            "A figure seen from the side, upper back on a knee-high bench and feet on the "
            "floor, lifts the hips until the body is flat like a tabletop, holds, and lowers."
        ),
        camera=SIDE_VIEW,
        start=placed(
            Pose(root=(0, 0, 0), pelvis=Joint(flex=-63), joints=HIP_THRUST_LOW),
            "ankle_left",
            (60, ANKLE_HEIGHT, -9),
        ),
        end=placed(
            Pose(root=(0, 0, 0), pelvis=Joint(flex=-90), joints=HIP_THRUST_TOP),
            "ankle_left",
            (60, ANKLE_HEIGHT, -9),
        ),
        working_side=None,
        muscle="gluteus maximus",
        anchor="ankle_left",
        props=(Box(x=(-70, -30), y=(0, BENCH_HEIGHT), z=(-30, 30)),),
    ),
    "donkey-kick": _on_all_fours(
        "A figure on all fours seen from the side presses one bent leg up behind until "
        "the thigh is level with the back, sole to the ceiling, holds, and lowers it.",
        camera=SIDE_VIEW,
        lifted=_all_fours(hip_right=Joint(flex=0), ankle_right=Joint(flex=0)),
        muscle="gluteus maximus",
    ),
    "clamshell": Demo(
        title=(
            "A figure lying on one side, hips and knees bent, feet together, lifts the top "
            "knee and lowers it while the hips stay stacked."
        ),
        camera=Camera(yaw=-90, pitch=20),
        start=_clamshell(CLAMSHELL_CLOSED),
        end=_clamshell(CLAMSHELL_OPEN),
        working_side="right",
        muscle="gluteus medius",
        anchor="hip_left",
        props=(SIDE_MAT,),
    ),
    "fire-hydrant": _on_all_fours(
        "A figure on all fours seen from behind lifts one bent leg out to the side to "
        "about hip height, holds, and lowers it.",
        camera=REAR_VIEW,
        lifted=_all_fours(hip_right=Joint(flex=ALL_FOURS_TILT, abd=80)),
        muscle="gluteus medius",
    ),
}
