"""Airflow hook for the Gong API v2 (users, extensive calls, transcripts).

Connection (conn_type ``gong``, default id ``gong_default``):

- host: the company's base URL, e.g. ``https://us-12345.api.gong.io`` (``http://127.0.0.1:PORT`` locally);
  a host without a scheme gets ``https://`` (or the connection's schema field, if set).
- login / password: access key / access key secret (HTTP Basic).
- extra ``bearer_token``: an OAuth token used instead of Basic auth.
- extra tuning (all optional): ``requests_per_second`` (3), ``max_attempts`` (5), ``backoff_initial_seconds``
  (1), ``backoff_max_seconds`` (30), ``max_rate_limit_wait_seconds`` (300), ``max_rate_limit_retries`` (10),
  ``timeout_seconds`` (60).

Gong allows 3 requests/second per company and answers 429 with ``Retry-After`` beyond it (hours once the
daily quota is spent), so the hook throttles itself, honours short Retry-After waits and fails fast with
:class:`GongRateLimitError` on long ones instead of holding a worker slot for hours.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseHook

from include.gong_intel.gong.records import (
    EXTENSIVE_CONTENT_SELECTOR,
    GONG_PAGE_SIZE,
    MAX_TRANSCRIPT_CALL_IDS,
    GongRequestStats,
)

if TYPE_CHECKING:
    import requests

# Gong's wording for an empty result, answered as HTTP 404.
_NO_RESULTS_MARKER = "found corresponding to the provided filters"
_ERROR_BODY_PREVIEW = 300


class GongError(Exception):
    """Base class of the Gong hook's errors."""


class GongApiError(GongError):
    """Gong answered with an error, or with a body that is not the expected JSON, after bounded retries."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class GongAuthError(GongApiError):
    """Gong rejected the credentials (401/403); never retried."""


class GongRateLimitError(GongApiError):
    """Gong asked to wait longer than the configured cap, or kept answering 429."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message, status=429)
        self.retry_after = retry_after


class GongPaginationError(GongApiError):
    """The server returned a cursor it had already returned: following it would loop forever."""


class _TransientError(GongApiError):
    """A failure worth retrying: 5xx, connection error, timeout, malformed JSON."""


