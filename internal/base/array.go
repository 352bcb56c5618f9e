package base

import (
	"strings"
	"time"
)

func malformedArray(s, detail string) error {
	return Errorf(CodeInvalidTextRepresentation, "malformed array literal: \"%s\"", s).WithDetail("%s", detail)
}

// ParseArray implements array_in for a one-dimensional array of elem. An
// explicit "[lo:hi]=" dimension prefix is accepted and its bounds dropped
// (arrays are 1-based here).
func ParseArray(elem Type, s string, loc *time.Location) (Datum, error) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i < len(s) && s[i] == '[' {
		j := strings.IndexByte(s[i:], '=')
		if j < 0 {
			return Datum{}, malformedArray(s, "Missing \"=\" after array dimensions.")
		}
		i += j + 1
		for i < len(s) && isSpace(s[i]) {
			i++
		}
	}
	if i >= len(s) || s[i] != '{' {
		return Datum{}, malformedArray(s, "Array value must start with \"{\" or dimension information.")
	}
	i++
	elems := []Datum{}
	var buf []byte
	expectElem := true
	first := true
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return Datum{}, malformedArray(s, "Unexpected end of input.")
		}
		c := s[i]
		if c == '}' {
			if expectElem && !first {
				return Datum{}, malformedArray(s, "Unexpected \"}\" character.")
			}
			i++
			break
		}
		if !expectElem {
			if c != ',' {
				return Datum{}, malformedArray(s, "Unexpected array element.")
			}
			i++
			expectElem = true
			continue
		}
		if c == ',' {
			return Datum{}, malformedArray(s, "Unexpected \",\" character.")
		}
		if c == '{' {
			return Datum{}, NotSupported("multidimensional arrays are not supported")
		}
		first = false
		buf = buf[:0]
		isNull := false
		if c == '"' {
			i++
			closed := false
			for i < len(s) {
				ch := s[i]
				if ch == '\\' && i+1 < len(s) {
					buf = append(buf, s[i+1])
					i += 2
					continue
				}
				if ch == '"' {
					i++
					closed = true
					break
				}
				buf = append(buf, ch)
				i++
			}
			if !closed {
				return Datum{}, malformedArray(s, "Unexpected end of input.")
			}
		} else {
			lastNonSpace := 0
			for i < len(s) && s[i] != ',' && s[i] != '}' {
				ch := s[i]
				if ch == '"' || ch == '{' {
					return Datum{}, malformedArray(s, "Unexpected \""+string(ch)+"\" character.")
				}
				if ch == '\\' && i+1 < len(s) {
					buf = append(buf, s[i+1])
					i += 2
					lastNonSpace = len(buf)
					continue
				}
				buf = append(buf, ch)
				if !isSpace(ch) {
					lastNonSpace = len(buf)
				}
				i++
			}
			buf = buf[:lastNonSpace]
			isNull = strings.EqualFold(string(buf), "null") && !strings.Contains(s[:i], "\\")
			if isNull && strings.IndexByte(string(buf), '\\') >= 0 {
				isNull = false
			}
		}
		if isNull {
			elems = append(elems, NullOf(elem.Kind))
		} else {
			d, err := ParseText(elem, string(buf), loc)
			if err != nil {
				return Datum{}, err
			}
			elems = append(elems, d)
		}
		expectElem = false
	}
	for i < len(s) {
		if !isSpace(s[i]) {
			return Datum{}, malformedArray(s, "Junk after closing right brace.")
		}
		i++
	}
	return DArray(elem.Kind, elems), nil
}

// AppendArray appends array_out's text for the elements of a.
func AppendArray(b []byte, elem Type, a []Datum, loc *time.Location) []byte {
	b = append(b, '{')
	for i, e := range a {
		if i > 0 {
			b = append(b, ',')
		}
		if e.Null {
			b = append(b, "NULL"...)
			continue
		}
		s := FormatText(e, elem, loc)
		if arrayNeedsQuote(s) {
			b = append(b, '"')
			for j := 0; j < len(s); j++ {
				if s[j] == '"' || s[j] == '\\' {
					b = append(b, '\\')
				}
				b = append(b, s[j])
			}
			b = append(b, '"')
		} else {
			b = append(b, s...)
		}
	}
	return append(b, '}')
}

func arrayNeedsQuote(s string) bool {
	if s == "" || strings.EqualFold(s, "null") {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\', '{', '}', ',':
			return true
		default:
			if isSpace(c) {
				return true
			}
		}
	}
	return false
}
