package expr

// Clone returns a deep copy of e with fresh output buffers, for operators
// that evaluate one bound expression in several goroutines (one copy per
// actor). Func, AggFunc and subquery plans are shared: they are immutable.
func Clone(e Expr) Expr {
	if e == nil {
		return nil
	}
	cl := func(es []Expr) []Expr {
		if es == nil {
			return nil
		}
		out := make([]Expr, len(es))
		for i, x := range es {
			out[i] = Clone(x)
		}
		return out
	}
	switch n := e.(type) {
	case *ColRef:
		c := *n
		return &c
	case *OuterRef:
		c := *n
		return &c
	case *Const:
		return &Const{Val: n.Val, Typ: n.Typ}
	case *Param:
		return &Param{Idx: n.Idx, Typ: n.Typ}
	case *Cast:
		return &Cast{Arg: Clone(n.Arg), To: n.To, Assign: n.Assign}
	case *Call:
		return &Call{Fn: n.Fn, Args: cl(n.Args)}
	case *And:
		return &And{Args: cl(n.Args)}
	case *Or:
		return &Or{Args: cl(n.Args)}
	case *Not:
		return &Not{Arg: Clone(n.Arg)}
	case *IsNull:
		return &IsNull{Arg: Clone(n.Arg), Not: n.Not}
	case *IsBool:
		return &IsBool{Arg: Clone(n.Arg), Value: n.Value, Not: n.Not}
	case *IsUnknown:
		return &IsUnknown{Arg: Clone(n.Arg), Not: n.Not}
	case *IsDistinct:
		return &IsDistinct{L: Clone(n.L), R: Clone(n.R), Not: n.Not}
	case *Case:
		c := &Case{Else: Clone(n.Else), Typ: n.Typ}
		for _, w := range n.Whens {
			c.Whens = append(c.Whens, When{Cond: Clone(w.Cond), Result: Clone(w.Result)})
		}
		return c
	case *Coalesce:
		return &Coalesce{Args: cl(n.Args), Typ: n.Typ}
	case *NullIf:
		return &NullIf{L: Clone(n.L), R: Clone(n.R), Typ: n.Typ}
	case *Greatest:
		return &Greatest{Args: cl(n.Args), Typ: n.Typ, Least: n.Least}
	case *InList:
		return &InList{Arg: Clone(n.Arg), List: cl(n.List), Not: n.Not}
	case *Like:
		return &Like{Arg: Clone(n.Arg), Pattern: Clone(n.Pattern), Escape: Clone(n.Escape), CaseInsensitive: n.CaseInsensitive, Not: n.Not}
	case *RegexMatch:
		return &RegexMatch{Arg: Clone(n.Arg), Pattern: Clone(n.Pattern), CaseInsensitive: n.CaseInsensitive, Not: n.Not}
	case *ArrayCtor:
		return &ArrayCtor{Elems: cl(n.Elems), Typ: n.Typ}
	case *Subscript:
		return &Subscript{Arr: Clone(n.Arr), Index: Clone(n.Index), Typ: n.Typ}
	case *Subquery:
		return &Subquery{Kind: n.Kind, Plan: n.Plan, Arg: Clone(n.Arg), Op: n.Op, Not: n.Not, Typ: n.Typ}
	case *AnyArray:
		return &AnyArray{Arg: Clone(n.Arg), Arr: Clone(n.Arr), Op: n.Op, All: n.All}
	}
	// Unknown (external) node types are returned as is.
	return e
}
