"""Persistence of validation: quarantine records and DQ results; a retried task replaces its earlier rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from include.gong_intel.config import Settings
    from include.gong_intel.validate.outcomes import DQResult, QuarantineRecord

_DELETE_CHUNK = 200


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
