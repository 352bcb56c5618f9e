package parser

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/scanner"
)

// parseQuery parses [WITH ...] set-expression [ORDER BY] [LIMIT/OFFSET/FETCH].
func (p *Parser) parseQuery() *ast.Query {
	p.enter()
	defer p.leave()
	start := p.tok.Pos
	var with *ast.WithClause
	if p.isKw("with") {
		with = p.parseWith()
	}
	body := p.parseSetExpr(p.parseSetOperand(), 0)
	q := &ast.Query{With: with, Body: body}
	p.parseQueryTail(q)
	q.Span = p.span(start)
	return q
}

// continueQuery resumes parsing a query whose first set operand (a
// parenthesized query starting at start) has already been parsed.
func (p *Parser) continueQuery(first *ast.Query, start int) *ast.Query {
	body := p.parseSetExpr(first, 0)
	q := &ast.Query{Body: body}
	p.parseQueryTail(q)
	q.Span = p.span(start)
	return q
}

// isSetOpOrQueryTail reports whether the current token continues a query
// after a set operand.
func (p *Parser) isSetOpOrQueryTail() bool {
	return p.isKw("union") || p.isKw("intersect") || p.isKw("except") ||
		p.isKw("order") || p.isKw("limit") || p.isKw("offset") || p.isKw("fetch")
}

func setOpPrec(t scanner.Token) int {
	switch {
	case t.Is("union"), t.Is("except"):
		return 1
	case t.Is("intersect"):
		return 2
	}
	return 0
}

// parseSetExpr folds set operators with precedence climbing: INTERSECT
// binds tighter than UNION and EXCEPT; all are left-associative.
func (p *Parser) parseSetExpr(left ast.SetExpr, min int) ast.SetExpr {
	for {
		prec := setOpPrec(p.tok)
		if prec == 0 || prec <= min {
			return left
		}
		op := ast.Union
		switch p.tok.Val {
		case "intersect":
			op = ast.Intersect
		case "except":
			op = ast.Except
		}
		p.next()
		all := p.acceptKw("all")
		if !all {
			p.acceptKw("distinct")
		}
		right := p.parseSetOperand()
		// bind tighter operators on the right first
		for setOpPrec(p.tok) > prec {
			right = p.parseSetExpr(right, prec)
		}
		left = &ast.SetOperation{Span: ast.Span{Start: left.Pos(), Stop: p.prevE}, Op: op, All: all, Left: left, Right: right}
	}
}

// parseSetOperand parses SELECT ..., VALUES ..., TABLE name or a
// parenthesized query.
func (p *Parser) parseSetOperand() ast.SetExpr {
	start := p.tok.Pos
	switch {
	case p.isKw("select"):
		return p.parseSelect()
	case p.isKw("values"):
		return p.parseValues()
	case p.isKw("table"):
		p.next()
		name := p.parseName()
		star := &ast.StarExpr{Span: p.span(start)}
		return &ast.Select{Span: p.span(start),
			Items: []*ast.SelectItem{{Span: star.Span, Expr: star}},
			From:  []ast.TableExpr{&ast.TableRef{Span: p.span(start), Name: name}}}
	case p.is(scanner.LParen):
		p.enter()
		defer p.leave()
		p.next()
		q := p.parseQuery()
		p.expect(scanner.RParen)
		q.Span = p.span(start)
		return q
	}
	p.expected("SELECT or VALUES")
	return nil
}

func (p *Parser) parseQueryTail(q *ast.Query) {
	if p.isKw("order") {
		q.OrderBy = p.parseOrderBy()
	}
	seenLimit, seenOffset := false, false
	for {
		switch {
		case p.isKw("limit") && !seenLimit:
			p.next()
			seenLimit = true
			if !p.acceptKw("all") {
				q.Limit = p.parseExpr()
			}
		case p.isKw("offset") && !seenOffset:
			p.next()
			seenOffset = true
			q.Offset = p.parseExpr()
			if !p.acceptKw("row") {
				p.acceptKw("rows")
			}
		case p.isKw("fetch") && !seenLimit:
			p.next()
			seenLimit = true
			if !p.acceptKw("first") {
				p.expectKw("next")
			}
			if p.isKw("row") || p.isKw("rows") {
				q.Limit = &ast.NumberLit{Span: ast.Span{Start: p.tok.Pos, Stop: p.tok.Pos}, Text: "1"}
			} else {
				q.Limit = p.parseExprPrec(precAdd)
			}
			if !p.acceptKw("row") {
				p.expectKw("rows")
			}
			p.expectKw("only")
		default:
			return
		}
	}
}

