"""An Airflow secrets backend that serves the pipeline's connections and Variable from a Pulumi ESC environment.

Configured in ``airflow.cfg`` (or ``AIRFLOW__SECRETS__BACKEND`` / ``AIRFLOW__SECRETS__BACKEND_KWARGS``)::

    [secrets]
    backend = include.gong_intel.secrets.pulumi_esc.PulumiEscSecretsBackend
    backend_kwargs = {"organization": "acme", "project": "gong-intel", "environment": "dev",
                      "token_env": "PULUMI_ACCESS_TOKEN"}

It opens the environment through the official SDK (``pulumi-esc-sdk``), keeps the opened values in process
memory for ``cache_ttl_seconds`` and builds the connections named in :mod:`.mapping` from them. Airflow asks
a configured backend first, then environment variables, then the metadata database (or, on workers, the
execution API): a connection this backend serves wins; one it does not serve (``connections`` /
``variables`` leave it out, or it is not in the mapping) falls through to the next.

No secret value ever reaches a log line or an exception: errors name the key, the environment and the token's
source (an environment variable's name or a file's path), never a value or the token.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from airflow.secrets import BaseSecretsBackend

from include.gong_intel.secrets.mapping import CONNECTIONS, VARIABLES, EscKeyMissingError

log = logging.getLogger(__name__)

DEFAULT_BACKEND_URL = "https://api.pulumi.com"


class EscAccessError(RuntimeError):
    """The ESC environment could not be opened or read (token rejected, environment unknown, API down)."""


class PulumiEscSecretsBackend(BaseSecretsBackend):
    """Connections and Variables from one Pulumi ESC environment.

    :param organization: Pulumi organisation that owns the environment.
    :param project: ESC project of the environment.
    :param environment: environment name (``dev``, ``prod``).
    :param token_env: environment variable holding the Pulumi access token (default ``PULUMI_ACCESS_TOKEN``).
    :param token_file: file holding the token instead (e.g. a mounted secret); read again whenever the API
        rejects the current token, so a rotated file is picked up without a restart.
    :param backend_url: Pulumi Cloud API URL (default ``PULUMI_BACKEND_URL`` or ``https://api.pulumi.com``).
    :param values_path: dotted path of the object in the environment's values that holds the keys (default:
        the top level).
    :param cache_ttl_seconds: how long opened values are reused before the environment is opened again.
    :param open_duration: how long each open session lives on the ESC side (a Go duration string).
    :param connections: connection ids to serve (default: every id in the mapping); a list, or a
        comma-separated string.
    :param variables: Variable keys to serve (default: every key in the mapping); likewise.
    :param request_timeout_seconds: per-request timeout of the ESC API calls.
    """

    def __init__(
        self,
        organization: str,
        project: str,
        environment: str,
        token_env: str = "PULUMI_ACCESS_TOKEN",
        token_file: str | None = None,
        backend_url: str | None = None,
        values_path: str | None = None,
        cache_ttl_seconds: float = 300.0,
        open_duration: str = "15m",
        connections: Iterable[str] | str | None = None,
        variables: Iterable[str] | str | None = None,
        request_timeout_seconds: float = 30.0,
    ) -> None:
        super().__init__()
        if not organization or not project or not environment:
            raise ValueError("PulumiEscSecretsBackend needs organization, project and environment")
        # Per-key overrides (AIRFLOW__SECRETS__BACKEND_KWARG__<NAME>) arrive as raw strings.
        cache_ttl_seconds = float(cache_ttl_seconds)
        if cache_ttl_seconds <= 0:
            raise ValueError("cache_ttl_seconds must be positive")
        self.organization, self.project, self.environment = organization, project, environment
        self.token_env, self.token_file = token_env, token_file
        self.backend_url = backend_url or os.environ.get("PULUMI_BACKEND_URL") or DEFAULT_BACKEND_URL
        self.values_path = [p for p in (values_path or "").split(".") if p]
        self.cache_ttl_seconds = float(cache_ttl_seconds)
        self.open_duration = open_duration
        self.request_timeout_seconds = float(request_timeout_seconds)
        served = set(CONNECTIONS) if connections is None else set(_names(connections))
        unknown = sorted(served - set(CONNECTIONS))
        if unknown:
            raise ValueError(f"no ESC mapping for connection ids {unknown}; mapped: {sorted(CONNECTIONS)}")
        self.served_connections = served
        self.served_variables = set(VARIABLES) if variables is None else set(_names(variables))
        unknown = sorted(self.served_variables - set(VARIABLES))
        if unknown:
            raise ValueError(f"no ESC mapping for Variables {unknown}; mapped: {sorted(VARIABLES)}")
        self._lock = threading.Lock()
        self._values: dict[str, Any] | None = None
        self._fetched_at = 0.0
        self._client: Any = None
        self._client_token: str | None = None

    # ------------------------------------------------------------------ Airflow's interface

    @property
    def ref(self) -> str:
        """``org/project/environment``: how errors name the environment."""
        return f"{self.organization}/{self.project}/{self.environment}"

    def get_conn_value(self, conn_id: str, team_name: str | None = None) -> str | None:
        """The connection as Airflow JSON, or None when this backend does not serve ``conn_id``.

        :raises EscKeyMissingError: the environment lacks a key the connection needs.
        :raises EscAccessError: the environment could not be opened or read.
        """
        if conn_id not in self.served_connections:
            return None
        try:
            conn = CONNECTIONS[conn_id].build(self.lookup, self.ref, conn_id)
        except (EscKeyMissingError, EscAccessError) as e:
            # Airflow logs a backend's exception for a connection only at debug level before trying the next
            # backend; the message names key, environment and token source, never a value.
            log.warning("%s", e)
            raise
        return json.dumps(conn)

    def get_variable(self, key: str, team_name: str | None = None) -> str | None:
        """The Variable's value (objects as JSON), or None when this backend does not serve ``key``.

        :raises EscKeyMissingError: the environment lacks the Variable's key.
        """
        if key not in self.served_variables:
            return None
        try:
            value = self.lookup(VARIABLES[key])
        except (EscKeyMissingError, EscAccessError) as e:
            log.warning("%s", e)
            raise
        if value is None:
            err = EscKeyMissingError(VARIABLES[key], self.ref, f"Variable {key!r}")
            log.warning("%s", err)
            raise err
        return value if isinstance(value, str) else json.dumps(value)

    # get_config stays the base class's None: Airflow's own settings are not kept in ESC.

    # ------------------------------------------------------------------ the ESC environment

    def lookup(self, key: str) -> Any | None:
        """One key of the environment's values (None when absent), from the cache while it is fresh."""
        values = self.values()
        return values.get(key)

    def values(self) -> dict[str, Any]:
        """The opened environment's values under ``values_path``, cached for ``cache_ttl_seconds``."""
        with self._lock:
            if self._values is None or time.monotonic() - self._fetched_at >= self.cache_ttl_seconds:
                self._values = self._select(self._open_and_read())
                self._fetched_at = time.monotonic()
            return self._values

    def invalidate(self) -> None:
        """Forget the cached values; the next lookup opens the environment again."""
        with self._lock:
            self._values = None

    def _select(self, values: Any) -> dict[str, Any]:
        node = values or {}
        for i, part in enumerate(self.values_path):
            if not isinstance(node, dict) or part not in node:
                raise EscKeyMissingError(".".join(self.values_path[: i + 1]), self.ref, "values_path")
            node = node[part]
        if not isinstance(node, dict):
            raise EscAccessError(f"values_path {'.'.join(self.values_path)!r} in {self.ref} is not an object")
        return node

    def _token_source(self) -> str:
        return (
            f"token file {self.token_file}" if self.token_file else f"environment variable {self.token_env}"
        )

    def _read_token(self) -> str:
        if self.token_file:
            try:
                token = Path(self.token_file).read_text().strip()
            except OSError as e:
                raise EscAccessError(
                    f"cannot read the Pulumi access token for {self.ref} from {self._token_source()}: "
                    f"{type(e).__name__}"
                ) from None
        else:
            token = os.environ.get(self.token_env, "").strip()
        if not token:
            raise EscAccessError(f"no Pulumi access token for {self.ref}: {self._token_source()} is empty")
        return token

    def _esc_client(self, token: str) -> Any:
        if self._client is None or self._client_token != token:
            import pulumi_esc_sdk as esc

            self._client = esc.EscClient(esc.Configuration(host=self.backend_url, access_token=token))
            self._client_token = token
        return self._client

    def _open_and_read(self) -> Any:
        """Open the environment and read its values. A 401 re-reads the token (it may have been rotated)
        and tries once more; an expired open session (404 on read) opens again once."""
        from pulumi_esc_sdk.exceptions import ApiException, NotFoundException, UnauthorizedException

        token = self._read_token()
        for attempt in (1, 2):
            client = self._esc_client(token)
            try:
                opened = client.esc_api.open_environment(
                    self.organization,
                    self.project,
                    self.environment,
                    duration=self.open_duration,
                    _request_timeout=self.request_timeout_seconds,
                )
                try:
                    env = client.esc_api.read_open_environment(
                        self.organization,
                        self.project,
                        self.environment,
                        opened.id,
                        _request_timeout=self.request_timeout_seconds,
                    )
                except NotFoundException:
                    if attempt == 1:
                        continue
                    raise EscAccessError(
                        f"Pulumi ESC lost the open session of {self.ref} twice in a row (404 on read)"
                    ) from None
                from pulumi_esc_sdk.esc_client import convertEnvPropertiesToValues

                return convertEnvPropertiesToValues(env.properties) or {}
            except UnauthorizedException:
                fresh = self._read_token()
                if attempt == 1 and fresh != token:
                    token = fresh
                    continue
                raise EscAccessError(
                    f"Pulumi ESC rejected the access token for {self.ref} (401: missing, invalid or expired); "
                    f"put a valid token in {self._token_source()}"
                ) from None
            except NotFoundException:
                raise EscAccessError(
                    f"Pulumi ESC environment {self.ref} not found (404): check organization, project and "
                    f"environment in [secrets] backend_kwargs, and that the token's owner can open it"
                ) from None
            except ApiException as e:
                raise EscAccessError(
                    f"Pulumi ESC answered {e.status} {e.reason} opening {self.ref}: {_api_message(e)}"
                ) from None
            except Exception as e:  # connection refused, timeout: the SDK surfaces urllib3 errors
                if type(e).__module__.startswith(("urllib3", "socket", "ssl")) or isinstance(e, OSError):
                    raise EscAccessError(
                        f"cannot reach Pulumi ESC at {self.backend_url} to open {self.ref}: {type(e).__name__}"
                    ) from None
                raise
        raise EscAccessError(f"Pulumi ESC kept rejecting reads of {self.ref}")  # pragma: no cover


def _names(value: Iterable[str] | str) -> list[str]:
    """A list of ids, or a comma-separated string of them (as a per-key environment override gives it)."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


def _api_message(e: Any) -> str:
    """The ``message`` of an ESC ``Error`` body (never secret), else the reason."""
    try:
        return str(json.loads(e.body or "{}").get("message") or e.reason)
    except (ValueError, AttributeError):
        return str(e.reason)
