"""Create or update the Gong -> Snowflake Airbyte connection through Airbyte's public API.

Idempotent: each object (source, destination, connection) is looked up by name in the workspace first and
patched when found, created otherwise, so running it again converges instead of duplicating. It goes through
the same ``airbyte-api`` SDK session the Airflow provider's :class:`AirbyteHook` builds.

What it configures (see ``/work/shared/reference/airbyte-gong-landing.md`` for the landed layout):

- source ``source-gong``: ``access_key`` / ``access_key_secret`` / ``start_date``;
- destination Snowflake into schema ``RAW_AIRBYTE`` (Direct-Load tables);
- connection with namespace ``custom_format`` = ``RAW_AIRBYTE`` and streams ``users`` (full refresh,
  overwrite), ``extensiveCalls`` (incremental + deduped, cursor ``startdatetime``, key ``id``) and
  ``callTranscripts`` (incremental + deduped, cursor ``started``, key ``callId``). Manual schedule by default:
  Airflow triggers the syncs.

CLI (prints only the connection id on stdout; set it as ``airbyte_connection_id`` in the ``gong_intel_config`` Variable)::

    python -m include.gong_intel.airbyte.bootstrap --workspace-id <uuid> \\
        [--airbyte-conn-id airbyte_default] [--gong-conn-id gong_default] \\
        [--snowflake-conn-id snowflake_default] [--start-date 2024-01-01T00:00:00Z] [--cron "0 5 * * *"]

Secrets come from Airflow connections (``gong_default`` login/password, ``snowflake_default``) and are never
printed or logged.
"""

from __future__ import annotations

import argparse
import functools
import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from include.gong_intel.config import RAW_SCHEMA

if TYPE_CHECKING:
    from airflow.providers.airbyte.hooks.airbyte import AirbyteHook

log = logging.getLogger(__name__)

DEFAULT_SOURCE_NAME = "Gong"
DEFAULT_DESTINATION_NAME = f"Snowflake {RAW_SCHEMA}"
DEFAULT_CONNECTION_NAME = f"Gong -> Snowflake {RAW_SCHEMA}"
DEFAULT_START_DATE = "2024-01-01T00:00:00Z"
_START_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_PAGE_SIZE = 100


@dataclass(frozen=True)
class StreamSpec:
    """How one Gong stream is synced."""

    name: str
    sync_mode: str
    primary_key: tuple[str, ...] = ()
    cursor_field: tuple[str, ...] = ()


# Streams, keys and cursors of the Gong source (reference: airbyte-gong-landing.md).
GONG_STREAMS: tuple[StreamSpec, ...] = (
    StreamSpec("users", "full_refresh_overwrite", primary_key=("id",)),
    StreamSpec(
        "extensiveCalls", "incremental_deduped_history", primary_key=("id",), cursor_field=("startdatetime",)
    ),
    StreamSpec(
        "callTranscripts", "incremental_deduped_history", primary_key=("callId",), cursor_field=("started",)
    ),
)


class BootstrapError(RuntimeError):
    """The Airbyte objects could not be created or updated."""


@dataclass(frozen=True)
class GongSourceConfig:
    """Gong source settings. ``access_key_secret`` is kept out of ``repr``.

    :param access_key: Gong API access key.
    :param access_key_secret: Gong API access key secret.
    :param start_date: earliest call time to sync, ``YYYY-MM-DDTHH:MM:SSZ``.
    :param name: Airbyte source name (the idempotency key).
    """

    access_key: str
    access_key_secret: str = field(repr=False)
    start_date: str = DEFAULT_START_DATE
    name: str = DEFAULT_SOURCE_NAME

    def __post_init__(self) -> None:
        if not self.access_key or not self.access_key_secret:
            raise ValueError("Gong access key and access key secret are both required")
        if not _START_DATE_RE.match(self.start_date):
            raise ValueError(f"start_date must look like 2024-01-01T00:00:00Z, got {self.start_date!r}")

    @classmethod
    def from_airflow(cls, conn_id: str = "gong_default", **overrides: Any) -> GongSourceConfig:
        """From an Airflow connection: login = access key, password = access key secret."""
        from airflow.sdk import BaseHook

        conn = BaseHook.get_connection(conn_id)
        return cls(access_key=conn.login or "", access_key_secret=conn.password or "", **overrides)


