"""Exercise demos: one articulated figure (rig.py) posed by data (poses.py)."""
