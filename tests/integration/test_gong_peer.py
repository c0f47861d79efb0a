"""The local Gong peer speaks Gong API v2's wire format (checked with plain HTTP, no hook)."""

from __future__ import annotations

import pytest
import requests

from local_stack.gong_peer import NO_CALLS_ERROR, GongPeer, SimpleTenant
from tests.unit.gong.gong_fixtures import ACCESS_KEY, SECRET, make_call, make_tenant, make_user

pytestmark = pytest.mark.integration

AUTH = (ACCESS_KEY, SECRET)
WINDOW = {"fromDateTime": "2026-03-01T00:00:00Z", "toDateTime": "2026-04-01T00:00:00Z"}


@pytest.fixture
def peer():
    with GongPeer(
        make_tenant(12, private=frozenset({2})), access_key=ACCESS_KEY, secret=SECRET, rate_limit=None
    ) as p:
        yield p


def _post(peer, path, body, auth=AUTH):
    return requests.post(f"{peer.url}{path}", json=body, auth=auth, timeout=5)


def test_missing_or_wrong_credentials_get_401_with_gong_error_body(peer):
    no_auth = requests.get(f"{peer.url}/v2/users", timeout=5)
    wrong = requests.get(f"{peer.url}/v2/users", auth=(ACCESS_KEY, "nope"), timeout=5)

    assert no_auth.status_code == wrong.status_code == 401
    assert set(no_auth.json()) == {"requestId", "errors"}
    assert [r.auth_ok for r in peer.requests] == [False, False]


def test_single_page_has_records_without_cursor(peer):
    body = _post(peer, "/v2/calls/extensive", {"filter": WINDOW}).json()

    assert body["records"] == {"totalRecords": 11, "currentPageSize": 11, "currentPageNumber": 0}
    assert "8000000000000000002" not in {c["metaData"]["id"] for c in body["calls"]}


def test_content_selector_controls_which_fields_are_returned(peer):
    bare = _post(peer, "/v2/calls/extensive", {"filter": WINDOW}).json()["calls"][0]
    brief_only = _post(
        peer,
        "/v2/calls/extensive",
        {"filter": WINDOW, "contentSelector": {"exposedFields": {"content": {"brief": True}}}},
    ).json()["calls"][0]

    assert set(bare) == {"metaData"}
    assert set(brief_only) == {"metaData", "content"}
    assert brief_only["content"] == {"brief": "Brief of call 0"}


def _first_call(peer, selector):
    response = _post(peer, "/v2/calls/extensive", {"filter": WINDOW, "contentSelector": selector})
    assert response.status_code == 200, response.text
    return response.json()["calls"][0]


def test_context_defaults_to_none_and_timing_to_now(peer):
    assert "context" not in _first_call(peer, {"exposedFields": {"parties": True}})
    now_only = _first_call(peer, {"context": "Extended"})
    both = _first_call(peer, {"context": "Extended", "contextTiming": ["Now", "TimeOfCall"]})
    basic = _first_call(peer, {"context": "Basic", "contextTiming": ["TimeOfCall"]})

    assert [o["timing"] for o in now_only["context"][0]["objects"]] == ["Now"]
    assert [(o["timing"], o["fields"]) for o in both["context"][0]["objects"]] == [
        ("TimeOfCall", [{"name": "StageName", "value": "Discovery"}]),
        ("Now", [{"name": "StageName", "value": "Negotiation"}]),
    ]
    # Basic names the CRM objects without their fields.
    assert basic["context"][0]["objects"] == [
        {"objectType": "Opportunity", "objectId": "0060", "timing": "TimeOfCall"}
    ]


def test_tracker_occurrences_only_when_asked(peer):
    trackers = {"exposedFields": {"content": {"trackers": True}}}
    with_occurrences = {"exposedFields": {"content": {"trackers": True, "trackerOccurrences": True}}}

    assert _first_call(peer, trackers)["content"]["trackers"] == [
        {"id": "t1", "name": "Competitors", "count": 1}
    ]
    assert _first_call(peer, with_occurrences)["content"]["trackers"][0]["occurrences"] == [
        {"speakerId": "s0b", "startTime": 42.5}
    ]


