package parser

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// sx prints an expression fully parenthesized, to test precedence.
func sx(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.BinaryExpr:
		return "(" + sx(e.Left) + " " + e.Op + " " + sx(e.Right) + ")"
	case *ast.UnaryExpr:
		if e.Op == "NOT" {
			return "(NOT " + sx(e.X) + ")"
		}
		return "(" + e.Op + sx(e.X) + ")"
	case *ast.IsExpr:
		not := ""
		if e.Not {
			not = "NOT "
		}
		return "(" + sx(e.X) + " IS " + not + [...]string{"NULL", "TRUE", "FALSE", "UNKNOWN"}[e.Kind] + ")"
	case *ast.BetweenExpr:
		return "(" + sx(e.X) + " BETWEEN " + sx(e.Lo) + " AND " + sx(e.Hi) + ")"
	case *ast.LikeExpr:
		return "(" + sx(e.X) + " " + e.Op + " " + sx(e.Pattern) + ")"
	case *ast.InExpr:
		var l []string
		for _, x := range e.List {
			l = append(l, sx(x))
		}
		return "(" + sx(e.X) + " IN (" + strings.Join(l, ", ") + "))"
	case *ast.CastExpr:
		return "(" + sx(e.X) + "::" + ast.Format(e.Type) + ")"
	case *ast.AtTimeZoneExpr:
		return "(" + sx(e.X) + " AT TIME ZONE " + sx(e.Zone) + ")"
	case *ast.SubscriptExpr:
		return "(" + sx(e.X) + "[" + sx(e.Index) + "])"
	}
	return ast.Format(e)
}

