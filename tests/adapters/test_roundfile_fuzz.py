"""Round files under fuzzing: no input, however deep, long or absurd, ends in a traceback.

Every input is either a round, whose dates and offsets the planner can compute with, or refused
with each problem on its line (BadRoundFile). Inputs: arbitrary text, arbitrary YAML values
(nested, long, odd scalars), and a valid file with one field replaced by such a value.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.roundfile import MAX_BYTES, ParsedRound, load_round_file, parse_round
from bot.domain.errors import BadRoundFile
from bot.i18n import worktime
from bot.planning import planner

RECOMMENDATION = {"ref": "R1", "section": "S", "title": "T", "text": "Some text."}
VALID: dict[str, object] = {
    "slug": "fuzz-round",
    "title": "A round",
    "deadline": "2027-03-30T18:00:00-04:00",
    "reminders": ["P7D", "PT4H"],
    "recommendations": [RECOMMENDATION],
}
ODD_SCALARS = st.sampled_from(
    ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+05:00", "P9999999999D", "P800000D", "P99999999999999999999W",
     "PT0S", "P", "-P1D", "2027-02-30T00:00Z", "nan", "~", "", "\x00", "\ufffe", "\U0001f600" * 50, "&a", "*a",
     "1e999", "0x" + "f" * 80, "Etc/GMT+99", "../../etc/passwd", "x" * 5000]
)  # fmt: skip
SCALARS = st.one_of(ODD_SCALARS, st.text(max_size=80), st.integers(), st.floats(allow_nan=True), st.booleans(),
                    st.none(), st.datetimes(timezones=st.just(UTC)))  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12) | st.integers(), inner, max_size=4)
    ),
    max_leaves=30,
)


def check(source: str) -> ParsedRound | None:
    """Parse; a refusal must list problems, each with a line (>= 1) and a one-line text."""
    problems: list[tuple[int, str]] | None = None
    try:
        parsed = parse_round(source)
    except BadRoundFile as refused:
        problems = refused.problems
    if problems is not None:
        assert problems
        for line, problem in problems:
            assert isinstance(line, int)
            assert line >= 1, problems
            assert problem
            assert "\n" not in problem
            assert len(problem) < 400
        return None
    round_ = parsed.round
    now = datetime(2026, 12, 6, tzinfo=UTC)
    for offset in round_.reminders:  # what the planner computes with an accepted round must not overflow
        worktime.reminder_moment(round_.deadline - offset, round_.deadline, "Pacific/Kiritimati")
    planner.live_offset(round_, now)
    planner.reminder_label(round_, round_.reminders[0]) if round_.reminders else None
    return parsed


def dump(value: object) -> str:
    try:
        return yaml.safe_dump(value, allow_unicode=True)
    except yaml.YAMLError:
        return str(value)


class TestNoInputEndsInATraceback:
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(max_size=400))
    def test_arbitrary_text(self, source: str) -> None:
        """Any text is a round or refused by line."""
        check(source)

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(VALUES)
    def test_arbitrary_yaml_values(self, value: object) -> None:
        """Any YAML document (nested lists and mappings, odd scalars) is refused by line."""
        check(dump(value))

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from([*VALID, "opens", "timezone", "audience", "mode", "summaries", "ref", "text"]), VALUES)
    def test_a_valid_file_with_one_field_replaced(self, field: str, value: object) -> None:
        """A good file with any one field (or one recommendation's field) replaced by anything."""
        data: dict[str, object] = {**VALID, "recommendations": [dict(RECOMMENDATION)]}
        if field in ("ref", "text"):
            data["recommendations"][0][field] = value  # type: ignore[index]
        else:
            data[field] = value
        check(dump(data))

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.integers(min_value=1, max_value=100_000), st.sampled_from(["[", "{a: ", "- ", "&a [*a, ", "? "]))
    def test_deep_nesting_of_any_kind(self, depth: int, opener: str) -> None:
        """However deep the nesting, the file is refused by line, never a RecursionError."""
        assert check(opener * depth + "x") is None or depth < 16


class TestAnyBytesOnDisk:
    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(st.binary(max_size=300) | st.builds(lambda v: dump(v).encode("utf-8", "surrogatepass"), VALUES))
    def test_any_file_is_a_round_or_refused(self, tmp_path: Path, data: bytes) -> None:
        """Any bytes in a file (not UTF-8, NUL, BOM...) give a round or problems, never a traceback."""
        path = tmp_path / "round.yaml"
        path.write_bytes(data)
        try:
            load_round_file(path)
        except BadRoundFile as refused:
            problems = refused.problems
        else:
            problems = [(1, "accepted")]
        assert problems
        assert all(isinstance(line, int) for line, _ in problems)


class TestAbsurdValuesAreRefusedByLine:
    """The cases found by an operator's mistakes (each ended in a traceback before)."""

    @pytest.mark.parametrize(
        ("raw", "change", "expected"),
        [
            ("9999", {"deadline": "9999-12-31T23:59:59+00:00"}, "must fall between 2000 and 2100"),
            ("P9999999999D", {"reminders": ["P9999999999D"]}, "not an ISO 8601 duration"),
            ("P800000D", {"reminders": ["P800000D"]}, "more than 366 days"),
            ("P9999", {"reminders": ["P99999999999999999999W"]}, "not an ISO 8601 duration"),
        ],
    )
    def test_absurd_deadlines_and_offsets(self, raw: str, change: dict[str, object], expected: str) -> None:
        """Each is refused on the line that holds it."""
        source = yaml.safe_dump({**VALID, **change}, sort_keys=False)
        line = next(n for n, text in enumerate(source.splitlines(), 1) if raw in text)
        with pytest.raises(BadRoundFile) as refused:
            parse_round(source)
        assert [n for n, p in refused.value.problems if expected in p] == [line]

    def test_a_small_file_of_deeply_nested_lists(self) -> None:
        """200 bytes of brackets: refused on line 1, not a RecursionError."""
        with pytest.raises(BadRoundFile) as refused:
            parse_round("slug: " + "[" * 200)
        assert refused.value.problems == [(1, "nested more than 16 levels deep: not a round file")]

    def test_a_huge_file_is_refused_unread(self, tmp_path: Path) -> None:
        path = tmp_path / "huge.yaml"
        path.write_text("# " + "x" * MAX_BYTES)
        with pytest.raises(BadRoundFile, match="larger than"):
            load_round_file(path)

    def test_a_file_that_is_not_utf8_names_its_line(self, tmp_path: Path) -> None:
        path = tmp_path / "latin1.yaml"
        path.write_bytes(b"slug: ok\ntitle: caf\xe9\n")
        with pytest.raises(BadRoundFile) as refused:
            load_round_file(path)
        assert refused.value.problems[0][0] == 2

    def test_a_valid_file_still_parses(self) -> None:
        parsed = check(yaml.safe_dump(VALID))
        assert parsed is not None
        assert parsed.round.reminders == (timedelta(days=7), timedelta(hours=4))
