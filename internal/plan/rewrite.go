package plan

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// optimize applies the logical rewrites, bottom-up:
//   - filters are pushed below joins where that cannot change results
//     (into either side of inner joins, never into the null-supplying
//     side of an outer join), below sorts, and through projections of
//     plain columns;
//   - equality conjuncts of join conditions (and of WHERE over comma
//     joins) between the two sides become hash keys, the rest stays as
//     the residual;
//   - uncorrelated "x IN (SELECT ...)" conjuncts of WHERE become semi
//     joins (exactly equivalent there: a NULL comparison rejects the row
//     just like false). NOT IN is left alone: it is not an anti join when
//     NULLs are present;
//   - correlated [NOT] EXISTS conjuncts of a simple shape become semi
//     (anti) joins (decorrelateExists);
//   - constant subexpressions are simplified as PostgreSQL's planner
//     does (foldConstants: strict calls with a NULL argument are NULL,
//     immutable constant expressions are evaluated, dead CASE arms
//     dropped).
//
// Conjuncts containing subqueries, volatile functions or outer references
// are never moved: a subquery's outer references are positions in the row
// of the node it is evaluated in.
func optimize(n Node) Node {
	mapNodeExprs(n, foldConstants)
	switch x := n.(type) {
	case *Filter:
		return pushFilter(optimize(x.Input), conjuncts(x.Cond))
	case *Join:
		x.Left, x.Right = optimize(x.Left), optimize(x.Right)
		return normalizeJoin(x)
	}
	setChildren(n, func(c Node) Node { return optimize(c) })
	return n
}

// setChildren replaces each child c of n by f(c), in place.
func setChildren(n Node, f func(Node) Node) {
	switch x := n.(type) {
	case *Filter:
		x.Input = f(x.Input)
	case *Project:
		x.Input = f(x.Input)
	case *Join:
		x.Left, x.Right = f(x.Left), f(x.Right)
	case *Aggregate:
		x.Input = f(x.Input)
	case *Window:
		x.Input = f(x.Input)
	case *Sort:
		x.Input = f(x.Input)
	case *Limit:
		x.Input = f(x.Input)
	case *Distinct:
		x.Input = f(x.Input)
	case *SetOp:
		x.Left, x.Right = f(x.Left), f(x.Right)
	case *Hop:
		x.Input = f(x.Input)
	case *ProjectSet:
		x.Input = f(x.Input)
	case *With:
		for i := range x.CTEs {
			x.CTEs[i].Plan = f(x.CTEs[i].Plan)
			if x.CTEs[i].RecursiveTerm != nil {
				x.CTEs[i].RecursiveTerm = f(x.CTEs[i].RecursiveTerm)
			}
		}
		x.Body = f(x.Body)
	case *Insert:
		x.Input = f(x.Input)
	case *Update:
		x.Input = f(x.Input)
	case *Delete:
		x.Input = f(x.Input)
	}
}

// movable reports whether a conjunct may be evaluated elsewhere. Conjuncts
// with outer references stay on top of a subquery's FROM tree, where
// decorrelateExists can turn them into join keys.
func movable(c expr.Expr) bool { return !hasSubquery(c) && !isVolatile(c) && !hasOuterRef(c) }

// side classifies the columns a conjunct reads relative to a split at lw:
// 'n' none, 'l' left only, 'r' right only, 'b' both.
func side(c expr.Expr, lw int) byte {
	refs := colRefs(c)
	l, r := false, false
	for i := range refs {
		if i < lw {
			l = true
		} else {
			r = true
		}
	}
	switch {
	case l && r:
		return 'b'
	case l:
		return 'l'
	case r:
		return 'r'
	}
	return 'n'
}

// pushFilter places conds as low as possible above/below in.
func pushFilter(in Node, conds []expr.Expr) Node {
	if len(conds) == 0 {
		return in
	}
	conds = semiJoins(&in, conds)
	if len(conds) == 0 {
		return in
	}
	switch x := in.(type) {
	case *Filter:
		return pushFilter(x.Input, append(conjuncts(x.Cond), conds...))
	case *Sort:
		x.Input = pushFilter(x.Input, conds)
		return x
	case *Project:
		var down, keep []expr.Expr
		for _, c := range conds {
			if movable(c) && simpleRefs(c, x.Exprs) {
				down = append(down, substCols(c, x.Exprs))
			} else {
				keep = append(keep, c)
			}
		}
		if len(down) > 0 {
			x.Input = pushFilter(x.Input, down)
		}
		return wrapFilter(x, keep)
	case *Join:
		lw := len(x.Left.Columns())
		var left, right, keep []expr.Expr
		for _, c := range conds {
			if !movable(c) {
				keep = append(keep, c)
				continue
			}
			s := side(c, lw)
			switch x.Kind {
			case JoinInner, JoinCross:
				switch s {
				case 'l', 'n':
					left = append(left, c)
				case 'r':
					right = append(right, shiftCols(c, -lw))
				default:
					x.Residual = andOf(append(conjuncts(x.Residual), c))
					x.Kind = JoinInner
				}
			case JoinLeft, JoinSemi, JoinAnti:
				if s == 'l' || s == 'n' {
					left = append(left, c)
				} else {
					keep = append(keep, c)
				}
			case JoinRight:
				if s == 'r' {
					right = append(right, shiftCols(c, -lw))
				} else {
					keep = append(keep, c)
				}
			default:
				keep = append(keep, c)
			}
		}
		x.Left = pushFilter(x.Left, left)
		x.Right = pushFilter(x.Right, right)
		return wrapFilter(normalizeJoin(x), keep)
	}
	return wrapFilter(in, conds)
}

