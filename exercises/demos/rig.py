"""One articulated figure: a skeleton of named segments in adult proportions, joints with
angles, forward kinematics in three dimensions, and an orthographic camera that turns a pose
into the 2D points a renderer draws.

Units are centimetres for a figure 170 cm tall. The body's own frame: x forward, y up,
z to its right. Joint angles are degrees:
- flex: forward for hips and shoulders, backward for knees (flexion), up for the foot
  (dorsiflexion), forward for the trunk and neck (a lean or a nod);
- abd: away from the body's midline, for either side;
- twist: about the segment's own length.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

Vec = tuple[float, float, float]
Matrix = tuple[Vec, Vec, Vec]

# Segment lengths (cm), from standard adult proportions of a 170 cm stature.
HIP_HALF_WIDTH = 9.0
TRUNK = 50.0  # hip joints' midpoint to the shoulders' midpoint
SHOULDER_HALF_WIDTH = 17.0
NECK = 10.0
HEAD_RADIUS = 11.0
UPPER_ARM = 30.0
FOREARM = 24.0
HAND = 5.0
THIGH = 42.0
SHIN = 42.0
ANKLE_HEIGHT = 7.0
HEEL_BACK = 5.0
TOE_FORWARD = 18.0

SIDES = ("left", "right")


def _vec(coordinates: Iterable[float]) -> Vec:
    x, y, z = coordinates
    return (x, y, z)


def _mul(a: Matrix, b: Matrix) -> Matrix:
    def row(i: int) -> Vec:
        return _vec(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3))

    return (row(0), row(1), row(2))


def _apply(m: Matrix, v: Vec) -> Vec:
    return _vec(sum(m[i][k] * v[k] for k in range(3)) for i in range(3))


def _add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _rot_x(deg: float) -> Matrix:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def _rot_y(deg: float) -> Matrix:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0, s), (0, 1, 0), (-s, 0, c))


def _rot_z(deg: float) -> Matrix:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


IDENTITY: Matrix = ((1, 0, 0), (0, 1, 0), (0, 0, 1))


@dataclass(frozen=True)
class Joint:
    flex: float = 0.0
    abd: float = 0.0
    twist: float = 0.0


@dataclass(frozen=True)
class Pose:
    """Where the pelvis is and how it is turned (root), and every joint's angles. A joint
    left out stands at zero (the anatomical standing position)."""

    root: Vec
    pelvis: Joint = Joint()  # flex: tilt forward; abd: roll toward the right; twist: turn left
    joints: dict[str, Joint] = field(default_factory=dict)

    def joint(self, name: str) -> Joint:
        return self.joints.get(name, Joint())


def _joint_matrix(joint: Joint, *, side: str | None, flex_sign: float = 1.0) -> Matrix:
    abd = joint.abd if side != "right" else -joint.abd
    twist = joint.twist if side != "right" else -joint.twist
    return _mul(_mul(_rot_z(flex_sign * joint.flex), _rot_x(abd)), _rot_y(twist))


def skeleton(pose: Pose) -> dict[str, Vec]:
    """Forward kinematics: the 3D position of every named point of the figure."""
    pelvis = pose.pelvis
    frame = _mul(_mul(_rot_y(pelvis.twist), _rot_x(pelvis.abd)), _rot_z(-pelvis.flex))
    points: dict[str, Vec] = {"pelvis": pose.root}
    # Trunk, neck and head: the trunk leans forward with a positive flex.
    trunk = _mul(frame, _joint_matrix(pose.joint("trunk"), side=None, flex_sign=-1))
    chest = _add(pose.root, _apply(trunk, (0, TRUNK, 0)))
    points["chest"] = chest
    neck = _mul(trunk, _joint_matrix(pose.joint("neck"), side=None, flex_sign=-1))
    points["neck"] = _add(chest, _apply(neck, (0, NECK, 0)))
    points["head"] = _add(points["neck"], _apply(neck, (0, HEAD_RADIUS, 0)))
    for side in SIDES:
        lateral = -1 if side == "left" else 1
        # Arm: shoulder, elbow (bends the forearm forward), wrist.
        shoulder = _add(chest, _apply(trunk, (0, 0, lateral * SHOULDER_HALF_WIDTH)))
        upper = _mul(trunk, _joint_matrix(pose.joint(f"shoulder_{side}"), side=side))
        elbow = _add(shoulder, _apply(upper, (0, -UPPER_ARM, 0)))
        fore = _mul(upper, _joint_matrix(pose.joint(f"elbow_{side}"), side=side))
        wrist = _add(elbow, _apply(fore, (0, -FOREARM, 0)))
        points[f"shoulder_{side}"] = shoulder
        points[f"elbow_{side}"] = elbow
        points[f"wrist_{side}"] = wrist
        points[f"hand_{side}"] = _add(wrist, _apply(fore, (0, -HAND, 0)))
        # Leg: hip, knee (bends the shin backward), ankle, heel and toe.
        hip = _add(pose.root, _apply(frame, (0, 0, lateral * HIP_HALF_WIDTH)))
        # Where the two glutes the exercises aim at lie over the pelvis: gluteus medius up
        # the side to the iliac crest, gluteus maximus behind the hip.
        points[f"iliac_crest_{side}"] = _add(hip, _apply(frame, (-1, 15, lateral * 3)))
        points[f"buttock_{side}"] = _add(hip, _apply(frame, (-9, 3, lateral * -2)))
        thigh = _mul(frame, _joint_matrix(pose.joint(f"hip_{side}"), side=side))
        knee = _add(hip, _apply(thigh, (0, -THIGH, 0)))
        shin = _mul(thigh, _joint_matrix(pose.joint(f"knee_{side}"), side=side, flex_sign=-1))
        ankle = _add(knee, _apply(shin, (0, -SHIN, 0)))
        foot = _mul(shin, _joint_matrix(pose.joint(f"ankle_{side}"), side=side))
        points[f"hip_{side}"] = hip
        points[f"knee_{side}"] = knee
        points[f"ankle_{side}"] = ankle
        points[f"heel_{side}"] = _add(ankle, _apply(foot, (-HEEL_BACK, -ANKLE_HEIGHT, 0)))
        points[f"toe_{side}"] = _add(ankle, _apply(foot, (TOE_FORWARD, -ANKLE_HEIGHT, 0)))
    return points


# Segments as the renderer draws them: (name, from, to, thickness in cm).
SEGMENTS = [
    ("pelvis", "hip_left", "hip_right", 15),
    ("trunk", "pelvis", "chest", 22),
    ("shoulders", "shoulder_left", "shoulder_right", 12),
    ("neck", "chest", "neck", 9),
]
for _side in SIDES:
    SEGMENTS += [
        (f"upper_arm_{_side}", f"shoulder_{_side}", f"elbow_{_side}", 9),
        (f"forearm_{_side}", f"elbow_{_side}", f"wrist_{_side}", 7),
        (f"hand_{_side}", f"wrist_{_side}", f"hand_{_side}", 6),
        (f"thigh_{_side}", f"hip_{_side}", f"knee_{_side}", 14),
        (f"shin_{_side}", f"knee_{_side}", f"ankle_{_side}", 10),
        (f"foot_{_side}", f"heel_{_side}", f"toe_{_side}", 7),
    ]


@dataclass(frozen=True)
class Camera:
    """An orthographic camera: turned about the vertical (yaw) then tilted down (pitch).
    Yaw 0 looks at the figure's right side with its front to the picture's right."""

    yaw: float = 0.0
    pitch: float = 0.0

    def matrix(self) -> Matrix:
        return _mul(_rot_x(self.pitch), _rot_y(self.yaw))

    def project(self, point: Vec) -> tuple[float, float, float]:
        """(x right, y up, depth toward the viewer) in the picture."""
        return _apply(self.matrix(), point)


SIDE_VIEW = Camera()
FRONT_VIEW = Camera(yaw=-90)  # the figure faces the viewer; its right is the picture's left
REAR_VIEW = Camera(yaw=90)


def distance(a: Vec, b: Vec) -> float:
    return math.dist(a, b)


def angle_at(a: Vec, vertex: Vec, b: Vec) -> float:
    """The angle (degrees) at vertex between the lines to a and to b."""
    u = tuple(a[i] - vertex[i] for i in range(3))
    v = tuple(b[i] - vertex[i] for i in range(3))
    cos = sum(u[i] * v[i] for i in range(3)) / (math.hypot(*u) * math.hypot(*v))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def blend(a: Pose, b: Pose, t: float) -> Pose:
    """A pose between two, joint angle by joint angle (so every segment keeps its length)."""

    def mix(x: float, y: float) -> float:
        return x + (y - x) * t

    def mix_joint(j: Joint, k: Joint) -> Joint:
        return Joint(mix(j.flex, k.flex), mix(j.abd, k.abd), mix(j.twist, k.twist))

    names = set(a.joints) | set(b.joints)
    return Pose(
        root=_vec(mix(a.root[i], b.root[i]) for i in range(3)),
        pelvis=mix_joint(a.pelvis, b.pelvis),
        joints={name: mix_joint(a.joint(name), b.joint(name)) for name in names},
    )


def placed(pose: Pose, point: str, at: Vec) -> Pose:
    """The same pose moved so that one named point (a foot, a knee) lands where it should."""
    where = skeleton(pose)[point]
    shift = _vec(at[i] - where[i] for i in range(3))
    return Pose(root=_add(pose.root, shift), pelvis=pose.pelvis, joints=pose.joints)
