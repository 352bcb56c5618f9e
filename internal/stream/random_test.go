package stream

import (
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
)

// randomViews are maintained while random DML runs; at random barriers
// their contents must equal the batch engine's result.
var randomViews = []struct{ name, sql string }{
	{"v_filter", "SELECT a, b, c * 2 AS c2 FROM t WHERE a % 3 <> 0"},
	{"v_agg", "SELECT b, count(*) AS n, count(c) AS nc, sum(a) AS sa, sum(c) AS sc, avg(a) AS aa, sum(d) AS sd, avg(d) AS ad, min(a) AS mi, max(b) AS mb, count(DISTINCT a) AS da, bool_or(a > 5) AS bo, string_agg(b, ',' ORDER BY a, b) AS sg, sum(DISTINCT a) AS sda, max(ts) AS mts FROM t GROUP BY b"},
	{"v_simple", "SELECT count(*) AS n, sum(a) AS s, max(c) AS mc, min(b) AS mb, avg(d) AS ad FROM t"},
	{"v_simple_filter", "SELECT count(*) AS n, sum(a) AS s FROM t WHERE a > 100"},
	{"v_inner", "SELECT t.a, t.b, u.x FROM t JOIN u ON t.a = u.a"},
	{"v_left", "SELECT t.a, t.c, u.y FROM t LEFT JOIN u ON t.a = u.a AND u.y > t.c"},
	{"v_full", "SELECT t.a AS ta, u.a AS ua, u.x FROM t FULL JOIN u ON t.a = u.y"},
	{"v_right", "SELECT t.b, u.a, u.x FROM t RIGHT JOIN u ON t.b = u.x"},
	{"v_distinct", "SELECT DISTINCT b, a % 2 AS p FROM t"},
	{"v_union_all", "SELECT a, b FROM t UNION ALL SELECT a, x FROM u"},
	{"v_union", "SELECT a FROM t UNION SELECT y FROM u"},
	{"v_topn", "SELECT a, b FROM t ORDER BY a DESC, b LIMIT 5"},
	{"v_topn_offset", "SELECT a, c FROM t ORDER BY c NULLS FIRST, a LIMIT 3 OFFSET 2"},
	{"v_group_topn", "SELECT * FROM (SELECT a, b, c, row_number() OVER (PARTITION BY b ORDER BY c DESC, a) AS rn FROM t) s WHERE rn <= 2"},
	{"v_join_agg", "SELECT u.x, count(*) AS n, sum(t.c) AS s FROM t JOIN u ON t.a = u.a GROUP BY u.x"},
	{"v_hop", "SELECT window_start, count(*) AS n FROM HOP(t, ts, INTERVAL '10 minutes', INTERVAL '30 minutes') GROUP BY window_start"},
	{"v_tumble", "SELECT window_start, window_end, b, count(*) AS n, count(DISTINCT a) AS u FROM TUMBLE(t, ts, INTERVAL '15 minutes') GROUP BY window_start, window_end, b"},
	{"v_having", "SELECT b, sum(a) AS s FROM t GROUP BY b HAVING count(*) > 2"},
	{"v_group_expr", "SELECT count(*) AS n FROM t GROUP BY a % 4"},
	{"v_distinct_on", "SELECT DISTINCT ON (b) b, a, c FROM t ORDER BY b, a DESC, c"},
	{"v_cte", "WITH x AS (SELECT a, b FROM t WHERE a > 2) SELECT b, count(*) AS n FROM x GROUP BY b"},
	{"v_semi", "SELECT a, b FROM t WHERE a IN (SELECT y FROM u)"},
	{"v_anti", "SELECT a, b FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a)"},
	{"v_values", "SELECT * FROM (VALUES (1, 'one'), (2, 'two')) AS v(k, name)"},
	{"v_on_v", "SELECT b, n FROM v_agg WHERE n > 1"},
	{"v_on_v_join", "SELECT v.b, v.n, u.a FROM v_agg v JOIN u ON v.b = u.x"},
}

