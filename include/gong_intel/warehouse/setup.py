"""Warehouse bootstrap: apply the idempotent DDL in ``include/sql/ddl`` in file order."""

from __future__ import annotations

import logging

from include.gong_intel.warehouse.sql import SQL_DIR, render

log = logging.getLogger(__name__)


def ddl_files() -> list[str]:
    """DDL files relative to ``include/sql``, in the order they must run."""
    return [f"ddl/{p.name}" for p in sorted((SQL_DIR / "ddl").glob("*.sql"))]


def apply_ddl(hook, settings) -> list[str]:
    """Create the database, schemas and tables if missing. Safe to run any number of times.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's :class:`~include.gong_intel.config.Settings`.
    :return: the files applied.
    """
    applied = []
    for path in ddl_files():
        hook.run(render(path, settings, emulator=hook.is_emulator), split_statements=True)
        log.info("applied %s", path)
        applied.append(path)
    return applied
