package expr

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/tributarydb/tributary/internal/base"
)

// Binary string functions: encode/decode (hex, base64, escape),
// convert_to/convert_from (UTF8, SQL_ASCII, LATIN1) and the SHA-2 digests.

func init() {
	t, by := base.Text, base.Bytea
	regFunc("encode", ts(by, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		s, err := byteaEncode(a[0].S, a[1].S)
		return txt(s), err
	})
	regFunc("decode", ts(t, t), by, func(_ *Context, a []base.Datum) (base.Datum, error) {
		s, err := byteaDecode(a[0].S, a[1].S)
		return base.DBytea([]byte(s)), err
	})
	regFunc("convert_to", ts(t, t), by, func(_ *Context, a []base.Datum) (base.Datum, error) {
		enc, err := encodingName(a[1].S)
		if err != nil {
			return base.Datum{}, err
		}
		if enc == "LATIN1" {
			var b []byte
			for _, r := range a[0].S {
				if r > 0xFF {
					return base.Datum{}, base.Errorf("22P05", "character with byte sequence %s in encoding \"UTF8\" has no equivalent in encoding \"LATIN1\"", utf8Bytes(r))
				}
				b = append(b, byte(r))
			}
			return base.DBytea(b), nil
		}
		return base.DBytea([]byte(a[0].S)), nil
	})
	regFunc("convert_from", ts(by, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		enc, err := encodingName(a[1].S)
		if err != nil {
			return base.Datum{}, err
		}
		s := a[0].S
		if enc == "LATIN1" {
			var b strings.Builder
			for i := 0; i < len(s); i++ {
				if s[i] == 0 {
					return base.Datum{}, base.Errorf("22021", "invalid byte sequence for encoding \"UTF8\": 0x00")
				}
				b.WriteRune(rune(s[i]))
			}
			return txt(b.String()), nil
		}
		if err := checkUTF8(s); err != nil {
			return base.Datum{}, err
		}
		return txt(s), nil
	})
	digest := func(h func([]byte) []byte) scalarFn {
		return func(_ *Context, a []base.Datum) (base.Datum, error) { return base.DBytea(h([]byte(a[0].S))), nil }
	}
	regFunc("sha224", ts(by), by, digest(func(b []byte) []byte { s := sha256.Sum224(b); return s[:] }))
	regFunc("sha256", ts(by), by, digest(func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }))
	regFunc("sha384", ts(by), by, digest(func(b []byte) []byte { s := sha512.Sum384(b); return s[:] }))
	regFunc("sha512", ts(by), by, digest(func(b []byte) []byte { s := sha512.Sum512(b); return s[:] }))
	regFunc("get_byte", ts(by, base.Int32), base.Int32, func(_ *Context, a []base.Datum) (base.Datum, error) {
		n := a[1].I
		if n < 0 || n >= int64(len(a[0].S)) {
			return base.Datum{}, base.Errorf("2202E", "index %d out of valid range, 0..%d", n, len(a[0].S)-1)
		}
		return i32(int64(a[0].S[n])), nil
	})
}

func utf8Bytes(r rune) string {
	var b [4]byte
	n := utf8.EncodeRune(b[:], r)
	parts := make([]string, n)
	for i := 0; i < n; i++ {
		parts[i] = "0x" + hex.EncodeToString(b[i:i+1])
	}
	return strings.Join(parts, " ")
}

func checkUTF8(s string) error {
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if s[i] == 0 || r == utf8.RuneError && w <= 1 {
			end := min(i+w, len(s))
			if s[i] != 0 {
				end = min(i+2, len(s))
			}
			parts := make([]string, 0, 2)
			for j := i; j < end; j++ {
				parts = append(parts, "0x"+hex.EncodeToString([]byte{s[j]}))
			}
			return base.Errorf("22021", "invalid byte sequence for encoding \"UTF8\": %s", strings.Join(parts, " "))
		}
		i += w
	}
	return nil
}

