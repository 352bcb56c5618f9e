package parser

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/scanner"
)

// parseStatement dispatches on the first word.
func (p *Parser) parseStatement() ast.Statement {
	p.enter()
	defer p.leave()
	t := p.tok
	if t.Kind == scanner.LParen {
		return p.parseQuery()
	}
	if t.Kind != scanner.Ident {
		p.unexpected()
	}
	switch t.Val {
	case "select", "values", "table":
		return p.parseQuery()
	case "with":
		return p.parseWithStatement()
	case "insert":
		return p.parseInsert(nil)
	case "update":
		return p.parseUpdate(nil)
	case "delete":
		return p.parseDelete(nil)
	case "create":
		return p.parseCreate()
	case "drop":
		return p.parseDrop()
	case "alter":
		return p.parseAlter()
	case "grant", "revoke":
		return p.parseGrant()
	case "comment":
		return p.parseComment()
	case "set":
		return p.parseSet()
	case "show":
		return p.parseShow()
	case "reset":
		return p.parseReset()
	case "explain":
		return p.parseExplain()
	case "begin", "start", "commit", "end", "rollback", "abort":
		return p.parseTransaction()
	case "flush":
		p.next()
		return &ast.FlushStmt{Span: p.span(t.Pos)}
	case "truncate":
		p.next()
		p.acceptKw("table")
		names := p.parseNameList()
		return &ast.TruncateStmt{Span: p.span(t.Pos), Names: names}
	case "discard":
		p.next()
		var target string
		switch {
		case p.acceptKw("all"):
			target = "all"
		case p.acceptKw("plans"):
			target = "plans"
		case p.acceptKw("sequences"):
			target = "sequences"
		case p.acceptKw("temp"), p.acceptKw("temporary"):
			target = "temp"
		default:
			p.expected("ALL, PLANS, SEQUENCES or TEMP")
		}
		return &ast.DiscardStmt{Span: p.span(t.Pos), Target: target}
	case "deallocate":
		p.next()
		p.acceptKw("prepare")
		d := &ast.DeallocateStmt{}
		if p.acceptKw("all") {
			d.All = true
		} else {
			d.Name = p.parseColId()
		}
		d.Span = p.span(t.Pos)
		return d
	case "prepare":
		p.next()
		ps := &ast.PrepareStmt{Name: p.parseColId()}
		if p.accept(scanner.LParen) {
			for {
				ps.Types = append(ps.Types, p.parseTypeName())
				if !p.accept(scanner.Comma) {
					break
				}
			}
			p.expect(scanner.RParen)
		}
		p.expectKw("as")
		ps.Stmt = p.parseStatement()
		ps.Span = p.span(t.Pos)
		return ps
	case "execute":
		p.next()
		es := &ast.ExecuteStmt{Name: p.parseColId()}
		if p.accept(scanner.LParen) {
			es.Params = p.parseExprList()
			p.expect(scanner.RParen)
		}
		es.Span = p.span(t.Pos)
		return es
	case "copy":
		return p.parseCopy()
	}
	p.unexpected()
	return nil
}

// parseWithStatement parses WITH ... followed by a query or DML.
func (p *Parser) parseWithStatement() ast.Statement {
	start := p.tok.Pos
	save := p.i
	w := p.parseWith()
	switch {
	case p.isKw("insert"):
		s := p.parseInsert(w)
		s.Span.Start = start
		return s
	case p.isKw("update"):
		s := p.parseUpdate(w)
		s.Span.Start = start
		return s
	case p.isKw("delete"):
		s := p.parseDelete(w)
		s.Span.Start = start
		return s
	}
	p.reset(save)
	return p.parseQuery()
}

// ---------------------------------------------------------------------------
// DML