@dataclass(frozen=True)
class SnowflakeDestConfig:
    """Snowflake destination settings; exactly one of ``password`` / ``private_key``.

    :param host: account host, e.g. ``acme-xy12345.snowflakecomputing.com``.
    :param role: role Airbyte uses.
    :param warehouse: warehouse Airbyte uses.
    :param database: target database.
    :param username: Snowflake user.
    :param password: user password (username/password auth).
    :param private_key: PEM private key (key-pair auth).
    :param schema: target schema, ``RAW_AIRBYTE``.
    :param name: Airbyte destination name (the idempotency key).
    """

    host: str
    role: str
    warehouse: str
    database: str
    username: str
    password: str | None = field(default=None, repr=False)
    private_key: str | None = field(default=None, repr=False)
    private_key_password: str | None = field(default=None, repr=False)
    schema: str = RAW_SCHEMA
    name: str = DEFAULT_DESTINATION_NAME

    def __post_init__(self) -> None:
        missing = [k for k in ("host", "role", "warehouse", "database", "username") if not getattr(self, k)]
        if missing:
            raise ValueError(f"Snowflake destination is missing: {', '.join(missing)}")
        if bool(self.password) == bool(self.private_key):
            raise ValueError("Snowflake destination needs exactly one of password or private_key")

    @classmethod
    def from_airflow(cls, conn_id: str = "snowflake_default", **overrides: Any) -> SnowflakeDestConfig:
        """From a Snowflake Airflow connection (extras ``account``, ``warehouse``, ``database``, ``role``,
        optionally ``host`` and ``private_key_content``)."""
        from airflow.sdk import BaseHook

        conn = BaseHook.get_connection(conn_id)
        extra = conn.extra_dejson

        def pick(key: str) -> str:
            return str(extra.get(key) or extra.get(f"extra__snowflake__{key}") or "")

        account = pick("account")
        host = pick("host") or conn.host or (f"{account}.snowflakecomputing.com" if account else "")
        values: dict[str, Any] = {
            "host": host,
            "role": pick("role"),
            "warehouse": pick("warehouse"),
            "database": pick("database"),
            "username": conn.login or "",
        }
        private_key = pick("private_key_content")
        if private_key:
            values["private_key"] = private_key
            values["private_key_password"] = conn.password or None
        else:
            values["password"] = conn.password or None
        values.update(overrides)
        return cls(**values)


@dataclass(frozen=True)
class BootstrapResult:
    """Ids of the configured objects; ``created`` is True when any of them was new."""

    source_id: str
    destination_id: str
    connection_id: str
    created: bool


# ---------------------------------------------------------------------------------------- payloads


def gong_source_configuration(gong: GongSourceConfig) -> Any:
    from airbyte_api import models

    return models.SourceGong(
        access_key=gong.access_key, access_key_secret=gong.access_key_secret, start_date=gong.start_date
    )


def snowflake_destination_configuration(snowflake: SnowflakeDestConfig) -> Any:
    from airbyte_api import models

    if snowflake.private_key:
        credentials: Any = models.DestinationSnowflakeKeyPairAuthentication(
            private_key=snowflake.private_key, private_key_password=snowflake.private_key_password
        )
    else:
        credentials = models.DestinationSnowflakeUsernameAndPassword(password=snowflake.password or "")
    return models.DestinationSnowflake(
        host=snowflake.host,
        role=snowflake.role,
        warehouse=snowflake.warehouse,
        database=snowflake.database,
        schema_=snowflake.schema,
        username=snowflake.username,
        credentials=credentials,
    )


def stream_configurations(streams: tuple[StreamSpec, ...] = GONG_STREAMS) -> Any:
    from airbyte_api import models

    return models.StreamConfigurations(
        streams=[
            models.StreamConfiguration(
                name=s.name,
                sync_mode=models.ConnectionSyncModeEnum(s.sync_mode),
                primary_key=[[k] for k in s.primary_key] or None,
                cursor_field=list(s.cursor_field) or None,
            )
            for s in streams
        ]
    )


def connection_schedule(cron: str | None) -> Any:
    from airbyte_api import models

    if cron:
        return models.AirbyteAPIConnectionSchedule(
            schedule_type=models.ScheduleTypeEnum.CRON, cron_expression=cron
        )
    return models.AirbyteAPIConnectionSchedule(schedule_type=models.ScheduleTypeEnum.MANUAL)


# ---------------------------------------------------------------------------------------- lookups


def _page_json(fetch: Callable[[], Any]) -> dict[str, Any]:
    from airbyte_api.errors import ResponseValidationError

    try:
        return fetch().raw_response.json()
    except ResponseValidationError as e:
        # Typed parsing validates every listed object's configuration against the SDK's connector models;
        # one object of a connector version this SDK does not know would otherwise break the lookup.
        return e.raw_response.json()


