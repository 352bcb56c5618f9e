package base

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ParseText converts s to a datum of type t following PostgreSQL's input
// functions (DateStyle ISO, MDY; IntervalStyle postgres). loc is the session
// time zone, used for timestamptz input without an explicit zone (nil: UTC).
// Typmods in t are applied: numeric(p,s) rounds and checks, varchar(n)
// rejects longer values unless the excess is spaces (assignment semantics).
func ParseText(t Type, s string, loc *time.Location) (Datum, error) {
	switch t.Kind {
	case KindBool:
		b, ok := parseBool(s)
		if !ok {
			return Datum{}, Errorf(CodeInvalidTextRepresentation, "invalid input syntax for type boolean: \"%s\"", s)
		}
		return DBool(b), nil
	case KindInt16, KindInt32, KindInt64:
		v, err := ParseInt(t.Kind, s)
		return Datum{K: t.Kind, I: v}, err
	case KindOid:
		v, err := parseOid(s)
		return DOid(v), err
	case KindFloat32:
		f, err := ParseFloat(s, 32)
		return DFloat32(f), err
	case KindFloat64:
		f, err := ParseFloat(s, 64)
		return DFloat64(f), err
	case KindNumeric:
		d, err := ParseNumeric(s)
		if err != nil {
			return Datum{}, err
		}
		d, err = ApplyNumericTypmod(d, t.Mod)
		if err != nil {
			return Datum{}, err
		}
		return DNumeric(d), nil
	case KindText, KindUnknown:
		if t.Bpchar {
			v, err := padBpchar(s, int(t.Mod), false)
			return DText(v), err
		}
		if t.Varchar && t.Mod > 0 {
			v, err := checkVarchar(s, int(t.Mod), false)
			return DText(v), err
		}
		return DText(s), nil
	case KindBytea:
		b, err := ParseBytea(s)
		return DBytea(b), err
	case KindDate:
		v, err := ParseDate(s, loc)
		return DDate(v), err
	case KindTime:
		v, err := ParseTime(s)
		return DTime(v), err
	case KindTimestamp:
		v, err := ParseTimestamp(s, false, loc)
		return DTimestamp(v), err
	case KindTimestampTZ:
		v, err := ParseTimestamp(s, true, loc)
		return DTimestampTZ(v), err
	case KindInterval:
		v, err := ParseInterval(s)
		return DInterval(v), err
	case KindJSONB:
		c, err := CanonicalJSONB(s)
		return DJSONB(c), err
	case KindArray:
		return ParseArray(t.ElemType(), s, loc)
	}
	return Datum{}, NotSupported("input of type %s is not supported", t)
}

// FormatText renders d as PostgreSQL's output function prints it (the
// text-format wire value). The datum's own kind decides the format; t adds
// the array element type when d is an array. loc is the session time zone
// for timestamptz (nil: UTC). NULL renders as "".
func FormatText(d Datum, t Type, loc *time.Location) string {
	if d.Null {
		return ""
	}
	switch d.K {
	case KindText, KindUnknown, KindJSONB:
		return d.S
	}
	return string(AppendText(nil, d, t, loc))
}

// AppendText appends FormatText(d, t, loc) to b (NULL appends nothing).
func AppendText(b []byte, d Datum, t Type, loc *time.Location) []byte {
	if d.Null {
		return b
	}
	switch d.K {
	case KindBool:
		if d.I != 0 {
			return append(b, 't')
		}
		return append(b, 'f')
	case KindInt16, KindInt32, KindInt64, KindOid:
		return strconv.AppendInt(b, d.I, 10)
	case KindFloat32:
		return AppendFloat(b, d.F, 32)
	case KindFloat64:
		return AppendFloat(b, d.F, 64)
	case KindNumeric:
		if d.D == nil {
			return append(b, "NaN"...)
		}
		return append(b, FormatNumeric(d.D)...)
	case KindText, KindUnknown, KindJSONB:
		return append(b, d.S...)
	case KindBytea:
		return AppendByteaHex(b, d.S)
	case KindDate:
		return AppendDate(b, d.I)
	case KindTime:
		return AppendTime(b, d.I)
	case KindTimestamp:
		return AppendTimestamp(b, d.I, false, loc)
	case KindTimestampTZ:
		return AppendTimestamp(b, d.I, true, loc)
	case KindInterval:
		return AppendInterval(b, d.Iv)
	case KindArray:
		elem := Type{Kind: Kind(d.I)}
		if t.Kind == KindArray {
			elem = t.ElemType()
		}
		return AppendArray(b, elem, d.A, loc)
	}
	return b
}

// parseBool implements boolin: trimmed, case-insensitive, unique prefixes
// of true/false/yes/no, on/off, 1/0.
func parseBool(s string) (bool, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return false, false
	}
	switch t[0] {
	case 't':
		return true, strings.HasPrefix("true", t)
	case 'f':
		return false, strings.HasPrefix("false", t)
	case 'y':
		return true, strings.HasPrefix("yes", t)
	case 'n':
		return false, strings.HasPrefix("no", t)
	case 'o':
		if len(t) >= 2 && strings.HasPrefix("on", t) {
			return true, true
		}
		if len(t) >= 2 && strings.HasPrefix("off", t) {
			return false, true
		}
	case '1':
		return true, t == "1"
	case '0':
		return false, t == "0"
	}
	return false, false
}

