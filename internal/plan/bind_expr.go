package plan

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// exprCtx says where an expression is being bound: which clause (for
// "... are not allowed in X" errors) and whether aggregates and window
// functions may appear (non-nil collectors).
type exprCtx struct {
	clause string
	aggs   *aggCollector
	wins   *winCollector
	inAgg  bool
	inWin  bool
	// srfs collects set-returning functions of a select list (nil: not
	// allowed here).
	srfs *srfCollector
}

// aggRef is a placeholder for aggregate idx of the enclosing query block;
// the select binder replaces it by a column of the Aggregate's output. It
// is never evaluated.
type aggRef struct {
	idx  int
	typ  base.Type
	name string
	pos  int
}

func (a *aggRef) Type() base.Type { return a.typ }
func (a *aggRef) String() string  { return a.name }
func (a *aggRef) Eval(*expr.Context, *base.Chunk) (*base.Vector, error) {
	return nil, internalf("unplanned aggregate %s", a.name)
}
func (a *aggRef) EvalRow(*expr.Context, []base.Datum) (base.Datum, error) {
	return base.Datum{}, internalf("unplanned aggregate %s", a.name)
}

// winRef is the window-function counterpart of aggRef.
type winRef struct {
	idx  int
	typ  base.Type
	name string
	pos  int
}

func (w *winRef) Type() base.Type { return w.typ }
func (w *winRef) String() string  { return w.name }
func (w *winRef) Eval(*expr.Context, *base.Chunk) (*base.Vector, error) {
	return nil, internalf("unplanned window function %s", w.name)
}
func (w *winRef) EvalRow(*expr.Context, []base.Datum) (base.Datum, error) {
	return base.Datum{}, internalf("unplanned window function %s", w.name)
}

type aggCollector struct {
	calls []AggCall
	names []string
	refs  []*aggRef
}

type winCollector struct {
	calls []WindowCall
	named map[string]*ast.WindowSpec
}

func (b *Binder) bindExpr(s *Scope, e ast.Expr, ctx exprCtx) expr.Expr {
	switch n := e.(type) {
	case *ast.NumberLit:
		return b.numberConst(n.Text, false, n.Pos())
	case *ast.StringLit:
		return b.unknownLit(n.Value, n.Pos())
	case *ast.BoolLit:
		return &expr.Const{Val: base.DBool(n.Value), Typ: base.Bool}
	case *ast.NullLit:
		return &expr.Const{Val: base.NullDatum, Typ: base.Unknown}
	case *ast.Param:
		return b.bindParam(n)
	case *ast.TypedLiteral:
		t := b.resolveType(n.Type)
		v := n.Value
		if t.Kind == base.KindInterval && n.Type.IntervalFields != "" {
			v = intervalWithFields(v, n.Type.IntervalFields)
		}
		return b.parseLiteral(v, t, b.findText(n.Type.End(), n.End(), "'", n.Pos()))
	case *ast.DefaultExpr:
		b.errorf(n.Pos(), base.CodeSyntaxError, "DEFAULT is not allowed in this context")
	case *ast.ColumnRef:
		return b.resolveColumn(s, n)
	case *ast.StarExpr:
		b.errorf(n.Pos(), base.CodeSyntaxError, "syntax error at or near \"*\"")
	case *ast.FieldExpr:
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "composite field access is not supported")
	case *ast.SubscriptExpr:
		return b.bindSubscript(s, n, ctx)
	case *ast.UnaryExpr:
		return b.bindUnary(s, n, ctx)
	case *ast.BinaryExpr:
		return b.bindBinary(s, n, ctx)
	case *ast.IsExpr:
		x := b.bindExpr(s, n.X, ctx)
		switch n.Kind {
		case ast.IsNull:
			// Unlike a literal, an untyped parameter stays untyped here
			// (PostgreSQL then reports 42P18 for it).
			if _, isParam := x.(*expr.Param); !isParam {
				x = b.resolveUnknown(x)
			}
			return &expr.IsNull{Arg: x, Not: n.Not}
		case ast.IsUnknown:
			what := "IS UNKNOWN"
			if n.Not {
				what = "IS NOT UNKNOWN"
			}
			return &expr.IsUnknown{Arg: b.coerceBool(x, what, n.X.Pos()), Not: n.Not}
		default:
			what := "IS TRUE"
			switch {
			case n.Kind == ast.IsTrue && n.Not:
				what = "IS NOT TRUE"
			case n.Kind == ast.IsFalse && !n.Not:
				what = "IS FALSE"
			case n.Kind == ast.IsFalse:
				what = "IS NOT FALSE"
			}
			return &expr.IsBool{Arg: b.coerceBool(x, what, n.X.Pos()), Value: n.Kind == ast.IsTrue, Not: n.Not}
		}
	case *ast.IsDistinctExpr:
		l, r := b.bindExpr(s, n.Left, ctx), b.bindExpr(s, n.Right, ctx)
		fn, lt, rt := b.lookupBinary("=", l, r, n.Left, n.Right, n.Pos())
		_ = fn
		return &expr.IsDistinct{L: b.coerce(l, lt, n.Left.Pos()), R: b.coerce(r, rt, n.Right.Pos()), Not: n.Not}
	case *ast.BetweenExpr:
		return b.bindBetween(s, n, ctx)
	case *ast.InExpr:
		if n.Query != nil {
			return b.bindInSubquery(s, n, ctx)
		}
		return b.bindInList(s, n, ctx)
	case *ast.LikeExpr:
		return b.bindLike(s, n, ctx)
	case *ast.AnyAllExpr:
		return b.bindAnyAll(s, n, ctx)
	case *ast.AtTimeZoneExpr:
		x, z := b.bindExpr(s, n.X, ctx), b.bindExpr(s, n.Zone, ctx)
		return b.callFunc("timezone", []expr.Expr{z, x}, []int{n.Zone.Pos(), n.X.Pos()}, n.Pos())
	case *ast.CollateExpr:
		// Only the default/C collations exist: COLLATE is accepted and ignored.
		return b.bindExpr(s, n.X, ctx)
	case *ast.CastExpr:
		return b.bindCast(s, n, ctx)
	case *ast.FuncCall:
		return b.bindFuncCall(s, n, ctx)
	case *ast.ExtractExpr:
		x := b.bindExpr(s, n.X, ctx)
		field := &expr.Const{Val: base.DText(n.Field), Typ: base.Text}
		return b.callFunc("extract", []expr.Expr{field, x}, []int{n.Pos(), n.X.Pos()}, n.Pos())
	case *ast.SQLValueFunc:
		return b.bindSQLValueFunc(n)
	case *ast.CaseExpr:
		return b.bindCase(s, n, ctx)
	case *ast.SubqueryExpr:
		p := b.bindSubqueryPlan(s, n.Query)
		cols := p.Columns()
		if len(cols) != 1 {
			b.errorf(n.Pos(), base.CodeSyntaxError, "subquery must return only one column")
		}
		return &expr.Subquery{Kind: expr.SubqueryScalar, Plan: p, Typ: cols[0].Type}
	case *ast.ExistsExpr:
		p := b.bindSubqueryPlan(s, n.Query)
		return &expr.Subquery{Kind: expr.SubqueryExists, Plan: p, Typ: base.Bool}
	case *ast.ArrayExpr:
		return b.bindArray(s, n, ctx, base.Unknown)
	case *ast.RowExpr:
		if len(n.Exprs) == 1 && !n.Explicit {
			return b.bindExpr(s, n.Exprs[0], ctx)
		}
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "row constructors are not supported")
	case *ast.SecretRef:
		b.errorf(n.Pos(), base.CodeSyntaxError, "SECRET references are only allowed in WITH options")
	}
	b.errorf(e.Pos(), base.CodeFeatureNotSupported, "unsupported expression %T", e)
	return nil
}

