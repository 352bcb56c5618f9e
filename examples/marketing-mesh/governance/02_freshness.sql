-- Governance domain: the seed's freshness monitor. CURRENT_TIMESTAMP in a
-- view's select list is re-evaluated at every checkpoint (RisingWave
-- rejects it). The newest 15-minute window ends in the future while it is
-- still filling, so seconds_stale is negative until the stream stops.
CREATE MATERIALIZED VIEW governance.data_product_freshness AS
SELECT
    'paid_media_performance' AS product_name,
    MAX(window_end)          AS last_updated,
    EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - MAX(window_end))) AS seconds_stale
FROM paid_media.paid_media_performance;

-- The other published products, registered in the seed's catalog.
INSERT INTO governance.data_product_catalog VALUES
    ('cross_domain_attribution', 'attribution', 'cross_domain_attribution',
     'Spend, reach, last-touch conversions and ROAS per campaign, platform and 15-minute window',
     'attribution-team', 30, 'event-driven'),
    ('campaign_roas', 'attribution', 'campaign_roas',
     'Spend, conversions, revenue and ROAS per campaign since the stream started',
     'attribution-team', 30, 'event-driven');
