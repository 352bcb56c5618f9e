package base

import (
	"math"
	"strconv"
	"strings"
)

// FormatFloat prints f like PostgreSQL's float8out/float4out with
// extra_float_digits >= 1: the shortest string that round-trips, in fixed
// notation when the decimal exponent is in [-4, 15) (float8) or [-4, 6)
// (float4), otherwise as d.ddde+XX.
func FormatFloat(f float64, bits int) string {
	return string(AppendFloat(nil, f, bits))
}

// AppendFloat appends FormatFloat(f, bits) to dst.
func AppendFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	case f == 0:
		if math.Signbit(f) {
			return append(dst, "-0"...)
		}
		return append(dst, '0')
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, bits)
	// e is [-]d[.ddd]e±XX; find the exponent.
	ei := len(e) - 1
	for e[ei] != 'e' {
		ei--
	}
	exp, _ := strconv.Atoi(string(e[ei+1:]))
	hi := 15
	if bits == 32 {
		hi = 6
	}
	if exp < -4 || exp >= hi {
		return append(dst, e...)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, bits)
}

// ParseFloat implements float8in/float4in: strtod syntax plus NaN and
// [+-]Infinity/inf, surrounding whitespace allowed; out-of-range (including
// underflow to zero) is 22003.
func ParseFloat(s string, bits int) (float64, error) {
	tname := "double precision"
	if bits == 32 {
		tname = "real"
	}
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "nan", "+nan", "-nan":
		return math.NaN(), nil
	case "infinity", "+infinity", "inf", "+inf":
		return math.Inf(1), nil
	case "-infinity", "-inf":
		return math.Inf(-1), nil
	}
	if t == "" || !validFloatSyntax(t) {
		return 0, Errorf(CodeInvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", tname, s)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, Errorf(CodeNumericValueOutOfRange, "\"%s\" is out of range for type %s", s, tname)
	}
	if v == 0 && !zeroMantissa(t) {
		return 0, Errorf(CodeNumericValueOutOfRange, "\"%s\" is out of range for type %s", s, tname)
	}
	if bits == 32 {
		f32 := float32(v)
		if math.IsInf(float64(f32), 0) || (f32 == 0 && v != 0) {
			return 0, Errorf(CodeNumericValueOutOfRange, "\"%s\" is out of range for type %s", s, tname)
		}
		v = float64(f32)
	}
	return v, nil
}

func validFloatSyntax(s string) bool {
	// Same shape as numeric: sign, digits, point, exponent.
	return validNumericSyntax(s)
}

func zeroMantissa(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 'e' || c == 'E' {
			break
		}
		if c >= '1' && c <= '9' {
			return false
		}
	}
	return true
}
