"""Snowflake access: the provider's SnowflakeHook, plus what the local emulator needs to be reached.

Production uses plain Snowflake through this hook unchanged. Locally the ``snowflake_default`` connection
points at the embedded emulator's server on 127.0.0.1 (extra ``{"host": "127.0.0.1", "port": N,
"protocol": "http", "emulator": "fakesnow"}``). The provider passes ``host`` and ``port`` from the extra but
not ``protocol``, which is the only reason this subclass exists; it also exposes ``is_emulator`` so the SQL
templates can pick the emulator's spelling of the few features it lacks (see ``warehouse/sql.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any

from airflow.providers.snowflake.hooks.snowflake import SnowflakeHook

# Re-exported: the operator lives apart so that DAG files do not import the Snowflake provider at parse time.
from include.gong_intel.warehouse.operator import WarehouseQueryOperator  # noqa: F401

# Rows per INSERT statement: bounded so statement text stays well under Snowflake's 1 MB bind limit for
# typical Gong records while keeping round trips few.
INSERT_BATCH_ROWS = 200
# Longest statement the local emulator may run before the connector gives up on its answer.
EMULATOR_SOCKET_TIMEOUT_S = 1800


class WarehouseHook(SnowflakeHook):
    """SnowflakeHook that also honours ``protocol`` in the connection extra (the local emulator speaks http).

    :param snowflake_conn_id: Airflow connection id of the warehouse (default ``snowflake_default``).
    """

    hook_name = "Snowflake (Gong call intelligence)"

    @cached_property
    def _get_static_conn_params(self) -> dict[str, Any]:
        params: dict[str, Any] = dict(super()._get_static_conn_params)
        extra = self.get_connection(self.get_conn_id()).extra_dejson
        if extra.get("protocol"):
            params["protocol"] = extra["protocol"]
        if self.is_emulator:
            # The emulator answers errors at once; the connector's default is to retry for minutes.
            params.setdefault("network_timeout", int(extra.get("network_timeout", 60)))
            # Snowflake answers a long statement with "in progress" and the connector polls; the emulator
            # answers only when the statement is done, so the socket's read timeout (the connector's
            # default: 60 s) is the longest statement it allows. Staging a 10,000-call window takes longer.
            params.setdefault("socket_timeout", int(extra.get("socket_timeout", EMULATOR_SOCKET_TIMEOUT_S)))
            # The connector probes cloud metadata endpoints on connect to detect its platform; on a laptop
            # those probes stall for seconds at random.
            params.setdefault("platform_detection_timeout_seconds", 0)
            session = dict(params.get("session_parameters") or {})
            session.setdefault("CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED", False)
            params["session_parameters"] = session
        return params

    @cached_property
    def is_emulator(self) -> bool:
        """True when the connection points at the embedded Snowflake emulator rather than Snowflake."""
        extra = self.get_connection(self.get_conn_id()).extra_dejson
        return str(extra.get("emulator", "")).lower() == "fakesnow"

    def insert_records(
        self,
        table_fqn: str,
        records: Sequence[Mapping[str, Any]],
        variant_columns: Iterable[str] = (),
        *,
        batch_rows: int = INSERT_BATCH_ROWS,
    ) -> int:
        """Append records to a table; VARIANT/ARRAY/OBJECT columns are sent as JSON and parsed server-side.

        Uses ``INSERT ... SELECT ... FROM VALUES`` with bind parameters (the connector cannot rewrite a
        multi-row insert whose values are expressions such as PARSE_JSON).

        :param table_fqn: fully qualified table name, from ``config.Tables``.
        :param records: dicts keyed by column name; every record must have the same keys.
        :param variant_columns: columns holding semi-structured values.
        :return: number of rows inserted.
        """
        if not records:
            return 0
        columns = list(records[0].keys())
        variants = {c.upper() for c in variant_columns}
        for rec in records:
            if list(rec.keys()) != columns:
                raise ValueError(f"records for {table_fqn} do not share one column list: {sorted(rec)}")
        select = ", ".join(
            f"PARSE_JSON(column{i})" if col.upper() in variants else f"column{i}"
            for i, col in enumerate(columns, start=1)
        )
        row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
        col_list = ", ".join(columns)
        written = 0
        conn = self.get_conn()
        try:
            with conn.cursor() as cur:
                for start in range(0, len(records), batch_rows):
                    batch = records[start : start + batch_rows]
                    values = ", ".join([row_marks] * len(batch))
                    params = [
                        _json_or_none(rec[c]) if c.upper() in variants else rec[c]
                        for rec in batch
                        for c in columns
                    ]
                    cur.execute(
                        f"INSERT INTO {table_fqn} ({col_list}) SELECT {select} FROM VALUES {values}",  # noqa: S608 - identifiers from config.Tables, values bound
                        params,
                    )
                    written += len(batch)
            conn.commit()
        finally:
            conn.close()
        return written


def _json_or_none(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str, ensure_ascii=False)
