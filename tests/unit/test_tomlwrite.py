"""The TOML writer: what it writes reads back exactly, with tomllib and with tomlkit."""

from __future__ import annotations

import math
import sys
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetyplan.safetext import BIDI_CONTROLS
from safetyplan.vault import tomlwrite

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

# --- Strategies ---------------------------------------------------------------------

ODD = "\x00\x01\x07\x08\t\n\x0b\x0c\r\x1b\x1f\x7f\x80\x85\x9b\x9f\"'\\ .=[]{}#\u202e\u2066\ufeff"
"""Characters a writer gets wrong: controls, quotes, TOML punctuation, bidi controls."""
any_char = st.characters(exclude_categories=["Cs"])  # surrogates: see their own test
texts = st.text(max_size=12) | st.text(st.sampled_from(ODD) | any_char, max_size=12)
keys = texts | st.sampled_from(["a", "b", "format", "1", "-", "_x", "a.b", "ü"])
offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999)
)
scalars = st.one_of(
    texts,
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),  # inf, -inf, nan, -0.0, subnormals
    st.booleans(),
    moments,  # local date-times
    st.builds(lambda m, tz: m.replace(tzinfo=tz), moments, st.just(timezone.utc) | offsets),
    st.dates(),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)
documents = st.dictionaries(keys, values, max_size=6)


def exact(value: Any) -> Any:
    """A form of a value in which equal means the same TOML value: bool is not 1, nan is
    nan, -0.0 is not 0.0, and a time's offset counts, not just the moment."""
    if isinstance(value, dict):
        return ("table", {k: exact(v) for k, v in value.items()})
    if isinstance(value, list):
        return ("array", [exact(v) for v in value])
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else (value, math.copysign(1, value)))
    if isinstance(value, datetime):
        return ("datetime", value.replace(tzinfo=None), value.utcoffset())
    return (type(value).__name__, value)


# --- Round trips --------------------------------------------------------------------


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_values_read_back_exactly_with_tomllib_and_tomlkit(values: dict[str, Any]) -> None:
    text = tomlwrite.dumps(values)
    assert exact(tomllib.loads(text)) == exact(values)
    assert exact(tomlkit.parse(text).unwrap()) == exact(values)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_any_string_and_key_read_back_exactly(text: str) -> None:
    line = f"{tomlwrite.key(text)} = {tomlwrite.string(text)}\n"
    assert tomllib.loads(line) == {text: text}
    assert "\n" not in line[:-1]  # always one line


def test_every_control_and_bidi_character_is_escaped_not_written_raw() -> None:
    unsafe = [chr(c) for c in range(0x20)] + [chr(c) for c in range(0x7F, 0xA0)]
    unsafe += sorted(BIDI_CONTROLS)
    text = tomlwrite.dumps({"".join(unsafe): "".join(unsafe), "k": ["\x1b]0;TITLE\x07"]})
    for char in unsafe:
        assert char not in text.replace("\n", "") or char == "\n"
    assert text.count("\n") == 2
    assert tomllib.loads(text) == {"".join(unsafe): "".join(unsafe), "k": ["\x1b]0;TITLE\x07"]}
    assert tomlwrite.string('a"b\\c\td\x1b') == '"a\\"b\\\\c\\td\\u001b"'


def test_surrogates_become_what_utf8_can_hold() -> None:
    assert tomlwrite.string("a\ud800b \ud83d\ude00") == '"a\ufffdb \U0001f600"'
    tomlwrite.string("\udfff\ud800").encode("utf-8")  # lone, in the wrong order: no error


# --- The fixed shape ----------------------------------------------------------------


def test_the_shape_standard_tables_inline_arrays_and_no_header_for_table_only_tables() -> None:
    values = {
        "format": "x",
        "when": datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc),
        "guides": {"tech": {"cloud": {"status": "done", "answers": {"who": [{"name": "S"}]}}}},
        "empty": {},
        "odd key": {"n": 1.5, "t": time(7, 5), "d": date(2024, 1, 2), "f": [True, -0.0]},
    }
    assert tomlwrite.dumps(values) == (
        'format = "x"\n'
        "when = 2024-05-01T09:30:00Z\n"
        "\n"
        "[guides.tech.cloud]\n"
        'status = "done"\n'
        "\n"
        "[guides.tech.cloud.answers]\n"
        'who = [{name = "S"}]\n'
        "\n"
        "[empty]\n"
        "\n"
        '["odd key"]\n'
        "n = 1.5\n"
        "t = 07:05:00\n"
        "d = 2024-01-02\n"
        "f = [true, -0.0]\n"
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(-timedelta(hours=23))), "-23:00"),
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59))), "+23:59"),
        (datetime(2024, 1, 1, 0, 0, 0, 500), "2024-01-01T00:00:00.000500"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
        (float("nan"), "nan"),
        (1e16, "1e+16"),
        (5e-324, "5e-324"),
        (-(2**63), "-9223372036854775808"),
        ([], "[]"),
        ({}, "{}"),
        ([[1], {"a": {}}], "[[1], {a = {}}]"),
    ],
)
def test_values_at_the_edges(value: object, written: str) -> None:
    assert written in tomlwrite.value(value)
    back = tomllib.loads(tomlwrite.dumps({"k": [value]}))["k"][0]
    assert exact(back) == exact(value)


@pytest.mark.parametrize(
    "value",
    [
        {1, 2},
        b"bytes",
        None,
        time(1, 2, tzinfo=timezone.utc),
        datetime(2024, 1, 1, tzinfo=timezone(timedelta(seconds=30))),
    ],
)
def test_values_toml_cannot_hold_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        tomlwrite.dumps({"k": value})


def test_a_hundred_thousand_keys_in_one_table_read_back() -> None:
    values = {"t": {f"k{n}": f"value {n}" for n in range(100_000)}}
    assert tomllib.loads(tomlwrite.dumps(values)) == values
