package plan

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// bpcharOperands prepares the operands of a comparison involving
// character(n). PostgreSQL compares bpchar with bpchar (bpchareq, ...)
// ignoring trailing blanks, and an unknown literal or a varchar compared
// with a bpchar becomes bpchar too; against text the bpchar side is cast
// to text (dropping its padding) and text comparison applies. Comparisons
// resolve to the text operators, whose argument casts strip the padding
// of bpchar operands (see expr.Cast), so it suffices to make the other
// operand a bpchar as well in the first case.
func (b *Binder) bpcharOperands(op string, l, r expr.Expr, la, ra ast.Node) (expr.Expr, expr.Expr) {
	switch op {
	case "=", "<>", "!=", "<", "<=", ">", ">=":
	default:
		return l, r
	}
	lt, rt := l.Type(), r.Type()
	toBp := func(e expr.Expr, t base.Type, n ast.Node) expr.Expr {
		if t.Kind == base.KindUnknown || t.Kind == base.KindText && t.Varchar {
			return b.coerce(e, base.Bpchar, n.Pos())
		}
		return e
	}
	switch {
	case lt.Kind == base.KindText && lt.Bpchar:
		r = toBp(r, rt, ra)
	case rt.Kind == base.KindText && rt.Bpchar:
		l = toBp(l, lt, la)
	}
	return l, r
}
