"""The data model, described once.

Every record kind, the list that holds it in each kind of file, and each of its fields: the
field's type, whether it is required and its default, the values of an enum, what it refers
to, the plain-English words for it, and the named conversion the loader applies. Everything
else is derived from this table:

- `model.py`: the record classes (msgspec Structs) and `KINDS`, the types the policy language
  sees;
- `dataset.py`: `SECTIONS` (which list holds which kind) and the builders that type a record
  (generated from this table, one function per kind; see `builders.py`);
- `describe.py`: the plain-English name of a field;
- `fastload.py`: the typed form a JSON export is decoded into;
- `tests/test_datamodel.py`: the JSON Schemas in `schemas/` are checked against it (their
  names, required fields, enums and types).

To add a field: add a `Field` to its kind below (optional, with a default), then the same
property to the JSON Schema and a row to docs/data-model.md. To add a record kind: add a
`RecordKind` and its list to `LISTS`, a `$defs` entry to the schema, and a builder falls out.

This module is plain data: importing it costs next to nothing (it is on the pre-commit path).
"""

from __future__ import annotations

from collections.abc import Mapping

# Field types as the input gives them. `staff` is a staff id (it refers to a staff record);
# `week` is a week's Monday (YYYY-MM-DD) or an ISO week (YYYY-Www), read as its Monday;
# `hours`, `percent` and `count` are numbers with that dimension; `record` is a nested record.
TYPES = ("string", "text", "id", "staff", "date", "week", "hours", "percent", "count",
         "enum", "bool", "list", "record", "grade")  # fmt: skip


class Field:
    """One field of a record kind."""

    __slots__ = ("adds_to", "assessed", "convert", "counts", "default", "elem", "expected",
                 "levels", "name", "optional", "plausible", "record", "refers", "required",
                 "type", "values", "words")  # fmt: skip

    def __init__(self, name: str, type: str, *, required: bool = False,
                 default: object = None, values: tuple[str, ...] = (), elem: str = "",
                 words: str = "", convert: str = "", record: str = "",
                 optional: bool | None = None, expected: bool | str = False,
                 plausible: tuple[float, float, str, float] | None = None,
                 assessed: bool = False, adds_to: str = "",
                 counts: str = "", levels: tuple[int, ...] = ()) -> None:  # fmt: skip
        self.name = name
        self.type = type
        self.required = required
        self.default = default
        self.values = values  # enum values (of the elements, for a list of enums)
        self.elem = elem  # a list's element type
        self.words = words  # plain English, where the name with spaces is not enough
        self.convert = convert  # a named conversion in builders.CONVERTERS
        self.record = record  # a nested record's kind
        self.refers = "staff" if "staff" in (type, elem) else ""
        # Whether the policy language sees it as possibly unset: not required and no default.
        self.optional = (not required and default is None) if optional is None else optional
        # Optional, but an export of its kind is expected to carry it: a rule that reads it
        # says so when no record in the data gives it (an HR export without the column),
        # as for a field with a default (`notices.unstated_notice`). A grade: expected of its
        # holders only (a PQiP learner's PTA), said only where the data holds one.
        self.expected = expected
        # (least, most, why, middle): a value above 0 outside least..most is valid but no
        # one's (contracted hours of 1 a week are a full-time equivalent, of 160 a month's),
        # and so is an export's whose middle value (of three or more) is below `middle` or above
        # `most` (7.4 and 3.7: hours a day; 160.33 and 48.1: a month's, the part-timer's too):
        # a rule that reads the field says so, naming the records (`notices.implausible_notice`)
        self.plausible = plausible
        # The whole numbers a count may be, every other refused as input (a MAPPA level is 1, 2
        # or 3): a rule's condition that asks for no one of them can never hold, and is refused
        # (`typecheck._can_hold`: `level = 4`, `subject.mappa_level > 3`)
        self.levels = levels
        # An assessment a record leaves out until it is made (a report's RoSH, on the day of
        # an oral report written before it): never a level guessed, and a rule that forbids by
        # it names the records it selected that leave it out as not judged
        # (`notices.unassessed_notice`); a value that says "not assessed" is refused saying so
        # (`dataset._unassessed_hint`).
        self.assessed = assessed
        # A field with a default that adds to what another field of the record (`adds_to`)
        # says, read beside it by one check: a case's MAPPA level and flags beside its RoSH
        # (7a). Where no record gives it (a case export without the columns), the rule judged
        # by the other field alone: said, naming the records it selected and passed
        # (`notices.judged_alone_notice`), in place of `notices.unstated_notice`'s words.
        self.adds_to = adds_to
        # What a `count` field counts, where its name does not say it (a span of control
        # counts direct reports): a finding's `value_unit` (`evaluate.value_unit`); else the
        # name, in words (`members`, `posts`, `days`). Of a field naming a staff member: what
        # the records naming someone by it are to them (a line manager's direct reports), as
        # a count of those held at once `per` that field is counted in.
        self.counts = counts


