package expr

import (
	"regexp"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

// tri is a three-valued boolean: 0 false, 1 true, 2 NULL.
type tri uint8

const (
	triFalse tri = 0
	triTrue  tri = 1
	triNull  tri = 2
)

func triOf(d base.Datum) tri {
	if d.Null {
		return triNull
	}
	if d.I != 0 {
		return triTrue
	}
	return triFalse
}

func (t tri) datum() base.Datum {
	switch t {
	case triNull:
		return base.NullOf(base.KindBool)
	case triTrue:
		return base.DBool(true)
	}
	return base.DBool(false)
}

func boolVec(p **base.Vector, n int) *base.Vector { return outVec(p, base.Bool, n) }

// ---- And / Or ----

func (e *And) Type() base.Type { return base.Bool }
func (e *And) String() string  { return "(" + joinExprs(e.Args, " AND ") + ")" }
func (e *Or) Type() base.Type  { return base.Bool }
func (e *Or) String() string   { return "(" + joinExprs(e.Args, " OR ") + ")" }

func joinExprs(es []Expr, sep string) string {
	var b strings.Builder
	for i, x := range es {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(x.String())
	}
	return b.String()
}

func (e *And) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	res := triTrue
	for _, a := range e.Args {
		d, err := a.EvalRow(ctx, row)
		if err != nil {
			return d, err
		}
		switch triOf(d) {
		case triFalse:
			return base.DBool(false), nil // short-circuit like PostgreSQL
		case triNull:
			res = triNull
		}
	}
	return res.datum(), nil
}

func (e *Or) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	res := triFalse
	for _, a := range e.Args {
		d, err := a.EvalRow(ctx, row)
		if err != nil {
			return d, err
		}
		switch triOf(d) {
		case triTrue:
			return base.DBool(true), nil
		case triNull:
			res = triNull
		}
	}
	return res.datum(), nil
}

// Eval evaluates all arguments columnar and combines the bool vectors. If
// a later argument fails, the chunk is re-evaluated row by row with
// short-circuiting, so "x <> 0 AND 10/x > 1" errors only where PostgreSQL
// would.
func (e *And) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	return evalAndOr(ctx, e, e.Args, in, &e.out, false)
}

func (e *Or) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	return evalAndOr(ctx, e, e.Args, in, &e.out, true)
}

func evalAndOr(ctx *Context, self Expr, args []Expr, in *base.Chunk, outp **base.Vector, isOr bool) (*base.Vector, error) {
	n := in.Len()
	first, err := args[0].Eval(ctx, in)
	if err != nil {
		return nil, err
	}
	out := boolVec(outp, n)
	for _, x := range first.I64[:n] {
		out.AppendInt(x)
	}
	copyNulls(out, first, n)
	for _, a := range args[1:] {
		v, err := a.Eval(ctx, in)
		if err != nil {
			if be, ok := err.(*base.Error); ok && be.Code != base.CodeInternalError {
				return evalByRow(ctx, self, in, outp)
			}
			return nil, err
		}
		combineTri(out, v, n, isOr)
	}
	return out, nil
}

// combineTri folds v into out with AND (isOr false) or OR semantics.
func combineTri(out, v *base.Vector, n int, isOr bool) {
	dom := int64(0) // dominant value: false for AND, true for OR
	if isOr {
		dom = 1
	}
	if out.Nulls == nil && v.Nulls == nil {
		a, b := out.I64[:n], v.I64[:n]
		if isOr {
			for i := range a {
				a[i] |= b[i]
			}
		} else {
			for i := range a {
				a[i] &= b[i]
			}
		}
		return
	}
	for i := 0; i < n; i++ {
		an, bn := out.IsNull(i), v.IsNull(i)
		av, bv := out.I64[i], v.I64[i]
		switch {
		case !an && av == dom:
		case !bn && bv == dom:
			out.I64[i] = dom
			if an {
				out.Nulls.Clear(i)
			}
		case an || bn:
			out.I64[i] = 0
			if out.Nulls == nil {
				out.Nulls = base.NewBitmap(n)
			}
			out.Nulls.Set(i)
		default:
			out.I64[i] = 1 - dom
		}
	}
}

