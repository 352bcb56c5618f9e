package batch

import (
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

func TestSubqueries(t *testing.T) {
	ctx := newCtx(nil)
	outer := values([]base.Type{base.Int64}, []base.Datum{I(1)}, []base.Datum{I(2)}, []base.Datum{I(3)})
	inner := values([]base.Type{base.Int64}, []base.Datum{I(2)}, []base.Datum{I(3)}, []base.Datum{I(3)})
	// Correlated: (SELECT count(*) FROM inner WHERE inner.x = outer.x)
	corr := &plan.Aggregate{
		Input: &plan.Filter{Input: inner, Cond: binop(t, "=", ci(0), &expr.OuterRef{Depth: 0, Idx: 0, Typ: base.Int64})},
		Aggs:  []plan.AggCall{agg(t, "count", false)}, Cols: pcols(base.Int64),
	}
	sq := &expr.Subquery{Kind: expr.SubqueryScalar, Plan: corr, Typ: base.Int64}
	// EXISTS (uncorrelated) and NOT EXISTS over an empty set.
	ex := &expr.Subquery{Kind: expr.SubqueryExists, Plan: inner, Typ: base.Bool}
	nex := &expr.Subquery{Kind: expr.SubqueryExists, Not: true, Plan: &plan.Filter{Input: inner, Cond: binop(t, ">", ci(0), kint(5))}, Typ: base.Bool}
	p := &plan.Project{Input: outer, Exprs: []expr.Expr{ci(0), sq, ex, nex}, Cols: pcols(base.Int64, base.Int64, base.Bool, base.Bool)}
	expectRows(t, run(t, ctx, p), "1|0|t|t", "2|1|t|t", "3|2|t|t")
	r := ctx.st.subq
	if !r.correlated[plan.Node(corr)] || r.correlated[plan.Node(inner)] {
		t.Fatalf("correlation detection wrong: %v", r.correlated)
	}
	if len(r.cache) != 2 {
		t.Fatalf("uncorrelated results cached: %d", len(r.cache))
	}
	// Scalar subquery returning two rows: 21000.
	two := &plan.Project{Input: outer, Exprs: []expr.Expr{&expr.Subquery{Kind: expr.SubqueryScalar, Plan: inner, Typ: base.Int64}}, Cols: pcols(base.Int64)}
	if e := runErr(t, ctx, two); e.Code != base.CodeCardinalityViolation {
		t.Fatalf("got %s %q", e.Code, e.Message)
	}
	// IN (SELECT ...) as a filter.
	eq, _, _, err := expr.LookupBinaryOp("=", base.Int64, base.Int64)
	if err != nil {
		t.Fatal(err)
	}
	in := &plan.Filter{Input: outer, Cond: &expr.Subquery{Kind: expr.SubqueryIn, Arg: ci(0), Op: eq, Plan: inner, Typ: base.Bool}}
	expectRows(t, run(t, ctx, in), "2", "3")
}

func TestWindow(t *testing.T) {
	ctx := newCtx(nil)
	v := values([]base.Type{base.Text, base.Int64},
		[]base.Datum{T("a"), I(3)}, []base.Datum{T("b"), I(1)}, []base.Datum{T("a"), I(1)},
		[]base.Datum{T("a"), I(3)}, []base.Datum{T("b"), I(nil)})
	rn, _, err := expr.LookupWindow("row_number", nil)
	if err != nil {
		t.Fatal(err)
	}
	rk, _, err := expr.LookupWindow("rank", nil)
	if err != nil {
		t.Fatal(err)
	}
	part := []expr.Expr{ct(0)}
	ord := []plan.SortKey{{Expr: ci(1)}}
	w := &plan.Window{Input: v, Funcs: []plan.WindowCall{
		{Func: rn, PartitionBy: part, OrderBy: ord, Frame: expr.DefaultFrame(), Typ: base.Int64, Name: "row_number"},
		{Func: rk, PartitionBy: part, OrderBy: ord, Frame: expr.DefaultFrame(), Typ: base.Int64, Name: "rank"},
	}}
	expectRows(t, run(t, ctx, w), "a|1|1|1", "a|3|2|2", "a|3|3|2", "b|1|1|1", "b|NULL|2|2")
}
