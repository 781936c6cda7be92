"""The plan document: TOML round trips, unknown keys, padding, caps and strict checks."""

from __future__ import annotations

import copy
import string
import sys
from datetime import date, datetime, timedelta, timezone

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetyplan.errors import DocumentError, NewerVersionError
from safetyplan.plan import document
from safetyplan.plan.document import (
    PAD_TO,
    PlanDocument,
    dumps,
    load_plan,
    loads,
    new_document,
    parse_import,
    plan_from_document,
    update_document,
)
from safetyplan.plan.model import GuardChoice, Plan, StepRecord, StepStatus

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

UTC = timezone.utc

# --- Strategies ---------------------------------------------------------------------

ids = st.text(string.ascii_lowercase + string.digits + "-_", min_size=1, max_size=8)
odd_keys = st.text(max_size=6)  # any Unicode, control characters and "" included
few = st.sampled_from(["tech", "a", "b"])  # so that two plans share guides, steps, prompts
keys = st.one_of(few, few, few, ids, odd_keys)
texts = st.text(max_size=30)
moments = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)
contacts = st.lists(st.fixed_dictionaries({"name": texts, "how": texts}), min_size=1, max_size=3)
composes = st.fixed_dictionaries(
    {
        "parts": st.dictionaries(keys, st.one_of(texts, st.lists(texts, max_size=3)), max_size=3),
        "text": texts,
    }
)
answers = st.one_of(texts, st.lists(texts, max_size=4), contacts, composes)
records = st.builds(
    StepRecord,
    status=st.none() | st.sampled_from(StepStatus),
    notes=texts,
    answers=st.dictionaries(keys, answers, max_size=4),
    guard=st.none() | st.sampled_from(GuardChoice),
    guard_at=st.none() | moments,
)
plans = st.builds(
    Plan,
    created=moments,
    updated=moments,
    save_counter=st.integers(0, 2**63 - 1),
    records=st.dictionaries(keys, st.dictionaries(keys, records, max_size=4), max_size=3),
    current_guide=st.none() | keys,
    current_step=st.none() | keys,
)
# Values a newer version might store under keys we do not know (NaN is left out only
# because it is never equal to itself).
scalars = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    texts,
    moments,
    st.dates(min_value=date(1, 1, 1)),
    st.times(),
)
extras = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=6,
)


def normal(plan: Plan) -> Plan:
    """The plan as it reads back: records with nothing at all are not written."""
    plan = copy.deepcopy(plan)
    for guide_id in list(plan.records):
        steps = plan.records[guide_id]
        for step_id in [s for s, r in steps.items() if r == StepRecord()]:
            del steps[step_id]
        if not steps:
            del plan.records[guide_id]
    return plan


def saved(plan: Plan, doc: PlanDocument | None = None) -> bytes:
    doc = doc if doc is not None else new_document()
    update_document(doc, plan)
    return dumps(doc)


def sample_plan() -> Plan:
    plan = Plan(created=datetime(2024, 5, 1, 9, 30, tzinfo=UTC), save_counter=3)
    cloud = plan.record("tech", "cloud")
    cloud.status = StepStatus.DONE
    cloud.notes = "Line one\r\nline two\twith a tab\x00 and trailing spaces   \n"
    cloud.answers = {
        "where": ["phone", "laptop"],
        "who": [{"name": "Sam", "how": "555-0100"}],
        "message": {"parts": {"opening": "Hi", "ask": ["a", "b"]}, "text": "Hi.\nPlease."},
        "when": "2024-05-01",
        "empty": "",
    }
    block = plan.record("tech", "block")
    block.guard = GuardChoice.SAVED_ANOTHER_WAY
    block.guard_at = datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
    plan.current_guide, plan.current_step = "tech", "block"
    return plan


# --- Round trips --------------------------------------------------------------------


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans)
def test_any_plan_round_trips_exactly(plan: Plan) -> None:
    doc, back = load_plan(saved(plan))
    assert back == normal(plan)
    assert plan_from_document(doc) == normal(plan)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans, plans)
