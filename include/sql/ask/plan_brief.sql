-- The newest call matching a typed plan (for "first call" the oldest, for "worst call" the lowest scored, for
-- "best call" the highest), with everything enrichment and Gong hold about it; TOTAL counts matches.
{% from "ask/_plan_filters.jinja" import call_filters with context -%}
SELECT
    c.CALL_ID,
    c.CALL_DATETIME_UTC,
    c.TITLE,
    c.ACCOUNT_NAME,
    c.PRIMARY_USER_NAME,
    c.OPPORTUNITY_NAME,
    c.SENTIMENT_SCORE,
    c.CALL_SUMMARY,
    c.GONG_BRIEF,
    c.GONG_KEY_POINTS,
    c.GONG_ACTION_ITEMS,
    c.KEY_TOPICS,
    c.RISK_INDICATORS,
    c.CALL_URL,
    COUNT(*) OVER () AS TOTAL
FROM {{ t.stg_calls }} AS c
WHERE TRUE
{{ call_filters("c") }}
{%- set o = order | default("newest") %}
ORDER BY
{%- if o == "sentiment" %} c.SENTIMENT_SCORE ASC NULLS LAST,
{%- elif o == "sentiment_desc" %} c.SENTIMENT_SCORE DESC NULLS LAST,
{%- elif o == "duration" %} c.DURATION_SECONDS DESC NULLS LAST,
{%- elif o == "duration_asc" %} c.DURATION_SECONDS ASC NULLS LAST,
{%- endif %} c.CALL_DATETIME_UTC {{ "ASC" if o == "oldest" else "DESC" }}, c.CALL_ID
LIMIT {{ limit | default(1) | int }};
