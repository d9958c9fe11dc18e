"""The `goldenthread` command: Django's management commands plus `demo` and `serve`.

Production settings are the default; `goldenthread demo` uses the local settings
(debug on, a generated secret key) unless DJANGO_SETTINGS_MODULE says otherwise.
"""

import os
import sys

PRODUCTION = "goldenthread.config.django.production"
LOCAL = "goldenthread.config.django.local"


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    command = argv[1] if len(argv) > 1 else "help"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", LOCAL if command == "demo" else PRODUCTION)
    argv[0] = "goldenthread"

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
