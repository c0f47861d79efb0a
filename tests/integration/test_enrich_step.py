"""The enrichment step end to end on the emulator with the real offline engine (hashing embeddings)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from include.gong_intel.pipeline import enrich_rows as er
from include.gong_intel.pipeline import enrich_step
from include.gong_intel.pipeline.enrich_rows import NO_TRANSCRIPT_SUMMARY
from include.gong_intel.warehouse.hook import WarehouseHook
from tests.unit.pipeline import stg_rows
from tests.unit.pipeline.stg_rows import CALL_IDS, NEGATIVE, NO_TRANSCRIPT, POSITIVE

pytestmark = pytest.mark.integration

RUN_ID = "manual__enrich-test"


@pytest.fixture
def settings(settings_factory):
    # Small passages so the positive and negative calls each span several chunks.
    return settings_factory(embedding_backend="hashing", passage_max_chars=200)


@pytest.fixture
def hook(settings):
    wh = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    stg_rows.load(wh, settings)
    return wh


def _calls(hook, settings) -> dict[str, dict]:
    rows = hook.get_records(
        f"SELECT CALL_ID, SENTIMENT_SCORE, CALL_SUMMARY, KEY_TOPICS, RISK_INDICATORS, AI_MEMORY_EMBEDDING, "
        f"ENRICHMENT_ENGINE, ENRICHMENT_MODEL_VERSION, EMBEDDING_MODEL, EMBEDDING_DIM, SOURCE_HASH, "
        f"ENRICHED_SOURCE_HASH, ENRICHED_AT FROM {settings.tables.stg_calls}"
    )
    keys = [
        "sentiment",
        "summary",
        "topics",
        "risks",
        "embedding",
        "engine",
        "model_version",
        "embedding_model",
        "embedding_dim",
        "source_hash",
        "enriched_hash",
        "enriched_at",
    ]
    out = {}
    for row in rows:
        record = dict(zip(keys, row[1:], strict=True))
        for key in ("topics", "risks"):
            record[key] = json.loads(record[key]) if record[key] is not None else None
        # A VECTOR column comes back from the connector as a list (ARRAY and OBJECT as JSON text).
        assert record["embedding"] is None or isinstance(record["embedding"], list)
        out[row[0]] = record
    return out


def _chunks(hook, settings) -> list[tuple]:
    return hook.get_records(
        f"SELECT CALL_ID, CHUNK_ID, CHUNK_ORDINAL, CHUNK_TEXT, EMBEDDING, EMBEDDING_MODEL, EMBEDDING_DIM, "
        f"SOURCE_HASH, START_MS, END_MS FROM {settings.tables.memory_chunks} ORDER BY CALL_ID, CHUNK_ORDINAL"
    )


def _segments(hook, settings) -> dict[str, tuple]:
    rows = hook.get_records(
        f"SELECT TRANSCRIPT_ID, SEGMENT_SENTIMENT, EXTRACTED_ENTITIES, ENRICHED_SOURCE_HASH, SOURCE_HASH "
        f"FROM {settings.tables.stg_transcripts}"
    )
    return {r[0]: r[1:] for r in rows}


def test_enrichment_writes_consistent_results_for_every_call(hook, settings):
    engine = enrich_step.build_step_engine(settings)
    assert enrich_step.plan_batches(hook, settings, batch_size=2, engine=engine) == [
        [POSITIVE, NEGATIVE],
        [NO_TRANSCRIPT],
    ]

    stats = enrich_step.enrich_all(hook, settings, RUN_ID, engine=engine, batch_size=2)

    assert [s.calls_in for s in stats] == [2, 1]
    total = enrich_step.summarise(stats)
    assert total["calls_enriched"] == 3 and total["calls_quarantined"] == 0 and total["calls_skipped"] == 0
    assert total["calls_without_transcript"] == 1
    assert total["segments"] == 9
    calls = _calls(hook, settings)
    positive, negative, silent = calls[POSITIVE], calls[NEGATIVE], calls[NO_TRANSCRIPT]

    assert positive["sentiment"] > 0.2
    assert negative["sentiment"] < -0.2
    risk_types = {r["type"] for r in negative["risks"]}
    assert {"pricing_objection", "budget", "competitor"} <= risk_types
    pricing = next(r for r in negative["risks"] if r["type"] == "pricing_objection")
    assert pricing == {
        "type": "pricing_objection",
        "severity": pricing["severity"],
        "quote": pricing["quote"],
        "start_ms": pricing["start_ms"],
        "speaker": "Lee Wong",
    }
    assert "too expensive" in pricing["quote"] and 5000 <= pricing["start_ms"] < 16000
    assert "Pricing" in negative["topics"]
    assert "Northwind" in positive["summary"] and "Dana Reyes" in positive["summary"]

    for record in calls.values():
        assert len(record["embedding"]) == settings.embedding_dim == record["embedding_dim"]
        assert record["engine"] == "local" and record["model_version"] == engine.model_version
        assert record["embedding_model"] == f"hashing-ngram-{settings.embedding_dim}"
        assert record["enriched_hash"] == record["source_hash"]

    # A call without a transcript: summarised from Gong's brief, no model call, sentiment left NULL.
    assert silent["sentiment"] is None
    assert NO_TRANSCRIPT_SUMMARY in silent["summary"] and "the recording failed" in silent["summary"]
    assert silent["risks"] == [] and silent["topics"] == []

    chunks = _chunks(hook, settings)
    assert {c[0] for c in chunks} == {POSITIVE, NEGATIVE}
    assert total["chunks"] == len(chunks)
    for call_id in (POSITIVE, NEGATIVE):
        mine = [c for c in chunks if c[0] == call_id]
        assert len(mine) >= 2
        assert [c[2] for c in mine] == list(range(len(mine)))
        for text in stg_rows.segment_texts(call_id):
            assert any(text in c[3] for c in mine), text
        for c in mine:
            assert len(c[4]) == settings.embedding_dim
            assert c[5] == record["embedding_model"] and c[6] == settings.embedding_dim
            assert c[7] == calls[call_id]["source_hash"]
            assert c[8] <= c[9]
    assert len({c[1] for c in chunks}) == len(chunks)

    segments = _segments(hook, settings)
    assert len(segments) == 9
    frank = segments[f"{NEGATIVE}-0001"]
    assert frank[0] < 0
    entities = json.loads(frank[1])
    assert entities["money"] == ["$48,000"]
    assert set(entities) == {"people", "companies", "competitors", "products", "money", "dates"}
    assert json.loads(segments[f"{NEGATIVE}-0002"][1])["competitors"] == ["Clari"]
    assert all(s[2] == s[3] for s in segments.values())


def test_second_run_sends_nothing_to_the_engine(hook, settings):
    engine = enrich_step.build_step_engine(settings)
    enrich_step.enrich_all(hook, settings, RUN_ID, engine=engine)
    before = _calls(hook, settings)
    usage = engine.usage

    assert enrich_step.plan_batches(hook, settings, engine=engine) == []
    # Even when handed the same ids again (a retried or duplicated task), nothing is re-analysed.
    stats = enrich_step.enrich_batch(hook, settings, list(CALL_IDS), run_id=RUN_ID, engine=engine)

    assert engine.usage == usage
    assert stats.usage.embed_texts == 0 and stats.calls_skipped == 3 and stats.calls_enriched == 0
    assert _calls(hook, settings) == before


def test_changed_source_hash_re_enriches_only_that_call(hook, settings):
    engine = enrich_step.build_step_engine(settings)
    enrich_step.enrich_all(hook, settings, RUN_ID, engine=engine)
    first = _calls(hook, settings)
    hook.run(
        f"UPDATE {settings.tables.stg_transcripts} SET TRANSCRIPT_TEXT = %(text)s, SOURCE_HASH = 'seg-new' "
        f"WHERE TRANSCRIPT_ID = %(tid)s",
        parameters={"text": "We cancelled the project and will churn at renewal.", "tid": f"{POSITIVE}-0003"},
    )
    hook.run(
        f"UPDATE {settings.tables.stg_calls} SET SOURCE_HASH = 'C-100-v2' WHERE CALL_ID = %(id)s",
        parameters={"id": POSITIVE},
    )

    assert enrich_step.plan_batches(hook, settings, engine=engine) == [[POSITIVE]]
    stats = enrich_step.enrich_all(hook, settings, RUN_ID, engine=engine)

    assert [s.calls_enriched for s in stats] == [1]
    second = _calls(hook, settings)
    assert second[POSITIVE]["enriched_hash"] == "C-100-v2"
    assert second[POSITIVE]["sentiment"] < first[POSITIVE]["sentiment"]
    assert second[NEGATIVE] == first[NEGATIVE]
    chunks = [c for c in _chunks(hook, settings) if c[0] == POSITIVE]
    assert all(c[7] == "C-100-v2" for c in chunks)
    assert any("will churn at renewal" in c[3] for c in chunks)
    assert not any("signed order form" in c[3] for c in chunks)
    assert _segments(hook, settings)[f"{POSITIVE}-0003"][2] == "seg-new"


def test_new_model_or_embedding_version_re_enriches_everything(hook, settings):
    engine = enrich_step.build_step_engine(settings)
    enrich_step.enrich_all(hook, settings, RUN_ID, engine=engine)

    # A new embedding configuration (here: the dimension, hence the model name) makes every vector stale.
    # The vector columns are VECTOR(FLOAT, embedding_dim): as on Snowflake, a new dimension needs new columns.
    wider = replace(settings, embedding_dim=128)
    t = settings.tables
    for table, column in ((t.stg_calls, "AI_MEMORY_EMBEDDING"), (t.memory_chunks, "EMBEDDING")):
        hook.run(f"ALTER TABLE {table} DROP COLUMN {column}")
        hook.run(f"ALTER TABLE {table} ADD COLUMN {column} VECTOR(FLOAT, 128)")
    wider_engine = enrich_step.build_step_engine(wider)
    assert enrich_step.plan_batches(hook, wider, engine=wider_engine) == [list(CALL_IDS)]
    enrich_step.enrich_all(hook, wider, RUN_ID, engine=wider_engine)
    calls = _calls(hook, wider)
    assert {c["embedding_model"] for c in calls.values()} == {"hashing-ngram-128"}
    assert {len(c["embedding"]) for c in calls.values()} == {128}
    assert {len(c[4]) for c in _chunks(hook, wider)} == {128}

    # A new engine release (model/prompt version) does too, and the old one is current no more.
    wider_engine.model_version = wider_engine.model_version + "-next"
    assert enrich_step.plan_batches(hook, wider, engine=wider_engine) == [list(CALL_IDS)]
    enrich_step.enrich_all(hook, wider, RUN_ID, engine=wider_engine)
    assert {c["model_version"] for c in _calls(hook, wider).values()} == {wider_engine.model_version}
    assert enrich_step.plan_batches(hook, wider, engine=wider_engine) == []


class _SimulatedKill(BaseException):
    """Stands for SIGKILL: not an Exception, so no handler in the step runs."""


class _KillingHook(WarehouseHook):
    """Dies inside the ``kill_at``-th write transaction, after the call MERGE and before the chunks."""

    def __init__(self, *args, kill_at: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.kill_at = kill_at
        self.transactions = 0

    def get_conn(self):
        return _Conn(super().get_conn(), self)


class _Conn:
    def __init__(self, conn, hook):
        self._conn, self._hook = conn, hook

    def cursor(self):
        return _Cursor(self._conn.cursor(), self._hook)

    def __getattr__(self, name):
        return getattr(self._conn, name)


class _Cursor:
    def __init__(self, cur, hook):
        self._cur, self._hook = cur, hook

    def execute(self, sql, params=None):
        if sql == "BEGIN":
            self._hook.transactions += 1
        if (
            self._hook.transactions == self._hook.kill_at
            and "INSERT INTO" in sql
            and "TRANSCRIPT_CHUNKS" in sql
        ):
            raise _SimulatedKill
        return self._cur.execute(sql, params)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._cur.close()

    def __getattr__(self, name):
        return getattr(self._cur, name)


def test_kill_mid_batch_leaves_whole_calls_and_rerun_enriches_each_exactly_once(hook, settings):
    engine = enrich_step.build_step_engine(settings)
    killing = _KillingHook(snowflake_conn_id=settings.snowflake_conn_id, kill_at=2)

    with pytest.raises(_SimulatedKill):
        enrich_step.enrich_batch(
            killing, settings, list(CALL_IDS), run_id=RUN_ID, engine=engine, commit_every=1
        )

    # The first call is complete; the second died mid-write and left nothing behind, not even its call row.
    calls = _calls(hook, settings)
    assert calls[POSITIVE]["enriched_hash"] == calls[POSITIVE]["source_hash"]
    assert calls[NEGATIVE]["enriched_hash"] is None and calls[NEGATIVE]["summary"] is None
    assert {c[0] for c in _chunks(hook, settings)} == {POSITIVE}
    assert all(s[2] is None for tid, s in _segments(hook, settings).items() if tid.startswith(NEGATIVE))
    first_positive = calls[POSITIVE]

    assert enrich_step.plan_batches(hook, settings, engine=engine) == [[NEGATIVE, NO_TRANSCRIPT]]
    rerun = enrich_step.enrich_all(hook, settings, RUN_ID, engine=engine)
    assert [s.calls_enriched for s in rerun] == [2]

    calls = _calls(hook, settings)
    assert calls[POSITIVE] == first_positive
    assert all(c["enriched_hash"] == c["source_hash"] for c in calls.values())
    chunks = _chunks(hook, settings)
    assert len({c[1] for c in chunks}) == len(chunks)
    for call_id in (POSITIVE, NEGATIVE):
        ordinals = [c[2] for c in chunks if c[0] == call_id]
        assert ordinals == list(range(len(ordinals)))


class _ConcurrentTransformHook(WarehouseHook):
    """Commits a new SOURCE_HASH for one call (as the transform would) just before the write begins."""

    def __init__(self, *args, change_call: str, settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.change_call, self.settings_ = change_call, settings

    def get_conn(self):
        hook = self

        class Conn(_Conn):
            def cursor(self):
                cur = self._conn.cursor()

                class Cursor(_Cursor):
                    def execute(self, sql, params=None):
                        if sql == "BEGIN" and hook.change_call:
                            WarehouseHook(snowflake_conn_id=hook.snowflake_conn_id).run(
                                f"UPDATE {hook.settings_.tables.stg_calls} SET SOURCE_HASH = 'changed' "
                                f"WHERE CALL_ID = %(id)s",
                                parameters={"id": hook.change_call},
                            )
                            hook.change_call = ""
                        return self._cur.execute(sql, params)

                return Cursor(cur, hook)

        return Conn(super().get_conn(), self)


def test_call_changed_by_a_concurrent_transform_is_not_written_and_is_planned_again(hook, settings):
    engine = enrich_step.build_step_engine(settings)
    racing = _ConcurrentTransformHook(
        snowflake_conn_id=settings.snowflake_conn_id, change_call=NEGATIVE, settings=settings
    )

    stats = enrich_step.enrich_batch(racing, settings, list(CALL_IDS), run_id=RUN_ID, engine=engine)

    assert (stats.calls_in, stats.calls_enriched, stats.calls_skipped) == (3, 2, 1)
    calls = _calls(hook, settings)
    assert calls[NEGATIVE]["enriched_hash"] is None and calls[NEGATIVE]["source_hash"] == "changed"
    assert NEGATIVE not in {c[0] for c in _chunks(hook, settings)}
    assert all(s[2] is None for tid, s in _segments(hook, settings).items() if tid.startswith(NEGATIVE))
    assert enrich_step.plan_batches(hook, settings, engine=engine) == [[NEGATIVE]]


def test_invalid_segment_times_quarantine_the_call_and_the_batch_goes_on(hook, settings):
    hook.run(
        f"UPDATE {settings.tables.stg_transcripts} SET START_MS = 9000, END_MS = 100 "
        f"WHERE TRANSCRIPT_ID = %(tid)s",
        parameters={"tid": f"{POSITIVE}-0001"},
    )
    engine = enrich_step.build_step_engine(settings)

    stats = enrich_step.enrich_batch(hook, settings, list(CALL_IDS), run_id=RUN_ID, engine=engine)

    assert (stats.calls_enriched, stats.calls_quarantined) == (2, 1)
    rows = hook.get_records(
        f"SELECT RUN_ID, STEP, RECORD_KEY, CHECK_NAME, REASON, RECORD:source_hash::STRING "
        f"FROM {settings.tables.quarantine}"
    )
    assert rows == [
        (
            RUN_ID,
            "enrich",
            POSITIVE,
            "segment_time_range",
            f"segment {POSITIVE}-0001 has START_MS=9000 and END_MS=100",
            "C-100-v1",
        )
    ]
    assert _calls(hook, settings)[POSITIVE]["enriched_hash"] is None


def test_calls_rejected_by_staged_validation_are_not_enriched_until_their_source_changes(hook, settings):
    from datetime import UTC, datetime

    from include.gong_intel.validate import STAGED_STEPS, QuarantineRecord, write_quarantine

    write_quarantine(
        hook,
        settings,
        [
            QuarantineRecord(
                quarantine_id="q-staged-1",
                run_id=RUN_ID,
                step=STAGED_STEPS[1],
                source_table=settings.tables.stg_transcripts,
                record_key=f"{NEGATIVE}-0001",
                check_name="start_le_end",
                reason="START_MS=9000 > END_MS=100",
                offending_value="9000..100",
                record={},
                quarantined_at=datetime.now(UTC),
                call_id=NEGATIVE,
                call_source_hash="C-200-v1",
            )
        ],
    )
    engine = enrich_step.build_step_engine(settings)

    assert enrich_step.plan_batches(hook, settings, engine=engine) == [[POSITIVE, NO_TRANSCRIPT]]
    assert (
        enrich_step.enrich_batch(hook, settings, [NEGATIVE], run_id=RUN_ID, engine=engine).calls_skipped == 1
    )

    hook.run(
        f"UPDATE {settings.tables.stg_calls} SET SOURCE_HASH = 'C-200-v2' WHERE CALL_ID = %(id)s",
        parameters={"id": NEGATIVE},
    )
    assert enrich_step.plan_batches(hook, settings, engine=engine) == [list(CALL_IDS)]


def test_re_enrichment_embeds_only_texts_without_a_stored_vector(hook, settings):
    engine = enrich_step.build_step_engine(settings)
    first = enrich_step.summarise(enrich_step.enrich_all(hook, settings, RUN_ID, engine=engine))
    stored = {c[1]: c[4] for c in _chunks(hook, settings)}
    assert first["usage"]["embed_texts"] == len(CALL_IDS) + len(stored)

    # A new analysis release re-enriches every call, but the passages are unchanged: only the call texts
    # (summary + topics) go to the model, and every passage keeps its stored vector exactly.
    engine.model_version = engine.model_version + "-next"
    second = enrich_step.summarise(enrich_step.enrich_all(hook, settings, RUN_ID, engine=engine))
    assert second["calls_enriched"] == len(CALL_IDS)
    assert second["usage"]["embed_texts"] == len(CALL_IDS)
    assert {c[1]: c[4] for c in _chunks(hook, settings)} == stored

    # A changed segment: the passages holding it get new ids and new vectors, the others are reused.
    hook.run(
        f"UPDATE {settings.tables.stg_transcripts} SET TRANSCRIPT_TEXT = %(text)s, SOURCE_HASH = 'seg-new' "
        f"WHERE TRANSCRIPT_ID = %(tid)s",
        parameters={"text": "We cancelled the project and will churn at renewal.", "tid": f"{POSITIVE}-0003"},
    )
    hook.run(
        f"UPDATE {settings.tables.stg_calls} SET SOURCE_HASH = 'C-100-v2' WHERE CALL_ID = %(id)s",
        parameters={"id": POSITIVE},
    )
    third = enrich_step.summarise(enrich_step.enrich_all(hook, settings, RUN_ID, engine=engine))
    after = {c[1]: c[4] for c in _chunks(hook, settings) if c[0] == POSITIVE}
    new_ids = set(after) - set(stored)
    assert new_ids and set(after) & set(stored)
    assert third["usage"]["embed_texts"] == 1 + len(new_ids)
    assert all(after[i] == stored[i] for i in set(after) & set(stored))
    fresh = engine.embed([c[3] for c in _chunks(hook, settings) if c[1] in new_ids], "search_document")
    assert [after[c[1]] for c in _chunks(hook, settings) if c[1] in new_ids] == [
        pytest.approx(er.vector_list(v), abs=1e-7) for v in fresh
    ]


class _BadModelEngine:
    """The local engine behind a model that answers badly for chosen calls.

    The model is the external part of the step, so faking its answers is what a provider regression
    looks like to the step: a blank summary for some calls, a NaN inside the vectors of texts with a marker.
    """

    def __init__(self, inner, *, blank_summary_for=(), nan_vector_for_text_with=()):
        self.inner = inner
        self.blank_summary_for = set(blank_summary_for)
        self.markers = tuple(nan_vector_for_text_with)

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def analyze_call(self, ctx, segments):
        analysis = self.inner.analyze_call(ctx, segments)
        return replace(analysis, summary="  ") if ctx.call_id in self.blank_summary_for else analysis

    def embed(self, texts, input_type):
        vectors = self.inner.embed(texts, input_type).copy()
        for row, text in enumerate(texts):
            if any(marker in text for marker in self.markers):
                vectors[row, 3] = float("nan")
        return vectors


def _gate_quarantine(hook, settings) -> list[tuple]:
    return hook.get_records(
        f"SELECT RUN_ID, STEP, RECORD_KEY, CALL_ID, CALL_SOURCE_HASH, CHECK_NAME, REASON, "
        f"RECORD:model_version::STRING FROM {settings.tables.quarantine} WHERE STEP = 'enrich_output' "
        f"ORDER BY RECORD_KEY, QUARANTINED_AT"
    )


@pytest.fixture
def tolerant(settings_factory):
    """Settings whose failure threshold lets two bad calls of three through without failing the task."""
    settings = settings_factory(embedding_backend="hashing", passage_max_chars=200, dq_max_failure_ratio=0.7)
    stg_rows.load(WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id), settings)
    return settings


def test_output_gate_quarantines_calls_with_bad_model_output_whole_and_writes_the_others(tolerant):
    from include.gong_intel.monitor.health import run_health
    from include.gong_intel.validate import DataQualityError

    settings = tolerant
    hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    engine = _BadModelEngine(
        enrich_step.build_step_engine(settings),
        blank_summary_for=[POSITIVE],
        nan_vector_for_text_with=["evaluating Clari"],  # one passage of the objection call
    )
    alerts = []

    stats = enrich_step.enrich_batch(
        hook, settings, list(CALL_IDS), run_id=RUN_ID, engine=engine, alert=alerts.append
    )

    assert (stats.calls_in, stats.calls_enriched, stats.calls_quarantined, stats.calls_skipped) == (
        3,
        1,
        2,
        0,
    )
    assert (stats.output_checked, stats.output_passed, stats.output_quarantined) == (3, 1, 2)
    calls = _calls(hook, settings)
    # The call without transcript has no sentiment (allowed) and is written; the two bad ones not at all.
    assert calls[NO_TRANSCRIPT]["enriched_hash"] == "C-300-v1" and calls[NO_TRANSCRIPT]["sentiment"] is None
    assert calls[POSITIVE]["enriched_hash"] is None and calls[NEGATIVE]["enriched_hash"] is None
    assert _chunks(hook, settings) == []
    assert all(s[2] is None for s in _segments(hook, settings).values())

    rows = _gate_quarantine(hook, settings)
    assert [r[:5] for r in rows] == [
        (RUN_ID, "enrich_output", POSITIVE, POSITIVE, "C-100-v1"),
        (RUN_ID, "enrich_output", NEGATIVE, NEGATIVE, "C-200-v1"),
    ]
    assert rows[0][5] == "call.CALL_SUMMARY.not_blank" and rows[0][6] == "CALL_SUMMARY is blank"
    # The brief quotes the customer's competitor remark, so the call's own vector is as bad as the passage's.
    assert rows[1][5] == "call.AI_MEMORY_EMBEDDING.embedding_shape, chunk.EMBEDDING.embedding_shape"
    assert "chunk " in rows[1][6] and rows[1][6].endswith(": EMBEDDING[3]=nan is not finite")
    assert {r[7] for r in rows} == {engine.model_version}

    # DQ results: one set per batch, summed per run by the monitor; the alert saw the same results.
    dq = {r.check: (r.failed, r.total) for r in run_health(hook, settings, RUN_ID).dq_results}
    assert dq["all_checks"] == (2, 3)
    assert dq["call.CALL_SUMMARY.not_blank"] == (1, 3)
    assert dq["chunk.EMBEDDING.embedding_shape"] == (1, 3)
    assert dq["segment.SEGMENT_SENTIMENT.in_range"] == (0, 3)
    assert len(alerts) == 1 and {r.check: r.failed for r in alerts[0]}["all_checks"] == 2

    # Models are not deterministic: the calls are tried once more, then given up on for this model.
    assert enrich_step.plan_batches(hook, settings, engine=engine) == [[POSITIVE, NEGATIVE]]
    with pytest.raises(DataQualityError, match="enrich_output: 2 of 2 rows quarantined"):
        enrich_step.enrich_batch(hook, settings, [POSITIVE, NEGATIVE], run_id=RUN_ID, engine=engine)
    assert len(_gate_quarantine(hook, settings)) == 4
    assert enrich_step.plan_batches(hook, settings, engine=engine) == []


def test_output_gate_fails_the_batch_above_the_threshold_after_writing_the_good_calls(hook, settings):
    from include.gong_intel.validate import DataQualityError

    engine = _BadModelEngine(enrich_step.build_step_engine(settings), blank_summary_for=[POSITIVE])

    with pytest.raises(DataQualityError, match=r"enrich_output: 1 of 3 rows quarantined \(33.3% > 20.0%\)"):
        enrich_step.enrich_batch(hook, settings, list(CALL_IDS), run_id=RUN_ID, engine=engine)

    calls = _calls(hook, settings)
    assert {c: calls[c]["enriched_hash"] for c in CALL_IDS} == {
        POSITIVE: None,
        NEGATIVE: "C-200-v1",
        NO_TRANSCRIPT: "C-300-v1",
    }
    assert {c[0] for c in _chunks(hook, settings)} == {NEGATIVE}
    assert [r[2] for r in _gate_quarantine(hook, settings)] == [POSITIVE]
    dq_run = enrich_step.dq_run_id(RUN_ID, list(CALL_IDS))
    breached = hook.get_records(
        f"SELECT FAILED_ROWS, TOTAL_ROWS, PASSED FROM {settings.tables.dq_results} "
        f"WHERE RUN_ID = %(run)s AND CHECK_NAME = 'all_checks'",
        parameters={"run": dq_run},
    )
    assert breached == [(1, 3, False)]
