"""``gong-ask``: answer a question about the calls from the command line.

    python -m include.gong_intel.ask "Which deals are at risk?" [--json] [--today 2026-11-25] [--as "Riley Novak"]

Settings come from the ``gong_intel_config`` Airflow Variable or the ``GONG_INTEL_CONFIG`` environment
variable (JSON); the warehouse from the ``snowflake_default`` connection (e.g. ``AIRFLOW_CONN_SNOWFLAKE_DEFAULT``
or a secrets backend). The answer goes to stdout; every log line goes to stderr, so ``--json`` output can be
piped into another program. On the local stack, ``make ask Q=...`` wraps this with the demo's warehouse.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from datetime import date

EXIT_NOT_CONFIGURED = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gong-ask", description="Ask the Gong calls a question.")
    parser.add_argument("question", nargs="+", help="the question, e.g. 'Which deals are at risk?'")
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.add_argument(
        "--today", type=date.fromisoformat, help="the current date (YYYY-MM-DD) for time words"
    )
    parser.add_argument(
        "--as",
        dest="asker",
        metavar="NAME",
        help="who is asking (a rep's full name or email): 'my calls' are then theirs",
    )
    parser.add_argument("--verbose", action="store_true", help="log at INFO level (to stderr)")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    out = sys.stdout
    # Airflow and the warehouse client may print to stdout while they load; only the answer belongs there.
    with contextlib.redirect_stdout(sys.stderr):
        try:
            text = _answer(" ".join(args.question), today=args.today, as_json=args.json, asker=args.asker)
        except _NotConfigured as e:
            print(f"gong-ask: {e}", file=sys.stderr)
            return EXIT_NOT_CONFIGURED
    print(text, file=out)
    return 0


class _NotConfigured(Exception):
    pass


def _answer(question: str, *, today: date | None, as_json: bool, asker: str | None = None) -> str:
    from airflow.exceptions import AirflowNotFoundException

    from include.gong_intel.ask.engine import ask
    from include.gong_intel.ask.render import render_text
    from include.gong_intel.config import ConfigError, ConfigUnavailableError

    try:
        answer = ask(question, today=today, asker=asker)
    except AirflowNotFoundException as e:
        raise _NotConfigured(
            f"{e}. Point the warehouse connection at Snowflake (e.g. AIRFLOW_CONN_SNOWFLAKE_DEFAULT or a "
            "secrets backend); on the local stack run `make demo` once, then `make ask Q=...`."
        ) from None
    except (ConfigError, ConfigUnavailableError) as e:
        raise _NotConfigured(str(e)) from None
    return json.dumps(answer.to_dict(), indent=2, default=str) if as_json else render_text(answer)


if __name__ == "__main__":
    sys.exit(main())
