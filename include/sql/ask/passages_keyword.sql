-- Customer (External) turns, or the named speakers' own turns, whose text matches the topic's keyword
-- pattern (a bound parameter), on a typed plan's calls (``typed_scope``) or the legacy plan's.
{% from "ask/_filters.jinja" import call_filters, turn_speakers with context -%}
{% from "ask/_plan_filters.jinja" import call_filters as plan_call_filters with context -%}
SELECT
    s.TRANSCRIPT_ID,
    s.CALL_ID,
    c.CALL_DATETIME_UTC,
    c.TITLE,
    c.ACCOUNT_NAME,
    c.CALL_URL,
    s.SPEAKER_NAME,
    s.SPEAKER_COMPANY,
    s.START_MS,
    s.TRANSCRIPT_TEXT
FROM {{ t.stg_transcripts }} AS s
INNER JOIN {{ t.stg_calls }} AS c ON s.CALL_ID = c.CALL_ID
WHERE {{ turn_speakers("s") }}
    AND REGEXP_LIKE(LOWER(s.TRANSCRIPT_TEXT), %(pattern)s)
{{ plan_call_filters("c") if typed_scope | default(false) else call_filters("c") }}
ORDER BY c.CALL_DATETIME_UTC DESC, s.TRANSCRIPT_ID
LIMIT {{ candidate_limit | default(200) | int }};
