"""The data model: typed, frozen records and the field types the policy language sees.

`../shared/spec/data-model.md` is the contract; the JSON Schemas in `schemas/` are its exact
form. Here each record kind becomes a msgspec Struct, and `KINDS` describes every kind to the
policy checker: its fields and their types, the field that dates it, and what to call it in a
finding. A policy can name any field listed here and nothing else.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Container, Iterable, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import msgspec

from . import datamodel as _dm

# ---------------------------------------------------------------------------------------------
# Field types, as the policy checker sees them.


class FieldType(msgspec.Struct, frozen=True):
    """The type of a field or expression.

    `name` is one of: number, date, string, enum, bool, text, list, staff, record, ratio, any.
    Numbers carry a dimension (percent, hours, days, count, or plain number); enums carry their
    values; lists their element type; records their kind.
    """

    name: str
    dim: str = ""
    values: tuple[str, ...] = ()
    elem: FieldType | None = None
    record: str = ""
    optional: bool = False

    def describe(self) -> str:
        if self.name == "number":
            return self.dim or "number"
        if self.name == "list" and self.elem is not None:
            return f"list of {self.elem.describe()}"
        if self.name == "enum":
            return "one of " + ", ".join(self.values)
        if self.name == "staff":
            return "staff id"
        return self.name


def number(dim: str, optional: bool = False) -> FieldType:
    return FieldType("number", dim=dim, optional=optional)


def enum(*values: str, optional: bool = False) -> FieldType:
    return FieldType("enum", values=values, optional=optional)


STRING = FieldType("string")
TEXT = FieldType("text")
DATE = FieldType("date")
BOOL = FieldType("bool")
STAFF = FieldType("staff")
ANY = FieldType("any")
RATIO = FieldType("ratio")


def optional(t: FieldType) -> FieldType:
    return msgspec.structs.replace(t, optional=True)


def list_of(t: FieldType) -> FieldType:
    return FieldType("list", elem=t)


# The fixed lists of values (roles, risk levels, flags...) are those of the description.
FLAGS, MAPPA_TYPES, REPORT_TYPES = _dm.FLAGS, _dm.MAPPA_TYPES, _dm.REPORT_TYPES
RISK, ROLES, SIGNOFFS = _dm.RISK, _dm.ROLES, _dm.SIGNOFFS
ABSENCE_REASONS, INCIDENT_TYPES = _dm.ABSENCE_REASONS, _dm.INCIDENT_TYPES

# ---------------------------------------------------------------------------------------------
# Grades: the vocabulary of grades and job titles, with their aliases and families.


class Grade(msgspec.Struct, frozen=True):
    """A grade or job title as the claim and real exports name it.

    `family` is the grade whose keyed caps it falls under when a cap has no entry of its own
    (SPO_COURTS is an SPO for 9's span of control); `roles` are the duties of 6 its holders
    have whatever their `roles` say (a CASE_ADMIN is a case administrator, 6h).
    """

    name: str  # the canonical spelling
    title: str
    clause: str  # where the claim or the data model names it
    family: str = ""
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


_HEAD_9H = "Head of a service (9h): the family of 9h's Heads"
GRADES: tuple[Grade, ...] = (
    Grade("PO", "Probation Officer", "7", aliases=("PROBATION_OFFICER",)),
    Grade("NQO", "Newly qualified Probation Officer", "7a", family="PO",
          aliases=("NEWLY_QUALIFIED_OFFICER", "NEWLY_QUALIFIED_PROBATION_OFFICER",
                   "NEWLY_QUALIFIED_PO", "PROBATION_OFFICER_NEWLY_QUALIFIED",
                   "PO_NEWLY_QUALIFIED")),
    Grade("PSO", "Probation Services Officer", "7",
          aliases=("PROBATION_SERVICES_OFFICER", "PROBATION_SERVICE_OFFICER")),
    Grade("PQiP", "PQiP learner (trainee Probation Officer)", "7",
          aliases=("TPO", "TRAINEE_PO", "TRAINEE_PROBATION_OFFICER", "PQIP_LEARNER")),
    Grade("SPO", "Senior Probation Officer; SPO_<ROLE> names one of its roles", "9c",
          aliases=("SENIOR_PROBATION_OFFICER",)),
    Grade("SAO", "Senior Admin Officer", "9a",
          aliases=("SENIOR_ADMIN_OFFICER", "SENIOR_ADMINISTRATIVE_OFFICER")),
    Grade("CASE_ADMIN", "Case Administrator", "6h", aliases=("CASE_ADMINISTRATOR",),
          roles=("case_admin",)),
    Grade("BUSINESS_MANAGER", "Business Manager", "6i, 9b", roles=("business_manager",)),
    Grade("NSD_SOL", "National Security Division Senior Operational Lead", "9d",
          aliases=("NSD_SENIOR_OPERATIONAL_LEAD",)),
    Grade("PLM", "Probation Learning Manager", "9e", aliases=("PROBATION_LEARNING_MANAGER",)),
    Grade("AP_AREA_MANAGER", "Approved Premises Area Manager", "9f",
          aliases=("APPROVED_PREMISES_AREA_MANAGER",)),
    Grade("HEAD_OF_PDU", "Head of a Probation Delivery Unit", "9g"),
    Grade("HEAD_OF_FUNCTION", "Head of Function", "9g"),
    Grade("HEAD_OF_SERVICE", _HEAD_9H, "9h"),
    Grade("HEAD_OF_COMMUNITY_INTEGRATION", "Head of Community Integration", "9h",
          family="HEAD_OF_SERVICE"),
    Grade("HEAD_OF_CORPORATE_SERVICES", "Head of Corporate Services", "9h",
          family="HEAD_OF_SERVICE"),
    Grade("HEAD_OF_INTERVENTIONS", "Head of Interventions", "9h", family="HEAD_OF_SERVICE"),
    Grade("HEAD_OF_OPERATIONS", "Head of Operations", "9h", family="HEAD_OF_SERVICE"),
    Grade("CP_SUPERVISOR", "Community Payback (Unpaid Work) supervisor", "5",
          aliases=("UPW_SUPERVISOR", "COMMUNITY_PAYBACK_SUPERVISOR")),
    Grade("MAPPA_COORDINATOR", "MAPPA coordinator", "8b"),
    Grade("FACILITATOR", "Programme facilitator", "8a", aliases=("PROGRAMME_FACILITATOR",)),
    Grade("TREATMENT_MANAGER", "Treatment Manager of accredited programmes", "8a"),
    Grade("POM", "Prison Offender Manager", "6b", aliases=("PRISON_OFFENDER_MANAGER",),
          roles=("pom",)),
    Grade("VLO", "Victim Liaison Officer", "6e", aliases=("VICTIM_LIAISON_OFFICER",),
          roles=("vlo",)),
    Grade("DASO", "Domestic Abuse Support Officer", "6f",
          aliases=("DOMESTIC_ABUSE_SUPPORT_OFFICER",), roles=("daso",)),
    Grade("POLYGRAPH_EXAMINER", "Polygraph Examiner", "6g", roles=("polygraph_examiner",)),
)  # fmt: skip
GRADE_FAMILY_PREFIXES = {"SPO_": "SPO"}  # SPO_COURTS, SPO_VICTIMS, ...: 9c's 13 SPO roles
PQIP = "PQiP"  # the grade of anyone with a Practice Tutor Assessor (`pta`)


# What separates the words of a title as HR exports write it: spaces, hyphens, dashes,
# parentheses and underscores ("SPO - Courts", "Senior Probation Officer (Courts)").
_WORD_BREAKS = re.compile(r"[\s\-\u2010-\u2015()_]+")


def word_key(word: str) -> str:
    """How a grade is compared: any case, with any run of spaces, hyphens, dashes,
    parentheses or underscores read as one `_` (`Head of PDU`, `SPO - Courts`)."""
    return _WORD_BREAKS.sub("_", word).strip("_").upper()


@cache
def grade_index() -> dict[str, Grade]:
    """Every spelling of a known grade (its name and aliases, by `word_key`) -> the grade."""
    out: dict[str, Grade] = {}
    for g in GRADES:
        for spelling in (g.name, *g.aliases):
            out[word_key(spelling)] = g
    return out


# A pay band where an establishment gives a grade ("Band 4", "PB3"): it holds posts of several
# grades, and no staff member holds it, so its posts would all read as vacant (1.1g).
_PAY_BAND = re.compile(r"(?:PAY_)?(?:BAND|PB)_?\d+[A-Z]?")
PAY_BAND_NOT_A_GRADE = (
    "is a pay band, not a grade: a band holds posts of several grades, and its posts would be "
    "filled by no one (each staff member holds a grade); give the funded posts by grade (PO, "
    "PSO, ...)")


def is_pay_band(grade: str) -> bool:
    return _PAY_BAND.fullmatch(word_key(grade)) is not None


def canonical_grade(word: str) -> str | None:
    """The canonical spelling of a known grade, or None for a grade this vocabulary lacks."""
    key = word_key(word)
    grade = grade_index().get(key)
    if grade is not None:
        return grade.name
    if "_" not in word:  # (a name with underscores is as a policy or config declares it)
        tokens = key.split("_")
        spelt = _spelt_out(tokens)
        if spelt != tokens:  # "Snr Probation Officer", "MAPPA Co-ordinator", "SPO (Acting Up)"
            return canonical_grade(" ".join(spelt))
        if _acting_for_a_time(tokens):  # "Acting SPO until 21 March 2025": a spell of
            return None  # acting up, no role; the grade changes within it, so not guessed
        kept = [t for t in _without_days(tokens)
                if t.lower() not in _TERMS and not _FTE.fullmatch(t)]  # fmt: skip
        if kept and len(kept) < len(tokens):  # "Acting SPO", "SPO (Interim)": the post's grade
            for at, t in enumerate(tokens[1:-1], start=1):  # "SPO (Acting Head of PDU)": the
                if t not in ("ACTING", "INTERIM"):  # grade of the post acted in, not the SPO's
                    continue
                rest = tokens[at + 1:]  # ("PO (acting up as SPO)": "as" is spelt out)
                acted = canonical_grade(" ".join(rest)) if rest else None
                held = canonical_grade(" ".join(tokens[:at]))
                if acted is not None and held is not None and held != PQIP:  # (a learner
                    return acted  # acts as no qualified officer: the boundaries stay theirs)
            return canonical_grade(" ".join(kept))
        if len(tokens) > 1 and all(len(t) == 1 for t in tokens):  # "P S O"
            return canonical_grade("".join(tokens))
        job = _without_job_words(tokens)
        if job is not None:
            return job
        if len(tokens) > 1 and _LEVEL.fullmatch(tokens[-1]) and (
                level := grade_index().get("_".join(tokens[:-1]))) is not None:
            return level.name  # "PSO 2", "SPO II": a level within the grade
    if _acting_for_a_time(key.split("_")):  # (as stored: SPO_ACTING_3_WEEKS)
        return None
    for prefix, family in GRADE_FAMILY_PREFIXES.items():
        for spelling in _spellings(family):  # SPO_COURTS, SENIOR_PROBATION_OFFICER_COURTS
            if key.startswith(spelling + "_") and len(key) > len(spelling) + 1:
                role = key[len(spelling) + 1:]  # ("Senior Probation Officer (SPO)": no role)
                return family if role in _spellings(family) else prefix + role
    band = _BAND.fullmatch(key)  # "PSO Band 3": the grade word says the role, the band does not
    if band is not None and bool(band[1]) != bool(band[2]):
        banded = canonical_grade(band[1] or band[2])
        if banded is not None:
            return banded
    if "_" in word:  # a name as a policy or config declares it (`LOCAL_PSO`): as written
        return _qualified(word)
    return _qualified(word) or _around(key.split("_"))


def _acting_for_a_time(tokens: list[str]) -> bool:
    """Whether a grade's words give a spell of acting up: "acting" or "interim" with an end
    or a length ("to 21-03-2025", "until 21 March 2025", "wef 03-03-2025", "3 weeks"), not a
    role (scenarios round 38: an acting-up spell read as the SPO role SPO_TO_21_03_2025, and
    its holder judged as an SPO throughout). A length alone is a contract's ("SPO (Approved
    Premises) 12 months FTC"), and "to" in a team's name no spell ("SPO (Transition to
    Adulthood)"): review 48. HR's other words for acting are read as it (`_spelt_out`), and a
    day written with slashes or full stops (`04/11/2024`, `04.11.2024`) as its numbers
    (scenarios round 52, P3: the spell was read as an SPO role made of its dates)."""
    words = [t.lower() for t in _spelt_out([t.upper() for t in _days_apart(tokens)])]
    if not {"acting", "interim"}.intersection(words):
        return False
    if _SPELL_ENDS.intersection(words) or _MONTHS.intersection(words):  # ("Mar-Jun 2025")
        return True
    pairs = list(itertools.pairwise(words))
    if any(w in ("to", "from") and (_a_day(after) or after == "end") for w, after in pairs):
        return True
    if any(_a_day(w) and after in _SPELL_UNITS for w, after in pairs):
        return True
    return any(all(w.isdigit() for w in words[at:at + 3]) for at in range(len(words) - 2))


_DAY_MARKS = re.compile(r"\d{1,4}(?:[/.]\d{1,4}){1,2}")


def _days_apart(tokens: list[str]) -> list[str]:
    """`tokens` with a day written with slashes or full stops (`04/11/2024`) as its numbers."""
    return [part for t in tokens
            for part in (re.split(r"[/.]", t) if _DAY_MARKS.fullmatch(t) else (t,))]


def acting_spell(grade: str) -> bool:
    """Whether a grade (as written, or as stored: `PSO_ACTING_PO_TO_12_07_2024`) gives a spell
    of acting up, with its end or its length: the holder's grade changes within the run."""
    return _acting_for_a_time(word_key(grade).split("_"))


