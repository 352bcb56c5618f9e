package expr

import (
	"strconv"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

// outVec returns *p reset for reuse, allocating it on first use.
func outVec(p **base.Vector, t base.Type, n int) *base.Vector {
	if *p == nil || (*p).Type != t {
		*p = base.NewVector(t, n)
		return *p
	}
	(*p).Reset()
	return *p
}

func typeList(ts []base.Type) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.String())
	}
	return b.String()
}

func exprList(es []Expr) string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.String())
	}
	return b.String()
}

// chunkRow fills row with row i of in (slow path used by lazily evaluated
// nodes such as CASE).
func chunkRow(in *base.Chunk, i int, row []base.Datum) []base.Datum {
	row = row[:0]
	for _, c := range in.Cols {
		row = append(row, c.Get(i))
	}
	return row
}

// evalByRow evaluates e row by row over in. It is the generic fallback for
// nodes whose semantics are lazy (CASE, COALESCE, subqueries).
func evalByRow(ctx *Context, e Expr, in *base.Chunk, out **base.Vector) (*base.Vector, error) {
	n := in.Len()
	v := outVec(out, e.Type(), n)
	row := make([]base.Datum, 0, len(in.Cols))
	for i := 0; i < n; i++ {
		row = chunkRow(in, i, row)
		d, err := e.EvalRow(ctx, row)
		if err != nil {
			return nil, err
		}
		v.Append(d)
	}
	return v, nil
}

// ---- ColRef ----

func (e *ColRef) Type() base.Type { return e.Typ }
func (e *ColRef) String() string {
	if e.Name != "" {
		return e.Name
	}
	return "#" + strconv.Itoa(e.Idx)
}
func (e *ColRef) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	if e.Idx < 0 || e.Idx >= len(in.Cols) {
		return nil, base.Errorf(base.CodeInternalError, "column reference %d out of range (%d columns)", e.Idx, len(in.Cols))
	}
	return in.Cols[e.Idx], nil
}
func (e *ColRef) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	if e.Idx < 0 || e.Idx >= len(row) {
		return base.Datum{}, base.Errorf(base.CodeInternalError, "column reference %d out of range (%d columns)", e.Idx, len(row))
	}
	return row[e.Idx], nil
}

// ---- OuterRef ----

func (e *OuterRef) Type() base.Type { return e.Typ }
func (e *OuterRef) String() string {
	if e.Name != "" {
		return "outer(" + e.Name + ")"
	}
	return "outer" + strconv.Itoa(e.Depth) + "#" + strconv.Itoa(e.Idx)
}
func (e *OuterRef) value(ctx *Context) (base.Datum, error) {
	if ctx == nil || e.Depth >= len(ctx.Outer) || e.Idx >= len(ctx.Outer[e.Depth]) {
		return base.Datum{}, base.Errorf(base.CodeInternalError, "outer reference %d.%d has no outer row", e.Depth, e.Idx)
	}
	return ctx.Outer[e.Depth][e.Idx], nil
}
func (e *OuterRef) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	d, err := e.value(ctx)
	if err != nil {
		return nil, err
	}
	// Outer rows change between calls, so no caching of the vector content.
	v := base.NewVector(e.Typ, in.Len())
	for i := 0; i < in.Len(); i++ {
		v.Append(d)
	}
	return v, nil
}
func (e *OuterRef) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) { return e.value(ctx) }

// ---- Const ----

func (e *Const) Type() base.Type { return e.Typ }
func (e *Const) String() string {
	if e.Val.Null {
		return "NULL"
	}
	s := formatText(e.Val, e.Typ, nil)
	switch e.Typ.Kind {
	case base.KindInt16, base.KindInt32, base.KindInt64, base.KindFloat64, base.KindNumeric, base.KindBool:
		if e.Typ.Kind == base.KindBool {
			if e.Val.Bool() {
				return "true"
			}
			return "false"
		}
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'::" + e.Typ.String()
}
func (e *Const) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	n := in.Len()
	// Constant vectors are rebuilt only when the length changes.
	if e.out != nil && e.out.Type == e.Typ && e.out.Len() == n {
		return e.out, nil
	}
	v := outVec(&e.out, e.Typ, n)
	for i := 0; i < n; i++ {
		v.Append(e.Val)
	}
	return v, nil
}
func (e *Const) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) { return e.Val, nil }

