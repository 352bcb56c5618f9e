package plan

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// count over a row constructor: count([DISTINCT] (a, b)). Composite types
// do not exist, so the row is passed to count(any) as its fields, led by a
// constant TRUE that count sees as its (never NULL) argument — a row value
// is counted even when its fields are NULL, as in PostgreSQL — while
// DISTINCT dedupes the whole argument tuple (fields compared with NULLs
// equal, like record equality in PostgreSQL's DISTINCT).

// countRowArg returns the fields of count's single row-constructor
// argument.
func countRowArg(n *ast.FuncCall, name string) ([]ast.Expr, bool) {
	if name != "count" || n.Star || len(n.Args) != 1 || len(n.OrderBy) > 0 {
		return nil, false
	}
	return rowItems(n.Args[0])
}

func (b *Binder) bindCountRow(s *Scope, n *ast.FuncCall, items []ast.Expr, ctx, inner exprCtx) expr.Expr {
	fn, _, err := expr.LookupAgg("count", []base.Type{base.Bool}, n.Distinct)
	if err != nil {
		b.failAt(err, n.Pos())
	}
	args := []expr.Expr{&expr.Const{Val: base.DBool(true), Typ: base.Bool}}
	for _, it := range items {
		if _, nested := rowItems(it); nested {
			b.errorf(it.Pos(), base.CodeFeatureNotSupported, "row constructors are not supported")
		}
		args = append(args, b.resolveUnknown(b.bindAggArg(s, it, inner)))
	}
	call := AggCall{Func: fn, Args: args, Distinct: n.Distinct}
	if n.Filter != nil {
		call.Filter = b.coerceBool(b.bindAggArg(s, n.Filter, inner), "FILTER", n.Filter.Pos())
	}
	return b.addAggCall(ctx, call, "count", n.Pos())
}
