package batch

import (
	"math"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

func TestHashAgg(t *testing.T) {
	st, s := fixture(t)
	ctx := newCtx(st)
	aggs := []plan.AggCall{
		agg(t, "count", false),
		agg(t, "count", false, ci(0)),
		agg(t, "sum", false, ci(0)),
		agg(t, "min", false, ci(0)),
		agg(t, "max", false, ci(0)),
		agg(t, "avg", false, ci(0)),
	}
	// Scalar aggregate.
	scalar := &plan.Aggregate{Input: s, Aggs: aggs, Cols: pcols(base.Int64, base.Int64, base.Numeric, base.Int64, base.Int64, base.Numeric)}
	got := run(t, ctx, scalar)
	if len(got) != 1 || got[0][:len("5|4|8|1|3|")] != "5|4|8|1|3|" {
		t.Fatalf("scalar agg: %q", got)
	}
	// Scalar aggregate over empty input: one row, count 0, others NULL.
	empty := &plan.Filter{Input: s, Cond: &expr.Const{Val: base.DBool(false), Typ: base.Bool}}
	scalar.Input = empty
	expectRows(t, run(t, ctx, scalar), "0|0|NULL|NULL|NULL|NULL")
	// GROUP BY over empty input: no rows.
	g := &plan.Aggregate{Input: empty, GroupBy: []expr.Expr{ct(1)}, Aggs: aggs[:1], Cols: pcols(base.Text, base.Int64)}
	expectRows(t, run(t, ctx, g))
	// GROUP BY b: NULL is one group.
	g.Input = s
	g.Aggs = aggs[:3]
	g.Cols = pcols(base.Text, base.Int64, base.Int64, base.Numeric)
	expectSet(t, run(t, ctx, g), "x|2|2|4", "y|1|1|2", "z|1|0|NULL", "NULL|1|1|2")
}

func TestHashAggFilterDistinctOrder(t *testing.T) {
	ctx := newCtx(nil)
	ty := []base.Type{base.Int64, base.Text}
	v := values(ty,
		[]base.Datum{I(1), T("b")}, []base.Datum{I(1), T("a")}, []base.Datum{I(1), T("b")},
		[]base.Datum{I(2), T("c")}, []base.Datum{I(2), T(nil)}, []base.Datum{I(1), T("c")})
	cntD := agg(t, "count", true, ct(1))
	filt := agg(t, "count", false)
	filt.Filter = binop(t, "<>", ct(1), ktext("b"))
	sa := agg(t, "string_agg", false, ct(1), ktext(","))
	sa.Func = sa.Func.WithOrderBy([]expr.SortSpec{{Desc: true, NullsFirst: true}})
	sa.OrderBy = []plan.SortKey{{Expr: ct(1), Desc: true, NullsFirst: true}}
	sumD := agg(t, "sum", true, ci(0))
	a := &plan.Aggregate{Input: v, GroupBy: []expr.Expr{ci(0)}, Aggs: []plan.AggCall{cntD, filt, sa, sumD},
		Cols: pcols(base.Int64, base.Int64, base.Int64, base.Text, base.Numeric)}
	expectSet(t, run(t, ctx, a), "1|3|2|c,b,b,a|1", "2|1|1|c|2")
}

func TestHashAggManyGroupsAndTypes(t *testing.T) {
	// > MaxChunkRows groups, several chunks, float min/max with NaN.
	ctx := newCtx(nil)
	var rows [][]base.Datum
	for i := 0; i < 3000; i++ {
		rows = append(rows, []base.Datum{I(i % 1500), base.DFloat64(float64(i))})
	}
	rows = append(rows, []base.Datum{I(7), base.DFloat64(math.NaN())})
	v := values([]base.Type{base.Int64, base.Float64}, rows...)
	f := cref(1, base.Float64)
	a := &plan.Aggregate{Input: v, GroupBy: []expr.Expr{ci(0)},
		Aggs: []plan.AggCall{agg(t, "count", false), agg(t, "max", false, f), agg(t, "min", false, f), agg(t, "sum", false, f)},
		Cols: pcols(base.Int64, base.Int64, base.Float64, base.Float64, base.Float64)}
	got := run(t, ctx, a)
	if len(got) != 1500 {
		t.Fatalf("%d groups", len(got))
	}
	for _, r := range got {
		switch r {
		case "7|3|NaN|7|NaN", "8|2|1508|8|1516":
		default:
			if r[:2] == "7|" || r[:2] == "8|" {
				t.Fatalf("group row %q", r)
			}
		}
	}
}

func TestSumInt64Overflows128(t *testing.T) {
	ctx := newCtx(nil)
	big := base.DInt64(math.MaxInt64)
	v := values([]base.Type{base.Int64}, []base.Datum{big}, []base.Datum{big}, []base.Datum{big})
	a := &plan.Aggregate{Input: v, Aggs: []plan.AggCall{agg(t, "sum", false, ci(0))}, Cols: pcols(base.Numeric)}
	expectRows(t, run(t, ctx, a), "27670116110564327421")
	neg := values([]base.Type{base.Int64}, []base.Datum{base.DInt64(math.MinInt64)}, []base.Datum{base.DInt64(math.MinInt64)}, []base.Datum{I(5)})
	a.Input = neg
	expectRows(t, run(t, ctx, a), "-18446744073709551611")
}

func TestMemoryLimit(t *testing.T) {
	ctx := newCtx(nil)
	ctx.MemoryLimit = 64 << 10
	series := &plan.TableFunc{Name: "generate_series", Args: []expr.Expr{kint(1), kint(100000)}, Cols: pcols(base.Int64)}
	a := &plan.Aggregate{Input: series, GroupBy: []expr.Expr{ci(0)}, Aggs: []plan.AggCall{agg(t, "count", false)}, Cols: pcols(base.Int64, base.Int64)}
	if e := runErr(t, ctx, a); e.Code != base.CodeOutOfMemory || e.Message != "out of memory" {
		t.Fatalf("got %s %q", e.Code, e.Message)
	}
	s := &plan.Sort{Input: series, Keys: []plan.SortKey{{Expr: ci(0), Desc: true}}}
	if e := runErr(t, ctx, s); e.Code != base.CodeOutOfMemory {
		t.Fatalf("got %s %q", e.Code, e.Message)
	}
	// Top-N keeps little: fits.
	expectRows(t, run(t, ctx, &plan.Limit{Input: s, Count: kint(2)}), "100000", "99999")
	if ctx.MemoryUsed() != 0 {
		t.Fatalf("memory not released: %d", ctx.MemoryUsed())
	}
}
