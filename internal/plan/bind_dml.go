package plan

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// dmlTarget resolves the table of INSERT/UPDATE/DELETE.
func (b *Binder) dmlTarget(name ast.ObjectName, off int, verb string) *catalog.Relation {
	rel := b.lookupRelation(name, off)
	if rel.Kind != catalog.KindTable {
		what := "change"
		if verb == "INSERT" {
			what = "insert into"
		} else if verb == "DELETE" {
			what = "delete from"
		} else if verb == "UPDATE" {
			what = "update"
		}
		b.errorf(off, codeWrongObjectType, "cannot %s %s %q", what, rel.Kind.String(), rel.Name)
	}
	return rel
}

// tableScope is the scope of a DML target: its columns at 0..n-1.
func tableScope(rel *catalog.Relation, alias string) *nsItem {
	var a *ast.Alias
	if alias != "" {
		a = &ast.Alias{Name: alias}
	}
	return relationItem(rel, a, 0)
}

// fullScan reads every column of rel.
func fullScan(rel *catalog.Relation, alias string) *Scan {
	cols := make([]int, len(rel.Columns))
	for i := range cols {
		cols[i] = i
	}
	if alias == "" {
		alias = rel.Name
	}
	return &Scan{Rel: rel, Cols: cols, Alias: alias}
}

// BindInsert binds INSERT. The plan's Input yields complete table rows.
func (b *Binder) BindInsert(stmt *ast.InsertStmt) (n Node, err error) {
	defer b.catch(&err)
	if stmt.With != nil {
		depth := len(b.ctes)
		defer func() { b.ctes = b.ctes[:depth] }()
		w := b.bindWith(stmt.With, nil)
		ins := b.bindInsert(stmt)
		if len(w.CTEs) > 0 {
			// CTEs are evaluated before the source query; hoist the
			// With under the Insert so the executor sees them first.
			ins.Input = &With{CTEs: w.CTEs, Body: ins.Input}
		}
		return b.pruneRoot(ins), nil
	}
	return b.pruneRoot(b.bindInsert(stmt)), nil
}