@cache
def acting_undated(written: str) -> str | None:
    """`written` if it is a known grade held on acting or interim terms with no dates (`PSO
    (Acting PO)`, `Acting SPO`), read as that grade for every record of the run (scenarios
    round 46, P4: a PSO acting up as a PO until July was read as a PO for a report of late
    July); else None. A spell with dates is an unknown grade (`acting_spell`)."""
    words = {t.lower() for t in _spelt_out(word_key(written).split("_"))}
    if not {"acting", "interim"} & words or canonical_grade(written) is None:
        return None
    return written


# Words of a grade that say its holder covers the post from outside the employer's own staff:
# through an agency, as a locum or as a contractor. The grade is read without them (`_TERMS`);
# the post is filled, and clause 3's vacancy rate says by how many such holders (scenarios
# round 48, P4: two of five PO posts held by "Agency PO"s read as a vacancy rate of 0.0%, with
# no word; HMPPS's own figures count such posts as vacancies covered by agency staff).
_AGENCY_TERMS = frozenset({"agency", "locum", "contractor"})


@lru_cache(maxsize=4096)
def agency_held(written: str) -> str | None:
    """`written` if it is a known grade whose words say its holder is agency, locum or
    contractor staff (`Agency PO`, `PO (Locum)`); else None. Kept on the staff record as
    written (`Staff.agency`), as `acting_undated` keeps an acting grade."""
    tokens = [t.lower() for t in word_key(written).split("_")]
    # (not "Multi-Agency" nor "Multi Agency Public Protection": an IOM, MASH or MAPPA post of
    # the employer's own, the review of session 47)
    words = {t for i, t in enumerate(tokens) if not (t == "agency" and i and tokens[i - 1] in
                                                      ("multi", "inter", "partner"))}  # fmt: skip
    if _AGENCY_TERMS.isdisjoint(words) or canonical_grade(written) is None:
        return None
    return written


