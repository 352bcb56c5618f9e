package base

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// JSONKind is the type of a JSON value.
type JSONKind uint8

const (
	JSONNull JSONKind = iota
	JSONBool
	JSONNumber
	JSONString
	JSONArray
	JSONObject
)

// JSONValue is a parsed jsonb value. Objects keep jsonb's key order (by
// length, then bytes) with duplicate keys removed (last wins). Numbers hold
// their numeric text as numeric_out prints it.
type JSONValue struct {
	Kind JSONKind
	Bool bool
	Str  string // string value, or number text
	Arr  []JSONValue
	Keys []string
	Vals []JSONValue
}

// Get returns the value of key in an object.
func (v *JSONValue) Get(key string) (*JSONValue, bool) {
	if v.Kind != JSONObject {
		return nil, false
	}
	i := sort.Search(len(v.Keys), func(i int) bool { return jsonKeyCmp(v.Keys[i], key) >= 0 })
	if i < len(v.Keys) && v.Keys[i] == key {
		return &v.Vals[i], true
	}
	return nil, false
}

func jsonKeyCmp(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// TypeName is jsonb_typeof's answer.
func (v *JSONValue) TypeName() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[v.Kind]
}

// String returns the canonical jsonb text.
func (v *JSONValue) String() string { return string(v.AppendText(nil)) }

// AppendText appends the canonical jsonb text (jsonb_out).
func (v *JSONValue) AppendText(b []byte) []byte {
	switch v.Kind {
	case JSONNull:
		return append(b, "null"...)
	case JSONBool:
		if v.Bool {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case JSONNumber:
		return append(b, v.Str...)
	case JSONString:
		return AppendJSONString(b, v.Str)
	case JSONArray:
		b = append(b, '[')
		for i := range v.Arr {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = v.Arr[i].AppendText(b)
		}
		return append(b, ']')
	}
	b = append(b, '{')
	for i := range v.Keys {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = AppendJSONString(b, v.Keys[i])
		b = append(b, ": "...)
		b = v.Vals[i].AppendText(b)
	}
	return append(b, '}')
}

// AppendJSONString appends s as a JSON string literal (escape_json).
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\b':
			b = append(b, `\b`...)
		case '\f':
			b = append(b, `\f`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		default:
			if c < ' ' {
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			} else {
				b = append(b, c)
			}
		}
	}
	return append(b, '"')
}

// ParseJSON parses JSON text with PostgreSQL's json grammar and jsonb
// normalisation.
func ParseJSON(s string) (*JSONValue, error) {
	p := jsonParser{s: s}
	p.skipWS()
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipWS()
	if p.i < len(p.s) {
		return nil, p.errExpected("end of input")
	}
	return &v, nil
}

// CanonicalJSONB validates s and returns jsonb's canonical text.
func CanonicalJSONB(s string) (string, error) {
	v, err := ParseJSON(s)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

type jsonParser struct {
	s     string
	i     int
	depth int
}

func (p *jsonParser) skipWS() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) syntaxErr(detail string, args ...any) error {
	return Errorf(CodeInvalidTextRepresentation, "invalid input syntax for type json").WithDetail(detail, args...)
}

// token returns the lexeme at the cursor for error messages.
func (p *jsonParser) token() string {
	if p.i >= len(p.s) {
		return ""
	}
	c := p.s[p.i]
	if strings.IndexByte("{}[],:", c) >= 0 {
		return string(c)
	}
	j := p.i
	for j < len(p.s) && strings.IndexByte(" \t\n\r{}[],:\"", p.s[j]) < 0 {
		j++
	}
	if j == p.i {
		_, n := utf8.DecodeRuneInString(p.s[p.i:])
		j = p.i + n
	}
	return p.s[p.i:j]
}

func (p *jsonParser) errExpected(what string) error {
	if p.i >= len(p.s) {
		return p.syntaxErr("The input string ended unexpectedly.")
	}
	if p.s[p.i] != '"' && !strings.ContainsRune("{}[],:", rune(p.s[p.i])) && !isJSONValueStart(p.s[p.i]) {
		return p.syntaxErr("Token \"%s\" is invalid.", p.token())
	}
	return p.syntaxErr("Expected %s, but found \"%s\".", what, p.token())
}