def test_structure_and_public_comments_only_when_asked(peer):
    without = _first_call(peer, {"exposedFields": {"content": {"brief": True}}})
    asked = _first_call(
        peer,
        {"exposedFields": {"content": {"structure": True}, "collaboration": {"publicComments": True}}},
    )

    assert "structure" not in without["content"] and "collaboration" not in without
    assert asked["content"] == {"structure": [{"name": "Intro", "duration": 60}]}
    assert asked["collaboration"] == {"publicComments": []}


@pytest.mark.parametrize(
    "selector",
    [
        {"context": "Full"},
        {"context": "Extended", "contextTiming": ["Yesterday"]},
        {"context": "Extended", "contextTiming": "Now"},
        {"exposedFields": ["parties"]},
        {"exposedFields": {"content": ["brief"]}},
    ],
)
def test_invalid_content_selector_is_400(peer, selector):
    response = _post(peer, "/v2/calls/extensive", {"filter": WINDOW, "contentSelector": selector})

    assert response.status_code == 400
    assert response.json()["errors"]


def test_users_honour_limit_cursor_and_from_date_time():
    users = [dict(make_user(n), created=f"2026-0{1 + n % 3}-01T00:00:00Z") for n in range(7)]
    with GongPeer(SimpleTenant(users=users), access_key=ACCESS_KEY, secret=SECRET, rate_limit=None) as p:
        first = requests.get(f"{p.url}/v2/users", params={"limit": 2}, auth=AUTH, timeout=5).json()
        second = requests.get(
            f"{p.url}/v2/users",
            params={"limit": 2, "cursor": first["records"]["cursor"]},
            auth=AUTH,
            timeout=5,
        ).json()
        recent = requests.get(
            f"{p.url}/v2/users", params={"fromDateTime": "2026-02-01T00:00:00Z"}, auth=AUTH, timeout=5
        ).json()
        too_many = requests.get(f"{p.url}/v2/users", params={"limit": 101}, auth=AUTH, timeout=5)
        bad_date = requests.get(
            f"{p.url}/v2/users", params={"fromDateTime": "yesterday"}, auth=AUTH, timeout=5
        )
        # A cursor belongs to its page size and filter.
        other = requests.get(
            f"{p.url}/v2/users",
            params={"limit": 3, "cursor": first["records"]["cursor"]},
            auth=AUTH,
            timeout=5,
        )

    assert [u["id"] for u in first["users"]] == [users[0]["id"], users[1]["id"]]
    assert first["records"]["totalRecords"] == 7 and first["records"]["currentPageSize"] == 2
    assert [u["id"] for u in second["users"]] == [users[2]["id"], users[3]["id"]]
    assert sorted(u["id"] for u in recent["users"]) == sorted(
        u["id"] for u in users if u["created"] >= "2026-02"
    )
    assert recent["records"]["totalRecords"] == 4
    assert too_many.status_code == 400 and bad_date.status_code == 400 and other.status_code == 400


def test_no_results_is_404_with_gongs_message(peer):
    response = _post(
        peer,
        "/v2/calls/extensive",
        {"filter": {"fromDateTime": "2020-01-01T00:00:00Z", "toDateTime": "2020-01-02T00:00:00Z"}},
    )

    assert response.status_code == 404
    assert response.json()["errors"] == [NO_CALLS_ERROR]


def test_transcript_endpoint_caps_call_ids_at_100(peer):
    response = _post(peer, "/v2/calls/transcript", {"filter": {"callIds": [str(i) for i in range(101)]}})

    assert response.status_code == 400
    assert "at most 100" in response.json()["errors"][0]