def held_before_acting(written: str) -> str | None:
    """The grade held before the words `Acting` or `Interim` in a grade that acts in another
    (`PSO` of `PSO (Acting PO)`, of `PSO (TP to PO)`), when it is a known one and not the
    grade acted in."""
    tokens = _spelt_out(word_key(written).split("_"))
    at = next((i for i, t in enumerate(tokens) if t in ("ACTING", "INTERIM")), 0)
    held = canonical_grade(" ".join(tokens[:at])) if at else None
    return held if held is not None and held != canonical_grade(written) else None


def _a_day(word: str) -> bool:
    """A number or an ordinal ("21", "1st", "30th")."""
    return word.isdigit() or (word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th"))


_SPELL_ENDS = frozenset({"until", "till", "wef", "ending", "ends", "expires", "cover",
                         "covering"})  # fmt: skip


_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december", "jan", "feb", "mar",
                     "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})  # fmt: skip
_SPELL_UNITS = frozenset({"week", "weeks", "wk", "wks", "month", "months", "mth", "mths",
                          "year", "years", "yr", "yrs"})  # fmt: skip


# A grade and where or how its holder works, as HR writes it: "PSO (Courts)", "PO - Victims",
# "Probation Services Officer - Court" (with a hyphen or a dash), "PSO-Court".
_QUALIFIED = re.compile(r"\s*(.+?)\s*(?:\(([^()]{1,60})\)|\s[-\u2013\u2014]\s+(.{1,60})"
                        r"|-([^-\s][^-]{0,59}))\s*")


# Words beside a grade that say what its holder is, not where they work: "Probation Officer
# (Trainee)" is no PO, nor "PSO (Senior)" a PSO, so the grade is left unknown, never guessed.
_NOT_A_PLACE = frozenset({
    "trainee", "trainees", "training", "newly", "qualified", "unqualified", "nqo", "pqip",
    "learner", "learners", "apprentice", "student", "students", "senior", "deputy",
    "assistant", "band", "lead", "leader", "leaders", "principal", "head", "heads", "manager",
    "managers", "probationary", "grade", "level", "supervisor", "officer", "officers",
    "administrator", "coordinator", "chief", "director", "practitioner", "worker",
    # who works with the grade, not in it: a PSO assessor is a PO, a PQiP tutor a PO or SPO
    "assessor", "assessors", "tutor", "tutors", "mentor", "mentors", "trainer", "trainers",
    "coach", "coaches", "support", "supporter", "volunteer", "volunteers", "intern", "interns",
    "champion", "champions", "buddy", "liaison", "link", "peer", "hr", "recruitment",
    "advisor", "adviser", "consultant", "sponsor",
})

# Bodies outside the probation service its staff are seconded to. "Seconded to" a place of
# the service's own (an Approved Premises, a court team, an OMU) names a post held there.
# (A body is its words in a row, after "the" or not: "Seconded to the Youth Offending Team".
# Not the police, whose IOM teams hold the service's own cases, nor "Home": a Home Detention
# Curfew team is the service's: review 46.)
_OUTSIDE_BODIES: tuple[tuple[str, ...], ...] = (
    ("HMIP",), ("HMI", "PROBATION"), ("HM", "INSPECTORATE"), ("INSPECTORATE",), ("HMPPS",),
    ("HQ",), ("PROBATION", "HQ"), ("COUNTY", "COUNCIL"), ("CITY", "COUNCIL"),
    ("HEAD", "OFFICE"), ("MOJ",), ("MINISTRY",), ("YOT",), ("YOS",), ("YJS",), ("YJB",),
    ("YOUTH", "OFFENDING"), ("YOUTH", "JUSTICE"), ("HOME", "OFFICE"), ("NHS",),
    ("CABINET", "OFFICE"), ("COUNCIL",), ("LOCAL", "AUTHORITY"), ("UNIVERSITY",), ("CHARITY",),
    ("TRADE", "UNION"), ("NAPO",), ("UNISON",), ("GMB",))
_ACRONYMS = frozenset({"HMIP", "HMI", "HM", "HMPPS", "HQ", "MOJ", "YOT", "YOS", "YJS", "YJB", "NHS",
                       "NAPO", "UNISON", "GMB"})

# Words in an HR title that say the post is empty or its holder gone or away, not the grade:
# "Vacant PO", "PO (Leaver)", "Former SPO", "PO (Career Break)" were read as a PO in post (a
# vacancy missed, a month away asked for a WMT reading). What each says, and what to give.
_STATUS_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    *(((w,), "vacant") for w in ("VACANT", "VACANCY", "VACANCIES", "UNFILLED", "UNOCCUPIED")),
    *(((w,), "left") for w in ("LEAVER", "LEAVERS", "FORMER", "EX", "RETIRED", "RESIGNED",
                                "DECEASED", "DISMISSED", "TERMINATED")),
    *((w, "away") for w in (("CAREER", "BREAK"), ("MATERNITY",), ("PATERNITY",), ("ADOPTION",),
                             ("PARENTAL",), ("SUSPENDED",), ("SICK",), ("SICKNESS",),
                             ("SECONDED", "OUT"), ("ON", "LEAVE"), ("UNPAID", "LEAVE"),
                             # HR's short forms (review 41): maternity leave, long-term sick,
                             # a secondment away from the post ("Seconded to" names no more
                             # than where: an Approved Premises is a post held)
                             ("MAT", "LEAVE"), ("ML",), ("LTS",), ("ON", "SECONDMENT"),
                             ("SECONDMENT", "OUT"), ("OUTWARD", "SECONDMENT"),
                             # seconded to a body outside the service: the inspectorate, head
                             # office, a youth justice service, the police (scenario round 36:
                             # "PO - Seconded to HMIP" was a PO in post, in an SPO's span)
                             *((how, "TO", *the, *body) for body in _OUTSIDE_BODIES
                               for how in ("SECONDED", "SECONDMENT") for the in ((), ("THE",))))),
)


