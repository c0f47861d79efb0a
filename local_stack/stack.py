"""The whole local stack: the warehouse emulator and the Gong, Slack (and optionally Cohere, Airbyte) peers.

Starts every peer on 127.0.0.1 and describes the Airflow connections, variables and pools that point the
unchanged product code at them — the local equivalents of ``airflow_settings.yaml``. Used by the demo, the
end-to-end tests and ``python -m local_stack.stack serve`` (fixed ports, for ``airflow standalone``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

GONG_ACCESS_KEY = "local-access-key"
GONG_SECRET = "local-access-secret"
SLACK_WEBHOOK_TOKEN = "T0LOCAL/B0LOCAL/localwebhooktoken"
COHERE_API_KEY = "local-cohere-key"
AIRBYTE_CLIENT_ID = "airflow"
AIRBYTE_DESTINATION_ROLE = "LOCAL_AIRBYTE"
# The workspace the local Airbyte peer's bootstrap creates the Gong -> Snowflake connection in.
AIRBYTE_WORKSPACE_ID = "6f1d7c1e-0b7a-4c5e-9a55-10ca15a1b0e7"

DEFAULT_PORTS = {"warehouse": 8705, "gong": 8701, "airbyte": 8702, "cohere": 8703, "slack": 8704}


@dataclass
class LocalStack:
    """Start with :meth:`start` (or as a context manager); read connections from :meth:`connections`.

    :param data_dir: where the warehouse files and the Slack message log live.
    :param n_calls: size of the synthetic Gong tenant.
    :param seed: tenant seed (same seed, same tenant).
    :param end_date: last day of the tenant's call window (default: today).
    :param ports: fixed ports per peer; 0 (the default) picks free ones.
    :param with_cohere: also start the Cohere API peer and point ``cohere_default`` at it.
    :param with_airbyte: also start the Airbyte API peer (its syncs land the tenant in the warehouse) and
        point ``airbyte_default`` at it; ``gong_intel_config`` then defaults to ``ingest_mode = airbyte`` in
        the peer's workspace (:data:`AIRBYTE_WORKSPACE_ID`).
    :param config: extra keys for the ``gong_intel_config`` Variable.
    """

    data_dir: Path
    n_calls: int = 300
    seed: int = 7
    days: int = 90
    end_date: date | None = None
    ports: dict[str, int] = field(default_factory=dict)
    gong_rate_limit: float | None = 3.0
    with_cohere: bool = False
    with_airbyte: bool = False
    config: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)
        self._stack = contextlib.ExitStack()
        self.warehouse = self.gong = self.slack = self.cohere = self.airbyte = None
        self.tenant = None

    def start(self) -> LocalStack:
        from local_stack.gong_peer import GongPeer
        from local_stack.slack_receiver import SlackReceiver
        from local_stack.tenant import generate_tenant
        from local_stack.warehouse import LocalWarehouse

        self.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            self.warehouse = self._stack.enter_context(
                LocalWarehouse(self.data_dir / "warehouse", port=self.ports.get("warehouse", 0))
            )
            self.tenant = generate_tenant(
                seed=self.seed, n_calls=self.n_calls, days=self.days, end_date=self.end_date
            )
            self.gong = self._stack.enter_context(
                GongPeer(
                    self.tenant,
                    access_key=GONG_ACCESS_KEY,
                    secret=GONG_SECRET,
                    port=self.ports.get("gong", 0),
                    rate_limit=self.gong_rate_limit,
                )
            )
            self.slack = self._stack.enter_context(
                SlackReceiver(
                    port=self.ports.get("slack", 0), record_path=self.data_dir / "slack_messages.jsonl"
                )
            )
            if self.with_cohere:
                from local_stack.cohere_peer import CoherePeer

                self.cohere = self._stack.enter_context(
                    CoherePeer(api_key=COHERE_API_KEY, port=self.ports.get("cohere", 0))
                )
            if self.with_airbyte:
                from local_stack.airbyte_peer import AirbytePeer

                # The airbyte-api SDK caches tokens per client id and secret for the whole process: a secret
                # per stack keeps a token of an earlier peer away from this one.
                self.airbyte = self._stack.enter_context(
                    AirbytePeer(
                        port=self.ports.get("airbyte", 0),
                        client_id=AIRBYTE_CLIENT_ID,
                        client_secret=f"local-airbyte-{secrets.token_hex(8)}",
                        tenant=self.tenant,
                        warehouse=self.warehouse,
                        workspace_id=AIRBYTE_WORKSPACE_ID,
                    )
                )
        except BaseException:
            self._stack.close()
            raise
        return self

    def stop(self) -> None:
        self._stack.close()

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---------------------------------------------------------------- what Airflow needs to know

    def connections(self) -> dict[str, dict[str, Any]]:
        """Connection id -> Airflow JSON connection (the local values of airflow_settings.yaml)."""
        conns: dict[str, dict[str, Any]] = {
            "snowflake_default": self.warehouse.airflow_connection(),
            "gong_default": {
                "conn_type": "gong",
                "host": self.gong.url,
                "login": GONG_ACCESS_KEY,
                "password": GONG_SECRET,
                "extra": {"requests_per_second": self.gong_rate_limit or 50},
            },
            "slack_alerts": {
                "conn_type": "slackwebhook",
                "host": self.slack.url,
                "password": SLACK_WEBHOOK_TOKEN,
            },
        }
        if self.cohere is not None:
            conns["cohere_default"] = {
                "conn_type": "cohere",
                "host": self.cohere.base_url,
                "password": COHERE_API_KEY,
            }
        if self.airbyte is not None:
            conns["airbyte_default"] = self.airbyte.airflow_connection()
            # The bootstrap configures Airbyte's Snowflake destination from snowflake_default, and the
            # destination requires a role, which the emulator's connection does not name.
            extra = dict(conns["snowflake_default"].get("extra") or {})
            extra.setdefault("role", AIRBYTE_DESTINATION_ROLE)
            conns["snowflake_default"] = {**conns["snowflake_default"], "extra": extra}
        return conns

    def variables(self) -> dict[str, str]:
        cfg = {"env": "local", **self.config}
        if self.cohere is not None:
            cfg.setdefault("enrich_engine", "cohere")
        if self.airbyte is not None:
            cfg.setdefault("ingest_mode", "airbyte")
            cfg.setdefault("airbyte_workspace_id", self.airbyte.workspace_id)
        return {"gong_intel_config": json.dumps(cfg)}

    def pools(self) -> dict[str, int]:
        # Each local enrichment worker runs its own embedding model: two at a time suit a laptop's cores.
        return {"cohere_api": 2}

    def environ(self) -> dict[str, str]:
        """The same connections and variables as AIRFLOW_CONN_* / AIRFLOW_VAR_* environment variables."""
        env = {f"AIRFLOW_CONN_{cid.upper()}": json.dumps(c) for cid, c in self.connections().items()}
        env.update({f"AIRFLOW_VAR_{k.upper()}": v for k, v in self.variables().items()})
        return env


def load_into_metadata_db(stack: LocalStack) -> None:
    """Upsert the stack's connections, variables and pools into the current AIRFLOW_HOME's metadata DB."""
    # The metadata-DB models, as `airflow connections/variables/pools import` use them (the task SDK's
    # Connection and Variable are read-only views for running tasks).
    from airflow.models import Connection, Pool, Variable
    from airflow.utils.session import create_session

    with create_session() as session:
        for conn_id, spec in stack.connections().items():
            session.query(Connection).filter(Connection.conn_id == conn_id).delete()  # noqa: AIR311
            extra = spec.get("extra")
            session.add(
                Connection(  # noqa: AIR311
                    conn_id=conn_id,
                    conn_type=spec["conn_type"],
                    host=spec.get("host"),
                    login=spec.get("login"),
                    password=spec.get("password"),
                    port=spec.get("port"),
                    extra=json.dumps(extra) if extra else None,
                )
            )
    for key, value in stack.variables().items():
        Variable.set(key, value)  # noqa: AIR311
    for name, slots in stack.pools().items():
        Pool.create_or_update_pool(name, slots=slots, description="local stack", include_deferred=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Serve the local stack on fixed ports (for airflow standalone)"
    )
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--data-dir", default=".local")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--airbyte", action="store_true", help="also serve the Airbyte peer and ingest through it"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    with LocalStack(
        Path(args.data_dir),
        n_calls=args.calls,
        seed=args.seed,
        ports=dict(DEFAULT_PORTS),
        with_airbyte=args.airbyte,
    ) as stack:
        load_into_metadata_db(stack)
        log.info("local stack up: %s", {k: v.get("host") for k, v in stack.connections().items()})
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
