"""Representative render context for every SQL template, so tests and the SQL linter see real statements.

Values mirror what the code passes (views take the code-owned constants of the ask layer itself).
"""

from __future__ import annotations

from typing import Any

AIRFLOW_CONTEXT: dict[str, Any] = {
    "data_interval_start": "2026-01-01T00:00:00+00:00",
    "data_interval_end": "2026-01-02T00:00:00+00:00",
    "run_id": "scheduled__2026-01-01",
    "params": {},
}


def sample_context() -> dict[str, Any]:
    from include.gong_intel.ask.views import view_context

    return {
        **AIRFLOW_CONTEXT,
        **view_context(),
        # Sizes of IN-lists and limits rendered into templates.
        "n": 2,
        "n_ids": 2,
        "n_risks": 1,
        "n_accounts": 1,
        "n_reps": 1,
        "limit": 20,
        "top_k": 20,
        "candidate_limit": 50,
        "sentiment": "negative",
        "positive_threshold": 0.2,
        # Column lists read by the validation step.
        "columns": ["CALL_ID", "CALL_DATETIME_UTC"],
        "text_columns": {"CALL_DATETIME_UTC"},
    }
