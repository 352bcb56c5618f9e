package parser

import (
	"strconv"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/scanner"
)

// Binding powers, lowest first, following PostgreSQL's gram.y precedence
// declarations.
const (
	precNone      = iota
	precOr        // OR
	precAnd       // AND
	precNot       // NOT (prefix)
	precIs        // IS, ISNULL, NOTNULL
	precCmp       // < > = <= >= <>
	precLike      // BETWEEN IN LIKE ILIKE SIMILAR
	precOp        // any other operator
	precAdd       // + -
	precMul       // * / %
	precExp       // ^
	precAt        // AT TIME ZONE
	precCollate   // COLLATE
	precUnary     // unary + -
	precSubscript // [ ]
	precCast      // ::
	precDot       // .
)

// parseExpr parses a full expression (a_expr).
func (p *Parser) parseExpr() ast.Expr { return p.parseExprPrec(precOr) }

// parseExprPrec parses an expression containing only operators that bind
// at least as tightly as min.
func (p *Parser) parseExprPrec(min int) ast.Expr {
	p.enter()
	defer p.leave()
	return p.parseInfix(p.parsePrefix(), min)
}

func (p *Parser) parseExprList() []ast.Expr {
	l := []ast.Expr{p.parseExpr()}
	for p.accept(scanner.Comma) {
		l = append(l, p.parseExpr())
	}
	return l
}

// infixPrec returns the binding power of the current token as an infix
// (or postfix) operator, 0 if it is none.
func (p *Parser) infixPrec() int {
	t := p.tok
	switch t.Kind {
	case scanner.Op:
		switch t.Val {
		case "<", ">", "=", "<=", ">=", "<>", "!=":
			return precCmp
		case "+", "-":
			return precAdd
		case "*", "/", "%":
			return precMul
		case "^":
			return precExp
		}
		return precOp
	case scanner.LBracket:
		return precSubscript
	case scanner.DColon:
		return precCast
	case scanner.Dot:
		return precDot
	case scanner.Ident:
		switch t.Val {
		case "or":
			return precOr
		case "and":
			return precAnd
		case "is", "isnull", "notnull":
			return precIs
		case "between", "in", "like", "ilike":
			return precLike
		case "similar":
			if p.peekKw(1, "to") {
				return precLike
			}
		case "not":
			n := p.peek(1)
			if n.Is("between") || n.Is("in") || n.Is("like") || n.Is("ilike") ||
				n.Is("similar") && p.peekKw(2, "to") {
				return precLike
			}
		case "at":
			if p.isKwSeq("at", "time", "zone") {
				return precAt
			}
		case "collate":
			return precCollate
		case "operator":
			if p.peek(1).Kind == scanner.LParen {
				return precOp
			}
		}
	}
	return precNone
}

func (p *Parser) parseInfix(left ast.Expr, min int) ast.Expr {
	for {
		prec := p.infixPrec()
		if prec == precNone || prec < min {
			return left
		}
		left = p.parseInfixOp(left, prec)
	}
}

