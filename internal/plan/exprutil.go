package plan

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// Generic traversal of bound expressions. expr nodes have unexported
// evaluation caches, so rewriting builds fresh nodes from the exported
// fields (which also keeps shared subtrees from being mutated).

// mapChildren returns e with every direct child c replaced by f(c). Leaves
// and unknown node types are returned unchanged.
func mapChildren(e expr.Expr, f func(expr.Expr) expr.Expr) expr.Expr {
	opt := func(x expr.Expr) expr.Expr {
		if x == nil {
			return nil
		}
		return f(x)
	}
	list := func(xs []expr.Expr) []expr.Expr {
		out := make([]expr.Expr, len(xs))
		for i, x := range xs {
			out[i] = f(x)
		}
		return out
	}
	switch n := e.(type) {
	case *expr.Cast:
		return &expr.Cast{Arg: f(n.Arg), To: n.To, Assign: n.Assign}
	case *expr.Call:
		return &expr.Call{Fn: n.Fn, Args: list(n.Args)}
	case *expr.And:
		return &expr.And{Args: list(n.Args)}
	case *expr.Or:
		return &expr.Or{Args: list(n.Args)}
	case *expr.Not:
		return &expr.Not{Arg: f(n.Arg)}
	case *expr.IsNull:
		return &expr.IsNull{Arg: f(n.Arg), Not: n.Not}
	case *expr.IsBool:
		return &expr.IsBool{Arg: f(n.Arg), Value: n.Value, Not: n.Not}
	case *expr.IsUnknown:
		return &expr.IsUnknown{Arg: f(n.Arg), Not: n.Not}
	case *expr.IsDistinct:
		return &expr.IsDistinct{L: f(n.L), R: f(n.R), Not: n.Not}
	case *expr.Case:
		ws := make([]expr.When, len(n.Whens))
		for i, w := range n.Whens {
			ws[i] = expr.When{Cond: f(w.Cond), Result: f(w.Result)}
		}
		return &expr.Case{Whens: ws, Else: opt(n.Else), Typ: n.Typ}
	case *expr.Coalesce:
		return &expr.Coalesce{Args: list(n.Args), Typ: n.Typ}
	case *expr.NullIf:
		return &expr.NullIf{L: f(n.L), R: f(n.R), Typ: n.Typ}
	case *expr.Greatest:
		return &expr.Greatest{Args: list(n.Args), Typ: n.Typ, Least: n.Least}
	case *expr.InList:
		return &expr.InList{Arg: f(n.Arg), List: list(n.List), Not: n.Not}
	case *expr.Like:
		return &expr.Like{Arg: f(n.Arg), Pattern: f(n.Pattern), Escape: opt(n.Escape), CaseInsensitive: n.CaseInsensitive, Not: n.Not}
	case *expr.RegexMatch:
		return &expr.RegexMatch{Arg: f(n.Arg), Pattern: f(n.Pattern), CaseInsensitive: n.CaseInsensitive, Not: n.Not}
	case *expr.ArrayCtor:
		return &expr.ArrayCtor{Elems: list(n.Elems), Typ: n.Typ}
	case *expr.Subscript:
		return &expr.Subscript{Arr: f(n.Arr), Index: f(n.Index), Typ: n.Typ}
	case *expr.Subquery:
		return &expr.Subquery{Kind: n.Kind, Plan: n.Plan, Arg: opt(n.Arg), Op: n.Op, Not: n.Not, Typ: n.Typ}
	case *expr.AnyArray:
		return &expr.AnyArray{Arg: f(n.Arg), Arr: f(n.Arr), Op: n.Op, All: n.All}
	}
	return e
}

// children returns the direct children of e.
func children(e expr.Expr) []expr.Expr {
	var out []expr.Expr
	mapChildren(e, func(c expr.Expr) expr.Expr {
		out = append(out, c)
		return c
	})
	return out
}

