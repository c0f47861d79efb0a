"""Pandera models of every hand-off, one per stage, named after the warehouse columns they describe.

The chain follows the data:

* ``AirbyteRecord`` -> ``RawExtensiveCall`` / ``RawTranscript``: RAW_AIRBYTE rows as the pipeline reads them
  (Direct-Load layout, semi-structured columns as JSON text or Python objects);
* ``StagedCall`` -> ``EnrichedCall``: STG_TRANSFORMED.STG_GONG_CALLS before and after enrichment;
* ``StagedSegment`` -> ``EnrichedSegment``: STG_TRANSFORMED.STG_GONG_CALL_TRANSCRIPTS before and after;
* ``MemoryChunkRow``: AI_MEMORY.TRANSCRIPT_CHUNKS.

A later stage inherits its parent's columns and checks and tightens the columns it fills (an enriched call
must have a sentiment, a summary, an embedding). Columns that only describe a record are optional in the
staged models (``required=False``), so an enrichment step can validate the frame it produced (keys plus
enrichment columns) as well as a full STG row; whenever such a column is present it is checked.

Checks whose reason needs more than pandera's check name (nested JSON, vectors, row-level comparisons)
are written as *explainers*: a function returning ``None`` for a good value and a short precise reason
otherwise. The pandera check only asks "is the reason None?", and :mod:`.explain` asks the same
explainer again for the reason it records. The embedding dimension depends on the run's settings, so
vector checks are attached by :func:`schema_for` rather than declared on the class.

This module imports pandas and pandera: import it inside tasks, never from a DAG file.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from include.gong_intel.enrich.records import AFFILIATIONS, ENGINES, RISK_TYPES, SEVERITIES, Entities

# Gong ids are strings of up to 20 digits (larger than int64): always compared as text.
GONG_ID_PATTERN = r"^\d{1,20}$"
DIRECTIONS = ("Inbound", "Outbound", "Conference", "Unknown")
SCOPES = ("Internal", "External", "Unknown")
ENTITY_KEYS: tuple[str, ...] = tuple(Entities.__dataclass_fields__)

# Metadata key marking columns that hold an embedding; ``schema_for`` attaches the dimension checks.
VECTOR = "vector"
# Metadata key marking columns that must equal the configured embedding dimension.
EMBEDDING_DIM = "embedding_dim"

_ID_RE = re.compile(GONG_ID_PATTERN)
_MAX_SHOWN = 60

Explainer = Callable[[Any], str | None]

# name -> explainer of one cell value; name -> explainer of one row (a mapping of column -> value).
VALUE_EXPLAINERS: dict[str, Explainer] = {}
ROW_EXPLAINERS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {}
# Row-level check -> the columns it judges (a value that could not be read there is not a second failure).
ROW_CHECK_COLUMNS: dict[str, tuple[str, ...]] = {}


def shown(value: Any) -> str:
    """Render a value for a reason: repr-like, one line, truncated."""
    text = repr(value) if isinstance(value, str) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _explainer(name: str) -> Callable[[Explainer], Explainer]:
    def register(fn: Explainer) -> Explainer:
        VALUE_EXPLAINERS[name] = fn
        return fn

    return register


def _row_explainer(name: str, *columns: str):
    def register(fn):
        ROW_EXPLAINERS[name] = fn
        ROW_CHECK_COLUMNS[name] = columns
        return fn

    return register


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas' NA/NaT (but not for empty containers)."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def parse_json(value: Any) -> Any:
    """Semi-structured cells arrive as JSON text from the warehouse and as Python objects from code."""
    if isinstance(value, (str, bytes, bytearray)):
        return json.loads(value)
    if hasattr(value, "tolist"):  # numpy arrays
        return value.tolist()
    return value


# ------------------------------------------------------------------------------------------ explainers


@_explainer("not_blank")
def explain_not_blank(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"is not text ({type(value).__name__})"
    return "is blank" if not value.strip() else None


def _parse_as(value: Any, kind: type | tuple[type, ...], noun: str) -> tuple[Any, str | None]:
    """Decode a semi-structured value; return it with ``None``, or ``None`` with the reason it is unusable."""
    try:
        parsed = parse_json(value)
    except ValueError:
        return None, f"is not valid JSON: {shown(value)}"
    if not isinstance(parsed, kind):
        return None, f"is not {noun}: {shown(value)}"
    return parsed, None


@_explainer("json_array")
def explain_json_array(value: Any) -> str | None:
    return _parse_as(value, (list, tuple), "a JSON array")[1]


@_explainer("json_object")
def explain_json_object(value: Any) -> str | None:
    return _parse_as(value, dict, "a JSON object")[1]


@_explainer("iso_date")
def explain_iso_date(value: Any) -> str | None:
    if isinstance(value, (date, datetime, pd.Timestamp)):
        return None
    try:
        date.fromisoformat(str(value)[:10])
    except ValueError:
        return f"={shown(value)} is not a date"
    return None


@_explainer("http_url")
def explain_http_url(value: Any) -> str | None:
    text = str(value)
    return None if text.startswith(("https://", "http://")) else f"={shown(value)} is not an http(s) URL"


@_explainer("metadata_id")
def explain_metadata_id(value: Any) -> str | None:
    """RAW EXTENSIVECALLS.METADATA must carry the call id as a string of digits."""
    meta, problem = _parse_as(value, dict, "a JSON object")
    if problem:
        return problem
    call_id = meta.get("id")
    if call_id is None:
        return "has no id"
    # Gong sends a string; a connector may land it as an integer, which the stage keys as the same string.
    if isinstance(call_id, int) and not isinstance(call_id, bool):
        call_id = str(call_id)
    if not isinstance(call_id, str) or not _ID_RE.match(call_id):
        return f"id={shown(call_id)} is not a string of digits"
    return None


@_explainer("monologues")
def explain_monologues(value: Any) -> str | None:
    """RAW CALLTRANSCRIPTS.TRANSCRIPT: monologues ``{speakerId, topic, sentences[{start, end, text}]}``."""
    items, problem = _parse_as(value, (list, tuple), "a JSON array")
    if problem:
        return problem
    for i, mono in enumerate(items):
        if not isinstance(mono, dict):
            return f"[{i}] is not an object"
        sentences = mono.get("sentences")
        if not isinstance(sentences, list):
            return f"[{i}].sentences is not an array"
        for j, sentence in enumerate(sentences):
            where = f"[{i}].sentences[{j}]"
            if not isinstance(sentence, dict):
                return f"{where} is not an object"
            start, end = sentence.get("start"), sentence.get("end")
            if not isinstance(start, (int, float)) or not isinstance(end, (int, float)):
                return f"{where} start/end are not numbers ({shown(start)}, {shown(end)})"
            if start > end:
                return f"{where} start={start} > end={end}"
            if not isinstance(sentence.get("text"), str):
                return f"{where}.text is not text"
    return None


@_explainer("risk_items")
def explain_risk_items(value: Any) -> str | None:
    """RISK_INDICATORS: ``[{type, severity, quote, ...}]`` with known types and severities."""
    items, problem = _parse_as(value, (list, tuple), "a JSON array")
    if problem:
        return problem
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            return f"[{i}] is not an object: {shown(item)}"
        if item.get("type") not in RISK_TYPES:
            return f"[{i}].type={shown(item.get('type'))} is not a known risk type ({', '.join(RISK_TYPES)})"
        if item.get("severity") not in SEVERITIES:
            return f"[{i}].severity={shown(item.get('severity'))} is not one of {'|'.join(SEVERITIES)}"
    return None


@_explainer("topic_items")
def explain_topic_items(value: Any) -> str | None:
    problem = explain_json_array(value)
    if problem:
        return problem
    for i, item in enumerate(parse_json(value)):
        if not isinstance(item, str) or not item.strip():
            return f"[{i}]={shown(item)} is not a non-empty topic label"
    return None


@_explainer("entities")
def explain_entities(value: Any) -> str | None:
    """EXTRACTED_ENTITIES: an object whose keys are entity kinds and whose values are lists of strings."""
    problem = explain_json_object(value)
    if problem:
        return problem
    entities = parse_json(value)
    unknown = sorted(set(entities) - set(ENTITY_KEYS))
    if unknown:
        return f"has unknown keys {unknown} (known: {', '.join(ENTITY_KEYS)})"
    for key, items in entities.items():
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            return f".{key} is not a list of strings: {shown(items)}"
    return None


def explain_vector(value: Any, dim: int) -> str | None:
    """An embedding: a JSON array / list / ndarray of exactly ``dim`` finite numbers."""
    vec, problem = _parse_as(value, (list, tuple), "an array")
    if problem:
        return problem
    if len(vec) != dim:
        return f"has length {len(vec)}, expected {dim}"
    for i, x in enumerate(vec):
        if isinstance(x, bool) or not isinstance(x, (int, float)):
            return f"[{i}]={shown(x)} is not a number"
        if not math.isfinite(x):
            return f"[{i}]={x} is not finite"
    # A zero vector has no direction: its cosine similarity to anything is undefined.
    if not any(vec):
        return "is all zeros"
    return None


def vector_check(dim: int) -> pa.Check:
    return pa.Check(
        lambda v: explain_vector(v, dim) is None,
        element_wise=True,
        name="embedding_shape",
    )


def _null_safe_le(left: Any, right: Any) -> bool:
    # Nullness is checked by the columns' own nullable flags; comparing with a missing value is not a
    # second failure.
    return is_missing(left) or is_missing(right) or left <= right


@_row_explainer("start_le_end", "START_MS", "END_MS")
def explain_start_le_end(row: Mapping[str, Any]) -> str | None:
    start, end = row.get("START_MS"), row.get("END_MS")
    return None if _null_safe_le(start, end) else f"START_MS={start} > END_MS={end}"


@_row_explainer("sentiment_with_transcript", "SENTIMENT_SCORE")
def explain_sentiment_with_transcript(row: Mapping[str, Any]) -> str | None:
    """A call without transcript text has nothing to score (NULL sentiment); a call with one must be scored."""
    has_transcript = row.get("HAS_TRANSCRIPT")
    if is_missing(has_transcript) or not has_transcript or not is_missing(row.get("SENTIMENT_SCORE")):
        return None
    return "SENTIMENT_SCORE is null although the call has a transcript"


@_row_explainer("enriched_hash_matches_source", "SOURCE_HASH", "ENRICHED_SOURCE_HASH")
def explain_enriched_hash(row: Mapping[str, Any]) -> str | None:
    src, enriched = row.get("SOURCE_HASH"), row.get("ENRICHED_SOURCE_HASH")
    if is_missing(src) or is_missing(enriched) or src == enriched:
        return None
    return f"ENRICHED_SOURCE_HASH={shown(enriched)} differs from SOURCE_HASH={shown(src)}"


def _elementwise(name: str) -> Callable[[Any], bool]:
    explain = VALUE_EXPLAINERS[name]
    return lambda value: explain(value) is None


def _rowwise(name: str, df: pd.DataFrame) -> pd.Series:
    explain = ROW_EXPLAINERS[name]
    return pd.Series([explain(row) is None for row in df.to_dict("records")], index=df.index, dtype=bool)


# ------------------------------------------------------------------------------------------------ raw


class AirbyteRecord(pa.DataFrameModel):
    """The metadata every Airbyte Direct-Load table carries."""

    airbyte_raw_id: Series[str] = pa.Field(alias="_AIRBYTE_RAW_ID", str_length={"min_value": 1})
    airbyte_extracted_at: Series[pd.DatetimeTZDtype] = pa.Field(
        alias="_AIRBYTE_EXTRACTED_AT", dtype_kwargs={"unit": "ns", "tz": "UTC"}
    )
    airbyte_meta: Series[object] = pa.Field(alias="_AIRBYTE_META", required=False, nullable=True)
    airbyte_generation_id: Series[pd.Int64Dtype] = pa.Field(
        alias="_AIRBYTE_GENERATION_ID", required=False, nullable=True, ge=0
    )

    class Config:
        strict = True
        coerce = True

    @pa.check("_AIRBYTE_META", name="json_object", element_wise=True)
    def json_object(cls, value: Any) -> bool:
        return explain_json_object(value) is None


class RawExtensiveCall(AirbyteRecord):
    """RAW_AIRBYTE.EXTENSIVECALLS. ``ID`` is read as text: Gong ids exceed int64."""

    ID: Series[str] = pa.Field(nullable=True, str_matches=GONG_ID_PATTERN)
    STARTDATETIME: Series[pd.DatetimeTZDtype] = pa.Field(dtype_kwargs={"unit": "ns", "tz": "UTC"})
    METADATA: Series[object]
    PARTIES: Series[object] = pa.Field(nullable=True)
    CONTENT: Series[object] = pa.Field(nullable=True, required=False)
    INTERACTION: Series[object] = pa.Field(nullable=True, required=False)
    CONTEXT: Series[object] = pa.Field(nullable=True, required=False)
    MEDIA: Series[object] = pa.Field(nullable=True, required=False)
    COLLABORATION: Series[object] = pa.Field(nullable=True, required=False)

    @pa.check("METADATA", name="metadata_id", element_wise=True)
    def metadata_id(cls, value: Any) -> bool:
        return explain_metadata_id(value) is None

    @pa.check("PARTIES", "CONTEXT", name="json_array", element_wise=True)
    def json_array(cls, value: Any) -> bool:
        return explain_json_array(value) is None

    # Overrides AirbyteRecord.json_object (pandera keys inherited checks by method name).
    @pa.check(
        "_AIRBYTE_META",
        "CONTENT",
        "INTERACTION",
        "MEDIA",
        "COLLABORATION",
        name="json_object",
        element_wise=True,
    )
    def json_object(cls, value: Any) -> bool:
        return explain_json_object(value) is None


class RawTranscript(AirbyteRecord):
    """RAW_AIRBYTE.CALLTRANSCRIPTS: one row per call, the monologues in TRANSCRIPT."""

    CALLID: Series[str] = pa.Field(str_matches=GONG_ID_PATTERN)
    STARTED: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs={"unit": "ns", "tz": "UTC"})
    TRANSCRIPT: Series[object]

    @pa.check("TRANSCRIPT", name="monologues", element_wise=True)
    def monologues(cls, value: Any) -> bool:
        return explain_monologues(value) is None


# --------------------------------------------------------------------------------------------- staged

_OPT: dict[str, Any] = {"required": False, "nullable": True}


class StagedCall(pa.DataFrameModel):
    """STG_TRANSFORMED.STG_GONG_CALLS as the transform leaves it (enrichment columns may be empty)."""

    CALL_ID: Series[str] = pa.Field(str_matches=GONG_ID_PATTERN, unique=True)
    TITLE: Series[str] = pa.Field(**_OPT)
    CALL_DATETIME_UTC: Series[pa.DateTime]
    SCHEDULED_DATETIME_UTC: Series[pa.DateTime] = pa.Field(**_OPT)
    DURATION_SECONDS: Series[pd.Int64Dtype] = pa.Field(ge=0, **_OPT)
    DIRECTION: Series[str] = pa.Field(isin=DIRECTIONS, **_OPT)
    SYSTEM: Series[str] = pa.Field(**_OPT)
    SCOPE: Series[str] = pa.Field(isin=SCOPES, **_OPT)
    MEDIA: Series[str] = pa.Field(**_OPT)
    LANGUAGE: Series[str] = pa.Field(**_OPT)
    PURPOSE: Series[str] = pa.Field(**_OPT)
    CALL_URL: Series[str] = pa.Field(**_OPT)
    WORKSPACE_ID: Series[str] = pa.Field(**_OPT)
    PRIMARY_USER_ID: Series[str] = pa.Field(**_OPT)
    PRIMARY_USER_NAME: Series[str] = pa.Field(**_OPT)
    PRIMARY_USER_EMAIL: Series[str] = pa.Field(**_OPT)
    PRIMARY_USER_MANAGER_ID: Series[str] = pa.Field(**_OPT)
    INTERNAL_PARTICIPANTS: Series[object] = pa.Field(**_OPT)
    EXTERNAL_PARTICIPANTS: Series[object] = pa.Field(**_OPT)
    EXTERNAL_COMPANIES: Series[object] = pa.Field(**_OPT)
    EXTERNAL_PARTICIPANT_COUNT: Series[pd.Int64Dtype] = pa.Field(ge=0, **_OPT)
    CRM_SYSTEM: Series[str] = pa.Field(**_OPT)
    ACCOUNT_ID: Series[str] = pa.Field(**_OPT)
    ACCOUNT_NAME: Series[str] = pa.Field(**_OPT)
    ACCOUNT_INDUSTRY: Series[str] = pa.Field(**_OPT)
    OPPORTUNITY_ID: Series[str] = pa.Field(**_OPT)
    OPPORTUNITY_NAME: Series[str] = pa.Field(**_OPT)
    OPPORTUNITY_STAGE: Series[str] = pa.Field(**_OPT)
    OPPORTUNITY_AMOUNT: Series[float] = pa.Field(ge=0, **_OPT)
    OPPORTUNITY_CLOSE_DATE: Series[object] = pa.Field(**_OPT)
    OPPORTUNITY_STAGE_NOW: Series[str] = pa.Field(**_OPT)
    OPPORTUNITY_AMOUNT_NOW: Series[float] = pa.Field(ge=0, **_OPT)
    OPPORTUNITY_CLOSE_DATE_NOW: Series[object] = pa.Field(**_OPT)
    TALK_RATIO: Series[float] = pa.Field(in_range={"min_value": 0, "max_value": 1}, **_OPT)
    LONGEST_MONOLOGUE_SECONDS: Series[float] = pa.Field(ge=0, **_OPT)
    INTERACTIVITY: Series[float] = pa.Field(ge=0, **_OPT)
    PATIENCE: Series[float] = pa.Field(ge=0, **_OPT)
    QUESTION_RATE: Series[float] = pa.Field(ge=0, **_OPT)
    COMPANY_QUESTION_COUNT: Series[pd.Int64Dtype] = pa.Field(ge=0, **_OPT)
    NON_COMPANY_QUESTION_COUNT: Series[pd.Int64Dtype] = pa.Field(ge=0, **_OPT)
    GONG_TOPICS: Series[object] = pa.Field(**_OPT)
    GONG_TRACKERS: Series[object] = pa.Field(**_OPT)
    GONG_BRIEF: Series[str] = pa.Field(**_OPT)
    GONG_KEY_POINTS: Series[object] = pa.Field(**_OPT)
    GONG_ACTION_ITEMS: Series[object] = pa.Field(**_OPT)
    GONG_CALL_OUTCOME: Series[str] = pa.Field(**_OPT)
    SEGMENT_COUNT: Series[pd.Int64Dtype] = pa.Field(ge=0, **_OPT)
    HAS_TRANSCRIPT: Series[pd.BooleanDtype] = pa.Field(**_OPT)
    SOURCE_HASH: Series[str] = pa.Field(str_length={"min_value": 1})
    SENTIMENT_SCORE: Series[float] = pa.Field(in_range={"min_value": -1, "max_value": 1}, **_OPT)
    CALL_SUMMARY: Series[str] = pa.Field(**_OPT)
    KEY_TOPICS: Series[object] = pa.Field(**_OPT)
    RISK_INDICATORS: Series[object] = pa.Field(**_OPT)
    AI_MEMORY_EMBEDDING: Series[object] = pa.Field(metadata={VECTOR: True}, **_OPT)
    ENRICHMENT_ENGINE: Series[str] = pa.Field(isin=ENGINES, **_OPT)
    ENRICHMENT_MODEL_VERSION: Series[str] = pa.Field(**_OPT)
    EMBEDDING_MODEL: Series[str] = pa.Field(**_OPT)
    EMBEDDING_DIM: Series[pd.Int64Dtype] = pa.Field(metadata={EMBEDDING_DIM: True}, **_OPT)
    ENRICHED_SOURCE_HASH: Series[str] = pa.Field(**_OPT)
    ENRICHED_AT: Series[pa.DateTime] = pa.Field(**_OPT)
    airbyte_extracted_at: Series[pa.DateTime] = pa.Field(alias="_AIRBYTE_EXTRACTED_AT", **_OPT)
    loaded_at: Series[pa.DateTime] = pa.Field(alias="_LOADED_AT", **_OPT)

    class Config:
        strict = True
        coerce = True

    @pa.check(
        "INTERNAL_PARTICIPANTS",
        "EXTERNAL_PARTICIPANTS",
        "EXTERNAL_COMPANIES",
        "GONG_TOPICS",
        "GONG_TRACKERS",
        "GONG_KEY_POINTS",
        "GONG_ACTION_ITEMS",
        name="json_array",
        element_wise=True,
    )
    def json_array(cls, value: Any) -> bool:
        return explain_json_array(value) is None

    @pa.check("OPPORTUNITY_CLOSE_DATE", "OPPORTUNITY_CLOSE_DATE_NOW", name="iso_date", element_wise=True)
    def iso_date(cls, value: Any) -> bool:
        return explain_iso_date(value) is None

    @pa.check("CALL_URL", name="http_url", element_wise=True)
    def http_url(cls, value: Any) -> bool:
        return explain_http_url(value) is None

    @pa.check("KEY_TOPICS", name="topic_items", element_wise=True)
    def topic_items(cls, value: Any) -> bool:
        return explain_topic_items(value) is None

    @pa.check("RISK_INDICATORS", name="risk_items", element_wise=True)
    def risk_items(cls, value: Any) -> bool:
        return explain_risk_items(value) is None

    @pa.check("CALL_SUMMARY", name="not_blank", element_wise=True)
    def not_blank(cls, value: Any) -> bool:
        return explain_not_blank(value) is None


class EnrichedCall(StagedCall):
    """A staged call after enrichment: every enrichment column is set and well-formed.

    SENTIMENT_SCORE is the exception: a call without transcript text is summarised from its metadata and
    has no sentiment (NULL), so it is required only where ``HAS_TRANSCRIPT`` is true. Its embedding is
    still required: the metadata summary is embedded so the call stays searchable.
    """

    SENTIMENT_SCORE: Series[float] = pa.Field(in_range={"min_value": -1, "max_value": 1}, nullable=True)
    CALL_SUMMARY: Series[str]
    KEY_TOPICS: Series[object]
    RISK_INDICATORS: Series[object]
    AI_MEMORY_EMBEDDING: Series[object] = pa.Field(metadata={VECTOR: True})
    ENRICHMENT_ENGINE: Series[str] = pa.Field(isin=ENGINES)
    ENRICHMENT_MODEL_VERSION: Series[str] = pa.Field(str_length={"min_value": 1})
    EMBEDDING_MODEL: Series[str] = pa.Field(str_length={"min_value": 1})
    EMBEDDING_DIM: Series[pd.Int64Dtype] = pa.Field(metadata={EMBEDDING_DIM: True})
    ENRICHED_SOURCE_HASH: Series[str] = pa.Field(str_length={"min_value": 1})
    ENRICHED_AT: Series[pa.DateTime]

    @pa.dataframe_check(name="sentiment_with_transcript")
    def sentiment_with_transcript(cls, df: pd.DataFrame) -> pd.Series:
        return _rowwise("sentiment_with_transcript", df)

    @pa.dataframe_check(name="enriched_hash_matches_source")
    def enriched_hash_matches_source(cls, df: pd.DataFrame) -> pd.Series:
        return _rowwise("enriched_hash_matches_source", df)


class StagedSegment(pa.DataFrameModel):
    """STG_TRANSFORMED.STG_GONG_CALL_TRANSCRIPTS: one speaker turn per row."""

    TRANSCRIPT_ID: Series[str] = pa.Field(str_length={"min_value": 1}, unique=True)
    CALL_ID: Series[str] = pa.Field(str_matches=GONG_ID_PATTERN)
    SEGMENT_ORDINAL: Series[pd.Int64Dtype] = pa.Field(ge=0)
    CALL_DATETIME_UTC: Series[pa.DateTime] = pa.Field(**_OPT)
    SPEAKER_ID: Series[str] = pa.Field(**_OPT)
    SPEAKER_NAME: Series[str] = pa.Field(**_OPT)
    SPEAKER_EMAIL: Series[str] = pa.Field(**_OPT)
    SPEAKER_TITLE: Series[str] = pa.Field(**_OPT)
    SPEAKER_AFFILIATION: Series[str] = pa.Field(isin=AFFILIATIONS, **_OPT)
    SPEAKER_USER_ID: Series[str] = pa.Field(**_OPT)
    SPEAKER_COMPANY: Series[str] = pa.Field(**_OPT)
    TOPIC: Series[str] = pa.Field(**_OPT)
    START_MS: Series[pd.Int64Dtype] = pa.Field(ge=0)
    END_MS: Series[pd.Int64Dtype] = pa.Field(ge=0)
    SENTENCE_COUNT: Series[pd.Int64Dtype] = pa.Field(ge=0, **_OPT)
    TRANSCRIPT_TEXT: Series[str]
    SOURCE_HASH: Series[str] = pa.Field(**_OPT)
    SEGMENT_SENTIMENT: Series[float] = pa.Field(in_range={"min_value": -1, "max_value": 1}, **_OPT)
    EXTRACTED_ENTITIES: Series[object] = pa.Field(**_OPT)
    ENRICHED_SOURCE_HASH: Series[str] = pa.Field(**_OPT)
    ENRICHED_AT: Series[pa.DateTime] = pa.Field(**_OPT)
    airbyte_extracted_at: Series[pa.DateTime] = pa.Field(alias="_AIRBYTE_EXTRACTED_AT", **_OPT)
    loaded_at: Series[pa.DateTime] = pa.Field(alias="_LOADED_AT", **_OPT)

    class Config:
        strict = True
        coerce = True

    @pa.check("TRANSCRIPT_TEXT", name="not_blank", element_wise=True)
    def not_blank(cls, value: Any) -> bool:
        return explain_not_blank(value) is None

    @pa.check("EXTRACTED_ENTITIES", name="entities", element_wise=True)
    def entities(cls, value: Any) -> bool:
        return explain_entities(value) is None

    @pa.dataframe_check(name="start_le_end")
    def start_le_end(cls, df: pd.DataFrame) -> pd.Series:
        return _rowwise("start_le_end", df)


class EnrichedSegment(StagedSegment):
    """A segment after enrichment: sentiment and entities are set."""

    SEGMENT_SENTIMENT: Series[float] = pa.Field(in_range={"min_value": -1, "max_value": 1})
    EXTRACTED_ENTITIES: Series[object]
    ENRICHED_AT: Series[pa.DateTime]


# --------------------------------------------------------------------------------------------- memory


class MemoryChunkRow(pa.DataFrameModel):
    """AI_MEMORY.TRANSCRIPT_CHUNKS: a passage with its embedding and the model that made it."""

    CHUNK_ID: Series[str] = pa.Field(str_length={"min_value": 1}, unique=True)
    CALL_ID: Series[str] = pa.Field(str_matches=GONG_ID_PATTERN)
    CHUNK_ORDINAL: Series[pd.Int64Dtype] = pa.Field(ge=0)
    CALL_DATETIME_UTC: Series[pa.DateTime] = pa.Field(**_OPT)
    START_MS: Series[pd.Int64Dtype] = pa.Field(ge=0)
    END_MS: Series[pd.Int64Dtype] = pa.Field(ge=0)
    SPEAKERS: Series[object] = pa.Field(**_OPT)
    EXTERNAL_SPEAKERS: Series[object] = pa.Field(**_OPT)
    CHUNK_TEXT: Series[str]
    EMBEDDING: Series[object] = pa.Field(metadata={VECTOR: True})
    EMBEDDING_MODEL: Series[str] = pa.Field(str_length={"min_value": 1})
    EMBEDDING_DIM: Series[pd.Int64Dtype] = pa.Field(metadata={EMBEDDING_DIM: True})
    SOURCE_HASH: Series[str] = pa.Field(**_OPT)
    CREATED_AT: Series[pa.DateTime] = pa.Field(**_OPT)

    class Config:
        strict = True
        coerce = True

    @pa.check("CHUNK_TEXT", name="not_blank", element_wise=True)
    def not_blank(cls, value: Any) -> bool:
        return explain_not_blank(value) is None

    @pa.check("SPEAKERS", "EXTERNAL_SPEAKERS", name="json_array", element_wise=True)
    def json_array(cls, value: Any) -> bool:
        return explain_json_array(value) is None

    @pa.dataframe_check(name="start_le_end")
    def start_le_end(cls, df: pd.DataFrame) -> pd.Series:
        return _rowwise("start_le_end", df)


MODELS: tuple[type[pa.DataFrameModel], ...] = (
    RawExtensiveCall,
    RawTranscript,
    StagedCall,
    EnrichedCall,
    StagedSegment,
    EnrichedSegment,
    MemoryChunkRow,
)


def schema_for(
    model: type[pa.DataFrameModel], embedding_dim: int, skip_checks: Collection[str] = ()
) -> pa.DataFrameSchema:
    """The model's schema with the run's embedding dimension attached to vector columns.

    Schemas are built once per (model, dimension, skipped checks) and shared: treat the result as
    read-only (``update_*`` methods return copies).

    :param model: one of :data:`MODELS` (or a subclass).
    :param embedding_dim: the configured dimension (``settings.embedding_dim``).
    :param skip_checks: column checks owned by an earlier hand-off, as ``COLUMN.check`` (e.g.
        ``CALL_ID.str_matches``): left out so one rule is enforced in one place.
    """
    return _schema_for(model, embedding_dim, tuple(sorted(skip_checks)))


@functools.lru_cache(maxsize=64)
def _schema_for(
    model: type[pa.DataFrameModel], embedding_dim: int, skip_checks: tuple[str, ...]
) -> pa.DataFrameSchema:
    if embedding_dim <= 0:
        raise ValueError(f"embedding_dim must be positive, got {embedding_dim}")
    schema = model.to_schema()
    for item in skip_checks:
        name, _, check_name = item.partition(".")
        column = schema.columns.get(name)
        kept = [c for c in column.checks if c.name != check_name] if column is not None else []
        if column is None or len(kept) == len(column.checks):
            raise ValueError(f"{model.__name__} has no check {item!r} to skip")
        schema = schema.update_column(name, checks=kept)
    for name, column in schema.columns.items():
        metadata = column.metadata or {}
        if metadata.get(VECTOR):
            schema = schema.update_column(name, checks=[*column.checks, vector_check(embedding_dim)])
        elif metadata.get(EMBEDDING_DIM):
            schema = schema.update_column(name, checks=[*column.checks, pa.Check.equal_to(embedding_dim)])
    return schema


def model_columns(model: type[pa.DataFrameModel]) -> list[str]:
    """Column names of a model in declaration order (what a reader must SELECT)."""
    return list(model.to_schema().columns)


def timestamp_columns(model: type[pa.DataFrameModel]) -> list[str]:
    """Columns holding dates or timestamps (read as text: see ``validate.reads.read_staged``)."""
    out = []
    for name, column in model.to_schema().columns.items():
        dtype = str(column.dtype)
        if "datetime" in dtype or name.endswith(("_CLOSE_DATE", "_CLOSE_DATE_NOW")):
            out.append(name)
    return out
