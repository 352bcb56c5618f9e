package pgwire

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	_ "github.com/lib/pq"
	"github.com/tributarydb/tributary/internal/base"
)

func connect(t testing.TB, ts *testServer, user string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, ts.url(user, ""))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func TestPgxBinaryRoundTripEveryType(t *testing.T) {
	ts := startServer(t, Config{})
	c := connect(t, ts, "root")
	ctx := context.Background()

	var num pgtype.Numeric
	if err := num.Scan("-12345678901234567890.000123"); err != nil {
		t.Fatal(err)
	}
	ts1 := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC)
	s1, s2 := "a", "b,c"
	cases := []struct {
		typ  string
		in   any
		out  any // pointer to scan into
		want any // expected dereferenced value (nil: in)
	}{
		{"bool", true, new(bool), nil},
		{"int2", int16(-7), new(int16), nil},
		{"int4", int32(123456), new(int32), nil},
		{"int8", int64(-9_000_000_000_000_000), new(int64), nil},
		{"float4", float32(1.5), new(float32), nil},
		{"float8", 3.25, new(float64), nil},
		{"numeric", num, new(pgtype.Numeric), nil},
		{"text", "héllo\x01", new(string), nil},
		{"varchar", "v", new(string), nil},
		{"bytea", []byte{0, 1, 2, 255}, new([]byte), nil},
		{"date", pgtype.Date{Time: time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), Valid: true}, new(pgtype.Date), nil},
		{"date", pgtype.Date{InfinityModifier: pgtype.Infinity, Valid: true}, new(pgtype.Date), nil},
		{"time", pgtype.Time{Microseconds: 13*3600e6 + 1, Valid: true}, new(pgtype.Time), nil},
		{"timestamp", ts1, new(time.Time), nil},
		{"timestamptz", ts1, new(time.Time), nil},
		{"timestamptz", pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}, new(pgtype.Timestamptz), nil},
		{"interval", pgtype.Interval{Months: 14, Days: -3, Microseconds: 5e6, Valid: true}, new(pgtype.Interval), nil},
		{"jsonb", map[string]any{"a": 1.0, "b": []any{"x"}}, new(map[string]any), nil},
		{"int8[]", []int64{1, 2, 3}, new([]int64), nil},
		{"int8[]", []int64{}, new([]int64), nil},
		{"text[]", []*string{&s1, nil, &s2}, new([]*string), nil},
		{"numeric[]", []pgtype.Numeric{num}, new([]pgtype.Numeric), nil},
		{"timestamptz[]", []time.Time{ts1}, new([]time.Time), nil},
		{"oid", uint32(4000000000), new(uint32), nil},
	}
	for _, tc := range cases {
		t.Run(tc.typ, func(t *testing.T) {
			if err := c.QueryRow(ctx, "echo "+tc.typ, tc.in).Scan(tc.out); err != nil {
				t.Fatalf("%s: %v", tc.typ, err)
			}
			got := reflect.ValueOf(tc.out).Elem().Interface()
			want := tc.want
			if want == nil {
				want = tc.in
			}
			if n, ok := got.(pgtype.Numeric); ok {
				gv, _ := n.Value()
				wv, _ := want.(pgtype.Numeric).Value()
				got, want = gv, wv
			}
			if tm, ok := got.(time.Time); ok {
				got = tm.UTC()
			}
			if tms, ok := got.([]time.Time); ok {
				for i := range tms {
					tms[i] = tms[i].UTC()
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: got %#v, want %#v", tc.typ, got, want)
			}
		})
	}
	// NULL of every kind comes back NULL.
	var p *int64
	if err := c.QueryRow(ctx, "echo int8", nil).Scan(&p); err != nil || p != nil {
		t.Fatalf("null: %v %v", p, err)
	}
}

