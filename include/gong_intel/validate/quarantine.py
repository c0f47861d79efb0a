"""Validation at a hand-off: split a frame into rows that pass and rows quarantined with a precise reason.

Accounting is exact: ``rows_in == rows_passed + rows_quarantined`` for every outcome. A row failing several
checks is quarantined once, its reason listing every failed check. Frame-level failures (duplicate keys)
quarantine the rows involved: which copy of a duplicated key is right cannot be known, so none is passed on.

Quarantined STG rows and enrichment
    Rows that fail after the transform are already in STG. They are not deleted or flagged there (the
    transform owns STG and would overwrite a flag on its next MERGE). Instead every quarantine record
    carries ``CALL_ID`` and ``CALL_SOURCE_HASH`` (the call's SOURCE_HASH when the row was checked), and the
    enrich step skips a call while a quarantine record of a staged-validation step matches its *current*
    SOURCE_HASH (:func:`excluded_call_ids`, or the ``NOT EXISTS`` clause in
    ``include/sql/monitor/quarantined_calls.sql``). When Gong sends a corrected call its hash changes and the
    call is enriched again without anyone clearing the quarantine.

Heavy imports (pandas, pandera) happen inside the functions that need them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from include.gong_intel.alerts.messages import DQResult

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

    from include.gong_intel.config import Settings

log = logging.getLogger(__name__)

STEP_RAW_CALLS = "validate_raw_calls"
STEP_RAW_TRANSCRIPTS = "validate_raw_transcripts"
RAW_STEPS: tuple[str, ...] = (STEP_RAW_CALLS, STEP_RAW_TRANSCRIPTS)
STEP_STAGED_CALLS = "validate_staged_calls"
STEP_STAGED_SEGMENTS = "validate_staged_segments"
STAGED_STEPS: tuple[str, ...] = (STEP_STAGED_CALLS, STEP_STAGED_SEGMENTS)

# Summary check of every outcome: rows failing any check. The failure threshold applies to it.
ALL_CHECKS = "all_checks"
SAMPLE_KEYS = 10
_MAX_PASSES = 4
_MAX_VALUE_CHARS = 2000
_DELETE_CHUNK = 200
_STRUCTURAL_CHECKS = ("column_in_schema", "column_in_dataframe", "column_in_dataframe_and_schema")


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
            "QUARANTINED_AT": _naive_utc(self.quarantined_at).isoformat(sep=" "),
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
    def over_threshold(self) -> bool:
        return self.failure_ratio > self.threshold

    @property
    def failed_checks(self) -> tuple[DQResult, ...]:
        """Checks with at least one failing row, excluding the :data:`ALL_CHECKS` summary."""
        return tuple(r for r in self.results if r.failed and r.check != ALL_CHECKS)


@dataclass
class _Failure:
    check_id: str
    column: str | None
    value: Any
    reason: str


@dataclass
class _Pass:
    failures: dict[int, list[_Failure]] = field(default_factory=dict)
    unindexed: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- helpers


def _naive_utc(ts: datetime) -> datetime:
    return ts.astimezone(UTC).replace(tzinfo=None) if ts.tzinfo else ts


def json_safe(value: Any) -> Any:
    """Convert a cell (numpy/pandas scalars, timestamps, NaN, nested containers) to plain JSON values."""
    from include.gong_intel.validate.schemas import is_missing

    if is_missing(value):
        return None
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return json_safe(value.tolist())
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return str(value)


def _as_text(value: Any) -> str | None:
    safe = json_safe(value)
    if safe is None:
        return None
    text = safe if isinstance(safe, str) else json.dumps(safe, ensure_ascii=False)
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 1] + "…"


def _check_label(check: str) -> str:
    """Stable short name of a pandera check string: ``in_range(-1, 1)`` -> ``in_range``."""
    if check == "not_nullable":
        return "not_null"
    if check == "field_uniqueness":
        return "unique"
    if check.startswith(("coerce_dtype(", "dtype(")):
        return "dtype"
    return check.split("(", 1)[0]


def _args(check: str) -> str:
    return check[check.index("(") + 1 : -1] if "(" in check and check.endswith(")") else ""


def _join(column: str, explanation: str) -> str:
    return f"{column}{explanation}" if explanation[:1] in ("=", "[", ".") else f"{column} {explanation}"


def describe_failure(column: str, check: str, value: Any, *, embedding_dim: int) -> str:
    """A precise, human-readable reason for one failed column check, e.g. ``SENTIMENT_SCORE=1.7 not in [-1, 1]``.

    :param column: the column checked.
    :param check: pandera's check string from ``failure_cases`` (e.g. ``in_range(-1, 1)``).
    :param value: the failing value.
    :param embedding_dim: the configured dimension (for vector checks).
    """
    from include.gong_intel.validate.schemas import VALUE_EXPLAINERS, explain_vector, shown

    label = _check_label(check)
    args = _args(check)
    v = shown(value)
    if label == "not_null":
        return f"{column} is null"
    if label == "unique":
        return f"{column}={v} is duplicated"
    if label == "dtype":
        return f"{column}={v} is not a valid {args.strip(chr(39))}"
    if label == "in_range":
        low, _, high = args.partition(", ")
        return f"{column}={v} not in [{low}, {high}]"
    if label == "greater_than_or_equal_to":
        return f"{column}={v} is below {args}"
    if label == "equal_to":
        return f"{column}={v} is not {args}"
    if label == "isin":
        return f"{column}={v} is not one of {args}"
    if label == "str_matches":
        return f"{column}={v} does not match {args}"
    if label == "str_length":
        return f"{column} is empty" if value == "" else f"{column}={v} has a length outside ({args})"
    if label == "embedding_shape":
        return _join(column, explain_vector(value, embedding_dim) or "is not a valid embedding")
    explain = VALUE_EXPLAINERS.get(label)
    if explain is not None:
        return _join(column, explain(value) or f"fails {label}")
    return f"{column}={v} fails {check}"


def _collect(failure_cases: pd.DataFrame, frame: pd.DataFrame, embedding_dim: int) -> _Pass:
    from include.gong_intel.validate.schemas import ROW_EXPLAINERS

    out = _Pass()
    seen: set[tuple[int, str]] = set()
    structural = []
    for case in failure_cases.to_dict("records"):
        check = str(case["check"])
        column = case.get("column")
        column = None if column is None or column != column else str(column)
        index = case.get("index")
        if check.split("(", 1)[0] in _STRUCTURAL_CHECKS:
            structural.append(f"{check}: {case['failure_case']}")
            continue
        if index is None or index != index:
            out.unindexed.append(f"{column or 'frame'}: {check}: {case['failure_case']}")
            continue
        pos = int(index)
        if case["schema_context"] == "DataFrameSchema":
            # A row-level check reports one case per column of the failing row; keep one per row.
            check_id = _check_label(check)
            if (pos, check_id) in seen:
                continue
            explain = ROW_EXPLAINERS.get(check_id)
            row = frame.loc[pos].to_dict()
            reason = (explain(row) if explain else None) or f"row fails {check_id}"
            value = None
        else:
            check_id = f"{column}.{_check_label(check)}"
            if (pos, check_id) in seen:
                continue
            value = case["failure_case"]
            reason = describe_failure(column or "?", check, value, embedding_dim=embedding_dim)
        seen.add((pos, check_id))
        out.failures.setdefault(pos, []).append(_Failure(check_id, column, value, reason))
    if structural:
        raise DataContractError("frame does not match its model: " + "; ".join(structural))
    return out


# Building a schema deep-copies its columns and checks, which costs more than validating a small frame:
# the enrich step validates every few calls, so the coercion-only variants are kept (a handful per run).
_COERCION_SCHEMAS: dict[int, tuple[Any, Any]] = {}


def _coercion_schema(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """``schema`` with only its types: no checks, every column nullable and non-unique."""
    cached = _COERCION_SCHEMAS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    coercion_only = schema.update_columns(
        {name: {"checks": [], "nullable": True, "unique": False} for name in schema.columns}
    )
    coercion_only.checks = []
    coercion_only.unique = None
    # The schema is kept alongside so its id cannot be reused by another object while cached.
    _COERCION_SCHEMAS[id(schema)] = (schema, coercion_only)
    return coercion_only


def _coercion_pass(
    schema: pa.DataFrameSchema, frame: pd.DataFrame, embedding_dim: int
) -> tuple[dict[int, list[_Failure]], pd.DataFrame]:
    """Find cells that cannot be coerced to their column's type, and blank them for the checks pass.

    Without this, one unreadable value makes every other check of its column fail to run (pandera reports
    a TypeError naming no row) and the rows' other failures would go unreported.
    """
    import pandera.pandas as pa

    coercion_only = _coercion_schema(schema)
    try:
        coercion_only.validate(frame, lazy=True)
        return {}, frame
    except pa.errors.SchemaErrors as e:
        found = _collect(e.failure_cases, frame, embedding_dim)
    checked = frame.copy()
    for pos, items in found.failures.items():
        for f in items:
            if f.column is not None:
                if checked[f.column].dtype != object:
                    checked[f.column] = checked[f.column].astype(object)
                checked.at[pos, f.column] = None
    return found.failures, checked


def schema_check_ids(schema: pa.DataFrameSchema) -> list[str]:
    """Every check a schema runs, named as in DQ results (``COLUMN.check`` or a row-level check name)."""
    ids: list[str] = []
    for name, column in schema.columns.items():
        if not column.nullable:
            ids.append(f"{name}.not_null")
        if column.unique:
            ids.append(f"{name}.unique")
        ids.extend(f"{name}.{_check_label(str(check.name))}" for check in column.checks)
    ids.extend(_check_label(str(check.name)) for check in schema.checks)
    return list(dict.fromkeys(ids))


def _key_text(value: Any) -> str | None:
    safe = json_safe(value)
    return None if safe is None else str(safe)


def _quarantine_id(run_id: str | None, step: str, source_table: str | None, pos: int, key: str | None) -> str:
    # Deterministic, so a retried task rewrites the same quarantine rows instead of adding new ones.
    raw = "\x1f".join([run_id or "", step, source_table or "", str(pos), key or ""])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


# ---------------------------------------------------------------------------------------- validation


def validate_frame(
    df: pd.DataFrame,
    model: type[pa.DataFrameModel],
    *,
    step: str,
    key_column: str,
    settings: Settings,
    run_id: str | None,
    source_table: str | None = None,
    call_source_hashes: Mapping[str, str] | None = None,
    skip_checks: Collection[str] = (),
    position_offset: int = 0,
) -> ValidationOutcome:
    """Validate ``df`` against ``model``; quarantine failing rows with every reason, pass the rest.

    Validation is lazy (every failure is collected). Values that cannot be coerced make other checks of
    their column unanswerable, so validation repeats on the remaining rows until they pass (at most a few
    passes): every row ends up either passed or quarantined.

    :param df: the rows handed off (column names = warehouse column names).
    :param model: a model from :mod:`include.gong_intel.validate.schemas`.
    :param step: pipeline step name, recorded with every quarantine and DQ row.
    :param key_column: natural key of a row (``CALL_ID``, ``TRANSCRIPT_ID``, ``CHUNK_ID``).
    :param settings: the run's settings (embedding dimension, failure threshold).
    :param run_id: the Airflow run id.
    :param source_table: table the rows came from or go to, for the quarantine record.
    :param call_source_hashes: call id -> the call's SOURCE_HASH, for rows that are not calls (segments,
        chunks); call rows use their own SOURCE_HASH.
    :param skip_checks: checks owned by an earlier hand-off (see :func:`~.schemas.schema_for`).
    :param position_offset: position of the frame's first row in the whole read when ``df`` is one batch
        of it; quarantine ids and key-less sample labels use the position in the whole read, so they do
        not depend on the batch size.
    :raises DataContractError: when columns are missing or unknown (a contract bug, not bad data).
    """
    import pandera.pandas as pa

    from include.gong_intel.validate.schemas import schema_for

    schema = schema_for(model, settings.embedding_dim, skip_checks)
    if key_column not in schema.columns:
        raise ValueError(f"key column {key_column!r} is not a column of {model.__name__}")
    if key_column not in df.columns:
        raise DataContractError(f"{model.__name__}: key column {key_column!r} missing from the frame")
    work = df.reset_index(drop=True)
    failures: dict[int, list[_Failure]] = {}
    validated = None
    try:
        # A clean frame (the usual case) needs one pass; the passes below only run when something failed.
        validated = schema.validate(work, lazy=True)
    except pa.errors.SchemaErrors:
        failures, remaining = _coercion_pass(schema, work, settings.embedding_dim)
        for _ in range(_MAX_PASSES):
            try:
                validated = schema.validate(remaining, lazy=True)
                break
            except pa.errors.SchemaErrors as e:
                found = _collect(e.failure_cases, remaining, settings.embedding_dim)
                if not found.failures:
                    raise DataContractError(
                        f"{model.__name__} failed frame-level checks that name no row: "
                        + "; ".join(found.unindexed[:10])
                    ) from None
                for pos, items in found.failures.items():
                    failures.setdefault(pos, []).extend(items)
                remaining = remaining.drop(index=list(found.failures))
    # The coercion pass blanked cells that could not be read; a "null" there (or a row-level check judging
    # that cell) is not a second failure.
    from include.gong_intel.validate.schemas import ROW_CHECK_COLUMNS

    for pos, items in failures.items():
        dtype_columns = {f.column for f in items if f.check_id.endswith(".dtype")}
        failures[pos] = [
            f
            for f in items
            if not (f.column in dtype_columns and f.check_id.endswith(".not_null"))
            and not (dtype_columns & set(ROW_CHECK_COLUMNS.get(f.check_id, ())))
        ]
    if validated is None:
        raise DataContractError(f"{model.__name__}: validation did not settle after {_MAX_PASSES} passes")

    now = datetime.now(UTC)
    quarantined: list[QuarantineRecord] = []
    for pos in sorted(failures):
        items = failures[pos]
        row = work.loc[pos].to_dict()
        key = _key_text(row.get(key_column))
        call_id = _key_text(row.get("CALL_ID"))
        if call_source_hashes is not None:
            call_hash = call_source_hashes.get(call_id) if call_id else None
        else:
            call_hash = _key_text(row.get("SOURCE_HASH")) if key_column == "CALL_ID" else None
        if len(items) == 1:
            offending = _as_text(items[0].value)
        else:
            offending = _as_text({f.check_id: json_safe(f.value) for f in items if f.column})
        quarantined.append(
            QuarantineRecord(
                quarantine_id=_quarantine_id(run_id, step, source_table, position_offset + pos, key),
                run_id=run_id,
                step=step,
                source_table=source_table,
                record_key=key,
                check_name=", ".join(dict.fromkeys(f.check_id for f in items)),
                reason="; ".join(f.reason for f in items),
                offending_value=offending,
                record=json_safe(row),
                quarantined_at=now,
                call_id=call_id,
                call_source_hash=call_hash,
            )
        )

    # A row whose only failure was a value that could not be read (in a nullable column) passes the checks
    # pass with that cell blanked; it is quarantined all the same.
    passed = validated.drop(index=[pos for pos in failures if pos in validated.index])
    passed.index = df.index[passed.index.to_numpy()]
    results = _dq_results(
        schema, step, failures, work, key_column, settings.dq_max_failure_ratio, position_offset
    )
    outcome = ValidationOutcome(
        step=step,
        passed=passed,
        quarantined=tuple(quarantined),
        results=tuple(results),
        rows_in=len(work),
        rows_passed=len(passed),
        rows_quarantined=len(quarantined),
        threshold=settings.dq_max_failure_ratio,
    )
    log.info(
        "%s: %d row(s) in, %d passed, %d quarantined (%s)",
        step,
        outcome.rows_in,
        outcome.rows_passed,
        outcome.rows_quarantined,
        ", ".join(f"{r.check}={r.failed}" for r in outcome.failed_checks) or "no failed checks",
    )
    return outcome


def _dq_results(
    schema: pa.DataFrameSchema,
    step: str,
    failures: Mapping[int, list[_Failure]],
    frame: pd.DataFrame,
    key_column: str,
    threshold: float,
    position_offset: int = 0,
) -> list[DQResult]:
    by_check: dict[str, list[int]] = {check_id: [] for check_id in schema_check_ids(schema)}
    for pos in sorted(failures):
        for check_id in dict.fromkeys(f.check_id for f in failures[pos]):
            by_check.setdefault(check_id, []).append(pos)

    def sample(positions: Iterable[int]) -> tuple[str, ...]:
        keys = []
        for pos in list(positions)[:SAMPLE_KEYS]:
            keys.append(_key_text(frame.at[pos, key_column]) or f"row {position_offset + pos}")
        return tuple(keys)

    total = len(frame)
    results = [
        DQResult(
            step=step,
            check=check_id,
            failed=len(pos),
            total=total,
            sample_keys=sample(pos),
            threshold=threshold,
        )
        for check_id, pos in by_check.items()
    ]
    results.append(
        DQResult(
            step=step,
            check=ALL_CHECKS,
            failed=len(failures),
            total=total,
            sample_keys=sample(sorted(failures)),
            threshold=threshold,
        )
    )
    return results


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


@dataclass(frozen=True, eq=False)
class CallPart:
    """The rows of one kind that a step produced for a set of calls, validated with one model.

    :param label: short name prefixed to check names and reasons (``call``, ``segment``, ``chunk``).
    :param frame: the rows (warehouse column names); every row has a ``CALL_ID``.
    :param model: the Pandera model of the rows.
    :param key_column: natural key of a row.
    :param source_table: the table the rows are written to.
    """

    label: str
    frame: pd.DataFrame
    model: type[pa.DataFrameModel]
    key_column: str
    source_table: str | None = None


def validate_whole_calls(
    parts: Sequence[CallPart],
    *,
    step: str,
    settings: Settings,
    run_id: str | None,
    record_extra: Mapping[str, Any] | None = None,
    attempt: str = "",
    skip_checks: Collection[str] = (),
) -> ValidationOutcome:
    """Validate everything a step produced for some calls; a call with any failing row fails whole.

    The unit of the outcome is the call: ``rows_in`` counts calls, ``passed`` holds the call rows of the
    calls whose every row (call, segments, chunks) passed, and each failing call is one quarantine record
    listing every failure of every row it owns (``segment <key>: <reason>`` for rows of later parts). DQ
    results count failing calls per check, named ``<label>.<check>`` (``chunk.EMBEDDING.embedding_shape``).

    :param parts: the call rows first (one row per call, key ``CALL_ID``), then the rows owned by them.
    :param step: pipeline step name for quarantine and DQ rows.
    :param settings: the run's settings (embedding dimension, failure threshold).
    :param run_id: the Airflow run id.
    :param record_extra: added to each quarantine record's RECORD (e.g. the model version, which counts
        attempts per model).
    :param attempt: mixed into quarantine ids; a new value per attempt keeps earlier attempts' records.
    :param skip_checks: checks owned by an earlier hand-off, skipped in every part where the column exists.
    :raises DataContractError: when call ids repeat or a row belongs to no call of the first part.
    """
    if not parts:
        raise ValueError("validate_whole_calls needs at least the call rows")
    from include.gong_intel.validate.schemas import schema_for

    calls = parts[0]
    if calls.key_column != "CALL_ID":
        raise ValueError(f"the first part must be keyed by CALL_ID, not {calls.key_column!r}")
    call_ids = [_key_text(v) for v in calls.frame["CALL_ID"]]
    if None in call_ids or len(set(call_ids)) != len(call_ids):
        raise DataContractError(f"{step}: call ids must be present and unique, got {call_ids[:10]}")
    hashes = {
        cid: h
        for cid, h in zip(call_ids, calls.frame.get("SOURCE_HASH", [None] * len(call_ids)), strict=True)
        if isinstance(h, str)
    }
    known = set(call_ids)
    by_call: dict[str, list[tuple[CallPart, QuarantineRecord]]] = {}
    first: ValidationOutcome | None = None

    def skipped(part: CallPart) -> tuple[str, ...]:
        columns = part.model.to_schema().columns
        return tuple(c for c in skip_checks if c.partition(".")[0] in columns)

    for i, part in enumerate(parts):
        outcome = validate_frame(
            part.frame,
            part.model,
            # Named per part for the log; the records are folded into one per call under ``step`` below.
            step=f"{step}:{part.label}",
            key_column=part.key_column,
            settings=settings,
            run_id=run_id,
            source_table=part.source_table,
            call_source_hashes=hashes if i else None,
            skip_checks=skipped(part),
        )
        first = first or outcome
        for q in outcome.quarantined:
            if q.call_id not in known:
                raise DataContractError(
                    f"{step}: {part.label} row {q.record_key} belongs to no call being validated ({q.call_id!r})"
                )
            by_call.setdefault(q.call_id, []).append((part, q))

    now = datetime.now(UTC)
    rows = {cid: row for cid, row in zip(call_ids, calls.frame.to_dict("records"), strict=True)}
    quarantined = []
    for call_id in (c for c in call_ids if c in by_call):
        items = by_call[call_id]
        checks = [f"{part.label}.{c}" for part, q in items for c in q.check_name.split(", ")]
        reasons = [
            q.reason if part is calls else f"{part.label} {q.record_key}: {q.reason}" for part, q in items
        ]
        if len(items) == 1:
            offending = items[0][1].offending_value
        else:
            offending = _as_text({f"{part.label} {q.record_key}": q.offending_value for part, q in items})
        raw = "\x1f".join([run_id or "", step, call_id, hashes.get(call_id, ""), attempt])
        quarantined.append(
            QuarantineRecord(
                quarantine_id=hashlib.sha256(raw.encode()).hexdigest()[:32],
                run_id=run_id,
                step=step,
                source_table=calls.source_table,
                record_key=call_id,
                check_name=", ".join(dict.fromkeys(checks)),
                reason="; ".join(reasons),
                offending_value=offending,
                record={**json_safe(rows[call_id]), **json_safe(dict(record_extra or {}))},
                quarantined_at=now,
                call_id=call_id,
                call_source_hash=hashes.get(call_id),
            )
        )

    assert first is not None
    passed = first.passed[~first.passed["CALL_ID"].astype(str).isin(list(by_call))]
    threshold = settings.dq_max_failure_ratio
    failing_by_check: dict[str, list[str]] = {
        f"{part.label}.{check_id}": []
        for part in parts
        for check_id in schema_check_ids(schema_for(part.model, settings.embedding_dim, skipped(part)))
    }
    for call_id in (c for c in call_ids if c in by_call):
        for check in dict.fromkeys(
            f"{part.label}.{c}" for part, q in by_call[call_id] for c in q.check_name.split(", ")
        ):
            failing_by_check.setdefault(check, []).append(call_id)
    failing_calls = [c for c in call_ids if c in by_call]
    results = [
        DQResult(
            step=step,
            check=check,
            failed=len(ids),
            total=len(call_ids),
            sample_keys=tuple(ids[:SAMPLE_KEYS]),
            threshold=threshold,
        )
        for check, ids in failing_by_check.items()
    ]
    results.append(
        DQResult(
            step=step,
            check=ALL_CHECKS,
            failed=len(failing_calls),
            total=len(call_ids),
            sample_keys=tuple(failing_calls[:SAMPLE_KEYS]),
            threshold=threshold,
        )
    )
    return ValidationOutcome(
        step=step,
        passed=passed,
        quarantined=tuple(quarantined),
        results=tuple(results),
        rows_in=len(call_ids),
        rows_passed=len(passed),
        rows_quarantined=len(quarantined),
        threshold=threshold,
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


# ---------------------------------------------------------------------------------------- persistence


def _delete_then_insert(hook, settings: Settings, delete_template: str, keys: list[dict[str, Any]], **extra):
    from include.gong_intel.warehouse.sql import render

    for start in range(0, len(keys), _DELETE_CHUNK):
        chunk = keys[start : start + _DELETE_CHUNK]
        params: dict[str, Any] = dict(extra)
        for i, key in enumerate(chunk):
            params.update({f"{name}{i}": value for name, value in key.items()})
        sql = render(delete_template, settings, emulator=hook.is_emulator, n=len(chunk))
        hook.run(sql, parameters=params)


def write_quarantine(hook, settings: Settings, records: Sequence[QuarantineRecord]) -> int:
    """Write quarantine records to PIPELINE_MONITOR.QUARANTINE; a retry replaces its earlier rows.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param records: from :attr:`ValidationOutcome.quarantined`.
    :return: rows written.
    """
    if not records:
        return 0
    rows = [r.as_row() for r in records]
    _delete_then_insert(
        hook, settings, "monitor/delete_quarantine.sql", [{"id": r["QUARANTINE_ID"]} for r in rows]
    )
    return hook.insert_records(settings.tables.quarantine, rows, ["RECORD"])


def write_dq_results(hook, settings: Settings, run_id: str, results: Sequence[DQResult]) -> int:
    """Write DQ results to PIPELINE_MONITOR.DQ_RESULTS; rewriting a (run, step, check) replaces it.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param run_id: the Airflow run id.
    :param results: from :attr:`ValidationOutcome.results`.
    :return: rows written.
    """
    if not results:
        return 0
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    rows = [
        {
            "RUN_ID": run_id,
            "STEP": r.step,
            "CHECK_NAME": r.check,
            "FAILED_ROWS": r.failed,
            "TOTAL_ROWS": r.total,
            "FAILURE_RATIO": r.ratio,
            "THRESHOLD": r.threshold,
            "PASSED": not r.breached,
            "SAMPLE_KEYS": list(r.sample_keys),
            "CHECKED_AT": now,
        }
        for r in results
    ]
    keys = [{"step": r.step, "check": r.check} for r in results]
    _delete_then_insert(hook, settings, "monitor/delete_dq_results.sql", keys, run_id=run_id)
    return hook.insert_records(settings.tables.dq_results, rows, ["SAMPLE_KEYS"])


def persist_outcome(hook, settings: Settings, run_id: str, outcome: ValidationOutcome) -> None:
    """Write an outcome's quarantine records and DQ results."""
    write_quarantine(hook, settings, outcome.quarantined)
    write_dq_results(hook, settings, run_id, outcome.results)


