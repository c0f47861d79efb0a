-- Open deals matching a typed plan, ranked by the documented risk score of V_DEAL_RISK; TOTAL counts all matches.
{% from "ask/_plan_filters.jinja" import deal_filters with context -%}
SELECT
    d.OPPORTUNITY_ID,
    d.OPPORTUNITY_NAME,
    d.ACCOUNT_NAME,
    d.REP_NAME,
    d.STAGE,
    d.AMOUNT,
    d.CLOSE_DATE,
    d.RISK_SCORE,
    d.AVG_SENTIMENT,
    d.SENTIMENT_TREND,
    d.RISK_TYPES,
    d.COMPETITOR_MENTIONS,
    d.LATEST_NO_NEXT_STEPS,
    d.CALLS,
    d.LAST_CALL_UTC,
    COUNT(*) OVER () AS TOTAL
FROM {{ t.schema('STG_TRANSFORMED') }}.V_DEAL_RISK AS d
WHERE {{ "TRUE" if include_closed | default(false) else "d.IS_OPEN" }}
    AND d.RISK_SCORE >= %(min_score)s
{{ deal_filters("d") }}
{%- if by_amount | default(false) %}
ORDER BY d.AMOUNT DESC NULLS LAST, d.RISK_SCORE DESC, d.OPPORTUNITY_ID
{%- else %}
ORDER BY d.RISK_SCORE DESC, d.AMOUNT DESC NULLS LAST, d.OPPORTUNITY_ID
{%- endif %}
LIMIT {{ limit | default(20) | int }};
