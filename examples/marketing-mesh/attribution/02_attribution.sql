-- Attribution domain: published data products.

-- The seed's product, done at the impression level: per campaign,
-- platform and 15-minute window of the impressions, the users reached,
-- the spend, and the conversions (last touch, within 7 days) and revenue
-- credited to those impressions.
CREATE MATERIALIZED VIEW attribution.cross_domain_attribution AS
SELECT
    r.campaign_id,
    r.platform,
    r.window_start,
    r.users_reached,
    r.total_spend,
    COALESCE(a.attributed_conversions, 0) AS attributed_conversions,
    COALESCE(a.attributed_revenue, 0)     AS attributed_revenue,
    COALESCE(a.attributed_revenue, 0) / NULLIF(r.total_spend, 0) AS roas
FROM (
    SELECT campaign_id, platform, window_start,
           COUNT(DISTINCT user_id) AS users_reached,
           SUM(cost_usd)           AS total_spend
    FROM TUMBLE(paid_media.paid_media_impressions, event_time, INTERVAL '15 minutes')
    GROUP BY campaign_id, platform, window_start
) r
LEFT JOIN (
    SELECT campaign_id, platform, window_start,
           COUNT(*)         AS attributed_conversions,
           SUM(revenue_usd) AS attributed_revenue
    FROM TUMBLE(attribution.last_touch, impression_time, INTERVAL '15 minutes')
    GROUP BY campaign_id, platform, window_start
) a
  ON a.campaign_id = r.campaign_id AND a.platform = r.platform AND a.window_start = r.window_start;

-- Campaign ROAS since the stream started: the number a marketer asks for.
CREATE MATERIALIZED VIEW attribution.campaign_roas AS
SELECT
    s.campaign_id,
    s.platform,
    s.impressions,
    ROUND(s.spend::numeric, 2)                                   AS spend_usd,
    COALESCE(a.conversions, 0)                                   AS conversions,
    ROUND(COALESCE(a.revenue, 0)::numeric, 2)                    AS revenue_usd,
    ROUND((COALESCE(a.revenue, 0) / NULLIF(s.spend, 0))::numeric, 2) AS roas
FROM (
    SELECT campaign_id, platform, COUNT(*) AS impressions, SUM(cost_usd) AS spend
    FROM paid_media.paid_media_impressions
    GROUP BY campaign_id, platform
) s
LEFT JOIN (
    SELECT campaign_id, COUNT(*) AS conversions, SUM(revenue_usd) AS revenue
    FROM attribution.last_touch
    GROUP BY campaign_id
) a ON a.campaign_id = s.campaign_id;
