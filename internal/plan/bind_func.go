package plan

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// funcName returns the unqualified, lower-case function name
// (pg_catalog.x is x).
func funcName(n *ast.FuncCall) string {
	return strings.ToLower(n.Name.Last())
}

func (b *Binder) bindFuncCall(s *Scope, n *ast.FuncCall, ctx exprCtx) expr.Expr {
	name := funcName(n)
	if len(n.Name) > 2 || len(n.Name) == 2 && n.Name[0] != "pg_catalog" && n.Name[0] != "public" {
		b.errorf(n.Pos(), base.CodeUndefinedFunction, "function %s does not exist", n.Name.String())
	}
	isAgg := expr.IsAggregate(name)
	isWin := expr.IsWindowFunc(name)
	if n.Over != nil {
		if expr.IsOrderedSetAgg(name) {
			b.errorf(n.Pos(), base.CodeFeatureNotSupported, "OVER is not supported for ordered-set aggregate %s", name)
		}
		if !isAgg && !isWin {
			b.errorf(n.Pos(), base.CodeWrongObjectType, "OVER specified, but %s is not a window function nor an aggregate function", name)
		}
		return b.bindWindowCall(s, n, name, ctx)
	}
	if isAgg {
		return b.bindAggCall(s, n, name, ctx)
	}
	if isWin {
		b.errorf(n.Pos(), base.CodeWrongObjectType, "window function %s requires an OVER clause", name)
	}
	switch {
	case n.Star:
		b.errorf(n.Pos(), base.CodeWrongObjectType, "%s(*) specified, but %s is not an aggregate function", name, name)
	case n.Distinct:
		b.errorf(n.Pos(), base.CodeWrongObjectType, "DISTINCT specified, but %s is not an aggregate function", name)
	case len(n.OrderBy) > 0:
		b.errorf(n.Pos(), base.CodeWrongObjectType, "ORDER BY specified, but %s is not an aggregate function", name)
	case n.Filter != nil:
		b.errorf(n.Pos(), base.CodeWrongObjectType, "FILTER specified, but %s is not an aggregate function", name)
	}
	if setReturning[name] {
		if ctx.srfs != nil && expr.IsSetReturning(name) {
			return b.bindSRFCall(s, n, name, ctx)
		}
		b.srfNotAllowed(n, name, ctx)
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "set-returning function %s is only supported in FROM (e.g. SELECT * FROM %s(...))", name, name)
	}
	astArgs := b.namedArgs(n, name)
	args := make([]expr.Expr, len(astArgs))
	offs := make([]int, len(astArgs))
	for i, a := range astArgs {
		args[i] = b.bindExpr(s, a, ctx)
		offs[i] = a.Pos()
	}
	switch name {
	case "coalesce", "greatest", "least":
		if len(args) == 0 {
			b.errorf(n.Pos(), base.CodeSyntaxError, "syntax error at or near \")\"")
		}
		args, t := b.commonType(args, offs, strings.ToUpper(name))
		if name == "coalesce" {
			return &expr.Coalesce{Args: args, Typ: t}
		}
		if _, _, _, err := expr.LookupBinaryOp("<", t, t); err != nil {
			b.errorf(n.Pos(), base.CodeUndefinedFunction, "could not identify a comparison function for type %s", t.String())
		}
		return &expr.Greatest{Args: args, Typ: t, Least: name == "least"}
	case "nullif":
		if len(args) != 2 {
			b.errorf(n.Pos(), base.CodeUndefinedFunction, "function nullif(%s) does not exist", argTypeList(args))
		}
		// NULLIF(a, b) is "CASE WHEN a = b THEN NULL ELSE a END" where a is
		// the = operator's (possibly promoted) left argument: its type is
		// the result type, as in PostgreSQL.
		_, lt, rt := b.lookupBinary("=", args[0], args[1], n.Args[0], n.Args[1], n.Pos())
		l := b.coerce(args[0], lt, offs[0])
		if l.Type().Kind == base.KindUnknown {
			l = b.resolveUnknown(l)
		}
		return &expr.NullIf{L: l, R: b.coerce(args[1], rt, offs[1]), Typ: l.Type()}
	case "current_user", "session_user", "current_role", "user":
		if len(args) == 0 {
			return &expr.Const{Val: base.DText(b.ctx.User), Typ: base.Text}
		}
	case "current_database", "current_catalog":
		if len(args) == 0 {
			return &expr.Const{Val: base.DText(b.ctx.Database), Typ: base.Text}
		}
	case "current_schema":
		if len(args) == 0 {
			return b.bindSQLValueFunc(&ast.SQLValueFunc{Span: ast.Span{Start: n.Pos(), Stop: n.End()}, Name: "current_schema"})
		}
	case "pg_typeof":
		// The static type, which datums do not carry (varchar, character).
		if len(args) == 1 && args[0].Type().Kind != base.KindUnknown {
			return &expr.Const{Val: base.DText(args[0].Type().String()), Typ: base.Text}
		}
	}
	return b.callFunc(name, args, offs, n.Pos())
}

