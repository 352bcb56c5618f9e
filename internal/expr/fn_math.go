package expr

import (
	"math"
	"math/rand/v2"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
)

const numericMinSigDigits = 16

func errFloatOverflow() error {
	return base.Errorf(base.CodeNumericValueOutOfRange, "value out of range: overflow")
}

func errFloatUnderflow() error {
	return base.Errorf(base.CodeNumericValueOutOfRange, "value out of range: underflow")
}

func powFloat(x, y float64) (base.Datum, error) {
	if x == 0 && y < 0 {
		return base.Datum{}, base.Errorf("2201F", "zero raised to a negative power is undefined")
	}
	if x < 0 && y != math.Trunc(y) {
		return base.Datum{}, base.Errorf("2201F", "a negative number raised to a non-integer power yields a complex result")
	}
	r := math.Pow(x, y)
	if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
		return base.Datum{}, errFloatOverflow()
	}
	if r == 0 && x != 0 && !math.IsInf(y, 0) && !math.IsInf(x, 0) {
		return base.Datum{}, errFloatUnderflow()
	}
	return base.DFloat64(r), nil
}

func sqrtFloat(x float64) (base.Datum, error) {
	if x < 0 {
		return base.Datum{}, base.Errorf("2201F", "cannot take square root of a negative number")
	}
	return base.DFloat64(math.Sqrt(x)), nil
}

func lnFloat(x float64) (base.Datum, error) {
	if x == 0 {
		return base.Datum{}, base.Errorf("2201E", "cannot take logarithm of zero")
	}
	if x < 0 {
		return base.Datum{}, base.Errorf("2201E", "cannot take logarithm of a negative number")
	}
	return base.DFloat64(math.Log(x)), nil
}

func log10Float(x float64) (base.Datum, error) {
	if x == 0 {
		return base.Datum{}, base.Errorf("2201E", "cannot take logarithm of zero")
	}
	if x < 0 {
		return base.Datum{}, base.Errorf("2201E", "cannot take logarithm of a negative number")
	}
	return base.DFloat64(math.Log10(x)), nil
}

// ---- numeric helpers (PostgreSQL result scales) ----

func isNaN(d *apd.Decimal) bool { return d.Form == apd.NaN || d.Form == apd.NaNSignaling }

func numScale(d *apd.Decimal) int32 {
	if d.Form != apd.Finite || d.Exponent >= 0 {
		return 0
	}
	return -d.Exponent
}

// decWeight is the decimal exponent of the most significant digit of a
// non-zero finite d (floor(log10|d|)).
func decWeight(d *apd.Decimal) int64 {
	return int64(d.NumDigits()) + int64(d.Exponent) - 1
}

// nbaseWeight is PostgreSQL's NumericVar.weight (base 10000 digits).
func nbaseWeight(d *apd.Decimal) int64 {
	w := decWeight(d)
	if w >= 0 {
		return w / 4
	}
	return -((-w + 3) / 4)
}

func clampScale(s int64) int32 {
	if s < 0 {
		s = 0
	}
	if s > 1000 {
		s = 1000
	}
	return int32(s)
}

// roundTo rounds r to scale digits (half away from zero), giving it
// exactly that display scale.
func roundTo(r *apd.Decimal, scale int32) (*apd.Decimal, error) {
	out := new(apd.Decimal)
	c := apd.BaseContext.WithPrecision(uint32(max(int64(scale)+decWeight(r)+3, 20)))
	c.Rounding = apd.RoundHalfUp
	if r.IsZero() {
		out.Exponent = -scale
		return out, nil
	}
	if _, err := c.Quantize(out, r, -scale); err != nil {
		return nil, asNumErr(err)
	}
	if out.IsZero() {
		out.Negative = false
	}
	return out, nil
}

func workCtx(scale int32, weight int64) *apd.Context {
	p := int64(scale) + max(weight, 0) + 12
	c := apd.BaseContext.WithPrecision(uint32(p))
	return c
}

// estimateLnDweight is PostgreSQL's estimate_ln_dweight.
func estimateLnDweight(d *apd.Decimal) int64 {
	if d.Negative || d.IsZero() {
		return 0
	}
	pt9, _, _ := apd.NewFromString("0.9")
	one1, _, _ := apd.NewFromString("1.1")
	if d.Cmp(pt9) >= 0 && d.Cmp(one1) <= 0 {
		x := new(apd.Decimal)
		apd.BaseContext.WithPrecision(1100).Sub(x, d, apd.New(1, 0))
		if x.IsZero() {
			return 0
		}
		return decWeight(x)
	}
	f := base.NumericToFloat64(d)
	lnv := math.Log(f)
	if math.IsInf(f, 0) || f == 0 {
		// Outside float range: ln(d) ≈ (decimal weight)·ln 10.
		lnv = float64(decWeight(d)) * math.Ln10
	}
	return int64(math.Log10(math.Abs(lnv)))
}

