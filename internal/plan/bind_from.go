package plan

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/parser"
)

// bindFromList binds a FROM clause (comma-separated items are cross
// joined; the rewrite pass turns WHERE equalities into join keys). The
// returned scope's parent is outer.
func (b *Binder) bindFromList(items []ast.TableExpr, outer *Scope) (Node, *Scope) {
	s := &Scope{parent: outer}
	if len(items) == 0 {
		return &Values{Rows: [][]expr.Expr{{}}}, s
	}
	var n Node
	for _, te := range items {
		rn, ritems := b.bindTableExpr(te, outer)
		if n == nil {
			n, s.items = rn, ritems
			continue
		}
		w := len(n.Columns())
		for _, it := range ritems {
			s.items = append(s.items, it.shifted(w))
		}
		b.checkNameConflicts(s.items, te.Pos())
		n = &Join{Kind: JoinCross, Left: n, Right: rn}
	}
	return n, s
}

// checkNameConflicts enforces unique visible relation names in one FROM
// level (42712).
func (b *Binder) checkNameConflicts(items []*nsItem, off int) {
	seen := map[string]*nsItem{}
	for _, it := range items {
		if !it.relVisible || it.name == "" {
			continue
		}
		if prev, ok := seen[it.name]; ok && prev.schema == it.schema {
			b.errorf(-1, codeDuplicateAlias, "table name %q specified more than once", it.name)
		}
		seen[it.name] = it
	}
}

// bindTableExpr binds one FROM item; its items' columns start at 0.
func (b *Binder) bindTableExpr(te ast.TableExpr, outer *Scope) (Node, []*nsItem) {
	switch x := te.(type) {
	case *ast.TableRef:
		return b.bindTableRef(x, outer)
	case *ast.DerivedTable:
		if x.Lateral {
			b.errorf(x.Pos(), base.CodeFeatureNotSupported, "LATERAL subqueries are not supported")
		}
		alias := x.Alias
		if alias == nil {
			// RisingWave (and PostgreSQL 16) accept a subquery in FROM
			// without an alias, as Nexmark's published queries use; its
			// columns are reachable unqualified only.
			alias = &ast.Alias{Name: "unnamed_subquery"}
		}
		n := b.bindQuery(x.Query, outer, true)
		return n, []*nsItem{b.derivedItem(alias, n.Columns(), x.Pos())}
	case *ast.FuncTable:
		return b.bindFuncTable(x, outer)
	case *ast.JoinExpr:
		return b.bindJoin(x, outer)
	}
	b.errorf(te.Pos(), base.CodeFeatureNotSupported, "unsupported FROM item %T", te)
	return nil, nil
}

// derivedItem is the namespace item of a subquery/CTE/function with an
// alias and optional column aliases.
func (b *Binder) derivedItem(alias *ast.Alias, cols []Column, off int) *nsItem {
	it := &nsItem{name: alias.Name, relVisible: true, colsVisible: true}
	if len(alias.Columns) > len(cols) {
		b.errorf(-1, codeInvalidColumnRef, "table \"%s\" has %d columns available but %d columns specified", alias.Name, len(cols), len(alias.Columns))
	}
	for i, c := range cols {
		name := c.Name
		if i < len(alias.Columns) {
			name = alias.Columns[i]
		}
		it.cols = append(it.cols, scopeCol{name: name, typ: c.Type, idx: i, hidden: c.Hidden, relID: c.RelID, attNum: c.AttNum})
	}
	return it
}

func (b *Binder) bindTableRef(x *ast.TableRef, outer *Scope) (Node, []*nsItem) {
	if len(x.Name) == 1 {
		if cte := b.lookupCTE(x.Name[0]); cte != nil {
			return b.cteRef(cte, x)
		}
	}
	rel := b.lookupRelation(x.Name, x.Pos())
	switch rel.Kind {
	case catalog.KindTable, catalog.KindMaterializedView, catalog.KindSource:
	case catalog.KindView:
		return b.expandView(rel, x)
	default:
		b.errorf(x.Pos(), codeWrongObjectType, "%q is a %s and cannot be queried", rel.Name, rel.Kind.String())
	}
	cols := make([]int, len(rel.Columns))
	for i := range cols {
		cols[i] = i
	}
	sc := &Scan{Rel: rel, Cols: cols, Alias: rel.Name, AsOfProcTime: x.AsOfProcTime}
	if x.Alias != nil {
		sc.Alias = x.Alias.Name
	}
	it := relationItem(rel, x.Alias, 0)
	if x.Alias != nil && len(x.Alias.Columns) > 0 {
		b.applyColumnAliases(it, x.Alias, x.Pos())
	}
	return sc, []*nsItem{it}
}

