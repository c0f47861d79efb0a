import re

import sqlglot
from sqlglot import exp

from include.gong_intel.ask.queries import ALLOWED_RELATIONS
from include.gong_intel.config import Settings
from include.gong_intel.warehouse.sql import SQL_DIR, render
from scripts.lint_sql import bind_placeholders


def test_ask_templates_read_only_allow_listed_relations():
    settings = Settings(database="DB")
    for path in sorted((SQL_DIR / "ask").glob("*.sql")):
        sql = render(
            f"ask/{path.name}", settings, emulator=False, has_time=True, n_reps=1, n_accounts=1, n_risks=1
        )
        tree = sqlglot.parse_one(bind_placeholders(sql), read="snowflake")
        assert isinstance(tree, exp.Query), path.name
        ctes = {c.alias_or_name.upper() for c in tree.find_all(exp.CTE)}
        for table in tree.find_all(exp.Table):
            if table.name.upper() in ctes or not table.name:
                continue
            assert table.catalog == "DB", (path.name, table.sql())
            assert (table.db.upper(), table.name.upper()) in ALLOWED_RELATIONS, (path.name, table.sql())


def test_ask_templates_bind_values_in_pyformat_only():
    from include.gong_intel.ask.queries import bind_names

    settings = Settings(database="DB")
    for path in sorted((SQL_DIR / "ask").glob("*.sql")):
        sql = render(
            f"ask/{path.name}",
            settings,
            emulator=False,
            has_time=True,
            n_reps=2,
            n_accounts=1,
            n_risks=1,
            n_ids=2,
        )
        # The connector's pyformat is the only bind style: a Snowflake-style ":name" would reach the server unbound.
        assert not re.search(r"(?<![\w:]):[a-z_]+", sql.split("\n", 1)[1]), path.name
        assert all(re.fullmatch(r"[a-z_]+(_[0-9]+)?", name) for name in bind_names(sql)), path.name
    filters = render(
        "ask/calls.sql", settings, emulator=False, has_time=True, n_reps=2, n_accounts=1, n_risks=1
    )
    assert {"start_utc", "end_utc", "rep_0", "rep_1", "account_0", "risk_0"} == bind_names(filters)
