-- Stage step 2: STG_GONG_USERS, the users dimension (reps and their managers) from RAW_AIRBYTE.USERS.
--
-- USERS is a full-refresh stream: each sync lands every user again (a new generation, or appended rows in
-- an Append-mode connection). The latest landing per user id wins. Users that disappear from Gong are kept
-- here, because staged calls still name them. Rows quarantined by 10_quarantine_raw.sql are skipped.
-- Unchanged users are not touched (SOURCE_HASH), so a re-run leaves the table identical.

USE SCHEMA {{ t.schema('STG_TRANSFORMED') }};

MERGE INTO {{ t.stg_users }} AS tgt
USING (
    WITH latest AS (
        SELECT
            TRIM(raw.ID) AS USER_ID,
            NULLIF(LOWER(TRIM(raw.EMAILADDRESS)), '') AS EMAIL,
            NULLIF(TRIM(raw.FIRSTNAME), '') AS FIRST_NAME,
            NULLIF(TRIM(raw.LASTNAME), '') AS LAST_NAME,
            NULLIF(TRIM(COALESCE(TRIM(raw.FIRSTNAME), '') || ' ' || COALESCE(TRIM(raw.LASTNAME), '')), '')
                AS FULL_NAME,
            NULLIF(TRIM(raw.TITLE), '') AS TITLE,
            NULLIF(TRIM(raw.MANAGERID), '') AS MANAGER_ID,
            raw.ACTIVE AS IS_ACTIVE,
            CONVERT_TIMEZONE('UTC', raw.CREATED)::TIMESTAMP_NTZ AS CREATED_AT_UTC,
            CONVERT_TIMEZONE('UTC', raw._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ AS _AIRBYTE_EXTRACTED_AT
        FROM {{ t.raw_users }} AS raw
        WHERE NULLIF(TRIM(raw.ID), '') IS NOT NULL
          AND COALESCE(ARRAY_SIZE(raw._AIRBYTE_META:changes), 0) = 0
        QUALIFY ROW_NUMBER() OVER (
            PARTITION BY TRIM(raw.ID) ORDER BY raw._AIRBYTE_EXTRACTED_AT DESC, raw._AIRBYTE_RAW_ID DESC
        ) = 1
    ),

    resolved AS (
        SELECT
            u.*,
            m.FULL_NAME AS MANAGER_NAME
        FROM latest AS u
        LEFT JOIN latest AS m ON m.USER_ID = u.MANAGER_ID
    )

    SELECT
        r.*,
        SHA2(TO_JSON(OBJECT_CONSTRUCT(
            'email', r.EMAIL,
            'first_name', r.FIRST_NAME,
            'last_name', r.LAST_NAME,
            'title', r.TITLE,
            'manager_id', r.MANAGER_ID,
            'manager_name', r.MANAGER_NAME,
            'is_active', r.IS_ACTIVE,
            'created_at', TO_VARCHAR(r.CREATED_AT_UTC)
        )), 256) AS SOURCE_HASH
    FROM resolved AS r
) AS src
    ON tgt.USER_ID = src.USER_ID
WHEN MATCHED AND tgt.SOURCE_HASH IS DISTINCT FROM src.SOURCE_HASH THEN UPDATE SET
    EMAIL = src.EMAIL,
    FIRST_NAME = src.FIRST_NAME,
    LAST_NAME = src.LAST_NAME,
    FULL_NAME = src.FULL_NAME,
    TITLE = src.TITLE,
    MANAGER_ID = src.MANAGER_ID,
    MANAGER_NAME = src.MANAGER_NAME,
    IS_ACTIVE = src.IS_ACTIVE,
    CREATED_AT_UTC = src.CREATED_AT_UTC,
    SOURCE_HASH = src.SOURCE_HASH,
    _AIRBYTE_EXTRACTED_AT = src._AIRBYTE_EXTRACTED_AT,
    _LOADED_AT = SYSDATE()
WHEN NOT MATCHED THEN INSERT (
    USER_ID, EMAIL, FIRST_NAME, LAST_NAME, FULL_NAME, TITLE, MANAGER_ID, MANAGER_NAME, IS_ACTIVE,
    CREATED_AT_UTC, SOURCE_HASH, _AIRBYTE_EXTRACTED_AT, _LOADED_AT
) VALUES (
    src.USER_ID, src.EMAIL, src.FIRST_NAME, src.LAST_NAME, src.FULL_NAME, src.TITLE, src.MANAGER_ID,
    src.MANAGER_NAME, src.IS_ACTIVE, src.CREATED_AT_UTC, src.SOURCE_HASH, src._AIRBYTE_EXTRACTED_AT, SYSDATE()
);