// ---------------------------------------------------------------------------
// Literals and parameters

// numberConst types a numeric literal as PostgreSQL does: int4 if it fits,
// else int8, else numeric; anything with '.' or an exponent is numeric.
func (b *Binder) numberConst(text string, neg bool, off int) expr.Expr {
	s := text
	if neg {
		s = "-" + s
	}
	isInt := !strings.ContainsAny(text, ".eE")
	if isInt {
		if strings.HasPrefix(text, "0x") || strings.HasPrefix(text, "0X") || strings.HasPrefix(text, "0o") ||
			strings.HasPrefix(text, "0b") || strings.ContainsRune(text, '_') {
			// PG 16 syntax; normalize through big.Int.
			bi, ok := new(big.Int).SetString(strings.ReplaceAll(text, "_", ""), 0)
			if ok {
				if neg {
					bi.Neg(bi)
				}
				s = bi.String()
			}
		}
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			if v >= -1<<31 && v < 1<<31 {
				return &expr.Const{Val: base.DInt32(v), Typ: base.Int32}
			}
			return &expr.Const{Val: base.DInt64(v), Typ: base.Int64}
		}
	}
	d, err := base.ParseText(base.Numeric, s, b.ctx.Location)
	if err != nil {
		b.failAt(err, off)
	}
	return &expr.Const{Val: d, Typ: base.Numeric}
}

// unknownLit is a string literal whose type the context decides.
func (b *Binder) unknownLit(v string, off int) expr.Expr {
	c := &expr.Const{Val: base.DText(v), Typ: base.Unknown}
	b.litPos(c, off)
	return c
}

func (b *Binder) litPos(e expr.Expr, off int) {
	if b.lits == nil {
		b.lits = map[expr.Expr]int{}
	}
	b.lits[e] = off
}

func (b *Binder) bindParam(n *ast.Param) expr.Expr {
	if n.N < 1 {
		b.errorf(n.Pos(), base.CodeUndefinedParameter, "there is no parameter $%d", n.N)
	}
	if n.N > 65535 {
		b.errorf(n.Pos(), base.CodeUndefinedParameter, "there is no parameter $%d", n.N)
	}
	for len(b.params) < n.N {
		b.params = append(b.params, base.Unknown)
	}
	p := &expr.Param{Idx: n.N - 1, Typ: b.params[n.N-1]}
	b.litPos(p, n.Pos())
	return p
}

// parseLiteral converts literal text to a constant of type t at bind time
// (errors carry the literal's position). timestamptz literals depend on
// the session time zone at run time in PostgreSQL only through the bind
// time zone, which is what BindContext.Location is.
func (b *Binder) parseLiteral(v string, t base.Type, off int) expr.Expr {
	if t.Kind == base.KindText || t.Kind == base.KindUnknown {
		d := base.DText(v)
		if t.Kind == base.KindText && t.Mod > 0 {
			cd, err := base.Cast(d, t, b.ctx.Location)
			if err != nil {
				b.failAt(err, off)
			}
			d = cd
		}
		return &expr.Const{Val: d, Typ: t}
	}
	d, err := base.ParseText(t, v, b.ctx.Location)
	if err != nil {
		b.failAt(err, off)
	}
	if t.Mod > 0 {
		if cd, err := base.Cast(d, t, b.ctx.Location); err == nil {
			d = cd
		} else {
			b.failAt(err, off)
		}
	}
	return &expr.Const{Val: d, Typ: t}
}

// intervalWithFields applies an interval qualifier to a bare number
// (INTERVAL '1' DAY means one day, not one second).
func intervalWithFields(v, fields string) string {
	t := strings.TrimSpace(v)
	if _, err := strconv.ParseFloat(t, 64); err != nil {
		return v
	}
	f := fields
	if i := strings.LastIndex(fields, " to "); i >= 0 {
		f = fields[i+4:]
	}
	return t + " " + f
}

// ---------------------------------------------------------------------------
// Coercion

