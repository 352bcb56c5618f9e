package batch

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

var relSeq uint32 = 100

// mkRel makes a table; pk are column indexes (nil: hidden _row_id).
func mkRel(name string, pk []int, cols ...catalog.Column) *catalog.Relation {
	relSeq++
	r := &catalog.Relation{ID: relSeq, Schema: "public", Name: name, Kind: catalog.KindTable, Columns: cols}
	if pk == nil {
		r.Columns = append(r.Columns, catalog.Column{Name: catalog.RowIDColumn, Type: base.Int64, Hidden: true})
		r.PK = []int{len(r.Columns) - 1}
	} else {
		r.PK, r.HasUserPK = pk, true
	}
	return r
}

func icol(name string) catalog.Column { return catalog.Column{Name: name, Type: base.Int64} }
func tcol(name string) catalog.Column { return catalog.Column{Name: name, Type: base.Text} }

func allCols(r *catalog.Relation) []int {
	c := make([]int, len(r.Columns))
	for i := range c {
		c[i] = i
	}
	return c
}

func scan(r *catalog.Relation, cols ...int) *plan.Scan {
	if cols == nil {
		cols = allCols(r)
	}
	return &plan.Scan{Rel: r, Cols: cols}
}

func cref(i int, t base.Type) *expr.ColRef { return &expr.ColRef{Idx: i, Typ: t} }
func ci(i int) *expr.ColRef                { return cref(i, base.Int64) }
func ct(i int) *expr.ColRef                { return cref(i, base.Text) }
func kint(v int64) *expr.Const             { return &expr.Const{Val: base.DInt64(v), Typ: base.Int64} }
func knull(t base.Type) *expr.Const        { return &expr.Const{Val: base.NullOf(t.Kind), Typ: t} }
func ktext(s string) *expr.Const           { return &expr.Const{Val: base.DText(s), Typ: base.Text} }

// I, T, N build datums for rows (nil → NULL).
func I(v any) base.Datum {
	if v == nil {
		return base.NullOf(base.KindInt64)
	}
	return base.DInt64(int64(v.(int)))
}
func T(v any) base.Datum {
	if v == nil {
		return base.NullOf(base.KindText)
	}
	return base.DText(v.(string))
}

func binop(t testing.TB, op string, l, r expr.Expr) expr.Expr {
	t.Helper()
	f, _, _, err := expr.LookupBinaryOp(op, l.Type(), r.Type())
	if err != nil {
		t.Fatalf("lookup %s: %v", op, err)
	}
	return &expr.Call{Fn: f, Args: []expr.Expr{l, r}}
}

func agg(t testing.TB, name string, distinct bool, args ...expr.Expr) plan.AggCall {
	t.Helper()
	ts := make([]base.Type, len(args))
	for i, a := range args {
		ts[i] = a.Type()
	}
	f, _, err := expr.LookupAgg(name, ts, distinct)
	if err != nil {
		t.Fatalf("lookup agg %s: %v", name, err)
	}
	return plan.AggCall{Func: f, Args: args, Distinct: distinct}
}

func pcols(ts ...base.Type) []plan.Column {
	cs := make([]plan.Column, len(ts))
	for i, t := range ts {
		cs[i] = plan.Column{Name: fmt.Sprintf("c%d", i), Type: t}
	}
	return cs
}

// values builds a Values node from datum rows.
func values(types []base.Type, rows ...[]base.Datum) *plan.Values {
	v := &plan.Values{Cols: pcols(types...)}
	for _, r := range rows {
		es := make([]expr.Expr, len(r))
		for i, d := range r {
			es[i] = &expr.Const{Val: d, Typ: types[i]}
		}
		v.Rows = append(v.Rows, es)
	}
	return v
}

func newCtx(st *MemStorage) *ExecContext {
	return &ExecContext{Ctx: context.Background(), Storage: st, Writer: st}
}

func fmtRow(r []base.Datum) string {
	s := make([]string, len(r))
	for i, d := range r {
		if d.Null {
			s[i] = "NULL"
		} else {
			s[i] = base.FormatText(d, base.Type{Kind: d.K}, nil)
		}
	}
	return strings.Join(s, "|")
}

// run executes n and returns rows formatted as "a|b|c".
func run(t testing.TB, ctx *ExecContext, n plan.Node) []string {
	t.Helper()
	rows, err := Collect(ctx, n)
	if err != nil {
		t.Fatalf("run %s: %v", plan.Format(n), err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmtRow(r)
	}
	return out
}

func runErr(t testing.TB, ctx *ExecContext, n plan.Node) *base.Error {
	t.Helper()
	_, err := Collect(ctx, n)
	if err == nil {
		t.Fatalf("expected an error from %s", plan.Format(n))
	}
	return base.AsError(err)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func expectRows(t testing.TB, got []string, want ...string) {
	t.Helper()
	if len(want) == 0 && len(got) == 0 {
		return
	}
	if !slices.Equal(got, want) {
		t.Fatalf("rows:\n got  %q\n want %q", got, want)
	}
}

func expectSet(t testing.TB, got []string, want ...string) {
	t.Helper()
	expectRows(t, sorted(got), sorted(want)...)
}
