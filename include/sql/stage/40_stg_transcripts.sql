-- Stage step 4: STG_GONG_CALL_TRANSCRIPTS, one row per segment = one Gong monologue (a speaker turn), from
-- RAW_AIRBYTE.CALLTRANSCRIPTS, and the transcript-derived columns of STG_GONG_CALLS.
--
-- Which transcripts: those of calls starting in the run's interval (STARTED is copied from the call), those
-- landed after the last successful run's watermark, and those still waiting for their call: a transcript can
-- land before its call is staged, so any staged call without a staged transcript (TRANSCRIPT_HASH IS NULL)
-- takes its transcript whenever one exists. A transcript whose call is not staged yet is left in RAW for a
-- later run, never dropped. For each call the latest valid landing wins (valid: typed by Airbyte, with a call id,
-- and not quarantined by the raw checks, validate.quarantine.validate_raw).
-- Segments: TRANSCRIPT_ID = CALL_ID || '-' || LPAD(ordinal, 4, '0'), the ordinal being the segment's
-- 0-based position in the transcript (by first sentence start, then array position). Text = the monologue's
-- sentences joined with a space, in time order.
-- START_MS / END_MS = first sentence start / last sentence end. Monologues without sentences carry no speech
-- and yield no segment. Speakers are resolved through the call's participants (STG_GONG_CALLS).
-- A changed segment (new SOURCE_HASH) gets its enrichment cleared. Segments of a re-landed transcript
-- that no longer exist are deleted.
-- Bind parameters: %(interval_start)s, %(interval_end)s.

{% from 'validate/macros.jinja' import not_quarantined_raw with context %}
USE SCHEMA {{ t.schema('STG_TRANSFORMED') }};

-- 1. The latest valid landing of every transcript in scope whose call is staged.
CREATE OR REPLACE TEMPORARY TABLE STAGE_TRANSCRIPT_SOURCE AS
WITH valid AS (
    SELECT
        TRIM(raw.CALLID) AS CALL_ID,
        raw._AIRBYTE_RAW_ID,
        raw._AIRBYTE_EXTRACTED_AT,
        raw.STARTED,
        raw.TRANSCRIPT
    FROM {{ t.raw_call_transcripts }} AS raw
    WHERE NULLIF(TRIM(raw.CALLID), '') IS NOT NULL
      AND COALESCE(ARRAY_SIZE(raw._AIRBYTE_META:changes), 0) = 0
      AND {{ not_quarantined_raw('raw') }}
),

