"""Failure wording: precise reasons for failed checks, stable check names, cells as JSON-safe values."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandera.pandas as pa

_MAX_VALUE_CHARS = 2000


def json_safe(value: Any) -> Any:
    """Convert a cell (numpy/pandas scalars, timestamps, NaN, nested containers) to plain JSON values."""
    from include.gong_intel.validate.schemas import is_missing

    if is_missing(value):
        return None
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return json_safe(value.tolist())
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return str(value)


def value_text(value: Any) -> str | None:
    """A cell as text for OFFENDING_VALUE: JSON for containers, cut to a bounded length."""
    safe = json_safe(value)
    if safe is None:
        return None
    text = safe if isinstance(safe, str) else json.dumps(safe, ensure_ascii=False)
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 1] + "…"


def check_label(check: str) -> str:
    """Stable short name of a pandera check string: ``in_range(-1, 1)`` -> ``in_range``."""
    if check == "not_nullable":
        return "not_null"
    if check == "field_uniqueness":
        return "unique"
    if check.startswith(("coerce_dtype(", "dtype(")):
        return "dtype"
    return check.split("(", 1)[0]


def _args(check: str) -> str:
    return check[check.index("(") + 1 : -1] if "(" in check and check.endswith(")") else ""


def _join(column: str, explanation: str) -> str:
    return f"{column}{explanation}" if explanation[:1] in ("=", "[", ".") else f"{column} {explanation}"


def describe_failure(column: str, check: str, value: Any, *, embedding_dim: int) -> str:
    """A precise, human-readable reason for one failed column check, e.g. ``SENTIMENT_SCORE=1.7 not in [-1, 1]``.

    :param column: the column checked.
    :param check: pandera's check string from ``failure_cases`` (e.g. ``in_range(-1, 1)``).
    :param value: the failing value.
    :param embedding_dim: the configured dimension (for vector checks).
    """
    from include.gong_intel.validate.schemas import VALUE_EXPLAINERS, explain_vector, shown

    label = check_label(check)
    args = _args(check)
    v = shown(value)
    if label == "not_null":
        return f"{column} is null"
    if label == "unique":
        return f"{column}={v} is duplicated"
    if label == "dtype":
        return f"{column}={v} is not a valid {args.strip(chr(39))}"
    if label == "in_range":
        low, _, high = args.partition(", ")
        return f"{column}={v} not in [{low}, {high}]"
    if label == "greater_than_or_equal_to":
        return f"{column}={v} is below {args}"
    if label == "equal_to":
        return f"{column}={v} is not {args}"
    if label == "isin":
        return f"{column}={v} is not one of {args}"
    if label == "str_matches":
        return f"{column}={v} does not match {args}"
    if label == "str_length":
        return f"{column} is empty" if value == "" else f"{column}={v} has a length outside ({args})"
    if label == "embedding_shape":
        return _join(column, explain_vector(value, embedding_dim) or "is not a valid embedding")
    explain = VALUE_EXPLAINERS.get(label)
    if explain is not None:
        return _join(column, explain(value) or f"fails {label}")
    return f"{column}={v} fails {check}"


def schema_check_ids(schema: pa.DataFrameSchema) -> list[str]:
    """Every check a schema runs, named as in DQ results (``COLUMN.check`` or a row-level check name)."""
    ids: list[str] = []
    for name, column in schema.columns.items():
        if not column.nullable:
            ids.append(f"{name}.not_null")
        if column.unique:
            ids.append(f"{name}.unique")
        ids.extend(f"{name}.{check_label(str(check.name))}" for check in column.checks)
    ids.extend(check_label(str(check.name)) for check in schema.checks)
    return list(dict.fromkeys(ids))


def key_text(value: Any) -> str | None:
    """A natural key as text (``None`` when missing)."""
    safe = json_safe(value)
    return None if safe is None else str(safe)
