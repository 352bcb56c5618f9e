package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// subqueryRunner implements expr.SubqueryRunner for one statement. Each
// subquery plan is built once and re-opened per evaluation; results of
// uncorrelated subqueries (no OuterRef reaching outside the subquery) are
// computed once per statement, as PostgreSQL's InitPlans are.
type subqueryRunner struct {
	root       *ExecContext
	ops        map[plan.Node]Operator
	busy       map[plan.Node]bool
	correlated map[plan.Node]bool
	cache      map[subqKey][][]base.Datum
}

type subqKey struct {
	n   plan.Node
	max int
}

func newSubqueryRunner(root *ExecContext) *subqueryRunner {
	return &subqueryRunner{
		root:       root,
		ops:        map[plan.Node]Operator{},
		busy:       map[plan.Node]bool{},
		correlated: map[plan.Node]bool{},
		cache:      map[subqKey][][]base.Datum{},
	}
}

// RunSubquery implements expr.SubqueryRunner: ev already has the outer row
// pushed; at most maxRows rows are returned (maxRows < 0: all).
func (r *subqueryRunner) RunSubquery(ev *expr.Context, p any, maxRows int) ([][]base.Datum, error) {
	n, ok := p.(plan.Node)
	if !ok || n == nil {
		return nil, base.Errorf(base.CodeInternalError, "subquery plan of type %T", p)
	}
	corr, known := r.correlated[n]
	if !known {
		corr = refsOutside(n, 0)
		r.correlated[n] = corr
	}
	key := subqKey{n, maxRows}
	if !corr {
		if rows, ok := r.cache[key]; ok {
			return rows, nil
		}
	}
	op := r.ops[n]
	if op == nil || r.busy[n] {
		var err error
		if op, err = Build(n); err != nil {
			return nil, err
		}
		if !r.busy[n] {
			r.ops[n] = op
		}
	}
	r.busy[n] = true
	defer delete(r.busy, n)
	ctx := r.root.child(ev)
	var rows [][]base.Datum
	err := drain(ctx, op, func(c *base.Chunk) error {
		for i := 0; i < c.Len(); i++ {
			if maxRows >= 0 && len(rows) >= maxRows {
				return errStop
			}
			rows = append(rows, c.Row(i))
		}
		if maxRows >= 0 && len(rows) >= maxRows {
			return errStop
		}
		return nil
	})
	if err != nil && err != errStop {
		return nil, err
	}
	if !corr {
		r.cache[key] = rows
	}
	return rows, nil
}

// errStop ends a drain early without an error.
var errStop = base.Errorf(base.CodeSuccessfulCompletion, "stop")

// refsOutside reports whether plan n (at subquery nesting level lvl,
// relative to the subquery being tested) reads an outer row from outside
// that subquery. Unknown expression types count as correlated.
func refsOutside(n plan.Node, lvl int) bool {
	for _, e := range nodeExprs(n) {
		if exprRefsOutside(e, lvl) {
			return true
		}
	}
	if w, ok := n.(*plan.With); ok {
		for _, c := range w.CTEs {
			if refsOutside(c.Plan, lvl) || (c.RecursiveTerm != nil && refsOutside(c.RecursiveTerm, lvl)) {
				return true
			}
		}
		return refsOutside(w.Body, lvl)
	}
	for _, c := range n.Children() {
		if refsOutside(c, lvl) {
			return true
		}
	}
	return false
}

// nodeExprs lists the expressions held by a plan node.
func nodeExprs(n plan.Node) []expr.Expr {
	var es []expr.Expr
	add := func(e ...expr.Expr) {
		for _, x := range e {
			if x != nil {
				es = append(es, x)
			}
		}
	}
	switch n := n.(type) {
	case *plan.Values:
		for _, r := range n.Rows {
			add(r...)
		}
	case *plan.TableFunc:
		add(n.Args...)
	case *plan.ProjectSet:
		for _, f := range n.Funcs {
			add(f.Args...)
		}
	case *plan.Filter:
		add(n.Cond)
	case *plan.Project:
		add(n.Exprs...)
	case *plan.Join:
		add(n.LeftKeys...)
		add(n.RightKeys...)
		add(n.Residual)
	case *plan.Aggregate:
		add(n.GroupBy...)
		for _, a := range n.Aggs {
			add(a.Args...)
			add(a.Filter)
			for _, k := range a.OrderBy {
				add(k.Expr)
			}
		}
	case *plan.Window:
		for _, f := range n.Funcs {
			add(f.Args...)
			add(f.Filter)
			add(f.PartitionBy...)
			for _, k := range f.OrderBy {
				add(k.Expr)
			}
		}
	case *plan.Sort:
		for _, k := range n.Keys {
			add(k.Expr)
		}
	case *plan.Limit:
		add(n.Count, n.Offset)
	case *plan.Distinct:
		add(n.On...)
	case *plan.Insert:
		add(n.Returning...)
		if n.OnConflict != nil {
			for _, s := range n.OnConflict.DoUpdate {
				add(s.Expr)
			}
			add(n.OnConflict.Where)
		}
	case *plan.Update:
		add(n.Returning...)
		for _, s := range n.Set {
			add(s.Expr)
		}
	case *plan.Delete:
		add(n.Returning...)
	}
	return es
}

// exprRefsOutside walks e for OuterRefs with Depth >= lvl (descending into
// nested subqueries at lvl+1).
func exprRefsOutside(e expr.Expr, lvl int) bool {
	has := func(es ...expr.Expr) bool {
		for _, x := range es {
			if x != nil && exprRefsOutside(x, lvl) {
				return true
			}
		}
		return false
	}
	switch e := e.(type) {
	case nil:
		return false
	case *expr.ColRef, *expr.Const, *expr.Param:
		return false
	case *expr.OuterRef:
		return e.Depth >= lvl
	case *expr.Cast:
		return has(e.Arg)
	case *expr.Call:
		return has(e.Args...)
	case *expr.And:
		return has(e.Args...)
	case *expr.Or:
		return has(e.Args...)
	case *expr.Not:
		return has(e.Arg)
	case *expr.IsNull:
		return has(e.Arg)
	case *expr.IsBool:
		return has(e.Arg)
	case *expr.IsUnknown:
		return has(e.Arg)
	case *expr.IsDistinct:
		return has(e.L, e.R)
	case *expr.Case:
		for _, w := range e.Whens {
			if has(w.Cond, w.Result) {
				return true
			}
		}
		return has(e.Else)
	case *expr.Coalesce:
		return has(e.Args...)
	case *expr.NullIf:
		return has(e.L, e.R)
	case *expr.Greatest:
		return has(e.Args...)
	case *expr.InList:
		return has(e.Arg) || has(e.List...)
	case *expr.Like:
		return has(e.Arg, e.Pattern, e.Escape)
	case *expr.RegexMatch:
		return has(e.Arg, e.Pattern)
	case *expr.ArrayCtor:
		return has(e.Elems...)
	case *expr.Subscript:
		return has(e.Arr, e.Index)
	case *expr.AnyArray:
		return has(e.Arg, e.Arr)
	case *expr.Subquery:
		if has(e.Arg) {
			return true
		}
		sub, ok := e.Plan.(plan.Node)
		return !ok || refsOutside(sub, lvl+1)
	}
	return true
}