func (b *Binder) bindInsert(stmt *ast.InsertStmt) *Insert {
	end := stmt.End()
	if stmt.Source != nil {
		end = stmt.Source.Pos()
	}
	tablePos := b.findIdent(stmt.Pos(), end, stmt.Table.Last(), stmt.Pos())
	if len(stmt.Table) > 1 {
		tablePos = b.findIdent(stmt.Pos(), end, stmt.Table[0], tablePos)
	}
	rel := b.dmlTarget(stmt.Table, tablePos, "INSERT")
	colsFrom := tablePos + len(stmt.Table.String())
	// The AST keeps no positions for the column list: find the names.
	colPos := func(i int) int {
		from := colsFrom
		for k := 0; k <= i && k < len(stmt.Columns); k++ {
			p := b.findIdent(from, end, stmt.Columns[k], -1)
			if p < 0 {
				return tablePos
			}
			if k == i {
				return p
			}
			from = p + len(stmt.Columns[k])
		}
		return tablePos
	}
	b.insertColPos = colPos
	// Target columns.
	var targets []int
	if len(stmt.Columns) > 0 {
		seen := map[int]bool{}
		for k, c := range stmt.Columns {
			i := rel.ColumnIndex(c)
			if i < 0 {
				b.errorf(colPos(k), base.CodeUndefinedColumn, "column %q of relation %q does not exist", c, rel.Name)
			}
			if rel.Columns[i].Hidden {
				b.errorf(colPos(k), base.CodeFeatureNotSupported, "cannot insert into hidden column %q", c)
			}
			if seen[i] {
				b.errorf(colPos(k), base.CodeDuplicateColumn, "column %q specified more than once", c)
			}
			seen[i] = true
			targets = append(targets, i)
		}
	} else {
		for i, c := range rel.Columns {
			if !c.Hidden {
				targets = append(targets, i)
			}
		}
	}

	// Source rows, producing one column per target.
	var src Node
	switch {
	case stmt.DefaultValues:
		targets = nil
		src = &Values{Rows: [][]expr.Expr{{}}}
	default:
		src = b.insertSource(stmt.Source, rel, &targets, len(stmt.Columns) > 0)
	}

	// Full row in table order: provided values, defaults, NULL for
	// _row_id (the writer assigns it).
	pos := map[int]int{}
	for k, i := range targets {
		pos[i] = k
	}
	srcCols := src.Columns()
	full := &Project{Input: src}
	rowID := -1
	for i, c := range rel.Columns {
		var e expr.Expr
		if k, ok := pos[i]; ok {
			e = &expr.ColRef{Idx: k, Typ: srcCols[k].Type, Name: c.Name}
		} else if c.Hidden && c.Name == catalog.RowIDColumn && !rel.HasUserPK {
			rowID = i
			e = &expr.Const{Val: base.NullOf(c.Type.Kind), Typ: c.Type}
		} else {
			e = b.defaultExpr(rel, i)
		}
		full.Exprs = append(full.Exprs, e)
		full.Cols = append(full.Cols, Column{Name: c.Name, Type: c.Type, Hidden: c.Hidden, Table: rel.Name, RelID: rel.ID, AttNum: i + 1})
	}
	ins := &Insert{Table: rel, Input: optimize(full), RowIDCol: rowID, Overwrite: true}

	if oc := stmt.OnConflict; oc != nil {
		ins.OnConflict = &OnConflict{DoNothing: oc.DoNothing}
		ins.Overwrite = false
		if !oc.DoNothing {
			// Existing row at 0..n-1, EXCLUDED at n..2n-1.
			it := tableScope(rel, stmt.Alias)
			ex := relationItem(rel, &ast.Alias{Name: "excluded"}, len(rel.Columns))
			s := &Scope{items: []*nsItem{it, ex}}
			ins.OnConflict.DoUpdate = b.setClauses(rel, oc.Set, s, "UPDATE")
			if oc.Where != nil {
				ins.OnConflict.Where = b.coerceBool(b.bindExpr(s, oc.Where, exprCtx{clause: "WHERE"}), "WHERE", oc.Where.Pos())
			}
		}
	}
	ins.Returning, ins.ReturningCols = b.returning(rel, stmt.Alias, stmt.Returning)
	return ins
}

// insertSource binds VALUES or a query as the rows of the target columns,
// applying assignment casts. For VALUES, DEFAULT items are replaced by
// the column default. Without an explicit column list, a source with
// fewer columns fills the leading columns (PG).
func (b *Binder) insertSource(q *ast.Query, rel *catalog.Relation, targets *[]int, explicit bool) Node {
	if v, ok := q.Body.(*ast.Values); ok && q.With == nil && len(q.OrderBy) == 0 && q.Limit == nil && q.Offset == nil {
		width := -1
		for _, r := range v.Rows {
			if width >= 0 && len(r) != width {
				b.errorf(r[0].Pos(), base.CodeSyntaxError, "VALUES lists must all be the same length")
			}
			width = len(r)
		}
		extraPos := v.Pos()
		if len(v.Rows) > 0 && len(v.Rows[0]) > len(*targets) {
			extraPos = v.Rows[0][len(*targets)].Pos()
		}
		b.checkInsertWidth(width, targets, explicit, extraPos)
		s := &Scope{}
		rows := make([][]expr.Expr, len(v.Rows))
		for i, r := range v.Rows {
			rows[i] = make([]expr.Expr, len(r))
			for j, e := range r {
				col := (*targets)[j]
				if _, ok := e.(*ast.DefaultExpr); ok {
					rows[i][j] = b.defaultExpr(rel, col)
					continue
				}
				x := b.bindExpr(s, e, exprCtx{clause: "VALUES"})
				rows[i][j] = b.assignCoerce(x, rel.Columns[col].Type, rel.Columns[col].Name, e.Pos())
			}
		}
		cols := make([]Column, width)
		for j := range cols {
			c := rel.Columns[(*targets)[j]]
			cols[j] = Column{Name: c.Name, Type: c.Type}
		}
		return &Values{Rows: rows, Cols: cols}
	}
	src := optimize(b.bindQuery(q, nil, false))
	sc := src.Columns()
	b.checkInsertWidth(len(sc), targets, explicit, legTargetPos(q.Body, len(*targets)))
	p := &Project{Input: src}
	for j, c := range sc {
		col := rel.Columns[(*targets)[j]]
		var e expr.Expr = &expr.ColRef{Idx: j, Typ: c.Type, Name: c.Name}
		if c.Type.Kind == base.KindUnknown {
			// Fold the unknown literal into the source projection.
			if sp, ok := src.(*Project); ok {
				sp.Exprs[j] = b.coerceUnknown(sp.Exprs[j], col.Type, q.Pos())
				sp.Cols[j].Type = col.Type
				e = &expr.ColRef{Idx: j, Typ: col.Type, Name: c.Name}
			} else if sv, ok := src.(*Values); ok {
				for _, row := range sv.Rows {
					row[j] = b.coerceUnknown(row[j], col.Type, q.Pos())
				}
				sv.Cols[j].Type = col.Type
				e = &expr.ColRef{Idx: j, Typ: col.Type, Name: c.Name}
			}
		}
		p.Exprs = append(p.Exprs, b.assignCoerce(e, col.Type, col.Name, legTargetPos(q.Body, j)))
		p.Cols = append(p.Cols, Column{Name: col.Name, Type: col.Type})
	}
	return p
}