@lru_cache(maxsize=4096)  # (a staff list of 20,000 writes a few dozen titles)
def title_status(written: str) -> tuple[str, str] | None:
    """What a grade as HR wrote it says of the post instead of its grade ("vacant", "left" or
    "away") and the words that say it (`PO (Career Break)`: away, "Career Break"); or None.
    Not a post held to cover someone away or a vacancy, nor a lead for it (`PO (Maternity
    Cover)`, `PO Sickness Absence Lead`), nor a specialism (`PO - Care Leavers`); "Ex" and
    "Former" only where they open the title (`Ex-PO`; `PSO (ex-CRC)` and `PQiP (former PSO)`
    say where someone in post was before)."""
    tokens = word_key(written).split("_")
    if not _NOT_A_STATUS.isdisjoint(tokens):
        return None
    if len(tokens) == 1 and tokens[0] in ("EX", "FORMER"):
        return None  # a word alone, no grade beside it: an unknown grade, with a suggestion
    for words, status in _STATUS_WORDS:
        for i in range(len(tokens) - len(words) + 1):
            if tuple(tokens[i:i + len(words)]) == words and not (
                    (words[0] in ("EX", "FORMER") and i > 0)
                    # a secondment here from elsewhere: "PSO (On Secondment from Police)"
                    or ("SECONDMENT" in words and {"FROM", "IN"} & set(tokens[i + len(words):]))
                    # a team named for the status ("SPO - LTS Team"), not someone away from a
                    # team ("PO (Mat Leave) - Court Team")
                    or (tokens[i + len(words):i + len(words) + 1] in (["TEAM"], ["UNIT"], ["HUB"])
                        and words[1:2] != ("TO",))  # ("Seconded to Youth Offending Team")
                    or (words[0].startswith("LEAVER") and i > 0 and tokens[i - 1] == "CARE")):
                return status, " ".join(_said(w) for w in words)
    return _seconded_out(written, tokens)


# Where a secondment may be to a post of the service itself, held where it is named: an
# Approved Premises, a prison's offender management unit, a court, or a team, unit or hub
# ("PO seconded to AP", "PO (Seconded to OMU)", "PSO Seconded to Police IOM team").
_SERVICE_POSTS = frozenset({"AP", "APS", "APPROVED", "OMU", "COURT", "COURTS"})
_SECONDED = re.compile(r"\b(?:seconded|secondment)\b[^()]*", re.IGNORECASE)


def _seconded_out(written: str, tokens: list[str]) -> tuple[str, str] | None:
    """A secondment away from the post that `_STATUS_WORDS` does not name: "seconded to" or
    "secondment to" a body it does not list ("PO (Seconded to Police PPU)", "PSO - Seconded to
    Northumbria Police"), or a secondment alone ("PSO (Secondment)", "PO (Seconded)"), read as
    the grade in post, in silence (scenarios round 50, P4); not one to a post of the service
    (`_SERVICE_POSTS`), nor one in or from elsewhere ("PO (Seconded In)"). Said as written."""
    for i, t in enumerate(tokens):
        if t not in ("SECONDED", "SECONDMENT"):
            continue
        rest = tokens[i + 1:]
        if rest and rest[0] != "TO":
            continue  # ("Seconded In", "Secondment from Police", "Secondment Team")
        body = rest[1:]
        if body[:1] == ["THE"]:
            body = body[1:]
        if body and (body[0] in _SERVICE_POSTS or {"TEAM", "UNIT", "HUB"} & set(body)):
            continue
        found = _SECONDED.search(written)
        said = found.group().strip(" -,;:") if found else " ".join(map(_said, tokens[i:]))
        return "away", said[:1].upper() + said[1:]
    return None


def _said(word: str) -> str:
    """A word of a status as a title writes it: `Career`, `ML`, `to`, `HMIP`, `Police`."""
    if word in ("TO", "THE"):
        return word.lower()
    if word in ("ML", "LTS") or word in _ACRONYMS:
        return word
    return word.capitalize()


# What a staff record's id or name says when it is no person but a place to park work: a post
# kept on the case management system while vacant ("VACANT - PO Post 07"), a list of cases not
# allocated ("UNALLOCATED"), a duty desk ("Duty Officer (Court/Allocations)"). Held as staff,
# they held 77 cases in silence and counted as staff in post (attack round 26, P2). The words
# a staff reference refuses for "no one" (`dataset._NO_ONE`) and a grade for "vacant"
# (`_STATUS_WORDS`); any of them anywhere in a name, as no person's name holds one.
_PLACEHOLDER_WORDS = {
    **dict.fromkeys(("VACANT", "VACANCY", "VACANCIES", "UNFILLED", "UNOCCUPIED"), "vacant"),
    **dict.fromkeys(("UNALLOCATED", "UNASSIGNED"), "unallocated")}
_PLACEHOLDER_PHRASES = ((("NOT", "ALLOCATED"), "unallocated"), (("NOT", "ASSIGNED"), "unallocated"),
                        (("AWAITING", "ALLOCATION"), "unallocated"))
_PLACEHOLDER_WHOLE = {("NO", "ONE"): "unallocated", ("NOBODY",): "unallocated"}
# "Duty" opens a duty desk's name with one of these after it, or alone: "Duty, Anna" (a surname
# first, as HR writes it) is a person
_DUTY_DESKS = frozenset({"OFFICER", "OFFICERS", "WORKER", "WORKERS", "MANAGER", "TEAM", "DESK",
                         "PRACTITIONER", "PO", "PSO", "SPO", "ROTA", "INBOX", "POOL", "CASES",
                         "COURT", "COURTS", "ALLOCATION", "ALLOCATIONS", "LIST", "HUB"})
_ID_BREAKS = re.compile(r"[^A-Z0-9]+|(?<=[A-Z])(?=[0-9])|(?<=[0-9])(?=[A-Z])")


def placeholder_of(written: str) -> str | None:
    """What a staff record's id or name says it is when it names no person (`_PLACEHOLDER_WORDS`):
    "vacant" (a post), "unallocated" (cases not allocated) or "duty" (a duty desk); else None.
    Any case; words apart by any marks, or by a letter beside a digit (`VACANT01`)."""
    up = written.upper()
    # (a test that most ids and names fail at once: a national staff list holds 40,000)
    if not ("VACAN" in up or "DUTY" in up or "ALLOCAT" in up or "ASSIGN" in up
            or "UNFILL" in up or "UNOCC" in up or up.startswith("NO")):  # fmt: skip
        return None
    tokens = [t for t in _ID_BREAKS.split(up) if t]
    for t in tokens:
        if t in _PLACEHOLDER_WORDS:
            return _PLACEHOLDER_WORDS[t]
    for words, what in _PLACEHOLDER_PHRASES:
        if any(tuple(tokens[i:i + len(words)]) == words for i in range(len(tokens))):
            return what
    if tuple(tokens) in _PLACEHOLDER_WHOLE:
        return _PLACEHOLDER_WHOLE[tuple(tokens)]
    if tokens and tokens[0] == "DUTY" and (len(tokens) == 1 or tokens[1] in _DUTY_DESKS):
        return "duty"
    return None


# words that make a status word part of a post's name (a cover post, a lead for sickness)
_NOT_A_STATUS = frozenset({"COVER", "COVERING", "LEAD", "LEADS", "OFFICIO", "CHAMPION",
                           "LIAISON", "COORDINATOR", "SPECIALIST", "ADVISOR", "ADVISER", "POLICY"})


# Words before a grade that make a post over its holders, not one of them: a "Supervising
# Probation Officer" or a "Managing Probation Officer" is no PO (review 41), where "PO -
# Managing MAPPA cases" is a PO.
_OVER_THE_GRADE = frozenset({"supervising", "supervisory", "managing"})