// applyColumnAliases renames the first visible columns of it.
func (b *Binder) applyColumnAliases(it *nsItem, alias *ast.Alias, off int) {
	j := 0
	for i := range it.cols {
		if it.cols[i].hidden {
			continue
		}
		if j < len(alias.Columns) {
			it.cols[i].name = alias.Columns[j]
		}
		j++
	}
	if len(alias.Columns) > j {
		b.errorf(-1, codeInvalidColumnRef, "table \"%s\" has %d columns available but %d columns specified", alias.Name, j, len(alias.Columns))
	}
}

// expandView binds a view's stored query in place of the reference.
func (b *Binder) expandView(rel *catalog.Relation, x *ast.TableRef) (Node, []*nsItem) {
	if b.viewDepth > 32 {
		b.errorf(x.Pos(), codeInvalidRecursion, "infinite recursion detected in rules for relation %q", rel.Name)
	}
	stmt, err := parser.ParseOne(rel.Definition)
	if err != nil {
		b.fail(internalf("view %s has an invalid definition: %v", rel.QualifiedName(), err))
	}
	var q *ast.Query
	switch s := stmt.(type) {
	case *ast.Query:
		q = s
	case *ast.CreateViewStmt:
		q = s.Query
	default:
		b.fail(internalf("view %s has an invalid definition", rel.QualifiedName()))
	}
	ast.ClearPositions(q)
	saved, savedPath, savedCTEs := b.ctx.SQL, b.ctx.SearchPath, b.ctes
	b.ctx.SQL = ""
	b.ctx.SearchPath = append([]string{rel.Schema}, savedPath...)
	b.ctes = nil
	b.viewDepth++
	n := b.bindQuery(q, nil, true)
	b.viewDepth--
	b.ctx.SQL, b.ctx.SearchPath, b.ctes = saved, savedPath, savedCTEs
	alias := &ast.Alias{Name: rel.Name}
	if x.Alias != nil {
		alias = x.Alias
	}
	cols := n.Columns()
	// Output columns named as the view declares them.
	for i := range cols {
		if i < len(rel.Columns) {
			cols[i].Name = rel.Columns[i].Name
		}
	}
	it := b.derivedItem(alias, cols, x.Pos())
	if x.Alias == nil {
		it.schema = rel.Schema
	} else {
		it.relName = rel.Name
	}
	return n, []*nsItem{it}
}

// ---------------------------------------------------------------------------
// Joins