func (p *Parser) parseWith() *ast.WithClause {
	start := p.tok.Pos
	p.expectKw("with")
	w := &ast.WithClause{Recursive: p.acceptKw("recursive")}
	for {
		cs := p.tok.Pos
		cte := &ast.CTE{Name: p.parseColId()}
		if p.is(scanner.LParen) {
			cte.Columns = p.parseParenColIdList()
		}
		p.expectKw("as")
		switch {
		case p.acceptKw("materialized"):
			t := true
			cte.Materialized = &t
		case p.acceptKw("not", "materialized"):
			f := false
			cte.Materialized = &f
		}
		p.expect(scanner.LParen)
		cte.Query = p.parseQuery()
		p.expect(scanner.RParen)
		cte.Span = p.span(cs)
		w.CTEs = append(w.CTEs, cte)
		if !p.accept(scanner.Comma) {
			break
		}
	}
	w.Span = p.span(start)
	return w
}

func (p *Parser) parseValues() *ast.Values {
	start := p.tok.Pos
	p.expectKw("values")
	v := &ast.Values{}
	for {
		p.expect(scanner.LParen)
		row := p.parseExprList()
		p.expect(scanner.RParen)
		if len(v.Rows) > 0 && len(row) != len(v.Rows[0]) {
			p.failf(p.toks[p.i-1], base.CodeSyntaxError, "VALUES lists must all be the same length")
		}
		v.Rows = append(v.Rows, row)
		if !p.accept(scanner.Comma) {
			break
		}
	}
	v.Span = p.span(start)
	return v
}

// selectListEnd reports whether the token ends an (empty) select list.
func (p *Parser) selectListEnd() bool {
	switch p.tok.Kind {
	case scanner.EOF, scanner.Semicolon, scanner.RParen:
		return true
	case scanner.Ident:
		switch p.tok.Val {
		case "from", "where", "group", "having", "window", "union", "intersect",
			"except", "order", "limit", "offset", "fetch", "into":
			return true
		case "emit":
			return p.isKwSeq("emit", "on")
		}
	}
	return false
}

