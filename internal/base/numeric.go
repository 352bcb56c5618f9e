package base

import (
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// Numeric datums follow one invariant: a finite value's Exponent is <= 0 and
// -Exponent is PostgreSQL's display scale (dscale), so 1.50 keeps its
// trailing zero. Zero is never negative. NaN and ±Infinity use apd's forms.

const (
	numericMaxDisplayScale = 1000
	numericMinSigDigits    = 16
	numericMaxPrecision    = 1000
)

var (
	bigTen      = apd.NewBigInt(10)
	minInt64Mag = new(apd.BigInt).Neg(apd.NewBigInt(math.MinInt64))
)

// NumericTypmod builds a numeric typmod for Type.Mod from precision and scale.
func NumericTypmod(precision, scale int32) int32 {
	return precision<<16 | (scale & 0xffff)
}

// NumericPrecisionScale splits a numeric typmod; ok is false when absent.
func NumericPrecisionScale(mod int32) (precision, scale int32, ok bool) {
	if mod <= 0 {
		return 0, 0, false
	}
	return mod >> 16, int32(int16(mod & 0xffff)), true
}

func numErr(code, format string, args ...any) error { return Errorf(code, format, args...) }

// normalizeNumeric enforces the datum invariant in place and returns d.
func normalizeNumeric(d *apd.Decimal) *apd.Decimal {
	if d.Form != apd.Finite {
		if d.Form == apd.NaNSignaling {
			d.Form = apd.NaN
		}
		if d.Form == apd.NaN {
			d.Negative = false
		}
		return d
	}
	if d.Exponent > 0 {
		var m apd.BigInt
		m.Exp(bigTen, apd.NewBigInt(int64(d.Exponent)), nil)
		d.Coeff.Mul(&d.Coeff, &m)
		d.Exponent = 0
	}
	if d.Coeff.Sign() == 0 {
		d.Negative = false
	}
	return d
}

// NumericScale returns the display scale of a finite numeric.
func NumericScale(d *apd.Decimal) int32 {
	if d.Form != apd.Finite || d.Exponent >= 0 {
		return 0
	}
	return -d.Exponent
}

// ParseNumeric implements numeric_in (without typmod).
func ParseNumeric(s string) (*apd.Decimal, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "nan":
		return &apd.Decimal{Form: apd.NaN}, nil
	case "infinity", "+infinity", "inf", "+inf":
		return &apd.Decimal{Form: apd.Infinite}, nil
	case "-infinity", "-inf":
		return &apd.Decimal{Form: apd.Infinite, Negative: true}, nil
	}
	if !validNumericSyntax(t) {
		return nil, numErr(CodeInvalidTextRepresentation, "invalid input syntax for type numeric: \"%s\"", s)
	}
	d, _, err := apd.NewFromString(t)
	if err != nil {
		return nil, numErr(CodeInvalidTextRepresentation, "invalid input syntax for type numeric: \"%s\"", s)
	}
	if d.Exponent < -numericMaxDisplayScale*2 || d.Exponent > 131072 {
		if d.Coeff.Sign() == 0 {
			d.Exponent = 0
		} else {
			return nil, numErr(CodeNumericValueOutOfRange, "value overflows numeric format")
		}
	}
	return normalizeNumeric(d), nil
}

// validNumericSyntax checks PG's numeric grammar: [sign] digits [. digits]
// | [sign] . digits, optional exponent.
func validNumericSyntax(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		ed := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			ed++
		}
		if ed == 0 {
			return false
		}
	}
	return i == len(s)
}

// FormatNumeric implements numeric_out.
func FormatNumeric(d *apd.Decimal) string {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return "NaN"
	case apd.Infinite:
		if d.Negative {
			return "-Infinity"
		}
		return "Infinity"
	}
	digits := d.Coeff.String()
	if d.Exponent > 0 {
		if digits != "0" {
			digits += strings.Repeat("0", int(d.Exponent))
		}
		if d.Negative && digits != "0" {
			return "-" + digits
		}
		return digits
	}
	scale := int(-d.Exponent)
	var b strings.Builder
	if d.Negative && digits != "0" {
		b.WriteByte('-')
	}
	if len(digits) <= scale {
		b.WriteString("0")
		if scale > 0 {
			b.WriteByte('.')
			b.WriteString(strings.Repeat("0", scale-len(digits)))
			b.WriteString(digits)
		}
		return b.String()
	}
	b.WriteString(digits[:len(digits)-scale])
	if scale > 0 {
		b.WriteByte('.')
		b.WriteString(digits[len(digits)-scale:])
	}
	return b.String()
}

