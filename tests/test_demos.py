"""The exercise demos' figure, checked by geometry: the rig's joint positions in every key
pose hold the essentials of the movement (exercises/demos/). Heights in cm, angles in
degrees; the figure is 170 cm tall and faces +x, with +y up and +z to its right."""

import math

import pytest

from exercises.demos import rig
from exercises.demos.poses import BENCH_HEIGHT, DEMOS, MAT, STEP_HEIGHT
from exercises.demos.render import timeline
from exercises.demos.rig import SEGMENTS, angle_at, skeleton

POSES = [(slug, name) for slug in DEMOS for name in ("start", "end")]


def every_frame(slug: str) -> list[dict]:
    """The key poses and every pose drawn between them in the demo's loop."""
    return [skeleton(pose) for _, pose in timeline(DEMOS[slug], 2)]


def points(slug: str, name: str) -> dict:
    return skeleton(getattr(DEMOS[slug], name))


def level(a, b) -> float:
    """How far the line a-b is from horizontal."""
    run = math.hypot(b[0] - a[0], b[2] - a[2])
    return abs(math.degrees(math.atan2(b[1] - a[1], run)))


def from_vertical(a, b) -> float:
    return 90 - level(a, b)


STANDING = skeleton(rig.Pose(root=(0, 91, 0)))


@pytest.mark.parametrize("slug", DEMOS)
def test_in_every_frame_segments_keep_their_length_and_nothing_goes_through_floor_or_prop(slug):
    anchor = skeleton(DEMOS[slug].start)[DEMOS[slug].anchor]
    for found in every_frame(slug):
        for segment, start, end, _ in SEGMENTS:
            assert math.dist(found[start], found[end]) == pytest.approx(
                math.dist(STANDING[start], STANDING[end]), abs=0.01
            ), segment
        lowest = min(point[1] for point in found.values())
        assert lowest >= -0.5, f"{slug}: a point {lowest:.1f} cm under the floor"
        assert math.dist(found[DEMOS[slug].anchor], anchor) < 0.01  # the foot or knee stays
        for box in DEMOS[slug].props:
            for label, (x, y, z) in found.items():
                inside = box.x[0] < x < box.x[1] and box.y[0] < y < box.y[1] - 0.5
                assert not (inside and box.z[0] < z < box.z[1]), f"{slug}: {label} in a prop"


def test_squat_feet_flat_thighs_near_parallel_knees_over_feet_chest_up():
    bottom = points("squat", "end")
    for side in rig.SIDES:
        assert bottom[f"heel_{side}"][1] == pytest.approx(0, abs=0.5)
        assert bottom[f"toe_{side}"][1] == pytest.approx(0, abs=0.5)
        assert level(bottom[f"hip_{side}"], bottom[f"knee_{side}"]) < 15
        assert (
            bottom[f"heel_{side}"][0] <= bottom[f"knee_{side}"][0] <= bottom[f"toe_{side}"][0] + 2
        )
    assert from_vertical(bottom["pelvis"], bottom["chest"]) < 50  # leaning, chest up
    assert bottom["chest"][1] > bottom["pelvis"][1] + 25


def test_step_down_stands_on_a_low_step_with_the_free_leg_beside_it():
    start, bottom = points("step-down", "start"), points("step-down", "end")
    (step,) = DEMOS["step-down"].props
    assert 15 <= STEP_HEIGHT <= 20 and step.y == (0, STEP_HEIGHT)
    assert DEMOS["step-down"].camera == rig.FRONT_VIEW
    for pose in (start, bottom):
        assert pose["heel_left"][1] == pytest.approx(STEP_HEIGHT, abs=0.5)
        assert step.z[0] < pose["ankle_left"][2] < step.z[1]
        assert pose["ankle_right"][2] > step.z[1]  # beside the step, not in front of it
        assert level(pose["hip_left"], pose["hip_right"]) < 3  # hips level
    assert bottom["heel_right"][1] == pytest.approx(0, abs=1)  # the free heel reaches the floor
    assert start["heel_right"][1] > 10  # and starts in the air
    assert angle_at(bottom["hip_left"], bottom["knee_left"], bottom["ankle_left"]) >= 90