// setReturning lists set-returning functions, which bind only in FROM.
var setReturning = map[string]bool{
	"unnest": true, "generate_series": true, "jsonb_array_elements": true, "jsonb_array_elements_text": true,
	"jsonb_object_keys": true, "jsonb_each": true, "jsonb_each_text": true, "regexp_matches": true,
	"regexp_split_to_table": true, "json_array_elements": true, "json_each": true, "json_object_keys": true,
}

// paramSpec names a function's parameters and their defaults (SQL
// literals), for named notation f(name => value) and omitted trailing
// arguments. Only functions whose table entries need it are listed.
type paramSpec struct {
	names    []string
	defaults []string
}

var funcParams = map[string]paramSpec{
	"make_interval": {names: []string{"years", "months", "weeks", "days", "hours", "mins", "secs"},
		defaults: []string{"0", "0", "0", "0", "0", "0", "0.0"}},
}

// namedArgs resolves named (name => value) and defaulted arguments to a
// positional list, as PostgreSQL does for functions with parameter names.
func (b *Binder) namedArgs(n *ast.FuncCall, name string) []ast.Expr {
	named := false
	for _, a := range n.Args {
		if be, ok := a.(*ast.BinaryExpr); ok && be.Op == "=>" {
			named = true
		}
	}
	spec, ok := funcParams[name]
	if !ok {
		if named {
			b.errorf(n.Pos(), base.CodeFeatureNotSupported, "named arguments are not supported for function %s", name)
		}
		return n.Args
	}
	if !named && len(n.Args) >= len(spec.names) {
		return n.Args
	}
	out := make([]ast.Expr, len(spec.names))
	i := 0
	for _, a := range n.Args {
		be, isNamed := a.(*ast.BinaryExpr)
		if !isNamed || be.Op != "=>" {
			if i >= len(out) {
				b.errorf(n.Pos(), base.CodeUndefinedFunction, "function %s with %d arguments does not exist", name, len(n.Args))
			}
			out[i] = a
			i++
			continue
		}
		cr, ok := be.Left.(*ast.ColumnRef)
		if !ok || len(cr.Parts) != 1 {
			b.errorf(be.Pos(), base.CodeSyntaxError, "syntax error at or near \"=>\"")
		}
		k := -1
		for j, pn := range spec.names {
			if pn == cr.Parts[0] {
				k = j
			}
		}
		if k < 0 {
			b.errorf(n.Pos(), base.CodeUndefinedFunction, "function %s(%s => ...) does not exist", name, cr.Parts[0])
		}
		if out[k] != nil {
			b.errorf(be.Pos(), base.CodeSyntaxError, "argument name %q used more than once", cr.Parts[0])
		}
		out[k] = be.Right
	}
	for j := range out {
		if out[j] == nil {
			out[j] = &ast.NumberLit{Span: ast.Span{Start: n.Pos(), Stop: n.Pos()}, Text: spec.defaults[j]}
		}
	}
	return out
}

func argTypeList(args []expr.Expr) string {
	s := make([]string, len(args))
	for i, a := range args {
		s[i] = a.Type().String()
	}
	return strings.Join(s, ", ")
}