class _RateLimited(GongError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited, retry after {retry_after:g}s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class GongClientSettings:
    """Client behaviour read from the connection's extras (see the module docstring)."""

    requests_per_second: float = 3.0
    max_attempts: int = 5
    backoff_initial_seconds: float = 1.0
    backoff_max_seconds: float = 30.0
    max_rate_limit_wait_seconds: float = 300.0
    max_rate_limit_retries: int = 10
    timeout_seconds: float = 60.0

    @classmethod
    def from_extra(cls, extra: Mapping[str, Any]) -> GongClientSettings:
        """Build settings from a connection's extras, ignoring unrelated keys.

        :raises ValueError: when a setting is not a positive number (a zero retry budget would make every
            transient error fatal; a zero rate would divide by zero).
        """
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in extra:
                continue
            raw = extra[f.name]
            try:
                value = int(raw) if f.type in ("int", int) else float(raw)
            except (TypeError, ValueError):
                raise ValueError(f"Gong connection extra {f.name!r} must be a number, got {raw!r}") from None
            if value <= 0 and f.name != "backoff_initial_seconds":
                raise ValueError(f"Gong connection extra {f.name!r} must be > 0, got {raw!r}")
            if value < 0:
                raise ValueError(f"Gong connection extra {f.name!r} must be >= 0, got {raw!r}")
            values[f.name] = value
        return cls(**values)


class _Throttle:
    """Spaces requests at least 1/rate seconds apart (thread-safe); returns the time it slept."""

    def __init__(self, rate: float) -> None:
        self._interval = 1.0 / rate
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> float:
        with self._lock:
            now = time.monotonic()
            delay = max(0.0, self._next - now)
            self._next = max(now, self._next) + self._interval
        if delay:
            time.sleep(delay)
        return delay


def format_gong_datetime(value: datetime, *, round_up: bool = False) -> str:
    """Format an aware datetime the way Gong's filters expect (UTC, whole seconds, ``Z``).

    :param round_up: round a fractional second up instead of down, so an exclusive upper bound never
        drops a call that started within its last second.
    :raises ValueError: for a naive datetime (its meaning would depend on the worker's time zone).
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"Gong filters need time-zone-aware datetimes, got naive {value.isoformat()}")
    utc = value.astimezone(UTC)
    if round_up and utc.microsecond:
        utc = utc + timedelta(seconds=1)
    return utc.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _parse_retry_after(value: str | None) -> float:
    """Seconds from a Retry-After header (delta-seconds or HTTP date); 1 s when absent or unreadable."""
    if not value:
        return 1.0
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 1.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_text(response: requests.Response) -> str:
    """Gong's ``errors`` list if present, else a short preview of the body (never request headers)."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:_ERROR_BODY_PREVIEW]
    if isinstance(body, Mapping) and isinstance(body.get("errors"), list):
        return "; ".join(str(e) for e in body["errors"])[:_ERROR_BODY_PREVIEW]
    return str(body)[:_ERROR_BODY_PREVIEW]


def _batched(values: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class GongHook(BaseHook):
    """Read users, calls and transcripts from the Gong API v2.

    All ``iter_*`` methods are generators that fetch one 100-record page at a time, so memory stays flat
    however large the window. Records are Gong's JSON objects, unchanged.

    :param gong_conn_id: the Airflow connection holding base URL and credentials.
    """

    conn_name_attr = "gong_conn_id"
    default_conn_name = "gong_default"
    conn_type = "gong"
    hook_name = "Gong"

    def __init__(self, gong_conn_id: str = default_conn_name) -> None:
        super().__init__()
        self.gong_conn_id = gong_conn_id
        self.stats = GongRequestStats()
        self._session: requests.Session | None = None
        self._base_url: str | None = None
        self._settings: GongClientSettings | None = None
        self._throttle: _Throttle | None = None

    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        return {
            "hidden_fields": ["port", "schema"],
            "relabeling": {"host": "Base URL", "login": "Access key", "password": "Access key secret"},
            "placeholders": {
                "host": "https://us-12345.api.gong.io",
                "extra": '{"bearer_token": "(OAuth instead of an access key)", "requests_per_second": 3}',
            },
        }

    # -- connection --------------------------------------------------------------------------------------
    def get_conn(self) -> requests.Session:
        """Return the cached ``requests.Session`` carrying the connection's auth."""
        if self._session is not None:
            return self._session
        import requests

        conn = self.get_connection(self.gong_conn_id)
        extra = conn.extra_dejson or {}
        if not conn.host:
            raise GongError(f"Gong connection {self.gong_conn_id!r} has no host (the company's base URL)")
        host = conn.host.rstrip("/")
        if "://" not in host:
            host = f"{conn.schema or 'https'}://{host}"
            if conn.port:
                host = f"{host}:{conn.port}"
        settings = GongClientSettings.from_extra(extra)
        session = requests.Session()
        session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
        bearer = extra.get("bearer_token")
        if bearer:
            session.headers["Authorization"] = f"Bearer {bearer}"
        elif conn.login and conn.password:
            session.auth = (conn.login, conn.password)
        else:
            raise GongAuthError(
                f"Gong connection {self.gong_conn_id!r} needs login + password (access key and secret) "
                "or extra.bearer_token"
            )
        self._base_url = host
        self._settings = settings
        self._throttle = _Throttle(settings.requests_per_second)
        self._session = session
        self.log.info(
            "Gong client for %s: %s auth, %.3g req/s, %d attempts",
            host,
            "bearer" if bearer else "basic",
            settings.requests_per_second,
            settings.max_attempts,
        )
        return session

    @property
    def base_url(self) -> str:
        self.get_conn()
        assert self._base_url is not None
        return self._base_url

    @property
    def settings(self) -> GongClientSettings:
        self.get_conn()
        assert self._settings is not None
        return self._settings

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def test_connection(self) -> tuple[bool, str]:
        """Check base URL and credentials with one ``GET /v2/users`` page."""
        try:
            payload = self._request("GET", "/v2/users")
        except (GongError, ValueError) as e:
            return False, str(e)
        total = (payload or {}).get("records", {}).get("totalRecords", 0)
        return True, f"Connected to Gong at {self.base_url} ({total} users visible)"

    # -- public readers -----------------------------------------------------------------------------------
    def iter_users(self) -> Iterator[dict]:
        """Yield every ``/v2/users`` item (Airbyte's ``users`` stream, a full refresh)."""
        # Airbyte's source-gong pages users with `limit` = 100 (its paginator's page_size_option).
        yield from self._paginate("GET", "/v2/users", "users", params={"limit": GONG_PAGE_SIZE})

    def iter_calls(self, from_dt: datetime, to_dt: datetime) -> Iterator[dict]:
        """Yield ``GET /v2/calls`` items (call metadata) for calls started in ``[from_dt, to_dt)``.

        The request Airbyte's ``calls`` stream makes (``fromDateTime``/``toDateTime`` query parameters); one
        page holds 100 calls, so counting a day costs a request per 100 calls.
        """
        if to_dt <= from_dt:
            raise ValueError(f"empty window: from {from_dt.isoformat()} is not before to {to_dt.isoformat()}")
        params = {
            "fromDateTime": format_gong_datetime(from_dt),
            "toDateTime": format_gong_datetime(to_dt, round_up=True),
        }
        yield from self._paginate("GET", "/v2/calls", "calls", params=params)

    def iter_extensive_calls(
        self,
        from_dt: datetime,
        to_dt: datetime,
        call_ids: Iterable[str] | None = None,
        *,
        content_selector: Mapping[str, Any] | None = None,
    ) -> Iterator[dict]:
        """Yield ``/v2/calls/extensive`` items for calls started in ``[from_dt, to_dt)``.

        :param call_ids: restrict to these call ids (still within the window).
        :param content_selector: defaults to what the Airbyte Gong source requests
            (:data:`~include.gong_intel.gong.records.EXTENSIVE_CONTENT_SELECTOR`).
        """
        if to_dt <= from_dt:
            raise ValueError(f"empty window: from {from_dt.isoformat()} is not before to {to_dt.isoformat()}")
        flt: dict[str, Any] = {
            "fromDateTime": format_gong_datetime(from_dt),
            "toDateTime": format_gong_datetime(to_dt, round_up=True),
        }
        if call_ids is not None:
            flt["callIds"] = [str(i) for i in call_ids]
            if not flt["callIds"]:
                return
        body = {"filter": flt, "contentSelector": dict(content_selector or EXTENSIVE_CONTENT_SELECTOR)}
        yield from self._paginate("POST", "/v2/calls/extensive", "calls", body=body)

    def iter_transcripts(
        self,
        call_ids: Iterable[str],
        *,
        from_dt: datetime | None = None,
        to_dt: datetime | None = None,
    ) -> Iterator[dict]:
        """Yield ``{callId, transcript}`` items for the given calls, asking for at most 100 ids per request.

        :param from_dt: optional lower bound on the calls' start (narrows Gong's search).
        :param to_dt: optional exclusive upper bound on the calls' start.
        """
        for batch in _batched((str(i) for i in call_ids), MAX_TRANSCRIPT_CALL_IDS):
            flt: dict[str, Any] = {"callIds": batch}
            if from_dt is not None:
                flt["fromDateTime"] = format_gong_datetime(from_dt)
            if to_dt is not None:
                flt["toDateTime"] = format_gong_datetime(to_dt, round_up=True)
            yield from self._paginate("POST", "/v2/calls/transcript", "callTranscripts", body={"filter": flt})

    # -- plumbing -------------------------------------------------------------------------------------------
    def _paginate(
        self,
        method: str,
        path: str,
        items_key: str,
        *,
        body: dict[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Iterator[dict]:
        seen: set[str] = set()
        cursor: str | None = None
        while True:
            page_params = dict(params or {})
            if cursor and method == "GET":
                page_params["cursor"] = cursor
            page_body = dict(body, cursor=cursor) if body is not None and cursor else body
            payload = self._request(method, path, params=page_params or None, json_body=page_body)
            if payload is None:
                return
            items = payload.get(items_key)
            if not isinstance(items, list):
                raise GongApiError(f"Gong {method} {path} answered without a {items_key!r} list")
            self.stats.pages += 1
            yield from items
            records = payload.get("records")
            next_cursor = records.get("cursor") if isinstance(records, Mapping) else None
            if not next_cursor:
                return
            if next_cursor in seen or next_cursor == cursor:
                raise GongPaginationError(
                    f"Gong {method} {path} returned a cursor it had already returned (page "
                    f"{self.stats.pages}); stopping instead of looping over the same pages"
                )
            seen.add(next_cursor)
            cursor = next_cursor

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Mapping[str, Any] | None = None,
    ) -> dict | None:
        """Send one logical request with throttling and bounded retries.

        :return: the JSON body, or ``None`` for Gong's "no results" 404.
        """
        import tenacity

        self.get_conn()
        settings = self.settings
        counts = {"transient": 0, "rate_limited": 0}

        # tenacity runs after -> wait -> stop; counting in `after` keeps both 429s and transient failures
        # on their own budgets (a throttled run must not eat the retries meant for 5xx).
        def after(state: tenacity.RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            counts["rate_limited" if isinstance(exc, _RateLimited) else "transient"] += 1

        def stop(state: tenacity.RetryCallState) -> bool:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, _RateLimited):
                return counts["rate_limited"] > settings.max_rate_limit_retries
            return counts["transient"] >= settings.max_attempts

        def wait(state: tenacity.RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, _RateLimited):
                return exc.retry_after
            delay = settings.backoff_initial_seconds * 2 ** (counts["transient"] - 1)
            return min(settings.backoff_max_seconds, delay)

        def before_sleep(state: tenacity.RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            seconds = state.upcoming_sleep
            if isinstance(exc, _RateLimited):
                self.stats.rate_limit_wait_seconds += seconds
                self.log.warning(
                    "Gong %s %s rate limited; waiting %.1fs (Retry-After)", method, path, seconds
                )
            else:
                self.stats.retries += 1
                self.log.warning(
                    "Gong %s %s failed (%s); retry %d/%d in %.2fs",
                    method,
                    path,
                    exc,
                    counts["transient"],
                    settings.max_attempts - 1,
                    seconds,
                )

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type((_TransientError, _RateLimited)),
            after=after,
            stop=stop,
            wait=wait,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            return retrying(self._send, method, path, params, json_body)
        except _RateLimited as e:
            raise GongRateLimitError(
                f"Gong {method} {path} still rate limited after {settings.max_rate_limit_retries} waits",
                retry_after=e.retry_after,
            ) from None
        except _TransientError as e:
            raise GongApiError(
                f"Gong {method} {path} failed after {counts['transient']} attempts: {e}", status=e.status
            ) from e

    def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        json_body: Mapping[str, Any] | None,
    ) -> dict | None:
        import requests

        session = self.get_conn()
        assert self._throttle is not None and self._settings is not None
        self.stats.throttle_wait_seconds += self._throttle.wait()
        self.stats.requests += 1
        try:
            response = session.request(
                method,
                f"{self._base_url}{path}",
                params=params,
                json=json_body,
                timeout=self._settings.timeout_seconds,
            )
        except (requests.ConnectionError, requests.Timeout) as e:
            # The exception text carries host and path only; auth lives in headers, which it never shows.
            raise _TransientError(f"{type(e).__name__} talking to {self._base_url}: {e}") from e
        status = response.status_code
        if status in (401, 403):
            raise GongAuthError(
                f"Gong rejected the credentials of connection {self.gong_conn_id!r} "
                f"(HTTP {status}: {_error_text(response)})",
                status=status,
            )
        if status == 429:
            self.stats.rate_limited += 1
            retry_after = _parse_retry_after(response.headers.get("Retry-After"))
            cap = self._settings.max_rate_limit_wait_seconds
            if retry_after > cap:
                raise GongRateLimitError(
                    f"Gong {method} {path} asked to retry after {retry_after:.0f}s, more than the "
                    f"{cap:.0f}s cap (max_rate_limit_wait_seconds); the daily quota may be spent",
                    retry_after=retry_after,
                )
            raise _RateLimited(math.ceil(retry_after * 1000) / 1000)
        if status == 404 and _NO_RESULTS_MARKER in response.text:
            return None
        if status >= 500:
            raise _TransientError(f"HTTP {status}: {_error_text(response)}", status=status)
        if status >= 400:
            raise GongApiError(
                f"Gong {method} {path} -> HTTP {status}: {_error_text(response)}", status=status
            )
        try:
            payload = response.json()
        except ValueError:
            raise _TransientError(
                f"malformed JSON in HTTP {status} response ({len(response.content)} bytes)", status=status
            ) from None
        if not isinstance(payload, dict):
            raise _TransientError(f"expected a JSON object, got {type(payload).__name__}", status=status)
        return payload
