#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipdips.settings")
    from django.core.management import execute_from_command_line

    from hipdips.env import EnvError

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 (load the settings now, to report a bad value)
    except EnvError as error:
        sys.exit(f"hipdips: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
