-- Database and schemas. Idempotent: every statement may run any number of times.
CREATE DATABASE IF NOT EXISTS {{ cfg.database }};
CREATE SCHEMA IF NOT EXISTS {{ t.schema('RAW_AIRBYTE') }};
CREATE SCHEMA IF NOT EXISTS {{ t.schema('STG_TRANSFORMED') }};
CREATE SCHEMA IF NOT EXISTS {{ t.schema('AI_MEMORY') }};
CREATE SCHEMA IF NOT EXISTS {{ t.schema('PIPELINE_MONITOR') }};