func randRowT(r *rand.Rand) []base.Datum {
	row := []base.Datum{base.DInt32(int64(r.Intn(12))), base.DText(string(rune('a' + r.Intn(5)))), base.DFloat64(float64(r.Intn(40)) / 4), base.DNumeric(apd.New(int64(r.Intn(1000)), -2)), base.DTimestamp(int64(r.Intn(200)) * 60_000_000)}
	if r.Intn(10) == 0 {
		row[0] = base.NullOf(base.KindInt32)
	}
	if r.Intn(10) == 0 {
		row[2] = base.NullOf(base.KindFloat64)
	}
	if r.Intn(15) == 0 {
		row[1] = base.NullOf(base.KindText)
	}
	return row
}

func randRowU(r *rand.Rand) []base.Datum {
	row := []base.Datum{base.DInt32(int64(r.Intn(15))), base.DText(string(rune('a' + r.Intn(6)))), base.DInt32(int64(r.Intn(12)))}
	if r.Intn(8) == 0 {
		row[2] = base.NullOf(base.KindInt32)
	}
	return row
}

func setupRandom(t *testing.T, par int) (*env, *table, *table) {
	e := newEnv(t, par, 15*time.Millisecond)
	tt := e.createTable("t", nil, col("a", base.Int32), col("b", base.Text), col("c", base.Float64), col("d", base.Numeric), col("ts", base.Timestamp))
	u := e.createTable("u", []int{0}, catalog_col_nn("a", base.Int32), col("x", base.Text), col("y", base.Int32))
	return e, tt, u
}

func randomDML(e *env, r *rand.Rand, tt, u *table, n int) {
	for i := 0; i < n; i++ {
		tb, gen := tt, randRowT
		if r.Intn(3) == 0 {
			tb, gen = u, randRowU
		}
		switch p := r.Intn(10); {
		case p < 6 || len(tb.keys) == 0:
			k := 1 + r.Intn(4)
			rows := make([][]base.Datum, k)
			for j := range rows {
				rows[j] = gen(r)
			}
			e.insert(tb, rows...)
		case p < 8:
			e.delete(tb, tb.keys[r.Intn(len(tb.keys))])
		default:
			e.update(tb, tb.keys[r.Intn(len(tb.keys))], gen(r))
		}
	}
}

// TestRandomDifferentialEvicting runs the same with caches of 2 rows:
// every barrier drops the caches, so state is reloaded from the store
// (uncommitted overlay layers included) all the time.
func TestRandomDifferentialEvicting(t *testing.T) {
	testCacheRows = 2
	defer func() { testCacheRows = 0 }()
	TestRandomDifferential(t)
}

func TestRandomDifferential(t *testing.T) {
	for _, par := range []int{1, 3} {
		t.Run(map[int]string{1: "par1", 3: "par3"}[par], func(t *testing.T) {
			e, tt, u := setupRandom(t, par)
			r := rand.New(rand.NewSource(int64(par) * 7))
			randomDML(e, r, tt, u, 30) // backfill data
			for i, v := range randomViews {
				e.createMV(v.name, v.sql)
				if i%5 == 0 {
					randomDML(e, r, tt, u, 5)
				}
			}
			e.check(nil)
			rounds := 12
			if testing.Short() {
				rounds = 4
			}
			for round := 0; round < rounds; round++ {
				randomDML(e, r, tt, u, 10+r.Intn(40))
				e.check(nil)
			}
			// Delete everything: aggregates must go back to empty.
			for len(tt.keys) > 0 {
				e.delete(tt, tt.keys[0])
			}
			e.check(nil)
			if strings.Contains(t.Name(), "par3") {
				t.Logf("explain v_join_agg:\n%s", e.mvs[14].jp.Explain())
			}
		})
	}
}