// bindAggCall binds an aggregate call into the current block's collector
// and returns its placeholder.
func (b *Binder) bindAggCall(s *Scope, n *ast.FuncCall, name string, ctx exprCtx) expr.Expr {
	if ctx.aggs == nil {
		b.errorf(n.Pos(), base.CodeGroupingError, "aggregate functions are not allowed in %s", ctx.clause)
	}
	if ctx.inAgg {
		b.errorf(n.Pos(), base.CodeGroupingError, "aggregate function calls cannot be nested")
	}
	inner := ctx
	inner.inAgg = true
	inner.wins = nil
	inner.srfs = nil
	inner.clause = "aggregate function calls"
	var args []expr.Expr
	var offs []int
	if items, ok := countRowArg(n, name); ok {
		return b.bindCountRow(s, n, items, ctx, inner)
	}
	if n.WithinGroup || expr.IsOrderedSetAgg(name) {
		return b.bindOrderedSetAgg(s, n, name, ctx, inner)
	}
	if !n.Star {
		for _, a := range n.Args {
			args = append(args, b.bindAggArg(s, a, inner))
			offs = append(offs, a.Pos())
		}
	}
	ts := make([]base.Type, len(args))
	for i, a := range args {
		ts[i] = a.Type()
	}
	if n.Star && name != "count" {
		b.errorf(n.Pos(), base.CodeWrongObjectType, "%s(*) specified, but %s is not an aggregate function", name, name)
	}
	fn, casts, err := expr.LookupAgg(name, ts, n.Distinct)
	if err != nil {
		b.failAt(err, n.Pos())
	}
	if fn.Ret.Varchar {
		// No PostgreSQL aggregate returns varchar: min/max/string_agg
		// over varchar are the text versions.
		c := *fn
		c.Ret.Varchar, c.Ret.Mod = false, 0
		fn = &c
	}
	for i := range args {
		args[i] = b.coerce(args[i], casts[i], offs[i])
	}
	call := AggCall{Func: fn, Args: args, Distinct: n.Distinct}
	if n.Filter != nil {
		call.Filter = b.coerceBool(b.bindAggArg(s, n.Filter, inner), "FILTER", n.Filter.Pos())
	}
	if len(n.OrderBy) > 0 {
		var specs []expr.SortSpec
		for _, o := range n.OrderBy {
			k := b.sortKey(o, b.resolveUnknown(b.bindAggArg(s, o.Expr, inner)))
			if n.Distinct && !exprInList(k.Expr, args) {
				b.errorf(o.Expr.Pos(), base.CodeInvalidColumnReference, "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list")
			}
			call.OrderBy = append(call.OrderBy, k)
			specs = append(specs, expr.SortSpec{Desc: k.Desc, NullsFirst: k.NullsFirst})
		}
		call.Func = fn.WithOrderBy(specs)
	}
	return b.addAggCall(ctx, call, name, n.Pos())
}

// addAggCall adds call to the block's aggregates (identical calls share
// one) and returns its placeholder.
func (b *Binder) addAggCall(ctx exprCtx, call AggCall, name string, pos int) expr.Expr {
	fn := call.Func
	col := ctx.aggs
	// Identical calls share one aggregate, as in PostgreSQL.
	for i, c := range col.calls {
		if aggCallEqual(c, call) {
			return col.refs[i]
		}
	}
	ref := &aggRef{idx: len(col.calls), typ: fn.Ret, name: call.String(), pos: pos}
	col.calls = append(col.calls, call)
	col.names = append(col.names, name)
	col.refs = append(col.refs, ref)
	return ref
}

// bindAggArg binds an aggregate argument; window functions inside are
// rejected with PostgreSQL's message.
func (b *Binder) bindAggArg(s *Scope, a ast.Expr, ctx exprCtx) expr.Expr {
	return b.bindExpr(s, a, ctx)
}

func exprInList(e expr.Expr, es []expr.Expr) bool {
	for _, x := range es {
		if exprEqual(e, x) {
			return true
		}
	}
	return false
}

func aggCallEqual(a, c AggCall) bool {
	if a.Func.Name != c.Func.Name || a.Distinct != c.Distinct || len(a.Args) != len(c.Args) ||
		len(a.OrderBy) != len(c.OrderBy) || !exprEqual(a.Filter, c.Filter) || a.Func.Star != c.Func.Star {
		return false
	}
	for i := range a.Args {
		if !exprEqual(a.Args[i], c.Args[i]) {
			return false
		}
	}
	for i := range a.OrderBy {
		if a.OrderBy[i].Desc != c.OrderBy[i].Desc || a.OrderBy[i].NullsFirst != c.OrderBy[i].NullsFirst ||
			!exprEqual(a.OrderBy[i].Expr, c.OrderBy[i].Expr) {
			return false
		}
	}
	return true
}

// sortKey builds a SortKey with PostgreSQL's NULLS default.
func (b *Binder) sortKey(o *ast.OrderByItem, e expr.Expr) SortKey {
	k := SortKey{Expr: e, Desc: o.Desc, NullsFirst: o.Desc}
	switch o.Nulls {
	case ast.NullsFirst:
		k.NullsFirst = true
	case ast.NullsLast:
		k.NullsFirst = false
	}
	return k
}

