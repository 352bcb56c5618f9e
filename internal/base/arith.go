package base

import (
	"math"
	"time"

	"github.com/cockroachdb/apd/v3"
)

// Checked arithmetic with PostgreSQL's results and errors. Integer helpers
// take the result kind (KindInt16/32/64), which selects both the range and
// the message ("smallint out of range" ...).

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

func errIntervalRange() error {
	return Errorf(CodeDatetimeFieldOverflow, "interval out of range")
}

func errTimestampRange() error {
	return Errorf(CodeDatetimeFieldOverflow, "timestamp out of range")
}

func errDateRange() error { return Errorf(CodeDatetimeFieldOverflow, "date out of range") }

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

// IntAdd returns a+b for integer kind k, 22003 on overflow.
func IntAdd(k Kind, a, b int64) (int64, error) {
	r := a + b
	if (b > 0 && r < a) || (b < 0 && r > a) {
		return 0, intRangeErr(k)
	}
	return r, CheckIntRange(k, r)
}

// IntSub returns a-b for integer kind k, 22003 on overflow.
func IntSub(k Kind, a, b int64) (int64, error) {
	r := a - b
	if (b > 0 && r > a) || (b < 0 && r < a) {
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

// IntAbs returns |a| for integer kind k, 22003 on overflow.
func IntAbs(k Kind, a int64) (int64, error) {
	if a < 0 {
		return IntNeg(k, a)
	}
	return a, nil
}

// Float arithmetic: k is KindFloat32 (computed in float32, like float4pl)
// or KindFloat64. Overflow to infinity from finite inputs is 22003 "value
// out of range: overflow"; a zero product/quotient of nonzero inputs is
// "underflow"; division by zero is 22012 (NaN/0 is NaN).

func fround(k Kind, f float64) float64 {
	if k == KindFloat32 {
		return float64(float32(f))
	}
	return f
}

func checkFloat(r, a, b float64, zeroOK bool) error {
	if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		return errFloatOverflow()
	}
	if !zeroOK && r == 0 && a != 0 && b != 0 {
		return errFloatUnderflow()
	}
	return nil
}

// FloatAdd returns a+b.
func FloatAdd(k Kind, a, b float64) (float64, error) {
	r := fround(k, a+b)
	return r, checkFloat(r, a, b, true)
}

// FloatSub returns a-b.
func FloatSub(k Kind, a, b float64) (float64, error) {
	r := fround(k, a-b)
	return r, checkFloat(r, a, b, true)
}

// FloatMul returns a*b.
func FloatMul(k Kind, a, b float64) (float64, error) {
	r := fround(k, a*b)
	return r, checkFloat(r, a, b, false)
}

// FloatDiv returns a/b.
func FloatDiv(k Kind, a, b float64) (float64, error) {
	if b == 0 && !math.IsNaN(a) {
		return 0, errDivByZero()
	}
	r := fround(k, a/b)
	if math.IsInf(r, 0) && !math.IsInf(a, 0) {
		return 0, errFloatOverflow()
	}
	if r == 0 && a != 0 && !math.IsInf(b, 0) {
		return 0, errFloatUnderflow()
	}
	return r, nil
}

// Numeric arithmetic. +, - and * are exact (result scale max(s1,s2) or
// s1+s2); / uses select_div_scale and rounds half away from zero.

const numericDscaleMax = 0x3FFF

// NumericAdd returns a+b.
func NumericAdd(a, b *apd.Decimal) (*apd.Decimal, error) {
	if a.Form != apd.Finite || b.Form != apd.Finite {
		switch {
		case isNaNDec(a) || isNaNDec(b):
			return numNaN(), nil
		case a.Form == apd.Infinite && b.Form == apd.Infinite:
			if a.Negative != b.Negative {
				return numNaN(), nil
			}
			return numInf(a.Negative), nil
		case a.Form == apd.Infinite:
			return numInf(a.Negative), nil
		}
		return numInf(b.Negative), nil
	}
	x, y, exp := alignCoeffs(a, b)
	x.Add(x, y)
	return decFromSigned(x, exp), nil
}

// NumericNeg returns -a.
func NumericNeg(a *apd.Decimal) *apd.Decimal {
	r := new(apd.Decimal).Set(a)
	if !isNaNDec(r) {
		r.Negative = !r.Negative
	}
	return normalizeNumeric(r)
}

// NumericAbs returns |a|.
func NumericAbs(a *apd.Decimal) *apd.Decimal {
	r := new(apd.Decimal).Set(a)
	r.Negative = false
	return r
}

// NumericSub returns a-b.
func NumericSub(a, b *apd.Decimal) (*apd.Decimal, error) {
	return NumericAdd(a, NumericNeg(b))
}

// NumericMul returns a*b with scale s1+s2 (capped at 16383, rounding).
func NumericMul(a, b *apd.Decimal) (*apd.Decimal, error) {
	if a.Form != apd.Finite || b.Form != apd.Finite {
		if isNaNDec(a) || isNaNDec(b) {
			return numNaN(), nil
		}
		sa, sb := numSign(a), numSign(b)
		if sa == 0 || sb == 0 {
			return numNaN(), nil
		}
		return numInf(sa*sb < 0), nil
	}
	r := new(apd.Decimal)
	r.Coeff.Mul(&a.Coeff, &b.Coeff)
	r.Exponent = a.Exponent + b.Exponent
	r.Negative = a.Negative != b.Negative
	if -r.Exponent > numericDscaleMax {
		r = roundNumericScale(r, numericDscaleMax, false)
	}
	return normalizeNumeric(r), nil
}

// NumericDiv returns a/b with PostgreSQL's result scale (select_div_scale).
func NumericDiv(a, b *apd.Decimal) (*apd.Decimal, error) {
	if a.Form != apd.Finite || b.Form != apd.Finite {
		if isNaNDec(a) || isNaNDec(b) {
			return numNaN(), nil
		}
		if a.Form == apd.Infinite {
			if b.Form == apd.Infinite {
				return numNaN(), nil
			}
			switch numSign(b) {
			case 0:
				return nil, errDivByZero()
			case 1:
				return numInf(a.Negative), nil
			}
			return numInf(!a.Negative), nil
		}
		return new(apd.Decimal), nil // finite / ±Infinity
	}
	if b.Coeff.Sign() == 0 {
		return nil, errDivByZero()
	}
	return numericDivRound(a, b, numericDivScale(a, b)), nil
}

// numericDivRound returns a/b rounded half away from zero to rscale digits.
func numericDivRound(a, b *apd.Decimal, rscale int32) *apd.Decimal {
	// q = round(|a| * 10^(rscale + ea - eb) / |b|)
	num := new(apd.BigInt).Set(&a.Coeff)
	den := new(apd.BigInt).Set(&b.Coeff)
	shift := int64(rscale) + int64(a.Exponent) - int64(b.Exponent)
	if shift >= 0 {
		num.Mul(num, pow10Big(shift))
	} else {
		den.Mul(den, pow10Big(-shift))
	}
	var q, rem apd.BigInt
	q.QuoRem(num, den, &rem)
	rem.Add(&rem, &rem)
	if rem.Cmp(den) >= 0 {
		q.Add(&q, apd.NewBigInt(1))
	}
	r := new(apd.Decimal)
	r.Coeff.Set(&q)
	r.Exponent = -rscale
	r.Negative = a.Negative != b.Negative
	return normalizeNumeric(r)
}

// NumericDivTrunc returns trunc(a/b) (div(a,b) in SQL).
func NumericDivTrunc(a, b *apd.Decimal) (*apd.Decimal, error) {
	if a.Form != apd.Finite || b.Form != apd.Finite {
		return NumericDiv(a, b)
	}
	if b.Coeff.Sign() == 0 {
		return nil, errDivByZero()
	}
	x, y, _ := alignCoeffs(a, b)
	var q apd.BigInt
	q.Quo(x, y)
	return decFromSigned(&q, 0), nil
}

// NumericMod returns a mod b (sign of a; scale max(s1,s2)).
func NumericMod(a, b *apd.Decimal) (*apd.Decimal, error) {
	if a.Form != apd.Finite || b.Form != apd.Finite {
		if isNaNDec(a) || isNaNDec(b) {
			return numNaN(), nil
		}
		if a.Form == apd.Infinite {
			if numSign(b) == 0 {
				return nil, errDivByZero()
			}
			return numNaN(), nil
		}
		return new(apd.Decimal).Set(a), nil // finite % ±Infinity = a
	}
	if b.Coeff.Sign() == 0 {
		return nil, errDivByZero()
	}
	x, y, exp := alignCoeffs(a, b)
	var r apd.BigInt
	r.Rem(x, y)
	return decFromSigned(&r, exp), nil
}

// NumericRound rounds d to scale digits after the point (negative scale
// rounds left of the point), half away from zero, like round(numeric, int).
func NumericRound(d *apd.Decimal, scale int32) (*apd.Decimal, error) {
	scale = min(max(scale, -numericMaxDisplayScale*2), numericMaxDisplayScale)
	return roundNumericScale(d, scale, false), nil
}

// NumericTrunc truncates d to scale digits after the point, like
// trunc(numeric, int).
func NumericTrunc(d *apd.Decimal, scale int32) (*apd.Decimal, error) {
	scale = min(max(scale, -numericMaxDisplayScale*2), numericMaxDisplayScale)
	return roundNumericScale(d, scale, true), nil
}

// ---------------------------------------------------------------------------
// Date/time arithmetic

// TimestampAddInterval returns ts+iv for timestamp without time zone:
// months first (clamping the day to the month's end), then days, then µs.
func TimestampAddInterval(ts int64, iv Interval) (int64, error) {
	return tsAddInterval(ts, iv, nil)
}

// TimestampTZAddInterval returns ts+iv for timestamptz: the month and day
// steps happen on the wall clock in loc (so '1 day' across a DST change
// keeps the local time), the µs step on the absolute instant.
func TimestampTZAddInterval(ts int64, iv Interval, loc *time.Location) (int64, error) {
	if loc == nil {
		loc = time.UTC
	}
	return tsAddInterval(ts, iv, loc)
}

// TimestampSubInterval returns ts-iv (timestamp without time zone).
func TimestampSubInterval(ts int64, iv Interval) (int64, error) {
	n, err := IntervalNeg(iv)
	if err != nil {
		return 0, err
	}
	return tsAddInterval(ts, n, nil)
}

// TimestampTZSubInterval returns ts-iv for timestamptz in loc.
func TimestampTZSubInterval(ts int64, iv Interval, loc *time.Location) (int64, error) {
	n, err := IntervalNeg(iv)
	if err != nil {
		return 0, err
	}
	return TimestampTZAddInterval(ts, n, loc)
}

func tsAddInterval(ts int64, iv Interval, loc *time.Location) (int64, error) {
	if ts == math.MinInt64 || ts == math.MaxInt64 {
		return ts, nil
	}
	if iv.Months != 0 || iv.Days != 0 {
		local := ts
		if loc != nil {
			local = UTCToLocal(ts, loc)
		}
		days, tod := SplitTimestamp(local)
		if iv.Months != 0 {
			y, m, d := CivilFromDays(days)
			mon := m + int64(iv.Months)
			y += floorDiv(mon-1, 12)
			m = floorMod(mon-1, 12) + 1
			if dim := DaysInMonth(y, m); d > dim {
				d = dim
			}
			days = DaysFromCivil(y, m, d)
			if !validDateDays(days) {
				return 0, errTimestampRange()
			}
		}
		days += int64(iv.Days)
		if !validDateDays(days) {
			return 0, errTimestampRange()
		}
		local = days*usPerDay + tod
		if loc != nil {
			ts = LocalToUTC(local, loc)
		} else {
			ts = local
		}
		if !validTimestamp(ts) {
			return 0, errTimestampRange()
		}
	}
	r := ts + iv.Micros
	if (iv.Micros > 0 && r < ts) || (iv.Micros < 0 && r > ts) || !validTimestamp(r) {
		return 0, errTimestampRange()
	}
	return r, nil
}

// TimestampDiff returns a-b as PostgreSQL's timestamp_mi does: days and
// time, normalized by justify_hours. Infinite inputs are 22008.
func TimestampDiff(a, b int64) (Interval, error) {
	if a == math.MinInt64 || a == math.MaxInt64 || b == math.MinInt64 || b == math.MaxInt64 {
		return Interval{}, Errorf(CodeDatetimeFieldOverflow, "cannot subtract infinite timestamps")
	}
	d := a - b
	if (b < 0 && d < a) || (b > 0 && d > a) {
		return Interval{}, errIntervalRange()
	}
	return JustifyHours(Interval{Micros: d})
}

// JustifyHours moves whole days out of the time part (justify_hours).
func JustifyHours(iv Interval) (Interval, error) {
	days := int64(iv.Days) + iv.Micros/usPerDay
	t := iv.Micros % usPerDay
	if days > 0 && t < 0 {
		t += usPerDay
		days--
	} else if days < 0 && t > 0 {
		t -= usPerDay
		days++
	}
	if days > math.MaxInt32 || days < math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	return Interval{Months: iv.Months, Days: int32(days), Micros: t}, nil
}

// JustifyDays moves whole 30-day months out of the day part (justify_days).
func JustifyDays(iv Interval) (Interval, error) {
	months := int64(iv.Months) + int64(iv.Days)/daysPerMonth
	days := iv.Days % daysPerMonth
	if months > 0 && days < 0 {
		days += daysPerMonth
		months--
	} else if months < 0 && days > 0 {
		days -= daysPerMonth
		months++
	}
	if months > math.MaxInt32 || months < math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	return Interval{Months: int32(months), Days: days, Micros: iv.Micros}, nil
}

// JustifyInterval is justify_interval: justify_hours then justify_days with
// consistent signs.
func JustifyInterval(iv Interval) (Interval, error) {
	months := int64(iv.Months)
	days := int64(iv.Days) + iv.Micros/usPerDay
	t := iv.Micros % usPerDay
	months += days / daysPerMonth
	days %= daysPerMonth
	if months > 0 && (days < 0 || (days == 0 && t < 0)) {
		days += daysPerMonth
		months--
	} else if months < 0 && (days > 0 || (days == 0 && t > 0)) {
		days -= daysPerMonth
		months++
	}
	if days > 0 && t < 0 {
		t += usPerDay
		days--
	} else if days < 0 && t > 0 {
		t -= usPerDay
		days++
	}
	if months > math.MaxInt32 || months < math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	return Interval{Months: int32(months), Days: int32(days), Micros: t}, nil
}

// DateAddDays returns date d plus n days (date ± integer).
func DateAddDays(d, n int64) (int64, error) {
	if d == DateNegInfinity || d == DatePosInfinity {
		return d, nil
	}
	r := d + n
	if !validDateDays(r) {
		return 0, errDateRange()
	}
	return r, nil
}

// DateDiff returns a-b in days (date - date).
func DateDiff(a, b int64) (int64, error) {
	if a == DateNegInfinity || a == DatePosInfinity || b == DateNegInfinity || b == DatePosInfinity {
		return 0, Errorf(CodeDatetimeFieldOverflow, "cannot subtract infinite dates")
	}
	return a - b, nil
}

// DateAddInterval returns the timestamp date d + iv.
func DateAddInterval(d int64, iv Interval) (int64, error) {
	ts, err := dateToTimestamp(d)
	if err != nil {
		return 0, err
	}
	return TimestampAddInterval(ts, iv)
}

// DateAddTime returns the timestamp d + t (date + time).
func DateAddTime(d, t int64) (int64, error) {
	ts, err := dateToTimestamp(d)
	if err != nil || ts == math.MinInt64 || ts == math.MaxInt64 {
		return ts, err
	}
	r := ts + t
	if !validTimestamp(r) {
		return 0, errTimestampRange()
	}
	return r, nil
}

// TimeAddInterval returns t+iv wrapped into one day (only iv's µs count).
func TimeAddInterval(t int64, iv Interval) int64 {
	return floorMod(t+iv.Micros%usPerDay, usPerDay)
}

// IntervalAdd returns a+b (22008 "interval out of range" on overflow).
func IntervalAdd(a, b Interval) (Interval, error) {
	m := int64(a.Months) + int64(b.Months)
	d := int64(a.Days) + int64(b.Days)
	us := a.Micros + b.Micros
	if m > math.MaxInt32 || m < math.MinInt32 || d > math.MaxInt32 || d < math.MinInt32 ||
		(b.Micros > 0 && us < a.Micros) || (b.Micros < 0 && us > a.Micros) {
		return Interval{}, errIntervalRange()
	}
	return Interval{int32(m), int32(d), us}, nil
}

// IntervalSub returns a-b.
func IntervalSub(a, b Interval) (Interval, error) {
	n, err := IntervalNeg(b)
	if err != nil {
		return Interval{}, err
	}
	return IntervalAdd(a, n)
}

// IntervalNeg returns -a.
func IntervalNeg(a Interval) (Interval, error) {
	if a.Months == math.MinInt32 || a.Days == math.MinInt32 || a.Micros == math.MinInt64 {
		return Interval{}, errIntervalRange()
	}
	return Interval{-a.Months, -a.Days, -a.Micros}, nil
}

func tsround(f float64) float64 { return math.RoundToEven(f*1e6) / 1e6 }

// IntervalMulFloat returns iv*f, cascading fractional months to days and
// fractional days to time like interval_mul.
func IntervalMulFloat(iv Interval, f float64) (Interval, error) {
	rm := float64(iv.Months) * f
	if math.IsNaN(rm) || rm > math.MaxInt32 || rm < math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	rd := float64(iv.Days) * f
	if math.IsNaN(rd) || rd > math.MaxInt32 || rd < math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	res := Interval{Months: int32(rm), Days: int32(rd)}
	monthRemDays := tsround((float64(iv.Months)*f - float64(res.Months)) * daysPerMonth)
	secRem := tsround((float64(iv.Days)*f - float64(res.Days) + monthRemDays - math.Trunc(monthRemDays)) * 86400)
	return finishIntervalScale(res, monthRemDays, secRem, float64(iv.Micros)*f)
}

// IntervalDivFloat returns iv/f like interval_div (22012 when f is 0).
func IntervalDivFloat(iv Interval, f float64) (Interval, error) {
	if f == 0 {
		return Interval{}, errDivByZero()
	}
	rm := float64(iv.Months) / f
	rd := float64(iv.Days) / f
	if math.IsNaN(rm) || rm > math.MaxInt32 || rm < math.MinInt32 || math.IsNaN(rd) || rd > math.MaxInt32 || rd < math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	res := Interval{Months: int32(rm), Days: int32(rd)}
	monthRemDays := tsround((float64(iv.Months)/f - float64(res.Months)) * daysPerMonth)
	secRem := tsround((float64(iv.Days)/f - float64(res.Days) + monthRemDays - math.Trunc(monthRemDays)) * 86400)
	return finishIntervalScale(res, monthRemDays, secRem, float64(iv.Micros)/f)
}

func finishIntervalScale(res Interval, monthRemDays, secRem, scaledTime float64) (Interval, error) {
	days := int64(res.Days)
	if math.Abs(secRem) >= 86400 {
		whole := math.Trunc(secRem / 86400)
		days += int64(whole)
		secRem -= whole * 86400
	}
	days += int64(monthRemDays)
	if days > math.MaxInt32 || days < math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	t := math.RoundToEven(scaledTime + secRem*1e6)
	if math.IsNaN(t) || t < -9.223372036854775808e18 || t >= 9.223372036854775808e18 {
		return Interval{}, errIntervalRange()
	}
	res.Days = int32(days)
	res.Micros = int64(t)
	return res, nil
}
