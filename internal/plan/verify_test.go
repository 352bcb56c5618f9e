package plan

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/parser"
)

// verifyPlan checks the positional invariants of a plan: every ColRef of
// a node's expression is a column of that node's input row (in range, of
// that kind), and every OuterRef of a subquery plan matches the row of
// the node evaluating the subquery. outer is the stack of enclosing rows.
func verifyPlan(n Node, outer [][]Column) error {
	var in []Column
	switch x := n.(type) {
	case *Join:
		in = append(append([]Column(nil), x.Left.Columns()...), x.Right.Columns()...)
	case *Insert:
		in = relColumns(x.Table)
	case *Update:
		in = relColumns(x.Table)
	case *Delete:
		in = relColumns(x.Table)
	default:
		if ch := n.Children(); len(ch) == 1 {
			in = ch[0].Columns()
		}
	}
	check := func(e expr.Expr, row []Column, what string) error {
		var err error
		walk(e, func(x expr.Expr) bool {
			switch r := x.(type) {
			case *expr.ColRef:
				if r.Idx < 0 || r.Idx >= len(row) {
					err = fmt.Errorf("%s: %s: column %d out of range (%d)", n.String(), what, r.Idx, len(row))
				} else if !sameKind(row[r.Idx].Type, r.Typ) {
					err = fmt.Errorf("%s: %s: column %d is %v, ref says %v", n.String(), what, r.Idx, row[r.Idx].Type, r.Typ)
				}
			case *expr.OuterRef:
				if r.Depth >= len(outer) {
					err = fmt.Errorf("%s: outer ref depth %d beyond %d levels", n.String(), r.Depth, len(outer))
				} else if o := outer[len(outer)-1-r.Depth]; r.Idx >= len(o) || !sameKind(o[r.Idx].Type, r.Typ) {
					err = fmt.Errorf("%s: outer ref %s (depth %d idx %d) does not match its row", n.String(), r.Name, r.Depth, r.Idx)
				}
			case *expr.Subquery:
				if p, ok := x.(*expr.Subquery).Plan.(Node); ok {
					if e2 := verifyPlan(p, append(outer, row)); e2 != nil && err == nil {
						err = e2
					}
				}
			}
			return err == nil
		})
		return err
	}
	if j, ok := n.(*Join); ok {
		for _, k := range j.LeftKeys {
			if err := check(k, j.Left.Columns(), "left key"); err != nil {
				return err
			}
		}
		for _, k := range j.RightKeys {
			if err := check(k, j.Right.Columns(), "right key"); err != nil {
				return err
			}
		}
		if j.Residual != nil {
			if err := check(j.Residual, in, "residual"); err != nil {
				return err
			}
		}
	} else if ins, ok := n.(*Insert); ok && ins.OnConflict != nil {
		both := append(relColumns(ins.Table), relColumns(ins.Table)...)
		for _, sc := range ins.OnConflict.DoUpdate {
			if err := check(sc.Expr, both, "on conflict"); err != nil {
				return err
			}
		}
		for _, e := range ins.Returning {
			if err := check(e, in, "returning"); err != nil {
				return err
			}
		}
	} else if u, ok := n.(*Update); ok {
		for _, sc := range u.Set {
			if err := check(sc.Expr, u.Input.Columns(), "set"); err != nil {
				return err
			}
		}
	} else if _, ok := n.(*Values); ok {
		for _, e := range NodeExprs(n) {
			if err := check(e, nil, "values"); err != nil {
				return err
			}
		}
	} else if _, ok := n.(*TableFunc); ok {
		for _, e := range NodeExprs(n) {
			if err := check(e, nil, "args"); err != nil {
				return err
			}
		}
	} else {
		for _, e := range NodeExprs(n) {
			if err := check(e, in, "expr"); err != nil {
				return err
			}
		}
	}
	if h, ok := n.(*Hop); ok && (h.TimeCol >= len(in) || (in[h.TimeCol].Type.Kind != base.KindTimestamp && in[h.TimeCol].Type.Kind != base.KindTimestampTZ)) {
		return fmt.Errorf("hop time column %d invalid", h.TimeCol)
	}
	for _, c := range n.Children() {
		if err := verifyPlan(c, outer); err != nil {
			return err
		}
	}
	return nil
}

func relColumns(r *catalog.Relation) []Column {
	out := make([]Column, len(r.Columns))
	for i, c := range r.Columns {
		out[i] = Column{Name: c.Name, Type: c.Type}
	}
	return out
}

func TestPlanInvariants(t *testing.T) {
	c := newTestCatalog(t)
	files, _ := filepath.Glob("testdata/*.test")
	n := 0
	for _, path := range files {
		for _, tc := range readCases(t, path) {
			stmt, err := parser.ParseOne(tc.sql)
			if err != nil {
				continue
			}
			p, err := NewBinder(BindContext{Catalog: c, SQL: tc.sql}).Bind(stmt)
			if err != nil {
				continue
			}
			n++
			if err := verifyPlan(p, nil); err != nil {
				t.Errorf("%s:%d: %s\n%v\n%s", path, tc.line, tc.sql, err, Format(p))
			}
			if strings.Contains(Format(p), "Cross Join") && strings.Contains(tc.sql, "=") && !strings.Contains(tc.sql, "CROSS") {
				t.Logf("%s:%d: cross join left in plan", path, tc.line)
			}
		}
	}
	if n < 300 {
		t.Fatalf("only %d statements bound", n)
	}
}
