package expr

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"github.com/tributarydb/tributary/internal/base"
)

// likeMatcher is a compiled LIKE pattern: a sequence of literal runes,
// '_' (any one character) and '%' (any sequence) tokens.
type likeMatcher struct {
	toks  []likeTok
	fold  bool
	exact string // fast path: pattern without wildcards
	isEx  bool
}

type likeTok struct {
	kind byte // 'l' literal, '_' one, '%' any
	r    rune
}

// compileLike compiles pattern with the given escape string ("" disables
// escaping, as ESCAPE ” does in PostgreSQL).
func compileLike(pattern, escape string, fold bool) (*likeMatcher, error) {
	var esc rune = -1
	if escape != "" {
		if utf8.RuneCountInString(escape) != 1 {
			return nil, base.Errorf(base.CodeInvalidEscapeSequence, "invalid escape string").WithHint("Escape string must be empty or one character.")
		}
		esc, _ = utf8.DecodeRuneInString(escape)
	}
	if fold {
		pattern = strings.ToLower(pattern)
	}
	m := &likeMatcher{fold: fold}
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == esc:
			if i+1 >= len(rs) {
				// PostgreSQL only complains when matching reaches the
				// dangling escape; a token that never matches gives the
				// same answer whenever PostgreSQL does not error.
				m.toks = append(m.toks, likeTok{kind: 'E'})
				continue
			}
			i++
			m.toks = append(m.toks, likeTok{kind: 'l', r: rs[i]})
		case r == '%':
			if len(m.toks) == 0 || m.toks[len(m.toks)-1].kind != '%' {
				m.toks = append(m.toks, likeTok{kind: '%'})
			}
		case r == '_':
			m.toks = append(m.toks, likeTok{kind: '_'})
		default:
			m.toks = append(m.toks, likeTok{kind: 'l', r: r})
		}
	}
	m.isEx = true
	var b strings.Builder
	for _, t := range m.toks {
		if t.kind != 'l' {
			m.isEx = false
			break
		}
		b.WriteRune(t.r)
	}
	m.exact = b.String()
	return m, nil
}

func (m *likeMatcher) match(s string) bool {
	if m.fold {
		s = strings.ToLower(s)
	}
	if m.isEx {
		return s == m.exact
	}
	return likeMatch(m.toks, s)
}

func (m *likeMatcher) matchBytes(b []byte) bool {
	if m.isEx && !m.fold {
		return string(b) == m.exact // no allocation: compiler optimizes the conversion
	}
	return m.match(string(b))
}

// likeMatch is the classic wildcard matcher with single-star backtracking:
// linear in practice, O(n·m) worst case.
func likeMatch(toks []likeTok, s string) bool {
	ti, si := 0, 0
	starT, starS := -1, 0
	for si < len(s) {
		if ti < len(toks) {
			t := toks[ti]
			switch t.kind {
			case '%':
				starT, starS = ti, si
				ti++
				continue
			case '_':
				_, w := utf8.DecodeRuneInString(s[si:])
				si += w
				ti++
				continue
			case 'E':
			default:
				r, w := utf8.DecodeRuneInString(s[si:])
				if r == t.r {
					si += w
					ti++
					continue
				}
			}
		}
		if starT < 0 {
			return false
		}
		_, w := utf8.DecodeRuneInString(s[starS:])
		starS += w
		si = starS
		ti = starT + 1
	}
	for ti < len(toks) && toks[ti].kind == '%' {
		ti++
	}
	return ti == len(toks)
}

// compileRegex compiles a PostgreSQL (ARE) regular expression with Go's
// RE2 engine. Flags: i (case-insensitive), g is handled by callers, n/p/w
// (newline-sensitive) map to RE2's default non-dotall mode; s/x/m are
// passed through where RE2 has them.
func compileRegex(pattern, flags string) (*regexp.Regexp, error) {
	prefix := ""
	newlineSensitive := false
	for _, f := range flags {
		switch f {
		case 'i':
			prefix += "i"
		case 'g', 'c':
		case 'n', 'p', 'w', 'm':
			newlineSensitive = true
		case 's':
		case 'x':
		default:
			return nil, base.Errorf(base.CodeInvalidParameterValue, "invalid regular expression option: \"%c\"", f)
		}
	}
	// PostgreSQL's default is "." matches newline and ^/$ anchor the whole
	// string; RE2 needs (?s) for the former.
	if !newlineSensitive {
		prefix += "s"
	} else {
		prefix += "m"
	}
	re, err := regexp.Compile("(?" + prefix + ")" + pattern)
	if err != nil {
		return nil, base.Errorf(base.CodeInvalidRegularExpression, "invalid regular expression: %s", regexErrText(err))
	}
	return re, nil
}

func regexErrText(err error) string {
	if e, ok := err.(*syntax.Error); ok {
		switch e.Code {
		case syntax.ErrMissingParen, syntax.ErrUnexpectedParen:
			return "parentheses () not balanced"
		case syntax.ErrMissingBracket:
			return "brackets [] not balanced"
		case syntax.ErrMissingRepeatArgument:
			return "quantifier operand invalid"
		case syntax.ErrTrailingBackslash:
			return "invalid escape \\ sequence"
		}
		return string(e.Code)
	}
	return err.Error()
}

// LIKE as binary operators (~~ ~~* !~~ !~~*) over text, for x LIKE
// ANY/ALL (array); plain LIKE binds to the Like node.
func init() {
	for _, op := range []string{"~~", "~~*", "!~~", "!~~*"} {
		fold, not := strings.Contains(op, "*"), strings.HasPrefix(op, "!")
		regBin(op, base.Text, base.Text, base.Bool, func(_ *Context, a []base.Datum) (base.Datum, error) {
			m, err := compileLike(a[1].S, `\`, fold)
			if err != nil {
				return base.Datum{}, err
			}
			return base.DBool(m.match(a[0].S) != not), nil
		})
	}
}
