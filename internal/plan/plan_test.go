package plan

import (
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/parser"
)

func bindSQL(t *testing.T, sql string, params ...base.Type) (Node, *Binder) {
	t.Helper()
	stmt, err := parser.ParseOne(sql)
	if err != nil {
		t.Fatalf("parse %q: %v", sql, err)
	}
	b := NewBinder(BindContext{Catalog: newTestCatalog(t), SQL: sql, Params: params})
	n, err := b.Bind(stmt)
	if err != nil {
		t.Fatalf("bind %q: %v", sql, err)
	}
	return n, b
}

func findSubquery(n Node) *expr.Subquery {
	var found *expr.Subquery
	var visit func(Node)
	visit = func(n Node) {
		for _, e := range NodeExprs(n) {
			walk(e, func(x expr.Expr) bool {
				if s, ok := x.(*expr.Subquery); ok && found == nil {
					found = s
				}
				return found == nil
			})
		}
		for _, c := range n.Children() {
			visit(c)
		}
	}
	visit(n)
	return found
}

func outerRefs(n Node) []*expr.OuterRef {
	var out []*expr.OuterRef
	mapPlanExprs(n, func(e expr.Expr) expr.Expr {
		walk(e, func(x expr.Expr) bool {
			if r, ok := x.(*expr.OuterRef); ok {
				out = append(out, r)
			}
			return true
		})
		return e
	})
	return out
}

// A correlated subquery in the select list of a grouped query reads the
// Aggregate's output row: its outer reference must point at the group key.
func TestGroupedSubqueryOuterRef(t *testing.T) {
	n, _ := bindSQL(t, "SELECT b, (SELECT count(*) FROM u WHERE u.x = t.b) FROM t GROUP BY b")
	sq := findSubquery(n)
	if sq == nil {
		t.Fatal("no subquery")
	}
	refs := outerRefs(sq.Plan.(Node))
	if len(refs) != 1 || refs[0].Idx != 0 || refs[0].Depth != 0 {
		t.Fatalf("outer refs = %+v, want one at depth 0 idx 0 (group key b)", refs)
	}
	// Ungrouped: the reference follows projection pruning (the Scan of t
	// reads only b, so t.b is column 0 of the evaluating row).
	n, _ = bindSQL(t, "SELECT (SELECT count(*) FROM u WHERE u.x = t.b) FROM t")
	refs = outerRefs(findSubquery(n).Plan.(Node))
	scan := n.Children()[0].(*Scan)
	if len(refs) != 1 || refs[0].Idx != 0 || len(scan.Cols) != 1 || scan.Rel.Columns[scan.Cols[0]].Name != "b" {
		t.Fatalf("outer refs = %+v, scan = %v", refs, scan)
	}
}

func TestNestedOuterRefDepth(t *testing.T) {
	n, _ := bindSQL(t, "SELECT (SELECT (SELECT t.c + u.y FROM orders LIMIT 1) FROM u LIMIT 1) FROM t")
	outer := findSubquery(n)
	inner := findSubquery(outer.Plan.(Node))
	refs := outerRefs(inner.Plan.(Node))
	got := map[string]int{}
	for _, r := range refs {
		got[r.Name] = r.Depth
	}
	if got["t.c"] != 1 || got["u.y"] != 0 || len(got) != 2 {
		t.Fatalf("depths = %v", got)
	}
}

func TestInsertShape(t *testing.T) {
	n, _ := bindSQL(t, "INSERT INTO t (a) VALUES (1)")
	ins := n.(*Insert)
	if ins.RowIDCol != 14 || !ins.Overwrite || ins.OnConflict != nil {
		t.Fatalf("insert = %+v", ins)
	}
	if got := len(ins.Input.Columns()); got != 15 {
		t.Fatalf("input width %d, want 15", got)
	}
	n, _ = bindSQL(t, "INSERT INTO u VALUES (1, 'a', 2) ON CONFLICT DO NOTHING")
	ins = n.(*Insert)
	if ins.RowIDCol != -1 || ins.Overwrite || ins.OnConflict == nil || !ins.OnConflict.DoNothing {
		t.Fatalf("insert = %+v", ins)
	}
	// Assignment cast: 3.7 into an integer column is a numeric→int cast.
	n, _ = bindSQL(t, "INSERT INTO u (a) VALUES (3.7)")
	v := findValues(n.(*Insert).Input)
	c, ok := v.Rows[0][0].(*expr.Const)
	if !ok || c.Typ != base.Int32 || c.Val.I != 4 {
		t.Fatalf("3.7 → %v, want constant 4", v.Rows[0][0])
	}
}

func findValues(n Node) *Values {
	if v, ok := n.(*Values); ok {
		return v
	}
	for _, c := range n.Children() {
		if v := findValues(c); v != nil {
			return v
		}
	}
	return nil
}

func TestParamInference(t *testing.T) {
	_, b := bindSQL(t, "SELECT a FROM t WHERE a = $1 AND b = $2 AND ts > $3")
	want := []base.Type{base.Int32, base.Text, base.Timestamp}
	if got := b.ParamTypes(); len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("params = %v, want %v", got, want)
	}
	// A hint wins over inference.
	_, b = bindSQL(t, "SELECT a FROM t WHERE a = $1", base.Int64)
	if got := b.ParamTypes(); got[0] != base.Int64 {
		t.Fatalf("params = %v", got)
	}
	_, b = bindSQL(t, "INSERT INTO u (a, x) VALUES ($1, $2)")
	if got := b.ParamTypes(); got[0] != base.Int32 || got[1] != base.Text {
		t.Fatalf("params = %v", got)
	}
}