func numSqrt(d *apd.Decimal) (base.Datum, error) {
	if isNaN(d) {
		return base.DNumeric(d), nil
	}
	if d.Negative && !d.IsZero() {
		return base.Datum{}, base.Errorf("2201F", "cannot take square root of a negative number")
	}
	if d.Form == apd.Infinite {
		return base.DNumeric(d), nil
	}
	var rscale int64
	if d.IsZero() {
		// PostgreSQL: weight of zero is 0 → sweight = 1.
		rscale = numericMinSigDigits - 1
	} else {
		sweight := (nbaseWeight(d)+1)*4/2 - 1
		rscale = numericMinSigDigits - sweight
	}
	rscale = max(rscale, int64(numScale(d)))
	sc := clampScale(rscale)
	r := new(apd.Decimal)
	if _, err := workCtx(sc, decWeight(d)/2+1).Sqrt(r, d); err != nil {
		return base.Datum{}, asNumErr(err)
	}
	r, err := roundTo(r, sc)
	return base.DNumeric(r), err
}

func numExp(d *apd.Decimal) (base.Datum, error) {
	if isNaN(d) {
		return base.DNumeric(d), nil
	}
	if d.Form == apd.Infinite {
		if d.Negative {
			return base.DNumeric(apd.New(0, 0)), nil
		}
		return base.DNumeric(d), nil
	}
	val := base.NumericToFloat64(d)
	if val > 6000 {
		return base.Datum{}, base.Errorf(base.CodeNumericValueOutOfRange, "value overflows numeric format")
	}
	dweight := int64(val * 0.434294481903252)
	rscale := numericMinSigDigits - dweight
	rscale = max(rscale, int64(numScale(d)))
	sc := clampScale(rscale)
	r := new(apd.Decimal)
	if _, err := workCtx(sc, dweight).Exp(r, d); err != nil {
		return base.Datum{}, asNumErr(err)
	}
	r, err := roundTo(r, sc)
	return base.DNumeric(r), err
}

func lnCheck(d *apd.Decimal) error {
	if d.IsZero() {
		return base.Errorf("2201E", "cannot take logarithm of zero")
	}
	if d.Negative {
		return base.Errorf("2201E", "cannot take logarithm of a negative number")
	}
	return nil
}

func numLn(d *apd.Decimal) (base.Datum, error) {
	if isNaN(d) || d.Form == apd.Infinite && !d.Negative {
		return base.DNumeric(d), nil
	}
	if err := lnCheck(d); err != nil {
		return base.Datum{}, err
	}
	rscale := numericMinSigDigits - estimateLnDweight(d)
	rscale = max(rscale, int64(numScale(d)))
	sc := clampScale(rscale)
	r := new(apd.Decimal)
	if _, err := workCtx(sc, 4).Ln(r, d); err != nil {
		return base.Datum{}, asNumErr(err)
	}
	r, err := roundTo(r, sc)
	return base.DNumeric(r), err
}

func numLog(b, x *apd.Decimal) (base.Datum, error) {
	if isNaN(b) {
		return base.DNumeric(b), nil
	}
	if isNaN(x) {
		return base.DNumeric(x), nil
	}
	if err := lnCheck(b); err != nil {
		return base.Datum{}, err
	}
	if err := lnCheck(x); err != nil {
		return base.Datum{}, err
	}
	rw := estimateLnDweight(x) - estimateLnDweight(b)
	rscale := numericMinSigDigits - rw
	rscale = max(rscale, int64(numScale(b)), int64(numScale(x)))
	sc := clampScale(rscale)
	c := workCtx(sc, 4)
	c.Precision += 10
	lb, lx, r := new(apd.Decimal), new(apd.Decimal), new(apd.Decimal)
	c.Ln(lb, b)
	c.Ln(lx, x)
	if lb.IsZero() {
		return base.Datum{}, base.Errorf(base.CodeDivisionByZero, "division by zero")
	}
	if _, err := c.Quo(r, lx, lb); err != nil {
		return base.Datum{}, asNumErr(err)
	}
	r, err := roundTo(r, sc)
	return base.DNumeric(r), err
}

