"""A warehouse statement failing mid-run, then a re-run: row counts and content identical to a clean run.

The failure is injected at the Snowflake connector's boundary (``SnowflakeCursor.execute`` raises for the
N-th statement matching a pattern, before it reaches the warehouse), so every line of product code runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from snowflake.connector.cursor import SnowflakeCursor
from snowflake.connector.errors import ProgrammingError

from include.gong_intel.gong.hook import GongHook
from include.gong_intel.gong.loader import load_gong_to_raw
from include.gong_intel.pipeline import enrich_step
from tests.faults.conftest import GONG_CONN_ID, LOOKBACK, SINCE, UNTIL, raw_snapshot, tenant_of
from tests.faults.enrich_state import assert_whole_or_nothing, call_states, stage_calls

pytestmark = pytest.mark.timeout(90)

RUN_ID = "scheduled__warehouse-faults"


@pytest.fixture
def fail_statement(monkeypatch) -> Callable[..., dict]:
    """Make the ``nth`` statement matching ``pattern`` fail once, as a warehouse error would."""

    def arm(pattern: str, nth: int = 1) -> dict:
        regex = re.compile(pattern, re.IGNORECASE | re.DOTALL)
        state = {"seen": 0, "failed": 0}
        original = SnowflakeCursor.execute

        def execute(self, command, *args, **kwargs):
            if isinstance(command, str) and regex.search(command):
                state["seen"] += 1
                if state["seen"] == nth:
                    state["failed"] += 1
                    raise ProgrammingError(msg="injected: statement failed in the warehouse", errno=100132)
            return original(self, command, *args, **kwargs)

        monkeypatch.setattr(SnowflakeCursor, "execute", execute)
        return state

    return arm


def _raw_content(hook) -> dict[str, list]:
    """Landed content per table, without the per-sync metadata (raw ids, extraction times)."""
    t = hook.settings.tables
    return {
        "calls": hook.get_records(
            f"SELECT ID, METADATA:id::string, STARTDATETIME, TO_JSON(METADATA), TO_JSON(PARTIES), TO_JSON(CONTENT)"
            f" FROM {t.raw_extensive_calls} ORDER BY 2"
        ),
        "transcripts": hook.get_records(
            f"SELECT CALLID, STARTED, TO_JSON(TRANSCRIPT) FROM {t.raw_call_transcripts} ORDER BY 1"
        ),
        "users": hook.get_records(f"SELECT ID, EMAILADDRESS, TITLE FROM {t.raw_users} ORDER BY 1"),
    }


def _sync(hook):
    return load_gong_to_raw(
        GongHook(gong_conn_id=GONG_CONN_ID),
        hook,
        tables=hook.settings.tables,
        since=SINCE,
        until=UNTIL,
        lookback=LOOKBACK,
    )


def _fresh_hook(settings_factory):
    from include.gong_intel.warehouse.hook import WarehouseHook

    settings = settings_factory()
    hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    hook.settings = settings
    return hook


def test_insert_failing_on_the_second_page_then_rerun_lands_what_a_clean_run_lands(
    gong_peer_factory, settings_factory, fail_statement
):
    gong_peer_factory(tenant_of(130))
    clean = _fresh_hook(settings_factory)
    _sync(clean)

    faulty = _fresh_hook(settings_factory)
    state = fail_statement(r"^INSERT INTO \S+\.RAW_AIRBYTE\.EXTENSIVECALLS", nth=2)
    with pytest.raises(ProgrammingError, match="injected"):
        _sync(faulty)
    assert state["failed"] == 1
    partial = raw_snapshot(faulty)
    # Page 1 complete; page 2's transcripts landed but its calls did not, so the cursor stayed on page 1.
    assert len(partial.calls) == 100 and partial.duplicated_calls == []

    _sync(faulty)

    assert _raw_content(faulty) == _raw_content(clean)
    assert raw_snapshot(faulty).duplicated_transcripts == []


def _enriched_content(hook, settings) -> dict[str, list]:
    """Everything enrichment writes, except write timestamps."""
    t = settings.tables
    return {
        "calls": hook.get_records(
            f"SELECT CALL_ID, SENTIMENT_SCORE, CALL_SUMMARY, TO_JSON(KEY_TOPICS), TO_JSON(RISK_INDICATORS),"
            f" TO_JSON(AI_MEMORY_EMBEDDING), ENRICHMENT_MODEL_VERSION, ENRICHED_SOURCE_HASH FROM {t.stg_calls}"
            " ORDER BY 1"
        ),
        "segments": hook.get_records(
            f"SELECT TRANSCRIPT_ID, SEGMENT_SENTIMENT, TO_JSON(EXTRACTED_ENTITIES), ENRICHED_SOURCE_HASH"
            f" FROM {t.stg_transcripts} ORDER BY 1"
        ),
        "chunks": hook.get_records(
            f"SELECT CHUNK_ID, CALL_ID, CHUNK_ORDINAL, CHUNK_TEXT, TO_JSON(EMBEDDING), SOURCE_HASH"
            f" FROM {t.memory_chunks} ORDER BY 1"
        ),
    }


def test_chunk_insert_failing_mid_enrichment_rolls_back_that_call_and_the_rerun_matches_a_clean_run(
    settings_factory, fail_statement
):
    config = {"embedding_backend": "hashing", "passage_max_chars": 300}
    results = {}
    for name in ("clean", "faulty"):
        hook = _fresh_hook(lambda: settings_factory(**config))
        settings = hook.settings
        ids = stage_calls(hook, settings, 4)
        if name == "faulty":
            # The second call's transaction fails on its last statement, after its call and segment updates.
            state = fail_statement(
                r"^\s*(--[^\n]*\n\s*)*INSERT INTO \S+\.AI_MEMORY\.TRANSCRIPT_CHUNKS", nth=2
            )
            with pytest.raises(ProgrammingError, match="injected"):
                enrich_step.enrich_batch(hook, settings, ids, run_id=RUN_ID, commit_every=1)
            assert state["failed"] == 1
            done, untouched = assert_whole_or_nothing(call_states(hook, settings))
            assert done == {ids[0]} and untouched == set(ids[1:])
        stats = enrich_step.enrich_batch(hook, settings, ids, run_id=RUN_ID, commit_every=1)
        assert stats.calls_enriched == (4 if name == "clean" else 3)
        results[name] = _enriched_content(hook, settings)

    assert results["faulty"] == results["clean"]
    assert len(results["clean"]["chunks"]) > 4
