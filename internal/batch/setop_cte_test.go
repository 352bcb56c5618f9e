package batch

import (
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

func TestSetOps(t *testing.T) {
	ctx := newCtx(nil)
	ty := []base.Type{base.Int64}
	l := values(ty, []base.Datum{I(1)}, []base.Datum{I(1)}, []base.Datum{I(1)}, []base.Datum{I(2)}, []base.Datum{I(nil)}, []base.Datum{I(nil)}, []base.Datum{I(3)})
	r := values(ty, []base.Datum{I(1)}, []base.Datum{I(nil)}, []base.Datum{I(3)}, []base.Datum{I(3)}, []base.Datum{I(4)})
	op := func(k plan.SetOpKind, all bool) *plan.SetOp {
		return &plan.SetOp{Kind: k, All: all, Left: l, Right: r, Cols: pcols(base.Int64)}
	}
	expectSet(t, run(t, ctx, op(plan.Union, false)), "1", "2", "3", "4", "NULL")
	if got := run(t, ctx, op(plan.Union, true)); len(got) != 12 {
		t.Fatalf("union all: %q", got)
	}
	expectSet(t, run(t, ctx, op(plan.Intersect, false)), "1", "3", "NULL")
	expectSet(t, run(t, ctx, op(plan.Intersect, true)), "1", "3", "NULL")
	expectSet(t, run(t, ctx, op(plan.Except, false)), "2")
	expectSet(t, run(t, ctx, op(plan.Except, true)), "1", "1", "2", "NULL")
}

func TestCTE(t *testing.T) {
	ctx := newCtx(nil)
	// WITH c AS (VALUES (1),(2)) SELECT * FROM c JOIN c AS d ON true
	c := plan.CTE{ID: 1, Name: "c", Plan: values([]base.Type{base.Int64}, []base.Datum{I(1)}, []base.Datum{I(2)}), Cols: pcols(base.Int64)}
	cs := &plan.CTEScan{ID: 1, Name: "c", Cols: pcols(base.Int64)}
	w := &plan.With{CTEs: []plan.CTE{c}, Body: &plan.Join{Kind: plan.JoinCross, Left: cs, Right: cs}}
	expectSet(t, run(t, ctx, w), "1|1", "1|2", "2|1", "2|2")
}

// recursive builds WITH RECURSIVE r(n) AS (SELECT 1 UNION [ALL] SELECT
// f(n) FROM r WHERE cond) SELECT * FROM r.
func recursive(t *testing.T, all bool, step expr.Expr, cond expr.Expr) *plan.With {
	wt := &plan.WorkTableScan{ID: 7, Name: "r", Cols: pcols(base.Int64)}
	var term plan.Node = &plan.Project{Input: wt, Exprs: []expr.Expr{step}, Cols: pcols(base.Int64)}
	if cond != nil {
		term = &plan.Filter{Input: term, Cond: cond}
	}
	c := plan.CTE{ID: 7, Name: "r", Recursive: true, UnionAll: all,
		Plan:          values([]base.Type{base.Int64}, []base.Datum{I(1)}),
		RecursiveTerm: term, Cols: pcols(base.Int64)}
	return &plan.With{CTEs: []plan.CTE{c}, Body: &plan.CTEScan{ID: 7, Name: "r", Cols: pcols(base.Int64)}}
}

func TestRecursiveCTE(t *testing.T) {
	ctx := newCtx(nil)
	// n+1 while n <= 5
	w := recursive(t, true, binop(t, "+", ci(0), kint(1)), binop(t, "<=", ci(0), kint(5)))
	expectRows(t, run(t, ctx, w), "1", "2", "3", "4", "5")
	// UNION (distinct) with a cycle terminates: n % 3 + 1 → 1,2,3,1,...
	cyc := recursive(t, false, binop(t, "+", binop(t, "%", ci(0), kint(3)), kint(1)), nil)
	expectRows(t, run(t, ctx, cyc), "1", "2", "3")
	// UNION ALL with the same cycle hits the cap.
	ctx.MaxRecursiveRows = 1000
	inf := recursive(t, true, binop(t, "+", binop(t, "%", ci(0), kint(3)), kint(1)), nil)
	if e := runErr(t, ctx, inf); e.Code != base.CodeProgramLimitExceeded {
		t.Fatalf("got %s %q", e.Code, e.Message)
	}
	// Many rows through several iterations and chunks.
	ctx.MaxRecursiveRows = 0
	big := recursive(t, true, binop(t, "+", ci(0), kint(1)), binop(t, "<=", ci(0), kint(4999)))
	if got := run(t, ctx, big); len(got) != 4999 || got[4998] != "4999" {
		t.Fatalf("big recursion: %d rows", len(got))
	}
}

func TestTableFuncs(t *testing.T) {
	ctx := newCtx(nil)
	gs := func(ty base.Type, args ...expr.Expr) *plan.TableFunc {
		return &plan.TableFunc{Name: "generate_series", Args: args, Cols: pcols(ty)}
	}
	expectRows(t, run(t, ctx, gs(base.Int64, kint(1), kint(4))), "1", "2", "3", "4")
	expectRows(t, run(t, ctx, gs(base.Int64, kint(10), kint(1), kint(-4))), "10", "6", "2")
	expectRows(t, run(t, ctx, gs(base.Int64, kint(5), kint(1))))
	expectRows(t, run(t, ctx, gs(base.Int64, kint(5), knull(base.Int64))))
	if e := runErr(t, ctx, gs(base.Int64, kint(1), kint(5), kint(0))); e.Code != base.CodeInvalidParameterValue || e.Message != "step size cannot equal zero" {
		t.Fatalf("got %s %q", e.Code, e.Message)
	}
	i32 := func(v int64) expr.Expr { return &expr.Const{Val: base.DInt32(v), Typ: base.Int32} }
	expectRows(t, run(t, ctx, gs(base.Int32, i32(2147483646), i32(2147483647))), "2147483646", "2147483647")
	if got := run(t, ctx, gs(base.Int64, kint(1), kint(3000))); len(got) != 3000 {
		t.Fatalf("%d rows", len(got))
	}
	num := func(s string) expr.Expr {
		d, err := base.ParseText(base.Numeric, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		return &expr.Const{Val: d, Typ: base.Numeric}
	}
	expectRows(t, run(t, ctx, gs(base.Numeric, num("0.5"), num("2"), num("0.5"))), "0.5", "1.0", "1.5", "2.0")
	ts := func(us int64) expr.Expr { return &expr.Const{Val: base.DTimestamp(us), Typ: base.Timestamp} }
	hour := &expr.Const{Val: base.DInterval(base.Interval{Micros: 3600e6}), Typ: base.IntervalT}
	expectRows(t, run(t, ctx, gs(base.Timestamp, ts(0), ts(3*3600e6), hour)),
		"1970-01-01 00:00:00", "1970-01-01 01:00:00", "1970-01-01 02:00:00", "1970-01-01 03:00:00")

	arr := &expr.Const{Val: base.DArray(base.KindInt64, []base.Datum{I(5), I(nil), I(7)}), Typ: base.ArrayOf(base.Int64)}
	arr2 := &expr.Const{Val: base.DArray(base.KindText, []base.Datum{T("a")}), Typ: base.ArrayOf(base.Text)}
	un := &plan.TableFunc{Name: "unnest", Args: []expr.Expr{arr, arr2}, WithOrdinality: true, Cols: pcols(base.Int64, base.Text, base.Int64)}
	expectRows(t, run(t, ctx, un), "5|a|1", "NULL|NULL|2", "7|NULL|3")
	nullArr := &plan.TableFunc{Name: "unnest", Args: []expr.Expr{knull(base.ArrayOf(base.Int64))}, Cols: pcols(base.Int64)}
	expectRows(t, run(t, ctx, nullArr))
}

func TestHop(t *testing.T) {
	ctx := newCtx(nil)
	min := int64(60e6)
	v := values([]base.Type{base.Int64, base.Timestamp},
		[]base.Datum{I(1), base.DTimestamp(7 * min)}, []base.Datum{I(2), base.NullOf(base.KindTimestamp)}, []base.Datum{I(3), base.DTimestamp(-1 * min)})
	h := &plan.Hop{Input: v, TimeCol: 1, Slide: base.Interval{Micros: 5 * min}, Size: base.Interval{Micros: 15 * min}}
	m := func(x int64) string { return base.FormatText(base.DTimestamp(x*min), base.Timestamp, nil) }
	expectRows(t, run(t, ctx, h),
		"1|"+m(7)+"|"+m(-5)+"|"+m(10), "1|"+m(7)+"|"+m(0)+"|"+m(15), "1|"+m(7)+"|"+m(5)+"|"+m(20),
		"3|"+m(-1)+"|"+m(-15)+"|"+m(0), "3|"+m(-1)+"|"+m(-10)+"|"+m(5), "3|"+m(-1)+"|"+m(-5)+"|"+m(10))
}
