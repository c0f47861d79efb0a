"""The DAG's SQL task operator, bound to :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.

Apart from ``hook.py`` so that a DAG file importing it does not load the Snowflake provider (and its
connector) at parse time: the hook is imported when the task runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

if TYPE_CHECKING:
    from include.gong_intel.warehouse.hook import WarehouseHook


class WarehouseQueryOperator(SQLExecuteQueryOperator):
    """SQLExecuteQueryOperator bound to :class:`WarehouseHook`.

    The provider resolves a hook from the connection type, which would give the plain SnowflakeHook; the
    local emulator needs the ``protocol`` extra honoured, so the hook is chosen here instead.
    """

    def get_db_hook(self) -> WarehouseHook:
        from include.gong_intel.warehouse.hook import WarehouseHook

        return WarehouseHook(snowflake_conn_id=self.conn_id, **(self.hook_params or {}))
