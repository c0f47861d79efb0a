-- Stage step 3: STG_GONG_CALLS, one row per call, from RAW_AIRBYTE.EXTENSIVECALLS.
--
-- Which calls: those starting in the run's data interval plus those landed after the last successful run's
-- watermark (late arrivals, whatever their start time). For each such call the LATEST valid landing in the
-- whole raw table is staged (an Append-mode connection can land a call several times, and a rescheduled
-- call can move to another interval), so re-running any interval never rolls a call back.
-- Keys: CALL_ID is METADATA:id as a string. The typed ID column is a NUMBER, and Gong ids are strings of up
-- to 20 digits, so joins and keys never go through it.
-- Rows quarantined by 10_quarantine_raw.sql (Airbyte typing errors, no id, no start time) or by the raw checks
-- (validate.quarantine.validate_raw: malformed ids, parties, dates) are skipped.
-- Unchanged calls are not touched (RECORD_HASH), so enrichment of an unchanged call survives any re-run. A
-- changed call gets a new SOURCE_HASH and is re-enriched. SEGMENT_COUNT, HAS_TRANSCRIPT and TRANSCRIPT_HASH
-- belong to 40_stg_transcripts.sql.
-- Bind parameters: %(interval_start)s, %(interval_end)s.

{% from 'validate/macros.jinja' import not_quarantined_raw with context %}
USE SCHEMA {{ t.schema('STG_TRANSFORMED') }};

-- 1. The latest valid landing of every call in scope.
CREATE OR REPLACE TEMPORARY TABLE STAGE_CALL_SOURCE AS
WITH valid AS (
    SELECT
        NULLIF(TRIM(raw.METADATA:id::STRING), '') AS CALL_ID,
        raw.*
    FROM {{ t.raw_extensive_calls }} AS raw
    WHERE NULLIF(TRIM(raw.METADATA:id::STRING), '') IS NOT NULL
      AND raw.STARTDATETIME IS NOT NULL
      AND COALESCE(ARRAY_SIZE(raw._AIRBYTE_META:changes), 0) = 0
      AND {{ not_quarantined_raw('raw') }}
),

