package expr

import (
	"crypto/md5"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tributarydb/tributary/internal/base"
)

// datumType reconstructs the type of a non-NULL datum for text output.
func datumType(d base.Datum) base.Type {
	if d.K == base.KindArray {
		return base.Type{Kind: base.KindArray, Elem: base.Kind(d.I)}
	}
	return base.Type{Kind: d.K}
}

// textOf renders any datum as its text output (for ||, concat, format).
func textOf(ctx *Context, d base.Datum) string {
	if d.K == base.KindText || d.K == base.KindUnknown {
		return d.S
	}
	return formatText(d, datumType(d), ctx.loc())
}

func castText(ctx *Context, d base.Datum) (string, error) {
	if d.K == base.KindText || d.K == base.KindUnknown {
		return d.S, nil
	}
	r, err := castDatum(ctx, d, base.Text)
	return r.S, err
}

func txt(s string) base.Datum { return base.DText(s) }

func i32(v int64) base.Datum { return base.DInt32(v) }

func substrRunes(s string, start, count int64, hasCount bool) (string, error) {
	if hasCount && count < 0 {
		return "", base.Errorf("22011", "negative substring length not allowed")
	}
	// PostgreSQL: characters start .. start+count-1 (1-based), clipped.
	end := int64(1) << 62
	if hasCount {
		end = start + count
		if count > 0 && end < start { // overflow
			end = int64(1) << 62
		}
	}
	if start < 1 {
		start = 1
	}
	if end <= start {
		return "", nil
	}
	var b strings.Builder
	pos := int64(1)
	for _, r := range s {
		if pos >= end {
			break
		}
		if pos >= start {
			b.WriteRune(r)
		}
		pos++
	}
	return b.String(), nil
}

func initcap(s string) string {
	var b strings.Builder
	prevAlnum := false
	for _, r := range s {
		if prevAlnum {
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(unicode.ToUpper(r))
		}
		prevAlnum = unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return b.String()
}

func pad(s string, n int64, fill string, left bool) string {
	if n <= 0 {
		return ""
	}
	rs := []rune(s)
	if int64(len(rs)) >= n {
		return string(rs[:n])
	}
	if fill == "" {
		return s
	}
	fr := []rune(fill)
	need := int(n) - len(rs)
	p := make([]rune, 0, need)
	for i := 0; len(p) < need; i++ {
		p = append(p, fr[i%len(fr)])
	}
	if left {
		return string(p) + s
	}
	return s + string(p)
}

func trimChars(s, chars string, left, right bool) string {
	set := func(r rune) bool { return strings.ContainsRune(chars, r) }
	if left {
		s = strings.TrimLeftFunc(s, set)
	}
	if right {
		s = strings.TrimRightFunc(s, set)
	}
	return s
}

func splitPart(s, delim string, n int64) (base.Datum, error) {
	if n == 0 {
		return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "field position must not be zero")
	}
	var parts []string
	if delim == "" {
		parts = []string{s}
		if s == "" {
			parts = nil
		}
	} else {
		parts = strings.Split(s, delim)
		if s == "" {
			parts = nil
		}
	}
	if n < 0 {
		n = int64(len(parts)) + n + 1
	}
	if n < 1 || n > int64(len(parts)) {
		return txt(""), nil
	}
	return txt(parts[n-1]), nil
}