// ---- Not ----

func (e *Not) Type() base.Type { return base.Bool }
func (e *Not) String() string  { return "(NOT " + e.Arg.String() + ")" }
func (e *Not) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	d, err := e.Arg.EvalRow(ctx, row)
	if err != nil || d.Null {
		return base.NullOf(base.KindBool), err
	}
	return base.DBool(d.I == 0), nil
}
func (e *Not) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	a, err := e.Arg.Eval(ctx, in)
	if err != nil {
		return nil, err
	}
	n := in.Len()
	out := boolVec(&e.out, n)
	for _, x := range a.I64[:n] {
		out.AppendInt(x ^ 1)
	}
	copyNulls(out, a, n)
	return out, nil
}

// ---- IS NULL / IS TRUE / IS UNKNOWN / IS DISTINCT FROM ----

func (e *IsNull) Type() base.Type { return base.Bool }
func (e *IsNull) String() string {
	if e.Not {
		return "(" + e.Arg.String() + " IS NOT NULL)"
	}
	return "(" + e.Arg.String() + " IS NULL)"
}
func (e *IsNull) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	d, err := e.Arg.EvalRow(ctx, row)
	if err != nil {
		return d, err
	}
	return base.DBool(d.Null != e.Not), nil
}
func (e *IsNull) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	a, err := e.Arg.Eval(ctx, in)
	if err != nil {
		return nil, err
	}
	return isNullVec(a, &e.out, in.Len(), e.Not), nil
}

func isNullVec(a *base.Vector, p **base.Vector, n int, not bool) *base.Vector {
	out := boolVec(p, n)
	for i := 0; i < n; i++ {
		out.AppendInt(b2i(a.IsNull(i) != not))
	}
	return out
}

func (e *IsUnknown) Type() base.Type { return base.Bool }
func (e *IsUnknown) String() string {
	if e.Not {
		return "(" + e.Arg.String() + " IS NOT UNKNOWN)"
	}
	return "(" + e.Arg.String() + " IS UNKNOWN)"
}
func (e *IsUnknown) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	d, err := e.Arg.EvalRow(ctx, row)
	if err != nil {
		return d, err
	}
	return base.DBool(d.Null != e.Not), nil
}
func (e *IsUnknown) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	a, err := e.Arg.Eval(ctx, in)
	if err != nil {
		return nil, err
	}
	return isNullVec(a, &e.out, in.Len(), e.Not), nil
}

func (e *IsBool) Type() base.Type { return base.Bool }
func (e *IsBool) String() string {
	s := "(" + e.Arg.String() + " IS "
	if e.Not {
		s += "NOT "
	}
	if e.Value {
		return s + "TRUE)"
	}
	return s + "FALSE)"
}
func (e *IsBool) test(d base.Datum) bool {
	r := !d.Null && (d.I != 0) == e.Value
	return r != e.Not
}
func (e *IsBool) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	d, err := e.Arg.EvalRow(ctx, row)
	if err != nil {
		return d, err
	}
	return base.DBool(e.test(d)), nil
}
func (e *IsBool) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	a, err := e.Arg.Eval(ctx, in)
	if err != nil {
		return nil, err
	}
	n := in.Len()
	out := boolVec(&e.out, n)
	for i := 0; i < n; i++ {
		d := base.Datum{K: base.KindBool, Null: a.IsNull(i)}
		if !d.Null {
			d.I = a.I64[i]
		}
		out.AppendInt(b2i(e.test(d)))
	}
	return out, nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (e *IsDistinct) Type() base.Type { return base.Bool }
func (e *IsDistinct) String() string {
	op := " IS DISTINCT FROM "
	if e.Not {
		op = " IS NOT DISTINCT FROM "
	}
	return "(" + e.L.String() + op + e.R.String() + ")"
}
func (e *IsDistinct) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	l, err := e.L.EvalRow(ctx, row)
	if err != nil {
		return l, err
	}
	r, err := e.R.EvalRow(ctx, row)
	if err != nil {
		return r, err
	}
	return base.DBool(distinct(l, r) != e.Not), nil
}

