package slt

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

const sample = `# a comment
statement ok
CREATE TABLE t (a int)

statement count 2
INSERT INTO t
VALUES (1), (2)

statement error 42P01
SELECT * FROM missing

query IT rowsort lbl
SELECT a, 'x y'
FROM t
----
2 x y
1 x y

skipif postgres
onlyif tributary
query I
SELECT approx_count_distinct(a) FROM t
----
2

query error division by zero
SELECT 1/0

query T valuesort
SELECT 1
----

onlyif postgres
halt

query I
SELECT 1
`

func TestParse(t *testing.T) {
	f, err := Parse("sample.slt", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Records) != 9 {
		t.Fatalf("got %d records, want 9", len(f.Records))
	}
	r := f.Records[1]
	if !r.HasCount || r.ExpectCount != 2 || r.SQL != "INSERT INTO t\nVALUES (1), (2)" || r.Line != 5 {
		t.Errorf("count record: %+v", r)
	}
	if r := f.Records[2]; !r.ExpectError || r.ErrorPattern != "42P01" || !IsSQLState(r.ErrorPattern) {
		t.Errorf("error record: %+v", r)
	}
	r = f.Records[3]
	if r.Kind != KindQuery || r.Types != "IT" || r.Sort != RowSort || r.Label != "lbl" ||
		strings.Join(r.Expected, "|") != "2 x y|1 x y" {
		t.Errorf("query record: %+v", r)
	}
	r = f.Records[4]
	if r.Runs("postgres") || !r.Runs("tributary") {
		t.Errorf("skipif/onlyif: %+v", r)
	}
	if r := f.Records[5]; !r.ExpectError || r.ErrorPattern != "division by zero" || IsSQLState(r.ErrorPattern) {
		t.Errorf("query error: %+v", r)
	}
	if r := f.Records[6]; r.Sort != ValueSort || !r.HasSep || len(r.Expected) != 0 {
		t.Errorf("valuesort: %+v", r)
	}
	if r := f.Records[7]; r.Kind != KindHalt || r.Runs("tributary") {
		t.Errorf("halt: %+v", r)
	}
	if r := f.Records[8]; r.HasSep {
		t.Errorf("last: %+v", r)
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{
		"bogus\nSELECT 1\n",
		"statement\nSELECT 1\n",
		"statement ok\n\n",
		"query\nSELECT 1\n",
		"statement ok\nSELECT 1\n----\n1\n",
		"query I rowsort a b\nSELECT 1\n",
		"skipif\nquery I\nSELECT 1\n",
	} {
		if _, err := Parse("bad.slt", []byte(src)); err == nil {
			t.Errorf("expected a parse error for %q", src)
		}
	}
}

func TestFormatRows(t *testing.T) {
	rows := [][][]byte{
		{[]byte("b"), nil},
		{[]byte(""), []byte("a b")},
		{[]byte("x\ny"), []byte("1")},
	}
	got := strings.Join(FormatRows(rows, NoSort), "|")
	if want := `b NULL|(empty) a b|x\ny 1`; got != want {
		t.Errorf("nosort: got %q want %q", got, want)
	}
	got = strings.Join(FormatRows(rows, RowSort), "|")
	if want := `(empty) a b|b NULL|x\ny 1`; got != want {
		t.Errorf("rowsort: got %q want %q", got, want)
	}
	got = strings.Join(FormatRows(rows, ValueSort), "|")
	if want := `(empty)|1|NULL|a b|b|x\ny`; got != want {
		t.Errorf("valuesort: got %q want %q", got, want)
	}
}

func TestMatchError(t *testing.T) {
	err := &pgconn.PgError{Severity: "ERROR", Code: "22012", Message: "division by zero"}
	for _, c := range []struct {
		pat string
		ok  bool
	}{
		{"", true}, {"22012", true}, {"22003", false}, {"division by", true}, {"^division by zero$", true}, {"overflow", false},
	} {
		if ok, _ := MatchError(c.pat, err); ok != c.ok {
			t.Errorf("MatchError(%q) = %v, want %v", c.pat, ok, c.ok)
		}
	}
	if ok, _ := MatchError("22012", context.DeadlineExceeded); ok {
		t.Error("a non-server error matched a SQLSTATE")
	}
}

func TestRewriteFile(t *testing.T) {
	src := "statement ok\nCREATE TABLE t (a int)\n\nquery I rowsort\nSELECT a FROM t\n----\nold\n\nquery II\nSELECT 1\n\n# end\n"
	f, err := Parse("r.slt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out := rewriteFile(f, map[*Record][]string{f.Records[1]: {"1", "2"}, f.Records[2]: {"1"}}, map[*Record]string{f.Records[2]: "I"})
	want := "statement ok\nCREATE TABLE t (a int)\n\nquery I rowsort\nSELECT a FROM t\n----\n1\n2\n\nquery I\nSELECT 1\n----\n1\n\n# end\n"
	if string(out) != want {
		t.Errorf("rewrite:\n%s\nwant:\n%s", out, want)
	}
}