# ------------------------------------------------------------------------------------- batches of calls


@dataclass(frozen=True)
class CallBatch:
    """One batch of a window's calls: call ids in ``(after, upto]`` compared as strings, ``None`` open.

    The last batch (``upto`` open) also holds the rows without a call id. ``CallBatch()`` is the whole
    window in one read.
    """

    after: str | None = None
    upto: str | None = None

    def params(self) -> dict[str, str | None]:
        """Bind parameters of ``validate/macros.jinja`` ``in_call_batch``."""
        return {"after_call_id": self.after, "upto_call_id": self.upto}


def _window_params(
    interval_start: datetime,
    interval_end: datetime,
    loaded_since: datetime | None,
    batch: CallBatch | None = None,
) -> dict[str, Any]:
    """Bind parameters of a window's reads: the window, and the batch of calls (``None``: all of them)."""
    return {
        "interval_start": _bind_ts(interval_start),
        "interval_end": _bind_ts(interval_end),
        "loaded_since": _bind_ts(loaded_since),
        **(batch or CallBatch()).params(),
    }


def call_batches(
    hook,
    settings: Settings,
    template: str,
    interval_start: datetime,
    interval_end: datetime,
    loaded_since: datetime | None = None,
) -> list[CallBatch]:
    """Cut a window's calls into batches of ``settings.validate_batch_calls`` call ids, in id order.

    One query returns only the batches' upper bounds (``validate/raw_call_batches.sql``,
    ``monitor/staged_call_batches.sql``). The batches cover every id, so a row landing after this query
    is still read by exactly one batch (which may then hold a few more calls than asked).

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param template: the bounds query of the reads.
    :param interval_start: window start.
    :param interval_end: window end, exclusive.
    :param loaded_since: also rows loaded since then, as the reads.
    :return: at least one batch; one ``CallBatch()`` when the window fits in one.
    """
    from include.gong_intel.warehouse.sql import render

    sql = render(template, settings, emulator=hook.is_emulator)
    params = {
        **_window_params(interval_start, interval_end, loaded_since),
        "batch_calls": settings.validate_batch_calls,
    }
    bounds = [str(row[0]) for row in hook.get_records(sql, parameters=params)]
    batches = [CallBatch(after, upto) for after, upto in zip([None, *bounds], [*bounds, None], strict=True)]
    log.info("%s: %d batch(es) of up to %d call(s)", template, len(batches), settings.validate_batch_calls)
    return batches