// walk calls f for e and its descendants (pre-order) until f returns
// false for a node, whose children are then skipped. Subquery plans are
// not entered.
func walk(e expr.Expr, f func(expr.Expr) bool) {
	if e == nil || !f(e) {
		return
	}
	for _, c := range children(e) {
		walk(c, f)
	}
}

// transform rebuilds e bottom-up... top-down: f is applied to each node
// first; if it returns (x, true) x replaces the node and its children are
// not visited; otherwise the children are transformed.
func transform(e expr.Expr, f func(expr.Expr) (expr.Expr, bool)) expr.Expr {
	if e == nil {
		return nil
	}
	if x, ok := f(e); ok {
		return x
	}
	return mapChildren(e, func(c expr.Expr) expr.Expr { return transform(c, f) })
}

// hasSubquery reports whether e contains a subquery.
func hasSubquery(e expr.Expr) bool {
	found := false
	walk(e, func(x expr.Expr) bool {
		if _, ok := x.(*expr.Subquery); ok {
			found = true
		}
		return !found
	})
	return found
}

// isVolatile reports whether e calls a volatile function.
func isVolatile(e expr.Expr) bool {
	found := false
	walk(e, func(x expr.Expr) bool {
		if c, ok := x.(*expr.Call); ok && c.Fn.Volatile {
			found = true
		}
		return !found
	})
	return found
}

// colRefs returns the set of input columns e reads (ColRef only).
func colRefs(e expr.Expr) map[int]bool {
	m := map[int]bool{}
	walk(e, func(x expr.Expr) bool {
		if c, ok := x.(*expr.ColRef); ok {
			m[c.Idx] = true
		}
		return true
	})
	return m
}

// shiftCols returns e with every ColRef index moved by d.
func shiftCols(e expr.Expr, d int) expr.Expr {
	if d == 0 || e == nil {
		return e
	}
	return transform(e, func(x expr.Expr) (expr.Expr, bool) {
		if c, ok := x.(*expr.ColRef); ok {
			return &expr.ColRef{Idx: c.Idx + d, Typ: c.Typ, Name: c.Name}, true
		}
		return nil, false
	})
}

// substCols replaces ColRef i by repl[i] (which must exist).
func substCols(e expr.Expr, repl []expr.Expr) expr.Expr {
	return transform(e, func(x expr.Expr) (expr.Expr, bool) {
		if c, ok := x.(*expr.ColRef); ok {
			return repl[c.Idx], true
		}
		return nil, false
	})
}

// conjuncts splits e at top-level ANDs.
func conjuncts(e expr.Expr) []expr.Expr {
	if e == nil {
		return nil
	}
	if a, ok := e.(*expr.And); ok {
		var out []expr.Expr
		for _, x := range a.Args {
			out = append(out, conjuncts(x)...)
		}
		return out
	}
	return []expr.Expr{e}
}

// andOf combines conditions (nil if none).
func andOf(es []expr.Expr) expr.Expr {
	switch len(es) {
	case 0:
		return nil
	case 1:
		return es[0]
	}
	return &expr.And{Args: es}
}

// exprEqual is structural equality of bound expressions (PostgreSQL's
// equal() on transformed trees), used to match GROUP BY expressions and
// to share identical aggregate calls.
func exprEqual(a, b expr.Expr) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if a == b {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch x := a.(type) {
	case *expr.ColRef:
		y, ok := b.(*expr.ColRef)
		return ok && x.Idx == y.Idx
	case *expr.OuterRef:
		y, ok := b.(*expr.OuterRef)
		return ok && x.Idx == y.Idx && x.Depth == y.Depth
	case *expr.Const:
		y, ok := b.(*expr.Const)
		return ok && datumEqual(x.Val, y.Val)
	case *expr.Param:
		y, ok := b.(*expr.Param)
		return ok && x.Idx == y.Idx
	case *expr.Cast:
		y, ok := b.(*expr.Cast)
		return ok && x.To == y.To && x.Assign == y.Assign && exprEqual(x.Arg, y.Arg)
	case *expr.Call:
		y, ok := b.(*expr.Call)
		if !ok || x.Fn.Name != y.Fn.Name || len(x.Args) != len(y.Args) || x.Fn.Volatile {
			return false
		}
	case *expr.Subquery:
		return false // never equal: each subquery is its own plan
	case *aggRef:
		y, ok := b.(*aggRef)
		return ok && x.idx == y.idx
	case *winRef:
		y, ok := b.(*winRef)
		return ok && x.idx == y.idx
	default:
		if !sameNodeFlags(a, b) {
			return false
		}
	}
	ca, cb := children(a), children(b)
	if len(ca) != len(cb) {
		return false
	}
	for i := range ca {
		if !exprEqual(ca[i], cb[i]) {
			return false
		}
	}
	return true
}

