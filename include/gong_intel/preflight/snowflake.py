"""Snowflake preflight: login, role, the four schemas, and the privileges the pipeline and the query role need.

Privileges are checked by doing: a statement that needs the privilege and touches no row (``SELECT ... LIMIT
0``, ``INSERT ... SELECT ... WHERE 1 = 0``, ``UPDATE/DELETE ... WHERE 1 = 0``). Snowflake checks privileges
when it compiles a statement, so this proves exactly what the pipeline's own statements will need, on Snowflake
and on the local emulator alike, without reading a grant table the role may not see. The read-only query
role (``query_role`` in ``gong_intel_config``, used by the Ask page) is checked from ``SHOW GRANTS TO ROLE``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from include.gong_intel.config import MEMORY_SCHEMA, RAW_SCHEMA, SCHEMAS, STG_SCHEMA, Settings
from include.gong_intel.preflight.results import CheckResult, fail, ok, skip

SYSTEM = "snowflake"
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")
# Connector error numbers (Snowflake's documented login and SQL errors).
BAD_CREDENTIALS = 390100
ROLE_NOT_GRANTED = (390189, 390186)
OBJECT_MISSING = 2003
INSUFFICIENT_PRIVILEGES = 3001
# The relations the Ask page reads through the query role.
QUERY_ROLE_TABLES = ("stg_users", "stg_calls", "stg_transcripts", "memory_chunks")


def _errno(e: BaseException) -> int | None:
    value = getattr(e, "errno", None)
    return value if isinstance(value, int) else None


def _msg(e: BaseException) -> str:
    # The connector's messages carry no credentials; keep the first line.
    text = str(getattr(e, "msg", None) or e).strip().splitlines()
    return text[0][:300] if text else type(e).__name__


def check_snowflake(settings: Settings, hook_factory: Callable[[], Any] | None = None) -> list[CheckResult]:
    """Every Snowflake check, in order; later checks are skipped when login fails.

    :param settings: the configured environment's settings (database, ingest mode, query role).
    :param hook_factory: builds the :class:`~include.gong_intel.warehouse.hook.WarehouseHook` (tests inject
        one whose connector fails as Snowflake does).
    """
    if hook_factory is None:
        from include.gong_intel.warehouse.hook import WarehouseHook

        def hook_factory() -> Any:
            return WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)

    conn_id = settings.snowflake_conn_id
    try:
        hook = hook_factory()
        connection = hook.get_connection(conn_id)
        extra = connection.extra_dejson
        user = connection.login or ""
        conn = hook.get_conn()
    except Exception as e:
        return [_login_failure(e, conn_id)]
    results: list[CheckResult] = []
    try:
        cur = conn.cursor()
        cur.execute("SELECT CURRENT_USER(), CURRENT_ROLE()")
        current_user, current_role = cur.fetchone()
        results.append(
            ok(SYSTEM, "login", f"logged in as {current_user} (warehouse {extra.get('warehouse')})")
        )
        results.append(_role(hook, extra, user, current_role))
        schemas = _schemas(cur, settings, current_role)
        results.append(schemas)
        if schemas.failed:
            results.append(skip(SYSTEM, "pipeline grants", "blocked by missing schemas"))
        else:
            results.append(_pipeline_grants(cur, settings, current_role))
        results.append(_query_role(cur, settings, emulator=bool(getattr(hook, "is_emulator", False))))
        return results
    except Exception as e:
        errno = _errno(e)
        return [
            *results,
            fail(
                SYSTEM,
                "query",
                f"a check query failed: {type(e).__name__}{f' {errno}' if errno else ''}: {_msg(e)}",
                "run the preflight again; if it persists, check the warehouse and the role's privileges",
            ),
        ]
    finally:
        conn.close()


def _login_failure(e: BaseException, conn_id: str) -> CheckResult:
    errno = _errno(e)
    if errno == BAD_CREDENTIALS:
        return fail(
            SYSTEM,
            "login",
            f"Snowflake rejected the user name or password of {conn_id!r} ({errno})",
            "set snowflake_user and snowflake_password (or snowflake_private_key) in Pulumi ESC, or the "
            "connection's login and password",
        )
    if errno in ROLE_NOT_GRANTED:
        return fail(
            SYSTEM,
            "login",
            f"the role in {conn_id!r} is not granted to its user ({errno}: {_msg(e)})",
            "GRANT ROLE <snowflake_role> TO USER <snowflake_user>, or correct snowflake_role",
        )
    return fail(
        SYSTEM,
        "login",
        f"cannot log in with {conn_id!r}: {type(e).__name__}{f' {errno}' if errno else ''}: {_msg(e)}",
        "check snowflake_account, snowflake_user and snowflake_warehouse in Pulumi ESC (or the connection)",
    )


def _role(hook: Any, extra: dict[str, Any], user: str, current_role: str | None) -> CheckResult:
    if getattr(hook, "is_emulator", False):
        return skip(SYSTEM, "role", "the local emulator has no roles")
    expected = str(extra.get("role") or "").upper()
    if not expected:
        return fail(
            SYSTEM,
            "role",
            f"no role configured; the session runs as the user's default role {current_role}",
            "set snowflake_role in Pulumi ESC (the connection's extra 'role') to the pipeline's role",
        )
    if str(current_role or "").upper() != expected:
        return fail(
            SYSTEM,
            "role",
            f"the session runs as {current_role}, not {expected}",
            f"GRANT ROLE {expected} TO USER {user or '<snowflake_user>'}",
        )
    return ok(SYSTEM, "role", f"session role is {expected}")


def _schemas(cur: Any, settings: Settings, role: str | None) -> CheckResult:
    db = settings.database
    try:
        cur.execute(f"SELECT schema_name FROM {db}.INFORMATION_SCHEMA.SCHEMATA")  # noqa: S608 - db is a checked identifier
        found = {str(r[0]).upper() for r in cur.fetchall()}
    except Exception as e:
        if _errno(e) == OBJECT_MISSING:
            return fail(
                SYSTEM,
                "schemas",
                f"database {db} does not exist or role {role} cannot use it",
                f"run the gong_setup DAG (creates it), or GRANT USAGE ON DATABASE {db} TO ROLE {role}",
            )
        raise
    missing = [s for s in SCHEMAS if s not in found]
    if missing:
        names = ", ".join(f"{db}.{s}" for s in missing)
        return fail(
            SYSTEM,
            "schemas",
            f"missing or not visible to role {role}: {names}",
            f"run the gong_setup DAG (creates them), or GRANT USAGE ON SCHEMA <schema> TO ROLE {role} for each",
        )
    return ok(SYSTEM, "schemas", f"{', '.join(SCHEMAS)} present in {db}")


def _first_columns(cur: Any, db: str) -> dict[tuple[str, str], str]:
    cur.execute(
        f"SELECT table_schema, table_name, column_name FROM {db}.INFORMATION_SCHEMA.COLUMNS "  # noqa: S608
        "WHERE ordinal_position = 1"
    )
    return {(str(s).upper(), str(t).upper()): str(c) for s, t, c in cur.fetchall()}


def required_privileges(settings: Settings) -> dict[str, tuple[str, ...]]:
    """Table key (``config.Tables``) -> the privileges the daily pipeline needs on it."""
    out: dict[str, tuple[str, ...]] = {}
    for key, fqn in settings.tables.all().items():
        schema = fqn.split(".")[1]
        if schema == RAW_SCHEMA:
            # Airbyte lands RAW_AIRBYTE with its own role; in gong_api mode the pipeline lands it itself.
            out[key] = ("SELECT", "INSERT", "DELETE") if settings.ingest_mode == "gong_api" else ("SELECT",)
        else:
            out[key] = ("SELECT", "INSERT", "UPDATE", "DELETE")
    return out


def _probe(privilege: str, fqn: str, column: str | None) -> str:
    if privilege == "SELECT":
        return f"SELECT 1 FROM {fqn} LIMIT 0"  # noqa: S608 - identifiers from config.Tables
    if privilege == "INSERT":
        return f"INSERT INTO {fqn} SELECT * FROM {fqn} WHERE 1 = 0"  # noqa: S608
    if privilege == "UPDATE":
        col = column if column and _IDENT.match(column) else f'"{column}"'
        return f"UPDATE {fqn} SET {col} = {col} WHERE 1 = 0"  # noqa: S608
    return f"DELETE FROM {fqn} WHERE 1 = 0"  # noqa: S608


def _pipeline_grants(cur: Any, settings: Settings, role: str | None) -> CheckResult:
    columns = _first_columns(cur, settings.database)
    problems: list[str] = []
    fixes: list[str] = []
    checked = 0
    for key, privileges in required_privileges(settings).items():
        fqn = getattr(settings.tables, key)
        _, schema, table = fqn.split(".")
        column = columns.get((schema, table))
        if column is None:
            problems.append(f"{fqn} missing")
            fixes.append("run the gong_setup DAG")
            continue
        for privilege in privileges:
            checked += 1
            try:
                cur.execute(_probe(privilege, fqn, column))
                cur.fetchall()
            except Exception as e:
                errno = _errno(e)
                if errno not in (OBJECT_MISSING, INSUFFICIENT_PRIVILEGES):
                    raise
                problems.append(f"{privilege} on {fqn}")
                fixes.append(f"GRANT {privilege} ON TABLE {fqn} TO ROLE {role}")
    if problems:
        return fail(
            SYSTEM,
            "pipeline grants",
            f"role {role} lacks {len(problems)} of the pipeline's privileges: {'; '.join(problems[:6])}"
            + (" …" if len(problems) > 6 else ""),
            "; ".join(dict.fromkeys(fixes[:6])),
        )
    return ok(SYSTEM, "pipeline grants", f"{checked} privileges on {len(columns)} tables verified")


def _query_role(cur: Any, settings: Settings, *, emulator: bool) -> CheckResult:
    role = settings.query_role
    if not role:
        return skip(SYSTEM, "query role grants", "no query_role in gong_intel_config")
    if emulator:
        return skip(SYSTEM, "query role grants", "the local emulator has no roles or grants")
    if not _IDENT.match(role):
        return fail(SYSTEM, "query role grants", f"query_role {role!r} is not a plain identifier", "fix it")
    cur.execute(f"SHOW GRANTS TO ROLE {role}")
    names = [d[0].lower() for d in cur.description]
    grants = {
        (
            str(row["privilege"]).upper(),
            str(row["granted_on"]).upper(),
            str(row["name"]).upper().replace('"', ""),
        )
        for row in (dict(zip(names, r, strict=False)) for r in cur.fetchall())
    }
    return query_role_result(settings, grants)


def query_role_result(settings: Settings, grants: set[tuple[str, str, str]]) -> CheckResult:
    """Compare ``(privilege, granted_on, name)`` grants with what the Ask page reads."""
    db = settings.database
    needed = [("USAGE", "DATABASE", db)]
    needed += [("USAGE", "SCHEMA", f"{db}.{s}") for s in (STG_SCHEMA, MEMORY_SCHEMA)]
    needed += [("SELECT", "TABLE", getattr(settings.tables, k)) for k in QUERY_ROLE_TABLES]
    missing = [n for n in needed if n not in grants]
    role = settings.query_role
    if missing:
        return fail(
            SYSTEM,
            "query role grants",
            f"role {role} lacks {', '.join(f'{p} on {o.lower()} {n}' for p, o, n in missing)}",
            "; ".join(f"GRANT {p} ON {o} {n} TO ROLE {role}" for p, o, n in missing),
        )
    writes = sorted(
        {p for p, _, n in grants if n.startswith(f"{db}.") and p in ("INSERT", "UPDATE", "DELETE")}
    )
    if writes:
        return fail(
            SYSTEM,
            "query role grants",
            f"role {role} can {', '.join(writes)} in {db}; the query role must be read-only",
            f"REVOKE {', '.join(writes)} ON ALL TABLES IN DATABASE {db} FROM ROLE {role}",
        )
    return ok(
        SYSTEM, "query role grants", f"role {role} can read {len(QUERY_ROLE_TABLES)} relations, no writes"
    )
