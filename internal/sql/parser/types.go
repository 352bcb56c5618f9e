package parser

import (
	"strconv"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/scanner"
)

// typeAliases folds spellings of built-in types to their canonical name.
var typeAliases = map[string]string{
	"int":                         "integer",
	"int4":                        "integer",
	"integer":                     "integer",
	"int2":                        "smallint",
	"smallint":                    "smallint",
	"int8":                        "bigint",
	"bigint":                      "bigint",
	"float4":                      "real",
	"real":                        "real",
	"float8":                      "double precision",
	"double precision":            "double precision",
	"bool":                        "boolean",
	"boolean":                     "boolean",
	"decimal":                     "numeric",
	"dec":                         "numeric",
	"numeric":                     "numeric",
	"varchar":                     "varchar",
	"character varying":           "varchar",
	"char varying":                "varchar",
	"char":                        "char",
	"character":                   "char",
	"bpchar":                      "char",
	"text":                        "text",
	"bytea":                       "bytea",
	"date":                        "date",
	"time":                        "time",
	"timetz":                      "timetz",
	"time with time zone":         "timetz",
	"time without time zone":      "time",
	"timestamp":                   "timestamp",
	"timestamp without time zone": "timestamp",
	"timestamptz":                 "timestamptz",
	"timestamp with time zone":    "timestamptz",
	"interval":                    "interval",
	"json":                        "json",
	"jsonb":                       "jsonb",
	"uuid":                        "uuid",
	"bit":                         "bit",
	"varbit":                      "varbit",
	"bit varying":                 "varbit",
	"serial":                      "serial",
	"bigserial":                   "bigserial",
	"smallserial":                 "smallserial",
	"serial4":                     "serial",
	"serial8":                     "bigserial",
	"serial2":                     "smallserial",
	"regclass":                    "regclass",
	"regproc":                     "regproc",
	"oid":                         "oid",
	"name":                        "name",
}

// CanonicalTypeName maps a type spelling (lower case, possibly
// "pg_catalog."-qualified) to the name used in ast.TypeName.
func CanonicalTypeName(name string) string {
	name = strings.TrimPrefix(name, "pg_catalog.")
	if c, ok := typeAliases[name]; ok {
		return c
	}
	return name
}

// typeStartWords are keywords that begin built-in type names which the
// generic name path would reject (ColName keywords) or that take
// multi-word forms.
var typeStartWords = map[string]bool{
	"double": true, "character": true, "char": true, "varchar": true,
	"national": true, "nchar": true, "timestamp": true, "time": true,
	"interval": true, "bit": true, "numeric": true, "decimal": true,
	"dec": true, "float": true, "int": true, "integer": true,
	"smallint": true, "bigint": true, "real": true, "boolean": true,
	"struct": true,
}

// parseTypeName parses a type: a built-in (possibly multi-word) or a
// possibly qualified user name, typmods, and array bounds.
func (p *Parser) parseTypeName() *ast.TypeName {
	p.enter()
	defer p.leave()
	start := p.tok.Pos
	tn := &ast.TypeName{}
	t := p.tok
	word := ""
	if t.Kind == scanner.Ident {
		word = t.Val
	}
	switch {
	case word == "double" && p.peekKw(1, "precision"):
		p.next()
		p.next()
		tn.Name = "double precision"
	case word == "character" || word == "char" || word == "nchar" || word == "national":
		p.next()
		if word == "national" {
			if !p.acceptKw("character") {
				p.expectKw("char")
			}
		}
		if p.acceptKw("varying") {
			tn.Name = "varchar"
		} else {
			tn.Name = "char"
		}
		tn.Args = p.parseTypmods()
	case word == "varchar":
		p.next()
		tn.Name = "varchar"
		tn.Args = p.parseTypmods()
	case word == "bit":
		p.next()
		if p.acceptKw("varying") {
			tn.Name = "varbit"
		} else {
			tn.Name = "bit"
		}
		tn.Args = p.parseTypmods()
	case word == "timestamp" || word == "time":
		p.next()
		tn.Args = p.parseTypmods()
		tn.Name = word
		if p.acceptKw("with", "time", "zone") {
			tn.Name += "tz"
		} else {
			p.acceptKw("without", "time", "zone")
		}
	case word == "interval":
		p.next()
		tn.Name = "interval"
		if p.is(scanner.LParen) {
			tn.Args = p.parseTypmods()
		} else {
			tn.IntervalFields, tn.Args = p.parseIntervalQualifier()
		}
	case word == "float":
		p.next()
		tn.Name = "double precision"
		if mods := p.parseTypmods(); len(mods) == 1 {
			if mods[0] < 1 || mods[0] > 53 {
				p.failf(t, base.CodeInvalidParameterValue, "precision for type float must be between 1 and 53 bits")
			}
			if mods[0] <= 24 {
				tn.Name = "real"
			}
		} else if len(mods) > 1 {
			p.failf(t, base.CodeSyntaxError, "syntax error at or near \",\"")
		}
	case word == "struct" && p.peek(1).Kind == scanner.Op && strings.HasPrefix(p.peek(1).Val, "<"):
		p.next()
		tn.Name = "struct"
		tn.Fields = p.parseStructFields()
	case word == "numeric" || word == "decimal" || word == "dec" || word == "int" ||
		word == "integer" || word == "smallint" || word == "bigint" || word == "real" ||
		word == "boolean":
		p.next()
		tn.Name = typeAliases[word]
		tn.Args = p.parseTypmods()
	default:
		if t.Kind != scanner.QIdent && !(t.Kind == scanner.Ident && scanner.KeywordCategory(t.Val) != scanner.Reserved) {
			p.expected("type name")
		}
		name := p.parseTypeFuncName()
		tn.Name = CanonicalTypeName(strings.Join(name, "."))
		tn.Args = p.parseTypmods()
		if (tn.Name == "timestamp" || tn.Name == "time") && p.isKwSeq("with", "time", "zone") {
			p.acceptKw("with", "time", "zone")
			tn.Name += "tz"
		}
	}
	for {
		if p.is(scanner.LBracket) {
			p.next()
			if p.is(scanner.Number) {
				p.next()
			}
			p.expect(scanner.RBracket)
			tn.Array = true
			continue
		}
		if p.isKw("array") {
			p.next()
			tn.Array = true
			if p.is(scanner.LBracket) {
				p.next()
				p.expect(scanner.Number)
				p.expect(scanner.RBracket)
			}
			continue
		}
		break
	}
	tn.Span = p.span(start)
	return tn
}