// bindWindowCall binds f(...) OVER (...) into the block's window
// collector.
func (b *Binder) bindWindowCall(s *Scope, n *ast.FuncCall, name string, ctx exprCtx) expr.Expr {
	if ctx.wins == nil {
		if ctx.inAgg {
			b.errorf(n.Pos(), base.CodeGroupingError, "aggregate function calls cannot contain window function calls")
		}
		if ctx.inWin {
			b.errorf(n.Pos(), base.CodeWindowingError, "window function calls cannot be nested")
		}
		b.errorf(n.Pos(), base.CodeWindowingError, "window functions are not allowed in %s", ctx.clause)
	}
	if n.Distinct {
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "DISTINCT is not implemented for window functions")
	}
	if len(n.OrderBy) > 0 {
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "aggregate ORDER BY is not implemented for window functions")
	}
	inner := ctx
	inner.wins = nil
	inner.srfs = nil
	inner.inWin = true
	inner.clause = "window function calls"
	var args []expr.Expr
	var offs []int
	for _, a := range n.Args {
		args = append(args, b.bindExpr(s, a, inner))
		offs = append(offs, a.Pos())
	}
	ts := make([]base.Type, len(args))
	for i, a := range args {
		ts[i] = a.Type()
	}
	if n.Star && name != "count" {
		b.errorf(n.Pos(), base.CodeWrongObjectType, "%s(*) specified, but %s is not an aggregate function", name, name)
	}
	fn, casts, err := expr.LookupWindow(name, ts)
	if err != nil {
		b.failAt(err, n.Pos())
	}
	for i := range args {
		args[i] = b.coerce(args[i], casts[i], offs[i])
	}
	call := WindowCall{Func: fn, Args: args, Typ: fn.Ret, Name: name}
	if n.Filter != nil {
		if fn.Agg == nil {
			b.errorf(n.Pos(), base.CodeWrongObjectType, "FILTER is not implemented for non-aggregate window functions")
		}
		call.Filter = b.coerceBool(b.bindExpr(s, n.Filter, inner), "FILTER", n.Filter.Pos())
	}
	spec := b.resolveWindowSpec(n.Over, ctx.wins)
	for _, p := range spec.PartitionBy {
		call.PartitionBy = append(call.PartitionBy, b.resolveUnknown(b.bindExpr(s, p, inner)))
	}
	for _, o := range spec.OrderBy {
		call.OrderBy = append(call.OrderBy, b.sortKey(o, b.resolveUnknown(b.bindExpr(s, o.Expr, inner))))
	}
	call.Frame = b.bindFrame(s, spec.Frame, call.OrderBy, inner, n.Over.Pos())
	ref := &winRef{idx: len(ctx.wins.calls), typ: fn.Ret, name: call.String(), pos: n.Pos()}
	ctx.wins.calls = append(ctx.wins.calls, call)
	return ref
}

// resolveWindowSpec merges OVER (w ...) with the named window w, with
// PostgreSQL's restrictions.
func (b *Binder) resolveWindowSpec(spec *ast.WindowSpec, wc *winCollector) *ast.WindowSpec {
	if spec.Name == "" {
		return spec
	}
	ref, ok := wc.named[spec.Name]
	if !ok {
		b.errorf(spec.Pos(), base.CodeUndefinedObject, "window %q does not exist", spec.Name)
	}
	ref = b.resolveWindowSpec(ref, wc)
	bare := len(spec.PartitionBy) == 0 && len(spec.OrderBy) == 0 && spec.Frame == nil
	if bare {
		return ref
	}
	if len(spec.PartitionBy) > 0 {
		b.errorf(spec.Pos(), base.CodeWindowingError, "cannot override PARTITION BY clause of window %q", spec.Name)
	}
	if len(spec.OrderBy) > 0 && len(ref.OrderBy) > 0 {
		b.errorf(spec.Pos(), base.CodeWindowingError, "cannot override ORDER BY clause of window %q", spec.Name)
	}
	if ref.Frame != nil {
		b.errorf(spec.Pos(), base.CodeWindowingError, "cannot copy window %q because it has a frame clause", spec.Name)
	}
	out := *ref
	out.Name = ""
	if len(spec.OrderBy) > 0 {
		out.OrderBy = spec.OrderBy
	}
	out.Frame = spec.Frame
	return &out
}

