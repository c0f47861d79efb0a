-- A measure over deals (V_DEAL_RISK, open deals), optionally grouped; GROUPS is the true number of groups.
-- A deal's period is that of its close date ("open pipeline by quarter": when the deals are expected to close).
{% from "ask/_plan_filters.jinja" import deal_filters with context -%}
{%- set fy = cfg.fiscal_year_start_month | int -%}
{%- set g = group_by | default("none") -%}
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
    "week": "DATE_TRUNC('week', d.CLOSE_DATE)::DATE",
    "month": "DATE_TRUNC('month', d.CLOSE_DATE)::DATE",
    "quarter": "DATEADD(month, " ~ (fy - 1) ~ ", DATE_TRUNC('quarter', DATEADD(month, " ~ (1 - fy) ~ ", d.CLOSE_DATE)))::DATE",
} -%}
SELECT
    {{ groups[g] }} AS GROUP_KEY,
    {{ measures[measure | default("deal_risk_score")] }} AS VALUE,
    COUNT(*) AS DEALS,
    COUNT(*) OVER () AS GROUPS
FROM {{ t.schema('STG_TRANSFORMED') }}.V_DEAL_RISK AS d
WHERE {{ "TRUE" if include_closed | default(false) else "d.IS_OPEN" }}
{{ deal_filters("d") }}
GROUP BY 1
{%- if g in ("week", "month", "quarter") %}
ORDER BY 1
{%- else %}
ORDER BY 2 {{ "ASC" if (sort | default("desc")) == "asc" else "DESC" }} NULLS LAST, 1
{%- endif %}
LIMIT {{ limit | default(200) | int }};
