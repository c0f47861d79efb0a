"""The documented analyst views in ``include/sql/views`` and the function that (re)creates them.

The views are the SQL face of the query layer: the ask engine reads them too, so an answer and an analyst's
own query over the same view agree. Views hold no data; recreating them is cheap and idempotent.
"""

from __future__ import annotations

import logging
from typing import Any

from include.gong_intel.ask.vocabulary import PRICING_THEMES, TOPIC_BY_NAME
from include.gong_intel.config import STG_SCHEMA
from include.gong_intel.enrich.records import SENTIMENT_NEUTRAL_BAND
from include.gong_intel.warehouse.sql import SQL_DIR, render

log = logging.getLogger(__name__)

VIEW_NAMES = (
    "V_CALL_RISKS",
    "V_NEGATIVE_CALLS",
    "V_PRICING_MENTIONS",
    "V_OBJECTION_RESPONSES",
    "V_REP_COACHING_METRICS",
    "V_DEAL_RISK",
)

# Thresholds shared by the views and the engine's wording; documented in the view files. Negative and positive
# sentiment follow the configured ``sentiment_band`` (the band the engines label calls with and Ask filters by).
COACHING_THRESHOLDS: dict[str, float] = {
    "talk_ratio_low": 0.4,
    "talk_ratio_high": 0.6,
    "monologue_max_s": 150,
    "min_questions": 3,
    "min_call_s_for_questions": 600,
    "reply_window_ms": 120_000,
    "min_reply_words": 12,
}


def sql_string(value: str) -> str:
    """Body of a Snowflake single-quoted literal (quotes doubled; backslashes escaped, as Snowflake reads them)."""
    return value.replace("\\", "\\\\").replace("'", "''")


def full_match(pattern: str) -> str:
    """Snowflake's REGEXP_LIKE matches the whole subject; wrap a search pattern accordingly."""
    return f".*({pattern}).*"


def view_context(sentiment_band: float = SENTIMENT_NEUTRAL_BAND) -> dict[str, Any]:
    """Constants rendered into the view files (code-owned or validated configuration, never user input)."""
    themes = [
        {"sql_name": sql_string(t.name), "sql_pattern": sql_string(full_match(t.pattern))}
        for t in PRICING_THEMES
    ]
    return {
        "negative_threshold": -float(sentiment_band),
        "pricing_themes": themes,
        "pricing_pattern": sql_string(full_match(TOPIC_BY_NAME["pricing"].pattern)),
        **COACHING_THRESHOLDS,
    }


def view_files() -> list[str]:
    """View files relative to ``include/sql``, in dependency order (file name order)."""
    return [f"views/{p.name}" for p in sorted((SQL_DIR / "views").glob("*.sql"))]


def view_fqn(settings: Any, name: str) -> str:
    return f"{settings.tables.schema(STG_SCHEMA)}.{name}"


def create_views(hook: Any, settings: Any) -> list[str]:
    """Create or replace every analyst view in ``STG_TRANSFORMED``; safe to run any number of times.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook` (needs CREATE VIEW on the schema).
    :param settings: the run's :class:`~include.gong_intel.config.Settings`.
    :return: fully qualified names of the views created.
    """
    context = view_context(settings.sentiment_band)
    for path in view_files():
        hook.run(render(path, settings, emulator=hook.is_emulator, **context), split_statements=True)
        log.info("created view from %s", path)
    return [view_fqn(settings, name) for name in VIEW_NAMES]