func TestPgxPreparedAndBatch(t *testing.T) {
	ts := startServer(t, Config{})
	c := connect(t, ts, "root")
	ctx := context.Background()
	sd, err := c.Prepare(ctx, "q1", "echo int8 text")
	if err != nil {
		t.Fatal(err)
	}
	if len(sd.ParamOIDs) != 2 || sd.ParamOIDs[0] != base.OidInt8 || len(sd.Fields) != 2 {
		t.Fatalf("description: %+v", sd)
	}
	for i := range 3 {
		var n int64
		var s string
		if err := c.QueryRow(ctx, "q1", i, fmt.Sprint("x", i)).Scan(&n, &s); err != nil || n != int64(i) || s != fmt.Sprint("x", i) {
			t.Fatalf("prepared %d: %v %v %v", i, n, s, err)
		}
	}
	// Preparing the same name twice is an error (pgx's Prepare is idempotent
	// for the same SQL, so go below it).
	if _, err := c.PgConn().Prepare(ctx, "q1", "rows 1", nil); pgCode(err) != "42P05" {
		t.Fatalf("duplicate prepare: %v", err)
	}
	if err := c.Deallocate(ctx, "q1"); err != nil {
		t.Fatal(err)
	}

	b := &pgx.Batch{}
	b.Queue("echo int4", 1)
	b.Queue("rows 3")
	b.Queue("echo text", "z")
	br := c.SendBatch(ctx, b)
	var one int32
	if err := br.QueryRow().Scan(&one); err != nil || one != 1 {
		t.Fatal(one, err)
	}
	rows, _ := br.Query()
	ns, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (int64, error) {
		var n int64
		var s string
		err := r.Scan(&n, &s)
		return n, err
	})
	if err != nil || !reflect.DeepEqual(ns, []int64{0, 1, 2}) {
		t.Fatal(ns, err)
	}
	var z string
	if err := br.QueryRow().Scan(&z); err != nil || z != "z" {
		t.Fatal(z, err)
	}
	if err := br.Close(); err != nil {
		t.Fatal(err)
	}

	// Errors carry every field.
	_, err = c.Exec(ctx, "error")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "42P01" || pe.Detail != "some detail" || pe.Hint != "some hint" || pe.Position != 7 || pe.Severity != "ERROR" {
		t.Fatalf("error fields: %#v", err)
	}
	// Non-base errors are XX000; the connection survives both.
	if _, err := c.Exec(ctx, "internal"); pgCode(err) != "XX000" {
		t.Fatal(err)
	}
	if _, err := c.Exec(ctx, "echo int8", 1); err != nil {
		t.Fatal(err)
	}
	// More than one statement cannot be prepared.
	if _, err := c.Prepare(ctx, "", "rows 1; rows 2"); pgCode(err) != "42601" {
		t.Fatal(err)
	}
}

func TestPgxSimpleProtocol(t *testing.T) {
	ts := startServer(t, Config{})
	c := connect(t, ts, "root")
	ctx := context.Background()
	rows, err := c.Query(ctx, "rows 3", pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var n int64
		var s string
		if err := rows.Scan(&n, &s); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprint(n, s))
	}
	if rows.Err() != nil || strings.Join(got, "|") != "0row 0|1row 1|2row 2" {
		t.Fatal(got, rows.Err())
	}
	if tag := rows.CommandTag(); tag.String() != "SELECT 3" {
		t.Fatal(tag)
	}
	// Several statements in one Query; the first error stops the rest.
	res := c.PgConn().Exec(ctx, "create table t; rows 2; error; rows 5")
	all, err := res.ReadAll()
	if pgCode(err) != "42P01" || len(all) != 2 || all[0].CommandTag.String() != "CREATE TABLE" || len(all[1].Rows) != 2 {
		t.Fatalf("multi: %v %v", all, err)
	}
	// Empty query.
	all, err = c.PgConn().Exec(ctx, " ; ").ReadAll()
	if err != nil || len(all) != 1 || len(all[0].Rows) != 0 {
		t.Fatal(all, err)
	}
	// Syntax errors come from Parse.
	if _, err := c.Exec(ctx, "syntax", pgx.QueryExecModeSimpleProtocol); pgCode(err) != "42601" {
		t.Fatal(err)
	}
	// Transaction status reaches ReadyForQuery.
	if _, err := c.Exec(ctx, "begin", pgx.QueryExecModeSimpleProtocol); err != nil {
		t.Fatal(err)
	}
	if s := c.PgConn().TxStatus(); s != 'T' {
		t.Fatalf("tx status %c", s)
	}
	c.Exec(ctx, "fail", pgx.QueryExecModeSimpleProtocol)
	if s := c.PgConn().TxStatus(); s != 'E' {
		t.Fatalf("tx status %c", s)
	}
	c.Exec(ctx, "commit", pgx.QueryExecModeSimpleProtocol)
	if s := c.PgConn().TxStatus(); s != 'I' {
		t.Fatalf("tx status %c", s)
	}
}