func powNumeric(b, e *apd.Decimal) (base.Datum, error) {
	if isNaN(b) || isNaN(e) {
		if isNaN(b) && e.IsZero() || isNaN(e) && b.Cmp(apd.New(1, 0)) == 0 {
			return base.DNumeric(apd.New(1, 0)), nil
		}
		return base.DNumeric(&apd.Decimal{Form: apd.NaN}), nil
	}
	if b.IsZero() && e.Negative {
		return base.Datum{}, base.Errorf("2201F", "zero raised to a negative power is undefined")
	}
	isInt := e.Form == apd.Finite && isIntegral(e)
	if b.Negative && !isInt {
		return base.Datum{}, base.Errorf("2201F", "a negative number raised to a non-integer power yields a complex result")
	}
	var rscale int64
	if isInt {
		rscale = max(numericMinSigDigits, int64(numScale(b)))
	} else {
		val := base.NumericToFloat64(e) * math.Log10(math.Abs(base.NumericToFloat64(b)))
		val = math.Max(math.Min(val, 2000), -2000)
		rscale = numericMinSigDigits - int64(val)
		rscale = max(rscale, int64(numScale(b)), int64(numScale(e)))
	}
	sc := clampScale(rscale)
	r := new(apd.Decimal)
	est := base.NumericToFloat64(e) * math.Log10(math.Abs(base.NumericToFloat64(b))+1e-300)
	if est > 1e6 {
		return base.Datum{}, base.Errorf(base.CodeNumericValueOutOfRange, "value overflows numeric format")
	}
	c := workCtx(sc, int64(math.Max(est, 0))+2)
	if b.IsZero() {
		if e.IsZero() {
			r.SetInt64(1)
		}
	} else if _, err := c.Pow(r, b, e); err != nil {
		return base.Datum{}, asNumErr(err)
	}
	r, err := roundTo(r, sc)
	return base.DNumeric(r), err
}

func isIntegral(d *apd.Decimal) bool {
	if d.Exponent >= 0 {
		return true
	}
	var f apd.Decimal
	var ip apd.Decimal
	d.Modf(&ip, &f)
	return f.IsZero()
}

func numFromF(f float64) *apd.Decimal { return base.NumericFromFloat(f, 64) }

func numRound(d *apd.Decimal, scale int64) (base.Datum, error) {
	if d.Form != apd.Finite {
		return base.DNumeric(d), nil
	}
	if scale > 1000 {
		scale = 1000
	}
	if scale < -1000 {
		scale = -1000
	}
	if scale >= 0 {
		r, err := roundTo(d, int32(scale))
		return base.DNumeric(r), err
	}
	// Negative scale: round to tens/hundreds, result has scale 0.
	r := new(apd.Decimal)
	c := apd.BaseContext.WithPrecision(1100)
	c.Rounding = apd.RoundHalfUp
	if _, err := c.Quantize(r, d, int32(-scale)); err != nil {
		return base.Datum{}, asNumErr(err)
	}
	out := new(apd.Decimal)
	c.Quantize(out, r, 0)
	if out.IsZero() {
		out.Negative = false
	}
	return base.DNumeric(out), nil
}

func numTrunc(d *apd.Decimal, scale int64) (base.Datum, error) {
	if d.Form != apd.Finite {
		return base.DNumeric(d), nil
	}
	scale = max(min(scale, 1000), -1000)
	c := apd.BaseContext.WithPrecision(1100)
	c.Rounding = apd.RoundDown
	r := new(apd.Decimal)
	if scale >= 0 {
		c.Quantize(r, d, int32(-scale))
	} else {
		t := new(apd.Decimal)
		c.Quantize(t, d, int32(-scale))
		c.Quantize(r, t, 0)
	}
	if r.IsZero() {
		r.Negative = false
	}
	return base.DNumeric(r), nil
}

func numCeilFloor(d *apd.Decimal, ceil bool) base.Datum {
	if d.Form != apd.Finite {
		return base.DNumeric(d)
	}
	c := apd.BaseContext.WithPrecision(1100)
	if ceil {
		c.Rounding = apd.RoundCeiling
	} else {
		c.Rounding = apd.RoundFloor
	}
	r := new(apd.Decimal)
	c.Quantize(r, d, 0)
	if r.IsZero() {
		r.Negative = false
	}
	return base.DNumeric(r)
}

func numSign(d *apd.Decimal) base.Datum {
	switch {
	case isNaN(d):
		return base.DNumeric(d)
	case d.IsZero():
		return base.DNumeric(apd.New(0, 0))
	case d.Negative:
		return base.DNumeric(apd.New(-1, 0))
	}
	return base.DNumeric(apd.New(1, 0))
}

