package server

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func execAll(t *testing.T, conn *pgx.Conn, qs ...string) {
	t.Helper()
	for _, q := range qs {
		if _, err := conn.Exec(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func wantSQLError(t *testing.T, conn *pgx.Conn, q, code, substr string) {
	t.Helper()
	_, err := conn.Exec(context.Background(), q)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != code || !strings.Contains(pe.Message+" "+pe.Hint, substr) {
		t.Fatalf("%s: got %v, want %s containing %q", q, err, code, substr)
	}
}

// waitFor polls q until it returns want (sources produce rows over time).
func waitFor(t *testing.T, conn *pgx.Conn, q, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var got string
		if err := conn.QueryRow(context.Background(), q).Scan(&got); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: got %q, want %q", q, got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestSourceDatagen(t *testing.T) {
	dir := t.TempDir()
	func() {
		_, conn, stop := startStoppable(t, dir)
		defer stop()
		execAll(t, conn,
			`CREATE SOURCE s (id INT, grp VARCHAR, v DOUBLE PRECISION) WITH (
			    connector = 'datagen', datagen.rows.per.second = '100000',
			    fields.id.kind = 'sequence', fields.id.start = '1', fields.id.end = '1000',
			    fields.grp.length = '1', fields.v.min = 1, fields.v.max = 1)`,
			`CREATE MATERIALIZED VIEW agg AS SELECT count(*) AS n, sum(id) AS s, count(DISTINCT id) AS d FROM s`,
		)
		waitFor(t, conn, "SELECT n || ' ' || s || ' ' || d FROM agg", "1000 500500 1000")
		wantSQLError(t, conn, "SELECT * FROM s", "0A000", "materialized view")
		wantSQLError(t, conn, "DROP SOURCE s", "2BP01", "")
		wantSQLError(t, conn, "CREATE SOURCE k (a INT) WITH (connector = 'pulsar', topic = 't') FORMAT PLAIN ENCODE JSON", "0A000", "not supported yet")
		wantSQLError(t, conn, "CREATE SOURCE k (a INT) WITH (connector = 'kafka', topic = 't') FORMAT PLAIN ENCODE JSON", "22023", "properties.bootstrap.server")
		wantSQLError(t, conn, "CREATE SOURCE k (a INT) WITH (connector = 'kafka', topic = 't', properties.bootstrap.server = 'x:9092', properties.no.such = '1') FORMAT PLAIN ENCODE JSON", "22023", "properties.no.such")
		wantSQLError(t, conn, "CREATE SOURCE k (a INT) WITH (connector = 'nope')", "0A000", "datagen")
		wantSQLError(t, conn, "CREATE SOURCE k (a INT) WITH (connector = 'datagen', datagen.rows.per.sec = '5')", "22023", "datagen.rows.per.second")
		wantSQLError(t, conn, "CREATE SOURCE k (a INT) WITH (connector = 'datagen', fields.b.kind = 'random')", "22023", `column "b"`)
	}()
	// Restart: the view is rebuilt, its reader regenerates the sequence.
	_, conn := startServer(t, dir)
	waitFor(t, conn, "SELECT n || ' ' || s FROM agg", "1000 500500")
	execAll(t, conn, "DROP MATERIALIZED VIEW agg", "DROP SOURCE s")
}

func TestSourceNexmarkAndPosixFS(t *testing.T) {
	srv, conn := startServer(t, t.TempDir())
	dir := t.TempDir()
	data := "{\"user_id\": \"u1\", \"url\": \"/a\", \"n\": 1}\nnot json\n{\"user_id\": \"u2\", \"url\": \"/b\", \"n\": 2}\n{\"user_id\": \"u1\", \"url\": \"/c\", \"n\": \"three\"}\n"
	if err := os.WriteFile(filepath.Join(dir, "clicks-1.jsonl"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	execAll(t, conn,
		`CREATE SOURCE bid WITH (connector = 'nexmark', nexmark.table.type = 'Bid', nexmark.event.num = '50000')`,
		`CREATE SOURCE auction WITH (connector = 'nexmark', nexmark.table.type = 'Auction', nexmark.event.num = '50000')`,
		// Nexmark q1 and a q4-like join + aggregate.
		`CREATE MATERIALIZED VIEW q1 AS SELECT auction, bidder, 0.908 * price AS price, date_time FROM bid`,
		`CREATE MATERIALIZED VIEW q4 AS SELECT Q.category, AVG(Q.final) AS avg FROM (
		   SELECT MAX(B.price) AS final, A.category FROM auction A, bid B
		   WHERE A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
		   GROUP BY A.id, A.category) Q GROUP BY Q.category`,
		"CREATE SOURCE clicks (user_id VARCHAR, url VARCHAR, n INT) WITH (connector = 'posix_fs', posix_fs.root = '"+dir+"', match_pattern = '*.jsonl') FORMAT PLAIN ENCODE JSON",
		`CREATE MATERIALIZED VIEW clicks_per_user AS SELECT user_id, count(*) AS c FROM clicks GROUP BY user_id`,
	)
	waitFor(t, conn, "SELECT count(*)::text FROM q1", "46000")
	waitFor(t, conn, "SELECT (count(*) > 0)::text FROM q4", "true")
	waitFor(t, conn, "SELECT coalesce(string_agg(user_id || '=' || c, ',' ORDER BY user_id), '') FROM clicks_per_user", "u1=1,u2=1")
	var errs int64
	for _, st := range srv.rt.Jobs() {
		errs += st.Errors
	}
	if errs != 2 {
		t.Fatalf("malformed lines counted: %d, want 2", errs)
	}
	wantSQLError(t, conn, "CREATE SOURCE c2 (a INT) WITH (connector = 'posix_fs', posix_fs.root = '/nonexistent') FORMAT PLAIN ENCODE JSON", "22023", "not a readable directory")
	wantSQLError(t, conn, "CREATE SOURCE c3 (a INT) WITH (connector = 'posix_fs', posix_fs.root = '"+dir+"') FORMAT PLAIN ENCODE AVRO", "0A000", "ENCODE JSON")
}
