"""Engines: what runs the typed IR (`workrules.lang.ir`) over a data set.

`common` holds what every engine yields (measurements of breaches, before they are placed)
and the environment of a run; `python` generates one Python module per rule. See
docs/architecture.md."""
