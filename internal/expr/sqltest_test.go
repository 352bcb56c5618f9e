package expr

// A tiny SQL expression parser and binder used only by tests, so that the
// same expression text can be run on PostgreSQL (the oracle) and here.
// It mirrors what internal/plan's binder does with our lookups.

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
)

type tok struct {
	kind byte // 'n' number, 's' string, 'i' ident, 'o' operator/punct, 0 EOF
	s    string
}

var multiOps = []string{"||/", "->>", "#>>", "!~*", "::", "<=", ">=", "<>", "!=", "||", "->", "#>", "@>", "<@", "~*", "!~", "?|", "?&", "&&", "|/", "<<", ">>"}

func lex(src string) ([]tok, error) {
	var out []tok
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' || src[j] == 'e' || src[j] == 'E' ||
				(src[j] == '-' || src[j] == '+') && (src[j-1] == 'e' || src[j-1] == 'E')) {
				j++
			}
			out = append(out, tok{'n', src[i:j]})
			i = j
		case c == '\'' || (c == 'E' || c == 'e') && i+1 < len(src) && src[i+1] == '\'':
			esc := c != '\''
			if esc {
				i++
			}
			j := i + 1
			var b strings.Builder
			for {
				if j >= len(src) {
					return nil, fmt.Errorf("unterminated string")
				}
				if src[j] == '\'' {
					if j+1 < len(src) && src[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				if esc && src[j] == '\\' && j+1 < len(src) {
					j++
					switch src[j] {
					case 'n':
						b.WriteByte('\n')
					case 't':
						b.WriteByte('\t')
					default:
						b.WriteByte(src[j])
					}
					j++
					continue
				}
				b.WriteByte(src[j])
				j++
			}
			out = append(out, tok{'s', b.String()})
			i = j + 1
		case c == '"':
			j := strings.IndexByte(src[i+1:], '"')
			out = append(out, tok{'i', src[i+1 : i+1+j]})
			i += j + 2
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			out = append(out, tok{'i', strings.ToLower(src[i:j])})
			i = j
		default:
			m := ""
			for _, op := range multiOps {
				if strings.HasPrefix(src[i:], op) {
					m = op
					break
				}
			}
			if m == "" {
				m = src[i : i+1]
			}
			out = append(out, tok{'o', m})
			i += len(m)
		}
	}
	return append(out, tok{}), nil
}

type tparser struct {
	toks []tok
	p    int
}

func (p *tparser) peek() tok { return p.toks[p.p] }
func (p *tparser) next() tok { t := p.toks[p.p]; p.p++; return t }
func (p *tparser) isKw(s string) bool {
	t := p.peek()
	return t.kind == 'i' && t.s == s
}
func (p *tparser) isOp(s string) bool {
	t := p.peek()
	return t.kind == 'o' && t.s == s
}
func (p *tparser) acceptKw(s string) bool {
	if p.isKw(s) {
		p.p++
		return true
	}
	return false
}
func (p *tparser) acceptOp(s string) bool {
	if p.isOp(s) {
		p.p++
		return true
	}
	return false
}
func (p *tparser) expectOp(s string) error {
	if !p.acceptOp(s) {
		return fmt.Errorf("expected %q at %q", s, p.peek().s)
	}
	return nil
}

// AST for tests.
type tnode struct {
	op   string // "lit", "str", "null", "bool", "call", "bin", "un", "cast", "case", "and", "or", "not", "isnull", ...
	s    string
	typ  base.Type
	kids []*tnode
	not  bool
	par  bool // parenthesized
	ci   bool
}

func parseTestExpr(src string) (*tnode, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &tparser{toks: toks}
	n, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if p.peek().kind != 0 {
		return nil, fmt.Errorf("trailing input at %q", p.peek().s)
	}
	return n, nil
}

const (
	precOr = iota + 1
	precAnd
	precNot
	precIs
	precCmp
	precLike
	precOther
	precAdd
	precMul
	precPow
	precAt
	precUnary
)

