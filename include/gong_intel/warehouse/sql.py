"""Rendering of the SQL files in ``include/sql`` — the one place where Snowflake and the emulator differ.

Every SQL file is Snowflake SQL templated with Jinja. Three names are available in templates, both when
Airflow renders a file for ``WarehouseQueryOperator`` (through ``user_defined_macros``) and when Python code
renders one with :func:`render`:

* ``t``  — fully qualified table names (``{{ t.stg_calls }}``), from :class:`config.Tables`;
* ``cfg`` — the run's :class:`config.Settings`;
* ``wh`` — a :class:`Dialect`, whose methods spell vectors and the few features the emulator lacks.

Vectors are Snowflake's ``VECTOR(FLOAT, n)`` on both targets: the local emulator (fakesnow on DuckDB) is
taught the type and ``VECTOR_COSINE_SIMILARITY`` by ``local_stack.warehouse.install_vector_type``, so the
vector methods below emit the same SQL for both; they keep the vector spelling in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"


@dataclass(frozen=True)
class Dialect:
    """Snowflake spellings, with the emulator's equivalents where it lacks a feature."""

    emulator: bool = False

    def vector_type(self, dim: int) -> str:
        """The embedding column type: ``VECTOR(FLOAT, dim)`` (32-bit elements, fixed length)."""
        return f"VECTOR(FLOAT, {int(dim)})"

    def to_vector(self, expr: str, dim: int) -> str:
        """Cast a JSON array expression (e.g. ``PARSE_JSON(:emb)``) to the vector column type; an array of
        another length, or with a non-number, fails the statement."""
        return f"CAST({expr} AS {self.vector_type(dim)})"

    def cosine_similarity(self, left: str, right: str) -> str:
        """Cosine similarity (1 = same direction) of two vectors of the column type (``right`` may be a
        :meth:`to_vector` expression)."""
        return f"VECTOR_COSINE_SIMILARITY({left}, {right})"

    def gong_id_type(self) -> str:
        """Airbyte types EXTENSIVECALLS.ID as NUMBER(38, 0); the emulator maps that precision to a 64-bit
        integer, too small for 20-digit Gong ids, while NUMBER(37, 0) keeps a 128-bit decimal."""
        return "NUMBER(37, 0)" if self.emulator else "NUMBER(38, 0)"


def _jinja_env():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SQL_DIR)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def template_context(settings: Any, *, emulator: bool) -> dict[str, Any]:
    return {"t": settings.tables, "cfg": settings, "wh": Dialect(emulator=emulator)}


def render(path: str, settings: Any, *, emulator: bool, **extra: Any) -> str:
    """Render one file under ``include/sql`` (e.g. ``"ddl/stg.sql"``) for the given settings and target."""
    return _jinja_env().get_template(path).render(**template_context(settings, emulator=emulator), **extra)


class LazyMacros:
    """``user_defined_macros`` for the DAGs: resolved on first use inside a task, never at parse time."""

    def __init__(self, name: str):
        self._name = name

    @cached_property
    def _target(self) -> Any:
        from include.gong_intel.config import load_settings
        from include.gong_intel.warehouse.hook import WarehouseHook

        settings = load_settings()
        emulator = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id).is_emulator
        return template_context(settings, emulator=emulator)[self._name]

    def __getattr__(self, item: str) -> Any:
        if item.startswith("_"):
            raise AttributeError(item)
        return getattr(self._target, item)


def dag_macros() -> dict[str, LazyMacros]:
    return {name: LazyMacros(name) for name in ("t", "cfg", "wh")}