// pow10Big returns 10^n as a BigInt (n >= 0).
func pow10Big(n int64) *apd.BigInt {
	var r apd.BigInt
	r.Exp(bigTen, apd.NewBigInt(n), nil)
	return &r
}

// roundNumericScale rounds finite d to scale digits after the point, half
// away from zero (PostgreSQL round_var); scale may be negative. The result
// has Exponent = -max(scale,0).
func roundNumericScale(d *apd.Decimal, scale int32, trunc bool) *apd.Decimal {
	r := new(apd.Decimal)
	if d.Form != apd.Finite {
		r.Set(d)
		return r
	}
	target := -scale
	if d.Exponent >= target {
		r.Set(d)
		if scale < 0 {
			// Already coarser than needed: only possible if exponent > target.
			return normalizeNumeric(r)
		}
		if d.Exponent > target {
			// Extend the scale with zeros.
			r.Coeff.Mul(&r.Coeff, pow10Big(int64(d.Exponent-target)))
			r.Exponent = target
		}
		return normalizeNumeric(r)
	}
	drop := int64(target - d.Exponent)
	p := pow10Big(drop)
	var q, rem apd.BigInt
	q.QuoRem(&d.Coeff, p, &rem)
	if !trunc {
		var twice apd.BigInt
		twice.Add(&rem, &rem)
		if twice.Cmp(p) >= 0 {
			q.Add(&q, apd.NewBigInt(1))
		}
	}
	r.Coeff.Set(&q)
	r.Exponent = target
	r.Negative = d.Negative
	return normalizeNumeric(r)
}

// ApplyNumericTypmod implements apply_typmod: round to the scale and check
// the precision (22003 numeric field overflow).
func ApplyNumericTypmod(d *apd.Decimal, mod int32) (*apd.Decimal, error) {
	prec, scale, ok := NumericPrecisionScale(mod)
	if !ok {
		return d, nil
	}
	if d.Form == apd.Infinite {
		return nil, Errorf(CodeNumericValueOutOfRange, "numeric field overflow").
			WithDetail("A field with precision %d, scale %d cannot hold an infinite value.", prec, scale)
	}
	if d.Form != apd.Finite {
		return d, nil
	}
	r := roundNumericScale(d, scale, false)
	// Count integral digits.
	if r.Coeff.Sign() != 0 {
		nd := int32(len(r.Coeff.String()))
		intDigits := nd + r.Exponent
		if intDigits > prec-scale {
			return nil, overflowTypmod(prec, scale)
		}
	}
	return r, nil
}

func overflowTypmod(prec, scale int32) error {
	return Errorf(CodeNumericValueOutOfRange, "numeric field overflow").
		WithDetail("A field with precision %d, scale %d must round to an absolute value less than %s%d.", prec, scale, "10^", prec-scale)
}

// numericToInt64 rounds half away from zero and converts; ok=false on
// overflow.
func numericToInt64(d *apd.Decimal) (int64, bool) {
	r := roundNumericScale(d, 0, false)
	if !r.Coeff.IsInt64() {
		if r.Negative && r.Coeff.Cmp(minInt64Mag) == 0 {
			return math.MinInt64, true
		}
		return 0, false
	}
	v := r.Coeff.Int64()
	if r.Negative {
		v = -v
	}
	return v, true
}

// NumericFromInt returns an exact numeric for v.
func NumericFromInt(v int64) *apd.Decimal {
	return apd.New(v, 0)
}