func (p *Parser) parseInsert(with *ast.WithClause) *ast.InsertStmt {
	start := p.tok.Pos
	p.expectKw("insert", "into")
	s := &ast.InsertStmt{With: with, Table: p.parseName()}
	if p.acceptKw("as") {
		s.Alias = p.parseColId()
	}
	if p.is(scanner.LParen) && !p.parenStartsQuery() {
		s.Columns = p.parseParenColIdList()
	}
	if p.acceptKw("default", "values") {
		s.DefaultValues = true
	} else {
		s.Source = p.parseQuery()
	}
	if p.isKwSeq("on", "conflict") {
		s.OnConflict = p.parseOnConflict()
	}
	if p.acceptKw("returning") {
		s.Returning = p.parseSelectItems()
	}
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseOnConflict() *ast.OnConflict {
	start := p.tok.Pos
	p.expectKw("on", "conflict")
	oc := &ast.OnConflict{}
	if p.is(scanner.LParen) {
		oc.Columns = p.parseParenColIdList()
	} else if p.acceptKw("on", "constraint") {
		oc.Constraint = p.parseColId()
	}
	p.expectKw("do")
	if p.acceptKw("nothing") {
		oc.DoNothing = true
	} else {
		p.expectKw("update", "set")
		oc.Set = p.parseAssignments()
		if p.acceptKw("where") {
			oc.Where = p.parseExpr()
		}
	}
	oc.Span = p.span(start)
	return oc
}

func (p *Parser) parseAssignments() []*ast.Assignment {
	var l []*ast.Assignment
	for {
		start := p.tok.Pos
		col := p.parseColId()
		p.expectOp("=")
		v := p.parseExpr()
		l = append(l, &ast.Assignment{Span: p.span(start), Column: col, Value: v})
		if !p.accept(scanner.Comma) {
			return l
		}
	}
}

func (p *Parser) parseDMLAlias() string {
	if p.acceptKw("as") {
		return p.parseColId()
	}
	if p.isImplicitAlias() {
		v := p.tok.Val
		p.next()
		return v
	}
	return ""
}

func (p *Parser) parseUpdate(with *ast.WithClause) *ast.UpdateStmt {
	start := p.tok.Pos
	p.expectKw("update")
	p.acceptKw("only")
	s := &ast.UpdateStmt{With: with, Table: p.parseName()}
	s.Alias = p.parseDMLAlias()
	p.expectKw("set")
	s.Set = p.parseAssignments()
	if p.acceptKw("from") {
		s.From = p.parseFromList()
	}
	if p.acceptKw("where") {
		s.Where = p.parseExpr()
	}
	if p.acceptKw("returning") {
		s.Returning = p.parseSelectItems()
	}
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseDelete(with *ast.WithClause) *ast.DeleteStmt {
	start := p.tok.Pos
	p.expectKw("delete", "from")
	p.acceptKw("only")
	s := &ast.DeleteStmt{With: with, Table: p.parseName()}
	s.Alias = p.parseDMLAlias()
	if p.acceptKw("using") {
		s.Using = p.parseFromList()
	}
	if p.acceptKw("where") {
		s.Where = p.parseExpr()
	}
	if p.acceptKw("returning") {
		s.Returning = p.parseSelectItems()
	}
	s.Span = p.span(start)
	return s
}

// ---------------------------------------------------------------------------
// Session statements

// parseVarName parses a dotted configuration parameter name.
func (p *Parser) parseVarName() string {
	n := p.parseLabel()
	for p.accept(scanner.Dot) {
		n += "." + p.parseLabel()
	}
	return n
}

// parseVarValue parses one SET value: string, signed number, or a word
// (turned into a string, as PostgreSQL does).
func (p *Parser) parseVarValue() ast.Expr {
	start := p.tok.Pos
	switch p.tok.Kind {
	case scanner.String, scanner.Ident, scanner.QIdent:
		v := p.tok.Val
		p.next()
		return &ast.StringLit{Span: p.span(start), Value: v}
	case scanner.Number:
		v := p.tok.Val
		p.next()
		return &ast.NumberLit{Span: p.span(start), Text: v}
	case scanner.Op:
		if p.tok.Val == "-" || p.tok.Val == "+" {
			sign := p.tok.Val
			p.next()
			n := p.expect(scanner.Number)
			if sign == "+" {
				sign = ""
			}
			return &ast.NumberLit{Span: p.span(start), Text: sign + n.Val}
		}
	}
	p.expected("value")
	return nil
}

func (p *Parser) parseSet() ast.Statement {
	start := p.tok.Pos
	p.expectKw("set")
	s := &ast.SetStmt{}
	switch {
	case p.acceptKw("session"):
		s.Scope = "session"
	case p.acceptKw("local"):
		s.Scope = "local"
	}
	if p.acceptKw("time", "zone") {
		s.Name = "timezone"
		switch {
		case p.acceptKw("local"), p.acceptKw("default"):
			s.Default = true
		case p.isKw("interval"):
			e := p.parseExpr()
			s.Values = []ast.Expr{e}
		default:
			s.Values = []ast.Expr{p.parseVarValue()}
		}
		s.Span = p.span(start)
		return s
	}
	if p.isKw("transaction") || p.isKwSeq("characteristics", "as", "transaction") {
		// SET TRANSACTION modes / SET SESSION CHARACTERISTICS AS TRANSACTION modes
		if !p.acceptKw("transaction") {
			p.acceptKw("characteristics", "as", "transaction")
			if s.Scope == "" {
				p.unexpected()
			}
		}
		s.Name = "transaction"
		for _, m := range p.parseTxnModes() {
			s.Values = append(s.Values, &ast.StringLit{Value: m})
		}
		if len(s.Values) == 0 {
			p.expected("transaction mode")
		}
		s.Span = p.span(start)
		return s
	}
	s.Name = p.parseVarName()
	if !p.acceptKw("to") {
		p.expectOp("=")
	}
	if p.acceptKw("default") {
		s.Default = true
	} else {
		s.Values = []ast.Expr{p.parseVarValue()}
		for p.accept(scanner.Comma) {
			s.Values = append(s.Values, p.parseVarValue())
		}
	}
	s.Span = p.span(start)
	return s
}

// parseTxnModes parses transaction modes separated by optional commas.
func (p *Parser) parseTxnModes() []string {
	var modes []string
	for {
		switch {
		case p.acceptKw("isolation", "level"):
			switch {
			case p.acceptKw("serializable"):
				modes = append(modes, "isolation level serializable")
			case p.acceptKw("repeatable", "read"):
				modes = append(modes, "isolation level repeatable read")
			case p.acceptKw("read", "committed"):
				modes = append(modes, "isolation level read committed")
			case p.acceptKw("read", "uncommitted"):
				modes = append(modes, "isolation level read uncommitted")
			default:
				p.expected("isolation level")
			}
		case p.acceptKw("read", "only"):
			modes = append(modes, "read only")
		case p.acceptKw("read", "write"):
			modes = append(modes, "read write")
		case p.acceptKw("deferrable"):
			modes = append(modes, "deferrable")
		case p.acceptKw("not", "deferrable"):
			modes = append(modes, "not deferrable")
		default:
			return modes
		}
		p.accept(scanner.Comma)
	}
}

func (p *Parser) parseTransaction() ast.Statement {
	start := p.tok.Pos
	s := &ast.TransactionStmt{}
	switch p.tok.Val {
	case "begin":
		p.next()
		if !p.acceptKw("work") {
			p.acceptKw("transaction")
		}
		s.Modes = p.parseTxnModes()
	case "start":
		p.next()
		p.expectKw("transaction")
		s.Modes = p.parseTxnModes()
	case "commit", "end":
		p.next()
		s.Kind = ast.TxnCommit
		if !p.acceptKw("work") {
			p.acceptKw("transaction")
		}
		if !p.acceptKw("and", "no", "chain") && p.isKwSeq("and", "chain") {
			p.failf(p.tok, base.CodeFeatureNotSupported, "COMMIT AND CHAIN is not supported")
		}
	case "rollback", "abort":
		p.next()
		s.Kind = ast.TxnRollback
		if !p.acceptKw("work") {
			p.acceptKw("transaction")
		}
		if !p.acceptKw("and", "no", "chain") && p.isKwSeq("and", "chain") {
			p.failf(p.tok, base.CodeFeatureNotSupported, "ROLLBACK AND CHAIN is not supported")
		}
	}
	s.Span = p.span(start)
	return s
}

var showKinds = map[string]ast.ShowKind{
	"tables": ast.ShowTables, "views": ast.ShowViews, "sources": ast.ShowSources,
	"sinks": ast.ShowSinks, "schemas": ast.ShowSchemas, "databases": ast.ShowDatabases,
	"secrets": ast.ShowSecrets, "users": ast.ShowUsers, "connections": ast.ShowConnections,
	"functions": ast.ShowFunctions, "parameters": ast.ShowParameters, "jobs": ast.ShowJobs,
	"processlist": ast.ShowProcessList,
}

func (p *Parser) parseShow() ast.Statement {
	start := p.tok.Pos
	p.expectKw("show")
	s := &ast.ShowStmt{}
	next := p.peek(1)
	atEnd := next.Kind == scanner.EOF || next.Kind == scanner.Semicolon
	switch {
	case p.isKw("all") && atEnd:
		p.next()
		s.Kind = ast.ShowAll
	case p.acceptKw("time", "zone"):
		s.Name = "timezone"
	case p.acceptKw("transaction", "isolation", "level"):
		s.Name = "transaction_isolation"
	case p.isKwSeq("materialized", "views"):
		p.next()
		p.next()
		s.Kind = ast.ShowMaterializedViews
		p.parseShowFromLike(s)
	case p.isKw("columns") || p.isKw("indexes"):
		s.Kind = ast.ShowColumns
		if p.isKw("indexes") {
			s.Kind = ast.ShowIndexes
		}
		p.next()
		if !p.acceptKw("from") {
			p.expectKw("in")
		}
		s.From = p.parseName()
		p.parseShowLike(s)
	case p.isKw("create") && !atEnd:
		p.next()
		s.Kind = ast.ShowCreate
		s.ObjKind = p.parseObjectKind(ast.ObjTable, ast.ObjView, ast.ObjMaterializedView,
			ast.ObjSource, ast.ObjSink, ast.ObjIndex, ast.ObjSchema, ast.ObjSecret)
		s.From = p.parseName()
	default:
		if k, ok := showKinds[p.tok.Val]; ok && p.tok.Kind == scanner.Ident &&
			(atEnd || next.Is("from") || next.Is("in") || next.Is("like")) {
			p.next()
			s.Kind = k
			p.parseShowFromLike(s)
		} else {
			s.Name = p.parseVarName()
		}
	}
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseShowFromLike(s *ast.ShowStmt) {
	if p.acceptKw("from") || p.acceptKw("in") {
		s.From = p.parseName()
	}
	p.parseShowLike(s)
}

func (p *Parser) parseShowLike(s *ast.ShowStmt) {
	if p.acceptKw("like") {
		s.Like = p.parseStringLit()
		s.HasLike = true
	}
}

func (p *Parser) parseReset() ast.Statement {
	start := p.tok.Pos
	p.expectKw("reset")
	s := &ast.ResetStmt{}
	switch {
	case p.acceptKw("all"):
		s.All = true
	case p.acceptKw("time", "zone"):
		s.Name = "timezone"
	default:
		s.Name = p.parseVarName()
	}
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseExplain() ast.Statement {
	start := p.tok.Pos
	p.expectKw("explain")
	s := &ast.ExplainStmt{}
	if p.is(scanner.LParen) && !p.parenStartsQuery() {
		p.next()
		for {
			os := p.tok.Pos
			o := &ast.Option{Key: lowerASCII(p.parseLabel())}
			if !p.is(scanner.Comma) && !p.is(scanner.RParen) {
				p.acceptOp("=")
				o.Value = p.parseOptionValue()
			}
			o.Span = p.span(os)
			s.Options = append(s.Options, o)
			if !p.accept(scanner.Comma) {
				break
			}
		}
		p.expect(scanner.RParen)
	} else {
		for p.isKw("analyze") || p.isKw("analyse") || p.isKw("verbose") {
			key := p.tok.Val
			if key == "analyse" {
				key = "analyze"
			}
			s.Options = append(s.Options, &ast.Option{Span: ast.Span{Start: p.tok.Pos, Stop: p.tok.End}, Key: key})
			p.next()
		}
	}
	s.Stmt = p.parseStatement()
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseCopy() ast.Statement {
	start := p.tok.Pos
	p.expectKw("copy")
	s := &ast.CopyStmt{}
	if p.is(scanner.LParen) {
		p.next()
		s.Query = p.parseQuery()
		p.expect(scanner.RParen)
	} else {
		s.Table = p.parseName()
		if p.is(scanner.LParen) {
			s.Columns = p.parseParenColIdList()
		}
	}
	switch {
	case p.acceptKw("to"):
		s.To = true
		if !p.acceptKw("stdout") {
			s.File = p.parseStringLit()
		}
	case s.Query == nil && p.acceptKw("from"):
		if !p.acceptKw("stdin") {
			s.File = p.parseStringLit()
		}
	default:
		p.expected("TO or FROM")
	}
	p.acceptKw("with")
	if p.is(scanner.LParen) {
		p.next()
		for {
			os := p.tok.Pos
			o := &ast.Option{Key: lowerASCII(p.parseLabel())}
			if !p.is(scanner.Comma) && !p.is(scanner.RParen) {
				o.Value = p.parseOptionValue()
			}
			o.Span = p.span(os)
			s.Options = append(s.Options, o)
			if !p.accept(scanner.Comma) {
				break
			}
		}
		p.expect(scanner.RParen)
	} else {
		s.Options = p.parseLegacyCopyOptions()
	}
	s.Span = p.span(start)
	return s
}

// parseLegacyCopyOptions parses the pre-9.0 COPY option syntax and
// normalizes it to the parenthesized form.
func (p *Parser) parseLegacyCopyOptions() []*ast.Option {
	var opts []*ast.Option
	for {
		os := p.tok.Pos
		switch {
		case p.isKw("csv") || p.isKw("binary"):
			v := &ast.ColumnRef{Span: ast.Span{Start: p.tok.Pos, Stop: p.tok.End}, Parts: []string{p.tok.Val}}
			p.next()
			opts = append(opts, &ast.Option{Span: p.span(os), Key: "format", Value: v})
		case p.isKw("header") || p.isKw("freeze"):
			k := p.tok.Val
			p.next()
			opts = append(opts, &ast.Option{Span: p.span(os), Key: k})
		case p.isKw("delimiter") || p.isKw("null") || p.isKw("quote") || p.isKw("escape") || p.isKw("encoding"):
			k := p.tok.Val
			p.next()
			p.acceptKw("as")
			vs := p.tok.Pos
			v := p.parseStringLit()
			opts = append(opts, &ast.Option{Span: p.span(os), Key: k, Value: &ast.StringLit{Span: p.span(vs), Value: v}})
		default:
			return opts
		}
	}
}
