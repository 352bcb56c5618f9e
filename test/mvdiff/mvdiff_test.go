package mvdiff

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tributarydb/tributary/test/slt"
	"github.com/tributarydb/tributary/test/testenv"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.Cleanup()
	os.Exit(code)
}

const stmtTimeout = 60 * time.Second

// pair is one Tributary server and one fresh PostgreSQL database holding the same tables.
type pair struct {
	tri, pg       *pgx.Conn
	triURL, pgURL string
	srv           *testenv.Server
}

// newPair starts a tributary server and creates a fresh oracle database (skipping locally
// when either is unavailable).
func newPair(t *testing.T, name string) *pair {
	t.Helper()
	admin := testenv.OracleURL(t)
	srv := testenv.StartTributary(t)
	pgURL := testenv.FreshDatabase(t, admin, fmt.Sprintf("mvdiff_%s_%d", name, os.Getpid()))
	return &pair{
		tri: testenv.Connect(t, srv.URL), pg: testenv.ConnectOracle(t, pgURL),
		triURL: srv.URL, pgURL: pgURL, srv: srv,
	}
}

// envInt reads an integer environment variable.
func envInt(t *testing.T, name string, def int64) int64 {
	t.Helper()
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

func seedFromEnv(t *testing.T) int64 {
	t.Helper()
	return envInt(t, "MVDIFF_SEED", time.Now().UnixNano()%1_000_000_007)
}

// exec runs sql over the simple protocol and returns the rows affected.
func exec(conn *pgx.Conn, sql string) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), stmtTimeout)
	defer cancel()
	tag, err := conn.PgConn().Exec(ctx, sql).ReadAll()
	if err != nil {
		return 0, err
	}
	if len(tag) == 0 {
		return 0, nil
	}
	return tag[len(tag)-1].CommandTag.RowsAffected(), nil
}

func mustExec(t *testing.T, conn *pgx.Conn, engine, sql string) {
	t.Helper()
	if _, err := exec(conn, sql); err != nil {
		t.Fatalf("%s: %s\n  %s", engine, slt.DescribeError(err), sql)
	}
}

// rows runs a query and returns its rows as text lines (values separated by " | ",
// NULL written NULL), and the column count.
func rows(conn *pgx.Conn, sql string) ([]string, int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), stmtTimeout)
	defer cancel()
	rr := conn.PgConn().ExecParams(ctx, sql, nil, nil, nil, nil)
	var out []string
	for rr.NextRow() {
		vals := rr.Values()
		parts := make([]string, len(vals))
		for i, v := range vals {
			if v == nil {
				parts[i] = "NULL"
			} else {
				parts[i] = string(v)
			}
		}
		out = append(out, strings.Join(parts, " | "))
	}
	if _, err := rr.Close(); err != nil {
		return nil, 0, err
	}
	return out, len(rr.FieldDescriptions()), nil
}

// multisetDiff returns the lines only in a and only in b (both sorted on return).
func multisetDiff(a, b []string) (onlyA, onlyB []string) {
	sort.Strings(a)
	sort.Strings(b)
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
	return onlyA, onlyB
}

func writeSome(sb *strings.Builder, title string, lines []string, n int) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(sb, "  %s (%d):\n", title, len(lines))
	for i, l := range lines {
		if i == n {
			fmt.Fprintf(sb, "    ... %d more\n", len(lines)-n)
			break
		}
		fmt.Fprintf(sb, "    %s\n", l)
	}
}

// compareView compares SELECT * FROM name on both engines; "" when equal.
func compareView(p *pair, name string) (string, int) {
	sql := "SELECT * FROM " + name
	var (
		wg             sync.WaitGroup
		pgRows, trRows []string
		pgN, trN       int
		pgErr, trErr   error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		pgRows, pgN, pgErr = rows(p.pg, sql)
	}()
	trRows, trN, trErr = rows(p.tri, sql)
	wg.Wait()
	switch {
	case pgErr != nil:
		return "postgres: " + slt.DescribeError(pgErr), 0
	case trErr != nil:
		return "tributary: " + slt.DescribeError(trErr), 0
	case pgN != trN:
		return fmt.Sprintf("column count: postgres %d, tributary %d", pgN, trN), 0
	}
	onlyPG, onlyTri := multisetDiff(pgRows, trRows)
	if len(onlyPG) == 0 && len(onlyTri) == 0 {
		return "", len(pgRows)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "contents differ (postgres %d rows, tributary %d rows)\n", len(pgRows), len(trRows))
	writeSome(&sb, "only in postgres", onlyPG, 10)
	writeSome(&sb, "only in tributary", onlyTri, 10)
	return sb.String(), len(pgRows)
}