func TestNoticesAndParameterStatus(t *testing.T) {
	ts := startServer(t, Config{})
	cfg, _ := pgx.ParseConfig(ts.url("root", ""))
	var mu sync.Mutex
	var notices []string
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
		mu.Lock()
		notices = append(notices, n.Severity+": "+n.Message)
		mu.Unlock()
	}
	c, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if v := c.PgConn().ParameterStatus("server_version"); v != "15.0 (Tributary 0.1)" {
		t.Fatal(v)
	}
	if _, err := c.Exec(context.Background(), "notice"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if len(notices) != 1 || notices[0] != "NOTICE: this is a notice" {
		t.Fatal(notices)
	}
	mu.Unlock()
	if _, err := c.Exec(context.Background(), "set tz Europe/Paris"); err != nil {
		t.Fatal(err)
	}
	if v := c.PgConn().ParameterStatus("TimeZone"); v != "Europe/Paris" {
		t.Fatal(v)
	}
	if pid := c.PgConn().PID(); pid == 0 {
		t.Fatal("no pid")
	}
}

func TestLibPQ(t *testing.T) {
	ts := startServer(t, Config{})
	db, err := sql.Open("postgres", ts.url("root", "sslmode=disable&application_name=pqtest"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("rows 2")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var i int64
		var s string
		if err := rows.Scan(&i, &s); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Fatal(n)
	}
	var i int64
	var s string
	if err := db.QueryRow("echo int8 text", 42, "hi").Scan(&i, &s); err != nil || i != 42 || s != "hi" {
		t.Fatal(i, s, err)
	}
	if _, err := db.Exec("error"); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatal(err)
	}
	info := <-ts.backend.connects
	if info.Params["application_name"] != "pqtest" || info.User != "root" || info.Database != "dev" {
		t.Fatalf("%+v", info)
	}
}

func TestCancel(t *testing.T) {
	ts := startServer(t, Config{})
	c := connect(t, ts, "root")

	// pgx cancels on context deadline with a CancelRequest.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := c.Exec(ctx, "sleep"); err == nil {
		t.Fatal("sleep returned no error")
	}
	select {
	case <-ts.backend.cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("statement context not cancelled")
	}

	// An explicit CancelRequest gives 57014 and the connection goes on.
	c2 := connect(t, ts, "root")
	errc := make(chan error, 1)
	go func() {
		_, err := c2.Exec(context.Background(), "sleeprows")
		errc <- err
	}()
	time.Sleep(100 * time.Millisecond)
	if err := c2.PgConn().CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to user request" {
			t.Fatalf("got %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancel did not arrive")
	}
	var n int32
	if err := c2.QueryRow(context.Background(), "echo int4", 5).Scan(&n); err != nil || n != 5 {
		t.Fatal(n, err)
	}
	// Server.Cancel (pg_cancel_backend) with an unknown pid.
	if ts.srv.Cancel(999999) {
		t.Fatal("cancelled a ghost")
	}
}

