"""The loader asks Gong for exactly what Airbyte's source-gong asks for, and lands every field it returns.

The Gong peer answers only what the ``contentSelector`` asks for (as Gong does), so dropping a field from
the loader's request leaves a landed gap that :func:`_gaps` finds: each selector field is checked both ways.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta

import pytest

from include.gong_intel.gong import hook as gong_hook_module
from include.gong_intel.gong.hook import GongHook
from include.gong_intel.gong.loader import load_gong_to_raw
from include.gong_intel.gong.records import EXTENSIVE_CONTENT_SELECTOR
from local_stack.airbyte_peer import SOURCE_GONG_CONTENT_SELECTOR
from local_stack.gong_peer import GongPeer, SimpleTenant
from tests.unit.gong.gong_fixtures import (
    ACCESS_KEY,
    BASE_START,
    SECRET,
    gong_connection_json,
    make_call,
    make_transcript,
    make_user,
)

pytestmark = pytest.mark.integration

CALL_ID = "8000000000000000001"


def _full_call(n: int) -> dict:
    """A call with every field the selector can ask for."""
    call = make_call(n)
    call["content"].update(
        outline=[{"section": "Intro", "startTime": 0.0, "duration": 60.0, "items": []}],
        highlights=[{"title": "Next steps", "items": [{"text": "Send pricing", "startTimes": [30.0]}]}],
        callOutcome={"id": "o1", "name": "Next meeting booked", "category": "Positive"},
        pointsOfInterest={"actionItems": [{"snippet": "Send pricing", "snippetStartTime": 30.0}]},
    )
    call["interaction"]["video"] = [{"name": "Presentation", "duration": 12.0}]
    call["collaboration"] = {"publicComments": [{"id": "c1", "comment": "Nice close", "duringCall": False}]}
    return call


def _leaves(selector: dict) -> list[tuple[str, ...]]:
    """Every field of a selector as a path: ("context",), ("exposedFields", "content", "brief"), ..."""
    out: list[tuple[str, ...]] = []
    for key, value in selector.items():
        if isinstance(value, dict):
            out.extend((key, *rest) for rest in _leaves(value))
        else:
            out.append((key,))
    return out


def _without(selector: dict, path: tuple[str, ...]) -> dict:
    trimmed = copy.deepcopy(selector)
    node = trimmed
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return trimmed


def _gaps(warehouse, call_id: str) -> list[tuple[str, ...]]:
    """Selector fields whose content is missing from the landed call."""
    t = warehouse.settings.tables
    [row] = warehouse.get_records(
        f"SELECT PARTIES, CONTENT, INTERACTION, CONTEXT, MEDIA, COLLABORATION FROM {t.raw_extensive_calls}"
        " WHERE METADATA:id::string = %s",
        parameters=[call_id],
    )
    parties, content, interaction, context, media, collaboration = (
        json.loads(v) if isinstance(v, str) else v for v in row
    )
    content, interaction, collaboration = content or {}, interaction or {}, collaboration or {}
    objects = [o for system in context or [] for o in system.get("objects") or []]
    present = {
        ("context",): bool(objects) and all(o.get("fields") for o in objects),
        ("contextTiming",): {o.get("timing") for o in objects} == {"Now", "TimeOfCall"},
        ("exposedFields", "parties"): bool(parties),
        ("exposedFields", "media"): bool(media),
        ("exposedFields", "content", "trackerOccurrences"): all(
            "occurrences" in tr for tr in content.get("trackers") or [{}]
        ),
        ("exposedFields", "interaction", "personInteractionStats"): "interactionStats" in interaction,
        ("exposedFields", "collaboration", "publicComments"): bool(collaboration.get("publicComments")),
    }
    for field in ("brief", "outline", "highlights", "callOutcome", "keyPoints", "pointsOfInterest"):
        present["exposedFields", "content", field] = field in content
    for field in ("topics", "trackers", "structure"):
        present["exposedFields", "content", field] = field in content
    for field in ("speakers", "video", "questions"):
        present["exposedFields", "interaction", field] = field in interaction
    return sorted(path for path, ok in present.items() if not ok)


@pytest.fixture
def gong(monkeypatch):
    tenant = SimpleTenant(
        users=[make_user(n) for n in range(2)],
        calls=[_full_call(n) for n in range(3)],
        transcripts={make_call(n)["metaData"]["id"]: make_transcript(n) for n in range(3)},
    )
    with GongPeer(tenant, access_key=ACCESS_KEY, secret=SECRET, rate_limit=None) as peer:
        monkeypatch.setenv("AIRFLOW_CONN_GONG_PARITY_TEST", gong_connection_json(peer.url))
        yield peer, GongHook(gong_conn_id="gong_parity_test")


def _load(hook, warehouse) -> None:
    load_gong_to_raw(
        hook,
        warehouse,
        tables=warehouse.settings.tables,
        since=BASE_START - timedelta(days=1),
        until=BASE_START + timedelta(days=2),
        lookback=None,
        extracted_at=datetime(2026, 3, 5, tzinfo=UTC),
    )


def test_loader_selector_is_source_gongs_field_for_field():
    assert EXTENSIVE_CONTENT_SELECTOR == SOURCE_GONG_CONTENT_SELECTOR
    assert len(_leaves(EXTENSIVE_CONTENT_SELECTOR)) == 19


def test_request_log_shows_the_full_selector_and_every_field_lands(gong, warehouse):
    peer, hook = gong

    _load(hook, warehouse)

    [post] = [r for r in peer.requests if r.path == "/v2/calls/extensive"]
    assert post.body["contentSelector"] == SOURCE_GONG_CONTENT_SELECTOR
    [users] = [r for r in peer.requests if r.path == "/v2/users"]
    assert users.query == {"limit": ["100"]}
    assert _gaps(warehouse, CALL_ID) == []


@pytest.mark.parametrize("path", _leaves(EXTENSIVE_CONTENT_SELECTOR), ids="/".join)
def test_dropping_a_selector_field_leaves_a_gap_the_check_finds(gong, warehouse, monkeypatch, path):
    _, hook = gong
    monkeypatch.setattr(
        gong_hook_module, "EXTENSIVE_CONTENT_SELECTOR", _without(EXTENSIVE_CONTENT_SELECTOR, path)
    )

    _load(hook, warehouse)

    gaps = _gaps(warehouse, CALL_ID)
    # Without trackers there are no tracker occurrences either; without context no timing.
    assert path in gaps
    assert set(gaps) <= {path, ("exposedFields", "content", "trackerOccurrences"), ("contextTiming",)}


def _deal_as_of(call: dict, timing: str) -> tuple | None:
    """(stage, amount, close date) of the call's opportunity as Gong holds it for ``timing``."""
    for system in call.get("context") or []:
        for obj in system.get("objects") or []:
            if obj.get("objectType") == "Opportunity" and obj.get("timing") == timing:
                fields = {f["name"]: f["value"] for f in obj.get("fields") or []}
                return fields["StageName"], float(fields["Amount"]), fields["CloseDate"][:10]
    return None


