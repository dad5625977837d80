"""The policy AST moved to `workrules.lang.nodes`; this old name is the same module."""

import sys

from .lang import nodes as _nodes
from .lang.nodes import *  # noqa: F403  (for type checkers: the names the module holds)

sys.modules[__name__] = _nodes