def test_updating_a_loaded_document_gives_the_new_plan(first: Plan, second: Plan) -> None:
    doc = loads(saved(first))
    update_document(doc, second)
    assert load_plan(dumps(doc))[1] == normal(second)


def test_the_sample_plan_reads_back_and_is_readable_toml() -> None:
    data = saved(sample_plan())
    assert load_plan(data)[1] == normal(sample_plan())
    text = data.decode()
    assert text.startswith('format = "safetyplan"\nschema = 1\n')
    assert "[guides.tech.cloud]\n" in text
    assert "[guides.tech.cloud.answers.message.parts]\n" in text
    assert 'who = [{name = "Sam", how = "555-0100"}]' in text
    assert 'notes = "Line one\\r\\nline two\\twith a tab\\u0000' in text
    assert "[place]\n" in text


def test_empty_plan_is_a_valid_plan() -> None:
    doc = new_document()
    plan = plan_from_document(doc)
    assert plan.records == {} and plan.save_counter == 0
    assert plan.created is not None and plan.created.tzinfo is not None


def test_records_of_unknown_steps_are_kept() -> None:
    plan = sample_plan()
    plan.record("old-guide", "removed-step").notes = "still here"
    assert load_plan(saved(plan))[1].peek("old-guide", "removed-step") == StepRecord(
        notes="still here"
    )


def test_lone_surrogates_are_replaced_rather_than_failing_every_save() -> None:
    plan = Plan()
    plan.record("g", "s").notes = "a\ud800b \ud83d\ude00"
    back = load_plan(saved(plan))[1]
    assert back.record("g", "s").notes == "a\ufffdb \U0001f600"


def test_an_answer_the_program_cannot_store_is_refused_before_writing() -> None:
    plan = Plan()
    plan.record("g", "s").answers["p"] = 5  # type: ignore[assignment]
    doc = new_document()
    with pytest.raises(DocumentError, match=r"guides\.g\.s\.answers\.p"):
        update_document(doc, plan)


# --- Unknown keys -------------------------------------------------------------------

WITH_UNKNOWN_KEYS = """\
format = "safetyplan"
schema = 1
created = 2024-01-01T00:00:00Z
updated = 2024-01-02T00:00:00Z
save_counter = 4
future_top = "kept"
# a comment

[place]
guide = "tech"
zoom = 3

[guides.tech.cloud]
status = "planned"
colour = "blue"

[guides.tech.cloud.answers]
who = [{name = "Sam", how = "phone", since = 2020-01-01}]
plain = "x"

[guides.tech.cloud.answers.message]
text = "Hi"
tone = "warm"

[guides.tech.cloud.answers.message.parts]
a = "b"

[guides.tech.cloud.evidence]
entries = [{what = "post", sha256 = "abc"}]

[guides.tech.lonely]
future = true

[settings]
theme = "dark"
"""


def test_unknown_keys_survive_a_load_and_a_save_at_every_level() -> None:
    doc, plan = load_plan(WITH_UNKNOWN_KEYS.encode())
    record = plan.record("tech", "cloud")
    record.status = StepStatus.DONE
    record.answers["plain"] = "changed"
    record.answers["message"] = {"parts": {"a": "new"}, "text": "Hello"}
    plan.record("tech", "new").notes = "added"
    del plan.records["tech"]["lonely"]
    plan.current_step = "new"
    update_document(doc, plan)
    raw = tomllib.loads(dumps(doc).decode())
    assert raw["future_top"] == "kept"
    assert raw["settings"] == {"theme": "dark"}
    assert raw["place"] == {"guide": "tech", "zoom": 3, "step": "new"}
    cloud = raw["guides"]["tech"]["cloud"]
    assert cloud["colour"] == "blue" and cloud["status"] == "done"
    assert cloud["evidence"] == {"entries": [{"what": "post", "sha256": "abc"}]}
    assert cloud["answers"]["who"] == [{"name": "Sam", "how": "phone", "since": date(2020, 1, 1)}]
    assert cloud["answers"]["message"] == {"text": "Hello", "tone": "warm", "parts": {"a": "new"}}
    assert raw["guides"]["tech"]["lonely"] == {"future": True}  # unknown keys keep the table
    assert raw["guides"]["tech"]["new"] == {"notes": "added"}