func binPrec(t tok) int {
	if t.kind == 'i' {
		switch t.s {
		case "or":
			return precOr
		case "and":
			return precAnd
		case "is", "isnull", "notnull":
			return precIs
		case "between", "in", "like", "ilike", "not":
			return precLike
		case "at":
			return precAt
		}
		return 0
	}
	if t.kind != 'o' {
		return 0
	}
	switch t.s {
	case "<", ">", "=", "<=", ">=", "<>", "!=":
		return precCmp
	case "+", "-":
		return precAdd
	case "*", "/", "%":
		return precMul
	case "^":
		return precPow
	case "::", "[":
		return 100
	case "(", ")", ",", "]":
		return 0
	}
	return precOther
}

func (p *tparser) expr(min int) (*tnode, error) {
	left, err := p.prefix()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		prec := binPrec(t)
		if prec == 0 || prec <= min && prec != 100 {
			if !(prec == 100) {
				return left, nil
			}
		}
		if prec <= min {
			return left, nil
		}
		p.next()
		switch {
		case t.kind == 'o' && t.s == "::":
			typ, err := p.typeName()
			if err != nil {
				return nil, err
			}
			left = &tnode{op: "cast", typ: typ, kids: []*tnode{left}}
		case t.kind == 'o' && t.s == "[":
			idx, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			if err := p.expectOp("]"); err != nil {
				return nil, err
			}
			left = &tnode{op: "subscript", kids: []*tnode{left, idx}}
		case t.kind == 'i' && (t.s == "and" || t.s == "or"):
			r, err := p.expr(prec)
			if err != nil {
				return nil, err
			}
			left = &tnode{op: t.s, kids: []*tnode{left, r}}
		case t.kind == 'i' && t.s == "isnull":
			left = &tnode{op: "isnull", kids: []*tnode{left}}
		case t.kind == 'i' && t.s == "notnull":
			left = &tnode{op: "isnull", not: true, kids: []*tnode{left}}
		case t.kind == 'i' && t.s == "is":
			not := p.acceptKw("not")
			switch {
			case p.acceptKw("null"):
				left = &tnode{op: "isnull", not: not, kids: []*tnode{left}}
			case p.acceptKw("true"):
				left = &tnode{op: "isbool", s: "t", not: not, kids: []*tnode{left}}
			case p.acceptKw("false"):
				left = &tnode{op: "isbool", s: "f", not: not, kids: []*tnode{left}}
			case p.acceptKw("unknown"):
				left = &tnode{op: "isunknown", not: not, kids: []*tnode{left}}
			case p.acceptKw("distinct"):
				if !p.acceptKw("from") {
					return nil, fmt.Errorf("expected FROM")
				}
				r, err := p.expr(precIs)
				if err != nil {
					return nil, err
				}
				left = &tnode{op: "distinct", not: not, kids: []*tnode{left, r}}
			default:
				return nil, fmt.Errorf("bad IS")
			}
		case t.kind == 'i' && t.s == "at":
			if !p.acceptKw("time") || !p.acceptKw("zone") {
				return nil, fmt.Errorf("expected TIME ZONE")
			}
			z, err := p.expr(precAt)
			if err != nil {
				return nil, err
			}
			left = &tnode{op: "call", s: "timezone", kids: []*tnode{z, left}}
		case t.kind == 'i' && (t.s == "not" || t.s == "between" || t.s == "in" || t.s == "like" || t.s == "ilike"):
			not := false
			kw := t.s
			if kw == "not" {
				not = true
				kw = p.next().s
			}
			switch kw {
			case "between":
				lo, err := p.expr(precLike)
				if err != nil {
					return nil, err
				}
				if !p.acceptKw("and") {
					return nil, fmt.Errorf("expected AND")
				}
				hi, err := p.expr(precLike)
				if err != nil {
					return nil, err
				}
				left = &tnode{op: "between", not: not, kids: []*tnode{left, lo, hi}}
			case "in":
				if err := p.expectOp("("); err != nil {
					return nil, err
				}
				list, err := p.list(")")
				if err != nil {
					return nil, err
				}
				left = &tnode{op: "in", not: not, kids: append([]*tnode{left}, list...)}
			case "like", "ilike":
				pat, err := p.expr(precLike)
				if err != nil {
					return nil, err
				}
				n := &tnode{op: "like", not: not, ci: kw == "ilike", kids: []*tnode{left, pat}}
				if p.acceptKw("escape") {
					e, err := p.expr(precLike)
					if err != nil {
						return nil, err
					}
					n.kids = append(n.kids, e)
				}
				left = n
			default:
				return nil, fmt.Errorf("unexpected NOT %s", kw)
			}
		default:
			// binary operator; op ANY/ALL (array)
			if p.isKw("any") || p.isKw("all") || p.isKw("some") {
				q := p.next().s
				if err := p.expectOp("("); err != nil {
					return nil, err
				}
				arr, err := p.expr(0)
				if err != nil {
					return nil, err
				}
				if err := p.expectOp(")"); err != nil {
					return nil, err
				}
				left = &tnode{op: "anyarray", s: t.s, not: q == "all", kids: []*tnode{left, arr}}
				continue
			}
			r, err := p.expr(prec)
			if err != nil {
				return nil, err
			}
			left = &tnode{op: "bin", s: t.s, kids: []*tnode{left, r}}
		}
	}
}

