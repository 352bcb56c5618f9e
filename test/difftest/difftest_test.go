package difftest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tributarydb/tributary/test/slt"
	"github.com/tributarydb/tributary/test/testenv"
)

var dumpFlag = flag.Bool("dump", false, "minimize failing queries and write them to testdata/slt/regress.slt-candidates")

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.Cleanup()
	os.Exit(code)
}

// outcome is one engine's answer to a query.
type outcome struct {
	rows []string // formatted rows
	code string   // SQLSTATE when err != nil
	err  error
}

func (o outcome) describe() string {
	if o.err != nil {
		return slt.DescribeError(o.err)
	}
	return fmt.Sprintf("%d rows", len(o.rows))
}

const queryTimeout = 20 * time.Second

func run(conn *pgx.Conn, sql string) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	res := conn.PgConn().Exec(ctx, sql)
	var o outcome
	for res.NextResult() {
		rr := res.ResultReader()
		for rr.NextRow() {
			vals := rr.Values()
			parts := make([]string, len(vals))
			for i, v := range vals {
				parts[i] = slt.FormatValue(v)
			}
			o.rows = append(o.rows, strings.Join(parts, " "))
		}
		if _, err := rr.Close(); err != nil && o.err == nil {
			o.err = err
		}
	}
	if err := res.Close(); err != nil && o.err == nil {
		o.err = err
	}
	if o.err == nil && ctx.Err() != nil {
		o.err = ctx.Err()
	}
	if o.err != nil {
		var pgErr *pgconn.PgError
		if errors.As(o.err, &pgErr) {
			o.code = pgErr.Code
		} else {
			o.code = "??"
		}
		o.rows = nil
	}
	return o
}

// representativeOnly reports whether two successful results differ only
// in the trailing zeros of numeric values, in a query where SQL leaves the
// choice among equal values open (duplicate elimination or ORDER BY ties).
func representativeOnly(sql string, oracle, got outcome, ordered bool) bool {
	if oracle.err != nil || got.err != nil {
		return false
	}
	u := strings.ToUpper(sql)
	if !strings.Contains(u, "DISTINCT") && !strings.Contains(u, "UNION") && !strings.Contains(u, "INTERSECT") &&
		!strings.Contains(u, "EXCEPT") && !strings.Contains(u, "ORDER BY") {
		return false
	}
	norm := func(rows []string) []string {
		out := make([]string, len(rows))
		for i, r := range rows {
			f := strings.Split(r, " ")
			for j, v := range f {
				f[j] = trimNumericZeros(v)
			}
			out[i] = strings.Join(f, " ")
		}
		if !ordered {
			sort.Strings(out)
		}
		return out
	}
	return equal(norm(oracle.rows), norm(got.rows))
}

// trimNumericZeros removes trailing fractional zeros from a decimal
// number's text ("1.50" → "1.5", "2.00" → "2"); other text is unchanged.
func trimNumericZeros(v string) string {
	dot := strings.IndexByte(v, '.')
	if dot < 0 {
		return v
	}
	for i, c := range v {
		if !(c >= '0' && c <= '9' || c == '.' || (c == '-' && i == 0)) {
			return v
		}
	}
	v = strings.TrimRight(v, "0")
	return strings.TrimSuffix(v, ".")
}

// limitHidesError reports whether PostgreSQL fails q without its LIMIT
// with the same SQLSTATE class as Tributary's error.
func limitHidesError(oracle *pgx.Conn, q *query, got outcome) bool {
	nq := *q
	nq.limit = 0
	po := run(oracle, nq.SQL())
	return po.err != nil && len(po.code) >= 2 && len(got.code) >= 2 && po.code[:2] == got.code[:2]
}

// compare returns "" when the outcomes agree, else a description of the difference.
func compare(oracle, got outcome, ordered bool) string {
	switch {
	case oracle.err != nil && got.err != nil:
		if len(oracle.code) >= 2 && len(got.code) >= 2 && oracle.code[:2] == got.code[:2] && oracle.code != "??" {
			return ""
		}
		return fmt.Sprintf("both failed, different SQLSTATE classes:\n  postgres:  %s\n  tributary: %s", oracle.describe(), got.describe())
	case oracle.err != nil:
		return fmt.Sprintf("postgres failed but tributary returned %d rows:\n  postgres: %s", len(got.rows), oracle.describe())
	case got.err != nil:
		return fmt.Sprintf("tributary failed but postgres returned %d rows:\n  tributary: %s", len(oracle.rows), got.describe())
	}
	a, b := oracle.rows, got.rows
	if !ordered {
		a = append([]string(nil), a...)
		b = append([]string(nil), b...)
		sort.Strings(a)
		sort.Strings(b)
	}
	if equal(a, b) {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "results differ (postgres %d rows, tributary %d rows", len(a), len(b))
	if ordered {
		sb.WriteString(", ordered")
	}
	sb.WriteString(")\n")
	if ordered {
		for i := 0; i < len(a) || i < len(b); i++ {
			if i >= len(a) || i >= len(b) || a[i] != b[i] {
				fmt.Fprintf(&sb, "  first difference at row %d:\n    postgres:  %s\n    tributary: %s\n", i+1, at(a, i), at(b, i))
				break
			}
		}
		return sb.String()
	}
	onlyA, onlyB := multisetDiff(a, b)
	writeSome(&sb, "  only in postgres:", onlyA)
	writeSome(&sb, "  only in tributary:", onlyB)
	return sb.String()
}