func (p *Parser) parseInfixOp(left ast.Expr, prec int) ast.Expr {
	start := left.Pos()
	t := p.tok
	switch t.Kind {
	case scanner.Op:
		p.next()
		op := t.Val
		if op == "!=" {
			op = "<>"
		}
		if (p.isKw("any") || p.isKw("some") || p.isKw("all")) && p.peek(1).Kind == scanner.LParen {
			all := p.isKw("all")
			p.next()
			lp := p.tok.Pos
			p.next()
			list, q := p.parseParenExprOrQuery(lp)
			e := &ast.AnyAllExpr{Left: left, Op: op, All: all, Query: q}
			if q == nil {
				if len(list) != 1 {
					p.failf(t, base.CodeSyntaxError, "syntax error at or near \",\"")
				}
				e.Array = list[0]
			}
			e.Span = p.span(start)
			return e
		}
		right := p.parseExprPrec(prec + 1)
		return &ast.BinaryExpr{Span: p.span(start), Op: op, Left: left, Right: right}
	case scanner.LBracket:
		p.next()
		e := &ast.SubscriptExpr{X: left}
		if p.accept(scanner.Colon) {
			e.Slice = true
		} else {
			e.Index = p.parseExpr()
			if p.accept(scanner.Colon) {
				e.Slice = true
				e.Lo, e.Index = e.Index, nil
			}
		}
		if e.Slice && !p.is(scanner.RBracket) {
			e.Hi = p.parseExpr()
		}
		p.expect(scanner.RBracket)
		e.Span = p.span(start)
		return e
	case scanner.DColon:
		p.next()
		typ := p.parseTypeName()
		return &ast.CastExpr{Span: p.span(start), X: left, Type: typ, ColonColon: true}
	case scanner.Dot:
		p.next()
		f := p.parseLabel()
		return &ast.FieldExpr{Span: p.span(start), X: left, Field: f}
	}
	// keyword operators
	switch t.Val {
	case "operator":
		op := p.parseOperatorSyntax()
		right := p.parseExprPrec(prec + 1)
		return &ast.BinaryExpr{Span: p.span(start), Op: op, Left: left, Right: right}
	case "or", "and":
		p.next()
		right := p.parseExprPrec(prec + 1)
		op := "AND"
		if t.Val == "or" {
			op = "OR"
		}
		return &ast.BinaryExpr{Span: p.span(start), Op: op, Left: left, Right: right}
	case "isnull", "notnull":
		p.next()
		return &ast.IsExpr{Span: p.span(start), X: left, Not: t.Val == "notnull", Kind: ast.IsNull}
	case "is":
		p.next()
		not := p.acceptKw("not")
		switch {
		case p.acceptKw("null"):
			return &ast.IsExpr{Span: p.span(start), X: left, Not: not, Kind: ast.IsNull}
		case p.acceptKw("true"):
			return &ast.IsExpr{Span: p.span(start), X: left, Not: not, Kind: ast.IsTrue}
		case p.acceptKw("false"):
			return &ast.IsExpr{Span: p.span(start), X: left, Not: not, Kind: ast.IsFalse}
		case p.acceptKw("unknown"):
			return &ast.IsExpr{Span: p.span(start), X: left, Not: not, Kind: ast.IsUnknown}
		case p.acceptKw("distinct", "from"):
			right := p.parseExprPrec(precIs + 1)
			return &ast.IsDistinctExpr{Span: p.span(start), Left: left, Right: right, Not: not}
		}
		p.expected("NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM")
	case "at":
		p.acceptKw("at", "time", "zone")
		zone := p.parseExprPrec(precAt + 1)
		return &ast.AtTimeZoneExpr{Span: p.span(start), X: left, Zone: zone}
	case "collate":
		p.next()
		name := p.parseName()
		return &ast.CollateExpr{Span: p.span(start), X: left, Collation: name}
	}
	// [NOT] BETWEEN / IN / LIKE / ILIKE / SIMILAR TO
	not := p.acceptKw("not")
	switch {
	case p.acceptKw("between"):
		e := &ast.BetweenExpr{X: left, Not: not}
		if p.acceptKw("symmetric") {
			e.Symmetric = true
		} else {
			p.acceptKw("asymmetric")
		}
		e.Lo = p.parseExprPrec(precLike + 1)
		p.expectKw("and")
		e.Hi = p.parseExprPrec(precLike + 1)
		e.Span = p.span(start)
		return e
	case p.isKw("in"):
		p.next()
		lp := p.expect(scanner.LParen).Pos
		list, q := p.parseParenExprOrQuery(lp)
		return &ast.InExpr{Span: p.span(start), X: left, Not: not, List: list, Query: q}
	case p.isKw("like") || p.isKw("ilike") || p.isKw("similar"):
		op := "LIKE"
		switch {
		case p.acceptKw("ilike"):
			op = "ILIKE"
		case p.acceptKw("similar", "to"):
			op = "SIMILAR TO"
		default:
			p.next()
		}
		if op != "SIMILAR TO" && (p.isKw("any") || p.isKw("some") || p.isKw("all")) && p.peek(1).Kind == scanner.LParen {
			// x [NOT] [I]LIKE ANY|ALL (array | subquery): the ~~ operators.
			sym := map[string]string{"LIKE": "~~", "ILIKE": "~~*"}[op]
			if not {
				sym = "!" + sym
			}
			all := p.isKw("all")
			p.next()
			lp := p.tok.Pos
			p.next()
			list, q := p.parseParenExprOrQuery(lp)
			e := &ast.AnyAllExpr{Left: left, Op: sym, All: all, Query: q}
			if q == nil {
				if len(list) != 1 {
					p.failf(p.tok, base.CodeSyntaxError, "syntax error at or near \",\"")
				}
				e.Array = list[0]
			}
			e.Span = p.span(start)
			return e
		}
		e := &ast.LikeExpr{X: left, Not: not, Op: op}
		e.Pattern = p.parseExprPrec(precLike + 1)
		if p.acceptKw("escape") {
			e.Escape = p.parseExprPrec(precLike + 1)
		}
		e.Span = p.span(start)
		return e
	}
	p.unexpected()
	return nil
}

