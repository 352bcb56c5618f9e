package parser

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/scanner"
)

// parseObjectKind parses one of the allowed object-kind keywords.
func (p *Parser) parseObjectKind(allowed ...ast.ObjectKind) ast.ObjectKind {
	for _, k := range allowed {
		var words []string
		switch k {
		case ast.ObjTable:
			words = []string{"table"}
		case ast.ObjView:
			words = []string{"view"}
		case ast.ObjMaterializedView:
			words = []string{"materialized", "view"}
		case ast.ObjSource:
			words = []string{"source"}
		case ast.ObjSink:
			words = []string{"sink"}
		case ast.ObjSchema:
			words = []string{"schema"}
		case ast.ObjSecret:
			words = []string{"secret"}
		case ast.ObjUser:
			words = []string{"user"}
		case ast.ObjRole:
			words = []string{"role"}
		case ast.ObjIndex:
			words = []string{"index"}
		case ast.ObjDatabase:
			words = []string{"database"}
		case ast.ObjColumn:
			words = []string{"column"}
		case ast.ObjFunction:
			words = []string{"function"}
		case ast.ObjConnection:
			words = []string{"connection"}
		}
		if p.acceptKw(words...) {
			return k
		}
	}
	p.expected("object kind")
	return 0
}

func (p *Parser) parseCreate() ast.Statement {
	start := p.tok.Pos
	p.expectKw("create")
	orReplace := p.acceptKw("or", "replace")
	var s ast.Statement
	switch {
	case p.isKw("view"):
		s = p.parseCreateView(start, orReplace)
	case orReplace:
		p.expected("VIEW")
	case p.isKw("table"):
		s = p.parseCreateTable(start)
	case p.isKw("source"):
		s = p.parseCreateSource(start)
	case p.isKw("sink"):
		s = p.parseCreateSink(start)
	case p.isKwSeq("materialized", "view"):
		s = p.parseCreateMV(start)
	case p.isKw("schema"):
		p.next()
		cs := &ast.CreateSchemaStmt{IfNotExists: p.parseIfNotExists()}
		if p.acceptKw("authorization") {
			cs.Authorization = p.parseRoleName()
		} else {
			cs.Name = p.parseName()
			if p.acceptKw("authorization") {
				cs.Authorization = p.parseRoleName()
			}
		}
		cs.Span = p.span(start)
		s = cs
	case p.isKw("database"):
		p.next()
		cd := &ast.CreateDatabaseStmt{IfNotExists: p.parseIfNotExists(), Name: p.parseColId()}
		p.acceptKw("with")
		if p.acceptKw("owner") {
			p.acceptOp("=")
			cd.Owner = p.parseRoleName()
		}
		cd.Span = p.span(start)
		s = cd
	case p.isKw("index") || p.isKwSeq("unique", "index"):
		s = p.parseCreateIndex(start)
	case p.isKw("secret"):
		p.next()
		cs := &ast.CreateSecretStmt{IfNotExists: p.parseIfNotExists(), Name: p.parseName()}
		if p.isKw("with") {
			cs.With = p.parseWithOptions()
		}
		p.expectKw("as")
		cs.Value = p.parseStringLit()
		cs.Span = p.span(start)
		s = cs
	case p.isKw("connection"):
		p.next()
		cc := &ast.CreateConnectionStmt{IfNotExists: p.parseIfNotExists(), Name: p.parseName()}
		cc.With = p.parseWithOptions()
		cc.Span = p.span(start)
		s = cc
	case p.isKw("user") || p.isKw("role"):
		cr := &ast.CreateRoleStmt{IsUser: p.isKw("user")}
		p.next()
		cr.IfNotExists = p.parseIfNotExists()
		cr.Name = p.parseRoleName()
		cr.Options = p.parseRoleOptions()
		cr.Span = p.span(start)
		s = cr
	default:
		p.expected("object kind")
	}
	return s
}