// sameNodeFlags compares node kind and non-child fields of composite
// nodes.
func sameNodeFlags(a, b expr.Expr) bool {
	switch x := a.(type) {
	case *expr.And:
		_, ok := b.(*expr.And)
		return ok
	case *expr.Or:
		_, ok := b.(*expr.Or)
		return ok
	case *expr.Not:
		_, ok := b.(*expr.Not)
		return ok
	case *expr.IsNull:
		y, ok := b.(*expr.IsNull)
		return ok && x.Not == y.Not
	case *expr.IsBool:
		y, ok := b.(*expr.IsBool)
		return ok && x.Not == y.Not && x.Value == y.Value
	case *expr.IsUnknown:
		y, ok := b.(*expr.IsUnknown)
		return ok && x.Not == y.Not
	case *expr.IsDistinct:
		y, ok := b.(*expr.IsDistinct)
		return ok && x.Not == y.Not
	case *expr.Case:
		y, ok := b.(*expr.Case)
		return ok && len(x.Whens) == len(y.Whens) && (x.Else == nil) == (y.Else == nil)
	case *expr.Coalesce:
		_, ok := b.(*expr.Coalesce)
		return ok
	case *expr.NullIf:
		_, ok := b.(*expr.NullIf)
		return ok
	case *expr.Greatest:
		y, ok := b.(*expr.Greatest)
		return ok && x.Least == y.Least
	case *expr.InList:
		y, ok := b.(*expr.InList)
		return ok && x.Not == y.Not
	case *expr.Like:
		y, ok := b.(*expr.Like)
		return ok && x.Not == y.Not && x.CaseInsensitive == y.CaseInsensitive && (x.Escape == nil) == (y.Escape == nil)
	case *expr.RegexMatch:
		y, ok := b.(*expr.RegexMatch)
		return ok && x.Not == y.Not && x.CaseInsensitive == y.CaseInsensitive
	case *expr.ArrayCtor:
		_, ok := b.(*expr.ArrayCtor)
		return ok
	case *expr.Subscript:
		_, ok := b.(*expr.Subscript)
		return ok
	case *expr.AnyArray:
		y, ok := b.(*expr.AnyArray)
		return ok && x.All == y.All && x.Op.Name == y.Op.Name
	}
	return false
}

func datumEqual(a, b base.Datum) bool {
	if a.Null || b.Null {
		return a.Null && b.Null
	}
	if a.K != b.K {
		return false
	}
	return base.Compare(a, b) == 0
}

// ---------------------------------------------------------------------------
// Plan-wide expression rewriting