// pgRegexReplacement converts a PostgreSQL replacement string (\1..\9, \&,
// \\) to a function applied to submatches.
func expandReplacement(repl string, src string, m []int) string {
	var b strings.Builder
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c == '\\' && i+1 < len(repl) {
			n := repl[i+1]
			switch {
			case n >= '1' && n <= '9':
				g := int(n - '0')
				if 2*g+1 < len(m) && m[2*g] >= 0 {
					b.WriteString(src[m[2*g]:m[2*g+1]])
				}
				i++
				continue
			case n == '&':
				b.WriteString(src[m[0]:m[1]])
				i++
				continue
			case n == '\\':
				b.WriteByte('\\')
				i++
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func regexpReplace(ctx *Context, src, pat, repl, flags string) (base.Datum, error) {
	re, err := compileRegex(pat, flags)
	if err != nil {
		return base.Datum{}, err
	}
	global := strings.ContainsRune(flags, 'g')
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(src, -1) {
		b.WriteString(src[last:m[0]])
		b.WriteString(expandReplacement(repl, src, m))
		last = m[1]
		if !global {
			break
		}
	}
	b.WriteString(src[last:])
	return txt(b.String()), nil
}

func quoteIdent(s string) string {
	safe := s != ""
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || i > 0 && (r >= '0' && r <= '9' || r == '$')) {
			safe = false
			break
		}
	}
	if safe && !isReservedKeyword(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func isReservedKeyword(s string) bool {
	switch s {
	case "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check", "collate",
		"column", "constraint", "create", "current_catalog", "current_date", "current_role", "current_time", "current_timestamp",
		"current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
		"foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit",
		"localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing", "primary", "references",
		"returning", "select", "session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique",
		"user", "using", "variadic", "when", "where", "window", "with":
		return true
	}
	return false
}

func quoteLiteral(s string) string {
	if strings.Contains(s, `\`) {
		return "E'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// formatFn implements format(fmt, args...) with %s, %I, %L, %%,
// positional %n$ specifiers and the - flag and width (n, * or *n$).
func formatFn(ctx *Context, f string, args []base.Datum) (base.Datum, error) {
	var b strings.Builder
	next := 0
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(f) {
			return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "unterminated format() type specifier").WithHint(`For a single "%%" use "%%%%".`)
		}
		if f[i] == '%' {
			b.WriteByte('%')
			continue
		}
		// optional n$
		j := i
		for j < len(f) && f[j] >= '0' && f[j] <= '9' {
			j++
		}
		if j < len(f) && f[j] == '$' && j > i {
			n, _ := strconv.Atoi(f[i:j])
			if n == 0 {
				return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "format specifies argument 0, but arguments are numbered from 1")
			}
			next = n - 1
			i = j + 1
		}
		unterminated := func() (base.Datum, error) {
			return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "unterminated format() type specifier").WithHint(`For a single "%%" use "%%%%".`)
		}
		// flags ('-': left-justify) and width (digits, * or *n$: from an argument)
		left, width := false, 0
		for i < len(f) && f[i] == '-' {
			left = true
			i++
		}
		if i < len(f) && f[i] == '*' {
			i++
			k := i
			for k < len(f) && f[k] >= '0' && f[k] <= '9' {
				k++
			}
			wi := next
			if k < len(f) && f[k] == '$' && k > i {
				n, _ := strconv.Atoi(f[i:k])
				if n == 0 {
					return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "format specifies argument 0, but arguments are numbered from 1")
				}
				wi, i = n-1, k+1
			} else {
				next++
			}
			if wi >= len(args) {
				return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "too few arguments for format()")
			}
			if w := args[wi]; !w.Null {
				wv, err := base.Cast(w, base.Int32, ctx.loc())
				if err != nil {
					return base.Datum{}, err
				}
				width = int(wv.I)
			}
		} else {
			for i < len(f) && f[i] >= '0' && f[i] <= '9' {
				width = width*10 + int(f[i]-'0')
				if width > 10000000 {
					return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "number is out of range")
				}
				i++
			}
		}
		if width < 0 {
			left, width = true, -width
		}
		if i >= len(f) {
			return unterminated()
		}
		if next >= len(args) {
			return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "too few arguments for format()")
		}
		a := args[next]
		next++
		var v string
		switch f[i] {
		case 's':
			if !a.Null {
				v = textOf(ctx, a)
			}
		case 'I':
			if a.Null {
				return base.Datum{}, base.Errorf("22004", "null values cannot be formatted as an SQL identifier")
			}
			v = quoteIdent(textOf(ctx, a))
		case 'L':
			if a.Null {
				v = "NULL"
			} else {
				v = quoteLiteral(textOf(ctx, a))
			}
		default:
			return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "unrecognized format() type specifier \"%c\"", f[i]).WithHint(`For a single "%%" use "%%%%".`)
		}
		if pad := width - utf8.RuneCountInString(v); pad > 0 {
			if left {
				v += strings.Repeat(" ", pad)
			} else {
				v = strings.Repeat(" ", pad) + v
			}
		}
		b.WriteString(v)
	}
	return txt(b.String()), nil
}

func init() {
	t, i4 := base.Text, base.Int32
	s1 := func(g func(string) string) scalarFn {
		return func(_ *Context, a []base.Datum) (base.Datum, error) { return txt(g(a[0].S)), nil }
	}
	// || and concatenation.
	regBin("||", t, t, t, func(_ *Context, a []base.Datum) (base.Datum, error) { return txt(a[0].S + a[1].S), nil })
	// anytextcat/textanycat cast the non-text side to text (so booleans
	// become 'true', unlike concat() which uses output functions: 't').
	regBin("||", tAnyNonArray, t, t, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		s, err := castText(ctx, a[0])
		return txt(s + a[1].S), err
	})
	regBin("||", t, tAnyNonArray, t, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		s, err := castText(ctx, a[1])
		return txt(a[0].S + s), err
	})
	regFunc("concat", ts(tAny), t, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		var b strings.Builder
		for _, d := range a {
			if !d.Null {
				b.WriteString(textOf(ctx, d))
			}
		}
		return txt(b.String()), nil
	}, variadic, nonStrict)
	regFunc("concat_ws", ts(t, tAny), t, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Null {
			return base.NullOf(base.KindText), nil
		}
		var b strings.Builder
		first := true
		for _, d := range a[1:] {
			if d.Null {
				continue
			}
			if !first {
				b.WriteString(a[0].S)
			}
			first = false
			b.WriteString(textOf(ctx, d))
		}
		return txt(b.String()), nil
	}, variadic, nonStrict)
	regFunc("lower", ts(t), t, s1(strings.ToLower))
	regFunc("upper", ts(t), t, s1(strings.ToUpper))
	regFunc("initcap", ts(t), t, s1(initcap))
	for _, name := range []string{"length", "char_length", "character_length"} {
		regFunc(name, ts(t), i4, func(_ *Context, a []base.Datum) (base.Datum, error) {
			return i32(int64(utf8.RuneCountInString(a[0].S))), nil
		})
	}
	regFunc("length", ts(base.Bytea), i4, func(_ *Context, a []base.Datum) (base.Datum, error) { return i32(int64(len(a[0].S))), nil })
	regFunc("octet_length", ts(t), i4, func(_ *Context, a []base.Datum) (base.Datum, error) { return i32(int64(len(a[0].S))), nil })
	regFunc("octet_length", ts(base.Bytea), i4, func(_ *Context, a []base.Datum) (base.Datum, error) { return i32(int64(len(a[0].S))), nil })
	regFunc("bit_length", ts(t), i4, func(_ *Context, a []base.Datum) (base.Datum, error) { return i32(int64(8 * len(a[0].S))), nil })
	for _, name := range []string{"substr", "substring"} {
		regFunc(name, ts(t, i4), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
			s, err := substrRunes(a[0].S, a[1].I, 0, false)
			return txt(s), err
		})
		regFunc(name, ts(t, i4, i4), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
			s, err := substrRunes(a[0].S, a[1].I, a[2].I, true)
			return txt(s), err
		})
	}
	regFunc("substring", ts(t, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		// substring(s FROM pattern): POSIX regex, first group or whole match.
		re, err := compileRegex(a[1].S, "")
		if err != nil {
			return base.Datum{}, err
		}
		m := re.FindStringSubmatchIndex(a[0].S)
		if m == nil {
			return base.NullOf(base.KindText), nil
		}
		if len(m) > 2 {
			if m[2] < 0 {
				return base.NullOf(base.KindText), nil
			}
			return txt(a[0].S[m[2]:m[3]]), nil
		}
		return txt(a[0].S[m[0]:m[1]]), nil
	})
	regFunc("left", ts(t, i4), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		rs := []rune(a[0].S)
		n := a[1].I
		if n < 0 {
			n = max(int64(len(rs))+n, 0)
		}
		return txt(string(rs[:min(n, int64(len(rs)))])), nil
	})
	regFunc("right", ts(t, i4), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		rs := []rune(a[0].S)
		n := a[1].I
		if n < 0 {
			n = max(int64(len(rs))+n, 0)
		}
		n = min(n, int64(len(rs)))
		return txt(string(rs[int64(len(rs))-n:])), nil
	})
	pos := func(_ *Context, a []base.Datum) (base.Datum, error) {
		i := strings.Index(a[0].S, a[1].S)
		if i < 0 {
			return i32(0), nil
		}
		return i32(int64(utf8.RuneCountInString(a[0].S[:i])) + 1), nil
	}
	regFunc("strpos", ts(t, t), i4, pos)
	regFunc("position", ts(t, t), i4, pos)
	regFunc("btrim", ts(t), t, s1(func(s string) string { return trimChars(s, " ", true, true) }))
	regFunc("ltrim", ts(t), t, s1(func(s string) string { return trimChars(s, " ", true, false) }))
	regFunc("rtrim", ts(t), t, s1(func(s string) string { return trimChars(s, " ", false, true) }))
	regFunc("btrim", ts(t, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(trimChars(a[0].S, a[1].S, true, true)), nil
	})
	regFunc("ltrim", ts(t, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(trimChars(a[0].S, a[1].S, true, false)), nil
	})
	regFunc("rtrim", ts(t, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(trimChars(a[0].S, a[1].S, false, true)), nil
	})
	regFunc("trim", ts(t), t, s1(func(s string) string { return trimChars(s, " ", true, true) }))
	regFunc("trim", ts(t, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(trimChars(a[0].S, a[1].S, true, true)), nil
	})
	regFunc("lpad", ts(t, i4), t, func(_ *Context, a []base.Datum) (base.Datum, error) { return txt(pad(a[0].S, a[1].I, " ", true)), nil })
	regFunc("lpad", ts(t, i4, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(pad(a[0].S, a[1].I, a[2].S, true)), nil
	})
	regFunc("rpad", ts(t, i4), t, func(_ *Context, a []base.Datum) (base.Datum, error) { return txt(pad(a[0].S, a[1].I, " ", false)), nil })
	regFunc("rpad", ts(t, i4, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(pad(a[0].S, a[1].I, a[2].S, false)), nil
	})
	regFunc("replace", ts(t, t, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[1].S == "" {
			return a[0], nil
		}
		return txt(strings.ReplaceAll(a[0].S, a[1].S, a[2].S)), nil
	})
	regFunc("split_part", ts(t, t, i4), t, func(_ *Context, a []base.Datum) (base.Datum, error) { return splitPart(a[0].S, a[1].S, a[2].I) })
	regFunc("repeat", ts(t, i4), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[1].I <= 0 {
			return txt(""), nil
		}
		if int64(len(a[0].S))*a[1].I > 1<<30 {
			return base.Datum{}, base.Errorf(base.CodeProgramLimitExceeded, "requested length too large")
		}
		return txt(strings.Repeat(a[0].S, int(a[1].I))), nil
	})
	regFunc("reverse", ts(t), t, s1(func(s string) string {
		rs := []rune(s)
		for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
			rs[i], rs[j] = rs[j], rs[i]
		}
		return string(rs)
	}))
	regFunc("starts_with", ts(t, t), base.Bool, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DBool(strings.HasPrefix(a[0].S, a[1].S)), nil
	})
	regFunc("md5", ts(t), t, s1(func(s string) string { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }))
	regFunc("md5", ts(base.Bytea), t, s1(func(s string) string { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }))
	regFunc("ascii", ts(t), i4, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].S == "" {
			return i32(0), nil
		}
		r, _ := utf8.DecodeRuneInString(a[0].S)
		return i32(int64(r)), nil
	})
	regFunc("chr", ts(i4), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		c := a[0].I
		if c == 0 {
			return base.Datum{}, base.Errorf(base.CodeProgramLimitExceeded, "null character not permitted")
		}
		if c < 0 {
			return base.Datum{}, base.Errorf(base.CodeProgramLimitExceeded, "character number must be positive")
		}
		if c > 0x10FFFF || c >= 0xD800 && c <= 0xDFFF {
			return base.Datum{}, base.Errorf(base.CodeProgramLimitExceeded, "requested character too large for encoding: %d", c)
		}
		return txt(string(rune(c))), nil
	})
	regFunc("regexp_replace", ts(t, t, t), t, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		return regexpReplace(ctx, a[0].S, a[1].S, a[2].S, "")
	})
	regFunc("regexp_replace", ts(t, t, t, t), t, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		return regexpReplace(ctx, a[0].S, a[1].S, a[2].S, a[3].S)
	})
	rmatch := func(_ *Context, a []base.Datum) (base.Datum, error) {
		flags := ""
		if len(a) > 2 {
			flags = a[2].S
			if strings.ContainsRune(flags, 'g') {
				return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "regexp_match() does not support the \"global\" option").WithHint("Use the regexp_matches function instead.")
			}
		}
		re, err := compileRegex(a[1].S, flags)
		if err != nil {
			return base.Datum{}, err
		}
		m := re.FindStringSubmatchIndex(a[0].S)
		if m == nil {
			return base.NullOf(base.KindArray), nil
		}
		var out []base.Datum
		if len(m) == 2 {
			out = []base.Datum{txt(a[0].S[m[0]:m[1]])}
		} else {
			for g := 1; 2*g < len(m); g++ {
				if m[2*g] < 0 {
					out = append(out, base.NullOf(base.KindText))
				} else {
					out = append(out, txt(a[0].S[m[2*g]:m[2*g+1]]))
				}
			}
		}
		return base.DArray(base.KindText, out), nil
	}
	// overlay(s PLACING r FROM p [FOR n]) = substr(s, 1, p-1) || r || substr(s, p+n)
	overlay := func(_ *Context, a []base.Datum) (base.Datum, error) {
		rs, rr := []rune(a[0].S), a[1].S
		p := a[2].I
		n := int64(utf8.RuneCountInString(rr))
		if len(a) > 3 {
			n = a[3].I
		}
		if p < 1 || n < 0 {
			return base.Datum{}, base.Errorf("22011", "negative substring length not allowed")
		}
		head := min(p-1, int64(len(rs)))
		tail := min(p-1+n, int64(len(rs)))
		return txt(string(rs[:head]) + rr + string(rs[tail:])), nil
	}
	regFunc("overlay", ts(t, t, i4), t, overlay)
	regFunc("overlay", ts(t, t, i4, i4), t, overlay)
	regFunc("regexp_match", ts(t, t), base.ArrayOf(t), rmatch)
	regFunc("regexp_match", ts(t, t, t), base.ArrayOf(t), rmatch)
	regFunc("regexp_like", ts(t, t), base.Bool, func(_ *Context, a []base.Datum) (base.Datum, error) {
		re, err := compileRegex(a[1].S, "")
		if err != nil {
			return base.Datum{}, err
		}
		return base.DBool(re.MatchString(a[0].S)), nil
	})
	regFunc("translate", ts(t, t, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		from, to := []rune(a[1].S), []rune(a[2].S)
		var b strings.Builder
		for _, r := range a[0].S {
			i := -1
			for j, f := range from {
				if f == r {
					i = j
					break
				}
			}
			switch {
			case i < 0:
				b.WriteRune(r)
			case i < len(to):
				b.WriteRune(to[i])
			}
		}
		return txt(b.String()), nil
	})
	regFunc("to_hex", ts(base.Int32), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(strconv.FormatUint(uint64(uint32(a[0].I)), 16)), nil
	})
	regFunc("to_hex", ts(base.Int64), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(strconv.FormatUint(uint64(a[0].I), 16)), nil
	})
	regFunc("format", ts(t, tAny), t, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Null {
			return base.NullOf(base.KindText), nil
		}
		return formatFn(ctx, a[0].S, a[1:])
	}, variadic, nonStrict)
	regFunc("format", ts(t), t, func(ctx *Context, a []base.Datum) (base.Datum, error) { return formatFn(ctx, a[0].S, nil) })
	regFunc("quote_ident", ts(t), t, s1(quoteIdent))
	regFunc("quote_literal", ts(t), t, s1(quoteLiteral))
	regFunc("quote_nullable", ts(t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Null {
			return txt("NULL"), nil
		}
		return txt(quoteLiteral(a[0].S)), nil
	}, nonStrict)
	regFunc("string_to_array", ts(t, t), base.ArrayOf(t), func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Null {
			return base.NullOf(base.KindArray), nil
		}
		var out []base.Datum
		if a[0].S == "" {
			return base.DArray(base.KindText, []base.Datum{}), nil
		}
		switch {
		case a[1].Null:
			for _, r := range a[0].S {
				out = append(out, txt(string(r)))
			}
		case a[1].S == "":
			out = []base.Datum{a[0]}
		default:
			for _, p := range strings.Split(a[0].S, a[1].S) {
				out = append(out, txt(p))
			}
		}
		return base.DArray(base.KindText, out), nil
	}, nonStrict)
	// LIKE as functions too (like(text, text)) for completeness.
	regFunc("like", ts(t, t), base.Bool, func(_ *Context, a []base.Datum) (base.Datum, error) {
		m, err := compileLike(a[1].S, `\`, false)
		if err != nil {
			return base.Datum{}, err
		}
		return base.DBool(m.match(a[0].S)), nil
	})
}
