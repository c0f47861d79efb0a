"""The enrichment output gate: the rows an enrichment batch is about to write, checked per call.

The enrich step builds the frames it is about to write and hands them to :meth:`OutputGate.check`; the gate
validates them with ``EnrichedCall``, ``EnrichedSegment`` and ``MemoryChunkRow`` (a call with any failing
row is rejected whole), holds the quarantine records (its own and those the step files with
:meth:`OutputGate.reject`), writes them, writes the batch's DQ results and applies the failure threshold.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from include.gong_intel.validate.frames import CallPart, validate_whole_calls
from include.gong_intel.validate.outcomes import (
    DataQualityError,
    QuarantineRecord,
    ValidationOutcome,
    combine_outcomes,
    raise_if_over_threshold,
)
from include.gong_intel.validate.quarantine import write_dq_results, write_quarantine

if TYPE_CHECKING:
    import pandas as pd

    from include.gong_intel.config import Settings

__all__ = ["DataQualityError", "OutputGate"]


class OutputGate:
    """The output gate of one enrichment batch.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param run_id: the Airflow run id, recorded on quarantine rows.
    :param step: the gate's quarantine and DQ step.
    :param skip_checks: checks an earlier hand-off owns (skipped wherever the column exists).
    :param record_extra: added to each of the gate's quarantine records' RECORD.
    :param attempt: mixed into the gate's quarantine ids, so every attempt keeps its records.
    """

    def __init__(
        self,
        hook: Any,
        settings: Settings,
        run_id: str,
        *,
        step: str,
        skip_checks: Collection[str] = (),
        record_extra: Mapping[str, Any] | None = None,
        attempt: str = "",
    ) -> None:
        self.hook = hook
        self.settings = settings
        self.run_id = run_id
        self.step = step
        self.skip_checks = tuple(skip_checks)
        self.record_extra = dict(record_extra or {})
        self.attempt = attempt
        self.pending: list[QuarantineRecord] = []
        self.outcomes: list[ValidationOutcome] = []

    def check(self, calls: pd.DataFrame, segments: pd.DataFrame, chunks: pd.DataFrame) -> ValidationOutcome:
        """Validate one group's rows; its failing calls' records are held for :meth:`write_quarantine`.

        :param calls: one row per call (``CALL_ID`` key), as about to be written.
        :param segments: the analysed segments (``TRANSCRIPT_ID`` key).
        :param chunks: the AI_MEMORY passages (``CHUNK_ID`` key).
        :return: the group's outcome; ``quarantined`` names the rejected calls.
        """
        from include.gong_intel.validate.schemas import EnrichedCall, EnrichedSegment, MemoryChunkRow

        t = self.settings.tables
        outcome = validate_whole_calls(
            [
                CallPart("call", calls, EnrichedCall, "CALL_ID", t.stg_calls),
                CallPart("segment", segments, EnrichedSegment, "TRANSCRIPT_ID", t.stg_transcripts),
                CallPart("chunk", chunks, MemoryChunkRow, "CHUNK_ID", t.memory_chunks),
            ],
            step=self.step,
            settings=self.settings,
            run_id=self.run_id,
            record_extra=self.record_extra,
            attempt=self.attempt,
            skip_checks=self.skip_checks,
        )
        self.outcomes.append(outcome)
        self.pending.extend(outcome.quarantined)
        return outcome

    def reject(
        self,
        *,
        step: str,
        call_id: str,
        call_source_hash: str | None,
        check: str,
        reason: str,
        offending: str | None,
        record: Mapping[str, Any],
    ) -> QuarantineRecord:
        """Hold a quarantine record for a call the step itself rejects (e.g. invalid model output).

        Its id is random, not derived from the run: every attempt counts.
        """
        quarantined = QuarantineRecord(
            quarantine_id=uuid.uuid4().hex,
            run_id=self.run_id,
            step=step,
            source_table=self.settings.tables.stg_calls,
            record_key=call_id,
            check_name=check,
            reason=reason,
            offending_value=offending,
            record=dict(record),
            quarantined_at=datetime.now(UTC),
            call_id=call_id,
            call_source_hash=call_source_hash,
        )
        self.pending.append(quarantined)
        return quarantined

    def write_quarantine(self) -> int:
        """Write the held quarantine records; rows written."""
        records, self.pending = self.pending, []
        return write_quarantine(self.hook, self.settings, records) if records else 0

    def outcome(self) -> ValidationOutcome | None:
        """The gate's outcome over every group checked so far (``None`` before any)."""
        return combine_outcomes(self.outcomes) if self.outcomes else None

    def write_results(self, dq_run_id: str) -> ValidationOutcome | None:
        """Write the gate's DQ results under ``dq_run_id``; an attempt that checked nothing keeps the
        previous attempt's rows.

        :return: the outcome written, or ``None`` when nothing was checked.
        """
        outcome = self.outcome()
        if outcome is None or outcome.rows_in == 0:
            return None
        write_dq_results(self.hook, self.settings, dq_run_id, outcome.results)
        return outcome

    def enforce(self) -> None:
        """Raise :class:`DataQualityError` when the share of rejected calls exceeds the threshold."""
        outcome = self.outcome()
        if outcome is not None:
            raise_if_over_threshold(outcome, self.settings)
