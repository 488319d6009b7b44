"""Reading settings from the environment, with one clear line for every bad value."""

import os
import re

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class EnvError(ImproperlyConfigured):
    """A missing or malformed environment variable; the message names it."""


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise EnvError(f"{name} must be set (see README.md, 'Settings').")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise EnvError(f"{name}={value!r} is not a yes/no value (use 1/0, true/false, yes/no, on/off).")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise EnvError(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; required (no default) means at least one item."""
    raw = os.environ.get(name, "")
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        if default is None:
            raise EnvError(f"{name} must list at least one value, comma-separated.")
        return default
    return items


PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600}
RATE = re.compile(r"(?P<count>[0-9]+)/(?P<amount>[0-9]*)(?P<unit>[smh])")


def env_rate(name: str, default: str) -> tuple[int, int]:
    """A limit as "count/period", e.g. "20/15m": (20, 900). Periods take s, m or h."""
    value = os.environ.get(name) or default
    match = RATE.fullmatch(value.strip())
    if not match or int(match["count"]) < 1 or int(match["amount"] or 1) < 1:
        raise EnvError(
            f"{name}={value!r} is not a rate; write a count and a period, e.g. 20/15m or 3/1h."
        )
    return int(match["count"]), int(match["amount"] or 1) * PERIOD_SECONDS[match["unit"]]