def test_a_changed_contact_list_keeps_unknown_keys_of_unchanged_contacts() -> None:
    doc, plan = load_plan(WITH_UNKNOWN_KEYS.encode())
    plan.record("tech", "cloud").answers["who"] = [
        {"name": "Alex", "how": "email"},
        {"name": "Sam", "how": "phone"},
    ]
    update_document(doc, plan)
    raw = tomllib.loads(dumps(doc).decode())
    assert raw["guides"]["tech"]["cloud"]["answers"]["who"] == [
        {"name": "Alex", "how": "email"},
        {"name": "Sam", "how": "phone", "since": date(2020, 1, 1)},
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans, st.dictionaries(ids.map(lambda k: "x-" + k), extras, min_size=1, max_size=3))
def test_unknown_keys_in_steps_and_at_the_top_survive_any_update(
    plan: Plan, unknown: dict[str, object]
) -> None:
    raw = tomllib.loads(saved(Plan()).decode())
    raw.update(unknown)
    raw["guides"] = {"g": {"s": dict(unknown)}}
    doc, _ = load_plan(tomlkit.dumps(raw).encode())
    update_document(doc, plan)
    back = tomllib.loads(dumps(doc).decode())
    for key, value in unknown.items():
        assert back[key] == value
        assert back["guides"]["g"]["s"][key] == value
    assert normal(load_plan(dumps(doc))[1]) == normal(plan)


def test_hand_written_shapes_are_rewritten_safely() -> None:
    """Dotted keys, inline tables and tables out of order are easy to break in place."""
    text = """\
format = "safetyplan"
schema = 1
guides.tech.a.status = "done"
guides.tech.a.answers.p = "x"
place = {guide = "tech"}

[other]
k = 1

[guides.conv]
b = {notes = "inline", answers = {q = ["1"]}}
"""
    doc = parse_import(text)
    plan = plan_from_document(doc)
    assert plan.record("tech", "a").answers == {"p": "x"}
    assert plan.record("conv", "b").notes == "inline"
    plan.record("tech", "a").notes = "N\nM"
    plan.record("tech", "b").answers["x"] = "y"
    plan.record("conv", "b").answers["q"] = ["1", "2"]
    plan.current_step = "a"
    update_document(doc, plan)
    data = dumps(doc)
    assert load_plan(data)[1] == normal(plan)
    assert tomllib.loads(data.decode())["other"] == {"k": 1}


# --- Padding and size ---------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=9000))
def test_padding_is_a_multiple_of_4096_with_newlines(notes: str) -> None:
    plan = Plan()
    plan.record("g", "s").notes = notes
    data = saved(plan)
    assert len(data) % PAD_TO == 0
    body = data.rstrip(b"\n")
    assert data[len(body) :] == b"\n" * (len(data) - len(body))
    assert len(data) - len(body) >= 1


def test_loading_and_saving_again_gives_the_same_bytes() -> None:
    first = saved(sample_plan())
    data = first
    for _ in range(3):
        data = dumps(loads(data))
    assert data == first
    assert len(data) == PAD_TO


def test_size_cap_on_save(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document, "MAX_SIZE", 2 * PAD_TO)
    plan = Plan()
    plan.record("g", "s").notes = "x" * (2 * PAD_TO)
    with pytest.raises(DocumentError, match="too large to save"):
        saved(plan)


def test_size_cap_on_load() -> None:
    data = saved(Plan())
    with pytest.raises(DocumentError, match="larger than any plan"):
        loads(data + b"\n" * (document.MAX_SIZE + 1 - len(data)))


