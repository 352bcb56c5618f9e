package clients

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/lib/pq"
)

// TestLibPQ drives the server through database/sql and lib/pq, which sends every
// parameter as text with an unspecified type (the server infers it) and reads text results.
func TestLibPQ(t *testing.T) {
	timed(t)
	url := target(t)
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(2)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, createAllTypes("pq_types")); err != nil {
		t.Fatalf("lib/pq: %v", err)
	}

	tstz := time.Date(2024, 6, 30, 22, 15, 0, 500000000, time.FixedZone("", 5*3600+30*60))
	// lib/pq parameter values, one per allTypes column (same order).
	params := []any{
		true, int64(-32768), int64(-2147483648), int64(9223372036854775807), float64(1.5), float64(0.1),
		"12345678901234567890.0123456789", "héllo, wörld ☃ 'quoted' \"dq\" \\ back", "varchar value",
		[]byte{0, 1, 2, 0xfe, 0xff, '\\', '\''},
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "23:59:59.999999",
		time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC), tstz,
		"1 year 2 mons 3 days 04:05:06.789", `{"a": 1, "b": [true, null, "x"]}`,
		pq.Array([]int64{1, -2, 3}), pq.Array([]string{"a b", "c,d", `"q"`, "", "NULL"}),
	}
	if len(params) != len(allTypes) {
		t.Fatalf("params: %d values for %d types", len(params), len(allTypes))
	}

	t.Run("prepared_insert", func(t *testing.T) {
		stmt, err := db.PrepareContext(ctx, insertAllTypes("pq_types"))
		if err != nil {
			t.Fatalf("lib/pq prepare %s: %v", insertAllTypes("pq_types"), err)
		}
		defer stmt.Close()
		if _, err := stmt.ExecContext(ctx, append([]any{1}, params...)...); err != nil {
			t.Fatalf("lib/pq insert with params: %v", err)
		}
		nulls := make([]any, len(params))
		if _, err := stmt.ExecContext(ctx, append([]any{2}, nulls...)...); err != nil {
			t.Fatalf("lib/pq insert with NULL params: %v", err)
		}
	})

	t.Run("select", func(t *testing.T) {
		var (
			b                 bool
			i2, i4, i8        int64
			f4, f8            float64
			n, tx, vc, iv, js string
			by                []byte
			d, tm, ts, tz     time.Time
			ai                []int64
			at                []string
		)
		err := db.QueryRowContext(ctx, selectAllTypes("pq_types"), 1).Scan(&b, &i2, &i4, &i8, &f4, &f8, &n, &tx, &vc, &by,
			&d, &tm, &ts, &tz, &iv, &js, pq.Array(&ai), pq.Array(&at))
		if err != nil {
			t.Fatalf("lib/pq %s: %v", selectAllTypes("pq_types"), err)
		}
		check := func(col string, ok bool, got, want any) {
			t.Helper()
			if !ok {
				t.Errorf("lib/pq %s: got %#v, want %#v", col, got, want)
			}
		}
		check("b", b, b, true)
		check("i2", i2 == -32768, i2, -32768)
		check("i4", i4 == -2147483648, i4, -2147483648)
		check("i8", i8 == 9223372036854775807, i8, int64(9223372036854775807))
		check("f4", f4 == 1.5, f4, 1.5)
		check("f8", f8 == 0.1, f8, 0.1)
		check("n", n == "12345678901234567890.0123456789", n, "12345678901234567890.0123456789")
		check("t", tx == params[7], tx, params[7])
		check("vc", vc == "varchar value", vc, "varchar value")
		check("by", bytes.Equal(by, params[9].([]byte)), by, params[9])
		check("d", d.Equal(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)), d, "2024-02-29")
		check("tm", tm.Hour() == 23 && tm.Minute() == 59 && tm.Second() == 59 && tm.Nanosecond() == 999999000, tm, "23:59:59.999999")
		check("ts", ts.Equal(time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC)), ts, "2024-01-02 03:04:05.123456")
		check("tstz", tz.Equal(tstz), tz, tstz)
		check("iv", iv == "1 year 2 mons 3 days 04:05:06.789", iv, "1 year 2 mons 3 days 04:05:06.789")
		check("j", js == `{"a": 1, "b": [true, null, "x"]}`, js, `{"a": 1, "b": [true, null, "x"]}`)
		check("ai", slices.Equal(ai, []int64{1, -2, 3}), ai, []int64{1, -2, 3})
		check("at", slices.Equal(at, []string{"a b", "c,d", `"q"`, "", "NULL"}), at, []string{"a b", "c,d", `"q"`, "", "NULL"})

		// The NULL row: every column NULL.
		dsts := make([]any, len(allTypes))
		for i := range dsts {
			dsts[i] = new(any)
		}
		if err := db.QueryRowContext(ctx, selectAllTypes("pq_types"), 2).Scan(dsts...); err != nil {
			t.Fatalf("lib/pq NULL row: %v", err)
		}
		for i, c := range allTypes {
			if v := *(dsts[i].(*any)); v != nil {
				t.Errorf("lib/pq NULL row: %s = %#v, want NULL", c.col, v)
			}
		}
	})

	t.Run("where_param", func(t *testing.T) {
		for i, c := range allTypes {
			q := fmt.Sprintf("SELECT count(*) FROM pq_types WHERE %s = $1 AND id = $2", c.col)
			var cnt int
			if err := db.QueryRowContext(ctx, q, params[i], 1).Scan(&cnt); err != nil {
				t.Errorf("lib/pq %s with %s param %#v: %v", q, c.sqlType, params[i], err)
			} else if cnt != 1 {
				t.Errorf("lib/pq %s with %s param %#v: count %d, want 1", q, c.sqlType, params[i], cnt)
			}
		}
	})

	t.Run("transaction", func(t *testing.T) {
		if _, err := db.ExecContext(ctx, "CREATE TABLE pq_tx (id int PRIMARY KEY, v text)"); err != nil {
			t.Fatal(err)
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		stmt, err := tx.PrepareContext(ctx, "INSERT INTO pq_tx VALUES ($1, $2)")
		if err != nil {
			t.Fatalf("lib/pq prepare in a transaction: %v", err)
		}
		for i := 1; i <= 5; i++ {
			if _, err := stmt.ExecContext(ctx, i, fmt.Sprintf("v%d", i)); err != nil {
				t.Fatalf("lib/pq insert %d in a transaction: %v", i, err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatalf("lib/pq commit: %v", err)
		}
		// A read-only transaction that ends in ROLLBACK (writes followed by ROLLBACK differ
		// on purpose: docs/sql.md, Transactions).
		tx, err = db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var cnt int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM pq_tx WHERE id > $1", 2).Scan(&cnt); err != nil || cnt != 3 {
			t.Errorf("lib/pq count in a transaction: %d (err %v), want 3", cnt, err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatalf("lib/pq rollback: %v", err)
		}
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM pq_tx").Scan(&cnt); err != nil || cnt != 5 {
			t.Errorf("lib/pq after committing 5 rows: count %d (err %v), want 5", cnt, err)
		}
	})

	t.Run("errors", func(t *testing.T) {
		for _, c := range []struct{ q, code string }{
			{"SELECT * FROM no_such_table", "42P01"},
			{"SELECT no_such_column FROM pq_tx", "42703"},
			{"SELEC 1", "42601"},
			{"SELECT 1 / (id - id) FROM pq_tx", "22012"},
			{"INSERT INTO pq_tx VALUES (NULL, 'no key')", "23502"},
			{"SELECT 'abc'::int", "22P02"},
		} {
			_, err := db.ExecContext(ctx, c.q)
			var pqErr *pq.Error
			if !errors.As(err, &pqErr) || string(pqErr.Code) != c.code {
				t.Errorf("lib/pq %s: err %v, want SQLSTATE %s", c.q, err, c.code)
			}
		}
	})

	t.Run("cancel", func(t *testing.T) {
		cctx, ccancel := context.WithTimeout(ctx, 500*time.Millisecond)
		defer ccancel()
		start := time.Now()
		var n, sum int64
		err := db.QueryRowContext(cctx, slowQuery).Scan(&n, &sum)
		elapsed := time.Since(start)
		var pqErr *pq.Error
		switch {
		case errors.As(err, &pqErr) && pqErr.Code == "57014":
		case errors.Is(err, context.DeadlineExceeded):
			// lib/pq reports the context's error when it noticed first; it sent the
			// CancelRequest all the same.
		default:
			t.Errorf("lib/pq %s with a 500ms deadline: err %v, want 57014 or a deadline error", slowQuery, err)
		}
		if elapsed > 10*time.Second {
			t.Errorf("lib/pq: the cancelled query returned after %v", elapsed)
		}
		// lib/pq discards a cancelled connection; the pool must reconnect and go on.
		var one int
		if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
			t.Errorf("lib/pq SELECT 1 after a cancel: %v", err)
		}
	})
}
