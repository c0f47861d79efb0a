"""The ``gong_preflight`` DAG's task: one system's checks, logged one line each."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def preflight_system(system: str, slack_test_message: bool | str = False) -> list[str]:
    """Run ``system``'s checks and log one line per check.

    :return: the lines (no secret is ever in them), as the task's XCom.
    :raises AirflowFailException: a check failed; retrying would fail the same way until the fix is made.
    """
    from airflow.sdk.exceptions import AirflowFailException

    from include.gong_intel.config import load_settings
    from include.gong_intel.preflight import PreflightFailed, report, run_system

    settings = load_settings()
    send = slack_test_message is True or str(slack_test_message).strip().lower() == "true"
    results = run_system(system, settings, slack_test_message=send)
    try:
        report(results, emit=log.info)
    except PreflightFailed as e:
        raise AirflowFailException(str(e)) from None
    return [r.line() for r in results]