def test_the_largest_allowed_plan_loads() -> None:
    data = saved(Plan())
    assert plan_from_document(loads(data + b"\n" * (document.MAX_SIZE - len(data)))) is not None


# --- Strict checks ------------------------------------------------------------------


def raw_doc(**changes: object) -> bytes:
    raw: dict[str, object] = {"format": "safetyplan", "schema": 1}
    raw.update(changes)
    return tomlkit.dumps(raw).encode()


def test_a_newer_schema_is_refused_with_its_own_error() -> None:
    with pytest.raises(NewerVersionError, match="newer version"):
        load_plan(raw_doc(schema=2))


@pytest.mark.parametrize(
    "data",
    [
        b'title = "my recipes"\n',
        b'format = "something-else"\nschema = 1\n',
        b"",
        b'format = ["safetyplan"]\n',
    ],
)
def test_toml_that_is_not_a_plan(data: bytes) -> None:
    with pytest.raises(DocumentError, match="^This file is not a plan"):
        load_plan(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe not text", "not text"),
        (b"format = = 1\n", "not in the TOML format"),
        (b"a = " + b"[" * 5000 + b"]" * 5000, "not in the TOML format"),
    ],
)
def test_bytes_that_are_not_toml(data: bytes, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        loads(data)


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"schema": "1"}, "schema"),
        ({"schema": True}, "schema"),
        ({"schema": 0}, "schema"),
        ({"created": "yesterday"}, "created"),
        ({"updated": date(2024, 1, 1)}, "updated"),
        ({"save_counter": -1}, "save_counter"),
        ({"place": "tech"}, "place"),
        ({"place": {"step": 3}}, "place.step"),
        ({"guides": []}, "guides"),
        ({"guides": {"tech": 1}}, "guides.tech"),
        ({"guides": {"tech": {"a": "done"}}}, "guides.tech.a"),
        ({"guides": {"tech": {"a": {"status": 1}}}}, "guides.tech.a.status"),
        ({"guides": {"tech": {"a": {"status": "finished"}}}}, "guides.tech.a.status"),
        ({"guides": {"tech": {"a": {"guard": "maybe"}}}}, "guides.tech.a.guard"),
        ({"guides": {"tech": {"a": {"guard_at": "noon"}}}}, "guides.tech.a.guard_at"),
        ({"guides": {"tech": {"a": {"notes": ["x"]}}}}, "guides.tech.a.notes"),
        ({"guides": {"tech": {"a": {"answers": {"p": 1}}}}}, "guides.tech.a.answers.p"),
        ({"guides": {"tech": {"a": {"answers": {"p": ["x", 1]}}}}}, "guides.tech.a.answers.p"),
        (
            {"guides": {"tech": {"a": {"answers": {"p": [{"name": 1}]}}}}},
            "guides.tech.a.answers.p[0].name",
        ),
        (
            {"guides": {"tech": {"a": {"answers": {"p": {"parts": {"x": 2}}}}}}},
            "guides.tech.a.answers.p.parts.x",
        ),
        (
            {"guides": {"tech": {"a": {"answers": {"p": {"text": 2}}}}}},
            "guides.tech.a.answers.p.text",
        ),
    ],
)
def test_wrong_types_name_the_key(changes: dict[str, object], key: str) -> None:
    with pytest.raises(DocumentError) as caught:
        load_plan(raw_doc(**changes))
    assert f" {key} " in str(caught.value)
    assert not isinstance(caught.value, NewerVersionError)


def test_odd_keys_are_escaped_in_messages() -> None:
    data = raw_doc(guides={"te\x1bch\n": {"a": {"status": 1}}})
    with pytest.raises(DocumentError) as caught:
        load_plan(data)
    assert "\x1b" not in str(caught.value) and "\n" not in str(caught.value)
    assert '"te\\u001bch\\n"' in str(caught.value)