func isJSONValueStart(c byte) bool {
	return c == '-' || isDigit(c) || c == 't' || c == 'f' || c == 'n'
}

func (p *jsonParser) value() (JSONValue, error) {
	if p.i >= len(p.s) {
		return JSONValue{}, p.syntaxErr("The input string ended unexpectedly.")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		return JSONValue{Kind: JSONString, Str: s}, err
	case c == '-' || isDigit(c):
		return p.number()
	default:
		tok := p.token()
		switch tok {
		case "true":
			p.i += 4
			return JSONValue{Kind: JSONBool, Bool: true}, nil
		case "false":
			p.i += 5
			return JSONValue{Kind: JSONBool}, nil
		case "null":
			p.i += 4
			return JSONValue{Kind: JSONNull}, nil
		}
		if strings.ContainsRune("{}[],:", rune(c)) {
			return JSONValue{}, p.syntaxErr("Expected JSON value, but found \"%s\".", tok)
		}
		return JSONValue{}, p.syntaxErr("Token \"%s\" is invalid.", tok)
	}
}

func (p *jsonParser) number() (JSONValue, error) {
	start := p.i
	j := p.i
	bad := func() (JSONValue, error) {
		p.i = start
		return JSONValue{}, p.syntaxErr("Token \"%s\" is invalid.", p.token())
	}
	if j < len(p.s) && p.s[j] == '-' {
		j++
	}
	if j >= len(p.s) || !isDigit(p.s[j]) {
		return bad()
	}
	if p.s[j] == '0' {
		j++
	} else {
		for j < len(p.s) && isDigit(p.s[j]) {
			j++
		}
	}
	if j < len(p.s) && p.s[j] == '.' {
		j++
		if j >= len(p.s) || !isDigit(p.s[j]) {
			return bad()
		}
		for j < len(p.s) && isDigit(p.s[j]) {
			j++
		}
	}
	if j < len(p.s) && (p.s[j] == 'e' || p.s[j] == 'E') {
		j++
		if j < len(p.s) && (p.s[j] == '+' || p.s[j] == '-') {
			j++
		}
		if j >= len(p.s) || !isDigit(p.s[j]) {
			return bad()
		}
		for j < len(p.s) && isDigit(p.s[j]) {
			j++
		}
	}
	if j < len(p.s) && strings.IndexByte(" \t\n\r{}[],:\"", p.s[j]) < 0 {
		return bad()
	}
	d, err := ParseNumeric(p.s[start:j])
	if err != nil {
		return JSONValue{}, err
	}
	p.i = j
	return JSONValue{Kind: JSONNumber, Str: FormatNumeric(d)}, nil
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func (p *jsonParser) str() (string, error) {
	p.i++ // opening quote
	var b []byte
	start := p.i
	for {
		if p.i >= len(p.s) {
			return "", p.syntaxErr("The input string ended unexpectedly.")
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			var out string
			if b == nil {
				out = p.s[start:p.i]
			} else {
				out = string(b)
			}
			p.i++
			return out, nil
		case c < 0x20:
			return "", p.syntaxErr("Character with value 0x%02x must be escaped.", c)
		case c == '\\':
			if b == nil {
				b = append([]byte(nil), p.s[start:p.i]...)
			}
			p.i++
			if p.i >= len(p.s) {
				return "", p.syntaxErr("The input string ended unexpectedly.")
			}
			e := p.s[p.i]
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, err := p.unicodeEscape()
				if err != nil {
					return "", err
				}
				if r >= 0xD800 && r <= 0xDBFF {
					if p.i+2 < len(p.s) && p.s[p.i+1] == '\\' && p.s[p.i+2] == 'u' {
						p.i += 2
						lo, err := p.unicodeEscape()
						if err != nil {
							return "", err
						}
						if lo < 0xDC00 || lo > 0xDFFF {
							return "", p.syntaxErr("Unicode high surrogate must not follow a high surrogate.")
						}
						r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
					} else {
						return "", p.syntaxErr("Unicode low surrogate must follow a high surrogate.")
					}
				} else if r >= 0xDC00 && r <= 0xDFFF {
					return "", p.syntaxErr("Unicode low surrogate must follow a high surrogate.")
				}
				if r == 0 {
					return "", Errorf(CodeUntranslatableCharacter, "unsupported Unicode escape sequence").WithDetail("\\u0000 cannot be converted to text.")
				}
				b = utf8.AppendRune(b, rune(r))
			default:
				_, n := utf8.DecodeRuneInString(p.s[p.i:])
				return "", p.syntaxErr("Escape sequence \"\\%s\" is invalid.", p.s[p.i:p.i+n])
			}
			p.i++
		default:
			if b != nil {
				b = append(b, c)
			}
			p.i++
		}
	}
}