func (b *Binder) bindJoin(j *ast.JoinExpr, outer *Scope) (Node, []*nsItem) {
	ln, litems := b.bindTableExpr(j.Left, outer)
	rn, ritems0 := b.bindTableExpr(j.Right, outer)
	lw := len(ln.Columns())
	var ritems []*nsItem
	for _, it := range ritems0 {
		ritems = append(ritems, it.shifted(lw))
	}
	all := append(append([]*nsItem(nil), litems...), ritems...)
	b.checkNameConflicts(all, j.Right.Pos())

	kind := JoinInner
	switch j.Kind {
	case ast.LeftJoin:
		kind = JoinLeft
	case ast.RightJoin:
		kind = JoinRight
	case ast.FullJoin:
		kind = JoinFull
	case ast.CrossJoin:
		kind = JoinCross
	}
	join := &Join{Kind: kind, Left: ln, Right: rn}
	var n Node = join

	// Columns reachable unqualified from each side, in order.
	visibleCols := func(items []*nsItem) []scopeCol {
		var out []scopeCol
		for _, it := range items {
			if it.colsVisible {
				out = append(out, it.cols...)
			}
		}
		return out
	}
	lcols, rcols := visibleCols(litems), visibleCols(ritems)
	jitem := &nsItem{colsVisible: true, isJoin: true}

	using := j.Using
	if j.Natural {
		using = nil
		for _, lc := range lcols {
			if lc.hidden {
				continue
			}
			for _, rc := range rcols {
				if !rc.hidden && rc.name == lc.name && !containsStr(using, lc.name) {
					using = append(using, lc.name)
				}
			}
		}
		if len(using) == 0 && kind == JoinInner {
			join.Kind = JoinCross
		}
	}
	if j.Using != nil || j.Natural {
		var conds []expr.Expr
		var merged []scopeCol
		var computed []expr.Expr
		usedL, usedR := map[int]bool{}, map[int]bool{}
		width := lw + len(rn.Columns())
		for _, name := range using {
			if containsStr(usedNames(merged), name) {
				b.errorf(-1, base.CodeDuplicateColumn, "column name %q appears more than once in USING clause", name)
			}
			lc := b.usingCol(lcols, name, "left", j.Pos())
			rc := b.usingCol(rcols, name, "right", j.Pos())
			usedL[lc.idx], usedR[rc.idx] = true, true
			le := expr.Expr(&expr.ColRef{Idx: lc.idx, Typ: lc.typ, Name: name})
			re := expr.Expr(&expr.ColRef{Idx: rc.idx, Typ: rc.typ, Name: name})
			t, err := expr.CommonType([]base.Type{lc.typ, rc.typ}, "JOIN/USING")
			if err != nil {
				b.failAt(err, j.Pos())
			}
			le, re = b.coerce(le, t, j.Pos()), b.coerce(re, t, j.Pos())
			fn, lt, rt, err := expr.LookupBinaryOp("=", t, t)
			if err != nil {
				b.failAt(err, j.Pos())
			}
			conds = append(conds, &expr.Call{Fn: fn, Args: []expr.Expr{b.coerce(le, lt, j.Pos()), b.coerce(re, rt, j.Pos())}})
			var me expr.Expr
			switch kind {
			case JoinRight:
				me = re
			case JoinFull:
				me = &expr.Coalesce{Args: []expr.Expr{le, re}, Typ: t}
			default:
				me = le
			}
			mc := scopeCol{name: name, typ: t}
			if cr, ok := me.(*expr.ColRef); ok {
				mc.idx = cr.Idx
				if kind == JoinRight {
					mc.relID, mc.attNum = rc.relID, rc.attNum
				} else {
					mc.relID, mc.attNum = lc.relID, lc.attNum
				}
			} else {
				mc.idx = width + len(computed)
				computed = append(computed, me)
			}
			merged = append(merged, mc)
		}
		join.Residual = andOf(conds)
		if len(computed) > 0 {
			cols := n.Columns()
			p := &Project{Input: n}
			for i, c := range cols {
				p.Exprs = append(p.Exprs, &expr.ColRef{Idx: i, Typ: c.Type, Name: c.Name})
				p.Cols = append(p.Cols, c)
			}
			for i, e := range computed {
				p.Exprs = append(p.Exprs, e)
				p.Cols = append(p.Cols, Column{Name: merged[i].name, Type: e.Type()})
			}
			// Name the computed columns after their merged column.
			k := 0
			for _, mc := range merged {
				if mc.idx >= width {
					p.Cols[mc.idx].Name = mc.name
					k++
				}
			}
			n = p
		}
		jitem.cols = append(jitem.cols, merged...)
		for _, c := range lcols {
			if !usedL[c.idx] {
				jitem.cols = append(jitem.cols, c)
			}
		}
		for _, c := range rcols {
			if !usedR[c.idx] {
				jitem.cols = append(jitem.cols, c)
			}
		}
	} else {
		jitem.cols = append(append(jitem.cols, lcols...), rcols...)
		if j.On != nil {
			s := &Scope{items: all, parent: outer}
			c := b.bindExpr(s, j.On, exprCtx{clause: "JOIN conditions"})
			join.Residual = b.coerceBool(c, "JOIN/ON", j.On.Pos())
			if kind == JoinCross {
				join.Kind = JoinInner
			}
		} else if kind != JoinCross {
			b.errorf(j.Pos(), base.CodeSyntaxError, "syntax error: JOIN requires ON or USING")
		}
	}

	// Component items stay reachable by name (unless the join has an
	// alias) but their columns only through the join item.
	var out []*nsItem
	for _, it := range all {
		c := *it
		c.colsVisible = false
		if j.Alias != nil {
			c.relVisible = false
		}
		out = append(out, &c)
	}
	if j.Alias != nil {
		jitem.name = j.Alias.Name
		jitem.relVisible = true
		jitem.isJoin = false
		if len(j.Alias.Columns) > 0 {
			b.applyColumnAliases(jitem, j.Alias, j.Pos())
		}
	}
	out = append(out, jitem)
	return n, out
}

