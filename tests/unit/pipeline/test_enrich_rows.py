import json
from dataclasses import fields

import numpy as np
import pytest

from include.gong_intel.config import Settings
from include.gong_intel.enrich.records import CallAnalysis, Entities, GongActionItem, Risk, SegmentResult
from include.gong_intel.pipeline import enrich_rows as er
from include.gong_intel.pipeline.enrich_step import BatchStats, enrich_settings, summarise


def _staged_call(**overrides):
    values = {
        "call_id": "7782342274025937895",
        "title": "Renewal",
        "started_at": None,
        "rep_name": "Dana Reyes",
        "account_name": "Northwind",
        "opportunity_name": None,
        "internal_participants": (),
        "external_participants": (),
        "gong_brief": None,
        "source_hash": "h1",
    }
    return er.StagedCall(**{**values, **overrides})


def _staged_segment(**overrides):
    values = {
        "transcript_id": "t-0",
        "call_id": "7782342274025937895",
        "ordinal": 0,
        "speaker_id": "s1",
        "speaker_name": "Priya Shah",
        "affiliation": "external",
        "company": "Northwind",
        "topic": None,
        "start_ms": 100,
        "end_ms": 900,
        "text": "Hello",
        "source_hash": "sh",
    }
    return er.StagedSegment(**{**values, **overrides})


def test_staged_call_row_parses_json_participant_arrays():
    row = ("1", "T", None, "Rep", "Acct", None, '[{"name": "A"}]', None, "brief", "h", "[]", None)
    call = er.StagedCall.from_row(row)
    assert call.internal_participants == ({"name": "A"},) and call.external_participants == ()
    assert call.gong_action_items == () and call.gong_call_outcome is None


def test_gong_signals_reach_the_engine_context_and_bad_action_items_are_left_out():
    items = json.dumps(
        [
            {"snippet": "  I'll send the  order form by Friday ", "speakerId": "77", "startTime": 612.5},
            {"snippet": "", "speakerId": "77", "startTime": 700},
            {"snippet": "Book the security review", "speakerId": None, "startTime": "soon"},
            "not an object",
        ]
    )
    row = ("1", "T", None, "Rep", "Acct", None, None, None, None, "h", items, " Next meeting booked ")
    gong = er.call_context(er.StagedCall.from_row(row)).gong
    assert gong.call_outcome == "Next meeting booked"
    assert gong.action_items == (
        GongActionItem("I'll send the order form by Friday", "77", 612_500),
        GongActionItem("Book the security review", None, None),
    )


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            {"name": "Lee Wong", "emailAddress": "lee@globex.example", "company": "Globex", "speakerId": 42},
            ("Lee Wong", "lee@globex.example", "Globex", "42"),
        ),
        ({"FULL_NAME": "Ana Ruiz", "email": "ana@x.example"}, ("Ana Ruiz", "ana@x.example", None, None)),
        ("Sam Ortiz", ("Sam Ortiz", None, None, None)),
    ],
)
def test_participants_are_read_from_objects_or_names(item, expected):
    p = er.parse_participant(item, "External")
    assert (p.name, p.email, p.company, p.speaker_id) == expected and p.affiliation == "External"


@pytest.mark.parametrize("item", [{"title": "VP"}, "  ", 7, None])
def test_participants_without_name_or_email_are_dropped(item):
    assert er.parse_participant(item, "Internal") is None


def test_segment_affiliation_is_normalised_and_missing_end_becomes_start():
    seg = er.to_segment(_staged_segment(affiliation="EXTERNAL", end_ms=None, text=None))
    assert (seg.affiliation, seg.start_ms, seg.end_ms, seg.text) == ("External", 100, 100, "")
    assert er.to_segment(_staged_segment(affiliation="partner")).affiliation == "Unknown"