// coerce converts e to type t in an implicit context (function and
// operator arguments, after resolution has checked it is allowed).
// Unknown literals are parsed into t, unknown parameters take type t.
func (b *Binder) coerce(e expr.Expr, t base.Type, off int) expr.Expr {
	et := e.Type()
	if t.Kind == base.KindUnknown {
		return e
	}
	if et.Kind == base.KindUnknown {
		return b.coerceUnknown(e, t, off)
	}
	if sameKind(et, t) {
		return e
	}
	return b.castNode(e, t)
}

// castNode builds Cast{e, t}, folding it when e is a constant and the
// conversion does not depend on the session time zone (PostgreSQL folds
// immutable casts of constants at plan time too). A constant that fails
// to convert keeps the run-time cast, so the error surfaces only if the
// value is actually evaluated.
func (b *Binder) castNode(e expr.Expr, t base.Type) expr.Expr {
	if c, ok := e.(*expr.Const); ok && c.Typ.Kind != base.KindTimestampTZ && t.Kind != base.KindTimestampTZ &&
		c.Typ.Kind != base.KindUnknown {
		if c.Val.Null {
			return &expr.Const{Val: base.NullOf(t.Kind), Typ: t}
		}
		v := c.Val
		if c.Typ.Bpchar && t.Kind == base.KindText && !t.Bpchar {
			v.S = base.BpcharTrim(v.S) // character(n) → text drops the padding
		}
		if d, err := base.Cast(v, t, b.ctx.Location); err == nil {
			return &expr.Const{Val: d, Typ: t}
		}
	}
	return &expr.Cast{Arg: e, To: t}
}

// sameKind reports whether a value of type a needs no conversion to be
// used as type b (typmods and varchar-vs-text aside).
func sameKind(a, b base.Type) bool {
	if a.Kind != b.Kind {
		return false
	}
	if a.Kind == base.KindArray {
		return a.Elem == b.Elem
	}
	// character(n) → text strips the padding: a real conversion.
	return a.Bpchar == b.Bpchar || a.Kind != base.KindText
}

func (b *Binder) coerceUnknown(e expr.Expr, t base.Type, off int) expr.Expr {
	if p, ok := b.lits[e]; ok {
		off = p
	}
	switch x := e.(type) {
	case *expr.Const:
		if x.Val.Null {
			return &expr.Const{Val: base.NullOf(t.Kind), Typ: t}
		}
		return b.parseLiteral(x.Val.S, t, off)
	case *expr.Param:
		if b.params[x.Idx].Kind == base.KindUnknown {
			b.params[x.Idx] = t
		}
		pt := b.params[x.Idx]
		var p expr.Expr = &expr.Param{Idx: x.Idx, Typ: pt}
		if !sameKind(pt, t) {
			p = &expr.Cast{Arg: p, To: t}
		}
		return p
	}
	return &expr.Cast{Arg: e, To: t}
}

// resolveUnknown gives an expression nothing typed its final type: text
// (PostgreSQL resolves unknown literals in output columns to text).
func (b *Binder) resolveUnknown(e expr.Expr) expr.Expr {
	if e.Type().Kind == base.KindUnknown {
		return b.coerceUnknown(e, base.Text, -1)
	}
	return e
}

// coerceBool requires a boolean (42804 "argument of WHERE must be type
// boolean, not type integer").
func (b *Binder) coerceBool(e expr.Expr, what string, off int) expr.Expr {
	t := e.Type()
	if t.Kind == base.KindBool {
		return e
	}
	if t.Kind == base.KindUnknown {
		return b.coerceUnknown(e, base.Bool, off)
	}
	b.errorf(off, base.CodeDatatypeMismatch, "argument of %s must be type boolean, not type %s", what, t.String())
	return nil
}

// commonType resolves the common type of es for construct what and
// coerces every expression to it.
func (b *Binder) commonType(es []expr.Expr, offs []int, what string) ([]expr.Expr, base.Type) {
	ts := make([]base.Type, len(es))
	for i, e := range es {
		ts[i] = e.Type()
	}
	t, err := expr.CommonType(ts, what)
	if err != nil {
		// Point at the first expression that does not fit, as PG does.
		off := -1
		for i := 1; i <= len(ts); i++ {
			if _, e := expr.CommonType(ts[:i], what); e != nil {
				off = offs[i-1]
				break
			}
		}
		b.failAt(err, off)
	}
	out := make([]expr.Expr, len(es))
	for i, e := range es {
		out[i] = b.coerce(e, t, offs[i])
	}
	return out, t
}

// ---------------------------------------------------------------------------
// Operators

func (b *Binder) opPos(l, r ast.Node, op string, fallback int) int {
	if l == nil || r == nil {
		return fallback
	}
	return b.findText(l.End(), r.Pos(), op, fallback)
}

// findText returns the offset of the first case-insensitive occurrence of
// word in the statement text between from and to (positions PostgreSQL
// reports but the AST does not record), or fallback.
func (b *Binder) findText(from, to int, word string, fallback int) int {
	sql := b.ctx.SQL
	if sql == "" || from < 0 || to > len(sql) || from > to {
		return fallback
	}
	if i := strings.Index(strings.ToLower(sql[from:to]), strings.ToLower(word)); i >= 0 {
		return from + i
	}
	return fallback
}

