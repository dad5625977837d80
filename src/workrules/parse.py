"""The policy parser moved to `workrules.lang.parse`; this old name is the same module."""

import sys

from .lang import parse as _parse
from .lang.parse import *  # noqa: F403  (for type checkers: the names the module holds)

sys.modules[__name__] = _parse
