"""Reads of a run's window in keyset batches of call ids: RAW_AIRBYTE rows and STG rows, one batch at a time."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from include.gong_intel.validate.outcomes import naive_utc

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

    from include.gong_intel.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallBatch:
    """One batch of a window's calls: call ids in ``(after, upto]`` compared as strings, ``None`` open.

    The last batch (``upto`` open) also holds the rows without a call id. ``CallBatch()`` is the whole
    window in one read.
    """

    after: str | None = None
    upto: str | None = None

    def params(self) -> dict[str, str | None]:
        """Bind parameters of ``validate/macros.jinja`` ``in_call_batch``."""
        return {"after_call_id": self.after, "upto_call_id": self.upto}


def window_params(
    interval_start: datetime,
    interval_end: datetime,
    loaded_since: datetime | None,
    batch: CallBatch | None = None,
) -> dict[str, Any]:
    """Bind parameters of a window's reads: the window, and the batch of calls (``None``: all of them)."""
    return {
        "interval_start": _bind_ts(interval_start),
        "interval_end": _bind_ts(interval_end),
        "loaded_since": _bind_ts(loaded_since),
        **(batch or CallBatch()).params(),
    }


def call_batches(
    hook,
    settings: Settings,
    template: str,
    interval_start: datetime,
    interval_end: datetime,
    loaded_since: datetime | None = None,
) -> list[CallBatch]:
    """Cut a window's calls into batches of ``settings.validate_batch_calls`` call ids, in id order.

    One query returns only the batches' upper bounds (``validate/raw_call_batches.sql``,
    ``monitor/staged_call_batches.sql``). The batches cover every id, so a row landing after this query
    is still read by exactly one batch (which may then hold a few more calls than asked).

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param template: the bounds query of the reads.
    :param interval_start: window start.
    :param interval_end: window end, exclusive.
    :param loaded_since: also rows loaded since then, as the reads.
    :return: at least one batch; one ``CallBatch()`` when the window fits in one.
    """
    from include.gong_intel.warehouse.sql import render

    sql = render(template, settings, emulator=hook.is_emulator)
    params = {
        **window_params(interval_start, interval_end, loaded_since),
        "batch_calls": settings.validate_batch_calls,
    }
    bounds = [str(row[0]) for row in hook.get_records(sql, parameters=params)]
    batches = [CallBatch(after, upto) for after, upto in zip([None, *bounds], [*bounds, None], strict=True)]
    log.info("%s: %d batch(es) of up to %d call(s)", template, len(batches), settings.validate_batch_calls)
    return batches


def _bind_ts(value: datetime | None) -> datetime | None:
    return None if value is None else naive_utc(value)


def read_staged(
    hook,
    settings: Settings,
    model: type[pa.DataFrameModel],
    template: str,
    interval_start: datetime,
    interval_end: datetime,
    loaded_since: datetime | None = None,
    batch: CallBatch | None = None,
) -> pd.DataFrame:
    """Read the STG rows a run touched (one batch of its calls), with exactly the model's columns.

    Dates and timestamps are selected as text: the local emulator returns NULL timestamps as 1970-01-01,
    which would hide missing values; pandera parses the text back (``coerce``).

    :param batch: the calls to read (``None``: the whole window).
    """
    from include.gong_intel.validate.schemas import model_columns, timestamp_columns
    from include.gong_intel.warehouse.sql import render

    sql = render(
        template,
        settings,
        emulator=hook.is_emulator,
        columns=model_columns(model),
        text_columns=set(timestamp_columns(model)),
    )
    params = window_params(interval_start, interval_end, loaded_since, batch)
    return parse_text_timestamps(hook.get_df(sql, parameters=params), model)


def parse_text_timestamps(df: pd.DataFrame, model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """Parse the model's timestamp columns read as text, whatever their mix of formats.

    Timestamps rendered as text carry fractional seconds only when they have some (``12:00:00`` next to
    ``12:00:00.5``), and pandas infers one format per column from its first value, so a column mixing both
    fails as a whole and names no row. Each column is parsed value by value instead; a value that is no
    timestamp is left as it is, for pandera to report on its row.

    :param df: rows as read (modified in place and returned).
    :param model: the model whose ``DateTime`` columns are parsed (date-only columns stay text).
    """
    import pandas as pd

    for name, column in model.to_schema().columns.items():
        if name not in df.columns or "datetime" not in str(column.dtype):
            continue
        aware = "UTC" in str(column.dtype)
        try:
            df[name] = pd.to_datetime(df[name], format="mixed", utc=aware)
        except (ValueError, TypeError):
            df[name] = [_parse_one_timestamp(v, aware) for v in df[name]]
    return df


def _parse_one_timestamp(value: Any, aware: bool) -> Any:
    import pandas as pd

    if not isinstance(value, str):
        return value
    try:
        return pd.to_datetime(value, utc=aware)
    except (ValueError, TypeError):
        return value


def read_raw(
    hook,
    settings: Settings,
    template: str,
    interval_start: datetime,
    interval_end: datetime,
    loaded_since: datetime | None = None,
    batch: CallBatch | None = None,
) -> pd.DataFrame:
    """Read the RAW_AIRBYTE rows a run will stage (``include/sql/validate/raw_*.sql``), one batch of calls.

    :param batch: the calls to read (``None``: the whole window).
    """
    from include.gong_intel.warehouse.sql import render

    sql = render(template, settings, emulator=hook.is_emulator)
    params = window_params(interval_start, interval_end, loaded_since, batch)
    return hook.get_df(sql, parameters=params)
