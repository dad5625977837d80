"""The parsed-policy cache: same AST as a fresh parse; any change to the text parses afresh.
(What a hostile cache folder cannot do is in test_trust.py.)"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workrules.parse import parse_policy
from workrules.policy import parse_cached
from workrules.resources import shipped_policies

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


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


def _matchers_now(monkeypatch: pytest.MonkeyPatch, folder: Path,
                  fresh: bool = True) -> tuple[object, object, int]:  # fmt: skip
    """The claim's compiled text patterns as `load_policy` gets them with the cache on in
    `folder`, encoded, beside a fresh compile of the same declarations (None without
    `fresh`); and the cache hits."""
    from workrules import ast_cache, policy
    from workrules.textpattern import compile_pattern

    monkeypatch.setenv("WORKRULES_CACHE_DIR", str(folder))
    monkeypatch.setattr(policy, "_USE_CACHE", True)
    seen: dict[str, object] = {}
    real = policy._matchers

    def spy(*args: object) -> dict[str, object]:
        seen.update(real(*args))  # type: ignore[arg-type]
        return seen

    monkeypatch.setattr(policy, "_matchers", spy)
    hits = ast_cache.hits
    loaded = policy.load_policy("claim-2024")
    if not fresh:
        return ast_cache._encode_matchers(seen), None, ast_cache.hits - hits
    compiled = {name: compile_pattern(p, loaded.words, None,  # type: ignore[arg-type]
                                        loaded.patterns)
                for name, p in loaded.patterns.items()}  # fmt: skip
    return (ast_cache._encode_matchers(seen), ast_cache._encode_matchers(compiled),
            ast_cache.hits - hits)  # fmt: skip


def test_cached_text_patterns_are_the_compiled_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    first, fresh, _ = _matchers_now(monkeypatch, tmp_path)
    assert first == fresh and len(list(tmp_path.glob("patterns-*.json"))) == 1
    again, fresh, hits = _matchers_now(monkeypatch, tmp_path)
    # the checked policy and the patterns from the cache, then the AST (which `words` and
    # `patterns` read) from the cache too
    assert again == fresh and hits == 3


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5)
    | st.sampled_from(["", "C", "P", "M", "D", "F", "choices", "matchers", "line_management"]),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(
        st.sampled_from(["choices", "matchers", "line_management", "x"]), inner),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def primed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, object]:
    """A cache folder primed once by loading the claim (its checked, patterns and AST
    entries), the claim's matchers compiled afresh, and its type-checked form: each example
    below copies the folder rather than loading the claim twice over."""
    folder = tmp_path_factory.mktemp("primed")
    with pytest.MonkeyPatch.context() as patched:
        _, fresh, _ = _matchers_now(patched, folder)
        first = _ir(_load_with_cache(patched, folder))
    return folder, fresh, first


def _signed_in_a_copy(primed_folder: Path, folder: Path, monkeypatch: pytest.MonkeyPatch,
                      glob: str, value: object) -> None:  # fmt: skip
    """`folder` as a copy of the primed one, with its entry matching `glob` holding `value`
    signed with the user's key."""
    import json
    import shutil

    from workrules import ast_cache

    shutil.copytree(primed_folder, folder, dirs_exist_ok=True)
    monkeypatch.setenv("WORKRULES_CACHE_DIR", str(folder))
    (entry,) = folder.glob(glob)
    data = json.dumps(value).encode()
    key = ast_cache.secret_key()
    assert key is not None
    entry.write_bytes(ast_cache._mac(key, entry.name, data) + data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values)
def test_anything_signed_in_a_patterns_entry_is_a_miss_or_the_same_matchers(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        primed: tuple[Path, object, object], value: object) -> None:  # fmt: skip
    """Even an entry signed with the user's key (as if this code had written it) cannot make
    a matcher of anything but the matcher classes: it decodes to them, or is a miss."""
    folder = tmp_path_factory.mktemp("cache")
    _signed_in_a_copy(primed[0], folder, monkeypatch, "patterns-*.json", value)
    again, _, _ = _matchers_now(monkeypatch, folder, fresh=False)
    assert again == primed[1]


