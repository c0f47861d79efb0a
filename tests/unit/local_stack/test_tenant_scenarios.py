"""Scenario coverage and truth: every scenario occurs, phrased many ways, and the text really says it."""

from __future__ import annotations

import re
import statistics
from collections import Counter

from local_stack.tenant import EDGE_CASES, SCENARIOS


def _by_start(transcript):
    return {(s["start"], m["speakerId"]): s["text"] for m in transcript for s in m["sentences"]}


def test_every_scenario_occurs_with_at_least_three_phrasings(tenant):
    counts = Counter(s for t in tenant.truth.values() for s in t.scenarios)
    assert set(counts) == set(SCENARIOS)
    assert all(n >= 5 for n in counts.values()), counts
    phrasings: dict[str, set[str]] = {}
    for t in tenant.truth.values():
        for e in t.evidence:
            phrasings.setdefault(e.scenario, set()).add(e.text)
    for scenario in set(SCENARIOS) - {"rep_no_questions"}:
        assert len(phrasings[scenario]) >= 3, scenario


def test_evidence_quotes_are_said_by_that_speaker_at_that_time(tenant):
    checked = 0
    for cid, truth in tenant.truth.items():
        said = _by_start(tenant.transcripts[cid])
        for e in truth.evidence:
            # Multi-sentence lines are split into transcript sentences; the first one starts at start_ms.
            assert e.text.startswith(said[(e.start_ms, e.speaker_id)]), (cid, e)
            checked += 1
    assert checked > 300


def test_customer_scenario_lines_come_from_external_speakers(tenant):
    for call in tenant.calls:
        truth = tenant.truth[call["metaData"]["id"]]
        affiliation = {p["speakerId"]: p["affiliation"] for p in call["parties"] if p["speakerId"]}
        for e in truth.evidence:
            expected = "Internal" if e.scenario == "rep_monologue" else "External"
            assert affiliation[e.speaker_id] == expected, e


def test_no_next_steps_calls_have_no_action_items_and_others_do(tenant):
    with_actions = without = 0
    for call in tenant.calls:
        truth = tenant.truth[call["metaData"]["id"]]
        items = call["content"]["pointsOfInterest"]["actionItems"]
        if "no_next_steps" in truth.scenarios:
            assert items == []
            without += 1
        elif call["metaData"]["scope"] == "External" and not truth.edge_cases:
            assert items, call["metaData"]["id"]
            with_actions += 1
    assert without >= 5 and with_actions > 200


def test_no_next_steps_calls_never_commit_to_anything(tenant):
    commitment = re.compile(
        r"\b(?:I'll|we'll|let's)\s+(?:\w+\s+){0,2}?(?:send|share|schedule|set up|follow|book)\b"
        r"|\bnext steps?\b|calendar invite|on the calendar|loop in|\bfollow[- ]?up\b",
        re.IGNORECASE,
    )
    checked = 0
    for cid, truth in tenant.truth.items():
        texts = [s["text"] for m in tenant.transcripts[cid] for s in m["sentences"]]
        if "no_next_steps" in truth.scenarios:
            assert not [t for t in texts if commitment.search(t)], cid
            checked += 1
        elif truth.scope == "External" and not truth.edge_cases and truth.language == "eng":
            assert any(commitment.search(t) for t in texts[-12:]), cid
    assert checked >= 5


def test_rep_behaviours_show_in_the_interaction_stats(tenant):
    monologue_calls = no_question_calls = 0
    for call in tenant.calls:
        cid = call["metaData"]["id"]
        truth = tenant.truth[cid]
        stats = {s["name"]: s["value"] for s in call["interaction"]["interactionStats"]}
        if "rep_monologue" in truth.scenarios:
            monologue_calls += 1
            assert stats["Longest Monologue"] >= 240
            assert stats["Talk Ratio"] >= 0.55
        elif truth.edge_cases.isdisjoint({"no_external_party", "multi_hour"}) and stats:
            assert stats["Longest Monologue"] < 180, cid
        if "rep_no_questions" in truth.scenarios:
            no_question_calls += 1
            assert call["interaction"]["questions"]["companyCount"] == 0
            internal = {p["speakerId"] for p in call["parties"] if p["affiliation"] == "Internal"}
            rep_text = [
                s["text"]
                for m in tenant.transcripts[cid]
                if m["speakerId"] in internal
                for s in m["sentences"]
            ]
            assert not any("?" in t for t in rep_text)
    assert monologue_calls >= 5 and no_question_calls >= 5