// ParseInt implements int2in/int4in/int8in (PostgreSQL 15: decimal digits
// only, surrounding whitespace allowed).
func ParseInt(k Kind, s string) (int64, error) {
	name := Type{Kind: k}.String()
	t := strings.TrimSpace(s)
	body := t
	if len(body) > 0 && (body[0] == '+' || body[0] == '-') {
		body = body[1:]
	}
	if body == "" {
		return 0, Errorf(CodeInvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", name, s)
	}
	for i := 0; i < len(body); i++ {
		if !isDigit(body[i]) {
			return 0, Errorf(CodeInvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", name, s)
		}
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil || CheckIntRange(k, v) != nil {
		return 0, Errorf(CodeNumericValueOutOfRange, "value \"%s\" is out of range for type %s", s, name)
	}
	return v, nil
}

func parseOid(s string) (int64, error) {
	t := strings.TrimSpace(s)
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, Errorf(CodeNumericValueOutOfRange, "value \"%s\" is out of range for type oid", s)
		}
		return 0, Errorf(CodeInvalidTextRepresentation, "invalid input syntax for type oid: \"%s\"", s)
	}
	if v < math.MinInt32 || v > math.MaxUint32 {
		return 0, Errorf(CodeNumericValueOutOfRange, "value \"%s\" is out of range for type oid", s)
	}
	if v < 0 {
		v += 1 << 32
	}
	return v, nil
}

// padBpchar applies character(n) (n <= 0: bpchar without length, kept
// as is): longer values are an error unless the excess is all spaces
// (explicit casts truncate), shorter ones are padded with spaces to n
// characters.
func padBpchar(s string, n int, explicit bool) (string, error) {
	if n <= 0 {
		return s, nil
	}
	v, err := checkVarchar(s, n, explicit)
	if err != nil {
		return "", Errorf(CodeStringDataRightTrunc, "value too long for type character(%d)", n)
	}
	if k := utf8.RuneCountInString(v); k < n {
		v += strings.Repeat(" ", n-k)
	}
	return v, nil
}

// BpcharTrim strips the trailing blanks of a character(n) value: the
// text a bpchar converts to (PostgreSQL's rtrim in bpchar → text).
func BpcharTrim(s string) string { return strings.TrimRight(s, " ") }

// checkVarchar applies varchar(n): longer values are an error unless the
// excess is all spaces (then truncated); explicit casts always truncate.
func checkVarchar(s string, n int, explicit bool) (string, error) {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s, nil
	}
	// byte offset of the n-th rune
	cut, cnt := 0, 0
	for cut = range s {
		if cnt == n {
			break
		}
		cnt++
	}
	if explicit {
		return s[:cut], nil
	}
	for i := cut; i < len(s); i++ {
		if s[i] != ' ' {
			return "", Errorf(CodeStringDataRightTrunc, "value too long for type character varying(%d)", n)
		}
	}
	return s[:cut], nil
}

// ParseBytea implements byteain: "\x" hex (whitespace between digit pairs
// allowed) or the escape format (\\ and \ooo octal).
func ParseBytea(s string) ([]byte, error) {
	if len(s) >= 2 && s[0] == '\\' && s[1] == 'x' {
		out := make([]byte, 0, (len(s)-2)/2)
		i := 2
		for i < len(s) {
			c := s[i]
			if isSpace(c) {
				i++
				continue
			}
			h := hexVal(c)
			if h < 0 {
				return nil, Errorf(CodeInvalidParameterValue, "invalid hexadecimal digit: \"%s\"", string(rune(c)))
			}
			i++
			if i >= len(s) {
				return nil, Errorf(CodeInvalidParameterValue, "invalid hexadecimal data: odd number of digits")
			}
			l := hexVal(s[i])
			if l < 0 {
				return nil, Errorf(CodeInvalidParameterValue, "invalid hexadecimal digit: \"%s\"", string(rune(s[i])))
			}
			out = append(out, byte(h<<4|l))
			i++
		}
		return out, nil
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+1 < len(s) && s[i+1] == '\\' {
			out = append(out, '\\')
			i++
			continue
		}
		if i+3 < len(s)+0 && s[i+1] >= '0' && s[i+1] <= '3' && s[i+2] >= '0' && s[i+2] <= '7' && s[i+3] >= '0' && s[i+3] <= '7' {
			out = append(out, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
			i += 3
			continue
		}
		return nil, Errorf(CodeInvalidTextRepresentation, "invalid input syntax for type bytea")
	}
	return out, nil
}

// AppendByteaHex appends bytea_out's hex format.
func AppendByteaHex(b []byte, s string) []byte {
	const hx = "0123456789abcdef"
	b = append(b, '\\', 'x')
	for i := 0; i < len(s); i++ {
		b = append(b, hx[s[i]>>4], hx[s[i]&15])
	}
	return b
}