func (p *tparser) list(end string) ([]*tnode, error) {
	var out []*tnode
	if p.acceptOp(end) {
		return out, nil
	}
	for {
		e, err := p.expr(0)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
		if p.acceptOp(end) {
			return out, nil
		}
		if err := p.expectOp(","); err != nil {
			return nil, err
		}
	}
}

var typeNames = map[string]base.Type{
	"int": base.Int32, "integer": base.Int32, "int4": base.Int32, "int2": base.Int16, "smallint": base.Int16,
	"int8": base.Int64, "bigint": base.Int64, "float4": base.Float32, "real": base.Float32, "float8": base.Float64,
	"float": base.Float64, "numeric": base.Numeric, "decimal": base.Numeric, "text": base.Text, "varchar": base.Varchar,
	"bool": base.Bool, "boolean": base.Bool, "date": base.Date, "time": base.TimeT, "timestamp": base.Timestamp,
	"timestamptz": base.TimestampTZ, "interval": base.IntervalT, "jsonb": base.JSONB, "json": base.JSONB, "bytea": base.Bytea,
	"oid": base.Oid,
}

func (p *tparser) typeName() (base.Type, error) {
	t := p.next()
	name := t.s
	if name == "double" && p.acceptKw("precision") {
		name = "float8"
	}
	if name == "character" && p.acceptKw("varying") {
		name = "varchar"
	}
	typ, ok := typeNames[name]
	if !ok {
		return typ, fmt.Errorf("unknown type %q", name)
	}
	if name == "timestamp" || name == "time" {
		if p.acceptKw("with") {
			p.acceptKw("time")
			p.acceptKw("zone")
			typ = base.TimestampTZ
		} else if p.acceptKw("without") {
			p.acceptKw("time")
			p.acceptKw("zone")
		}
	}
	if p.acceptOp("(") {
		prec, _ := strconv.Atoi(p.next().s)
		scale := 0
		if p.acceptOp(",") {
			scale, _ = strconv.Atoi(p.next().s)
		}
		p.expectOp(")")
		if typ.Kind == base.KindNumeric {
			typ.Mod = base.NumericTypmod(int32(prec), int32(scale))
		} else if typ.Kind == base.KindText {
			typ.Mod = int32(prec)
		}
	}
	for p.isOp("[") && p.toks[p.p+1].s == "]" {
		p.p += 2
		typ = base.ArrayOf(typ)
	}
	return typ, nil
}

