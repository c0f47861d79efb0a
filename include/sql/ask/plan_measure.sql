-- A measure over calls, optionally grouped: the semantic layer's call-level measures and group-bys.
-- Measure and group-by are picked by name from the allow-lists below; values are bind parameters.
-- GROUPS is the true number of groups before LIMIT (after HAVING: "reps with more than 5 calls").
{% from "ask/_plan_filters.jinja" import call_filters, in_list with context -%}
{%- set fy = cfg.fiscal_year_start_month | int -%}
{%- set m = measure | default("calls") -%}
{%- set g = group_by | default("none") -%}
{%- set measures = {
    "calls": "COUNT(DISTINCT c.CALL_ID)",
    "avg_sentiment": "AVG(c.SENTIMENT_SCORE)",
    "talk_ratio": "AVG(c.TALK_RATIO)",
    "avg_minutes": "AVG(c.DURATION_SECONDS) / 60.0",
    "monologue": "AVG(c.LONGEST_MONOLOGUE_SECONDS)",
    "risks": "COUNT(r.CALL_ID)",
    "objections": "COUNT(o.CALL_ID)",
} -%}
{%- set groups = {
    "none": "'all'",
    "rep": "c.PRIMARY_USER_NAME",
    "account": "c.ACCOUNT_NAME",
    "opportunity": "c.OPPORTUNITY_NAME",
    "stage": "c.OPPORTUNITY_STAGE",
    "week": "DATE_TRUNC('week', c.CALL_DATETIME_UTC)::DATE",
    "month": "DATE_TRUNC('month', c.CALL_DATETIME_UTC)::DATE",
    "quarter": "DATEADD(month, " ~ (fy - 1) ~ ", DATE_TRUNC('quarter', DATEADD(month, " ~ (1 - fy) ~ ", c.CALL_DATETIME_UTC)))::DATE",
    "topic": "kt.TOPIC",
    "risk_type": ("o.RISK_TYPE" if m == "objections" else "r.RISK_TYPE"),
    "competitor": "comp.COMPETITOR",
} -%}
{#- An average is over the calls that have the value: a group with none has no row. -#}
{%- set averaged = {
    "avg_sentiment": "c.SENTIMENT_SCORE",
    "talk_ratio": "c.TALK_RATIO",
    "avg_minutes": "c.DURATION_SECONDS",
    "monologue": "c.LONGEST_MONOLOGUE_SECONDS",
} -%}
{%- set join_risks = m == "risks" or (g == "risk_type" and m != "objections") -%}
SELECT
    {{ groups[g] }} AS GROUP_KEY,
    {{ measures[m] }} AS VALUE,
    COUNT(DISTINCT c.CALL_ID) AS CALLS,
    COUNT(*) OVER () AS GROUPS
FROM {{ t.stg_calls }} AS c
{%- if join_risks %}
INNER JOIN {{ t.schema('STG_TRANSFORMED') }}.V_CALL_RISKS AS r ON r.CALL_ID = c.CALL_ID
{%- endif %}
{%- if m == "objections" %}
INNER JOIN {{ t.schema('STG_TRANSFORMED') }}.V_OBJECTION_RESPONSES AS o
    ON o.CALL_ID = c.CALL_ID{{ " AND NOT o.ANSWERED" if unanswered | default(false) else "" }}
    {{- " AND o.ANSWERED" if answered | default(false) else "" }}
{%- endif %}
{%- if g == "topic" %}
INNER JOIN (
    SELECT
        tc.CALL_ID,
        tk.value::STRING AS TOPIC
    FROM {{ t.stg_calls }} AS tc,
        LATERAL FLATTEN(input => tc.KEY_TOPICS) AS tk
) AS kt ON kt.CALL_ID = c.CALL_ID
{%- endif %}
{%- if g == "competitor" %}
INNER JOIN (
    SELECT DISTINCT
        cs.CALL_ID,
        ce.value::STRING AS COMPETITOR
    FROM {{ t.stg_transcripts }} AS cs,
        LATERAL FLATTEN(input => cs.EXTRACTED_ENTITIES:competitors) AS ce
    {#- the competitors asked about, when the question names them ("Chorus vs Clari"): no other group #}
    WHERE TRUE
    {%- if n_competitor | default(0) %}
    {{ in_list("ce.value::STRING", "competitor", n_competitor) }}
    {%- endif %}
) AS comp ON comp.CALL_ID = c.CALL_ID
{%- endif %}
WHERE TRUE
{%- if m in averaged %}
    AND {{ averaged[m] }} IS NOT NULL
{%- endif %}
{%- if n_measure_risk | default(0) %}
    AND {{ "o" if m == "objections" else "r" }}.RISK_TYPE IN ({% for i in range(n_measure_risk) %}%(measure_risk_{{ i }})s{{ ", " if not loop.last }}{% endfor %})
{%- endif %}
{{ call_filters("c") }}
GROUP BY 1
{#- "how many accounts haven't had a call since Nov 1": groups whose latest call is before that day #}
{%- set quiet = (has_quiet_since | default(false)) and g != "none" %}
{%- if has_min_value | default(false) or has_max_value | default(false) or has_min_calls | default(false) or quiet %}
HAVING TRUE
    {%- if has_min_value | default(false) %} AND {{ measures[m] }} > %(min_value)s{% endif %}
    {%- if has_max_value | default(false) %} AND {{ measures[m] }} < %(max_value)s{% endif %}
    {%- if has_min_calls | default(false) %} AND COUNT(DISTINCT c.CALL_ID) >= %(min_calls)s{% endif %}
    {%- if quiet %} AND MAX(c.CALL_DATETIME_UTC) < %(quiet_since)s::TIMESTAMP_NTZ{% endif %}
{%- endif %}
{%- if g in ("week", "month", "quarter") and not (top | default(false)) %}
ORDER BY 1
{%- else %}
ORDER BY 2 {{ "ASC" if (sort | default("desc")) == "asc" else "DESC" }} NULLS LAST, 1
{%- endif %}
LIMIT {{ limit | default(200) | int }};
