#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path

VIRTUALENV = Path(__file__).resolve().parent / ".venv"


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    try:
        from django.core.management import execute_from_command_line
    except ModuleNotFoundError:
        use_virtualenv()
    execute_from_command_line(sys.argv)


def use_virtualenv():
    """Run again with the project's virtualenv (`make setup`) when a Python
    without Django started this, as a plain `python manage.py` does."""
    python = VIRTUALENV / "bin" / "python"
    if python.exists() and Path(sys.prefix).resolve() != VIRTUALENV.resolve():
        os.execv(python, [str(python), *sys.argv])
    sys.exit("Django is not installed for this Python: run `make setup` first.")


if __name__ == "__main__":
    main()
