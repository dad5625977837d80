"""What `workrules indicators` accepts, apart from the module that computes them: the command
line reads these to build its help on every run, and must not import `workforce` to do it
(the pre-commit path never runs the indicators)."""

DIMENSIONS = ("region", "grade", "band", "gender", "ethnicity")
DEFAULT_MIN_CELL = 10
PERIOD_FORMS = ("a year (2024), a quarter (2024-Q2), a month (2024-06) or days "
                "(2024-04-01..2024-06-30)")
