package plan

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// foldStrictNulls applies PostgreSQL's planner simplification of strict
// functions (eval_const_expressions → simplify_function): a call of a
// strict function or operator with a constant NULL argument is replaced by
// a NULL constant of its result type, and a cast of a NULL constant is a
// NULL constant. The other arguments are then never evaluated, so, as in
// PostgreSQL, an error they would raise (overflow, division by zero) does
// not happen: NULL / (c - 2) is NULL even where c - 2 overflows. Folding
// is bottom-up, so NULLs propagate through nested strict calls.
//
// Subquery plans are not entered (they are optimized when bound).
func foldStrictNulls(e expr.Expr) expr.Expr {
	if e == nil {
		return nil
	}
	e = mapChildren(e, foldStrictNulls)
	switch n := e.(type) {
	case *expr.Cast:
		if isNullConst(n.Arg) && n.To.Kind != base.KindUnknown {
			return nullConst(n.To)
		}
	case *expr.Call:
		if n.Fn == nil || !n.Fn.Strict {
			return e
		}
		for _, a := range n.Args {
			if isNullConst(a) {
				return nullConst(n.Type())
			}
		}
	case *expr.Like:
		if isNullConst(n.Arg) || isNullConst(n.Pattern) {
			return nullConst(base.Bool)
		}
	case *expr.RegexMatch:
		if isNullConst(n.Arg) || isNullConst(n.Pattern) {
			return nullConst(base.Bool)
		}
	}
	return e
}

// isNullConst reports whether e is a typed NULL constant (an untyped NULL
// literal is left alone: its type is decided by context later).
func isNullConst(e expr.Expr) bool {
	c, ok := e.(*expr.Const)
	return ok && c.Val.Null && c.Typ.Kind != base.KindUnknown
}

func nullConst(t base.Type) expr.Expr {
	return &expr.Const{Val: base.NullOf(t.Kind), Typ: t}
}