func usedNames(cs []scopeCol) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// usingCol finds the single column name on one side of a USING join.
func (b *Binder) usingCol(cols []scopeCol, name, side string, off int) scopeCol {
	var hit *scopeCol
	for i := range cols {
		if cols[i].name == name {
			if hit != nil {
				b.errorf(-1, base.CodeAmbiguousColumn, "common column name %q appears more than once in %s table", name, side)
			}
			hit = &cols[i]
		}
	}
	if hit == nil {
		b.errorf(-1, base.CodeUndefinedColumn, "column %q specified in USING clause does not exist in %s table", name, side)
	}
	return *hit
}

// ---------------------------------------------------------------------------
// Table functions: TUMBLE, HOP, generate_series, unnest, scalar functions.

func (b *Binder) bindFuncTable(x *ast.FuncTable, outer *Scope) (Node, []*nsItem) {
	fc := x.Func
	name := funcName(fc)
	switch name {
	case "tumble", "hop":
		return b.bindTimeWindow(x, name, outer)
	case "session":
		// Its first argument names a relation, which would otherwise be
		// reported as an undefined column.
		b.errorf(x.Pos(), base.CodeFeatureNotSupported, "session windows (SESSION(...) in FROM) are not supported; use TUMBLE or HOP")
	}
	s := &Scope{parent: outer}
	ctx := exprCtx{clause: "functions in FROM"}
	var args []expr.Expr
	var offs []int
	for _, a := range fc.Args {
		args = append(args, b.bindExpr(s, a, ctx))
		offs = append(offs, a.Pos())
	}
	alias := x.Alias
	if alias == nil {
		alias = &ast.Alias{Name: name}
	}
	var n Node
	var cols []Column
	switch name {
	case "generate_series":
		args, cols = b.generateSeries(args, offs, fc.Pos())
		n = &TableFunc{Name: name, Args: args}
	case "unnest":
		if len(args) != 1 {
			b.errorf(fc.Pos(), base.CodeFeatureNotSupported, "unnest with %d arguments is not supported", len(args))
		}
		t := args[0].Type()
		if t.Kind == base.KindUnknown {
			b.errorf(fc.Pos(), base.CodeDatatypeMismatch, "could not determine polymorphic type because input has type unknown")
		}
		if t.Kind != base.KindArray {
			b.errorf(fc.Pos(), base.CodeUndefinedFunction, "function unnest(%s) does not exist", t.String())
		}
		cols = []Column{{Name: name, Type: t.ElemType()}}
		n = &TableFunc{Name: name, Args: args}
	case "jsonb_each", "jsonb_each_text", "json_each", "json_each_text":
		if len(args) != 1 {
			b.errorf(fc.Pos(), base.CodeUndefinedFunction, "function %s(%s) does not exist", name, argTypeList(args))
		}
		if k := args[0].Type().Kind; k != base.KindJSONB && k != base.KindUnknown {
			b.errorf(fc.Pos(), base.CodeUndefinedFunction, "function %s(%s) does not exist", name, argTypeList(args))
		}
		args[0] = b.coerce(args[0], base.JSONB, offs[0])
		vt := base.JSONB
		if strings.HasSuffix(name, "_text") {
			vt = base.Text
		}
		cols = []Column{{Name: "key", Type: base.Text}, {Name: "value", Type: vt}}
		n = &TableFunc{Name: name, Args: args}
	default:
		if setReturning[name] && expr.IsSetReturning(name) {
			// Other single-column SRFs (jsonb_array_elements, ...).
			fn, casts := b.lookupSetFunc(name, args, fc.Pos())
			for i := range args {
				args[i] = b.coerce(args[i], casts[i], offs[i])
			}
			cols = []Column{{Name: name, Type: fn.Ret}}
			n = &TableFunc{Name: name, Args: args}
			break
		}
		if setReturning[name] {
			b.errorf(fc.Pos(), base.CodeFeatureNotSupported, "table function %s is not supported", name)
		}
		if expr.IsAggregate(name) || expr.IsWindowFunc(name) {
			b.errorf(fc.Pos(), base.CodeGroupingError, "aggregate functions are not allowed in functions in FROM")
		}
		// A scalar function in FROM yields one row.
		e := b.resolveUnknown(b.bindFuncCall(s, fc, ctx))
		cols = []Column{{Name: name, Type: e.Type()}}
		n = &Project{Input: &Values{Rows: [][]expr.Expr{{}}}, Exprs: []expr.Expr{e}, Cols: cols}
		if x.WithOrdinality {
			b.errorf(x.Pos(), base.CodeFeatureNotSupported, "WITH ORDINALITY is only supported for generate_series and unnest")
		}
	}
	// A single-column function aliased without column names takes the
	// alias as its column name, as in PostgreSQL.
	if x.Alias != nil && len(x.Alias.Columns) == 0 && len(cols) == 1 {
		cols[0].Name = x.Alias.Name
	}
	if tf, ok := n.(*TableFunc); ok {
		if x.WithOrdinality {
			tf.WithOrdinality = true
			cols = append(cols, Column{Name: "ordinality", Type: base.Int64})
		}
		tf.Cols = cols
	}
	return n, []*nsItem{b.derivedItem(alias, cols, x.Pos())}
}

