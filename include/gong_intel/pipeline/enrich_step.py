"""The enrichment step: pick the calls that need it, run the engine, check the results, write them back.

Flow (the DAG maps ``enrich_batch`` over the batches ``plan_batches`` returns; only call ids go through XCom):

1. **Plan** (``enrich/select_work.sql``): calls that are new, changed (``SOURCE_HASH`` differs from
   ``ENRICHED_SOURCE_HASH``) or enriched by another engine, model/prompt version or embedding model/dimension.
   Calls whose model output was quarantined ``max_invalid_attempts`` times for the same source and model are
   left alone until either changes. Work is keyed by content hash: an unchanged call never reaches a model
   again.
2. **Load** (``enrich/load_calls.sql``, ``enrich/load_segments.sql``): the batch's calls that *still* need
   enrichment (a retried task skips what its first try wrote) and their transcript segments. The
   ``SOURCE_HASH`` read here is the write guard.
3. **Analyse**: ``engine.analyze_call`` per call. A call without transcript text gets no model call: its
   summary comes from Gong's brief (see :func:`enrich_rows.no_transcript_summary`), its sentiment is NULL.
   ``InvalidModelOutput`` quarantines the call (STEP ``enrich``) and the batch goes on.
4. **Embed**: each call's text (summary + key topics) and the transcript chunks AI_MEMORY does not already
   hold a vector for (``memory/select_chunk_vectors.sql``: same chunk id, so same text, and same embedding
   model and dimension) are queued across calls and sent in full requests of ``embed_batch_size`` texts
   (``search_document``), so a batch costs ``ceil(texts / 96)`` embed requests plus at most one partial
   request at its end. A response with the wrong number of rows or dimensions cannot be matched to texts
   and quarantines the calls with a text in it (STEP ``enrich``). Embedding is most of the step's time, so
   a call re-enriched for a new analysis version or a metadata change pays only for its call text.
5. **Output gate** (STEP ``enrich_output``): the rows about to be written are validated with the Pandera
   models ``EnrichedCall`` (call row), ``EnrichedSegment`` (analysed segments) and ``MemoryChunkRow``
   (AI_MEMORY passages): sentiment in [-1, 1] (NULL only without transcript text), non-blank summary,
   known risk types and severities, entity kinds, embeddings of the configured dimension with finite,
   non-zero values, unique keys. A call with any failing row is quarantined whole with every reason
   (``validate.output_gate.OutputGate``) and not written; the others go on. The checks on what
   the engine returns live there only; :func:`enrich_rows.check_analysis` keeps what pandera cannot
   see (results for another call or for unknown segments).
6. **Write** in one transaction per group of ``commit_every`` calls whose vectors are all back: update the call columns (guarded by the hash read in 2), the
   segment columns, replace the call's AI_MEMORY chunks (delete + insert). A call is written whole or not at
   all; a killed task leaves only complete calls behind and the re-run redoes only the others.

Accounting: ``BatchStats.output_checked == output_passed + output_quarantined`` (calls through the gate);
the gate's DQ results are written per batch (see :func:`dq_run_id`) after the good calls, then the DQ alert
is sent and ``DataQualityError`` raised when the batch's share of rejected calls exceeds
``settings.dq_max_failure_ratio``.

``EnrichmentError`` (the provider kept failing after bounded retries) fails the task after the calls already
analysed are written, so a retry does not pay for them again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from include.gong_intel.enrich.engine import enrich_settings
from include.gong_intel.enrich.records import (
    CallAnalysis,
    EngineUsage,
    EnrichmentError,
    InvalidModelOutput,
    MemoryChunk,
    Segment,
    preview,
)
from include.gong_intel.pipeline import enrich_rows as er
from include.gong_intel.validate.output_gate import OutputGate

if TYPE_CHECKING:
    import pandas as pd

    from include.gong_intel.config import Settings
    from include.gong_intel.enrich.engine import EnrichmentEngine
    from include.gong_intel.validate.outcomes import DQResult

log = logging.getLogger(__name__)

STEP = "enrich"
# Quarantine and DQ step of the Pandera gate on the rows about to be written.
STEP_OUTPUT = "enrich_output"
# Checks of the output gate's models that an earlier hand-off owns. Call ids are read from STG and written
# back untouched, their format is enforced by the raw and staged gates (a call failing there never reaches
# enrichment), so the gate checks them only as keys (present, unique).
OUTPUT_UPSTREAM_CHECKS = ("CALL_ID.str_matches",)
# Calls per write transaction. A call waits for its vectors until the queued texts fill an embed request,
# but never more than 2 x this many calls are analysed and unwritten: that bounds the model work a killed
# task loses, while keeping the number of write transactions (each a handful of statements) small.
COMMIT_EVERY_CALLS = 5
# A call whose model output was invalid this many times (same source, same model) is not planned again.
MAX_INVALID_ATTEMPTS = 2
# Upper bound for the JSON bound into one statement; Snowflake limits statement text to 1 MB.
MAX_STATEMENT_BYTES = 512 * 1024
_CHUNK_OVERLAP_SEGMENTS = 1


@dataclass(frozen=True)
class BatchStats:
    """What one ``enrich_batch`` did, for monitoring; ``calls_in`` = enriched + quarantined + skipped.

    :param calls_skipped: requested calls not written: already enriched (a retried task), gone, or changed
        by a concurrent transform before the write (they are planned again).
    :param calls_without_transcript: of ``calls_enriched``, those summarised from metadata only.
    :param output_checked: calls whose results reached the output gate; ``= output_passed +
        output_quarantined``. ``calls_quarantined`` includes ``output_quarantined``.
    """

    calls_in: int = 0
    calls_enriched: int = 0
    calls_quarantined: int = 0
    calls_skipped: int = 0
    calls_without_transcript: int = 0
    output_checked: int = 0
    output_passed: int = 0
    output_quarantined: int = 0
    segments: int = 0
    chunks: int = 0
    usage: EngineUsage = field(default_factory=EngineUsage)
    duration_s: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form for XCom."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BatchStats:
        values = dict(data)
        values["usage"] = EngineUsage(**values.get("usage", {}))
        return cls(**values)


# ----------------------------------------------------------------------------------------------- engine


# Provider settings passed on when the pipeline's Settings defines them (a deployment that adds, say,
# ``max_retries`` to its Settings gets it honoured without touching this module); absent ones keep the
# engine's defaults.
def build_step_engine(settings: Settings) -> EnrichmentEngine:
    """The configured engine (no network and no model load happen here)."""
    from include.gong_intel.enrich.engine import build_engine

    return build_engine(enrich_settings(settings))


def _check_engine(engine: EnrichmentEngine, settings: Settings) -> None:
    if engine.embedding_dim != settings.embedding_dim:
        # The vector columns are created with settings.embedding_dim; other vectors cannot be stored.
        raise ValueError(
            f"engine {engine.name} embeds {engine.embedding_dim} dimensions but the warehouse is configured "
            f"for {settings.embedding_dim}"
        )


def _work_params(engine: EnrichmentEngine, max_invalid_attempts: int) -> dict[str, Any]:
    return {
        "engine": engine.name,
        "model_version": engine.model_version,
        "embedding_model": engine.embedding_model,
        "embedding_dim": engine.embedding_dim,
        "max_invalid_attempts": max_invalid_attempts,
    }


def _render(path: str, hook: Any, settings: Settings) -> str:
    from include.gong_intel.warehouse.sql import render

    return render(path, settings, emulator=hook.is_emulator)


# ----------------------------------------------------------------------------------------------- plan


def plan_batches(
    hook: Any,
    settings: Settings,
    *,
    batch_size: int | None = None,
    engine: EnrichmentEngine | None = None,
    max_invalid_attempts: int = MAX_INVALID_ATTEMPTS,
) -> list[list[str]]:
    """Call ids needing enrichment, oldest first, in batches for dynamic task mapping.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param batch_size: calls per batch (default ``settings.enrich_batch_size``).
    :param engine: the engine whose versions count as current (default: the configured one).
    :param max_invalid_attempts: quarantined attempts after which a call is no longer planned.
    :return: lists of call ids; ``[]`` when nothing needs enrichment (the mapped task is then skipped).
    """
    size = batch_size or settings.enrich_batch_size
    if size < 1:
        raise ValueError(f"batch_size must be at least 1, got {size}")
    engine = engine or build_step_engine(settings)
    _check_engine(engine, settings)
    rows = hook.get_records(
        _render("enrich/select_work.sql", hook, settings),
        parameters=_work_params(engine, max_invalid_attempts),
    )
    ids = [str(row[0]) for row in rows]
    batches = [ids[i : i + size] for i in range(0, len(ids), size)]
    log.info(
        "%d calls need enrichment by %s (%s): %d batches",
        len(ids),
        engine.name,
        engine.model_version,
        len(batches),
    )
    return batches


# ----------------------------------------------------------------------------------------------- enrich


@dataclass
class _Analysed:
    """One call analysed and waiting for its embeddings and the next write."""

    call: er.StagedCall
    segments: list[er.StagedSegment]
    analysis: CallAnalysis | None  # None: no transcript text, no model call
    summary: str
    key_topics: tuple[str, ...]
    chunks: list[MemoryChunk]
    # Row 0: the call text's vector; row i: chunk i-1's. Filled as the embed requests come back.
    vectors: Any = None
    missing: int = 0  # texts still waiting for their vector


@dataclass
class _Payload:
    call_id: str
    call_row: dict[str, Any]
    segment_rows: list[dict[str, Any]]
    chunk_rows: list[dict[str, Any]]
    transcript: bool
    started_at: datetime | None = None
    # The analysed (non-blank) segments as EnrichedSegment rows, for the output gate.
    checked_segments: list[dict[str, Any]] = field(default_factory=list)


_CALL_COLUMNS = (
    "CALL_ID",
    "CALL_DATETIME_UTC",
    "HAS_TRANSCRIPT",
    "SOURCE_HASH",
    "SENTIMENT_SCORE",
    "CALL_SUMMARY",
    "KEY_TOPICS",
    "RISK_INDICATORS",
    "AI_MEMORY_EMBEDDING",
    "ENRICHMENT_ENGINE",
    "ENRICHMENT_MODEL_VERSION",
    "EMBEDDING_MODEL",
    "EMBEDDING_DIM",
    "ENRICHED_SOURCE_HASH",
    "ENRICHED_AT",
)
_SEGMENT_COLUMNS = (
    "TRANSCRIPT_ID",
    "CALL_ID",
    "SEGMENT_ORDINAL",
    "START_MS",
    "END_MS",
    "TRANSCRIPT_TEXT",
    "SOURCE_HASH",
    "SEGMENT_SENTIMENT",
    "EXTRACTED_ENTITIES",
    "ENRICHED_AT",
)
_CHUNK_COLUMNS = {
    "CHUNK_ID": "chunk_id",
    "CALL_ID": "call_id",
    "CHUNK_ORDINAL": "ordinal",
    "START_MS": "start_ms",
    "END_MS": "end_ms",
    "SPEAKERS": "speakers",
    "EXTERNAL_SPEAKERS": "external_speakers",
    "CHUNK_TEXT": "text",
    "EMBEDDING": "embedding",
    "EMBEDDING_MODEL": "embedding_model",
    "EMBEDDING_DIM": "embedding_dim",
    "SOURCE_HASH": "call_source_hash",
    "CREATED_AT": "created_at",
}


def output_frames(payloads: Sequence[_Payload]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The rows a group is about to write, as frames for the output gate (warehouse column names): calls,
    analysed segments, AI_MEMORY chunks.

    ``HAS_TRANSCRIPT`` here means "the engine analysed transcript text", which is what decides whether a
    sentiment is owed (a call whose turns are all blank is summarised from metadata, like one without any).
    """
    import pandas as pd

    calls = []
    for p in payloads:
        row = p.call_row
        calls.append(
            {
                "CALL_ID": p.call_id,
                "CALL_DATETIME_UTC": p.started_at,
                "HAS_TRANSCRIPT": p.transcript,
                "SOURCE_HASH": row["source_hash"],
                "SENTIMENT_SCORE": row["sentiment"],
                "CALL_SUMMARY": row["summary"],
                "KEY_TOPICS": row["key_topics"],
                "RISK_INDICATORS": row["risks"],
                "AI_MEMORY_EMBEDDING": row["embedding"],
                "ENRICHMENT_ENGINE": row["engine"],
                "ENRICHMENT_MODEL_VERSION": row["model_version"],
                "EMBEDDING_MODEL": row["embedding_model"],
                "EMBEDDING_DIM": row["embedding_dim"],
                "ENRICHED_SOURCE_HASH": row["source_hash"],
                "ENRICHED_AT": row["enriched_at"],
            }
        )
    segments = [s for p in payloads for s in p.checked_segments]
    chunks = [{col: c[key] for col, key in _CHUNK_COLUMNS.items()} for p in payloads for c in p.chunk_rows]
    return (
        pd.DataFrame(calls, columns=list(_CALL_COLUMNS)),
        pd.DataFrame(segments, columns=list(_SEGMENT_COLUMNS)),
        pd.DataFrame(chunks, columns=list(_CHUNK_COLUMNS)),
    )


