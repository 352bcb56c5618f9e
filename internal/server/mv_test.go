package server

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestMaterializedViewFollowsTable checks that a view over a table is
// backfilled, then follows inserts, updates and deletes once FLUSH returns,
// and that it is rebuilt exactly after a restart.
func TestMaterializedViewFollowsTable(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	func() {
		_, conn, stop := startStoppable(t, dir)
		defer stop()
		for _, q := range []string{
			"CREATE TABLE imp (id INT PRIMARY KEY, campaign VARCHAR, cost DOUBLE PRECISION, user_id VARCHAR)",
			"INSERT INTO imp VALUES (1, 'a', 1.5, 'u1'), (2, 'a', 2.5, 'u2'), (3, 'b', 1, 'u1')",
			"CREATE MATERIALIZED VIEW perf AS SELECT campaign, count(*) AS n, sum(cost) AS spend, count(DISTINCT user_id) AS users FROM imp GROUP BY campaign",
			"CREATE MATERIALIZED VIEW perf_a AS SELECT * FROM perf WHERE campaign = 'a'",
		} {
			if _, err := conn.Exec(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		checkMV(t, conn, "SELECT campaign, n, spend, users FROM perf ORDER BY campaign", "a 2 4 2|b 1 1 1")
		for _, q := range []string{
			"INSERT INTO imp VALUES (4, 'b', 3, 'u3'), (5, 'c', 0.5, 'u1')",
			"UPDATE imp SET campaign = 'c' WHERE id = 1",
			"DELETE FROM imp WHERE id = 2",
			"INSERT INTO imp VALUES (3, 'b', 10, 'u9')", // overwrite by key
			"FLUSH",
		} {
			if _, err := conn.Exec(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		checkMV(t, conn, "SELECT campaign, n, spend, users FROM perf ORDER BY campaign", "b 2 13 2|c 2 2 1")
		checkMV(t, conn, "SELECT campaign, n FROM perf_a", "")
	}()
	_, conn := startServer(t, dir)
	checkMV(t, conn, "SELECT campaign, n, spend, users FROM perf ORDER BY campaign", "b 2 13 2|c 2 2 1")
	if _, err := conn.Exec(ctx, "INSERT INTO imp VALUES (6, 'a', 7, 'u1')"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "FLUSH"); err != nil {
		t.Fatal(err)
	}
	checkMV(t, conn, "SELECT campaign, n FROM perf_a", "a 1")
	if _, err := conn.Exec(ctx, "DROP TABLE imp"); err == nil {
		t.Fatal("DROP TABLE with dependent views succeeded")
	}
	if _, err := conn.Exec(ctx, "DROP TABLE imp CASCADE"); err != nil {
		t.Fatal(err)
	}
}

func checkMV(t *testing.T, conn *pgx.Conn, q, want string) {
	t.Helper()
	rows, err := conn.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	got := ""
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		if got != "" {
			got += "|"
		}
		for i, v := range vals {
			if i > 0 {
				got += " "
			}
			got += fmt.Sprint(v)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if got != want {
		t.Fatalf("%s:\n got %q\nwant %q", q, got, want)
	}
}

// TestAppendOnlyMinMax checks the append-only specialization of min/max
// (only the current extreme is kept) against the batch engine over the
// same source rows.
func TestAppendOnlyMinMax(t *testing.T) {
	_, conn := startServer(t, t.TempDir())
	ctx := context.Background()
	for _, q := range []string{
		`CREATE SOURCE s (v INT, g INT, w VARCHAR) WITH (connector = 'datagen',
			fields.v.kind = 'sequence', fields.v.start = '1', fields.v.end = '3000',
			fields.g.kind = 'random', fields.g.min = '1', fields.g.max = '4', fields.g.seed = '7',
			fields.w.kind = 'random', fields.w.length = '5', fields.w.seed = '3',
			datagen.rows.per.second = '1000000') FORMAT PLAIN ENCODE JSON`,
		"CREATE MATERIALIZED VIEW mm AS SELECT g, min(v) AS lo, max(v) AS hi, min(w) AS wl, max(w) AS wh FROM s GROUP BY g",
		"CREATE MATERIALIZED VIEW raw AS SELECT * FROM s",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := conn.Exec(ctx, "FLUSH"); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM raw").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 3000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("datagen produced %d of 3000 rows", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var diff int
	err := conn.QueryRow(ctx, `SELECT count(*) FROM mm FULL JOIN
		(SELECT g, min(v) AS lo, max(v) AS hi, min(w) AS wl, max(w) AS wh FROM raw GROUP BY g) b USING (g)
		WHERE mm.lo IS DISTINCT FROM b.lo OR mm.hi IS DISTINCT FROM b.hi OR mm.wl IS DISTINCT FROM b.wl OR mm.wh IS DISTINCT FROM b.wh`).Scan(&diff)
	if err != nil {
		t.Fatal(err)
	}
	if diff != 0 {
		t.Fatalf("%d groups of the view differ from the batch result", diff)
	}
}
