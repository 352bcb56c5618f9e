package mvdiff

import (
	"context"
	"fmt"
	"io"
	"os"
	osexec "os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tributarydb/tributary/test/slt"
	"github.com/tributarydb/tributary/test/testenv"
)

// TestChainConcurrent: a chain of five views on views stays consistent with PostgreSQL
// while several goroutines write at once (each owning its own keys, so the final contents
// do not depend on the interleaving), with FLUSH and reads of the views running alongside.
func TestChainConcurrent(t *testing.T) {
	seed := seedFromEnv(t)
	p := newPair(t, "chain")
	t.Logf("MVDIFF_SEED=%d", seed)
	createTables(t, p, &impressions, &campaigns)
	g0 := newGen(seed, "")
	var init []stmt
	for k := range campaignKeys {
		init = append(init, same("INSERT INTO campaigns VALUES ("+g0.row(campaigns.name, fmt.Sprintf("c%02d", k))+")"))
	}
	applyBoth(t, p, init, seed)
	vs := chainViews()
	createViews(t, p, vs)

	const writers, rounds = 4, 3
	opsPerWriter := int(envInt(t, "MVDIFF_CHAIN_OPS", 400))
	type conns struct{ tri, pg *pgx.Conn }
	cs := make([]conns, writers+1)
	gens := make([]*gen, writers+1)
	for i := range cs {
		cs[i] = conns{testenv.Connect(t, p.triURL), testenv.ConnectOracle(t, p.pgURL)}
		gens[i] = newGen(seed+int64(i)+1, fmt.Sprintf("w%d-", i))
	}
	side := testenv.Connect(t, p.triURL) // FLUSH and reads while the writers run
	for round := 1; round <= rounds; round++ {
		var wg sync.WaitGroup
		errs := make(chan error, writers+2)
		stop := make(chan struct{})
		for i := range cs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				g := gens[i]
				for range opsPerWriter {
					var s stmt
					if i == writers { // one writer changes the dimension table
						s = g.nextByKey(campaigns.name)
						if strings.HasPrefix(s.tri, "DELETE") {
							s = g.insert(campaigns.name, 1, false)
						}
					} else {
						s = g.nextByKey(impressions.name)
					}
					if _, err := exec(cs[i].tri, s.tri); err != nil {
						errs <- fmt.Errorf("writer %d: tributary: %s\n  %s", i, slt.DescribeError(err), s.tri)
						return
					}
					if _, err := exec(cs[i].pg, s.pg); err != nil {
						errs <- fmt.Errorf("writer %d: postgres: %s\n  %s", i, slt.DescribeError(err), s.pg)
						return
					}
				}
			}(i)
		}
		var sideWG sync.WaitGroup
		sideWG.Add(1)
		go func() {
			defer sideWG.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				sql := "FLUSH"
				if n%2 == 1 {
					sql = "SELECT * FROM " + vs[n%len(vs)].name
				}
				if _, err := exec(side, sql); err != nil {
					errs <- fmt.Errorf("side connection: %s: %s", sql, slt.DescribeError(err))
					return
				}
			}
		}()
		wg.Wait()
		close(stop)
		sideWG.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("MVDIFF_SEED=%d round %d: %v", seed, round, err)
		}
		if m, _ := checkViews(t, p, vs, seed, fmt.Sprintf("round %d", round)); m > 0 {
			t.FailNow()
		}
	}
	t.Logf("MVDIFF_SEED=%d: %d rounds of %d concurrent writers x %d statements, 5 chained views equal to PostgreSQL",
		seed, rounds, writers+1, opsPerWriter)
}

