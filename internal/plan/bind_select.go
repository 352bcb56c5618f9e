package plan

import (
	"strconv"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// target is one entry of a SELECT block's target list. Junk targets were
// added for ORDER BY / DISTINCT ON and are projected away at the end.
type target struct {
	e    expr.Expr
	col  Column
	junk bool
}

// bindQuery binds a complete query expression. outer is the scope of the
// enclosing query for correlated references (nil at top level).
// resolveUnknowns turns unknown-typed output columns into text, as
// PostgreSQL does everywhere except where a consumer (INSERT, set
// operations) still has a type to offer.
func (b *Binder) bindQuery(q *ast.Query, outer *Scope, resolveUnknowns bool) Node {
	var with *With
	if q.With != nil {
		depth := len(b.ctes)
		defer func() { b.ctes = b.ctes[:depth] }()
		with = b.bindWith(q.With, outer)
	}
	var n Node
	visible := -1
	limitScope := &Scope{parent: outer}
	switch body := q.Body.(type) {
	case *ast.Select:
		n, visible, limitScope = b.bindSelect(body, q.OrderBy, outer, resolveUnknowns)
	default:
		n = b.bindSetExpr(q.Body, outer, resolveUnknowns)
		if len(q.OrderBy) > 0 {
			_, isValues := q.Body.(*ast.Values)
			n, visible = b.orderByOutput(n, q.OrderBy, outer, isValues)
		}
	}
	n = b.bindLimit(n, q.Limit, q.Offset, limitScope)
	if visible >= 0 && visible < len(n.Columns()) {
		n = trimColumns(n, visible)
	}
	if with != nil {
		with.Body = n
		return with
	}
	return n
}

// trimColumns projects n onto its first k columns.
func trimColumns(n Node, k int) Node {
	cols := n.Columns()[:k]
	exprs := make([]expr.Expr, k)
	for i, c := range cols {
		exprs[i] = &expr.ColRef{Idx: i, Typ: c.Type, Name: c.Name}
	}
	return &Project{Input: n, Exprs: exprs, Cols: append([]Column(nil), cols...)}
}

// bindSetExpr binds the body of a query without its ORDER BY / LIMIT.
func (b *Binder) bindSetExpr(se ast.SetExpr, outer *Scope, resolveUnknowns bool) Node {
	switch x := se.(type) {
	case *ast.Select:
		n, visible, _ := b.bindSelect(x, nil, outer, resolveUnknowns)
		if visible < len(n.Columns()) {
			n = trimColumns(n, visible)
		}
		return n
	case *ast.Values:
		return b.bindValues(x, outer, resolveUnknowns)
	case *ast.Query:
		return b.bindQuery(x, outer, resolveUnknowns)
	case *ast.SetOperation:
		return b.bindSetOp(x, outer, resolveUnknowns)
	}
	b.errorf(se.Pos(), base.CodeFeatureNotSupported, "unsupported query body %T", se)
	return nil
}

var setOpNames = map[ast.SetOpKind]string{ast.Union: "UNION", ast.Intersect: "INTERSECT", ast.Except: "EXCEPT"}

func (b *Binder) bindSetOp(x *ast.SetOperation, outer *Scope, resolveUnknowns bool) Node {
	l := b.bindSetExpr(x.Left, outer, false)
	r := b.bindSetExpr(x.Right, outer, false)
	lc, rc := l.Columns(), r.Columns()
	what := setOpNames[x.Op]
	if len(lc) != len(rc) {
		b.errorf(legTargetPos(x.Right, 0), base.CodeSyntaxError, "each %s query must have the same number of columns", what)
	}
	types := make([]base.Type, len(lc))
	for i := range lc {
		t, err := expr.CommonType([]base.Type{lc[i].Type, rc[i].Type}, what)
		if err != nil {
			b.failAt(err, legTargetPos(x.Right, i))
		}
		types[i] = t
	}
	l = b.coerceOutput(l, types)
	r = b.coerceOutput(r, types)
	cols := make([]Column, len(lc))
	for i, c := range lc {
		cols[i] = Column{Name: c.Name, Type: types[i]}
	}
	kind := Union
	switch x.Op {
	case ast.Intersect:
		kind = Intersect
	case ast.Except:
		kind = Except
	}
	return &SetOp{Kind: kind, All: x.All, Left: l, Right: r, Cols: cols}
}

// coerceOutput makes n's output columns have the given types, folding the
// conversion into a top Project or Values when possible so unknown
// literals are parsed at bind time.
func (b *Binder) coerceOutput(n Node, types []base.Type) Node {
	cols := n.Columns()
	need := false
	for i, c := range cols {
		if c.Type != types[i] && !(sameKind(c.Type, types[i]) && types[i].Mod <= 0) {
			need = true
		}
	}
	if !need {
		return n
	}
	switch x := n.(type) {
	case *Project:
		for i := range x.Exprs {
			x.Exprs[i] = b.coerceCol(x.Exprs[i], types[i])
			x.Cols[i].Type = types[i]
		}
		return x
	case *Values:
		for _, row := range x.Rows {
			for i := range row {
				row[i] = b.coerceCol(row[i], types[i])
			}
		}
		for i := range x.Cols {
			x.Cols[i].Type = types[i]
		}
		return x
	}
	exprs := make([]expr.Expr, len(cols))
	out := make([]Column, len(cols))
	for i, c := range cols {
		exprs[i] = b.coerceCol(&expr.ColRef{Idx: i, Typ: c.Type, Name: c.Name}, types[i])
		out[i] = Column{Name: c.Name, Type: types[i]}
	}
	return &Project{Input: n, Exprs: exprs, Cols: out}
}

func (b *Binder) coerceCol(e expr.Expr, t base.Type) expr.Expr {
	if e.Type() == t {
		return e
	}
	if e.Type().Kind == base.KindUnknown {
		return b.coerceUnknown(e, t, -1)
	}
	if sameKind(e.Type(), t) && t.Mod <= 0 {
		return e
	}
	return &expr.Cast{Arg: e, To: t}
}

// bindValues binds a VALUES list (not in INSERT).
func (b *Binder) bindValues(v *ast.Values, outer *Scope, resolveUnknowns bool) Node {
	s := &Scope{parent: outer}
	ctx := exprCtx{clause: "VALUES"}
	rows := make([][]expr.Expr, len(v.Rows))
	width := -1
	for i, r := range v.Rows {
		if width >= 0 && len(r) != width {
			b.errorf(r[0].Pos(), base.CodeSyntaxError, "VALUES lists must all be the same length")
		}
		width = len(r)
		rows[i] = make([]expr.Expr, len(r))
		for j, e := range r {
			if _, ok := e.(*ast.DefaultExpr); ok {
				b.errorf(e.Pos(), base.CodeSyntaxError, "DEFAULT is not allowed in this context")
			}
			rows[i][j] = b.bindExpr(s, e, ctx)
		}
	}
	cols := make([]Column, width)
	for j := 0; j < width; j++ {
		es := make([]expr.Expr, len(rows))
		offs := make([]int, len(rows))
		allUnknown := true
		for i := range rows {
			es[i] = rows[i][j]
			offs[i] = v.Rows[i][j].Pos()
			if es[i].Type().Kind != base.KindUnknown {
				allUnknown = false
			}
		}
		t := base.Unknown
		if !allUnknown || resolveUnknowns {
			es, t = b.commonType(es, offs, "VALUES")
		}
		for i := range rows {
			rows[i][j] = es[i]
		}
		cols[j] = Column{Name: "column" + strconv.Itoa(j+1), Type: t}
	}
	return &Values{Rows: rows, Cols: cols}
}

// bindLimit adds LIMIT/OFFSET. s is the query's FROM scope: PostgreSQL
// resolves column names there and then rejects them.
func (b *Binder) bindLimit(n Node, limit, offset ast.Expr, s *Scope) Node {
	if limit == nil && offset == nil {
		return n
	}
	l := &Limit{Input: n}
	bind := func(e ast.Expr, what string) expr.Expr {
		if e == nil {
			return nil
		}
		x := b.bindExpr(s, e, exprCtx{clause: what})
		used := map[int]bool{}
		uses(used, x) // includes references from inside subqueries
		if len(used) > 0 {
			b.errorf(b.firstVarPos(x, e.Pos()), codeInvalidColumnRef, "argument of %s must not contain variables", what)
		}
		t := x.Type()
		if t.Kind == base.KindUnknown {
			return b.coerceUnknown(x, base.Int64, e.Pos())
		}
		if !canCast(t, base.Int64, castAssignment) || t.Kind == base.KindText {
			b.errorf(e.Pos(), base.CodeDatatypeMismatch, "argument of %s must be type bigint, not type %s", what, t.String())
		}
		if t.Kind != base.KindInt64 {
			x = b.castNode(x, base.Int64)
		}
		return x
	}
	l.Count = bind(limit, "LIMIT")
	l.Offset = bind(offset, "OFFSET")
	return l
}

// firstVarPos is where the first column reference of e (possibly inside
// a subquery, as an outer reference) was written.
func (b *Binder) firstVarPos(e expr.Expr, fallback int) int {
	pos := -1
	var visit func(e expr.Expr, level int)
	visit = func(e expr.Expr, level int) {
		walk(e, func(x expr.Expr) bool {
			switch r := x.(type) {
			case *expr.ColRef:
				if info, ok := b.colPos[r]; ok && level == 0 && pos < 0 {
					pos = info.pos
				}
			case *expr.OuterRef:
				if info, ok := b.outerPos[r]; ok && r.Depth == level-1 && pos < 0 {
					pos = info.pos
				}
			case *expr.Subquery:
				if p, ok := r.Plan.(Node); ok {
					var vp func(n Node)
					vp = func(n Node) {
						for _, ne := range NodeExprs(n) {
							visit(ne, level+1)
						}
						for _, c := range n.Children() {
							vp(c)
						}
					}
					vp(p)
				}
			}
			return pos < 0
		})
	}
	visit(e, 0)
	if pos < 0 {
		return fallback
	}
	return pos
}

// orderByOutput sorts the result of a set operation or VALUES list.
// Only output column names and ordinals are allowed for set operations
// (PostgreSQL's rule); VALUES also allows expressions over its columns.
func (b *Binder) orderByOutput(n Node, items []*ast.OrderByItem, outer *Scope, allowExprs bool) (Node, int) {
	cols := n.Columns()
	visible := len(cols)
	var keys []SortKey
	var extra []expr.Expr
	var extraCols []Column
	s := NewScope("", cols)
	if allowExprs {
		s.items[0].name = "*VALUES*"
		s.items[0].relVisible = true
	}
	s.parent = outer
	for _, o := range items {
		idx := -1
		if x, ok := o.Expr.(*ast.NumberLit); ok && x.IsInteger() {
			k, _ := strconv.Atoi(x.Text)
			if k < 1 || k > visible {
				b.errorf(x.Pos(), codeInvalidColumnRef, "ORDER BY position %s is not in select list", x.Text)
			}
			idx = k - 1
		} else {
			e := b.resolveUnknown(b.bindExpr(s, o.Expr, exprCtx{clause: "ORDER BY"}))
			if cr, ok := e.(*expr.ColRef); ok {
				idx = cr.Idx
			} else if !allowExprs {
				err := base.Errorf(base.CodeFeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause").
					WithDetail("Only result column names can be used, not expressions or functions.").
					WithHint("Add the expression/function to every SELECT, or move the UNION into a FROM clause.")
				b.failAt(err, o.Expr.Pos())
			} else {
				idx = len(cols) + len(extra)
				extra = append(extra, e)
				extraCols = append(extraCols, Column{Name: "?column?", Type: e.Type(), Hidden: true})
			}
		}
		var t base.Type
		if idx < len(cols) {
			t = cols[idx].Type
		} else {
			t = extra[idx-len(cols)].Type()
		}
		b.checkSortable(t, o.Expr.Pos())
		keys = append(keys, b.sortKey(o, &expr.ColRef{Idx: idx, Typ: t, Name: nameAt(cols, extraCols, idx)}))
	}
	if len(extra) > 0 {
		exprs := make([]expr.Expr, 0, len(cols)+len(extra))
		for i, c := range cols {
			exprs = append(exprs, &expr.ColRef{Idx: i, Typ: c.Type, Name: c.Name})
		}
		exprs = append(exprs, extra...)
		n = &Project{Input: n, Exprs: exprs, Cols: append(append([]Column(nil), cols...), extraCols...)}
	}
	return &Sort{Input: n, Keys: keys}, visible
}

func nameAt(cols, extra []Column, i int) string {
	if i < len(cols) {
		return cols[i].Name
	}
	return extra[i-len(cols)].Name
}

// checkSortable rejects types without an ordering (42883 as in PG).
func (b *Binder) checkSortable(t base.Type, off int) {
	if t.Kind == base.KindJSONB {
		b.errorf(off, base.CodeUndefinedFunction, "could not identify an ordering operator for type %s", t.String())
	}
}

// ---------------------------------------------------------------------------
// SELECT blocks

// selectState is the work area of one SELECT block.
type selectState struct {
	fs      *Scope // FROM scope
	targets []target
	aggs    *aggCollector
	wins    *winCollector
	srfs    *srfCollector
	// nVisible is the number of real (non-junk) targets.
	nVisible int
}

// bindSelect binds one SELECT block with the query's ORDER BY. It returns
// the plan and how many leading columns are the block's result (the rest
// are junk columns needed for sorting).
func (b *Binder) bindSelect(sel *ast.Select, orderBy []*ast.OrderByItem, outer *Scope, resolveUnknowns bool) (Node, int, *Scope) {
	n, fs := b.bindFromList(sel.From, outer)
	st := &selectState{fs: fs, aggs: &aggCollector{}, wins: &winCollector{named: map[string]*ast.WindowSpec{}}, srfs: &srfCollector{}}

	if sel.Where != nil {
		c := b.bindExpr(fs, sel.Where, exprCtx{clause: "WHERE"})
		n = &Filter{Input: n, Cond: b.coerceBool(c, "WHERE", sel.Where.Pos())}
	}
	for _, w := range sel.Windows {
		if _, dup := st.wins.named[w.Name]; dup {
			b.errorf(w.Spec.Pos(), base.CodeWindowingError, "window %q is already defined", w.Name)
		}
		st.wins.named[w.Name] = w.Spec
	}
	selCtx := exprCtx{clause: "SELECT", aggs: st.aggs, wins: st.wins, srfs: st.srfs}

	// Target list.
	for _, it := range sel.Items {
		if star, ok := it.Expr.(*ast.StarExpr); ok {
			for _, sc := range b.starColumns(fs, star) {
				cr := &expr.ColRef{Idx: sc.col.idx, Typ: sc.col.typ, Name: sc.it.qualName(sc.col)}
				b.colPos[cr] = colInfo{pos: star.Pos(), qual: sc.it.qualName(sc.col)}
				st.targets = append(st.targets, target{e: cr, col: Column{Name: sc.col.name, Type: sc.col.typ,
					Table: sc.it.name, RelID: sc.col.relID, AttNum: sc.col.attNum}})
			}
			continue
		}
		e := b.bindExpr(fs, it.Expr, selCtx)
		if resolveUnknowns {
			e = b.resolveUnknown(e)
		}
		name := it.Alias
		if name == "" {
			name = colName(it.Expr)
		}
		col := Column{Name: name, Type: e.Type()}
		if cr, ok := e.(*expr.ColRef); ok {
			if sc, it2 := scopeColAt(fs, cr.Idx); it2 != nil {
				col.RelID, col.AttNum, col.Table = sc.relID, sc.attNum, it2.name
			}
		}
		st.targets = append(st.targets, target{e: e, col: col})
	}
	st.nVisible = len(st.targets)

	// GROUP BY.
	var groupKeys []expr.Expr
	for _, g := range sel.GroupBy {
		k := b.resolveUnknown(b.groupByExpr(st, g))
		if !exprInList(k, groupKeys) {
			groupKeys = append(groupKeys, k)
		}
	}

	// HAVING.
	var having expr.Expr
	if sel.Having != nil {
		h := b.bindExpr(fs, sel.Having, exprCtx{clause: "HAVING", aggs: st.aggs})
		having = b.coerceBool(h, "HAVING", sel.Having.Pos())
	}

	// DISTINCT ON and ORDER BY resolve to targets (possibly adding junk).
	var onIdx []int
	for _, e := range sel.DistinctOn {
		onIdx = append(onIdx, b.findTarget(st, e, "DISTINCT ON", false))
	}
	plainDistinct := sel.Distinct && len(sel.DistinctOn) == 0
	var keys []SortKey
	for _, o := range orderBy {
		idx := b.findTarget(st, o.Expr, "ORDER BY", plainDistinct)
		t := st.targets[idx]
		b.checkSortable(t.e.Type(), o.Expr.Pos())
		keys = append(keys, b.sortKey(o, &expr.ColRef{Idx: idx, Typ: t.e.Type(), Name: t.col.Name}))
	}

	grouped := len(groupKeys) > 0 || len(st.aggs.calls) > 0 || having != nil
	if grouped {
		agg := &Aggregate{Input: n, GroupBy: groupKeys, Aggs: st.aggs.calls}
		for _, k := range groupKeys {
			agg.Cols = append(agg.Cols, Column{Name: exprColName(k), Type: k.Type()})
		}
		for i, c := range st.aggs.calls {
			agg.Cols = append(agg.Cols, Column{Name: st.aggs.names[i], Type: c.Func.Ret})
		}
		rw := func(e expr.Expr) expr.Expr { return b.groupRewrite(e, groupKeys) }
		for i := range st.targets {
			st.targets[i].e = rw(st.targets[i].e)
		}
		for i := range st.wins.calls {
			w := &st.wins.calls[i]
			for j := range w.Args {
				w.Args[j] = rw(w.Args[j])
			}
			if w.Filter != nil {
				w.Filter = rw(w.Filter)
			}
			for j := range w.PartitionBy {
				w.PartitionBy[j] = rw(w.PartitionBy[j])
			}
			for j := range w.OrderBy {
				w.OrderBy[j].Expr = rw(w.OrderBy[j].Expr)
			}
		}
		n = agg
		if having != nil {
			n = &Filter{Input: n, Cond: rw(having)}
		}
	}
	if len(st.wins.calls) > 0 {
		width := len(n.Columns())
		n = &Window{Input: n, Funcs: st.wins.calls}
		for i := range st.targets {
			st.targets[i].e = transform(st.targets[i].e, func(x expr.Expr) (expr.Expr, bool) {
				if w, ok := x.(*winRef); ok {
					return &expr.ColRef{Idx: width + w.idx, Typ: w.typ, Name: w.name}, true
				}
				return nil, false
			})
		}
	}
	// Set-returning functions of the target list run in a ProjectSet
	// over the grouped/windowed rows.
	n = b.applySRFs(n, st, func(e expr.Expr) expr.Expr {
		if grouped {
			e = b.groupRewrite(e, groupKeys)
		}
		if w, ok := n.(*Window); ok {
			width := len(w.Input.Columns())
			e = transform(e, func(x expr.Expr) (expr.Expr, bool) {
				if r, ok := x.(*winRef); ok {
					return &expr.ColRef{Idx: width + r.idx, Typ: r.typ, Name: r.name}, true
				}
				return nil, false
			})
		}
		return e
	})

	proj := &Project{Input: n}
	for _, t := range st.targets {
		proj.Exprs = append(proj.Exprs, t.e)
		c := t.col
		c.Type = t.e.Type()
		c.Hidden = t.junk
		proj.Cols = append(proj.Cols, c)
	}
	n = proj

	switch {
	case plainDistinct:
		n = &Distinct{Input: n}
	case len(onIdx) > 0:
		// DISTINCT ON (a, b) must match the leading ORDER BY items.
		inOn := map[int]bool{}
		for _, i := range onIdx {
			inOn[i] = true
		}
		for i := 0; i < len(keys) && i < len(inOn); i++ {
			idx := keys[i].Expr.(*expr.ColRef).Idx
			if !inOn[idx] {
				b.errorf(sel.DistinctOn[0].Pos(), codeInvalidColumnRef, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
			}
		}
		sortKeys := append([]SortKey(nil), keys...)
		have := map[int]bool{}
		for _, k := range keys {
			have[k.Expr.(*expr.ColRef).Idx] = true
		}
		for _, i := range onIdx {
			if !have[i] {
				have[i] = true
				t := st.targets[i]
				sortKeys = append(sortKeys, SortKey{Expr: &expr.ColRef{Idx: i, Typ: t.e.Type(), Name: t.col.Name}})
			}
		}
		// Keeping the first row per key needs the key groups contiguous
		// and ordered by the remaining ORDER BY items.
		n = &Sort{Input: n, Keys: sortKeys}
		on := make([]expr.Expr, len(onIdx))
		for j, i := range onIdx {
			t := st.targets[i]
			on[j] = &expr.ColRef{Idx: i, Typ: t.e.Type(), Name: t.col.Name}
		}
		n = &Distinct{Input: n, On: on}
		keys = nil
	}
	if len(keys) > 0 {
		n = &Sort{Input: n, Keys: keys}
	}
	return n, st.nVisible, fs
}

// scopeColAt finds the scope column at row position idx.
func scopeColAt(s *Scope, idx int) (scopeCol, *nsItem) {
	for _, it := range s.items {
		if it.isJoin {
			continue
		}
		for _, c := range it.cols {
			if c.idx == idx {
				return c, it
			}
		}
	}
	return scopeCol{}, nil
}

// exprColName names an Aggregate's group-key column.
func exprColName(e expr.Expr) string {
	if c, ok := e.(*expr.ColRef); ok {
		name := c.Name
		for i := len(name) - 1; i >= 0; i-- {
			if name[i] == '.' {
				return name[i+1:]
			}
		}
		return name
	}
	return "?column?"
}

// groupByExpr resolves one GROUP BY item with PostgreSQL's SQL92 rules:
// an ordinal is a select-list position; a bare name is an input column if
// one exists, else a select-list alias; anything else is an expression
// over the input.
func (b *Binder) groupByExpr(st *selectState, g ast.Expr) expr.Expr {
	ctx := exprCtx{clause: "GROUP BY"}
	switch x := g.(type) {
	case *ast.NumberLit:
		if x.IsInteger() {
			k, _ := strconv.Atoi(x.Text)
			if k < 1 || k > st.nVisible {
				b.errorf(x.Pos(), codeInvalidColumnRef, "GROUP BY position %s is not in select list", x.Text)
			}
			e := st.targets[k-1].e
			b.checkNoAggs(e, "GROUP BY", x.Pos())
			return e
		}
		b.errorf(x.Pos(), base.CodeSyntaxError, "non-integer constant in GROUP BY")
	case *ast.StringLit:
		b.errorf(x.Pos(), base.CodeSyntaxError, "non-integer constant in GROUP BY")
	case *ast.ColumnRef:
		if len(x.Parts) == 1 && !b.inputHasColumn(st.fs, x.Parts[0]) {
			if idx, ok := b.matchAlias(st, x, "GROUP BY"); ok {
				e := st.targets[idx].e
				b.checkNoAggs(e, "GROUP BY", x.Pos())
				return e
			}
		}
	}
	return b.bindExpr(st.fs, g, ctx)
}

// inputHasColumn reports whether an unqualified name resolves to a FROM
// column of this query level.
func (b *Binder) inputHasColumn(s *Scope, name string) bool {
	for _, it := range s.items {
		if !it.colsVisible {
			continue
		}
		for _, c := range it.cols {
			if c.name == name {
				return true
			}
		}
	}
	return false
}

// matchAlias finds the visible target named like the bare column ref.
func (b *Binder) matchAlias(st *selectState, x *ast.ColumnRef, clause string) (int, bool) {
	found := -1
	for i := 0; i < st.nVisible; i++ {
		if st.targets[i].col.Name == x.Parts[0] {
			if found >= 0 && !exprEqual(st.targets[found].e, st.targets[i].e) {
				b.errorf(x.Pos(), base.CodeAmbiguousColumn, "%s %q is ambiguous", clause, x.Parts[0])
			}
			if found < 0 {
				found = i
			}
		}
	}
	return found, found >= 0
}

func (b *Binder) checkNoAggs(e expr.Expr, clause string, off int) {
	walk(e, func(x expr.Expr) bool {
		switch r := x.(type) {
		case *aggRef:
			b.errorf(r.pos, base.CodeGroupingError, "aggregate functions are not allowed in %s", clause)
		case *winRef:
			b.errorf(r.pos, base.CodeWindowingError, "window functions are not allowed in %s", clause)
		}
		return true
	})
}

// findTarget resolves an ORDER BY / DISTINCT ON item to a target index:
// an output name or ordinal (SQL92), else an expression over the input
// that matches a target or becomes a junk target (SQL99).
func (b *Binder) findTarget(st *selectState, e ast.Expr, clause string, distinct bool) int {
	switch x := e.(type) {
	case *ast.NumberLit:
		if x.IsInteger() {
			k, _ := strconv.Atoi(x.Text)
			if k < 1 || k > st.nVisible {
				b.errorf(x.Pos(), codeInvalidColumnRef, "%s position %s is not in select list", clause, x.Text)
			}
			return k - 1
		}
		b.errorf(x.Pos(), base.CodeSyntaxError, "non-integer constant in %s", clause)
	case *ast.StringLit:
		b.errorf(x.Pos(), base.CodeSyntaxError, "non-integer constant in %s", clause)
	case *ast.ColumnRef:
		if len(x.Parts) == 1 {
			if idx, ok := b.matchAlias(st, x, clause); ok {
				return idx
			}
		}
	}
	ctx := exprCtx{clause: clause, aggs: st.aggs, wins: st.wins, srfs: st.srfs}
	be := b.resolveUnknown(b.bindExpr(st.fs, e, ctx))
	for i, t := range st.targets {
		if exprEqual(t.e, be) {
			return i
		}
	}
	if distinct {
		b.errorf(e.Pos(), codeInvalidColumnRef, "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
	}
	st.targets = append(st.targets, target{e: be, col: Column{Name: colName(e), Type: be.Type()}, junk: true})
	return len(st.targets) - 1
}

// groupRewrite maps an expression over the FROM row (with aggregate
// placeholders) onto the Aggregate's output row: group-key subtrees become
// key columns, aggregates their result columns; any other column reference
// is PostgreSQL's 42803.
func (b *Binder) groupRewrite(e expr.Expr, keys []expr.Expr) expr.Expr {
	nk := len(keys)
	return transform(e, func(x expr.Expr) (expr.Expr, bool) {
		for i, k := range keys {
			if exprEqual(x, k) {
				return &expr.ColRef{Idx: i, Typ: k.Type(), Name: exprColName(k)}, true
			}
		}
		switch r := x.(type) {
		case *aggRef:
			return &expr.ColRef{Idx: nk + r.idx, Typ: r.typ, Name: r.name}, true
		case *expr.ColRef:
			info, ok := b.colPos[r]
			name := r.Name
			pos := -1
			if ok {
				name, pos = info.qual, info.pos
			}
			b.errorf(pos, base.CodeGroupingError, "column %q must appear in the GROUP BY clause or be used in an aggregate function", name)
		case *expr.Subquery:
			if p, ok := r.Plan.(Node); ok {
				remapOuterRefs(p, 0, func(o *expr.OuterRef) expr.Expr {
					for i, k := range keys {
						if c, ok := k.(*expr.ColRef); ok && c.Idx == o.Idx {
							return &expr.OuterRef{Depth: o.Depth, Idx: i, Typ: o.Typ, Name: o.Name}
						}
					}
					pos := -1
					if info, ok := b.outerPos[o]; ok {
						pos = info.pos
					}
					b.errorf(pos, base.CodeGroupingError, "subquery uses ungrouped column %q from outer query", o.Name)
					return nil
				})
			}
			var arg expr.Expr
			if r.Arg != nil {
				arg = b.groupRewrite(r.Arg, keys)
			}
			return &expr.Subquery{Kind: r.Kind, Plan: r.Plan, Arg: arg, Op: r.Op, Not: r.Not, Typ: r.Typ}, true
		}
		return nil, false
	})
}