func at(xs []string, i int) string {
	if i < len(xs) {
		return xs[i]
	}
	return "(no row)"
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// multisetDiff returns the rows of sorted a missing from sorted b and vice versa.
func multisetDiff(a, b []string) (onlyA, onlyB []string) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j >= len(b) || (i < len(a) && a[i] < b[j]):
			onlyA = append(onlyA, a[i])
			i++
		case i >= len(a) || b[j] < a[i]:
			onlyB = append(onlyB, b[j])
			j++
		default:
			i++
			j++
		}
	}
	return
}

func writeSome(sb *strings.Builder, title string, rows []string) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(sb, "%s (%d)\n", title, len(rows))
	for i, r := range rows {
		if i == 5 {
			fmt.Fprintf(sb, "    ... %d more\n", len(rows)-5)
			break
		}
		fmt.Fprintf(sb, "    %s\n", r)
	}
}

func envInt(t *testing.T, name string, def int64) int64 {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return n
}

// setup creates the generated tables on conn, dropping leftovers first.
func setup(t *testing.T, conn *pgx.Conn, g *gen, side string) {
	ctx := context.Background()
	for _, tb := range g.tables {
		if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+tb.name+" CASCADE", pgx.QueryExecModeSimpleProtocol); err != nil {
			t.Fatalf("%s: drop %s: %v", side, tb.name, err)
		}
		if _, err := conn.Exec(ctx, tb.createSQL(), pgx.QueryExecModeSimpleProtocol); err != nil {
			t.Fatalf("%s: %s: %v", side, tb.createSQL(), err)
		}
		if len(tb.rows) > 0 {
			if _, err := conn.Exec(ctx, tb.insertSQL(), pgx.QueryExecModeSimpleProtocol); err != nil {
				t.Fatalf("%s: %s: %v", side, tb.insertSQL(), err)
			}
		}
	}
	// Tributary (like RisingWave) may make DML visible at the next barrier: FLUSH waits
	// for it. PostgreSQL has no FLUSH; its error is ignored.
	if side == "tributary" {
		_, _ = conn.Exec(ctx, "FLUSH", pgx.QueryExecModeSimpleProtocol)
	}
	// Check that both sides see the data.
	for _, tb := range g.tables {
		o := run(conn, "SELECT count(*) FROM "+tb.name)
		if o.err != nil || len(o.rows) != 1 || o.rows[0] != strconv.Itoa(len(tb.rows)) {
			t.Fatalf("%s: table %s should hold %d rows, got %v %v", side, tb.name, len(tb.rows), o.rows, o.err)
		}
	}
}

