"""Derived blocks agree with the transcript, times are plausible, and the calendar is realistic."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from local_stack.tenant import SELLER


def _stats(call):
    return {s["name"]: s["value"] for s in call["interaction"]["interactionStats"]}


def _affiliation(call):
    return {p["speakerId"]: p["affiliation"] for p in call["parties"] if p["speakerId"]}


def test_sentence_times_are_monotonic_with_a_human_speaking_rate(tenant):
    for cid, monologues in tenant.transcripts.items():
        last_end = 0
        for m in monologues:
            for s in m["sentences"]:
                assert s["start"] >= last_end and s["end"] > s["start"], cid
                words = len(s["text"].split())
                seconds = (s["end"] - s["start"]) / 1000
                assert 1.2 <= words / seconds <= 4.5, (s, words / seconds)
                last_end = s["end"]


def test_duration_matches_the_transcript_and_stays_in_range(tenant):
    for call in tenant.calls:
        cid = call["metaData"]["id"]
        monologues = tenant.transcripts[cid]
        duration = call["metaData"]["duration"]
        if not monologues:
            assert "empty_transcript" in tenant.truth[cid].edge_cases
            continue
        last_end_s = monologues[-1]["sentences"][-1]["end"] / 1000
        assert 0 <= duration - last_end_s <= 30, cid
        edges = tenant.truth[cid].edge_cases
        if "multi_hour" in edges:
            assert duration >= 2 * 3600
        elif "no_external_party" not in edges:
            assert 5 * 60 <= duration <= 62 * 60, (cid, duration)


def test_talk_time_ratio_and_questions_are_computed_from_the_transcript(tenant):
    for call in tenant.calls:
        cid = call["metaData"]["id"]
        monologues = tenant.transcripts[cid]
        if not monologues:
            continue
        affiliation = _affiliation(call)
        talk: dict[str, int] = {}
        questions = {"Internal": 0, "External": 0}
        for m in monologues:
            for s in m["sentences"]:
                talk[m["speakerId"]] = talk.get(m["speakerId"], 0) + s["end"] - s["start"]
                questions[affiliation[m["speakerId"]]] += s["text"].endswith("?")
        speakers = {sp["id"]: sp["talkTime"] for sp in call["interaction"]["speakers"]}
        assert speakers.keys() == talk.keys()
        for sid, ms in talk.items():
            assert abs(speakers[sid] - ms / 1000) <= 0.06
        internal = sum(ms for sid, ms in talk.items() if affiliation[sid] == "Internal")
        assert abs(_stats(call)["Talk Ratio"] - internal / sum(talk.values())) < 1e-3
        assert call["interaction"]["questions"] == {
            "companyCount": questions["Internal"],
            "nonCompanyCount": questions["External"],
        }


def test_every_transcript_speaker_joins_a_party(tenant):
    for call in tenant.calls:
        party_speakers = {p["speakerId"] for p in call["parties"] if p["speakerId"]}
        spoken = {m["speakerId"] for m in tenant.transcripts[call["metaData"]["id"]]}
        assert spoken <= party_speakers
        assert {s["id"] for s in call["interaction"]["speakers"]} <= party_speakers
        internal = [p for p in call["parties"] if p["affiliation"] == "Internal"]
        assert call["metaData"]["primaryUserId"] == internal[0]["userId"]


def test_topic_durations_tile_the_spoken_call(tenant):
    for call in tenant.calls:
        monologues = tenant.transcripts[call["metaData"]["id"]]
        if not monologues:
            assert call["content"]["topics"] == []
            continue
        span = (monologues[-1]["sentences"][-1]["end"] - monologues[0]["sentences"][0]["start"]) / 1000
        total = sum(t["duration"] for t in call["content"]["topics"])
        assert abs(total - span) < 1.0
        assert {t["name"] for t in call["content"]["topics"]} <= {m["topic"] for m in monologues}


def test_competitor_tracker_counts_each_name_said(tenant):
    name_re = re.compile(r"\b(" + "|".join(map(re.escape, SELLER.competitors)) + r")\b")
    for call in tenant.calls:
        cid = call["metaData"]["id"]
        said = [
            n for m in tenant.transcripts[cid] for s in m["sentences"] for n in name_re.findall(s["text"])
        ]
        trackers = {t["name"]: t for t in call["content"]["trackers"]}
        if not tenant.transcripts[cid]:
            continue
        assert trackers["Competitors"]["count"] == len(said)
        assert set(tenant.truth[cid].competitors) == set(said)
        assert sum(p["count"] for p in trackers["Competitors"]["phrases"]) == len(said)


def test_amounts_in_truth_are_said_and_no_other_money_is(tenant):
    money_re = re.compile(r"[$€£]\s?\d|\b\d+k\b|\b\d{1,3}(?:\.\d{3})+ (?:Euro|euros)\b")
    with_amounts = 0
    for cid, monologues in tenant.transcripts.items():
        text = " ".join(s["text"] for m in monologues for s in m["sentences"])
        for amount in tenant.truth[cid].amounts:
            assert amount in text
        found = len(money_re.findall(text))
        assert found == sum(text.count(a) for a in tenant.truth[cid].amounts), cid
        with_amounts += bool(tenant.truth[cid].amounts)
    assert with_amounts >= 30


def test_private_calls_are_about_three_percent(tenant):
    private = [c for c in tenant.calls if c["metaData"]["isPrivate"]]
    assert 6 <= len(private) <= 12
    assert all(tenant.truth[c["metaData"]["id"]].is_private for c in private)


def test_calls_fall_in_the_window_on_local_business_hours(tenant):
    tz_by_account = {a["name"]: ZoneInfo(a["timezone"]) for a in tenant.accounts}
    for call in tenant.calls:
        scheduled = datetime.fromisoformat(call["metaData"]["scheduled"])
        assert tenant.window_start <= scheduled < tenant.window_end
        local = scheduled.astimezone(tz_by_account[tenant.truth[call["metaData"]["id"]].account_name])
        assert local.weekday() < 5 and 8 <= local.hour <= 17, local


def test_negative_calls_exist_last_calendar_week_and_last_seven_days(tenant):
    end = tenant.window_end
    week_start = end - timedelta(days=end.weekday() + 7)
    ranges = [(week_start, week_start + timedelta(days=7)), (end - timedelta(days=7), end)]
    for lo, hi in ranges:
        negatives = [
            c
            for c in tenant.calls
            if lo <= datetime.fromisoformat(c["metaData"]["started"]) < hi
            and not c["metaData"]["isPrivate"]
            and tenant.truth[c["metaData"]["id"]].customer_tone == "negative"
        ]
        assert len(negatives) >= 4, (lo, hi)
    assert end == datetime(2025, 6, 4, tzinfo=UTC)
