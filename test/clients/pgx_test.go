package clients

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// slowQuery never finishes in a test's lifetime (10^12 rows through an aggregate): the
// cancellation tests rely on it.
const slowQuery = `SELECT count(*), sum(a.x + b.y) FROM generate_series(1, 1000000) AS a(x) CROSS JOIN generate_series(1, 1000000) AS b(y)`

// execMode is one way pgx talks the extended (or simple) protocol.
type execMode struct {
	name    string
	mode    pgx.QueryExecMode
	formats pgx.QueryResultFormats // nil: pgx's choice (binary where it can)
}

func allFormats(code int16) pgx.QueryResultFormats {
	f := make(pgx.QueryResultFormats, len(allTypes))
	for i := range f {
		f[i] = code
	}
	return f
}

var pgxModes = []execMode{
	{"cache_statement", pgx.QueryExecModeCacheStatement, nil},
	{"cache_statement_text", pgx.QueryExecModeCacheStatement, allFormats(pgx.TextFormatCode)},
	{"cache_describe_binary", pgx.QueryExecModeCacheDescribe, allFormats(pgx.BinaryFormatCode)},
	{"cache_describe_text", pgx.QueryExecModeCacheDescribe, allFormats(pgx.TextFormatCode)},
	{"describe_exec", pgx.QueryExecModeDescribeExec, nil},
	{"exec", pgx.QueryExecModeExec, nil},
	{"simple_protocol", pgx.QueryExecModeSimpleProtocol, nil},
}

// connectCancelable connects with pgx's CancelRequest context handler: a cancelled context
// sends a CancelRequest and waits for the server's answer, so the connection survives (pgx's
// default instead closes the socket at once).
func connectCancelable(t testing.TB, url string, mode pgx.QueryExecMode) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DefaultQueryExecMode = mode
	cfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, CancelRequestDelay: 0, DeadlineDelay: 15 * time.Second}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

