"""What validation returns and raises: DQ results, quarantine records, outcomes and their errors.

Accounting is exact: ``rows_in == rows_passed + rows_quarantined`` for every outcome. Outcomes of one step
(batches of a window, groups of an enrichment batch) are summed with :func:`combine_outcomes` or
:func:`merge_results`; :func:`raise_if_over_threshold` fails a step above ``settings.dq_max_failure_ratio``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from include.gong_intel.config import Settings

STEP_RAW_CALLS = "validate_raw_calls"
STEP_RAW_TRANSCRIPTS = "validate_raw_transcripts"
RAW_STEPS: tuple[str, ...] = (STEP_RAW_CALLS, STEP_RAW_TRANSCRIPTS)
STEP_STAGED_CALLS = "validate_staged_calls"
STEP_STAGED_SEGMENTS = "validate_staged_segments"
STAGED_STEPS: tuple[str, ...] = (STEP_STAGED_CALLS, STEP_STAGED_SEGMENTS)

# Summary check of every outcome: rows failing any check. The failure threshold applies to it.
ALL_CHECKS = "all_checks"
SAMPLE_KEYS = 10


class DataContractError(ValueError):
    """The frame does not have the shape the model describes (a code or contract bug, not bad rows)."""


class DataQualityError(RuntimeError):
    """More rows failed validation than ``settings.dq_max_failure_ratio`` allows.

    :param message: human-readable summary (steps, ratios, failing checks with counts).
    :param results: the breaching outcomes' DQ results.
    """

    def __init__(self, message: str, results: Sequence[DQResult] = ()) -> None:
        super().__init__(message)
        self.results = tuple(results)


@dataclass(frozen=True)
class DQResult:
    """Outcome of one data-quality check over one pipeline step.

    :param step: pipeline step checked, e.g. ``"stage_calls"``.
    :param check: check name, e.g. ``"transcript_not_empty"``.
    :param failed: rows that failed the check (and were quarantined).
    :param total: rows checked.
    :param sample_keys: a few natural keys (call ids) of failed rows, for a human to look up.
    :param threshold: highest acceptable failure ratio; ``None`` when any failure is worth reporting.
    """

    step: str
    check: str
    failed: int
    total: int
    sample_keys: tuple[str, ...] = ()
    threshold: float | None = None

    def __post_init__(self) -> None:
        if self.failed < 0 or self.total < 0:
            raise ValueError(f"DQResult counts must be >= 0, got failed={self.failed} total={self.total}")
        if self.failed > self.total:
            raise ValueError(f"DQResult failed ({self.failed}) exceeds total ({self.total}) for {self.check}")
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"DQResult threshold must be within [0, 1], got {self.threshold}")
        # Accept any sequence from callers but keep the record hashable and immutable.
        object.__setattr__(self, "sample_keys", tuple(str(k) for k in self.sample_keys))

    @property
    def ratio(self) -> float:
        return self.failed / self.total if self.total else 0.0

    @property
    def breached(self) -> bool:
        """True when the failure ratio is above the threshold (or any row failed without a threshold)."""
        if self.failed == 0:
            return False
        return self.threshold is None or self.ratio > self.threshold


@dataclass(frozen=True)
class QuarantineRecord:
    """One quarantined row: a row of PIPELINE_MONITOR.QUARANTINE.

    :param check_name: the failed checks, ``COLUMN.check`` (or a row-level check name), comma separated.
    :param reason: every failure, precise and with the offending values, ``; `` separated.
    :param offending_value: the failing value as text; with several failures a JSON object check -> value.
    :param record: the whole input row, JSON-safe (timestamps ISO, NaN as null).
    :param call_id: the call the row belongs to, when it has one.
    :param call_source_hash: the call's SOURCE_HASH when the row was checked (drives enrichment exclusion).
    """

    quarantine_id: str
    run_id: str | None
    step: str
    source_table: str | None
    record_key: str | None
    check_name: str
    reason: str
    offending_value: str | None
    record: Mapping[str, Any]
    quarantined_at: datetime
    call_id: str | None = None
    call_source_hash: str | None = None

    def as_row(self) -> dict[str, Any]:
        """The record as a QUARANTINE row (column -> value) for ``WarehouseHook.insert_records``."""
        return {
            "QUARANTINE_ID": self.quarantine_id,
            "RUN_ID": self.run_id,
            "STEP": self.step,
            "SOURCE_TABLE": self.source_table,
            "RECORD_KEY": self.record_key,
            "CALL_ID": self.call_id,
            "CALL_SOURCE_HASH": self.call_source_hash,
            "CHECK_NAME": self.check_name,
            "REASON": self.reason,
            "OFFENDING_VALUE": self.offending_value,
            "RECORD": dict(self.record),
            "QUARANTINED_AT": naive_utc(self.quarantined_at).isoformat(sep=" "),
        }


@dataclass(frozen=True, eq=False)
class ValidationOutcome:
    """Result of validating one frame at one step.

    :param passed: rows that passed, coerced to the model's types, with the input's index labels; when
        ``rows_retained`` is false, no rows (the columns and types only).
    :param quarantined: one record per failing row.
    :param results: one DQ result per check of the model (failing or not) plus :data:`ALL_CHECKS`.
    :param rows_retained: false for an outcome summed over batches whose passing rows were not kept
        (:func:`validate_raw`, :func:`validate_staged`): its counts are exact, ``passed`` is empty.
    """

    step: str
    passed: pd.DataFrame
    quarantined: tuple[QuarantineRecord, ...]
    results: tuple[DQResult, ...]
    rows_in: int
    rows_passed: int
    rows_quarantined: int
    threshold: float = 0.0
    rows_retained: bool = True

    def __post_init__(self) -> None:
        if self.rows_in != self.rows_passed + self.rows_quarantined:
            raise AssertionError(
                f"{self.step}: rows_in={self.rows_in} != passed {self.rows_passed} "
                f"+ quarantined {self.rows_quarantined}"
            )
        held = self.rows_passed if self.rows_retained else 0
        if len(self.passed) != held or len(self.quarantined) != self.rows_quarantined:
            raise AssertionError(f"{self.step}: outcome counts do not match its rows")

    @property
    def failure_ratio(self) -> float:
        return self.rows_quarantined / self.rows_in if self.rows_in else 0.0

    @property
    def failed_checks(self) -> tuple[DQResult, ...]:
        """Checks with at least one failing row, excluding the :data:`ALL_CHECKS` summary."""
        return tuple(r for r in self.results if r.failed and r.check != ALL_CHECKS)


def naive_utc(ts: datetime) -> datetime:
    return ts.astimezone(UTC).replace(tzinfo=None) if ts.tzinfo else ts


def merge_results(batches: Iterable[Sequence[DQResult]]) -> tuple[DQResult, ...]:
    """DQ results of one step's batches summed per check (failed, total; the first sample keys in order).

    Checks keep the order in which they first appear, with :data:`ALL_CHECKS` last, as for one frame.

    :param batches: each batch's results, in the order the batches were read.
    """
    merged: dict[str, DQResult] = {}
    for results in batches:
        for r in results:
            prev = merged.get(r.check)
            if prev is None:
                merged[r.check] = r
            else:
                merged[r.check] = DQResult(
                    step=r.step,
                    check=r.check,
                    failed=prev.failed + r.failed,
                    total=prev.total + r.total,
                    sample_keys=(prev.sample_keys + r.sample_keys)[:SAMPLE_KEYS],
                    threshold=r.threshold,
                )
    summary = merged.pop(ALL_CHECKS, None)
    return (*merged.values(), *(() if summary is None else (summary,)))


def combine_outcomes(outcomes: Sequence[ValidationOutcome]) -> ValidationOutcome:
    """One outcome from several of the same step (e.g. enrichment batches): rows and DQ counts summed.

    Passing rows are concatenated when every outcome kept them; otherwise the combined outcome keeps
    none (``rows_retained`` false) and its counts alone say how many passed.

    :param outcomes: outcomes of one step.
    """
    import pandas as pd

    if not outcomes:
        raise ValueError("combine_outcomes needs at least one outcome")
    steps = {o.step for o in outcomes}
    if len(steps) != 1:
        raise ValueError(f"combine_outcomes needs outcomes of one step, got {sorted(steps)}")
    retained = all(o.rows_retained for o in outcomes)
    return ValidationOutcome(
        step=outcomes[0].step,
        passed=pd.concat([o.passed for o in outcomes]) if retained else outcomes[0].passed.iloc[0:0],
        quarantined=tuple(q for o in outcomes for q in o.quarantined),
        results=merge_results(o.results for o in outcomes),
        rows_in=sum(o.rows_in for o in outcomes),
        rows_passed=sum(o.rows_passed for o in outcomes),
        rows_quarantined=sum(o.rows_quarantined for o in outcomes),
        threshold=outcomes[0].threshold,
        rows_retained=retained,
    )


def raise_if_over_threshold(
    outcome: ValidationOutcome | Iterable[ValidationOutcome], settings: Settings
) -> None:
    """Fail the step when the share of quarantined rows exceeds ``settings.dq_max_failure_ratio``.

    Call it after the quarantine and DQ rows are written and the DQ alert is sent, so the evidence exists
    when the task fails.

    :param outcome: one outcome or several (each is judged on its own).
    :param settings: the run's settings.
    :raises DataQualityError: listing each breaching step with its ratio and failing checks with counts.
    """
    outcomes = [outcome] if isinstance(outcome, ValidationOutcome) else list(outcome)
    limit = settings.dq_max_failure_ratio
    lines: list[str] = []
    results: list[DQResult] = []
    for o in outcomes:
        if o.rows_in == 0 or o.failure_ratio <= limit:
            continue
        checks = sorted(o.failed_checks, key=lambda r: (-r.failed, r.check))
        detail = ", ".join(f"{r.check}: {r.failed}/{r.total}" for r in checks)
        lines.append(
            f"{o.step}: {o.rows_quarantined} of {o.rows_in} rows quarantined "
            f"({o.failure_ratio:.1%} > {limit:.1%}); failed checks: {detail}"
        )
        results.extend(o.results)
    if lines:
        raise DataQualityError("data-quality threshold exceeded: " + " | ".join(lines), results)
