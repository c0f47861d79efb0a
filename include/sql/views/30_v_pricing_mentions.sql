-- V_PRICING_MENTIONS: what customers (External speakers) say about pricing, cost, discounts and budget.
-- One row per transcript segment that matches the pricing keyword pattern, with the THEME it belongs to
-- (first matching theme in the documented order of include/gong_intel/ask/vocabulary.py PRICING_THEMES).
-- The semantic variant of this question ("are buyers pushing back on cost?") is answered by the ask engine,
-- which also finds paraphrases that use none of these words.
CREATE OR REPLACE VIEW {{ t.schema('STG_TRANSFORMED') }}.V_PRICING_MENTIONS AS
SELECT
    s.TRANSCRIPT_ID,
    s.CALL_ID,
    c.CALL_DATETIME_UTC,
    c.TITLE,
    c.ACCOUNT_NAME,
    c.OPPORTUNITY_NAME,
    c.PRIMARY_USER_NAME AS REP_NAME,
    s.SPEAKER_NAME,
    s.SPEAKER_COMPANY,
    s.START_MS,
    s.END_MS,
    s.TRANSCRIPT_TEXT,
    s.SEGMENT_SENTIMENT,
    CASE
    {%- for theme in pricing_themes | default([{"sql_name": "Pricing", "sql_pattern": ".*(pric).*"}]) %}
        WHEN REGEXP_LIKE(LOWER(s.TRANSCRIPT_TEXT), '{{ theme.sql_pattern }}') THEN '{{ theme.sql_name }}'
    {%- endfor %}
        ELSE 'Other pricing discussion'
    END AS THEME,
    c.CALL_URL
FROM {{ t.stg_transcripts }} AS s
INNER JOIN {{ t.stg_calls }} AS c ON s.CALL_ID = c.CALL_ID
WHERE s.SPEAKER_AFFILIATION = 'External'
    AND REGEXP_LIKE(LOWER(s.TRANSCRIPT_TEXT), '{{ pricing_pattern | default(".*(pric|cost|discount).*") }}');