func (p *Parser) parseCreateView(start int, orReplace bool) ast.Statement {
	p.expectKw("view")
	s := &ast.CreateViewStmt{OrReplace: orReplace, IfNotExists: p.parseIfNotExists(), Name: p.parseName()}
	if p.is(scanner.LParen) {
		s.Columns = p.parseParenColIdList()
	}
	p.expectKw("as")
	s.Query = p.parseQuery()
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseCreateMV(start int) ast.Statement {
	p.expectKw("materialized", "view")
	s := &ast.CreateMaterializedViewStmt{IfNotExists: p.parseIfNotExists(), Name: p.parseName()}
	if p.is(scanner.LParen) {
		s.Columns = p.parseParenColIdList()
	}
	if p.isKw("with") && p.peek(1).Kind == scanner.LParen {
		s.With = p.parseWithOptions()
	}
	p.expectKw("as")
	s.Query = p.parseQuery()
	if p.isKw("emit") {
		p.expectKw("emit", "on", "window", "close")
		s.EmitOnWindowClose = true
	}
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseCreateIndex(start int) ast.Statement {
	s := &ast.CreateIndexStmt{Unique: p.acceptKw("unique")}
	p.expectKw("index")
	s.IfNotExists = p.parseIfNotExists()
	if !p.isKw("on") {
		s.Name = p.parseColId()
	}
	p.expectKw("on")
	s.Table = p.parseName()
	p.expect(scanner.LParen)
	for {
		s.Items = append(s.Items, p.parseOrderByItem())
		if !p.accept(scanner.Comma) {
			break
		}
	}
	p.expect(scanner.RParen)
	if p.acceptKw("include") {
		s.Include = p.parseParenColIdList()
	}
	if p.acceptKw("distributed", "by") {
		p.expect(scanner.LParen)
		s.DistributedBy = p.parseExprList()
		p.expect(scanner.RParen)
	}
	s.Span = p.span(start)
	return s
}

// tableElements collects the parenthesized element list of CREATE
// TABLE/SOURCE.
type tableElements struct {
	cols        []*ast.ColumnDef
	constraints []*ast.TableConstraint
	watermarks  []*ast.WatermarkDef
}

func (p *Parser) parseTableElements() tableElements {
	var te tableElements
	p.expect(scanner.LParen)
	if p.accept(scanner.RParen) {
		return te
	}
	for {
		start := p.tok.Pos
		switch {
		case p.isKwSeq("watermark", "for"):
			p.next()
			p.next()
			col := p.parseColId()
			p.expectKw("as")
			e := p.parseExpr()
			te.watermarks = append(te.watermarks, &ast.WatermarkDef{Span: p.span(start), Column: col, Expr: e})
		case p.isKw("primary") || p.isKw("unique") || p.isKw("check") || p.isKw("foreign") || p.isKw("constraint"):
			te.constraints = append(te.constraints, p.parseTableConstraint())
		default:
			te.cols = append(te.cols, p.parseColumnDef())
		}
		if !p.accept(scanner.Comma) {
			break
		}
	}
	p.expect(scanner.RParen)
	return te
}

func (p *Parser) parseTableConstraint() *ast.TableConstraint {
	start := p.tok.Pos
	c := &ast.TableConstraint{}
	if p.acceptKw("constraint") {
		c.Name = p.parseColId()
	}
	switch {
	case p.acceptKw("primary", "key"):
		c.Kind = ast.PrimaryKeyConstraint
		c.Columns = p.parseParenColIdList()
	case p.acceptKw("unique"):
		c.Kind = ast.UniqueConstraint
		c.Columns = p.parseParenColIdList()
	case p.acceptKw("check"):
		c.Kind = ast.CheckConstraint
		p.expect(scanner.LParen)
		c.Check = p.parseExpr()
		p.expect(scanner.RParen)
	case p.acceptKw("foreign", "key"):
		c.Kind = ast.ForeignKeyConstraint
		c.Columns = p.parseParenColIdList()
		c.References = p.parseReferences()
	default:
		p.expected("PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY")
	}
	c.Span = p.span(start)
	return c
}

func (p *Parser) parseReferences() *ast.ForeignKey {
	start := p.tok.Pos
	p.expectKw("references")
	fk := &ast.ForeignKey{Table: p.parseName()}
	if p.is(scanner.LParen) {
		fk.Columns = p.parseParenColIdList()
	}
	fk.Span = p.span(start)
	return fk
}

// parseColumnDef parses name [type] [constraints] or RisingWave's
// generated column name AS expr.
func (p *Parser) parseColumnDef() *ast.ColumnDef {
	start := p.tok.Pos
	c := &ast.ColumnDef{Name: p.parseColId()}
	if !p.is(scanner.Comma) && !p.is(scanner.RParen) && !p.isKw("as") && !p.isColumnConstraintStart() {
		c.Type = p.parseTypeName()
	}
	for {
		switch {
		case p.acceptKw("not", "null"):
			c.NotNull = true
		case p.acceptKw("null"):
			c.Nullable = true
		case p.acceptKw("default"):
			c.Default = p.parseExprPrec(precOp)
		case p.acceptKw("primary", "key"):
			c.PrimaryKey = true
		case p.acceptKw("unique"):
			c.Unique = true
		case p.acceptKw("check"):
			p.expect(scanner.LParen)
			c.Check = p.parseExpr()
			p.expect(scanner.RParen)
		case p.isKw("references"):
			c.References = p.parseReferences()
		case p.acceptKw("constraint"):
			p.parseColId() // constraint names are not kept for column constraints
		case p.acceptKw("as"):
			c.Generated = p.parseExpr()
		case p.acceptKw("generated", "always", "as"):
			p.expect(scanner.LParen)
			c.Generated = p.parseExpr()
			p.expect(scanner.RParen)
			p.acceptKw("stored")
		default:
			c.Span = p.span(start)
			return c
		}
	}
}

func (p *Parser) isColumnConstraintStart() bool {
	return p.isKwSeq("not", "null") || p.isKw("null") || p.isKw("default") || p.isKw("primary") ||
		p.isKw("unique") || p.isKw("check") || p.isKw("references") || p.isKw("constraint") ||
		p.isKwSeq("generated", "always")
}

// parseWithOptions parses WITH ( key = value, ... ).
func (p *Parser) parseWithOptions() []*ast.Option {
	p.expectKw("with")
	return p.parseOptionList()
}

// parseOptionList parses ( key [=] value, ... ).
func (p *Parser) parseOptionList() []*ast.Option {
	p.expect(scanner.LParen)
	var opts []*ast.Option
	if p.accept(scanner.RParen) {
		return opts
	}
	for {
		start := p.tok.Pos
		o := &ast.Option{Key: p.parseOptionKey()}
		if p.acceptOp("=") {
			o.Value = p.parseOptionValue()
		} else if !p.is(scanner.Comma) && !p.is(scanner.RParen) {
			p.expected("=")
		}
		o.Span = p.span(start)
		opts = append(opts, o)
		if !p.accept(scanner.Comma) {
			break
		}
	}
	p.expect(scanner.RParen)
	return opts
}

// parseOptionKey parses a dotted option key such as
// properties.bootstrap.server; a quoted key is taken verbatim.
func (p *Parser) parseOptionKey() string {
	if p.is(scanner.String) {
		v := p.tok.Val
		p.next()
		return v
	}
	k := p.parseLabel()
	for p.accept(scanner.Dot) {
		if p.is(scanner.Number) {
			k += "." + p.tok.Val
			p.next()
			continue
		}
		k += "." + p.parseLabel()
	}
	return k
}

// parseOptionValue parses a WITH-option value: string, signed number,
// boolean, SECRET name [AS FILE], or a (dotted) word kept as a ColumnRef.
func (p *Parser) parseOptionValue() ast.Expr {
	start := p.tok.Pos
	t := p.tok
	switch t.Kind {
	case scanner.String:
		p.next()
		return &ast.StringLit{Span: p.span(start), Value: t.Val}
	case scanner.Number:
		p.next()
		return &ast.NumberLit{Span: p.span(start), Text: t.Val}
	case scanner.Op:
		if t.Val == "-" || t.Val == "+" {
			p.next()
			n := p.expect(scanner.Number)
			sign := t.Val
			if sign == "+" {
				sign = ""
			}
			return &ast.NumberLit{Span: p.span(start), Text: sign + n.Val}
		}
	case scanner.Ident, scanner.QIdent:
		if t.Kind == scanner.Ident {
			switch t.Val {
			case "true", "false":
				p.next()
				return &ast.BoolLit{Span: p.span(start), Value: t.Val == "true"}
			case "secret":
				if isLabel(p.peek(1)) {
					p.next()
					sr := &ast.SecretRef{Name: p.parseOptionName()}
					if p.acceptKw("as", "file") {
						sr.AsFile = true
					}
					sr.Span = p.span(start)
					return sr
				}
			}
		}
		n := p.parseOptionName()
		return &ast.ColumnRef{Span: p.span(start), Parts: n}
	}
	p.expected("option value")
	return nil
}

// parseOptionName parses label ('.' label)* (any words, even reserved).
func (p *Parser) parseOptionName() ast.ObjectName {
	n := ast.ObjectName{p.parseLabel()}
	for p.accept(scanner.Dot) {
		n = append(n, p.parseLabel())
	}
	return n
}

// parseFormatSpec parses FORMAT f ENCODE e [(options)].
func (p *Parser) parseFormatSpec() *ast.FormatSpec {
	start := p.tok.Pos
	p.expectKw("format")
	fs := &ast.FormatSpec{Format: lowerASCII(p.parseLabel())}
	p.expectKw("encode")
	fs.Encode = lowerASCII(p.parseLabel())
	if p.is(scanner.LParen) {
		fs.Options = p.parseOptionList()
	}
	if p.isKwSeq("key", "encode") {
		p.next()
		p.next()
		fs.KeyEncode = lowerASCII(p.parseLabel())
	}
	fs.Span = p.span(start)
	return fs
}

// parseIncludes parses RisingWave INCLUDE clauses.
func (p *Parser) parseIncludes() []*ast.IncludeItem {
	var items []*ast.IncludeItem
	for p.isKw("include") {
		start := p.tok.Pos
		p.next()
		it := &ast.IncludeItem{Kind: lowerASCII(p.parseLabel())}
		if p.is(scanner.String) {
			it.Inner = p.tok.Val
			p.next()
			if !p.isKw("as") && !p.isKw("include") && !p.isKw("with") && !p.isKw("format") &&
				(p.is(scanner.Ident) || p.is(scanner.QIdent)) {
				it.Type = p.parseTypeName()
			}
		}
		if p.acceptKw("as") {
			it.Alias = p.parseColId()
		}
		it.Span = p.span(start)
		items = append(items, it)
	}
	return items
}

func (p *Parser) parseCreateTable(start int) ast.Statement {
	p.expectKw("table")
	s := &ast.CreateTableStmt{IfNotExists: p.parseIfNotExists(), Name: p.parseName()}
	hadElems := p.is(scanner.LParen)
	if hadElems {
		te := p.parseTableElements()
		s.Columns, s.Constraints, s.Watermarks = te.cols, te.constraints, te.watermarks
	}
	for {
		switch {
		case p.acceptKw("append", "only"):
			s.AppendOnly = true
		case p.isKw("include"):
			s.Include = append(s.Include, p.parseIncludes()...)
		case p.isKw("with") && p.peek(1).Kind == scanner.LParen && len(s.With) == 0:
			s.With = p.parseWithOptions()
		case p.isKw("format") && s.Format == nil:
			s.Format = p.parseFormatSpec()
		case p.isKw("from") && s.FromSource == nil:
			p.next()
			s.FromSource = p.parseName()
			p.expectKw("table")
			s.FromTable = p.parseStringLit()
		case p.acceptKw("as"):
			s.Query = p.parseQuery()
			s.Span = p.span(start)
			return s
		default:
			if !hadElems {
				p.expected("column list or AS")
			}
			s.Span = p.span(start)
			return s
		}
	}
}

func (p *Parser) parseCreateSource(start int) ast.Statement {
	p.expectKw("source")
	s := &ast.CreateSourceStmt{IfNotExists: p.parseIfNotExists(), Name: p.parseName()}
	if p.is(scanner.LParen) {
		te := p.parseTableElements()
		s.Columns, s.Constraints, s.Watermarks = te.cols, te.constraints, te.watermarks
	}
	s.Include = p.parseIncludes()
	s.With = p.parseWithOptions()
	if p.isKw("format") {
		s.Format = p.parseFormatSpec()
	}
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseCreateSink(start int) ast.Statement {
	p.expectKw("sink")
	s := &ast.CreateSinkStmt{IfNotExists: p.parseIfNotExists(), Name: p.parseName()}
	if p.acceptKw("into") {
		s.Into = p.parseName()
	}
	switch {
	case p.acceptKw("from"):
		s.From = p.parseName()
	case p.acceptKw("as"):
		s.Query = p.parseQuery()
	default:
		p.expected("FROM or AS")
	}
	if p.isKw("with") {
		s.With = p.parseWithOptions()
	}
	if p.isKw("format") {
		s.Format = p.parseFormatSpec()
	}
	s.Span = p.span(start)
	return s
}

var roleFlags = map[string]bool{
	"superuser": true, "nosuperuser": true, "createdb": true, "nocreatedb": true,
	"createrole": true, "nocreaterole": true, "createuser": true, "nocreateuser": true,
	"login": true, "nologin": true, "inherit": true, "noinherit": true,
	"replication": true, "noreplication": true, "bypassrls": true, "nobypassrls": true,
}

func (p *Parser) parseRoleOptions() []*ast.RoleOption {
	p.acceptKw("with")
	var opts []*ast.RoleOption
	for {
		start := p.tok.Pos
		t := p.tok
		switch {
		case t.Kind == scanner.Ident && roleFlags[t.Val]:
			p.next()
			opts = append(opts, &ast.RoleOption{Span: p.span(start), Name: t.Val})
		case p.isKw("password") || p.isKwSeq("encrypted", "password"):
			p.acceptKw("encrypted")
			p.next()
			var v ast.Expr
			vs := p.tok.Pos
			if p.acceptKw("null") {
				v = &ast.NullLit{Span: p.span(vs)}
			} else {
				v = &ast.StringLit{Value: p.parseStringLit(), Span: p.span(vs)}
			}
			opts = append(opts, &ast.RoleOption{Span: p.span(start), Name: "password", Value: v})
		case p.acceptKw("connection", "limit"):
			v := p.parseExprPrec(precUnary)
			opts = append(opts, &ast.RoleOption{Span: p.span(start), Name: "connection limit", Value: v})
		case p.acceptKw("valid", "until"):
			vs := p.tok.Pos
			v := &ast.StringLit{Value: p.parseStringLit(), Span: p.span(vs)}
			opts = append(opts, &ast.RoleOption{Span: p.span(start), Name: "valid until", Value: v})
		default:
			return opts
		}
	}
}

func (p *Parser) parseDrop() ast.Statement {
	start := p.tok.Pos
	p.expectKw("drop")
	s := &ast.DropStmt{}
	s.Kind = p.parseObjectKind(ast.ObjTable, ast.ObjView, ast.ObjMaterializedView, ast.ObjSource,
		ast.ObjSink, ast.ObjSchema, ast.ObjSecret, ast.ObjUser, ast.ObjRole, ast.ObjIndex,
		ast.ObjDatabase, ast.ObjFunction, ast.ObjConnection)
	s.IfExists = p.parseIfExists()
	if s.Kind == ast.ObjUser || s.Kind == ast.ObjRole {
		for {
			s.Names = append(s.Names, ast.ObjectName{p.parseRoleName()})
			if !p.accept(scanner.Comma) {
				break
			}
		}
	} else {
		s.Names = p.parseNameList()
	}
	s.Behavior = p.parseDropBehavior()
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseDropBehavior() ast.DropBehavior {
	switch {
	case p.acceptKw("cascade"):
		return ast.DropCascade
	case p.acceptKw("restrict"):
		return ast.DropRestrict
	}
	return ast.DropDefault
}

func (p *Parser) parseAlter() ast.Statement {
	start := p.tok.Pos
	p.expectKw("alter")
	switch {
	case p.isKw("user") || p.isKw("role"):
		s := &ast.AlterRoleStmt{IsUser: p.isKw("user")}
		p.next()
		s.Name = p.parseRoleName()
		if p.acceptKw("rename", "to") {
			s.RenameTo = p.parseRoleName()
		} else {
			s.Options = p.parseRoleOptions()
			if len(s.Options) == 0 {
				p.expected("role option")
			}
		}
		s.Span = p.span(start)
		return s
	case p.isKw("secret"):
		p.next()
		s := &ast.AlterSecretStmt{Name: p.parseName()}
		if p.isKw("with") {
			s.With = p.parseWithOptions()
		}
		p.expectKw("as")
		s.Value = p.parseStringLit()
		s.Span = p.span(start)
		return s
	}
	s := &ast.AlterObjectStmt{}
	s.Kind = p.parseObjectKind(ast.ObjTable, ast.ObjView, ast.ObjMaterializedView, ast.ObjSource,
		ast.ObjSink, ast.ObjSchema, ast.ObjIndex, ast.ObjDatabase, ast.ObjConnection, ast.ObjFunction)
	s.IfExists = p.parseIfExists()
	s.Name = p.parseName()
	for {
		s.Actions = append(s.Actions, p.parseAlterAction())
		if !p.accept(scanner.Comma) {
			break
		}
	}
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseAlterAction() ast.AlterAction {
	start := p.tok.Pos
	switch {
	case p.acceptKw("add"):
		if p.isKw("primary") || p.isKw("unique") || p.isKw("check") || p.isKw("foreign") || p.isKw("constraint") {
			c := p.parseTableConstraint()
			return &ast.AddConstraint{Span: p.span(start), Constraint: c}
		}
		p.acceptKw("column")
		a := &ast.AddColumn{IfNotExists: p.parseIfNotExists()}
		a.Column = p.parseColumnDef()
		if a.Column.Type == nil && a.Column.Generated == nil {
			p.expected("type name")
		}
		a.Span = p.span(start)
		return a
	case p.acceptKw("drop"):
		p.acceptKw("column")
		a := &ast.DropColumn{IfExists: p.parseIfExists()}
		a.Name = p.parseColId()
		a.Behavior = p.parseDropBehavior()
		a.Span = p.span(start)
		return a
	case p.acceptKw("rename"):
		if p.acceptKw("to") {
			n := p.parseName()
			return &ast.RenameTo{Span: p.span(start), New: n}
		}
		p.acceptKw("column")
		old := p.parseColId()
		p.expectKw("to")
		n := p.parseColId()
		return &ast.RenameColumn{Span: p.span(start), Old: old, New: n}
	case p.acceptKw("owner", "to"):
		o := p.parseRoleName()
		return &ast.OwnerTo{Span: p.span(start), Owner: o}
	case p.isKwSeq("set", "schema"):
		p.next()
		p.next()
		sc := p.parseColId()
		return &ast.SetSchema{Span: p.span(start), Schema: sc}
	case p.isKw("set") && p.peek(1).Kind == scanner.LParen:
		p.next()
		opts := p.parseOptionList()
		return &ast.SetOptions{Span: p.span(start), Options: opts}
	case p.acceptKw("set"):
		os := p.tok.Pos
		o := &ast.Option{Key: p.parseOptionKey()}
		if !p.acceptKw("to") {
			p.expectOp("=")
		}
		if p.isKw("default") {
			o.Value = &ast.ColumnRef{Span: ast.Span{Start: p.tok.Pos, Stop: p.tok.End}, Parts: []string{"default"}}
			p.next()
		} else {
			o.Value = p.parseOptionValue()
		}
		o.Span = p.span(os)
		return &ast.SetOptions{Span: p.span(start), Options: []*ast.Option{o}}
	case p.acceptKw("alter"):
		p.acceptKw("column")
		a := &ast.AlterColumn{Column: p.parseColId()}
		switch {
		case p.acceptKw("type"), p.acceptKw("set", "data", "type"):
			a.Type = p.parseTypeName()
		case p.acceptKw("set", "default"):
			a.SetDefault = p.parseExprPrec(precOp)
		case p.acceptKw("drop", "default"):
			a.DropDefault = true
		case p.acceptKw("set", "not", "null"):
			a.SetNotNull = true
		case p.acceptKw("drop", "not", "null"):
			a.DropNotNull = true
		default:
			p.expected("TYPE, SET or DROP")
		}
		a.Span = p.span(start)
		return a
	}
	p.expected("ALTER action")
	return nil
}

// parseGrant parses GRANT and REVOKE on objects.
func (p *Parser) parseGrant() ast.Statement {
	start := p.tok.Pos
	s := &ast.GrantStmt{Revoke: p.isKw("revoke")}
	p.next()
	if s.Revoke && p.acceptKw("grant", "option", "for") {
		s.GrantOptionFor = true
	}
	if p.acceptKw("all") {
		p.acceptKw("privileges")
		s.Privileges = []string{"all"}
	} else {
		for {
			if !isLabel(p.tok) {
				p.expected("privilege")
			}
			s.Privileges = append(s.Privileges, p.tok.Val)
			p.next()
			if !p.accept(scanner.Comma) {
				break
			}
		}
	}
	if !p.isKw("on") {
		p.failf(p.tok, base.CodeFeatureNotSupported, "GRANT/REVOKE of role membership is not supported")
	}
	p.next()
	ts := p.tok.Pos
	tg := &ast.GrantTarget{Kind: ast.ObjTable}
	if p.acceptKw("all") {
		tg.AllInSchema = true
		switch {
		case p.acceptKw("tables"):
			tg.Kind = ast.ObjTable
		case p.acceptKw("materialized", "views"):
			tg.Kind = ast.ObjMaterializedView
		case p.acceptKw("views"):
			tg.Kind = ast.ObjView
		case p.acceptKw("sources"):
			tg.Kind = ast.ObjSource
		case p.acceptKw("sinks"):
			tg.Kind = ast.ObjSink
		case p.acceptKw("functions"):
			tg.Kind = ast.ObjFunction
		default:
			p.expected("TABLES, MATERIALIZED VIEWS, VIEWS, SOURCES or SINKS")
		}
		p.expectKw("in", "schema")
	} else if p.isKw("table") || p.isKw("schema") || p.isKw("database") || p.isKw("source") ||
		p.isKw("sink") || p.isKw("view") || p.isKwSeq("materialized", "view") || p.isKw("function") ||
		p.isKw("secret") || p.isKw("connection") {
		tg.Kind = p.parseObjectKind(ast.ObjTable, ast.ObjSchema, ast.ObjDatabase, ast.ObjSource, ast.ObjSink,
			ast.ObjView, ast.ObjMaterializedView, ast.ObjFunction, ast.ObjSecret, ast.ObjConnection)
	}
	tg.Names = p.parseNameList()
	tg.Span = p.span(ts)
	s.On = tg
	if s.Revoke {
		p.expectKw("from")
	} else {
		p.expectKw("to")
	}
	for {
		p.acceptKw("group")
		s.Grantees = append(s.Grantees, p.parseRoleName())
		if !p.accept(scanner.Comma) {
			break
		}
	}
	if !s.Revoke && p.acceptKw("with", "grant", "option") {
		s.WithGrantOption = true
	}
	if p.acceptKw("granted", "by") {
		s.GrantedBy = p.parseRoleName()
	}
	if s.Revoke {
		s.Behavior = p.parseDropBehavior()
	}
	s.Span = p.span(start)
	return s
}

func (p *Parser) parseComment() ast.Statement {
	start := p.tok.Pos
	p.expectKw("comment", "on")
	s := &ast.CommentStmt{}
	s.Kind = p.parseObjectKind(ast.ObjTable, ast.ObjColumn, ast.ObjView, ast.ObjMaterializedView,
		ast.ObjSource, ast.ObjSink, ast.ObjSchema, ast.ObjDatabase, ast.ObjIndex, ast.ObjFunction,
		ast.ObjConnection, ast.ObjSecret)
	s.Name = p.parseName()
	if s.Kind == ast.ObjColumn && len(s.Name) < 2 {
		p.failf(p.tok, base.CodeSyntaxError, "column name must be qualified")
	}
	p.expectKw("is")
	if p.acceptKw("null") {
		s.Null = true
	} else {
		s.Text = p.parseStringLit()
	}
	s.Span = p.span(start)
	return s
}