// createViews creates each view as a materialized view on Tributary and a plain view on
// PostgreSQL.
func createViews(t *testing.T, p *pair, vs []view) {
	t.Helper()
	for _, v := range vs {
		mustExec(t, p.tri, "tributary", "CREATE MATERIALIZED VIEW "+v.name+" AS "+v.tri)
		mustExec(t, p.pg, "postgres", "CREATE VIEW "+v.name+" AS "+v.pgSQL())
	}
}

// checkViews flushes Tributary and compares every view; it reports mismatches with the
// seed and returns the number of mismatching views.
func checkViews(t *testing.T, p *pair, vs []view, seed int64, when string) (mismatches, totalRows int) {
	t.Helper()
	if _, err := exec(p.tri, "FLUSH"); err != nil {
		// Name the views behind the job ids in the server's log.
		var names []string
		if c, err := pgx.Connect(context.Background(), p.triURL); err == nil {
			defer c.Close(context.Background())
			names, _, _ = rows(c, "SELECT oid, relname FROM pg_class WHERE relkind = 'm' ORDER BY oid")
		}
		t.Fatalf("MVDIFF_SEED=%d %s: FLUSH: %s\n  materialized views (job id | name):\n    %s", seed, when, slt.DescribeError(err), strings.Join(names, "\n    "))
	}
	var counts []string
	for _, v := range vs {
		d, n := compareView(p, v.name)
		totalRows += n
		counts = append(counts, fmt.Sprintf("%s=%d", v.name, n))
		if d != "" {
			mismatches++
			t.Errorf("MVDIFF_SEED=%d %s: view %s: %s\n  definition: %s", seed, when, v.name, d, oneLine(v.tri))
		}
	}
	if testing.Verbose() {
		t.Logf("%s: view rows %s", when, strings.Join(counts, " "))
	}
	return mismatches, totalRows
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// applyBoth runs the statements on both engines concurrently (each engine in order) and
// reports statements that fail or affect a different number of rows.
func applyBoth(t *testing.T, p *pair, stmts []stmt, seed int64) (rowsAffected int64) {
	t.Helper()
	type res struct {
		n   []int64
		err error
		at  int
	}
	run := func(conn *pgx.Conn, pick func(stmt) string) res {
		r := res{n: make([]int64, len(stmts))}
		for i, s := range stmts {
			n, err := exec(conn, pick(s))
			if err != nil {
				r.err, r.at = err, i
				return r
			}
			r.n[i] = n
		}
		return r
	}
	var pgRes res
	done := make(chan struct{})
	go func() {
		defer close(done)
		pgRes = run(p.pg, func(s stmt) string { return s.pg })
	}()
	trRes := run(p.tri, func(s stmt) string { return s.tri })
	<-done
	if pgRes.err != nil {
		t.Fatalf("MVDIFF_SEED=%d: postgres: %s\n  %s", seed, slt.DescribeError(pgRes.err), stmts[pgRes.at].pg)
	}
	if trRes.err != nil {
		t.Fatalf("MVDIFF_SEED=%d: tributary: %s\n  %s", seed, slt.DescribeError(trRes.err), stmts[trRes.at].tri)
	}
	for i := range stmts {
		if pgRes.n[i] != trRes.n[i] && !strings.HasPrefix(stmts[i].tri, "INSERT") {
			t.Fatalf("MVDIFF_SEED=%d: rows affected: postgres %d, tributary %d\n  %s", seed, pgRes.n[i], trRes.n[i], stmts[i].tri)
		}
		rowsAffected += pgRes.n[i]
	}
	return rowsAffected
}

// refreshKeys reloads the live keys of the tables from PostgreSQL.
func refreshKeys(t *testing.T, p *pair, g *gen, tables ...*table) {
	t.Helper()
	for _, tb := range tables {
		keys, _, err := rows(p.pg, "SELECT "+tb.pk+" FROM "+tb.name)
		if err != nil {
			t.Fatal(err)
		}
		m := make(map[string]bool, len(keys))
		for _, k := range keys {
			m[k] = true
		}
		g.live[tb.name] = m
	}
}

// testenvOracle returns TRIBUTARY_PG_URL (empty when unset; tests that only optionally
// compare with PostgreSQL use it).
func testenvOracle() string { return os.Getenv("TRIBUTARY_PG_URL") }

func createTables(t *testing.T, p *pair, tables ...*table) {
	t.Helper()
	for _, tb := range tables {
		mustExec(t, p.tri, "tributary", tb.ddl)
		mustExec(t, p.pg, "postgres", tb.ddl)
	}
}

// TestRandomDML is the differential test: random DML into three tables, every view
// compared with PostgreSQL after each FLUSH.
func TestRandomDML(t *testing.T) {
	seed := seedFromEnv(t)
	ops := int(envInt(t, "MVDIFF_OPS", 10000))
	p := newPair(t, "random")
	t.Logf("MVDIFF_SEED=%d MVDIFF_OPS=%d", seed, ops)
	start := time.Now()
	g := newGen(seed, "")
	vs := allViews()

	createTables(t, p, allTables...)
	// A first load before the views exist, so creating them backfills.
	var initial []stmt
	for k := 0; k < campaignKeys-5; k++ {
		s := "INSERT INTO campaigns VALUES (" + g.row(campaigns.name, fmt.Sprintf("c%02d", k)) + ")"
		initial = append(initial, same(s))
	}
	for range 60 {
		initial = append(initial, g.insert(impressions.name, 10, false), g.insert(conversions.name, 4, false))
	}
	applyBoth(t, p, initial, seed)
	// Half of the views before more data arrives, half after.
	createViews(t, p, vs[:len(vs)/2])
	applyBoth(t, p, []stmt{g.insert(impressions.name, 20, false), g.insert(conversions.name, 10, false)}, seed)
	createViews(t, p, vs[len(vs)/2:])
	if m, _ := checkViews(t, p, vs, seed, "after backfill"); m > 0 {
		t.FailNow()
	}
	refreshKeys(t, p, g, allTables...)
	t.Logf("setup and backfill: %d views in %v", len(vs), time.Since(start).Round(time.Millisecond))

	const batch = 250
	var (
		done, checks  int
		affected      int64
		dmlTime       time.Duration
		checkTime     time.Duration
		lastTotalRows int
	)
	for done < ops {
		n := min(batch, ops-done)
		stmts := make([]stmt, n)
		for i := range stmts {
			stmts[i] = g.next(g.pickTable())
		}
		t0 := time.Now()
		affected += applyBoth(t, p, stmts, seed)
		dmlTime += time.Since(t0)
		done += n
		t0 = time.Now()
		m, total := checkViews(t, p, vs, seed, fmt.Sprintf("after %d DML statements", done))
		checkTime += time.Since(t0)
		checks++
		lastTotalRows = total
		if m > 0 {
			t.Fatalf("MVDIFF_SEED=%d: %d of %d views differ after %d DML statements (batch %d)", seed, m, len(vs), done, checks)
		}
		refreshKeys(t, p, g, allTables...)
	}
	var sizes []string
	for _, tb := range allTables {
		sizes = append(sizes, fmt.Sprintf("%s=%d", tb.name, len(g.live[tb.name])))
	}
	t.Logf("MVDIFF_SEED=%d: %d views, %d DML statements (%d rows affected) in %d batches, 0 mismatches; "+
		"final tables %s, %d view rows; DML %v, flush+compare %v, total %v",
		seed, len(vs), done, affected, checks, strings.Join(sizes, " "), lastTotalRows,
		dmlTime.Round(time.Millisecond), checkTime.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

// pgErrorOf returns the *pgconn.PgError in err, or nil.
func pgErrorOf(err error) *pgconn.PgError {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}
