"""The raw and staged gates: a run's window read in batches of calls, each frame validated, results persisted.

One runner (:func:`run_gate`) drives both gates from a :class:`GateSpec`: which batches to cut, and per frame
how it is read, which model checks it, its key, its table and how its rows map to calls. Quarantine records
are written per batch, DQ results once per step with the window's totals; passing rows are not kept.

Quarantined STG rows and enrichment
    Rows that fail after the transform are already in STG. They are not deleted or flagged there (the
    transform owns STG and would overwrite a flag on its next MERGE). Instead every quarantine record
    carries ``CALL_ID`` and ``CALL_SOURCE_HASH`` (the call's SOURCE_HASH when the row was checked), and the
    enrich step skips a call while a quarantine record of a staged-validation step matches its *current*
    SOURCE_HASH (the ``NOT EXISTS`` clause of ``include/sql/monitor/quarantined_calls.sql`` and
    ``enrich/macros.jinja``). When Gong sends a corrected call its hash changes and the call is enriched
    again without anyone clearing the quarantine.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from include.gong_intel.validate.frames import validate_frame
from include.gong_intel.validate.outcomes import (
    STEP_RAW_CALLS,
    STEP_RAW_TRANSCRIPTS,
    STEP_STAGED_CALLS,
    STEP_STAGED_SEGMENTS,
    DQResult,
    QuarantineRecord,
    ValidationOutcome,
    merge_results,
)
from include.gong_intel.validate.quarantine import write_dq_results, write_quarantine
from include.gong_intel.validate.reads import (
    CallBatch,
    call_batches,
    parse_text_timestamps,
    read_raw,
    read_staged,
)

if TYPE_CHECKING:
    import pandas as pd

    from include.gong_intel.config import Settings

log = logging.getLogger(__name__)

Window = tuple[datetime, datetime, "datetime | None"]


class _StepTotals:
    """Running totals of one step validated batch by batch: counts, DQ results and quarantine records,
    never the passing rows (only an empty frame with their columns and types)."""

    def __init__(self, step: str) -> None:
        self.step = step
        self.rows_in = 0
        self.rows_passed = 0
        self.quarantined: list[QuarantineRecord] = []
        self.results: list[tuple[DQResult, ...]] = []
        self.passed_shape: pd.DataFrame | None = None
        self.threshold = 0.0
        self.batches = 0

    def add(self, outcome: ValidationOutcome) -> None:
        self.rows_in += outcome.rows_in
        self.rows_passed += outcome.rows_passed
        self.quarantined.extend(outcome.quarantined)
        self.results.append(outcome.results)
        self.threshold = outcome.threshold
        self.batches += 1
        if self.passed_shape is None:
            self.passed_shape = outcome.passed.iloc[0:0].copy()

    def outcome(self) -> ValidationOutcome:
        import pandas as pd

        outcome = ValidationOutcome(
            step=self.step,
            passed=pd.DataFrame() if self.passed_shape is None else self.passed_shape,
            quarantined=tuple(self.quarantined),
            results=merge_results(self.results),
            rows_in=self.rows_in,
            rows_passed=self.rows_passed,
            rows_quarantined=len(self.quarantined),
            threshold=self.threshold,
            rows_retained=False,
        )
        log.info(
            "%s: %d row(s) in %d batch(es), %d passed, %d quarantined (%s)",
            self.step,
            outcome.rows_in,
            self.batches,
            outcome.rows_passed,
            outcome.rows_quarantined,
            ", ".join(f"{r.check}={r.failed}" for r in outcome.failed_checks) or "no failed checks",
        )
        return outcome


def _persist_batch(hook: Any, settings: Settings, totals: _StepTotals, outcome: ValidationOutcome) -> None:
    # Quarantine records are written as each batch is checked (their ids do not depend on the batch).
    # DQ rows are keyed by (run, step, check) and hold the window's totals, so they are written once
    # per step, after the last batch (see _finish).
    write_quarantine(hook, settings, outcome.quarantined)
    totals.add(outcome)


def _finish(
    hook: Any, settings: Settings, run_id: str, totals: Sequence[_StepTotals]
) -> list[ValidationOutcome]:
    outcomes = [t.outcome() for t in totals]
    for outcome in outcomes:
        write_dq_results(hook, settings, run_id, outcome.results)
    return outcomes


def _raw_call_id(value: Any) -> str | None:
    from include.gong_intel.validate.schemas import parse_json

    try:
        meta = parse_json(value)
    except ValueError:
        return None
    call_id = meta.get("id") if isinstance(meta, dict) else None
    return None if call_id is None or isinstance(call_id, bool) else str(call_id)


def _keyed_by_raw_row(outcome: ValidationOutcome, call_ids: Mapping[str, str | None]) -> ValidationOutcome:
    """One quarantine record per raw row and step, whatever the run or the row's position in the read.

    A raw row is re-read by every run whose scope covers it (backfills, re-runs); keyed like the stage's
    own quarantine rows, it is recorded once and the record names the call it carries.
    """
    records = tuple(
        replace(
            q,
            quarantine_id=hashlib.sha256(f"{q.step}\x1f{q.record_key}".encode()).hexdigest()[:32],
            call_id=call_ids.get(q.record_key or ""),
        )
        for q in outcome.quarantined
    )
    return replace(outcome, quarantined=records)


def _raw_call_ids(frame: pd.DataFrame) -> dict[str, str | None]:
    """Raw call rows: ``_AIRBYTE_RAW_ID`` -> the call id in METADATA."""
    return {
        str(raw_id): _raw_call_id(meta)
        for raw_id, meta in zip(frame["_AIRBYTE_RAW_ID"], frame["METADATA"], strict=True)
    }


def _raw_transcript_call_ids(frame: pd.DataFrame) -> dict[str, str | None]:
    """Raw transcript rows: ``_AIRBYTE_RAW_ID`` -> ``CALLID``."""
    return {
        str(raw_id): None if call_id is None else str(call_id)
        for raw_id, call_id in zip(frame["_AIRBYTE_RAW_ID"], frame["CALLID"], strict=True)
    }


def _segment_call_hashes(frame: pd.DataFrame) -> dict[str, str]:
    """Staged segments: call id -> the call's SOURCE_HASH, popped from the frame (not a segment column)."""
    call_hashes: dict[str, str] = {}
    for call_id, call_hash in zip(frame["CALL_ID"], frame.pop("CALL_SOURCE_HASH"), strict=True):
        if isinstance(call_id, str) and isinstance(call_hash, str):
            call_hashes[call_id] = call_hash
    return call_hashes