// TestDifferential runs random queries on PostgreSQL and Tributary and compares them.
func TestDifferential(t *testing.T) {
	pgAdmin := testenv.OracleURL(t)
	seed := envInt(t, "DIFFTEST_SEED", time.Now().UnixNano())
	nq := int(envInt(t, "DIFFTEST_QUERIES", 1000))
	dump := *dumpFlag || os.Getenv("DIFFTEST_DUMP") == "1"
	t.Logf("DIFFTEST_SEED=%d DIFFTEST_QUERIES=%d", seed, nq)
	fmt.Printf("difftest: DIFFTEST_SEED=%d DIFFTEST_QUERIES=%d\n", seed, nq)

	oracle := testenv.ConnectOracle(t, testenv.FreshDatabase(t, pgAdmin, fmt.Sprintf("difftest_%d", os.Getpid())))
	var tribURL string
	if u := os.Getenv("TRIBUTARY_URL"); u != "" {
		tribURL = u
	} else {
		tribURL = testenv.StartTributary(t).URL
	}
	trib := testenv.Connect(t, tribURL)

	g := newGen(seed)
	g.schema()
	setup(t, oracle, g, "postgres")
	setup(t, trib, g, "tributary")

	type failure struct {
		q   *query
		sql string
		msg string
	}
	var failures []failure
	stats := map[string]int{}
	genErrors := 0
	verbose := os.Getenv("DIFFTEST_VERBOSE") == "1"
	for i := 0; i < nq; i++ {
		q := g.query()
		sql := q.SQL()
		po := run(oracle, sql)
		to := run(trib, sql)
		if verbose {
			t.Logf("query %d: %s -> %s", i, sql, po.describe())
		}
		if po.err != nil {
			stats["postgres error "+po.code]++
			if strings.HasPrefix(po.code, "42") {
				// The generator should only produce valid SQL.
				genErrors++
				if genErrors <= 5 {
					t.Logf("generator bug? postgres rejected query %d: %s\n%s", i, po.describe(), sql)
				}
			}
		} else if len(po.rows) == 0 {
			stats["empty"]++
		} else {
			stats["rows"]++
		}
		if po.err == nil && to.err != nil && q.limit > 0 && limitHidesError(oracle, q, to) {
			// PostgreSQL stopped evaluating once LIMIT was satisfied (a
			// sorted GroupAggregate, say) and never reached the row that
			// fails; without the LIMIT it raises the same error. Which
			// rows an engine evaluates is not part of SQL's semantics.
			stats["limit hides error"]++
			continue
		}
		if msg := compare(po, to, q.orderAll); msg != "" && representativeOnly(sql, po, to, q.orderAll) {
			// Equal values with different display scales (1.5 vs 1.50):
			// which duplicate DISTINCT/UNION/INTERSECT/EXCEPT keeps, or how
			// ties on every ORDER BY key come out, depends on the plan in
			// PostgreSQL too.
			stats["equal up to numeric representative"]++
		} else if msg != "" {
			failures = append(failures, failure{q, sql, msg})
			t.Errorf("mismatch (DIFFTEST_SEED=%d, query %d):\n%s\n%s", seed, i, sql, msg)
		}
		if trib.PgConn().IsClosed() {
			t.Fatalf("tributary connection lost at query %d (DIFFTEST_SEED=%d):\n%s\n%s", i, seed, sql, to.describe())
		}
		if oracle.PgConn().IsClosed() {
			t.Fatalf("postgres connection lost at query %d: %s", i, po.describe())
		}
	}
	var keys []string
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s: %d", k, stats[k]))
	}
	t.Logf("outcomes: %s", strings.Join(parts, ", "))
	if len(failures) > 0 {
		if dump {
			var recs []string
			seen := map[string]bool{}
			for i, f := range failures {
				if i == 20 {
					break // bound the time spent minimizing
				}
				min := minimize(f.q, func(q *query) bool {
					return compare(run(oracle, q.SQL()), run(trib, q.SQL()), q.orderAll) != ""
				})
				sql := min.SQL()
				if seen[sql] {
					continue
				}
				seen[sql] = true
				po, to := run(oracle, sql), run(trib, sql)
				why := "minimized from: " + f.sql + "\n" + compare(po, to, min.orderAll)
				recs = append(recs, record(min, po, why))
			}
			writeCandidates(t, g, seed, recs)
		}
		t.Fatalf("%d mismatches in %d queries (DIFFTEST_SEED=%d)", len(failures), nq, seed)
	}
	t.Logf("zero mismatches in %d queries (DIFFTEST_SEED=%d)", nq, seed)
}

// record renders a minimized query as an .slt record with PostgreSQL's outcome.
func record(q *query, pg outcome, why string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(why), "\n") {
		b.WriteString("# " + l + "\n")
	}
	sql := q.SQL()
	if pg.err != nil {
		fmt.Fprintf(&b, "query error %s\n%s\n", pg.code, sql)
		return b.String()
	}
	var ts []byte
	for _, tp := range q.types() {
		ts = append(ts, tp.sltType())
	}
	mode := " rowsort"
	rows := append([]string(nil), pg.rows...)
	if q.orderAll {
		mode = ""
	} else {
		sort.Strings(rows)
	}
	fmt.Fprintf(&b, "query %s%s\n%s\n----\n", ts, mode, sql)
	for _, r := range rows {
		b.WriteString(r + "\n")
	}
	return b.String()
}

func writeCandidates(t *testing.T, g *gen, seed int64, recs []string) {
	root := testenv.RepoRoot(t)
	path := filepath.Join(root, "testdata", "slt", "regress.slt-candidates")
	var b strings.Builder
	fmt.Fprintf(&b, "# Minimized difftest mismatches (DIFFTEST_SEED=%d). Expected results are PostgreSQL's.\n", seed)
	b.WriteString("# Review, then move the records worth keeping into a .slt file.\n\n")
	for _, tb := range g.tables {
		fmt.Fprintf(&b, "statement ok\n%s\n\n", tb.createSQL())
		if len(tb.rows) > 0 {
			fmt.Fprintf(&b, "statement ok\n%s\n\n", tb.insertSQL())
		}
	}
	for _, r := range recs {
		b.WriteString(r + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Errorf("writing %s: %v", path, err)
		return
	}
	t.Logf("wrote %d minimized records to %s", len(recs), path)
}