func TestPrecedence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a + b * c", "(a + (b * c))"},
		{"a * b + c", "((a * b) + c)"},
		{"a - b - c", "((a - b) - c)"},
		{"2 ^ 3 ^ 2", "((2 ^ 3) ^ 2)"},
		{"a OR b AND c", "(a OR (b AND c))"},
		{"a AND b OR c", "((a AND b) OR c)"},
		{"NOT a = b", "(NOT (a = b))"},
		{"NOT a AND b", "((NOT a) AND b)"},
		{"NOT NOT a", "(NOT (NOT a))"},
		{"-a ^ 2", "((-a) ^ 2)"},
		{"-a::int", "(-(a::integer))"},
		{"-a[1]", "(-(a[1]))"},
		{"a = b IS NULL", "((a = b) IS NULL)"},
		{"NOT a IS NULL", "(NOT (a IS NULL))"},
		{"a || b = c", "((a || b) = c)"},
		{"a + b || c", "((a + b) || c)"},
		{"a || b + c", "(a || (b + c))"},
		{"a BETWEEN b AND c AND d", "((a BETWEEN b AND c) AND d)"},
		{"a BETWEEN b + 1 AND c", "(a BETWEEN (b + 1) AND c)"},
		{"a LIKE b || c", "(a LIKE (b || c))"},
		{"a LIKE b = true", "((a LIKE b) = TRUE)"},
		{"x IN (1, 2) = true", "((x IN (1, 2)) = TRUE)"},
		{"ts AT TIME ZONE 'UTC' + x", "((ts AT TIME ZONE 'UTC') + x)"},
		{"a ->> 'k' = 'v'", "((a ->> 'k') = 'v')"},
		{"a @> b AND c", "((a @> b) AND c)"},
		{"a = b AND c <> d OR e", "(((a = b) AND (c <> d)) OR e)"},
		{"a != b", "(a <> b)"},
		{"a < b + 1", "(a < (b + 1))"},
		{"a * -b", "(a * (-b))"},
		{"a*-1", "(a * (-1))"},
		{"~a + b", "(~(a + b))"},
		{"a IS NOT NULL AND b", "((a IS NOT NULL) AND b)"},
		{"(a + b) * c", "((a + b) * c)"},
		{"a::text || 'x'", "((a::text) || 'x')"},
		{"a[1]::int", "((a[1])::integer)"},
	}
	for _, tt := range tests {
		e, err := ParseExpr(tt.in)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.in, err)
			continue
		}
		if got := sx(e); got != tt.want {
			t.Errorf("ParseExpr(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestInvalid(t *testing.T) {
	tests := []struct {
		in   string
		msg  string
		pos  int // 1-based character position
		code string
	}{
		{"SELECT * FORM t", `syntax error at or near "FORM"`, 10, ""},
		{"SELECT a FROM", "syntax error at end of input", 14, ""},
		{"SELECT 1 +", "syntax error at end of input", 11, ""},
		{"SELECT (1", "syntax error at end of input", 10, ""},
		{"SELEC 1", `syntax error at or near "SELEC"`, 1, ""},
		{"SELECT 1 2", `syntax error at or near "2"`, 10, ""},
		{"SELECT a FROM t GROUP a", `syntax error at or near "a"`, 23, ""},
		{"SELECT a FROM t ORDER a", `syntax error at or near "a"`, 23, ""},
		{"SELECT 'abc", `unterminated quoted string at or near "'abc"`, 8, ""},
		{"SELECT \"abc", `unterminated quoted identifier at or near ""abc"`, 8, ""},
		{`SELECT ""`, `zero-length delimited identifier at or near """"`, 8, ""},
		{"SELECT /* open", `unterminated /* comment at or near "/* open"`, 8, ""},
		{"SELECT 1abc", `trailing junk after numeric literal at or near "1abc"`, 8, ""},
		{"SELECT $0", "there is no parameter $0", 8, base.CodeUndefinedParameter},
		{"INSERT INTO t VALUES (1), (1, 2)", "VALUES lists must all be the same length", 32, ""},
		{"CREATE TABLE", "syntax error at end of input", 13, ""},
		{"CREATE TABLE t", "syntax error at end of input", 15, ""},
		{"CREATE SOURCE s (a int)", "syntax error at end of input", 24, ""},
		{"CREATE THING x", `syntax error at or near "THING"`, 8, ""},
		{"DROP THING x", `syntax error at or near "THING"`, 6, ""},
		{"SELECT CASE END", `syntax error at or near "END"`, 13, ""},
		{"SELECT * FROM a JOIN b", "syntax error at end of input", 23, ""},
		{"SELECT * FROM a JOIN b WHERE true", `syntax error at or near "WHERE"`, 24, ""},
		{"SELECT select", `syntax error at or near "select"`, 8, ""},
		{"SELECT a FROM t WHERE", "syntax error at end of input", 22, ""},
		{"SELECT 1; SELEC 2", `syntax error at or near "SELEC"`, 11, ""},
		{"SELECT x::", "syntax error at end of input", 11, ""},
		{"SELECT a FROM t WHERE a = ANY (1, 2)", `syntax error at or near ","`, 25, ""},
		{"CREATE MATERIALIZED VIEW v AS SELECT 1 EMIT ON WINDOW", "syntax error at end of input", 54, ""},
		{"SELECT é FORM t", `syntax error at or near "t"`, 15, ""}, // é is one character, two bytes
		{"SELECT left FROM t", `syntax error at or near "left"`, 8, ""},
		{"SELECT 1 FROM t AS select", `syntax error at or near "select"`, 20, ""},
		{"INSERT INTO t", "syntax error at end of input", 14, ""},
		{"UPDATE t WHERE a = 1", `syntax error at or near "WHERE"`, 10, ""},
		{"DELETE t", `syntax error at or near "t"`, 8, ""},
		{"CREATE SINK s WITH (a = 'b')", `syntax error at or near "WITH"`, 15, ""},
		{"CREATE SOURCE s WITH (a 'b')", `syntax error at or near "'b'"`, 25, ""},
		{"SET", "syntax error at end of input", 4, ""},
		{"SET x", "syntax error at end of input", 6, ""},
		{"SHOW", "syntax error at end of input", 5, ""},
		{"COMMENT ON COLUMN a IS 'x'", "column name must be qualified", 21, ""},
		{"GRANT r TO u", "GRANT/REVOKE of role membership is not supported", 9, base.CodeFeatureNotSupported},
		{"SELECT 1 UNION", "syntax error at end of input", 15, ""},
		{"VALUES", "syntax error at end of input", 7, ""},
		{"SELECT a[1", "syntax error at end of input", 11, ""},
		{"SELECT f(", "syntax error at end of input", 10, ""},
		{"SELECT count(*) OVER (ROWS 1)", `syntax error at or near ")"`, 29, ""},
		{"SELECT 1 IS 2", `syntax error at or near "2"`, 13, ""},
		{"SELECT EXTRACT(FROM x)", `syntax error at or near "x"`, 21, ""},
		{"SELECT ARRAY", "syntax error at or near \"ARRAY\"", 8, ""},
		{"SELECT (SELECT 1", "syntax error at end of input", 17, ""},
		{"EXPLAIN", "syntax error at end of input", 8, ""},
		{"SELECT $x", `syntax error at or near "$"`, 8, ""},
		{"SELECT 1 ? ?", "syntax error at end of input", 13, ""},
		{"SELECT a::float(60)", "precision for type float must be between 1 and 53 bits", 11, base.CodeInvalidParameterValue},
		{"SELECT " + strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000), "statement is too deeply nested", 0, base.CodeProgramLimitExceeded},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%q): no error, want %q", tt.in, tt.msg)
			continue
		}
		var e *base.Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q): error %T is not *base.Error", tt.in, err)
			continue
		}
		code := tt.code
		if code == "" {
			code = base.CodeSyntaxError
		}
		if e.Message != tt.msg || e.Code != code || tt.pos != 0 && e.Position != tt.pos {
			t.Errorf("Parse(%q):\n got %s %q at %d\nwant %s %q at %d", tt.in, e.Code, e.Message, e.Position, code, tt.msg, tt.pos)
		}
	}
}

