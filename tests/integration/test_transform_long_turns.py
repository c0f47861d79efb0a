"""Long speaker turns and long transcripts through the stage SQL on the emulator.

The emulator numbers FLATTEN's elements with an unordered window over DuckDB vectors of 2,048 values, so
past that size (and under parallel execution) ``index`` can be assigned out of array order. Gong serves
multi-hour calls with single turns of thousands of sentences (a webinar, a recorded demo) and long calls
with thousands of short turns; both must stage with the times, order and text Gong sent.
"""

from __future__ import annotations

from tests.integration.test_transform_stage import CALL_ID, land, rich_call, rows, stage, team
from tests.unit.transform.raw_rows import call_row, transcript_row

STARTED = "2026-11-02T09:30:00-05:00"
MONOLOGUE_SENTENCES = 3600  # one hour of one speaker, a sentence a second
TURNS = 2500  # a three-hour working session of short exchanges
BUSY_CALLS = [f"88123456789012346{n:02d}" for n in range(3)]


def _sentence(i: int) -> tuple[int, int, str]:
    return (i * 1000, i * 1000 + 800, f"Point {i} of the demo.")


def _busy_transcript(call_id: str) -> dict:
    """``TURNS`` alternating turns of two sentences; turn m has topic ``T<m>`` and starts at m * 4 s."""
    return transcript_row(
        call_id,
        STARTED,
        [
            (
                "1001" if m % 2 == 0 else "2001",
                f"T{m}",
                [
                    (m * 4000, m * 4000 + 1500, f"Turn {m} opens."),
                    (m * 4000 + 2000, m * 4000 + 3500, f"Turn {m} ends."),
                ],
            )
            for m in range(TURNS)
        ],
    )


def test_a_monologue_of_more_than_2048_sentences_keeps_its_times_and_text_order(warehouse):
    intro = ("2001", "Intro", [(0, 900, "Go ahead, show us.")])
    demo = ("1001", "Demo", [_sentence(i) for i in range(1, MONOLOGUE_SENTENCES + 1)])
    outro_start = (MONOLOGUE_SENTENCES + 1) * 1000
    outro = ("2001", "Next Steps", [(outro_start, outro_start + 700, "Thanks, very clear.")])
    land(
        warehouse,
        users=team(),
        calls=[rich_call()],
        transcripts=[transcript_row(CALL_ID, STARTED, [intro, demo, outro])],
    )

    stage(warehouse)

    segs = rows(warehouse, warehouse.settings.tables.stg_transcripts, "SEGMENT_ORDINAL")
    assert [s["TRANSCRIPT_ID"] for s in segs] == [f"{CALL_ID}-000{i}" for i in range(3)]
    assert [s["TOPIC"] for s in segs] == ["Intro", "Demo", "Next Steps"]
    long_turn = segs[1]
    assert (long_turn["START_MS"], long_turn["END_MS"]) == (1000, MONOLOGUE_SENTENCES * 1000 + 800)
    assert long_turn["SENTENCE_COUNT"] == MONOLOGUE_SENTENCES
    assert long_turn["TRANSCRIPT_TEXT"] == " ".join(
        f"Point {i} of the demo." for i in range(1, MONOLOGUE_SENTENCES + 1)
    )
    assert (segs[2]["START_MS"], segs[2]["END_MS"]) == (outro_start, outro_start + 700)


def test_transcripts_of_more_than_2048_turns_keep_each_turns_speaker_topic_and_text(warehouse):
    land(
        warehouse,
        users=team(),
        calls=[call_row(c, STARTED) for c in BUSY_CALLS],
        transcripts=[_busy_transcript(c) for c in BUSY_CALLS],
    )

    stage(warehouse)

    segs = rows(
        warehouse,
        warehouse.settings.tables.stg_transcripts,
        "CALL_ID, SEGMENT_ORDINAL",
        "CALL_ID, TRANSCRIPT_ID, SEGMENT_ORDINAL, SPEAKER_NAME, TOPIC, START_MS, END_MS, TRANSCRIPT_TEXT",
    )
    assert len(segs) == TURNS * len(BUSY_CALLS)
    expected = [
        {
            "CALL_ID": c,
            "TRANSCRIPT_ID": f"{c}-{m:04d}",
            "SEGMENT_ORDINAL": m,
            "SPEAKER_NAME": "Dana Rep" if m % 2 == 0 else "Sam Buyer",
            "TOPIC": f"T{m}",
            "START_MS": m * 4000,
            "END_MS": m * 4000 + 3500,
            "TRANSCRIPT_TEXT": f"Turn {m} opens. Turn {m} ends.",
        }
        for c in BUSY_CALLS
        for m in range(TURNS)
    ]
    wrong = [(got, want) for got, want in zip(segs, expected, strict=True) if got != want]
    assert wrong == [], f"{len(wrong)} segments differ, first: {wrong[:1]}"
