"""Land Gong API data in RAW_AIRBYTE exactly as Airbyte's Snowflake destination (Direct-Load) does.

This is the local (and fallback) replacement of the Airbyte sync: downstream SQL cannot tell which path
filled the tables. Two parts:

- :func:`to_airbyte_rows` (pure): Gong records -> Direct-Load rows (upper-cased top-level columns plus the
  ``_AIRBYTE_*`` metadata). A value that cannot be typed for its column is set NULL and reported in
  ``_AIRBYTE_META.changes`` with reason ``DESTINATION_SERIALIZATION_ERROR``, as Airbyte does, so the record
  is never dropped.
- :func:`load_gong_to_raw` (I/O): one sync. Users are a full refresh (a new generation replaces the old one);
  extensive calls and their transcripts are appended incrementally from the landed cursor (max
  ``STARTDATETIME`` minus a lookback), skipping private calls and records identical to what is landed.

Why compare landed content in Python rather than hash in SQL: Snowflake's ``TO_JSON``/``HASH`` of a VARIANT
and a Python hash of the same JSON do not agree byte for byte (key order, number formatting), and the local
emulator formats differently again, so a SQL-side hash could only be compared with another SQL-side hash of a
row that does not exist yet. Reading back the landed columns for the ids of one page (<= 100 calls, the
latest row per id) and comparing canonical JSON in Python is exact on both warehouses and bounded in memory.
"""

from __future__ import annotations

import json
import logging
import math
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from include.gong_intel.gong.records import GONG_PAGE_SIZE, CallRef, GongRecordError

if TYPE_CHECKING:
    from include.gong_intel.config import Tables
    from include.gong_intel.gong.hook import GongHook

log = logging.getLogger(__name__)

ColumnType = Literal["string", "integer", "number", "boolean", "timestamp", "object", "array"]

# Airbyte's reason code for a value the destination could not type; the value is landed as NULL.
SERIALIZATION_ERROR = "DESTINATION_SERIALIZATION_ERROR"


@dataclass(frozen=True)
class StreamLayout:
    """One Airbyte stream and the typed table it lands in.

    :param columns: record field name -> (column name, type); columns appear in this order.
    """

    stream: str
    table: str
    columns: Mapping[str, tuple[str, ColumnType]]

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns.values()]

    @property
    def variant_columns(self) -> list[str]:
        """Columns the warehouse must parse from JSON, ``_AIRBYTE_META`` (a VARIANT) included."""
        return [
            "_AIRBYTE_META",
            *(name for name, kind in self.columns.values() if kind in ("object", "array")),
        ]


# The written-down contract these layouts follow (checked against the DDL by tests).
LAYOUT_FILE = Path(__file__).with_name("airbyte_raw_layout.json")

METADATA_COLUMNS = ("_AIRBYTE_RAW_ID", "_AIRBYTE_EXTRACTED_AT", "_AIRBYTE_META", "_AIRBYTE_GENERATION_ID")

