package plan

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// bindOrderedSetAgg binds percentile_cont/percentile_disc/mode with
// WITHIN GROUP (ORDER BY x): the aggregate is fed the direct arguments
// then x, and sorts the x values itself (expr.AggFunc.WithinGroup).
func (b *Binder) bindOrderedSetAgg(s *Scope, n *ast.FuncCall, name string, ctx, inner exprCtx) expr.Expr {
	if !expr.IsOrderedSetAgg(name) {
		b.errorf(n.Pos(), codeWrongObjectType, "%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP", name)
	}
	if !n.WithinGroup {
		b.errorf(n.Pos(), codeWrongObjectType, "WITHIN GROUP is required for ordered-set aggregate %s", name)
	}
	if n.Distinct {
		b.errorf(n.Pos(), base.CodeSyntaxError, "cannot use DISTINCT with WITHIN GROUP")
	}
	if len(n.OrderBy) != 1 {
		b.errorf(n.Pos(), base.CodeUndefinedFunction, "function %s with %d ordered arguments does not exist", name, len(n.OrderBy))
	}
	var args []expr.Expr
	var offs []int
	for _, a := range n.Args {
		args = append(args, b.bindAggArg(s, a, inner))
		offs = append(offs, a.Pos())
	}
	o := n.OrderBy[0]
	args = append(args, b.resolveUnknown(b.bindAggArg(s, o.Expr, inner)))
	offs = append(offs, o.Expr.Pos())
	ts := make([]base.Type, len(args))
	for i, a := range args {
		ts[i] = a.Type()
	}
	fn, casts, err := expr.LookupAgg(name, ts, false)
	if err != nil {
		b.failAt(err, n.Pos())
	}
	for i := range args {
		args[i] = b.coerce(args[i], casts[i], offs[i])
	}
	k := b.sortKey(o, args[len(args)-1])
	call := AggCall{Func: fn.WithinGroup(expr.SortSpec{Desc: k.Desc, NullsFirst: k.NullsFirst}), Args: args}
	if n.Filter != nil {
		call.Filter = b.coerceBool(b.bindAggArg(s, n.Filter, inner), "FILTER", n.Filter.Pos())
	}
	return b.addAggCall(ctx, call, name, n.Pos())
}