func (p *Parser) parseSelect() *ast.Select {
	start := p.tok.Pos
	p.expectKw("select")
	s := &ast.Select{}
	if p.acceptKw("distinct") {
		s.Distinct = true
		if p.acceptKw("on") {
			p.expect(scanner.LParen)
			s.DistinctOn = p.parseExprList()
			p.expect(scanner.RParen)
		}
	} else {
		p.acceptKw("all")
	}
	if !p.selectListEnd() {
		s.Items = p.parseSelectItems()
	}
	if p.acceptKw("from") {
		s.From = p.parseFromList()
	}
	if p.acceptKw("where") {
		s.Where = p.parseExpr()
	}
	if p.acceptKw("group") {
		p.expectKw("by")
		if !p.acceptKw("all") {
			p.acceptKw("distinct")
		}
		s.GroupBy = p.parseExprList()
	}
	if p.acceptKw("having") {
		s.Having = p.parseExpr()
	}
	if p.acceptKw("window") {
		for {
			ws := p.tok.Pos
			name := p.parseColId()
			p.expectKw("as")
			spec := p.parseWindowSpec()
			s.Windows = append(s.Windows, &ast.WindowDef{Span: p.span(ws), Name: name, Spec: spec})
			if !p.accept(scanner.Comma) {
				break
			}
		}
	}
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseSelectItems() []*ast.SelectItem {
	var items []*ast.SelectItem
	for {
		items = append(items, p.parseSelectItem())
		if !p.accept(scanner.Comma) {
			return items
		}
	}
}

// isImplicitAlias reports whether the current token can be an alias
// written without AS. Only plain identifiers qualify (PostgreSQL's
// BareColLabel is broader, but then RisingWave clauses such as EMIT ON
// WINDOW CLOSE would be ambiguous).
func (p *Parser) isImplicitAlias() bool {
	switch p.tok.Kind {
	case scanner.QIdent:
		return true
	case scanner.Ident:
		if scanner.KeywordCategory(p.tok.Val) != scanner.NotKeyword {
			return false
		}
		switch p.tok.Val {
		case "emit":
			return !p.peekKw(1, "on")
		case "set": // UPDATE t SET ...
			return false
		case "format": // CREATE SINK ... AS SELECT ... FORMAT ...
			return !isLabel(p.peek(1)) || !p.peekKw(2, "encode")
		}
		return true
	}
	return false
}

func (p *Parser) parseSelectItem() *ast.SelectItem {
	start := p.tok.Pos
	if p.isOp("*") {
		p.next()
		star := &ast.StarExpr{Span: p.span(start)}
		return &ast.SelectItem{Span: p.span(start), Expr: star}
	}
	it := &ast.SelectItem{Expr: p.parseExpr()}
	if p.acceptKw("as") {
		it.Alias = p.parseLabel()
	} else if p.isImplicitAlias() {
		it.Alias = p.tok.Val
		p.next()
	}
	it.Span = p.span(start)
	return it
}

func (p *Parser) parseFromList() []ast.TableExpr {
	l := []ast.TableExpr{p.parseTableExpr()}
	for p.accept(scanner.Comma) {
		l = append(l, p.parseTableExpr())
	}
	return l
}

// parseTableExpr parses a FROM item with any joins (left-deep).
func (p *Parser) parseTableExpr() ast.TableExpr {
	p.enter()
	defer p.leave()
	left := p.parseTablePrimary()
	for {
		start := left.Pos()
		j := &ast.JoinExpr{Left: left}
		if p.acceptKw("natural") {
			j.Natural = true
		}
		switch {
		case p.acceptKw("cross", "join"):
			if j.Natural {
				p.unexpected()
			}
			j.Kind = ast.CrossJoin
		case p.acceptKw("join"), p.acceptKw("inner", "join"):
			j.Kind = ast.InnerJoin
		case p.isKw("left") || p.isKw("right") || p.isKw("full"):
			switch p.tok.Val {
			case "left":
				j.Kind = ast.LeftJoin
			case "right":
				j.Kind = ast.RightJoin
			default:
				j.Kind = ast.FullJoin
			}
			p.next()
			p.acceptKw("outer")
			p.expectKw("join")
		default:
			if j.Natural {
				p.expected("JOIN")
			}
			return left
		}
		j.Right = p.parseTablePrimary()
		if !j.Natural && j.Kind != ast.CrossJoin {
			switch {
			case p.acceptKw("on"):
				j.On = p.parseExpr()
			case p.acceptKw("using"):
				j.Using = p.parseParenColIdList()
			default:
				p.expected("ON or USING")
			}
		}
		j.Span = p.span(start)
		left = j
	}
}

// parenStartsQuery reports whether the '(' at the current token opens a
// query (possibly after further parentheses).
func (p *Parser) parenStartsQuery() bool {
	for i := 0; ; i++ {
		t := p.peek(i)
		if t.Kind == scanner.LParen {
			continue
		}
		return t.Is("select") || t.Is("with") || t.Is("values") || t.Is("table")
	}
}

func (p *Parser) parseTablePrimary() ast.TableExpr {
	start := p.tok.Pos
	lateral := p.acceptKw("lateral")
	if p.is(scanner.LParen) {
		if p.parenStartsQuery() {
			p.next()
			q := p.parseQuery()
			p.expect(scanner.RParen)
			d := &ast.DerivedTable{Lateral: lateral, Query: q}
			d.Alias = p.parseOptAlias(true)
			d.Span = p.span(start)
			return d
		}
		if lateral {
			p.expected("subquery or function")
		}
		p.enter()
		defer p.leave()
		p.next()
		inner := p.parseTableExpr()
		p.expect(scanner.RParen)
		if j, ok := inner.(*ast.JoinExpr); ok && j.Alias == nil {
			if j.Alias = p.parseOptAlias(true); j.Alias != nil {
				j.Span = p.span(start)
			}
		}
		return inner
	}
	name := p.parseFuncOrTableName()
	if p.is(scanner.LParen) {
		fc := p.parseFuncCall(name, start).(*ast.FuncCall)
		ft := &ast.FuncTable{Lateral: lateral, Func: fc}
		if p.acceptKw("with", "ordinality") {
			ft.WithOrdinality = true
		}
		ft.Alias = p.parseOptAlias(true)
		ft.Span = p.span(start)
		return ft
	}
	if lateral {
		p.expected("subquery or function")
	}
	tr := &ast.TableRef{Name: name}
	tr.AsOfProcTime = p.parseForSystemTime()
	tr.Alias = p.parseOptAlias(true)
	if !tr.AsOfProcTime {
		tr.AsOfProcTime = p.parseForSystemTime()
	}
	tr.Span = p.span(start)
	return tr
}

// parseFuncOrTableName parses a relation name, or a function name (which
// may be a TypeFunc keyword such as left/right when a '(' follows).
func (p *Parser) parseFuncOrTableName() ast.ObjectName {
	if p.tok.Kind == scanner.Ident && scanner.KeywordCategory(p.tok.Val) == scanner.TypeFunc &&
		p.peek(1).Kind == scanner.LParen {
		return p.parseTypeFuncName()
	}
	return p.parseName()
}

// parseForSystemTime parses FOR SYSTEM_TIME AS OF PROCTIME().
func (p *Parser) parseForSystemTime() bool {
	if !p.isKwSeq("for", "system_time") {
		return false
	}
	p.acceptKw("for", "system_time", "as", "of")
	if !p.isKw("proctime") && !p.isKw("now") {
		p.expected("PROCTIME()")
	}
	p.next()
	p.expect(scanner.LParen)
	p.expect(scanner.RParen)
	return true
}

// parseOptAlias parses [AS] alias [(cols)].
func (p *Parser) parseOptAlias(allowCols bool) *ast.Alias {
	start := p.tok.Pos
	var name string
	switch {
	case p.acceptKw("as"):
		name = p.parseColId()
	case p.isImplicitAlias() || p.tok.Kind == scanner.Ident && scanner.KeywordCategory(p.tok.Val) == scanner.ColName:
		name = p.tok.Val
		p.next()
	default:
		return nil
	}
	a := &ast.Alias{Name: name}
	if allowCols && p.is(scanner.LParen) {
		a.Columns = p.parseParenColIdList()
	}
	a.Span = p.span(start)
	return a
}