func distinct(l, r base.Datum) bool {
	if l.Null || r.Null {
		return l.Null != r.Null
	}
	return cmpDatum(l, r) != 0
}

func (e *IsDistinct) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	l, err := e.L.Eval(ctx, in)
	if err != nil {
		return nil, err
	}
	r, err := e.R.Eval(ctx, in)
	if err != nil {
		return nil, err
	}
	n := in.Len()
	out := boolVec(&e.out, n)
	for i := 0; i < n; i++ {
		out.AppendInt(b2i(distinct(l.Get(i), r.Get(i)) != e.Not))
	}
	return out, nil
}

// ---- CASE / COALESCE / NULLIF / GREATEST ----

func (e *Case) Type() base.Type { return e.Typ }
func (e *Case) String() string {
	var b strings.Builder
	b.WriteString("CASE")
	for _, w := range e.Whens {
		b.WriteString(" WHEN " + w.Cond.String() + " THEN " + w.Result.String())
	}
	if e.Else != nil {
		b.WriteString(" ELSE " + e.Else.String())
	}
	b.WriteString(" END")
	return b.String()
}
func (e *Case) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	for _, w := range e.Whens {
		c, err := w.Cond.EvalRow(ctx, row)
		if err != nil {
			return c, err
		}
		if c.Bool() {
			return w.Result.EvalRow(ctx, row)
		}
	}
	if e.Else == nil {
		return base.NullOf(e.Typ.Kind), nil
	}
	return e.Else.EvalRow(ctx, row)
}
func (e *Case) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	kids := make([]Expr, 0, 2*len(e.Whens)+1)
	for _, w := range e.Whens {
		kids = append(kids, w.Cond, w.Result)
	}
	kids = append(kids, e.Else)
	return evalCombined(ctx, e, kids, in, &e.out, func(v []base.Datum) (base.Datum, error) {
		for i := range e.Whens {
			if v[2*i].Bool() {
				return v[2*i+1], nil
			}
		}
		if e.Else == nil {
			return base.NullOf(e.Typ.Kind), nil
		}
		return v[len(v)-1], nil
	})
}

func (e *Coalesce) Type() base.Type { return e.Typ }
func (e *Coalesce) String() string  { return "COALESCE(" + exprList(e.Args) + ")" }
func (e *Coalesce) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	for _, a := range e.Args {
		d, err := a.EvalRow(ctx, row)
		if err != nil || !d.Null {
			return d, err
		}
	}
	return base.NullOf(e.Typ.Kind), nil
}
func (e *Coalesce) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	return evalCombined(ctx, e, e.Args, in, &e.out, func(v []base.Datum) (base.Datum, error) {
		for _, d := range v {
			if !d.Null {
				return d, nil
			}
		}
		return base.NullOf(e.Typ.Kind), nil
	})
}

func (e *NullIf) Type() base.Type { return e.Typ }
func (e *NullIf) String() string  { return "NULLIF(" + e.L.String() + ", " + e.R.String() + ")" }
func (e *NullIf) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	l, err := e.L.EvalRow(ctx, row)
	if err != nil || l.Null {
		return l, err
	}
	r, err := e.R.EvalRow(ctx, row)
	if err != nil {
		return r, err
	}
	return e.apply(ctx, l, r)
}

func (e *NullIf) apply(ctx *Context, l, r base.Datum) (base.Datum, error) {
	if l.Null {
		return l, nil
	}
	if !r.Null {
		// The binder picked the = operator's argument types; when they
		// differ (int4 vs int8) compare numerically rather than casting r
		// to l's type, which could overflow where PostgreSQL's cross-type
		// operator does not.
		eq := false
		if r.K != l.K {
			eq = base.Compare(l, r) == 0
		} else {
			eq = cmpDatum(l, r) == 0
		}
		if eq {
			return base.NullOf(e.Typ.Kind), nil
		}
	}
	return l, nil
}