def test_hip_thrust_back_on_a_knee_high_bench_tabletop_at_the_top_shins_vertical():
    low, top = points("hip-thrust", "start"), points("hip-thrust", "end")
    (bench,) = DEMOS["hip-thrust"].props
    assert 40 <= BENCH_HEIGHT <= 55  # about knee height (the knee of a standing figure: 49)
    for pose in (top, low):
        assert bench.x[0] < pose["chest"][0] < bench.x[1]
        assert pose["chest"][1] - BENCH_HEIGHT == pytest.approx(8, abs=3)  # blades on the bench
        assert pose["heel_left"][1] == pytest.approx(0, abs=0.5)
    assert level(top["pelvis"], top["chest"]) < 10 and level(top["hip_left"], top["knee_left"]) < 5
    assert from_vertical(top["knee_left"], top["ankle_left"]) < 3
    # The head in line with the trunk, chin a little tucked.
    assert 180 - angle_at(top["pelvis"], top["chest"], top["head"]) < 20
    assert low["pelvis"][1] < top["pelvis"][1] - 15


def on_all_fours(pose: dict, resting=("left",)) -> None:
    for side in resting:  # knees under hips
        assert abs(pose[f"knee_{side}"][0] - pose[f"hip_{side}"][0]) < 3
        assert abs(pose[f"knee_{side}"][2] - pose[f"hip_{side}"][2]) < 3
    for side in rig.SIDES:
        assert abs(pose[f"wrist_{side}"][0] - pose[f"shoulder_{side}"][0]) < 3
        assert pose[f"hand_{side}"][1] == pytest.approx(MAT.y[1], abs=0.5)  # on the mat
    assert level(pose["pelvis"], pose["chest"]) < 15  # the back near level


def test_donkey_kick_thigh_rises_to_the_back_line_and_no_higher():
    start, top = points("donkey-kick", "start"), points("donkey-kick", "end")
    on_all_fours(start, resting=rig.SIDES)
    on_all_fours(top)
    back = math.degrees(math.atan2(start["chest"][1] - start["pelvis"][1], 50))
    thigh = math.degrees(math.atan2(top["hip_right"][1] - top["knee_right"][1], 42))
    assert thigh <= back + 1  # the working thigh no higher than the back
    assert thigh > back - 5  # and up to it
    assert angle_at(top["hip_right"], top["knee_right"], top["ankle_right"]) == pytest.approx(
        90, abs=3
    )
    assert top["ankle_right"][1] > top["knee_right"][1] + 30  # sole toward the ceiling


def test_clamshell_side_lying_hips_45_knees_90_feet_together_pelvis_stacked():
    closed, opened = points("clamshell", "start"), points("clamshell", "end")
    for pose in (closed, opened):
        assert abs(pose["hip_left"][0] - pose["hip_right"][0]) < 1  # stacked
        assert abs(pose["hip_left"][2] - pose["hip_right"][2]) < 1
        assert pose["hip_right"][1] > pose["hip_left"][1] + 15
        assert level(pose["pelvis"], pose["chest"]) < 5  # lying on the side
        assert math.dist(pose["ankle_left"], pose["ankle_right"]) < 13  # feet together (centres)
    thigh_to_trunk = angle_at(closed["chest"], closed["pelvis"], closed["knee_left"])
    assert 180 - thigh_to_trunk == pytest.approx(45, abs=8)  # hips bent about 45
    assert angle_at(closed["hip_left"], closed["knee_left"], closed["ankle_left"]) == pytest.approx(
        90, abs=5
    )
    assert abs(closed["heel_left"][0] - closed["pelvis"][0]) < 10  # heels in line with the seat
    assert opened["knee_right"][1] > closed["knee_right"][1] + 10  # the top knee rises
    assert math.dist(opened["ankle_right"], closed["ankle_right"]) < 5  # the feet stay together


def test_fire_hydrant_seen_from_behind_knee_out_to_hip_height_back_flat():
    assert DEMOS["fire-hydrant"].camera == rig.REAR_VIEW
    start, top = points("fire-hydrant", "start"), points("fire-hydrant", "end")
    on_all_fours(start, resting=rig.SIDES)
    on_all_fours(top)
    assert top["knee_right"][2] > top["hip_right"][2] + 30  # out to the side
    assert top["knee_right"][1] == pytest.approx(top["hip_right"][1], abs=10)  # about hip height
    assert angle_at(top["hip_right"], top["knee_right"], top["ankle_right"]) == pytest.approx(
        90, abs=3
    )
