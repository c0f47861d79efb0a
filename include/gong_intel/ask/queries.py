"""Compile a plan onto the fixed query templates in ``include/sql/ask`` and run them read-only.

Safety by construction:

* SQL text comes only from the templates in ``include/sql/ask``; a plan contributes booleans/counts that pick
  template branches and values that are bound as parameters — never text spliced into SQL.
* The templates read only the allow-listed relations in :data:`ALLOWED_RELATIONS` (a unit test parses every
  template and checks it), and :func:`ensure_read_only` refuses any statement that is not a single SELECT.
* In production the ask connection should use a role with SELECT only on those relations, e.g.::

      CREATE ROLE GONG_ASK_READER;
      GRANT USAGE ON DATABASE SOPHIA_AI_PROD TO ROLE GONG_ASK_READER;
      GRANT USAGE ON SCHEMA SOPHIA_AI_PROD.STG_TRANSFORMED TO ROLE GONG_ASK_READER;
      GRANT USAGE ON SCHEMA SOPHIA_AI_PROD.AI_MEMORY TO ROLE GONG_ASK_READER;
      GRANT SELECT ON ALL TABLES IN SCHEMA SOPHIA_AI_PROD.STG_TRANSFORMED TO ROLE GONG_ASK_READER;
      GRANT SELECT ON ALL VIEWS IN SCHEMA SOPHIA_AI_PROD.STG_TRANSFORMED TO ROLE GONG_ASK_READER;
      GRANT SELECT ON TABLE SOPHIA_AI_PROD.AI_MEMORY.TRANSCRIPT_CHUNKS TO ROLE GONG_ASK_READER;

Templates spell bind parameters in the connector's pyformat (``%(name)s``), like the rest of ``include/sql``;
a template that names a parameter the caller did not supply fails loudly instead of reaching the warehouse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from include.gong_intel.ask.records import QueryPlan
from include.gong_intel.config import MEMORY_SCHEMA, STG_SCHEMA
from include.gong_intel.enrich.records import SENTIMENT_NEUTRAL_BAND
from include.gong_intel.warehouse.sql import render

# (schema, relation) pairs the ask layer may read; everything else is out of scope.
ALLOWED_RELATIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (STG_SCHEMA, "STG_GONG_CALLS"),
        (STG_SCHEMA, "STG_GONG_CALL_TRANSCRIPTS"),
        (STG_SCHEMA, "STG_GONG_USERS"),  # names and managers only: "Priya's team" (ask/catalog.sql)
        (STG_SCHEMA, "V_CALL_RISKS"),
        (STG_SCHEMA, "V_NEGATIVE_CALLS"),
        (STG_SCHEMA, "V_PRICING_MENTIONS"),
        (STG_SCHEMA, "V_OBJECTION_RESPONSES"),
        (STG_SCHEMA, "V_REP_COACHING_METRICS"),
        (STG_SCHEMA, "V_DEAL_RISK"),
        (MEMORY_SCHEMA, "TRANSCRIPT_CHUNKS"),
    }
)

_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)


class UnsafeQuery(RuntimeError):
    """A statement other than one SELECT, or one missing its bind values, reached the query runner.

    Always a bug in a template or its caller, never user input.
    """


def ensure_read_only(sql: str) -> str:
    """Return ``sql`` if it is exactly one SELECT (or WITH ... SELECT) statement; raise otherwise."""
    body = _COMMENT.sub(" ", sql).strip().rstrip(";").strip()
    if ";" in body:
        raise UnsafeQuery("more than one statement")
    first = body.split(None, 1)[0].upper() if body else ""
    if first not in ("SELECT", "WITH"):
        raise UnsafeQuery(f"only SELECT is allowed, got {first or 'nothing'}")
    if re.search(
        r"\b(INSERT|UPDATE|DELETE|MERGE|DROP|CREATE|ALTER|TRUNCATE|GRANT|REVOKE|CALL|PUT|COPY)\b", body, re.I
    ):
        raise UnsafeQuery("statement contains a write keyword")
    return sql


_PYFORMAT = re.compile(r"%\((\w+)\)s")


def bind_names(sql: str) -> set[str]:
    """Names of the ``%(name)s`` bind parameters in ``sql``."""
    return set(_PYFORMAT.findall(sql))


def plan_context(
    plan: QueryPlan, sentiment_band: float = SENTIMENT_NEUTRAL_BAND
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Template flags and bind parameters for the filters every call-scoped query shares (negative and
    positive beyond ``sentiment_band``, the configured band)."""
    context: dict[str, Any] = {
        "has_time": plan.time_range is not None,
        "n_reps": len(plan.reps),
        "n_accounts": len(plan.accounts),
        "n_risks": len(plan.risk_types),
        "n_speaker": len(plan.speakers),
        "sentiment": plan.sentiment,
        "negative_threshold": -float(sentiment_band),
        "positive_threshold": float(sentiment_band),
        "limit": int(plan.limit),
    }
    params: dict[str, Any] = {}
    if plan.time_range is not None:
        params["start_utc"] = plan.time_range.start_utc.isoformat(sep=" ")
        params["end_utc"] = plan.time_range.end_utc.isoformat(sep=" ")
    params.update({f"rep_{i}": v for i, v in enumerate(plan.reps)})
    params.update({f"account_{i}": v for i, v in enumerate(plan.accounts)})
    params.update({f"risk_{i}": v for i, v in enumerate(plan.risk_types)})
    params.update({f"speaker_{i}": v for i, v in enumerate(plan.speakers)})
    return context, params


def run_query(
    hook: Any, settings: Any, path: str, params: Mapping[str, Any], **context: Any
) -> list[dict[str, Any]]:
    """Render ``include/sql/<path>``, check it is read-only, bind ``params`` and return rows as dicts.

    :param hook: a WarehouseHook (``is_emulator`` picks the dialect spelling).
    :param path: template path relative to ``include/sql`` (always one of ``ask/*.sql``).
    """
    sql = ensure_read_only(render(path, settings, emulator=hook.is_emulator, **context))
    missing = bind_names(sql) - set(params)
    if missing:
        raise UnsafeQuery(f"{path} needs bind parameters {sorted(missing)} that were not supplied")
    conn = hook.get_conn()
    try:
        with conn.cursor() as cur:
            cur.execute(sql, dict(params))
            names = [d[0].upper() for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        conn.close()
