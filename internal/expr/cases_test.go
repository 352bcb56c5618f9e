package expr

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tributarydb/tributary/internal/base"
)

var pgURL = flag.String("pg", "", "PostgreSQL URL to regenerate testdata/exprs.expected (TimeZone must be UTC)")

func readCases(t *testing.T) []string {
	f, err := os.Open("testdata/exprs.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, l)
	}
	return out
}

// TestGenerateExpected runs every case on PostgreSQL and records its text
// output or SQLSTATE. It only runs with -pg.
func TestGenerateExpected(t *testing.T) {
	if *pgURL == "" {
		t.Skip("no -pg URL")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, *pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SET TimeZone = 'UTC'"); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range readCases(t) {
		if strings.HasPrefix(c, "@tz ") {
			if _, err := conn.Exec(ctx, "SET TimeZone = '"+c[4:]+"'"); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s\t@\n", c)
			continue
		}
		rows, err := conn.Query(ctx, "SELECT "+c, pgx.QueryExecModeSimpleProtocol)
		res := ""
		if err == nil {
			for rows.Next() {
				v := rows.RawValues()[0]
				if v == nil {
					res = "NULL"
				} else {
					res = "=" + strconv.Quote(string(v))
				}
			}
			err = rows.Err()
			rows.Close()
		}
		if err != nil {
			var pe *pgconn.PgError
			if errors.As(err, &pe) {
				res = "!" + pe.Code + " " + strconv.Quote(pe.Message)
			} else {
				t.Fatal(err)
			}
		}
		fmt.Fprintf(&b, "%s\t%s\n", c, res)
	}
	if err := os.WriteFile("testdata/exprs.expected", []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func evalForTest(e Expr, loc *time.Location) (base.Datum, error) {
	ctx := &Context{Now: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC).UnixMicro(), Location: loc}
	d, err := e.EvalRow(ctx, nil)
	if err != nil {
		return d, err
	}
	// The columnar path must agree with the row path.
	in := &base.Chunk{Rows: 3}
	v, verr := e.Eval(ctx, in)
	if verr != nil {
		return d, fmt.Errorf("Eval failed but EvalRow did not: %v", verr)
	}
	if v.Len() != 3 {
		return d, fmt.Errorf("Eval returned %d rows, want 3", v.Len())
	}
	for i := 0; i < 3; i++ {
		if g := v.Get(i); distinct(g, d) && !(g.Null && d.Null) {
			return d, fmt.Errorf("Eval row %d = %v, EvalRow = %v", i, formatText(g, e.Type(), nil), formatText(d, e.Type(), nil))
		}
	}
	return d, nil
}

// TestExprCases checks every case against PostgreSQL's recorded answer:
// the same text output, or an error with the same SQLSTATE.
func TestExprCases(t *testing.T) {
	data, err := os.ReadFile("testdata/exprs.expected")
	if err != nil {
		t.Skip("no expected file")
	}
	fails := 0
	total := 0
	loc := time.UTC
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		k := strings.LastIndexByte(line, '\t')
		src, want := line[:k], line[k+1:]
		if strings.HasPrefix(src, "@tz ") {
			l, ok := base.LookupTimeZone(src[4:])
			if !ok {
				t.Fatalf("zone %s", src)
			}
			loc = l
			continue
		}
		total++
		got := ""
		e, err := bindSQL(src)
		var d base.Datum
		if err == nil {
			d, err = evalForTest(e, loc)
		}
		switch {
		case err != nil:
			code := base.AsError(err).Code
			got = "!" + code + " " + strconv.Quote(err.Error())
		case d.Null:
			got = "NULL"
		default:
			got = "=" + strconv.Quote(formatText(d, e.Type(), loc))
		}
		ok := got == want
		if !ok && strings.HasPrefix(want, "!") && strings.HasPrefix(got, "!") {
			ok = got[:6] == want[:6] // same SQLSTATE; message wording may differ
		}
		if !ok {
			fails++
			t.Errorf("%s\n   got  %s\n   want %s", src, got, want)
		}
	}
	t.Logf("%d/%d cases match PostgreSQL", total-fails, total)
}