# Abbreviations HR systems cut a title to (a position's name has 30 characters in some), and
# spellings of one word: "Snr Probation Officer" is a Senior Probation Officer, an SPO, and "Snr
# PSO" a "Senior PSO" (a grade left unknown, as `_NOT_A_PLACE` says); "Co-ordinator" is
# "Coordinator"; an "Acting Up" post is an acting one.
_SENIOR = frozenset({"SNR", "SR", "SEN", "SENR"})


# HR's words for a spell in a grade above the holder's own, written without "Acting": a
# temporary promotion ("PSO (TP to PO)", "PSO (Promoted to PO)"), a temporary duties allowance
# ("PO (TDA SPO)"), cover ("PO (Covering SPO)") and the short forms "Act" and "A/" ("PSO (Act
# PO)", "PO (A/SPO)"). Each was read as the holder's own grade, their work in the grade above
# judged against it with no word (scenarios round 52, P1). Where a grade follows (after "to",
# "as" or "up") and ends the words, or is followed by the spell's days alone, they are
# "Acting": the grade acted in, named by every rule that judges by grade (`acting_undated`),
# or with dates a spell (`_acting_for_a_time`). "Covering" with no grade after it ("PO
# (Covering Courts)") and "Act" in a team's name ("Mental Health Act") stay words of a place;
# a grade with more words after it names whose work is covered, not the post taken ("PSO
# (Covering PO caseload)", "PSO (Covering PO work)": a PSO doing a PO's work, which 7a is
# about; review 50, P5: it was read as an acting PO, the breach hidden). "A/" is "Acting"
# only as one word with the grade's code ("A/SPO"), not in a team's "A/B" (review 50, P8).
_ACTING_WORDS = frozenset({"ACTING", "ACT", "TP", "TDA", "PROMOTED", "PROMOTION", "COVERING",
                           "A/"})  # fmt: skip
_TO_THE_GRADE = frozenset({"UP", "TO", "AS", "INTO"})
# the words of a spell's days, as `_acting_for_a_time` reads them ("until 31 March 2025",
# "02-12-2024 to 28-02-2025", "for 3 months", "until the end of March"): beside a day, a
# month, an end or a length (`_spell_days_only`), these words only join them
_SPELL_JOINS = frozenset({"to", "from", "for", "of", "the", "end", "and", "wef", "w/e/f"})


def _grade_ends(tokens: list[str], at: int) -> list[int]:
    """Where the known grades whose spelling starts at `tokens[at]` end (`tokens[at:end]`)."""
    index = grade_index()
    return [end for end in range(at + 1, len(tokens) + 1) if "_".join(tokens[at:end]) in index]


def _grade_at(tokens: list[str], at: int) -> bool:
    """Whether a known grade's spelling starts at `tokens[at]`."""
    return bool(_grade_ends(tokens, at))


def _spell_days_only(tokens: list[str]) -> bool:
    """Whether `tokens` are a spell's days or length alone ("UNTIL 31 MARCH 2025", "04/11/2024
    TO 31/01/2025", "3 MONTHS"): at least one day, month, end or length, and nothing else."""
    words = [t.lower() for t in _days_apart(tokens)]
    said = [w for w in words if _a_day(w) or w in _MONTHS or w in _SPELL_ENDS or
            w in _SPELL_UNITS]  # fmt: skip
    return bool(said) and all(w in _SPELL_JOINS or w in said for w in words)


def _acted_grade_ends(tokens: list[str], at: int) -> bool:
    """Whether a known grade starts at `tokens[at]` and ends the words, or is followed only by
    a spell's days: the grade a word for acting names as the post taken ("TP to PO", "Covering
    SPO until 31 March 2025"), not whose work ("Covering PO caseload")."""
    return any(end == len(tokens) or _spell_days_only(tokens[end:])
               for end in _grade_ends(tokens, at))


def _a_slash_acting(tokens: list[str]) -> list[str]:
    """`tokens` with HR's "A/" before a grade's code split from it ("A/SPO": "A/", "SPO"), where
    the grade ends the words or only a spell's days follow; "A/B" (a team) and "A/C" stay."""
    out: list[str] = []
    for i, t in enumerate(tokens):
        if t.startswith("A/") and len(t) > 2 and _acted_grade_ends(
                [t[2:], *tokens[i + 1:]], 0):  # fmt: skip
            out += ["A/", t[2:]]
        else:
            out.append(t)
    return out


def acting_short_form(words: str) -> bool:
    """Whether the words after HR's "A/" in a grade (`SPO` of `PO (A/SPO)`) are a grade's code
    read as the grade acted in: the grade, ending the words or followed only by a spell's
    days (`schemacheck.grade_hint` offers "Acting" for "A/" there alone: review 50, P8)."""
    return _acted_grade_ends(word_key(words).split("_"), 0)


def _spelt_out(tokens: list[str]) -> list[str]:
    out: list[str] = []
    tokens = _a_slash_acting(tokens)  # ("A/SPO" is one word to `word_key`)
    skip = 0
    for i, t in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if t in _ACTING_WORDS:
            after = i + 1
            while after < len(tokens) and tokens[after] in _TO_THE_GRADE:
                after += 1
            # ("Acting" is itself the word; "TP to PO", "Covering SPO": acting as the grade)
            if _grade_at(tokens, after) if t == "ACTING" else _acted_grade_ends(tokens, after):
                out.append("ACTING")
                skip = after - i - 1
                continue
        if t in _SENIOR:
            out.append("SENIOR")
        elif t == "ORDINATOR" and out and out[-1] == "CO":
            out[-1] = "COORDINATOR"
        elif t == "PO" and out and out[-1] == "SENIOR":  # "Snr PO": a Senior Probation Officer
            out += ["PROBATION", "OFFICER"]
        elif t == "UP" and out and out[-1] == "ACTING":
            continue
        else:
            out.append(t)
    return out


# Words of a post's terms, not of its job: the holder of an "Acting SPO" or "PSO (Interim)"
# post does the job of that grade, and the rules for the grade are the job's (7a, 9).
_TERMS = frozenset({"acting", "interim", "temporary", "temp", "seconded", "secondee",
                    "secondment", "fixed", "term", "ftc", "relief", "locum", "agency",
                    "cover", "job", "share", "sharer", "part", "full", "time", "parttime",
                    "fulltime", "maternity", "paternity", "adoption", "jobshare",
                    "jobsharer",
                    # how the holder works the post's hours (scenario round 37: "SPO (Compressed
                    # Hours)" and "SPO (Phased Return)" were read as SPO roles of those names,
                    # a health matter shown as an occupation in the indicators)
                    "compressed", "hours", "hrs", "phased", "return", "flexi", "flexible",
                    "flexitime", "working", "sessional", "night", "nights", "evening",
                    "evenings", "weekend", "weekends", "days", "fortnight", "annualised",
                    "annualized", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
                    "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday",
                    "saturday", "sunday"})  # fmt: skip


def _without_days(tokens: list[str]) -> list[str]:
    """`tokens` without a number of days worked ("4 day week", "9 Day Fortnight", "2 days"),
    a term of the post; "Day" alone stays a word of its role ("SPO (Day Services)", review 47:
    it was dropped, and the role read as SPO_SERVICES), where "Days" is a shift, as "Nights"
    is."""
    out: list[str] = []
    for t in tokens:
        if t in ("DAY", "DAYS") and out and out[-1].isdigit():
            out.pop()
            out.append("\0")  # (what follows, a week or a fortnight, goes with it)
        elif t in ("WEEK", "WEEKS") and out and out[-1] == "\0":
            continue
        else:
            out.append(t)
    return [t for t in out if t != "\0"]