in_scope AS (
    SELECT DISTINCT v.CALL_ID
    FROM valid AS v
    INNER JOIN {{ t.stg_calls }} AS c ON c.CALL_ID = v.CALL_ID
    WHERE (
        v.STARTED >= %(interval_start)s::TIMESTAMP_TZ
        AND v.STARTED < %(interval_end)s::TIMESTAMP_TZ
    )
    OR CONVERT_TIMEZONE('UTC', v._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ > COALESCE(
        (
            SELECT MAX(wm.VALUE_TS) FROM {{ t.watermarks }} AS wm
            WHERE wm.PIPELINE = 'stage' AND wm.NAME = 'calltranscripts_extracted_at'
        ),
        '1970-01-01'::TIMESTAMP_NTZ
    )
    OR c.TRANSCRIPT_HASH IS NULL
)

SELECT v.*
FROM valid AS v
INNER JOIN in_scope AS s ON s.CALL_ID = v.CALL_ID
QUALIFY ROW_NUMBER() OVER (
    PARTITION BY v.CALL_ID ORDER BY v._AIRBYTE_EXTRACTED_AT DESC, v._AIRBYTE_RAW_ID DESC
) = 1;

-- 2. One row per monologue, numbered once and stored. The emulator numbers FLATTEN's elements with an unordered
-- window over DuckDB vectors of 2,048 values: past that size, or under parallel execution, `index` may follow
-- neither the array order nor be the same in two evaluations of one flatten. So the monologue's number is
-- computed here once (unique per call by construction) and everything below joins on the stored number; order
-- comes from the sentence times (Gong's transcript is chronological) with positions only breaking ties. On
-- Snowflake, where `index` is the array position, every one of these orders agrees with the array's.
CREATE OR REPLACE TEMPORARY TABLE STAGE_MONOLOGUES AS
SELECT
    src.CALL_ID,
    src._AIRBYTE_EXTRACTED_AT,
    ROW_NUMBER() OVER (PARTITION BY src.CALL_ID ORDER BY m.index) AS MONOLOGUE_KEY,
    NULLIF(TRIM(m.value:speakerId::STRING), '') AS SPEAKER_ID,
    NULLIF(TRIM(m.value:topic::STRING), '') AS TOPIC,
    m.value:sentences AS SENTENCES
FROM STAGE_TRANSCRIPT_SOURCE AS src,
    LATERAL FLATTEN(INPUT => src.TRANSCRIPT) AS m;

-- 3. Segments with their speaker resolved.
CREATE OR REPLACE TEMPORARY TABLE STAGE_SEGMENTS AS
WITH spoken AS (
    SELECT
        mo.CALL_ID,
        mo.MONOLOGUE_KEY,
        COUNT(*) AS SENTENCE_COUNT,
        MIN(TRY_TO_NUMBER(se.value:start::STRING)) AS START_MS,
        MAX(TRY_TO_NUMBER(se.value:end::STRING)) AS END_MS,
        LISTAGG(NULLIF(TRIM(se.value:text::STRING), ''), ' ') WITHIN GROUP (
            ORDER BY TRY_TO_NUMBER(se.value:start::STRING), TRY_TO_NUMBER(se.value:end::STRING), se.index
        ) AS TRANSCRIPT_TEXT
    FROM STAGE_MONOLOGUES AS mo,
        LATERAL FLATTEN(INPUT => mo.SENTENCES) AS se
    GROUP BY mo.CALL_ID, mo.MONOLOGUE_KEY
),

ordered AS (
    SELECT
        mo.*,
        sk.SENTENCE_COUNT,
        sk.START_MS,
        sk.END_MS,
        sk.TRANSCRIPT_TEXT,
        ROW_NUMBER() OVER (PARTITION BY mo.CALL_ID ORDER BY sk.START_MS, mo.MONOLOGUE_KEY) - 1 AS SEGMENT_ORDINAL
    FROM STAGE_MONOLOGUES AS mo
    INNER JOIN spoken AS sk ON sk.CALL_ID = mo.CALL_ID AND sk.MONOLOGUE_KEY = mo.MONOLOGUE_KEY
),

-- The call's participants, keyed by speaker id (parties that never spoke have none).
speakers AS (
    SELECT
        c.CALL_ID,
        p.value:speakerId::STRING AS SPEAKER_ID,
        p.value:name::STRING AS SPEAKER_NAME,
        p.value:email::STRING AS SPEAKER_EMAIL,
        p.value:title::STRING AS SPEAKER_TITLE,
        'Internal' AS SPEAKER_AFFILIATION,
        p.value:userId::STRING AS SPEAKER_USER_ID,
        NULL AS SPEAKER_COMPANY
    FROM {{ t.stg_calls }} AS c,
        LATERAL FLATTEN(INPUT => c.INTERNAL_PARTICIPANTS) AS p
    WHERE c.CALL_ID IN (SELECT CALL_ID FROM STAGE_TRANSCRIPT_SOURCE)
      AND p.value:speakerId IS NOT NULL

    UNION ALL

    SELECT
        c.CALL_ID,
        p.value:speakerId::STRING AS SPEAKER_ID,
        p.value:name::STRING AS SPEAKER_NAME,
        p.value:email::STRING AS SPEAKER_EMAIL,
        p.value:title::STRING AS SPEAKER_TITLE,
        'External' AS SPEAKER_AFFILIATION,
        NULL AS SPEAKER_USER_ID,
        p.value:company::STRING AS SPEAKER_COMPANY
    FROM {{ t.stg_calls }} AS c,
        LATERAL FLATTEN(INPUT => c.EXTERNAL_PARTICIPANTS) AS p
    WHERE c.CALL_ID IN (SELECT CALL_ID FROM STAGE_TRANSCRIPT_SOURCE)
      AND p.value:speakerId IS NOT NULL
),

one_speaker AS (
    SELECT *
    FROM speakers
    QUALIFY ROW_NUMBER() OVER (PARTITION BY CALL_ID, SPEAKER_ID ORDER BY SPEAKER_AFFILIATION DESC) = 1
),

segments AS (
    SELECT
        -- LPAD would truncate an ordinal of 5 digits, so those are used as they are.
        mo.CALL_ID || '-' || IFF(
            mo.SEGMENT_ORDINAL < 10000, LPAD(mo.SEGMENT_ORDINAL::STRING, 4, '0'), mo.SEGMENT_ORDINAL::STRING
        ) AS TRANSCRIPT_ID,
        mo.CALL_ID,
        mo.SEGMENT_ORDINAL,
        c.CALL_DATETIME_UTC,
        mo.SPEAKER_ID,
        sp.SPEAKER_NAME,
        sp.SPEAKER_EMAIL,
        sp.SPEAKER_TITLE,
        COALESCE(sp.SPEAKER_AFFILIATION, 'Unknown') AS SPEAKER_AFFILIATION,
        sp.SPEAKER_USER_ID,
        sp.SPEAKER_COMPANY,
        mo.TOPIC,
        mo.START_MS,
        mo.END_MS,
        mo.SENTENCE_COUNT,
        COALESCE(mo.TRANSCRIPT_TEXT, '') AS TRANSCRIPT_TEXT,
        CONVERT_TIMEZONE('UTC', mo._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ AS _AIRBYTE_EXTRACTED_AT
    FROM ordered AS mo
    INNER JOIN {{ t.stg_calls }} AS c ON c.CALL_ID = mo.CALL_ID
    LEFT JOIN one_speaker AS sp ON sp.CALL_ID = mo.CALL_ID AND sp.SPEAKER_ID = mo.SPEAKER_ID
)

-- SOURCE_HASH: everything segment enrichment reads (text, speaker, topic) plus the timing.
SELECT
    s.*,
    SHA2(TO_JSON(OBJECT_CONSTRUCT(
        'speaker_id', s.SPEAKER_ID, 'speaker_name', s.SPEAKER_NAME, 'speaker_email', s.SPEAKER_EMAIL,
        'speaker_title', s.SPEAKER_TITLE, 'speaker_affiliation', s.SPEAKER_AFFILIATION,
        'speaker_user_id', s.SPEAKER_USER_ID, 'speaker_company', s.SPEAKER_COMPANY, 'topic', s.TOPIC,
        'start_ms', s.START_MS, 'end_ms', s.END_MS, 'sentence_count', s.SENTENCE_COUNT,
        'text', s.TRANSCRIPT_TEXT
    )), 256) AS SOURCE_HASH
FROM segments AS s;

-- 4. Merge on TRANSCRIPT_ID. A changed segment loses its (now stale) enrichment. A segment whose only change
-- is the call's start time (a rescheduled call) keeps it.
MERGE INTO {{ t.stg_transcripts }} AS tgt
USING (SELECT * FROM STAGE_SEGMENTS) AS src
    ON tgt.TRANSCRIPT_ID = src.TRANSCRIPT_ID
WHEN MATCHED AND tgt.SOURCE_HASH IS DISTINCT FROM src.SOURCE_HASH THEN UPDATE SET
    CALL_ID = src.CALL_ID,
    SEGMENT_ORDINAL = src.SEGMENT_ORDINAL,
    CALL_DATETIME_UTC = src.CALL_DATETIME_UTC,
    SPEAKER_ID = src.SPEAKER_ID,
    SPEAKER_NAME = src.SPEAKER_NAME,
    SPEAKER_EMAIL = src.SPEAKER_EMAIL,
    SPEAKER_TITLE = src.SPEAKER_TITLE,
    SPEAKER_AFFILIATION = src.SPEAKER_AFFILIATION,
    SPEAKER_USER_ID = src.SPEAKER_USER_ID,
    SPEAKER_COMPANY = src.SPEAKER_COMPANY,
    TOPIC = src.TOPIC,
    START_MS = src.START_MS,
    END_MS = src.END_MS,
    SENTENCE_COUNT = src.SENTENCE_COUNT,
    TRANSCRIPT_TEXT = src.TRANSCRIPT_TEXT,
    SOURCE_HASH = src.SOURCE_HASH,
    SEGMENT_SENTIMENT = NULL,
    EXTRACTED_ENTITIES = NULL,
    ENRICHED_SOURCE_HASH = NULL,
    ENRICHED_AT = NULL,
    _AIRBYTE_EXTRACTED_AT = src._AIRBYTE_EXTRACTED_AT,
    _LOADED_AT = SYSDATE()
WHEN MATCHED AND NOT EQUAL_NULL(tgt.CALL_DATETIME_UTC, src.CALL_DATETIME_UTC) THEN UPDATE SET
    CALL_DATETIME_UTC = src.CALL_DATETIME_UTC,
    _LOADED_AT = SYSDATE()
WHEN NOT MATCHED THEN INSERT (
    TRANSCRIPT_ID, CALL_ID, SEGMENT_ORDINAL, CALL_DATETIME_UTC, SPEAKER_ID, SPEAKER_NAME, SPEAKER_EMAIL,
    SPEAKER_TITLE, SPEAKER_AFFILIATION, SPEAKER_USER_ID, SPEAKER_COMPANY, TOPIC, START_MS, END_MS,
    SENTENCE_COUNT, TRANSCRIPT_TEXT, SOURCE_HASH, _AIRBYTE_EXTRACTED_AT, _LOADED_AT
) VALUES (
    src.TRANSCRIPT_ID, src.CALL_ID, src.SEGMENT_ORDINAL, src.CALL_DATETIME_UTC, src.SPEAKER_ID,
    src.SPEAKER_NAME, src.SPEAKER_EMAIL, src.SPEAKER_TITLE, src.SPEAKER_AFFILIATION, src.SPEAKER_USER_ID,
    src.SPEAKER_COMPANY, src.TOPIC, src.START_MS, src.END_MS, src.SENTENCE_COUNT, src.TRANSCRIPT_TEXT,
    src.SOURCE_HASH, src._AIRBYTE_EXTRACTED_AT, SYSDATE()
);

-- 5. Segments of a re-processed transcript that it no longer contains (a shorter transcript).
-- (STAGE_SEGMENTS.TRANSCRIPT_ID is never NULL, so NOT IN is safe.)
DELETE FROM {{ t.stg_transcripts }}
WHERE CALL_ID IN (SELECT CALL_ID FROM STAGE_TRANSCRIPT_SOURCE)
  AND TRANSCRIPT_ID NOT IN (SELECT TRANSCRIPT_ID FROM STAGE_SEGMENTS);

-- 6. The calls' transcript-derived columns. SOURCE_HASH uses the same formula as 30_stg_calls.sql, so a
-- changed transcript re-queues the call's enrichment and an unchanged one leaves the call untouched.
CREATE OR REPLACE TEMPORARY TABLE STAGE_CALL_TRANSCRIPTS AS
SELECT
    src.CALL_ID,
    COUNT(seg.TRANSCRIPT_ID) AS SEGMENT_COUNT,
    SHA2(COALESCE(LISTAGG(seg.SOURCE_HASH, ',') WITHIN GROUP (ORDER BY seg.SEGMENT_ORDINAL), ''), 256)
        AS TRANSCRIPT_HASH
FROM STAGE_TRANSCRIPT_SOURCE AS src
LEFT JOIN STAGE_SEGMENTS AS seg ON seg.CALL_ID = src.CALL_ID
GROUP BY src.CALL_ID;

UPDATE {{ t.stg_calls }} AS tgt
SET
    SEGMENT_COUNT = agg.SEGMENT_COUNT,
    HAS_TRANSCRIPT = agg.SEGMENT_COUNT > 0,
    TRANSCRIPT_HASH = agg.TRANSCRIPT_HASH,
    SOURCE_HASH = SHA2(tgt.RECORD_HASH || '|' || agg.TRANSCRIPT_HASH, 256),
    _LOADED_AT = SYSDATE()
FROM STAGE_CALL_TRANSCRIPTS AS agg
WHERE tgt.CALL_ID = agg.CALL_ID
  AND tgt.TRANSCRIPT_HASH IS DISTINCT FROM agg.TRANSCRIPT_HASH;
