package batch

import (
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// kv: (k bigint primary key, v text not null)
func kvTable() *catalog.Relation {
	v := tcol("v")
	v.NotNull = true
	return mkRel("kv", []int{0}, icol("k"), v)
}

func insertRows(rel *catalog.Relation, rows ...[]base.Datum) *plan.Insert {
	ts := make([]base.Type, len(rel.Columns))
	for i, c := range rel.Columns {
		ts[i] = c.Type
	}
	return &plan.Insert{Table: rel, Input: values(ts, rows...), RowIDCol: -1}
}

func TestInsertConflicts(t *testing.T) {
	st := NewMemStorage()
	rel := kvTable()
	ctx := newCtx(st)
	ins := insertRows(rel, []base.Datum{I(1), T("a")}, []base.Datum{I(2), T("b")})
	ins.Returning = []expr.Expr{ci(0)}
	ins.ReturningCols = pcols(base.Int64)
	expectRows(t, run(t, ctx, ins), "1", "2")
	if ctx.RowsAffected() != 2 {
		t.Fatalf("affected %d", ctx.RowsAffected())
	}
	// Default (PostgreSQL): 23505.
	dup := insertRows(rel, []base.Datum{I(2), T("x")})
	e := runErr(t, ctx, dup)
	if e.Code != base.CodeUniqueViolation || e.Detail != "Key (k)=(2) already exists." {
		t.Fatalf("got %s %q %q", e.Code, e.Message, e.Detail)
	}
	// NOT NULL.
	nn := insertRows(rel, []base.Datum{I(3), T(nil)})
	e = runErr(t, ctx, nn)
	if e.Code != base.CodeNotNullViolation || e.Message != `null value in column "v" of relation "kv" violates not-null constraint` || e.Detail != "Failing row contains (3, null)." {
		t.Fatalf("got %s %q %q", e.Code, e.Message, e.Detail)
	}
	// DO NOTHING with RETURNING returns only inserted rows.
	dn := insertRows(rel, []base.Datum{I(2), T("x")}, []base.Datum{I(3), T("c")})
	dn.OnConflict = &plan.OnConflict{DoNothing: true}
	dn.Returning, dn.ReturningCols = []expr.Expr{ci(0), ct(1)}, pcols(base.Int64, base.Text)
	expectRows(t, run(t, ctx, dn), "3|c")
	if ctx.RowsAffected() != 1 {
		t.Fatalf("affected %d", ctx.RowsAffected())
	}
	// DO UPDATE SET v = existing.v || excluded.v WHERE existing.k <> 3.
	du := insertRows(rel, []base.Datum{I(2), T("x")}, []base.Datum{I(3), T("y")}, []base.Datum{I(4), T("d")})
	du.OnConflict = &plan.OnConflict{
		DoUpdate: []plan.SetClause{{Col: 1, Expr: binop(t, "||", ct(1), ct(3))}},
		Where:    binop(t, "<>", ci(0), kint(3)),
	}
	du.Returning, du.ReturningCols = []expr.Expr{ci(0), ct(1)}, pcols(base.Int64, base.Text)
	expectRows(t, run(t, ctx, du), "2|bx", "4|d")
	// Overwrite (RisingWave).
	ow := insertRows(rel, []base.Datum{I(1), T("z")})
	ow.Overwrite = true
	run(t, ctx, ow)
	expectRows(t, run(t, ctx, scan(rel)), "1|z", "2|bx", "3|c", "4|d")
}

func TestUpdateDelete(t *testing.T) {
	st := NewMemStorage()
	rel := kvTable()
	st.Load(rel, []base.Datum{I(1), T("a")}, []base.Datum{I(2), T("b")}, []base.Datum{I(3), T("c")})
	ctx := newCtx(st)
	// UPDATE kv SET v = v || '!', k = k * 10 WHERE k >= 2 RETURNING k, v
	up := &plan.Update{Table: rel, Input: &plan.Filter{Input: scan(rel), Cond: binop(t, ">=", ci(0), kint(2))},
		Set:       []plan.SetClause{{Col: 1, Expr: binop(t, "||", ct(1), ktext("!"))}, {Col: 0, Expr: binop(t, "*", ci(0), kint(10))}},
		Returning: []expr.Expr{ci(0), ct(1)}, ReturningCols: pcols(base.Int64, base.Text)}
	expectRows(t, run(t, ctx, up), "20|b!", "30|c!")
	if ctx.RowsAffected() != 2 {
		t.Fatalf("affected %d", ctx.RowsAffected())
	}
	expectRows(t, run(t, ctx, scan(rel)), "1|a", "20|b!", "30|c!")
	// SET v = NULL violates NOT NULL.
	bad := &plan.Update{Table: rel, Input: scan(rel), Set: []plan.SetClause{{Col: 1, Expr: knull(base.Text)}}}
	if e := runErr(t, ctx, bad); e.Code != base.CodeNotNullViolation {
		t.Fatalf("got %s %q", e.Code, e.Message)
	}
	// DELETE ... WHERE k > 10 RETURNING v (no RETURNING: count only).
	del := &plan.Delete{Table: rel, Input: &plan.Filter{Input: scan(rel), Cond: binop(t, ">", ci(0), kint(10))},
		Returning: []expr.Expr{ct(1)}, ReturningCols: pcols(base.Text)}
	expectRows(t, run(t, ctx, del), "b!", "c!")
	del2 := &plan.Delete{Table: rel, Input: scan(rel)}
	expectRows(t, run(t, ctx, del2))
	if ctx.RowsAffected() != 1 {
		t.Fatalf("affected %d", ctx.RowsAffected())
	}
	expectRows(t, run(t, ctx, scan(rel)))
}

func TestInsertRowID(t *testing.T) {
	st := NewMemStorage()
	rel := mkRel("h", nil, icol("a"))
	ctx := newCtx(st)
	ins := insertRows(rel, []base.Datum{I(5), I(nil)}, []base.Datum{I(5), I(nil)})
	ins.RowIDCol = 1
	run(t, ctx, ins)
	run(t, ctx, ins)
	expectRows(t, run(t, ctx, scan(rel)), "5|1", "5|2", "5|3", "5|4")
}
