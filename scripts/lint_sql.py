"""Lint the SQL in include/sql exactly as production runs it.

Each file is rendered with the production dialect (Snowflake, not the emulator) through the project's own
renderer; bind parameters (``%(name)s``, or Snowflake's ``:name``) are replaced by a literal, as the
server would bind one, and the result is linted by sqlfluff.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from include.gong_intel.config import Settings
from include.gong_intel.warehouse.sql import SQL_DIR, render
from scripts.sql_samples import sample_context

_PYFORMAT = re.compile(r"%\((\w+)\)s")
_NAMED = re.compile(r"(?<=[\s(,=<>]):([A-Za-z_]\w*)")


def bind_placeholders(sql: str) -> str:
    return _NAMED.sub("'?'", _PYFORMAT.sub("'?'", sql))


def main() -> int:
    from sqlfluff.core import FluffConfig, Linter

    config = FluffConfig.from_path(str(SQL_DIR.parents[1]), overrides={"templater": "raw"})
    linter = Linter(config=config)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        context = sample_context()
        for path in sorted(SQL_DIR.rglob("*.sql")):
            rel = path.relative_to(SQL_DIR).as_posix()
            rendered = bind_placeholders(render(rel, Settings(), emulator=False, **context))
            out = Path(tmp) / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(rendered)
            result = linter.lint_string(rendered, fname=rel)
            for violation in result.get_violations():
                failures += 1
                print(
                    f"{rel}:{violation.line_no}:{violation.line_pos}: {violation.rule_code()} {violation.desc()}"
                )
    print(f"sqlfluff: {failures} violation(s) in {SQL_DIR}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
