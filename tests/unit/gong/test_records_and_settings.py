"""Gong record helpers and hook settings that need no server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from include.gong_intel.gong.hook import GongClientSettings, _parse_retry_after, format_gong_datetime
from include.gong_intel.gong.records import CallRef, GongRecordError
from tests.unit.gong.gong_fixtures import make_call


def test_call_ref_reads_id_start_and_privacy():
    ref = CallRef.from_extensive(make_call(2, private=True))

    assert ref == CallRef("8000000000000000002", datetime(2026, 3, 2, 11, 0, tzinfo=UTC), True)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c.pop("metaData"), "no metaData"),
        (lambda c: c["metaData"].update(id=""), "metaData.id"),
        (lambda c: c["metaData"].update(started="2026-03-02 10:00"), "no time zone"),
        (lambda c: c["metaData"].update(started=17), "ISO-8601 string"),
    ],
)
def test_call_ref_rejects_unusable_calls(mutate, message):
    call = make_call(1)
    mutate(call)
    with pytest.raises(GongRecordError, match=message):
        CallRef.from_extensive(call)


def test_gong_datetimes_are_utc_whole_seconds():
    local = datetime(2026, 3, 2, 10, 0, 0, 250000, tzinfo=timezone(timedelta(hours=2)))

    assert format_gong_datetime(local) == "2026-03-02T08:00:00Z"
    assert format_gong_datetime(local, round_up=True) == "2026-03-02T08:00:01Z"
    with pytest.raises(ValueError, match="naive"):
        format_gong_datetime(datetime(2026, 3, 2))


def test_settings_from_extra_ignore_unrelated_keys_and_validate_numbers():
    settings = GongClientSettings.from_extra(
        {"requests_per_second": "5", "max_attempts": 2, "bearer_token": "x"}
    )

    assert settings.requests_per_second == 5.0 and settings.max_attempts == 2
    assert settings.max_rate_limit_wait_seconds == 300.0
    with pytest.raises(ValueError, match="requests_per_second"):
        GongClientSettings.from_extra({"requests_per_second": 0})
    with pytest.raises(ValueError, match="must be a number"):
        GongClientSettings.from_extra({"max_attempts": "many"})


def test_retry_after_accepts_seconds_and_http_dates():
    assert _parse_retry_after("2") == 2.0
    assert _parse_retry_after(None) == 1.0
    assert _parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