func TestPgx(t *testing.T) {
	timed(t)
	url := target(t)
	conn := connect(t, url)
	mustExec(t, conn, createAllTypes("all_types"))

	t.Run("types", func(t *testing.T) {
		for mi, m := range pgxModes {
			t.Run(m.name, func(t *testing.T) { pgxRoundTrip(t, conn, m, 100*(mi+1)) })
		}
	})
	t.Run("copy_from", func(t *testing.T) {
		// pgx.CopyFrom: COPY all_types FROM STDIN in the binary format, every type.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cols := []string{"id"}
		for _, c := range allTypes {
			cols = append(cols, c.col)
		}
		var src [][]any
		for r := 0; r < 3; r++ {
			row := []any{int32(5000 + r)}
			for _, c := range allTypes {
				if r < 2 {
					row = append(row, c.vals[r])
				} else {
					row = append(row, nil)
				}
			}
			src = append(src, row)
		}
		n, err := conn.CopyFrom(ctx, pgx.Identifier{"all_types"}, cols, pgx.CopyFromRows(src))
		if err != nil || n != 3 {
			t.Fatalf("pgx CopyFrom (binary COPY) of every type: %d rows, %v", n, err)
		}
		for r := 0; r < 3; r++ {
			dsts := newScanDsts()
			if err := conn.QueryRow(ctx, selectAllTypes("all_types"), int32(5000+r)).Scan(dsts...); err != nil {
				t.Fatalf("reading copied row %d: %v", r, err)
			}
			for i, c := range allTypes {
				var want any
				if r < 2 {
					want = c.vals[r]
				}
				if got := scanned(dsts[i]); !c.equal(want, got) {
					t.Errorf("pgx CopyFrom: %s (%s) row %d: got %#v, want %#v", c.col, c.sqlType, r, got, want)
				}
			}
		}
	})
	t.Run("batch", func(t *testing.T) {
		for _, m := range pgxModes {
			if m.formats != nil {
				continue // a batch uses the connection's mode
			}
			t.Run(m.name, func(t *testing.T) { pgxBatch(t, url, m) })
		}
	})
	t.Run("failed_transaction", func(t *testing.T) {
		// An error inside BEGIN … puts the session in the failed state (25P02) until
		// ROLLBACK (docs/sql.md): both an error found while planning and one raised while
		// the rows stream (division by zero in the select list).
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		mustExec(t, conn, "CREATE TABLE tx_t (id int PRIMARY KEY)", "INSERT INTO tx_t VALUES (1), (2)")
		query := func(q string, mode pgx.QueryExecMode) error {
			// Query, not Exec: pgx's Exec without arguments always uses the simple protocol.
			rows, err := conn.Query(ctx, q, mode)
			if err != nil {
				return err
			}
			for rows.Next() {
			}
			rows.Close()
			return rows.Err()
		}
		for _, c := range []struct{ q, code string }{
			{"SELEC 1", "42601"},
			{"SELECT no_such_column FROM tx_t", "42703"},
			{"SELECT 1 / (id - id) FROM tx_t", "22012"},
		} {
			for _, m := range []execMode{pgxModes[0], pgxModes[len(pgxModes)-1]} {
				if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
					t.Fatal(err)
				}
				if err := query(c.q, m.mode); sqlstate(err) != c.code {
					t.Errorf("pgx %s in a transaction: %s: err %v, want %s", m.name, c.q, err, c.code)
				}
				if err := query("SELECT 1", m.mode); sqlstate(err) != "25P02" {
					t.Errorf("pgx %s: SELECT 1 after %q failed in a transaction: err %v, want SQLSTATE 25P02", m.name, c.q, err)
				}
				if _, err := conn.Exec(ctx, "ROLLBACK"); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
	t.Run("cancel", func(t *testing.T) {
		for _, m := range pgxModes {
			if m.formats != nil || m.mode == pgx.QueryExecModeCacheDescribe || m.mode == pgx.QueryExecModeDescribeExec {
				continue
			}
			t.Run(m.name, func(t *testing.T) { pgxCancel(t, url, m.mode) })
		}
	})
}

// pgxRoundTrip inserts rows id, id+1 (the two values of every type) and id+2 (all NULL) with
// parameters, reads each back by id, and finds each by `col = $1`.
func pgxRoundTrip(t *testing.T, conn *pgx.Conn, m execMode, id int) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ins := insertAllTypes("all_types")
	for r := 0; r < 3; r++ {
		args := []any{m.mode, int32(id + r)}
		for _, c := range allTypes {
			if r < 2 {
				args = append(args, c.vals[r])
			} else {
				args = append(args, nil)
			}
		}
		tag, err := conn.Exec(ctx, ins, args...)
		if err != nil {
			t.Fatalf("pgx %s: %s with row %d: %v", m.name, ins, r, err)
		}
		if tag.String() != "INSERT 0 1" {
			t.Errorf("pgx %s: insert tag %q, want INSERT 0 1", m.name, tag)
		}
	}
	sel := selectAllTypes("all_types")
	for r := 0; r < 3; r++ {
		args := []any{m.mode}
		if m.formats != nil {
			args = append(args, m.formats)
		}
		args = append(args, int32(id+r))
		dsts := newScanDsts()
		if err := conn.QueryRow(ctx, sel, args...).Scan(dsts...); err != nil {
			t.Errorf("pgx %s: %s (id %d): %v", m.name, sel, id+r, err)
			continue
		}
		for i, c := range allTypes {
			var want any
			if r < 2 {
				want = c.vals[r]
			}
			if got := scanned(dsts[i]); !c.equal(want, got) {
				t.Errorf("pgx %s: %s (%s) row %d: got %#v, want %#v", m.name, c.col, c.sqlType, r, got, want)
			}
		}
	}
	for _, c := range allTypes {
		for r := 0; r < 2; r++ {
			q := fmt.Sprintf("SELECT count(*) FROM all_types WHERE %s = $1 AND id = $2", c.col)
			var n int64
			if err := conn.QueryRow(ctx, q, m.mode, c.vals[r], int32(id+r)).Scan(&n); err != nil {
				t.Errorf("pgx %s: %s with %s %#v: %v", m.name, q, c.sqlType, c.vals[r], err)
			} else if n != 1 {
				t.Errorf("pgx %s: %s with %s %#v: count %d, want 1", m.name, q, c.sqlType, c.vals[r], n)
			}
		}
		q := fmt.Sprintf("SELECT count(*) FROM all_types WHERE %s IS NULL AND id = $1", c.col)
		var n int64
		if err := conn.QueryRow(ctx, q, m.mode, int32(id+2)).Scan(&n); err != nil || n != 1 {
			t.Errorf("pgx %s: %s: count %d, err %v; want 1", m.name, q, n, err)
		}
	}
}

func pgxBatch(t *testing.T, url string, m execMode) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	mode := m.mode
	conn := connectCancelable(t, url, mode)
	table := "batch_" + m.name
	mustExec(t, conn, "CREATE TABLE "+table+" (id int PRIMARY KEY, v text, n numeric)")

	b := &pgx.Batch{}
	b.Queue("INSERT INTO "+table+" VALUES ($1, $2, $3)", 1, "one", "1.5")
	b.Queue("INSERT INTO "+table+" VALUES ($1, $2, $3)", 2, "two", "2")
	b.Queue("INSERT INTO "+table+" VALUES ($1, $2, $3)", 3, nil, nil)
	b.Queue("UPDATE "+table+" SET v = $1 WHERE id = $2", "TWO", 2)
	b.Queue("SELECT id, v FROM " + table + " ORDER BY id")
	b.Queue("SELECT count(*), sum(n) FROM "+table+" WHERE v IS NOT NULL AND id > $1", 0)
	br := conn.SendBatch(ctx, b)
	for i, want := range []string{"INSERT 0 1", "INSERT 0 1", "INSERT 0 1", "UPDATE 1"} {
		tag, err := br.Exec()
		if err != nil {
			t.Fatalf("pgx batch (%s) statement %d: %v", mode, i, err)
		}
		if tag.String() != want {
			t.Errorf("pgx batch (%s) statement %d: tag %q, want %q", mode, i, tag, want)
		}
	}
	rows, err := br.Query()
	if err != nil {
		t.Fatalf("pgx batch (%s) SELECT: %v", mode, err)
	}
	var got []string
	for rows.Next() {
		var id int32
		var v *string
		if err := rows.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		if v == nil {
			got = append(got, fmt.Sprintf("%d:NULL", id))
		} else {
			got = append(got, fmt.Sprintf("%d:%s", id, *v))
		}
	}
	if err := rows.Err(); err != nil {
		t.Errorf("pgx batch (%s) SELECT: %v", mode, err)
	}
	if g := strings.Join(got, ","); g != "1:one,2:TWO,3:NULL" {
		t.Errorf("pgx batch (%s) SELECT: got %s, want 1:one,2:TWO,3:NULL", mode, g)
	}
	var n int64
	var sum string
	if err := br.QueryRow().Scan(&n, &sum); err != nil || n != 2 || sum != "3.5" {
		t.Errorf("pgx batch (%s) aggregate: count %d sum %q err %v; want 2, 3.5", mode, n, sum, err)
	}
	if err := br.Close(); err != nil {
		t.Errorf("pgx batch (%s) close: %v", mode, err)
	}

	// A failing statement inside a batch: the error is reported and the statements queued
	// after it are skipped (PostgreSQL skips to the Sync); the connection stays usable. The
	// insert queued before it is rolled back by PostgreSQL (the batch is one implicit
	// transaction) but kept by tributary, which commits every statement on its own
	// (docs/sql.md, Transactions).
	if mode == pgx.QueryExecModeSimpleProtocol {
		return // pgx sends a simple-protocol batch as one multi-statement Query: not a pipeline
	}
	b = &pgx.Batch{}
	b.Queue("INSERT INTO "+table+" VALUES ($1, $2, $3)", 10, "ten", nil)
	b.Queue("SELECT 1 / (id - id) FROM "+table+" WHERE id = $1", 1)
	b.Queue("INSERT INTO "+table+" VALUES ($1, $2, $3)", 11, "eleven", nil)
	err = conn.SendBatch(ctx, b).Close()
	if code := sqlstate(err); code != "22012" {
		t.Errorf("pgx batch (%s) with a division by zero: err %v, want SQLSTATE 22012", mode, err)
	}
	var ids []int32
	rows, err = conn.Query(ctx, "SELECT id FROM "+table+" WHERE id >= 10 ORDER BY id")
	if err == nil {
		ids, err = pgx.CollectRows(rows, pgx.RowTo[int32])
	}
	if err != nil {
		t.Fatalf("pgx (%s) after a failed batch: %v", mode, err)
	}
	want := []int32{10}
	if oracle() {
		want = nil
	}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("pgx batch (%s) failing at its 2nd statement: rows %v kept, want %v (the 3rd statement must be skipped)", mode, ids, want)
	}
}

