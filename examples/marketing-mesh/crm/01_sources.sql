-- CRM domain: owns customer conversions.
--
-- Playground: conversions come from the `marketing` generator with the
-- same world options as paid_media's impressions, so each conversion
-- follows impressions of the same user (median delay 90 s, long tail).
-- In production this is the CRM's PostgreSQL table through CDC
-- (production.sql.example):
--   WITH (connector = 'postgres-cdc', hostname = 'crm-postgres', port = '5432',
--         username = 'rw_reader', password = 'secret', database.name = 'crm',
--         schema.name = 'public', table.name = 'conversion_events');
CREATE SCHEMA IF NOT EXISTS crm;

CREATE SOURCE crm.crm_conversions (
    conversion_id  VARCHAR,
    user_id        VARCHAR,
    converted_at   TIMESTAMPTZ,
    revenue_usd    DOUBLE PRECISION
)
WITH (
    connector = 'marketing',
    marketing.table.type = 'conversions',
    marketing.impressions.per.second = '300',
    marketing.users = '20000',
    marketing.seed = '1',
    marketing.backfill = '10 minutes'
);
