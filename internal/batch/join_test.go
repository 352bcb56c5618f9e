package batch

import (
	"math/rand/v2"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

func joinInputs() (l, r *plan.Values) {
	ty := []base.Type{base.Int64, base.Text}
	l = values(ty,
		[]base.Datum{I(1), T("l1")}, []base.Datum{I(2), T("l2")}, []base.Datum{I(2), T("l2b")},
		[]base.Datum{I(nil), T("lnull")}, []base.Datum{I(4), T("l4")})
	r = values(ty,
		[]base.Datum{I(2), T("r2")}, []base.Datum{I(2), T("r2b")}, []base.Datum{I(3), T("r3")},
		[]base.Datum{I(nil), T("rnull")}, []base.Datum{I(1), T("r1")})
	return
}

func TestHashJoinKinds(t *testing.T) {
	ctx := newCtx(nil)
	l, r := joinInputs()
	j := func(kind plan.JoinKind, residual expr.Expr) *plan.Join {
		return &plan.Join{Kind: kind, Left: l, Right: r, LeftKeys: []expr.Expr{ci(0)}, RightKeys: []expr.Expr{ci(0)}, NullEqual: []bool{false}, Residual: residual}
	}
	inner := []string{"1|l1|1|r1", "2|l2|2|r2", "2|l2|2|r2b", "2|l2b|2|r2", "2|l2b|2|r2b"}
	expectSet(t, run(t, ctx, j(plan.JoinInner, nil)), inner...)
	expectSet(t, run(t, ctx, j(plan.JoinLeft, nil)), append(inner, "NULL|lnull|NULL|NULL", "4|l4|NULL|NULL")...)
	expectSet(t, run(t, ctx, j(plan.JoinRight, nil)), append(inner, "NULL|NULL|3|r3", "NULL|NULL|NULL|rnull")...)
	expectSet(t, run(t, ctx, j(plan.JoinFull, nil)), append(inner, "NULL|lnull|NULL|NULL", "4|l4|NULL|NULL", "NULL|NULL|3|r3", "NULL|NULL|NULL|rnull")...)
	expectSet(t, run(t, ctx, j(plan.JoinSemi, nil)), "1|l1", "2|l2", "2|l2b")
	expectSet(t, run(t, ctx, j(plan.JoinAnti, nil)), "NULL|lnull", "4|l4")

	// Residual r.b <> 'r2b' (column 3 of left++right): an outer row whose
	// candidates all fail still appears padded.
	res := binop(t, "<>", ct(3), ktext("r2b"))
	inner2 := []string{"1|l1|1|r1", "2|l2|2|r2", "2|l2b|2|r2"}
	expectSet(t, run(t, ctx, j(plan.JoinInner, res)), inner2...)
	res1 := binop(t, "=", ct(3), ktext("r1x"))
	expectSet(t, run(t, ctx, j(plan.JoinLeft, res1)), "1|l1|NULL|NULL", "2|l2|NULL|NULL", "2|l2b|NULL|NULL", "NULL|lnull|NULL|NULL", "4|l4|NULL|NULL")
	expectSet(t, run(t, ctx, j(plan.JoinRight, res)), append(inner2, "NULL|NULL|3|r3", "NULL|NULL|NULL|rnull", "NULL|NULL|2|r2b")...)
	expectSet(t, run(t, ctx, j(plan.JoinSemi, res)), "1|l1", "2|l2", "2|l2b")
	expectSet(t, run(t, ctx, j(plan.JoinAnti, res1)), "1|l1", "2|l2", "2|l2b", "NULL|lnull", "4|l4")

	// IS NOT DISTINCT FROM keys match NULLs.
	ne := j(plan.JoinInner, nil)
	ne.NullEqual = []bool{true}
	expectSet(t, run(t, ctx, ne), append(inner, "NULL|lnull|NULL|rnull")...)
}

func TestNestedLoopJoin(t *testing.T) {
	ctx := newCtx(nil)
	l, r := joinInputs()
	cross := &plan.Join{Kind: plan.JoinCross, Left: l, Right: r}
	if got := run(t, ctx, cross); len(got) != 25 {
		t.Fatalf("cross join: %d rows", len(got))
	}
	// l.a < r.a
	lt := binop(t, "<", ci(0), ci(2))
	expectSet(t, run(t, ctx, &plan.Join{Kind: plan.JoinLeft, Left: l, Right: r, Residual: lt}),
		"1|l1|2|r2", "1|l1|2|r2b", "1|l1|3|r3", "2|l2|3|r3", "2|l2b|3|r3", "NULL|lnull|NULL|NULL", "4|l4|NULL|NULL")
	expectSet(t, run(t, ctx, &plan.Join{Kind: plan.JoinAnti, Left: l, Right: r, Residual: lt}), "NULL|lnull", "4|l4")
	expectSet(t, run(t, ctx, &plan.Join{Kind: plan.JoinFull, Left: l, Right: r, Residual: binop(t, ">", ci(0), ci(2))}),
		"2|l2|1|r1", "2|l2b|1|r1", "4|l4|2|r2", "4|l4|2|r2b", "4|l4|3|r3", "4|l4|1|r1",
		"1|l1|NULL|NULL", "NULL|lnull|NULL|NULL", "NULL|NULL|NULL|rnull")
	// Empty right side.
	empty := values([]base.Type{base.Int64, base.Text})
	expectSet(t, run(t, ctx, &plan.Join{Kind: plan.JoinAnti, Left: l, Right: empty}), "1|l1", "2|l2", "2|l2b", "NULL|lnull", "4|l4")
	expectSet(t, run(t, ctx, &plan.Join{Kind: plan.JoinInner, Left: l, Right: empty}))
}

// TestHashJoinMatchesNestedLoop cross-checks the hash join against a
// nested-loop join with the same condition as a residual, on random data
// with NULLs and many duplicates spanning several chunks.
func TestHashJoinMatchesNestedLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	st := NewMemStorage()
	lr := mkRel("l", nil, icol("k"), icol("v"))
	rr := mkRel("r", nil, icol("k"), icol("v"))
	for i := 0; i < 1500; i++ {
		k := I(rng.IntN(40))
		if rng.IntN(10) == 0 {
			k = I(nil)
		}
		st.Load(lr, []base.Datum{k, I(rng.IntN(100)), I(nil)})
	}
	for i := 0; i < 300; i++ {
		k := I(rng.IntN(60))
		if rng.IntN(10) == 0 {
			k = I(nil)
		}
		st.Load(rr, []base.Datum{k, I(rng.IntN(100)), I(nil)})
	}
	ctx := newCtx(st)
	ls, rs := scan(lr, 0, 1), scan(rr, 0, 1)
	extra := binop(t, "<", ci(1), ci(3))
	for _, kind := range []plan.JoinKind{plan.JoinInner, plan.JoinLeft, plan.JoinRight, plan.JoinFull, plan.JoinSemi, plan.JoinAnti} {
		for _, withRes := range []bool{false, true} {
			var res expr.Expr
			eq := binop(t, "=", ci(0), ci(2))
			nlRes := eq
			if withRes {
				res = extra
				nlRes = &expr.And{Args: []expr.Expr{eq, extra}}
			}
			h := &plan.Join{Kind: kind, Left: ls, Right: rs, LeftKeys: []expr.Expr{ci(0)}, RightKeys: []expr.Expr{ci(0)}, NullEqual: []bool{false}, Residual: res}
			nl := &plan.Join{Kind: kind, Left: ls, Right: rs, Residual: nlRes}
			hg, ng := sorted(run(t, ctx, h)), sorted(run(t, ctx, nl))
			if len(hg) == 0 {
				t.Fatalf("%v: empty result", kind)
			}
			expectRows(t, hg, ng...)
		}
	}
}
