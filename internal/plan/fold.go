package plan

import (
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// Constant simplification, following PostgreSQL's planner
// (eval_const_expressions). It matters for results, not only speed: the
// planner evaluates constant subexpressions once, before any row is read,
// and never evaluates what simplification drops. So, as in PostgreSQL:
//
//   - a strict function or operator with a constant NULL argument is NULL
//     and its other arguments are never evaluated: NULL / (c - 2) is NULL
//     even where c - 2 overflows, and NULLIF(NULL::numeric, 0) * (a + b)
//     likewise (NULLIF of constants folds first);
//   - a constant expression of immutable operations is evaluated at plan
//     time, so its error (1/0, overflow) is raised even over zero rows;
//   - CASE arms with a constant false/NULL condition, AND/OR arguments after
//     a deciding constant, COALESCE arguments after a non-NULL constant are
//     dropped without being evaluated.
//
// Only operations whose result cannot depend on the session or the time
// are evaluated (see foldableType / stableFuncs): numbers, booleans,
// text, bytea and jsonb, never date/time types, zero-argument functions or
// volatile ones. Subquery plans are simplified when they are bound.
func foldConstants(e expr.Expr) expr.Expr {
	if e == nil {
		return nil
	}
	switch n := e.(type) {
	case *expr.Const, *expr.ColRef, *expr.OuterRef, *expr.Param:
		return e
	case *expr.Case:
		return foldCase(n)
	case *expr.Coalesce:
		return foldCoalesce(n)
	case *expr.And:
		return foldAndOr(n.Args, false)
	case *expr.Or:
		return foldAndOr(n.Args, true)
	}
	e = mapChildren(e, foldConstants)
	switch n := e.(type) {
	case *expr.Cast:
		if isNullConst(n.Arg) && n.To.Kind != base.KindUnknown {
			return nullConst(n.To)
		}
		if c, ok := n.Arg.(*expr.Const); ok && foldableType(c.Typ) && foldableType(n.To) {
			return evalConst(e)
		}
		return e
	case *expr.Call:
		if n.Fn == nil {
			return e
		}
		if n.Fn.Strict {
			for _, a := range n.Args {
				if isNullConst(a) {
					return nullConst(n.Type())
				}
			}
		}
		if len(n.Args) == 0 || n.Fn.Volatile || isStableFunc(n.Fn.Name) || !foldableType(n.Type()) {
			return e
		}
		if allFoldableConsts(n.Args) {
			return evalConst(e)
		}
		return e
	case *expr.Like:
		if isNullConst(n.Arg) || isNullConst(n.Pattern) {
			return nullConst(base.Bool)
		}
	case *expr.RegexMatch:
		if isNullConst(n.Arg) || isNullConst(n.Pattern) {
			return nullConst(base.Bool)
		}
	case *expr.Subquery, *expr.ArrayCtor, *expr.Subscript, *expr.AnyArray, *expr.InList:
		// Left to run time (ArrayCtor/InList would be fine, but gain
		// nothing worth the risk of typing differences).
		return e
	}
	if foldableType(e.Type()) && allFoldableConsts(children(e)) && len(children(e)) > 0 {
		switch e.(type) {
		case *expr.NullIf, *expr.Not, *expr.IsNull, *expr.IsBool, *expr.IsUnknown, *expr.IsDistinct,
			*expr.Greatest, *expr.Like, *expr.RegexMatch:
			return evalConst(e)
		}
	}
	return e
}

// foldCase simplifies a searched CASE: arms whose condition folds to
// false or NULL are dropped unevaluated; an arm whose condition folds to
// true becomes the ELSE and ends the list.
func foldCase(n *expr.Case) expr.Expr {
	out := &expr.Case{Typ: n.Typ}
	var els expr.Expr
	done := false
	for _, w := range n.Whens {
		c := foldConstants(w.Cond)
		if k, ok := c.(*expr.Const); ok {
			if k.Val.Null || !k.Val.Bool() {
				continue
			}
			els, done = foldConstants(w.Result), true
			break
		}
		out.Whens = append(out.Whens, expr.When{Cond: c, Result: foldConstants(w.Result)})
	}
	if !done && n.Else != nil {
		els = foldConstants(n.Else)
	}
	if len(out.Whens) == 0 {
		if els == nil {
			return nullConst(n.Typ)
		}
		if els.Type() == n.Typ {
			return els
		}
	}
	out.Else = els
	return out
}

// foldCoalesce drops NULL constants and everything after the first
// non-NULL constant.
func foldCoalesce(n *expr.Coalesce) expr.Expr {
	var args []expr.Expr
	for _, a := range n.Args {
		a = foldConstants(a)
		if isNullConst(a) {
			continue
		}
		args = append(args, a)
		if _, ok := a.(*expr.Const); ok {
			break
		}
	}
	switch {
	case len(args) == 0:
		return nullConst(n.Typ)
	case len(args) == 1 && args[0].Type() == n.Typ:
		return args[0]
	}
	return &expr.Coalesce{Args: args, Typ: n.Typ}
}

// foldAndOr simplifies AND (or=false) / OR (or=true): a deciding constant
// (false for AND, true for OR) ends it, arguments after it are never
// evaluated; neutral constants are dropped; NULL constants stay.
func foldAndOr(in []expr.Expr, or bool) expr.Expr {
	var args []expr.Expr
	for _, a := range in {
		a = foldConstants(a)
		if k, ok := a.(*expr.Const); ok && !k.Val.Null && k.Typ.Kind == base.KindBool {
			if k.Val.Bool() == or {
				return &expr.Const{Val: base.DBool(or), Typ: base.Bool}
			}
			continue
		}
		args = append(args, a)
	}
	switch len(args) {
	case 0:
		return &expr.Const{Val: base.DBool(!or), Typ: base.Bool}
	case 1:
		if args[0].Type().Kind == base.KindBool {
			return args[0]
		}
	}
	if or {
		return &expr.Or{Args: args}
	}
	return &expr.And{Args: args}
}

// stableFuncs are functions whose result depends on the session, the
// catalog or the time even for constant arguments (PostgreSQL's STABLE):
// never evaluated at plan time.
var stableFuncs = map[string]bool{
	"now": true, "current_setting": true, "to_char": true, "timezone": true, "to_timestamp": true,
	"to_date": true, "age": true, "date_trunc": true, "date_part": true, "extract": true,
	"current_schemas": true, "has_table_privilege": true, "has_schema_privilege": true,
	"pg_typeof": true, "format_type": true, "to_regclass": true, "txid_current": true,
	"obj_description": true, "col_description": true, "shobj_description": true,
	"version": true, "current_database": true, "current_schema": true, "concat": true,
	"concat_ws": true, "format": true, "to_jsonb": true, "to_json": true, "row_to_json": true,
	"array_to_json": true, "json_build_object": true, "jsonb_build_object": true,
	"json_build_array": true, "jsonb_build_array": true,
}

// isStableFunc: stableFuncs, and the catalog/session functions (pg_*,
// has_*_privilege, current_*), which read the session's catalog.
func isStableFunc(name string) bool {
	name = strings.ToLower(name)
	return stableFuncs[name] || strings.HasPrefix(name, "pg_") || strings.HasPrefix(name, "has_") ||
		strings.HasPrefix(name, "current_") || strings.HasPrefix(name, "to_reg") || strings.HasSuffix(name, "_description")
}

// foldableType: values of these types do not depend on the session
// (TimeZone, DateStyle, IntervalStyle), so operations on them can be
// evaluated at plan time.
func foldableType(t base.Type) bool {
	switch t.Kind {
	case base.KindBool, base.KindInt16, base.KindInt32, base.KindInt64, base.KindFloat32, base.KindFloat64,
		base.KindNumeric, base.KindText, base.KindBytea, base.KindJSONB:
		return true
	case base.KindArray:
		return foldableType(base.Type{Kind: t.Elem})
	}
	return false
}

func allFoldableConsts(args []expr.Expr) bool {
	for _, a := range args {
		c, ok := a.(*expr.Const)
		if !ok || !foldableType(c.Typ) {
			return false
		}
	}
	return true
}

// evalConst evaluates a constant expression; its error is the statement's,
// raised at plan time as PostgreSQL does.
func evalConst(e expr.Expr) expr.Expr {
	d, err := e.EvalRow(&expr.Context{Location: time.UTC}, nil)
	if err != nil {
		panic(bailout{err})
	}
	t := e.Type()
	if d.Null {
		return nullConst(t)
	}
	if d.K != t.Kind && d.K != base.KindUnknown {
		// A kernel answered in another kind: keep the expression.
		return e
	}
	return &expr.Const{Val: d, Typ: t}
}

// isNullConst reports whether e is a typed NULL constant (an untyped NULL
// literal is left alone: its type is decided by context later).
func isNullConst(e expr.Expr) bool {
	c, ok := e.(*expr.Const)
	return ok && c.Val.Null && c.Typ.Kind != base.KindUnknown
}

func nullConst(t base.Type) expr.Expr {
	n := base.NullOf(t.Kind)
	if t.Kind == base.KindArray {
		n.I = int64(t.Elem)
	}
	return &expr.Const{Val: n, Typ: t}
}
