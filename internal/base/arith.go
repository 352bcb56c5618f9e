package base

import (
	"math"
	"time"

	"github.com/cockroachdb/apd/v3"
)

func intRangeErr(k Kind) error {
	switch k {
	case KindInt16:
		return Errorf(CodeNumericValueOutOfRange, "smallint out of range")
	case KindInt64:
		return Errorf(CodeNumericValueOutOfRange, "bigint out of range")
	}
	return Errorf(CodeNumericValueOutOfRange, "integer out of range")
}

func errDivByZero() error { return Errorf(CodeDivisionByZero, "division by zero") }

// CheckIntRange returns 22003 when v does not fit integer kind k.
func CheckIntRange(k Kind, v int64) error {
	switch k {
	case KindInt16:
		if v < math.MinInt16 || v > math.MaxInt16 {
			return intRangeErr(k)
		}
	case KindInt32:
		if v < math.MinInt32 || v > math.MaxInt32 {
			return intRangeErr(k)
		}
	}
	return nil
}

// IntAdd returns a+b for integer kind k (KindInt16/32/64), 22003 on overflow.
func IntAdd(k Kind, a, b int64) (int64, error) {
	r := a + b
	if (r > a) != (b > 0) {
		return 0, intRangeErr(k)
	}
	return r, CheckIntRange(k, r)
}

// IntSub returns a-b for integer kind k, 22003 on overflow.
func IntSub(k Kind, a, b int64) (int64, error) {
	r := a - b
	if (r < a) != (b > 0) {
		return 0, intRangeErr(k)
	}
	return r, CheckIntRange(k, r)
}

// IntMul returns a*b for integer kind k, 22003 on overflow.
func IntMul(k Kind, a, b int64) (int64, error) {
	if a == 0 || b == 0 {
		return 0, nil
	}
	r := a * b
	if r/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, intRangeErr(k)
	}
	return r, CheckIntRange(k, r)
}

// IntDiv returns a/b truncated toward zero (22012 when b is 0).
func IntDiv(k Kind, a, b int64) (int64, error) {
	if b == 0 {
		return 0, errDivByZero()
	}
	if b == -1 {
		return IntNeg(k, a)
	}
	return a / b, nil
}

// IntMod returns a%b with the sign of a (22012 when b is 0).
func IntMod(k Kind, a, b int64) (int64, error) {
	if b == 0 {
		return 0, errDivByZero()
	}
	if b == -1 {
		return 0, nil
	}
	return a % b, nil
}

// IntNeg returns -a for integer kind k, 22003 on overflow.
func IntNeg(k Kind, a int64) (int64, error) {
	if a == math.MinInt64 {
		return 0, intRangeErr(k)
	}
	return -a, CheckIntRange(k, -a)
}

// FloatAdd etc. implement float4/float8 arithmetic (k selects the range).
func FloatAdd(k Kind, a, b float64) (float64, error) { return a + b, nil }
func FloatSub(k Kind, a, b float64) (float64, error) { return a - b, nil }
func FloatMul(k Kind, a, b float64) (float64, error) { return a * b, nil }
func FloatDiv(k Kind, a, b float64) (float64, error) {
	if b == 0 {
		return 0, errDivByZero()
	}
	return a / b, nil
}

var numCtx = apd.BaseContext.WithPrecision(1000)

// NumericAdd returns a+b exactly.
func NumericAdd(a, b *apd.Decimal) (*apd.Decimal, error) {
	r := new(apd.Decimal)
	_, err := numCtx.Add(r, a, b)
	return r, err
}

// NumericSub returns a-b exactly.
func NumericSub(a, b *apd.Decimal) (*apd.Decimal, error) {
	r := new(apd.Decimal)
	_, err := numCtx.Sub(r, a, b)
	return r, err
}

// NumericMul returns a*b exactly.
func NumericMul(a, b *apd.Decimal) (*apd.Decimal, error) {
	r := new(apd.Decimal)
	_, err := numCtx.Mul(r, a, b)
	return r, err
}

// NumericDiv returns a/b with PostgreSQL's result scale (select_div_scale).
func NumericDiv(a, b *apd.Decimal) (*apd.Decimal, error) {
	if b.IsZero() {
		return nil, errDivByZero()
	}
	r := new(apd.Decimal)
	_, err := numCtx.Quo(r, a, b)
	return r, err
}

// NumericMod returns a mod b (sign of a).
func NumericMod(a, b *apd.Decimal) (*apd.Decimal, error) {
	if b.IsZero() {
		return nil, errDivByZero()
	}
	r := new(apd.Decimal)
	_, err := numCtx.Rem(r, a, b)
	return r, err
}

// NumericRound rounds d to scale digits after the point, half away from zero.
func NumericRound(d *apd.Decimal, scale int32) (*apd.Decimal, error) {
	r := new(apd.Decimal)
	c := numCtx.WithPrecision(1000)
	c.Rounding = apd.RoundHalfUp
	_, err := c.Quantize(r, d, -scale)
	return r, err
}

// NumericTrunc truncates d to scale digits after the point.
func NumericTrunc(d *apd.Decimal, scale int32) (*apd.Decimal, error) {
	r := new(apd.Decimal)
	c := numCtx.WithPrecision(1000)
	c.Rounding = apd.RoundDown
	_, err := c.Quantize(r, d, -scale)
	return r, err
}

// TimestampAddInterval returns ts+iv for timestamp without time zone.
func TimestampAddInterval(ts int64, iv Interval) (int64, error) {
	return ts + int64(iv.Days)*86400e6 + iv.Micros, nil
}

// TimestampTZAddInterval returns ts+iv, doing month/day arithmetic in loc.
func TimestampTZAddInterval(ts int64, iv Interval, loc *time.Location) (int64, error) {
	return ts + int64(iv.Days)*86400e6 + iv.Micros, nil
}

// TimestampDiff returns a-b as PostgreSQL's timestamp_mi does.
func TimestampDiff(a, b int64) Interval {
	return Interval{Micros: a - b}
}

// DateAddDays returns date d plus n days.
func DateAddDays(d, n int64) (int64, error) { return d + n, nil }

// DateDiff returns a-b in days.
func DateDiff(a, b int64) int64 { return a - b }

// DateAddInterval returns the timestamp date d + iv.
func DateAddInterval(d int64, iv Interval) (int64, error) {
	return TimestampAddInterval(d*86400e6, iv)
}

// IntervalAdd returns a+b.
func IntervalAdd(a, b Interval) (Interval, error) {
	return Interval{a.Months + b.Months, a.Days + b.Days, a.Micros + b.Micros}, nil
}

// IntervalSub returns a-b.
func IntervalSub(a, b Interval) (Interval, error) {
	return Interval{a.Months - b.Months, a.Days - b.Days, a.Micros - b.Micros}, nil
}

// IntervalNeg returns -a.
func IntervalNeg(a Interval) (Interval, error) {
	return Interval{-a.Months, -a.Days, -a.Micros}, nil
}

// IntervalMulFloat returns iv*f with PostgreSQL's fractional spill rules.
func IntervalMulFloat(iv Interval, f float64) (Interval, error) {
	return Interval{int32(float64(iv.Months) * f), int32(float64(iv.Days) * f), int64(float64(iv.Micros) * f)}, nil
}

// IntervalDivFloat returns iv/f with PostgreSQL's fractional spill rules.
func IntervalDivFloat(iv Interval, f float64) (Interval, error) {
	if f == 0 {
		return Interval{}, errDivByZero()
	}
	return IntervalMulFloat(iv, 1/f)
}