def test_reversed_segment_times_are_bad_input_with_a_reason():
    with pytest.raises(er.InvalidCallInput) as info:
        er.to_segment(_staged_segment(start_ms=900, end_ms=100))
    assert info.value.check == "segment_time_range"
    assert info.value.reason == "segment t-0 has START_MS=900 and END_MS=100"


def test_call_context_adds_transcript_speakers_missing_from_the_party_list():
    call = _staged_call(internal_participants=({"name": "Dana Reyes"},))
    ctx = er.call_context(call, [er.to_segment(_staged_segment())])
    assert [(p.name, p.affiliation, p.company) for p in ctx.participants] == [
        ("Dana Reyes", "Internal", None),
        ("Priya Shah", "External", "Northwind"),
    ]


def test_no_transcript_summary_uses_the_gong_brief_when_present():
    assert er.no_transcript_summary(_staged_call(gong_brief=" Intro booked. ")) == (
        "“Renewal”. No transcript was available for this call. Gong brief: Intro booked."
    )
    assert er.no_transcript_summary(_staged_call(title=None)) == er.NO_TRANSCRIPT_SUMMARY


def _analysis(**overrides):
    values = {
        "call_id": "c1",
        "summary": "Summary.",
        "key_topics": ("Pricing",),
        "risks": (Risk("budget", "high", "No budget.", 1200, "Lee Wong"),),
        "sentiment": -0.4,
        "segments": (SegmentResult("t-0", 0.2, Entities(money=("$5k",))),),
        "engine": "local",
        "model_version": "v1",
    }
    return CallAnalysis(**{**values, **overrides})


def test_risks_and_entities_are_shaped_for_the_warehouse():
    analysis = _analysis()
    assert er.risk_rows(analysis) == [
        {"type": "budget", "severity": "high", "quote": "No budget.", "start_ms": 1200, "speaker": "Lee Wong"}
    ]
    entities = er.entities_object(analysis.segments[0].entities)
    assert entities["money"] == ["$5k"] and set(entities) == {f.name for f in fields(Entities)}


def test_analysis_for_another_call_or_unknown_segments_is_rejected():
    segments = [er.to_segment(_staged_segment(call_id="c1"))]
    assert er.check_analysis(_analysis(), "c1", segments) is None
    assert er.check_analysis(_analysis(), "c2", segments) == "analysis is for call 'c1', not 'c2'"
    # Blank summaries are the output gate's check (EnrichedCall.CALL_SUMMARY), not this one's.
    assert er.check_analysis(_analysis(summary="  "), "c1", segments) is None
    unknown = _analysis(segments=(SegmentResult("t-9", 0.1),))
    assert er.check_analysis(unknown, "c1", segments) == "segment results for unknown transcript ids ['t-9']"
    twice = _analysis(segments=(SegmentResult("t-0", 0.1), SegmentResult("t-0", 0.2)))
    assert er.check_analysis(twice, "c1", segments) == "more than one result for a segment"


def test_embedding_response_must_have_one_vector_of_the_configured_dimension_per_text():
    good = np.eye(2, 4, dtype=np.float32)
    assert er.check_vectors(good, 2, 4) is None
    assert er.check_vectors(good, 3, 4) == "embeddings have shape (2, 4), expected (3, 4)"
    assert er.check_vectors(good, 2, 3) == "embeddings have shape (2, 4), expected (2, 3)"
    assert er.check_vectors(np.ones(4), 1, 4) == "embeddings have shape (4,), expected (1, 4)"
    # Bad values in single vectors are left to the output gate, which rejects only their calls.
    assert er.check_vectors(np.full((1, 4), np.nan), 1, 4) is None


def test_json_batches_respect_the_byte_bound_and_keep_every_row():
    rows = [{"i": i, "text": "x" * 40} for i in range(10)]
    batches = list(er.json_batches(rows, max_bytes=130))  # two 61-byte rows per batch
    assert all(len(b.encode()) <= 130 for b in batches) and len(batches) == 5
    assert [r["i"] for b in batches for r in json.loads(b)] == list(range(10))
    assert list(er.json_batches([{"big": "y" * 500}], max_bytes=100)) == [json.dumps([{"big": "y" * 500}])]


