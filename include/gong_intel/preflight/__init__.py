"""Preflight: verify every connection of the configured environment for real, before the first run.

One line per check (``OK`` / ``FAIL`` / ``SKIP``), each failure with what to fix. Used by the ``gong_preflight``
DAG and the CLI ``python -m include.gong_intel.preflight [--slack-test-message] [--only snowflake,gong]``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from include.gong_intel.config import Settings
from include.gong_intel.preflight.results import CheckResult

log = logging.getLogger(__name__)

SYSTEMS = ("secrets", "snowflake", "gong", "airbyte", "cohere", "slack")


class PreflightFailed(RuntimeError):
    """At least one check failed; the message lists the failed checks with their fixes (never a secret)."""


def run_system(system: str, settings: Settings, *, slack_test_message: bool = False) -> list[CheckResult]:
    """Run one system's checks. A check that raises unexpectedly is reported as a failure, not raised."""
    from include.gong_intel.preflight import services
    from include.gong_intel.preflight.snowflake import check_snowflake

    checks: dict[str, Callable[[], list[CheckResult]]] = {
        "secrets": services.check_secrets,
        "snowflake": lambda: check_snowflake(settings),
        "gong": lambda: services.check_gong(settings),
        "airbyte": lambda: services.check_airbyte(settings),
        "cohere": lambda: services.check_cohere(settings),
        "slack": lambda: services.check_slack(settings, send_test=slack_test_message),
    }
    if system not in checks:
        raise ValueError(f"unknown system {system!r}; expected one of {SYSTEMS}")
    try:
        return checks[system]()
    except Exception as e:
        from include.gong_intel.alerts.messages import redact_text

        detail = f"check crashed: {type(e).__name__}: {redact_text(str(e))[:300]}"
        return [CheckResult(system, "check", "fail", detail, "see the task log")]


def run_preflight(
    settings: Settings, systems: Iterable[str] = SYSTEMS, *, slack_test_message: bool = False
) -> list[CheckResult]:
    results: list[CheckResult] = []
    for system in systems:
        results.extend(run_system(system, settings, slack_test_message=slack_test_message))
    return results


def report(results: list[CheckResult], emit: Callable[[str], None] = print) -> None:
    """Emit one line per check, then raise :class:`PreflightFailed` if any failed."""
    for result in results:
        emit(result.line())
    failed = [r for r in results if r.failed]
    if failed:
        raise PreflightFailed(
            f"{len(failed)} preflight check(s) failed:\n" + "\n".join(r.line() for r in failed)
        )