STREAMS: dict[str, StreamLayout] = {
    layout.stream: layout
    for layout in (
        StreamLayout(
            "users",
            "USERS",
            {
                "id": ("ID", "string"),
                "emailAddress": ("EMAILADDRESS", "string"),
                "firstName": ("FIRSTNAME", "string"),
                "lastName": ("LASTNAME", "string"),
                "title": ("TITLE", "string"),
                "managerId": ("MANAGERID", "string"),
                "active": ("ACTIVE", "boolean"),
                "created": ("CREATED", "timestamp"),
                "phoneNumber": ("PHONENUMBER", "string"),
                "settings": ("SETTINGS", "object"),
                "spokenLanguages": ("SPOKENLANGUAGES", "array"),
                "emailAliases": ("EMAILALIASES", "array"),
                "trustedEmailAddress": ("TRUSTEDEMAILADDRESS", "string"),
                "extension": ("EXTENSION", "string"),
                "meetingConsentPageUrl": ("MEETINGCONSENTPAGEURL", "string"),
                "personalMeetingUrls": ("PERSONALMEETINGURLS", "array"),
            },
        ),
        # The Airbyte source adds `id` and `startdatetime` to each extensive call from metaData; the
        # destination then types `id` as the integer the source declares.
        StreamLayout(
            "extensiveCalls",
            "EXTENSIVECALLS",
            {
                "id": ("ID", "integer"),
                "startdatetime": ("STARTDATETIME", "timestamp"),
                "metaData": ("METADATA", "object"),
                "parties": ("PARTIES", "array"),
                "content": ("CONTENT", "object"),
                "interaction": ("INTERACTION", "object"),
                "context": ("CONTEXT", "array"),
                "media": ("MEDIA", "object"),
                "collaboration": ("COLLABORATION", "object"),
            },
        ),
        StreamLayout(
            "callTranscripts",
            "CALLTRANSCRIPTS",
            {
                "callId": ("CALLID", "string"),
                "started": ("STARTED", "timestamp"),
                "transcript": ("TRANSCRIPT", "array"),
            },
        ),
        StreamLayout(
            "calls",
            "CALLS",
            {
                "id": ("ID", "string"),
                "url": ("URL", "string"),
                "title": ("TITLE", "string"),
                "scheduled": ("SCHEDULED", "timestamp"),
                "started": ("STARTED", "timestamp"),
                "duration": ("DURATION", "integer"),
                "primaryUserId": ("PRIMARYUSERID", "string"),
                "direction": ("DIRECTION", "string"),
                "system": ("SYSTEM", "string"),
                "scope": ("SCOPE", "string"),
                "media": ("MEDIA", "string"),
                "language": ("LANGUAGE", "string"),
                "workspaceId": ("WORKSPACEID", "string"),
                "sdrDisposition": ("SDRDISPOSITION", "string"),
                "clientUniqueId": ("CLIENTUNIQUEID", "string"),
                "customData": ("CUSTOMDATA", "string"),
                "purpose": ("PURPOSE", "string"),
                "meetingUrl": ("MEETINGURL", "string"),
                "isPrivate": ("ISPRIVATE", "boolean"),
                "calendarEventId": ("CALENDAREVENTID", "string"),
            },
        ),
    )
}


class _Untypable(ValueError):
    pass