// findIdent finds identifier name (possibly quoted) in [from, to).
func (b *Binder) findIdent(from, to int, name string, fallback int) int {
	sql := b.ctx.SQL
	if sql == "" || from < 0 || to > len(sql) || from > to {
		return fallback
	}
	seg := sql[from:to]
	for _, cand := range []string{`"` + name + `"`, name} {
		for i := 0; i+len(cand) <= len(seg); {
			j := strings.Index(strings.ToLower(seg[i:]), strings.ToLower(cand))
			if j < 0 {
				break
			}
			k := i + j
			before := k == 0 || !isIdentByte(seg[k-1])
			after := k+len(cand) >= len(seg) || !isIdentByte(seg[k+len(cand)])
			if before && after {
				return from + k
			}
			i = k + 1
		}
	}
	return fallback
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// lookupBinary resolves "l op r" and returns the function and the types
// to coerce each side to.
func (b *Binder) lookupBinary(op string, l, r expr.Expr, la, ra ast.Node, off int) (*expr.Func, base.Type, base.Type) {
	fn, lt, rt, err := expr.LookupBinaryOp(op, l.Type(), r.Type())
	if err != nil {
		b.failAt(err, b.opPos(la, ra, op, off))
	}
	return fn, lt, rt
}

func (b *Binder) binaryCall(op string, l, r expr.Expr, la, ra ast.Node, off int) expr.Expr {
	l, r = b.bpcharOperands(op, l, r, la, ra)
	fn, lt, rt := b.lookupBinary(op, l, r, la, ra, off)
	return &expr.Call{Fn: fn, Args: []expr.Expr{b.coerce(l, lt, la.Pos()), b.coerce(r, rt, ra.Pos())}}
}

func (b *Binder) bindUnary(s *Scope, n *ast.UnaryExpr, ctx exprCtx) expr.Expr {
	switch n.Op {
	case "NOT":
		return &expr.Not{Arg: b.coerceBool(b.bindExpr(s, n.X, ctx), "NOT", n.X.Pos())}
	case "-", "+":
		if lit, ok := n.X.(*ast.NumberLit); ok {
			return b.numberConst(lit.Text, n.Op == "-", n.Pos())
		}
	}
	x := b.bindExpr(s, n.X, ctx)
	fn, t, err := expr.LookupUnaryOp(n.Op, x.Type())
	if err != nil {
		b.failAt(err, n.Pos())
	}
	return &expr.Call{Fn: fn, Args: []expr.Expr{b.coerce(x, t, n.X.Pos())}}
}

func (b *Binder) bindBinary(s *Scope, n *ast.BinaryExpr, ctx exprCtx) expr.Expr {
	switch n.Op {
	case "AND", "OR":
		var args []expr.Expr
		// Flatten chains so a long AND list is one node.
		var collect func(e ast.Expr)
		collect = func(e ast.Expr) {
			if be, ok := e.(*ast.BinaryExpr); ok && be.Op == n.Op {
				collect(be.Left)
				collect(be.Right)
				return
			}
			args = append(args, b.coerceBool(b.bindExpr(s, e, ctx), n.Op, e.Pos()))
		}
		collect(n)
		if n.Op == "AND" {
			return &expr.And{Args: args}
		}
		return &expr.Or{Args: args}
	}
	if lr, ok := rowItems(n.Left); ok {
		if rr, ok := rowItems(n.Right); ok {
			return b.bindRowCompare(s, n, lr, rr, ctx)
		}
	}
	l := b.bindExpr(s, n.Left, ctx)
	r := b.bindExpr(s, n.Right, ctx)
	switch n.Op {
	case "~~", "~~*", "!~~", "!~~*":
		return b.likeNode(l, r, nil, strings.Contains(n.Op, "*"), strings.HasPrefix(n.Op, "!"), n)
	case "~", "~*", "!~", "!~*":
		if isStringy(l.Type()) {
			return &expr.RegexMatch{Arg: b.coerce(l, base.Text, n.Left.Pos()), Pattern: b.coerce(r, base.Text, n.Right.Pos()),
				CaseInsensitive: strings.Contains(n.Op, "*"), Not: strings.HasPrefix(n.Op, "!")}
		}
	}
	return b.binaryCall(n.Op, l, r, n.Left, n.Right, n.Pos())
}

// rowItems returns the fields of a row constructor (ROW(a, b) or (a, b)).
func rowItems(e ast.Expr) ([]ast.Expr, bool) {
	r, ok := e.(*ast.RowExpr)
	if !ok || len(r.Exprs) == 1 && !r.Explicit {
		return nil, false
	}
	return r.Exprs, true
}

// bindRowCompare expands (a, b) op (c, d) as PostgreSQL's row comparison:
// = and <> pairwise, ordering operators lexicographically.
func (b *Binder) bindRowCompare(s *Scope, n *ast.BinaryExpr, l, r []ast.Expr, ctx exprCtx) expr.Expr {
	if len(l) != len(r) {
		b.errorf(b.opPos(n.Left, n.Right, n.Op, n.Pos()), base.CodeSyntaxError, "unequal number of entries in row expressions")
	}
	if len(l) == 0 {
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "cannot compare rows of zero length")
	}
	cmp := func(op string, i int) expr.Expr {
		return b.binaryCall(op, b.bindExpr(s, l[i], ctx), b.bindExpr(s, r[i], ctx), l[i], r[i], n.Pos())
	}
	switch n.Op {
	case "=", "<>":
		args := make([]expr.Expr, len(l))
		for i := range l {
			args[i] = cmp(n.Op, i)
		}
		if len(args) == 1 {
			return args[0]
		}
		if n.Op == "=" {
			return &expr.And{Args: args}
		}
		return &expr.Or{Args: args}
	case "<", "<=", ">", ">=":
		strict := n.Op[:1]
		// (a1 op' b1) OR (a1 = b1 AND (rest)), innermost uses op itself.
		var e expr.Expr = cmp(n.Op, len(l)-1)
		for i := len(l) - 2; i >= 0; i-- {
			e = &expr.Or{Args: []expr.Expr{cmp(strict, i), &expr.And{Args: []expr.Expr{cmp("=", i), e}}}}
		}
		return e
	}
	b.errorf(n.Pos(), base.CodeFeatureNotSupported, "row comparison with operator %s is not supported", n.Op)
	return nil
}

func isStringy(t base.Type) bool { return t.Kind == base.KindText || t.Kind == base.KindUnknown }

