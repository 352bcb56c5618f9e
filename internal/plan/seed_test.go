package plan

import (
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/parser"
)

// TestSeed binds the queries of the reference use case
// (shared/seed/marketing-data-mesh-with-risingwave.txt) the way the server
// would: each materialized view's columns come from its bound query.
func TestSeed(t *testing.T) {
	c := catalog.New()
	mkRel(t, c, "public", "paid_media_impressions", catalog.KindSource, nil,
		colSpec{name: "impression_id", typ: base.Varchar}, colSpec{name: "campaign_id", typ: base.Varchar},
		colSpec{name: "ad_group_id", typ: base.Varchar}, colSpec{name: "creative_id", typ: base.Varchar},
		colSpec{name: "platform", typ: base.Varchar}, colSpec{name: "cost_usd", typ: base.Float64},
		colSpec{name: "user_id", typ: base.Varchar}, colSpec{name: "event_time", typ: base.TimestampTZ})
	// The CDC table's columns come from the upstream table.
	mkRel(t, c, "public", "crm_conversions", catalog.KindSource, nil,
		colSpec{name: "conversion_id", typ: base.Varchar}, colSpec{name: "user_id", typ: base.Varchar},
		colSpec{name: "revenue_usd", typ: base.Numeric}, colSpec{name: "converted_at", typ: base.TimestampTZ})
	mkRel(t, c, "public", "data_product_catalog", catalog.KindTable, []int{0},
		colSpec{name: "product_id", typ: base.Varchar, nn: true}, colSpec{name: "domain", typ: base.Varchar},
		colSpec{name: "product_name", typ: base.Varchar}, colSpec{name: "description", typ: base.Varchar},
		colSpec{name: "owning_team", typ: base.Varchar}, colSpec{name: "sla_freshness_secs", typ: base.Int32},
		colSpec{name: "update_frequency", typ: base.Varchar})

	bind := func(sql string) (Node, error) {
		stmt, err := parser.ParseOne(sql)
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		if mv, ok := stmt.(*ast.CreateMaterializedViewStmt); ok {
			stmt = mv.Query
		}
		return NewBinder(BindContext{Catalog: c, SQL: sql}).Bind(stmt)
	}
	createMV := func(name string, n Node) {
		r := &catalog.Relation{Schema: "public", Name: name, Kind: catalog.KindMaterializedView}
		for _, col := range n.Columns() {
			r.Columns = append(r.Columns, catalog.Column{Name: col.Name, Type: col.Type})
		}
		if _, err := c.CreateRelation(r, false); err != nil {
			t.Fatal(err)
		}
	}
	cols := func(n Node) string {
		var s []string
		for _, col := range n.Columns() {
			s = append(s, col.Name+" "+col.Type.String())
		}
		return strings.Join(s, ", ")
	}

	perf, err := bind(`CREATE MATERIALIZED VIEW paid_media_performance AS
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
    paid_media_impressions,
    event_time,
    INTERVAL '15 minutes'
)
GROUP BY campaign_id, ad_group_id, platform, window_start, window_end`)
	if err != nil {
		t.Fatal(err)
	}
	want := "campaign_id character varying, ad_group_id character varying, platform character varying, " +
		"window_start timestamp with time zone, window_end timestamp with time zone, impressions bigint, " +
		"spend_usd double precision, unique_users_reached bigint"
	if got := cols(perf); got != want {
		t.Fatalf("paid_media_performance:\n got %s\nwant %s", got, want)
	}
	createMV("paid_media_performance", perf)

	// pm.user_id does not exist on the aggregate: a positioned 42703
	// with PostgreSQL's hint, never a crash. Like PostgreSQL, the FROM
	// clause (its ON condition) is bound first, so that is the reported
	// reference (checked against PostgreSQL 15).
	attribution := `CREATE MATERIALIZED VIEW cross_domain_attribution AS
SELECT
    pm.campaign_id,
    pm.platform,
    pm.window_start,
    COUNT(DISTINCT pm.user_id)         AS users_reached,
    SUM(pm.spend_usd)                  AS total_spend,
    COUNT(cv.conversion_id)            AS attributed_conversions,
    SUM(cv.revenue_usd)                AS attributed_revenue,
    SUM(cv.revenue_usd) / NULLIF(SUM(pm.spend_usd), 0) AS roas
FROM paid_media_performance pm
LEFT JOIN crm_conversions cv
    ON pm.user_id = cv.user_id
    AND cv.converted_at BETWEEN pm.window_start AND pm.window_start + INTERVAL '7 days'
GROUP BY pm.campaign_id, pm.platform, pm.window_start`
	_, err = bind(attribution)
	e := base.AsError(err)
	if e == nil || e.Code != base.CodeUndefinedColumn || e.Message != "column pm.user_id does not exist" ||
		e.Position != strings.Index(attribution, "ON pm.user_id")+4 || e.Hint != `Perhaps you meant to reference the column "cv.user_id".` {
		t.Fatalf("attribution: %#v ", *e)
	}

	fresh, err := bind(`CREATE MATERIALIZED VIEW data_product_freshness AS
SELECT
    'paid_media_performance' AS product_name,
    MAX(window_end)          AS last_updated,
    EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - MAX(window_end))) AS seconds_stale
FROM paid_media_performance`)
	if err != nil {
		t.Fatal(err)
	}
	if got := cols(fresh); got != "product_name text, last_updated timestamp with time zone, seconds_stale numeric" {
		t.Fatalf("freshness: %s", got)
	}

	if _, err := bind(`INSERT INTO data_product_catalog VALUES
    ('paid_media_perf_15m', 'paid_media', 'paid_media_performance',
     '15-minute aggregate of all paid media impressions and spend by campaign',
     'growth-marketing', 30, '15min tumble window'),
    ('clv_scores', 'crm', 'customer_clv',
     'Per-customer projected 12-month lifetime value, updated on each transaction',
     'crm-team', 5, 'event-driven')`); err != nil {
		t.Fatal(err)
	}
}
