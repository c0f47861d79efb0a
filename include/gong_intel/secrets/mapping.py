"""Which Pulumi ESC keys make which Airflow connection or Variable.

The team's ESC environment holds flat keys (``gong_access_key``, ``snowflake_password``, ...) at the top of
its ``values`` (or under one object named by the backend's ``values_path``). Each Airflow connection the
pipeline uses is built from a few of them; the README's "Deploying on Astro with Pulumi ESC" shows the same
table. Imports nothing heavy: the preflight and the docs tests read it too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from include.gong_intel.config import CONFIG_VARIABLE


class EscKeyMissingError(KeyError):
    """A key a connection or Variable needs is not in the ESC environment. Names the key and the
    environment, never a value."""

    def __init__(self, key: str, environment: str, target: str) -> None:
        self.key, self.environment, self.target = key, environment, target
        super().__init__(key)

    def __str__(self) -> str:
        return (
            f"Pulumi ESC environment {self.environment} has no key {self.key!r}, which {self.target} needs: "
            f"add it to the environment's values (see README 'Deploying on Astro with Pulumi ESC')"
        )


@dataclass(frozen=True)
class ConnectionSpec:
    """How one Airflow connection is built from ESC keys.

    :param conn_type: the Airflow connection type.
    :param fields: connection field (``host``, ``login``, ``password``, ``schema``) -> ESC key.
    :param extra: connection extra key -> ESC key.
    :param required: ESC keys without which the connection cannot work.
    :param defaults: connection field or extra key -> value used when its ESC key is absent.
    :param one_of: groups of ESC keys of which at least one must be present (e.g. password or private key).
    """

    conn_type: str
    fields: Mapping[str, str]
    extra: Mapping[str, str] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    defaults: Mapping[str, Any] = field(default_factory=dict)
    one_of: tuple[tuple[str, ...], ...] = ()

    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.fields.values(), *self.extra.values()]))

    def build(self, lookup: Callable[[str], Any | None], environment: str, conn_id: str) -> dict[str, Any]:
        """The connection as Airflow's JSON connection format.

        :param lookup: ESC key -> value, or None when the environment lacks it.
        :raises EscKeyMissingError: a required key (or every key of a ``one_of`` group) is missing.
        """
        target = f"connection {conn_id!r}"
        for key in self.required:
            if lookup(key) is None:
                raise EscKeyMissingError(key, environment, target)
        for group in self.one_of:
            if all(lookup(k) is None for k in group):
                raise EscKeyMissingError(" or ".join(group), environment, target)
        conn: dict[str, Any] = {"conn_type": self.conn_type}
        for name, key in self.fields.items():
            value = lookup(key)
            value = self.defaults.get(name) if value is None else value
            if value is not None:
                conn[name] = str(value)
        extra: dict[str, Any] = {}
        for name, key in self.extra.items():
            value = lookup(key)
            value = self.defaults.get(name) if value is None else value
            if value is not None:
                extra[name] = value
        if extra:
            conn["extra"] = extra
        return conn


CONNECTIONS: dict[str, ConnectionSpec] = {
    "gong_default": ConnectionSpec(
        conn_type="gong",
        fields={"host": "gong_api_url", "login": "gong_access_key", "password": "gong_client_secret"},
        required=("gong_access_key", "gong_client_secret"),
        defaults={"host": "https://api.gong.io"},
    ),
    "airbyte_default": ConnectionSpec(
        conn_type="airbyte",
        fields={
            "host": "airbyte_server_url",
            "login": "airbyte_client_id",
            "password": "airbyte_client_secret",
            # The Airbyte provider reads the token URL from the connection's schema field.
            "schema": "airbyte_token_url",
        },
        required=("airbyte_server_url", "airbyte_client_id", "airbyte_client_secret"),
        defaults={"schema": "v1/applications/token"},
    ),
    "snowflake_default": ConnectionSpec(
        conn_type="snowflake",
        fields={"login": "snowflake_user", "password": "snowflake_password", "schema": "snowflake_schema"},
        extra={
            "account": "snowflake_account",
            "warehouse": "snowflake_warehouse",
            "database": "snowflake_database",
            "role": "snowflake_role",
            "private_key_content": "snowflake_private_key",
        },
        required=("snowflake_account", "snowflake_user", "snowflake_warehouse", "snowflake_role"),
        one_of=(("snowflake_password", "snowflake_private_key"),),
        defaults={"schema": "STG_TRANSFORMED"},
    ),
    "cohere_default": ConnectionSpec(
        conn_type="cohere",
        fields={"host": "cohere_api_url", "password": "cohere_api_key"},
        required=("cohere_api_key",),
        defaults={"host": "https://api.cohere.com"},
    ),
    "slack_alerts": ConnectionSpec(
        conn_type="slackwebhook",
        fields={"password": "slack_webhook_url"},
        required=("slack_webhook_url",),
    ),
}

# Airflow Variable -> ESC key. The value may be an ESC object (served as JSON) or a JSON string.
VARIABLES: dict[str, str] = {CONFIG_VARIABLE: "gong_intel_config"}


def mapping_rows() -> list[tuple[str, str, str]]:
    """(Airflow id, field, ESC key) for every mapped value: the README's table is this list."""
    rows = []
    for conn_id, spec in CONNECTIONS.items():
        rows += [(conn_id, name, key) for name, key in spec.fields.items()]
        rows += [(conn_id, f"extra.{name}", key) for name, key in spec.extra.items()]
    rows += [(var, "Variable", key) for var, key in VARIABLES.items()]
    return rows