func (b *Binder) likeNode(l, r, esc expr.Expr, ci, not bool, n ast.Expr) expr.Expr {
	if !isStringy(l.Type()) {
		what := "~~"
		if ci {
			what = "~~*"
		}
		b.errorf(n.Pos(), base.CodeUndefinedFunction, "operator does not exist: %s %s %s", l.Type().String(), what, r.Type().String())
	}
	if !isStringy(r.Type()) {
		b.errorf(n.Pos(), base.CodeUndefinedFunction, "operator does not exist: %s ~~ %s", l.Type().String(), r.Type().String())
	}
	lk := &expr.Like{Arg: b.coerce(l, base.Text, n.Pos()), Pattern: b.coerce(r, base.Text, n.Pos()), CaseInsensitive: ci, Not: not}
	if l.Type().Bpchar {
		lk.Arg = l // bpchar ~~ text matches the blank-padded value
	}
	if esc != nil {
		lk.Escape = b.coerce(esc, base.Text, n.Pos())
	}
	return lk
}

func (b *Binder) bindLike(s *Scope, n *ast.LikeExpr, ctx exprCtx) expr.Expr {
	x := b.bindExpr(s, n.X, ctx)
	p := b.bindExpr(s, n.Pattern, ctx)
	var esc expr.Expr
	if n.Escape != nil {
		esc = b.bindExpr(s, n.Escape, ctx)
	}
	switch n.Op {
	case "LIKE":
		return b.likeNode(x, p, esc, false, n.Not, n)
	case "ILIKE":
		return b.likeNode(x, p, esc, true, n.Not, n)
	}
	// SIMILAR TO: translate a constant pattern to a regular expression
	// at bind time, as PostgreSQL's similar_to_escape does.
	pc, ok := p.(*expr.Const)
	escRune, hasEsc := '\\', true
	if esc != nil {
		ec, ok2 := esc.(*expr.Const)
		if !ok2 || ec.Val.Null {
			b.errorf(n.Pos(), base.CodeFeatureNotSupported, "SIMILAR TO with a non-constant escape is not supported")
		}
		rs := []rune(ec.Val.S)
		switch len(rs) {
		case 0:
			hasEsc = false
		case 1:
			escRune = rs[0]
		default:
			b.errorf(n.Escape.Pos(), "22019", "invalid escape string")
		}
	}
	if !ok || !isStringy(pc.Typ) {
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "SIMILAR TO with a non-constant pattern is not supported")
	}
	var re expr.Expr = &expr.Const{Val: base.NullOf(base.KindText), Typ: base.Text}
	if !pc.Val.Null {
		re = &expr.Const{Val: base.DText(similarToRegex(pc.Val.S, escRune, hasEsc)), Typ: base.Text}
	}
	return &expr.RegexMatch{Arg: b.coerce(x, base.Text, n.X.Pos()), Pattern: re, Not: n.Not}
}

// similarToRegex converts a SQL SIMILAR TO pattern to an anchored
// regular expression.
func similarToRegex(pat string, esc rune, hasEsc bool) string {
	var sb strings.Builder
	sb.WriteString("^(?:")
	rs := []rune(pat)
	inBracket := false
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		if hasEsc && c == esc && i+1 < len(rs) {
			i++
			sb.WriteString(regexp.QuoteMeta(string(rs[i])))
			continue
		}
		if inBracket {
			sb.WriteRune(c)
			if c == ']' {
				inBracket = false
			}
			continue
		}
		switch c {
		case '[':
			inBracket = true
			sb.WriteRune(c)
		case '%':
			sb.WriteString(".*")
		case '_':
			sb.WriteByte('.')
		case '.', '^', '$', '\\':
			sb.WriteByte('\\')
			sb.WriteRune(c)
		default:
			sb.WriteRune(c)
		}
	}
	sb.WriteString(")$")
	return sb.String()
}

func (b *Binder) bindBetween(s *Scope, n *ast.BetweenExpr, ctx exprCtx) expr.Expr {
	x := func() expr.Expr { return b.bindExpr(s, n.X, ctx) }
	lo := func() expr.Expr { return b.bindExpr(s, n.Lo, ctx) }
	hi := func() expr.Expr { return b.bindExpr(s, n.Hi, ctx) }
	in := func(lo, hi func() expr.Expr, loA, hiA ast.Expr) expr.Expr {
		if n.Not {
			return &expr.Or{Args: []expr.Expr{
				b.binaryCall("<", x(), lo(), n.X, loA, n.Pos()),
				b.binaryCall(">", x(), hi(), n.X, hiA, n.Pos()),
			}}
		}
		return &expr.And{Args: []expr.Expr{
			b.binaryCall(">=", x(), lo(), n.X, loA, n.Pos()),
			b.binaryCall("<=", x(), hi(), n.X, hiA, n.Pos()),
		}}
	}
	e := in(lo, hi, n.Lo, n.Hi)
	if !n.Symmetric {
		return e
	}
	e2 := in(hi, lo, n.Hi, n.Lo)
	if n.Not {
		return &expr.And{Args: []expr.Expr{e, e2}}
	}
	return &expr.Or{Args: []expr.Expr{e, e2}}
}

func (b *Binder) bindInList(s *Scope, n *ast.InExpr, ctx exprCtx) expr.Expr {
	x := b.bindExpr(s, n.X, ctx)
	es := []expr.Expr{x}
	offs := []int{n.X.Pos()}
	for _, e := range n.List {
		es = append(es, b.bindExpr(s, e, ctx))
		offs = append(offs, e.Pos())
	}
	ts := make([]base.Type, len(es))
	for i, e := range es {
		ts[i] = e.Type()
	}
	if _, err := expr.CommonType(ts, "IN"); err != nil {
		// No common type: PostgreSQL falls back to x = a OR x = b ...
		var arms []expr.Expr
		for i, e := range es[1:] {
			op := "="
			if n.Not {
				op = "<>"
			}
			arms = append(arms, b.binaryCall(op, x, e, n.X, n.List[i], n.Pos()))
		}
		if n.Not {
			return &expr.And{Args: arms}
		}
		return &expr.Or{Args: arms}
	}
	es, t := b.commonType(es, offs, "IN")
	// The comparison must exist for the common type.
	if _, _, _, err := expr.LookupBinaryOp("=", t, t); err != nil {
		b.failAt(err, n.Pos())
	}
	return &expr.InList{Arg: es[0], List: es[1:], Not: n.Not}
}