// ---- Param ----

func (e *Param) Type() base.Type { return e.Typ }
func (e *Param) String() string  { return "$" + strconv.Itoa(e.Idx+1) }
func (e *Param) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	if ctx == nil || e.Idx < 0 || e.Idx >= len(ctx.Params) {
		return base.Datum{}, base.Errorf(base.CodeUndefinedParameter, "there is no parameter $%d", e.Idx+1)
	}
	d := ctx.Params[e.Idx]
	if d.Null {
		return base.NullOf(e.Typ.Kind), nil
	}
	if d.K == e.Typ.Kind && e.Typ.Kind != base.KindArray {
		return d, nil
	}
	if d.K == base.KindUnknown || d.K == base.KindText && e.Typ.Kind != base.KindText {
		return parseText(e.Typ, d.S, ctx.loc())
	}
	return castDatum(ctx, d, e.Typ)
}
func (e *Param) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	d, err := e.EvalRow(ctx, nil)
	if err != nil {
		return nil, err
	}
	n := in.Len()
	v := outVec(&e.out, e.Typ, n)
	for i := 0; i < n; i++ {
		v.Append(d)
	}
	return v, nil
}

// ---- Cast ----

func (e *Cast) Type() base.Type { return e.To }
func (e *Cast) String() string  { return "(" + e.Arg.String() + ")::" + e.To.String() }
func (e *Cast) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	d, err := e.Arg.EvalRow(ctx, row)
	if err != nil {
		return d, err
	}
	if d.Null {
		return base.NullOf(e.To.Kind), nil
	}
	if bpcharToText(e.Arg.Type(), e.To) {
		d.S = base.BpcharTrim(d.S)
	}
	return e.cast(ctx, d)
}

func (e *Cast) cast(ctx *Context, d base.Datum) (base.Datum, error) {
	if e.Assign {
		return base.CastAssign(d, e.To, ctx.loc())
	}
	return castDatum(ctx, d, e.To)
}

// bpcharToText reports a cast from character(n) to text or varchar, which
// strips the trailing blanks (PostgreSQL's rtrim1).
func bpcharToText(from, to base.Type) bool {
	return from.Kind == base.KindText && from.Bpchar && to.Kind == base.KindText && !to.Bpchar
}
func (e *Cast) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	a, err := e.Arg.Eval(ctx, in)
	if err != nil {
		return nil, err
	}
	if a.Type == e.To {
		return a, nil
	}
	n := a.Len()
	v := outVec(&e.out, e.To, n)
	if castVec(a, v) {
		return v, nil
	}
	trim := bpcharToText(e.Arg.Type(), e.To)
	for i := 0; i < n; i++ {
		if a.IsNull(i) {
			v.AppendNull()
			continue
		}
		d := a.Get(i)
		if trim {
			d.S = base.BpcharTrim(d.S)
		}
		d, err := e.cast(ctx, d)
		if err != nil {
			return nil, err
		}
		v.Append(d)
	}
	return v, nil
}

// ---- Call ----

func (e *Call) Type() base.Type { return e.Fn.Ret }
func (e *Call) String() string {
	if isOperatorName(e.Fn.Name) {
		switch len(e.Args) {
		case 1:
			return "(" + e.Fn.Name + " " + e.Args[0].String() + ")"
		case 2:
			return "(" + e.Args[0].String() + " " + e.Fn.Name + " " + e.Args[1].String() + ")"
		}
	}
	return e.Fn.Name + "(" + exprList(e.Args) + ")"
}
func (e *Call) EvalRow(ctx *Context, row []base.Datum) (base.Datum, error) {
	args := make([]base.Datum, len(e.Args))
	for i, a := range e.Args {
		d, err := a.EvalRow(ctx, row)
		if err != nil {
			return d, err
		}
		if d.Null && e.Fn.Strict {
			return base.NullOf(e.Fn.Ret.Kind), nil
		}
		args[i] = d
	}
	return callScalar(ctx, e.Fn, args)
}

