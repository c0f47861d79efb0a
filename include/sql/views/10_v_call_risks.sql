-- V_CALL_RISKS: one row per risk indicator found by enrichment, with the call it came from.
-- RISK_ORDINAL is the indicator's position in STG_GONG_CALLS.RISK_INDICATORS; (CALL_ID, RISK_ORDINAL) is the key.
-- START_MS is the moment in the call (ms from start) where the supporting QUOTE was said.
CREATE OR REPLACE VIEW {{ t.schema('STG_TRANSFORMED') }}.V_CALL_RISKS AS
SELECT
    c.CALL_ID,
    c.CALL_DATETIME_UTC,
    c.TITLE,
    c.ACCOUNT_NAME,
    c.OPPORTUNITY_ID,
    c.OPPORTUNITY_NAME,
    c.PRIMARY_USER_ID AS REP_ID,
    c.PRIMARY_USER_NAME AS REP_NAME,
    c.CALL_URL,
    r.index AS RISK_ORDINAL,
    r.value:type::string AS RISK_TYPE,
    r.value:severity::string AS SEVERITY,
    r.value:quote::string AS QUOTE,
    r.value:start_ms::number AS START_MS,
    r.value:speaker::string AS SPEAKER
FROM {{ t.stg_calls }} AS c,
    LATERAL FLATTEN(input => c.RISK_INDICATORS) AS r;
