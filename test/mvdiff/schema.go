package mvdiff

import (
	"fmt"
	"strings"
)

// table is one base table, created identically on both engines.
type table struct {
	name string
	pk   string   // the primary key column
	cols []string // all columns, pk first
	ddl  string
}

var (
	impressions = table{
		name: "paid_media_impressions",
		pk:   "impression_id",
		cols: []string{"impression_id", "campaign_id", "ad_group_id", "creative_id", "platform", "cost_usd", "user_id", "event_time"},
		ddl: `CREATE TABLE paid_media_impressions (
    impression_id  VARCHAR PRIMARY KEY,
    campaign_id    VARCHAR,
    ad_group_id    VARCHAR,
    creative_id    VARCHAR,
    platform       VARCHAR,
    cost_usd       DOUBLE PRECISION,
    user_id        VARCHAR,
    event_time     TIMESTAMPTZ
)`,
	}
	conversions = table{
		name: "conversions",
		pk:   "conversion_id",
		cols: []string{"conversion_id", "user_id", "campaign_id", "revenue_usd", "converted_at"},
		ddl: `CREATE TABLE conversions (
    conversion_id  VARCHAR PRIMARY KEY,
    user_id        VARCHAR,
    campaign_id    VARCHAR,
    revenue_usd    NUMERIC(12,2),
    converted_at   TIMESTAMPTZ
)`,
	}
	campaigns = table{
		name: "campaigns",
		pk:   "campaign_id",
		cols: []string{"campaign_id", "campaign_name", "channel", "daily_budget", "active"},
		ddl: `CREATE TABLE campaigns (
    campaign_id    VARCHAR PRIMARY KEY,
    campaign_name  VARCHAR,
    channel        VARCHAR,
    daily_budget   INT,
    active         BOOLEAN
)`,
	}
	allTables = []*table{&impressions, &conversions, &campaigns}

	// crmConversions stands for the seed's postgres-cdc source crm_conversions (a table of
	// the same shape as conversions).
	crmConversions = table{
		name: "crm_conversions",
		pk:   conversions.pk,
		cols: conversions.cols,
		ddl:  strings.Replace(conversions.ddl, "TABLE conversions", "TABLE crm_conversions", 1),
	}
)

// view is one view definition: tri is Tributary's SELECT (it may use TUMBLE/HOP), pg the
// equivalent PostgreSQL SELECT (empty: the same text).
type view struct {
	name string
	tri  string
	pg   string
}

func (v view) pgSQL() string {
	if v.pg == "" {
		return v.tri
	}
	return v.pg
}

const epoch = "TIMESTAMPTZ '1970-01-01 00:00:00+00'"

// tumblePG is PostgreSQL's equivalent of TUMBLE(tbl, col, INTERVAL 'iv'): every column of
// tbl plus window_start and window_end (windows aligned to the Unix epoch).
func tumblePG(tbl, col, iv string) string {
	return fmt.Sprintf("(SELECT t.*, date_bin(INTERVAL '%[3]s', t.%[2]s, %[4]s) AS window_start, "+
		"date_bin(INTERVAL '%[3]s', t.%[2]s, %[4]s) + INTERVAL '%[3]s' AS window_end FROM %[1]s t)",
		tbl, col, iv, epoch)
}

// hopPG is PostgreSQL's equivalent of HOP(tbl, col, INTERVAL 'slide', INTERVAL 'size')
// (size a multiple of slide): one row per window [ws, ws+size) containing col.
func hopPG(tbl, col, slide, size string) string {
	return fmt.Sprintf("(SELECT t.*, g.ws AS window_start, g.ws + INTERVAL '%[4]s' AS window_end FROM %[1]s t "+
		"CROSS JOIN LATERAL generate_series(date_bin(INTERVAL '%[3]s', t.%[2]s, %[5]s) - INTERVAL '%[4]s' + INTERVAL '%[3]s', "+
		"date_bin(INTERVAL '%[3]s', t.%[2]s, %[5]s), INTERVAL '%[3]s') AS g(ws))",
		tbl, col, slide, size, epoch)
}

