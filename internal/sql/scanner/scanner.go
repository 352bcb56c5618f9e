package scanner

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Kind is the lexical class of a token.
type Kind int

const (
	EOF     Kind = iota
	Illegal      // a lexical error; Val holds the message
	Ident        // unquoted identifier or keyword; Val is lower-cased
	QIdent       // "quoted identifier"; Val is the exact name
	Number       // numeric literal; Val is the source text
	String       // 'x', E'x', $$x$$; Val is the decoded value
	Param        // $n; Val is the digits
	Op           // operator; Val is its text ("+", "<>", "->>", "::" is DColon)
	LParen
	RParen
	LBracket
	RBracket
	Comma
	Semicolon
	Dot
	Colon
	DColon // ::
)

var kindNames = [...]string{
	EOF: "end of input", Illegal: "illegal", Ident: "identifier",
	QIdent: "quoted identifier", Number: "number", String: "string",
	Param: "parameter", Op: "operator", LParen: "(", RParen: ")",
	LBracket: "[", RBracket: "]", Comma: ",", Semicolon: ";", Dot: ".",
	Colon: ":", DColon: "::",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Token is one lexical token. Pos/End are byte offsets into the source
// (End exclusive); Raw is src[Pos:End].
type Token struct {
	Kind Kind
	Pos  int
	End  int
	Raw  string
	Val  string
}

// Is reports whether t is the unquoted keyword/identifier kw (lower case).
func (t Token) Is(kw string) bool { return t.Kind == Ident && t.Val == kw }

// Scanner splits SQL text into tokens, skipping whitespace and comments.
type Scanner struct {
	src string
	pos int
}

// New returns a scanner over src.
func New(src string) *Scanner { return &Scanner{src: src} }

// Tokenize scans all of src. It stops at the first Illegal token and
// returns its message as an error (the token is still included).
func Tokenize(src string) ([]Token, error) {
	s := New(src)
	var toks []Token
	for {
		t := s.Next()
		toks = append(toks, t)
		switch t.Kind {
		case EOF:
			return toks, nil
		case Illegal:
			return toks, fmt.Errorf("%s at byte %d", t.Val, t.Pos)
		}
	}
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isIdentCont(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// opChars are the characters PostgreSQL operators are made of.
func isOpChar(c byte) bool {
	return strings.IndexByte("+-*/<>=~!@#%^&|`?", c) >= 0
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// skip skips whitespace and comments; it returns a non-empty message for
// an unterminated block comment.
func (s *Scanner) skip() (errPos int, msg string) {
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case isSpace(c):
			s.pos++
		case c == '-' && s.peekAt(1) == '-':
			for s.pos < len(s.src) && s.src[s.pos] != '\n' {
				s.pos++
			}
		case c == '/' && s.peekAt(1) == '*':
			start := s.pos
			depth := 0
			for {
				if s.pos >= len(s.src) {
					return start, "unterminated /* comment"
				}
				if s.src[s.pos] == '/' && s.peekAt(1) == '*' {
					depth++
					s.pos += 2
				} else if s.src[s.pos] == '*' && s.peekAt(1) == '/' {
					depth--
					s.pos += 2
					if depth == 0 {
						break
					}
				} else {
					s.pos++
				}
			}
		default:
			return 0, ""
		}
	}
	return 0, ""
}

func (s *Scanner) peekAt(off int) byte {
	if s.pos+off < len(s.src) {
		return s.src[s.pos+off]
	}
	return 0
}

func (s *Scanner) tok(k Kind, start int, val string) Token {
	return Token{Kind: k, Pos: start, End: s.pos, Raw: s.src[start:s.pos], Val: val}
}

func (s *Scanner) illegal(start int, msg string) Token {
	// Consume the rest so that a caller that keeps calling Next terminates.
	s.pos = len(s.src)
	return Token{Kind: Illegal, Pos: start, End: start, Raw: s.src[start:], Val: msg}
}

// Next returns the next token; at the end it returns EOF forever.
func (s *Scanner) Next() Token {
	if p, msg := s.skip(); msg != "" {
		return s.illegal(p, msg)
	}
	start := s.pos
	if s.pos >= len(s.src) {
		return Token{Kind: EOF, Pos: start, End: start}
	}
	c := s.src[s.pos]
	switch {
	case (c == 'e' || c == 'E') && s.peekAt(1) == '\'':
		s.pos++
		return s.scanString(start, true)
	case (c == 'n' || c == 'N') && s.peekAt(1) == '\'':
		s.pos++
		return s.scanString(start, false)
	case (c == 'u' || c == 'U') && s.peekAt(1) == '&' && s.peekAt(2) == '\'':
		s.pos += 2
		return s.scanUnicodeString(start)
	case isIdentStart(c):
		for s.pos < len(s.src) && isIdentCont(s.src[s.pos]) {
			s.pos++
		}
		return s.tok(Ident, start, foldLower(s.src[start:s.pos]))
	case isDigit(c) || c == '.' && isDigit(s.peekAt(1)):
		return s.scanNumber(start)
	case c == '\'':
		return s.scanString(start, false)
	case c == '"':
		return s.scanQuotedIdent(start)
	case c == '$':
		return s.scanDollar(start)
	}
	s.pos++
	switch c {
	case '(':
		return s.tok(LParen, start, "(")
	case ')':
		return s.tok(RParen, start, ")")
	case '[':
		return s.tok(LBracket, start, "[")
	case ']':
		return s.tok(RBracket, start, "]")
	case ',':
		return s.tok(Comma, start, ",")
	case ';':
		return s.tok(Semicolon, start, ";")
	case '.':
		return s.tok(Dot, start, ".")
	case ':':
		if s.pos < len(s.src) && s.src[s.pos] == ':' {
			s.pos++
			return s.tok(DColon, start, "::")
		}
		return s.tok(Colon, start, ":")
	}
	if isOpChar(c) {
		s.pos = start
		return s.scanOp(start)
	}
	_, size := utf8.DecodeRuneInString(s.src[start:])
	s.pos = start + size
	return s.illegal(start, fmt.Sprintf("syntax error at or near %q", s.src[start:start+size]))
}

// foldLower lower-cases ASCII letters only, as PostgreSQL does for
// unquoted identifiers.
func foldLower(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' {
			b := []byte(w)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return w
}

func (s *Scanner) scanNumber(start int) Token {
	for s.pos < len(s.src) && isDigit(s.src[s.pos]) {
		s.pos++
	}
	// A '.' belongs to the number unless it starts "..", which cannot
	// follow a number in SQL anyway.
	if s.pos < len(s.src) && s.src[s.pos] == '.' && s.peekAt(1) != '.' {
		s.pos++
		for s.pos < len(s.src) && isDigit(s.src[s.pos]) {
			s.pos++
		}
	}
	if s.pos < len(s.src) && (s.src[s.pos] == 'e' || s.src[s.pos] == 'E') {
		save := s.pos
		s.pos++
		if s.pos < len(s.src) && (s.src[s.pos] == '+' || s.src[s.pos] == '-') {
			s.pos++
		}
		if s.pos < len(s.src) && isDigit(s.src[s.pos]) {
			for s.pos < len(s.src) && isDigit(s.src[s.pos]) {
				s.pos++
			}
		} else {
			s.pos = save
		}
	}
	if s.pos < len(s.src) && isIdentStart(s.src[s.pos]) {
		// PostgreSQL 15+ rejects "123abc" as trailing junk.
		end := s.pos
		for end < len(s.src) && isIdentCont(s.src[end]) {
			end++
		}
		return s.illegal(start, fmt.Sprintf("trailing junk after numeric literal at or near %q", s.src[start:end]))
	}
	return s.tok(Number, start, s.src[start:s.pos])
}

// scanString scans a '...' literal starting at s.pos (the opening quote).
// Adjacent literals separated by whitespace containing a newline are
// concatenated, as the SQL standard (and PostgreSQL) require.
func (s *Scanner) scanString(start int, escape bool) Token {
	var b strings.Builder
	for {
		if msg := s.scanStringPart(&b, escape); msg != "" {
			return s.illegal(start, msg)
		}
		// continuation?
		p := s.pos
		sawNL := false
		for p < len(s.src) && isSpace(s.src[p]) {
			if s.src[p] == '\n' || s.src[p] == '\r' {
				sawNL = true
			}
			p++
		}
		if !sawNL || p >= len(s.src) || s.src[p] != '\'' {
			break
		}
		s.pos = p
	}
	return s.tok(String, start, b.String())
}

func (s *Scanner) scanStringPart(b *strings.Builder, escape bool) string {
	s.pos++ // opening quote
	for {
		if s.pos >= len(s.src) {
			return "unterminated quoted string"
		}
		c := s.src[s.pos]
		switch {
		case c == '\'':
			if s.peekAt(1) == '\'' {
				b.WriteByte('\'')
				s.pos += 2
				continue
			}
			s.pos++
			return ""
		case c == '\\' && escape:
			if msg := s.scanEscape(b); msg != "" {
				return msg
			}
		default:
			b.WriteByte(c)
			s.pos++
		}
	}
}

// scanEscape decodes one backslash escape of an E-string (E'...').
func (s *Scanner) scanEscape(b *strings.Builder) string {
	s.pos++ // backslash
	if s.pos >= len(s.src) {
		return "unterminated quoted string"
	}
	c := s.src[s.pos]
	s.pos++
	switch c {
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case '0', '1', '2', '3', '4', '5', '6', '7':
		v := int(c - '0')
		for i := 0; i < 2 && s.pos < len(s.src) && s.src[s.pos] >= '0' && s.src[s.pos] <= '7'; i++ {
			v = v*8 + int(s.src[s.pos]-'0')
			s.pos++
		}
		b.WriteByte(byte(v))
	case 'x':
		v, n := 0, 0
		for n < 2 && s.pos < len(s.src) && isHex(s.src[s.pos]) {
			v = v*16 + hexVal(s.src[s.pos])
			s.pos++
			n++
		}
		if n == 0 {
			b.WriteByte('x')
		} else {
			b.WriteByte(byte(v))
		}
	case 'u', 'U':
		want := 4
		if c == 'U' {
			want = 8
		}
		v := 0
		for i := 0; i < want; i++ {
			if s.pos >= len(s.src) || !isHex(s.src[s.pos]) {
				return "invalid Unicode escape"
			}
			v = v*16 + hexVal(s.src[s.pos])
			s.pos++
		}
		if v == 0 || v > utf8.MaxRune || v >= 0xD800 && v <= 0xDFFF {
			return "invalid Unicode escape value"
		}
		b.WriteRune(rune(v))
	default:
		b.WriteByte(c)
	}
	return ""
}

func isHex(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}

func (s *Scanner) scanQuotedIdent(start int) Token {
	s.pos++
	var b strings.Builder
	for {
		if s.pos >= len(s.src) {
			return s.illegal(start, "unterminated quoted identifier")
		}
		c := s.src[s.pos]
		if c == '"' {
			if s.peekAt(1) == '"' {
				b.WriteByte('"')
				s.pos += 2
				continue
			}
			s.pos++
			break
		}
		b.WriteByte(c)
		s.pos++
	}
	if b.Len() == 0 {
		return s.illegal(start, "zero-length delimited identifier")
	}
	return s.tok(QIdent, start, b.String())
}

// scanDollar scans $n parameters and $tag$...$tag$ strings.
func (s *Scanner) scanDollar(start int) Token {
	s.pos++
	if s.pos < len(s.src) && isDigit(s.src[s.pos]) {
		for s.pos < len(s.src) && isDigit(s.src[s.pos]) {
			s.pos++
		}
		return s.tok(Param, start, s.src[start+1:s.pos])
	}
	// tag: identifier chars except '$'
	p := s.pos
	if p < len(s.src) && isIdentStart(s.src[p]) {
		for p < len(s.src) && isIdentCont(s.src[p]) && s.src[p] != '$' {
			p++
		}
	}
	if p >= len(s.src) || s.src[p] != '$' {
		return s.illegal(start, `syntax error at or near "$"`)
	}
	delim := s.src[start : p+1]
	body := p + 1
	end := strings.Index(s.src[body:], delim)
	if end < 0 {
		return s.illegal(start, "unterminated dollar-quoted string")
	}
	s.pos = body + end + len(delim)
	return s.tok(String, start, s.src[body:body+end])
}

// scanOp scans an operator following PostgreSQL's rules: a maximal run of
// operator characters, cut before any "--" or "/*", and a multi-character
// operator may not end in + or - unless it contains one of ~ ! @ # % ^ & | ` ?
// (so "a*-1" is "*" then "-").
func (s *Scanner) scanOp(start int) Token {
	p := start
	for p < len(s.src) && isOpChar(s.src[p]) {
		if p > start && (s.src[p] == '-' && p+1 < len(s.src) && s.src[p+1] == '-' ||
			s.src[p] == '/' && p+1 < len(s.src) && s.src[p+1] == '*') {
			break
		}
		p++
	}
	op := s.src[start:p]
	if len(op) > 1 && (op[len(op)-1] == '+' || op[len(op)-1] == '-') &&
		!strings.ContainsAny(op, "~!@#%^&|`?") {
		for len(op) > 1 && (op[len(op)-1] == '+' || op[len(op)-1] == '-') {
			op = op[:len(op)-1]
		}
	}
	s.pos = start + len(op)
	return s.tok(Op, start, op)
}

// CharPos converts a byte offset in src to PostgreSQL's 1-based character
// position (counting UTF-8 characters), as used in error reports.
func CharPos(src string, byteOff int) int {
	if byteOff > len(src) {
		byteOff = len(src)
	}
	if byteOff < 0 {
		byteOff = 0
	}
	return utf8.RuneCountInString(src[:byteOff]) + 1
}

// scanUnicodeString scans U&'...' [UESCAPE 'c']: \XXXX and \+XXXXXX
// (hex code points, surrogate pairs combined) with the escape character
// (default backslash); a doubled escape character is itself.
func (s *Scanner) scanUnicodeString(start int) Token {
	t := s.scanString(start, false)
	if t.Kind != String {
		return t
	}
	esc := byte('\\')
	// optional UESCAPE 'c'
	p := s.pos
	for p < len(s.src) && isSpace(s.src[p]) {
		p++
	}
	if p+7 <= len(s.src) && strings.EqualFold(s.src[p:p+7], "uescape") && (p+7 == len(s.src) || !isIdentCont(s.src[p+7])) {
		q := p + 7
		for q < len(s.src) && isSpace(s.src[q]) {
			q++
		}
		if q+2 < len(s.src) && s.src[q] == '\'' && s.src[q+2] == '\'' {
			e := s.src[q+1]
			if isHex(e) || e == '+' || e == '\'' || e == '"' || isSpace(e) {
				return s.illegal(q, "invalid Unicode escape character")
			}
			esc = e
			s.pos = q + 3
		} else {
			return s.illegal(q, "UESCAPE must be followed by a simple string literal")
		}
	}
	v, msg := decodeUnicodeEscapes(t.Val, esc)
	if msg != "" {
		return s.illegal(start, msg)
	}
	t.Val = v
	t.End = s.pos
	return t
}

func decodeUnicodeEscapes(v string, esc byte) (string, string) {
	var b strings.Builder
	var hi rune // pending high surrogate
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != esc {
			if hi != 0 {
				return "", "invalid Unicode surrogate pair"
			}
			b.WriteByte(c)
			continue
		}
		if i+1 < len(v) && v[i+1] == esc {
			b.WriteByte(esc)
			i++
			continue
		}
		n := 4
		j := i + 1
		if j < len(v) && v[j] == '+' {
			n, j = 6, j+1
		}
		if j+n > len(v) {
			return "", "invalid Unicode escape"
		}
		var r rune
		for _, h := range []byte(v[j : j+n]) {
			if !isHex(h) {
				return "", "invalid Unicode escape"
			}
			r = r*16 + rune(hexVal(h))
		}
		i = j + n - 1
		switch {
		case r >= 0xD800 && r <= 0xDBFF:
			if hi != 0 {
				return "", "invalid Unicode surrogate pair"
			}
			hi = r
			continue
		case r >= 0xDC00 && r <= 0xDFFF:
			if hi == 0 {
				return "", "invalid Unicode surrogate pair"
			}
			r = (hi-0xD800)<<10 + (r - 0xDC00) + 0x10000
			hi = 0
		case hi != 0:
			return "", "invalid Unicode surrogate pair"
		}
		if r == 0 || r > 0x10FFFF {
			return "", "invalid Unicode escape value"
		}
		b.WriteRune(r)
	}
	if hi != 0 {
		return "", "invalid Unicode surrogate pair"
	}
	return b.String(), ""
}