// NumericToFloat64 implements numeric_float8 (correctly rounded).
func NumericToFloat64(d *apd.Decimal) float64 {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return math.NaN()
	case apd.Infinite:
		if d.Negative {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	f, _ := strconv.ParseFloat(FormatNumeric(d), 64)
	return f
}

// NumericFromFloat implements float8_numeric / float4_numeric: the value
// printed with 15 (float8) or 6 (float4) significant digits.
func NumericFromFloat(f float64, bits int) *apd.Decimal {
	switch {
	case math.IsNaN(f):
		return &apd.Decimal{Form: apd.NaN}
	case math.IsInf(f, 1):
		return &apd.Decimal{Form: apd.Infinite}
	case math.IsInf(f, -1):
		return &apd.Decimal{Form: apd.Infinite, Negative: true}
	}
	digits := 15
	if bits == 32 {
		digits = 6
	}
	s := strconv.FormatFloat(f, 'e', digits-1, 64)
	d, _, _ := apd.NewFromString(s)
	// %g drops trailing zeros: strip them from the coefficient.
	stripTrailingZerosToScale(d)
	return normalizeNumeric(d)
}

// stripTrailingZerosToScale removes trailing fractional zeros (not below
// scale 0), as printf %g does.
func stripTrailingZerosToScale(d *apd.Decimal) {
	if d.Form != apd.Finite {
		return
	}
	var q, r apd.BigInt
	for d.Exponent < 0 && d.Coeff.Sign() != 0 {
		q.QuoRem(&d.Coeff, bigTen, &r)
		if r.Sign() != 0 {
			break
		}
		d.Coeff.Set(&q)
		d.Exponent++
	}
	if d.Coeff.Sign() == 0 && d.Exponent < 0 {
		d.Exponent = 0
	}
}

// nbaseWeight returns PostgreSQL's NBASE (10000) weight and first digit of
// finite nonzero |d|; (0,0) for zero.
func nbaseWeight(d *apd.Decimal) (weight, first int) {
	if d.Form != apd.Finite || d.Coeff.Sign() == 0 {
		return 0, 0
	}
	ds := d.Coeff.String()
	e10 := len(ds) - 1 + int(d.Exponent) // decimal position of the leading digit
	w := e10 / 4
	if e10 < 0 && e10%4 != 0 {
		w--
	}
	n := e10 - 4*w + 1 // digits in the leading NBASE digit (1..4)
	first = 0
	for i := 0; i < n; i++ {
		first *= 10
		if i < len(ds) {
			first += int(ds[i] - '0')
		}
	}
	return w, first
}

// numericDivScale is PostgreSQL's select_div_scale.
func numericDivScale(a, b *apd.Decimal) int32 {
	w1, f1 := nbaseWeight(a)
	w2, f2 := nbaseWeight(b)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := int32(numericMinSigDigits - qweight*4)
	rscale = max(rscale, NumericScale(a), NumericScale(b), 0)
	return min(rscale, numericMaxDisplayScale)
}

// alignCoeffs returns the coefficients of finite a and b (signed) scaled to a
// common exponent.
func alignCoeffs(a, b *apd.Decimal) (x, y *apd.BigInt, exp int32) {
	x, y = new(apd.BigInt), new(apd.BigInt)
	x.Set(&a.Coeff)
	y.Set(&b.Coeff)
	if a.Negative {
		x.Neg(x)
	}
	if b.Negative {
		y.Neg(y)
	}
	exp = min(a.Exponent, b.Exponent)
	if a.Exponent > exp {
		x.Mul(x, pow10Big(int64(a.Exponent-exp)))
	}
	if b.Exponent > exp {
		y.Mul(y, pow10Big(int64(b.Exponent-exp)))
	}
	return x, y, exp
}

func decFromSigned(c *apd.BigInt, exp int32) *apd.Decimal {
	r := new(apd.Decimal)
	r.Coeff.Abs(c)
	r.Negative = c.Sign() < 0
	r.Exponent = exp
	return normalizeNumeric(r)
}

func numNaN() *apd.Decimal { return &apd.Decimal{Form: apd.NaN} }
func numInf(neg bool) *apd.Decimal {
	return &apd.Decimal{Form: apd.Infinite, Negative: neg}
}
func isNaNDec(d *apd.Decimal) bool { return d.Form == apd.NaN || d.Form == apd.NaNSignaling }

// numSign is -1, 0, +1 for finite/infinite values (NaN: 0).
func numSign(d *apd.Decimal) int {
	if isNaNDec(d) {
		return 0
	}
	if d.Form == apd.Infinite {
		if d.Negative {
			return -1
		}
		return 1
	}
	if d.Coeff.Sign() == 0 {
		return 0
	}
	if d.Negative {
		return -1
	}
	return 1
}