// parseOperatorSyntax parses OPERATOR([schema.]op), as psql and drivers
// write catalog queries, returning the bare operator: operators are only
// looked up in pg_catalog, so the qualifier adds nothing.
func (p *Parser) parseOperatorSyntax() string {
	p.expectKw("operator")
	p.expect(scanner.LParen)
	for isLabel(p.tok) && p.peek(1).Kind == scanner.Dot {
		p.next()
		p.next()
	}
	if p.tok.Kind != scanner.Op {
		p.expected("operator")
	}
	op := p.tok.Val
	if op == "!=" {
		op = "<>"
	}
	p.next()
	p.expect(scanner.RParen)
	return op
}

// isQueryStart reports whether the current token begins a query.
func (p *Parser) isQueryStart() bool {
	return p.isKw("select") || p.isKw("with") || p.isKw("values") || p.isKw("table")
}

// parseParenExprOrQuery parses what follows an already consumed '(' up to
// and including the matching ')': either a query (returned as q) or a
// comma-separated expression list. Nested parentheses are resolved
// without backtracking: an inner parenthesized query may turn out to be
// the left operand of UNION, the operand of an expression, or the whole.
func (p *Parser) parseParenExprOrQuery(lparen int) (list []ast.Expr, q *ast.Query) {
	p.enter()
	defer p.leave()
	if p.isQueryStart() {
		q = p.parseQuery()
		p.expect(scanner.RParen)
		return nil, q
	}
	var first ast.Expr
	if p.is(scanner.LParen) {
		innerStart := p.tok.Pos
		p.next()
		innerList, innerQ := p.parseParenExprOrQuery(innerStart)
		switch {
		case innerQ != nil && p.isSetOpOrQueryTail():
			q = p.continueQuery(innerQ, innerStart)
			p.expect(scanner.RParen)
			return nil, q
		case innerQ != nil && p.is(scanner.RParen):
			p.next()
			return nil, innerQ
		case innerQ != nil:
			first = &ast.SubqueryExpr{Span: p.span(innerStart), Query: innerQ}
		case len(innerList) > 1:
			first = &ast.RowExpr{Span: p.span(innerStart), Exprs: innerList}
		default:
			first = innerList[0]
		}
		first = p.parseInfix(first, precOr)
	} else {
		first = p.parseExpr()
	}
	list = []ast.Expr{first}
	for p.accept(scanner.Comma) {
		list = append(list, p.parseExpr())
	}
	p.expect(scanner.RParen)
	return list, nil
}

