"""A local peer for the subset of Airbyte's public API v1 that the pipeline uses, on 127.0.0.1.

It speaks the wire format of the ``airbyte-api`` SDK used by the Airflow Airbyte provider:

- ``POST /v1/applications/token`` (form or JSON client credentials) -> ``{access_token, token_type, expires_in}``
- ``GET /v1/health``
- ``POST /v1/jobs`` ``{connectionId, jobType: "sync"}``, ``GET /v1/jobs/{id}``, ``DELETE /v1/jobs/{id}`` (cancel),
  ``GET /v1/jobs?connectionId=&status=``
- ``/v1/sources``, ``/v1/destinations``, ``/v1/connections``: list (``workspaceIds``, ``limit``, ``offset``),
  create, get, patch; kept in memory, ids are UUIDs, secrets masked in responses like Airbyte does.
- ``GET /v1/workspaces/{id}`` -> ``{workspaceId, name, dataResidency, notifications}`` for the peer's workspace
  and any workspace holding an object; 404 otherwise.

Job outcomes are scripted per connection (:meth:`AirbytePeer.script`): succeed or fail after N status polls,
get cancelled, or never finish. ``on_sync(connection, job)`` runs when a job succeeds; if it raises, the job
fails instead::

    with AirbytePeer(client_id="airflow", client_secret="s3cret") as peer:
        conn_id = peer.add_connection(name="Gong to Snowflake")
        peer.script(conn_id, "failed", polls=2)
        # Airflow connection: {"conn_type": "airbyte", "host": peer.url, "login": ..., "password": ...}

Given a Gong ``tenant`` (``local_stack.tenant.generate_tenant``) and a ``warehouse`` (the emulator), a sync job
of a Gong -> Snowflake connection (source type ``gong``, destination type ``snowflake``, as the bootstrap
creates them) lands the tenant in the destination's database the way Airbyte's source-gong and Snowflake
destination (Direct-Load) do (see :class:`GongDirectLoadSync`): the connection's configured streams
(``users``, ``extensiveCalls``, ``callTranscripts``, ``calls``) in their sync modes, incrementally from the
connection's state, rows built by the product's own ``to_airbyte_rows``. The landing runs in a thread from the
job's start; the job succeeds once it is done (and the script allows), and fails if it fails. Jobs scripted
to fail, be cancelled or never finish land nothing; other connections land nothing.

CLI: ``python -m local_stack.airbyte_peer --port 8702``.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from local_stack.loopback import LoopbackServer

log = logging.getLogger(__name__)

OUTCOMES = frozenset({"succeeded", "failed", "cancelled", "never"})
IN_PROGRESS = frozenset({"pending", "running"})
SECRET_KEYS = frozenset(
    {"access_key_secret", "password", "client_secret", "private_key", "private_key_password", "api_key"}
)
MASK = "**********"


@dataclass
class JobScript:
    """How jobs of one connection behave: ``outcome`` reached after ``polls`` status reads."""

    outcome: str = "succeeded"
    polls: int = 1

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {sorted(OUTCOMES)}, got {self.outcome!r}")
        if self.polls < 0:
            raise ValueError("polls must be >= 0")


@dataclass(frozen=True)
class RequestLogEntry:
    method: str
    path: str
    status: int


class _ApiError(Exception):
    def __init__(self, status: int, title: str, detail: str = "") -> None:
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.body = {"type": f"https://reference.airbyte.com/reference/errors#{status}", "title": title}
        if detail:
            self.body["detail"] = detail


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _mask(config: Any) -> Any:
    if isinstance(config, dict):
        return {k: (MASK if k in SECRET_KEYS and v else _mask(v)) for k, v in config.items()}
    if isinstance(config, list):
        return [_mask(v) for v in config]
    return config


# ---------------------------------------------------------------------------------------- landing a sync

# Stream configuration when a connection lists none: what the bootstrap configures, with append semantics.
DEFAULT_STREAMS: tuple[dict[str, Any], ...] = (
    {"name": "users", "syncMode": "full_refresh_overwrite"},
    {"name": "extensiveCalls", "syncMode": "incremental_append"},
    {"name": "callTranscripts", "syncMode": "incremental_append"},
)
# The source's default start_date (source-gong's spec).
DEFAULT_SOURCE_START = "2020-01-01T00:00:00Z"
# Gong filters call times to the second: the next incremental window starts one second after the cursor
# (the declarative CDK's cursor_granularity), so a sync does not re-emit what the previous one landed.
CURSOR_GRANULARITY = timedelta(seconds=1)
# Gong's page size: the source reads and the destination commits records a page at a time.
SYNC_PAGE = 100
# Direct-Load column types per JSON-schema type. Airbyte types integers NUMBER(38, 0); the emulator maps
# that precision to a 64-bit integer, too small for 20-digit Gong ids (as the project's DDL notes).
_DIRECT_LOAD_TYPES = {
    "string": "VARCHAR",
    "integer": "NUMBER(37, 0)",
    "number": "FLOAT",
    "boolean": "BOOLEAN",
    "timestamp": "TIMESTAMP_TZ",
    "object": "OBJECT",
    "array": "ARRAY",
}
# How the deduplicating modes find a landed record's primary key; ids compare as text (EXTENSIVECALLS.ID is
# a NUMBER although Gong ids are strings).
_KEY_EXPRESSIONS = {
    "users": "ID",
    "calls": "ID",
    "extensiveCalls": "METADATA:id::string",
    "callTranscripts": "CALLID",
}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")


class SyncError(RuntimeError):
    """A sync could not land (bad destination configuration, warehouse error): the job fails."""


class SyncCancelled(Exception):
    """The job was cancelled while its records were landing."""


@dataclass(frozen=True)
class SyncResult:
    """What one sync landed.

    :param rows: records written per table (fully qualified name).
    :param emitted: records read from the source per stream.
    :param bytes_synced: JSON size of the records read.
    :param state: the connection's per-stream cursors after the sync (committed when the job succeeds).
    """

    rows: Mapping[str, int]
    emitted: Mapping[str, int]
    bytes_synced: int
    state: Mapping[str, str]

    @property
    def rows_synced(self) -> int:
        return sum(self.rows.values())


def _parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _format_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _identifier(value: Any, what: str) -> str:
    text = str(value or "")
    if not _IDENTIFIER.match(text):
        raise SyncError(f"{what} {value!r} is not a plain Snowflake identifier")
    return text.upper()


def _warehouse_hook(connection: Mapping[str, Any], database: str, destination: Mapping[str, Any]) -> Any:
    """A ``WarehouseHook`` on ``connection`` (Airflow JSON form), writing as the destination is configured."""
    from airflow.sdk import Connection

    from include.gong_intel.warehouse.hook import WarehouseHook

    extra = dict(connection.get("extra") or {})
    extra["database"] = database
    for key in ("warehouse", "role"):
        if destination.get(key):
            extra[key] = destination[key]
    credentials = destination.get("credentials") or {}
    conn = Connection(
        conn_id="airbyte_destination",
        conn_type=connection.get("conn_type", "snowflake"),
        host=connection.get("host"),
        login=destination.get("username") or connection.get("login"),
        password=credentials.get("password") or connection.get("password"),
        port=connection.get("port"),
        extra=json.dumps(extra),
    )

    class _DestinationHook(WarehouseHook):
        def get_connection(self, conn_id: str) -> Any:  # the destination's settings, not Airflow's
            return conn

    return _DestinationHook(snowflake_conn_id=conn.conn_id)


# What source-gong's manifest (airbytehq/airbyte, airbyte-integrations/connectors/source-gong/manifest.yaml,
# stream extensiveCalls, request_body_json.contentSelector) sends to POST /v2/calls/extensive. Kept apart
# from the product's selector on purpose: the peer reads Gong the way Airbyte does, whatever the loader asks.
SOURCE_GONG_CONTENT_SELECTOR: dict[str, Any] = {
    "context": "Extended",
    "contextTiming": ["Now", "TimeOfCall"],
    "exposedFields": {
        "media": True,
        "content": {
            "brief": True,
            "topics": True,
            "outline": True,
            "trackers": True,
            "keyPoints": True,
            "structure": True,
            "highlights": True,
            "callOutcome": True,
            "pointsOfInterest": True,
            "trackerOccurrences": True,
        },
        "parties": True,
        "interaction": {"video": True, "speakers": True, "questions": True, "personInteractionStats": True},
        "collaboration": {"publicComments": True},
    },
}


class GongDirectLoadSync:
    """One sync of a Gong -> Snowflake connection: what Airbyte's source-gong reads and its Snowflake
    destination (Direct-Load) writes (``/work/shared/reference/airbyte-gong-landing.md``).

    Source: private calls are filtered out; ``extensiveCalls`` asks for the fields source-gong's manifest
    asks for (:data:`SOURCE_GONG_CONTENT_SELECTOR`) through the Gong peer's projection, and is incremental on
    ``startdatetime``; ``callTranscripts`` is a child of the calls with its own cursor and no lookback: only
    calls first seen by this sync get their transcript fetched, and a transcript missing then is never
    fetched later; ``calls`` is incremental on ``started``; ``users`` is a full refresh. Each incremental
    window is ``[cursor + 1 s, sync start)``, the first one from the source's ``start_date``.

    Destination: one typed table per stream in ``<database>.<namespace>``, created when missing, rows from
    ``to_airbyte_rows`` with ``_AIRBYTE_META.sync_id`` = the job id. ``*_overwrite`` modes land a new
    generation and then delete the older ones; ``*_deduped*`` modes replace landed rows with the same
    primary key; ``*_append`` modes append.

    :param tenant: ``users``, ``calls`` (extensive, private ones included) and ``transcripts`` by call id.
    :param warehouse_connection: the emulator's Airflow connection (JSON form).
    :param connection: the Airbyte connection (``configurations.streams``, namespace settings, ``prefix``).
    :param source: the Gong source's configuration.
    :param destination: the Snowflake destination's configuration.
    :param job_id: the sync's job id.
    :param state: the connection's state before the sync: stream name -> cursor (ISO date-time).
    :param cancelled: set when the job is cancelled; checked between pages.
    :param truncated_streams: streams whose Gong response arrives truncated (a 200 with half a body): the
        source logs an ERROR and emits no records for them, and the sync still succeeds, as source-gong does.
    """

    def __init__(
        self,
        tenant: Any,
        warehouse_connection: Mapping[str, Any],
        *,
        connection: Mapping[str, Any],
        source: Mapping[str, Any],
        destination: Mapping[str, Any],
        job_id: int,
        state: Mapping[str, str] | None = None,
        cancelled: threading.Event | None = None,
        truncated_streams: Collection[str] = (),
    ) -> None:
        self.tenant = tenant
        self.truncated_streams = frozenset(truncated_streams)
        self.warehouse_connection = warehouse_connection
        self.connection = connection
        self.source = source
        self.destination = destination
        self.job_id = job_id
        self.state = dict(state or {})
        self.cancelled = cancelled or threading.Event()

    # -- where ------------------------------------------------------------------------------------------
    @property
    def database(self) -> str:
        return _identifier(self.destination.get("database"), "destination database")

    @property
    def namespace(self) -> str:
        definition = self.connection.get("namespaceDefinition") or "destination"
        if definition == "custom_format":
            # The Gong source has no namespace of its own: ${SOURCE_NAMESPACE} renders empty.
            namespace = str(self.connection.get("namespaceFormat") or "").replace("${SOURCE_NAMESPACE}", "")
        else:
            namespace = ""
        namespace = namespace or self.destination.get("schema") or "PUBLIC"
        return _identifier(namespace, "namespace")

    def table(self, stream: str) -> str:
        name = _identifier(f"{self.connection.get('prefix') or ''}{stream}", "table name")
        return f"{self.database}.{self.namespace}.{name}"

    def streams(self) -> list[dict[str, Any]]:
        """The configured streams this peer can read, in order (others are skipped with a warning)."""
        from include.gong_intel.gong.loader import STREAMS

        configured = list((self.connection.get("configurations") or {}).get("streams") or DEFAULT_STREAMS)
        known = []
        for stream in configured:
            if stream.get("name") in STREAMS:
                known.append(stream)
            else:
                log.warning(
                    "sync of job %s: stream %r is not served locally", self.job_id, stream.get("name")
                )
        return known

    # -- the sync --------------------------------------------------------------------------------------
    def run(self) -> SyncResult:
        """Land every configured stream; raises :class:`SyncError` or :class:`SyncCancelled`."""
        started = datetime.now(UTC)
        hook = _warehouse_hook(self.warehouse_connection, self.database, self.destination)
        try:
            hook.run(f"CREATE SCHEMA IF NOT EXISTS {self.database}.{self.namespace}")
        except Exception as e:
            raise SyncError(f"destination: cannot create {self.database}.{self.namespace}: {e}") from e
        rows: dict[str, int] = {}
        emitted: dict[str, int] = {}
        state = dict(self.state)
        size = 0
        for stream in self.streams():
            name, mode = stream["name"], str(stream.get("syncMode") or "incremental_append")
            table = self.table(name)
            self._create_table(hook, name, table)
            records, cursor = self._read(name, mode, until=started)
            if name in self.truncated_streams:
                log.error(
                    "sync of job %s: stream %s: response body could not be decoded (truncated JSON); "
                    "0 records emitted",
                    self.job_id,
                    name,
                )
                records, cursor = [], self.state.get(name)
            written = read = 0
            generation = self._generation(hook, table) if mode.endswith("_overwrite") else 0
            for page in _pages(records, SYNC_PAGE):
                if self.cancelled.is_set():
                    raise SyncCancelled(f"job {self.job_id} cancelled while syncing {name}")
                read += len(page)
                size += sum(len(json.dumps(r, default=str)) for r in page)
                written += self._write(hook, name, mode, table, page, started, generation)
            if mode.endswith("_overwrite"):
                hook.run(
                    f"DELETE FROM {table} WHERE _AIRBYTE_GENERATION_ID IS NULL OR _AIRBYTE_GENERATION_ID < %s",  # noqa: S608 - identifiers checked by _identifier, values bound
                    parameters=[generation],
                )
            if cursor is not None:
                state[name] = cursor
            rows[table] = rows.get(table, 0) + written
            emitted[name] = read
        log.info("sync of job %s landed %s (state %s)", self.job_id, rows, state)
        return SyncResult(rows=rows, emitted=emitted, bytes_synced=size, state=state)

    def _create_table(self, hook: Any, stream: str, table: str) -> None:
        from include.gong_intel.gong.loader import STREAMS

        columns = [
            "_AIRBYTE_RAW_ID VARCHAR NOT NULL",
            "_AIRBYTE_EXTRACTED_AT TIMESTAMP_TZ NOT NULL",
            "_AIRBYTE_META VARIANT NOT NULL",
            "_AIRBYTE_GENERATION_ID NUMBER",
            *(f"{column} {_DIRECT_LOAD_TYPES[kind]}" for column, kind in STREAMS[stream].columns.values()),
        ]
        hook.run(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(columns)})")

    @staticmethod
    def _generation(hook: Any, table: str) -> int:
        current = hook.get_first(f"SELECT MAX(_AIRBYTE_GENERATION_ID) FROM {table}")  # noqa: S608 - checked identifiers
        return 0 if not current or current[0] is None else int(current[0]) + 1

    def _write(
        self,
        hook: Any,
        stream: str,
        mode: str,
        table: str,
        page: list[dict[str, Any]],
        extracted_at: datetime,
        generation: int,
    ) -> int:
        from include.gong_intel.gong.loader import STREAMS, to_airbyte_rows

        rows = to_airbyte_rows(
            stream, page, extracted_at=extracted_at, sync_id=self.job_id, generation_id=generation
        )
        if "deduped" in mode:
            key = _KEY_EXPRESSIONS[stream]
            keys = sorted({str(k) for k in (_record_key(stream, r) for r in page) if k is not None})
            if keys:
                hook.run(
                    f"DELETE FROM {table} WHERE {key} IN ({', '.join(['%s'] * len(keys))})",  # noqa: S608 - checked identifiers, values bound
                    parameters=keys,
                )
        return hook.insert_records(table, rows, STREAMS[stream].variant_columns)

    # -- the source ------------------------------------------------------------------------------------
    def _window_start(self, stream: str, mode: str) -> datetime:
        start = _parse_time(str(self.source.get("start_date") or DEFAULT_SOURCE_START))
        cursor = self.state.get(stream)
        if mode.startswith("incremental") and cursor:
            return max(start, _parse_time(cursor) + CURSOR_GRANULARITY)
        return start

    def _public_calls(self, start: datetime, until: datetime) -> list[dict[str, Any]]:
        """Calls Gong serves for ``[start, until)`` in start order, without the private ones."""
        calls = [
            c
            for c in self.tenant.calls
            if not (c.get("metaData") or {}).get("isPrivate")
            and start <= _parse_time(c["metaData"]["started"]) < until
        ]
        return sorted(
            calls, key=lambda c: (_parse_time(c["metaData"]["started"]), str(c["metaData"].get("id")))
        )

    def _read(self, stream: str, mode: str, *, until: datetime) -> tuple[list[dict[str, Any]], str | None]:
        """The stream's records for this sync and the stream's cursor after it (None: no cursor)."""
        from local_stack.gong_peer import _select_fields

        if stream == "users":
            return [deepcopy(u) for u in self.tenant.users], None
        calls = self._public_calls(self._window_start(stream, mode), until)
        cursor = self.state.get(stream)
        if calls:
            cursor = _format_time(_parse_time(calls[-1]["metaData"]["started"]))
        if stream == "extensiveCalls":
            return [deepcopy(_select_fields(c, SOURCE_GONG_CONTENT_SELECTOR)) for c in calls], cursor
        if stream == "calls":
            return [deepcopy(c["metaData"]) for c in calls], cursor
        # callTranscripts: the transcripts Gong has now for the calls this sync saw first, with `started`
        # copied from the parent call (the transcript endpoint returns no time).
        transcripts = self.tenant.transcripts
        records = [
            {
                "callId": str(c["metaData"]["id"]),
                "started": c["metaData"]["started"],
                "transcript": deepcopy(transcripts[str(c["metaData"]["id"])]),
            }
            for c in calls
            if c["metaData"].get("id") is not None and str(c["metaData"]["id"]) in transcripts
        ]
        return records, cursor


def _record_key(stream: str, record: Mapping[str, Any]) -> Any:
    if stream == "extensiveCalls":
        return (record.get("metaData") or {}).get("id")
    if stream == "callTranscripts":
        return record.get("callId")
    return record.get("id")


def _pages(records: Sequence[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(records), size):
        yield list(records[start : start + size])


@dataclass
class _Landing:
    """A sync job's landing, running in its own thread while the job is in progress."""

    job_id: int
    connection_id: str
    cancel: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    result: SyncResult | None = None
    error: str | None = None