// generateSeries resolves generate_series overloads: (int4|int8|numeric
// ×2[,step]) and (timestamp|timestamptz ×2, interval).
func (b *Binder) generateSeries(args []expr.Expr, offs []int, off int) ([]expr.Expr, []Column) {
	if len(args) < 2 || len(args) > 3 {
		b.errorf(off, base.CodeUndefinedFunction, "function generate_series(%s) does not exist", argTypeList(args))
	}
	ts := []base.Type{args[0].Type(), args[1].Type()}
	t, err := expr.CommonType(ts, "generate_series")
	if err != nil {
		b.errorf(off, base.CodeUndefinedFunction, "function generate_series(%s) does not exist", argTypeList(args))
	}
	switch t.Kind {
	case base.KindInt16, base.KindInt32:
		t = base.Int32
	case base.KindInt64, base.KindNumeric:
	case base.KindDate, base.KindTimestampTZ:
		t = base.TimestampTZ
	case base.KindTimestamp:
	case base.KindText:
		// Both unknown: PG cannot choose either.
		b.errorf(off, base.CodeAmbiguousFunction, "function generate_series(unknown, unknown) is not unique")
	default:
		b.errorf(off, base.CodeUndefinedFunction, "function generate_series(%s) does not exist", argTypeList(args))
	}
	if len(args) == 3 && args[2].Type().IsNumeric() && t.IsNumeric() {
		st, err := expr.CommonType([]base.Type{t, args[2].Type()}, "generate_series")
		if err == nil && st.Kind != base.KindFloat32 && st.Kind != base.KindFloat64 {
			t = st
		}
	}
	out := []expr.Expr{b.coerce(args[0], t, offs[0]), b.coerce(args[1], t, offs[1])}
	isTime := t.Kind == base.KindTimestamp || t.Kind == base.KindTimestampTZ
	if len(args) == 3 {
		st := t
		if isTime {
			st = base.IntervalT
		}
		if !canCast(args[2].Type(), st, castImplicit) {
			b.errorf(off, base.CodeUndefinedFunction, "function generate_series(%s) does not exist", argTypeList(args))
		}
		out = append(out, b.coerce(args[2], st, offs[2]))
	} else if isTime {
		b.errorf(off, base.CodeUndefinedFunction, "function generate_series(%s) does not exist", argTypeList(args))
	}
	return out, []Column{{Name: "generate_series", Type: t}}
}