func TestCaret(t *testing.T) {
	tests := []struct {
		sql  string
		pos  int
		want string
	}{
		{"SELECT * FORM t", 10, "LINE 1: SELECT * FORM t\n                 ^"},
		{"SELECT *\nFROM\nWHERE", 15, "LINE 3: WHERE\n        ^"},
		{"SELECT\n\ta FORM t", 11, "LINE 2:  a FORM t\n           ^"},
		{"SELECT é FORM", 10, "LINE 1: SELECT é FORM\n                 ^"},
		{"SELECT", 7, "LINE 1: SELECT\n              ^"},
		{"SELECT", 0, ""},
	}
	for _, tt := range tests {
		if got := Caret(tt.sql, tt.pos); got != tt.want {
			t.Errorf("Caret(%q, %d) =\n%s\nwant\n%s", tt.sql, tt.pos, got, tt.want)
		}
	}
	_, err := Parse("SELECT a,\n  FROM t")
	var e *base.Error
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	if got, want := Caret("SELECT a,\n  FROM t", e.Position), "LINE 2:   FROM t\n          ^"; got != want {
		t.Errorf("caret for parse error:\n%s\nwant\n%s", got, want)
	}
}

func TestParseMultiple(t *testing.T) {
	stmts, err := Parse(";; SELECT 1; CREATE TABLE t (a int);\n-- done\nFLUSH;;")
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 3 {
		t.Fatalf("got %d statements", len(stmts))
	}
	if _, ok := stmts[1].(*ast.CreateTableStmt); !ok {
		t.Errorf("second statement is %T", stmts[1])
	}
	if stmts, err := Parse("  -- only a comment\n"); err != nil || len(stmts) != 0 {
		t.Errorf("comment-only input: %v, %d statements", err, len(stmts))
	}
	if _, err := ParseOne("SELECT 1; SELECT 2"); err == nil {
		t.Errorf("ParseOne accepted two statements")
	}
	if _, err := ParseOne("SELECT 1;"); err != nil {
		t.Errorf("ParseOne: %v", err)
	}
}

