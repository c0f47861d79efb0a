-- Rep and account names a question may filter on.
SELECT DISTINCT 'rep' AS KIND, c.PRIMARY_USER_NAME AS NAME
FROM {{ t.stg_calls }} AS c
WHERE c.PRIMARY_USER_NAME IS NOT NULL
UNION ALL
SELECT DISTINCT 'account' AS KIND, c.ACCOUNT_NAME AS NAME
FROM {{ t.stg_calls }} AS c
WHERE c.ACCOUNT_NAME IS NOT NULL;