func (e *NullIf) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	return evalCombined(ctx, e, []Expr{e.L, e.R}, in, &e.out, func(v []base.Datum) (base.Datum, error) {
		return e.apply(ctx, v[0], v[1])
	})
}

func (e *Greatest) Type() base.Type { return e.Typ }
func (e *Greatest) String() string {
	if e.Least {
		return "LEAST(" + exprList(e.Args) + ")"
	}
	return "GREATEST(" + exprList(e.Args) + ")"
}
func (e *Greatest) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	vals := make([]base.Datum, len(e.Args))
	for i, a := range e.Args {
		d, err := a.EvalRow(ctx, row)
		if err != nil {
			return d, err
		}
		vals[i] = d
	}
	return e.apply(vals), nil
}

func (e *Greatest) apply(vals []base.Datum) base.Datum {
	best := base.NullOf(e.Typ.Kind)
	for _, d := range vals {
		if d.Null {
			continue
		}
		if best.Null {
			best = d
			continue
		}
		c := cmpDatum(d, best)
		if e.Least && c < 0 || !e.Least && c > 0 {
			best = d
		}
	}
	return best
}

func (e *Greatest) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	return evalCombined(ctx, e, e.Args, in, &e.out, func(v []base.Datum) (base.Datum, error) { return e.apply(v), nil })
}

// ---- IN (list) ----

func (e *InList) Type() base.Type { return base.Bool }
func (e *InList) String() string {
	op := " IN ("
	if e.Not {
		op = " NOT IN ("
	}
	return "(" + e.Arg.String() + op + exprList(e.List) + "))"
}
func (e *InList) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	x, err := e.Arg.EvalRow(ctx, row)
	if err != nil {
		return x, err
	}
	vals := make([]base.Datum, 0, len(e.List)+1)
	vals = append(vals, x)
	for _, el := range e.List {
		d, err := el.EvalRow(ctx, row)
		if err != nil {
			return d, err
		}
		vals = append(vals, d)
		if !x.Null && !d.Null && d.K == x.K && cmpDatum(x, d) == 0 {
			break // PostgreSQL stops at the first match
		}
	}
	return e.apply(ctx, vals)
}

// apply computes the result from the argument (vals[0]) and list values.
func (e *InList) apply(ctx *Context, vals []base.Datum) (base.Datum, error) {
	x := vals[0]
	res := triFalse
	if x.Null {
		res = triNull
	}
	for _, d := range vals[1:] {
		if d.Null {
			res = triNull
			continue
		}
		if x.Null {
			continue
		}
		if d.K != x.K {
			var err error
			if d, err = castDatum(ctx, d, e.Arg.Type()); err != nil {
				return d, err
			}
		}
		if cmpDatum(x, d) == 0 {
			res = triTrue
			break
		}
	}
	if e.Not && res != triNull {
		res ^= 1
	}
	return res.datum(), nil
}

func (e *InList) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	kids := append([]Expr{e.Arg}, e.List...)
	return evalCombined(ctx, e, kids, in, &e.out, func(v []base.Datum) (base.Datum, error) { return e.apply(ctx, v) })
}

// ---- LIKE / regex ----

func (e *Like) Type() base.Type { return base.Bool }
func (e *Like) String() string {
	op := " LIKE "
	if e.CaseInsensitive {
		op = " ILIKE "
	}
	if e.Not {
		op = " NOT" + op
	}
	s := "(" + e.Arg.String() + op + e.Pattern.String()
	if e.Escape != nil {
		s += " ESCAPE " + e.Escape.String()
	}
	return s + ")"
}

func (e *Like) matcher(ctx *Context, row []base.Datum) (*likeMatcher, bool, error) {
	p, err := e.Pattern.EvalRow(ctx, row)
	if err != nil || p.Null {
		return nil, p.Null, err
	}
	esc := "\\"
	if e.Escape != nil {
		ed, err := e.Escape.EvalRow(ctx, row)
		if err != nil || ed.Null {
			return nil, ed.Null, err
		}
		esc = ed.S
	}
	key := esc + "\x00" + p.S
	if e.cm != nil && e.cmk == key {
		return e.cm, false, nil
	}
	m, err := compileLike(p.S, esc, e.CaseInsensitive)
	if err != nil {
		return nil, false, err
	}
	e.cm, e.cmk = m, key
	return m, false, nil
}

