package plan

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/sql/parser"
)

var rewrite = flag.Bool("rewrite", false, "rewrite testdata expectations with actual output")

// testDDL is the schema of the test catalog, as PostgreSQL DDL (the
// oracle test runs it against a real server). newTestCatalog builds the
// same relations directly.
const testDDL = `
CREATE TABLE t (a int, b text, c float8, d numeric(10,2), ts timestamp, tz timestamptz, v varchar(10), j jsonb, arr int[], bo boolean, dt date, iv interval, bi bigint, si smallint);
CREATE TABLE u (a int PRIMARY KEY, x text, y int);
CREATE TABLE orders (order_id bigint PRIMARY KEY, user_id int, amount numeric, created_at timestamptz, status varchar);
CREATE TABLE users (user_id int PRIMARY KEY, name text, email text, signup_at timestamp);
CREATE SCHEMA s;
CREATE TABLE s.t2 (id int, name varchar(20));
CREATE TABLE defs (id int NOT NULL, n int DEFAULT 42, note text DEFAULT 'none', created timestamptz DEFAULT now());
CREATE VIEW vw AS SELECT a, b FROM t;
`

type colSpec struct {
	name string
	typ  base.Type
	def  string
	nn   bool
}

func mkRel(t testing.TB, c *catalog.Catalog, schema, name string, kind catalog.Kind, pk []int, cols ...colSpec) {
	t.Helper()
	r := &catalog.Relation{Schema: schema, Name: name, Kind: kind, PK: pk, HasUserPK: len(pk) > 0}
	for _, cs := range cols {
		r.Columns = append(r.Columns, catalog.Column{Name: cs.name, Type: cs.typ, Default: cs.def, NotNull: cs.nn})
	}
	if _, err := c.CreateRelation(r, false); err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
}

func numericMod(p, s int32) base.Type {
	t := base.Numeric
	t.Mod = base.NumericTypmod(p, s)
	return t
}

func varcharN(n int32) base.Type {
	t := base.Varchar
	t.Mod = n
	return t
}

func newTestCatalog(t testing.TB) *catalog.Catalog {
	c := catalog.New()
	mkRel(t, c, "public", "t", catalog.KindTable, nil,
		colSpec{name: "a", typ: base.Int32}, colSpec{name: "b", typ: base.Text}, colSpec{name: "c", typ: base.Float64},
		colSpec{name: "d", typ: numericMod(10, 2)}, colSpec{name: "ts", typ: base.Timestamp}, colSpec{name: "tz", typ: base.TimestampTZ},
		colSpec{name: "v", typ: varcharN(10)}, colSpec{name: "j", typ: base.JSONB}, colSpec{name: "arr", typ: base.ArrayOf(base.Int32)},
		colSpec{name: "bo", typ: base.Bool}, colSpec{name: "dt", typ: base.Date}, colSpec{name: "iv", typ: base.IntervalT},
		colSpec{name: "bi", typ: base.Int64}, colSpec{name: "si", typ: base.Int16})
	mkRel(t, c, "public", "u", catalog.KindTable, []int{0},
		colSpec{name: "a", typ: base.Int32, nn: true}, colSpec{name: "x", typ: base.Text}, colSpec{name: "y", typ: base.Int32})
	mkRel(t, c, "public", "orders", catalog.KindTable, []int{0},
		colSpec{name: "order_id", typ: base.Int64, nn: true}, colSpec{name: "user_id", typ: base.Int32},
		colSpec{name: "amount", typ: base.Numeric}, colSpec{name: "created_at", typ: base.TimestampTZ},
		colSpec{name: "status", typ: base.Varchar})
	mkRel(t, c, "public", "users", catalog.KindTable, []int{0},
		colSpec{name: "user_id", typ: base.Int32, nn: true}, colSpec{name: "name", typ: base.Text},
		colSpec{name: "email", typ: base.Text}, colSpec{name: "signup_at", typ: base.Timestamp})
	if _, err := c.CreateSchema("s", "root", false); err != nil {
		t.Fatal(err)
	}
	mkRel(t, c, "s", "t2", catalog.KindTable, nil,
		colSpec{name: "id", typ: base.Int32}, colSpec{name: "name", typ: varcharN(20)})
	mkRel(t, c, "public", "defs", catalog.KindTable, nil,
		colSpec{name: "id", typ: base.Int32, nn: true}, colSpec{name: "n", typ: base.Int32, def: "42"},
		colSpec{name: "note", typ: base.Text, def: "'none'"}, colSpec{name: "created", typ: base.TimestampTZ, def: "now()"})
	v := &catalog.Relation{Schema: "public", Name: "vw", Kind: catalog.KindView, Definition: "SELECT a, b FROM t",
		Columns: []catalog.Column{{Name: "a", Type: base.Int32}, {Name: "b", Type: base.Text}}}
	if _, err := c.CreateRelation(v, false); err != nil {
		t.Fatal(err)
	}
	// Streaming objects PostgreSQL does not have (not in testDDL).
	mkRel(t, c, "public", "clicks", catalog.KindSource, nil,
		colSpec{name: "user_id", typ: base.Int32}, colSpec{name: "url", typ: base.Text}, colSpec{name: "ts", typ: base.TimestampTZ})
	mkRel(t, c, "public", "events", catalog.KindTable, nil,
		colSpec{name: "id", typ: base.Int64}, colSpec{name: "ts", typ: base.Timestamp}, colSpec{name: "val", typ: base.Float64})
	return c
}

