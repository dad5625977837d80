"""`python -m workrules ...` runs the command line, as the `workrules` script does."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