func (p *tparser) prefix() (*tnode, error) {
	t := p.next()
	switch t.kind {
	case 'n':
		return &tnode{op: "lit", s: t.s}, nil
	case 's':
		return &tnode{op: "str", s: t.s}, nil
	case 'o':
		switch t.s {
		case "(":
			e, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			e.par = true
			return e, p.expectOp(")")
		case "-", "+", "@", "|/", "||/", "~":
			e, err := p.expr(precUnary)
			if err != nil {
				return nil, err
			}
			if t.s == "-" && e.op == "lit" {
				// PostgreSQL folds minus into numeric constants (even
				// through parentheses) before typing them.
				if strings.HasPrefix(e.s, "-") {
					e.s = e.s[1:]
				} else {
					e.s = "-" + e.s
				}
				return e, nil
			}
			return &tnode{op: "un", s: t.s, kids: []*tnode{e}}, nil
		}
		return nil, fmt.Errorf("unexpected %q", t.s)
	case 'i':
		switch t.s {
		case "null":
			return &tnode{op: "null"}, nil
		case "true", "false":
			return &tnode{op: "bool", s: t.s}, nil
		case "not":
			e, err := p.expr(precNot)
			if err != nil {
				return nil, err
			}
			return &tnode{op: "not", kids: []*tnode{e}}, nil
		case "case":
			n := &tnode{op: "case"}
			var subject *tnode
			if !p.isKw("when") {
				s, err := p.expr(0)
				if err != nil {
					return nil, err
				}
				subject = s
			}
			for p.acceptKw("when") {
				c, err := p.expr(0)
				if err != nil {
					return nil, err
				}
				if subject != nil {
					c = &tnode{op: "bin", s: "=", kids: []*tnode{subject, c}}
				}
				if !p.acceptKw("then") {
					return nil, fmt.Errorf("expected THEN")
				}
				r, err := p.expr(0)
				if err != nil {
					return nil, err
				}
				n.kids = append(n.kids, c, r)
			}
			if p.acceptKw("else") {
				e, err := p.expr(0)
				if err != nil {
					return nil, err
				}
				n.kids = append(n.kids, e)
			}
			if !p.acceptKw("end") {
				return nil, fmt.Errorf("expected END")
			}
			return n, nil
		case "cast":
			p.expectOp("(")
			e, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			if !p.acceptKw("as") {
				return nil, fmt.Errorf("expected AS")
			}
			typ, err := p.typeName()
			if err != nil {
				return nil, err
			}
			return &tnode{op: "cast", typ: typ, kids: []*tnode{e}}, p.expectOp(")")
		case "array":
			if err := p.expectOp("["); err != nil {
				return nil, err
			}
			l, err := p.list("]")
			if err != nil {
				return nil, err
			}
			return &tnode{op: "array", kids: l}, nil
		case "extract":
			p.expectOp("(")
			f := p.next().s
			if !p.acceptKw("from") {
				return nil, fmt.Errorf("expected FROM")
			}
			e, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			return &tnode{op: "call", s: "extract", kids: []*tnode{{op: "str", s: f}, e}}, p.expectOp(")")
		case "position":
			p.expectOp("(")
			a, err := p.expr(precLike)
			if err != nil {
				return nil, err
			}
			if !p.acceptKw("in") {
				return nil, fmt.Errorf("expected IN")
			}
			b, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			return &tnode{op: "call", s: "position", kids: []*tnode{b, a}}, p.expectOp(")")
		case "current_timestamp", "current_date", "localtimestamp", "current_user", "current_schema", "session_user", "localtime":
			if !p.isOp("(") {
				return &tnode{op: "call", s: t.s}, nil
			}
		}
		// typed literal: type 'string'
		if typ, ok := typeNames[t.s]; ok && (p.peek().kind == 's' || t.s == "timestamp" && p.isKw("with") || t.s == "double") {
			p.p--
			typ2, err := p.typeName()
			if err != nil {
				return nil, err
			}
			_ = typ
			s := p.next()
			return &tnode{op: "cast", typ: typ2, kids: []*tnode{{op: "str", s: s.s}}}, nil
		}
		if p.acceptOp("(") {
			name := t.s
			if name == "substring" || name == "trim" {
				return p.specialCall(name)
			}
			args, err := p.list(")")
			if err != nil {
				return nil, err
			}
			switch name {
			case "coalesce", "nullif", "greatest", "least":
				return &tnode{op: name, kids: args}, nil
			}
			return &tnode{op: "call", s: name, kids: args}, nil
		}
		return nil, fmt.Errorf("unexpected identifier %q", t.s)
	}
	return nil, fmt.Errorf("unexpected end")
}