def test_times_are_read_as_utc() -> None:
    local = datetime(2024, 1, 1, 12, 0)
    offset = datetime(2024, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=-8)))
    plan = load_plan(raw_doc(created=local, updated=offset))[1]
    assert plan.created == datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
    assert plan.updated == datetime(2024, 1, 1, 20, 0, tzinfo=UTC)
    assert plan.updated.tzinfo is UTC


def test_missing_times_and_counter_have_defaults() -> None:
    """A missing ``created`` is the time of reading (nothing is lost); a missing
    ``updated`` stays unknown, so no one is told the plan was saved just now."""
    before = datetime.now(UTC).replace(microsecond=0)
    plan = load_plan(raw_doc())[1]
    assert plan.save_counter == 0 and plan.updated is None
    assert plan.created is not None and plan.created >= before


def test_parse_import_explains_invalid_toml() -> None:
    with pytest.raises(DocumentError, match=r"^This file is not valid TOML: .*line 1"):
        parse_import("format = \n")


def test_parse_import_refuses_toml_that_is_not_a_plan() -> None:
    with pytest.raises(DocumentError, match="^This file is not a plan"):
        parse_import("[server]\nport = 80\ntime = 12:00:00\nx = {when = 2024-01-01}\n")


def test_parse_import_refuses_a_newer_plan() -> None:
    with pytest.raises(NewerVersionError):
        parse_import('format = "safetyplan"\nschema = 99\n')


def deeply_nested(levels: int) -> bytes:
    """A plan with an unknown table nested ``levels`` deep (no version writes this)."""
    plain = saved(sample_plan()).decode().rstrip("\n")
    return (plain + "\n\n[extra." + ".".join(["a"] * levels) + "]\nx = 1\n").encode()


def test_far_too_deep_nesting_is_refused_when_read_not_at_the_first_save() -> None:
    """Building the save document recurses; a plan it could not build is refused at once,
    with a kind message, instead of opening and then failing every save."""
    data = deeply_nested(1500)
    for read in (document.read_plan, document.load_plan):
        with pytest.raises(DocumentError, match="nested far too deeply"):
            read(data)
    with pytest.raises(DocumentError, match="nested far too deeply"):
        document.parse_import(data.decode())
    raw, _ = document.read_plan(deeply_nested(document.MAX_DEPTH - 4))  # deep, but fine
    assert document.build_document(raw)["extra"] is not None


# --- Dates at the edge --------------------------------------------------------------

EDGES = ["9999-12-31T23:59:59-23:00", "0001-01-01T00:00:00+23:00", "9999-12-31T23:30:00-01:00"]
"""Date-times TOML allows whose time in UTC falls outside the years 1 to 9999."""
DATE_KEYS = ["created", "updated", "guides.tech.cloud.guard_at"]


def with_date(key: str, moment: str) -> str:
    """A plan with one date at ``key``, a guard choice, a note and an unknown key."""
    top = 'format = "safetyplan"\nschema = 1\nsave_counter = 3\nfuture = "kept"\n'
    step = '\n[guides.tech.cloud]\nnotes = "still here"\nguard = "continued-anyway"\n'
    if key == "guides.tech.cloud.guard_at":
        return top + "created = 2024-01-01T00:00:00Z\n" + step + f"guard_at = {moment}\n"
    return top + f"{key} = {moment}\n" + step


@pytest.mark.parametrize("moment", EDGES)
@pytest.mark.parametrize("key", DATE_KEYS)
def test_a_date_out_of_range_reads_as_unknown_and_the_rest_of_the_plan_opens(
    key: str, moment: str
) -> None:
    found: list[str] = []
    raw, plan = document.read_plan(with_date(key, moment).encode(), unusable_dates=found)
    assert found == [key]
    record = plan.record("tech", "cloud")
    assert record.notes == "still here" and record.guard is GuardChoice.CONTINUED_ANYWAY
    assert plan.save_counter == 3
    if key == "created":
        assert plan.created is None
    elif key == "updated":
        assert plan.updated is None
    else:
        assert record.guard_at is None and plan.created == datetime(2024, 1, 1, tzinfo=UTC)
    assert load_plan(with_date(key, moment).encode())[1] == plan


