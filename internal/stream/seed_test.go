package stream

import (
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/plan"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/parser"
)

// The seed's views (shared/seed/marketing-data-mesh-with-risingwave.txt).
const (
	seedPaidMediaPerformance = `SELECT
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

	// The seed's cross_domain_attribution reads pm.user_id, which
	// paid_media_performance does not have (a 42703 error, checked
	// below); this is the evident intent: per-impression rows of the
	// same 15-minute windows.
	seedCrossDomainAttribution = `SELECT
    pm.campaign_id,
    pm.platform,
    pm.window_start,
    COUNT(DISTINCT pm.user_id)         AS users_reached,
    SUM(pm.spend_usd)                  AS total_spend,
    COUNT(cv.conversion_id)            AS attributed_conversions,
    SUM(cv.revenue_usd)                AS attributed_revenue,
    SUM(cv.revenue_usd) / NULLIF(SUM(pm.spend_usd), 0) AS roas
FROM (SELECT user_id, campaign_id, platform, window_start, cost_usd AS spend_usd
      FROM TUMBLE(paid_media_impressions, event_time, INTERVAL '15 minutes')) pm
LEFT JOIN crm_conversions cv
    ON pm.user_id = cv.user_id
    AND cv.converted_at BETWEEN pm.window_start AND pm.window_start + INTERVAL '7 days'
GROUP BY pm.campaign_id, pm.platform, pm.window_start`

	seedCrossDomainOriginal = `SELECT
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

	// Join + aggregates over a view (a view on a view).
	seedPlatformSpend = `SELECT pm.platform, c.owner, SUM(pm.spend_usd) AS spend, SUM(pm.impressions) AS impressions,
    COUNT(*) AS windows, MAX(pm.unique_users_reached) AS max_reach
FROM paid_media_performance pm JOIN campaigns c ON pm.campaign_id = c.campaign_id
GROUP BY pm.platform, c.owner`

	seedFreshness = `SELECT
    'paid_media_performance' AS product_name,
    MAX(window_end)          AS last_updated,
    EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - MAX(window_end))) AS seconds_stale
FROM paid_media_performance`
)

func seedEnv(t testing.TB, par int) (*env, *table, *table, *table) {
	return seedEnvInterval(t, par, 15*time.Millisecond)
}

func seedEnvInterval(t testing.TB, par int, interval time.Duration) (*env, *table, *table, *table) {
	e := newEnv(t, par, interval)
	vc := base.Varchar
	imp := e.createSource("paid_media_impressions",
		col("impression_id", vc), col("campaign_id", vc), col("ad_group_id", vc), col("creative_id", vc),
		col("platform", vc), col("cost_usd", base.Float64), col("user_id", vc), col("event_time", base.TimestampTZ))
	conv := e.createTable("crm_conversions", []int{0}, catalog_col_nn("conversion_id", vc), col("user_id", vc),
		col("converted_at", base.TimestampTZ), col("revenue_usd", base.Float64))
	camp := e.createTable("campaigns", []int{0}, catalog_col_nn("campaign_id", vc), col("owner", vc))
	return e, imp, conv, camp
}

// createSource makes an append-only source relation (no key: the
// streaming source assigns a hidden row id).
func (e *env) createSource(name string, cols ...catalog.Column) *table {
	// The oracle (batch.MemStorage) keys rows by PK, so the test source
	// carries a hidden row id; TestKeylessSource covers sources without.
	cols = append(cols, catalog.Column{Name: catalog.RowIDColumn, Type: base.Int64, Hidden: true, NotNull: true})
	r := &catalog.Relation{Schema: "public", Name: name, Kind: catalog.KindSource, Columns: cols, AppendOnly: true, PK: []int{len(cols) - 1}}
	rel, err := e.cat.CreateRelation(r, false)
	if err != nil {
		e.t.Fatal(err)
	}
	tb := &table{rel: rel, rows: map[string][]base.Datum{}}
	e.tables[name] = tb
	return tb
}

var seedT0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC).UnixMicro()