func TestCopyInOut(t *testing.T) {
	ts := startServer(t, Config{})
	c := connect(t, ts, "root")
	ctx := context.Background()

	// pgx.CopyFrom uses the binary COPY format.
	n, err := c.CopyFrom(ctx, pgx.Identifier{"t"}, []string{"id", "name"}, pgx.CopyFromRows([][]any{
		{int64(1), "one"}, {int64(2), nil}, {int64(3), "tab\there"},
	}))
	if err != nil || n != 3 {
		t.Fatal(n, err)
	}
	// Text and CSV through pgconn, split at awkward places.
	tag, err := c.PgConn().CopyFrom(ctx, strings.NewReader("4\tfour\\nlines\n5\t\\N\n"), "copy t from stdin")
	if err != nil || tag.String() != "COPY 2" {
		t.Fatal(tag, err)
	}
	tag, err = c.PgConn().CopyFrom(ctx, strings.NewReader("id,name\n6,\"six, \"\"quoted\"\"\"\n7,\n8,\"\"\n"), "copy t from stdin header csv")
	if err != nil || tag.String() != "COPY 3" {
		t.Fatal(tag, err)
	}
	// A bad row fails the COPY with 22P02 and the connection goes on.
	_, err = c.PgConn().CopyFrom(ctx, strings.NewReader("x\ty\n"), "copy t from stdin")
	if pgCode(err) != "22P02" {
		t.Fatal(err)
	}
	_, err = c.PgConn().CopyFrom(ctx, strings.NewReader("1\n"), "copy t from stdin")
	if pgCode(err) != "22P04" {
		t.Fatal(err)
	}

	var out bytes.Buffer
	tag, err = c.PgConn().CopyTo(ctx, &out, "copy t to stdout")
	if err != nil || tag.String() != "COPY 8" {
		t.Fatal(tag, err)
	}
	want := "1\tone\n2\t\\N\n3\ttab\\there\n4\tfour\\nlines\n5\t\\N\n6\tsix, \"quoted\"\n7\t\\N\n8\t\n"
	if out.String() != want {
		t.Fatalf("copy out:\n%q\nwant\n%q", out.String(), want)
	}
	out.Reset()
	if _, err = c.PgConn().CopyTo(ctx, &out, "copy t to stdout header csv"); err != nil {
		t.Fatal(err)
	}
	want = "id,name\n1,one\n2,\n3,tab\there\n4,\"four\nlines\"\n5,\n6,\"six, \"\"quoted\"\"\"\n7,\n8,\"\"\n"
	if out.String() != want {
		t.Fatalf("csv out:\n%q\nwant\n%q", out.String(), want)
	}
	// Binary out decodes back to the same rows.
	out.Reset()
	if _, err = c.PgConn().CopyTo(ctx, &out, "copy t to stdout binary"); err != nil {
		t.Fatal(err)
	}
	dec := NewCopyDecoder(copyCols, CopyFormat{Kind: CopyBinary}, nil)
	var rows [][]base.Datum
	for _, b := range out.Bytes() { // one byte at a time: chunking must not matter
		r, err := dec.Feed([]byte{b})
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r...)
	}
	if _, err := dec.Finish(); err != nil || len(rows) != 8 || rows[2][1].S != "tab\there" || !rows[6][1].Null {
		t.Fatal(rows, err)
	}
}

func openPQ(url string) (*sql.DB, error) { return sql.Open("postgres", url) }

// TestTextFormatRoundTrip sends each type's PostgreSQL text form as a text
// parameter and expects the same bytes back as a text result (pgconn, so
// no client-side conversion hides anything).
func TestTextFormatRoundTrip(t *testing.T) {
	ts := startServer(t, Config{})
	c := connect(t, ts, "root").PgConn()
	ctx := context.Background()
	cases := []struct{ typ, text string }{
		{"bool", "t"}, {"int2", "-7"}, {"int4", "2147483647"}, {"int8", "-9223372036854775808"},
		{"float4", "1.5"}, {"float8", "3.25"}, {"numeric", "-1.50"}, {"text", "héllo"}, {"varchar", "v"},
		{"bytea", `\x00ff`}, {"date", "2024-02-29"}, {"time", "13:14:15.123456"},
		{"timestamp", "2024-02-29 13:14:15.123456"}, {"timestamptz", "2024-02-29 13:14:15.123456+00"},
		{"interval", "1 year 2 mons -3 days +00:00:05"}, {"jsonb", `{"a": 1}`},
		{"int8[]", "{1,2,NULL}"}, {"text[]", `{a,"b c"}`}, {"oid", "42"},
	}
	for _, tc := range cases {
		res := c.ExecParams(ctx, "echo "+tc.typ, [][]byte{[]byte(tc.text)}, nil, nil, nil).Read()
		if res.Err != nil {
			t.Errorf("%s: %v", tc.typ, res.Err)
			continue
		}
		if got := string(res.Rows[0][0]); got != tc.text {
			t.Errorf("%s: got %q, want %q", tc.typ, got, tc.text)
		}
	}
	// The session time zone applies to timestamptz text output.
	if _, err := c.Exec(ctx, "set tz Europe/Paris").ReadAll(); err != nil {
		t.Fatal(err)
	}
	res := c.ExecParams(ctx, "echo timestamptz", [][]byte{[]byte("2024-02-29 13:14:15+00")}, nil, nil, nil).Read()
	if res.Err != nil || string(res.Rows[0][0]) != "2024-02-29 14:14:15+01" {
		t.Fatalf("%q %v", res.Rows, res.Err)
	}
}