func init() {
	f8, n := base.Float64, base.Numeric
	f1 := func(g func(float64) float64) scalarFn {
		return func(_ *Context, a []base.Datum) (base.Datum, error) { return base.DFloat64(g(a[0].F)), nil }
	}
	// abs
	for _, t := range intKinds {
		k := t.Kind
		regFunc("abs", ts(t), t, func(_ *Context, a []base.Datum) (base.Datum, error) { return absInt(k, a[0].I) })
	}
	regFunc("abs", ts(base.Float32), base.Float32, func(_ *Context, a []base.Datum) (base.Datum, error) { return base.DFloat32(math.Abs(a[0].F)), nil })
	regFunc("abs", ts(f8), f8, f1(math.Abs))
	regFunc("abs", ts(n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return absNumeric(a[0].D), nil })
	// round / trunc / ceil / floor / sign
	regFunc("round", ts(f8), f8, f1(math.RoundToEven))
	regFunc("round", ts(n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numRound(a[0].D, 0) })
	regFunc("round", ts(n, base.Int32), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numRound(a[0].D, a[1].I) })
	regFunc("trunc", ts(f8), f8, f1(math.Trunc))
	regFunc("trunc", ts(n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numTrunc(a[0].D, 0) })
	regFunc("trunc", ts(n, base.Int32), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numTrunc(a[0].D, a[1].I) })
	for _, name := range []string{"ceil", "ceiling"} {
		regFunc(name, ts(f8), f8, f1(math.Ceil))
		regFunc(name, ts(n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numCeilFloor(a[0].D, true), nil })
	}
	regFunc("floor", ts(f8), f8, f1(math.Floor))
	regFunc("floor", ts(n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numCeilFloor(a[0].D, false), nil })
	regFunc("sign", ts(f8), f8, func(_ *Context, a []base.Datum) (base.Datum, error) {
		switch x := a[0].F; {
		case x > 0:
			return base.DFloat64(1), nil
		case x < 0:
			return base.DFloat64(-1), nil
		}
		return base.DFloat64(0), nil
	})
	regFunc("sign", ts(n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numSign(a[0].D), nil })
	// mod / div
	for _, t := range intKinds {
		k := t.Kind
		regFunc("mod", ts(t, t), t, intArith(k, base.IntMod))
	}
	regFunc("mod", ts(n, n), n, numArith(base.NumericMod))
	regFunc("div", ts(n, n), n, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[1].D.IsZero() {
			return base.Datum{}, base.Errorf(base.CodeDivisionByZero, "division by zero")
		}
		q := new(apd.Decimal)
		c := apd.BaseContext.WithPrecision(1100)
		if _, err := c.QuoInteger(q, a[0].D, a[1].D); err != nil {
			return base.Datum{}, asNumErr(err)
		}
		r := new(apd.Decimal)
		c.Quantize(r, q, 0)
		if r.IsZero() {
			r.Negative = false
		}
		return base.DNumeric(r), nil
	})
	// power, sqrt, cbrt, exp, ln, log
	for _, name := range []string{"power", "pow"} {
		regFunc(name, ts(f8, f8), f8, func(_ *Context, a []base.Datum) (base.Datum, error) { return powFloat(a[0].F, a[1].F) })
		regFunc(name, ts(n, n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return powNumeric(a[0].D, a[1].D) })
	}
	regFunc("sqrt", ts(f8), f8, func(_ *Context, a []base.Datum) (base.Datum, error) { return sqrtFloat(a[0].F) })
	regFunc("sqrt", ts(n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numSqrt(a[0].D) })
	regFunc("cbrt", ts(f8), f8, f1(cbrt))
	regFunc("exp", ts(f8), f8, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r := math.Exp(a[0].F)
		if math.IsInf(r, 1) && !math.IsInf(a[0].F, 1) {
			return base.Datum{}, errFloatOverflow()
		}
		if r == 0 && !math.IsInf(a[0].F, -1) {
			return base.Datum{}, errFloatUnderflow()
		}
		return base.DFloat64(r), nil
	})
	regFunc("exp", ts(n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numExp(a[0].D) })
	regFunc("ln", ts(f8), f8, func(_ *Context, a []base.Datum) (base.Datum, error) { return lnFloat(a[0].F) })
	regFunc("ln", ts(n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numLn(a[0].D) })
	for _, name := range []string{"log", "log10"} {
		regFunc(name, ts(f8), f8, func(_ *Context, a []base.Datum) (base.Datum, error) { return log10Float(a[0].F) })
		regFunc(name, ts(n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numLog(apd.New(10, 0), a[0].D) })
	}
	regFunc("log", ts(n, n), n, func(_ *Context, a []base.Datum) (base.Datum, error) { return numLog(a[0].D, a[1].D) })
	regFunc("pi", nil, f8, func(_ *Context, a []base.Datum) (base.Datum, error) { return base.DFloat64(math.Pi), nil })
	regFunc("random", nil, f8, func(_ *Context, a []base.Datum) (base.Datum, error) { return base.DFloat64(rand.Float64()), nil }, volatile)
	regFunc("degrees", ts(f8), f8, f1(func(x float64) float64 { return x * (180 / math.Pi) }))
	regFunc("radians", ts(f8), f8, f1(func(x float64) float64 { return x * (math.Pi / 180) }))
	trig := map[string]func(float64) float64{"sin": math.Sin, "cos": math.Cos, "tan": math.Tan, "asin": math.Asin, "acos": math.Acos, "atan": math.Atan,
		"sinh": math.Sinh, "cosh": math.Cosh, "tanh": math.Tanh}
	for name, g := range trig {
		g := g
		regFunc(name, ts(f8), f8, func(_ *Context, a []base.Datum) (base.Datum, error) {
			r := g(a[0].F)
			if math.IsNaN(r) && !math.IsNaN(a[0].F) {
				return base.Datum{}, base.Errorf(base.CodeNumericValueOutOfRange, "input is out of range")
			}
			return base.DFloat64(r), nil
		})
	}
	regFunc("atan2", ts(f8, f8), f8, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DFloat64(math.Atan2(a[0].F, a[1].F)), nil
	})
	regFunc("width_bucket", ts(f8, f8, f8, base.Int32), base.Int32, func(_ *Context, a []base.Datum) (base.Datum, error) {
		x, lo, hi, cnt := a[0].F, a[1].F, a[2].F, a[3].I
		if cnt <= 0 {
			return base.Datum{}, base.Errorf("2201G", "count must be greater than zero")
		}
		if lo == hi || math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
			if lo == hi {
				return base.Datum{}, base.Errorf("2201G", "lower bound cannot equal upper bound")
			}
			return base.Datum{}, base.Errorf("2201G", "lower and upper bounds must be finite")
		}
		var r int64
		if lo < hi {
			switch {
			case x < lo:
				r = 0
			case x >= hi:
				r = cnt + 1
			default:
				r = int64(float64(cnt)*(x-lo)/(hi-lo)) + 1
			}
		} else {
			switch {
			case x > lo:
				r = 0
			case x <= hi:
				r = cnt + 1
			default:
				r = int64(float64(cnt)*(lo-x)/(lo-hi)) + 1
			}
		}
		return base.DInt32(r), nil
	})
	gcd := func(a, b int64) int64 {
		for b != 0 {
			a, b = b, a%b
		}
		if a < 0 {
			a = -a
		}
		return a
	}
	for _, t := range []base.Type{base.Int32, base.Int64} {
		k := t.Kind
		regFunc("gcd", ts(t, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
			return base.Datum{K: k, I: gcd(a[0].I, a[1].I)}, nil
		})
		regFunc("lcm", ts(t, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
			if a[0].I == 0 || a[1].I == 0 {
				return base.Datum{K: k, I: 0}, nil
			}
			r, err := base.IntMul(k, a[0].I/gcd(a[0].I, a[1].I), a[1].I)
			if r < 0 {
				r = -r
			}
			return base.Datum{K: k, I: r}, err
		})
	}
	_ = numFromF
}

// cbrt is glibc's cube root (PostgreSQL calls libm's cbrt, which is not
// correctly rounded: cbrt(27) = 3.0000000000000004), so results match.
func cbrt(x float64) float64 {
	const cbrt2 = 1.2599210498948731648
	const sqrCbrt2 = 1.5874010519681994748
	factor := [5]float64{1.0 / sqrCbrt2, 1.0 / cbrt2, 1.0, cbrt2, sqrCbrt2}
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x + x
	}
	xm, xe := math.Frexp(math.Abs(x))
	u := 0.354895765043919860 + ((1.50819193781584896 + ((-2.11499494167371287 + ((2.44693122563534430 +
		((-1.83469277483613086 + (0.784932344976639262-0.145263899385486377*xm)*xm) * xm)) * xm)) * xm)) * xm)
	t2 := u * u * u
	ym := u * (t2 + 2.0*xm) / (2.0*t2 + xm) * factor[2+xe%3]
	if x < 0 {
		ym = -ym
	}
	return math.Ldexp(ym, xe/3)
}
