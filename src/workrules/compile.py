"""Where the compiler was: its parts now live in `lang` (the type-check stage and the IR) and
`engine` (what runs the IR). Kept for the names other modules and scripts import."""

from __future__ import annotations

from .engine.common import Env, NoEntry, UnsetParam, held_at_peak, latest_order
from .engine.python import mentions_pattern, text_regex
from .lang.ir import param_type
from .lang.typecheck import CALENDAR

__all__ = ["CALENDAR", "Env", "NoEntry", "UnsetParam", "held_at_peak", "latest_order",
           "mentions_pattern", "param_type", "text_regex"]
