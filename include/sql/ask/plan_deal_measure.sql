-- A measure over deals (V_DEAL_RISK, open deals), optionally grouped; GROUPS is the true number of groups.
{% from "ask/_plan_filters.jinja" import deal_filters with context -%}
{%- set measures = {
    "calls": "SUM(d.CALLS)",
    "deal_risk_score": "AVG(d.RISK_SCORE)",
    "amount": "SUM(d.AMOUNT)",
    "avg_amount": "AVG(d.AMOUNT)",
    "deals": "COUNT(*)",
} -%}
{%- set groups = {
    "none": "'all'",
    "rep": "d.REP_NAME",
    "account": "d.ACCOUNT_NAME",
    "opportunity": "d.OPPORTUNITY_NAME",
    "stage": "d.STAGE",
} -%}
SELECT
    {{ groups[group_by | default("none")] }} AS GROUP_KEY,
    {{ measures[measure | default("deal_risk_score")] }} AS VALUE,
    COUNT(*) AS DEALS,
    COUNT(*) OVER () AS GROUPS
FROM {{ t.schema('STG_TRANSFORMED') }}.V_DEAL_RISK AS d
WHERE {{ "TRUE" if include_closed | default(false) else "d.IS_OPEN" }}
{{ deal_filters("d") }}
GROUP BY 1
ORDER BY 2 {{ "ASC" if (sort | default("desc")) == "asc" else "DESC" }} NULLS LAST, 1
LIMIT {{ limit | default(200) | int }};