func (e *Like) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	x, err := e.Arg.EvalRow(ctx, row)
	if err != nil || x.Null {
		return base.NullOf(base.KindBool), err
	}
	m, null, err := e.matcher(ctx, row)
	if err != nil || null {
		return base.NullOf(base.KindBool), err
	}
	return base.DBool(m.match(x.S) != e.Not), nil
}

func (e *Like) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	_, pconst := e.Pattern.(*Const)
	_, econst := e.Escape.(*Const)
	if !pconst || (e.Escape != nil && !econst) {
		return evalByRow(ctx, e, in, &e.out)
	}
	n := in.Len()
	out := boolVec(&e.out, n)
	m, null, err := e.matcher(ctx, nil)
	if err != nil {
		return nil, err
	}
	x, err := e.Arg.Eval(ctx, in)
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		if null || x.IsNull(i) {
			out.AppendNull()
			continue
		}
		out.AppendInt(b2i(m.matchBytes(x.Bytes(i)) != e.Not))
	}
	return out, nil
}

type regexCache struct {
	pat string
	re  *regexp.Regexp
}

func (e *RegexMatch) Type() base.Type { return base.Bool }
func (e *RegexMatch) String() string {
	op := "~"
	if e.Not {
		op = "!~"
	}
	if e.CaseInsensitive {
		op += "*"
	}
	return "(" + e.Arg.String() + " " + op + " " + e.Pattern.String() + ")"
}
func (e *RegexMatch) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	x, err := e.Arg.EvalRow(ctx, row)
	if err != nil || x.Null {
		return base.NullOf(base.KindBool), err
	}
	p, err := e.Pattern.EvalRow(ctx, row)
	if err != nil || p.Null {
		return base.NullOf(base.KindBool), err
	}
	flags := ""
	if e.CaseInsensitive {
		flags = "i"
	}
	if e.rc == nil {
		e.rc = &regexCache{}
	}
	key := flags + "\x00" + p.S
	if e.rc.re == nil || e.rc.pat != key {
		re, err := compileRegex(p.S, flags)
		if err != nil {
			return base.Datum{}, err
		}
		e.rc.pat, e.rc.re = key, re
	}
	return base.DBool(e.rc.re.MatchString(x.S) != e.Not), nil
}
func (e *RegexMatch) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	return evalByRow(ctx, e, in, &e.out)
}

// ---- arrays ----

func (e *ArrayCtor) Type() base.Type { return e.Typ }
func (e *ArrayCtor) String() string  { return "ARRAY[" + exprList(e.Elems) + "]" }
func (e *ArrayCtor) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	a := make([]base.Datum, len(e.Elems))
	for i, el := range e.Elems {
		d, err := el.EvalRow(ctx, row)
		if err != nil {
			return d, err
		}
		if d.Null {
			d.K = e.Typ.Elem
		}
		a[i] = d
	}
	return base.DArray(e.Typ.Elem, a), nil
}
func (e *ArrayCtor) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	return evalByRow(ctx, e, in, &e.out)
}

func (e *Subscript) Type() base.Type { return e.Typ }
func (e *Subscript) String() string  { return e.Arr.String() + "[" + e.Index.String() + "]" }
func (e *Subscript) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	a, err := e.Arr.EvalRow(ctx, row)
	if err != nil || a.Null {
		return base.NullOf(e.Typ.Kind), err
	}
	i, err := e.Index.EvalRow(ctx, row)
	if err != nil || i.Null {
		return base.NullOf(e.Typ.Kind), err
	}
	if i.I < 1 || i.I > int64(len(a.A)) {
		return base.NullOf(e.Typ.Kind), nil
	}
	return a.A[i.I-1], nil
}
func (e *Subscript) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	return evalByRow(ctx, e, in, &e.out)
}

// ---- subqueries ----