def test_nan_never_reaches_the_warehouse():
    with pytest.raises(ValueError):
        list(er.json_batches([{"sentiment": float("nan")}], max_bytes=1000))


def test_enrich_settings_map_the_pipeline_settings_without_the_passage_size():
    settings = Settings(enrich_engine="cohere", embedding_dim=1024, passage_max_chars=300, chat_model="m")
    mapped = enrich_settings(settings)
    assert (mapped.engine, mapped.embedding_dim, mapped.chat_model) == ("cohere", 1024, "m")
    assert mapped.competitors == settings.competitors
    assert mapped.max_chunk_chars == 60_000  # chat window size, not the AI_MEMORY passage size


def test_summarise_adds_up_batches_from_xcom_dicts():
    a = BatchStats(calls_in=3, calls_enriched=2, calls_quarantined=1, segments=9, chunks=4, duration_s=1.25)
    b = BatchStats(calls_in=1, calls_skipped=1, duration_s=0.5)
    total = summarise([a.as_dict(), b])
    assert total["batches"] == 2 and total["calls_in"] == 4 and total["calls_skipped"] == 1
    assert total["duration_s"] == 1.75 and total["usage"]["requests"] == 0
    assert BatchStats.from_dict(json.loads(json.dumps(a.as_dict()))) == a


def test_enrich_settings_pass_the_provider_settings_the_pipeline_defines():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class WithRetries(Settings):
        max_retries: int = 7
        retry_backoff_s: float = 0.5
        request_timeout_s: float = 12.0

    mapped = enrich_settings(WithRetries(enrich_engine="cohere"))
    assert (mapped.max_retries, mapped.retry_backoff_s, mapped.request_timeout_s) == (7, 0.5, 12.0)
    # Settings without them keep the engine's defaults.
    plain = enrich_settings(Settings())
    assert (plain.max_retries, plain.retry_backoff_s, plain.request_timeout_s) == (3, 1.0, 60.0)


def test_stored_vectors_are_reused_only_when_well_formed():
    from types import SimpleNamespace

    from include.gong_intel.pipeline.enrich_step import _known_chunk_vectors

    class Hook:
        is_emulator = True

        def __init__(self, rows):
            self.rows, self.params = rows, None

        def get_records(self, sql, parameters):
            self.params = parameters
            return self.rows

    engine = SimpleNamespace(embedding_model="hashing-ngram-3", embedding_dim=3)
    hook = Hook(
        [
            ("ok", "[0.5, -0.25, 1e-05]"),
            ("as-list", [1, 0, 0]),
            ("short", "[0.5, 0.5]"),
            ("null-inside", "[0.5, null, 0.5]"),
            ("text-inside", '[0.5, "x", 0.5]'),
            ("bool-inside", "[0.5, true, 0.5]"),
            ("not-finite", "[0.5, NaN, 0.5]"),
        ]
    )
    known = _known_chunk_vectors(hook, Settings(embedding_dim=3), engine, ["c1", "c2"])
    assert known == {"ok": [0.5, -0.25, 1e-05], "as-list": [1.0, 0.0, 0.0]}
    assert hook.params == {
        "call_ids": '["c1", "c2"]',
        "embedding_model": "hashing-ngram-3",
        "embedding_dim": 3,
    }


def test_each_batch_owns_its_dq_rows_and_a_retry_of_it_rewrites_them():
    from include.gong_intel.pipeline.enrich_step import dq_run_id

    run = "scheduled__2026-11-02T00:00:00+00:00"
    first = dq_run_id(run, ["8000000000000000002", "8000000000000000001"])
    assert first == dq_run_id(run, ["8000000000000000001", "8000000000000000002"])  # a retry, same batch
    assert first.startswith(run + "#") and first != dq_run_id(run, ["8000000000000000003"])
