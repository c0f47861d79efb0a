"""Good rows of every hand-off, as plain dicts; tests break one thing at a time."""

from __future__ import annotations

DIM = 8


def vector(dim: int = DIM, seed: float = 0.1) -> list[float]:
    return [round(seed * (i + 1), 4) for i in range(dim)]


def staged_call(call_id: str = "7782342274025937895", **overrides) -> dict:
    row = {
        "CALL_ID": call_id,
        "TITLE": "Acme / Forecast Pro renewal",
        "CALL_DATETIME_UTC": "2026-11-02 15:00:00",
        "DURATION_SECONDS": 1800,
        "DIRECTION": "Conference",
        "SCOPE": "External",
        "CALL_URL": f"https://app.gong.io/call?id={call_id}",
        "PRIMARY_USER_NAME": "Dana Reyes",
        "EXTERNAL_PARTICIPANTS": [{"name": "Lee Park", "company": "Acme"}],
        "ACCOUNT_NAME": "Acme",
        "OPPORTUNITY_ID": "006A",
        "OPPORTUNITY_NAME": "Acme renewal",
        "OPPORTUNITY_AMOUNT": 120000.0,
        "OPPORTUNITY_CLOSE_DATE": "2026-12-15",
        "TALK_RATIO": 0.46,
        "SEGMENT_COUNT": 42,
        "HAS_TRANSCRIPT": True,
        "SOURCE_HASH": f"h-{call_id}",
        "_LOADED_AT": "2026-11-03 01:00:00",
    }
    row.update(overrides)
    return row


def enriched_call(call_id: str = "7782342274025937895", dim: int = DIM, **overrides) -> dict:
    row = staged_call(call_id)
    row.update(
        {
            "SENTIMENT_SCORE": -0.35,
            "CALL_SUMMARY": "Customer pushed back on price and mentioned Clari.",
            "KEY_TOPICS": ["Pricing", "Competition"],
            "RISK_INDICATORS": [
                {"type": "pricing_objection", "severity": "high", "quote": "That is way over budget."},
                {"type": "competitor", "severity": "medium", "quote": "We are also looking at Clari."},
            ],
            "AI_MEMORY_EMBEDDING": vector(dim),
            "ENRICHMENT_ENGINE": "local",
            "ENRICHMENT_MODEL_VERSION": "local-1",
            "EMBEDDING_MODEL": "all-MiniLM-L6-v2",
            "EMBEDDING_DIM": dim,
            "ENRICHED_SOURCE_HASH": f"h-{call_id}",
            "ENRICHED_AT": "2026-11-03 01:05:00",
        }
    )
    row.update(overrides)
    return row


def staged_segment(transcript_id: str = "7782342274025937895-0001", **overrides) -> dict:
    row = {
        "TRANSCRIPT_ID": transcript_id,
        "CALL_ID": "7782342274025937895",
        "SEGMENT_ORDINAL": 1,
        "CALL_DATETIME_UTC": "2026-11-02 15:00:00",
        "SPEAKER_ID": "5501",
        "SPEAKER_NAME": "Lee Park",
        "SPEAKER_AFFILIATION": "External",
        "START_MS": 1200,
        "END_MS": 9400,
        "SENTENCE_COUNT": 3,
        "TRANSCRIPT_TEXT": "Honestly the price is the problem for us.",
        "SOURCE_HASH": f"s-{transcript_id}",
    }
    row.update(overrides)
    return row


def enriched_segment(transcript_id: str = "7782342274025937895-0001", **overrides) -> dict:
    row = staged_segment(transcript_id)
    row.update(
        {
            "SEGMENT_SENTIMENT": -0.4,
            "EXTRACTED_ENTITIES": {"companies": ["Acme"], "competitors": [], "money": []},
            "ENRICHED_SOURCE_HASH": row["SOURCE_HASH"],
            "ENRICHED_AT": "2026-11-03 01:05:00",
        }
    )
    row.update(overrides)
    return row


def memory_chunk(chunk_id: str = "c-0001", dim: int = DIM, **overrides) -> dict:
    row = {
        "CHUNK_ID": chunk_id,
        "CALL_ID": "7782342274025937895",
        "CHUNK_ORDINAL": 0,
        "CALL_DATETIME_UTC": "2026-11-02 15:00:00",
        "START_MS": 0,
        "END_MS": 61000,
        "SPEAKERS": ["Dana Reyes", "Lee Park"],
        "EXTERNAL_SPEAKERS": ["Lee Park"],
        "CHUNK_TEXT": "Dana Reyes: Thanks for joining. Lee Park: Price is the problem.",
        "EMBEDDING": vector(dim),
        "EMBEDDING_MODEL": "all-MiniLM-L6-v2",
        "EMBEDDING_DIM": dim,
        "SOURCE_HASH": "h-7782342274025937895",
        "CREATED_AT": "2026-11-03 01:06:00",
    }
    row.update(overrides)
    return row


def raw_extensive_call(call_id: str = "7782342274025937895", **overrides) -> dict:
    row = {
        "_AIRBYTE_RAW_ID": f"raw-{call_id}",
        "_AIRBYTE_EXTRACTED_AT": "2026-11-03T00:10:00+00:00",
        "_AIRBYTE_META": '{"sync_id": 1, "changes": []}',
        "ID": call_id,
        "STARTDATETIME": "2026-11-02T10:00:00-05:00",
        "METADATA": f'{{"id": "{call_id}", "title": "Acme renewal"}}',
        "PARTIES": '[{"id": "1", "speakerId": "5501", "affiliation": "External"}]',
    }
    row.update(overrides)
    return row


def raw_transcript(call_id: str = "7782342274025937895", **overrides) -> dict:
    row = {
        "_AIRBYTE_RAW_ID": f"raw-t-{call_id}",
        "_AIRBYTE_EXTRACTED_AT": "2026-11-03T00:10:00+00:00",
        "CALLID": call_id,
        "STARTED": "2026-11-02T15:00:00Z",
        "TRANSCRIPT": [
            {"speakerId": "5501", "topic": None, "sentences": [{"start": 0, "end": 900, "text": "Hi there."}]}
        ],
    }
    row.update(overrides)
    return row