def enrich_batch(
    hook: Any,
    settings: Settings,
    call_ids: Sequence[str],
    *,
    run_id: str,
    engine: EnrichmentEngine | None = None,
    commit_every: int = COMMIT_EVERY_CALLS,
    max_invalid_attempts: int = MAX_INVALID_ATTEMPTS,
    alert: Callable[[Sequence[DQResult]], object] | None = None,
) -> BatchStats:
    """Enrich the given calls and write the results; see the module docstring for the flow.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param call_ids: one batch from :func:`plan_batches`.
    :param run_id: the Airflow run id, recorded on quarantine rows.
    :param engine: the engine to use (default: the configured one; pass one to share it across batches).
    :param commit_every: calls per write transaction.
    :param max_invalid_attempts: as for :func:`plan_batches`.
    :param alert: called with the output gate's DQ results when a check failed, after they are written
        and before the threshold is applied (e.g. ``alerts.notifiers.send_dq_alert``).
    :raises EnrichmentError: the provider kept failing; the calls analysed before are written first.
    :raises DataQualityError: the output gate rejected more calls than ``settings.dq_max_failure_ratio``
        allows; the good calls are written first.
    """
    if commit_every < 1:
        raise ValueError("commit_every must be at least 1")
    started = time.monotonic()
    engine = engine or build_step_engine(settings)
    _check_engine(engine, settings)
    usage_before = engine.usage
    ids = list(dict.fromkeys(str(i) for i in call_ids))
    state = _BatchState(
        hook=hook,
        settings=settings,
        engine=engine,
        run_id=run_id,
        request_texts=enrich_settings(settings).embed_batch_size,
        commit_every=commit_every,
    )
    if not ids:
        return BatchStats()
    dq_run = dq_run_id(run_id, ids)

    calls = [
        er.StagedCall.from_row(row)
        for row in hook.get_records(
            _render("enrich/load_calls.sql", hook, settings),
            parameters={"call_ids": json.dumps(ids), **_work_params(engine, max_invalid_attempts)},
        )
    ]
    segments_by_call: dict[str, list[er.StagedSegment]] = {c.call_id: [] for c in calls}
    if calls:
        for row in hook.get_records(
            _render("enrich/load_segments.sql", hook, settings),
            parameters={"call_ids": json.dumps(list(segments_by_call))},
        ):
            seg = er.StagedSegment.from_row(row)
            segments_by_call[seg.call_id].append(seg)
    if calls:
        state.known_vectors = _known_chunk_vectors(hook, settings, engine, [c.call_id for c in calls])
    log.info(
        "batch of %d calls: %d still need enrichment; %d stored passage vectors reusable",
        len(ids),
        len(calls),
        len(state.known_vectors),
    )

    try:
        for call in calls:
            analysed = state.analyse(call, segments_by_call[call.call_id])
            if analysed is not None:
                state.add(analysed)
            if state.ready() >= commit_every:
                state.flush(ready_only=True)
            elif len(state.pending) >= 2 * commit_every:
                # Small calls: do not hold more analysed calls than this waiting for a full request.
                state.flush()
        state.flush()
    except Exception as error:
        # Write what was analysed before the failure so a retry does not pay for it again; a failure of
        # this write is logged and the original error raised.
        try:
            state.flush()
        except Exception:
            log.exception("could not write the calls analysed before the failure")
        if isinstance(error, EnrichmentError):
            log.error("enrichment provider failed after retries: %s", preview(str(error)))
        try:
            state.gate.write_results(dq_run)
        except Exception:
            log.exception("could not write the output gate's DQ results")
        raise
    finally:
        stats = state.stats(len(ids), engine.usage, usage_before, time.monotonic() - started)
        log.info("enrich batch: %s; passage vectors reused: %d", stats.as_dict(), state.texts_reused)
    outcome = state.gate.write_results(dq_run)
    if outcome is not None and outcome.failed_checks and alert is not None:
        alert(outcome.results)
    state.gate.enforce()
    return stats