func (p *tparser) specialCall(name string) (*tnode, error) {
	if name == "trim" {
		fn := "btrim"
		switch {
		case p.acceptKw("both"):
		case p.acceptKw("leading"):
			fn = "ltrim"
		case p.acceptKw("trailing"):
			fn = "rtrim"
		}
		var chars *tnode
		if !p.isKw("from") {
			c, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			chars = c
		}
		if p.acceptKw("from") {
			s, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			n := &tnode{op: "call", s: fn, kids: []*tnode{s}}
			if chars != nil {
				n.kids = append(n.kids, chars)
			}
			return n, p.expectOp(")")
		}
		return &tnode{op: "call", s: fn, kids: []*tnode{chars}}, p.expectOp(")")
	}
	s, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	n := &tnode{op: "call", s: "substring", kids: []*tnode{s}}
	if p.acceptKw("from") {
		a, err := p.expr(0)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, a)
	}
	if p.acceptKw("for") {
		b, err := p.expr(0)
		if err != nil {
			return nil, err
		}
		if len(n.kids) == 1 {
			n.kids = append(n.kids, &tnode{op: "lit", s: "1"})
		}
		n.kids = append(n.kids, b)
	}
	for p.acceptOp(",") {
		a, err := p.expr(0)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, a)
	}
	return n, p.expectOp(")")
}

// ---- binder ----

func coerce(e Expr, to base.Type) (Expr, error) {
	from := e.Type()
	if from == to || typeEq(from, to) && from.Mod == to.Mod && from.Varchar == to.Varchar {
		return e, nil
	}
	if c, ok := e.(*Const); ok && from.Kind == base.KindUnknown {
		if c.Val.Null {
			return &Const{Val: base.NullOf(to.Kind), Typ: to}, nil
		}
		d, err := parseText(to, c.Val.S, nil)
		if err != nil {
			return nil, err
		}
		return &Const{Val: d, Typ: to}, nil
	}
	return &Cast{Arg: e, To: to}, nil
}

