"""The ``lvv`` console command: Django's management entry point with our settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvv.settings")
    from django.core.management import execute_from_command_line

    from lvv.config import ConfigurationError

    try:
        execute_from_command_line(sys.argv)
    except ConfigurationError as error:
        # Fail closed with a message, not a traceback (e.g. a missing key in production).
        print(str(error), file=sys.stderr)  # noqa: T201
        sys.exit(2)


if __name__ == "__main__":
    main()