func wrapFilter(n Node, conds []expr.Expr) Node {
	if len(conds) == 0 {
		return n
	}
	return &Filter{Input: n, Cond: andOf(conds)}
}

// simpleRefs reports whether every column c reads is a plain column or
// constant in the projection (so substituting does not duplicate work).
func simpleRefs(c expr.Expr, exprs []expr.Expr) bool {
	for i := range colRefs(c) {
		switch exprs[i].(type) {
		case *expr.ColRef, *expr.Const:
		default:
			return false
		}
	}
	return true
}

// normalizeJoin extracts equi-join keys from the residual and pushes
// single-side conjuncts of the join condition where that is safe.
func normalizeJoin(j *Join) *Join {
	if j.Residual == nil {
		return j
	}
	lw := len(j.Left.Columns())
	var left, right, rest []expr.Expr
	for _, c := range conjuncts(j.Residual) {
		if !movable(c) {
			rest = append(rest, c)
			continue
		}
		if l, r, nullEq, ok := equiKey(c, lw); ok {
			j.LeftKeys = append(j.LeftKeys, l)
			j.RightKeys = append(j.RightKeys, r)
			j.NullEqual = append(j.NullEqual, nullEq)
			continue
		}
		s := side(c, lw)
		switch {
		case s == 'l' && (j.Kind == JoinInner || j.Kind == JoinCross || j.Kind == JoinRight):
			left = append(left, c)
		case s == 'r' && j.Kind != JoinRight && j.Kind != JoinFull:
			right = append(right, shiftCols(c, -lw))
		default:
			rest = append(rest, c)
		}
	}
	j.Residual = andOf(rest)
	if len(left) > 0 {
		j.Left = pushFilter(j.Left, left)
	}
	if len(right) > 0 {
		j.Right = pushFilter(j.Right, right)
	}
	if j.Kind == JoinCross && (len(j.LeftKeys) > 0 || j.Residual != nil) {
		j.Kind = JoinInner
	}
	return j
}

// equiKey recognizes "l = r" / "l IS NOT DISTINCT FROM r" with l over the
// left side and r over the right side (either order), both of one type.
func equiKey(c expr.Expr, lw int) (l, r expr.Expr, nullEq, ok bool) {
	var a, b expr.Expr
	switch x := c.(type) {
	case *expr.Call:
		if x.Fn.Name != "=" || len(x.Args) != 2 || len(x.Fn.Args) != 2 {
			return nil, nil, false, false
		}
		a, b = x.Args[0], x.Args[1]
	case *expr.IsDistinct:
		if !x.Not {
			return nil, nil, false, false
		}
		a, b, nullEq = x.L, x.R, true
	default:
		return nil, nil, false, false
	}
	if !sameKind(a.Type(), b.Type()) {
		// Cross-type equality (int8 = int4, date = timestamp): hash on
		// the common type, which compares exactly like the operator.
		t, err := expr.CommonType([]base.Type{a.Type(), b.Type()}, "JOIN")
		if err != nil || !(t.IsNumeric() || t.Kind == base.KindTimestamp || t.Kind == base.KindTimestampTZ || t.Kind == base.KindDate) ||
			!expr.CanCoerceImplicit(a.Type(), t) || !expr.CanCoerceImplicit(b.Type(), t) {
			return nil, nil, false, false
		}
		if !sameKind(a.Type(), t) {
			a = &expr.Cast{Arg: a, To: t}
		}
		if !sameKind(b.Type(), t) {
			b = &expr.Cast{Arg: b, To: t}
		}
	}
	sa, sb := side(a, lw), side(b, lw)
	switch {
	case sa == 'l' && sb == 'r':
		return a, shiftCols(b, -lw), nullEq, true
	case sa == 'r' && sb == 'l':
		return b, shiftCols(a, -lw), nullEq, true
	}
	return nil, nil, false, false
}

// semiJoins turns uncorrelated "x IN (SELECT y ...)" conjuncts into semi
// joins over *in and returns the remaining conjuncts.
func semiJoins(in *Node, conds []expr.Expr) []expr.Expr {
	var rest []expr.Expr
	for _, c := range conds {
		c = rowInFilter(c)
		if j := decorrelateExists(*in, c); j != nil {
			*in = j
			continue
		}
		sq, ok := c.(*expr.Subquery)
		if !ok || sq.Kind != expr.SubqueryIn || sq.Not || sq.Op == nil || sq.Op.Name != "=" ||
			!sameKind(sq.Op.Args[0], sq.Op.Args[1]) || hasSubquery(sq.Arg) || isVolatile(sq.Arg) {
			rest = append(rest, c)
			continue
		}
		p, ok := sq.Plan.(Node)
		if !ok || isCorrelated(p, 0) {
			rest = append(rest, c)
			continue
		}
		pc := p.Columns()
		*in = &Join{Kind: JoinSemi, Left: *in, Right: p,
			LeftKeys:  []expr.Expr{sq.Arg},
			RightKeys: []expr.Expr{&expr.ColRef{Idx: 0, Typ: pc[0].Type, Name: pc[0].Name}},
			NullEqual: []bool{false}}
	}
	return rest
}

