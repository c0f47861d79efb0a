import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlglot

from include.gong_intel.config import Settings
from include.gong_intel.transform import PARAMETER_TEMPLATES, STAGE_FILES, SUMMARY_FILE, stage_parameters
from include.gong_intel.warehouse.sql import SQL_DIR, render

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_stage_files_listed_in_run_order_are_exactly_the_files_on_disk():
    on_disk = sorted(f"stage/{p.name}" for p in (SQL_DIR / "stage").glob("*.sql"))
    assert sorted([*STAGE_FILES, SUMMARY_FILE]) == on_disk
    assert list(STAGE_FILES) == sorted(STAGE_FILES)
    assert STAGE_FILES[0].endswith("00_open_run.sql") and STAGE_FILES[-1].endswith("90_advance_watermark.sql")


@pytest.mark.parametrize("emulator", [False, True])
@pytest.mark.parametrize("path", [*STAGE_FILES, SUMMARY_FILE])
def test_stage_file_uses_only_the_stage_bind_parameters_and_parses_as_snowflake(path, emulator):
    sql = render(path, Settings(), emulator=emulator)
    used = set(PLACEHOLDER.findall(sql))
    assert used <= set(PARAMETER_TEMPLATES), used
    # Any other percent sign would break the connector's client-side (pyformat) binding.
    assert "%" not in PLACEHOLDER.sub("", sql)
    # sqlglot's Snowflake dialect has no pyformat placeholders; its own bind syntax stands in for them.
    statements = [s for s in sqlglot.parse(PLACEHOLDER.sub(r":\1", sql), read="snowflake") if s is not None]
    assert statements
    assert "SOPHIA_AI_DEV." in sql


def test_stage_parameters_normalise_aware_bounds():
    start = datetime(2026, 11, 1, tzinfo=UTC)
    params = stage_parameters(interval_start=start, interval_end="2026-11-02 00:00:00+00:00", run_id="r1")
    assert params == {
        "interval_start": "2026-11-01T00:00:00+00:00",
        "interval_end": "2026-11-02T00:00:00+00:00",
        "run_id": "r1",
    }
    offset = stage_parameters(
        interval_start="2026-11-01T00:00:00-05:00",
        interval_end=datetime(2026, 11, 2, tzinfo=timezone(timedelta(hours=-5))),
        run_id="r2",
    )
    assert offset["interval_end"] == "2026-11-02T00:00:00-05:00"


@pytest.mark.parametrize(
    ("start", "end", "run_id", "message"),
    [
        ("2026-11-01T00:00:00", "2026-11-02T00:00:00+00:00", "r", "no time-zone offset"),
        ("2026-11-02T00:00:00+00:00", "2026-11-01T00:00:00+00:00", "r", "empty data interval"),
        ("2026-11-01T00:00:00+00:00", "2026-11-01T00:00:00+00:00", "r", "empty data interval"),
        ("None", "2026-11-02T00:00:00+00:00", "r", "not an ISO-8601"),
        ("2026-11-01T00:00:00+00:00", "2026-11-02T00:00:00+00:00", " ", "run_id"),
    ],
)
def test_stage_parameters_reject_bad_bounds(start, end, run_id, message):
    with pytest.raises(ValueError, match=message):
        stage_parameters(interval_start=start, interval_end=end, run_id=run_id)
