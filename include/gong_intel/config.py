"""One place for names and environments.

Every fully qualified table name and every environment-dependent choice (database, ingest path, enrichment
engine, models) is resolved here. Nothing else hard-codes them.

Settings are read at task run time from the Airflow Variable ``gong_intel_config`` (a JSON object); its
``env`` key picks a profile (``local``, ``dev``, ``prod``) whose defaults the other keys override. This module
is imported by DAG files, so it imports nothing heavy and reads nothing at import time.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

log = logging.getLogger(__name__)

CONFIG_VARIABLE = "gong_intel_config"

RAW_SCHEMA = "RAW_AIRBYTE"
STG_SCHEMA = "STG_TRANSFORMED"
MEMORY_SCHEMA = "AI_MEMORY"
MONITOR_SCHEMA = "PIPELINE_MONITOR"
SCHEMAS = (RAW_SCHEMA, STG_SCHEMA, MEMORY_SCHEMA, MONITOR_SCHEMA)

IngestMode = Literal["airbyte", "gong_api"]


class ConfigError(ValueError):
    """``gong_intel_config`` is malformed or incomplete: a retry would fail the same way."""


class ConfigUnavailableError(RuntimeError):
    """The ``gong_intel_config`` Variable could not be read (secrets backend or API error): worth a retry,
    never a silent fall-back to the local profile."""


EngineName = Literal["local", "cohere"]


@dataclass(frozen=True)
class Settings:
    """Runtime settings of the pipeline; one instance per task run."""

    env: str = "local"
    database: str = "SOPHIA_AI_DEV"
    # Connection ids: the only way secrets reach the code.
    snowflake_conn_id: str = "snowflake_default"
    gong_conn_id: str = "gong_default"
    airbyte_conn_id: str = "airbyte_default"
    cohere_conn_id: str = "cohere_default"
    slack_conn_id: str = "slack_alerts"
    # The read-only Snowflake role the Ask page's queries run as (see ask/queries.py); the preflight checks
    # its grants. Empty: not checked.
    query_role: str = ""
    # Ingest: "airbyte" triggers the Airbyte connection; "gong_api" lands the same tables from the Gong API.
    ingest_mode: IngestMode = "gong_api"
    # The Airbyte connection the daily run syncs; `gong_setup` creates it in `airbyte_workspace_id` and logs
    # its id, so only the workspace is needed before the first setup.
    airbyte_connection_id: str = ""
    airbyte_workspace_id: str = ""
    ingest_lookback_days: int = 3
    ingest_initial_days: int = 90
    # Late transcripts: landed calls still without a transcript this many hours after they started are asked
    # for again by id (Gong finishes transcripts after the call appears), for up to max_age_days.
    late_transcript_delay_hours: float = 6.0
    late_transcript_max_age_days: int = 30
    # Enrichment.
    enrich_engine: EngineName = "local"
    chat_model: str = "command-a-03-2025"
    embed_model: str = "embed-v4.0"
    embedding_dim: int = 384
    embedding_backend: str = "minilm"
    # The local engine's call sentiment: "acts" (the call's outcome from its dialogue acts, shaded by how it
    # ends), "ending" (how the call ends alone) or "lexical" (word scores); the first two are read by models
    # fitted on the evaluation corpus's dev half (README "Analysis quality" has them measured).
    call_sentiment: str = "acts"
    enrich_batch_size: int = 25
    # Characters per AI_MEMORY passage (transcript chunk). Not the chat request budget of the Cohere engine
    # (EnrichSettings.max_chunk_chars), which keeps its own default.
    passage_max_chars: int = 1200
    # Model provider calls: per-request timeout and bounded retries with exponential backoff.
    request_timeout_s: float = 60.0
    max_retries: int = 3
    retry_backoff_s: float = 1.0
    competitors: tuple[str, ...] = ("Chorus", "Clari", "Outreach", "Salesloft", "Revenue.io", "People.ai")
    products: tuple[str, ...] = ("Insights Cloud", "Forecast Pro", "Deal Desk", "Coaching Studio")
    # Systems the products connect to and customers already run (their CRM, conferencing, messaging, the
    # spreadsheets and BI tools reports are exported to): a customer naming one ("most of our data lives in
    # Salesforce", "we pull it into Power BI") describes its own stack, never a competitor.
    # Per vendor: a BI vendor would list its competitors' BI tools under competitors, not here.
    partners: tuple[str, ...] = (
        "Salesforce",
        "HubSpot",
        "Microsoft Dynamics",
        "Microsoft Teams",
        "Zoom",
        "Google Meet",
        "Webex",
        "Slack",
        "Excel",
        "Google Sheets",
        "Power BI",
        "Tableau",
        "Looker",
    )
    # Quality and alerting.
    dq_max_failure_ratio: float = 0.2
    # Calls validated per batch by validate_raw/validate_staged: bounds the rows held in memory (about
    # 0.45 MiB per call with its transcript).
    validate_batch_calls: int = 500
    daily_digest: bool = True
    timezone: str = "UTC"
    # First month (1-12) of the fiscal year: "Q4", "this quarter" and quarterly groupings in questions follow it.
    fiscal_year_start_month: int = 1
    # Ask: a call is negative below -sentiment_band, positive above it, neutral in between.
    sentiment_band: float = 0.2
    gong_app_url: str = "https://app.gong.io"

    @property
    def tables(self) -> Tables:
        return Tables(self.database)


# Keys of gong_intel_config that were renamed: old name -> new name. The old name is still read, with a
# warning, so a Variable written for an earlier release keeps working.
RENAMED_KEYS: dict[str, str] = {"max_chunk_chars": "passage_max_chars"}

PROFILES: dict[str, dict[str, Any]] = {
    "local": {},
    "dev": {"ingest_mode": "airbyte", "enrich_engine": "cohere", "embedding_dim": 1024},
    "prod": {
        "database": "SOPHIA_AI_PROD",
        "ingest_mode": "airbyte",
        "enrich_engine": "cohere",
        "embedding_dim": 1024,
    },
}


def settings_from_mapping(raw: Mapping[str, Any]) -> Settings:
    """Build settings from a mapping: the profile named by ``env``, then the explicit keys.

    :param raw: decoded ``gong_intel_config`` Variable (unknown keys are rejected, so typos fail loudly).
    """
    raw = _renamed_keys(raw)
    env = str(raw.get("env", "local"))
    if env not in PROFILES:
        raise ConfigError(f"unknown env {env!r} in {CONFIG_VARIABLE}; expected one of {sorted(PROFILES)}")
    known = {f.name: f for f in fields(Settings)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ConfigError(f"unknown keys in {CONFIG_VARIABLE}: {unknown}")
    merged: dict[str, Any] = {**PROFILES[env], **raw, "env": env}
    for key in ("competitors", "products", "partners"):
        if key in merged:
            merged[key] = tuple(merged[key])
    settings = replace(Settings(), **merged)
    _check(settings)
    return settings


def _renamed_keys(raw: Mapping[str, Any]) -> dict[str, Any]:
    """``raw`` with renamed keys under their new names; an old name logs a deprecation warning."""
    out = dict(raw)
    for old, new in RENAMED_KEYS.items():
        if old not in out:
            continue
        if new in out:
            raise ConfigError(f"{CONFIG_VARIABLE} sets both {old!r} and its new name {new!r}; keep {new!r}")
        log.warning("%s: key %r is deprecated, use %r", CONFIG_VARIABLE, old, new)
        out[new] = out.pop(old)
    return out


def _check(s: Settings) -> None:
    if s.ingest_mode not in ("airbyte", "gong_api"):
        raise ConfigError(f"ingest_mode must be 'airbyte' or 'gong_api', not {s.ingest_mode!r}")
    if s.ingest_mode == "airbyte" and not (s.airbyte_connection_id or s.airbyte_workspace_id):
        raise ConfigError(
            "ingest_mode 'airbyte' needs airbyte_workspace_id (where gong_setup creates the Gong -> Snowflake "
            "connection) or airbyte_connection_id (an existing connection's UUID)"
        )
    if s.call_sentiment not in ("acts", "ending", "lexical"):
        raise ConfigError(f"call_sentiment must be 'acts', 'ending' or 'lexical', not {s.call_sentiment!r}")
    if s.enrich_engine not in ("local", "cohere"):
        raise ConfigError(f"enrich_engine must be 'local' or 'cohere', not {s.enrich_engine!r}")
    if not 0 <= s.sentiment_band < 1:
        raise ConfigError(f"sentiment_band must be in [0, 1), not {s.sentiment_band!r}")
    if not (isinstance(s.fiscal_year_start_month, int) and 1 <= s.fiscal_year_start_month <= 12):
        raise ConfigError(f"fiscal_year_start_month must be 1..12, not {s.fiscal_year_start_month!r}")
    if not s.database.replace("_", "").isalnum():
        raise ConfigError(f"database name {s.database!r} is not a plain identifier")
    if not 0 <= s.dq_max_failure_ratio <= 1:
        raise ConfigError("dq_max_failure_ratio must be within [0, 1]")
    delay, max_age = s.late_transcript_delay_hours, s.late_transcript_max_age_days
    if isinstance(delay, bool) or not isinstance(delay, int | float) or not delay >= 0:
        raise ConfigError(f"late_transcript_delay_hours must be a number >= 0, not {delay!r}")
    if isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 1:
        raise ConfigError(f"late_transcript_max_age_days must be an integer >= 1, not {max_age!r}")
    if isinstance(s.validate_batch_calls, bool) or not isinstance(s.validate_batch_calls, int):
        raise ConfigError(f"validate_batch_calls must be an integer, not {s.validate_batch_calls!r}")
    if s.validate_batch_calls < 1:
        raise ConfigError(f"validate_batch_calls must be at least 1, not {s.validate_batch_calls}")


def load_settings() -> Settings:
    """Read settings at task run time (never at DAG parse time).

    Order: the ``gong_intel_config`` Airflow Variable (through Airflow's secrets backends, environment
    variables and metadata DB), else the ``GONG_INTEL_CONFIG`` environment variable (JSON; for tools run
    outside Airflow), else the local profile. A Variable that cannot be read is an error, never a reason to
    fall back to the local profile: in production that would run against another database.

    :raises ConfigError: the configuration is not valid JSON or not a valid configuration.
    :raises ConfigUnavailableError: the Variable could not be read.
    """
    raw: str | None = os.environ.get("GONG_INTEL_CONFIG")
    try:
        from airflow.sdk import Variable as variables
    except ImportError:  # a tool run without Airflow installed
        variables = None  # type: ignore[misc,assignment]
    if variables is not None:
        try:
            raw = variables.get(CONFIG_VARIABLE, default=None) or raw
        except Exception as e:
            raise ConfigUnavailableError(
                f"could not read the Airflow Variable {CONFIG_VARIABLE}: {type(e).__name__}: {e}"
            ) from e
    try:
        decoded = json.loads(raw) if raw else {}
    except json.JSONDecodeError as e:
        raise ConfigError(f"{CONFIG_VARIABLE} is not valid JSON: {e}") from None
    if not isinstance(decoded, dict):
        raise ConfigError(f"{CONFIG_VARIABLE} must be a JSON object, not {type(decoded).__name__}")
    return settings_from_mapping(decoded)


@dataclass(frozen=True)
class Tables:
    """Fully qualified names of every table and view the pipeline touches."""

    database: str
    _names: Mapping[str, tuple[str, str]] = field(
        default_factory=lambda: {
            "raw_users": (RAW_SCHEMA, "USERS"),
            "raw_calls": (RAW_SCHEMA, "CALLS"),
            "raw_extensive_calls": (RAW_SCHEMA, "EXTENSIVECALLS"),
            "raw_call_transcripts": (RAW_SCHEMA, "CALLTRANSCRIPTS"),
            "stg_users": (STG_SCHEMA, "STG_GONG_USERS"),
            "stg_calls": (STG_SCHEMA, "STG_GONG_CALLS"),
            "stg_transcripts": (STG_SCHEMA, "STG_GONG_CALL_TRANSCRIPTS"),
            "memory_chunks": (MEMORY_SCHEMA, "TRANSCRIPT_CHUNKS"),
            "quarantine": (MONITOR_SCHEMA, "QUARANTINE"),
            "run_steps": (MONITOR_SCHEMA, "RUN_STEPS"),
            "dq_results": (MONITOR_SCHEMA, "DQ_RESULTS"),
            "watermarks": (MONITOR_SCHEMA, "WATERMARKS"),
        },
        repr=False,
    )

    def __getattr__(self, name: str) -> str:
        try:
            schema, table = self._names[name]
        except KeyError:
            raise AttributeError(name) from None
        return f"{self.database}.{schema}.{table}"

    def schema(self, schema: str) -> str:
        return f"{self.database}.{schema}"

    def all(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self._names}