// bindTimeWindow binds TUMBLE(t, col, size [, offset]) and
// HOP(t, col, slide, size [, offset]).
func (b *Binder) bindTimeWindow(x *ast.FuncTable, name string, outer *Scope) (Node, []*nsItem) {
	fc := x.Func
	min, max := 3, 4
	if name == "hop" {
		min, max = 4, 5
	}
	if len(fc.Args) < min || len(fc.Args) > max {
		b.errorf(fc.Pos(), base.CodeUndefinedFunction, "function %s with %d arguments does not exist", name, len(fc.Args))
	}
	relRef, ok := fc.Args[0].(*ast.ColumnRef)
	if !ok {
		b.errorf(fc.Args[0].Pos(), base.CodeSyntaxError, "the first argument of %s must be a relation name", strings.ToUpper(name))
	}
	tr := &ast.TableRef{Span: relRef.Span, Name: ast.ObjectName(relRef.Parts)}
	n, items := b.bindTableRef(tr, outer)
	if x.Alias != nil {
		items[0].name, items[0].schema, items[0].relName = x.Alias.Name, "", items[0].name
	}
	s := &Scope{items: items, parent: outer}
	colRef, ok := fc.Args[1].(*ast.ColumnRef)
	if !ok {
		b.errorf(fc.Args[1].Pos(), base.CodeSyntaxError, "the second argument of %s must be a column name", strings.ToUpper(name))
	}
	tc := b.bindExpr(s, colRef, exprCtx{clause: "functions in FROM"}).(*expr.ColRef)
	if tc.Typ.Kind != base.KindTimestamp && tc.Typ.Kind != base.KindTimestampTZ {
		b.errorf(colRef.Pos(), base.CodeDatatypeMismatch, "the time column of %s must be of type timestamp or timestamptz, not %s", strings.ToUpper(name), tc.Typ.String())
	}
	interval := func(i int, what string) base.Interval {
		e := b.bindExpr(&Scope{}, fc.Args[i], exprCtx{clause: "functions in FROM"})
		d := b.constValue(b.explicitCast(e, base.IntervalT, fc.Args[i].Pos()), fc.Args[i].Pos(), strings.ToUpper(name))
		if d.Null {
			b.errorf(fc.Args[i].Pos(), codeNullValueNotAllowed, "%s of %s must not be null", what, strings.ToUpper(name))
		}
		return d.Iv
	}
	positive := func(iv base.Interval, i int, what string) {
		if iv.Months < 0 || iv.Days < 0 || iv.Micros < 0 || iv == (base.Interval{}) {
			b.errorf(fc.Args[i].Pos(), base.CodeInvalidParameterValue, "%s of %s must be positive", what, strings.ToUpper(name))
		}
	}
	cols := n.Columns()
	width := len(cols)
	if name == "hop" {
		slide, size := interval(2, "window slide"), interval(3, "window size")
		positive(slide, 2, "window slide")
		positive(size, 3, "window size")
		var off base.Interval
		if len(fc.Args) == 5 {
			off = interval(4, "window offset")
		}
		if slide.Months != 0 || size.Months != 0 {
			b.errorf(fc.Pos(), base.CodeFeatureNotSupported, "HOP windows with month intervals are not supported")
		}
		sl := int64(slide.Days)*86_400_000_000 + slide.Micros
		sz := int64(size.Days)*86_400_000_000 + size.Micros
		if sz%sl != 0 {
			b.errorf(fc.Pos(), base.CodeInvalidParameterValue, "invalid arguments for HOP: window size %s cannot be divided by window slide %s", intervalString(size), intervalString(slide))
		}
		n = &Hop{Input: n, TimeCol: tc.Idx, Slide: slide, Size: size, Offset: off}
	} else {
		size := interval(2, "window size")
		positive(size, 2, "window size")
		sizeC := &expr.Const{Val: base.DInterval(size), Typ: base.IntervalT}
		if size.Months != 0 {
			b.errorf(fc.Args[2].Pos(), base.CodeFeatureNotSupported, "TUMBLE windows with month intervals are not supported")
		}
		// window_start = date_bin(size, ts, epoch + offset): windows are
		// aligned to the Unix epoch (UTC), as in RisingWave.
		var off base.Interval
		if len(fc.Args) == 4 {
			off = interval(3, "window offset")
			if off.Months != 0 {
				b.errorf(fc.Args[3].Pos(), base.CodeFeatureNotSupported, "TUMBLE offsets with month intervals are not supported")
			}
		}
		origin := &expr.Const{Val: base.Datum{K: tc.Typ.Kind, I: int64(off.Days)*86_400_000_000 + off.Micros}, Typ: tc.Typ}
		start := b.callFunc("date_bin", []expr.Expr{sizeC, tc, origin}, nil, fc.Pos())
		if start.Type() != tc.Typ {
			start = &expr.Cast{Arg: start, To: tc.Typ}
		}
		fn, lt, rt, err := expr.LookupBinaryOp("+", tc.Typ, base.IntervalT)
		if err != nil {
			b.failAt(err, fc.Pos())
		}
		end := expr.Expr(&expr.Call{Fn: fn, Args: []expr.Expr{b.coerce(start, lt, fc.Pos()), b.coerce(sizeC, rt, fc.Pos())}})
		if end.Type() != tc.Typ {
			end = &expr.Cast{Arg: end, To: tc.Typ}
		}
		p := &Project{Input: n}
		for i, c := range cols {
			p.Exprs = append(p.Exprs, &expr.ColRef{Idx: i, Typ: c.Type, Name: c.Name})
			p.Cols = append(p.Cols, c)
		}
		p.Exprs = append(p.Exprs, start, end)
		p.Cols = append(p.Cols, Column{Name: "window_start", Type: tc.Typ}, Column{Name: "window_end", Type: tc.Typ})
		n = p
	}
	it := items[0]
	it.cols = append(it.cols,
		scopeCol{name: "window_start", typ: tc.Typ, idx: width},
		scopeCol{name: "window_end", typ: tc.Typ, idx: width + 1})
	return n, []*nsItem{it}
}