func TestPositions(t *testing.T) {
	src := "SELECT a, t.b AS c FROM s.t WHERE a > 1"
	stmt, err := ParseOne(src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	ast.Inspect(stmt, func(n ast.Node) bool {
		if n != nil {
			got = append(got, fmt.Sprintf("%T %q", n, src[n.Pos():n.End()]))
		}
		return true
	})
	want := []string{
		`*ast.Query "SELECT a, t.b AS c FROM s.t WHERE a > 1"`,
		`*ast.Select "SELECT a, t.b AS c FROM s.t WHERE a > 1"`,
		`*ast.SelectItem "a"`,
		`*ast.ColumnRef "a"`,
		`*ast.SelectItem "t.b AS c"`,
		`*ast.ColumnRef "t.b"`,
		`*ast.TableRef "s.t"`,
		`*ast.BinaryExpr "a > 1"`,
		`*ast.ColumnRef "a"`,
		`*ast.NumberLit "1"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("nodes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSpansWellFormed checks every node of every valid statement has a span
// inside the source, nested within its parent's.
func TestSpansWellFormed(t *testing.T) {
	for _, src := range readEntries(t, "testdata/valid.sql") {
		stmts, err := Parse(src)
		if err != nil {
			continue // reported by TestValidStatements
		}
		var stack []ast.Node
		ast.Inspect(stmts[0], func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if n.Pos() < 0 || n.End() < n.Pos() || n.End() > len(src) {
				t.Errorf("%s: %T has span [%d,%d)", src, n, n.Pos(), n.End())
			}
			if len(stack) > 0 && n.End() > n.Pos() {
				parent := stack[len(stack)-1]
				if n.Pos() < parent.Pos() || n.End() > parent.End() {
					t.Errorf("%s: %T [%d,%d) outside parent %T [%d,%d)", src, n, n.Pos(), n.End(),
						parent, parent.Pos(), parent.End())
				}
			}
			stack = append(stack, n)
			return true
		})
	}
}

func TestShapes(t *testing.T) {
	mv, err := ParseOne(`CREATE MATERIALIZED VIEW m AS SELECT count(DISTINCT u) AS n
		FROM TUMBLE(imp, event_time, INTERVAL '15 minutes') AS w
		LEFT JOIN dim FOR SYSTEM_TIME AS OF PROCTIME() AS d ON w.k = d.k
		GROUP BY window_start EMIT ON WINDOW CLOSE`)
	if err != nil {
		t.Fatal(err)
	}
	m := mv.(*ast.CreateMaterializedViewStmt)
	if !m.EmitOnWindowClose {
		t.Error("EmitOnWindowClose not set")
	}
	sel := m.Query.Body.(*ast.Select)
	j := sel.From[0].(*ast.JoinExpr)
	if j.Kind != ast.LeftJoin {
		t.Errorf("join kind %v", j.Kind)
	}
	ft := j.Left.(*ast.FuncTable)
	if ft.Func.Name.Last() != "tumble" || ft.Alias.Name != "w" {
		t.Errorf("func table %v alias %v", ft.Func.Name, ft.Alias)
	}
	if rel := ft.Func.Args[0].(*ast.ColumnRef); rel.Name() != "imp" {
		t.Errorf("tumble relation %v", rel.Parts)
	}
	lit := ft.Func.Args[2].(*ast.TypedLiteral)
	if lit.Type.Name != "interval" || lit.Value != "15 minutes" {
		t.Errorf("interval literal %+v", lit)
	}
	tr := j.Right.(*ast.TableRef)
	if !tr.AsOfProcTime || tr.Alias.Name != "d" {
		t.Errorf("temporal table ref %+v", tr)
	}
	fc := sel.Items[0].Expr.(*ast.FuncCall)
	if !fc.Distinct || fc.Name.Last() != "count" {
		t.Errorf("count distinct %+v", fc)
	}

	src, err := ParseOne(`CREATE SOURCE s (a VARCHAR, b DOUBLE PRECISION, c TIMESTAMPTZ, d INT)
		WITH (connector = 'kafka', properties.bootstrap.server = 'k:9092', pw = SECRET sec, n = 5)
		FORMAT PLAIN ENCODE JSON`)
	if err != nil {
		t.Fatal(err)
	}
	cs := src.(*ast.CreateSourceStmt)
	var types []string
	for _, c := range cs.Columns {
		types = append(types, c.Type.Name)
	}
	if got := strings.Join(types, ","); got != "varchar,double precision,timestamptz,integer" {
		t.Errorf("types %s", got)
	}
	if cs.With[1].Key != "properties.bootstrap.server" || cs.With[1].Value.(*ast.StringLit).Value != "k:9092" {
		t.Errorf("option %+v", cs.With[1])
	}
	if sr := cs.With[2].Value.(*ast.SecretRef); sr.Name.Last() != "sec" {
		t.Errorf("secret %+v", sr)
	}
	if cs.Format.Format != "plain" || cs.Format.Encode != "json" {
		t.Errorf("format %+v", cs.Format)
	}

	e, _ := ParseExpr("SUM(x) / NULLIF(SUM(y), 0)")
	if b := e.(*ast.BinaryExpr); b.Op != "/" || b.Right.(*ast.FuncCall).Name.Last() != "nullif" {
		t.Errorf("nullif %s", ast.Format(e))
	}
	e, _ = ParseExpr("TRIM(LEADING 'x' FROM s)")
	if fc := e.(*ast.FuncCall); fc.Name.Last() != "ltrim" || ast.Format(fc.Args[0]) != "s" {
		t.Errorf("trim %s", ast.Format(e))
	}
	e, _ = ParseExpr("POSITION('b' IN s)")
	if fc := e.(*ast.FuncCall); ast.Format(fc.Args[0]) != "s" || ast.Format(fc.Args[1]) != "'b'" {
		t.Errorf("position args %s", ast.Format(e))
	}
	e, _ = ParseExpr(`'a' || "Mixed" || 1.50`)
	if n := e.(*ast.BinaryExpr).Right.(*ast.NumberLit); n.Text != "1.50" {
		t.Errorf("number text %q", n.Text)
	}
}

func TestEqualIgnoresPositions(t *testing.T) {
	a, _ := ParseOne("SELECT a FROM t")
	b, _ := ParseOne("select   A\nfrom T")
	c, _ := ParseOne("SELECT b FROM t")
	if !ast.Equal(a, b) {
		t.Errorf("not equal: %s", ast.Diff(a, b))
	}
	if ast.Equal(a, c) {
		t.Errorf("equal despite different columns")
	}
	ast.ClearPositions(b)
	if b.Pos() != 0 || b.(*ast.Query).Body.End() != 0 {
		t.Errorf("positions not cleared")
	}
}