// parseTypeFuncName parses a (possibly qualified) name whose first part may
// be any non-reserved word.
func (p *Parser) parseTypeFuncName() ast.ObjectName {
	t := p.tok
	if t.Kind != scanner.QIdent && !(t.Kind == scanner.Ident && scanner.KeywordCategory(t.Val) != scanner.Reserved) {
		p.expected("identifier")
	}
	p.next()
	n := ast.ObjectName{t.Val}
	for p.is(scanner.Dot) {
		p.next()
		n = append(n, p.parseLabel())
	}
	return n
}

// parseTypmods parses an optional '(' int, ... ')'.
func (p *Parser) parseTypmods() []int {
	if !p.is(scanner.LParen) {
		return nil
	}
	p.next()
	var mods []int
	for {
		neg := p.acceptOp("-")
		t := p.expect(scanner.Number)
		v, err := strconv.Atoi(t.Val)
		if err != nil {
			p.failf(t, base.CodeSyntaxError, "type modifiers must be simple constants or identifiers")
		}
		if neg {
			v = -v
		}
		mods = append(mods, v)
		if !p.accept(scanner.Comma) {
			break
		}
	}
	p.expect(scanner.RParen)
	return mods
}

var intervalFieldWords = map[string]bool{
	"year": true, "month": true, "day": true, "hour": true, "minute": true, "second": true,
}

// parseIntervalQualifier parses YEAR | MONTH | ... | SECOND [(p)] |
// X TO Y, returning "" if none is present.
func (p *Parser) parseIntervalQualifier() (string, []int) {
	if p.tok.Kind != scanner.Ident || !intervalFieldWords[p.tok.Val] {
		return "", nil
	}
	from := p.tok.Val
	p.next()
	if from == "second" {
		return from, p.parseTypmods()
	}
	if !p.isKw("to") {
		return from, nil
	}
	p.next()
	to := p.tok
	valid := map[string][]string{
		"year": {"month"}, "day": {"hour", "minute", "second"},
		"hour": {"minute", "second"}, "minute": {"second"},
	}
	for _, w := range valid[from] {
		if to.Is(w) {
			p.next()
			var mods []int
			if w == "second" {
				mods = p.parseTypmods()
			}
			return from + " to " + w, mods
		}
	}
	p.expected("interval field")
	return "", nil
}

// parseStructFields parses RisingWave's <name type, ...> after STRUCT.
// A closing ">>" (nested structs) is split into two tokens.
func (p *Parser) parseStructFields() []*ast.ColumnDef {
	p.splitOp("<")
	p.expectOp("<")
	var fields []*ast.ColumnDef
	for {
		start := p.tok.Pos
		name := p.parseLabel()
		typ := p.parseTypeName()
		fields = append(fields, &ast.ColumnDef{Span: p.span(start), Name: name, Type: typ})
		if !p.accept(scanner.Comma) {
			break
		}
	}
	p.splitOp(">")
	p.expectOp(">")
	return fields
}

// splitOp splits the current operator token if it starts with prefix but
// is longer (e.g. ">>" into ">" ">"), so nested type brackets work.
func (p *Parser) splitOp(prefix string) {
	t := p.tok
	if t.Kind != scanner.Op || t.Val == prefix || !strings.HasPrefix(t.Val, prefix) {
		return
	}
	first := scanner.Token{Kind: scanner.Op, Pos: t.Pos, End: t.Pos + len(prefix), Raw: prefix, Val: prefix}
	rest := scanner.Token{Kind: scanner.Op, Pos: t.Pos + len(prefix), End: t.End, Raw: t.Raw[len(prefix):], Val: t.Val[len(prefix):]}
	toks := make([]scanner.Token, 0, len(p.toks)+1)
	toks = append(toks, p.toks[:p.i]...)
	toks = append(toks, first, rest)
	toks = append(toks, p.toks[p.i+1:]...)
	p.toks = toks
	p.tok = first
}
