package stream

import (
	"reflect"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

var exprType = reflect.TypeOf((*expr.Expr)(nil)).Elem()

// cloneExpr deep-copies a bound expression so that each actor evaluates
// its own tree (nodes keep reusable output vectors). Exported fields are
// copied (sub-expressions recursively); unexported ones are caches and
// scratch space, left zero.
func cloneExpr(e expr.Expr) expr.Expr {
	if e == nil {
		return nil
	}
	if c, ok := e.(interface{ Clone() expr.Expr }); ok {
		return c.Clone()
	}
	v := reflect.ValueOf(e)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return e
	}
	nv := reflect.New(v.Elem().Type())
	cloneStruct(nv.Elem(), v.Elem())
	return nv.Interface().(expr.Expr)
}

func cloneStruct(dst, src reflect.Value) {
	t := src.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		dst.Field(i).Set(cloneValue(src.Field(i)))
	}
}

func cloneValue(v reflect.Value) reflect.Value {
	switch {
	case v.Type() == exprType:
		if v.IsNil() {
			return v
		}
		return reflect.ValueOf(cloneExpr(v.Interface().(expr.Expr)))
	case v.Kind() == reflect.Slice && !v.IsNil() && (v.Type().Elem() == exprType || v.Type().Elem().Kind() == reflect.Struct && hasExprField(v.Type().Elem())):
		n := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			n.Index(i).Set(cloneValue(v.Index(i)))
		}
		return n
	case v.Kind() == reflect.Struct && hasExprField(v.Type()):
		n := reflect.New(v.Type()).Elem()
		cloneStruct(n, v)
		return n
	}
	return v
}

func hasExprField(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.IsExported() && (f.Type == exprType || f.Type.Kind() == reflect.Slice && f.Type.Elem() == exprType) {
			return true
		}
	}
	return false
}

func cloneExprs(es []expr.Expr) []expr.Expr {
	out := make([]expr.Expr, len(es))
	for i, e := range es {
		out[i] = cloneExpr(e)
	}
	return out
}

// walkExpr calls fn for e and every sub-expression (pre-order).
func walkExpr(e expr.Expr, fn func(expr.Expr)) {
	if e == nil {
		return
	}
	fn(e)
	v := reflect.ValueOf(e)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return
	}
	walkValue(v.Elem(), fn)
}

func walkValue(v reflect.Value, fn func(expr.Expr)) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if !t.Field(i).IsExported() {
			continue
		}
		f := v.Field(i)
		switch {
		case f.Type() == exprType:
			if !f.IsNil() {
				walkExpr(f.Interface().(expr.Expr), fn)
			}
		case f.Kind() == reflect.Slice:
			for j := 0; j < f.Len(); j++ {
				el := f.Index(j)
				if el.Type() == exprType {
					if !el.IsNil() {
						walkExpr(el.Interface().(expr.Expr), fn)
					}
				} else if el.Kind() == reflect.Struct && hasExprField(el.Type()) {
					walkValue(el, fn)
				}
			}
		}
	}
}

var nowFuncs = map[string]bool{
	"now": true, "current_timestamp": true, "transaction_timestamp": true, "statement_timestamp": true,
	"current_date": true, "localtimestamp": true, "localtime": true, "current_time": true,
}

// usesNow reports whether e depends on the current time (now() and
// friends, or age(x) with one argument).
func usesNow(e expr.Expr) bool {
	found := false
	walkExpr(e, func(x expr.Expr) {
		if c, ok := x.(*expr.Call); ok {
			n := strings.ToLower(c.Fn.Name)
			if nowFuncs[n] || n == "age" && len(c.Args) == 1 {
				found = true
			}
		}
	})
	return found
}

func anyUsesNow(es []expr.Expr) bool {
	for _, e := range es {
		if usesNow(e) {
			return true
		}
	}
	return false
}

// checkStreamExpr rejects what a continuously maintained view cannot
// evaluate consistently.
func checkStreamExpr(e expr.Expr) error {
	var err error
	walkExpr(e, func(x expr.Expr) {
		if err != nil {
			return
		}
		switch n := x.(type) {
		case *expr.Subquery:
			err = base.NotSupported("subqueries in expressions are not supported in materialized views").
				WithHint("Rewrite the subquery as a join.")
		case *expr.OuterRef:
			err = base.NotSupported("correlated subqueries are not supported in materialized views")
		case *expr.Param:
			err = base.NotSupported("parameters are not allowed in materialized views")
		case *expr.Call:
			if n.Fn.Volatile {
				err = base.NotSupported("volatile function %s is not supported in materialized views", n.Fn.Name).
					WithDetail("A view is maintained incrementally: a retraction must recompute the same value.")
			}
		}
	})
	return err
}

func checkStreamExprs(es ...expr.Expr) error {
	for _, e := range es {
		if err := checkStreamExpr(e); err != nil {
			return err
		}
	}
	return nil
}