func pgxCancel(t *testing.T, url string, mode pgx.QueryExecMode) {
	conn := connectCancelable(t, url, mode)
	check := func(what string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		start := time.Now()
		var n, sum int64
		err := conn.QueryRow(ctx, slowQuery).Scan(&n, &sum)
		elapsed := time.Since(start)
		if code := sqlstate(err); code != "57014" {
			t.Errorf("pgx %s (%s): %s with a 500ms deadline: err %v (after %v), want SQLSTATE 57014", mode, what, slowQuery, err, elapsed)
		}
		if elapsed > 10*time.Second {
			t.Errorf("pgx %s (%s): the cancelled query returned only after %v", mode, what, elapsed)
		}
		t.Logf("pgx %s (%s): cancelled query returned after %v (deadline 500ms)", mode, what, elapsed.Round(time.Millisecond))
		if conn.IsClosed() {
			t.Fatalf("pgx %s (%s): the connection was closed by the cancel", mode, what)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	check("autocommit")
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("pgx %s: SELECT 1 after a cancel: %v", mode, err)
	}

	// Inside a transaction the cancel aborts it (25P02 until ROLLBACK), as in PostgreSQL.
	if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
		t.Fatalf("BEGIN: %v", err)
	}
	check("in a transaction")
	if _, err := conn.Exec(ctx, "SELECT 1"); sqlstate(err) != "25P02" {
		t.Errorf("pgx %s: SELECT 1 in the aborted transaction: err %v, want SQLSTATE 25P02", mode, err)
	}
	if _, err := conn.Exec(ctx, "ROLLBACK"); err != nil {
		t.Fatalf("ROLLBACK: %v", err)
	}
	if err := conn.QueryRow(ctx, "SELECT 2").Scan(&one); err != nil || one != 2 {
		t.Errorf("pgx %s: SELECT 2 after ROLLBACK: %d %v", mode, one, err)
	}
}
