package server

import (
	"context"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/parser"
)

func (d *ddl) alter(ctx context.Context, n *ast.AlterObjectStmt) (string, error) {
	tag := "ALTER " + n.Kind.String()
	if n.Kind == ast.ObjSchema {
		for _, a := range n.Actions {
			switch a := a.(type) {
			case *ast.RenameTo:
				if err := d.cat.RenameSchema(n.Name.Last(), a.New.Last()); err != nil {
					return "", err
				}
			case *ast.OwnerTo:
				sc, err := d.cat.SchemaByName(n.Name.Last())
				if err != nil {
					return "", err
				}
				if err := d.setOwner(sc.ID, a.Owner); err != nil {
					return "", err
				}
			default:
				return "", base.NotSupported("this ALTER SCHEMA action is not supported yet")
			}
		}
		return tag, nil
	}
	want, ok := dropKinds[n.Kind]
	if !ok {
		return "", base.NotSupported("ALTER %s is not supported yet", n.Kind)
	}
	rel, err := d.cat.LookupRelation(d.s.searchPath(), qualifier(n.Name), n.Name.Last())
	if err != nil {
		if n.IfExists {
			d.s.notice("relation %q does not exist, skipping", n.Name.Last())
			return tag, nil
		}
		return "", err
	}
	if rel.Kind != want {
		return "", base.Errorf(base.CodeWrongObjectType, "%q is not a %s", rel.Name, want).
			WithHint("Use ALTER %s instead.", rel.Kind)
	}
	for _, a := range n.Actions {
		if _, owner := a.(*ast.OwnerTo); owner {
			continue
		}
		for _, dep := range d.cat.Dependents(rel.ID) {
			if dep.Kind == catalog.KindMaterializedView {
				return "", base.Errorf(base.CodeDependentObjectsStillExist, "cannot alter %s %q because materialized view %s depends on it", rel.Kind, rel.Name, dep.QualifiedName()).
					WithHint("Drop the materialized view first; it is maintained from the current definition.")
			}
		}
	}
	for _, a := range n.Actions {
		rel = d.cat.RelationByID(rel.ID)
		switch a := a.(type) {
		case *ast.RenameTo:
			r := rel.Clone()
			r.Name = a.New.Last()
			if err := d.replaceChecked(r, "rename"); err != nil {
				return "", err
			}
		case *ast.OwnerTo:
			if err := d.setOwner(rel.ID, a.Owner); err != nil {
				return "", err
			}
		case *ast.RenameColumn:
			i := rel.ColumnIndex(a.Old)
			if i < 0 || rel.Columns[i].Hidden {
				return "", base.Errorf(base.CodeUndefinedColumn, "column %q does not exist", a.Old)
			}
			if rel.ColumnIndex(a.New) >= 0 {
				return "", base.Errorf(base.CodeDuplicateColumn, "column %q of relation %q already exists", a.New, rel.Name)
			}
			r := rel.Clone()
			r.Columns[i].Name = a.New
			if err := d.replaceChecked(r, "rename column"); err != nil {
				return "", err
			}
		case *ast.AddColumn:
			if rel.Kind != catalog.KindTable {
				return "", base.NotSupported("ALTER %s ADD COLUMN is not supported", n.Kind)
			}
			if err := d.addColumn(ctx, rel, a); err != nil {
				return "", err
			}
		case *ast.DropColumn:
			if rel.Kind != catalog.KindTable {
				return "", base.NotSupported("ALTER %s DROP COLUMN is not supported", n.Kind)
			}
			if err := d.dropColumn(rel, a); err != nil {
				return "", err
			}
		default:
			return "", base.NotSupported("this ALTER %s action is not supported yet", n.Kind)
		}
	}
	return tag, nil
}

func (d *ddl) setOwner(id uint32, owner string) error {
	if _, err := d.cat.User(owner); err != nil {
		return base.Errorf(base.CodeUndefinedObject, "role %q does not exist", owner)
	}
	return d.cat.SetOwner(id, owner)
}

// replaceChecked replaces a relation and re-binds every dependent view's
// definition against the new catalog: views are kept as SQL text, so a
// change that would break one is refused rather than leaving it broken.
func (d *ddl) replaceChecked(r *catalog.Relation, what string) error {
	if err := d.cat.ReplaceRelation(r); err != nil {
		return err
	}
	for _, dep := range d.cat.Dependents(r.ID) {
		if dep.Kind != catalog.KindView {
			continue
		}
		q, err := parser.ParseOne(dep.Definition)
		if err == nil {
			_, err = d.binder(dep.Definition).BindQuery(q)
		}
		if err != nil {
			return base.Errorf(base.CodeDependentObjectsStillExist, "cannot %s of %s %q because view %s depends on it", what, r.Kind, r.Name, dep.QualifiedName()).
				WithDetail("%s", base.AsError(err).Message).
				WithHint("Drop or recreate the dependent view first.")
		}
	}
	return nil
}