def _persist_batch(hook, settings: Settings, totals: _StepTotals, outcome: ValidationOutcome) -> None:
    # Quarantine records are written as each batch is checked (their ids do not depend on the batch).
    # DQ rows are keyed by (run, step, check) and hold the window's totals, so they are written once
    # per step, after the last batch (see _finish).
    write_quarantine(hook, settings, outcome.quarantined)
    totals.add(outcome)


def _finish(hook, settings: Settings, run_id: str, totals: Sequence[_StepTotals]) -> list[ValidationOutcome]:
    outcomes = [t.outcome() for t in totals]
    for outcome in outcomes:
        write_dq_results(hook, settings, run_id, outcome.results)
    return outcomes


# ---------------------------------------------------------------------------------------- staged rows


def _bind_ts(value: datetime | None) -> datetime | None:
    return None if value is None else _naive_utc(value)


def read_staged(
    hook,
    settings: Settings,
    model: type[pa.DataFrameModel],
    template: str,
    interval_start: datetime,
    interval_end: datetime,
    loaded_since: datetime | None = None,
    batch: CallBatch | None = None,
) -> pd.DataFrame:
    """Read the STG rows a run touched (one batch of its calls), with exactly the model's columns.

    Dates and timestamps are selected as text: the local emulator returns NULL timestamps as 1970-01-01,
    which would hide missing values; pandera parses the text back (``coerce``).

    :param batch: the calls to read (``None``: the whole window).
    """
    from include.gong_intel.validate.schemas import model_columns, timestamp_columns
    from include.gong_intel.warehouse.sql import render

    sql = render(
        template,
        settings,
        emulator=hook.is_emulator,
        columns=model_columns(model),
        text_columns=set(timestamp_columns(model)),
    )
    params = _window_params(interval_start, interval_end, loaded_since, batch)
    return parse_text_timestamps(hook.get_df(sql, parameters=params), model)