@dataclass(frozen=True)
class FrameSpec:
    """One frame of a gate: how it is read and checked.

    :param step: quarantine and DQ step name.
    :param model: name of the Pandera model in :mod:`include.gong_intel.validate.schemas`.
    :param template: the read query.
    :param key_column: natural key of a row.
    :param table: attribute of ``settings.tables`` naming the table the rows come from.
    :param staged: read with the model's columns, timestamps as text (:func:`~.reads.read_staged`);
        otherwise the query's own columns (:func:`~.reads.read_raw`).
    :param call_hashes: for rows that are not calls: call id -> the call's SOURCE_HASH, taken from the frame
        before it is checked.
    :param raw_call_ids: for raw rows: raw row id -> call id; the records are then keyed by raw row
        (:func:`_keyed_by_raw_row`).
    """

    step: str
    model: str
    template: str
    key_column: str
    table: str
    staged: bool
    call_hashes: Callable[[pd.DataFrame], dict[str, str]] | None = None
    raw_call_ids: Callable[[pd.DataFrame], dict[str, str | None]] | None = None


@dataclass(frozen=True)
class GateSpec:
    """A gate over a run's window: the query cutting it into batches of calls, and its frames in order.

    A call's rows in every frame fall in the same batch, so duplicate checks and the calls' SOURCE_HASH per
    row are as for one read.
    """

    batches_template: str
    frames: tuple[FrameSpec, ...]


RAW_GATE = GateSpec(
    "validate/raw_call_batches.sql",
    (
        FrameSpec(
            STEP_RAW_CALLS,
            "RawExtensiveCall",
            "validate/raw_extensive_calls.sql",
            "_AIRBYTE_RAW_ID",
            "raw_extensive_calls",
            staged=False,
            raw_call_ids=_raw_call_ids,
        ),
        FrameSpec(
            STEP_RAW_TRANSCRIPTS,
            "RawTranscript",
            "validate/raw_call_transcripts.sql",
            "_AIRBYTE_RAW_ID",
            "raw_call_transcripts",
            staged=False,
            raw_call_ids=_raw_transcript_call_ids,
        ),
    ),
)

STAGED_GATE = GateSpec(
    "monitor/staged_call_batches.sql",
    (
        FrameSpec(STEP_STAGED_CALLS, "StagedCall", "monitor/staged_calls.sql", "CALL_ID", "stg_calls", True),
        FrameSpec(
            STEP_STAGED_SEGMENTS,
            "StagedSegment",
            "monitor/staged_segments.sql",
            "TRANSCRIPT_ID",
            "stg_transcripts",
            staged=True,
            call_hashes=_segment_call_hashes,
        ),
    ),
)


