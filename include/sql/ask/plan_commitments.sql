-- Commitments and next steps said on the calls matching a typed plan (Gong's action items, with their moments).
-- Words naming what was promised or the meeting ("who promised to set up a pilot workspace", "after the order
-- form review") keep the items whose call title and snippet together hold the most of them; when a call's title
-- alone holds two or more of them ("at the Cedarline implementation workshop"), that meeting is the one asked
-- about, and only its items count (none, if nothing was promised there).
{% from "ask/_plan_filters.jinja" import call_filters, title_score with context -%}
WITH
{%- if n_title | default(0) %}
named AS (
    SELECT MAX({{ title_score("c.TITLE", n_title) }}) AS BEST
    FROM {{ t.stg_calls }} AS c
    WHERE TRUE
    {{ call_filters("c", titles=false) }}
),
{%- endif %}
items AS (
    SELECT
        c.CALL_ID,
        c.CALL_DATETIME_UTC,
        c.TITLE,
        c.ACCOUNT_NAME,
        c.PRIMARY_USER_NAME,
        c.CALL_URL,
        a.value:snippet::STRING AS SNIPPET,
        a.value:startTime::FLOAT AS START_S,
        a.index AS ITEM_INDEX
        {%- if n_title | default(0) %},
        {{ title_score("COALESCE(c.TITLE, '') || ' ' || COALESCE(a.value:snippet::STRING, '')", n_title) }} AS WORDS_HELD,
        {{ title_score("c.TITLE", n_title) }} AS TITLE_HELD
        {%- endif %}
    FROM {{ t.stg_calls }} AS c,
        LATERAL FLATTEN(input => c.GONG_ACTION_ITEMS) AS a
    WHERE TRUE
    {{ call_filters("c", titles=false) }}
)

SELECT
    CALL_ID,
    CALL_DATETIME_UTC,
    TITLE,
    ACCOUNT_NAME,
    PRIMARY_USER_NAME,
    CALL_URL,
    SNIPPET,
    START_S,
    COUNT(*) OVER () AS TOTAL
FROM items
{%- if n_title | default(0) %}
WHERE
    CASE
        WHEN (SELECT BEST FROM named) >= 2 THEN TITLE_HELD = (SELECT BEST FROM named)
        ELSE WORDS_HELD = (SELECT MAX(WORDS_HELD) FROM items)
    END
{%- endif %}
ORDER BY CALL_DATETIME_UTC DESC, CALL_ID, ITEM_INDEX
LIMIT {{ limit | default(20) | int }};
