"""The parsed-policy cache: same AST as a fresh parse; any change to the text parses afresh.
(What a hostile cache folder cannot do is in test_trust.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules.parse import parse_policy
from workrules.policy import parse_cached
from workrules.resources import shipped_policies


@pytest.mark.parametrize("name", sorted(shipped_policies()))
def test_cached_policy_equals_a_fresh_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("WORKRULES_CACHE_DIR", str(tmp_path))
    text = shipped_policies()[name].read_text()
    first = parse_cached(text, "claim.wr", cache=True)
    assert len(list(tmp_path.glob("policy-*.json"))) == 1
    cached, fresh = parse_cached(text, "claim.wr", cache=True), parse_policy(text, "claim.wr")
    assert cached == first == fresh
    # The same classes too: a NamedTuple node equals a plain tuple, but is not one.
    assert repr(cached) == repr(fresh)


def test_changed_policy_text_is_parsed_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKRULES_CACHE_DIR", str(tmp_path))
    a = parse_cached('param x: count = 1\n', "p.wr", cache=True)
    b = parse_cached('param x: count = 2\n', "p.wr", cache=True)
    assert a.params[0].default.value == 1 and b.params[0].default.value == 2


def test_unwritable_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("WORKRULES_CACHE_DIR", str(blocker / "cache"))
    assert parse_cached('param x: count = 1\n', "p.wr", cache=True).params[0].name == "x"


@given(st.binary(min_size=32, max_size=32), st.text(max_size=40), st.binary(max_size=300))
def test_entries_are_signed_with_hmac_sha256(key: bytes, name: str, data: bytes) -> None:
    """The cache signs without importing hashlib (see ast_cache._mac): the same bytes as the
    standard library's HMAC-SHA256."""
    import hashlib
    import hmac

    from workrules import ast_cache

    expected = hmac.new(key, name.encode("utf-8") + b"\0" + data, hashlib.sha256).digest()
    assert ast_cache._mac(key, name, data) == expected
    assert ast_cache.sha256(data) == hashlib.sha256(data).digest()