def dq_run_id(run_id: str, call_ids: Sequence[str]) -> str:
    """The RUN_ID under which one batch writes the output gate's DQ results: ``<run_id>#<batch key>``.

    DQ rows are keyed by (run, step, check) and batches of one run run in parallel, so each batch owns its
    rows (a retry of the batch replaces them) and ``monitor/dq_results.sql`` sums a run's batches. The key
    is derived from the batch's call ids, which a retried mapped task receives unchanged.
    """
    key = hashlib.sha256("\x1f".join(sorted(str(i) for i in call_ids)).encode()).hexdigest()[:12]
    return f"{run_id}#{key}"


@dataclass
class _BatchState:
    hook: Any
    settings: Settings
    engine: EnrichmentEngine
    run_id: str
    # Texts per embed request (the provider's maximum): texts are queued across calls and sent in full
    # requests, so a batch costs ceil(texts / request_texts) requests plus at most one partial per write.
    request_texts: int = 96
    commit_every: int = COMMIT_EVERY_CALLS  # calls per write transaction
    pending: list[_Analysed] = field(default_factory=list)
    # (call, vector row, text) waiting to be embedded, in order.
    queue: list[tuple[_Analysed, int, str]] = field(default_factory=list)
    # Random per attempt: every attempt's rejections count towards max_invalid_attempts.
    attempt: str = field(default_factory=lambda: uuid.uuid4().hex)
    # Vectors AI_MEMORY already holds for the batch's chunks, by chunk id (current embedding model only).
    known_vectors: dict[str, list[float]] = field(default_factory=dict)
    texts_reused: int = 0
    enriched: int = 0
    quarantined: int = 0
    without_transcript: int = 0
    segments: int = 0
    chunks: int = 0

    def __post_init__(self) -> None:
        self.gate = OutputGate(
            self.hook,
            self.settings,
            self.run_id,
            step=STEP_OUTPUT,
            skip_checks=OUTPUT_UPSTREAM_CHECKS,
            # engine and model_version: counted per model by enrich/macros.jinja like STEP "enrich".
            record_extra={"engine": self.engine.name, "model_version": self.engine.model_version},
            attempt=self.attempt,
        )

    def analyse(self, call: er.StagedCall, staged: list[er.StagedSegment]) -> _Analysed | None:
        try:
            segments = [er.to_segment(s) for s in staged]
        except er.InvalidCallInput as bad:
            self._quarantine(call, bad.check, bad.reason, bad.offending_value)
            return None
        chunks = self._chunks(call.call_id, segments)
        if not er.has_transcript(segments):
            return _Analysed(call, staged, None, er.no_transcript_summary(call), (), chunks)
        ctx = er.call_context(call, segments)
        try:
            analysis = self.engine.analyze_call(ctx, segments)
        except InvalidModelOutput as bad:
            self._quarantine(call, "model_output", bad.reason, bad.preview)
            return None
        problem = er.check_analysis(analysis, call.call_id, segments)
        if problem:
            self._quarantine(call, "model_output", problem, None)
            return None
        return _Analysed(call, staged, analysis, analysis.summary, analysis.key_topics, chunks)

    def _chunks(self, call_id: str, segments: list[Segment]) -> list[MemoryChunk]:
        from include.gong_intel.enrich.chunking import chunk_transcript

        return chunk_transcript(call_id, segments, self.settings.passage_max_chars, _CHUNK_OVERLAP_SEGMENTS)

    def add(self, item: _Analysed) -> None:
        """Queue the call's texts (its call text, then each chunk AI_MEMORY holds no vector for) and send
        every full embed request's worth of queued texts."""
        import numpy as np

        item.vectors = np.zeros((1 + len(item.chunks), self.settings.embedding_dim), dtype=np.float64)
        texts = [(0, er.call_embedding_text(item.summary, item.key_topics))]
        for row, chunk in enumerate(item.chunks, start=1):
            stored = self.known_vectors.get(chunk.chunk_id)
            if stored is None:
                texts.append((row, chunk.text))
            else:
                # float64: stored values keep their stored digits, so a reused vector is written back
                # exactly as it was read.
                item.vectors[row] = stored
                self.texts_reused += 1
        item.missing = len(texts)
        self.pending.append(item)
        self.queue.extend((item, row, text) for row, text in texts)
        while len(self.queue) >= self.request_texts:
            self._embed_next()

    def ready(self) -> int:
        """Calls whose every vector is back: what a write can take now."""
        return sum(1 for item in self.pending if item.missing == 0)

    def _embed_next(self) -> None:
        """Embed the next request's worth of queued texts (``search_document``).

        A response that cannot be matched to its texts (wrong number of rows or dimensions) spoils the calls
        with a text in the request: they are quarantined (STEP ``enrich``, ``embedding_output``) and retried
        by a later run; the queue goes on. Bad values in single vectors are the output gate's business (only
        their calls are rejected). ``EnrichmentError`` leaves the queue as it was.
        """
        entries = self.queue[: self.request_texts]
        fresh = self.engine.embed([text for _, _, text in entries], "search_document")
        del self.queue[: len(entries)]
        problem = er.check_vectors(fresh, len(entries), self.settings.embedding_dim)
        if problem:
            spoiled = {id(item): item for item, _, _ in entries}
            for item in spoiled.values():
                self._quarantine(item.call, "embedding_output", f"embedding response: {problem}", None)
            self.pending = [p for p in self.pending if id(p) not in spoiled]
            self.queue = [e for e in self.queue if id(e[0]) not in spoiled]
            return
        for (item, row, _), vector in zip(entries, fresh, strict=True):
            item.vectors[row] = vector
            item.missing -= 1

    def flush(self, *, ready_only: bool = False) -> None:
        """Check and write calls in one transaction; then record quarantined calls.

        :param ready_only: write only the calls whose vectors are all back, leaving the others' texts queued
            for a full request; otherwise embed what is still queued first and write every pending call.
        """
        try:
            if not ready_only:
                while self.queue:
                    self._embed_next()
            ready = [item for item in self.pending if item.missing == 0]
            step = self.commit_every
            for start in range(0, len(ready), step):
                group = ready[start : start + step]
                # Off the pending list before the write: a group whose write fails is not written again
                # by this attempt (the task's retry or the next run picks its calls up).
                taken = {id(item) for item in group}
                self.pending = [item for item in self.pending if id(item) not in taken]
                self._write_group(group)
        finally:
            self.gate.write_quarantine()

    def _write_group(self, group: list[_Analysed]) -> None:
        """Gate and write one group of calls in one transaction."""
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
        payloads = [self._payload(item, item.vectors[0], item.vectors[1:], now) for item in group]
        payloads = self._gate(payloads)
        if not payloads:
            return
        written = _write_results(self.hook, self.settings, payloads)
        for payload in payloads:
            if payload.call_id in written:
                self.enriched += 1
                self.without_transcript += 0 if payload.transcript else 1
                self.segments += len(payload.segment_rows)
                self.chunks += len(payload.chunk_rows)

    def _gate(self, payloads: list[_Payload]) -> list[_Payload]:
        """Validate the rows about to be written; quarantine failing calls whole and return the others."""
        outcome = self.gate.check(*output_frames(payloads))
        for record in outcome.quarantined:
            log.warning(
                "quarantining call %s: %s: %s", record.call_id, record.check_name, preview(record.reason)
            )
        self.quarantined += outcome.rows_quarantined
        rejected = {q.call_id for q in outcome.quarantined}
        return [p for p in payloads if p.call_id not in rejected]

    def _payload(self, item: _Analysed, call_vector: Any, chunk_vectors: Any, now: str) -> _Payload:
        engine, call, analysis = self.engine, item.call, item.analysis
        results = {r.transcript_id: r for r in analysis.segments} if analysis else {}
        call_row = {
            "call_id": call.call_id,
            "source_hash": call.source_hash,
            "sentiment": analysis.sentiment if analysis else None,
            "summary": item.summary,
            "key_topics": list(item.key_topics),
            "risks": er.risk_rows(analysis) if analysis else [],
            "embedding": er.vector_list(call_vector),
            "engine": engine.name,
            "model_version": engine.model_version,
            "embedding_model": engine.embedding_model,
            "embedding_dim": engine.embedding_dim,
            "enriched_at": now,
        }
        segment_rows = []
        for seg in item.segments:
            result = results.get(seg.transcript_id)
            segment_rows.append(
                {
                    "transcript_id": seg.transcript_id,
                    "call_id": call.call_id,
                    "call_source_hash": call.source_hash,
                    "source_hash": seg.source_hash,
                    # Blank segments get no result from the engine: written as analysed, with NULLs.
                    "sentiment": result.sentiment if result else None,
                    "entities": er.entities_object(result.entities) if result else None,
                    "enriched_at": now,
                }
            )
        chunk_rows = er.chunk_rows(
            item.chunks,
            chunk_vectors,
            call_source_hash=call.source_hash,
            embedding_model=engine.embedding_model,
            embedding_dim=engine.embedding_dim,
            created_at=now,
        )
        checked_segments = []
        for seg in item.segments:
            result = results.get(seg.transcript_id)
            if not (seg.text or "").strip():
                continue  # blank turns are not analysed: written with NULLs, nothing to check
            span = er.to_segment(seg)
            checked_segments.append(
                {
                    "TRANSCRIPT_ID": seg.transcript_id,
                    "CALL_ID": call.call_id,
                    "SEGMENT_ORDINAL": seg.ordinal,
                    "START_MS": span.start_ms,
                    "END_MS": span.end_ms,
                    "TRANSCRIPT_TEXT": seg.text,
                    "SOURCE_HASH": seg.source_hash,
                    "SEGMENT_SENTIMENT": result.sentiment if result else None,
                    "EXTRACTED_ENTITIES": er.entities_object(result.entities) if result else None,
                    "ENRICHED_AT": now,
                }
            )
        return _Payload(
            call.call_id,
            call_row,
            segment_rows,
            chunk_rows,
            analysis is not None,
            started_at=call.started_at,
            checked_segments=checked_segments,
        )

    def _quarantine(self, call: er.StagedCall, check: str, reason: str, offending: str | None) -> None:
        log.warning("quarantining call %s: %s: %s", call.call_id, check, preview(reason))
        self.quarantined += 1
        self.gate.reject(
            step=STEP,
            call_id=call.call_id,
            call_source_hash=call.source_hash,
            check=check,
            reason=reason,
            offending=offending,
            # model_version counts attempts per model (see enrich/macros.jinja).
            record={
                "call_id": call.call_id,
                "source_hash": call.source_hash,
                "engine": self.engine.name,
                "model_version": self.engine.model_version,
                "title": call.title,
            },
        )

    def stats(self, calls_in: int, usage: EngineUsage, before: EngineUsage, duration: float) -> BatchStats:
        delta = EngineUsage(
            **{f.name: getattr(usage, f.name) - getattr(before, f.name) for f in fields(usage)}
        )
        return BatchStats(
            calls_in=calls_in,
            calls_enriched=self.enriched,
            calls_quarantined=self.quarantined,
            calls_skipped=calls_in - self.enriched - self.quarantined,
            calls_without_transcript=self.without_transcript,
            output_checked=sum(o.rows_in for o in self.gate.outcomes),
            output_passed=sum(o.rows_passed for o in self.gate.outcomes),
            output_quarantined=sum(o.rows_quarantined for o in self.gate.outcomes),
            segments=self.segments,
            chunks=self.chunks,
            usage=delta,
            duration_s=round(duration, 3),
        )