// paidMediaPerformance is the seed's data product, verbatim.
const paidMediaPerformance = `SELECT
    campaign_id,
    ad_group_id,
    platform,
    window_start,
    window_end,
    COUNT(*)           AS impressions,
    SUM(cost_usd)      AS spend_usd,
    COUNT(DISTINCT user_id) AS unique_users_reached
FROM TUMBLE(
    paid_media_impressions,
    event_time,
    INTERVAL '15 minutes'
)
GROUP BY campaign_id, ad_group_id, platform, window_start, window_end`

func paidMediaPerformancePG() string {
	return `SELECT campaign_id, ad_group_id, platform, window_start, window_end,
    COUNT(*) AS impressions, SUM(cost_usd) AS spend_usd, COUNT(DISTINCT user_id) AS unique_users_reached
FROM ` + tumblePG("paid_media_impressions", "event_time", "15 minutes") + ` w
GROUP BY campaign_id, ad_group_id, platform, window_start, window_end`
}

// chainViews is a chain of five views on views (each reads the previous one).
func chainViews() []view {
	return []view{
		{name: "mv_chain1", tri: `SELECT impression_id, campaign_id, platform, cost_usd, user_id
FROM paid_media_impressions WHERE cost_usd IS NOT NULL AND user_id IS NOT NULL`},
		{name: "mv_chain2", tri: `SELECT ch.impression_id, ch.platform, ch.cost_usd, ch.user_id, c.channel
FROM mv_chain1 ch JOIN campaigns c ON ch.campaign_id = c.campaign_id`},
		{name: "mv_chain3", tri: `SELECT channel, platform, user_id, SUM(cost_usd) AS spend, COUNT(*) AS n
FROM mv_chain2 GROUP BY channel, platform, user_id`},
		{name: "mv_chain4", tri: `SELECT channel, platform, COUNT(*) AS users, SUM(spend) AS spend, MAX(n) AS max_n
FROM mv_chain3 GROUP BY channel, platform`},
		{name: "mv_chain5", tri: `SELECT channel, SUM(spend) AS spend, SUM(users) AS users, MAX(max_n) AS max_n, COUNT(*) AS platforms
FROM mv_chain4 WHERE users > 1 GROUP BY channel`},
	}
}