in_scope AS (
    SELECT DISTINCT v.CALL_ID
    FROM valid AS v
    WHERE (
        v.STARTDATETIME >= %(interval_start)s::TIMESTAMP_TZ
        AND v.STARTDATETIME < %(interval_end)s::TIMESTAMP_TZ
    )
    OR CONVERT_TIMEZONE('UTC', v._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ > COALESCE(
        (
            SELECT MAX(wm.VALUE_TS) FROM {{ t.watermarks }} AS wm
            WHERE wm.PIPELINE = 'stage' AND wm.NAME = 'extensivecalls_extracted_at'
        ),
        '1970-01-01'::TIMESTAMP_NTZ
    )
)

SELECT v.*
FROM valid AS v
INNER JOIN in_scope AS s ON s.CALL_ID = v.CALL_ID
QUALIFY ROW_NUMBER() OVER (
    PARTITION BY v.CALL_ID ORDER BY v._AIRBYTE_EXTRACTED_AT DESC, v._AIRBYTE_RAW_ID DESC
) = 1;

-- 2. CRM objects (Gong CONTEXT), one row per object with its fields pivoted. Salesforce and HubSpot field
-- names are both understood. Objects "as of the call" (TimeOfCall) rank before current ones (Now).
CREATE OR REPLACE TEMPORARY TABLE STAGE_CALL_CRM AS
WITH objects AS (
    SELECT
        src.CALL_ID,
        ctx.value:system::STRING AS CRM_SYSTEM,
        obj.value:objectType::STRING AS OBJECT_TYPE,
        obj.value:objectId::STRING AS OBJECT_ID,
        obj.value:timing::STRING AS TIMING,
        IFF(obj.value:timing::STRING = 'TimeOfCall', 0, 1) * 1000000 + ctx.index * 1000 + obj.index AS RANK_KEY,
        obj.value:fields AS FIELDS
    FROM STAGE_CALL_SOURCE AS src,
        LATERAL FLATTEN(INPUT => src.CONTEXT) AS ctx,
        LATERAL FLATTEN(INPUT => ctx.value:objects) AS obj
)

SELECT
    o.CALL_ID,
    o.CRM_SYSTEM,
    o.OBJECT_TYPE,
    o.OBJECT_ID,
    o.TIMING,
    o.RANK_KEY,
    MAX(IFF(LOWER(fld.value:name::STRING) IN ('name', 'dealname'), fld.value:value::STRING, NULL)) AS NAME,
    MAX(IFF(LOWER(fld.value:name::STRING) IN ('stagename', 'dealstage'), fld.value:value::STRING, NULL))
        AS STAGE,
    MAX(IFF(LOWER(fld.value:name::STRING) = 'amount', fld.value:value::STRING, NULL)) AS AMOUNT,
    MAX(IFF(LOWER(fld.value:name::STRING) = 'closedate', fld.value:value::STRING, NULL)) AS CLOSE_DATE,
    MAX(IFF(LOWER(fld.value:name::STRING) = 'industry', fld.value:value::STRING, NULL)) AS INDUSTRY,
    -- The account's web domain ("https://www.acme.com/x" -> "acme.com"), matched against e-mail domains.
    MAX(IFF(
        LOWER(fld.value:name::STRING) IN ('website', 'domain'),
        NULLIF(LOWER(REGEXP_REPLACE(TRIM(fld.value:value::STRING), '^(https?://)?(www\\.)?([^/:?#]+).*$', '\\3')), ''),
        NULL
    )) AS DOMAIN
FROM objects AS o,
    LATERAL FLATTEN(INPUT => o.FIELDS) AS fld
GROUP BY o.CALL_ID, o.CRM_SYSTEM, o.OBJECT_TYPE, o.OBJECT_ID, o.TIMING, o.RANK_KEY;

-- 3. Parties, one row per person, with the side they are on and, for customers, their company.
-- Internal: Gong says so, or the party is a Gong user, or (affiliation Unknown) the e-mail domain is one of
-- the company's own user domains. Everyone else is external.
-- Company of an external party: the CRM account of the call whose web domain is the e-mail domain, else the
-- e-mail domain itself.
CREATE OR REPLACE TEMPORARY TABLE STAGE_CALL_PARTIES AS
WITH internal_domains AS (
    SELECT DISTINCT NULLIF(SPLIT_PART(u.EMAIL, '@', 2), '') AS DOMAIN
    FROM {{ t.stg_users }} AS u
    WHERE NULLIF(SPLIT_PART(u.EMAIL, '@', 2), '') IS NOT NULL
),

parties AS (
    SELECT
        src.CALL_ID,
        p.index AS PARTY_INDEX,
        NULLIF(TRIM(p.value:speakerId::STRING), '') AS SPEAKER_ID,
        NULLIF(TRIM(p.value:userId::STRING), '') AS USER_ID,
        NULLIF(TRIM(p.value:name::STRING), '') AS NAME,
        NULLIF(LOWER(TRIM(p.value:emailAddress::STRING)), '') AS EMAIL,
        NULLIF(TRIM(p.value:title::STRING), '') AS TITLE,
        p.value:affiliation::STRING AS GONG_AFFILIATION
    FROM STAGE_CALL_SOURCE AS src,
        LATERAL FLATTEN(INPUT => src.PARTIES) AS p
)

SELECT
    p.CALL_ID,
    p.PARTY_INDEX,
    p.SPEAKER_ID,
    p.USER_ID,
    COALESCE(p.NAME, u.FULL_NAME) AS NAME,
    COALESCE(p.EMAIL, u.EMAIL) AS EMAIL,
    COALESCE(p.TITLE, u.TITLE) AS TITLE,
    NULLIF(SPLIT_PART(COALESCE(p.EMAIL, u.EMAIL), '@', 2), '') AS EMAIL_DOMAIN,
    (
        p.GONG_AFFILIATION = 'Internal'
        OR p.USER_ID IS NOT NULL
        OR (COALESCE(p.GONG_AFFILIATION, 'Unknown') = 'Unknown' AND idom.DOMAIN IS NOT NULL)
    ) AS IS_INTERNAL,
    acct.NAME AS ACCOUNT_NAME
FROM parties AS p
LEFT JOIN {{ t.stg_users }} AS u ON u.USER_ID = p.USER_ID
LEFT JOIN internal_domains AS idom ON idom.DOMAIN = NULLIF(SPLIT_PART(p.EMAIL, '@', 2), '')
LEFT JOIN STAGE_CALL_CRM AS acct
    ON acct.CALL_ID = p.CALL_ID
    AND acct.OBJECT_TYPE = 'Account'
    AND acct.DOMAIN = NULLIF(SPLIT_PART(p.EMAIL, '@', 2), '')
-- Several matching accounts (both timings, several CRMs): the best ranked names the company.
QUALIFY ROW_NUMBER() OVER (PARTITION BY p.CALL_ID, p.PARTY_INDEX ORDER BY acct.RANK_KEY) = 1;

-- 4. The staged rows, complete except for the transcript-derived columns.
CREATE OR REPLACE TEMPORARY TABLE STAGE_CALLS_NEW AS
WITH account AS (
    SELECT
        CALL_ID,
        CRM_SYSTEM,
        OBJECT_ID AS ACCOUNT_ID,
        NAME AS ACCOUNT_NAME,
        INDUSTRY AS ACCOUNT_INDUSTRY
    FROM STAGE_CALL_CRM
    WHERE OBJECT_TYPE = 'Account'
    QUALIFY ROW_NUMBER() OVER (PARTITION BY CALL_ID ORDER BY RANK_KEY) = 1
),

-- The opportunity discussed: the best ranked one. Its stage, amount and close date are reported both as
-- of the call (TimeOfCall) and as of the sync (Now), each only where Gong provides that timing.
opportunity AS (
    SELECT
        CALL_ID,
        CRM_SYSTEM,
        OBJECT_ID AS OPPORTUNITY_ID,
        NAME AS OPPORTUNITY_NAME
    FROM STAGE_CALL_CRM
    WHERE OBJECT_TYPE = 'Opportunity'
    QUALIFY ROW_NUMBER() OVER (PARTITION BY CALL_ID ORDER BY RANK_KEY) = 1
),

opportunity_timing AS (
    SELECT
        o.CALL_ID,
        MAX(IFF(c.TIMING = 'TimeOfCall', c.STAGE, NULL)) AS STAGE,
        MAX(IFF(c.TIMING = 'TimeOfCall', TRY_TO_NUMBER(c.AMOUNT, 18, 2), NULL)) AS AMOUNT,
        MAX(IFF(c.TIMING = 'TimeOfCall', TRY_TO_DATE(LEFT(c.CLOSE_DATE, 10)), NULL)) AS CLOSE_DATE,
        MAX(IFF(c.TIMING = 'Now', c.STAGE, NULL)) AS STAGE_NOW,
        MAX(IFF(c.TIMING = 'Now', TRY_TO_NUMBER(c.AMOUNT, 18, 2), NULL)) AS AMOUNT_NOW,
        MAX(IFF(c.TIMING = 'Now', TRY_TO_DATE(LEFT(c.CLOSE_DATE, 10)), NULL)) AS CLOSE_DATE_NOW
    FROM opportunity AS o
    INNER JOIN STAGE_CALL_CRM AS c
        ON c.CALL_ID = o.CALL_ID AND c.OBJECT_TYPE = 'Opportunity' AND c.OBJECT_ID = o.OPPORTUNITY_ID
    GROUP BY o.CALL_ID
),

-- Arrays are ordered by content, not by position in Gong's lists (which carries no meaning there and which
-- the emulator's FLATTEN does not number reliably), so the same call always hashes the same.
internal_people AS (
    SELECT
        CALL_ID,
        ARRAY_AGG(OBJECT_CONSTRUCT(
            'speakerId', SPEAKER_ID, 'userId', USER_ID, 'name', NAME, 'email', EMAIL, 'title', TITLE
        )) WITHIN GROUP (ORDER BY NAME, EMAIL, SPEAKER_ID, USER_ID) AS PEOPLE
    FROM STAGE_CALL_PARTIES
    WHERE IS_INTERNAL
    GROUP BY CALL_ID
),

external_people AS (
    SELECT
        CALL_ID,
        ARRAY_AGG(OBJECT_CONSTRUCT(
            'speakerId', SPEAKER_ID, 'name', NAME, 'email', EMAIL, 'title', TITLE,
            'company', COALESCE(ACCOUNT_NAME, EMAIL_DOMAIN)
        )) WITHIN GROUP (ORDER BY NAME, EMAIL, SPEAKER_ID) AS PEOPLE,
        COUNT(*) AS N_PEOPLE
    FROM STAGE_CALL_PARTIES
    WHERE NOT IS_INTERNAL
    GROUP BY CALL_ID
),

external_companies AS (
    SELECT
        CALL_ID,
        ARRAY_AGG(DISTINCT COALESCE(ACCOUNT_NAME, EMAIL_DOMAIN))
            WITHIN GROUP (ORDER BY COALESCE(ACCOUNT_NAME, EMAIL_DOMAIN)) AS COMPANIES
    FROM STAGE_CALL_PARTIES
    WHERE NOT IS_INTERNAL AND COALESCE(ACCOUNT_NAME, EMAIL_DOMAIN) IS NOT NULL
    GROUP BY CALL_ID
),

-- The primary user when Gong's user list does not know them: the party carrying that user id.
primary_party AS (
    SELECT
        p.CALL_ID,
        p.NAME,
        p.EMAIL
    FROM STAGE_CALL_PARTIES AS p
    INNER JOIN STAGE_CALL_SOURCE AS src
        ON src.CALL_ID = p.CALL_ID AND p.USER_ID = src.METADATA:primaryUserId::STRING
    QUALIFY ROW_NUMBER() OVER (PARTITION BY p.CALL_ID ORDER BY p.PARTY_INDEX) = 1
),

stats AS (
    SELECT
        src.CALL_ID,
        MAX(IFF(st.value:name::STRING = 'Talk Ratio', TRY_TO_DOUBLE(st.value:value::STRING), NULL)) AS TALK_RATIO,
        MAX(IFF(st.value:name::STRING = 'Longest Monologue', TRY_TO_DOUBLE(st.value:value::STRING), NULL))
            AS LONGEST_MONOLOGUE_SECONDS,
        MAX(IFF(st.value:name::STRING = 'Interactivity', TRY_TO_DOUBLE(st.value:value::STRING), NULL))
            AS INTERACTIVITY,
        MAX(IFF(st.value:name::STRING = 'Patience', TRY_TO_DOUBLE(st.value:value::STRING), NULL)) AS PATIENCE,
        MAX(IFF(st.value:name::STRING = 'Question Rate', TRY_TO_DOUBLE(st.value:value::STRING), NULL))
            AS QUESTION_RATE
    FROM STAGE_CALL_SOURCE AS src,
        LATERAL FLATTEN(INPUT => src.INTERACTION:interactionStats) AS st
    GROUP BY src.CALL_ID
),

topics AS (
    SELECT
        src.CALL_ID,
        ARRAY_AGG(OBJECT_CONSTRUCT(
            'name', tp.value:name::STRING, 'duration', TRY_TO_DOUBLE(tp.value:duration::STRING)
        )) WITHIN GROUP (ORDER BY tp.value:name::STRING, tp.index) AS TOPICS
    FROM STAGE_CALL_SOURCE AS src,
        LATERAL FLATTEN(INPUT => src.CONTENT:topics) AS tp
    GROUP BY src.CALL_ID
),

-- Trackers that fired on the call (Gong also lists configured trackers with a zero count).
trackers AS (
    SELECT
        src.CALL_ID,
        ARRAY_AGG(OBJECT_CONSTRUCT(
            'id', tr.value:id::STRING, 'name', tr.value:name::STRING, 'type', tr.value:type::STRING,
            'count', TRY_TO_NUMBER(tr.value:count::STRING)
        )) WITHIN GROUP (ORDER BY tr.value:name::STRING, tr.index) AS TRACKERS
    FROM STAGE_CALL_SOURCE AS src,
        LATERAL FLATTEN(INPUT => src.CONTENT:trackers) AS tr
    WHERE TRY_TO_NUMBER(tr.value:count::STRING) > 0
    GROUP BY src.CALL_ID
),

key_points AS (
    SELECT
        src.CALL_ID,
        ARRAY_AGG(kp.value:text::STRING) WITHIN GROUP (ORDER BY kp.index) AS KEY_POINTS
    FROM STAGE_CALL_SOURCE AS src,
        LATERAL FLATTEN(INPUT => src.CONTENT:keyPoints) AS kp
    GROUP BY src.CALL_ID
),

action_items AS (
    SELECT
        src.CALL_ID,
        ARRAY_AGG(OBJECT_CONSTRUCT(
            'snippet', ai.value:snippet::STRING,
            'speakerId', ai.value:speakerID::STRING,
            'startTime', TRY_TO_DOUBLE(ai.value:snippetStartTime::STRING),
            'endTime', TRY_TO_DOUBLE(ai.value:snippetEndTime::STRING)
        )) WITHIN GROUP (ORDER BY TRY_TO_DOUBLE(ai.value:snippetStartTime::STRING), ai.index) AS ACTION_ITEMS
    FROM STAGE_CALL_SOURCE AS src,
        LATERAL FLATTEN(INPUT => src.CONTENT:pointsOfInterest:actionItems) AS ai
    GROUP BY src.CALL_ID
),

staged AS (
    SELECT
        src.CALL_ID,
        src.METADATA:title::STRING AS TITLE,
        CONVERT_TIMEZONE('UTC', src.STARTDATETIME)::TIMESTAMP_NTZ AS CALL_DATETIME_UTC,
        CONVERT_TIMEZONE('UTC', TRY_CAST(src.METADATA:scheduled::STRING AS TIMESTAMP_TZ))::TIMESTAMP_NTZ
            AS SCHEDULED_DATETIME_UTC,
        TRY_TO_NUMBER(src.METADATA:duration::STRING) AS DURATION_SECONDS,
        src.METADATA:direction::STRING AS DIRECTION,
        src.METADATA:system::STRING AS SYSTEM,
        src.METADATA:scope::STRING AS SCOPE,
        src.METADATA:media::STRING AS MEDIA,
        src.METADATA:language::STRING AS LANGUAGE,
        src.METADATA:purpose::STRING AS PURPOSE,
        src.METADATA:url::STRING AS CALL_URL,
        src.METADATA:workspaceId::STRING AS WORKSPACE_ID,
        src.METADATA:primaryUserId::STRING AS PRIMARY_USER_ID,
        COALESCE(u.FULL_NAME, pp.NAME) AS PRIMARY_USER_NAME,
        COALESCE(u.EMAIL, pp.EMAIL) AS PRIMARY_USER_EMAIL,
        u.MANAGER_ID AS PRIMARY_USER_MANAGER_ID,
        COALESCE(ip.PEOPLE, ARRAY_CONSTRUCT()) AS INTERNAL_PARTICIPANTS,
        COALESCE(ep.PEOPLE, ARRAY_CONSTRUCT()) AS EXTERNAL_PARTICIPANTS,
        COALESCE(ec.COMPANIES, ARRAY_CONSTRUCT()) AS EXTERNAL_COMPANIES,
        COALESCE(ep.N_PEOPLE, 0) AS EXTERNAL_PARTICIPANT_COUNT,
        COALESCE(acc.CRM_SYSTEM, opp.CRM_SYSTEM) AS CRM_SYSTEM,
        acc.ACCOUNT_ID,
        acc.ACCOUNT_NAME,
        acc.ACCOUNT_INDUSTRY,
        opp.OPPORTUNITY_ID,
        opp.OPPORTUNITY_NAME,
        ot.STAGE AS OPPORTUNITY_STAGE,
        ot.AMOUNT AS OPPORTUNITY_AMOUNT,
        ot.CLOSE_DATE AS OPPORTUNITY_CLOSE_DATE,
        ot.STAGE_NOW AS OPPORTUNITY_STAGE_NOW,
        ot.AMOUNT_NOW AS OPPORTUNITY_AMOUNT_NOW,
        ot.CLOSE_DATE_NOW AS OPPORTUNITY_CLOSE_DATE_NOW,
        st.TALK_RATIO,
        st.LONGEST_MONOLOGUE_SECONDS,
        st.INTERACTIVITY,
        st.PATIENCE,
        st.QUESTION_RATE,
        TRY_TO_NUMBER(src.INTERACTION:questions:companyCount::STRING) AS COMPANY_QUESTION_COUNT,
        TRY_TO_NUMBER(src.INTERACTION:questions:nonCompanyCount::STRING) AS NON_COMPANY_QUESTION_COUNT,
        COALESCE(tp.TOPICS, ARRAY_CONSTRUCT()) AS GONG_TOPICS,
        COALESCE(tr.TRACKERS, ARRAY_CONSTRUCT()) AS GONG_TRACKERS,
        NULLIF(TRIM(src.CONTENT:brief::STRING), '') AS GONG_BRIEF,
        COALESCE(kp.KEY_POINTS, ARRAY_CONSTRUCT()) AS GONG_KEY_POINTS,
        COALESCE(ai.ACTION_ITEMS, ARRAY_CONSTRUCT()) AS GONG_ACTION_ITEMS,
        src.CONTENT:callOutcome:name::STRING AS GONG_CALL_OUTCOME,
        CONVERT_TIMEZONE('UTC', src._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ AS _AIRBYTE_EXTRACTED_AT
    FROM STAGE_CALL_SOURCE AS src
    LEFT JOIN {{ t.stg_users }} AS u ON u.USER_ID = src.METADATA:primaryUserId::STRING
    LEFT JOIN primary_party AS pp ON pp.CALL_ID = src.CALL_ID
    LEFT JOIN internal_people AS ip ON ip.CALL_ID = src.CALL_ID
    LEFT JOIN external_people AS ep ON ep.CALL_ID = src.CALL_ID
    LEFT JOIN external_companies AS ec ON ec.CALL_ID = src.CALL_ID
    LEFT JOIN account AS acc ON acc.CALL_ID = src.CALL_ID
    LEFT JOIN opportunity AS opp ON opp.CALL_ID = src.CALL_ID
    LEFT JOIN opportunity_timing AS ot ON ot.CALL_ID = src.CALL_ID
    LEFT JOIN stats AS st ON st.CALL_ID = src.CALL_ID
    LEFT JOIN topics AS tp ON tp.CALL_ID = src.CALL_ID
    LEFT JOIN trackers AS tr ON tr.CALL_ID = src.CALL_ID
    LEFT JOIN key_points AS kp ON kp.CALL_ID = src.CALL_ID
    LEFT JOIN action_items AS ai ON ai.CALL_ID = src.CALL_ID
)

-- RECORD_HASH covers every staged column (what enrichment can read), not the raw JSON: Gong's short-lived
-- media URLs and other noise change on every landing and must not re-queue enrichment.
SELECT
    s.*,
    SHA2(TO_JSON(OBJECT_CONSTRUCT(
        'title', s.TITLE, 'call_datetime_utc', TO_VARCHAR(s.CALL_DATETIME_UTC),
        'scheduled_datetime_utc', TO_VARCHAR(s.SCHEDULED_DATETIME_UTC), 'duration_seconds', s.DURATION_SECONDS,
        'direction', s.DIRECTION, 'system', s.SYSTEM, 'scope', s.SCOPE, 'media', s.MEDIA,
        'language', s.LANGUAGE, 'purpose', s.PURPOSE, 'call_url', s.CALL_URL, 'workspace_id', s.WORKSPACE_ID,
        'primary_user_id', s.PRIMARY_USER_ID, 'primary_user_name', s.PRIMARY_USER_NAME,
        'primary_user_email', s.PRIMARY_USER_EMAIL, 'primary_user_manager_id', s.PRIMARY_USER_MANAGER_ID,
        'internal_participants', s.INTERNAL_PARTICIPANTS, 'external_participants', s.EXTERNAL_PARTICIPANTS,
        'external_companies', s.EXTERNAL_COMPANIES, 'crm_system', s.CRM_SYSTEM, 'account_id', s.ACCOUNT_ID,
        'account_name', s.ACCOUNT_NAME, 'account_industry', s.ACCOUNT_INDUSTRY,
        'opportunity_id', s.OPPORTUNITY_ID, 'opportunity_name', s.OPPORTUNITY_NAME,
        'opportunity_stage', s.OPPORTUNITY_STAGE, 'opportunity_amount', TO_VARCHAR(s.OPPORTUNITY_AMOUNT),
        'opportunity_close_date', TO_VARCHAR(s.OPPORTUNITY_CLOSE_DATE),
        'opportunity_stage_now', s.OPPORTUNITY_STAGE_NOW,
        'opportunity_amount_now', TO_VARCHAR(s.OPPORTUNITY_AMOUNT_NOW),
        'opportunity_close_date_now', TO_VARCHAR(s.OPPORTUNITY_CLOSE_DATE_NOW),
        'talk_ratio', s.TALK_RATIO, 'longest_monologue_seconds', s.LONGEST_MONOLOGUE_SECONDS,
        'interactivity', s.INTERACTIVITY, 'patience', s.PATIENCE, 'question_rate', s.QUESTION_RATE,
        'company_question_count', s.COMPANY_QUESTION_COUNT,
        'non_company_question_count', s.NON_COMPANY_QUESTION_COUNT, 'gong_topics', s.GONG_TOPICS,
        'gong_trackers', s.GONG_TRACKERS, 'gong_brief', s.GONG_BRIEF, 'gong_key_points', s.GONG_KEY_POINTS,
        'gong_action_items', s.GONG_ACTION_ITEMS, 'gong_call_outcome', s.GONG_CALL_OUTCOME
    )), 256) AS RECORD_HASH
FROM staged AS s;

-- 5. Merge on CALL_ID. SOURCE_HASH combines the record with the transcript already staged (same formula as
-- in 40_stg_transcripts.sql). Enrichment columns are never written here.
MERGE INTO {{ t.stg_calls }} AS tgt
USING (SELECT * FROM STAGE_CALLS_NEW) AS src
    ON tgt.CALL_ID = src.CALL_ID
WHEN MATCHED AND tgt.RECORD_HASH IS DISTINCT FROM src.RECORD_HASH THEN UPDATE SET
    TITLE = src.TITLE,
    CALL_DATETIME_UTC = src.CALL_DATETIME_UTC,
    SCHEDULED_DATETIME_UTC = src.SCHEDULED_DATETIME_UTC,
    DURATION_SECONDS = src.DURATION_SECONDS,
    DIRECTION = src.DIRECTION,
    SYSTEM = src.SYSTEM,
    SCOPE = src.SCOPE,
    MEDIA = src.MEDIA,
    LANGUAGE = src.LANGUAGE,
    PURPOSE = src.PURPOSE,
    CALL_URL = src.CALL_URL,
    WORKSPACE_ID = src.WORKSPACE_ID,
    PRIMARY_USER_ID = src.PRIMARY_USER_ID,
    PRIMARY_USER_NAME = src.PRIMARY_USER_NAME,
    PRIMARY_USER_EMAIL = src.PRIMARY_USER_EMAIL,
    PRIMARY_USER_MANAGER_ID = src.PRIMARY_USER_MANAGER_ID,
    INTERNAL_PARTICIPANTS = src.INTERNAL_PARTICIPANTS,
    EXTERNAL_PARTICIPANTS = src.EXTERNAL_PARTICIPANTS,
    EXTERNAL_COMPANIES = src.EXTERNAL_COMPANIES,
    EXTERNAL_PARTICIPANT_COUNT = src.EXTERNAL_PARTICIPANT_COUNT,
    CRM_SYSTEM = src.CRM_SYSTEM,
    ACCOUNT_ID = src.ACCOUNT_ID,
    ACCOUNT_NAME = src.ACCOUNT_NAME,
    ACCOUNT_INDUSTRY = src.ACCOUNT_INDUSTRY,
    OPPORTUNITY_ID = src.OPPORTUNITY_ID,
    OPPORTUNITY_NAME = src.OPPORTUNITY_NAME,
    OPPORTUNITY_STAGE = src.OPPORTUNITY_STAGE,
    OPPORTUNITY_AMOUNT = src.OPPORTUNITY_AMOUNT,
    OPPORTUNITY_CLOSE_DATE = src.OPPORTUNITY_CLOSE_DATE,
    OPPORTUNITY_STAGE_NOW = src.OPPORTUNITY_STAGE_NOW,
    OPPORTUNITY_AMOUNT_NOW = src.OPPORTUNITY_AMOUNT_NOW,
    OPPORTUNITY_CLOSE_DATE_NOW = src.OPPORTUNITY_CLOSE_DATE_NOW,
    TALK_RATIO = src.TALK_RATIO,
    LONGEST_MONOLOGUE_SECONDS = src.LONGEST_MONOLOGUE_SECONDS,
    INTERACTIVITY = src.INTERACTIVITY,
    PATIENCE = src.PATIENCE,
    QUESTION_RATE = src.QUESTION_RATE,
    COMPANY_QUESTION_COUNT = src.COMPANY_QUESTION_COUNT,
    NON_COMPANY_QUESTION_COUNT = src.NON_COMPANY_QUESTION_COUNT,
    GONG_TOPICS = src.GONG_TOPICS,
    GONG_TRACKERS = src.GONG_TRACKERS,
    GONG_BRIEF = src.GONG_BRIEF,
    GONG_KEY_POINTS = src.GONG_KEY_POINTS,
    GONG_ACTION_ITEMS = src.GONG_ACTION_ITEMS,
    GONG_CALL_OUTCOME = src.GONG_CALL_OUTCOME,
    RECORD_HASH = src.RECORD_HASH,
    SOURCE_HASH = SHA2(src.RECORD_HASH || '|' || COALESCE(tgt.TRANSCRIPT_HASH, ''), 256),
    _AIRBYTE_EXTRACTED_AT = src._AIRBYTE_EXTRACTED_AT,
    _LOADED_AT = SYSDATE()
WHEN NOT MATCHED THEN INSERT (
    CALL_ID, TITLE, CALL_DATETIME_UTC, SCHEDULED_DATETIME_UTC, DURATION_SECONDS, DIRECTION, SYSTEM, SCOPE,
    MEDIA, LANGUAGE, PURPOSE, CALL_URL, WORKSPACE_ID, PRIMARY_USER_ID, PRIMARY_USER_NAME, PRIMARY_USER_EMAIL,
    PRIMARY_USER_MANAGER_ID, INTERNAL_PARTICIPANTS, EXTERNAL_PARTICIPANTS, EXTERNAL_COMPANIES,
    EXTERNAL_PARTICIPANT_COUNT, CRM_SYSTEM, ACCOUNT_ID, ACCOUNT_NAME, ACCOUNT_INDUSTRY, OPPORTUNITY_ID,
    OPPORTUNITY_NAME, OPPORTUNITY_STAGE, OPPORTUNITY_AMOUNT, OPPORTUNITY_CLOSE_DATE, OPPORTUNITY_STAGE_NOW,
    OPPORTUNITY_AMOUNT_NOW, OPPORTUNITY_CLOSE_DATE_NOW, TALK_RATIO, LONGEST_MONOLOGUE_SECONDS, INTERACTIVITY,
    PATIENCE, QUESTION_RATE, COMPANY_QUESTION_COUNT, NON_COMPANY_QUESTION_COUNT, GONG_TOPICS, GONG_TRACKERS,
    GONG_BRIEF, GONG_KEY_POINTS, GONG_ACTION_ITEMS, GONG_CALL_OUTCOME, SEGMENT_COUNT, HAS_TRANSCRIPT,
    RECORD_HASH, TRANSCRIPT_HASH, SOURCE_HASH, _AIRBYTE_EXTRACTED_AT, _LOADED_AT
) VALUES (
    src.CALL_ID, src.TITLE, src.CALL_DATETIME_UTC, src.SCHEDULED_DATETIME_UTC, src.DURATION_SECONDS,
    src.DIRECTION, src.SYSTEM, src.SCOPE, src.MEDIA, src.LANGUAGE, src.PURPOSE, src.CALL_URL, src.WORKSPACE_ID,
    src.PRIMARY_USER_ID, src.PRIMARY_USER_NAME, src.PRIMARY_USER_EMAIL, src.PRIMARY_USER_MANAGER_ID,
    src.INTERNAL_PARTICIPANTS, src.EXTERNAL_PARTICIPANTS, src.EXTERNAL_COMPANIES, src.EXTERNAL_PARTICIPANT_COUNT,
    src.CRM_SYSTEM, src.ACCOUNT_ID, src.ACCOUNT_NAME, src.ACCOUNT_INDUSTRY, src.OPPORTUNITY_ID,
    src.OPPORTUNITY_NAME, src.OPPORTUNITY_STAGE, src.OPPORTUNITY_AMOUNT, src.OPPORTUNITY_CLOSE_DATE,
    src.OPPORTUNITY_STAGE_NOW, src.OPPORTUNITY_AMOUNT_NOW, src.OPPORTUNITY_CLOSE_DATE_NOW, src.TALK_RATIO,
    src.LONGEST_MONOLOGUE_SECONDS, src.INTERACTIVITY, src.PATIENCE, src.QUESTION_RATE,
    src.COMPANY_QUESTION_COUNT, src.NON_COMPANY_QUESTION_COUNT, src.GONG_TOPICS, src.GONG_TRACKERS,
    src.GONG_BRIEF, src.GONG_KEY_POINTS, src.GONG_ACTION_ITEMS, src.GONG_CALL_OUTCOME, 0, FALSE,
    src.RECORD_HASH, NULL, SHA2(src.RECORD_HASH || '|', 256), src._AIRBYTE_EXTRACTED_AT, SYSDATE()
);

-- 6. A call whose newest landing was quarantined (here, by 10_quarantine_raw.sql, or by the raw checks)
-- keeps its last valid version above; the row says so with the quarantine record, and a later valid landing
-- clears it. Scope: calls with any landing in the run's interval or after the watermark, valid or not.
CREATE OR REPLACE TEMPORARY TABLE STAGE_CALL_STALE AS
WITH landings AS (
    SELECT
        NULLIF(TRIM(raw.METADATA:id::STRING), '') AS CALL_ID,
        raw._AIRBYTE_RAW_ID,
        raw._AIRBYTE_EXTRACTED_AT,
        raw.STARTDATETIME
    FROM {{ t.raw_extensive_calls }} AS raw
    WHERE NULLIF(TRIM(raw.METADATA:id::STRING), '') IS NOT NULL
),

in_scope AS (
    SELECT DISTINCT l.CALL_ID
    FROM landings AS l
    WHERE (
        l.STARTDATETIME >= %(interval_start)s::TIMESTAMP_TZ
        AND l.STARTDATETIME < %(interval_end)s::TIMESTAMP_TZ
    )
    OR CONVERT_TIMEZONE('UTC', l._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ > COALESCE(
        (
            SELECT MAX(wm.VALUE_TS) FROM {{ t.watermarks }} AS wm
            WHERE wm.PIPELINE = 'stage' AND wm.NAME = 'extensivecalls_extracted_at'
        ),
        '1970-01-01'::TIMESTAMP_NTZ
    )
),

newest AS (
    SELECT
        l.CALL_ID,
        l._AIRBYTE_RAW_ID
    FROM landings AS l
    INNER JOIN in_scope AS s ON s.CALL_ID = l.CALL_ID
    QUALIFY ROW_NUMBER() OVER (
        PARTITION BY l.CALL_ID ORDER BY l._AIRBYTE_EXTRACTED_AT DESC, l._AIRBYTE_RAW_ID DESC
    ) = 1
)

SELECT
    n.CALL_ID,
    MIN(q.QUARANTINE_ID) AS STALE_QUARANTINE_ID
FROM newest AS n
LEFT JOIN {{ t.quarantine }} AS q
    ON (q.STEP = 'validate_raw_calls' AND q.RECORD_KEY = n._AIRBYTE_RAW_ID)
    OR (
        q.STEP = 'stage'
        AND q.SOURCE_TABLE = 'EXTENSIVECALLS'
        AND q.RECORD:_AIRBYTE_RAW_ID::STRING = n._AIRBYTE_RAW_ID
    )
GROUP BY n.CALL_ID;

UPDATE {{ t.stg_calls }} AS tgt
SET STALE_QUARANTINE_ID = stale.STALE_QUARANTINE_ID
FROM STAGE_CALL_STALE AS stale
WHERE tgt.CALL_ID = stale.CALL_ID
  AND tgt.STALE_QUARANTINE_ID IS DISTINCT FROM stale.STALE_QUARANTINE_ID;
