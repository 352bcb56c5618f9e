-- Governance domain: the seed's lightweight catalog of data products.
CREATE SCHEMA IF NOT EXISTS governance;

CREATE TABLE governance.data_product_catalog (
    product_id         VARCHAR PRIMARY KEY,
    domain             VARCHAR,
    product_name       VARCHAR,
    description        VARCHAR,
    owning_team        VARCHAR,
    sla_freshness_secs INT,
    update_frequency   VARCHAR
);

INSERT INTO governance.data_product_catalog VALUES
    ('paid_media_perf_15m', 'paid_media', 'paid_media_performance',
     '15-minute aggregate of all paid media impressions and spend by campaign',
     'growth-marketing', 30, '15min tumble window'),
    ('clv_scores', 'crm', 'customer_clv',
     'Per-customer projected 12-month lifetime value, updated on each transaction',
     'crm-team', 5, 'event-driven');