func (d *ddl) addColumn(ctx context.Context, rel *catalog.Relation, a *ast.AddColumn) error {
	c := a.Column
	if rel.ColumnIndex(c.Name) >= 0 {
		if a.IfNotExists {
			d.s.notice("column %q of relation %q already exists, skipping", c.Name, rel.Name)
			return nil
		}
		return base.Errorf(base.CodeDuplicateColumn, "column %q of relation %q already exists", c.Name, rel.Name)
	}
	if c.PrimaryKey || c.Unique || c.Check != nil || c.References != nil || c.Generated != nil {
		return base.NotSupported("ADD COLUMN with constraints other than NOT NULL and DEFAULT is not supported yet")
	}
	t, err := plan.ResolveType(c.Type)
	if err != nil {
		return err
	}
	col := catalog.Column{Name: c.Name, Type: t, NotNull: c.NotNull}
	if c.Default != nil {
		col.Default = ast.Format(c.Default)
	}
	r := rel.Clone()
	r.Columns = append(r.Columns, col)
	if err := d.cat.ReplaceRelation(r); err != nil {
		return err
	}
	r = d.cat.RelationByID(r.ID)
	// Existing rows get the default (evaluated once per row, like
	// PostgreSQL's volatile defaults) or NULL.
	var def expr.Expr
	if col.Default != "" {
		def, err = d.binder(col.Default).BindDefault(r, len(r.Columns)-1)
		if err != nil {
			return err
		}
	}
	ev := d.s.evalContext(nil)
	return d.rewriteRows(rel, func(row []base.Datum) ([]base.Datum, error) {
		v := base.NullOf(t.Kind)
		if def != nil {
			var err error
			if v, err = def.EvalRow(ev, nil); err != nil {
				return nil, err
			}
		}
		if v.Null && col.NotNull {
			return nil, base.Errorf(base.CodeNotNullViolation, "column %q of relation %q contains null values", col.Name, rel.Name)
		}
		return append(row, v), nil
	})
}

func (d *ddl) dropColumn(rel *catalog.Relation, a *ast.DropColumn) error {
	i := rel.ColumnIndex(a.Name)
	if i < 0 || rel.Columns[i].Hidden {
		if a.IfExists {
			d.s.notice("column %q of relation %q does not exist, skipping", a.Name, rel.Name)
			return nil
		}
		return base.Errorf(base.CodeUndefinedColumn, "column %q of relation %q does not exist", a.Name, rel.Name)
	}
	for _, k := range rel.PK {
		if k == i {
			return base.NotSupported("cannot drop column %q: it is part of the primary key", a.Name)
		}
	}
	visible := 0
	for _, c := range rel.Columns {
		if !c.Hidden {
			visible++
		}
	}
	if visible == 1 {
		return base.NotSupported("cannot drop the last visible column of table %q", rel.Name)
	}
	r := rel.Clone()
	r.Columns = append(r.Columns[:i:i], rel.Columns[i+1:]...)
	for j, k := range r.PK {
		if k > i {
			r.PK[j] = k - 1
		}
	}
	if err := d.replaceChecked(r, "drop column "+a.Name); err != nil {
		return err
	}
	return d.rewriteRows(rel, func(row []base.Datum) ([]base.Datum, error) {
		return append(row[:i:i], row[i+1:]...), nil
	})
}

// rewriteRows re-encodes every stored row of rel (old layout) through fn
// into the DDL batch; keys are unchanged.
func (d *ddl) rewriteRows(rel *catalog.Relation, fn func([]base.Datum) ([]base.Datum, error)) error {
	snap := d.s.srv.store.NewSnapshot()
	defer snap.Close()
	types := columnTypes(rel)
	return snap.Scan(rel.ID, nil, nil, func(key, value []byte) error {
		row, err := base.DecodeRow(value, types)
		if err != nil {
			return base.Errorf(base.CodeDataCorrupted, "table %q: corrupted row: %v", rel.QualifiedName(), err)
		}
		nr, err := fn(row)
		if err != nil {
			return err
		}
		d.b.Put(rel.ID, append([]byte(nil), key...), base.EncodeRow(nil, nr))
		return nil
	})
}