// testCase is one statement of a testdata file and its expectation.
type testCase struct {
	sql      string
	expected string
	line     int
	pgSkip   bool // "-- nopg": not comparable with PostgreSQL
}

// readCases parses a testdata file: statements terminated by a "----"
// line, followed by the expected output up to a blank line. Lines
// starting with "#" between cases are comments.
func readCases(t *testing.T, path string) []testCase {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []testCase
	sc := bufio.NewScanner(f)
	var cur *testCase
	var sqlLines, expLines []string
	inExp := false
	lineNo := 0
	flush := func() {
		if cur != nil {
			cur.sql = strings.Join(sqlLines, "\n")
			cur.expected = strings.Join(expLines, "\n")
			cases = append(cases, *cur)
		}
		cur, sqlLines, expLines, inExp = nil, nil, nil, false
	}
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		switch {
		case inExp:
			if strings.TrimSpace(line) == "" {
				flush()
				continue
			}
			expLines = append(expLines, line)
		case line == "----":
			if cur == nil {
				t.Fatalf("%s:%d: ---- without statement", path, lineNo)
			}
			inExp = true
		case cur == nil && (strings.HasPrefix(line, "#") || strings.TrimSpace(line) == ""):
		default:
			if cur == nil {
				cur = &testCase{line: lineNo}
			}
			if strings.TrimSpace(line) == "-- nopg" {
				cur.pgSkip = true
				continue
			}
			sqlLines = append(sqlLines, line)
		}
	}
	flush()
	return cases
}

func writeCases(t *testing.T, path string, cases []testCase, outputs []string) {
	// Keep the comments preceding each case.
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	var b strings.Builder
	prev := 0
	for i, c := range cases {
		// Copy comment/blank lines between the previous case and this one.
		for l := prev; l < c.line-1; l++ {
			if strings.HasPrefix(lines[l], "#") {
				b.WriteString(lines[l] + "\n")
			}
		}
		if c.pgSkip {
			b.WriteString("-- nopg\n")
		}
		b.WriteString(c.sql + "\n----\n" + outputs[i] + "\n\n")
		// Skip to after this case's expectation block.
		l := c.line - 1
		for l < len(lines) && lines[l] != "----" {
			l++
		}
		for l < len(lines) && strings.TrimSpace(lines[l]) != "" {
			l++
		}
		prev = l
	}
	for l := prev; l < len(lines); l++ {
		if strings.HasPrefix(lines[l], "#") {
			b.WriteString(lines[l] + "\n")
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// describe binds sql and renders the result the way the oracle renders
// PostgreSQL's statement description.
func describe(c *catalog.Catalog, sql string, explain bool) string {
	stmt, err := parser.ParseOne(sql)
	if err != nil {
		return "PARSE " + fmtErr(err)
	}
	b := NewBinder(BindContext{Catalog: c, SQL: sql})
	n, err := b.Bind(stmt)
	if err != nil {
		return fmtErr(err)
	}
	if explain {
		return strings.TrimRight(Format(n), "\n")
	}
	var out []string
	for _, col := range n.Columns() {
		out = append(out, col.Name+" "+typeName(col.Type.OID()))
	}
	s := strings.Join(out, ", ")
	if s == "" {
		s = "(no columns)"
	}
	if pts := b.ParamTypes(); len(pts) > 0 {
		var ps []string
		for _, p := range pts {
			ps = append(ps, typeName(p.OID()))
		}
		s += "\nparams: " + strings.Join(ps, ", ")
	}
	return s
}

func fmtErr(err error) string {
	e := base.AsError(err)
	s := fmt.Sprintf("ERROR %s: %s", e.Code, e.Message)
	if e.Position > 0 {
		s += fmt.Sprintf(" (pos %d)", e.Position)
	}
	if e.Hint != "" {
		s += "\nHINT: " + e.Hint
	}
	return s
}

var oidNames = map[uint32]string{
	16: "bool", 17: "bytea", 19: "name", 20: "int8", 21: "int2", 23: "int4", 25: "text", 26: "oid",
	114: "json", 700: "float4", 701: "float8", 705: "unknown", 1042: "bpchar", 1043: "varchar",
	1082: "date", 1083: "time", 1114: "timestamp", 1184: "timestamptz", 1186: "interval",
	1700: "numeric", 3802: "jsonb", 1000: "bool[]", 1005: "int2[]", 1007: "int4[]", 1016: "int8[]",
	1009: "text[]", 1015: "varchar[]", 1021: "float4[]", 1022: "float8[]", 1182: "date[]",
	1115: "timestamp[]", 1185: "timestamptz[]", 1187: "interval[]", 1231: "numeric[]", 3807: "jsonb[]",
	2205: "regclass", 2206: "regtype",
}

func typeName(oid uint32) string {
	if n, ok := oidNames[oid]; ok {
		return n
	}
	return fmt.Sprintf("oid%d", oid)
}

func TestBindGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.test")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	c := newTestCatalog(t)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			cases := readCases(t, path)
			explain := strings.HasPrefix(filepath.Base(path), "explain")
			outputs := make([]string, len(cases))
			for i, tc := range cases {
				outputs[i] = describe(c, tc.sql, explain)
				if !*rewrite && outputs[i] != tc.expected {
					t.Errorf("%s:%d: %s\n--- got:\n%s\n--- want:\n%s", path, tc.line, tc.sql, outputs[i], tc.expected)
				}
			}
			if *rewrite {
				writeCases(t, path, cases, outputs)
			}
		})
	}
}