func impression(r *rand.Rand, id int) []base.Datum {
	platforms := []string{"google", "meta", "tiktok", "programmatic"}
	return []base.Datum{
		base.DText(fmt.Sprintf("imp-%d", id)),
		base.DText(fmt.Sprintf("c%d", r.Intn(3))),
		base.DText(fmt.Sprintf("ag%d", r.Intn(2))),
		base.DText(fmt.Sprintf("cr%d", r.Intn(4))),
		base.DText(platforms[r.Intn(len(platforms))]),
		base.DFloat64(float64(r.Intn(500)) / 100),
		base.DText(fmt.Sprintf("u%d", r.Intn(25))),
		base.DTimestampTZ(seedT0 + int64(r.Intn(120*60))*1_000_000),
	}
}

func conversion(r *rand.Rand, id int) []base.Datum {
	return []base.Datum{
		base.DText(fmt.Sprintf("cv-%d", id)),
		base.DText(fmt.Sprintf("u%d", r.Intn(25))),
		base.DTimestampTZ(seedT0 + int64(r.Intn(10*24*60))*60_000_000 - 60*60_000_000),
		base.DFloat64(float64(r.Intn(20000)) / 100),
	}
}

func TestSeedViews(t *testing.T) {
	for _, par := range []int{1, 4} {
		t.Run(fmt.Sprintf("par%d", par), func(t *testing.T) {
			e, imp, conv, camp := seedEnv(t, par)
			r := rand.New(rand.NewSource(42))
			nImp, nConv := 0, 0
			addImps := func(n int) {
				rows := make([][]base.Datum, n)
				for i := range rows {
					nImp++
					rows[i] = impression(r, nImp)
				}
				e.insert(imp, rows...)
			}
			addImps(200)
			e.insert(camp, []base.Datum{base.DText("c0"), base.DText("growth")}, []base.Datum{base.DText("c1"), base.DText("brand")})

			// The seed's original attribution view names a column the
			// view does not have: a clear error, not a crash.
			pmp := e.createMV("paid_media_performance", seedPaidMediaPerformance)
			if _, err := plan.NewBinder(plan.BindContext{Catalog: e.cat}).BindQuery(mustParse(t, seedCrossDomainOriginal)); err == nil || base.AsError(err).Code != base.CodeUndefinedColumn {
				t.Fatalf("original cross_domain_attribution: want 42703, got %v", err)
			}
			e.createMV("cross_domain_attribution", seedCrossDomainAttribution)
			e.createMV("platform_spend", seedPlatformSpend)
			fresh := e.createMV("data_product_freshness", seedFreshness)
			t.Logf("paid_media_performance:\n%s", pmp.jp.Explain())
			t.Logf("data_product_freshness:\n%s", fresh.jp.Explain())

			for round := 0; round < 8; round++ {
				addImps(50 + r.Intn(200))
				for i := 0; i < 10; i++ {
					switch {
					case len(conv.keys) > 0 && r.Intn(4) == 0:
						e.delete(conv, conv.keys[r.Intn(len(conv.keys))])
					case len(conv.keys) > 0 && r.Intn(4) == 0:
						nConv++
						e.update(conv, conv.keys[r.Intn(len(conv.keys))], conversion(r, nConv))
					default:
						nConv++
						e.insert(conv, conversion(r, nConv))
					}
				}
				if round == 3 {
					e.insert(camp, []base.Datum{base.DText("c2"), base.DText("perf")})
				}
				if round == 5 {
					e.update(camp, camp.keys[0], []base.Datum{base.DText("c0"), base.DText("retention")})
				}
				// seconds_stale depends on when the epoch was committed:
				// compared separately.
				e.check(map[string][]int{"data_product_freshness": {2}})
				rows := e.mvRows(fresh)
				if len(rows) != 1 {
					t.Fatalf("freshness: %d rows", len(rows))
				}
				last := rows[0][1].I
				stale, _ := strconv.ParseFloat(base.FormatText(rows[0][2], base.Numeric, time.UTC), 64)
				want := float64(time.Now().UnixMicro()-last) / 1e6
				if math.Abs(stale-want) > 5 {
					t.Fatalf("seconds_stale = %v, want about %v", stale, want)
				}
			}
		})
	}
}

func mustParse(t *testing.T, sql string) ast.Statement {
	t.Helper()
	s, err := parser.ParseOne(sql)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSeedViewsEvicting(t *testing.T) {
	testCacheRows = 2
	defer func() { testCacheRows = 0 }()
	TestSeedViews(t)
}