func (b *Binder) checkInsertWidth(width int, targets *[]int, explicit bool, off int) {
	switch {
	case width > len(*targets):
		b.errorf(off, base.CodeSyntaxError, "INSERT has more expressions than target columns")
	case width < len(*targets):
		if explicit {
			b.errorf(b.insertColPos(width), base.CodeSyntaxError, "INSERT has more target columns than expressions")
		}
		*targets = (*targets)[:width]
	}
}

// setClauses binds SET col = expr lists over scope s.
func (b *Binder) setClauses(rel *catalog.Relation, set []*ast.Assignment, s *Scope, verb string) []SetClause {
	var out []SetClause
	seen := map[int]bool{}
	for _, a := range set {
		i := rel.ColumnIndex(a.Column)
		if i < 0 {
			b.errorf(a.Pos(), base.CodeUndefinedColumn, "column %q of relation %q does not exist", a.Column, rel.Name)
		}
		if rel.Columns[i].Hidden {
			b.errorf(a.Pos(), base.CodeFeatureNotSupported, "cannot update hidden column %q", a.Column)
		}
		if seen[i] {
			b.errorf(a.Pos(), base.CodeDuplicateColumn, "multiple assignments to same column %q", a.Column)
		}
		seen[i] = true
		var e expr.Expr
		if _, ok := a.Value.(*ast.DefaultExpr); ok {
			e = b.defaultExpr(rel, i)
		} else {
			x := b.bindExpr(s, a.Value, exprCtx{clause: verb})
			e = b.assignCoerce(x, rel.Columns[i].Type, rel.Columns[i].Name, a.Value.Pos())
		}
		out = append(out, SetClause{Col: i, Expr: e})
	}
	return out
}

// returning binds a RETURNING list over the table row.
func (b *Binder) returning(rel *catalog.Relation, alias string, items []*ast.SelectItem) ([]expr.Expr, []Column) {
	if len(items) == 0 {
		return nil, nil
	}
	s := &Scope{items: []*nsItem{tableScope(rel, alias)}}
	var es []expr.Expr
	var cols []Column
	for _, it := range items {
		if star, ok := it.Expr.(*ast.StarExpr); ok {
			for _, sc := range b.starColumns(s, star) {
				es = append(es, &expr.ColRef{Idx: sc.col.idx, Typ: sc.col.typ, Name: sc.col.name})
				cols = append(cols, Column{Name: sc.col.name, Type: sc.col.typ, Table: sc.it.name, RelID: rel.ID, AttNum: sc.col.attNum})
			}
			continue
		}
		e := b.resolveUnknown(b.bindExpr(s, it.Expr, exprCtx{clause: "RETURNING"}))
		name := it.Alias
		if name == "" {
			name = colName(it.Expr)
		}
		col := Column{Name: name, Type: e.Type()}
		if cr, ok := e.(*expr.ColRef); ok {
			col.RelID, col.AttNum, col.Table = rel.ID, cr.Idx+1, rel.Name
		}
		es = append(es, e)
		cols = append(cols, col)
	}
	return es, cols
}

