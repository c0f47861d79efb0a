"""Lint the SQL in include/sql exactly as production runs it.

Each file is rendered with the production dialect (Snowflake, not the emulator) through the project's own
renderer, then handed to sqlfluff with the placeholder templater for the ``%(name)s`` bind parameters.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from include.gong_intel.config import Settings
from include.gong_intel.warehouse.sql import SQL_DIR, render

CONTEXT = {
    "data_interval_start": "2026-01-01T00:00:00+00:00",
    "data_interval_end": "2026-01-02T00:00:00+00:00",
    "run_id": "scheduled__2026-01-01",
    "params": {},
}


def main() -> int:
    from sqlfluff.core import FluffConfig, Linter

    config = FluffConfig.from_path(str(SQL_DIR.parents[1]), overrides={"templater": "placeholder"})
    config.set_value(["templater", "placeholder", "param_style"], "pyformat")
    linter = Linter(config=config)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(SQL_DIR.rglob("*.sql")):
            rel = path.relative_to(SQL_DIR).as_posix()
            rendered = render(rel, Settings(), emulator=False, **CONTEXT)
            out = Path(tmp) / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(rendered)
            result = linter.lint_string(rendered, fname=rel)
            for violation in result.get_violations():
                failures += 1
                print(f"{rel}:{violation.line_no}:{violation.line_pos}: {violation.rule_code()} {violation.desc()}")
    print(f"sqlfluff: {failures} violation(s) in {SQL_DIR}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