// ---------------------------------------------------------------------------
// Subqueries

// bindSubqueryPlan binds a subquery whose outer scope is s.
func (b *Binder) bindSubqueryPlan(s *Scope, q *ast.Query) Node {
	return b.pruneRoot(optimize(b.bindQuery(q, s, true)))
}

// subqueryColumn returns the single column of a subquery used with
// IN/ANY/ALL.
func (b *Binder) subqueryColumn(p Node, off int) Column {
	cols := p.Columns()
	if len(cols) > 1 {
		b.errorf(off, base.CodeSyntaxError, "subquery has too many columns")
	}
	if len(cols) == 0 {
		b.errorf(off, base.CodeSyntaxError, "subquery has too few columns")
	}
	return cols[0]
}

// castPlanColumn makes p's single output column of type t.
func castPlanColumn(p Node, t base.Type) Node {
	c := p.Columns()[0]
	if sameKind(c.Type, t) {
		return p
	}
	return &Project{Input: p, Exprs: []expr.Expr{&expr.Cast{Arg: &expr.ColRef{Idx: 0, Typ: c.Type, Name: c.Name}, To: t}},
		Cols: []Column{{Name: c.Name, Type: t}}}
}

func (b *Binder) quantified(s *Scope, x ast.Expr, op string, q *ast.Query, kind expr.SubqueryKind, not bool, off int, ctx exprCtx) expr.Expr {
	l := b.bindExpr(s, x, ctx)
	p := b.bindSubqueryPlan(s, q)
	c := b.subqueryColumn(p, off)
	fn, lt, rt, err := expr.LookupBinaryOp(op, l.Type(), c.Type)
	if err != nil {
		b.failAt(err, off)
	}
	if fn.Ret.Kind != base.KindBool {
		b.errorf(off, base.CodeDatatypeMismatch, "op ANY/ALL (array) requires operator to yield boolean")
	}
	return &expr.Subquery{Kind: kind, Plan: castPlanColumn(p, rt), Arg: b.coerce(l, lt, x.Pos()), Op: fn, Not: not, Typ: base.Bool}
}

func (b *Binder) bindInSubquery(s *Scope, n *ast.InExpr, ctx exprCtx) expr.Expr {
	if xs, ok := rowItems(n.X); ok {
		return b.bindRowInSubquery(s, n, xs, ctx)
	}
	kw := "in"
	if n.Not {
		kw = "not"
	}
	return b.quantified(s, n.X, "=", n.Query, expr.SubqueryIn, n.Not, b.findText(n.X.End(), n.Query.Pos(), kw, n.Pos()), ctx)
}

// bindRowInSubquery binds (x1, x2) [NOT] IN (SELECT c1, c2 ...) exactly:
// IN is true if some row has every xi = ci, else NULL if some row's
// comparison is NULL, else false. It becomes
//
//	CASE WHEN EXISTS (SELECT 1 FROM sub WHERE cmp) THEN true
//	     WHEN EXISTS (SELECT 1 FROM sub WHERE cmp IS NULL) THEN NULL
//	     ELSE false END
//
// (negated for NOT IN). In a WHERE clause the rewrite pass reduces the
// positive form to the first EXISTS, which can become a semi join.
func (b *Binder) bindRowInSubquery(s *Scope, n *ast.InExpr, xs []ast.Expr, ctx exprCtx) expr.Expr {
	off := b.findText(n.X.End(), n.Query.Pos(), "in", n.Pos())
	var lifted []expr.Expr
	for _, x := range xs {
		e := b.bindExpr(s, x, ctx)
		if hasSubquery(e) || walkFind(e, func(y expr.Expr) bool { _, ok := y.(*aggRef); return ok }) {
			b.errorf(x.Pos(), base.CodeFeatureNotSupported, "row IN (subquery) with subqueries or aggregates on the left is not supported")
		}
		// Seen from inside the subquery, the left side is one level out.
		lifted = append(lifted, transform(e, func(y expr.Expr) (expr.Expr, bool) {
			switch r := y.(type) {
			case *expr.ColRef:
				return &expr.OuterRef{Depth: 0, Idx: r.Idx, Typ: r.Typ, Name: r.Name}, true
			case *expr.OuterRef:
				return &expr.OuterRef{Depth: r.Depth + 1, Idx: r.Idx, Typ: r.Typ, Name: r.Name}, true
			}
			return nil, false
		}))
	}
	mk := func(nullTest bool) expr.Expr {
		p := b.bindQuery(n.Query, s, true)
		cols := p.Columns()
		if len(cols) > len(xs) {
			b.errorf(off, base.CodeSyntaxError, "subquery has too many columns")
		}
		if len(cols) < len(xs) {
			b.errorf(off, base.CodeSyntaxError, "subquery has too few columns")
		}
		var cmps []expr.Expr
		for i, c := range cols {
			fn, lt, rt, err := expr.LookupBinaryOp("=", lifted[i].Type(), c.Type)
			if err != nil {
				b.failAt(err, off)
			}
			cmps = append(cmps, &expr.Call{Fn: fn, Args: []expr.Expr{b.coerce(lifted[i], lt, off),
				b.coerce(&expr.ColRef{Idx: i, Typ: c.Type, Name: c.Name}, rt, off)}})
		}
		cond := andOf(cmps)
		if nullTest {
			cond = &expr.IsNull{Arg: cond}
		}
		plan := &Project{Input: &Filter{Input: p, Cond: cond},
			Exprs: []expr.Expr{&expr.Const{Val: base.DInt32(1), Typ: base.Int32}}, Cols: []Column{{Name: "?column?", Type: base.Int32}}}
		return &expr.Subquery{Kind: expr.SubqueryExists, Plan: b.pruneRoot(optimize(plan)), Typ: base.Bool}
	}
	var e expr.Expr = &expr.Case{Typ: base.Bool,
		Whens: []expr.When{
			{Cond: mk(false), Result: &expr.Const{Val: base.DBool(true), Typ: base.Bool}},
			{Cond: mk(true), Result: &expr.Const{Val: base.NullOf(base.KindBool), Typ: base.Bool}},
		},
		Else: &expr.Const{Val: base.DBool(false), Typ: base.Bool}}
	if n.Not {
		e = &expr.Not{Arg: e}
	}
	return e
}