func (e *Subquery) Type() base.Type { return e.Typ }
func (e *Subquery) String() string {
	switch e.Kind {
	case SubqueryExists:
		if e.Not {
			return "NOT EXISTS(subquery)"
		}
		return "EXISTS(subquery)"
	case SubqueryIn:
		if e.Not {
			return "(" + e.Arg.String() + " NOT IN (subquery))"
		}
		return "(" + e.Arg.String() + " IN (subquery))"
	case SubqueryAny:
		return "(" + e.Arg.String() + " " + e.Op.Name + " ANY (subquery))"
	case SubqueryAll:
		return "(" + e.Arg.String() + " " + e.Op.Name + " ALL (subquery))"
	}
	return "(subquery)"
}

func (e *Subquery) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	if ctx == nil || ctx.Subquery == nil {
		return base.Datum{}, base.Errorf(base.CodeInternalError, "subquery evaluation without a runner")
	}
	var x base.Datum
	if e.Arg != nil {
		var err error
		if x, err = e.Arg.EvalRow(ctx, row); err != nil {
			return x, err
		}
	}
	sub := *ctx
	sub.Outer = make([][]base.Datum, 0, len(ctx.Outer)+1)
	sub.Outer = append(append(sub.Outer, row), ctx.Outer...)
	max := -1
	switch e.Kind {
	case SubqueryScalar:
		max = 2
	case SubqueryExists:
		max = 1
	}
	rows, err := ctx.Subquery.RunSubquery(&sub, e.Plan, max)
	if err != nil {
		return base.Datum{}, err
	}
	switch e.Kind {
	case SubqueryScalar:
		if len(rows) > 1 {
			return base.Datum{}, base.Errorf(base.CodeCardinalityViolation, "more than one row returned by a subquery used as an expression")
		}
		if len(rows) == 0 || len(rows[0]) == 0 {
			return base.NullOf(e.Typ.Kind), nil
		}
		return rows[0][0], nil
	case SubqueryExists:
		return base.DBool((len(rows) > 0) != e.Not), nil
	case SubqueryArray:
		return arrayOfRows(e.Typ, rows), nil
	}
	vals := make([]base.Datum, len(rows))
	for i, r := range rows {
		vals[i] = r[0]
	}
	res, err := quantified(ctx, e.Op, x, vals, e.Kind == SubqueryAll)
	if err != nil {
		return base.Datum{}, err
	}
	if e.Not && res != triNull {
		res ^= 1
	}
	return res.datum(), nil
}

// quantified computes x op ANY(vals) (all=false) or x op ALL(vals) with
// PostgreSQL's NULL rules.
func quantified(ctx *Context, op *Func, x base.Datum, vals []base.Datum, all bool) (tri, error) {
	res := triFalse
	if all {
		res = triTrue
	}
	args := make([]base.Datum, 2)
	for _, v := range vals {
		args[0], args[1] = x, v
		d, err := callScalar(ctx, op, args)
		if err != nil {
			return triNull, err
		}
		switch t := triOf(d); {
		case t == triNull:
			res = triNull
		case all && t == triFalse:
			return triFalse, nil
		case !all && t == triTrue:
			return triTrue, nil
		}
	}
	return res, nil
}

func (e *Subquery) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	return evalByRow(ctx, e, in, &e.out)
}

func (e *AnyArray) Type() base.Type { return base.Bool }
func (e *AnyArray) String() string {
	q := " ANY("
	if e.All {
		q = " ALL("
	}
	return "(" + e.Arg.String() + " " + e.Op.Name + q + e.Arr.String() + "))"
}
func (e *AnyArray) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	x, err := e.Arg.EvalRow(ctx, row)
	if err != nil {
		return x, err
	}
	a, err := e.Arr.EvalRow(ctx, row)
	if err != nil || a.Null {
		return base.NullOf(base.KindBool), err
	}
	res, err := quantified(ctx, e.Op, x, a.A, e.All)
	if err != nil {
		return base.Datum{}, err
	}
	return res.datum(), nil
}
func (e *AnyArray) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	return evalByRow(ctx, e, in, &e.out)
}
