"""Tests for the JSON Schemas that define the workrules input files.

The schemas ship inside the package (``workrules/schemas``). These tests check that
they are valid draft 2020-12 schemas, that the spec's example files pass them, and
that they reject the mistakes a user is likely to make.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

KINDS = ("rota", "allocation", "staff", "job-description")
DATE_RX = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
WEEK_RX = r"^[0-9]{4}-W[0-9]{2}$"
EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "spec" / "examples"


def _schema_dir():
    """Schemas from the installed package if possible, else from the source tree."""
    try:
        from importlib.resources import files

        candidate = files("workrules") / "schemas"
        if (candidate / "rota.schema.json").is_file():
            return candidate
    except (ImportError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "src" / "workrules" / "schemas"


def _load_schema(kind):
    return json.loads((_schema_dir() / f"{kind}.schema.json").read_text(encoding="utf-8"))


SCHEMAS = {kind: _load_schema(kind) for kind in KINDS}
VALIDATORS = {kind: Draft202012Validator(schema) for kind, schema in SCHEMAS.items()}


def errors(kind, document):
    return list(VALIDATORS[kind].iter_errors(document))


def accepted(kind, document):
    return VALIDATORS[kind].is_valid(document)


# --- loading files the way the loader does ------------------------------------------


class NoTimestampLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings, as the workrules loader does."""


NoTimestampLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?(.*)\Z", re.S | re.M)


