package plan

import (
	"github.com/tributarydb/tributary/internal/expr"
)

// Projection pruning: every node reads only the columns something above
// it needs, so Scans read only referenced columns (and hidden _row_id only
// when used). prune(n, req) returns a node producing at least the
// required output columns of n, and for each old output position its new
// position (-1: dropped). Nodes it does not know keep all their columns.
//
// Subqueries complicate this: an expr.Subquery evaluated by a node reads
// that node's input row through OuterRef{Depth: 0} inside its plan, so
// those references count as uses and are renumbered with the input.

// pruner carries pruning options.
type pruner struct {
	// keepPK keeps every Scan's primary-key columns (streaming plans need
	// row identity to apply updates and deletes downstream).
	keepPK bool
}

// pruneRoot prunes a whole plan whose every output column is needed.
func (b *Binder) pruneRoot(n Node) Node {
	if b.ctx.NoPrune {
		return n
	}
	pr := pruner{keepPK: b.ctx.KeepPrimaryKeys}
	m, _ := pr.prune(n, allCols(len(n.Columns())))
	return m
}

func allCols(n int) map[int]bool {
	m := make(map[int]bool, n)
	for i := 0; i < n; i++ {
		m[i] = true
	}
	return m
}

func identity(n int) []int {
	m := make([]int, n)
	for i := range m {
		m[i] = i
	}
	return m
}

// uses adds to req the input columns e reads, including depth-0 outer
// references of subqueries it contains (relative to plans' nesting).
func uses(req map[int]bool, e expr.Expr) {
	if e == nil {
		return
	}
	walk(e, func(x expr.Expr) bool {
		switch r := x.(type) {
		case *expr.ColRef:
			req[r.Idx] = true
		case *expr.Subquery:
			if p, ok := r.Plan.(Node); ok {
				outerUses(p, 0, req)
			}
		}
		return true
	})
}

// outerUses adds the columns of the row `level` steps out of p that p
// reads through OuterRefs.
func outerUses(p Node, level int, req map[int]bool) {
	var visit func(n Node)
	visit = func(n Node) {
		for _, e := range NodeExprs(n) {
			walk(e, func(x expr.Expr) bool {
				switch r := x.(type) {
				case *expr.OuterRef:
					if r.Depth == level {
						req[r.Idx] = true
					}
				case *expr.Subquery:
					if sp, ok := r.Plan.(Node); ok {
						outerUses(sp, level+1, req)
					}
				}
				return true
			})
		}
		for _, c := range n.Children() {
			visit(c)
		}
	}
	visit(p)
}

// remap renumbers the input columns e reads (and depth-0 outer references
// of its subqueries) with m.
func remap(e expr.Expr, m []int) expr.Expr {
	if e == nil {
		return nil
	}
	return transform(e, func(x expr.Expr) (expr.Expr, bool) {
		switch r := x.(type) {
		case *expr.ColRef:
			return &expr.ColRef{Idx: m[r.Idx], Typ: r.Typ, Name: r.Name}, true
		case *expr.Subquery:
			if p, ok := r.Plan.(Node); ok {
				remapOuterRefs(p, 0, func(o *expr.OuterRef) expr.Expr {
					return &expr.OuterRef{Depth: o.Depth, Idx: m[o.Idx], Typ: o.Typ, Name: o.Name}
				})
			}
			return &expr.Subquery{Kind: r.Kind, Plan: r.Plan, Arg: remap(r.Arg, m), Op: r.Op, Not: r.Not, Typ: r.Typ}, true
		}
		return nil, false
	})
}

func remapAll(es []expr.Expr, m []int) {
	for i, e := range es {
		es[i] = remap(e, m)
	}
}

