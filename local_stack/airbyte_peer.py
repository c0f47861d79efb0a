"""A local peer for the subset of Airbyte's public API v1 that the pipeline uses, on 127.0.0.1.

It speaks the wire format of the ``airbyte-api`` SDK used by the Airflow Airbyte provider:

- ``POST /v1/applications/token`` (form or JSON client credentials) -> ``{access_token, token_type, expires_in}``
- ``GET /v1/health``
- ``POST /v1/jobs`` ``{connectionId, jobType: "sync"}``, ``GET /v1/jobs/{id}``, ``DELETE /v1/jobs/{id}`` (cancel),
  ``GET /v1/jobs?connectionId=&status=``
- ``/v1/sources``, ``/v1/destinations``, ``/v1/connections``: list (``workspaceIds``, ``limit``, ``offset``),
  create, get, patch; kept in memory, ids are UUIDs, secrets masked in responses like Airbyte does.

Job outcomes are scripted per connection (:meth:`AirbytePeer.script`): succeed or fail after N status polls,
get cancelled, or never finish. ``on_sync(connection, job)`` runs when a job succeeds, so a local run can land
data in the warehouse when a sync "completes"; if it raises, the job fails instead::

    with AirbytePeer(client_id="airflow", client_secret="s3cret") as peer:
        conn_id = peer.add_connection(name="Gong to Snowflake")
        peer.script(conn_id, "failed", polls=2)
        # Airflow connection: {"conn_type": "airbyte", "host": peer.url, "login": ..., "password": ...}

CLI: ``python -m local_stack.airbyte_peer --port 8702``.
"""

from __future__ import annotations

import argparse
import json
import logging
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime
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


class AirbytePeer(LoopbackServer):
    """In-process Airbyte public API peer.

    :param host: bind address.
    :param port: TCP port; 0 picks a free one.
    :param client_id: expected OAuth client id; with ``client_secret`` ``None`` auth is not required
        (like Airbyte OSS without auth).
    :param client_secret: expected OAuth client secret.
    :param on_sync: called as ``on_sync(connection, job)`` when a sync job succeeds.
    :param token_ttl: seconds an access token stays valid.
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
    ) -> None:
        self._host = host
        self._port = port
        self.client_id = client_id
        self.client_secret = client_secret
        self.on_sync = on_sync
        self.token_ttl = token_ttl
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
            return self._create_connection(body, workspace_id or str(uuid.uuid4()))["connectionId"]

    @property
    def requests(self) -> list[RequestLogEntry]:
        with self._lock:
            return list(self._log)

    def job_status(self, job_id: int) -> str:
        with self._lock:
            return self.jobs[job_id]["status"]

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
        raise _ApiError(404, "not-found", path)

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
            return deepcopy(job)

    def _poll_job(self, job_id: int) -> dict[str, Any]:
        run_hook = False
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
                    job["status"] = script.outcome
                    run_hook = script.outcome == "succeeded" and self.on_sync is not None
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
