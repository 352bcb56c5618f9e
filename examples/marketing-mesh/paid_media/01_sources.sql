-- Paid Media domain: owns ad event ingestion.
--
-- Playground: impressions come from the built-in `marketing` generator (a
-- simulated advertiser: skewed campaign mix, per-platform CPMs, the same
-- users as the CRM's conversions). In production only the WITH clause
-- changes, to the seed's Kafka topic (production.sql.example):
--   WITH (connector = 'kafka', topic = 'paid-media.impressions',
--         properties.bootstrap.server = 'kafka:9092', scan.startup.mode = 'latest')
--   FORMAT PLAIN ENCODE JSON;
CREATE SCHEMA IF NOT EXISTS paid_media;

CREATE SOURCE paid_media.paid_media_impressions (
    impression_id  VARCHAR,
    campaign_id    VARCHAR,
    ad_group_id    VARCHAR,
    creative_id    VARCHAR,
    platform       VARCHAR,   -- 'google', 'meta', 'tiktok', 'programmatic'
    cost_usd       DOUBLE PRECISION,
    user_id        VARCHAR,
    event_time     TIMESTAMPTZ
)
WITH (
    connector = 'marketing',
    marketing.table.type = 'impressions',
    -- The CRM's conversions source uses the same world options (rate,
    -- users, seed), so conversions follow these impressions.
    marketing.impressions.per.second = '300',
    marketing.users = '20000',
    marketing.seed = '1',
    marketing.backfill = '10 minutes'
);