def _coerce(value: Any, kind: ColumnType) -> Any:
    """Type one value for its column, or raise :class:`_Untypable` (the caller NULLs it)."""
    if kind == "string":
        # Airbyte lands a non-string scalar or structure in a string column as its JSON text.
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    if kind == "integer":
        if isinstance(value, bool):
            raise _Untypable("boolean is not an integer")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value.strip())
        raise _Untypable("not an integer")
    if kind == "number":
        if isinstance(value, bool):
            raise _Untypable("boolean is not a number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise _Untypable("not a number") from None
        if not math.isfinite(number):
            raise _Untypable("not a finite number")
        return number
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        raise _Untypable("not a boolean")
    if kind == "timestamp":
        if not isinstance(value, str):
            raise _Untypable("not a date-time string")
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise _Untypable("not an ISO-8601 date-time") from None
        # A date-time without an offset is read as UTC, as the destination does for timestamp_with_timezone.
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if kind == "object":
        if isinstance(value, Mapping):
            return dict(value)
        raise _Untypable("not an object")
    if kind == "array":
        if isinstance(value, list):
            return value
        raise _Untypable("not an array")
    raise ValueError(f"unknown column type {kind!r}")


def _with_source_fields(stream: str, record: Mapping[str, Any]) -> Mapping[str, Any]:
    """Add the fields the Airbyte source derives before landing (extensiveCalls: id, startdatetime)."""
    if stream != "extensiveCalls":
        return record
    meta = record.get("metaData")
    meta = meta if isinstance(meta, Mapping) else {}
    return {**record, "id": meta.get("id"), "startdatetime": meta.get("started")}


def to_airbyte_rows(
    stream: str,
    records: Iterable[Mapping[str, Any]],
    *,
    extracted_at: datetime,
    sync_id: int,
    generation_id: int = 0,
) -> list[dict[str, Any]]:
    """Map Gong records to Airbyte Direct-Load rows for ``stream``'s table.

    Every row has every column of the table (missing fields are NULL without a change entry, as in
    Airbyte). Semi-structured columns hold Python dicts/lists (the warehouse hook serialises them);
    timestamps are aware datetimes; ``_AIRBYTE_META`` is ``{"sync_id": n, "changes": [...]}``.

    :param stream: ``users``, ``extensiveCalls``, ``callTranscripts`` or ``calls``.
    :param records: Gong JSON objects; for ``callTranscripts`` each must carry ``started`` copied from the
        parent call (Gong's transcript endpoint returns no time).
    :param extracted_at: the sync's extraction time (time-zone aware).
    :param sync_id: the sync (job) id recorded in ``_AIRBYTE_META``.
    :param generation_id: the stream's generation (bumped by each full-refresh replace).
    :raises ValueError: unknown stream, naive ``extracted_at``, or a record that is not a JSON object.
    """
    layout = STREAMS.get(stream)
    if layout is None:
        raise ValueError(f"unknown stream {stream!r}; expected one of {sorted(STREAMS)}")
    if extracted_at.tzinfo is None:
        raise ValueError("extracted_at must be time-zone aware")
    rows: list[dict[str, Any]] = []
    for position, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise ValueError(f"{stream} record #{position} is a {type(record).__name__}, not a JSON object")
        source = _with_source_fields(stream, record)
        changes: list[dict[str, str]] = []
        row: dict[str, Any] = {
            "_AIRBYTE_RAW_ID": str(uuid.uuid4()),
            "_AIRBYTE_EXTRACTED_AT": extracted_at,
            "_AIRBYTE_META": {"sync_id": sync_id, "changes": changes},
            "_AIRBYTE_GENERATION_ID": generation_id,
        }
        for field_name, (column, kind) in layout.columns.items():
            value = source.get(field_name)
            if value is None:
                row[column] = None
                continue
            try:
                row[column] = _coerce(value, kind)
            except _Untypable:
                row[column] = None
                changes.append({"field": field_name, "change": "NULLED", "reason": SERIALIZATION_ERROR})
        rows.append(row)
    return rows


# -- landing ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadStats:
    """What one :func:`load_gong_to_raw` run did.

    :param rows: rows appended per table (fully qualified name).
    :param errors: one line per record landed with NULLED fields or otherwise unusable (id, reason).
    """

    window_start: datetime
    window_end: datetime
    rows: Mapping[str, int]
    requests: int
    rate_limit_wait_seconds: float
    skipped_private: int
    skipped_unchanged: int
    errors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


# Signed media URLs are re-issued on every request, so they are no evidence of new content.
_CALL_FINGERPRINT_COLUMNS = ("METADATA", "PARTIES", "CONTENT", "INTERACTION", "CONTEXT", "COLLABORATION")
_TRANSCRIPT_FINGERPRINT_COLUMNS = ("STARTED", "TRANSCRIPT")
_USER_FINGERPRINT_COLUMNS = tuple(STREAMS["users"].column_names)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _canonical(value: Any) -> Any:
    """Normalise a value read from the warehouse or built here so equal content compares equal.

    Timestamps become epoch microseconds: the warehouse side selects them through :func:`_select_expr`.
    """
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return (aware - _EPOCH) // timedelta(microseconds=1)
    if isinstance(value, str):
        # VARIANT/OBJECT/ARRAY columns come back from the connector as JSON text.
        stripped = value.lstrip()
        if stripped[:1] in ("{", "["):
            try:
                return json.loads(value)
            except ValueError:
                return value
    return value


def fingerprint(row: Mapping[str, Any], columns: Sequence[str]) -> str:
    """Canonical JSON of a row's content columns (key order and JSON spacing do not matter)."""
    return json.dumps(
        [_canonical(row.get(c)) for c in columns], sort_keys=True, separators=(",", ":"), default=str
    )


def _placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


_TIMESTAMP_COLUMNS = frozenset(
    name for layout in STREAMS.values() for name, kind in layout.columns.values() if kind == "timestamp"
)


def _select_expr(column: str) -> str:
    """How a content column is read back for comparison.

    Timestamps are read as epoch microseconds: exact on both warehouses, and a NULL stays NULL (the local
    emulator's wire format turns a NULL TIMESTAMP_TZ into 1970-01-01).
    """
    return f"DATE_PART(EPOCH_MICROSECOND, {column})" if column in _TIMESTAMP_COLUMNS else column


def _latest_fingerprints(
    warehouse_hook: Any, table: str, key_expr: str, columns: Sequence[str], keys: Sequence[str]
) -> dict[str, str]:
    """Fingerprints of the latest landed row per key, for at most one page of keys."""
    if not keys:
        return {}
    column_list = ", ".join(_select_expr(c) for c in columns)
    sql = (
        f"SELECT {key_expr} AS K, {column_list} FROM {table} "  # noqa: S608 - identifiers from config.Tables, values bound
        f"WHERE {key_expr} IN ({_placeholders(len(keys))}) "
        f"QUALIFY ROW_NUMBER() OVER (PARTITION BY {key_expr} ORDER BY _AIRBYTE_EXTRACTED_AT DESC) = 1"
    )
    landed: dict[str, str] = {}
    for record in warehouse_hook.get_records(sql, parameters=list(keys)) or []:
        landed[str(record[0])] = fingerprint(dict(zip(columns, record[1:], strict=True)), columns)
    return landed


def landed_cursor(warehouse_hook: Any, tables: Tables) -> datetime | None:
    """The max ``STARTDATETIME`` landed in RAW_AIRBYTE.EXTENSIVECALLS (Airbyte's cursor), or None."""
    # COUNT guards the empty case: the local emulator returns a NULL TIMESTAMP_TZ as 1970-01-01.
    rows = warehouse_hook.get_records(
        f"SELECT COUNT(STARTDATETIME), MAX(STARTDATETIME) FROM {tables.raw_extensive_calls}"  # noqa: S608 - identifier from config.Tables
    )
    if not rows or not rows[0][0]:
        return None
    value = rows[0][1]
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _chunks(items: Iterable[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _load_users(
    gong_hook: GongHook, warehouse_hook: Any, tables: Tables, *, extracted_at: datetime, sync_id: int
) -> tuple[int, int]:
    """Full refresh of USERS: a new generation replaces the old one unless nothing changed.

    Rows of the new generation are inserted before the old generation is deleted, so a failure in
    between leaves duplicates (which downstream dedup handles) rather than an empty table.
    :return: (rows inserted, users unchanged and therefore skipped)
    """
    table = tables.raw_users
    layout = STREAMS["users"]
    users = list(gong_hook.iter_users())
    existing = warehouse_hook.get_records(
        f"SELECT {', '.join(_select_expr(c) for c in layout.column_names)}, _AIRBYTE_GENERATION_ID FROM {table}"  # noqa: S608 - identifiers from config.Tables
    )
    generations = [r[-1] for r in existing if r[-1] is not None]
    current = max(generations) if generations else -1
    probe = to_airbyte_rows("users", users, extracted_at=extracted_at, sync_id=sync_id)
    new_prints = sorted(fingerprint(r, _USER_FINGERPRINT_COLUMNS) for r in probe)
    old_prints = sorted(
        fingerprint(dict(zip(layout.column_names, r[:-1], strict=True)), _USER_FINGERPRINT_COLUMNS)
        for r in existing
        if r[-1] == current
    )
    if existing and new_prints == old_prints and all(r[-1] == current for r in existing):
        return 0, len(users)
    generation = current + 1
    rows = [dict(r, _AIRBYTE_GENERATION_ID=generation) for r in probe]
    inserted = warehouse_hook.insert_records(table, rows, layout.variant_columns)
    warehouse_hook.run(
        f"DELETE FROM {table} WHERE _AIRBYTE_GENERATION_ID IS NULL OR _AIRBYTE_GENERATION_ID < %s",  # noqa: S608 - identifier from config.Tables
        parameters=[generation],
    )
    return inserted, 0


def load_gong_to_raw(
    gong_hook: GongHook,
    warehouse_hook: Any,
    *,
    tables: Tables,
    since: datetime | None,
    until: datetime,
    lookback: timedelta | None,
    sync_id: int | None = None,
    extracted_at: datetime | None = None,
) -> LoadStats:
    """Run one Airbyte-equivalent sync of users, extensive calls and transcripts into RAW_AIRBYTE.

    Window: from the landed cursor (max ``STARTDATETIME``) minus ``lookback`` — Gong keeps enriching a
    call's content for a while after it happens — or from ``since`` when nothing is landed yet, up to
    ``until`` (exclusive). Calls are handled one page (100, in start order) at a time: fetch the page's
    transcripts, append the new or changed transcripts, then the new or changed calls. A failure therefore
    never leaves the cursor past a call whose transcript is missing; a failed run is healed by the next.

    :param gong_hook: a :class:`~include.gong_intel.gong.hook.GongHook`.
    :param warehouse_hook: a ``WarehouseHook`` (``insert_records``, ``get_records``, ``run``).
    :param tables: fully qualified names (``config.Settings.tables``).
    :param since: start of the initial window, used only when EXTENSIVECALLS is empty.
    :param until: exclusive end of the window (time-zone aware).
    :param lookback: how far before the landed cursor to re-read; None re-reads exactly ``[since, until)``
        whatever is landed (a refetch of a date range).
    :param sync_id: recorded in ``_AIRBYTE_META``; defaults to ``extracted_at`` in epoch seconds.
    :param extracted_at: the sync's extraction time; defaults to now (UTC).
    :raises ValueError: naive datetimes, or an empty table with no ``since``.
    """
    if until.tzinfo is None or (since is not None and since.tzinfo is None):
        raise ValueError("since and until must be time-zone aware")
    extracted_at = extracted_at or datetime.now(UTC)
    sync_id = int(extracted_at.timestamp()) if sync_id is None else sync_id

    cursor = None if lookback is None else landed_cursor(warehouse_hook, tables)
    if cursor is not None and lookback is not None:
        window_start = cursor - lookback
    elif since is not None:
        window_start = since
    else:
        raise ValueError(f"{tables.raw_extensive_calls} is empty: pass `since` for the initial window")
    requests_before = gong_hook.stats.requests
    wait_before = gong_hook.stats.rate_limit_wait_seconds
    rows: dict[str, int] = {
        tables.raw_users: 0,
        tables.raw_extensive_calls: 0,
        tables.raw_call_transcripts: 0,
    }
    errors: list[str] = []
    skipped_private = skipped_unchanged = 0

    rows[tables.raw_users], unchanged_users = _load_users(
        gong_hook, warehouse_hook, tables, extracted_at=extracted_at, sync_id=sync_id
    )
    skipped_unchanged += unchanged_users

    if window_start < until:
        calls = gong_hook.iter_extensive_calls(window_start, until)
        for page in _chunks(calls, GONG_PAGE_SIZE):
            inserted_calls, inserted_transcripts, private, unchanged, page_errors = _land_call_page(
                page, gong_hook, warehouse_hook, tables, extracted_at=extracted_at, sync_id=sync_id
            )
            rows[tables.raw_extensive_calls] += inserted_calls
            rows[tables.raw_call_transcripts] += inserted_transcripts
            skipped_private += private
            skipped_unchanged += unchanged
            errors.extend(page_errors)

    stats = LoadStats(
        window_start=window_start,
        window_end=until,
        rows=rows,
        requests=gong_hook.stats.requests - requests_before,
        rate_limit_wait_seconds=gong_hook.stats.rate_limit_wait_seconds - wait_before,
        skipped_private=skipped_private,
        skipped_unchanged=skipped_unchanged,
        errors=tuple(errors),
    )
    log.info(
        "Gong sync %s window [%s, %s): rows %s, %d requests, %d private skipped, %d unchanged, %d errors",
        sync_id,
        window_start.isoformat(),
        until.isoformat(),
        rows,
        stats.requests,
        skipped_private,
        skipped_unchanged,
        len(errors),
    )
    return stats


def _land_call_page(
    page: list[dict],
    gong_hook: GongHook,
    warehouse_hook: Any,
    tables: Tables,
    *,
    extracted_at: datetime,
    sync_id: int,
) -> tuple[int, int, int, int, list[str]]:
    """Land one page of extensive calls and their transcripts.

    :return: (calls inserted, transcripts inserted, private skipped, unchanged skipped, error lines)
    """
    errors: list[str] = []
    private = unchanged = 0
    public: list[dict] = []
    starts: dict[str, str] = {}
    for call in page:
        try:
            ref = CallRef.from_extensive(call)
        except GongRecordError as e:
            # Landed anyway (NULLED fields, as Airbyte would) so nothing is lost; no transcript can be asked
            # for without a usable id, so it is reported.
            errors.append(f"extensiveCalls: {e}")
            public.append(call)
            continue
        if ref.is_private:
            private += 1
            continue
        public.append(call)
        starts[ref.call_id] = call["metaData"]["started"]

    call_rows = to_airbyte_rows("extensiveCalls", public, extracted_at=extracted_at, sync_id=sync_id)
    keyed = [(r["METADATA"].get("id") if r["METADATA"] else None, r) for r in call_rows]
    landed = _latest_fingerprints(
        warehouse_hook,
        tables.raw_extensive_calls,
        "METADATA:id::string",
        _CALL_FINGERPRINT_COLUMNS,
        sorted({str(k) for k, _ in keyed if k is not None}),
    )
    fresh: list[dict] = []
    for key, row in keyed:
        if row["_AIRBYTE_META"]["changes"] and key is not None:
            errors.append(
                f"extensiveCalls {key}: NULLED {[c['field'] for c in row['_AIRBYTE_META']['changes']]}"
            )
        if key is not None and landed.get(str(key)) == fingerprint(row, _CALL_FINGERPRINT_COLUMNS):
            unchanged += 1
            continue
        fresh.append(row)
    # Transcripts are fetched for every call of the page, not only changed ones: Gong finishes a transcript
    # after the call's metadata appears. They land BEFORE the page's calls because the landed calls are the
    # sync's cursor: had the calls landed first, a failed transcript request would move the cursor past
    # calls without transcripts, and the next window (cursor - lookback) might no longer cover them.
    transcripts = [
        {
            "callId": str(t.get("callId")),
            "started": starts.get(str(t.get("callId"))),
            "transcript": t.get("transcript"),
        }
        for t in gong_hook.iter_transcripts(list(starts))
        if isinstance(t, Mapping)
    ]
    transcript_rows = to_airbyte_rows(
        "callTranscripts", transcripts, extracted_at=extracted_at, sync_id=sync_id
    )
    landed_t = _latest_fingerprints(
        warehouse_hook,
        tables.raw_call_transcripts,
        "CALLID",
        _TRANSCRIPT_FINGERPRINT_COLUMNS,
        sorted({r["CALLID"] for r in transcript_rows if r["CALLID"]}),
    )
    fresh_t: list[dict] = []
    for row in transcript_rows:
        if row["_AIRBYTE_META"]["changes"]:
            errors.append(
                f"callTranscripts {row['CALLID']}: NULLED {[c['field'] for c in row['_AIRBYTE_META']['changes']]}"
            )
        if landed_t.get(row["CALLID"]) == fingerprint(row, _TRANSCRIPT_FINGERPRINT_COLUMNS):
            unchanged += 1
            continue
        fresh_t.append(row)
    inserted_transcripts = (
        warehouse_hook.insert_records(
            tables.raw_call_transcripts, fresh_t, STREAMS["callTranscripts"].variant_columns
        )
        if fresh_t
        else 0
    )
    inserted_calls = (
        warehouse_hook.insert_records(
            tables.raw_extensive_calls, fresh, STREAMS["extensiveCalls"].variant_columns
        )
        if fresh
        else 0
    )
    return inserted_calls, inserted_transcripts, private, unchanged, errors
