"""The production settings, plus the floor view's URL: what `make bench` serves."""

from hipdips.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
