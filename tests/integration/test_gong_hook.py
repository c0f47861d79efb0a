"""GongHook against the local Gong peer: pagination, throttling, retries and error mapping."""

from __future__ import annotations

import base64
import logging
import time
from datetime import timedelta

import pytest

from include.gong_intel.gong.hook import (
    GongApiError,
    GongAuthError,
    GongHook,
    GongPaginationError,
    GongRateLimitError,
)
from local_stack.airbyte_peer import SOURCE_GONG_CONTENT_SELECTOR
from local_stack.gong_peer import GongPeer
from tests.unit.gong.gong_fixtures import (
    ACCESS_KEY,
    BASE_START,
    SECRET,
    gong_connection_json,
    make_tenant,
)

pytestmark = pytest.mark.integration

WINDOW_START = BASE_START - timedelta(days=1)
WINDOW_END = BASE_START + timedelta(days=30)


@pytest.fixture
def peer():
    with GongPeer(
        make_tenant(250, n_users=150, private=frozenset({3, 7})),
        access_key=ACCESS_KEY,
        secret=SECRET,
        bearer_token="oauth-token-123",
        rate_limit=None,
    ) as running:
        yield running


@pytest.fixture
def make_hook(monkeypatch):
    def factory(url: str, conn_id: str = "gong_test", **extra) -> GongHook:
        monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", gong_connection_json(url, **extra))
        return GongHook(gong_conn_id=conn_id)

    return factory


def test_extensive_calls_follow_cursor_across_pages_and_skip_private(peer, make_hook):
    hook = make_hook(peer.url)
    calls = list(hook.iter_extensive_calls(WINDOW_START, WINDOW_END))

    assert len(calls) == 248
    ids = [c["metaData"]["id"] for c in calls]
    assert len(set(ids)) == 248
    assert "8000000000000000003" not in ids and "8000000000000000007" not in ids
    posts = [r for r in peer.requests if r.path == "/v2/calls/extensive"]
    assert len(posts) == 3
    assert "cursor" not in posts[0].body and posts[1].body["cursor"] and posts[2].body["cursor"]
    assert hook.stats.requests == 3 and hook.stats.pages == 3


def test_extensive_calls_request_the_airbyte_content_selector(peer, make_hook):
    hook = make_hook(peer.url)
    call = next(hook.iter_extensive_calls(WINDOW_START, WINDOW_END))

    body = peer.requests[0].body
    assert body["contentSelector"] == SOURCE_GONG_CONTENT_SELECTOR
    assert body["filter"] == {"fromDateTime": "2026-03-01T09:00:00Z", "toDateTime": "2026-04-01T09:00:00Z"}
    assert set(call) == {"metaData", "parties", "content", "interaction", "context", "media", "collaboration"}
    assert call["content"]["structure"] == [{"name": "Intro", "duration": 60}]
    assert call["content"]["trackers"][0]["occurrences"] == [{"speakerId": "s0b", "startTime": 42.5}]
    assert call["collaboration"] == {"publicComments": []}
    assert [o["timing"] for o in call["context"][0]["objects"]] == ["TimeOfCall", "Now"]
    assert call["interaction"]["interactionStats"] == [{"name": "Talk Ratio", "value": 0.5}]


def test_users_paginate_with_cursor_query_parameter(peer, make_hook):
    users = list(make_hook(peer.url).iter_users())

    assert len(users) == 150
    gets = [r for r in peer.requests if r.path == "/v2/users"]
    assert [bool(r.query.get("cursor")) for r in gets] == [False, True]


def test_transcripts_are_requested_in_batches_of_at_most_100_ids(peer, make_hook):
    hook = make_hook(peer.url)
    call_ids = [f"{8000000000000000000 + n}" for n in range(150)]
    transcripts = list(hook.iter_transcripts(call_ids))

    # Calls 3 and 7 are private: Gong does not serve them.
    assert len(transcripts) == 148
    assert transcripts[0]["callId"] == call_ids[0]
    assert transcripts[0]["transcript"][0]["sentences"][0]["text"] == "Hello from call 0."
    batches = [r.body["filter"]["callIds"] for r in peer.requests]
    assert [len(b) for b in batches] == [100, 50]


def test_rate_limit_waits_for_retry_after_then_succeeds(peer, make_hook):
    hook = make_hook(peer.url)
    peer.rate_limit(retry_after=1, path="/v2/users")

    started = time.monotonic()
    users = list(hook.iter_users())
    elapsed = time.monotonic() - started

    assert len(users) == 150
    assert elapsed >= 1.0
    assert hook.stats.rate_limited == 1
    assert hook.stats.rate_limit_wait_seconds == pytest.approx(1.0)
    assert [r.status for r in peer.requests] == [429, 200, 200]


def test_retry_after_longer_than_cap_raises_instead_of_hanging(peer, make_hook):
    hook = make_hook(peer.url, max_rate_limit_wait_seconds=5)
    peer.rate_limit(retry_after=3600)

    started = time.monotonic()
    with pytest.raises(GongRateLimitError, match="3600s") as excinfo:
        list(hook.iter_users())

    # No wait at all: any wait would be at least the 5 s cap (the bound is the cap, not a speed: a busy CI
    # machine took 1.15 s for the one request).
    assert time.monotonic() - started < 5.0
    assert excinfo.value.retry_after == 3600
    assert len(peer.requests) == 1