// TestBackpressure: one writer inserts as fast as it can (multi-row INSERTs and COPY) into a
// table under a deliberately slow view (a join plus COUNT(DISTINCT) over a high-cardinality
// column); after FLUSH every event is counted, once.
func TestBackpressure(t *testing.T) {
	total := int(envInt(t, "MVDIFF_BP_ROWS", 200000))
	srv := testenv.StartTributary(t)
	conn := testenv.Connect(t, srv.URL)
	for _, sql := range []string{
		"CREATE TABLE events (id BIGINT PRIMARY KEY, user_id BIGINT, campaign_id INT, amount INT)",
		"CREATE TABLE dims (campaign_id INT PRIMARY KEY, name VARCHAR)",
		"INSERT INTO dims SELECT g, 'campaign-' || (g % 7) FROM generate_series(0, 49) g",
		`CREATE MATERIALIZED VIEW slow_view AS
SELECT d.name, COUNT(*) AS n, COUNT(DISTINCT e.user_id) AS users, COUNT(DISTINCT e.id) AS ids, SUM(e.amount) AS amount
FROM events e JOIN dims d ON e.campaign_id = d.campaign_id GROUP BY d.name`,
		`CREATE MATERIALIZED VIEW total_view AS
SELECT COUNT(*) AS n, COUNT(DISTINCT user_id) AS users, SUM(amount) AS amount FROM events`,
	} {
		mustExec(t, conn, "tributary", sql)
	}
	userOf := func(id int) int { return (id * 7919) % 150001 }
	row := func(id int) (int, int, int, int) { return id, userOf(id), id % 50, id % 1000 }
	users := map[int]bool{}
	var wantAmount int64
	for id := range total {
		_, u, _, a := row(id)
		users[u] = true
		wantAmount += int64(a)
	}

	start := time.Now()
	const perStmt = 1000
	half := total / 2
	for lo := 0; lo < half; lo += perStmt {
		var sb strings.Builder
		sb.WriteString("INSERT INTO events VALUES ")
		for id := lo; id < min(lo+perStmt, half); id++ {
			if id > lo {
				sb.WriteString(", ")
			}
			i, u, c, a := row(id)
			fmt.Fprintf(&sb, "(%d, %d, %d, %d)", i, u, c, a)
		}
		mustExec(t, conn, "tributary", sb.String())
	}
	insertTime := time.Since(start)
	pr, pw := io.Pipe()
	go func() {
		buf := make([]byte, 0, 1<<16)
		for id := half; id < total; id++ {
			i, u, c, a := row(id)
			buf = strconv.AppendInt(buf, int64(i), 10)
			buf = append(buf, '\t')
			buf = strconv.AppendInt(buf, int64(u), 10)
			buf = append(buf, '\t')
			buf = strconv.AppendInt(buf, int64(c), 10)
			buf = append(buf, '\t')
			buf = strconv.AppendInt(buf, int64(a), 10)
			buf = append(buf, '\n')
			if len(buf) > 60000 {
				if _, err := pw.Write(buf); err != nil {
					return
				}
				buf = buf[:0]
			}
		}
		_, _ = pw.Write(buf)
		_ = pw.Close()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tag, err := conn.PgConn().CopyFrom(ctx, pr, "COPY events FROM STDIN")
	if err != nil {
		t.Fatalf("COPY: %s", slt.DescribeError(err))
	}
	if tag.RowsAffected() != int64(total-half) {
		t.Fatalf("COPY: %d rows, want %d", tag.RowsAffected(), total-half)
	}
	writeTime := time.Since(start)
	mustExec(t, conn, "tributary", "FLUSH")
	flushTime := time.Since(start) - writeTime

	got, _, err := rows(conn, "SELECT * FROM total_view")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%d | %d | %d", total, len(users), wantAmount)
	if len(got) != 1 || got[0] != want {
		t.Errorf("total_view = %q, want [%q]", got, want)
	}
	got, _, err = rows(conn, "SELECT sum(n), sum(ids), sum(amount) FROM slow_view")
	if err != nil {
		t.Fatal(err)
	}
	want = fmt.Sprintf("%d | %d | %d", total, total, wantAmount)
	if len(got) != 1 || got[0] != want {
		t.Errorf("slow_view sums = %q, want [%q]", got, want)
	}
	// Each group's distinct users, computed here.
	perName := map[string]map[int]bool{}
	for id := range total {
		_, u, c, _ := row(id)
		name := fmt.Sprintf("campaign-%d", c%7)
		if perName[name] == nil {
			perName[name] = map[int]bool{}
		}
		perName[name][u] = true
	}
	got, _, err = rows(conn, "SELECT name, users FROM slow_view ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var wantRows []string
	for c := range 7 {
		name := fmt.Sprintf("campaign-%d", c)
		wantRows = append(wantRows, fmt.Sprintf("%s | %d", name, len(perName[name])))
	}
	if strings.Join(got, "\n") != strings.Join(wantRows, "\n") {
		t.Errorf("slow_view users per name:\n got %q\nwant %q", got, wantRows)
	}
	t.Logf("%d rows: INSERTs %v, COPY %v, FLUSH after the writer %v (%.0f rows/s end to end)",
		total, insertTime.Round(time.Millisecond), (writeTime - insertTime).Round(time.Millisecond),
		flushTime.Round(time.Millisecond), float64(total)/(writeTime+flushTime).Seconds())

	// One statement changing every row, one deleting half of them: huge change sets
	// through the same slow view.
	t0 := time.Now()
	mustExec(t, conn, "tributary", "UPDATE events SET amount = amount + 1")
	mustExec(t, conn, "tributary", "DELETE FROM events WHERE id % 2 = 1")
	mustExec(t, conn, "tributary", "FLUSH")
	users = map[int]bool{}
	wantAmount = 0
	kept := 0
	for id := 0; id < total; id += 2 {
		_, u, _, a := row(id)
		users[u] = true
		wantAmount += int64(a + 1)
		kept++
	}
	got, _, err = rows(conn, "SELECT * FROM total_view")
	if err != nil {
		t.Fatal(err)
	}
	want = fmt.Sprintf("%d | %d | %d", kept, len(users), wantAmount)
	if len(got) != 1 || got[0] != want {
		t.Errorf("after UPDATE and DELETE: total_view = %q, want [%q]", got, want)
	}
	got, _, err = rows(conn, "SELECT sum(n), sum(ids), sum(amount) FROM slow_view")
	if err != nil {
		t.Fatal(err)
	}
	want = fmt.Sprintf("%d | %d | %d", kept, kept, wantAmount)
	if len(got) != 1 || got[0] != want {
		t.Errorf("after UPDATE and DELETE: slow_view sums = %q, want [%q]", got, want)
	}
	t.Logf("UPDATE of %d rows, DELETE of %d, FLUSH: %v", total, total-kept, time.Since(t0).Round(time.Millisecond))
}

// TestFreshness: the seed's data_product_freshness computes seconds_stale from
// CURRENT_TIMESTAMP in the select list; it is re-evaluated every epoch, so it advances with
// the wall clock without any new data.
func TestFreshness(t *testing.T) {
	srv := testenv.StartTributary(t)
	conn := testenv.Connect(t, srv.URL)
	mustExec(t, conn, "tributary", impressions.ddl)
	mustExec(t, conn, "tributary", "CREATE MATERIALIZED VIEW paid_media_performance AS "+paidMediaPerformance)
	mustExec(t, conn, "tributary", `CREATE MATERIALIZED VIEW data_product_freshness AS
SELECT
    'paid_media_performance' AS product_name,
    MAX(window_end)          AS last_updated,
    EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - MAX(window_end))) AS seconds_stale
FROM paid_media_performance`)
	mustExec(t, conn, "tributary", `INSERT INTO paid_media_impressions VALUES
    ('i1', 'c1', 'ag1', 'cr1', 'google', 1.25, 'u1', now() - INTERVAL '1 hour'),
    ('i2', 'c1', 'ag1', 'cr1', 'meta', 0.5, 'u2', now() - INTERVAL '2 hours')`)
	mustExec(t, conn, "tributary", "FLUSH")
	read := func() (float64, time.Time) {
		t.Helper()
		got, _, err := rows(conn, "SELECT product_name, seconds_stale FROM data_product_freshness")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], "paid_media_performance | ") {
			t.Fatalf("data_product_freshness = %q", got)
		}
		f, err := strconv.ParseFloat(strings.TrimPrefix(got[0], "paid_media_performance | "), 64)
		if err != nil {
			t.Fatalf("seconds_stale: %v", err)
		}
		return f, time.Now()
	}
	s1, t1 := read()
	// The newest window ends 45-60 minutes ago (15-minute windows).
	if s1 < 44*60 || s1 > 61*60 {
		t.Errorf("seconds_stale = %v, want between 2640 and 3660", s1)
	}
	time.Sleep(2 * time.Second)
	s2, t2 := read() // no FLUSH: the periodic epoch (1 s) re-evaluates the view
	elapsed := t2.Sub(t1).Seconds()
	if d := s2 - s1; d < elapsed-1.6 || d > elapsed+0.5 {
		t.Errorf("seconds_stale went from %v to %v in %.2f s of wall clock (advanced %.3f s); want ≈ %.1f s (±1 s barrier interval)", s1, s2, elapsed, d, elapsed)
	}
	mustExec(t, conn, "tributary", "FLUSH")
	s3, t3 := read()
	if d, e := s3-s1, t3.Sub(t1).Seconds(); d < e-0.5 || d > e+0.5 {
		t.Errorf("after FLUSH seconds_stale advanced %.3f s in %.3f s of wall clock", d, e)
	}
	t.Logf("seconds_stale %.3f -> %.3f (no FLUSH, %.2f s later) -> %.3f (FLUSH, %.2f s after the first)", s1, s2, elapsed, s3, t3.Sub(t1).Seconds())
}