// forEachNodeExpr calls f with a pointer to every expression slot stored
// directly in n (not in its children), in a fixed order.
func forEachNodeExpr(n Node, f func(*expr.Expr)) {
	opt := func(e *expr.Expr) {
		if *e != nil {
			f(e)
		}
	}
	list := func(es []expr.Expr) {
		for i := range es {
			f(&es[i])
		}
	}
	keys := func(ks []SortKey) {
		for i := range ks {
			f(&ks[i].Expr)
		}
	}
	switch x := n.(type) {
	case *Values:
		for _, r := range x.Rows {
			list(r)
		}
	case *TableFunc:
		list(x.Args)
	case *Filter:
		f(&x.Cond)
	case *Project:
		list(x.Exprs)
	case *Join:
		list(x.LeftKeys)
		list(x.RightKeys)
		opt(&x.Residual)
	case *Aggregate:
		list(x.GroupBy)
		for i := range x.Aggs {
			list(x.Aggs[i].Args)
			opt(&x.Aggs[i].Filter)
			keys(x.Aggs[i].OrderBy)
		}
	case *Window:
		for i := range x.Funcs {
			list(x.Funcs[i].Args)
			opt(&x.Funcs[i].Filter)
			list(x.Funcs[i].PartitionBy)
			keys(x.Funcs[i].OrderBy)
		}
	case *Sort:
		keys(x.Keys)
	case *Limit:
		opt(&x.Count)
		opt(&x.Offset)
	case *Distinct:
		list(x.On)
	case *ProjectSet:
		for i := range x.Funcs {
			list(x.Funcs[i].Args)
		}
	case *Insert:
		list(x.Returning)
		if x.OnConflict != nil {
			for i := range x.OnConflict.DoUpdate {
				f(&x.OnConflict.DoUpdate[i].Expr)
			}
			opt(&x.OnConflict.Where)
		}
	case *Update:
		for i := range x.Set {
			f(&x.Set[i].Expr)
		}
		list(x.Returning)
	case *Delete:
		list(x.Returning)
	}
}

// mapNodeExprs replaces, in place, every expression stored directly in n
// (not in its children) by f(e).
func mapNodeExprs(n Node, f func(expr.Expr) expr.Expr) {
	forEachNodeExpr(n, func(e *expr.Expr) { *e = f(*e) })
}

// NodeExprs returns the expressions stored directly in n (not in its
// children), e.g. to find subquery plans or to clone per actor.
func NodeExprs(n Node) []expr.Expr {
	var out []expr.Expr
	forEachNodeExpr(n, func(e *expr.Expr) { out = append(out, *e) })
	return out
}

// mapPlanExprs applies mapNodeExprs to n and every node below it,
// including CTE plans.
func mapPlanExprs(n Node, f func(expr.Expr) expr.Expr) {
	mapNodeExprs(n, f)
	for _, c := range n.Children() {
		mapPlanExprs(c, f)
	}
}

// remapOuterRefs rewrites, inside subquery plan p, every OuterRef that
// points at the query level `level` steps out of p (0: p's immediate
// enclosing query) using fn. Nested subqueries are entered with level+1.
func remapOuterRefs(p Node, level int, fn func(r *expr.OuterRef) expr.Expr) {
	var rw func(e expr.Expr) expr.Expr
	rw = func(e expr.Expr) expr.Expr {
		return transform(e, func(x expr.Expr) (expr.Expr, bool) {
			switch r := x.(type) {
			case *expr.OuterRef:
				if r.Depth == level {
					return fn(r), true
				}
			case *expr.Subquery:
				if sp, ok := r.Plan.(Node); ok {
					remapOuterRefs(sp, level+1, fn)
				}
				return &expr.Subquery{Kind: r.Kind, Plan: r.Plan, Arg: rw0(r.Arg, rw), Op: r.Op, Not: r.Not, Typ: r.Typ}, true
			}
			return nil, false
		})
	}
	mapPlanExprs(p, rw)
}

func rw0(e expr.Expr, f func(expr.Expr) expr.Expr) expr.Expr {
	if e == nil {
		return nil
	}
	return f(e)
}

// subqueryPlans calls f for every subquery plan directly inside e (not
// nested ones).
func subqueryPlans(e expr.Expr, f func(Node)) {
	walk(e, func(x expr.Expr) bool {
		if s, ok := x.(*expr.Subquery); ok {
			if p, ok := s.Plan.(Node); ok {
				f(p)
			}
		}
		return true
	})
}