def _known_chunk_vectors(
    hook: Any, settings: Settings, engine: EnrichmentEngine, call_ids: Sequence[str]
) -> dict[str, list[float]]:
    """Stored AI_MEMORY vectors of the calls' chunks made by the engine's embedding model, by chunk id.

    A vector that is not a list of ``embedding_dim`` finite numbers is ignored (its text is embedded again).
    """
    rows = hook.get_records(
        _render("memory/select_chunk_vectors.sql", hook, settings),
        parameters={
            "call_ids": json.dumps(list(call_ids)),
            "embedding_model": engine.embedding_model,
            "embedding_dim": engine.embedding_dim,
        },
    )
    from include.gong_intel.validate.schemas import explain_vector

    known: dict[str, list[float]] = {}
    for chunk_id, embedding in rows:
        # Snowflake returns ARRAY values as JSON text (the connector may also hand back a list).
        try:
            vector = json.loads(embedding) if isinstance(embedding, str) else embedding
        except ValueError:
            continue
        # The output gate's own rule for a storable vector, so a reused vector never fails the gate.
        if explain_vector(vector, engine.embedding_dim) is None:
            known[str(chunk_id)] = [float(v) for v in vector]
    return known


# ----------------------------------------------------------------------------------------------- write


def _write_results(hook: Any, settings: Settings, payloads: Sequence[_Payload]) -> set[str]:
    """Write complete calls in one transaction; return the ids the source-hash guard accepted.

    The call update runs first and holds its lock on STG_GONG_CALLS until COMMIT, so the guard checked by
    the later statements (segments, chunks) sees the same hashes. Anything failing rolls back everything.
    """
    update_calls = _render("enrich/update_call_results.sql", hook, settings)
    written_sql = _render("enrich/written_calls.sql", hook, settings)
    update_segments = _render("enrich/update_segment_results.sql", hook, settings)
    delete_chunks = _render("memory/delete_call_chunks.sql", hook, settings)
    insert_chunks = _render("memory/insert_chunks.sql", hook, settings)

    conn = hook.get_conn()
    try:
        cur = conn.cursor()
        cur.execute("BEGIN")
        try:
            for payload in er.json_batches([p.call_row for p in payloads], MAX_STATEMENT_BYTES):
                cur.execute(update_calls, {"payload": payload})
            keys = [{k: p.call_row[k] for k in ("call_id", "source_hash", "enriched_at")} for p in payloads]
            cur.execute(written_sql, {"payload": json.dumps(keys)})
            written = {str(row[0]) for row in cur.fetchall()}
            accepted = [p for p in payloads if p.call_id in written]
            if accepted:
                segment_rows = [r for p in accepted for r in p.segment_rows]
                for payload in er.json_batches(segment_rows, MAX_STATEMENT_BYTES):
                    cur.execute(update_segments, {"payload": payload})
                cur.execute(delete_chunks, {"call_ids": json.dumps([p.call_id for p in accepted])})
                chunk_rows = [r for p in accepted for r in p.chunk_rows]
                for payload in er.json_batches(chunk_rows, MAX_STATEMENT_BYTES):
                    cur.execute(insert_chunks, {"payload": payload})
            cur.execute("COMMIT")
        except BaseException:
            try:
                cur.execute("ROLLBACK")
            except Exception:
                log.warning("rollback failed; the session's end discards the transaction")
            raise
    finally:
        conn.close()
    changed = sorted({p.call_id for p in payloads} - written)
    if changed:
        log.warning(
            "%d calls changed while being enriched and were not written: %s", len(changed), changed[:10]
        )
    return written