// correctedAttribution is the seed's cross_domain_attribution made valid: spend and reach
// come from impressions per (campaign, platform, 15-minute window), conversions are
// attributed through the users reached in the window (within 7 days of its start) without
// multiplying the spend by the number of conversions.
const correctedAttribution = `WITH reach AS (
    SELECT campaign_id, platform, window_start, user_id, SUM(cost_usd) AS spend, COUNT(*) AS impressions
    FROM %s
    GROUP BY campaign_id, platform, window_start, user_id
), performance AS (
    SELECT campaign_id, platform, window_start, COUNT(DISTINCT user_id) AS users_reached, SUM(spend) AS total_spend
    FROM reach GROUP BY campaign_id, platform, window_start
), attributed AS (
    SELECT r.campaign_id, r.platform, r.window_start, COUNT(cv.conversion_id) AS conversions, SUM(cv.revenue_usd) AS revenue
    FROM reach r JOIN crm_conversions cv
        ON r.user_id = cv.user_id
        AND cv.converted_at BETWEEN r.window_start AND r.window_start + INTERVAL '7 days'
    GROUP BY r.campaign_id, r.platform, r.window_start
)
SELECT p.campaign_id, p.platform, p.window_start, p.users_reached, p.total_spend,
    COALESCE(a.conversions, 0) AS attributed_conversions, a.revenue AS attributed_revenue,
    round((a.revenue / NULLIF(p.total_spend, 0))::numeric, 6) AS roas
FROM performance p LEFT JOIN attributed a
    ON p.campaign_id = a.campaign_id AND p.platform = a.platform AND p.window_start = a.window_start`

