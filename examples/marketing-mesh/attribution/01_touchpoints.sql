-- Attribution domain: joins the paid media and CRM domains.
--
-- Why the seed's cross_domain_attribution cannot work: it joins
-- paid_media_performance ON pm.user_id = cv.user_id and counts
-- DISTINCT pm.user_id, but paid_media_performance is aggregated by
-- campaign, ad group, platform and window -- user_id is not one of its
-- columns (Tributary says so: 42703 with the position and a hint).
-- Even with a user column, joining conversions to 15-minute aggregates
-- would multiply each conversion by every ad group row of the window and
-- sum spend once per matching conversion. Attribution has to happen at
-- the impression level, then be aggregated.
CREATE SCHEMA IF NOT EXISTS attribution;

-- Every impression a converting user saw in the 7 days before converting.
CREATE MATERIALIZED VIEW attribution.touchpoints AS
SELECT
    cv.conversion_id,
    cv.user_id,
    cv.converted_at,
    cv.revenue_usd,
    i.impression_id,
    i.campaign_id,
    i.platform,
    i.event_time AS impression_time
FROM crm.crm_conversions cv
JOIN paid_media.paid_media_impressions i
  ON i.user_id = cv.user_id
 AND i.event_time <= cv.converted_at
 AND i.event_time > cv.converted_at - INTERVAL '7 days';

-- Last-touch model: each conversion is credited to the user's latest
-- impression before it.
CREATE MATERIALIZED VIEW attribution.last_touch AS
SELECT conversion_id, user_id, converted_at, revenue_usd, impression_id, campaign_id, platform, impression_time
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY conversion_id ORDER BY impression_time DESC, impression_id DESC) AS rn
    FROM attribution.touchpoints
) t
WHERE rn = 1;