// ---------------------------------------------------------------------------
// WITH

type cteScope struct {
	defs []*cteDef
}

type cteDef struct {
	id    int
	name  string
	cols  []Column
	bound bool // false while its own (non-recursive) query is bound
	// working is set while the recursive term is bound: references then
	// read the working table.
	working bool
}

func (b *Binder) lookupCTE(name string) *cteDef {
	for i := len(b.ctes) - 1; i >= 0; i-- {
		defs := b.ctes[i].defs
		for j := len(defs) - 1; j >= 0; j-- {
			if d := defs[j]; d.name == name && (d.bound || d.working) {
				return d
			}
		}
	}
	return nil
}

func (b *Binder) cteRef(d *cteDef, x *ast.TableRef) (Node, []*nsItem) {
	cols := append([]Column(nil), d.cols...)
	var n Node
	if d.working {
		n = &WorkTableScan{ID: d.id, Name: d.name, Cols: cols}
	} else {
		n = &CTEScan{ID: d.id, Name: d.name, Cols: cols}
	}
	alias := x.Alias
	if alias == nil {
		alias = &ast.Alias{Name: d.name}
	}
	return n, []*nsItem{b.derivedItem(alias, cols, x.Pos())}
}

// bindWith binds the CTEs of a WITH clause and pushes them on the CTE
// stack (the caller pops).
func (b *Binder) bindWith(w *ast.WithClause, outer *Scope) *With {
	cs := &cteScope{}
	b.ctes = append(b.ctes, cs)
	out := &With{}
	seen := map[string]bool{}
	for _, c := range w.CTEs {
		if seen[c.Name] {
			b.errorf(c.Pos(), codeDuplicateAlias, "WITH query name %q specified more than once", c.Name)
		}
		seen[c.Name] = true
		b.nextCTEID++
		d := &cteDef{id: b.nextCTEID, name: c.Name}
		cs.defs = append(cs.defs, d)
		cte := CTE{ID: d.id, Name: c.Name}
		if w.Recursive && referencesName(c.Query, c.Name) {
			b.bindRecursiveCTE(c, d, &cte, outer)
		} else {
			cte.Plan = optimize(b.bindQuery(c.Query, outer, true))
			d.cols = b.cteColumns(c, cte.Plan.Columns())
		}
		cte.Cols = d.cols
		d.bound = true
		out.CTEs = append(out.CTEs, cte)
	}
	return out
}

func (b *Binder) cteColumns(c *ast.CTE, cols []Column) []Column {
	if len(c.Columns) > len(cols) {
		b.errorf(c.Pos(), codeInvalidColumnRef, "WITH query %q has %d columns available but %d columns specified", c.Name, len(cols), len(c.Columns))
	}
	out := make([]Column, len(cols))
	for i, col := range cols {
		out[i] = Column{Name: col.Name, Type: col.Type}
		if i < len(c.Columns) {
			out[i].Name = c.Columns[i]
		}
	}
	return out
}