// allViews returns the views of TestRandomDML in creation order (dependencies first).
func allViews() []view {
	vs := []view{
		// project and filter
		{name: "mv_project", tri: `SELECT impression_id, upper(platform) AS platform_u, cost_usd * 2 AS cost2,
    user_id || '/' || campaign_id AS uc, event_time + INTERVAL '1 hour' AS shifted
FROM paid_media_impressions`},
		{name: "mv_filter", tri: `SELECT impression_id, campaign_id, cost_usd, user_id
FROM paid_media_impressions WHERE cost_usd >= 5 AND platform IN ('google', 'meta')`},
		{name: "mv_case", tri: `SELECT impression_id, COALESCE(user_id, 'anon') AS who,
    CASE WHEN cost_usd > 7.5 THEN 'high' WHEN cost_usd > 2.5 THEN 'mid' ELSE 'low' END AS tier,
    extract(hour FROM event_time) AS hr
FROM paid_media_impressions WHERE platform IS NOT NULL`},
		{name: "mv_campaign_project", tri: `SELECT campaign_id, lower(campaign_name) AS name, daily_budget / 10 AS budget10,
    NOT active AS paused FROM campaigns`},

		// hash and simple aggregates (MIN/MAX retract under deletes and updates)
		{name: "mv_agg_platform", tri: `SELECT platform, COUNT(*) AS n, COUNT(user_id) AS n_user, SUM(cost_usd) AS spend,
    AVG(cost_usd) AS avg_cost, MIN(cost_usd) AS min_cost, MAX(cost_usd) AS max_cost,
    MIN(event_time) AS first_seen, MAX(event_time) AS last_seen
FROM paid_media_impressions GROUP BY platform`},
		{name: "mv_agg_distinct", tri: `SELECT campaign_id, COUNT(DISTINCT user_id) AS users, COUNT(DISTINCT platform) AS platforms,
    COUNT(*) AS n, SUM(cost_usd) AS spend
FROM paid_media_impressions GROUP BY campaign_id`},
		{name: "mv_simple_agg", tri: `SELECT COUNT(*) AS n, SUM(cost_usd) AS spend, AVG(cost_usd) AS avg_cost, MIN(cost_usd) AS lo,
    MAX(cost_usd) AS hi, COUNT(DISTINCT user_id) AS users, MAX(event_time) AS latest
FROM paid_media_impressions`},
		{name: "mv_simple_agg_sparse", tri: `SELECT COUNT(*) AS n, MAX(revenue_usd) AS top, MIN(converted_at) AS first_at,
    SUM(revenue_usd) AS total FROM conversions WHERE revenue_usd > 490`},
		{name: "mv_conv_agg", tri: `SELECT campaign_id, COUNT(*) AS n, SUM(revenue_usd) AS revenue, AVG(revenue_usd) AS avg_rev,
    MIN(revenue_usd) AS lo, MAX(revenue_usd) AS hi, COUNT(DISTINCT user_id) AS buyers
FROM conversions GROUP BY campaign_id`},
		{name: "mv_having", tri: `SELECT user_id, COUNT(*) AS n, MAX(cost_usd) AS top
FROM paid_media_impressions GROUP BY user_id HAVING COUNT(*) >= 5`},
		{name: "mv_string_agg", tri: `SELECT user_id, string_agg(conversion_id, ',' ORDER BY conversion_id) AS ids,
    array_agg(revenue_usd ORDER BY revenue_usd, conversion_id) AS revs,
    COUNT(*) FILTER (WHERE revenue_usd > 100) AS big
FROM conversions GROUP BY user_id`},
		{name: "mv_cte", tri: `WITH per_user AS (SELECT user_id, COUNT(*) AS n FROM conversions GROUP BY user_id)
SELECT n, COUNT(*) AS users FROM per_user GROUP BY n`},

		// windows
		{name: "paid_media_performance", tri: paidMediaPerformance, pg: paidMediaPerformancePG()},
		{name: "mv_tumble_hour", tri: `SELECT platform, window_start, window_end, COUNT(*) AS n, MAX(cost_usd) AS top, MIN(user_id) AS first_user
FROM TUMBLE(paid_media_impressions, event_time, INTERVAL '1 hour')
GROUP BY platform, window_start, window_end`,
			pg: `SELECT platform, window_start, window_end, COUNT(*) AS n, MAX(cost_usd) AS top, MIN(user_id) AS first_user
FROM ` + tumblePG("paid_media_impressions", "event_time", "1 hour") + ` w
GROUP BY platform, window_start, window_end`},
		{name: "mv_hop", tri: `SELECT campaign_id, window_start, window_end, COUNT(*) AS n, SUM(cost_usd) AS spend,
    COUNT(DISTINCT user_id) AS users
FROM HOP(paid_media_impressions, event_time, INTERVAL '10 minutes', INTERVAL '30 minutes')
GROUP BY campaign_id, window_start, window_end`,
			pg: `SELECT campaign_id, window_start, window_end, COUNT(*) AS n, SUM(cost_usd) AS spend,
    COUNT(DISTINCT user_id) AS users
FROM ` + hopPG("paid_media_impressions", "event_time", "10 minutes", "30 minutes") + ` w
GROUP BY campaign_id, window_start, window_end`},
		{name: "mv_hop_conv", tri: `SELECT conversion_id, window_start, window_end, revenue_usd
FROM HOP(conversions, converted_at, INTERVAL '6 hours', INTERVAL '1 day') WHERE revenue_usd > 250`,
			pg: `SELECT conversion_id, window_start, window_end, revenue_usd
FROM ` + hopPG("conversions", "converted_at", "6 hours", "1 day") + ` w WHERE revenue_usd > 250`},

		// joins
		{name: "mv_join_inner", tri: `SELECT pm.impression_id, c.campaign_name, c.channel, pm.cost_usd, pm.platform
FROM paid_media_impressions pm JOIN campaigns c ON pm.campaign_id = c.campaign_id`},
		{name: "mv_join_left", tri: `SELECT pm.impression_id, pm.campaign_id, c.campaign_name, c.daily_budget
FROM paid_media_impressions pm LEFT JOIN campaigns c
    ON pm.campaign_id = c.campaign_id AND c.active AND pm.cost_usd * 100 < c.daily_budget`},
		{name: "mv_join_right", tri: `SELECT c.campaign_id, c.campaign_name, cv.conversion_id, cv.revenue_usd
FROM conversions cv RIGHT JOIN campaigns c ON cv.campaign_id = c.campaign_id AND cv.revenue_usd > c.daily_budget`},
		{name: "mv_join_full", tri: `SELECT cv.conversion_id, cv.campaign_id AS cv_campaign, c.campaign_id, c.channel
FROM conversions cv FULL JOIN campaigns c ON cv.campaign_id = c.campaign_id AND cv.revenue_usd < c.daily_budget`},
		{name: "mv_join_window", tri: `SELECT pm.impression_id, cv.conversion_id, pm.campaign_id, cv.revenue_usd,
    cv.converted_at - pm.event_time AS lag
FROM paid_media_impressions pm JOIN conversions cv
    ON pm.user_id = cv.user_id AND cv.converted_at BETWEEN pm.event_time AND pm.event_time + INTERVAL '6 hours'`},
		{name: "mv_attribution", tri: `SELECT pm.campaign_id, pm.platform, pm.window_start,
    COUNT(DISTINCT pm.user_id) AS users_reached, SUM(pm.cost_usd) AS total_spend,
    COUNT(cv.conversion_id) AS attributed_conversions, SUM(cv.revenue_usd) AS attributed_revenue,
    round((SUM(cv.revenue_usd) / NULLIF(SUM(pm.cost_usd), 0))::numeric, 6) AS roas
FROM TUMBLE(paid_media_impressions, event_time, INTERVAL '15 minutes') pm
LEFT JOIN conversions cv
    ON pm.user_id = cv.user_id
    AND cv.converted_at BETWEEN pm.window_start AND pm.window_start + INTERVAL '7 days'
GROUP BY pm.campaign_id, pm.platform, pm.window_start`,
			pg: `SELECT pm.campaign_id, pm.platform, pm.window_start,
    COUNT(DISTINCT pm.user_id) AS users_reached, SUM(pm.cost_usd) AS total_spend,
    COUNT(cv.conversion_id) AS attributed_conversions, SUM(cv.revenue_usd) AS attributed_revenue,
    round((SUM(cv.revenue_usd) / NULLIF(SUM(pm.cost_usd), 0))::numeric, 6) AS roas
FROM ` + tumblePG("paid_media_impressions", "event_time", "15 minutes") + ` pm
LEFT JOIN conversions cv
    ON pm.user_id = cv.user_id
    AND cv.converted_at BETWEEN pm.window_start AND pm.window_start + INTERVAL '7 days'
GROUP BY pm.campaign_id, pm.platform, pm.window_start`},
		{name: "mv_agg_of_join", tri: `SELECT c.channel, COUNT(*) AS n, SUM(cv.revenue_usd) AS revenue, COUNT(DISTINCT cv.user_id) AS buyers
FROM conversions cv JOIN campaigns c ON cv.campaign_id = c.campaign_id GROUP BY c.channel`},
		{name: "mv_self_join", tri: `SELECT a.user_id, COUNT(*) AS pairs
FROM paid_media_impressions a JOIN paid_media_impressions b
    ON a.user_id = b.user_id AND a.platform = b.platform AND a.impression_id < b.impression_id
GROUP BY a.user_id`},

		// semi- and anti-joins (EXISTS / IN / NOT EXISTS subqueries become joins)
		{name: "mv_semi_exists", tri: `SELECT pm.impression_id, pm.user_id, pm.cost_usd FROM paid_media_impressions pm
WHERE EXISTS (SELECT 1 FROM conversions cv WHERE cv.user_id = pm.user_id AND cv.revenue_usd > 400)`},
		{name: "mv_semi_in", tri: `SELECT campaign_id, campaign_name FROM campaigns
WHERE campaign_id IN (SELECT campaign_id FROM conversions WHERE revenue_usd > 300)`},
		{name: "mv_anti", tri: `SELECT cv.conversion_id, cv.user_id FROM conversions cv
WHERE NOT EXISTS (SELECT 1 FROM paid_media_impressions pm
    WHERE pm.user_id = cv.user_id AND pm.event_time <= cv.converted_at AND pm.platform = 'tiktok')`},

		// set operations
		{name: "mv_union_all", tri: `SELECT user_id, 'imp' AS kind, event_time AS ts FROM paid_media_impressions
UNION ALL
SELECT user_id, 'conv', converted_at FROM conversions`},
		{name: "mv_union_agg", tri: `SELECT kind, COUNT(*) AS n, COUNT(DISTINCT user_id) AS users FROM mv_union_all GROUP BY kind`},
		{name: "mv_distinct", tri: `SELECT DISTINCT platform, campaign_id FROM paid_media_impressions`},
		{name: "mv_distinct_buyers", tri: `SELECT DISTINCT user_id, campaign_id FROM conversions WHERE revenue_usd > 50`},

		// top-N and group top-N
		{name: "mv_topn", tri: `SELECT impression_id, cost_usd, user_id FROM paid_media_impressions
ORDER BY cost_usd DESC, impression_id LIMIT 10`},
		{name: "mv_topn_offset", tri: `SELECT conversion_id, converted_at FROM conversions
ORDER BY converted_at, conversion_id LIMIT 5 OFFSET 3`},
		{name: "mv_group_topn", tri: `SELECT campaign_id, impression_id, cost_usd, rn FROM (
    SELECT campaign_id, impression_id, cost_usd,
        row_number() OVER (PARTITION BY campaign_id ORDER BY cost_usd DESC, impression_id) AS rn
    FROM paid_media_impressions) t
WHERE rn <= 3`},
		{name: "mv_group_topn_conv", tri: `SELECT user_id, conversion_id, revenue_usd FROM (
    SELECT user_id, conversion_id, revenue_usd,
        row_number() OVER (PARTITION BY user_id ORDER BY revenue_usd, conversion_id) AS rn
    FROM conversions) t
WHERE rn <= 2`},
	}
	vs = append(vs, chainViews()...)
	vs = append(vs,
		// more views on views
		view{name: "mv_perf_x_conv", tri: `SELECT p.campaign_id, p.platform, p.window_start, p.impressions, a.revenue
FROM paid_media_performance p JOIN mv_conv_agg a ON p.campaign_id = a.campaign_id WHERE p.spend_usd > 2`},
		view{name: "mv_on_simple_agg", tri: `SELECT n * 2 AS n2, spend, hi - lo AS spread, users FROM mv_simple_agg`},
		view{name: "mv_join_simple_agg", tri: `SELECT a.platform, a.n, s.n AS total FROM mv_agg_platform a JOIN mv_simple_agg s ON a.n * 4 >= s.n`},
		view{name: "mv_topn_on_agg", tri: `SELECT campaign_id, spend FROM mv_agg_distinct
ORDER BY spend DESC NULLS LAST, campaign_id LIMIT 5`},
	)
	return vs
}