# A post's full-time equivalent beside its grade ("SPO (0.6)", "PO 0.8 FTE"): a term too.
_FTE = re.compile(r"[01]?\.\d+|FTE|WTE")
# (review 42: "Job Share SPO", "SPO (Maternity Cover)" and "Part Time SPO" were read as SPO
# roles of those names, where the same words beside PO were dropped as terms)
# The work a grade's holder does, beside the grade: a "PSO Case Manager" or a "Case Manager
# (PSO)" is a PSO who holds cases, and the rules for the grade are the job's (7a). So is a
# "Trainee PSO" a PSO (a PO in training is a PQiP learner, a grade of its own).
_JOB_WORDS = (("CASE", "MANAGER"), ("CASE", "HOLDER"), ("OFFENDER", "MANAGER"),
              ("CASE", "WORKER"), ("TRAINEE",), ("IN", "TRAINING"))


def _without_job_words(tokens: list[str]) -> str | None:
    """The grade of `tokens` with the words of its holder's work taken out, where what is left
    is a known grade that keeps its name with them (a PSO's or a PO's; with "trainee", only a
    PSO's: a trainee PO is a PQiP learner); else None ("Case Manager" alone names no grade)."""
    rest = list(tokens)
    trainee = False
    for words in _JOB_WORDS:
        for at in range(len(rest) - len(words) + 1):
            if tuple(rest[at:at + len(words)]) == words:
                del rest[at:at + len(words)]
                trainee = trainee or words in (("TRAINEE",), ("IN", "TRAINING"))
                break
    if not rest or len(rest) == len(tokens):
        return None
    grade = grade_index().get("_".join(rest))
    if grade is None or grade.name not in (("PSO",) if trainee else _KEEPS_ITS_NAME):
        return None
    return grade.name


# The grades whose holders keep the grade's name whatever work is named beside it: a PSO case
# manager is a PSO, a PO case manager a PO; a "Trainee PO" is no PO (it is a PQiP learner,
# which the vocabulary knows by its own names), so a trainee is read only with a PSO.
_KEEPS_ITS_NAME = frozenset({"PSO", "PO"})


# A level within a grade, after it: "PSO 2", "PSO II"
_LEVEL = re.compile(r"[1-9]|I{1,3}|IV|V")


def _swapped(tokens: list[str]) -> bool:
    """Whether `tokens` are another grade's title with its words in another order
    ("Probation Officer Services" for "Probation Services Officer": no PO in a Services team,
    review 42), which is no grade known: a team's name beside a grade ("PSO Court Services") is
    a place."""
    if len(tokens) < 3:
        return False
    key = tuple(sorted(tokens))
    return any(tuple(sorted(k.split("_"))) == key and k != "_".join(tokens)
               for k in grade_index() if k.count("_") == len(tokens) - 1)  # fmt: skip


def _around(tokens: list[str]) -> str | None:
    """The grade of a known grade written with a place or team beside it, as words and no
    brackets ("Court PSO", "PSO Courts", "Victims PO"), its own code beside it ("Probation
    Services Officer (PSO)") or a level after it ("PSO 2", "PSO II"). An SPO's place names its
    role (9c: "Court SPO" is SPO_COURT). None when a word beside it says what the holder is
    (`_NOT_A_PLACE`), or is another grade ("PO (NQO)"), or more than three words are."""
    if len(tokens) > 8:
        return None
    index = grade_index()
    for i in range(len(tokens)):
        for j in range(len(tokens), i, -1):  # the longest spelling first
            grade = index.get("_".join(tokens[i:j]))
            if grade is None:
                continue
            before, after = tokens[:i], tokens[j:]
            own = _spellings(grade.name)
            for k in range(len(after), 0, -1):  # its own name or code beside it
                if "_".join(after[:k]) in own:
                    after = after[k:]
                    break
            if after and _LEVEL.fullmatch(after[-1]):
                after = after[:-1]
            rest = before + after
            if len(rest) > 3 or any(t.lower() in _NOT_A_PLACE or not t.isalpha()
                                    or t in index for t in rest) or _swapped(tokens) or any(
                    t.lower() in _OVER_THE_GRADE for t in before):  # fmt: skip
                return None
            if grade.name == "SPO" and rest:
                return "SPO_" + "_".join(rest)
            return grade.name
    return None


def _qualified(word: str) -> str | None:
    """The grade of a known grade written with a team, a place or a speciality beside it (an
    SPO's are grades of their own, 9c: above): the holder of "PSO (Courts)" is a PSO, under
    every rule a PSO is. None when the words beside it say what the holder is ("Probation
    Officer (Trainee)", "PO (NQO)": which grade is meant is not guessed) or the grade is not
    known."""
    found = _QUALIFIED.fullmatch(word)
    if found is None:
        return None
    beside = next(g for g in found.groups()[1:] if g is not None)
    beside_words = word_key(beside).split("_")
    words = {w.lower() for w in beside_words}
    # (a grade among the words beside it, "PO (SPO Shadowing)", as `_around` refuses one: the
    # scenarios of round 52, P1, where "TP to PO" beside "PSO" read as a PSO; not one held
    # before, "PQiP (former PSO)", nor one whose work is named, "PSO (Covering PO caseload)":
    # the holder's own grade does that grade's work, as 7a judges it, review 50, P5)
    if any(beside_words[at - 1:at] not in _HELD_BEFORE and not _work_of(beside_words, at)
           for at in range(len(beside_words)) if _grade_at(beside_words, at)) or \
            not words.isdisjoint(_NOT_A_PLACE):  # fmt: skip
        return None
    grade = canonical_grade(found[1])  # ("Band 4 PSO (Court)": the band is dropped first)
    if grade is None or grade.startswith("SPO") or word_key(grade) not in grade_index():
        return None
    return grade


_HELD_BEFORE = (["EX"], ["FORMER"], ["FORMERLY"], ["PREVIOUSLY"])
# what of a grade's a holder of another covers ("PO caseload", "SPO duties"): its work, not
# the grade itself
_WORK = frozenset({"CASELOAD", "CASELOADS", "CASES", "WORK", "WORKLOAD", "DUTIES", "TASKS",
                   "CASEWORK"})


def _work_of(tokens: list[str], at: int) -> bool:
    """Whether the grade whose spelling starts at `tokens[at]` is followed by the name of its
    work alone ("PO caseload", "PO work", "SPO duties"): whose work, not a grade held."""
    return any(end + 1 == len(tokens) and tokens[end] in _WORK
               for end in _grade_ends(tokens, at))


_BAND = re.compile(r"(?:(.+?)_)?BAND_[0-9]+[A-Z]?(?:_(.+))?")


@cache
def _spellings(name: str) -> tuple[str, ...]:
    """A known grade's name and aliases, as `word_key`s, longest first."""
    grade = grade_index()[word_key(name)]
    return tuple(sorted({word_key(s) for s in (grade.name, *grade.aliases)}, key=len,
                        reverse=True))  # fmt: skip


@cache
def grade_family(name: str) -> str:
    """The family whose caps a canonical grade falls under when it has none of its own."""
    grade = grade_index().get(word_key(name))
    if grade is not None:
        return grade.family
    for prefix, family in GRADE_FAMILY_PREFIXES.items():
        if name.startswith(prefix) and not _acting_for_a_time(name.split("_")):
            return family  # ("SPO_ACTING_3_WEEKS" is a spell as an SPO, no SPO's role)
    return ""


