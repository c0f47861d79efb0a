"""Same arguments give byte-identical tenants (also across processes); streaming scales to thousands of calls."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from local_stack.tenant import generate_tenant, iter_calls, plan_tenant

ROOT = Path(__file__).resolve().parents[3]


def _digest(tenant) -> str:
    payload = {
        "users": tenant.users,
        "calls": tenant.calls,
        "transcripts": tenant.transcripts,
        "truth": {
            k: dataclasses.asdict(v) | {"scenarios": sorted(v.scenarios), "edge_cases": sorted(v.edge_cases)}
            for k, v in tenant.truth.items()
        },
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def test_same_arguments_give_identical_output_in_another_process():
    here = _digest(generate_tenant(seed=11, n_calls=40, days=30, end_date=date(2025, 1, 15)))
    code = (
        "from datetime import date; from tests.unit.local_stack.test_tenant_determinism import _digest;"
        "from local_stack.tenant import generate_tenant;"
        "print(_digest(generate_tenant(seed=11, n_calls=40, days=30, end_date=date(2025, 1, 15))))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == here


def test_another_seed_gives_another_tenant():
    a = generate_tenant(seed=1, n_calls=20, days=30, end_date=date(2025, 1, 15))
    b = generate_tenant(seed=2, n_calls=20, days=30, end_date=date(2025, 1, 15))
    assert {c["metaData"]["id"] for c in a.calls}.isdisjoint({c["metaData"]["id"] for c in b.calls})


def test_streamed_calls_equal_the_generated_tenant(tenant):
    streamed = list(iter_calls(seed=7, n_calls=300, days=90, end_date=date(2025, 6, 4)))
    assert [g.call for g in streamed] == tenant.calls
    assert {g.call_id: g.transcript for g in streamed} == tenant.transcripts
    assert {g.call_id: g.truth for g in streamed} == tenant.truth


def test_default_end_date_is_today_utc():
    before = datetime.now(UTC).date()
    plan = plan_tenant(n_calls=5, days=10)
    assert plan.window_end.date() in (before, datetime.now(UTC).date())
    assert (plan.window_end - plan.window_start).days == 10


def test_small_tenants_have_no_edge_cases_and_bad_arguments_fail():
    small = generate_tenant(seed=3, n_calls=8, days=14, end_date=date(2025, 3, 3))
    assert len(small.calls) == 8 and small.edge_cases == {}
    assert all(t.edge_cases == frozenset() for t in small.truth.values())
    with pytest.raises(ValueError, match="n_calls"):
        plan_tenant(n_calls=-1)
    with pytest.raises(ValueError, match="days"):
        plan_tenant(days=0)


def test_a_thousand_calls_stream_fast_with_unique_ids():
    started = time.perf_counter()
    ids = set()
    sentences = 0
    for gc in iter_calls(seed=5, n_calls=1000, days=90, end_date=date(2025, 6, 4)):
        ids.add(gc.call_id)
        sentences += sum(len(m["sentences"]) for m in gc.transcript)
    elapsed = time.perf_counter() - started
    assert len(ids) == 1000
    assert sentences > 1000 * 150
    assert elapsed < 8, elapsed  # ~1.2 s on an idle 2-core box; 10k calls take ~11 s