func (b *Binder) bindRecursiveCTE(c *ast.CTE, d *cteDef, cte *CTE, outer *Scope) {
	q := c.Query
	setop, ok := q.Body.(*ast.SetOperation)
	if !ok || setop.Op != ast.Union {
		b.errorf(c.Pos(), codeInvalidRecursion, "recursive query %q does not have the form non-recursive-term UNION [ALL] recursive-term", c.Name)
	}
	if len(q.OrderBy) > 0 {
		b.errorf(q.OrderBy[0].Pos(), base.CodeFeatureNotSupported, "ORDER BY in a recursive query is not implemented")
	}
	if q.Limit != nil || q.Offset != nil {
		b.errorf(c.Pos(), base.CodeFeatureNotSupported, "LIMIT/OFFSET in a recursive query is not implemented")
	}
	if ref := findTableRef(&ast.Query{Body: setop.Left}, c.Name); ref != nil {
		b.errorf(ref.Pos(), codeInvalidRecursion, "recursive reference to query %q must not appear within its non-recursive term", c.Name)
	}
	var with *With
	if q.With != nil {
		depth := len(b.ctes)
		defer func() { b.ctes = b.ctes[:depth] }()
		with = b.bindWith(q.With, outer)
	}
	left := b.bindSetExpr(setop.Left, outer, true)
	d.cols = b.cteColumns(c, left.Columns())
	d.working = true
	right := b.bindSetExpr(setop.Right, outer, false)
	d.working = false
	rc := right.Columns()
	if len(rc) != len(d.cols) {
		b.errorf(setop.Right.Pos(), base.CodeSyntaxError, "each UNION query must have the same number of columns")
	}
	types := make([]base.Type, len(rc))
	for i, col := range d.cols {
		t, err := expr.CommonType([]base.Type{col.Type, rc[i].Type}, "UNION")
		if err != nil {
			b.failAt(err, setop.Right.Pos())
		}
		if !sameKind(t, col.Type) {
			e := base.Errorf(base.CodeDatatypeMismatch, "recursive query %q column %d has type %s in non-recursive term but type %s overall", c.Name, i+1, col.Type.String(), t.String()).
				WithHint("Cast the output of the non-recursive term to the correct type.")
			b.failAt(e, legTargetPos(setop.Left, i))
		}
		types[i] = col.Type
	}
	right = b.coerceOutput(right, types)
	cte.Recursive = true
	cte.UnionAll = setop.All
	cte.Plan = optimize(left)
	cte.RecursiveTerm = optimize(right)
	if with != nil {
		// CTEs local to the recursive query wrap both terms.
		cte.Plan = &With{CTEs: with.CTEs, Body: cte.Plan}
		cte.RecursiveTerm = &With{CTEs: with.CTEs, Body: cte.RecursiveTerm}
	}
}

// referencesName reports whether q mentions an unqualified relation name.
func referencesName(q *ast.Query, name string) bool { return findTableRef(q, name) != nil }

// findTableRef returns the first reference to the unqualified relation
// name in q.
func findTableRef(q *ast.Query, name string) *ast.TableRef {
	var found *ast.TableRef
	ast.Inspect(q, func(n ast.Node) bool {
		if t, ok := n.(*ast.TableRef); ok && len(t.Name) == 1 && t.Name[0] == name {
			found = t
		}
		return found == nil
	})
	return found
}

// legTargetPos is the position of output column i of a set-operation leg
// (PostgreSQL points type errors at it).
func legTargetPos(se ast.SetExpr, i int) int {
	for {
		switch x := se.(type) {
		case *ast.Query:
			se = x.Body
			continue
		case *ast.SetOperation:
			se = x.Left
			continue
		case *ast.Select:
			if i < len(x.Items) {
				if _, star := x.Items[i].Expr.(*ast.StarExpr); !star {
					return x.Items[i].Expr.Pos()
				}
			}
		case *ast.Values:
			if len(x.Rows) > 0 && i < len(x.Rows[0]) {
				return x.Rows[0][i].Pos()
			}
		}
		return se.Pos()
	}
}