@pytest.mark.parametrize("moment", EDGES)
@pytest.mark.parametrize("key", DATE_KEYS)
def test_a_date_out_of_range_is_kept_exactly_when_saved(key: str, moment: str) -> None:
    """Nothing is lost: a save writes a date it could not use back as it was, unless
    the plan has a new time for it (every save has a new ``updated``)."""
    doc, plan = load_plan(with_date(key, moment).encode())
    plan.record("tech", "cloud").notes = "changed"
    update_document(doc, plan)
    text = dumps(doc).decode()
    assert f"{key.rsplit('.', 1)[-1]} = {moment}\n" in text
    assert tomllib.loads(text)["future"] == "kept"
    back = load_plan(text.encode())[1]
    assert back.record("tech", "cloud").notes == "changed"
    now = datetime(2025, 2, 3, 4, 5, 6, tzinfo=UTC)
    plan.updated = now
    plan.record("tech", "cloud").guard_at = now
    update_document(doc, plan)
    saved_again = tomllib.loads(dumps(doc).decode())
    assert saved_again["updated"] == now
    assert saved_again["guides"]["tech"]["cloud"]["guard_at"] == now


@pytest.mark.parametrize("moment", EDGES)
@pytest.mark.parametrize("key", DATE_KEYS)
def test_import_refuses_a_date_out_of_range_and_names_the_key(key: str, moment: str) -> None:
    """A file given to ``import`` was written by someone who can mend it: say where."""
    with pytest.raises(DocumentError) as caught:
        parse_import(with_date(key, moment))
    message = str(caught.value)
    assert f" {key} " in message and "too far in the past or the future" in message
    assert not isinstance(caught.value, NewerVersionError)


def test_a_plan_without_updated_stays_unknown_until_it_is_saved() -> None:
    doc, plan = load_plan(raw_doc(created=datetime(2024, 1, 1, tzinfo=UTC)))
    assert plan.updated is None
    update_document(doc, plan)
    assert "updated" not in tomllib.loads(dumps(doc).decode())  # not made up
    plan.updated = datetime(2024, 2, 1, tzinfo=UTC)
    update_document(doc, plan)
    assert load_plan(dumps(doc))[1].updated == datetime(2024, 2, 1, tzinfo=UTC)


# --- Saving changes only what differs ------------------------------------------------


def test_unchanged_values_are_kept_as_they_were_written() -> None:
    """A save changes only the keys that differ: a time with an offset, a compose answer
    without parts and a contact with unknown keys stay exactly as they were."""
    text = """\
format = "safetyplan"
schema = 1
created = 2024-01-01T12:00:00-08:00

[guides.tech.cloud]
guard = "saved-another-way"
guard_at = 2024-01-01T12:00:00
answers = {msg = {text = "Hi"}, who = [{name = "S", how = "", x = 1}, {name = "S", how = ""}]}
"""
    doc, plan = load_plan(text.encode())
    plan.record("tech", "other").notes = "new"
    update_document(doc, plan)
    out = tomllib.loads(dumps(doc).decode())
    assert out["created"] == datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=-8)))
    cloud = out["guides"]["tech"]["cloud"]
    assert cloud["guard_at"] == datetime(2024, 1, 1, 12, 0)  # still a local date-time
    assert cloud["answers"] == {
        "msg": {"text": "Hi"},
        "who": [{"name": "S", "how": "", "x": 1}, {"name": "S", "how": ""}],
    }
    plan.record("tech", "cloud").answers["who"] = [{"name": "S", "how": ""}]
    update_document(doc, plan)
    out = tomllib.loads(dumps(doc).decode())
    assert out["guides"]["tech"]["cloud"]["answers"]["who"] == [{"name": "S", "how": "", "x": 1}]
