"""CLI: ``python -m include.gong_intel.preflight [--only snowflake,gong] [--slack-test-message]``.

Reads ``gong_intel_config`` and the connections through Airflow's secrets backends (Pulumi ESC when
configured, then ``AIRFLOW_CONN_*`` / ``AIRFLOW_VAR_*``, then the metadata database). Prints one line per
check; exits 1 when a check failed, 2 when the configuration itself cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from include.gong_intel.preflight import SYSTEMS, PreflightFailed, report, run_preflight


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify every connection of the configured environment")
    parser.add_argument(
        "--only", default=",".join(SYSTEMS), help=f"comma-separated subset of {','.join(SYSTEMS)}"
    )
    parser.add_argument(
        "--slack-test-message", action="store_true", help="post one test message to the alerts webhook"
    )
    args = parser.parse_args(argv)
    systems = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(systems) - set(SYSTEMS))
    if unknown:
        parser.error(f"unknown systems {unknown}; expected some of {list(SYSTEMS)}")

    from include.gong_intel.config import ConfigError, ConfigUnavailableError, load_settings

    try:
        settings = load_settings()
    except (ConfigError, ConfigUnavailableError) as e:
        print(f"FAIL config    gong_intel_config: {e}", file=sys.stdout)
        return 2
    print(f"preflight of env {settings.env!r}, database {settings.database}")
    try:
        report(run_preflight(settings, systems, slack_test_message=args.slack_test_message))
    except PreflightFailed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