def _check_frame(
    spec: FrameSpec,
    hook: Any,
    settings: Settings,
    run_id: str,
    window: Window,
    batch: CallBatch,
    position_offset: int,
) -> ValidationOutcome:
    from include.gong_intel.validate import schemas

    model = getattr(schemas, spec.model)
    if spec.staged:
        frame = read_staged(hook, settings, model, spec.template, *window, batch=batch)
    else:
        frame = parse_text_timestamps(read_raw(hook, settings, spec.template, *window, batch=batch), model)
    call_hashes = spec.call_hashes(frame) if spec.call_hashes else None
    raw_call_ids = spec.raw_call_ids(frame) if spec.raw_call_ids else None
    outcome = validate_frame(
        frame,
        model,
        step=spec.step,
        key_column=spec.key_column,
        settings=settings,
        run_id=run_id,
        source_table=getattr(settings.tables, spec.table),
        call_source_hashes=call_hashes,
        position_offset=position_offset,
    )
    return outcome if raw_call_ids is None else _keyed_by_raw_row(outcome, raw_call_ids)


def run_gate(
    spec: GateSpec,
    hook: Any,
    settings: Settings,
    run_id: str,
    interval_start: datetime,
    interval_end: datetime,
    *,
    loaded_since: datetime | None = None,
) -> list[ValidationOutcome]:
    """Validate a gate's frames over a run's window, batch by batch; write quarantine and DQ results.

    Memory is bounded: the window is read and checked in batches of ``settings.validate_batch_calls``
    calls (:func:`~.reads.call_batches`). Quarantine records are written per batch, DQ results once with the
    window's totals; passing rows are not kept.

    :return: one outcome per frame of ``spec``, summed over batches, ``rows_retained`` false.
    """
    window: Window = (interval_start, interval_end, loaded_since)
    totals = [_StepTotals(frame.step) for frame in spec.frames]
    for batch in call_batches(hook, settings, spec.batches_template, *window):
        outcomes = [
            _check_frame(frame, hook, settings, run_id, window, batch, total.rows_in)
            for frame, total in zip(spec.frames, totals, strict=True)
        ]
        for total, outcome in zip(totals, outcomes, strict=True):
            _persist_batch(hook, settings, total, outcome)
    return _finish(hook, settings, run_id, totals)


def validate_staged(
    hook: Any,
    settings: Settings,
    run_id: str,
    interval_start: datetime,
    interval_end: datetime,
    *,
    loaded_since: datetime | None = None,
) -> list[ValidationOutcome]:
    """Validate the STG calls and segments a run touched; write quarantine and DQ results.

    Rows are those whose call started in ``[interval_start, interval_end)`` (what a run or backfill
    covers), plus, when ``loaded_since`` is given (e.g. the run's start), every row the transform wrote
    since then (late-arriving calls re-landed by the ingest lookback). A call and all its segments are in
    the same batch.

    Does not raise on a breach: the caller sends the DQ alert first, then calls
    :func:`~.outcomes.raise_if_over_threshold` with the returned outcomes (the ratio is the whole window's).

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param run_id: the Airflow run id.
    :param interval_start: window start (aware datetimes are converted to UTC).
    :param interval_end: window end, exclusive.
    :param loaded_since: also include rows with ``_LOADED_AT >= loaded_since``.
    :return: ``[calls outcome, segments outcome]``, summed over batches, ``rows_retained`` false.
    """
    return run_gate(
        STAGED_GATE, hook, settings, run_id, interval_start, interval_end, loaded_since=loaded_since
    )


def validate_raw(
    hook: Any,
    settings: Settings,
    run_id: str,
    interval_start: datetime,
    interval_end: datetime,
    *,
    loaded_since: datetime | None = None,
) -> list[ValidationOutcome]:
    """Validate the RAW_AIRBYTE calls and transcripts a run will stage; write quarantine and DQ results.

    Rows are those the stage files select: calls/transcripts starting in ``[interval_start,
    interval_end)``, rows landed after the last successful stage watermark, and, when ``loaded_since`` is
    given, rows landed since then. Checks the stage SQL owns (no call id, no start time, Airbyte typing
    errors: ``include/sql/stage/10_quarantine_raw.sql``) are not repeated: those rows are not read.
    Quarantine records are keyed by ``_AIRBYTE_RAW_ID`` (``RECORD_KEY``) and carry the call id they hold.
    A call's raw rows and its transcript rows are in the same batch.

    Does not raise on a breach: the caller sends the DQ alert, then calls
    :func:`~.outcomes.raise_if_over_threshold`.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param run_id: the Airflow run id.
    :param interval_start: window start (aware datetimes are converted to UTC).
    :param interval_end: window end, exclusive.
    :param loaded_since: also include rows with ``_AIRBYTE_EXTRACTED_AT >= loaded_since``.
    :return: ``[calls outcome, transcripts outcome]``, summed over batches, ``rows_retained`` false.
    """
    return run_gate(RAW_GATE, hook, settings, run_id, interval_start, interval_end, loaded_since=loaded_since)