# ----------------------------------------------------------------------------------------------- drivers


def enrich_all(
    hook: Any,
    settings: Settings,
    run_id: str,
    *,
    engine: EnrichmentEngine | None = None,
    batch_size: int | None = None,
) -> list[BatchStats]:
    """Plan and enrich every batch in this process (the CLI and demo; the DAG maps batches instead)."""
    engine = engine or build_step_engine(settings)
    return [
        enrich_batch(hook, settings, batch, run_id=run_id, engine=engine)
        for batch in plan_batches(hook, settings, batch_size=batch_size, engine=engine)
    ]


def summarise(stats: Sequence[BatchStats | Mapping[str, Any]]) -> dict[str, Any]:
    """Totals over the mapped batches (accepts XCom dicts), for RUN_STEPS and the run summary."""
    items = [s if isinstance(s, BatchStats) else BatchStats.from_dict(s) for s in stats]
    total: dict[str, Any] = {"batches": len(items)}
    for f in fields(BatchStats):
        if f.name == "usage":
            continue
        total[f.name] = sum(getattr(s, f.name) for s in items)
    total["duration_s"] = round(total["duration_s"], 3)
    total["usage"] = {f.name: sum(getattr(s.usage, f.name) for s in items) for f in fields(EngineUsage)}
    return total


def _hook(settings: Settings) -> Any:
    from include.gong_intel.warehouse.hook import WarehouseHook

    return WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)


def plan_enrichment(settings: Settings, *, batch_size: int | None = None) -> list[list[str]]:
    """Task body: the batches of call ids to map ``run_enrichment_batch`` over."""
    return plan_batches(_hook(settings), settings, batch_size=batch_size)


def run_enrichment_batch(
    settings: Settings,
    call_ids: Sequence[str],
    *,
    run_id: str,
    alert: Callable[[Sequence[DQResult]], object] | None = None,
) -> dict[str, Any]:
    """Task body of one mapped batch; returns :class:`BatchStats` as a dict for XCom.

    :param alert: as for :func:`enrich_batch` (the output gate's DQ alert).
    """
    return enrich_batch(_hook(settings), settings, call_ids, run_id=run_id, alert=alert).as_dict()
