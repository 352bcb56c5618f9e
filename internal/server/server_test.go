package server

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestTablesRoundTrip(t *testing.T) {
	_, conn := startServer(t, t.TempDir())
	ctx := context.Background()
	for _, q := range []string{
		"CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR, score DOUBLE PRECISION DEFAULT 1.5)",
		"INSERT INTO t VALUES (1, 'a', 2), (2, 'b', NULL)",
		"INSERT INTO t (id, name) VALUES (3, 'c')",
		"INSERT INTO t VALUES (1, 'a2', 3)", // RisingWave semantics: overwrite
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rows, err := conn.Query(ctx, "SELECT id, name, score FROM t ORDER BY id", pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		vals := rows.RawValues()
		s := ""
		for i, v := range vals {
			if i > 0 {
				s += "|"
			}
			if v == nil {
				s += "NULL"
			} else {
				s += string(v)
			}
		}
		got = append(got, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{"1|a2|3", "2|b|NULL", "3|c|1.5"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("row %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

func TestErrorsCarrySQLSTATE(t *testing.T) {
	_, conn := startServer(t, t.TempDir())
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "CREATE TABLE t (a INT NOT NULL, b INT)"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sql, code string }{
		{"SELECT * FROM nope", "42P01"},
		{"SELECT nope FROM t", "42703"},
		{"SELEC 1", "42601"},
		{"SELECT 1/0", "22012"},
		{"INSERT INTO t (b) VALUES (1)", "23502"},
		{"SELECT 2147483647::int + 1", "22003"},
		{"CREATE SOURCE s WITH (connector = 'pulsar')", "0A000"},
		{"SELECT (SELECT a FROM (VALUES (1), (2)) v(a))", "21000"},
	} {
		_, err := conn.Exec(ctx, c.sql)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) {
			t.Errorf("%s: got %v, want SQLSTATE %s", c.sql, err, c.code)
			continue
		}
		if pe.Code != c.code {
			t.Errorf("%s: got SQLSTATE %s (%s), want %s", c.sql, pe.Code, pe.Message, c.code)
		}
	}
}

func TestRestartKeepsCatalogAndRows(t *testing.T) {
	dir := t.TempDir()
	func() {
		_, conn, stop := startStoppable(t, dir)
		defer stop()
		ctx := context.Background()
		for _, q := range []string{
			"CREATE SCHEMA crm",
			"CREATE TABLE crm.c (id BIGINT PRIMARY KEY, v TEXT)",
			"INSERT INTO crm.c VALUES (1, 'x'), (2, 'y')",
			"CREATE TABLE nokey (v INT)",
			"INSERT INTO nokey VALUES (1), (1), (2)",
		} {
			if _, err := conn.Exec(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		conn.Close(ctx)
	}()
	_, conn := startServer(t, dir)
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM crm.c").Scan(&n); err != nil || n != 2 {
		t.Fatalf("crm.c after restart: n=%d err=%v", n, err)
	}
	if err := conn.QueryRow(context.Background(), "SELECT sum(v) FROM nokey").Scan(&n); err != nil || n != 4 {
		t.Fatalf("nokey after restart: sum=%d err=%v", n, err)
	}
}