// encodingName normalizes an encoding name as pg_char_to_encoding does
// (case, '-' and '_' insensitive) for the encodings supported here.
func encodingName(s string) (string, error) {
	n := strings.ToUpper(strings.NewReplacer("-", "", "_", "").Replace(s))
	switch n {
	case "UTF8", "UNICODE":
		return "UTF8", nil
	case "SQLASCII":
		return "SQL_ASCII", nil
	case "LATIN1", "ISO88591":
		return "LATIN1", nil
	}
	return "", base.Errorf(base.CodeInvalidParameterValue, "invalid %s encoding name \"%s\"", "source", s)
}

func byteaEncode(b, format string) (string, error) {
	switch strings.ToLower(format) {
	case "hex":
		return hex.EncodeToString([]byte(b)), nil
	case "base64":
		e := base64.StdEncoding.EncodeToString([]byte(b))
		// PostgreSQL breaks base64 output into lines of 76 characters.
		var out strings.Builder
		for len(e) > 76 {
			out.WriteString(e[:76])
			out.WriteByte('\n')
			e = e[76:]
		}
		out.WriteString(e)
		return out.String(), nil
	case "escape":
		var out strings.Builder
		for i := 0; i < len(b); i++ {
			c := b[i]
			switch {
			case c == 0 || c >= 0x80:
				out.WriteByte('\\')
				out.WriteByte('0' + c>>6)
				out.WriteByte('0' + c>>3&7)
				out.WriteByte('0' + c&7)
			case c == '\\':
				out.WriteString(`\\`)
			default:
				out.WriteByte(c)
			}
		}
		return out.String(), nil
	}
	return "", base.Errorf(base.CodeInvalidParameterValue, "unrecognized encoding: \"%s\"", format)
}

func byteaDecode(s, format string) (string, error) {
	switch strings.ToLower(format) {
	case "hex":
		var out []byte
		for i := 0; i < len(s); {
			c := s[i]
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
				i++
				continue
			}
			hi, ok := hexNibble(c)
			if !ok {
				return "", base.Errorf(base.CodeInvalidParameterValue, "invalid hexadecimal digit: \"%c\"", c)
			}
			if i+1 >= len(s) {
				return "", base.Errorf(base.CodeInvalidParameterValue, "invalid hexadecimal data: odd number of digits")
			}
			lo, ok := hexNibble(s[i+1])
			if !ok {
				return "", base.Errorf(base.CodeInvalidParameterValue, "invalid hexadecimal digit: \"%c\"", s[i+1])
			}
			out = append(out, hi<<4|lo)
			i += 2
		}
		return string(out), nil
	case "base64":
		clean := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
				return -1
			}
			return r
		}, s)
		b, err := base64.StdEncoding.DecodeString(clean)
		if err != nil {
			if len(strings.TrimRight(clean, "=")) != len(clean) || len(clean)%4 != 0 {
				return "", base.Errorf(base.CodeInvalidParameterValue, "invalid base64 end sequence").
					WithHint("Input data is missing padding, is truncated, or is otherwise corrupted.")
			}
			return "", base.Errorf(base.CodeInvalidParameterValue, "invalid symbol found while decoding base64 sequence")
		}
		return string(b), nil
	case "escape":
		var out []byte
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c != '\\' {
				out = append(out, c)
				continue
			}
			switch {
			case i+1 < len(s) && s[i+1] == '\\':
				out = append(out, '\\')
				i++
			case i+3 < len(s) && isOct(s[i+1]) && isOct(s[i+2]) && isOct(s[i+3]) && s[i+1] <= '3':
				out = append(out, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
				i += 3
			default:
				return "", base.Errorf(base.CodeInvalidTextRepresentation, "invalid input syntax for type bytea")
			}
		}
		return string(out), nil
	}
	return "", base.Errorf(base.CodeInvalidParameterValue, "unrecognized encoding: \"%s\"", format)
}

func isOct(c byte) bool { return c >= '0' && c <= '7' }

func hexNibble(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
