package clients

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tributarydb/tributary/test/testenv"
)

const loadClients = 200

// loadDuration is CLIENTS_LOAD_SECONDS, else 30 s under CI and 5 s locally.
func loadDuration(t testing.TB) time.Duration {
	if v := os.Getenv("CLIENTS_LOAD_SECONDS"); v != "" {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n <= 0 {
			t.Fatalf("CLIENTS_LOAD_SECONDS=%q: want a positive number of seconds", v)
		}
		return time.Duration(n * float64(time.Second))
	}
	if testenv.CI() {
		return 30 * time.Second
	}
	return 5 * time.Second
}

// TestLoad: 200 concurrent pgx connections, each running a mix of point selects and an
// aggregate on a shared table, inserts into its own table and counts of it, for
// loadDuration. Zero errors allowed; every insert must be counted. Logs throughput, latency
// and the server's peak RSS (VmHWM).
func TestLoad(t *testing.T) {
	timed(t)
	dur := loadDuration(t)
	s := startServer(t, serverOpts{})
	setup := connect(t, s.RootURL())
	const sharedRows, groups = 1000, 10
	mustExec(t, setup,
		"CREATE TABLE load_shared (id int PRIMARY KEY, grp int NOT NULL, v float8, s text)",
		fmt.Sprintf("INSERT INTO load_shared SELECT i, i %% %d, i * 0.5, 'row ' || i FROM generate_series(1, %d) AS g(i)", groups, sharedRows),
	)
	for w := 0; w < loadClients; w++ {
		mustExec(t, setup, fmt.Sprintf("CREATE TABLE load_w%d (id int PRIMARY KEY, worker int, payload text)", w))
	}
	baseRSS, _ := peakRSS(s.PID())

	// Connect everyone first (concurrently), then start the clock.
	conns := make([]*pgx.Conn, loadClients)
	var wg sync.WaitGroup
	var connErrs atomic.Int64
	var firstErr sync.Once
	var firstErrMsg atomic.Value
	recordErr := func(msg string) {
		firstErr.Do(func() { firstErrMsg.Store(msg) })
	}
	connectStart := time.Now()
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			c, err := pgx.Connect(ctx, s.RootURL())
			if err != nil {
				connErrs.Add(1)
				recordErr(fmt.Sprintf("connect %d: %v", w, err))
				return
			}
			conns[w] = c
		}()
	}
	wg.Wait()
	connectTime := time.Since(connectStart)
	defer func() {
		for _, c := range conns {
			if c != nil {
				_ = c.Close(context.Background())
			}
		}
	}()
	if n := connErrs.Load(); n > 0 {
		t.Fatalf("%d of %d connections failed; first: %v", n, loadClients, firstErrMsg.Load())
	}

	type stats struct {
		ops, errs, inserted int64
		lat                 []time.Duration
		errMsgs             []string
	}
	results := make([]stats, loadClients)
	deadline := time.Now().Add(dur)
	start := time.Now()
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, st := conns[w], &results[w]
			table := fmt.Sprintf("load_w%d", w)
			fail := func(op string, err error) {
				st.errs++
				if len(st.errMsgs) < 3 {
					st.errMsgs = append(st.errMsgs, fmt.Sprintf("worker %d %s: %v", w, op, err))
				}
			}
			for i := 0; time.Now().Before(deadline); i++ {
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				t0 := time.Now()
				switch (i + w) % 4 {
				case 0:
					id := (w*7919+i*104729)%sharedRows + 1
					var sv string
					var v float64
					err := c.QueryRow(ctx, "SELECT s, v FROM load_shared WHERE id = $1", id).Scan(&sv, &v)
					if err != nil {
						fail("point select", err)
					} else if sv != fmt.Sprintf("row %d", id) || v != float64(id)*0.5 {
						fail("point select", fmt.Errorf("id %d: got (%q, %v)", id, sv, v))
					}
				case 1:
					rows, err := c.Query(ctx, "SELECT grp, count(*), sum(v) FROM load_shared GROUP BY grp ORDER BY grp")
					n := 0
					if err == nil {
						for rows.Next() {
							var g, cnt int64
							var sum float64
							if err = rows.Scan(&g, &cnt, &sum); err != nil {
								break
							}
							if g != int64(n) || cnt != sharedRows/groups {
								err = fmt.Errorf("group row %d: grp %d count %d", n, g, cnt)
								break
							}
							n++
						}
						rows.Close()
						if err == nil {
							err = rows.Err()
						}
					}
					if err == nil && n != groups {
						err = fmt.Errorf("%d groups, want %d", n, groups)
					}
					if err != nil {
						fail("aggregate", err)
					}
				case 2:
					tag, err := c.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2, $3)", st.inserted+1, w, strings.Repeat("x", 64))
					if err != nil {
						fail("insert", err)
					} else if tag.RowsAffected() != 1 {
						fail("insert", fmt.Errorf("tag %q", tag))
					} else {
						st.inserted++
					}
				case 3:
					var n int64
					if err := c.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
						fail("count", err)
					} else if n != st.inserted {
						fail("count", fmt.Errorf("%s has %d rows after %d acknowledged inserts", table, n, st.inserted))
					}
				}
				st.lat = append(st.lat, time.Since(t0))
				st.ops++
				cancel()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	var ops, errs, inserted int64
	var lat []time.Duration
	var msgs []string
	for _, st := range results {
		ops += st.ops
		errs += st.errs
		inserted += st.inserted
		lat = append(lat, st.lat...)
		msgs = append(msgs, st.errMsgs...)
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(float64(len(lat))*p))]
	}
	hwm, err := peakRSS(s.PID())
	if err != nil {
		t.Errorf("reading the server's peak RSS: %v", err)
	}
	t.Logf("load: %d connections (connected in %v), %v: %d ops (%.0f ops/s), %d inserts, %d errors; latency p50 %v p99 %v max %v",
		loadClients, connectTime.Round(time.Millisecond), elapsed.Round(time.Millisecond), ops, float64(ops)/elapsed.Seconds(),
		inserted, errs, pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), pct(1).Round(time.Microsecond))
	t.Logf("load: server peak RSS (VmHWM) %.1f MiB (%.1f MiB before the load)", float64(hwm)/1024, float64(baseRSS)/1024)
	if errs > 0 {
		if len(msgs) > 10 {
			msgs = msgs[:10]
		}
		t.Errorf("load: %d errors, e.g.:\n%s", errs, strings.Join(msgs, "\n"))
	}
	if ops == 0 {
		t.Fatalf("load: no operation completed")
	}
	for w, st := range results {
		if st.ops < 4 {
			t.Errorf("load: worker %d completed only %d operations", w, st.ops)
		}
	}

	// Afterwards: every acknowledged insert is there, and the server still answers.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var total int64
	for w := 0; w < loadClients; w++ {
		var n int64
		if err := setup.QueryRow(ctx, fmt.Sprintf("SELECT count(*) FROM load_w%d", w)).Scan(&n); err != nil {
			t.Fatalf("counting load_w%d: %v", w, err)
		}
		if n != results[w].inserted {
			t.Errorf("load_w%d holds %d rows, %d inserts were acknowledged", w, n, results[w].inserted)
		}
		total += n
	}
	if total != inserted {
		t.Errorf("load: %d rows in the worker tables, %d inserts acknowledged", total, inserted)
	}
}
