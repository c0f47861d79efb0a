-- Open deals ranked by the documented risk score of V_DEAL_RISK.
SELECT
    d.OPPORTUNITY_ID,
    d.OPPORTUNITY_NAME,
    d.ACCOUNT_NAME,
    d.REP_NAME,
    d.STAGE,
    d.AMOUNT,
    d.RISK_SCORE,
    d.AVG_SENTIMENT,
    d.SENTIMENT_TREND,
    d.RISK_TYPES,
    d.COMPETITOR_MENTIONS,
    d.LATEST_NO_NEXT_STEPS,
    d.CALLS,
    d.LAST_CALL_UTC
FROM {{ t.schema('STG_TRANSFORMED') }}.V_DEAL_RISK AS d
WHERE d.IS_OPEN
    AND d.RISK_SCORE >= %(min_score)s
{%- if n_reps | default(0) %}
    AND LOWER(d.REP_NAME) IN ({% for i in range(n_reps) %}LOWER(%(rep_{{ i }})s){{ ", " if not loop.last }}{% endfor %})
{%- endif %}
{%- if n_accounts | default(0) %}
    AND LOWER(d.ACCOUNT_NAME) IN ({% for i in range(n_accounts) %}LOWER(%(account_{{ i }})s){{ ", " if not loop.last }}{% endfor %})
{%- endif %}
ORDER BY d.RISK_SCORE DESC, d.AMOUNT DESC NULLS LAST, d.OPPORTUNITY_ID
LIMIT {{ limit | default(20) | int }};
