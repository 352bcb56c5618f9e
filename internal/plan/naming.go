package plan

import (
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// colName is PostgreSQL's FigureColname: the output column name of a
// select-list expression written without an alias.
func colName(e ast.Expr) string {
	name, strength := figureColname(e)
	if strength == 0 || name == "" {
		return "?column?"
	}
	return name
}

// figureColname returns a name and its strength: 2 for a real name (a
// column or function), 1 for a fallback (the type of a cast of a
// constant), 0 for none.
func figureColname(e ast.Expr) (string, int) {
	switch n := e.(type) {
	case *ast.ColumnRef:
		return n.Name(), 2
	case *ast.SubscriptExpr:
		return figureColname(n.X)
	case *ast.FieldExpr:
		return n.Field, 2
	case *ast.FuncCall:
		return funcName(n), 2
	case *ast.CastExpr:
		if name, s := figureColname(n.X); s == 2 {
			return name, s
		}
		return castTypeName(n.Type), 1
	case *ast.TypedLiteral:
		return castTypeName(n.Type), 1
	case *ast.CollateExpr:
		return figureColname(n.X)
	case *ast.ExistsExpr:
		return "exists", 2
	case *ast.SubqueryExpr:
		if name, ok := firstTargetName(n.Query); ok {
			return name, 2
		}
		return "?column?", 2
	case *ast.ArrayExpr:
		return "array", 2
	case *ast.RowExpr:
		if len(n.Exprs) == 1 && !n.Explicit {
			return figureColname(n.Exprs[0])
		}
		return "row", 2
	case *ast.CaseExpr:
		if n.Else != nil {
			if name, s := figureColname(n.Else); s == 2 {
				return name, s
			}
		}
		return "case", 1
	case *ast.SQLValueFunc:
		return n.Name, 2
	case *ast.ExtractExpr:
		return "extract", 2
	case *ast.AtTimeZoneExpr:
		return "timezone", 2
	}
	return "", 0
}

// firstTargetName is the name of a subquery's first output column when
// it can be read off the syntax (the common case).
func firstTargetName(q *ast.Query) (string, bool) {
	body := q.Body
	for {
		switch x := body.(type) {
		case *ast.Query:
			body = x.Body
			continue
		case *ast.SetOperation:
			body = x.Left
			continue
		case *ast.Select:
			if len(x.Items) == 0 {
				return "", false
			}
			it := x.Items[0]
			if it.Alias != "" {
				return it.Alias, true
			}
			if _, ok := it.Expr.(*ast.StarExpr); ok {
				return "", false
			}
			return colName(it.Expr), true
		case *ast.Values:
			return "column1", true
		}
		return "", false
	}
}