// TestCorrectedAttribution: the corrected attribution view, joining impression-level data
// with conversions by user and time window, equals PostgreSQL's result under random DML.
func TestCorrectedAttribution(t *testing.T) {
	seed := seedFromEnv(t)
	p := newPair(t, "attr")
	t.Logf("MVDIFF_SEED=%d", seed)
	createTables(t, p, &impressions, &crmConversions)
	vs := []view{
		{name: "paid_media_performance", tri: paidMediaPerformance, pg: paidMediaPerformancePG()},
		{name: "cross_domain_attribution",
			tri: fmt.Sprintf(correctedAttribution, "TUMBLE(paid_media_impressions, event_time, INTERVAL '15 minutes')"),
			pg:  fmt.Sprintf(correctedAttribution, tumblePG("paid_media_impressions", "event_time", "15 minutes")+" w")},
	}
	g := newGen(seed, "")
	var load []stmt
	for range 40 {
		load = append(load, g.insert(impressions.name, 20, false), g.insert(crmConversions.name, 10, false))
	}
	applyBoth(t, p, load, seed)
	createViews(t, p, vs)
	if m, _ := checkViews(t, p, vs, seed, "after backfill"); m > 0 {
		t.FailNow()
	}
	refreshKeys(t, p, g, &impressions, &crmConversions)
	rounds := 8
	for round := 1; round <= rounds; round++ {
		var stmts []stmt
		for range 150 {
			if g.chance(0.6) {
				stmts = append(stmts, g.next(impressions.name))
			} else {
				stmts = append(stmts, g.next(crmConversions.name))
			}
		}
		applyBoth(t, p, stmts, seed)
		m, n := checkViews(t, p, vs, seed, fmt.Sprintf("round %d", round))
		if m > 0 {
			t.FailNow()
		}
		if round == rounds {
			got, _, err := rows(p.pg, "SELECT (SELECT count(*) FROM cross_domain_attribution WHERE attributed_conversions > 0) || ' with attributed conversions; tables ' || (SELECT count(*) FROM paid_media_impressions) || ' impressions, ' || (SELECT count(*) FROM crm_conversions) || ' conversions'")
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("MVDIFF_SEED=%d: %d rounds, %d view rows (%s), equal to PostgreSQL", seed, rounds, n, got[0])
		}
		refreshKeys(t, p, g, &impressions, &crmConversions)
	}
}

