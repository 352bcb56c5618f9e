-- CRM domain: published data product `customer_clv` (the catalog's
-- clv_scores): per-customer value, updated on each conversion.
CREATE MATERIALIZED VIEW crm.customer_clv AS
SELECT
    user_id,
    COUNT(*)                                   AS orders,
    ROUND(SUM(revenue_usd)::numeric, 2)        AS revenue_to_date_usd,
    MIN(converted_at)                          AS first_order_at,
    MAX(converted_at)                          AS last_order_at,
    -- A deliberately simple projection: observed value times a repeat
    -- factor that grows with the number of orders.
    ROUND((SUM(revenue_usd) * (1.5 + 0.25 * LEAST(COUNT(*), 8)))::numeric, 2) AS projected_clv_12m_usd
FROM crm.crm_conversions
GROUP BY user_id;