func TestRowDescriptionMetadata(t *testing.T) {
	n, _ := bindSQL(t, "SELECT a, b || 'x', u.* FROM t JOIN u USING (a)")
	cols := n.Columns()
	if cols[0].RelID == 0 || cols[0].AttNum != 1 {
		t.Errorf("a: %+v", cols[0])
	}
	if cols[1].RelID != 0 || cols[1].Name != "?column?" {
		t.Errorf("b||'x': %+v", cols[1])
	}
	if cols[3].Name != "x" || cols[3].AttNum != 2 {
		t.Errorf("u.x: %+v", cols[3])
	}
}

func TestBindExprAndScope(t *testing.T) {
	e, err := parser.ParseExpr("ts + INTERVAL '5 seconds'")
	if err != nil {
		t.Fatal(err)
	}
	b := NewBinder(BindContext{})
	x, err := b.BindExpr(e, NewScope("src", []Column{{Name: "id", Type: base.Int32}, {Name: "ts", Type: base.TimestampTZ}}))
	if err != nil {
		t.Fatal(err)
	}
	if x.Type() != base.TimestampTZ {
		t.Fatalf("type %v", x.Type())
	}
	e, _ = parser.ParseExpr("count(*)")
	if _, err := b.BindExpr(e, nil); err == nil || base.AsError(err).Code != base.CodeGroupingError {
		t.Fatalf("aggregate accepted: %v", err)
	}
}

func TestResolveType(t *testing.T) {
	cases := map[string]string{
		"int": "integer", "int4": "integer", "integer": "integer", "bigint": "bigint", "int8": "bigint",
		"smallint": "smallint", "real": "real", "float4": "real", "double precision": "double precision",
		"float8": "double precision", "float": "double precision", "numeric(10,2)": "numeric", "decimal": "numeric",
		"varchar(20)": "character varying", "character varying": "character varying", "text": "text",
		"string": "text", "bytea": "bytea", "date": "date", "time": "time without time zone",
		"timestamp": "timestamp without time zone", "timestamp without time zone": "timestamp without time zone",
		"timestamptz": "timestamp with time zone", "timestamp with time zone": "timestamp with time zone",
		"interval": "interval", "json": "jsonb", "jsonb": "jsonb", "boolean": "boolean", "bool": "boolean",
		"int[]": "integer[]", "text[]": "text[]",
	}
	for in, want := range cases {
		e, err := parser.ParseExpr("CAST(NULL AS " + in + ")")
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		typ, err := ResolveType(e.(*ast.CastExpr).Type)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if typ.String() != want {
			t.Errorf("%s → %s, want %s", in, typ.String(), want)
		}
	}
	e, _ := parser.ParseExpr("CAST(NULL AS nosuch)")
	_, err := ResolveType(e.(*ast.CastExpr).Type)
	if be := base.AsError(err); be == nil || be.Code != base.CodeUndefinedObject || be.Message != `type "nosuch" does not exist` {
		t.Fatalf("nosuch: %v", err)
	}
	e, _ = parser.ParseExpr("CAST(NULL AS numeric(10,2))")
	typ, _ := ResolveType(e.(*ast.CastExpr).Type)
	if p, s, ok := base.NumericPrecisionScale(typ.Mod); !ok || p != 10 || s != 2 {
		t.Fatalf("numeric(10,2) mod = %d", typ.Mod)
	}
}

func TestJoinKeysAndPushdown(t *testing.T) {
	n, _ := bindSQL(t, "SELECT * FROM t, u WHERE t.a = u.a AND t.b = 'x'")
	out := Format(n)
	if !strings.Contains(out, "Inner Join keys [t.a = u.a]") || strings.Contains(out, "Cross") {
		t.Fatalf("plan:\n%s", out)
	}
	var j *Join
	var find func(Node)
	find = func(n Node) {
		if x, ok := n.(*Join); ok {
			j = x
		}
		for _, c := range n.Children() {
			find(c)
		}
	}
	find(n)
	if j == nil || len(j.LeftKeys) != 1 || j.RightKeys[0].(*expr.ColRef).Idx != 0 {
		t.Fatalf("join = %+v", j)
	}
	if _, ok := j.Left.(*Filter); !ok {
		t.Fatalf("left side not filtered: %s", Format(j))
	}
}

func TestUnionTypes(t *testing.T) {
	n, _ := bindSQL(t, "SELECT 1 UNION SELECT '2' UNION SELECT 3.5")
	if c := n.Columns()[0]; c.Type != base.Numeric {
		t.Fatalf("type %v", c.Type)
	}
}

func TestPruning(t *testing.T) {
	c := newTestCatalog(t)
	scanCols := func(ctx BindContext, sql string) []int {
		stmt, _ := parser.ParseOne(sql)
		ctx.Catalog, ctx.SQL = c, sql
		n, err := NewBinder(ctx).Bind(stmt)
		if err != nil {
			t.Fatal(err)
		}
		var s *Scan
		var find func(Node)
		find = func(n Node) {
			if x, ok := n.(*Scan); ok {
				s = x
			}
			for _, ch := range n.Children() {
				find(ch)
			}
		}
		find(n)
		return s.Cols
	}
	if got := scanCols(BindContext{}, "SELECT b FROM t WHERE c > 1"); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("pruned cols = %v", got)
	}
	if got := scanCols(BindContext{KeepPrimaryKeys: true}, "SELECT b FROM t"); len(got) != 2 || got[1] != 14 {
		t.Errorf("with keys = %v, want [1 14]", got)
	}
	if got := scanCols(BindContext{NoPrune: true}, "SELECT b FROM t"); len(got) != 15 {
		t.Errorf("no prune = %v", got)
	}
	if got := scanCols(BindContext{}, "SELECT count(*) FROM t"); len(got) != 1 {
		t.Errorf("count(*) cols = %v, want one column kept", got)
	}
}
