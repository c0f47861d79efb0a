"""The ask engine end to end on the emulator: hand-made STG rows, real local embeddings, real views."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from include.gong_intel.ask.engine import AskEngine
from include.gong_intel.ask.views import create_views, view_fqn
from include.gong_intel.enrich.chunking import chunk_transcript
from include.gong_intel.enrich.local_engine import sentiment_score
from include.gong_intel.enrich.records import EnrichSettings, Segment

TODAY = date(2026, 11, 25)  # a Wednesday: last calendar week is Mon 16 .. Sun 22 November

DANA, SAM = ("U1", "Dana Reed"), ("U2", "Sam Lee")
CALLS = [
    # call id, start, rep, account, opportunity (id, name, stage, amount), sentiment, risks
    (
        "C1",
        datetime(2026, 11, 18, 15),
        DANA,
        "Acme Corp",
        ("O1", "Acme expansion", "Negotiation", 90000),
        -0.42,
        [
            {
                "type": "pricing_objection",
                "severity": "high",
                "quote": "the per-seat cost is way more than we budgeted",
                "start_ms": 200000,
                "speaker": "Pat Morgan",
            },
            {
                "type": "competitor",
                "severity": "medium",
                "quote": "Chorus quoted us much less",
                "start_ms": 200000,
                "speaker": "Pat Morgan",
            },
            {
                "type": "no_next_steps",
                "severity": "medium",
                "quote": "We need to think about it.",
                "start_ms": 230000,
                "speaker": "Pat Morgan",
            },
        ],
    ),
    (
        "C2",
        datetime(2026, 11, 20, 10),
        SAM,
        "Globex",
        ("O2", "Globex new logo", "Discovery", 20000),
        0.55,
        [],
    ),
    (
        "C3",
        datetime(2026, 11, 10, 9),
        SAM,
        "Initech",
        ("O3", "Initech renewal", "Proposal", 40000),
        -0.61,
        [
            {
                "type": "pricing_objection",
                "severity": "high",
                "quote": "simply too expensive for a team our size",
                "start_ms": 5000,
                "speaker": "Ann Initech",
            }
        ],
    ),
    (
        "C4",
        datetime(2026, 11, 24, 9),
        DANA,
        "Acme Corp",
        ("O1", "Acme expansion", "Negotiation", 90000),
        -0.3,
        [],
    ),
    (
        "C5",
        datetime(2026, 11, 17, 9),
        SAM,
        "Globex",
        ("O2", "Globex new logo", "Discovery", 20000),
        -0.03,
        [],
    ),
    (
        "C6",
        datetime(2026, 11, 22, 22),
        DANA,
        "Umbrella",
        ("O4", "Umbrella pilot", "Closed Lost", 5000),
        -0.2,
        [],
    ),
]
SEGMENTS = {
    "C1": [
        (
            "Internal",
            "Dana Reed",
            "Northwind",
            0,
            200000,
            "Let me walk you through every module of the platform and the roadmap for next year in detail.",
        ),
        (
            "External",
            "Pat Morgan",
            "Acme Corp",
            200000,
            215000,
            "Honestly, the per-seat cost is way more than we budgeted and Chorus quoted us much less.",
        ),
        ("Internal", "Dana Reed", "Northwind", 216000, 218000, "OK, noted."),
        ("External", "Pat Morgan", "Acme Corp", 230000, 236000, "We need to think about it."),
    ],
    "C2": [
        ("Internal", "Sam Lee", "Northwind", 0, 20000, "How are you planning the rollout across regions?"),
        (
            "External",
            "Gina Globex",
            "Globex",
            20000,
            40000,
            "Your team was great and the rollout plan looks solid.",
        ),
    ],
    "C3": [
        (
            "External",
            "Ann Initech",
            "Initech",
            0,
            15000,
            "This is simply too expensive for a team our size; we cannot justify that spend.",
        ),
        (
            "Internal",
            "Sam Lee",
            "Northwind",
            16000,
            60000,
            "I understand. Let us look at the value you get from forecasting accuracy and what the renewal "
            "options could look like for a smaller team, including a lighter package.",
        ),
    ],
    "C4": [
        (
            "External",
            "Pat Morgan",
            "Acme Corp",
            0,
            10000,
            "The integration keeps failing and support is slow.",
        )
    ],
    "C5": [("External", "Gina Globex", "Globex", 0, 10000, "Fine, send the agenda for the workshop.")],
    "C6": [("External", "Uma Umbrella", "Umbrella", 0, 10000, "We went another way.")],
}


@pytest.fixture(scope="module")
def local_engine():
    from include.gong_intel.enrich.engine import build_engine

    return build_engine(EnrichSettings(embedding_backend="minilm"))


def _seed(warehouse, engine) -> None:
    t = warehouse.settings.tables
    calls = []
    for cid, start, (rep_id, rep), account, (oid, oname, stage, amount), sentiment, risks in CALLS:
        segs = SEGMENTS[cid]
        duration = max(s[4] for s in segs) // 1000
        internal = sum(s[4] - s[3] for s in segs if s[0] == "Internal")
        calls.append(
            {
                "CALL_ID": cid,
                "TITLE": f"{account} <> Northwind",
                "CALL_DATETIME_UTC": start.isoformat(),
                "DURATION_SECONDS": duration,
                "CALL_URL": f"https://app.gong.io/call?id={cid}",
                "PRIMARY_USER_ID": rep_id,
                "PRIMARY_USER_NAME": rep,
                "ACCOUNT_NAME": account,
                "OPPORTUNITY_ID": oid,
                "OPPORTUNITY_NAME": oname,
                "OPPORTUNITY_STAGE": stage,
                "OPPORTUNITY_AMOUNT": amount,
                "TALK_RATIO": internal / sum(s[4] - s[3] for s in segs),
                # (as Gong records them: the customers on the line)
                "EXTERNAL_PARTICIPANT_COUNT": len({s[1] for s in segs if s[0] == "External"}),
                "SCOPE": "External" if any(s[0] == "External" for s in segs) else "Internal",
                "HAS_TRANSCRIPT": True,
                "SENTIMENT_SCORE": sentiment,
                "CALL_SUMMARY": f"Summary of {cid}",
                "RISK_INDICATORS": risks,
                "KEY_TOPICS": ["Renewal", "Pricing"] if cid == "C3" else [],  # the Initech renewal
            }
        )
    warehouse.insert_records(t.stg_calls, calls, ["RISK_INDICATORS", "KEY_TOPICS"])
    rows, chunks = [], []
    for cid, segs in SEGMENTS.items():
        records = [
            Segment(f"{cid}-{i:04d}", cid, i, f"S{who}", who, aff, company, None, start, end, text)
            for i, (aff, who, company, start, end, text) in enumerate(segs)
        ]
        rows += [
            {
                "TRANSCRIPT_ID": s.transcript_id,
                "CALL_ID": cid,
                "SEGMENT_ORDINAL": s.ordinal,
                "SPEAKER_NAME": s.speaker_name,
                "SPEAKER_AFFILIATION": s.affiliation,
                "SPEAKER_COMPANY": s.company,
                "START_MS": s.start_ms,
                "END_MS": s.end_ms,
                "TRANSCRIPT_TEXT": s.text,
                "SEGMENT_SENTIMENT": sentiment_score(s.text),
            }
            for s in records
        ]
        for chunk in chunk_transcript(cid, records, max_chars=120, overlap_segments=0):
            chunks.append((chunk, cid))
    warehouse.insert_records(t.stg_transcripts, rows)
    vectors = engine.embed([c.text for c, _ in chunks], input_type="search_document")
    warehouse.insert_records(
        t.memory_chunks,
        [
            {
                "CHUNK_ID": c.chunk_id,
                "CALL_ID": cid,
                "CHUNK_ORDINAL": c.ordinal,
                "START_MS": c.start_ms,
                "END_MS": c.end_ms,
                "SPEAKERS": list(c.speakers),
                "EXTERNAL_SPEAKERS": list(c.external_speakers),
                "CHUNK_TEXT": c.text,
                "EMBEDDING": [float(x) for x in v],
                "EMBEDDING_MODEL": engine.embedding_model,
                "EMBEDDING_DIM": engine.embedding_dim,
            }
            for (c, cid), v in zip(chunks, vectors, strict=True)
        ],
        ["SPEAKERS", "EXTERNAL_SPEAKERS", "EMBEDDING"],
    )
    create_views(warehouse, warehouse.settings)


@pytest.fixture
def ask_engine(warehouse, local_engine):
    _seed(warehouse, local_engine)
    return AskEngine(warehouse, warehouse.settings, engine=local_engine, today=TODAY)


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Show me calls with negative sentiment from last week",
        "which calls last week were negative?",
        "Any unhappy customer calls in the previous week?",
    ],
)
def test_negative_calls_last_week_match_direct_sql(ask_engine, warehouse, question):
    # Negative: below the semantic layer's band (SENTIMENT_BAND = 0.2); C6 at exactly -0.2 is not negative.
    expected = warehouse.get_records(
        f"SELECT CALL_ID, ACCOUNT_NAME, PRIMARY_USER_NAME, SENTIMENT_SCORE, CALL_SUMMARY "
        f"FROM {warehouse.settings.tables.stg_calls} WHERE SENTIMENT_SCORE < -0.2 "
        "AND CALL_DATETIME_UTC >= '2026-11-16' AND CALL_DATETIME_UTC < '2026-11-23' "
        "ORDER BY CALL_DATETIME_UTC DESC"
    )
    answer = ask_engine.ask(question)
    assert answer.plan.kind == "list_calls" and answer.plan.filters.sentiment == "negative"
    assert [c.call_id for c in answer.calls] == [r[0] for r in expected] == ["C1"]
    first = answer.calls[0]
    assert (first.account, first.rep, first.sentiment, first.summary) == tuple(expected[0][1:])
    assert not answer.empty and answer.headline.startswith("1 call matches")
    assert answer.restated.startswith("calls · last week (2026-11-16..2026-11-23) · negative sentiment")


@pytest.mark.integration
def test_empty_result_is_reported_as_empty(ask_engine):
    answer = ask_engine.ask("Show me negative calls from today")
    assert answer.empty and answer.calls == ()
    assert answer.headline.startswith("No calls with negative sentiment")


@pytest.mark.integration
def test_pricing_question_returns_grouped_customer_passages_with_moment_links(ask_engine):
    answer = ask_engine.ask("What are customers saying about pricing?")
    assert answer.plan.intent == "passages" and answer.plan.topic == "pricing"
    passages = {p.transcript_id: p for g in answer.themes for p in g.passages}
    assert {"C1-0001", "C3-0000"} <= set(passages)
    assert all(p.citation.speaker in {"Pat Morgan", "Ann Initech", "Gina Globex"} for p in passages.values())
    acme = passages["C1-0001"]
    assert acme.theme == "Price vs competitors"
    assert passages["C3-0000"].theme == "Too expensive"
    assert (acme.citation.company, acme.citation.timestamp) == ("Acme Corp", "3:20")
    assert acme.citation.url.startswith("https://app.gong.io/call?id=C1&highlights=")
    assert "%22from%22%3A200" in acme.citation.url


@pytest.mark.integration
def test_cost_paraphrase_is_found_semantically(ask_engine):
    answer = ask_engine.ask("what do buyers think of the cost?")
    passages = sorted((p for g in answer.themes for p in g.passages), key=lambda p: -p.score)
    top_two = {p.transcript_id for p in passages[:2]}
    assert top_two == {"C1-0001", "C3-0000"}
    assert all(p.similarity is not None for p in passages[:2])
    # Pushing back on it is a pricing objection: the flagged moments that say it, not a passage search.
    flagged = ask_engine.ask("are buyers pushing back on cost?")
    assert flagged.plan.filters.risk_type == ("pricing_objection",) and not flagged.themes
    assert [(q.call_id, "cost" in (q.quote or "")) for q in flagged.quotes] == [("C1", True)]


@pytest.mark.integration
def test_coaching_findings_are_tied_to_calls_and_moments(ask_engine):
    answer = ask_engine.ask("Find coaching opportunities for the sales team")
    assert answer.plan.intent == "coaching"
    dana = next(r for r in answer.coaching if r.rep == "Dana Reed")
    kinds = {f.kind: f for f in dana.findings}
    assert {"long_monologue", "missed_next_steps", "unanswered_objection", "talk_ratio"} <= set(kinds)
    mono = kinds["long_monologue"].evidence[0]
    assert (mono.call_id, mono.start_ms) == ("C1", 0)
    objection = kinds["unanswered_objection"].evidence
    assert {e.quote for e in objection} == {
        "the per-seat cost is way more than we budgeted",
        "Chorus quoted us much less",
    }
    assert answer.coaching[0].rep == "Dana Reed"  # most impact first
    sam = next((r for r in answer.coaching if r.rep == "Sam Lee"), None)
    assert sam is None or "unanswered_objection" not in {
        f.kind for f in sam.findings
    }  # C3 objection answered


@pytest.mark.integration
def test_deals_at_risk_ranked_with_evidence(ask_engine, warehouse):
    answer = ask_engine.ask("Which deals are at risk?")
    assert answer.plan.intent == "deal_risk"
    ids = [d.opportunity_id for d in answer.deals]
    assert ids[0] == "O1"  # competitor + high pricing objection + no next steps + largest amount
    assert "O4" not in ids  # closed deals are not at risk
    scores = [d.risk_score for d in answer.deals]
    assert scores == sorted(scores, reverse=True)
    o1 = answer.deals[0]
    assert o1.evidence[0].quote.startswith("[pricing objection, high]")
    assert any("competitor" in r for r in o1.reasons)
    view = warehouse.get_records(
        f"SELECT RISK_SCORE FROM {view_fqn(warehouse.settings, 'V_DEAL_RISK')} WHERE OPPORTUNITY_ID = 'O1'"
    )
    assert o1.risk_score == pytest.approx(float(view[0][0]))


@pytest.mark.integration
def test_a_deal_on_negative_calls_cites_the_customers_most_negative_turn_after_its_risks(ask_engine):
    from include.gong_intel.ask.queries import run_query

    (turn,) = run_query(
        ask_engine.hook,
        ask_engine.settings,
        "ask/deal_sentiment_evidence.sql",
        {"id_0": "O3", "negative_threshold": -ask_engine.settings.sentiment_band},
        n_ids=1,
    )
    assert turn["QUOTE"] == "This is simply too expensive for a team our size; we cannot justify that spend."
    assert turn["SPEAKER"] == "Ann Initech" and turn["CALL_ID"] == "C3"
    answer = ask_engine.ask("What is the risk score of the Initech renewal deal?")
    (o3,) = answer.deals
    assert o3.opportunity_id == "O3"
    # That turn holds the price objection's quote word for word: the board says it once, as the objection.
    assert [e.quote for e in o3.evidence] == [
        "[pricing objection, high] simply too expensive for a team our size"
    ]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "'; DROP TABLE STG_GONG_CALLS; --",
        "delete all calls",
        "show me the users table passwords",
        "list rows from PIPELINE_MONITOR.QUARANTINE",
        "calls from last week UNION SELECT * FROM RAW_AIRBYTE.USERS",
    ],
)
def test_adversarial_questions_are_refused_and_tables_intact(ask_engine, warehouse, question):
    answer = ask_engine.ask(question)
    assert answer.plan.intent == "refuse" and answer.empty and answer.plan.refusal
    count = warehouse.get_records(f"SELECT COUNT(*) FROM {warehouse.settings.tables.stg_calls}")[0][0]
    assert count == len(CALLS)


@pytest.mark.integration
def test_seed_example_query_runs_verbatim_shape(ask_engine, warehouse):
    db = warehouse.settings.database
    rows = warehouse.get_records(
        f"SELECT CALL_ID, SENTIMENT_SCORE, CALL_SUMMARY FROM {db}.STG_TRANSFORMED.STG_GONG_CALLS "
        "WHERE SENTIMENT_SCORE < -0.2 ORDER BY CALL_DATETIME_UTC DESC;"
    )
    assert [r[0] for r in rows] == ["C4", "C1", "C3"]
    # The analyst view counts the calls the seed query does: its band is the configured sentiment_band (0.2).
    negative = warehouse.get_records(
        f"SELECT CALL_ID FROM {view_fqn(warehouse.settings, 'V_NEGATIVE_CALLS')} ORDER BY CALL_DATETIME_UTC DESC"
    )
    assert [r[0] for r in negative] == ["C4", "C1", "C3"]


@pytest.mark.integration
def test_cli_answers_with_the_same_engine(ask_engine, warehouse, monkeypatch, capsys):
    import json

    from include.gong_intel.ask.__main__ import main

    monkeypatch.setenv("GONG_INTEL_CONFIG", json.dumps({"database": warehouse.settings.database}))
    assert main(["Which", "deals", "are", "at", "risk?", "--today", "2026-11-25"]) == 0
    text = capsys.readouterr().out
    # The plan restated in words on top, then the headline.
    assert text.splitlines()[0].startswith("[open deals at risk")
    assert text.splitlines()[1].endswith("highest risk first.")
    assert "## Acme expansion (Acme Corp)" in text and "[pricing objection, high]" in text
    assert (
        main(["Show me calls with negative sentiment from last week", "--json", "--today", "2026-11-25"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert [c["call_id"] for c in data["calls"]] == ["C1"]
    assert data["citations"][0]["url"] == "https://app.gong.io/call?id=C1"
    assert data["plan"]["kind"] == "list_calls" and data["plan"]["filters"]["sentiment"] == "negative"


@pytest.mark.integration
def test_how_a_rep_answered_an_objection_quotes_the_objection_and_the_reply(ask_engine):
    answer = ask_engine.ask("how did Dana handle pricing objections?")
    assert answer.plan.filters.replies and [q.call_id for q in answer.quotes] == ["C1"]
    quote = answer.quotes[0]
    assert quote.speaker == "Dana Reed" and quote.start_ms == 216000  # the reply's moment
    assert (
        quote.quote
        == "[pricing objection] customer: the per-seat cost is way more than we budgeted — reply: OK, noted."
    )
    assert "1 of those shown got no real answer" in answer.headline  # "OK, noted." handles nothing


@pytest.mark.integration
def test_a_risk_on_the_deals_latest_call_is_not_a_risk_on_any_call(ask_engine):
    # O1's no-next-steps moment is on C1; its latest call, C4, ended without one recorded.
    assert [d.opportunity_id for d in ask_engine.ask("open deals where a call had no next steps").deals] == [
        "O1"
    ]
    latest = ask_engine.ask("open opps where the last call ended w/o a next step")
    assert latest.plan.filters.latest_call and latest.deals == () and latest.empty


@pytest.mark.integration
def test_average_deal_size_is_one_amount_per_open_deal_averaged(ask_engine):
    answer = ask_engine.ask("what's our average deal size?")
    assert answer.plan.measure == "avg_amount"
    # O1 90k, O2 20k, O3 40k are open (O4 is closed): their mean, not their 150k sum.
    assert [row[1] for row in answer.table.rows] == [pytest.approx(50000.0)]
    assert "$50,000" in answer.headline


@pytest.mark.integration
def test_groups_past_a_bound_are_counted_and_listed_by_the_warehouse(ask_engine):
    # Acme Corp (C1, C4) and Globex (C2, C5) have two calls each; Initech and Umbrella one.
    count = ask_engine.ask("how many accounts had more than 1 calls?")
    assert count.table.total_groups == 2 and count.headline.startswith(
        "2 accounts with number of calls above 1"
    )
    listed = ask_engine.ask("accounts with fewer than 2 calls")
    assert sorted(row[0] for row in listed.table.rows) == ["Initech", "Umbrella"]


@pytest.mark.integration
def test_risk_quotes_saying_none_of_the_words_asked_about_show_every_flagged_moment(ask_engine):
    question = "pushback on the tarif? quotes"
    assert ask_engine.typed_plan(question).filters.quote_words == ("%tari%",)
    narrow = ask_engine.ask(question)
    assert not narrow.empty and narrow.citations
    assert narrow.notes[0] == "no flagged moment says tari…: all of them are shown"
    assert all(c.quote for c in narrow.citations)


@pytest.mark.integration
def test_what_a_rep_said_quotes_the_reps_own_turns(ask_engine):
    answer = ask_engine.ask("what did Sam say about a smaller team package")
    passages = [p for g in answer.themes for p in g.passages]
    assert answer.plan.filters.speaker == ("Sam Lee",) and passages
    assert {p.citation.speaker for p in passages} == {"Sam Lee"}
    assert "C3-0001" in {p.transcript_id for p in passages}  # "...a lighter package" on the Initech call
    assert answer.headline.startswith(f"{len(passages)} passages of Sam Lee speaking")
    # The customers on the same rep's calls, for contrast: their words, not his.
    theirs = ask_engine.ask("what did Sam's customers say about pricing")
    assert {p.citation.speaker for g in theirs.themes for p in g.passages} == {"Ann Initech"}


@pytest.mark.integration
def test_a_reps_measure_beside_the_team_average(ask_engine):
    # Dana's calls score -0.42, -0.30 and -0.20; Sam's +0.55, -0.61 and -0.03.
    team = ask_engine.ask("how does Dana's average sentiment compare to the team average?")
    assert team.plan.benchmark == "team"
    assert [(g, round(v, 4), n) for g, v, n in team.table.rows] == [
        ("Dana Reed", -0.3067, 3),
        ("Team average", -0.1683, 6),
    ]
    assert team.headline == "Average sentiment: Dana Reed -0.31, Team average -0.17."
    rest = ask_engine.ask("dana's avg sentiment vs the rest of the team")
    assert [(g, round(v, 4)) for g, v, _ in rest.table.rows] == [
        ("Dana Reed", -0.3067),
        ("Rest of team average", -0.03),
    ]
    assert "rest of team average: over all 3 calls in scope but Dana Reed" in rest.notes
    # A count's benchmark is the mean per rep: three calls each.
    calls = ask_engine.ask("how many calls did Dana have compared to the other reps")
    assert [(g, v) for g, v, _ in calls.table.rows] == [("Dana Reed", 3.0), ("Rest of team average", 3.0)]


@pytest.mark.integration
def test_objections_of_one_type_count_only_that_type(ask_engine, warehouse):
    objections = view_fqn(warehouse.settings, "V_OBJECTION_RESPONSES")
    by_type = dict(warehouse.get_records(f"SELECT RISK_TYPE, COUNT(*) FROM {objections} GROUP BY 1"))
    # C1 raised a pricing objection and a competitor one on the same call: only the first is a pricing objection.
    assert by_type.get("pricing_objection") and by_type.get("competitor")
    answer = ask_engine.ask("how many pricing objections did customers raise?")
    assert answer.table.rows[0][1] == by_type["pricing_objection"]


@pytest.mark.integration
def test_an_average_over_reps_with_enough_calls(ask_engine):
    # Dana and Sam have three calls each.
    both = ask_engine.ask("average sentiment by rep, only reps with at least 3 calls")
    assert sorted(row[0] for row in both.table.rows) == ["Dana Reed", "Sam Lee"]
    none = ask_engine.ask("average sentiment by rep, only reps with at least 4 calls")
    assert none.empty and none.table.rows == ()


@pytest.mark.integration
def test_risks_on_the_last_call_are_that_calls_only(ask_engine):
    # Acme's risks were all raised on C1 (18 Nov); its latest call, C4 (24 Nov), raised none.
    every = ask_engine.ask("what risks has Acme raised?")
    assert {c.call_id for c in every.citations} == {"C1"} and every.total == 3
    latest = ask_engine.ask("acme - anything scary said on the latest call?")
    assert latest.plan.order == "latest_call" and latest.empty and latest.citations == ()
    assert latest.headline == "No risk moments match."
    # Initech's latest call is C3, which raised its pricing objection.
    initech = ask_engine.ask("initech - any red flags raised on the latest call?")
    assert [(c.call_id, c.quote) for c in initech.citations] == [
        ("C3", "[pricing objection, high] simply too expensive for a team our size")
    ]


@pytest.mark.integration
def test_one_deal_picked_by_its_amount_or_risk(ask_engine):
    # O1 (Acme, 90k) is the largest open deal; its latest call is C4. O4 (closed) is never picked.
    brief = ask_engine.ask("our largest open deal - what happened on its most recent call?")
    assert brief.plan.filters.deal_pick == "largest" and brief.brief is not None
    assert brief.brief.call.call_id == "C4"
    quotes = ask_engine.ask("price quotes from our biggest open opp")
    assert {c.call_id for c in quotes.citations} == {"C1"}


@pytest.mark.integration
def test_passages_come_from_the_calls_every_filter_keeps(ask_engine):
    # Customers spoke of price on C1 (Acme, O1, Negotiation, -0.42) and C3 (Initech, O3, Proposal, -0.61).
    def calls(question: str) -> set[str]:
        return {p.citation.call_id for g in ask_engine.ask(question).themes for p in g.passages}

    assert calls("what did customers say about pricing") == {"C1", "C3"}
    assert calls("what did customers say about pricing on negative calls") == {"C1", "C3"}
    assert calls("what did customers say about pricing on positive calls") == set()
    assert calls("what did customers say about pricing in the Proposal stage") == {"C3"}
    assert calls("what did customers say about price on our biggest open deal") == {"C1"}
    # A name left out is left out of passages too.
    assert calls("what did customers say about pricing, other than Initech") == {"C1"}


@pytest.mark.integration
def test_passages_from_the_calls_of_a_topic(ask_engine):
    # Only C3 (the Initech renewal) is labelled Renewal; customers spoke of price on C1 and C3.
    answer = ask_engine.ask("what did customers say about price on renewal calls")
    assert answer.plan.filters.topic == ("Renewal",) and answer.plan.filters.topic_calls
    assert {p.citation.call_id for g in answer.themes for p in g.passages} == {"C3"}
    assert "calls on topic Renewal" in answer.restated


@pytest.mark.integration
def test_calls_by_how_their_objections_were_answered(ask_engine):
    # C3's pricing objection got a real answer; C1's two did not. Calls without an objection are neither.
    every = ask_engine.ask("calls where every objection got an answer")
    assert [c.call_id for c in every.calls] == ["C3"] and "every objection answered" in every.restated
    left = ask_engine.ask("calls with unanswered objections")
    assert [c.call_id for c in left.calls] == ["C1"] and "with an objection left unanswered" in left.restated


@pytest.mark.integration
def test_calls_by_the_reps_longest_monologue(ask_engine):
    # Dana's longest turn on C1 ran 200 s, Sam's 20 s on C2 and 44 s on C3; the other calls have no rep turn.
    long = ask_engine.ask("calls with a monologue over 2.5 minutes")
    assert [c.call_id for c in long.calls] == ["C1"] and "with a rep monologue over 150 s" in long.restated
    ranked = ask_engine.ask("which reps have the most calls with a monologue over 30 seconds?")
    assert [(row[0], row[1]) for row in ranked.table.rows] == [("Dana Reed", 1), ("Sam Lee", 1)]
    # The call's own length is another filter, not read from the monologue's bound.
    assert long.plan.filters.min_minutes is None


@pytest.mark.integration
def test_a_closed_stage_on_calls_is_the_deals_stage_now(ask_engine, warehouse):
    # No call is held at a closed stage: "the deals we lost" are the calls whose deal is Closed Lost now
    # (C1 was held in Negotiation, and the Acme expansion was lost since), or was at the call (C6).
    warehouse.run(
        f"UPDATE {warehouse.settings.tables.stg_calls} SET OPPORTUNITY_STAGE_NOW = 'Closed Lost' WHERE CALL_ID = 'C1'"
    )
    why = ask_engine.ask("why are we losing deals")
    assert (why.plan.measure, why.plan.group_by, why.plan.filters.stage) == (
        "risks",
        "risk_type",
        ("Closed Lost",),
    )
    assert sorted((row[0], row[1]) for row in why.table.rows) == [
        ("competitor", 1),
        ("no_next_steps", 1),
        ("pricing_objection", 1),
    ]
    # A stage that is not closed is still the call's own: C1 was a Negotiation call, as was C4 on the same deal.
    assert [c.call_id for c in ask_engine.ask("negotiation calls").calls] == ["C4", "C1"]


def test_calls_no_customer_attended_take_in_a_no_show_beside_internal_meetings(ask_engine, warehouse):
    # C2 was booked with a customer who never joined (Gong keeps it "External"); C3 is an internal meeting.
    calls = warehouse.settings.tables.stg_calls
    warehouse.run(
        f"UPDATE {calls} SET SCOPE = 'External', EXTERNAL_PARTICIPANT_COUNT = 0 WHERE CALL_ID = 'C2'"
    )
    warehouse.run(
        f"UPDATE {calls} SET SCOPE = 'Internal', EXTERNAL_PARTICIPANT_COUNT = 0 WHERE CALL_ID = 'C3'"
    )
    nobody = ask_engine.ask("calls nobody from the customer side joined")
    assert sorted(c.call_id for c in nobody.calls) == ["C2", "C3"]
    assert "calls no customer attended" in nobody.restated
    assert [c.call_id for c in ask_engine.ask("internal-only calls").calls] == ["C3"]
    facing = {c.call_id for c in ask_engine.ask("customer-facing calls").calls}
    assert facing and not facing & {"C2", "C3"}


@pytest.mark.integration
def test_calls_on_open_deals_leave_out_the_deals_closed_since(ask_engine, warehouse):
    # The Acme expansion (C1's deal) was lost since its call; the Umbrella pilot (C6) was lost at its call.
    warehouse.run(
        f"UPDATE {warehouse.settings.tables.stg_calls} SET OPPORTUNITY_STAGE_NOW = 'Closed Lost' WHERE CALL_ID = 'C1'"
    )
    every = {c.call_id for c in ask_engine.ask("calls this month").calls}
    open_calls = ask_engine.ask("calls on open deals this month")
    assert open_calls.plan.filters.open_deals
    kept = {c.call_id for c in open_calls.calls}
    assert kept and kept < every
    assert not kept & {"C1", "C6"}
    assert "open deals" in open_calls.restated