// walkFind reports whether some node of e satisfies f.
func walkFind(e expr.Expr, f func(expr.Expr) bool) bool {
	found := false
	walk(e, func(x expr.Expr) bool {
		if f(x) {
			found = true
		}
		return !found
	})
	return found
}

func (b *Binder) bindAnyAll(s *Scope, n *ast.AnyAllExpr, ctx exprCtx) expr.Expr {
	if n.Query != nil {
		kind := expr.SubqueryAny
		if n.All {
			kind = expr.SubqueryAll
		}
		return b.quantified(s, n.Left, n.Op, n.Query, kind, false, b.findText(n.Left.End(), n.Query.Pos(), n.Op, n.Pos()), ctx)
	}
	l := b.bindExpr(s, n.Left, ctx)
	arr := b.bindExpr(s, n.Array, ctx)
	at := arr.Type()
	if at.Kind == base.KindUnknown {
		// '{1,2}' literal: an array of the left side's type.
		arr = b.coerce(arr, base.ArrayOf(l.Type()), n.Array.Pos())
		at = arr.Type()
	}
	if at.Kind != base.KindArray {
		b.errorf(n.Pos(), base.CodeWrongObjectType, "op ANY/ALL (array) requires array on right side")
	}
	fn, lt, rt, err := expr.LookupBinaryOp(n.Op, l.Type(), at.ElemType())
	if err != nil {
		b.failAt(err, n.Pos())
	}
	if fn.Ret.Kind != base.KindBool {
		b.errorf(n.Pos(), base.CodeDatatypeMismatch, "op ANY/ALL (array) requires operator to yield boolean")
	}
	return &expr.AnyArray{Arg: b.coerce(l, lt, n.Left.Pos()), Arr: b.coerce(arr, base.ArrayOf(rt), n.Array.Pos()), Op: fn, All: n.All}
}

// ---------------------------------------------------------------------------
// Forms

func (b *Binder) bindCase(s *Scope, n *ast.CaseExpr, ctx exprCtx) expr.Expr {
	var operand expr.Expr
	if n.Operand != nil {
		operand = b.bindExpr(s, n.Operand, ctx)
	}
	var conds, results []expr.Expr
	var offs []int
	for _, w := range n.Whens {
		var c expr.Expr
		if operand != nil {
			v := b.bindExpr(s, w.Cond, ctx)
			c = b.binaryCall("=", operand, v, n.Operand, w.Cond, w.Pos())
		} else {
			c = b.coerceBool(b.bindExpr(s, w.Cond, ctx), "CASE/WHEN", w.Cond.Pos())
		}
		conds = append(conds, c)
		results = append(results, b.bindExpr(s, w.Result, ctx))
		offs = append(offs, w.Result.Pos())
	}
	if n.Else != nil {
		// PostgreSQL resolves the ELSE arm first (it matters for which
		// types an error message names).
		results = append([]expr.Expr{b.bindExpr(s, n.Else, ctx)}, results...)
		offs = append([]int{n.Else.Pos()}, offs...)
	}
	results, t := b.commonType(results, offs, "CASE")
	if n.Else != nil {
		results = append(results[1:], results[0])
	}
	c := &expr.Case{Typ: t}
	for i := range conds {
		c.Whens = append(c.Whens, expr.When{Cond: conds[i], Result: results[i]})
	}
	if n.Else != nil {
		c.Else = results[len(results)-1]
	}
	return c
}

func (b *Binder) bindArray(s *Scope, n *ast.ArrayExpr, ctx exprCtx, want base.Type) expr.Expr {
	if n.Query != nil {
		return b.bindArraySubquery(s, n)
	}
	var es []expr.Expr
	var offs []int
	for _, e := range n.Elems {
		if _, ok := e.(*ast.ArrayExpr); ok {
			b.errorf(e.Pos(), base.CodeFeatureNotSupported, "multidimensional arrays are not supported")
		}
		es = append(es, b.bindExpr(s, e, ctx))
		offs = append(offs, e.Pos())
	}
	if len(es) == 0 {
		if want.Kind == base.KindArray {
			return &expr.ArrayCtor{Typ: want}
		}
		b.fail(withPos(base.Errorf(codeIndeterminateType, "cannot determine type of empty array").
			WithHint("Explicitly cast to the desired type, for example ARRAY[]::integer[]."), b.position(n.Pos())))
	}
	var et base.Type
	if want.Kind == base.KindArray {
		et = want.ElemType()
		for i := range es {
			es[i] = b.explicitCast(es[i], et, offs[i])
		}
	} else {
		es, et = b.commonType(es, offs, "ARRAY")
	}
	if et.Kind == base.KindArray {
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "multidimensional arrays are not supported")
	}
	return &expr.ArrayCtor{Elems: es, Typ: base.ArrayOf(et)}
}

func (b *Binder) bindSubscript(s *Scope, n *ast.SubscriptExpr, ctx exprCtx) expr.Expr {
	x := b.bindExpr(s, n.X, ctx)
	if n.Slice {
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "array slices are not supported")
	}
	t := x.Type()
	if t.Kind == base.KindJSONB {
		idx := b.bindExpr(s, n.Index, ctx)
		return b.binaryCall("->", x, idx, n.X, n.Index, n.Pos())
	}
	if t.Kind != base.KindArray {
		b.errorf(n.Pos(), base.CodeDatatypeMismatch, "cannot subscript type %s because it does not support subscripting", t.String())
	}
	idx := b.bindExpr(s, n.Index, ctx)
	it := idx.Type()
	if !(it.IsInteger() || it.Kind == base.KindUnknown) {
		b.errorf(n.Index.Pos(), base.CodeDatatypeMismatch, "array subscript must have type integer")
	}
	return &expr.Subscript{Arr: x, Index: b.coerce(idx, base.Int32, n.Index.Pos()), Typ: t.ElemType()}
}