def in_family(grade: str, wanted: Container[str | None],
              declared: Mapping[str, str] | None = None) -> str | None:  # fmt: skip
    """`grade`, or the first grade up its chain of families (a config's or policy's
    declarations, `declared`, then the vocabulary's: an NQO's is PO, SPO_COURTS's SPO) that is
    in `wanted`; None if none is (a loop of declarations ends the walk)."""
    seen: set[str] = set()
    up: str | None = grade
    while up and up not in seen:
        if up in wanted:
            return up
        seen.add(up)
        up = (declared or {}).get(up) or grade_family(up)
    return None


# A role's words as a job title gives them, beside the role's own name read as words
# ("MAPPA Chair" is a MAPPA coordinator's job: they chair its Level 2 and 3 meetings).
_ROLE_TITLES: dict[str, tuple[tuple[str, ...], ...]] = {
    "mappa_coordinator": (("MAPPA", "CHAIR"),),
}


@cache
def title_names_role(grade: str, role: str) -> bool:
    """Whether a grade as a job title gives it names `role` in its words, though no record
    gives the role (`SPO_MAPPA_COORDINATOR`, from "Senior Probation Officer - MAPPA
    Co-ordinator"): the role's own words, in order, or a title of it (`_ROLE_TITLES`). A
    grade that is the role's (`MAPPA_COORDINATOR`) names it too."""
    words = tuple(word_key(grade).split("_"))
    for wanted in ((*role.upper().split("_"),), *_ROLE_TITLES.get(role, ())):
        n = len(wanted)
        if any(words[i:i + n] == wanted for i in range(len(words) - n + 1)):
            return True
    return False


@cache
def implied_roles(grade: str) -> tuple[str, ...]:
    """The roles of 6 a grade carries whatever its holder's `roles` say."""
    found = grade_index().get(word_key(grade))
    return found.roles if found is not None else ()


LOOKALIKE = str.maketrans("0158", "OISB")  # digits typed for the letters they look like