// BindUpdate binds UPDATE. Input yields the old rows (all table columns,
// then the columns of FROM items).
func (b *Binder) BindUpdate(stmt *ast.UpdateStmt) (n Node, err error) {
	defer b.catch(&err)
	if stmt.With != nil {
		depth := len(b.ctes)
		defer func() { b.ctes = b.ctes[:depth] }()
		w := b.bindWith(stmt.With, nil)
		u := b.bindUpdate(stmt)
		u.Input = &With{CTEs: w.CTEs, Body: u.Input}
		return b.pruneRoot(u), nil
	}
	return b.pruneRoot(b.bindUpdate(stmt)), nil
}

func (b *Binder) bindUpdate(stmt *ast.UpdateStmt) *Update {
	rel := b.dmlTarget(stmt.Table, b.findIdent(stmt.Pos(), stmt.End(), stmt.Table[0], stmt.Pos()), "UPDATE")
	var in Node = fullScan(rel, stmt.Alias)
	s := &Scope{items: []*nsItem{tableScope(rel, stmt.Alias)}}
	if len(stmt.From) > 0 {
		fn, fs := b.bindFromList(stmt.From, nil)
		w := len(rel.Columns)
		for _, it := range fs.items {
			s.items = append(s.items, it.shifted(w))
		}
		b.checkNameConflicts(s.items, stmt.From[0].Pos())
		in = &Join{Kind: JoinCross, Left: in, Right: fn}
	}
	if stmt.Where != nil {
		c := b.bindExpr(s, stmt.Where, exprCtx{clause: "WHERE"})
		in = &Filter{Input: in, Cond: b.coerceBool(c, "WHERE", stmt.Where.Pos())}
	}
	u := &Update{Table: rel, Input: optimize(in)}
	u.Set = b.setClauses(rel, stmt.Set, s, "UPDATE")
	u.Returning, u.ReturningCols = b.returning(rel, stmt.Alias, stmt.Returning)
	return u
}

// BindDelete binds DELETE. Input yields the rows to delete.
func (b *Binder) BindDelete(stmt *ast.DeleteStmt) (n Node, err error) {
	defer b.catch(&err)
	if stmt.With != nil {
		depth := len(b.ctes)
		defer func() { b.ctes = b.ctes[:depth] }()
		w := b.bindWith(stmt.With, nil)
		d := b.bindDelete(stmt)
		d.Input = &With{CTEs: w.CTEs, Body: d.Input}
		return b.pruneRoot(d), nil
	}
	return b.pruneRoot(b.bindDelete(stmt)), nil
}

func (b *Binder) bindDelete(stmt *ast.DeleteStmt) *Delete {
	rel := b.dmlTarget(stmt.Table, b.findIdent(stmt.Pos(), stmt.End(), stmt.Table[0], stmt.Pos()), "DELETE")
	var in Node = fullScan(rel, stmt.Alias)
	s := &Scope{items: []*nsItem{tableScope(rel, stmt.Alias)}}
	width := len(rel.Columns)
	if len(stmt.Using) > 0 {
		un, us := b.bindFromList(stmt.Using, nil)
		for _, it := range us.items {
			s.items = append(s.items, it.shifted(width))
		}
		b.checkNameConflicts(s.items, stmt.Using[0].Pos())
		in = &Join{Kind: JoinSemi, Left: in, Right: un}
	}
	if stmt.Where != nil {
		c := b.coerceBool(b.bindExpr(s, stmt.Where, exprCtx{clause: "WHERE"}), "WHERE", stmt.Where.Pos())
		if j, ok := in.(*Join); ok {
			// DELETE ... USING deletes each target row at most once: a
			// semi join whose condition is the WHERE clause.
			j.Residual = c
		} else {
			in = &Filter{Input: in, Cond: c}
		}
	}
	d := &Delete{Table: rel, Input: optimize(in)}
	d.Returning, d.ReturningCols = b.returning(rel, stmt.Alias, stmt.Returning)
	return d
}