def load_document(path):
    """Return the mapping an input file describes (front matter, for Markdown)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".md":
        match = FRONT_MATTER.match(text)
        assert match, f"{path}: no front matter"
        return yaml.load(match.group(1), Loader=NoTimestampLoader)
    return yaml.load(text, Loader=NoTimestampLoader)


def _example_files():
    if not EXAMPLES.is_dir():
        return []
    found = []
    for path in sorted(EXAMPLES.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix.lower() in {".yaml", ".yml", ".json"}:
            found.append(path)
        elif path.suffix.lower() == ".md" and path.read_text(encoding="utf-8").startswith("---"):
            # Markdown without front matter (e.g. EXPECTED.md) is documentation, not input.
            found.append(path)
    return found


EXAMPLE_FILES = _example_files()


def test_yaml_loader_keeps_dates_as_strings():
    assert yaml.load("d: 2024-06-03", Loader=NoTimestampLoader) == {"d": "2024-06-03"}
    # and the stock loader is left alone
    assert not isinstance(yaml.load("d: 2024-06-03", Loader=yaml.SafeLoader)["d"], str)


# --- the schemas themselves ---------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_draft_2020_12(kind):
    schema = SCHEMAS[kind]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://workrules.invalid/schemas/{kind}.schema.json"
    assert schema["title"]
    assert schema["properties"]["kind"] == {**schema["properties"]["kind"], "const": kind}
    assert "kind" in schema["required"]


def _walk(node, path="#"):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}/{i}")


@pytest.mark.parametrize("kind", KINDS)
def test_every_object_is_closed(kind):
    for path, node in _walk(SCHEMAS[kind]):
        if node.get("type") == "object" or "properties" in node:
            assert node.get("additionalProperties") is False, path


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_is_described_and_refs_are_local(kind):
    schema = SCHEMAS[kind]
    for path, node in _walk(schema):
        if "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/$defs/"), (path, ref)
            assert ref.split("/")[-1] in schema["$defs"], (path, ref)
        if isinstance(node.get("properties"), dict) and not path.endswith("/properties"):
            for name, prop in node["properties"].items():
                assert prop.get("description"), f"{path}/properties/{name}"


# --- the contract's examples --------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES or [None], ids=lambda p: p and p.relative_to(EXAMPLES).as_posix())
def test_spec_example_validates(path):
    if path is None:
        pytest.skip(f"spec examples not found at {EXAMPLES}")
    document = load_document(path)
    assert isinstance(document, dict) and document.get("kind") in KINDS, path
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors(document["kind"], document)]
    assert problems == [], path
    if path.suffix.lower() == ".md":
        # The same keys as a YAML file, body in `text:`.
        body = FRONT_MATTER.match(path.read_text(encoding="utf-8")).group(2)
        assert accepted(document["kind"], {**document, "text": body})


def test_spec_examples_cover_every_kind():
    if not EXAMPLE_FILES:
        pytest.skip(f"spec examples not found at {EXAMPLES}")
    assert {load_document(p)["kind"] for p in EXAMPLE_FILES} == set(KINDS)


# --- small documents ----------------------------------------------------------------


def staff_member(**extra):
    return {"id": "S001", "grade": "PO", **extra}


def timesheet(**extra):
    return {"staff": "S001", "week": "2024-06-03", "hours_worked": 41.5, **extra}


def upw(**extra):
    return {"id": "U1", "date": "2024-06-04", "supervisors": ["S010"], "members": 7, "contact_hours": 7.5, **extra}


def meeting(**extra):
    return {"id": "M1", "date": "2024-06-05", "chair": "S030", "type": "initial", "level": 2, **extra}


def report(subject=None, **extra):
    return {"id": "R1", "author": "S002", "type": "sdr", "date": "2024-06-10",
            "subject": subject if subject is not None else {"rosh": "high"}, **extra}


def rota(**lists):
    return {"kind": "rota", **lists}


def allocation(**lists):
    return {"kind": "allocation", **lists}


def jd(**extra):
    return {"kind": "job-description", "title": "Senior Probation Officer", "grade": "SPO", **extra}


def test_minimal_files_are_accepted():
    assert accepted("rota", {"kind": "rota"})
    assert accepted("allocation", {"kind": "allocation", "unit": "North Tyneside PDU"})
    assert accepted("staff", {"kind": "staff", "staff": []})
    assert accepted("job-description", jd())


def test_full_contract_documents_are_accepted():
    assert accepted("rota", rota(
        unit="North Tyneside PDU",
        staff=[staff_member(name="A. Example", roles=["pta"], contracted_hours=37, qualified_on="2024-05-20",
                            line_manager="S009", pta="S005", pso_assessor="S006")],
        timesheets=[timesheet(toil_hours=2, paid_excess_hours=0)],
        upw_sessions=[upw(site="Riverside allotments")],
        programme_sessions=[{"id": "P200", "date": "2024-06-04", "programme": "BBR", "facilitators": ["S020", "S021"]}],
        mappa_meetings=[meeting()],
    ))
    assert accepted("allocation", allocation(
        unit="North Tyneside PDU",
        staff=[staff_member()],
        wmt=[{"staff": "S001", "week": "2024-06-03", "percent": 112}],
        cases=[{"id": "C1001", "practitioner": "S001", "tier": "B2", "rosh": "high"}],
        unallocated_cases=0,
        reports=[report({"rosh": "high", "reoffending": "medium", "mappa_level": 0, "flags": ["domestic_abuse"]})],
        sfo_reviews=[{"id": "F700", "manager": "S040", "required_signoffs": ["spo", "ppg"], "signed_off": ["spo"]}],
    ))
    assert accepted("job-description", jd(line_management=True, span_of_control=8, unit="PDU", text="Leads a team."))


@pytest.mark.parametrize("kind", KINDS)
def test_missing_kind_is_rejected(kind):
    document = {"staff": []} if kind == "staff" else jd() if kind == "job-description" else {}
    document.pop("kind", None)
    assert not accepted(kind, document)


@pytest.mark.parametrize("kind", KINDS)
def test_file_of_another_kind_is_rejected(kind):
    other = "rota" if kind != "rota" else "allocation"
    assert not accepted(kind, {"kind": other})


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_top_level_key_is_rejected(kind):
    document = {"kind": kind, "staff": []} if kind == "staff" else jd() if kind == "job-description" else {"kind": kind}
    assert accepted(kind, document)
    assert not accepted(kind, {**document, "timesheet": []})


@pytest.mark.parametrize("kind", KINDS)
def test_top_level_must_be_a_mapping(kind):
    for document in (None, [], "kind: rota", 3):
        assert not accepted(kind, document)


def test_unknown_timesheet_field_is_rejected():
    assert accepted("rota", rota(timesheets=[timesheet()]))
    assert not accepted("rota", rota(timesheets=[timesheet(overtime=3)]))


def test_unknown_staff_field_is_rejected():
    assert accepted("staff", {"kind": "staff", "staff": [staff_member()]})
    assert not accepted("staff", {"kind": "staff", "staff": [staff_member(email="a@example.org")]})
    assert not accepted("rota", rota(staff=[staff_member(team="North")]))


def test_staff_file_needs_its_staff_list():
    assert not accepted("staff", {"kind": "staff", "unit": "Example PDU"})


def test_staff_record_needs_id_and_grade():
    assert not accepted("staff", {"kind": "staff", "staff": [{"id": "S001"}]})
    assert not accepted("staff", {"kind": "staff", "staff": [{"grade": "PO"}]})
    assert not accepted("staff", {"kind": "staff", "staff": [staff_member(id="")]})


def test_grade_list_is_open_but_grades_are_codes_or_titles():
    for grade in ("PO", "PQiP", "CP_SUPERVISOR", "HEAD_OF_PDU", "Band4", "P O", "PO ",
                  "Senior Probation Officer (Courts)", "SPO - Courts", "SPO \u2013 Courts"):
        assert accepted("staff", {"kind": "staff", "staff": [staff_member(grade=grade)]}), grade
    for grade in ("", "4PO", "_PO", "PO\n", 4, "P;O", "P\tO", "PO\u202e", "P" * 101):
        assert not accepted("staff", {"kind": "staff", "staff": [staff_member(grade=grade)]}), grade


def test_role_outside_claim_list_is_rejected():
    assert accepted("staff", {"kind": "staff", "staff": [staff_member(roles=["pta", "vlo"])]})
    assert not accepted("staff", {"kind": "staff", "staff": [staff_member(roles=["team_leader"])]})
    assert not accepted("staff", {"kind": "staff", "staff": [staff_member(roles="pta")]})


def test_repeated_role_is_rejected():
    assert not accepted("staff", {"kind": "staff", "staff": [staff_member(roles=["pta", "pta"])]})


def test_week_as_iso_week_is_accepted():
    assert accepted("rota", rota(timesheets=[timesheet(week="2024-W23")]))
    assert accepted("allocation", allocation(wmt=[{"staff": "S001", "week": "2024-W23", "percent": 100}]))


@pytest.mark.parametrize("week", ["2024-6-3", "2024-W2", "2024W23", "2024-w23", "W23", "2024-06-03T00:00", "2024-W23\n", ""])
def test_malformed_week_is_rejected(week):
    assert not accepted("rota", rota(timesheets=[timesheet(week=week)]))


def test_iso_week_is_not_a_date():
    assert not accepted("rota", rota(upw_sessions=[upw(date="2024-W23")]))


@pytest.mark.parametrize("value", ["2024-6-4", "04/06/2024", "2024-06-04\n", "2024-06-04 ", 20240604])
def test_malformed_date_is_rejected(value):
    assert not accepted("rota", rota(upw_sessions=[upw(date=value)]))


def test_date_object_is_rejected_so_the_loader_must_keep_strings():
    import datetime

    assert not accepted("rota", rota(upw_sessions=[upw(date=datetime.date(2024, 6, 4))]))


def test_calendar_validity_is_left_to_the_loader():
    # The schema checks the shape only; 2024-02-30 is the loader's to reject.
    assert accepted("rota", rota(upw_sessions=[upw(date="2024-02-30")]))


def test_wmt_reading_needs_week_or_date_not_both():
    base = {"staff": "S001", "percent": 112}
    assert accepted("allocation", allocation(wmt=[{**base, "week": "2024-06-03"}]))
    assert accepted("allocation", allocation(wmt=[{**base, "date": "2024-06-05"}]))
    assert not accepted("allocation", allocation(wmt=[{**base, "week": "2024-06-03", "date": "2024-06-05"}]))
    assert not accepted("allocation", allocation(wmt=[base]))


def test_wmt_reading_needs_staff_and_percent():
    assert not accepted("allocation", allocation(wmt=[{"week": "2024-06-03", "percent": 112}]))
    assert not accepted("allocation", allocation(wmt=[{"staff": "S001", "week": "2024-06-03"}]))
    assert not accepted("allocation", allocation(wmt=[{"staff": "S001", "week": "2024-06-03", "percent": "112%"}]))


@pytest.mark.parametrize("field", ["hours_worked", "toil_hours", "paid_excess_hours"])
def test_negative_hours_are_rejected(field):
    assert not accepted("rota", rota(timesheets=[timesheet(**{field: -1})]))


def test_hours_must_be_numbers_not_text_or_booleans():
    assert accepted("rota", rota(timesheets=[timesheet(hours_worked=37)]))
    assert not accepted("rota", rota(timesheets=[timesheet(hours_worked="37.5")]))
    assert not accepted("rota", rota(timesheets=[timesheet(hours_worked=True)]))
    assert not accepted("staff", {"kind": "staff", "staff": [staff_member(contracted_hours=-37)]})


def test_timesheet_needs_staff_week_and_hours():
    for field in ("staff", "week", "hours_worked"):
        row = timesheet()
        del row[field]
        assert not accepted("rota", rota(timesheets=[row])), field


def test_group_size_must_be_a_whole_number():
    assert not accepted("rota", rota(upw_sessions=[upw(members=7.5)]))
    assert not accepted("rota", rota(upw_sessions=[upw(members=-1)]))


def test_upw_session_needs_a_supervisor():
    assert not accepted("rota", rota(upw_sessions=[upw(supervisors=[])]))
    assert not accepted("rota", rota(upw_sessions=[upw(supervisors="S010")]))
    assert not accepted("rota", rota(upw_sessions=[upw(supervisors=[""])]))


def test_same_supervisor_twice_is_rejected():
    # A repeated id would count one person twice in the group-size ratio.
    assert not accepted("rota", rota(upw_sessions=[upw(supervisors=["S010", "S010"])]))


def test_programme_session_needs_a_facilitator():
    session = {"id": "P1", "date": "2024-06-04", "programme": "BBR", "facilitators": ["S020"]}
    assert accepted("rota", rota(programme_sessions=[session]))
    assert not accepted("rota", rota(programme_sessions=[{**session, "facilitators": []}]))
    del session["programme"]
    assert not accepted("rota", rota(programme_sessions=[session]))


def test_mappa_level_four_is_rejected():
    assert not accepted("rota", rota(mappa_meetings=[meeting(level=4)]))
    assert not accepted("allocation", allocation(reports=[report({"rosh": "high", "mappa_level": 4})]))


def test_mappa_meeting_level_zero_is_rejected_but_report_level_zero_means_none():
    assert not accepted("rota", rota(mappa_meetings=[meeting(level=0)]))
    assert accepted("allocation", allocation(reports=[report({"rosh": "high", "mappa_level": 0})]))


def test_mappa_level_as_text_is_rejected():
    assert not accepted("rota", rota(mappa_meetings=[meeting(level="2")]))


def test_mappa_meeting_type_outside_list_is_rejected():
    assert not accepted("rota", rota(mappa_meetings=[meeting(type="Initial")]))
    assert not accepted("rota", rota(mappa_meetings=[meeting(type="strategy")]))


def test_report_flag_outside_claim_list_is_rejected():
    assert accepted("allocation", allocation(reports=[report({"rosh": "low", "flags": ["tact", "ocg"]})]))
    assert not accepted("allocation", allocation(reports=[report({"rosh": "low", "flags": ["arson"]})]))


def test_report_subject_may_leave_rosh_out_but_not_give_it_as_a_word_for_none():
    # a RoSH not yet assessed (an on-the-day oral report) is left out, as a case's may be
    # (scenarios round 49, P4); a word for it is no level
    assert accepted("allocation", allocation(reports=[report({"reoffending": "low"})]))
    for bad in ("not assessed", "N/A", None):
        assert not accepted("allocation", allocation(reports=[report({"rosh": bad})]))


def test_risk_levels_use_the_contract_spelling():
    assert accepted("allocation", allocation(cases=[{"id": "C1", "practitioner": "S001", "rosh": "very_high"}]))
    for bad in ("very high", "VERY_HIGH", "critical", 3):
        assert not accepted("allocation", allocation(cases=[{"id": "C1", "practitioner": "S001", "rosh": bad}]))
        assert not accepted("allocation", allocation(reports=[report({"rosh": "low", "reoffending": bad})]))


def test_report_type_outside_list_is_rejected():
    assert not accepted("allocation", allocation(reports=[report(type="psr")]))


def test_unknown_report_subject_field_is_rejected():
    assert not accepted("allocation", allocation(reports=[report({"rosh": "low", "name": "J. Bloggs"})]))


def test_case_needs_a_practitioner():
    assert not accepted("allocation", allocation(cases=[{"id": "C1"}]))


def test_unallocated_cases_is_a_count():
    assert not accepted("allocation", allocation(unallocated_cases=-1))
    assert not accepted("allocation", allocation(unallocated_cases=2.5))


def test_sfo_review_needs_its_required_signoffs():
    assert not accepted("allocation", allocation(sfo_reviews=[{"id": "F1", "manager": "S040"}]))
    assert not accepted("allocation", allocation(sfo_reviews=[{"id": "F1", "manager": "S040", "required_signoffs": "spo"}]))
    assert accepted("allocation", allocation(sfo_reviews=[{"id": "F1", "manager": "S040", "required_signoffs": ["spo"]}]))


def test_job_description_needs_title_and_grade():
    for field in ("title", "grade"):
        document = jd()
        del document[field]
        assert not accepted("job-description", document), field


def test_job_description_span_of_control_is_a_count():
    assert not accepted("job-description", jd(span_of_control=-1))
    assert not accepted("job-description", jd(span_of_control="eight"))


def test_job_description_line_management_is_a_boolean():
    assert not accepted("job-description", jd(line_management="yes"))


def test_unknown_job_description_key_is_rejected():
    assert not accepted("job-description", jd(reports_to="Head of PDU"))


# --- property tests -----------------------------------------------------------------


@given(st.from_regex(DATE_RX, fullmatch=True))
def test_any_date_shaped_string_is_a_date_and_a_week(value):
    assert accepted("rota", rota(upw_sessions=[upw(date=value)], timesheets=[timesheet(week=value)]))


@given(st.from_regex(WEEK_RX, fullmatch=True))
def test_any_iso_week_shaped_string_is_a_week(value):
    assert accepted("allocation", allocation(wmt=[{"staff": "S1", "week": value, "percent": 0}]))


@given(st.text())
def test_text_that_is_not_date_shaped_is_never_a_date(value):
    ok = accepted("rota", rota(upw_sessions=[upw(date=value)]))
    assert ok == bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value))


JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.from_regex(DATE_RX, fullmatch=True)
    | st.from_regex(WEEK_RX, fullmatch=True)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


def _known_keys(kind):
    keys = set()
    for _, node in _walk(SCHEMAS[kind]):
        if isinstance(node.get("properties"), dict):
            keys.update(node["properties"])
    return sorted(keys)


def _documents(kind):
    """Mappings built from the schema's own keys, so values reach the nested schemas."""
    keys = st.sampled_from(_known_keys(kind))
    record = st.dictionaries(keys, JSON_VALUES, max_size=6)
    value = JSON_VALUES | st.lists(record, max_size=3) | record
    return st.dictionaries(keys, value, max_size=6).map(lambda d: {**d, "kind": kind})


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(document=JSON_VALUES)
def test_arbitrary_json_never_crashes_the_validator(kind, document):
    assert VALIDATORS[kind].is_valid(document) in (True, False)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_schema_shaped_noise_never_crashes_the_validator(kind, data):
    document = data.draw(_documents(kind))
    assert VALIDATORS[kind].is_valid(document) in (True, False)


@pytest.mark.parametrize("path", EXAMPLE_FILES or [None], ids=lambda p: p and p.relative_to(EXAMPLES).as_posix())
@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_examples_never_crash_the_validator(path, data):
    if path is None:
        pytest.skip(f"spec examples not found at {EXAMPLES}")
    original = load_document(path)
    kind = original["kind"]
    document = copy.deepcopy(original)
    node = document
    # Walk down a random path and replace what is there with arbitrary JSON.
    while True:
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node)))
        elif isinstance(node, list) and node:
            key = data.draw(st.integers(0, len(node) - 1))
        else:
            break
        if not isinstance(node[key], (dict, list)) or data.draw(st.booleans()):
            node[key] = data.draw(JSON_VALUES)
            break
        node = node[key]
    assert VALIDATORS[kind].is_valid(document) in (True, False)
