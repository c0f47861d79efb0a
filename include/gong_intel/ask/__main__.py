"""``gong-ask``: answer a question about the calls from the command line.

    python -m include.gong_intel.ask "Which deals are at risk?" [--json] [--today 2026-11-25]

Settings come from the ``gong_intel_config`` Airflow Variable or the ``GONG_INTEL_CONFIG`` environment
variable (JSON); the warehouse from the ``snowflake_default`` connection (e.g. ``AIRFLOW_CONN_SNOWFLAKE_DEFAULT``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gong-ask", description="Ask the Gong calls a question.")
    parser.add_argument("question", nargs="+", help="the question, e.g. 'Which deals are at risk?'")
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.add_argument(
        "--today", type=date.fromisoformat, help="the current date (YYYY-MM-DD) for time words"
    )
    args = parser.parse_args(argv)

    from include.gong_intel.ask.engine import ask
    from include.gong_intel.ask.render import render_text

    answer = ask(" ".join(args.question), today=args.today)
    print(json.dumps(answer.to_dict(), indent=2, default=str) if args.json else render_text(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
