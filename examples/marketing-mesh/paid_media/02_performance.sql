-- Paid Media domain: published data products.

-- The seed's data product: 15-minute performance per campaign, ad group
-- and platform.
CREATE MATERIALIZED VIEW paid_media.paid_media_performance AS
SELECT
    campaign_id,
    ad_group_id,
    platform,
    window_start,
    window_end,
    COUNT(*)           AS impressions,
    SUM(cost_usd)      AS spend_usd,
    COUNT(DISTINCT user_id) AS unique_users_reached
FROM TUMBLE(
    paid_media.paid_media_impressions,
    event_time,
    INTERVAL '15 minutes'
)
GROUP BY campaign_id, ad_group_id, platform, window_start, window_end;

-- Spend pacing per platform since the stream started.
CREATE MATERIALIZED VIEW paid_media.platform_spend AS
SELECT
    platform,
    COUNT(*)                                  AS impressions,
    ROUND(SUM(cost_usd)::numeric, 2)          AS spend_usd,
    ROUND((SUM(cost_usd) * 1000 / COUNT(*))::numeric, 2) AS cpm_usd,
    COUNT(DISTINCT user_id)                   AS unique_users_reached
FROM paid_media.paid_media_impressions
GROUP BY platform;