func callScalar(ctx *Context, f *Func, args []base.Datum) (base.Datum, error) {
	if f.Strict {
		for _, a := range args {
			if a.Null {
				return base.NullOf(f.Ret.Kind), nil
			}
		}
	}
	d, err := f.Scalar(ctx, args)
	if err != nil {
		return d, err
	}
	if d.Null {
		d.K = f.Ret.Kind
	}
	return d, nil
}

func (e *Call) Eval(ctx *Context, in *base.Chunk) (*base.Vector, error) {
	if cap(e.argv) < len(e.Args) {
		e.argv = make([]*base.Vector, len(e.Args))
	}
	argv := e.argv[:len(e.Args)]
	for i, a := range e.Args {
		v, err := a.Eval(ctx, in)
		if err != nil {
			return nil, err
		}
		argv[i] = v
	}
	n := in.Len()
	out := outVec(&e.out, e.Fn.Ret, n)
	if e.Fn.Vec != nil {
		if err := e.Fn.Vec(ctx, argv, out); err != nil {
			return nil, err
		}
		return out, nil
	}
	if cap(e.row) < len(argv) {
		e.row = make([]base.Datum, len(argv))
	}
	row := e.row[:len(argv)]
rows:
	for i := 0; i < n; i++ {
		for j, v := range argv {
			if e.Fn.Strict && v.IsNull(i) {
				out.AppendNull()
				continue rows
			}
			row[j] = v.Get(i)
		}
		d, err := e.Fn.Scalar(ctx, row)
		if err != nil {
			return nil, err
		}
		out.Append(d)
	}
	return out, nil
}

func isOperatorName(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_')
}

// copyNulls makes out's NULL bitmap (out has n rows, none NULL yet) equal
// to src's.
func copyNulls(out, src *base.Vector, n int) {
	if src.Nulls == nil {
		return
	}
	w := (n + 63) / 64
	out.Nulls = append(out.Nulls[:0], src.Nulls[:min(w, len(src.Nulls))]...)
	out.Nulls = out.Nulls.Grow(n)
}

// orNulls makes out's NULL bitmap the union of a's and b's (either may be
// nil); out has n rows.
func orNulls(out, a, b *base.Vector, n int) {
	if a.Nulls == nil && b.Nulls == nil {
		return
	}
	w := (n + 63) / 64
	out.Nulls = out.Nulls[:0].Grow(n)
	for i := 0; i < w; i++ {
		var x uint64
		if i < len(a.Nulls) {
			x = a.Nulls[i]
		}
		if i < len(b.Nulls) {
			x |= b.Nulls[i]
		}
		out.Nulls[i] = x
	}
}

// castVec handles the columnar casts on the hot path (integer widening and
// integer → float); it reports false when the generic path is needed.
func castVec(a, out *base.Vector) bool {
	from, to := a.Type.Kind, out.Type.Kind
	n := a.Len()
	switch {
	case isIntKind(from) && isIntKind(to) && intWidth(to) >= intWidth(from):
		for _, x := range a.I64[:n] {
			out.AppendInt(x)
		}
	case isIntKind(from) && to == base.KindFloat64:
		for _, x := range a.I64[:n] {
			out.AppendFloat(float64(x))
		}
	case from == base.KindFloat32 && to == base.KindFloat64:
		for _, x := range a.F64[:n] {
			out.AppendFloat(x)
		}
	default:
		return false
	}
	copyNulls(out, a, n)
	return true
}

func isIntKind(k base.Kind) bool {
	return k == base.KindInt16 || k == base.KindInt32 || k == base.KindInt64
}

func intWidth(k base.Kind) int {
	switch k {
	case base.KindInt16:
		return 2
	case base.KindInt32:
		return 4
	}
	return 8
}