func (b *Binder) bindSQLValueFunc(n *ast.SQLValueFunc) expr.Expr {
	text := func(v string) expr.Expr { return &expr.Const{Val: base.DText(v), Typ: base.Text} }
	switch n.Name {
	case "current_user", "session_user", "user", "current_role":
		return text(b.ctx.User)
	case "current_catalog":
		return text(b.ctx.Database)
	case "current_schema":
		if cs := b.currentSchema(); cs != "" {
			return text(cs)
		}
		return &expr.Const{Val: base.NullOf(base.KindText), Typ: base.Text}
	case "current_timestamp":
		return b.callFunc("now", nil, nil, n.Pos())
	case "current_date", "localtimestamp", "localtime", "current_time":
		return b.callFunc(n.Name, nil, nil, n.Pos())
	}
	b.errorf(n.Pos(), base.CodeFeatureNotSupported, "%s is not supported", n.Name)
	return nil
}

// callFunc resolves and builds a scalar function call over bound args.
func (b *Binder) callFunc(name string, args []expr.Expr, offs []int, off int) expr.Expr {
	ts := make([]base.Type, len(args))
	for i, a := range args {
		ts[i] = a.Type()
	}
	fn, casts, err := expr.LookupFunc(name, ts)
	if err != nil {
		b.failAt(err, off)
	}
	out := make([]expr.Expr, len(args))
	for i, a := range args {
		o := off
		if i < len(offs) {
			o = offs[i]
		}
		out[i] = b.coerce(a, casts[i], o)
	}
	return &expr.Call{Fn: fn, Args: out}
}

// ---------------------------------------------------------------------------
// Casts

func (b *Binder) bindCast(s *Scope, n *ast.CastExpr, ctx exprCtx) expr.Expr {
	if e, ok := b.bindRegCast(s, n, ctx); ok {
		return e
	}
	t := b.resolveType(n.Type)
	off := n.Pos()
	if n.ColonColon {
		off = b.opPos(n.X, n.Type, "::", n.Pos())
	}
	switch x := n.X.(type) {
	case *ast.StringLit:
		return b.parseLiteral(x.Value, t, x.Pos())
	case *ast.NullLit:
		return &expr.Const{Val: base.NullOf(t.Kind), Typ: t}
	case *ast.ArrayExpr:
		if t.Kind == base.KindArray && x.Query == nil {
			return b.bindArray(s, x, ctx, t)
		}
	}
	e := b.bindExpr(s, n.X, ctx)
	return b.explicitCast(e, t, off)
}

// explicitCast converts e to t with CAST semantics (42846 when no cast
// exists).
func (b *Binder) explicitCast(e expr.Expr, t base.Type, off int) expr.Expr {
	et := e.Type()
	if et.Kind == base.KindUnknown {
		return b.coerceUnknown(e, t, off)
	}
	if et == t {
		return e
	}
	if !canCast(et, t, castExplicit) {
		b.errorf(off, base.CodeCannotCoerce, "cannot cast type %s to %s", et.String(), typeNameMod(t))
	}
	if sameKind(et, t) && (t.Mod <= 0 || t.Mod == et.Mod) && et.Varchar == t.Varchar {
		return e
	}
	return b.castNode(e, t)
}

// assignCoerce converts e to a column's type in assignment context
// (INSERT/UPDATE), with PostgreSQL's 42804 error. The result has the
// column's kind; varchar(n)/character(n) lengths are enforced (and
// character(n) padded) by a final assignment cast (expr.Cast.Assign:
// base.CastAssign, 22001 for a too long value instead of truncating).
func (b *Binder) assignCoerce(e expr.Expr, t base.Type, col string, off int) expr.Expr {
	x := b.assignCoerceKind(e, t, col, off)
	if t.Kind == base.KindText && (t.Mod > 0 || t.Bpchar) && x.Type() != t {
		return &expr.Cast{Arg: x, To: t, Assign: true}
	}
	return x
}

func (b *Binder) assignCoerceKind(e expr.Expr, t base.Type, col string, off int) expr.Expr {
	et := e.Type()
	if t.Kind == base.KindText {
		t.Mod = 0
	}
	if et.Kind == base.KindUnknown {
		return b.coerceUnknown(e, t, off)
	}
	if !canCast(et, t, castAssignment) {
		err := base.Errorf(base.CodeDatatypeMismatch, "column %q is of type %s but expression is of type %s", col, typeNameMod(t), et.String()).
			WithHint("You will need to rewrite or cast the expression.")
		if off >= 0 {
			err.Position = b.position(off)
		}
		b.fail(err)
	}
	if et == t || sameKind(et, t) && (t.Mod <= 0 || t.Mod == et.Mod) {
		return e
	}
	return b.castNode(e, t)
}

type castContext int

const (
	castImplicit castContext = iota
	castAssignment
	castExplicit
)

// canCast reports whether PostgreSQL has a cast from → to usable in the
// given context (pg_cast plus I/O conversion casts; base owns the table).
func canCast(from, to base.Type, cc castContext) bool {
	switch cc {
	case castImplicit:
		return base.CanCastImplicit(from, to) || expr.CanCoerceImplicit(from, to)
	case castAssignment:
		return base.CanCastAssignment(from, to) || expr.CanCoerceImplicit(from, to)
	}
	return base.CanCastExplicit(from, to)
}

// typeNameMod is format_type with the typmod, as used in messages.
func typeNameMod(t base.Type) string {
	switch {
	case t.Kind == base.KindText && t.Varchar && t.Mod > 0:
		return fmt.Sprintf("character varying(%d)", t.Mod)
	case t.Kind == base.KindNumeric && t.Mod > 0:
		p, s, _ := base.NumericPrecisionScale(t.Mod)
		return fmt.Sprintf("numeric(%d,%d)", p, s)
	}
	return t.String()
}
