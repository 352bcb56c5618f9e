package batch

import (
	"context"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// fixture: t(a bigint, b text) with a hidden _row_id.
func fixture(t *testing.T) (*MemStorage, *plan.Scan) {
	st := NewMemStorage()
	r := mkRel("t", nil, icol("a"), tcol("b"))
	st.Load(r,
		[]base.Datum{I(1), T("x"), I(nil)},
		[]base.Datum{I(2), T("y"), I(nil)},
		[]base.Datum{I(nil), T("z"), I(nil)},
		[]base.Datum{I(2), T(nil), I(nil)},
		[]base.Datum{I(3), T("x"), I(nil)},
	)
	return st, scan(r, 0, 1)
}

func TestScanFilterProject(t *testing.T) {
	st, s := fixture(t)
	ctx := newCtx(st)
	expectRows(t, run(t, ctx, s), "1|x", "2|y", "NULL|z", "2|NULL", "3|x")
	// a > 1: NULL is not true.
	f := &plan.Filter{Input: s, Cond: binop(t, ">", ci(0), kint(1))}
	expectRows(t, run(t, ctx, f), "2|y", "2|NULL", "3|x")
	p := &plan.Project{Input: f, Exprs: []expr.Expr{ct(1), binop(t, "*", ci(0), kint(10))}, Cols: pcols(base.Text, base.Int64)}
	expectRows(t, run(t, ctx, p), "y|20", "NULL|20", "x|30")
	// Filter that selects nothing, and one on a constant NULL.
	expectRows(t, run(t, ctx, &plan.Filter{Input: s, Cond: knull(base.Bool)}))
}

func TestValuesAndZeroColumns(t *testing.T) {
	ctx := newCtx(nil)
	// SELECT without FROM: one row of zero columns, projected.
	v := &plan.Values{Rows: [][]expr.Expr{{}}}
	p := &plan.Project{Input: v, Exprs: []expr.Expr{kint(7)}, Cols: pcols(base.Int64)}
	expectRows(t, run(t, ctx, p), "7")
	v2 := values([]base.Type{base.Int64, base.Text}, []base.Datum{I(1), T("a")}, []base.Datum{I(nil), T(nil)})
	expectRows(t, run(t, ctx, v2), "1|a", "NULL|NULL")
}

func TestLimit(t *testing.T) {
	st, s := fixture(t)
	ctx := newCtx(st)
	expectRows(t, run(t, ctx, &plan.Limit{Input: s, Count: kint(2)}), "1|x", "2|y")
	expectRows(t, run(t, ctx, &plan.Limit{Input: s, Count: kint(2), Offset: kint(3)}), "2|NULL", "3|x")
	expectRows(t, run(t, ctx, &plan.Limit{Input: s, Count: knull(base.Int64), Offset: kint(4)}), "3|x")
	expectRows(t, run(t, ctx, &plan.Limit{Input: s, Count: kint(0)}))
	expectRows(t, run(t, ctx, &plan.Limit{Input: s, Offset: kint(10)}))
	if e := runErr(t, ctx, &plan.Limit{Input: s, Count: kint(-1)}); e.Code != "2201W" || e.Message != "LIMIT must not be negative" {
		t.Fatalf("got %s %q", e.Code, e.Message)
	}
	if e := runErr(t, ctx, &plan.Limit{Input: s, Offset: kint(-1)}); e.Code != "2201X" || e.Message != "OFFSET must not be negative" {
		t.Fatalf("got %s %q", e.Code, e.Message)
	}
	// Parameters.
	ctx.Eval = &expr.Context{Params: []base.Datum{base.DInt64(1)}}
	expectRows(t, run(t, ctx, &plan.Limit{Input: s, Count: &expr.Param{Idx: 0, Typ: base.Int64}}), "1|x")
}

func TestSortNulls(t *testing.T) {
	st, s := fixture(t)
	ctx := newCtx(st)
	asc := &plan.Sort{Input: s, Keys: []plan.SortKey{{Expr: ci(0)}}}
	expectRows(t, run(t, ctx, asc), "1|x", "2|y", "2|NULL", "3|x", "NULL|z")
	desc := &plan.Sort{Input: s, Keys: []plan.SortKey{{Expr: ci(0), Desc: true, NullsFirst: true}}}
	expectRows(t, run(t, ctx, desc), "NULL|z", "3|x", "2|y", "2|NULL", "1|x")
	// Two keys, text NULLS FIRST ascending, computed key expression.
	two := &plan.Sort{Input: s, Keys: []plan.SortKey{{Expr: ct(1), NullsFirst: true}, {Expr: binop(t, "-", kint(0), ci(0))}}}
	expectRows(t, run(t, ctx, two), "2|NULL", "3|x", "1|x", "2|y", "NULL|z")
	// Top-N: Sort under Limit.
	top := &plan.Limit{Input: desc, Count: kint(2), Offset: kint(1)}
	expectRows(t, run(t, ctx, top), "3|x", "2|y")
}

func TestDistinct(t *testing.T) {
	ctx := newCtx(nil)
	ty := []base.Type{base.Int64, base.Text}
	v := values(ty,
		[]base.Datum{I(1), T("a")}, []base.Datum{I(nil), T(nil)}, []base.Datum{I(1), T("a")},
		[]base.Datum{I(nil), T(nil)}, []base.Datum{I(1), T("b")}, []base.Datum{I(2), T("a")})
	expectRows(t, run(t, ctx, &plan.Distinct{Input: v}), "1|a", "NULL|NULL", "1|b", "2|a")
	sortedV := &plan.Sort{Input: v, Keys: []plan.SortKey{{Expr: ci(0)}, {Expr: ct(1), Desc: true, NullsFirst: true}}}
	on := &plan.Distinct{Input: sortedV, On: []expr.Expr{ci(0)}}
	expectRows(t, run(t, ctx, on), "1|b", "2|a", "NULL|NULL")
}

func TestCancel(t *testing.T) {
	st, s := fixture(t)
	c, cancel := context.WithCancel(context.Background())
	cancel()
	ctx := newCtx(st)
	ctx.Ctx = c
	if e := runErr(t, ctx, s); e.Code != base.CodeQueryCanceled || e.Message != "canceling statement due to user request" {
		t.Fatalf("got %s %q", e.Code, e.Message)
	}
}
