-- PIPELINE_MONITOR: quarantine, per-step run accounting, data-quality results and incremental watermarks.

-- Rows that failed a check. Nothing is dropped silently: per step, rows in = rows passed + rows quarantined.
CREATE TABLE IF NOT EXISTS {{ t.quarantine }} (
    QUARANTINE_ID VARCHAR NOT NULL,
    RUN_ID VARCHAR,
    STEP VARCHAR NOT NULL,
    SOURCE_TABLE VARCHAR,
    RECORD_KEY VARCHAR,
    -- The call a row belongs to and the call's SOURCE_HASH when it was checked: the enrich step skips a
    -- call while a staged-validation quarantine row matches its current SOURCE_HASH.
    CALL_ID VARCHAR,
    CALL_SOURCE_HASH VARCHAR,
    CHECK_NAME VARCHAR NOT NULL,
    REASON VARCHAR NOT NULL,
    OFFENDING_VALUE VARCHAR,
    RECORD VARIANT,
    QUARANTINED_AT TIMESTAMP_NTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS {{ t.run_steps }} (
    RUN_ID VARCHAR NOT NULL,
    DAG_ID VARCHAR,
    STEP VARCHAR NOT NULL,
    DATA_INTERVAL_START TIMESTAMP_NTZ,
    DATA_INTERVAL_END TIMESTAMP_NTZ,
    ROWS_READ NUMBER,
    ROWS_WRITTEN NUMBER,
    ROWS_QUARANTINED NUMBER,
    API_REQUESTS NUMBER,
    TOKENS_IN NUMBER,
    TOKENS_OUT NUMBER,
    DURATION_S FLOAT,
    STATUS VARCHAR,
    DETAILS VARIANT,
    RECORDED_AT TIMESTAMP_NTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS {{ t.dq_results }} (
    RUN_ID VARCHAR NOT NULL,
    STEP VARCHAR NOT NULL,
    CHECK_NAME VARCHAR NOT NULL,
    FAILED_ROWS NUMBER,
    TOTAL_ROWS NUMBER,
    FAILURE_RATIO FLOAT,
    THRESHOLD FLOAT,
    PASSED BOOLEAN,
    SAMPLE_KEYS ARRAY,
    CHECKED_AT TIMESTAMP_NTZ NOT NULL
);

-- Last successful high-water marks, e.g. the latest _AIRBYTE_EXTRACTED_AT a transform has consumed.
CREATE TABLE IF NOT EXISTS {{ t.watermarks }} (
    PIPELINE VARCHAR NOT NULL,
    NAME VARCHAR NOT NULL,
    VALUE_TS TIMESTAMP_NTZ,
    UPDATED_AT TIMESTAMP_NTZ
);
