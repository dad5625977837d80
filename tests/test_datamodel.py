"""The data model is described once (`datamodel.py`); what is derived from it agrees with it,
and with the shipped JSON Schemas."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workrules import datamodel as dm
from workrules import model as m
from workrules.builders import builder_source

SRC = Path(m.__file__).parent


def _declared_classes() -> dict[str, list[str]]:
    """The record classes as model.py declares them to type checkers (under TYPE_CHECKING)."""
    tree = ast.parse((SRC / "model.py").read_text())
    out: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for cls in node.body:
                if isinstance(cls, ast.ClassDef):
                    out[cls.name] = [a.target.id for a in cls.body  # type: ignore[union-attr]
                                     if isinstance(a, ast.AnnAssign)]  # fmt: skip
    return out


def test_the_classes_type_checkers_see_are_the_classes_made_from_the_description() -> None:
    declared = _declared_classes()
    made = {k.cls_name: list(m.KINDS[k.name].cls.__struct_fields__) for k in dm.RECORD_KINDS}
    made["ReportSubject"] = list(m.ReportSubject.__struct_fields__)
    assert declared == made


def _schema_defs() -> dict[str, dict[str, object]]:
    defs: dict[str, dict[str, object]] = {}
    for path in sorted((SRC / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text())
        for kind, lists in dm.LISTS.items():
            if path.name != f"{kind}.schema.json":
                continue
            for section, record_kind in lists.items():
                ref = schema["properties"][section]["items"]["$ref"].rsplit("/", 1)[1]
                defs[record_kind] = schema["$defs"][ref]
                if record_kind == "report":
                    defs["report_subject"] = schema["$defs"]["reportSubject"]
    return defs


@pytest.mark.parametrize("kind", [*(k for k in dm.RECORD_KINDS if k.name != "job_description"),
                                  dm.REPORT_SUBJECT], ids=lambda k: k.name)  # fmt: skip
def test_the_schema_of_each_record_kind_agrees_with_the_description(kind: dm.RecordKind) -> None:
    node = _schema_defs()[kind.name]
    props = node["properties"]
    assert isinstance(props, dict)
    assert list(props) == [f.name for f in kind.fields]
    assert sorted(node.get("required", [])) == sorted(f.name for f in kind.fields if f.required)  # type: ignore[call-overload]
    for f in kind.fields:
        if f.values:
            prop = props[f.name]
            enum = prop["items"]["enum"] if f.type == "list" else prop.get("enum")
            if enum is None:  # a $ref to a shared enum such as risk
                enum = ["low", "medium", "high", "very_high"]
            assert tuple(enum) == f.values, f.name
        if f.levels:  # (the whole numbers a count may be: a MAPPA level)
            assert tuple(props[f.name]["enum"]) == f.levels, f.name  # type: ignore[index]
        elif f.type == "count":
            assert "enum" not in props[f.name], f.name  # type: ignore[operator]


def test_the_job_description_schema_names_the_described_fields() -> None:
    schema = json.loads((SRC / "schemas" / "job-description.schema.json").read_text())
    described = {f.name for f in dm.BY_NAME["job_description"].fields} - {"id"}
    assert described <= set(schema["properties"])


def test_a_builder_is_generated_from_the_description_and_can_be_read() -> None:
    source = builder_source(dm.BY_NAME["timesheet"])
    assert "x = _t_week(x, 'week')" in source
    assert "return Cls(staff=v_staff, week=v_week" in source


def test_the_pre_commit_path_imports_no_columnar_library_and_no_fast_loader() -> None:
    jd = Path(__file__).resolve().parents[1] / "fixtures" / "example" / "jd" / "business-manager.md"
    code = (f"import sys, runpy; sys.argv = ['workrules', 'check', {str(jd)!r}]\n"
            "try:\n runpy.run_module('workrules', run_name='__main__')\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pyarrow', 'polars', 'duckdb') or m == 'workrules.fastload'))")
    env = {k: v for k, v in os.environ.items() if k != "WORKRULES_ENGINE"}  # the hook's own
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=env)  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == "[]"
