"""`python -m workrules ...` runs the command line, as the `workrules` script does."""

import sys

if sys.version_info < (3, 11):  # noqa: UP036 (run from a source tree by an older Python: pip refuses it)
    print(f"workrules: needs Python 3.11 or later; this is Python {sys.version.split()[0]}",
          file=sys.stderr)
    sys.exit(2)

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