def _list_all(list_page: Callable[[int, int], Any]) -> list[dict[str, Any]]:
    """Every object of a paged list endpoint, as the API's JSON objects."""
    items: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = _page_json(functools.partial(list_page, _PAGE_SIZE, offset))
        data = list(page.get("data") or [])
        items.extend(data)
        if not page.get("next") or not data:
            return items
        offset += len(data)


def _find_one(items: list[dict[str, Any]], name: str, what: str) -> dict[str, Any] | None:
    matches = [i for i in items if i.get("name") == name]
    if len(matches) > 1:
        ids = ", ".join(sorted(str(m.get(f"{what}Id")) for m in matches))
        raise BootstrapError(
            f"{len(matches)} Airbyte {what}s are named {name!r} ({ids}); rename or delete extras"
        )
    return matches[0] if matches else None


def _call(what: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except BootstrapError:
        raise
    except Exception as e:
        # SDK errors carry the HTTP status and the API's problem body, never the request's secrets; validation
        # errors can run to megabytes, so keep the head.
        detail = str(e)
        if len(detail) > 600:
            detail = detail[:600] + " …"
        raise BootstrapError(f"Airbyte API call failed while trying to {what}: {detail}") from e


def _upsert_source(api: Any, workspace_id: str, gong: GongSourceConfig) -> tuple[str, bool]:
    from airbyte_api import api as ops
    from airbyte_api import models

    existing = _call(
        "list sources",
        lambda: _find_one(
            _list_all(
                lambda limit, offset: api.sources.list_sources(
                    request=ops.ListSourcesRequest(workspace_ids=[workspace_id], limit=limit, offset=offset)
                )
            ),
            gong.name,
            "source",
        ),
    )
    configuration = gong_source_configuration(gong)
    if existing is None:
        res = _call(
            "create the Gong source",
            lambda: api.sources.create_source(
                request=models.SourceCreateRequest(
                    name=gong.name, workspace_id=workspace_id, configuration=configuration
                )
            ),
        )
        return res.source_response.source_id, True
    _call(
        "update the Gong source",
        lambda: api.sources.patch_source(
            request=ops.PatchSourceRequest(
                source_id=existing["sourceId"],
                source_patch_request=models.SourcePatchRequest(name=gong.name, configuration=configuration),
            )
        ),
    )
    return existing["sourceId"], False


def _upsert_destination(api: Any, workspace_id: str, snowflake: SnowflakeDestConfig) -> tuple[str, bool]:
    from airbyte_api import api as ops
    from airbyte_api import models

    existing = _call(
        "list destinations",
        lambda: _find_one(
            _list_all(
                lambda limit, offset: api.destinations.list_destinations(
                    request=ops.ListDestinationsRequest(
                        workspace_ids=[workspace_id], limit=limit, offset=offset
                    )
                )
            ),
            snowflake.name,
            "destination",
        ),
    )
    configuration = snowflake_destination_configuration(snowflake)
    if existing is None:
        res = _call(
            "create the Snowflake destination",
            lambda: api.destinations.create_destination(
                request=models.DestinationCreateRequest(
                    name=snowflake.name, workspace_id=workspace_id, configuration=configuration
                )
            ),
        )
        return res.destination_response.destination_id, True
    _call(
        "update the Snowflake destination",
        lambda: api.destinations.patch_destination(
            request=ops.PatchDestinationRequest(
                destination_id=existing["destinationId"],
                destination_patch_request=models.DestinationPatchRequest(
                    name=snowflake.name, configuration=configuration
                ),
            )
        ),
    )
    return existing["destinationId"], False


def _upsert_connection(
    api: Any,
    workspace_id: str,
    *,
    name: str,
    source_id: str,
    destination_id: str,
    schedule: str | None,
    namespace: str,
) -> tuple[str, bool]:
    from airbyte_api import api as ops
    from airbyte_api import models

    existing = _call(
        "list connections",
        lambda: _find_one(
            _list_all(
                lambda limit, offset: api.connections.list_connections(
                    request=ops.ListConnectionsRequest(
                        workspace_ids=[workspace_id], limit=limit, offset=offset
                    )
                )
            ),
            name,
            "connection",
        ),
    )
    common: dict[str, Any] = {
        "name": name,
        "configurations": stream_configurations(),
        "schedule": connection_schedule(schedule),
        "namespace_format": namespace,
        "prefix": "",
        "status": models.ConnectionStatusEnum.ACTIVE,
    }
    if existing is None:
        res = _call(
            "create the connection",
            lambda: api.connections.create_connection(
                request=models.ConnectionCreateRequest(
                    source_id=source_id,
                    destination_id=destination_id,
                    namespace_definition=models.NamespaceDefinitionEnum.CUSTOM_FORMAT,
                    **common,
                )
            ),
        )
        return res.connection_response.connection_id, True
    if (existing.get("sourceId"), existing.get("destinationId")) != (source_id, destination_id):
        # Airbyte cannot re-point a connection; replacing it would reset its cursors, so ask a human.
        raise BootstrapError(
            f"Connection {name!r} ({existing['connectionId']}) links other objects "
            f"(source {existing.get('sourceId')}, destination {existing.get('destinationId')}); rename or delete it"
        )
    _call(
        "update the connection",
        lambda: api.connections.patch_connection(
            request=ops.PatchConnectionRequest(
                connection_id=existing["connectionId"],
                connection_patch_request=models.ConnectionPatchRequest(
                    namespace_definition=models.NamespaceDefinitionEnumNoDefault.CUSTOM_FORMAT, **common
                ),
            )
        ),
    )
    return existing["connectionId"], False


def bootstrap_gong_connection(
    airbyte_hook: AirbyteHook,
    *,
    workspace_id: str,
    gong: GongSourceConfig,
    snowflake: SnowflakeDestConfig,
    schedule: str | None = None,
    connection_name: str = DEFAULT_CONNECTION_NAME,
    namespace: str = RAW_SCHEMA,
) -> BootstrapResult:
    """Create or update the Gong source, Snowflake destination and their connection.

    :param airbyte_hook: the provider's hook (its ``airbyte_api`` SDK session is used).
    :param workspace_id: Airbyte workspace UUID.
    :param gong: Gong source settings.
    :param snowflake: Snowflake destination settings.
    :param schedule: cron expression for Airbyte's own scheduler; ``None`` (default) = manual, triggered
        by Airflow.
    :param connection_name: connection name (the idempotency key).
    :param namespace: destination schema the streams land in.
    """
    if not workspace_id:
        raise ValueError(
            "an Airbyte workspace id is required: set airbyte_workspace_id in the gong_intel_config Variable "
            "(or pass --workspace-id)"
        )
    api = airbyte_hook.airbyte_api
    source_id, source_new = _upsert_source(api, workspace_id, gong)
    destination_id, destination_new = _upsert_destination(api, workspace_id, snowflake)
    connection_id, connection_new = _upsert_connection(
        api,
        workspace_id,
        name=connection_name,
        source_id=source_id,
        destination_id=destination_id,
        schedule=schedule,
        namespace=namespace,
    )
    result = BootstrapResult(
        source_id=source_id,
        destination_id=destination_id,
        connection_id=connection_id,
        created=source_new or destination_new or connection_new,
    )
    log.info(
        "Airbyte bootstrap: source %s (%s), destination %s (%s), connection %s (%s)",
        source_id,
        "created" if source_new else "updated",
        destination_id,
        "created" if destination_new else "updated",
        connection_id,
        "created" if connection_new else "updated",
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create or update the Gong -> Snowflake Airbyte connection")
    parser.add_argument("--workspace-id", required=True)
    parser.add_argument("--airbyte-conn-id", default="airbyte_default")
    parser.add_argument("--gong-conn-id", default="gong_default")
    parser.add_argument("--snowflake-conn-id", default="snowflake_default")
    parser.add_argument("--start-date", default=DEFAULT_START_DATE)
    parser.add_argument("--cron", default=None, help="let Airbyte schedule syncs (default: manual)")
    parser.add_argument("--connection-name", default=DEFAULT_CONNECTION_NAME)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)

    from airflow.providers.airbyte.hooks.airbyte import AirbyteHook

    try:
        result = bootstrap_gong_connection(
            AirbyteHook(airbyte_conn_id=args.airbyte_conn_id),
            workspace_id=args.workspace_id,
            gong=GongSourceConfig.from_airflow(args.gong_conn_id, start_date=args.start_date),
            snowflake=SnowflakeDestConfig.from_airflow(args.snowflake_conn_id),
            schedule=args.cron,
            connection_name=args.connection_name,
        )
    except (BootstrapError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(result.connection_id)
    print(
        f"Set airbyte_connection_id={result.connection_id} in the gong_intel_config Variable "
        f"({'created' if result.created else 'already existed, updated'})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