class AirbytePeer(LoopbackServer):
    """In-process Airbyte public API peer.

    :param host: bind address.
    :param port: TCP port; 0 picks a free one.
    :param client_id: expected OAuth client id; with ``client_secret`` ``None`` auth is not required
        (like Airbyte OSS without auth).
    :param client_secret: expected OAuth client secret.
    :param on_sync: called as ``on_sync(connection, job)`` when a sync job succeeds.
    :param token_ttl: seconds an access token stays valid.
    :param tenant: the Gong tenant the Gong sources read (``local_stack.tenant.generate_tenant``).
    :param warehouse: where Snowflake destinations write: a ``LocalWarehouse`` or its Airflow connection
        (JSON form). With ``tenant``, sync jobs of Gong -> Snowflake connections land data.
    :param workspace_id: the workspace :meth:`add_connection` uses by default (any id is accepted).
    :param land_wait: seconds a status read that would end a job waits for its landing to finish (below
        the SDK's 5 s request timeout); a landing still running then leaves the job running.
    :param truncated_streams: streams whose Gong responses arrive truncated in the following syncs: the job
        succeeds having landed nothing for them (see :class:`GongDirectLoadSync`).
    """

    @property
    def _handler(self) -> type[BaseHTTPRequestHandler]:  # defined below the peer
        return _AirbyteHandler

    _owner_attr = "owner"
    _thread_name = "airbyte-peer"

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        client_id: str | None = "airflow",
        client_secret: str | None = "airbyte-secret",
        on_sync: Callable[[dict[str, Any], dict[str, Any]], None] | None = None,
        token_ttl: int = 180,
        tenant: Any = None,
        warehouse: Any = None,
        workspace_id: str | None = None,
        land_wait: float = 3.0,
        truncated_streams: Collection[str] = (),
    ) -> None:
        self._host = host
        # Mutable on purpose: a test truncates a stream for the next syncs only.
        self.truncated_streams: set[str] = set(truncated_streams)
        self._port = port
        self.client_id = client_id
        self.client_secret = client_secret
        self.on_sync = on_sync
        self.token_ttl = token_ttl
        self.tenant = tenant
        self.warehouse = warehouse
        self.workspace_id = workspace_id or str(uuid.uuid4())
        self.land_wait = land_wait
        self._lock = threading.RLock()
        self._tokens: dict[str, float] = {}
        self.sources: dict[str, dict[str, Any]] = {}
        self.destinations: dict[str, dict[str, Any]] = {}
        self.connections: dict[str, dict[str, Any]] = {}
        self.jobs: dict[int, dict[str, Any]] = {}
        self._job_polls: dict[int, int] = {}
        self._scripts: dict[str, JobScript] = {}
        self._default_script = JobScript()
        self._next_job_id = 1
        # Airbyte's connection state: connection id -> stream -> cursor.
        self._states: dict[str, dict[str, str]] = {}
        self._landings: dict[int, _Landing] = {}
        self._log: list[RequestLogEntry] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- lifecycle

    @property
    def url(self) -> str:
        """Server URL including ``/v1``, as the Airflow connection's host."""
        return f"http://{self._host}:{self.port}/v1"

    def airflow_connection(self) -> dict[str, Any]:
        """The Airflow connection (JSON form) pointing at this peer."""
        conn: dict[str, Any] = {"conn_type": "airbyte", "host": self.url}
        if self.client_secret is not None:
            conn.update(login=self.client_id, password=self.client_secret)
        return conn

    # ---------------------------------------------------------------- test controls

    def script(self, connection_id: str | None, outcome: str, *, polls: int = 1) -> None:
        """Script jobs of ``connection_id`` (``None``: the default for all connections)."""
        script = JobScript(outcome, polls)
        with self._lock:
            if connection_id is None:
                self._default_script = script
            else:
                self._scripts[connection_id] = script

    def add_connection(self, *, name: str = "Gong to Snowflake", workspace_id: str | None = None) -> str:
        """Create a bare connection (with placeholder source and destination ids) and return its id."""
        with self._lock:
            body = {"name": name, "sourceId": str(uuid.uuid4()), "destinationId": str(uuid.uuid4())}
            return self._create_connection(body, workspace_id or self.workspace_id)["connectionId"]

    @property
    def requests(self) -> list[RequestLogEntry]:
        with self._lock:
            return list(self._log)

    def job_status(self, job_id: int) -> str:
        with self._lock:
            return self.jobs[job_id]["status"]

    def state(self, connection_id: str) -> dict[str, str]:
        """The connection's committed per-stream cursors (Airbyte's connection state)."""
        with self._lock:
            return dict(self._states.get(connection_id, {}))

    def sync_result(self, job_id: int) -> SyncResult | None:
        """What the job landed, once its landing finished (None for jobs that land nothing)."""
        with self._lock:
            landing = self._landings.get(job_id)
        return landing.result if landing is not None else None

    def sync_error(self, job_id: int) -> str | None:
        """Why the job's landing failed, if it did."""
        with self._lock:
            landing = self._landings.get(job_id)
        return landing.error if landing is not None else None

    # ---------------------------------------------------------------- landing

    def _warehouse_connection(self) -> dict[str, Any] | None:
        if self.warehouse is None:
            return None
        if hasattr(self.warehouse, "airflow_connection"):
            return dict(self.warehouse.airflow_connection())
        return dict(self.warehouse)

    def _gong_to_snowflake(self, connection: dict[str, Any]) -> tuple[dict, dict] | None:
        """(source, destination) configurations when the connection lands data here, else None."""
        if self.tenant is None or self.warehouse is None:
            return None
        source = self.sources.get(connection.get("sourceId", ""))
        destination = self.destinations.get(connection.get("destinationId", ""))
        if source is None or destination is None:
            return None
        if source["configuration"].get("sourceType") != "gong":
            return None
        if destination["configuration"].get("destinationType") != "snowflake":
            return None
        return deepcopy(source["configuration"]), deepcopy(destination["configuration"])

    def _start_landing(self, job: dict[str, Any]) -> None:
        """Start landing the job's sync in a thread, if its connection lands data (caller holds the lock)."""
        connection = self.connections[job["connectionId"]]
        script = self._scripts.get(job["connectionId"], self._default_script)
        configs = self._gong_to_snowflake(connection)
        if job["jobType"] != "sync" or configs is None or script.outcome != "succeeded":
            return
        landing = _Landing(job["jobId"], job["connectionId"])
        sync = GongDirectLoadSync(
            self.tenant,
            self._warehouse_connection() or {},
            connection=deepcopy(connection),
            source=configs[0],
            destination=configs[1],
            job_id=job["jobId"],
            state=self._states.get(job["connectionId"], {}),
            cancelled=landing.cancel,
            truncated_streams=set(self.truncated_streams),
        )
        self._landings[job["jobId"]] = landing

        def land() -> None:
            try:
                landing.result = sync.run()
            except SyncCancelled as e:
                landing.error = str(e)
            except Exception as e:
                log.warning("sync of job %s failed", landing.job_id, exc_info=True)
                landing.error = f"{type(e).__name__}: {e}"
            finally:
                landing.done.set()

        threading.Thread(target=land, name=f"airbyte-sync-{job['jobId']}", daemon=True).start()

    # ---------------------------------------------------------------- auth

    def _issue_token(self, form: dict[str, Any]) -> dict[str, Any]:
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            raise _ApiError(401, "unauthorized", "invalid client credentials")
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = time.time() + self.token_ttl
        return {"access_token": token, "token_type": "Bearer", "expires_in": self.token_ttl}

    def _check_auth(self, header: str | None) -> None:
        if self.client_secret is None:
            return
        if not header or not header.lower().startswith("bearer "):
            raise _ApiError(401, "unauthorized", "missing bearer token")
        with self._lock:
            expiry = self._tokens.get(header.split(" ", 1)[1].strip())
        if expiry is None or expiry < time.time():
            raise _ApiError(401, "unauthorized", "invalid or expired token")

    # ---------------------------------------------------------------- routing

    def handle(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        parts = [p for p in path.split("/") if p]
        # The SDK joins a relative token URL onto the server URL; tolerate a doubled /v1 prefix.
        while parts and parts[0] == "v1":
            parts = parts[1:]
        if parts == ["health"] and method == "GET":
            return 200, "Successful operation"
        if not parts:
            raise _ApiError(404, "not-found", path)
        resource, rest = parts[0], parts[1:]
        if resource == "jobs":
            return self._jobs(method, rest, query, body)
        if resource in ("sources", "destinations", "connections"):
            return self._crud(resource, method, rest, query, body)
        if resource == "workspaces" and len(rest) == 1 and method == "GET":
            return 200, self._workspace(rest[0])
        raise _ApiError(404, "not-found", path)

    def _workspace(self, workspace_id: str) -> dict[str, Any]:
        with self._lock:
            known = {self.workspace_id}
            for store in (self.sources, self.destinations, self.connections):
                known.update(o["workspaceId"] for o in store.values())
        if workspace_id not in known:
            raise _ApiError(404, "not-found", f"workspace {workspace_id} not found")
        return {
            "workspaceId": workspace_id,
            "name": "Default Workspace",
            "dataResidency": "auto",
            "notifications": {},
        }

    def _jobs(self, method: str, rest: list[str], query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        if not rest and method == "POST":
            return 200, self._create_job(body or {})
        if not rest and method == "GET":
            conn = (query.get("connectionId") or [None])[0]
            status = (query.get("status") or [None])[0]
            with self._lock:
                data = [
                    deepcopy(j)
                    for j in self.jobs.values()
                    if (conn is None or j["connectionId"] == conn)
                    and (status is None or j["status"] == status)
                ]
            return 200, {"data": data}
        if len(rest) != 1 or not rest[0].isdigit():
            raise _ApiError(404, "not-found", "/".join(rest))
        job_id = int(rest[0])
        if method == "GET":
            return 200, self._poll_job(job_id)
        if method == "DELETE":
            return 200, self._cancel_job(job_id)
        raise _ApiError(405, "method-not-allowed", method)

    def _create_job(self, body: dict[str, Any]) -> dict[str, Any]:
        connection_id = body.get("connectionId")
        job_type = body.get("jobType")
        if job_type not in ("sync", "reset", "refresh", "clear"):
            raise _ApiError(400, "bad-request", f"invalid jobType {job_type!r}")
        with self._lock:
            if connection_id not in self.connections:
                raise _ApiError(404, "not-found", f"connection {connection_id} not found")
            # Airbyte refuses a second job while one is running for the same connection.
            for job in self.jobs.values():
                if job["connectionId"] == connection_id and job["status"] in IN_PROGRESS:
                    raise _ApiError(
                        409, "conflict", f"A sync is already running for this connection: job {job['jobId']}"
                    )
            job_id = self._next_job_id
            self._next_job_id += 1
            job = {
                "jobId": job_id,
                "status": "pending",
                "jobType": job_type,
                "startTime": _now_iso(),
                "connectionId": connection_id,
                "lastUpdatedAt": _now_iso(),
            }
            self.jobs[job_id] = job
            self._job_polls[job_id] = 0
            self._start_landing(job)
            return deepcopy(job)

    def _poll_job(self, job_id: int) -> dict[str, Any]:
        ending: str | None = None
        with self._lock:
            job = self.jobs.get(job_id)
            if job is None:
                raise _ApiError(404, "not-found", f"job {job_id} not found")
            if job["status"] in IN_PROGRESS:
                self._job_polls[job_id] += 1
                script = self._scripts.get(job["connectionId"], self._default_script)
                if script.outcome == "never" or self._job_polls[job_id] <= script.polls:
                    job["status"] = "running"
                else:
                    ending = script.outcome
            landing = self._landings.get(job_id)
        if ending == "succeeded" and landing is not None:
            landing.done.wait(self.land_wait)
        elif ending is not None and landing is not None:
            landing.cancel.set()  # the script was changed after the job started: stop landing
        run_hook = False
        with self._lock:
            if ending is not None and job["status"] in IN_PROGRESS:
                if ending == "succeeded" and landing is not None and not landing.done.is_set():
                    job["status"] = "running"
                elif ending == "succeeded" and landing is not None and landing.error is not None:
                    log.warning("job %s failed: %s", job_id, landing.error)
                    job["status"] = "failed"
                    self._finish(job)
                else:
                    if ending == "succeeded" and landing is not None and landing.result is not None:
                        self._states[job["connectionId"]] = dict(landing.result.state)
                        job["rowsSynced"] = landing.result.rows_synced
                        job["bytesSynced"] = landing.result.bytes_synced
                    job["status"] = ending
                    run_hook = ending == "succeeded" and self.on_sync is not None
                    self._finish(job)
            connection = deepcopy(self.connections.get(job["connectionId"], {}))
            snapshot = deepcopy(job)
        if run_hook:
            assert self.on_sync is not None
            try:
                self.on_sync(connection, snapshot)
            except Exception as e:
                log.warning("on_sync failed for job %s: %s", job_id, e)
                with self._lock:
                    self.jobs[job_id]["status"] = snapshot["status"] = "failed"
        return snapshot

    def _finish(self, job: dict[str, Any]) -> None:
        started = datetime.strptime(job["startTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        job["lastUpdatedAt"] = _now_iso()
        job["duration"] = f"PT{max(0, int((datetime.now(UTC) - started).total_seconds()))}S"
        job.setdefault("rowsSynced", 0)
        job.setdefault("bytesSynced", 0)

    def _cancel_job(self, job_id: int) -> dict[str, Any]:
        with self._lock:
            job = self.jobs.get(job_id)
            if job is None:
                raise _ApiError(404, "not-found", f"job {job_id} not found")
            if job["status"] in IN_PROGRESS:
                job["status"] = "cancelled"
                self._finish(job)
                landing = self._landings.get(job_id)
                if landing is not None:
                    landing.cancel.set()
            return deepcopy(job)

    # ---------------------------------------------------------------- sources / destinations / connections

    def _store(self, resource: str) -> dict[str, dict[str, Any]]:
        return {"sources": self.sources, "destinations": self.destinations, "connections": self.connections}[
            resource
        ]

    def _crud(
        self, resource: str, method: str, rest: list[str], query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        id_key = {"sources": "sourceId", "destinations": "destinationId", "connections": "connectionId"}[
            resource
        ]
        with self._lock:
            store = self._store(resource)
            if not rest:
                if method == "GET":
                    return 200, self._list(store, query)
                if method == "POST":
                    body = body or {}
                    if resource == "connections":
                        source = self.sources.get(body.get("sourceId", ""))
                        if source is None or body.get("destinationId") not in self.destinations:
                            raise _ApiError(400, "bad-request", "sourceId/destinationId not found")
                        return 200, self._public(self._create_connection(body, source["workspaceId"]))
                    return 200, self._public(self._create_actor(resource, body, id_key))
                raise _ApiError(405, "method-not-allowed", method)
            obj = store.get(rest[0])
            if obj is None or len(rest) != 1:
                raise _ApiError(404, "not-found", f"{resource} {rest[0]} not found")
            if method == "GET":
                return 200, self._public(obj)
            if method == "PATCH":
                return 200, self._public(self._patch(resource, obj, body or {}))
            if method == "DELETE":
                del store[rest[0]]
                return 204, None
            raise _ApiError(405, "method-not-allowed", method)

    def _list(self, store: dict[str, dict[str, Any]], query: dict[str, list[str]]) -> dict[str, Any]:
        workspace_ids = set(query.get("workspaceIds", []))
        limit = int((query.get("limit") or ["20"])[0])
        offset = int((query.get("offset") or ["0"])[0])
        if not 1 <= limit <= 100:
            raise _ApiError(400, "bad-request", "limit must be within 1..100")
        items = [o for o in store.values() if not workspace_ids or o["workspaceId"] in workspace_ids]
        page = items[offset : offset + limit]
        out: dict[str, Any] = {"data": [self._public(o) for o in page]}
        if offset + limit < len(items):
            out["next"] = f"{self.url}?limit={limit}&offset={offset + limit}"
        if offset > 0:
            out["previous"] = f"{self.url}?limit={limit}&offset={max(0, offset - limit)}"
        return out

    def _create_actor(self, resource: str, body: dict[str, Any], id_key: str) -> dict[str, Any]:
        for key in ("name", "workspaceId", "configuration"):
            if not body.get(key):
                raise _ApiError(400, "bad-request", f"{key} is required")
        config = body["configuration"]
        type_key = "sourceType" if resource == "sources" else "destinationType"
        if not config.get(type_key):
            raise _ApiError(400, "bad-request", f"configuration.{type_key} is required")
        obj = {
            id_key: str(uuid.uuid4()),
            "name": body["name"],
            type_key: config[type_key],
            "workspaceId": body["workspaceId"],
            "definitionId": body.get("definitionId") or str(uuid.uuid5(uuid.NAMESPACE_URL, config[type_key])),
            "configuration": deepcopy(config),
            "createdAt": int(time.time()),
        }
        self._store(resource)[obj[id_key]] = obj
        return obj

    def _create_connection(self, body: dict[str, Any], workspace_id: str) -> dict[str, Any]:
        schedule = body.get("schedule") or {"scheduleType": "manual"}
        obj = {
            "connectionId": str(uuid.uuid4()),
            "name": body.get("name") or "connection",
            "sourceId": body["sourceId"],
            "destinationId": body["destinationId"],
            "workspaceId": workspace_id,
            "status": body.get("status") or "active",
            "schedule": schedule,
            "configurations": deepcopy(body.get("configurations") or {"streams": []}),
            "namespaceDefinition": body.get("namespaceDefinition") or "destination",
            "prefix": body.get("prefix") or "",
            "nonBreakingSchemaUpdatesBehavior": body.get("nonBreakingSchemaUpdatesBehavior") or "ignore",
            "tags": [],
            "createdAt": int(time.time()),
        }
        if body.get("namespaceFormat") is not None:
            obj["namespaceFormat"] = body["namespaceFormat"]
        self.connections[obj["connectionId"]] = obj
        return obj

    def _patch(self, resource: str, obj: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        for key, value in body.items():
            if value is None:
                continue
            if key == "configuration":
                merged = deepcopy(obj["configuration"])
                merged.update(deepcopy(value))
                obj["configuration"] = merged
            elif key in ("sourceId", "destinationId", "workspaceId", "connectionId"):
                raise _ApiError(400, "bad-request", f"{key} cannot be patched")
            else:
                obj[key] = deepcopy(value)
        return obj

    @staticmethod
    def _public(obj: dict[str, Any]) -> dict[str, Any]:
        out = deepcopy(obj)
        if "configuration" in out:
            out["configuration"] = _mask(out["configuration"])
        return out


class _AirbyteHandler(BaseHTTPRequestHandler):
    owner: AirbytePeer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("airbyte peer: " + format, *args)

    def _send(self, status: int, payload: Any) -> None:
        if status == 204:
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if isinstance(payload, str):
            data, ctype = payload.encode(), "text/plain"
        else:
            data, ctype = json.dumps(payload).encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return None
        ctype = self.headers.get("Content-Type", "")
        if "application/x-www-form-urlencoded" in ctype:
            return {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        try:
            return json.loads(raw)
        except json.JSONDecodeError as e:
            raise _ApiError(400, "bad-request", f"invalid JSON: {e}") from None

    def _dispatch(self, method: str) -> None:
        split = urlsplit(self.path)
        status = 500
        try:
            body = self._body()
            path = split.path.rstrip("/")
            if method == "POST" and path.endswith("/applications/token"):
                status, payload = 200, self.owner._issue_token(body or {})
            else:
                if not path.endswith("/health"):
                    self.owner._check_auth(self.headers.get("Authorization"))
                status, payload = self.owner.handle(method, path, parse_qs(split.query), body)
        except _ApiError as e:
            status, payload = e.status, e.body
        except Exception as e:  # a peer bug must surface as a 500, not a hung client
            log.exception("airbyte peer error")
            status, payload = 500, {"title": "internal-error", "detail": str(e)}
        with self.owner._lock:
            self.owner._log.append(RequestLogEntry(method, split.path, status))
        self._send(status, payload)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PUT(self) -> None:
        self._dispatch("PUT")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local Airbyte public API peer")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8702)
    parser.add_argument("--client-id", default="airflow")
    parser.add_argument("--client-secret", default="airbyte-secret")
    parser.add_argument("--outcome", default="succeeded", choices=sorted(OUTCOMES))
    parser.add_argument("--polls", type=int, default=2, help="status reads before a job finishes")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    peer = AirbytePeer(args.host, args.port, client_id=args.client_id, client_secret=args.client_secret)
    peer.script(None, args.outcome, polls=args.polls)
    peer.start()
    print(f"Airbyte API peer listening on {peer.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        peer.stop()


if __name__ == "__main__":
    main()
