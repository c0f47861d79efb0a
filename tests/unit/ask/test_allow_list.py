import sqlglot
from sqlglot import exp

from include.gong_intel.ask.queries import ALLOWED_RELATIONS
from include.gong_intel.config import Settings
from include.gong_intel.warehouse.sql import SQL_DIR, render


def test_ask_templates_read_only_allow_listed_relations():
    settings = Settings(database="DB")
    for path in sorted((SQL_DIR / "ask").glob("*.sql")):
        sql = render(
            f"ask/{path.name}", settings, emulator=False, has_time=True, n_reps=1, n_accounts=1, n_risks=1
        )
        tree = sqlglot.parse_one(sql, read="snowflake")
        assert isinstance(tree, exp.Query), path.name
        ctes = {c.alias_or_name.upper() for c in tree.find_all(exp.CTE)}
        for table in tree.find_all(exp.Table):
            if table.name.upper() in ctes or not table.name:
                continue
            assert table.catalog == "DB", (path.name, table.sql())
            assert (table.db.upper(), table.name.upper()) in ALLOWED_RELATIONS, (path.name, table.sql())