def test_cursor_is_bound_to_its_filter(peer):
    users = make_tenant(0, n_users=120)
    with GongPeer(users, access_key=ACCESS_KEY, secret=SECRET, rate_limit=None) as p:
        first = requests.get(f"{p.url}/v2/users", auth=AUTH, timeout=5).json()
        cursor = first["records"]["cursor"]
        second = requests.get(f"{p.url}/v2/users", params={"cursor": cursor}, auth=AUTH, timeout=5).json()
        misused = _post(p, "/v2/calls/extensive", {"filter": WINDOW, "cursor": cursor})

    assert (first["records"]["currentPageSize"], second["records"]["currentPageSize"]) == (100, 20)
    assert second["records"]["currentPageNumber"] == 1 and "cursor" not in second["records"]
    assert misused.status_code == 400


def test_token_bucket_answers_429_with_retry_after():
    with GongPeer(make_tenant(1), access_key=ACCESS_KEY, secret=SECRET, rate_limit=3) as p:
        statuses = [requests.get(f"{p.url}/v2/users", auth=AUTH, timeout=5) for _ in range(4)]

    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert int(statuses[3].headers["Retry-After"]) >= 1


def test_basic_call_list_returns_metadata_only(peer):
    body = requests.get(f"{peer.url}/v2/calls", params=WINDOW, auth=AUTH, timeout=5).json()

    assert len(body["calls"]) == 11
    assert body["calls"][0]["title"] == "Discovery call 0"


def test_faults_apply_per_path_and_are_consumed(peer):
    peer.fail(502, times=2, path="/v2/calls/extensive")

    users = requests.get(f"{peer.url}/v2/users", auth=AUTH, timeout=5)
    calls = [_post(peer, "/v2/calls/extensive", {"filter": WINDOW}).status_code for _ in range(3)]

    assert users.status_code == 200
    assert calls == [502, 502, 200]
    with pytest.raises(ValueError, match="unknown fault kind"):
        peer.inject("explode")


def test_calls_without_an_id_are_served_as_they_are_in_time_order():
    tenant = make_tenant(4)
    no_id, null_id, int_id = make_call(10), make_call(11), make_call(12)
    del no_id["metaData"]["id"]
    null_id["metaData"]["id"] = None
    int_id["metaData"]["id"] = 8000000000000000012  # an integer where Gong sends a string
    # Same start as call 1, so the tie-break on the id has to compare a missing id with a string one.
    no_id["metaData"]["started"] = tenant.calls[1]["metaData"]["started"]
    tenant.calls.extend([no_id, null_id, int_id])

    with GongPeer(tenant, access_key=ACCESS_KEY, secret=SECRET, rate_limit=None) as p:
        extensive = _post(p, "/v2/calls/extensive", {"filter": WINDOW})
        basic = requests.get(f"{p.url}/v2/calls", params=WINDOW, auth=AUTH, timeout=5)
        by_id = _post(p, "/v2/calls/extensive", {"filter": {**WINDOW, "callIds": ["8000000000000000012"]}})
        transcripts = _post(p, "/v2/calls/transcript", {"filter": WINDOW})

    assert extensive.status_code == basic.status_code == 200
    served = [c["metaData"] for c in extensive.json()["calls"]]
    assert [m.get("title") for m in served] == [
        "Discovery call 0",
        "Discovery call 10",  # no id sorts before any id at the same start
        "Discovery call 1",
        "Discovery call 2",
        "Discovery call 3",
        "Discovery call 11",
        "Discovery call 12",
    ]
    assert "id" not in served[1] and served[5]["id"] is None and served[6]["id"] == 8000000000000000012
    assert [m.get("id", "absent") for m in basic.json()["calls"]] == [m.get("id", "absent") for m in served]
    assert [c["metaData"]["title"] for c in by_id.json()["calls"]] == ["Discovery call 12"]
    # Only calls with an id (and a transcript) have one to serve.
    assert [t["callId"] for t in transcripts.json()["callTranscripts"]] == [
        f"{8000000000000000000 + n}" for n in range(4)
    ]