// unicodeEscape reads XXXX after "\u" (cursor on 'u'); leaves the cursor
// on the last hex digit.
func (p *jsonParser) unicodeEscape() (int, error) {
	if p.i+4 > len(p.s)-1 {
		return 0, p.syntaxErr("\"\\u\" must be followed by four hexadecimal digits.")
	}
	r := 0
	for k := 1; k <= 4; k++ {
		h := hexVal(p.s[p.i+k])
		if h < 0 {
			return 0, p.syntaxErr("\"\\u\" must be followed by four hexadecimal digits.")
		}
		r = r<<4 | h
	}
	p.i += 4
	return r, nil
}

const jsonMaxDepth = 6400

func (p *jsonParser) array() (JSONValue, error) {
	p.i++
	p.depth++
	if p.depth > jsonMaxDepth {
		return JSONValue{}, Errorf(CodeProgramLimitExceeded, "stack depth limit exceeded")
	}
	defer func() { p.depth-- }()
	v := JSONValue{Kind: JSONArray, Arr: []JSONValue{}}
	p.skipWS()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return v, nil
	}
	for {
		p.skipWS()
		e, err := p.value()
		if err != nil {
			return v, err
		}
		v.Arr = append(v.Arr, e)
		p.skipWS()
		if p.i >= len(p.s) {
			return v, p.syntaxErr("The input string ended unexpectedly.")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return v, nil
		default:
			return v, p.errExpected("\",\" or \"]\"")
		}
	}
}

func (p *jsonParser) object() (JSONValue, error) {
	p.i++
	p.depth++
	if p.depth > jsonMaxDepth {
		return JSONValue{}, Errorf(CodeProgramLimitExceeded, "stack depth limit exceeded")
	}
	defer func() { p.depth-- }()
	v := JSONValue{Kind: JSONObject, Keys: []string{}, Vals: []JSONValue{}}
	p.skipWS()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return v, nil
	}
	for {
		p.skipWS()
		if p.i >= len(p.s) {
			return v, p.syntaxErr("The input string ended unexpectedly.")
		}
		if p.s[p.i] != '"' {
			return v, p.errExpected("string")
		}
		k, err := p.str()
		if err != nil {
			return v, err
		}
		p.skipWS()
		if p.i >= len(p.s) {
			return v, p.syntaxErr("The input string ended unexpectedly.")
		}
		if p.s[p.i] != ':' {
			return v, p.errExpected("\":\"")
		}
		p.i++
		p.skipWS()
		val, err := p.value()
		if err != nil {
			return v, err
		}
		v.Keys = append(v.Keys, k)
		v.Vals = append(v.Vals, val)
		p.skipWS()
		if p.i >= len(p.s) {
			return v, p.syntaxErr("The input string ended unexpectedly.")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			sortJSONObject(&v)
			return v, nil
		default:
			return v, p.errExpected("\",\" or \"}\"")
		}
	}
}

// sortJSONObject orders keys like jsonb and keeps the last duplicate.
func sortJSONObject(v *JSONValue) {
	n := len(v.Keys)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return jsonKeyCmp(v.Keys[idx[a]], v.Keys[idx[b]]) < 0 })
	keys := make([]string, 0, n)
	vals := make([]JSONValue, 0, n)
	for i := 0; i < n; i++ {
		j := idx[i]
		if len(keys) > 0 && keys[len(keys)-1] == v.Keys[j] {
			vals[len(vals)-1] = v.Vals[j] // stable sort: later duplicate wins
			continue
		}
		keys = append(keys, v.Keys[j])
		vals = append(vals, v.Vals[j])
	}
	v.Keys, v.Vals = keys, vals
}

// JSONBFromValue is a convenience for building jsonb datums.
func JSONBFromValue(v *JSONValue) Datum { return DJSONB(v.String()) }