class RecordKind:
    """One kind of record."""

    __slots__ = ("check", "cls_name", "date_fields", "fields", "name", "noun", "span_dates",
                 "span_fields", "span_verb", "subject", "undated_note", "words")  # fmt: skip

    def __init__(self, name: str, cls_name: str, fields: tuple[Field, ...], *, noun: str = "",
                 date_fields: tuple[str, ...] = (), subject: str = "id",
                 span_fields: tuple[str, str] | None = None, check: str = "",
                 words: Mapping[str, str] | None = None, span_verb: str = "held",
                 undated_note: bool = True, span_dates: bool = False) -> None:  # fmt: skip
        self.name = name
        self.cls_name = cls_name
        self.fields = fields
        self.noun = noun
        self.date_fields = date_fields
        self.subject = subject
        self.span_fields = span_fields
        # how a finding says a record is within its span ("held", "in post"), and whether it
        # says which records gave no first span date (a case list without dates is unusual;
        # a staff list without start dates is the rule)
        self.span_verb = span_verb
        self.undated_note = undated_note
        # whether a finding on one record is dated by its span (a case: the days it was held,
        # first hour of round 54, P2), where no date field dates it
        self.span_dates = span_dates
        self.check = check  # a named whole-record step in builders.CHECKS, run after the fields
        self.words = dict(words or {})

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


ROLES = (
    "pta", "pso_assessor", "facilitator", "upw_supervisor", "mappa_coordinator",
    "sfo_reviewing_manager", "psr_author", "pom", "pre_release", "nsd_practitioner", "vlo",
    "daso", "polygraph_examiner", "case_admin", "business_manager",
)  # fmt: skip
RISK = ("low", "medium", "high", "very_high")
FLAGS = (
    "iom", "sexual_offending", "domestic_abuse", "safeguarding", "ocg", "tact",
    "terrorism_related", "transgender", "complex_mental_health",
)  # fmt: skip
REPORT_TYPES = ("sdr", "short_format", "oral")
MAPPA_TYPES = ("initial", "review")
ABSENCE_REASONS = ("sickness", "annual_leave", "special_leave", "parental_leave", "training",
                   "other")  # fmt: skip
INCIDENT_TYPES = ("accident", "assault", "near_miss", "ill_health", "other")
SIGNOFFS = ("spo", "head_of_pdu", "rpd", "cpo", "ppg", "hmip")  # known sign-offs; open list

F = Field
REPORT_SUBJECT = RecordKind("report_subject", "ReportSubject", (
    F("rosh", "enum", values=RISK, words="RoSH level", assessed=True),
    F("reoffending", "enum", values=RISK, words="likelihood of reoffending"),
    F("mappa_level", "count", default=0, words="MAPPA level", levels=(0, 1, 2, 3)),
    F("flags", "list", elem="enum", values=FLAGS, default=()),
))

RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind("staff", "Staff", (
        F("id", "staff", required=True),
        F("name", "string"),
        F("grade", "grade", required=True, convert="staff_grade"),  # a pay band refused
        F("roles", "list", elem="enum", values=ROLES, default=()),
        F("contracted_hours", "hours", words="contracted hours", expected=True,
          plausible=(2, 60, "a full-time equivalent (1.0 for full time, 0.5 for half), hours "
                     "a day (7.4 for 37 h a week) or a month's hours (160.33) look so", 9)),
        F("qualified_on", "date", words="qualification date"),
        F("line_manager", "staff", expected=True, counts="direct reports"),
        F("pta", "staff", words="Practice Tutor Assessor", expected="PQiP",
          counts="PQiP learners"),
        F("pso_assessor", "staff", words="PSO assessor", expected="PSO",
          counts="PSOs in assessment"),
        # Workforce facts for the indicators of clause 3 and for unit-level rules; all optional.
        F("unit", "string"),  # the person's team or PDU, when the file's unit does not say it
        F("region", "string"),
        F("band", "string", words="pay band"),
        F("gender", "string"),
        F("ethnicity", "string"),
        F("started_on", "date", words="start date"),
        F("left_on", "date", words="leaving date"),  # not in post on or after this day
        F("flexitime", "bool", words="flexitime participation"),  # PI 15/2017
    ), noun="staff member", check="staff", span_fields=("started_on", "left_on"),
        span_verb="in post", undated_note=False),
    RecordKind("timesheet", "Timesheet", (
        F("staff", "staff", required=True, words="staff member"),
        F("week", "week", required=True),
        F("hours_worked", "hours", required=True, words="hours worked"),
        F("toil_hours", "hours", default=0, words="TOIL hours"),
        F("paid_excess_hours", "hours", default=0, words="paid excess hours"),
        # the hours the contract asks of the person that week where they are not their
        # contracted hours: a week with a bank holiday, or with days of leave or sickness
        F("hours_due", "hours", words="hours due that week"),
    ), date_fields=("week",), subject="staff", noun="timesheet"),
    RecordKind("upw_session", "UpwSession", (
        F("id", "id", required=True),
        F("date", "date", required=True),
        F("site", "string"),
        F("supervisors", "list", elem="staff", required=True),
        F("members", "count", required=True, words="group members"),
        F("contact_hours", "hours", required=True),
    ), date_fields=("date",), noun="unpaid work session"),
    RecordKind("programme_session", "ProgrammeSession", (
        F("id", "id", required=True),
        F("date", "date", required=True),
        F("programme", "string", required=True),
        F("facilitators", "list", elem="staff", required=True),
    ), date_fields=("date",), noun="programme session"),
    RecordKind("mappa_meeting", "MappaMeeting", (
        F("id", "id", required=True),
        F("date", "date", required=True),
        F("chair", "staff", required=True),
        F("type", "enum", required=True, values=MAPPA_TYPES),
        F("level", "count", required=True, levels=(1, 2, 3)),
    ), date_fields=("date",), noun="MAPPA meeting",
        words={"type": "meeting type", "level": "MAPPA level"}),
    # A reading is for a week (its Monday) or for a single day; exactly one is set.
    RecordKind("wmt", "WmtReading", (
        F("staff", "staff", required=True, words="staff member"),
        F("week", "week"),
        F("date", "date"),
        F("percent", "percent", required=True, words="WMT level"),
    ), date_fields=("week", "date"), subject="staff", noun="WMT reading"),
    # When the case was allocated and closed; without them it counts as held throughout.
    RecordKind("case", "Case", (
        F("id", "id", required=True),
        F("practitioner", "staff", required=True),
        F("tier", "string"),
        F("rosh", "enum", values=RISK, words="RoSH level"),
        F("opened", "date"),
        F("closed", "date"),
        # As a report's subject gives them: the claim keeps a MAPPA level 2 or 3 case, or one
        # with a history 7b names, for Probation Officers (7a), whatever its RoSH
        F("mappa_level", "count", default=0, words="MAPPA level", adds_to="rosh",
          levels=(0, 1, 2, 3)),
        F("flags", "list", elem="enum", values=FLAGS, default=(), adds_to="rosh"),
    ), noun="case", span_fields=("opened", "closed"), check="case", span_dates=True,
        words={"opened": "date the case was opened", "closed": "date the case was closed"}),
    RecordKind("report", "Report", (
        F("id", "id", required=True),
        F("author", "staff", required=True),
        F("type", "enum", required=True, values=REPORT_TYPES),
        F("date", "date", required=True),
        F("subject", "record", required=True, record="report_subject", words="person"),
    ), date_fields=("date",), noun="pre-sentence report", words={"type": "report type"}),
    RecordKind("sfo_review", "SfoReview", (
        F("id", "id", required=True),
        F("manager", "staff", required=True, words="reviewing manager"),
        F("required_signoffs", "list", elem="string", required=True, convert="signoffs",
          words="required sign-offs"),
        F("signed_off", "list", elem="string", default=(), convert="signoffs",
          words="sign-offs given"),
    ), noun="SFO review", check="sfo"),
    RecordKind("job_description", "JobDescription", (
        F("id", "string", required=True),  # the file, as given: the subject of its findings
        F("title", "string", required=True),
        F("grade", "grade", required=True, convert="grade"),
        F("text", "text", required=True),
        F("line_management", "bool"),
        F("span_of_control", "count", counts="direct reports"),
    ), noun="job description"),
    # Funded full-time-equivalent posts of a unit, for one grade or (grade None) all.
    RecordKind("establishment", "Establishment", (
        F("unit", "string"),  # the file's unit when None
        F("grade", "grade", convert="grade"),
        F("posts", "count", required=True, words="funded posts"),
    ), subject="unit", noun="establishment entry"),
    # One spell of absence, from its first day to its last, inclusive.
    RecordKind("absence", "Absence", (
        F("staff", "staff", required=True, words="staff member"),
        F("first_day", "date", required=True, words="first day of absence"),
        F("last_day", "date", required=True, words="last day of absence"),
        F("reason", "enum", required=True, values=ABSENCE_REASONS),
        F("days", "count"),  # working days lost; Monday to Friday of the spell when None
    ), date_fields=("first_day",), subject="staff", noun="absence", check="absence",
        words={"reason": "reason for absence"}),
    RecordKind("incident", "Incident", (
        F("id", "id", required=True),
        F("date", "date", required=True),
        F("type", "enum", required=True, values=INCIDENT_TYPES),
        F("staff", "staff", words="staff member"),
        F("unit", "string"),  # the file's unit when None
    ), date_fields=("date",), noun="incident", words={"type": "incident type"}),
    # How many of a unit's cases waited for allocation in one week.
    RecordKind("unallocated", "Unallocated", (
        F("unit", "string"),  # the file's unit when None
        F("week", "week", required=True),
        F("cases", "count", required=True),
    ), date_fields=("week",), subject="unit", noun="count of unallocated cases",
        words={"cases": "cases waiting for allocation"}),
)
del F

