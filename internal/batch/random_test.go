package batch

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// randomRows makes (int or NULL, text or NULL, int) rows with many
// duplicates.
func randomRows(rng *rand.Rand, n int) [][]base.Datum {
	rows := make([][]base.Datum, n)
	for i := range rows {
		a, b := I(rng.IntN(20)), T(fmt.Sprintf("s%d", rng.IntN(7)))
		if rng.IntN(8) == 0 {
			a = I(nil)
		}
		if rng.IntN(9) == 0 {
			b = T(nil)
		}
		rows[i] = []base.Datum{a, b, I(i)}
	}
	return rows
}

var rowTypes = []base.Type{base.Int64, base.Text, base.Int64}

func TestTopNMatchesSortLimit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ctx := newCtx(nil)
	v := values(rowTypes, randomRows(rng, 5000)...)
	keys := []plan.SortKey{{Expr: ci(0), Desc: true, NullsFirst: false}, {Expr: ct(1), NullsFirst: true}}
	full := run(t, ctx, &plan.Sort{Input: v, Keys: keys})
	for _, c := range []struct{ count, offset int64 }{{1, 0}, {10, 0}, {100, 7}, {1500, 1000}, {10000, 4990}} {
		got := run(t, ctx, &plan.Limit{Input: &plan.Sort{Input: v, Keys: keys}, Count: kint(c.count), Offset: kint(c.offset)})
		lo, hi := min(int(c.offset), len(full)), min(int(c.offset+c.count), len(full))
		expectRows(t, got, full[lo:hi]...)
	}
	// The full sort is stable: the third column (input position) rises
	// within equal keys.
	sortedRows, err := Collect(ctx, &plan.Sort{Input: v, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(sortedRows); i++ {
		p, q := sortedRows[i-1], sortedRows[i]
		if base.EqualForGrouping(p[0], q[0]) && base.EqualForGrouping(p[1], q[1]) && p[2].I > q[2].I {
			t.Fatalf("unstable at %d: %v %v", i, fmtRow(p), fmtRow(q))
		}
	}
}

func TestHashAggMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	rows := randomRows(rng, 7000)
	ctx := newCtx(nil)
	v := values(rowTypes, rows...)
	a := &plan.Aggregate{Input: v, GroupBy: []expr.Expr{ci(0), ct(1)},
		Aggs: []plan.AggCall{agg(t, "count", false), agg(t, "sum", false, ci(2)), agg(t, "max", false, ci(2))},
		Cols: pcols(base.Int64, base.Text, base.Int64, base.Numeric, base.Int64)}
	got := run(t, ctx, a)
	type acc struct{ n, sum, max int64 }
	ref := map[string]*acc{}
	for _, r := range rows {
		k := fmtRow(r[:2])
		if ref[k] == nil {
			ref[k] = &acc{max: -1}
		}
		ref[k].n++
		ref[k].sum += r[2].I
		ref[k].max = max(ref[k].max, r[2].I)
	}
	var want []string
	for k, a := range ref {
		want = append(want, fmt.Sprintf("%s|%d|%d|%d", k, a.n, a.sum, a.max))
	}
	expectSet(t, got, want...)
	// DISTINCT over the same rows' keys equals the group keys.
	p := &plan.Project{Input: v, Exprs: []expr.Expr{ci(0), ct(1)}, Cols: pcols(base.Int64, base.Text)}
	d := run(t, ctx, &plan.Distinct{Input: p})
	keys := make([]string, 0, len(ref))
	for k := range ref {
		keys = append(keys, k)
	}
	expectSet(t, d, keys...)
	if !slices.Equal(sorted(d), sorted(keys)) {
		t.Fatal("distinct mismatch")
	}
}

func TestMultiKeyHashJoin(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	ctx := newCtx(nil)
	l := values(rowTypes, randomRows(rng, 800)...)
	r := values(rowTypes, randomRows(rng, 300)...)
	keysL, keysR := []expr.Expr{ci(0), ct(1)}, []expr.Expr{ci(0), ct(1)}
	for _, nullEq := range [][]bool{{false, false}, {true, false}, {true, true}} {
		var conds []expr.Expr
		for i, ne := range nullEq {
			lk, rk := keysL[i], []expr.Expr{ci(3), ct(4)}[i]
			if ne {
				conds = append(conds, &expr.IsDistinct{L: lk, R: rk, Not: true})
			} else {
				conds = append(conds, binop(t, "=", lk, rk))
			}
		}
		for _, kind := range []plan.JoinKind{plan.JoinInner, plan.JoinFull, plan.JoinAnti} {
			h := &plan.Join{Kind: kind, Left: l, Right: r, LeftKeys: keysL, RightKeys: keysR, NullEqual: nullEq}
			nl := &plan.Join{Kind: kind, Left: l, Right: r, Residual: &expr.And{Args: conds}}
			expectRows(t, sorted(run(t, ctx, h)), sorted(run(t, ctx, nl))...)
		}
	}
}