func (pr pruner) prune(n Node, req map[int]bool) (Node, []int) {
	switch x := n.(type) {
	case *Scan:
		var cols []int
		m := make([]int, len(x.Cols))
		for i := range m {
			m[i] = -1
		}
		pk := map[int]bool{}
		if pr.keepPK {
			for _, k := range x.Rel.PK {
				pk[k] = true
			}
		}
		for i, c := range x.Cols {
			if req[i] || pk[c] {
				m[i] = len(cols)
				cols = append(cols, c)
			}
		}
		if len(cols) == 0 && len(x.Cols) > 0 {
			// Keep one column so chunks still carry a row count.
			m[0] = 0
			cols = append(cols, x.Cols[0])
		}
		c := *x
		c.Cols = cols
		return &c, m

	case *Filter:
		cr := copyReq(req)
		uses(cr, x.Cond)
		in, m := pr.prune(x.Input, cr)
		x.Input, x.Cond = in, remap(x.Cond, m)
		return x, m

	case *Sort:
		cr := copyReq(req)
		for _, k := range x.Keys {
			uses(cr, k.Expr)
		}
		in, m := pr.prune(x.Input, cr)
		x.Input = in
		for i := range x.Keys {
			x.Keys[i].Expr = remap(x.Keys[i].Expr, m)
		}
		return x, m

	case *Limit:
		in, m := pr.prune(x.Input, req)
		x.Input = in
		return x, m

	case *Project:
		m := make([]int, len(x.Exprs))
		var exprs []expr.Expr
		var cols []Column
		for i := range x.Exprs {
			m[i] = -1
			if req[i] {
				m[i] = len(exprs)
				exprs = append(exprs, x.Exprs[i])
				cols = append(cols, x.Cols[i])
			}
		}
		if len(exprs) == 0 && len(x.Exprs) > 0 {
			m[0] = 0
			exprs, cols = append(exprs, x.Exprs[0]), append(cols, x.Cols[0])
		}
		cr := map[int]bool{}
		for _, e := range exprs {
			uses(cr, e)
		}
		in, im := pr.prune(x.Input, cr)
		remapAll(exprs, im)
		x.Input, x.Exprs, x.Cols = in, exprs, cols
		return x, m

	case *Join:
		lw := len(x.Left.Columns())
		rw := len(x.Right.Columns())
		lr, rr := map[int]bool{}, map[int]bool{}
		for i := range req {
			if i < lw {
				lr[i] = true
			} else {
				rr[i-lw] = true
			}
		}
		for _, k := range x.LeftKeys {
			uses(lr, k)
		}
		for _, k := range x.RightKeys {
			uses(rr, k)
		}
		res := map[int]bool{}
		uses(res, x.Residual)
		for i := range res {
			if i < lw {
				lr[i] = true
			} else {
				rr[i-lw] = true
			}
		}
		l, lm := pr.prune(x.Left, lr)
		r, rm := pr.prune(x.Right, rr)
		nlw := len(l.Columns())
		m := make([]int, lw+rw)
		for i := 0; i < lw; i++ {
			m[i] = lm[i]
		}
		for i := 0; i < rw; i++ {
			m[lw+i] = -1
			if rm[i] >= 0 {
				m[lw+i] = nlw + rm[i]
			}
		}
		remapAll(x.LeftKeys, lm)
		remapAll(x.RightKeys, rm)
		x.Residual = remap(x.Residual, m)
		x.Left, x.Right = l, r
		if x.Kind == JoinSemi || x.Kind == JoinAnti {
			return x, lm
		}
		return x, m

	case *Aggregate:
		cr := map[int]bool{}
		for _, g := range x.GroupBy {
			uses(cr, g)
		}
		for _, a := range x.Aggs {
			for _, e := range a.Args {
				uses(cr, e)
			}
			uses(cr, a.Filter)
			for _, k := range a.OrderBy {
				uses(cr, k.Expr)
			}
		}
		in, m := pr.prune(x.Input, cr)
		x.Input = in
		remapAll(x.GroupBy, m)
		for i := range x.Aggs {
			a := &x.Aggs[i]
			remapAll(a.Args, m)
			a.Filter = remap(a.Filter, m)
			for j := range a.OrderBy {
				a.OrderBy[j].Expr = remap(a.OrderBy[j].Expr, m)
			}
		}
		return x, identity(len(x.Cols))

	case *Window:
		iw := len(x.Input.Columns())
		cr := map[int]bool{}
		for i := range req {
			if i < iw {
				cr[i] = true
			}
		}
		for _, f := range x.Funcs {
			for _, e := range f.Args {
				uses(cr, e)
			}
			uses(cr, f.Filter)
			for _, e := range f.PartitionBy {
				uses(cr, e)
			}
			for _, k := range f.OrderBy {
				uses(cr, k.Expr)
			}
		}
		in, im := pr.prune(x.Input, cr)
		x.Input = in
		for i := range x.Funcs {
			f := &x.Funcs[i]
			remapAll(f.Args, im)
			f.Filter = remap(f.Filter, im)
			remapAll(f.PartitionBy, im)
			for j := range f.OrderBy {
				f.OrderBy[j].Expr = remap(f.OrderBy[j].Expr, im)
			}
		}
		niw := len(in.Columns())
		m := make([]int, iw+len(x.Funcs))
		copy(m, im)
		for k := range x.Funcs {
			m[iw+k] = niw + k
		}
		return x, m

	case *ProjectSet:
		iw := len(x.Input.Columns())
		cr := map[int]bool{}
		for i := range req {
			if i < iw {
				cr[i] = true
			}
		}
		for _, f := range x.Funcs {
			for _, e := range f.Args {
				uses(cr, e)
			}
		}
		in, im := pr.prune(x.Input, cr)
		x.Input = in
		for i := range x.Funcs {
			remapAll(x.Funcs[i].Args, im)
		}
		niw := len(in.Columns())
		m := make([]int, iw+len(x.Funcs))
		copy(m, im)
		for k := range x.Funcs {
			m[iw+k] = niw + k
		}
		return x, m

	case *Hop:
		iw := len(x.Input.Columns())
		cr := map[int]bool{x.TimeCol: true}
		for i := range req {
			if i < iw {
				cr[i] = true
			}
		}
		in, im := pr.prune(x.Input, cr)
		x.Input, x.TimeCol = in, im[x.TimeCol]
		niw := len(in.Columns())
		m := make([]int, iw+2)
		copy(m, im)
		m[iw], m[iw+1] = niw, niw+1
		return x, m
	}
	// Any other node needs all columns of its children (whose subtrees
	// may still prune below their own projections) and keeps its output.
	setChildren(n, func(c Node) Node {
		p, _ := pr.prune(c, allCols(len(c.Columns())))
		return p
	})
	return n, identity(len(n.Columns()))
}

func copyReq(req map[int]bool) map[int]bool {
	c := make(map[int]bool, len(req))
	for k, v := range req {
		c[k] = v
	}
	return c
}