def test_ast_nodes_are_equal_and_hashed_by_class_and_fields_as_attrs_would() -> None:
    """The nodes share one `__eq__`/`__hash__` (cheaper at import than attrs' per class): equal
    when of the same class with equal fields, unequal otherwise, and equal ones hash alike."""
    import attrs

    from workrules.lang import nodes as n

    text = shipped_policies()["claim-2024"].read_text(encoding="utf-8")
    a, b = parse_policy(text, "claim-2024.wr"), parse_policy(text, "claim-2024.wr")
    assert a is not b and a == b and hash(a) == hash(b)
    assert (a != b) is False  # __ne__ too
    assert {a: 1}[b] == 1
    rule = a.rules[0]
    moved = attrs.evolve(rule, pos=attrs.evolve(rule.pos, line=rule.pos.line + 1))
    assert moved != rule and (moved == rule) is False
    assert n.Str("PO", rule.pos) != n.Symbol("PO", rule.pos)  # same fields, other class
    assert n.Str("PO", rule.pos) == n.Str("PO", rule.pos)
    assert rule != ("claim", 1) and rule.__eq__(None) is NotImplemented
    one_field = n.Count(rule.pos)
    assert one_field == n.Count(rule.pos) and hash(one_field) == hash(n.Count(rule.pos))
    assert one_field != n.Count(moved.pos)


def _load_with_cache(monkeypatch: pytest.MonkeyPatch, folder: Path,
                     source: str | Path = "claim-2024") -> object:  # fmt: skip
    from workrules import policy

    monkeypatch.setenv("WORKRULES_CACHE_DIR", str(folder))
    monkeypatch.setattr(policy, "_USE_CACHE", True)
    return policy.load_policy(source)


def _shape(value: object, seen: dict[int, tuple[object, str]] | None = None) -> str:
    """A digest of `value` with the class of every part in it (a NamedTuple equals a plain
    tuple), and sets in order (whose order in a repr varies from run to run). A text pattern
    is a graph whose parts are shared many times over: each part is digested once (by its
    identity, the part kept alive beside its digest), so the graph is never unfolded."""
    seen = {} if seen is None else seen
    known = seen.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    if isinstance(value, (frozenset, set)):
        parts: object = sorted(_shape(v, seen) for v in value)
    elif isinstance(value, (tuple, list)):
        parts = [_shape(v, seen) for v in value]
    elif isinstance(value, dict):
        parts = [(repr(k), _shape(v, seen)) for k, v in value.items()]
    elif hasattr(value, "alts"):  # a text pattern's choice: its alternatives
        parts = ("Choice", _shape(value.alts, seen))  # type: ignore[attr-defined]
    elif hasattr(value, "edges"):  # a text pattern's phrases walked together: their trie
        parts = ("Walk", _shape(value.edges, seen), _shape(value.done, seen))  # type: ignore[attr-defined]
    else:
        parts = repr(value)
    digest = hashlib.sha256(repr((type(value).__name__, parts)).encode()).hexdigest()
    seen[id(value)] = (value, digest)
    return digest


def _ir(loaded: object) -> object:
    """A loaded policy's type-checked rules, parameters, values, waivers and grades."""
    from workrules.policy import Policy

    assert isinstance(loaded, Policy)
    return _shape([[cr._replace(ast=None) for cr in loaded.rules], dict(loaded.facts),
                   dict(loaded.values), loaded.waivers, dict(loaded.grades), loaded.name,
                   loaded.title])  # fmt: skip


