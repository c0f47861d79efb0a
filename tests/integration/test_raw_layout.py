"""RAW_AIRBYTE tables match what Airbyte's Snowflake destination creates for source-gong's streams.

The expected layout is written down as data (``include/gong_intel/gong/airbyte_raw_layout.json``); the DDL
the emulator actually ran, the loader's stream layouts and the Airbyte peer's tables are all checked
against it.
"""

from __future__ import annotations

import json

import pytest

from include.gong_intel.gong.loader import LAYOUT_FILE, STREAMS
from include.gong_intel.warehouse.setup import apply_ddl

pytestmark = pytest.mark.integration

LAYOUT = json.loads(LAYOUT_FILE.read_text())
# How information_schema reports a declared type: Snowflake reports VARCHAR as TEXT; the emulator also
# stores OBJECT and ARRAY as VARIANT (read with the same `:` paths and `::` casts).
REPORTED = {"VARCHAR": {"TEXT"}, "OBJECT": {"OBJECT", "VARIANT"}, "ARRAY": {"ARRAY", "VARIANT"}}
LOADER_KINDS = {
    "integer": "integer",
    "number": "number",
    "string": "string",
    "boolean": "boolean",
    "string/date-time": "timestamp",
    "object": "object",
    "array": "array",
}


def _expected(stream: str) -> list[tuple[str, str, bool]]:
    spec = LAYOUT["streams"][stream]
    return [(c["column"], c["snowflake"], c["nullable"]) for c in LAYOUT["metadata_columns"]] + [
        (c["column"], LAYOUT["type_map"][c["json_schema"]], True) for c in spec["columns"]
    ]


def _actual(warehouse, table: str) -> list[tuple[str, str, bool]]:
    db, schema, name = table.split(".")
    rows = warehouse.get_records(
        f"SELECT column_name, data_type, is_nullable FROM {db}.information_schema.columns "
        "WHERE table_schema = %(s)s AND table_name = %(n)s ORDER BY ordinal_position",
        parameters={"s": schema, "n": name},
    )
    return [(c.upper(), t.upper(), n == "YES") for c, t, n in rows]


def _table(warehouse, stream: str) -> str:
    t = warehouse.settings.tables
    return {
        "users": t.raw_users,
        "calls": t.raw_calls,
        "extensiveCalls": t.raw_extensive_calls,
        "callTranscripts": t.raw_call_transcripts,
    }[stream]


def _mismatches(expected, actual) -> list[str]:
    problems = []
    got = {name: (kind, nullable) for name, kind, nullable in actual}
    for name, kind, nullable in expected:
        if name not in got:
            problems.append(f"{name}: missing")
            continue
        reported, is_nullable = got.pop(name)
        if reported not in REPORTED.get(kind, {kind}):
            problems.append(f"{name}: {reported}, expected {kind}")
        if is_nullable != nullable:
            problems.append(f"{name}: nullable={is_nullable}, expected {nullable}")
    problems.extend(f"{name}: not in Airbyte's layout" for name in got)
    return problems


@pytest.mark.parametrize("stream", sorted(LAYOUT["streams"]))
def test_ddl_creates_airbytes_columns_and_types(warehouse, stream):
    table = _table(warehouse, stream)
    assert LAYOUT["streams"][stream]["table"] == table.rsplit(".", 1)[-1]

    assert _mismatches(_expected(stream), _actual(warehouse, table)) == []


def test_users_columns_added_to_a_table_created_before_them(warehouse):
    table = warehouse.settings.tables.raw_users
    for column in ("EXTENSION", "MEETINGCONSENTPAGEURL", "PERSONALMEETINGURLS"):
        warehouse.run(f"ALTER TABLE {table} DROP COLUMN {column}")
    assert _mismatches(_expected("users"), _actual(warehouse, table)) != []

    apply_ddl(warehouse, warehouse.settings)

    assert _mismatches(_expected("users"), _actual(warehouse, table)) == []


def test_check_reports_a_missing_or_mistyped_column():
    expected = _expected("users")
    actual = [(n, "TEXT" if k == "VARCHAR" else k, nl) for n, k, nl in expected if n != "EXTENSION"]
    actual = [(n, "NUMBER" if n == "ACTIVE" else k, nl) for n, k, nl in actual]

    assert _mismatches(expected, actual) == ["ACTIVE: NUMBER, expected BOOLEAN", "EXTENSION: missing"]


@pytest.mark.parametrize("stream", sorted(LAYOUT["streams"]))
def test_loader_lands_the_same_layout(stream):
    layout = STREAMS[stream]
    spec = LAYOUT["streams"][stream]

    assert layout.table == spec["table"]
    assert dict(layout.columns) == {
        c["field"]: (c["column"], LOADER_KINDS[c["json_schema"]]) for c in spec["columns"]
    }
