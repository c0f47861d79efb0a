"""Test helpers over PIPELINE_MONITOR: write an outcome whole, read which calls the enrich step skips."""

from __future__ import annotations

from collections.abc import Iterable

from include.gong_intel.validate import STAGED_STEPS, ValidationOutcome, write_dq_results, write_quarantine
from include.gong_intel.warehouse.sql import render


def persist_outcome(hook, settings, run_id: str, outcome: ValidationOutcome) -> None:
    """Write an outcome's quarantine records and DQ results."""
    write_quarantine(hook, settings, outcome.quarantined)
    write_dq_results(hook, settings, run_id, outcome.results)


def excluded_call_ids(hook, settings, call_ids: Iterable[str] | None = None) -> set[str]:
    """Calls the enrich step skips: quarantined by staged validation for their current SOURCE_HASH.

    :param call_ids: restrict the answer to these calls (``None``: all).
    """
    sql = render("monitor/quarantined_calls.sql", settings, emulator=hook.is_emulator)
    params = {f"step{i}": step for i, step in enumerate(STAGED_STEPS)}
    found = {str(row[0]) for row in hook.get_records(sql, parameters=params)}
    return found if call_ids is None else found & {str(c) for c in call_ids}
