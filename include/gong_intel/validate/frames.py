"""Frame validation: one frame against one Pandera model, and everything a step produced for some calls.

A row failing several checks is quarantined once, its reason listing every failed check. Frame-level failures
(duplicate keys) quarantine the rows involved: which copy of a duplicated key is right cannot be known, so
none is passed on. Heavy imports (pandas, pandera) happen inside the functions that need them.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from include.gong_intel.validate.explain import (
    check_label,
    describe_failure,
    json_safe,
    key_text,
    schema_check_ids,
    value_text,
)
from include.gong_intel.validate.outcomes import (
    ALL_CHECKS,
    SAMPLE_KEYS,
    DataContractError,
    DQResult,
    QuarantineRecord,
    ValidationOutcome,
)

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

    from include.gong_intel.config import Settings

log = logging.getLogger(__name__)

_MAX_PASSES = 4
_STRUCTURAL_CHECKS = ("column_in_schema", "column_in_dataframe", "column_in_dataframe_and_schema")


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
            check_id = check_label(check)
            if (pos, check_id) in seen:
                continue
            explain = ROW_EXPLAINERS.get(check_id)
            row = frame.loc[pos].to_dict()
            reason = (explain(row) if explain else None) or f"row fails {check_id}"
            value = None
        else:
            check_id = f"{column}.{check_label(check)}"
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
        key = key_text(row.get(key_column))
        call_id = key_text(row.get("CALL_ID"))
        if call_source_hashes is not None:
            call_hash = call_source_hashes.get(call_id) if call_id else None
        else:
            call_hash = key_text(row.get("SOURCE_HASH")) if key_column == "CALL_ID" else None
        if len(items) == 1:
            offending = value_text(items[0].value)
        else:
            offending = value_text({f.check_id: json_safe(f.value) for f in items if f.column})
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
            keys.append(key_text(frame.at[pos, key_column]) or f"row {position_offset + pos}")
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
    keys = [key_text(v) for v in calls.frame["CALL_ID"]]
    if None in keys or len(set(keys)) != len(keys):
        raise DataContractError(f"{step}: call ids must be present and unique, got {keys[:10]}")
    call_ids = [k for k in keys if k is not None]
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
            if q.call_id is None or q.call_id not in known:
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
            offending = value_text({f"{part.label} {q.record_key}": q.offending_value for part, q in items})
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
