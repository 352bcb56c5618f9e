package plan

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// Set-returning functions in the select list (SELECT unnest(arr) FROM t):
// each call is collected into the block's srfCollector and replaced by an
// srfRef placeholder; bindSelect then puts a ProjectSet (after grouping
// and windows, before the final Project) whose extra columns replace the
// placeholders, as PostgreSQL's planner does.

// srfCollector gathers the SRF calls of one SELECT block's target list.
type srfCollector struct {
	calls []SetCall
}

// srfRef is a placeholder for SRF call idx of the enclosing block; it is
// never evaluated.
type srfRef struct {
	idx  int
	typ  base.Type
	name string
	pos  int
}

func (r *srfRef) Type() base.Type { return r.typ }
func (r *srfRef) String() string  { return r.name }
func (r *srfRef) Eval(*expr.Context, *base.Chunk) (*base.Vector, error) {
	return nil, internalf("set-returning function placeholder evaluated")
}
func (r *srfRef) EvalRow(*expr.Context, []base.Datum) (base.Datum, error) {
	return base.Datum{}, internalf("set-returning function placeholder evaluated")
}

// bindSRFCall binds a set-returning function call of the select list.
// Its arguments may not contain other SRFs (nested SRFs need a ProjectSet
// per level, which is not supported).
func (b *Binder) bindSRFCall(s *Scope, n *ast.FuncCall, name string, ctx exprCtx) expr.Expr {
	inner := ctx
	inner.srfs = nil
	inner.clause = "set-returning function arguments"
	args := make([]expr.Expr, len(n.Args))
	for i, a := range n.Args {
		if be, ok := a.(*ast.BinaryExpr); ok && be.Op == "=>" {
			b.errorf(a.Pos(), base.CodeFeatureNotSupported, "named arguments are not supported for function %s", name)
		}
		args[i] = b.bindExpr(s, a, inner)
	}
	fn, casts := b.lookupSetFunc(name, args, n.Pos())
	for i := range args {
		args[i] = b.coerce(args[i], casts[i], n.Args[i].Pos())
	}
	ref := &srfRef{idx: len(ctx.srfs.calls), typ: fn.Ret, name: name, pos: n.Pos()}
	ctx.srfs.calls = append(ctx.srfs.calls, SetCall{Func: fn, Args: args, Name: name})
	return ref
}

// applySRFs wraps n (the block's input after grouping and windows) in a
// ProjectSet when the target list has SRFs, rewriting their arguments
// with rw (the grouping/window rewrite already applied to the targets)
// and replacing the placeholders in the targets by the new columns.
func (b *Binder) applySRFs(n Node, st *selectState, rw func(expr.Expr) expr.Expr) Node {
	if st.srfs == nil || len(st.srfs.calls) == 0 {
		return n
	}
	calls := st.srfs.calls
	for i := range calls {
		for j := range calls[i].Args {
			calls[i].Args[j] = rw(calls[i].Args[j])
		}
	}
	width := len(n.Columns())
	for i := range st.targets {
		st.targets[i].e = transform(st.targets[i].e, func(x expr.Expr) (expr.Expr, bool) {
			if r, ok := x.(*srfRef); ok {
				return &expr.ColRef{Idx: width + r.idx, Typ: r.typ, Name: r.name}, true
			}
			return nil, false
		})
	}
	return &ProjectSet{Input: n, Funcs: calls}
}

// srfNotAllowed reports a set-returning function where PostgreSQL rejects
// one (WHERE, aggregate arguments, ...), with PostgreSQL's message; it
// returns when the context is not one PostgreSQL names.
func (b *Binder) srfNotAllowed(n *ast.FuncCall, name string, ctx exprCtx) {
	if !expr.IsSetReturning(name) {
		return
	}
	switch {
	case ctx.inAgg:
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "aggregate function calls cannot contain set-returning function calls")
	case ctx.inWin:
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "window function calls cannot contain set-returning function calls")
	case ctx.clause == "set-returning function arguments":
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "nested set-returning functions are not supported")
	case ctx.clause == "WHERE" || ctx.clause == "HAVING" || ctx.clause == "JOIN conditions" || ctx.clause == "DEFAULT expressions":
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "set-returning functions are not allowed in %s", ctx.clause)
	}
}

// lookupSetFunc resolves a set-returning function for bound arguments.
func (b *Binder) lookupSetFunc(name string, args []expr.Expr, off int) (*expr.SetFunc, []base.Type) {
	ts := make([]base.Type, len(args))
	for i, a := range args {
		ts[i] = a.Type()
	}
	fn, casts, err := expr.LookupSetFunc(name, ts)
	if err != nil {
		b.failAt(err, off)
	}
	return fn, casts
}
