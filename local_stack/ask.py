"""Ask the local warehouse the demo built: ``make ask Q="..."`` after ``make demo``.

    python -m local_stack.ask [--data-dir .local] "Which deals are at risk?" [--json] [--today YYYY-MM-DD]

The demo's warehouse server is gone when the demo ends; this starts the emulator again on the same files
(on a free 127.0.0.1 port), points ``snowflake_default`` and the ``gong_intel_config`` Variable at it the way
the demo did, and runs the product's own CLI (``python -m include.gong_intel.ask``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG_FILE = "gong_intel_config.json"
EXIT_NO_WAREHOUSE = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Ask the local warehouse built by `make demo`.")
    parser.add_argument("--data-dir", default=str(ROOT / ".local"))
    args, rest = parser.parse_known_args(argv)
    data_dir = Path(args.data_dir).resolve()
    if not (data_dir / "warehouse").is_dir():
        print(
            f"No local warehouse at {data_dir / 'warehouse'} yet: run `make demo` first "
            "(it builds one from a generated Gong tenant), then ask again.",
            file=sys.stderr,
        )
        return EXIT_NO_WAREHOUSE
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    config_path = data_dir / CONFIG_FILE
    config = config_path.read_text() if config_path.exists() else json.dumps({"env": "local"})

    from local_stack.warehouse import LocalWarehouse

    with LocalWarehouse(data_dir / "warehouse") as warehouse:
        os.environ["AIRFLOW_CONN_SNOWFLAKE_DEFAULT"] = json.dumps(warehouse.airflow_connection())
        os.environ["AIRFLOW_VAR_GONG_INTEL_CONFIG"] = config
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from include.gong_intel.ask.__main__ import main as ask_main

        return ask_main(rest)


if __name__ == "__main__":
    sys.exit(main())