def _edits(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from a to b, stopping past 2."""
    if abs(len(a) - len(b)) > 2:
        return 3
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def near_miss(word: str, known: Iterable[str]) -> str | None:
    """The known name `word` is a slip of (PS0 for PSO, HEAD_OF_INTERVENTION), or None.

    A slip is a letter typed as a look-alike digit, or one edit (two in names of eight
    letters or more) from a known name of three letters or more. Anything further is a
    different name, not a typo.
    """
    key = word_key(word)
    names = {word_key(k): k for k in known}
    if key in names:
        return None
    folded = key.translate(LOOKALIKE)
    if folded != key and folded in names:
        return names[folded]
    best: tuple[int, str] | None = None
    for k, name in sorted(names.items()):
        if len(k) < 3 or len(key) < 3:
            continue
        d = _edits(key, k)
        if d <= (2 if min(len(k), len(key)) >= 8 else 1) and (best is None or d < best[0]):
            best = (d, name)
    return best[1] if best else None


def known_grade_names() -> tuple[str, ...]:
    return tuple(sorted({s for g in GRADES for s in (g.name, *g.aliases)}))


# ---------------------------------------------------------------------------------------------
# Records. Every record knows the file and line it came from. The classes are made from the
# description in `datamodel.py` (msgspec Structs: cheaper to create at import than attrs
# classes, and four times quicker to build); the declarations under TYPE_CHECKING say the
# same for type checkers, and tests/test_datamodel.py holds them to it.

_ANNOTATIONS: dict[str, Any] = {
    "staff": str, "id": str, "string": str, "grade": str, "text": str, "enum": str,
    "date": dt.date, "week": dt.date, "hours": float, "percent": float, "count": int,
    "bool": bool, "list": tuple[str, ...],
}  # fmt: skip


def _record_classes() -> dict[str, type]:
    """A frozen msgspec Struct for each described record kind: its required fields, then
    `file` and `line`, then the rest with their defaults."""
    import msgspec

    out: dict[str, type] = {}
    for kind in (_dm.REPORT_SUBJECT, *_dm.RECORD_KINDS):
        required: list[Any] = []
        rest: list[Any] = []
        for f in kind.fields:
            t = out["report_subject"] if f.type == "record" else _ANNOTATIONS[f.type]
            if f.required:
                required.append((f.name, t))
            else:
                rest.append((f.name, t | None if f.optional else t, f.default))
        place: list[Any] = [] if kind is _dm.REPORT_SUBJECT else [("file", str), ("line", int)]
        if kind.name == "job_description":
            rest += [("text_line", int, 1), ("field_lines", tuple[tuple[str, int], ...], ())]
        if kind.name == "staff":  # the grade as written, when acting with no dates, or when
            # held by agency or locum staff (no input fields: `builders`, `acting_undated`,
            # `agency_held`)
            rest += [("acting", str | None, None), ("agency", str | None, None)]
        # gc=False: a record holds only strings, numbers, dates and tuples of them, so it can
        # be in no reference cycle; the collector need not track (or walk) millions of them.
        out[kind.name] = msgspec.defstruct(kind.cls_name, [*required, *place, *rest],
                                           frozen=True, gc=False, module=__name__)  # fmt: skip
    return out


_CLASSES = _record_classes()

if TYPE_CHECKING:

    class Staff(msgspec.Struct, frozen=True):
        id: str
        grade: str
        file: str
        line: int
        name: str | None = None
        roles: tuple[str, ...] = ()
        contracted_hours: float | None = None
        qualified_on: dt.date | None = None
        line_manager: str | None = None
        pta: str | None = None
        pso_assessor: str | None = None
        unit: str | None = None
        region: str | None = None
        band: str | None = None
        gender: str | None = None
        ethnicity: str | None = None
        started_on: dt.date | None = None
        left_on: dt.date | None = None
        flexitime: bool | None = None
        acting: str | None = None
        agency: str | None = None

    class Timesheet(msgspec.Struct, frozen=True):
        staff: str
        week: dt.date
        hours_worked: float
        file: str
        line: int
        toil_hours: float = 0.0
        paid_excess_hours: float = 0.0
        hours_due: float | None = None

    class UpwSession(msgspec.Struct, frozen=True):
        id: str
        date: dt.date
        supervisors: tuple[str, ...]
        members: int
        contact_hours: float
        file: str
        line: int
        site: str | None = None

    class ProgrammeSession(msgspec.Struct, frozen=True):
        id: str
        date: dt.date
        programme: str
        facilitators: tuple[str, ...]
        file: str
        line: int

    class MappaMeeting(msgspec.Struct, frozen=True):
        id: str
        date: dt.date
        chair: str
        type: str
        level: int
        file: str
        line: int

    class WmtReading(msgspec.Struct, frozen=True):
        staff: str
        percent: float
        file: str
        line: int
        week: dt.date | None = None
        date: dt.date | None = None

    class Case(msgspec.Struct, frozen=True):
        id: str
        practitioner: str
        file: str
        line: int
        tier: str | None = None
        rosh: str | None = None
        opened: dt.date | None = None
        closed: dt.date | None = None
        mappa_level: int = 0
        flags: tuple[str, ...] = ()

    class ReportSubject(msgspec.Struct, frozen=True):
        rosh: str | None = None
        reoffending: str | None = None
        mappa_level: int = 0
        flags: tuple[str, ...] = ()

    class Report(msgspec.Struct, frozen=True):
        id: str
        author: str
        type: str
        date: dt.date
        subject: ReportSubject
        file: str
        line: int

    class SfoReview(msgspec.Struct, frozen=True):
        id: str
        manager: str
        required_signoffs: tuple[str, ...]
        file: str
        line: int
        signed_off: tuple[str, ...] = ()

    class Establishment(msgspec.Struct, frozen=True):
        posts: float
        file: str
        line: int
        unit: str | None = None
        grade: str | None = None

    class Absence(msgspec.Struct, frozen=True):
        staff: str
        first_day: dt.date
        last_day: dt.date
        reason: str
        file: str
        line: int
        days: float | None = None

    class Incident(msgspec.Struct, frozen=True):
        id: str
        date: dt.date
        type: str
        file: str
        line: int
        staff: str | None = None
        unit: str | None = None

    class Unallocated(msgspec.Struct, frozen=True):
        week: dt.date
        cases: int
        file: str
        line: int
        unit: str | None = None

    class JobDescription(msgspec.Struct, frozen=True):
        id: str
        title: str
        grade: str
        text: str
        file: str
        line: int
        line_management: bool | None = None
        span_of_control: int | None = None
        text_line: int = 1
        field_lines: tuple[tuple[str, int], ...] = ()

else:
    Staff = _CLASSES["staff"]
    Timesheet = _CLASSES["timesheet"]
    UpwSession = _CLASSES["upw_session"]
    ProgrammeSession = _CLASSES["programme_session"]
    MappaMeeting = _CLASSES["mappa_meeting"]
    WmtReading = _CLASSES["wmt"]
    Case = _CLASSES["case"]
    ReportSubject = _CLASSES["report_subject"]
    Report = _CLASSES["report"]
    SfoReview = _CLASSES["sfo_review"]
    JobDescription = _CLASSES["job_description"]
    Establishment = _CLASSES["establishment"]
    Absence = _CLASSES["absence"]
    Incident = _CLASSES["incident"]
    Unallocated = _CLASSES["unallocated"]


Record = (
    Staff | Timesheet | UpwSession | ProgrammeSession | MappaMeeting | WmtReading | Case | Report
    | SfoReview | JobDescription | Establishment | Absence | Incident | Unallocated
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# What the policy language knows about each kind of record.


class Kind(msgspec.Struct, frozen=True):
    """A kind of record as the policy language sees it."""

    name: str  # as written after `for each`
    cls: type
    section: str  # the key of the list in the input file
    fields: Mapping[str, FieldType]
    date_fields: tuple[str, ...] = ()  # fields that date a record, first one set wins
    subject: str = "id"  # the field whose value names the record in a finding
    noun: str = ""  # how a sentence names one of these
    # the fields giving the days a record is held, from the first up to (not on) the second;
    # `most at once` counts by them
    span_fields: tuple[str, str] | None = None
    span_verb: str = "held"  # how a finding says a record is within its span
    undated_note: bool = True  # say which records give no first span date
    span_dates: bool = False  # a finding on one record is dated by its span (a case's)

    @property
    def a_noun(self) -> str:
        """The noun with its article: "an unpaid work session", "an SFO review"."""
        an = self.noun[:1].lower() in "aeiou" or self.noun.startswith("SFO")
        return f"{'an' if an else 'a'} {self.noun}"

    def nouns(self) -> str:
        """The noun for several: "timesheets", "establishment entries", "counts of
        unallocated cases"."""
        head, of, rest = self.noun.partition(" of ")
        head = f"{head[:-1]}ies" if head.endswith("y") else f"{head}s"
        return f"{head}{of}{rest}"


_SIMPLE_TYPES = {"staff": STAFF, "id": STRING, "string": STRING, "grade": STRING, "text": TEXT,
                 "date": DATE, "week": DATE, "bool": BOOL}  # fmt: skip
_DIMS = {"hours": "hours", "percent": "percent", "count": "count"}


def _field_type(f: _dm.Field) -> FieldType:
    """The type the policy language sees for a described field."""
    if f.type == "list":
        elem = enum(*f.values) if f.elem == "enum" else _SIMPLE_TYPES[f.elem]
        t = list_of(elem)
    elif f.type == "enum":
        t = enum(*f.values)
    elif f.type == "record":
        t = FieldType("record", record=f.record)
    elif f.type in _DIMS:
        t = number(_DIMS[f.type])
    else:
        t = _SIMPLE_TYPES[f.type]
    return optional(t) if f.optional else t


def _fields(kind: _dm.RecordKind) -> dict[str, FieldType]:
    return {f.name: _field_type(f) for f in kind.fields}


SUBJECT_FIELDS: dict[str, FieldType] = _fields(_dm.REPORT_SUBJECT)
STAFF_FIELDS: dict[str, FieldType] = _fields(_dm.BY_NAME["staff"])
_SECTION_OF = {kind: section for lists in _dm.LISTS.values() for section, kind in lists.items()}

KINDS: dict[str, Kind] = {
    k.name: Kind(k.name, _CLASSES[k.name], _SECTION_OF.get(k.name, ""), _fields(k),
                 date_fields=k.date_fields, subject=k.subject, noun=k.noun,
                 span_fields=k.span_fields, span_verb=k.span_verb,
                 undated_note=k.undated_note, span_dates=k.span_dates)
    for k in _dm.RECORD_KINDS
}

# Nested records reachable through a field of type `record`.
NESTED: dict[str, Mapping[str, FieldType]] = {"report_subject": SUBJECT_FIELDS}

KIND_BY_CLASS: dict[type, Kind] = {k.cls: k for k in KINDS.values()}


def replace(record: Any, **changes: Any) -> Any:
    """A copy of a record with some fields changed (records are frozen Structs)."""
    import msgspec

    return msgspec.structs.replace(record, **changes)


def record_day(kind: Kind, record: object) -> dt.date | None:
    """The day a record is dated by (a week's Monday for weekly records), or None."""
    for name in kind.date_fields:
        value = getattr(record, name)
        if value is not None:
            return value  # type: ignore[no-any-return]
    return None


def in_post(started_on: dt.date | None, left_on: dt.date | None,
            first: dt.date, last: dt.date) -> bool:
    """In post on some day from `first` to `last`: a person is in post from `started_on` to
    the day before `left_on` (someone who leaves the day they start is never in post). The
    one reading of it, for the rules' `among staff` and for the clause 3 indicators."""
    start = first if started_on is None else max(first, started_on)
    return start <= last and (left_on is None or left_on > start)


def record_label(record: object) -> str:
    """A short name for a record in evidence lists: its id, or what it is about and when."""
    kind = KIND_BY_CLASS[type(record)]
    if "id" in kind.fields and kind.name != "job_description":
        return str(record.id)  # type: ignore[attr-defined]
    if kind.name == "job_description":
        return str(record.id)  # type: ignore[attr-defined]
    day = record_day(kind, record)
    subject = getattr(record, kind.subject)
    if kind.name == "wmt":
        when = f"week {day}" if record.week is not None else str(day)  # type: ignore[attr-defined]
        return f"WMT {subject} {when}"
    if day is None:
        return f"{kind.noun} {subject}"
    weekly = kind.date_fields[0] == "week"
    return f"{kind.noun} {subject} {'week ' if weekly else ''}{day}"