// seedCrossDomainAttribution is the seed's statement, verbatim: pm.user_id does not exist
// (paid_media_performance has no user_id column).
const seedCrossDomainAttribution = `CREATE MATERIALIZED VIEW cross_domain_attribution AS
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

// TestSeedAttributionError: the seed's cross_domain_attribution fails with SQLSTATE 42703
// and a position on a reference to pm.user_id, as PostgreSQL does for the same statement
// (where the oracle is available, the positions must be equal).
func TestSeedAttributionError(t *testing.T) {
	srv := testenv.StartTributary(t)
	conn := testenv.Connect(t, srv.URL)
	mustExec(t, conn, "tributary", impressions.ddl)
	mustExec(t, conn, "tributary", crmConversions.ddl)
	mustExec(t, conn, "tributary", "CREATE MATERIALIZED VIEW paid_media_performance AS "+paidMediaPerformance)
	_, err := exec(conn, seedCrossDomainAttribution)
	pe := pgErrorOf(err)
	if pe == nil {
		t.Fatalf("tributary: got %v, want SQLSTATE 42703", err)
	}
	if pe.Code != "42703" {
		t.Fatalf("tributary: got %s, want SQLSTATE 42703", slt.DescribeError(err))
	}
	if pe.Position <= 0 {
		t.Fatalf("tributary: 42703 without a position: %s", slt.DescribeError(err))
	}
	at := string([]rune(seedCrossDomainAttribution)[pe.Position-1:])
	if !strings.HasPrefix(at, "pm.user_id") && !strings.HasPrefix(at, "user_id") {
		t.Errorf("tributary: position %d points at %.20q, want a reference to pm.user_id", pe.Position, at)
	}
	t.Logf("tributary: %s (position %d, hint %q)", pe.Message, pe.Position, pe.Hint)
	// Nothing was created; the server is still healthy.
	if _, err := exec(conn, "SELECT * FROM cross_domain_attribution"); pgErrorOf(err) == nil || pgErrorOf(err).Code != "42P01" {
		t.Errorf("after the failed CREATE: SELECT from cross_domain_attribution: %v, want 42P01", err)
	}

	if testenvOracle() == "" {
		return
	}
	pgURL := testenv.FreshDatabase(t, testenvOracle(), fmt.Sprintf("mvdiff_seederr_%d", srv.Port))
	pg := testenv.ConnectOracle(t, pgURL)
	mustExec(t, pg, "postgres", impressions.ddl)
	mustExec(t, pg, "postgres", crmConversions.ddl)
	mustExec(t, pg, "postgres", "CREATE VIEW paid_media_performance AS "+paidMediaPerformancePG())
	_, err = exec(pg, seedCrossDomainAttribution)
	ppe := pgErrorOf(err)
	if ppe == nil || ppe.Code != "42703" {
		t.Fatalf("postgres: got %v, want 42703", err)
	}
	if ppe.Position != pe.Position || ppe.Message != pe.Message {
		t.Errorf("position/message: postgres %d %q, tributary %d %q", ppe.Position, ppe.Message, pe.Position, pe.Message)
	}
}

// startAt starts a tributary server on dataDir (a restart when it holds data) and waits
// until it accepts connections; it returns the URL and a function that kills the server.
func startAt(t *testing.T, dataDir string) (string, func()) {
	t.Helper()
	bin := testenv.TributaryBinary(t)
	port := testenv.FreePort(t)
	url := fmt.Sprintf("postgres://root@127.0.0.1:%d/dev?sslmode=disable", port)
	var out strings.Builder
	var mu sync.Mutex
	cmd := osexec.Command(bin, "server", "--listen", fmt.Sprintf("127.0.0.1:%d", port), "--data-dir", dataDir)
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return out.Write(p) })
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	kill := func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Kill()
			<-done
		}
	}
	t.Cleanup(func() {
		kill()
		if t.Failed() {
			mu.Lock()
			t.Logf("server output (%s):\n%s", dataDir, out.String())
			mu.Unlock()
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		c, err := pgx.Connect(ctx, url)
		cancel()
		if err == nil {
			_ = c.Close(context.Background())
			return url, kill
		}
		select {
		case <-done:
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("server exited: %v\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not accept connections in 60 s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestRestart: after random DML and a killed server (no clean shutdown), the restarted
// server rebuilds every view from its tables; they equal PostgreSQL's results, and keep
// being maintained afterwards.
func TestRestart(t *testing.T) {
	seed := seedFromEnv(t)
	admin := testenv.OracleURL(t)
	dataDir := t.TempDir()
	url, kill := startAt(t, dataDir)
	pgURL := testenv.FreshDatabase(t, admin, fmt.Sprintf("mvdiff_restart_%d", os.Getpid()))
	p := &pair{tri: testenv.Connect(t, url), pg: testenv.ConnectOracle(t, pgURL), triURL: url, pgURL: pgURL}
	t.Logf("MVDIFF_SEED=%d", seed)
	g := newGen(seed, "")
	vs := allViews()
	createTables(t, p, allTables...)
	createViews(t, p, vs)
	ops := int(envInt(t, "MVDIFF_RESTART_OPS", 1500))
	dml := func(n int) {
		stmts := make([]stmt, n)
		for i := range stmts {
			stmts[i] = g.next(g.pickTable())
		}
		applyBoth(t, p, stmts, seed)
	}
	for k := range campaignKeys {
		applyBoth(t, p, []stmt{same("INSERT INTO campaigns VALUES (" + g.row(campaigns.name, fmt.Sprintf("c%02d", k)) + ")")}, seed)
	}
	refreshKeys(t, p, g, allTables...)
	dml(ops)
	if m, _ := checkViews(t, p, vs, seed, "before the restart"); m > 0 {
		t.FailNow()
	}
	// Changes after the last FLUSH are committed to the tables: the rebuilt views hold them.
	dml(200)
	kill()
	url, _ = startAt(t, dataDir)
	p.tri = testenv.Connect(t, url)
	if m, _ := checkViews(t, p, vs, seed, "after the restart"); m > 0 {
		t.FailNow()
	}
	refreshKeys(t, p, g, allTables...)
	dml(ops / 2)
	if m, _ := checkViews(t, p, vs, seed, "after more DML"); m > 0 {
		t.FailNow()
	}
	t.Logf("MVDIFF_SEED=%d: %d views equal to PostgreSQL before and after a restart", seed, len(vs))
}

// TestCreateDuringWrites: views created (and dropped and re-created) while another
// connection keeps writing must start from a consistent snapshot: each change is either
// in the backfill or in the stream, never both or neither.
func TestCreateDuringWrites(t *testing.T) {
	seed := seedFromEnv(t)
	p := newPair(t, "create")
	t.Logf("MVDIFF_SEED=%d", seed)
	g := newGen(seed, "")
	vs := allViews()
	createTables(t, p, allTables...)
	var load []stmt
	for k := range campaignKeys {
		load = append(load, same("INSERT INTO campaigns VALUES ("+g.row(campaigns.name, fmt.Sprintf("c%02d", k))+")"))
	}
	for range 50 {
		load = append(load, g.insert(impressions.name, 10, false), g.insert(conversions.name, 5, false))
	}
	applyBoth(t, p, load, seed)
	refreshKeys(t, p, g, allTables...)
	for _, v := range vs {
		mustExec(t, p.pg, "postgres", "CREATE VIEW "+v.name+" AS "+v.pgSQL())
	}
	wTri, wPG := testenv.Connect(t, p.triURL), testenv.ConnectOracle(t, p.pgURL)
	stop := make(chan struct{})
	errc := make(chan error, 1)
	var written int
	go func() {
		defer close(errc)
		for {
			select {
			case <-stop:
				return
			default:
			}
			s := g.next(g.pickTable())
			if _, err := exec(wTri, s.tri); err != nil {
				errc <- fmt.Errorf("tributary: %s\n  %s", slt.DescribeError(err), s.tri)
				return
			}
			if _, err := exec(wPG, s.pg); err != nil {
				errc <- fmt.Errorf("postgres: %s\n  %s", slt.DescribeError(err), s.pg)
				return
			}
			written++
		}
	}()
	fail := func(format string, args ...any) {
		close(stop)
		<-errc
		t.Fatalf(format, args...)
	}
	for i, v := range vs {
		if _, err := exec(p.tri, "CREATE MATERIALIZED VIEW "+v.name+" AS "+v.tri); err != nil {
			fail("creating %s: %s", v.name, slt.DescribeError(err))
		}
		if i%5 == 4 { // drop and re-create the view just made (none depends on it yet)
			if _, err := exec(p.tri, "DROP MATERIALIZED VIEW "+v.name); err != nil {
				fail("dropping %s: %s", v.name, slt.DescribeError(err))
			}
			if _, err := exec(p.tri, "CREATE MATERIALIZED VIEW "+v.name+" AS "+v.tri); err != nil {
				fail("re-creating %s: %s", v.name, slt.DescribeError(err))
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	close(stop)
	if err := <-errc; err != nil {
		t.Fatalf("MVDIFF_SEED=%d writer: %v", seed, err)
	}
	if m, _ := checkViews(t, p, vs, seed, "views created during writes"); m > 0 {
		t.FailNow()
	}
	t.Logf("MVDIFF_SEED=%d: %d views created during %d concurrent DML statements, equal to PostgreSQL", seed, len(vs), written)
}

// TestFlushVisibility: FLUSH on one connection makes every change acknowledged earlier on
// any connection visible in every view, views on views included; with rw_implicit_flush a
// DML statement returns only when its changes are visible in every view.
func TestFlushVisibility(t *testing.T) {
	srv := testenv.StartTributary(t)
	conn := testenv.Connect(t, srv.URL)
	for _, sql := range []string{
		"CREATE TABLE hits (id BIGINT PRIMARY KEY, writer INT, v INT)",
		"CREATE MATERIALIZED VIEW hits_n AS SELECT COUNT(*) AS n FROM hits",
		"CREATE MATERIALIZED VIEW hits_by_writer AS SELECT writer, COUNT(*) AS n, MAX(id) AS last FROM hits GROUP BY writer",
		"CREATE MATERIALIZED VIEW hits_top AS SELECT SUM(n) AS n FROM hits_by_writer",
		"CREATE MATERIALIZED VIEW hits_top2 AS SELECT n * 1 AS n FROM hits_top",
	} {
		mustExec(t, conn, "tributary", sql)
	}
	const writers = 3
	per := int(envInt(t, "MVDIFF_FLUSH_OPS", 400))
	var acked [writers]atomicInt
	errc := make(chan error, writers)
	var wg sync.WaitGroup
	for w := range writers {
		c := testenv.Connect(t, srv.URL)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				if _, err := exec(c, fmt.Sprintf("INSERT INTO hits VALUES (%d, %d, %d)", int64(w)<<32|int64(i), w, i)); err != nil {
					errc <- err
					return
				}
				acked[w].store(int64(i + 1))
			}
		}()
	}
	checker := testenv.Connect(t, srv.URL)
	checks := 0
	for {
		var before int64
		for w := range writers {
			before += acked[w].load()
		}
		if _, err := exec(checker, "FLUSH"); err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{"hits_n", "hits_top", "hits_top2"} {
			got, _, err := rows(checker, "SELECT n FROM "+v)
			if err != nil {
				t.Fatal(err)
			}
			n := int64(0)
			if len(got) == 1 && got[0] != "NULL" {
				n, _ = strconv.ParseInt(got[0], 10, 64)
			}
			if n < before {
				t.Fatalf("after FLUSH %s = %d, but %d inserts were acknowledged before the FLUSH", v, n, before)
			}
		}
		checks++
		if before == writers*int64(per) {
			break
		}
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}

	// rw_implicit_flush: the statement returns once its changes are in every view.
	mustExec(t, conn, "tributary", "SET rw_implicit_flush TO true")
	reader := testenv.Connect(t, srv.URL)
	want := int64(writers * per)
	for i := range 50 {
		mustExec(t, conn, "tributary", fmt.Sprintf("INSERT INTO hits VALUES (%d, 99, 0)", int64(99)<<32|int64(i)))
		want++
		for _, v := range []string{"hits_n", "hits_top2"} {
			got, _, err := rows(reader, "SELECT n FROM "+v)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0] != strconv.FormatInt(want, 10) {
				t.Fatalf("rw_implicit_flush: after INSERT %d, %s on another connection = %q, want %d", i, v, got, want)
			}
		}
	}
	t.Logf("%d FLUSH checks under %d writers; 50 implicitly flushed INSERTs visible at once", checks, writers)
}

type atomicInt struct {
	mu sync.Mutex
	v  int64
}

func (a *atomicInt) store(v int64) { a.mu.Lock(); a.v = v; a.mu.Unlock() }
func (a *atomicInt) load() int64   { a.mu.Lock(); defer a.mu.Unlock(); return a.v }
