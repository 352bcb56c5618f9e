package expr

import "github.com/tributarydb/tributary/internal/base"

// hasSubquery reports whether any of es contains a Subquery node: such
// trees are evaluated row by row so that subqueries run only where
// PostgreSQL would run them.
func hasSubquery(es ...Expr) bool {
	for _, e := range es {
		if e == nil {
			continue
		}
		switch n := e.(type) {
		case *Subquery:
			return true
		case *Cast:
			if hasSubquery(n.Arg) {
				return true
			}
		case *Call:
			if hasSubquery(n.Args...) {
				return true
			}
		case *And:
			if hasSubquery(n.Args...) {
				return true
			}
		case *Or:
			if hasSubquery(n.Args...) {
				return true
			}
		case *Not:
			if hasSubquery(n.Arg) {
				return true
			}
		case *IsNull:
			if hasSubquery(n.Arg) {
				return true
			}
		case *IsBool:
			if hasSubquery(n.Arg) {
				return true
			}
		case *IsUnknown:
			if hasSubquery(n.Arg) {
				return true
			}
		case *IsDistinct:
			if hasSubquery(n.L, n.R) {
				return true
			}
		case *Case:
			for _, w := range n.Whens {
				if hasSubquery(w.Cond, w.Result) {
					return true
				}
			}
			if hasSubquery(n.Else) {
				return true
			}
		case *Coalesce:
			if hasSubquery(n.Args...) {
				return true
			}
		case *NullIf:
			if hasSubquery(n.L, n.R) {
				return true
			}
		case *Greatest:
			if hasSubquery(n.Args...) {
				return true
			}
		case *InList:
			if hasSubquery(n.Arg) || hasSubquery(n.List...) {
				return true
			}
		case *Like:
			if hasSubquery(n.Arg, n.Pattern, n.Escape) {
				return true
			}
		case *RegexMatch:
			if hasSubquery(n.Arg, n.Pattern) {
				return true
			}
		case *ArrayCtor:
			if hasSubquery(n.Elems...) {
				return true
			}
		case *Subscript:
			if hasSubquery(n.Arr, n.Index) {
				return true
			}
		case *AnyArray:
			if hasSubquery(n.Arg, n.Arr) {
				return true
			}
		case *ColRef, *OuterRef, *Const, *Param:
		default:
			return true // unknown node: be conservative
		}
	}
	return false
}

// evalCombined evaluates kids columnar and combines their values row by
// row. If a child fails, the whole chunk is re-evaluated with EvalRow so
// that lazily evaluated branches (CASE, COALESCE) only raise the errors
// PostgreSQL would raise.
func evalCombined(ctx *Context, self Expr, kids []Expr, in *base.Chunk, outp **base.Vector,
	combine func(vals []base.Datum) (base.Datum, error)) (*base.Vector, error) {
	if hasSubquery(kids...) {
		return evalByRow(ctx, self, in, outp)
	}
	vecs := make([]*base.Vector, len(kids))
	for i, k := range kids {
		if k == nil {
			continue
		}
		v, err := k.Eval(ctx, in)
		if err != nil {
			if be, ok := err.(*base.Error); ok && be.Code != base.CodeInternalError {
				return evalByRow(ctx, self, in, outp)
			}
			return nil, err
		}
		vecs[i] = v
	}
	n := in.Len()
	out := outVec(outp, self.Type(), n)
	vals := make([]base.Datum, len(kids))
	for r := 0; r < n; r++ {
		for j, v := range vecs {
			if v == nil {
				vals[j] = base.Datum{Null: true}
			} else {
				vals[j] = v.Get(r)
			}
		}
		d, err := combine(vals)
		if err != nil {
			return nil, err
		}
		out.Append(d)
	}
	return out, nil
}
