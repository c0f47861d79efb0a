"""The pipeline's stage functions driven in-process, in the DAG's order, with wall time per stage.

``ingest`` (Gong API loader -> RAW_AIRBYTE) -> raw checks -> ``transform`` (the stage SQL files, run exactly as
the DAG's ``WarehouseQueryOperator`` tasks run them) -> staged checks (``validate`` is the time of both: Pandera,
quarantine, DQ results) -> ``enrich``
(analysis) + ``embed`` (the engine's ``embed`` calls inside the enrich step, timed separately) -> ``publish``
(analyst views). Nothing is mocked: the engine is wrapped only to time and count its calls.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bench.common import StageTimer, eprint
from bench.stack import tenant_window

STAGES = ("ingest", "transform", "validate", "enrich", "embed", "publish")


class TimedEngine:
    """Delegates to an enrichment engine, counting and timing ``analyze_call`` and ``embed``.

    The enrich step only uses the engine's public interface, so it cannot tell the difference.
    """

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self.analyze_calls = 0
        self.embed_calls = 0
        self.texts_embedded = 0
        self.analyze_s = 0.0
        self.embed_s = 0.0

    def analyze_call(self, ctx: Any, segments: Sequence[Any]) -> Any:
        started = time.perf_counter()
        try:
            return self._engine.analyze_call(ctx, segments)
        finally:
            self.analyze_calls += 1
            self.analyze_s += time.perf_counter() - started

    def embed(self, texts: Sequence[str], input_type: str) -> Any:
        started = time.perf_counter()
        try:
            return self._engine.embed(texts, input_type)
        finally:
            self.embed_calls += 1
            self.texts_embedded += len(texts)
            self.embed_s += time.perf_counter() - started

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def counters(self) -> dict[str, Any]:
        return {
            "analyze_calls": self.analyze_calls,
            "embed_calls": self.embed_calls,
            "texts_embedded": self.texts_embedded,
            "analyze_s": round(self.analyze_s, 3),
            "embed_s": round(self.embed_s, 3),
        }


@dataclass
class Pipeline:
    """One warehouse database and the stage functions, run in the DAG's order."""

    settings: Any
    hook: Any
    engine: TimedEngine
    window: tuple[datetime, datetime]
    timer: StageTimer = field(default_factory=StageTimer)
    results: dict[str, Any] = field(default_factory=dict)
    run_number: int = 0
    # Optional bench.common.RssSampler: memory peaks attributed to the stage running when sampled.
    sampler: Any = None

    @classmethod
    def create(cls, database: str, **config: Any) -> Pipeline:
        """Create the database (DDL) and the configured engine for ``database``."""
        from include.gong_intel.config import settings_from_mapping
        from include.gong_intel.pipeline.enrich_step import build_step_engine
        from include.gong_intel.warehouse.hook import WarehouseHook
        from include.gong_intel.warehouse.setup import apply_ddl

        settings = settings_from_mapping({"database": database, **config})
        hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
        apply_ddl(hook, settings)
        return cls(settings, hook, TimedEngine(build_step_engine(settings)), tenant_window())

    @contextlib.contextmanager
    def _stage(self, name: str, *, timed: bool = True, part: str = "") -> Iterator[None]:
        """Time ``name``; memory is sampled per ``name_part`` when a part is given (the raw and staged checks)."""
        with contextlib.ExitStack() as stack:
            if self.sampler is not None:
                sampled = f"{name}_{part}" if part else name
                stack.enter_context(self.sampler.stage(f"run{self.run_number}.{sampled}"))
            if timed:
                stack.enter_context(self.timer.stage(name))
            started = time.perf_counter()
            eprint(f"[bench] run {self.run_number}: {name} ...")
            yield
            eprint(f"[bench] run {self.run_number}: {name} done in {time.perf_counter() - started:.1f}s")

    @property
    def run_id(self) -> str:
        return f"bench__run{self.run_number}"

    def new_run(self) -> None:
        """Start the accounting of another daily run over the same database."""
        self.run_number += 1
        self.timer = StageTimer()
        self.results = {}

    def ingest(self) -> Any:
        from include.gong_intel.gong.hook import GongHook
        from include.gong_intel.gong.loader import load_gong_to_raw

        start, end = self.window
        with self._stage("ingest"):
            stats = load_gong_to_raw(
                GongHook(gong_conn_id=self.settings.gong_conn_id),
                self.hook,
                tables=self.settings.tables,
                since=start,
                until=end,
                lookback=timedelta(days=self.settings.ingest_lookback_days),
            )
        self.results["ingest"] = {
            "rows": stats.total_rows,
            "requests": stats.requests,
            "rate_limit_wait_s": round(stats.rate_limit_wait_seconds, 3),
            "errors": len(stats.errors),
        }
        return stats

    def transform(self) -> None:
        """Run every stage SQL file as the DAG's transform tasks do (same template context and binds)."""
        from include.gong_intel.transform import STAGE_FILES, run_stage, stage_parameters
        from include.gong_intel.warehouse.sql import render

        start, end = self.window
        params = stage_parameters(interval_start=start, interval_end=end, run_id=self.run_id)
        per_file = {}
        with self._stage("transform"):
            for path in STAGE_FILES:
                started = time.perf_counter()
                sql = render(path, self.settings, emulator=self.hook.is_emulator)
                self.hook.run(sql, parameters=params, split_statements=True)
                per_file[path] = round(time.perf_counter() - started, 3)
        # The run's summary counts (read-only, outside the timed stage as in the DAG's accounting).
        summary = run_stage(self.hook, self.settings, files=(), **params)
        self.results["transform"] = {"seconds_per_file": per_file, "metrics": summary["metrics"]}

    def validate(self, loaded_since: datetime | None = None, *, raw: bool = False) -> None:
        """The raw checks (before the transform) or the staged checks (after it).

        Both are timed as ``validate``; memory is sampled apart (``validate_raw``, ``validate_staged``).
        """
        from include.gong_intel.validate import validate_raw, validate_staged

        start, end = self.window
        with self._stage("validate", part="raw" if raw else "staged"):
            outcomes = (validate_raw if raw else validate_staged)(
                self.hook, self.settings, self.run_id, start, end, loaded_since=loaded_since
            )
        totals = self.results.setdefault("validate", {"rows": 0, "quarantined": 0})
        totals["rows"] += sum(o.rows_in for o in outcomes)
        totals["quarantined"] += sum(o.rows_quarantined for o in outcomes)

    def enrich(self) -> dict[str, Any]:
        from include.gong_intel.pipeline.enrich_step import enrich_all, summarise

        before_embed = self.engine.embed_s
        started = time.perf_counter()
        # The sampler's "enrich" peak covers the embed calls too: they run inside the step.
        with self._stage("enrich", timed=False):
            stats = enrich_all(self.hook, self.settings, self.run_id, engine=self.engine)
        total = time.perf_counter() - started
        embed = self.engine.embed_s - before_embed
        # The embed calls happen inside the enrich step: split its wall time so both stages add up to it.
        self.timer.add("enrich", total - embed)
        self.timer.add("embed", embed)
        summary = summarise(stats)
        self.results["enrich"] = summary
        return summary

    def publish(self) -> None:
        from include.gong_intel.ask.views import create_views

        with self._stage("publish"):
            views = create_views(self.hook, self.settings)
        self.results["publish"] = {"views": len(views)}

    def run_all(self) -> dict[str, Any]:
        """One daily run: every stage in order."""
        self.new_run()
        run_started = datetime.now().astimezone()
        self.results.pop("validate", None)
        self.ingest()
        self.validate(loaded_since=run_started, raw=True)
        self.transform()
        self.validate(loaded_since=run_started)
        self.enrich()
        self.publish()
        return {"stages_s": self.timer.rounded(), "total_s": round(sum(self.timer.seconds.values()), 3)}

    def count(self, table: str, where: str = "") -> int:
        sql = f"SELECT COUNT(*) FROM {getattr(self.settings.tables, table)} {where}"
        return int(self.hook.get_records(sql)[0][0])