NESTED_KINDS: dict[str, RecordKind] = {REPORT_SUBJECT.name: REPORT_SUBJECT}
BY_NAME: dict[str, RecordKind] = {k.name: k for k in RECORD_KINDS}

DOCUMENT_KINDS = ("rota", "allocation", "staff", "job-description")

# Which list of which kind of document holds which kind of record.
LISTS: dict[str, dict[str, str]] = {
    "rota": {
        "staff": "staff",
        "timesheets": "timesheet",
        "upw_sessions": "upw_session",
        "programme_sessions": "programme_session",
        "mappa_meetings": "mappa_meeting",
    },
    "allocation": {
        "staff": "staff",
        "wmt": "wmt",
        "cases": "case",
        "reports": "report",
        "sfo_reviews": "sfo_review",
        "unallocated": "unallocated",
    },
    "staff": {
        "staff": "staff",
        "establishment": "establishment",
        "absences": "absence",
        "incidents": "incident",
    },
    "job-description": {},
}



def field_word(kind: str, field: str) -> str:
    """A field of a kind (`staff` for a person's) in words: "RoSH level", "leaving date",
    "date the case was closed" (a kind's own words for it first)."""
    by_name, by_kind = _FIELD_WORDS
    return by_kind.get((kind, field)) or by_name.get(field) or field.replace("_", " ")


def field_words() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Plain-English words: by field name (a field's own `words`), and by (kind, field) for
    the words a kind gives one of its fields (`type` is a meeting type or a report type)."""
    by_name: dict[str, str] = {}
    by_kind: dict[tuple[str, str], str] = {}
    for kind in (*RECORD_KINDS, REPORT_SUBJECT):
        for f in kind.fields:
            if f.words:
                by_name.setdefault(f.name, f.words)
        for name, words in kind.words.items():
            by_kind[kind.name, name] = words
    return by_name, by_kind


_FIELD_WORDS = field_words()