def parse_text_timestamps(df: pd.DataFrame, model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """Parse the model's timestamp columns read as text, whatever their mix of formats.

    Timestamps rendered as text carry fractional seconds only when they have some (``12:00:00`` next to
    ``12:00:00.5``), and pandas infers one format per column from its first value, so a column mixing both
    fails as a whole and names no row. Each column is parsed value by value instead; a value that is no
    timestamp is left as it is, for pandera to report on its row.

    :param df: rows as read (modified in place and returned).
    :param model: the model whose ``DateTime`` columns are parsed (date-only columns stay text).
    """
    import pandas as pd

    for name, column in model.to_schema().columns.items():
        if name not in df.columns or "datetime" not in str(column.dtype):
            continue
        aware = "UTC" in str(column.dtype)
        try:
            df[name] = pd.to_datetime(df[name], format="mixed", utc=aware)
        except (ValueError, TypeError):
            df[name] = [_parse_one_timestamp(v, aware) for v in df[name]]
    return df


def _parse_one_timestamp(value: Any, aware: bool) -> Any:
    import pandas as pd

    if not isinstance(value, str):
        return value
    try:
        return pd.to_datetime(value, utc=aware)
    except (ValueError, TypeError):
        return value


def validate_staged(
    hook,
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
    since then (late-arriving calls re-landed by the ingest lookback).

    Memory is bounded: the window is read and checked in batches of ``settings.validate_batch_calls``
    calls (:func:`call_batches`), a call and all its segments in the same batch, so the duplicate checks
    and the calls' SOURCE_HASH per segment are as for one read. Quarantine records are written per batch,
    DQ results once with the window's totals; passing rows are not kept.

    Does not raise on a breach: the caller sends the DQ alert first, then calls
    :func:`raise_if_over_threshold` with the returned outcomes (the ratio is the whole window's).

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param run_id: the Airflow run id.
    :param interval_start: window start (aware datetimes are converted to UTC).
    :param interval_end: window end, exclusive.
    :param loaded_since: also include rows with ``_LOADED_AT >= loaded_since``.
    :return: ``[calls outcome, segments outcome]``, summed over batches, ``rows_retained`` false.
    """
    from include.gong_intel.validate.schemas import StagedCall, StagedSegment

    t = settings.tables
    window = (interval_start, interval_end, loaded_since)
    calls_totals, segments_totals = _StepTotals(STEP_STAGED_CALLS), _StepTotals(STEP_STAGED_SEGMENTS)
    for batch in call_batches(hook, settings, "monitor/staged_call_batches.sql", *window):
        calls = read_staged(hook, settings, StagedCall, "monitor/staged_calls.sql", *window, batch=batch)
        segments = read_staged(
            hook, settings, StagedSegment, "monitor/staged_segments.sql", *window, batch=batch
        )
        # The segment query appends the call's SOURCE_HASH; it is not a segment column.
        call_hashes: dict[str, str] = {}
        for call_id, call_hash in zip(segments["CALL_ID"], segments.pop("CALL_SOURCE_HASH"), strict=True):
            if isinstance(call_id, str) and isinstance(call_hash, str):
                call_hashes[call_id] = call_hash
        calls_outcome = validate_frame(
            calls,
            StagedCall,
            step=STEP_STAGED_CALLS,
            key_column="CALL_ID",
            settings=settings,
            run_id=run_id,
            source_table=t.stg_calls,
            position_offset=calls_totals.rows_in,
        )
        segments_outcome = validate_frame(
            segments,
            StagedSegment,
            step=STEP_STAGED_SEGMENTS,
            key_column="TRANSCRIPT_ID",
            settings=settings,
            run_id=run_id,
            source_table=t.stg_transcripts,
            call_source_hashes=call_hashes,
            position_offset=segments_totals.rows_in,
        )
        del calls, segments
        _persist_batch(hook, settings, calls_totals, calls_outcome)
        _persist_batch(hook, settings, segments_totals, segments_outcome)
    return _finish(hook, settings, run_id, [calls_totals, segments_totals])


# ------------------------------------------------------------------------------------------- raw rows


def read_raw(
    hook,
    settings: Settings,
    template: str,
    interval_start: datetime,
    interval_end: datetime,
    loaded_since: datetime | None = None,
    batch: CallBatch | None = None,
) -> pd.DataFrame:
    """Read the RAW_AIRBYTE rows a run will stage (``include/sql/validate/raw_*.sql``), one batch of calls.

    :param batch: the calls to read (``None``: the whole window).
    """
    from include.gong_intel.warehouse.sql import render

    sql = render(template, settings, emulator=hook.is_emulator)
    params = _window_params(interval_start, interval_end, loaded_since, batch)
    return hook.get_df(sql, parameters=params)


def _read_raw_frame(hook, settings: Settings, model, template: str, window, batch: CallBatch) -> pd.DataFrame:
    return parse_text_timestamps(read_raw(hook, settings, template, *window, batch=batch), model)


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
    from dataclasses import replace

    records = tuple(
        replace(
            q,
            quarantine_id=hashlib.sha256(f"{q.step}\x1f{q.record_key}".encode()).hexdigest()[:32],
            call_id=call_ids.get(q.record_key or ""),
        )
        for q in outcome.quarantined
    )
    return replace(outcome, quarantined=records)


def validate_raw(
    hook,
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

    Memory is bounded: the rows are read and checked in batches of ``settings.validate_batch_calls``
    calls (:func:`call_batches`), a call's raw rows and its transcript rows in the same batch. Quarantine
    records are written per batch, DQ results once with the window's totals; passing rows are not kept.

    Does not raise on a breach: the caller sends the DQ alert, then calls :func:`raise_if_over_threshold`.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param run_id: the Airflow run id.
    :param interval_start: window start (aware datetimes are converted to UTC).
    :param interval_end: window end, exclusive.
    :param loaded_since: also include rows with ``_AIRBYTE_EXTRACTED_AT >= loaded_since``.
    :return: ``[calls outcome, transcripts outcome]``, summed over batches, ``rows_retained`` false.
    """
    from include.gong_intel.validate.schemas import RawExtensiveCall, RawTranscript

    t = settings.tables
    window = (interval_start, interval_end, loaded_since)
    calls_totals, transcripts_totals = _StepTotals(STEP_RAW_CALLS), _StepTotals(STEP_RAW_TRANSCRIPTS)
    for batch in call_batches(hook, settings, "validate/raw_call_batches.sql", *window):
        calls = _read_raw_frame(
            hook, settings, RawExtensiveCall, "validate/raw_extensive_calls.sql", window, batch
        )
        transcripts = _read_raw_frame(
            hook, settings, RawTranscript, "validate/raw_call_transcripts.sql", window, batch
        )
        call_ids = {
            str(raw_id): _raw_call_id(meta)
            for raw_id, meta in zip(calls["_AIRBYTE_RAW_ID"], calls["METADATA"], strict=True)
        }
        transcript_ids = {
            str(raw_id): None if call_id is None else str(call_id)
            for raw_id, call_id in zip(transcripts["_AIRBYTE_RAW_ID"], transcripts["CALLID"], strict=True)
        }
        calls_outcome = _keyed_by_raw_row(
            validate_frame(
                calls,
                RawExtensiveCall,
                step=STEP_RAW_CALLS,
                key_column="_AIRBYTE_RAW_ID",
                settings=settings,
                run_id=run_id,
                source_table=t.raw_extensive_calls,
                position_offset=calls_totals.rows_in,
            ),
            call_ids,
        )
        transcripts_outcome = _keyed_by_raw_row(
            validate_frame(
                transcripts,
                RawTranscript,
                step=STEP_RAW_TRANSCRIPTS,
                key_column="_AIRBYTE_RAW_ID",
                settings=settings,
                run_id=run_id,
                source_table=t.raw_call_transcripts,
                position_offset=transcripts_totals.rows_in,
            ),
            transcript_ids,
        )
        del calls, transcripts
        _persist_batch(hook, settings, calls_totals, calls_outcome)
        _persist_batch(hook, settings, transcripts_totals, transcripts_outcome)
    return _finish(hook, settings, run_id, [calls_totals, transcripts_totals])


def excluded_call_ids(hook, settings: Settings, call_ids: Iterable[str] | None = None) -> set[str]:
    """Calls the enrich step must skip: quarantined by staged validation for their current SOURCE_HASH.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param call_ids: restrict the answer to these calls (``None``: all).
    """
    from include.gong_intel.warehouse.sql import render

    sql = render("monitor/quarantined_calls.sql", settings, emulator=hook.is_emulator)
    params = {f"step{i}": step for i, step in enumerate(STAGED_STEPS)}
    found = {str(row[0]) for row in hook.get_records(sql, parameters=params)}
    return found if call_ids is None else found & {str(c) for c in call_ids}
