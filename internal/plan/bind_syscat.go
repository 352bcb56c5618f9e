package plan

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/syscat"
)

// System catalogs (pg_catalog, information_schema) and reg* casts. Kept
// apart from the binder proper: lookupRelation and bindCast call in here.

// resolveRelation finds a relation the way PostgreSQL does: system
// relations included, pg_catalog searched first unless the search path
// lists it explicitly.
func (b *Binder) resolveRelation(schema, name string) (*catalog.Relation, error) {
	return syscat.Resolve(b.ctx.Catalog, b.ctx.SearchPath, schema, name)
}

// bindRegCast binds casts to and from the reg* types (regclass, regtype,
// regproc, regnamespace, regrole), which resolve names in the catalog at
// run time: 'name'::regclass calls regclassin(text), x::regclass::text
// calls regclassout(oid). Numeric casts stay plain oid casts. ok is false
// when n is no such cast.
func (b *Binder) bindRegCast(s *Scope, n *ast.CastExpr, ctx exprCtx) (expr.Expr, bool) {
	if n.Type == nil || n.Type.Array {
		return nil, false
	}
	target := strings.TrimPrefix(n.Type.Name, "pg_catalog.")
	if expr.RegTypes[target] {
		x := b.bindExpr(s, n.X, ctx)
		switch x.Type().Kind {
		case base.KindText, base.KindUnknown:
			return b.callFunc(target+"in", []expr.Expr{x}, []int{n.X.Pos()}, n.Pos()), true
		}
		return b.explicitCast(x, base.Oid, n.Pos()), true
	}
	switch target {
	case "text", "varchar", "name", "string":
	default:
		return nil, false
	}
	inner, ok := n.X.(*ast.CastExpr)
	if !ok || inner.Type == nil || inner.Type.Array {
		return nil, false
	}
	kind := strings.TrimPrefix(inner.Type.Name, "pg_catalog.")
	if !expr.RegTypes[kind] {
		return nil, false
	}
	x := b.bindExpr(s, inner, ctx)
	return b.callFunc(kind+"out", []expr.Expr{x}, []int{inner.Pos()}, n.Pos()), true
}

// bindArraySubquery binds ARRAY(SELECT x), as catalog queries of psql and
// drivers write it: the subquery's rows become one array.
func (b *Binder) bindArraySubquery(s *Scope, n *ast.ArrayExpr) expr.Expr {
	p := b.bindSubqueryPlan(s, n.Query)
	cols := p.Columns()
	if len(cols) != 1 {
		b.errorf(n.Pos(), base.CodeSyntaxError, "subquery must return only one column")
	}
	t := cols[0].Type
	switch t.Kind {
	case base.KindArray:
		b.errorf(n.Pos(), base.CodeFeatureNotSupported, "multidimensional arrays are not supported")
	case base.KindUnknown:
		t = base.Text
	}
	return &expr.Subquery{Kind: expr.SubqueryArray, Plan: p, Typ: base.ArrayOf(t)}
}