func (b *Binder) bindFrame(s *Scope, f *ast.WindowFrame, order []SortKey, ctx exprCtx, specPos int) expr.Frame {
	if f == nil {
		return expr.DefaultFrame()
	}
	out := expr.Frame{}
	switch f.Mode {
	case ast.FrameRows:
		out.Mode = expr.FrameRows
	case ast.FrameGroups:
		out.Mode = expr.FrameGroups
		if len(order) == 0 {
			b.errorf(f.Pos(), base.CodeWindowingError, "GROUPS mode requires an ORDER BY clause")
		}
	default:
		out.Mode = expr.FrameRange
	}
	if len(order) > 0 {
		out.OrderDesc = order[0].Desc
	}
	start := f.Start
	end := f.End
	if end == nil {
		end = &ast.FrameBound{Kind: ast.CurrentRow}
	}
	if start.Kind == ast.UnboundedFollowing {
		b.errorf(start.Pos(), base.CodeWindowingError, "frame start cannot be UNBOUNDED FOLLOWING")
	}
	if end.Kind == ast.UnboundedPreceding {
		b.errorf(end.Pos(), base.CodeWindowingError, "frame end cannot be UNBOUNDED PRECEDING")
	}
	if start.Kind == ast.CurrentRow && end.Kind == ast.OffsetPreceding {
		b.errorf(end.Pos(), base.CodeWindowingError, "frame starting from current row cannot have preceding rows")
	}
	if start.Kind == ast.OffsetFollowing && (end.Kind == ast.OffsetPreceding || end.Kind == ast.CurrentRow) {
		b.errorf(end.Pos(), base.CodeWindowingError, "frame starting from following row cannot have preceding rows")
	}
	out.Start = b.frameBound(s, start, out.Mode, order, ctx, specPos)
	out.End = b.frameBound(s, end, out.Mode, order, ctx, specPos)
	switch f.Exclude {
	case "current row":
		out.Exclude = expr.ExcludeCurrentRow
	case "group":
		out.Exclude = expr.ExcludeGroup
	case "ties":
		out.Exclude = expr.ExcludeTies
	}
	return out
}

func (b *Binder) frameBound(s *Scope, fb *ast.FrameBound, mode expr.FrameMode, order []SortKey, ctx exprCtx, specPos int) expr.FrameBound {
	var out expr.FrameBound
	switch fb.Kind {
	case ast.UnboundedPreceding:
		out.Kind = expr.BoundUnboundedPreceding
		return out
	case ast.UnboundedFollowing:
		out.Kind = expr.BoundUnboundedFollowing
		return out
	case ast.CurrentRow:
		out.Kind = expr.BoundCurrentRow
		return out
	case ast.OffsetPreceding:
		out.Kind = expr.BoundPreceding
	default:
		out.Kind = expr.BoundFollowing
	}
	// Offsets may not reference columns: bind in an empty scope.
	e := b.bindExpr(&Scope{parent: nil}, fb.Offset, exprCtx{clause: "window frame offsets"})
	if mode == expr.FrameRange {
		if len(order) != 1 {
			b.errorf(specPos, base.CodeWindowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column")
		}
		kt := order[0].Expr.Type()
		ot := kt
		switch kt.Kind {
		case base.KindDate, base.KindTimestamp, base.KindTimestampTZ, base.KindTime, base.KindInterval:
			ot = base.IntervalT
		case base.KindInt16, base.KindInt32, base.KindInt64, base.KindFloat32, base.KindFloat64, base.KindNumeric:
		default:
			b.errorf(fb.Pos(), base.CodeFeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s", kt.String())
		}
		d := b.constValue(b.explicitCast(e, ot, fb.Offset.Pos()), fb.Offset.Pos(), "window frame offset")
		if d.Null {
			b.errorf(fb.Offset.Pos(), codeNullValueNotAllowed, "frame starting offset must not be null")
		}
		out.RangeOffset = d
		return out
	}
	d := b.constValue(b.coerce(e, base.Int64, fb.Offset.Pos()), fb.Offset.Pos(), "window frame offset")
	if !e.Type().IsInteger() && e.Type().Kind != base.KindUnknown {
		b.errorf(fb.Offset.Pos(), base.CodeDatatypeMismatch, "argument of ROWS must be type bigint, not type %s", e.Type().String())
	}
	if d.Null {
		b.errorf(fb.Offset.Pos(), codeNullValueNotAllowed, "frame starting offset must not be null")
	}
	if d.I < 0 {
		b.errorf(fb.Offset.Pos(), codeInvalidFrameOffset, "frame starting offset must not be negative")
	}
	out.Offset = d.I
	return out
}

// constValue evaluates a column-free expression at bind time.
func (b *Binder) constValue(e expr.Expr, off int, what string) base.Datum {
	if len(colRefs(e)) > 0 || hasSubquery(e) {
		b.errorf(off, base.CodeInvalidColumnReference, "argument of %s must not contain variables", what)
	}
	d, err := e.EvalRow(&expr.Context{Location: b.ctx.Location}, nil)
	if err != nil {
		b.failAt(err, off)
	}
	return d
}
