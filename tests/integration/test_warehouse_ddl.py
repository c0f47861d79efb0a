from include.gong_intel.config import SCHEMAS
from include.gong_intel.warehouse.setup import apply_ddl, ddl_files


def _tables(hook, database):
    rows = hook.get_records(
        f"SELECT table_schema, table_name FROM {database}.information_schema.tables "
        "WHERE table_schema <> 'INFORMATION_SCHEMA' ORDER BY 1, 2"
    )
    return {(s.upper(), t.upper()) for s, t in rows}


def test_ddl_creates_every_registered_table_and_applies_twice(warehouse):
    settings = warehouse.settings
    before = _tables(warehouse, settings.database)
    expected = {tuple(fqn.split(".")[1:]) for fqn in settings.tables.all().values()}
    assert expected <= before
    assert {s for s, _ in before} >= set(SCHEMAS)

    assert apply_ddl(warehouse, settings) == ddl_files()
    assert _tables(warehouse, settings.database) == before


def test_raw_tables_carry_airbyte_metadata_columns(warehouse):
    t = warehouse.settings.tables
    for table in (t.raw_users, t.raw_extensive_calls, t.raw_call_transcripts, t.raw_calls):
        db, schema, name = table.split(".")
        cols = [
            r[0]
            for r in warehouse.get_records(
                f"SELECT column_name FROM {db}.information_schema.columns "
                "WHERE table_schema = %(s)s AND table_name = %(n)s ORDER BY ordinal_position",
                parameters={"s": schema, "n": name},
            )
        ]
        assert cols[:4] == [
            "_AIRBYTE_RAW_ID",
            "_AIRBYTE_EXTRACTED_AT",
            "_AIRBYTE_META",
            "_AIRBYTE_GENERATION_ID",
        ]


def test_insert_records_round_trips_semi_structured_values(warehouse):
    t = warehouse.settings.tables
    rec = {
        "_AIRBYTE_RAW_ID": "r1",
        "_AIRBYTE_EXTRACTED_AT": "2026-11-01T08:00:00+00:00",
        "_AIRBYTE_META": {"sync_id": 3, "changes": []},
        "_AIRBYTE_GENERATION_ID": 0,
        "CALLID": "7782342274025937895",
        "STARTED": "2026-11-01T10:00:00Z",
        "TRANSCRIPT": [
            {"speakerId": "s1", "topic": None, "sentences": [{"start": 0, "end": 900, "text": "Olá 👋"}]}
        ],
    }
    assert (
        warehouse.insert_records(
            t.raw_call_transcripts, [rec, {**rec, "_AIRBYTE_RAW_ID": "r2"}], ["_AIRBYTE_META", "TRANSCRIPT"]
        )
        == 2
    )
    rows = warehouse.get_records(
        f"SELECT CALLID, TRANSCRIPT[0]:sentences[0]:text::string, _AIRBYTE_META:sync_id::int "
        f"FROM {t.raw_call_transcripts} ORDER BY _AIRBYTE_RAW_ID"
    )
    assert rows == [("7782342274025937895", "Olá 👋", 3)] * 2