// rowInFilter reduces the positive row-IN form built by the binder
// (CASE WHEN EXISTS(eq) THEN true WHEN EXISTS(eq IS NULL) THEN NULL ELSE
// false END) to EXISTS(eq) where only truth matters (a filter).
func rowInFilter(c expr.Expr) expr.Expr {
	cs, ok := c.(*expr.Case)
	if !ok || len(cs.Whens) != 2 || cs.Typ.Kind != base.KindBool {
		return c
	}
	sq, ok := cs.Whens[0].Cond.(*expr.Subquery)
	r0, ok0 := cs.Whens[0].Result.(*expr.Const)
	r1, ok1 := cs.Whens[1].Result.(*expr.Const)
	el, ok2 := cs.Else.(*expr.Const)
	if !ok || sq.Kind != expr.SubqueryExists || !ok0 || !ok1 || !ok2 ||
		r0.Val.Null || !r0.Val.Bool() || !r1.Val.Null || el.Val.Null || el.Val.Bool() {
		return c
	}
	return sq
}

// decorrelateExists turns "[NOT] EXISTS (SELECT ... FROM x WHERE
// <correlated conjuncts> AND <local conjuncts>)" into a semi (anti) join
// of in with x: equalities inner = outer become keys, other correlated
// conjuncts the residual. Exactly equivalent for EXISTS and NOT EXISTS.
// It returns nil when the subquery does not have that shape.
func decorrelateExists(in Node, c expr.Expr) Node {
	not := false
	if n, ok := c.(*expr.Not); ok {
		c, not = n.Arg, true
	}
	sq, ok := c.(*expr.Subquery)
	if !ok || sq.Kind != expr.SubqueryExists {
		return nil
	}
	not = not != sq.Not
	p, ok := sq.Plan.(Node)
	if !ok {
		return nil
	}
	if pr, ok := p.(*Project); ok {
		for _, e := range pr.Exprs {
			if hasOuterRef(e) || hasSubquery(e) {
				return nil
			}
		}
		p = pr.Input
	}
	f, ok := p.(*Filter)
	if !ok || isCorrelated(f.Input, 0) {
		return nil
	}
	lw := len(in.Columns())
	var local, keysL, keysR, resid []expr.Expr
	var nullEq []bool
	for _, cj := range conjuncts(f.Cond) {
		if hasSubquery(cj) || isVolatile(cj) {
			return nil
		}
		if !hasOuterRef(cj) {
			local = append(local, cj)
			continue
		}
		bad := false
		walk(cj, func(x expr.Expr) bool {
			if r, ok := x.(*expr.OuterRef); ok && r.Depth != 0 {
				bad = true
			}
			return !bad
		})
		if bad {
			return nil
		}
		// Over left ++ right: outer refs become left columns, inner
		// columns move right by lw.
		e := transform(shiftCols(cj, lw), func(x expr.Expr) (expr.Expr, bool) {
			if r, ok := x.(*expr.OuterRef); ok {
				return &expr.ColRef{Idx: r.Idx, Typ: r.Typ, Name: r.Name}, true
			}
			return nil, false
		})
		if l, r, ne, ok := equiKey(e, lw); ok {
			keysL, keysR, nullEq = append(keysL, l), append(keysR, r), append(nullEq, ne)
			continue
		}
		resid = append(resid, e)
	}
	kind := JoinSemi
	if not {
		kind = JoinAnti
	}
	right := wrapFilter(f.Input, local)
	return &Join{Kind: kind, Left: in, Right: right, LeftKeys: keysL, RightKeys: keysR, NullEqual: nullEq, Residual: andOf(resid)}
}

func hasOuterRef(e expr.Expr) bool {
	found := false
	walk(e, func(x expr.Expr) bool {
		if _, ok := x.(*expr.OuterRef); ok {
			found = true
		}
		return !found
	})
	return found
}

// isCorrelated reports whether plan p (a subquery at nesting level
// `level` below the query being rewritten) references any enclosing
// query.
func isCorrelated(p Node, level int) bool {
	found := false
	check := func(e expr.Expr) expr.Expr {
		walk(e, func(x expr.Expr) bool {
			switch r := x.(type) {
			case *expr.OuterRef:
				if r.Depth >= level {
					found = true
				}
			case *expr.Subquery:
				if sp, ok := r.Plan.(Node); ok && isCorrelated(sp, level+1) {
					found = true
				}
			}
			return !found
		})
		return e
	}
	mapPlanExprs(p, check)
	return found
}