// parsePrefix parses a primary expression or a prefix operator.
func (p *Parser) parsePrefix() ast.Expr {
	t := p.tok
	start := t.Pos
	switch t.Kind {
	case scanner.Number:
		p.next()
		return &ast.NumberLit{Span: p.span(start), Text: t.Val}
	case scanner.String:
		p.next()
		return &ast.StringLit{Span: p.span(start), Value: t.Val}
	case scanner.Param:
		p.next()
		n, err := strconv.Atoi(t.Val)
		if err != nil || n <= 0 || n > 1<<16 {
			p.failf(t, base.CodeUndefinedParameter, "there is no parameter $%s", t.Val)
		}
		return &ast.Param{Span: p.span(start), N: n}
	case scanner.LParen:
		p.next()
		list, q := p.parseParenExprOrQuery(start)
		if q != nil {
			return &ast.SubqueryExpr{Span: p.span(start), Query: q}
		}
		if len(list) > 1 {
			return &ast.RowExpr{Span: p.span(start), Exprs: list}
		}
		return list[0]
	case scanner.Op:
		switch t.Val {
		case "*", "/", "%", "^", "<", ">", "=":
			// PostgreSQL lexes these as their own tokens: infix only.
			p.unexpected()
		}
		p.next()
		// Generic prefix operators are left-associative at Op level in
		// gram.y, so "! a ! b" is "(! a) ! b": the operand stops at the
		// next Op-level operator.
		prec := precOp + 1
		if t.Val == "-" || t.Val == "+" {
			prec = precUnary
		}
		x := p.parseExprPrec(prec)
		return &ast.UnaryExpr{Span: p.span(start), Op: t.Val, X: x}
	case scanner.Ident:
		if e := p.parseKeywordExpr(); e != nil {
			return e
		}
		return p.parseNameExpr()
	case scanner.QIdent:
		return p.parseNameExpr()
	}
	p.unexpected()
	return nil
}

var sqlValueFuncs = map[string]bool{
	"current_date": true, "current_time": true, "current_timestamp": true,
	"localtime": true, "localtimestamp": true, "current_user": true,
	"session_user": true, "user": true, "current_role": true,
	"current_catalog": true, "current_schema": true,
}

