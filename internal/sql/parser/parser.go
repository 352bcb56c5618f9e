package parser

import (
	"fmt"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/scanner"
)

// maxDepth bounds recursion so hostile input (thousands of nested
// parentheses) fails with an error instead of exhausting the stack.
const maxDepth = 1000

// Parse parses zero or more statements separated by semicolons. Empty
// statements (";;") are skipped.
func Parse(sql string) (stmts []ast.Statement, err error) {
	p, err := newParser(sql)
	if err != nil {
		return nil, err
	}
	defer p.recover(&err)
	for {
		for p.tok.Kind == scanner.Semicolon {
			p.next()
		}
		if p.tok.Kind == scanner.EOF {
			break
		}
		stmts = append(stmts, p.parseStatement())
		if p.tok.Kind != scanner.Semicolon && p.tok.Kind != scanner.EOF {
			p.unexpected()
		}
	}
	return stmts, nil
}

// ParseOne parses exactly one statement (optionally followed by ';').
func ParseOne(sql string) (ast.Statement, error) {
	stmts, err := Parse(sql)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 {
		return nil, &base.Error{Code: base.CodeSyntaxError,
			Message: fmt.Sprintf("expected exactly one statement, found %d", len(stmts))}
	}
	return stmts[0], nil
}

// ParseExpr parses a single scalar expression.
func ParseExpr(sql string) (e ast.Expr, err error) {
	p, err := newParser(sql)
	if err != nil {
		return nil, err
	}
	defer p.recover(&err)
	e = p.parseExpr()
	if p.tok.Kind != scanner.EOF {
		p.unexpected()
	}
	return e, nil
}

// Parser holds the token stream of one SQL text. Tokens are scanned up
// front so the few places that need more than one token of lookahead
// (e.g. telling a subquery from a parenthesized expression) can peek.
type Parser struct {
	src   string
	toks  []scanner.Token
	i     int
	tok   scanner.Token // toks[i]
	prevE int           // End of the last consumed token
	depth int
}

func newParser(sql string) (*Parser, error) {
	toks, _ := scanner.Tokenize(sql) // an Illegal token is reported when reached
	p := &Parser{src: sql, toks: toks}
	p.tok = toks[0]
	return p, nil
}

// bailout carries a parse error through panics to the API functions.
type bailout struct{ err *base.Error }

func (p *Parser) recover(err *error) {
	if r := recover(); r != nil {
		b, ok := r.(bailout)
		if !ok {
			panic(r)
		}
		*err = b.err
	}
}

func (p *Parser) next() {
	p.prevE = p.tok.End
	if p.i < len(p.toks)-1 {
		p.i++
	}
	p.tok = p.toks[p.i]
}

// peek returns the token n positions ahead (peek(0) == p.tok).
func (p *Parser) peek(n int) scanner.Token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

// reset rewinds to token index i (for the rare bounded backtracking).
func (p *Parser) reset(i int) {
	p.i = i
	p.tok = p.toks[i]
	if i > 0 {
		p.prevE = p.toks[i-1].End
	}
}

func (p *Parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		panic(bailout{&base.Error{Code: base.CodeProgramLimitExceeded,
			Message:  "statement is too deeply nested",
			Position: scanner.CharPos(p.src, p.tok.Pos)}})
	}
}

func (p *Parser) leave() { p.depth-- }

// ---------------------------------------------------------------------------
// Errors

// SyntaxError builds PostgreSQL's syntax error for the token at byte
// offset pos: `syntax error at or near "X"` or `syntax error at end of
// input`, SQLSTATE 42601, Position 1-based in characters.
func (p *Parser) errorAt(t scanner.Token, expected string) *base.Error {
	e := &base.Error{Code: base.CodeSyntaxError, Position: scanner.CharPos(p.src, t.Pos)}
	switch t.Kind {
	case scanner.EOF:
		e.Message = "syntax error at end of input"
	case scanner.Illegal:
		e.Message = t.Val
		if !strings.Contains(e.Message, "at or near") {
			raw := t.Raw
			if len(raw) > 40 {
				raw = raw[:40]
			}
			e.Message += ` at or near "` + raw + `"`
		}
	default:
		e.Message = `syntax error at or near "` + t.Raw + `"`
	}
	if expected != "" {
		e.Detail = "expected " + expected
	}
	return e
}

func (p *Parser) unexpected() {
	panic(bailout{p.errorAt(p.tok, "")})
}

func (p *Parser) expected(what string) {
	panic(bailout{p.errorAt(p.tok, what)})
}

// failf reports a non-syntax problem at the current token (e.g. invalid
// values), still as SQLSTATE 42601 unless code is given.
func (p *Parser) failf(t scanner.Token, code, format string, args ...any) {
	panic(bailout{&base.Error{Code: code, Message: fmt.Sprintf(format, args...),
		Position: scanner.CharPos(p.src, t.Pos)}})
}