@pytest.mark.parametrize("name", sorted(shipped_policies()))
def test_a_policy_from_the_checked_cache_is_the_one_type_checked_afresh(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:  # fmt: skip
    from workrules import ast_cache
    from workrules.policy import load_policy

    first = _load_with_cache(monkeypatch, tmp_path, name)
    assert len(list(tmp_path.glob("checked-*.json"))) == 1
    from workrules import policy

    def no_ast(*args: object) -> object:
        raise AssertionError("the AST was read")

    hits = ast_cache.hits
    with monkeypatch.context() as patched:
        patched.setattr(policy, "_merge", no_ast)  # the checked policy, from its entry alone
        again = _load_with_cache(monkeypatch, tmp_path, name)
    assert ast_cache.hits > hits
    monkeypatch.setenv("WORKRULES_NO_CACHE", "1")
    fresh = load_policy(name)
    assert _ir(again) == _ir(first) == _ir(fresh)
    # The tools that read the AST have it decoded when they ask: the same as a fresh load's.
    assert [cr.rule for cr in again.rules] == [cr.rule for cr in fresh.rules]  # type: ignore[attr-defined]
    assert dict(again.params) == dict(fresh.params)  # type: ignore[attr-defined]
    assert dict(again.words) == dict(fresh.words)  # type: ignore[attr-defined]
    assert dict(again.patterns) == dict(fresh.patterns)  # type: ignore[attr-defined]


def test_a_changed_base_policy_is_type_checked_afresh(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "base.wr").write_text('param cap: count = 3\n')
    (repo / "local.wr").write_text('extends "base.wr"\nset cap = 4\n')
    cache = tmp_path / "cache"
    assert _load_with_cache(monkeypatch, cache, repo / "local.wr").values["cap"] == 4  # type: ignore[attr-defined]
    (repo / "local.wr").write_text('extends "base.wr"\n')
    assert _load_with_cache(monkeypatch, cache, repo / "local.wr").values["cap"] == 3  # type: ignore[attr-defined]
    (repo / "base.wr").write_text('param cap: count = 5\n')  # a base the top file names alike
    assert _load_with_cache(monkeypatch, cache, repo / "local.wr").values["cap"] == 5  # type: ignore[attr-defined]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values)
def test_anything_signed_in_a_checked_entry_is_a_miss_or_the_same_policy(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        primed: tuple[Path, object, object], value: object) -> None:  # fmt: skip
    """Even an entry signed with the user's key holding anything else is a miss: the policy
    is loaded afresh."""
    folder = tmp_path_factory.mktemp("cache")
    _signed_in_a_copy(primed[0], folder, monkeypatch, "checked-*.json", value)
    assert _ir(_load_with_cache(monkeypatch, folder)) == primed[2]


def test_a_checked_entry_not_signed_by_this_user_is_a_miss(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import json

    first = _load_with_cache(monkeypatch, tmp_path)
    (entry,) = tmp_path.glob("checked-*.json")
    raw = entry.read_bytes()
    data = json.loads(raw[32:])
    data["name"] = "forged"
    entry.write_bytes(raw[:32] + json.dumps(data).encode())  # the old signature
    again = _load_with_cache(monkeypatch, tmp_path)
    assert _ir(again) == _ir(first) and again.name == "claim-2024"  # type: ignore[attr-defined]


@pytest.mark.parametrize("module", ["lang/parse.py", "lang/nodes.py", "errors.py", "limits.py",
                                    "textpattern.py", "findings.py"])  # fmt: skip
def test_a_cached_ast_is_keyed_by_the_code_that_parsed_it(
    module: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An edit to the parser or to any module whose bounds and refusals it applies (an
    editable install) parses afresh: the key changes with each one's text."""
    import builtins

    from workrules import policy

    source = Path(policy.__file__).parent / module
    real_open = builtins.open
    monkeypatch.setattr(policy, "_PARSER_CODE", [])
    before = policy._source_key("rule r", "p.wr")

    def edited(path: object, *args: object, **kwargs: object) -> object:
        handle = real_open(path, *args, **kwargs)  # type: ignore[call-overload]
        if Path(str(path)).resolve() == source.resolve():
            import io

            return io.BytesIO(handle.read() + b"# edited\n")
        return handle

    monkeypatch.setattr(builtins, "open", edited)
    monkeypatch.setattr(policy, "_PARSER_CODE", [])
    assert policy._source_key("rule r", "p.wr") != before


def test_a_cached_choice_makes_its_words_only_when_a_text_walks_past_its_first_word(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A policy from the cache makes no words of its text patterns' alternatives until a job
    description is read (a warm pre-commit run loads 400 choices, 11k alternatives), and then
    finds in every job description of the prose fixtures what a fresh compile finds."""
    from workrules import ast_cache, policy
    from workrules.textpattern import Choice, compile_pattern

    monkeypatch.setenv("WORKRULES_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(policy, "_USE_CACHE", True)
    policy.load_policy("claim-2024")  # writes the entries
    (entry,) = tmp_path.glob("patterns-*.json")
    cached = ast_cache.load_matchers(str(tmp_path), entry.name)
    assert cached is not None

    def choices(value: object, into: list[Choice]) -> list[Choice]:
        if isinstance(value, Choice):
            into.append(value)
        elif isinstance(value, tuple | list):
            for item in value:
                choices(item, into)
        elif isinstance(value, dict):
            for item in value.values():
                choices(item, into)
        elif hasattr(value, "edges"):
            choices(value.edges, into)
        return into

    found = [c for m in cached.values() for c in choices(tuple(m), [])]
    assert len(found) > 100 and all(c._alts is None for c in found)
    loaded = policy.load_policy("claim-2024")
    fresh = {name: compile_pattern(p, loaded.words, None,  # type: ignore[arg-type]
                                     loaded.patterns)
             for name, p in loaded.patterns.items()}  # fmt: skip
    texts = sorted((FIXTURES / "jd-prose" / "jd").glob("*.md"))
    assert texts
    for path in texts:
        text = path.read_text(encoding="utf-8")
        for name in sorted(fresh):
            assert cached[name].every(text) == fresh[name].every(text), (path.name, name)
    walked = [c for c in found if c._alts is not None]
    assert 0 < len(walked) < len(found)


def _rewrite_names(node: object, to: str, done: list[int]) -> object:
    """`node` (an encoded checked policy) with the name of every `Field` and `Param` node
    written as `to`; `done` counts them."""
    if isinstance(node, list):
        if node[:1] in (["Field"], ["Param"]) and len(node) == 3 and isinstance(node[2], str):
            done.append(1)
            return [node[0], node[1], to]
        return [_rewrite_names(x, to, done) for x in node]
    if isinstance(node, dict):
        return {k: _rewrite_names(v, to, done) for k, v in node.items()}
    return node


@pytest.mark.parametrize("name", [
    None,  # the names as written: the entry is read (so a miss below is the names')
    "hours_worked) or __import__('os').system('touch pwned') or (0",
    "hours_worked\nimport os", "x.__class__", "a[0]", "'text'", "hours_worked;x", "é",
])  # fmt: skip
def test_a_signed_checked_entry_whose_names_are_not_names_is_a_miss(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str | None) -> None:  # fmt: skip
    """The Python engine writes a field's or a parameter's name into the code it generates:
    even an entry signed with the user's key whose names hold anything but a name's
    characters (a call, a quote, a line break, a dot, a bracket) is a miss, and the policy is
    type-checked afresh."""
    import json

    from workrules import ast_cache

    first = _load_with_cache(monkeypatch, tmp_path)
    (entry,) = tmp_path.glob("checked-*.json")
    data = json.loads(entry.read_bytes()[ast_cache.KEY_BYTES:])
    done: list[int] = []
    if name is not None:
        data["ir"] = _rewrite_names(data["ir"], name, done)
        assert done  # the claim's rules read fields and parameters
    body = json.dumps(data).encode()
    entry.write_bytes(ast_cache._mac(ast_cache.secret_key() or b"", entry.name, body) + body)
    from workrules import policy

    got: list[object] = []
    load_checked = policy._load_checked

    def spy(*args: object) -> object:
        got.append(load_checked(*args))  # type: ignore[arg-type]
        return got[-1]

    monkeypatch.setattr(policy, "_load_checked", spy)
    again = _load_with_cache(monkeypatch, tmp_path)
    assert (got == [None]) is (name is not None)  # a miss: not from the entry
    assert _ir(again) == _ir(first)
    assert not (tmp_path / "pwned").exists()


# ------------------------------------------------- the in-process memo, with the cache off
SMALL_POLICY = 'policy small "A small policy"\nparam cap: count = {n}\n'


def test_with_the_cache_off_a_changed_policy_file_is_read_as_it_is_now(tmp_path: Path) -> None:
    from workrules.policy import load_policy

    path = tmp_path / "small.wr"
    for n in (1, 2, 1):
        path.write_text(SMALL_POLICY.format(n=n))
        assert load_policy(path).values["cap"] == n


def test_the_memo_keeps_the_last_eight_parses_and_fresh_parses_again() -> None:
    from workrules import policy

    texts = [SMALL_POLICY.format(n=n) for n in range(10)]
    first = [policy.parse_cached(t, "small.wr", cache=False) for t in texts]
    assert len(policy._PARSED) == policy._MEMO_SIZE == 8
    assert policy.parse_cached(texts[-1], "small.wr", cache=False) is first[-1]
    assert policy.parse_cached(texts[0], "small.wr", cache=False) is not first[0]  # forgotten
    again = policy.parse_cached(texts[-1], "small.wr", cache=False, fresh=True)
    assert again == first[-1] and again is not first[-1]
    # by name too: the same text under another file name is another parse
    assert policy.parse_cached(texts[-1], "other.wr", cache=False) is not first[-1]


def test_policies_load_from_several_threads_at_once(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from workrules.policy import load_policy

    paths = []
    for n in range(24):
        paths.append(tmp_path / f"p{n}.wr")
        paths[-1].write_text(SMALL_POLICY.format(n=n))
    with ThreadPoolExecutor(4) as pool:
        caps = list(pool.map(lambda p: load_policy(p).values["cap"], paths * 4))
    assert caps == list(range(24)) * 4
