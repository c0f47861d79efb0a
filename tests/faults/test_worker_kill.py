"""A worker killed (SIGKILL) in the middle of enrichment, then a re-run: every call enriched exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from include.gong_intel.pipeline import enrich_step
from local_stack.cohere_peer import CoherePeer, Fault
from tests.faults.enrich_state import analysis_requests, assert_whole_or_nothing, call_states, stage_calls

pytestmark = pytest.mark.timeout(120)

API_KEY = "co-kill-5e1d"
ROOT = Path(__file__).resolve().parents[2]
N_CALLS = 6
DELAYS = 50  # more than the worker can send before the kill

# The worker: the real enrich step in its own process, committing after every call, as a mapped task would.
_WORKER = """
import json, sys
from dataclasses import replace
from include.gong_intel.config import settings_from_mapping
from include.gong_intel.enrich.engine import build_engine
from include.gong_intel.pipeline import enrich_step
from include.gong_intel.warehouse.hook import WarehouseHook

config, ids = json.loads(sys.argv[1]), json.loads(sys.argv[2])
settings = settings_from_mapping(config)
engine = build_engine(replace(enrich_step.enrich_settings(settings), max_retries=0, request_timeout_s=10))
hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
enrich_step.enrich_batch(hook, settings, ids, run_id="scheduled__killed", engine=engine, commit_every=1)
print("worker finished")
"""


@pytest.fixture
def peer(monkeypatch):
    with CoherePeer(api_key=API_KEY) as running:
        monkeypatch.setenv(
            "AIRFLOW_CONN_COHERE_DEFAULT",
            json.dumps({"conn_type": "generic", "password": API_KEY, "host": running.base_url}),
        )
        yield running


def _wait_for_enriched(hook, settings, at_least: int, worker: subprocess.Popen, timeout_s: float = 60) -> int:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        done = sum(s.enriched for s in call_states(hook, settings).values())
        if done >= at_least:
            return done
        if worker.poll() is not None:
            raise AssertionError(f"worker exited early: {worker.communicate()}")
        time.sleep(0.1)
    raise AssertionError(f"fewer than {at_least} calls enriched after {timeout_s}s")


def _wait_until_answered(peer: CoherePeer, delays_injected: int, timeout_s: float = 30) -> None:
    """Wait until every request that took one of the injected delays has been answered (and so logged).

    The peer consumes a delay fault when a request arrives and logs the request only after sleeping, so
    "faults consumed == delayed requests logged" means nothing is still in flight, however slow the machine.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        arrived = delays_injected - peer.pending_faults()
        answered = sum(1 for r in peer.requests_to("/v2/chat") if r.fault == "delay")
        if answered >= arrived:
            return
        time.sleep(0.05)
    raise AssertionError(f"a delayed request of the killed worker was not answered within {timeout_s}s")


def test_killed_worker_leaves_whole_calls_and_the_rerun_enriches_each_call_once(
    peer, settings_factory, warehouse
):
    config = {"enrich_engine": "cohere", "embedding_dim": 256, "passage_max_chars": 300}
    settings = settings_factory(**config)
    ids = stage_calls(warehouse, settings, N_CALLS)
    # Slow every model answer down so the kill lands while later calls are still being analysed.
    peer.inject(*[Fault("delay", path="/v2/chat", delay_s=0.4)] * DELAYS)

    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _WORKER,
            json.dumps({"database": settings.database, **config}),
            json.dumps(ids),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_enriched(warehouse, settings, 2, worker)
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.communicate(timeout=10)
    assert worker.returncode == -signal.SIGKILL

    done_before, untouched = assert_whole_or_nothing(call_states(warehouse, settings))
    assert len(done_before) >= 2 and untouched, "the kill must land mid-batch for this test to mean anything"

    # The killed worker's last request may still be sleeping in the peer; let it finish before counting afresh.
    _wait_until_answered(peer, DELAYS)
    peer.reset()
    stats = enrich_step.enrich_batch(warehouse, settings, ids, run_id="scheduled__rerun")

    done, untouched = assert_whole_or_nothing(call_states(warehouse, settings))
    assert done == set(ids) and not untouched
    assert stats.calls_enriched == N_CALLS - len(done_before)
    # Calls written before the kill are not analysed again, and no chunk exists twice.
    assert analysis_requests(peer) == N_CALLS - len(done_before)
    assert all(s.duplicate_chunks == 0 for s in call_states(warehouse, settings).values())