def test_customer_tone_is_what_a_sentiment_model_reads(tenant):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    scores: dict[str, list[float]] = {"negative": [], "neutral": [], "positive": []}
    for call in tenant.calls[:150]:
        truth = tenant.truth[call["metaData"]["id"]]
        if truth.language != "eng" or truth.scope != "External":
            continue
        external = {p["speakerId"] for p in call["parties"] if p["affiliation"] == "External"}
        texts = [
            s["text"]
            for m in tenant.transcripts[call["metaData"]["id"]]
            if m["speakerId"] in external
            for s in m["sentences"]
        ]
        if texts:
            scores[truth.customer_tone].append(
                statistics.mean(analyzer.polarity_scores(t)["compound"] for t in texts)
            )
    neg, neu, pos = (statistics.mean(scores[k]) for k in ("negative", "neutral", "positive"))
    assert neg < 0 < neu < pos
    assert neg < neu - 0.15 and pos > neu + 0.08
    assert sum(s < statistics.median(scores["neutral"]) for s in scores["negative"]) == len(
        scores["negative"]
    )


def test_truth_lists_only_products_and_competitors_of_the_catalog(tenant):
    from local_stack.tenant import SELLER

    mentioned = Counter()
    for truth in tenant.truth.values():
        assert set(truth.products) <= set(SELLER.products)
        assert set(truth.competitors) <= set(SELLER.competitors)
        mentioned.update(truth.competitors)
        if truth.competitors:
            assert "competitor" in truth.scenarios
    assert len(mentioned) == len(SELLER.competitors)


def test_edge_cases_exist_and_look_like_their_name(tenant):
    assert set(tenant.edge_cases) == set(EDGE_CASES)
    calls = {c["metaData"]["id"]: c for c in tenant.calls}
    (empty,) = tenant.edge_cases["empty_transcript"]
    assert tenant.transcripts[empty] == [] and calls[empty]["metaData"]["duration"] > 0
    (long_call,) = tenant.edge_cases["multi_hour"]
    assert calls[long_call]["metaData"]["duration"] >= 2 * 3600
    (dup,) = tenant.edge_cases["duplicate_speaker"]
    emails = Counter(p["emailAddress"] for p in calls[dup]["parties"] if p["affiliation"] == "External")
    email, n = emails.most_common(1)[0]
    assert n == 2
    dup_speakers = {p["speakerId"] for p in calls[dup]["parties"] if p["emailAddress"] == email}
    assert len(dup_speakers) == 2 and dup_speakers <= {m["speakerId"] for m in tenant.transcripts[dup]}
    (alone,) = tenant.edge_cases["no_external_party"]
    assert all(p["affiliation"] == "Internal" for p in calls[alone]["parties"])
    assert calls[alone]["metaData"]["scope"] == "External"
    assert not any(calls[e]["metaData"]["isPrivate"] for ids in tenant.edge_cases.values() for e in ids)


def test_other_languages_emoji_and_internal_calls_are_present(tenant):
    languages = Counter(t.language for t in tenant.truth.values())
    assert languages["eng"] > 250 and languages["spa"] + languages["deu"] >= 3
    for cid, truth in tenant.truth.items():
        if truth.language != "eng":
            text = " ".join(s["text"] for m in tenant.transcripts[cid] for s in m["sentences"])
            assert any(ch in text for ch in "áéíóúñ¿äöüß")
    all_text = (
        s["text"] for m in (x for t in tenant.transcripts.values() for x in t) for s in m["sentences"]
    )
    assert any(any(ord(ch) > 0x1F000 for ch in t) for t in all_text)
    internal = [c for c in tenant.calls if c["metaData"]["scope"] == "Internal"]
    assert internal and all(p["affiliation"] == "Internal" for c in internal for p in c["parties"])