def test_server_errors_are_retried_then_succeed(peer, make_hook):
    hook = make_hook(peer.url)
    peer.fail(503, times=2, path="/v2/calls/extensive")

    calls = list(hook.iter_extensive_calls(WINDOW_START, BASE_START + timedelta(hours=6)))

    assert len(calls) == 5
    assert [r.status for r in peer.requests] == [503, 503, 200]
    assert hook.stats.retries == 2


def test_persistent_server_errors_fail_after_bounded_attempts(peer, make_hook):
    hook = make_hook(peer.url, max_attempts=3)
    peer.fail(500, times=50)

    with pytest.raises(GongApiError, match=r"failed after 3 attempts: HTTP 500") as excinfo:
        list(hook.iter_users())

    assert excinfo.value.status == 500
    assert len(peer.requests) == 3


def test_empty_window_is_an_empty_result_not_an_error(peer, make_hook):
    hook = make_hook(peer.url)
    far_past = BASE_START - timedelta(days=400)

    assert list(hook.iter_extensive_calls(far_past, far_past + timedelta(days=1))) == []
    assert [r.status for r in peer.requests] == [404]


def test_wrong_secret_raises_auth_error_after_exactly_one_request(peer, monkeypatch):
    monkeypatch.setenv(
        "AIRFLOW_CONN_GONG_BAD",
        gong_connection_json(peer.url).replace(SECRET, "wrong-secret-value"),
    )
    hook = GongHook(gong_conn_id="gong_bad")

    with pytest.raises(GongAuthError, match="HTTP 401"):
        list(hook.iter_users())

    assert len(peer.requests) == 1
    assert peer.requests[0].auth_ok is False


def test_bearer_token_authenticates(peer, make_hook):
    hook = make_hook(peer.url, bearer_token="oauth-token-123")

    ok, message = hook.test_connection()

    assert ok, message
    assert "150 users" in message
    assert peer.requests[0].auth_ok


def test_test_connection_reports_failure_without_raising(peer, make_hook):
    hook = make_hook(peer.url, bearer_token="expired-token")

    ok, message = hook.test_connection()

    assert ok is False
    assert "401" in message


def test_repeated_cursor_stops_with_a_clear_error(peer, make_hook):
    hook = make_hook(peer.url)
    peer.repeat_cursor(path="/v2/calls/extensive")

    with pytest.raises(GongPaginationError, match="already returned"):
        list(hook.iter_extensive_calls(WINDOW_START, WINDOW_END))

    assert len(peer.requests) == 2


def test_malformed_json_is_retried_then_succeeds(peer, make_hook):
    hook = make_hook(peer.url)
    peer.malformed(times=1)

    users = list(hook.iter_users())

    assert len(users) == 150
    assert [r.status for r in peer.requests] == [200, 200, 200]
    assert hook.stats.retries == 1


def test_persistently_malformed_json_raises_api_error(peer, make_hook):
    hook = make_hook(peer.url, max_attempts=2)
    peer.malformed(times=10)

    with pytest.raises(GongApiError, match="malformed JSON"):
        list(hook.iter_users())

    assert len(peer.requests) == 2


def test_slow_answers_past_the_timeout_are_retried(peer, make_hook):
    hook = make_hook(peer.url, timeout_seconds=0.2)
    peer.delay(0.5, times=1)

    assert len(list(hook.iter_users())) == 150
    assert hook.stats.retries == 1


def test_client_throttle_spaces_requests(peer, make_hook):
    hook = make_hook(peer.url, requests_per_second=10)

    started = time.monotonic()
    for _ in range(4):
        hook.test_connection()

    # Four requests at 10/s: the last one cannot leave before 0.3 s.
    assert time.monotonic() - started >= 0.3
    assert hook.stats.throttle_wait_seconds >= 0.25


def test_secret_never_appears_in_logs_or_errors(peer, make_hook, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    hook = make_hook(peer.url, max_attempts=2)
    peer.fail(502, times=10)
    with pytest.raises(GongApiError) as server_error:
        list(hook.iter_users())
    peer.clear_faults()
    bad = make_hook(peer.url, conn_id="gong_bad_secret")
    bad.get_conn().auth = (ACCESS_KEY, SECRET + "-rotated")
    with pytest.raises(GongAuthError) as auth_error:
        list(bad.iter_users())

    # Airflow routes hook logs through structlog to the console; stdlib records land in caplog.
    captured = capsys.readouterr()
    logged = caplog.text + captured.out + captured.err
    basic_token = base64.b64encode(f"{ACCESS_KEY}:{SECRET}".encode()).decode()
    assert "retry 1/1" in logged and "HTTP 502" in logged, "the retry warning should have been logged"
    for text in (logged, str(server_error.value), str(auth_error.value), repr(hook)):
        assert SECRET not in text
        assert basic_token not in text