// ---------------------------------------------------------------------------
// Token helpers

// isKw reports whether the current token is the unquoted word kw.
func (p *Parser) isKw(kw string) bool { return p.tok.Kind == scanner.Ident && p.tok.Val == kw }

// peekKw reports whether the token n ahead is the unquoted word kw.
func (p *Parser) peekKw(n int, kw string) bool {
	t := p.peek(n)
	return t.Kind == scanner.Ident && t.Val == kw
}

// isKwSeq reports whether the next tokens are the words kws.
func (p *Parser) isKwSeq(kws ...string) bool {
	for i, kw := range kws {
		if !p.peekKw(i, kw) {
			return false
		}
	}
	return true
}

// acceptKw consumes the word sequence kws if it is next.
func (p *Parser) acceptKw(kws ...string) bool {
	if !p.isKwSeq(kws...) {
		return false
	}
	for range kws {
		p.next()
	}
	return true
}

func (p *Parser) expectKw(kws ...string) {
	for _, kw := range kws {
		if !p.isKw(kw) {
			p.expected(strings.ToUpper(kw))
		}
		p.next()
	}
}

func (p *Parser) is(k scanner.Kind) bool { return p.tok.Kind == k }

func (p *Parser) accept(k scanner.Kind) bool {
	if p.tok.Kind == k {
		p.next()
		return true
	}
	return false
}

func (p *Parser) expect(k scanner.Kind) scanner.Token {
	t := p.tok
	if t.Kind != k {
		p.expected(k.String())
	}
	p.next()
	return t
}

func (p *Parser) isOp(op string) bool { return p.tok.Kind == scanner.Op && p.tok.Val == op }

func (p *Parser) acceptOp(op string) bool {
	if p.isOp(op) {
		p.next()
		return true
	}
	return false
}

func (p *Parser) expectOp(op string) {
	if !p.acceptOp(op) {
		p.expected(op)
	}
}

// span returns a Span from start to the end of the last consumed token.
func (p *Parser) span(start int) ast.Span { return ast.Span{Start: start, Stop: p.prevE} }

// ---------------------------------------------------------------------------
// Names

// isColId reports whether t can be a column/table name (ColId).
func isColId(t scanner.Token) bool {
	switch t.Kind {
	case scanner.QIdent:
		return true
	case scanner.Ident:
		c := scanner.KeywordCategory(t.Val)
		return c == scanner.NotKeyword || c == scanner.ColName
	}
	return false
}

// isLabel reports whether t can be a label (after AS or '.'): any word.
func isLabel(t scanner.Token) bool { return t.Kind == scanner.Ident || t.Kind == scanner.QIdent }

func (p *Parser) parseColId() string {
	if !isColId(p.tok) {
		p.expected("identifier")
	}
	v := p.tok.Val
	p.next()
	return v
}

func (p *Parser) parseLabel() string {
	if !isLabel(p.tok) {
		p.expected("identifier")
	}
	v := p.tok.Val
	p.next()
	return v
}

// parseName parses ColId ('.' label)*.
func (p *Parser) parseName() ast.ObjectName {
	n := ast.ObjectName{p.parseColId()}
	for p.is(scanner.Dot) {
		p.next()
		n = append(n, p.parseLabel())
	}
	return n
}

func (p *Parser) parseNameList() []ast.ObjectName {
	l := []ast.ObjectName{p.parseName()}
	for p.accept(scanner.Comma) {
		l = append(l, p.parseName())
	}
	return l
}

// parseColIdList parses '(' ColId, ... ')'.
func (p *Parser) parseParenColIdList() []string {
	p.expect(scanner.LParen)
	l := []string{p.parseColId()}
	for p.accept(scanner.Comma) {
		l = append(l, p.parseColId())
	}
	p.expect(scanner.RParen)
	return l
}

// parseRoleName parses a role specification (identifier, CURRENT_USER,
// SESSION_USER, or a keyword such as public).
func (p *Parser) parseRoleName() string {
	if p.tok.Kind == scanner.Ident {
		switch p.tok.Val {
		case "current_user", "session_user", "current_role":
			v := p.tok.Val
			p.next()
			return v
		}
	}
	return p.parseColId()
}

func (p *Parser) parseStringLit() string {
	t := p.expect(scanner.String)
	return t.Val
}

// parseIfNotExists consumes IF NOT EXISTS if present.
func (p *Parser) parseIfNotExists() bool { return p.acceptKw("if", "not", "exists") }

func (p *Parser) parseIfExists() bool { return p.acceptKw("if", "exists") }