func coerceAll(es []Expr, to base.Type) ([]Expr, error) {
	out := make([]Expr, len(es))
	for i, e := range es {
		c, err := coerce(e, to)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

func bindTest(n *tnode) (Expr, error) {
	kids := make([]Expr, 0, len(n.kids))
	if n.op != "case" {
		for _, k := range n.kids {
			e, err := bindTest(k)
			if err != nil {
				return nil, err
			}
			kids = append(kids, e)
		}
	}
	types := func(es []Expr) []base.Type {
		ts := make([]base.Type, len(es))
		for i, e := range es {
			ts[i] = e.Type()
		}
		return ts
	}
	common := func(es []Expr, ctx string) ([]Expr, base.Type, error) {
		t, err := CommonType(types(es), ctx)
		if err != nil {
			return nil, t, err
		}
		out, err := coerceAll(es, t)
		return out, t, err
	}
	switch n.op {
	case "lit":
		if v, err := strconv.ParseInt(n.s, 10, 32); err == nil {
			return &Const{Val: base.DInt32(v), Typ: base.Int32}, nil
		}
		if v, err := strconv.ParseInt(n.s, 10, 64); err == nil {
			return &Const{Val: base.DInt64(v), Typ: base.Int64}, nil
		}
		d, _, err := apd.NewFromString(n.s)
		if err != nil {
			return nil, err
		}
		dd, err := parseText(base.Numeric, n.s, nil)
		if err != nil {
			return nil, err
		}
		_ = d
		return &Const{Val: dd, Typ: base.Numeric}, nil
	case "str":
		return &Const{Val: base.Datum{K: base.KindUnknown, S: n.s}, Typ: base.Unknown}, nil
	case "null":
		return &Const{Val: base.NullDatum, Typ: base.Unknown}, nil
	case "bool":
		return &Const{Val: base.DBool(n.s == "true"), Typ: base.Bool}, nil
	case "cast":
		if c, ok := kids[0].(*Const); ok && c.Typ.Kind == base.KindUnknown {
			// Explicit cast of a literal: input function, then the
			// explicit length coercion (truncating varchar).
			if n.typ.Mod > 0 && n.typ.Kind == base.KindText {
				if c.Val.Null {
					return &Const{Val: base.NullOf(base.KindText), Typ: n.typ}, nil
				}
				d, err := castDatum(nil, base.DText(c.Val.S), n.typ)
				if err != nil {
					return nil, err
				}
				return &Const{Val: d, Typ: n.typ}, nil
			}
			return coerce(c, n.typ)
		}
		return &Cast{Arg: kids[0], To: n.typ}, nil
	case "call":
		f, casts, err := LookupFunc(n.s, types(kids))
		if err != nil {
			return nil, err
		}
		for i := range kids {
			if kids[i], err = coerce(kids[i], casts[i]); err != nil {
				return nil, err
			}
		}
		return &Call{Fn: f, Args: kids}, nil
	case "bin":
		op := n.s
		if op == "!=" {
			op = "<>"
		}
		switch op {
		case "~", "~*", "!~", "!~*":
			args, err := coerceAll(kids, base.Text)
			if err != nil {
				return nil, err
			}
			return &RegexMatch{Arg: args[0], Pattern: args[1], CaseInsensitive: strings.HasSuffix(op, "*"), Not: op[0] == '!'}, nil
		}
		f, lt, rt, err := LookupBinaryOp(op, kids[0].Type(), kids[1].Type())
		if err != nil {
			return nil, err
		}
		l, err := coerce(kids[0], lt)
		if err != nil {
			return nil, err
		}
		r, err := coerce(kids[1], rt)
		if err != nil {
			return nil, err
		}
		return &Call{Fn: f, Args: []Expr{l, r}}, nil
	case "un":
		f, t, err := LookupUnaryOp(n.s, kids[0].Type())
		if err != nil {
			return nil, err
		}
		a, err := coerce(kids[0], t)
		if err != nil {
			return nil, err
		}
		return &Call{Fn: f, Args: []Expr{a}}, nil
	case "and", "or", "not":
		args, err := coerceAll(kids, base.Bool)
		if err != nil {
			return nil, err
		}
		for _, a := range args {
			if a.Type().Kind != base.KindBool {
				return nil, base.Errorf(base.CodeDatatypeMismatch, "argument of %s must be type boolean, not type %s", strings.ToUpper(n.op), a.Type())
			}
		}
		switch n.op {
		case "and":
			return &And{Args: args}, nil
		case "or":
			return &Or{Args: args}, nil
		}
		return &Not{Arg: args[0]}, nil
	case "isnull":
		return &IsNull{Arg: kids[0], Not: n.not}, nil
	case "isbool", "isunknown":
		a, err := coerce(kids[0], base.Bool)
		if err != nil {
			return nil, err
		}
		if n.op == "isunknown" {
			return &IsUnknown{Arg: a, Not: n.not}, nil
		}
		return &IsBool{Arg: a, Value: n.s == "t", Not: n.not}, nil
	case "distinct":
		args, _, err := common(kids, "IS DISTINCT FROM")
		if err != nil {
			return nil, err
		}
		return &IsDistinct{L: args[0], R: args[1], Not: n.not}, nil
	case "case":
		var conds, results []Expr
		var els Expr
		i := 0
		for ; i+1 < len(n.kids); i += 2 {
			c, err := bindTest(n.kids[i])
			if err != nil {
				return nil, err
			}
			if c, err = coerce(c, base.Bool); err != nil {
				return nil, err
			}
			r, err := bindTest(n.kids[i+1])
			if err != nil {
				return nil, err
			}
			conds, results = append(conds, c), append(results, r)
		}
		all := results
		if i < len(n.kids) {
			e, err := bindTest(n.kids[i])
			if err != nil {
				return nil, err
			}
			els = e
			all = append(append([]Expr{}, results...), e)
		}
		all, t, err := common(all, "CASE")
		if err != nil {
			return nil, err
		}
		c := &Case{Typ: t}
		for j := range conds {
			c.Whens = append(c.Whens, When{Cond: conds[j], Result: all[j]})
		}
		if els != nil {
			c.Else = all[len(all)-1]
		}
		return c, nil
	case "coalesce", "greatest", "least":
		args, t, err := common(kids, strings.ToUpper(n.op))
		if err != nil {
			return nil, err
		}
		if n.op == "coalesce" {
			return &Coalesce{Args: args, Typ: t}, nil
		}
		return &Greatest{Args: args, Typ: t, Least: n.op == "least"}, nil
	case "nullif":
		// NULLIF(a, b) resolves the "=" operator; the result has a's type.
		_, lt, rt, err := LookupBinaryOp("=", kids[0].Type(), kids[1].Type())
		if err != nil {
			return nil, err
		}
		l, err := coerce(kids[0], lt)
		if err != nil {
			return nil, err
		}
		r, err := coerce(kids[1], rt)
		if err != nil {
			return nil, err
		}
		return &NullIf{L: l, R: r, Typ: l.Type()}, nil
	case "in":
		args, _, err := common(kids, "IN")
		if err != nil {
			return nil, err
		}
		return &InList{Arg: args[0], List: args[1:], Not: n.not}, nil
	case "between":
		ge, err := bindTest(&tnode{op: "bin", s: ">=", kids: []*tnode{n.kids[0], n.kids[1]}})
		if err != nil {
			return nil, err
		}
		le, err := bindTest(&tnode{op: "bin", s: "<=", kids: []*tnode{n.kids[0], n.kids[2]}})
		if err != nil {
			return nil, err
		}
		var e Expr = &And{Args: []Expr{ge, le}}
		if n.not {
			e = &Not{Arg: e}
		}
		return e, nil
	case "like":
		args, err := coerceAll(kids, base.Text)
		if err != nil {
			return nil, err
		}
		l := &Like{Arg: args[0], Pattern: args[1], CaseInsensitive: n.ci, Not: n.not}
		if len(args) > 2 {
			l.Escape = args[2]
		}
		return l, nil
	case "array":
		args, t, err := common(kids, "ARRAY")
		if err != nil {
			return nil, err
		}
		return &ArrayCtor{Elems: args, Typ: base.ArrayOf(t)}, nil
	case "subscript":
		idx, err := coerce(kids[1], base.Int32)
		if err != nil {
			return nil, err
		}
		return &Subscript{Arr: kids[0], Index: idx, Typ: kids[0].Type().ElemType()}, nil
	case "anyarray":
		arr := kids[1]
		if arr.Type().Kind == base.KindUnknown {
			t := base.ArrayOf(kids[0].Type())
			var err error
			if arr, err = coerce(arr, t); err != nil {
				return nil, err
			}
		}
		f, lt, rt, err := LookupBinaryOp(n.s, kids[0].Type(), arr.Type().ElemType())
		if err != nil {
			return nil, err
		}
		l, err := coerce(kids[0], lt)
		if err != nil {
			return nil, err
		}
		if !typeEq(rt, arr.Type().ElemType()) {
			arr = &Cast{Arg: arr, To: base.ArrayOf(rt)}
		}
		return &AnyArray{Arg: l, Arr: arr, Op: f, All: n.not}, nil
	}
	return nil, fmt.Errorf("cannot bind %s", n.op)
}

// bindSQL parses and binds a test expression; unknown results become text.
func bindSQL(src string) (Expr, error) {
	n, err := parseTestExpr(src)
	if err != nil {
		return nil, err
	}
	e, err := bindTest(n)
	if err != nil {
		return nil, err
	}
	if e.Type().Kind == base.KindUnknown {
		return coerce(e, base.Text)
	}
	return e, nil
}

var _ = math.Inf
