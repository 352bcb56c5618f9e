package server

import (
	"reflect"
	"strings"

	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/parser"
)

// Driver catalog queries that use features the engine lacks are rewritten
// into equivalent SQL before binding. Only one construct is handled:
// information_schema._pg_expandarray(arr), a set-returning function with a
// composite result (x = element, n = 1-based position) that pgjdbc's
// getPrimaryKeys/getIndexInfo, Liquibase, SQLAlchemy and others call in a
// select list, then read with (keys).x / (keys).n.
//
// In a SELECT block whose select list calls _pg_expandarray(E), the block
// gets a cross join with generate_series(1, maxIndexKeys) AS _pg_ea(n)
// filtered to n <= array_length(E, 1): one row per element, as the
// set-returning function would give. Then (_pg_expandarray(E)).n becomes
// _pg_ea.n, (…).x becomes E[_pg_ea.n], and a bare call aliased K becomes
// two columns K__x and K__n, which (q.K).x / (q.K).n elsewhere in the
// statement are rewritten to read.

const maxIndexKeys = 32 // pg_settings max_index_keys: indkey is never longer

// rewriteClientQuery applies the rewrite to a parsed statement in place.
func rewriteClientQuery(sql string, n ast.Statement) {
	if !strings.Contains(strings.ToLower(sql), "_pg_expandarray") {
		return
	}
	composite := map[string]bool{} // aliases K of bare calls
	var selects []*ast.Select
	ast.Inspect(n, func(x ast.Node) bool {
		if s, ok := x.(*ast.Select); ok {
			selects = append(selects, s)
		}
		return true
	})
	for _, s := range selects {
		rewriteExpandSelect(s, composite)
	}
	if len(composite) == 0 {
		return
	}
	mapExprs(reflect.ValueOf(n), func(e ast.Expr) ast.Expr {
		f, ok := e.(*ast.FieldExpr)
		if !ok {
			return e
		}
		if c, ok := f.X.(*ast.ColumnRef); ok && composite[c.Name()] && (f.Field == "x" || f.Field == "n") {
			parts := append([]string(nil), c.Parts...)
			parts[len(parts)-1] += "__" + f.Field
			return &ast.ColumnRef{Span: c.Span, Parts: parts}
		}
		return e
	})
}

func isExpandArray(e ast.Expr) (*ast.FuncCall, bool) {
	f, ok := e.(*ast.FuncCall)
	if !ok || len(f.Args) != 1 || f.Name.Last() != "_pg_expandarray" || f.Over != nil {
		return nil, false
	}
	return f, true
}

func seriesRef() *ast.ColumnRef { return &ast.ColumnRef{Parts: []string{"_pg_ea", "n"}} }

// cloneExpr copies e by printing and re-parsing it (ast.Format re-parses
// to an equal tree).
func cloneExpr(e ast.Expr) ast.Expr {
	c, err := parser.ParseExpr(ast.Format(e))
	if err != nil {
		return e
	}
	return c
}

func rewriteExpandSelect(s *ast.Select, composite map[string]bool) {
	var arg ast.Expr
	found := false
	elem := func() ast.Expr {
		return &ast.SubscriptExpr{X: cloneExpr(arg), Index: seriesRef()}
	}
	var items []*ast.SelectItem
	for _, it := range s.Items {
		if f, ok := isExpandArray(it.Expr); ok {
			if found && ast.Format(f.Args[0]) != ast.Format(arg) {
				return // several different arrays: not a shape we know
			}
			arg, found = f.Args[0], true
			k := it.Alias
			if k == "" {
				k = "_pg_expandarray"
			}
			composite[k] = true
			items = append(items, &ast.SelectItem{Expr: elem(), Alias: k + "__x"}, &ast.SelectItem{Expr: seriesRef(), Alias: k + "__n"})
			continue
		}
		items = append(items, it)
	}
	// (_pg_expandarray(E)).f anywhere in the select list.
	for _, it := range items {
		v := reflect.ValueOf(it)
		mapExprs(v, func(e ast.Expr) ast.Expr {
			fe, ok := e.(*ast.FieldExpr)
			if !ok {
				return e
			}
			f, ok := isExpandArray(fe.X)
			if !ok || found && ast.Format(f.Args[0]) != ast.Format(arg) {
				return e
			}
			arg, found = f.Args[0], true
			switch fe.Field {
			case "n":
				return seriesRef()
			case "x":
				return elem()
			}
			return e
		})
	}
	if !found {
		return
	}
	s.Items = items
	series := &ast.FuncTable{
		Func: &ast.FuncCall{Name: ast.ObjectName{"generate_series"},
			Args: []ast.Expr{&ast.NumberLit{Text: "1"}, &ast.NumberLit{Text: itoaInt(maxIndexKeys)}}},
		Alias: &ast.Alias{Name: "_pg_ea", Columns: []string{"n"}},
	}
	s.From = append(s.From, series)
	bound := &ast.BinaryExpr{Op: "<=", Left: seriesRef(),
		Right: &ast.FuncCall{Name: ast.ObjectName{"array_length"}, Args: []ast.Expr{cloneExpr(arg), &ast.NumberLit{Text: "1"}}}}
	if s.Where == nil {
		s.Where = bound
	} else {
		s.Where = &ast.BinaryExpr{Op: "AND", Left: s.Where, Right: bound}
	}
}

func itoaInt(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoaInt(n/10) + digits[n%10:n%10+1]
}

var exprType = reflect.TypeFor[ast.Expr]()

// mapExprs replaces, bottom-up, every ast.Expr reachable from v (through
// struct pointers, struct fields, slices and interfaces) by f's result.
func mapExprs(v reflect.Value, f func(ast.Expr) ast.Expr) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			mapExprs(v.Elem(), f)
		}
	case reflect.Interface:
		if !v.IsNil() {
			mapExprs(v.Elem(), f)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fv := v.Field(i)
			if !fv.CanSet() {
				continue
			}
			mapField(fv, f)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			mapField(v.Index(i), f)
		}
	}
}

func mapField(fv reflect.Value, f func(ast.Expr) ast.Expr) {
	if fv.Kind() == reflect.Interface && fv.Type() == exprType {
		if fv.IsNil() {
			return
		}
		mapExprs(fv.Elem(), f)
		fv.Set(reflect.ValueOf(f(fv.Interface().(ast.Expr))))
		return
	}
	mapExprs(fv, f)
}