@pytest.mark.parametrize("selector", ["loader", "without contextTiming"])
def test_stage_reads_the_deal_as_of_the_call_from_what_the_request_returns(warehouse, monkeypatch, selector):
    from datetime import date

    from include.gong_intel.transform import run_stage
    from local_stack.tenant.generator import generate_tenant

    if selector != "loader":
        monkeypatch.setattr(
            gong_hook_module,
            "EXTENSIVE_CONTENT_SELECTOR",
            _without(EXTENSIVE_CONTENT_SELECTOR, ("contextTiming",)),
        )
    tenant = generate_tenant(seed=11, n_calls=12, days=3, end_date=date(2026, 11, 5))
    with GongPeer(tenant, access_key=ACCESS_KEY, secret=SECRET, rate_limit=None) as peer:
        monkeypatch.setenv("AIRFLOW_CONN_GONG_STAGE_PARITY", gong_connection_json(peer.url))
        load_gong_to_raw(
            GongHook(gong_conn_id="gong_stage_parity"),
            warehouse,
            tables=warehouse.settings.tables,
            since=tenant.window_start,
            until=tenant.window_end,
            lookback=None,
        )
    run_stage(
        warehouse,
        warehouse.settings,
        interval_start=tenant.window_start,
        interval_end=tenant.window_end,
        run_id="manual__parity",
    )

    t = warehouse.settings.tables
    staged = {
        r[0]: (r[1], None if r[2] is None else float(r[2]), None if r[3] is None else str(r[3])[:10])
        for r in warehouse.get_records(
            f"SELECT CALL_ID, OPPORTUNITY_STAGE, OPPORTUNITY_AMOUNT, OPPORTUNITY_CLOSE_DATE FROM {t.stg_calls}"
        )
    }
    expected = {
        c["metaData"]["id"]: _deal_as_of(c, "TimeOfCall")
        for c in tenant.calls
        if not c["metaData"].get("isPrivate") and _deal_as_of(c, "TimeOfCall")
    }
    assert expected and set(expected) <= set(staged)
    if selector == "loader":
        assert {k: staged[k] for k in expected} == expected
    else:
        # Gong's default timing is Now: the deal as of the call is lost, which is why the loader asks.
        assert all(staged[k] == (None, None, None) for k in expected)