// parseKeywordExpr handles expressions introduced by keywords; it returns
// nil (consuming nothing) if the current word is not one of them.
func (p *Parser) parseKeywordExpr() ast.Expr {
	t := p.tok
	start := t.Pos
	next := p.peek(1)
	switch t.Val {
	case "true", "false":
		p.next()
		return &ast.BoolLit{Span: p.span(start), Value: t.Val == "true"}
	case "null":
		p.next()
		return &ast.NullLit{Span: p.span(start)}
	case "default":
		p.next()
		return &ast.DefaultExpr{Span: p.span(start)}
	case "not":
		p.next()
		x := p.parseExprPrec(precNot)
		return &ast.UnaryExpr{Span: p.span(start), Op: "NOT", X: x}
	case "case":
		return p.parseCase()
	case "operator":
		if next.Kind != scanner.LParen {
			return nil
		}
		op := p.parseOperatorSyntax()
		x := p.parseExprPrec(precOp + 1)
		return &ast.UnaryExpr{Span: p.span(start), Op: op, X: x}
	case "cast":
		if next.Kind != scanner.LParen {
			return nil
		}
		p.next()
		p.next()
		x := p.parseExpr()
		p.expectKw("as")
		typ := p.parseTypeName()
		p.expect(scanner.RParen)
		return &ast.CastExpr{Span: p.span(start), X: x, Type: typ}
	case "exists":
		if next.Kind != scanner.LParen {
			return nil
		}
		p.next()
		p.next()
		q := p.parseQuery()
		p.expect(scanner.RParen)
		return &ast.ExistsExpr{Span: p.span(start), Query: q}
	case "array":
		switch next.Kind {
		case scanner.LBracket:
			p.next()
			return p.parseArrayCtor(start)
		case scanner.LParen:
			p.next()
			p.next()
			q := p.parseQuery()
			p.expect(scanner.RParen)
			return &ast.ArrayExpr{Span: p.span(start), Query: q}
		}
		return nil
	case "row":
		if next.Kind != scanner.LParen {
			return nil
		}
		p.next()
		p.next()
		var list []ast.Expr
		if !p.is(scanner.RParen) {
			list = p.parseExprList()
		}
		p.expect(scanner.RParen)
		return &ast.RowExpr{Span: p.span(start), Exprs: list, Explicit: true}
	case "interval":
		if next.Kind == scanner.String {
			p.next()
			v := p.tok.Val
			p.next()
			tn := &ast.TypeName{Name: "interval"}
			tn.IntervalFields, tn.Args = p.parseIntervalQualifier()
			tn.Span = ast.Span{Start: start, Stop: start + len("interval")}
			return &ast.TypedLiteral{Span: p.span(start), Type: tn, Value: v}
		}
		return nil
	case "extract":
		if next.Kind != scanner.LParen {
			return nil
		}
		p.next()
		p.next()
		var field string
		switch {
		case p.is(scanner.String):
			field = lowerASCII(p.tok.Val)
			p.next()
		case p.is(scanner.Ident) || p.is(scanner.QIdent):
			field = lowerASCII(p.tok.Val)
			p.next()
		default:
			p.expected("field name")
		}
		p.expectKw("from")
		x := p.parseExpr()
		p.expect(scanner.RParen)
		return &ast.ExtractExpr{Span: p.span(start), Field: field, X: x}
	case "substring":
		if next.Kind != scanner.LParen {
			return nil
		}
		return p.parseSubstring()
	case "trim":
		if next.Kind != scanner.LParen {
			return nil
		}
		return p.parseTrim()
	case "position":
		if next.Kind != scanner.LParen {
			return nil
		}
		p.next()
		p.next()
		sub := p.parseExprPrec(precLike + 1)
		if p.is(scanner.Comma) {
			// position(a, b) in plain call syntax: same meaning as the
			// normalized form Format prints back as POSITION(b IN a).
			p.next()
			str := p.parseExpr()
			p.expect(scanner.RParen)
			return &ast.FuncCall{Span: p.span(start), Name: ast.ObjectName{"position"}, Args: []ast.Expr{sub, str}}
		}
		p.expectKw("in")
		str := p.parseExprPrec(precLike + 1)
		p.expect(scanner.RParen)
		return &ast.FuncCall{Span: p.span(start), Name: ast.ObjectName{"position"}, Args: []ast.Expr{str, sub}}
	case "overlay":
		if next.Kind != scanner.LParen {
			return nil
		}
		p.next()
		p.next()
		a := p.parseExpr()
		args := []ast.Expr{a}
		if p.acceptKw("placing") {
			args = append(args, p.parseExpr())
			p.expectKw("from")
			args = append(args, p.parseExpr())
			if p.acceptKw("for") {
				args = append(args, p.parseExpr())
			}
		} else {
			for p.accept(scanner.Comma) {
				args = append(args, p.parseExpr())
			}
		}
		p.expect(scanner.RParen)
		return &ast.FuncCall{Span: p.span(start), Name: ast.ObjectName{"overlay"}, Args: args}
	}
	if sqlValueFuncs[t.Val] {
		if next.Kind == scanner.LParen {
			switch t.Val {
			case "current_time", "current_timestamp", "localtime", "localtimestamp":
				p.next()
				p.next()
				nt := p.expect(scanner.Number)
				prec, err := strconv.Atoi(nt.Val)
				if err != nil || prec < 0 {
					p.failf(nt, base.CodeSyntaxError, "syntax error at or near \"%s\"", nt.Raw)
				}
				p.expect(scanner.RParen)
				return &ast.SQLValueFunc{Span: p.span(start), Name: t.Val, Precision: &prec}
			case "current_schema":
				return nil // an ordinary call current_schema()
			}
			p.next()
			p.unexpected()
		}
		p.next()
		return &ast.SQLValueFunc{Span: p.span(start), Name: t.Val}
	}
	return nil
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func (p *Parser) parseCase() ast.Expr {
	start := p.tok.Pos
	p.next()
	e := &ast.CaseExpr{}
	if !p.isKw("when") {
		e.Operand = p.parseExpr()
	}
	for p.isKw("when") {
		ws := p.tok.Pos
		p.next()
		cond := p.parseExpr()
		p.expectKw("then")
		res := p.parseExpr()
		e.Whens = append(e.Whens, &ast.When{Span: p.span(ws), Cond: cond, Result: res})
	}
	if len(e.Whens) == 0 {
		p.expected("WHEN")
	}
	if p.acceptKw("else") {
		e.Else = p.parseExpr()
	}
	p.expectKw("end")
	e.Span = p.span(start)
	return e
}

// parseArrayCtor parses '[' elems ']' after ARRAY (or nested inside one).
func (p *Parser) parseArrayCtor(start int) ast.Expr {
	p.enter()
	defer p.leave()
	p.expect(scanner.LBracket)
	e := &ast.ArrayExpr{}
	for !p.is(scanner.RBracket) {
		if p.is(scanner.LBracket) {
			e.Elems = append(e.Elems, p.parseArrayCtor(p.tok.Pos))
		} else {
			e.Elems = append(e.Elems, p.parseExpr())
		}
		if !p.accept(scanner.Comma) {
			break
		}
	}
	p.expect(scanner.RBracket)
	e.Span = p.span(start)
	return e
}

// parseSubstring parses SUBSTRING(x FROM a FOR b) (normalized to
// substring(x, a, b)) or an ordinary call substring(args...).
func (p *Parser) parseSubstring() ast.Expr {
	start := p.tok.Pos
	p.next()
	p.next()
	fc := &ast.FuncCall{Name: ast.ObjectName{"substring"}}
	if p.is(scanner.RParen) || p.isOp("*") || p.isKw("distinct") || p.isKw("all") || p.isKw("variadic") {
		p.parseFuncArgs(fc)
		return p.finishFuncCall(fc, start)
	}
	x := p.parseExpr()
	if !p.isKw("from") && !p.isKw("for") {
		fc.Args = []ast.Expr{x}
		p.parseMoreFuncArgs(fc)
		return p.finishFuncCall(fc, start)
	}
	var from, forE ast.Expr
	for i := 0; i < 2; i++ {
		if from == nil && p.acceptKw("from") {
			from = p.parseExpr()
		} else if forE == nil && p.acceptKw("for") {
			forE = p.parseExpr()
		}
	}
	if from == nil {
		from = &ast.NumberLit{Text: "1"}
	}
	fc.Args = []ast.Expr{x, from}
	if forE != nil {
		fc.Args = append(fc.Args, forE)
	}
	p.expect(scanner.RParen)
	fc.Span = p.span(start)
	return fc
}

// parseTrim normalizes TRIM([BOTH|LEADING|TRAILING] [chars] FROM x) to
// btrim/ltrim/rtrim(x [, chars]) as PostgreSQL does.
func (p *Parser) parseTrim() ast.Expr {
	start := p.tok.Pos
	p.next()
	p.next()
	name := "btrim"
	switch {
	case p.acceptKw("leading"):
		name = "ltrim"
	case p.acceptKw("trailing"):
		name = "rtrim"
	default:
		p.acceptKw("both")
	}
	var args []ast.Expr
	if p.acceptKw("from") {
		args = p.parseExprList()
	} else {
		chars := p.parseExpr()
		if p.acceptKw("from") {
			args = append(p.parseExprList(), chars)
		} else {
			args = []ast.Expr{chars}
			for p.accept(scanner.Comma) {
				args = append(args, p.parseExpr())
			}
		}
	}
	p.expect(scanner.RParen)
	return &ast.FuncCall{Span: p.span(start), Name: ast.ObjectName{name}, Args: args}
}

// callableColNameWords are ColName keywords usable as ordinary function
// names.
var callableColNameWords = map[string]bool{
	"coalesce": true, "nullif": true, "greatest": true, "least": true,
	"grouping": true, "values": false,
}

// parseNameExpr parses column references, qualified stars, function
// calls and generic typed literals (type 'string').
func (p *Parser) parseNameExpr() ast.Expr {
	t := p.tok
	start := t.Pos
	if t.Kind == scanner.Ident {
		cat := scanner.KeywordCategory(t.Val)
		next := p.peek(1)
		switch {
		case cat == scanner.Reserved:
			p.unexpected()
		case cat == scanner.TypeFunc && next.Kind != scanner.LParen:
			p.unexpected()
		case cat == scanner.ColName && next.Kind == scanner.LParen && !callableColNameWords[t.Val] && !typeStartWords[t.Val]:
			p.unexpected()
		}
		if typeStartWords[t.Val] && t.Val != "interval" {
			if e := p.tryTypedLiteral(); e != nil {
				return e
			}
			if cat == scanner.ColName && next.Kind == scanner.LParen {
				p.unexpected()
			}
		}
	}
	p.next()
	parts := []string{t.Val}
	for p.is(scanner.Dot) {
		p.next()
		if p.isOp("*") {
			p.next()
			return &ast.StarExpr{Span: p.span(start), Table: parts}
		}
		parts = append(parts, p.parseLabel())
	}
	switch {
	case p.is(scanner.LParen):
		return p.parseFuncCall(parts, start)
	case p.is(scanner.String):
		v := p.tok.Val
		tn := &ast.TypeName{Span: p.span(start), Name: CanonicalTypeName(joinDots(parts))}
		p.next()
		return &ast.TypedLiteral{Span: p.span(start), Type: tn, Value: v}
	}
	return &ast.ColumnRef{Span: p.span(start), Parts: parts}
}

func joinDots(parts []string) string {
	s := parts[0]
	for _, x := range parts[1:] {
		s += "." + x
	}
	return s
}

// tryTypedLiteral parses `type 'string'` for built-in type spellings
// (DOUBLE PRECISION '1', TIMESTAMP WITH TIME ZONE '...', VARCHAR(3)
// 'x'), backtracking if no string follows the type.
func (p *Parser) tryTypedLiteral() (e ast.Expr) {
	save, saveToks := p.i, p.toks // splitOp may replace p.toks
	start := p.tok.Pos
	ok := func() (ok bool) {
		defer func() {
			if r := recover(); r != nil {
				if _, isBail := r.(bailout); !isBail {
					panic(r)
				}
				ok = false
			}
		}()
		tn := p.parseTypeName()
		if !p.is(scanner.String) || tn.Array {
			return false
		}
		v := p.tok.Val
		p.next()
		e = &ast.TypedLiteral{Span: p.span(start), Type: tn, Value: v}
		return true
	}()
	if !ok {
		p.toks = saveToks
		p.reset(save)
		return nil
	}
	return e
}

// parseFuncCall parses the argument list and trailing clauses of a call.
func (p *Parser) parseFuncCall(name ast.ObjectName, start int) ast.Expr {
	p.expect(scanner.LParen)
	fc := &ast.FuncCall{Name: name}
	p.parseFuncArgs(fc)
	return p.finishFuncCall(fc, start)
}

// parseFuncArgs parses what follows '(': *, nothing, or [DISTINCT|ALL]
// arguments with an optional ORDER BY.
func (p *Parser) parseFuncArgs(fc *ast.FuncCall) {
	switch {
	case p.isOp("*"):
		p.next()
		fc.Star = true
	case p.is(scanner.RParen):
	default:
		if p.acceptKw("distinct") {
			fc.Distinct = true
		} else {
			p.acceptKw("all")
		}
		if p.acceptKw("variadic") {
			fc.Variadic = true
			fc.Args = append(fc.Args, p.parseExpr())
		} else {
			fc.Args = append(fc.Args, p.parseExpr())
			p.parseMoreFuncArgs(fc)
			return
		}
		if p.isKwSeq("order", "by") {
			fc.OrderBy = p.parseOrderBy()
		}
	}
}

// parseMoreFuncArgs parses the arguments after the first (, arg)* and an
// optional ORDER BY; VARIADIC may mark only the last argument.
func (p *Parser) parseMoreFuncArgs(fc *ast.FuncCall) {
	for p.accept(scanner.Comma) {
		if p.acceptKw("variadic") {
			fc.Variadic = true
			fc.Args = append(fc.Args, p.parseExpr())
			break
		}
		fc.Args = append(fc.Args, p.parseExpr())
	}
	if p.isKwSeq("order", "by") {
		fc.OrderBy = p.parseOrderBy()
	}
}

// finishFuncCall parses ')' and WITHIN GROUP, FILTER and OVER.
func (p *Parser) finishFuncCall(fc *ast.FuncCall, start int) ast.Expr {
	p.expect(scanner.RParen)
	if p.isKwSeq("within", "group") {
		p.next()
		p.next()
		p.expect(scanner.LParen)
		if !p.isKwSeq("order", "by") {
			p.expected("ORDER BY")
		}
		fc.OrderBy = p.parseOrderBy()
		fc.WithinGroup = true
		p.expect(scanner.RParen)
	}
	if p.isKw("filter") && p.peek(1).Kind == scanner.LParen {
		p.next()
		p.next()
		p.expectKw("where")
		fc.Filter = p.parseExpr()
		p.expect(scanner.RParen)
	}
	if p.isKw("over") && (p.peek(1).Kind == scanner.LParen || isColId(p.peek(1))) {
		p.next()
		if p.is(scanner.LParen) {
			fc.Over = p.parseWindowSpec()
		} else {
			ws := p.tok.Pos
			n := p.parseColId()
			fc.Over = &ast.WindowSpec{Span: p.span(ws), Name: n}
		}
	}
	fc.Span = p.span(start)
	return fc
}

// parseWindowSpec parses '(' [name] [PARTITION BY ..] [ORDER BY ..] [frame] ')'.
func (p *Parser) parseWindowSpec() *ast.WindowSpec {
	start := p.tok.Pos
	p.expect(scanner.LParen)
	ws := &ast.WindowSpec{}
	if isColId(p.tok) && !p.isKw("partition") && !p.isKw("order") && !p.isKw("rows") &&
		!p.isKw("range") && !p.isKw("groups") {
		ws.Name = p.parseColId()
	}
	if p.acceptKw("partition", "by") {
		ws.PartitionBy = p.parseExprList()
	}
	if p.isKwSeq("order", "by") {
		ws.OrderBy = p.parseOrderBy()
	}
	if p.isKw("rows") || p.isKw("range") || p.isKw("groups") {
		ws.Frame = p.parseFrame()
	}
	p.expect(scanner.RParen)
	ws.Span = p.span(start)
	return ws
}

func (p *Parser) parseFrame() *ast.WindowFrame {
	start := p.tok.Pos
	f := &ast.WindowFrame{}
	switch p.tok.Val {
	case "range":
		f.Mode = ast.FrameRange
	case "groups":
		f.Mode = ast.FrameGroups
	}
	p.next()
	if p.acceptKw("between") {
		f.Start = p.parseFrameBound()
		p.expectKw("and")
		f.End = p.parseFrameBound()
	} else {
		f.Start = p.parseFrameBound()
	}
	if p.acceptKw("exclude") {
		switch {
		case p.acceptKw("current", "row"):
			f.Exclude = "current row"
		case p.acceptKw("group"):
			f.Exclude = "group"
		case p.acceptKw("ties"):
			f.Exclude = "ties"
		case p.acceptKw("no", "others"):
			f.Exclude = "no others"
		default:
			p.expected("CURRENT ROW, GROUP, TIES or NO OTHERS")
		}
	}
	f.Span = p.span(start)
	return f
}

func (p *Parser) parseFrameBound() *ast.FrameBound {
	start := p.tok.Pos
	b := &ast.FrameBound{}
	switch {
	case p.acceptKw("unbounded", "preceding"):
		b.Kind = ast.UnboundedPreceding
	case p.acceptKw("unbounded", "following"):
		b.Kind = ast.UnboundedFollowing
	case p.acceptKw("current", "row"):
		b.Kind = ast.CurrentRow
	default:
		b.Offset = p.parseExpr()
		switch {
		case p.acceptKw("preceding"):
			b.Kind = ast.OffsetPreceding
		case p.acceptKw("following"):
			b.Kind = ast.OffsetFollowing
		default:
			p.expected("PRECEDING or FOLLOWING")
		}
	}
	b.Span = p.span(start)
	return b
}

// parseOrderBy parses ORDER BY item, ....
func (p *Parser) parseOrderBy() []*ast.OrderByItem {
	p.expectKw("order", "by")
	var items []*ast.OrderByItem
	for {
		items = append(items, p.parseOrderByItem())
		if !p.accept(scanner.Comma) {
			return items
		}
	}
}

func (p *Parser) parseOrderByItem() *ast.OrderByItem {
	start := p.tok.Pos
	it := &ast.OrderByItem{Expr: p.parseExpr()}
	if p.acceptKw("desc") {
		it.Desc = true
	} else {
		p.acceptKw("asc")
	}
	switch {
	case p.acceptKw("nulls", "first"):
		it.Nulls = ast.NullsFirst
	case p.acceptKw("nulls", "last"):
		it.Nulls = ast.NullsLast
	}
	it.Span = p.span(start)
	return it
}
