package expr

import (
	"math"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
)

// Arithmetic and comparison operators over the numeric types, with
// columnar kernels for the integer and float cases.

var intKinds = []base.Type{base.Int16, base.Int32, base.Int64}

func wider(a, b base.Type) base.Type {
	if intWidth(a.Kind) >= intWidth(b.Kind) {
		return a
	}
	return b
}

type intOp func(k base.Kind, a, b int64) (int64, error)
type floatOp func(k base.Kind, a, b float64) (float64, error)

func intArith(k base.Kind, op intOp) scalarFn {
	return func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := op(k, a[0].I, a[1].I)
		return base.Datum{K: k, I: r}, err
	}
}

// vecIntArith is the columnar kernel for integer arithmetic. The payload
// of a NULL row is unspecified (a join's NULL padding may leave any value
// there), so the checked path skips NULL rows: they must never raise
// overflow or division by zero. The unchecked fast path may compute on
// them because its result is discarded under the NULL bitmap.
func vecIntArith(k base.Kind, op intOp, needsNonNull bool, fast func(a, b int64) (int64, bool)) func(*Context, []*base.Vector, *base.Vector) error {
	return func(_ *Context, args []*base.Vector, out *base.Vector) error {
		x, y := args[0], args[1]
		n := x.Len()
		xs, ys := x.I64[:n], y.I64[:n]
		hasNull := x.Nulls != nil || y.Nulls != nil
		if fast != nil && !(needsNonNull && hasNull) {
			for i := range xs {
				r, ok := fast(xs[i], ys[i])
				if !ok {
					goto slow
				}
				out.AppendInt(r)
			}
			orNulls(out, x, y, n)
			return nil
		slow:
			out.Reset()
		}
		for i := range xs {
			if hasNull && (x.IsNull(i) || y.IsNull(i)) {
				out.AppendInt(0)
				continue
			}
			r, err := op(k, xs[i], ys[i])
			if err != nil {
				return err
			}
			out.AppendInt(r)
		}
		orNulls(out, x, y, n)
		return nil
	}
}

func fastAdd64(a, b int64) (int64, bool) {
	r := a + b
	return r, (r > a) == (b > 0)
}
func fastSub64(a, b int64) (int64, bool) {
	r := a - b
	return r, (r < a) == (b > 0)
}
func fastMul64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	r := a * b
	return r, r/b == a && !(a == -1 && b == math.MinInt64) && !(b == -1 && a == math.MinInt64)
}

// narrow wraps a 64-bit fast kernel with the range check of kind k.
func narrow(k base.Kind, f func(a, b int64) (int64, bool)) func(a, b int64) (int64, bool) {
	if k == base.KindInt64 {
		return f
	}
	lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
	if k == base.KindInt16 {
		lo, hi = math.MinInt16, math.MaxInt16
	}
	return func(a, b int64) (int64, bool) {
		r, ok := f(a, b)
		return r, ok && r >= lo && r <= hi
	}
}

func floatArith(k base.Kind, op floatOp) scalarFn {
	return func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := op(k, a[0].F, a[1].F)
		return base.Datum{K: k, F: r}, err
	}
}

func vecFloatArith(k base.Kind, op floatOp, needsNonNull bool) func(*Context, []*base.Vector, *base.Vector) error {
	return func(_ *Context, args []*base.Vector, out *base.Vector) error {
		x, y := args[0], args[1]
		n := x.Len()
		xs, ys := x.F64[:n], y.F64[:n]
		hasNull := x.Nulls != nil || y.Nulls != nil
		for i := range xs {
			if hasNull && (x.IsNull(i) || y.IsNull(i)) {
				out.AppendFloat(0)
				continue
			}
			r, err := op(k, xs[i], ys[i])
			if err != nil {
				return err
			}
			out.AppendFloat(r)
		}
		orNulls(out, x, y, n)
		return nil
	}
}

type numOp func(a, b *apd.Decimal) (*apd.Decimal, error)

func numArith(op numOp) scalarFn {
	return func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := op(a[0].D, a[1].D)
		if err != nil {
			return base.Datum{}, asNumErr(err)
		}
		return base.DNumeric(r), nil
	}
}

func asNumErr(err error) error {
	if _, ok := err.(*base.Error); ok {
		return err
	}
	return base.Errorf(base.CodeNumericValueOutOfRange, "value overflows numeric format")
}

// Comparison kernels.

type cmpKind uint8

const (
	cmpEq cmpKind = iota
	cmpNe
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

var cmpOps = []struct {
	op string
	k  cmpKind
}{{"=", cmpEq}, {"<>", cmpNe}, {"<", cmpLt}, {"<=", cmpLe}, {">", cmpGt}, {">=", cmpGe}}

func (c cmpKind) test(r int) bool {
	switch c {
	case cmpEq:
		return r == 0
	case cmpNe:
		return r != 0
	case cmpLt:
		return r < 0
	case cmpLe:
		return r <= 0
	case cmpGt:
		return r > 0
	}
	return r >= 0
}

func cmpScalar(c cmpKind) scalarFn {
	return func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DBool(c.test(compareValues(a[0], a[1]))), nil
	}
}

func vecCmpInt(c cmpKind) func(*Context, []*base.Vector, *base.Vector) error {
	return func(_ *Context, args []*base.Vector, out *base.Vector) error {
		x, y := args[0], args[1]
		n := x.Len()
		xs, ys := x.I64[:n], y.I64[:n]
		switch c {
		case cmpEq:
			for i := range xs {
				out.AppendInt(b2i(xs[i] == ys[i]))
			}
		case cmpNe:
			for i := range xs {
				out.AppendInt(b2i(xs[i] != ys[i]))
			}
		case cmpLt:
			for i := range xs {
				out.AppendInt(b2i(xs[i] < ys[i]))
			}
		case cmpLe:
			for i := range xs {
				out.AppendInt(b2i(xs[i] <= ys[i]))
			}
		case cmpGt:
			for i := range xs {
				out.AppendInt(b2i(xs[i] > ys[i]))
			}
		case cmpGe:
			for i := range xs {
				out.AppendInt(b2i(xs[i] >= ys[i]))
			}
		}
		orNulls(out, x, y, n)
		return nil
	}
}

// floatCmp orders floats like PostgreSQL: NaN equals NaN and sorts above
// every other value.
func floatCmp(a, b float64) int {
	an, bn := a != a, b != b
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func vecCmpFloat(c cmpKind) func(*Context, []*base.Vector, *base.Vector) error {
	return func(_ *Context, args []*base.Vector, out *base.Vector) error {
		x, y := args[0], args[1]
		n := x.Len()
		xs, ys := x.F64[:n], y.F64[:n]
		for i := range xs {
			out.AppendInt(b2i(c.test(floatCmp(xs[i], ys[i]))))
		}
		orNulls(out, x, y, n)
		return nil
	}
}

func vecCmpBytes(c cmpKind) func(*Context, []*base.Vector, *base.Vector) error {
	return func(_ *Context, args []*base.Vector, out *base.Vector) error {
		x, y := args[0], args[1]
		n := x.Len()
		for i := 0; i < n; i++ {
			a, b := x.Bytes(i), y.Bytes(i)
			var r int
			if c == cmpEq || c == cmpNe {
				if string(a) != string(b) {
					r = 1
				}
			} else {
				r = compareBytes(a, b)
			}
			out.AppendInt(b2i(c.test(r)))
		}
		orNulls(out, x, y, n)
		return nil
	}
}

func compareBytes(a, b []byte) int {
	switch {
	case string(a) < string(b):
		return -1
	case string(a) > string(b):
		return 1
	}
	return 0
}

func init() {
	// Integer arithmetic, including PostgreSQL's cross-width operators
	// (int4 + int8 → int8 without casting the column).
	for _, l := range intKinds {
		for _, r := range intKinds {
			res := wider(l, r)
			k := res.Kind
			regBin("+", l, r, res, intArith(k, base.IntAdd), withVec(vecIntArith(k, base.IntAdd, false, narrow(k, fastAdd64))))
			regBin("-", l, r, res, intArith(k, base.IntSub), withVec(vecIntArith(k, base.IntSub, false, narrow(k, fastSub64))))
			regBin("*", l, r, res, intArith(k, base.IntMul), withVec(vecIntArith(k, base.IntMul, false, narrow(k, fastMul64))))
			regBin("/", l, r, res, intArith(k, base.IntDiv), withVec(vecIntArith(k, base.IntDiv, true, nil)))
			if l == r || true {
				regBin("%", l, r, res, intArith(k, base.IntMod), withVec(vecIntArith(k, base.IntMod, true, nil)))
			}
			for _, c := range cmpOps {
				regBin(c.op, l, r, base.Bool, cmpScalar(c.k), withVec(vecCmpInt(c.k)))
			}
		}
	}
	// Bitwise operators on same-width integers.
	for _, t := range intKinds {
		k := t.Kind
		regBin("&", t, t, t, func(_ *Context, a []base.Datum) (base.Datum, error) { return base.Datum{K: k, I: a[0].I & a[1].I}, nil })
		regBin("|", t, t, t, func(_ *Context, a []base.Datum) (base.Datum, error) { return base.Datum{K: k, I: a[0].I | a[1].I}, nil })
		regBin("#", t, t, t, func(_ *Context, a []base.Datum) (base.Datum, error) { return base.Datum{K: k, I: a[0].I ^ a[1].I}, nil })
		regBin("<<", t, base.Int32, t, func(_ *Context, a []base.Datum) (base.Datum, error) {
			return base.Datum{K: k, I: truncInt(k, a[0].I<<(uint64(a[1].I)&uint64(intWidth(k)*8-1)))}, nil
		})
		regBin(">>", t, base.Int32, t, func(_ *Context, a []base.Datum) (base.Datum, error) {
			return base.Datum{K: k, I: a[0].I >> (uint64(a[1].I) & uint64(intWidth(k)*8-1))}, nil
		})
		regUn("~", t, t, func(_ *Context, a []base.Datum) (base.Datum, error) { return base.Datum{K: k, I: ^a[0].I}, nil })
		regUn("-", t, t, func(_ *Context, a []base.Datum) (base.Datum, error) {
			r, err := base.IntNeg(k, a[0].I)
			return base.Datum{K: k, I: r}, err
		})
		regUn("+", t, t, func(_ *Context, a []base.Datum) (base.Datum, error) { return a[0], nil })
		regUn("@", t, t, func(_ *Context, a []base.Datum) (base.Datum, error) { return absInt(k, a[0].I) })
	}
	// Floats: float4 op float4 → float4; any float8 side → float8.
	floats := []base.Type{base.Float32, base.Float64}
	for _, l := range floats {
		for _, r := range floats {
			res := base.Float64
			if l.Kind == base.KindFloat32 && r.Kind == base.KindFloat32 {
				res = base.Float32
			}
			k := res.Kind
			regBin("+", l, r, res, floatArith(k, base.FloatAdd), withVec(vecFloatArith(k, base.FloatAdd, false)))
			regBin("-", l, r, res, floatArith(k, base.FloatSub), withVec(vecFloatArith(k, base.FloatSub, false)))
			regBin("*", l, r, res, floatArith(k, base.FloatMul), withVec(vecFloatArith(k, base.FloatMul, false)))
			regBin("/", l, r, res, floatArith(k, base.FloatDiv), withVec(vecFloatArith(k, base.FloatDiv, true)))
			for _, c := range cmpOps {
				regBin(c.op, l, r, base.Bool, cmpScalar(c.k), withVec(vecCmpFloat(c.k)))
			}
		}
		k := l.Kind
		regUn("-", l, l, func(_ *Context, a []base.Datum) (base.Datum, error) { return base.Datum{K: k, F: -a[0].F}, nil })
		regUn("+", l, l, func(_ *Context, a []base.Datum) (base.Datum, error) { return a[0], nil })
		regUn("@", l, l, func(_ *Context, a []base.Datum) (base.Datum, error) {
			return base.Datum{K: k, F: math.Abs(a[0].F)}, nil
		})
	}
	regBin("^", base.Float64, base.Float64, base.Float64, func(_ *Context, a []base.Datum) (base.Datum, error) { return powFloat(a[0].F, a[1].F) })
	regUn("|/", base.Float64, base.Float64, func(_ *Context, a []base.Datum) (base.Datum, error) { return sqrtFloat(a[0].F) })
	regUn("||/", base.Float64, base.Float64, func(_ *Context, a []base.Datum) (base.Datum, error) { return base.DFloat64(cbrt(a[0].F)), nil })

	// Numeric.
	n := base.Numeric
	regBin("+", n, n, n, numArith(base.NumericAdd))
	regBin("-", n, n, n, numArith(base.NumericSub))
	regBin("*", n, n, n, numArith(base.NumericMul))
	regBin("/", n, n, n, numArith(base.NumericDiv))
	regBin("%", n, n, n, numArith(base.NumericMod))
	regBin("^", n, n, n, func(_ *Context, a []base.Datum) (base.Datum, error) { return powNumeric(a[0].D, a[1].D) })
	regUn("-", n, n, func(_ *Context, a []base.Datum) (base.Datum, error) { return negNumeric(a[0].D), nil })
	regUn("+", n, n, func(_ *Context, a []base.Datum) (base.Datum, error) { return a[0], nil })
	regUn("@", n, n, func(_ *Context, a []base.Datum) (base.Datum, error) { return absNumeric(a[0].D), nil })
	for _, c := range cmpOps {
		regBin(c.op, n, n, base.Bool, cmpScalar(c.k))
	}

	// Comparisons of the other scalar types.
	for _, t := range []base.Type{base.Bool, base.Text, base.Bytea, base.Date, base.TimeT, base.Timestamp, base.TimestampTZ, base.IntervalT, base.JSONB, base.Oid} {
		for _, c := range cmpOps {
			var opt []fnOpt
			switch t.Kind {
			case base.KindText, base.KindBytea:
				opt = append(opt, withVec(vecCmpBytes(c.k)))
			case base.KindBool, base.KindDate, base.KindTime, base.KindTimestamp, base.KindTimestampTZ, base.KindOid:
				opt = append(opt, withVec(vecCmpInt(c.k)))
			}
			regBin(c.op, t, t, base.Bool, cmpScalar(c.k), opt...)
		}
	}
	for _, c := range cmpOps {
		regBin(c.op, tAnyArray, tAnyArray, base.Bool, cmpScalar(c.k))
	}
}

func truncInt(k base.Kind, v int64) int64 {
	switch k {
	case base.KindInt16:
		return int64(int16(v))
	case base.KindInt32:
		return int64(int32(v))
	}
	return v
}

func absInt(k base.Kind, v int64) (base.Datum, error) {
	if v < 0 {
		r, err := base.IntNeg(k, v)
		return base.Datum{K: k, I: r}, err
	}
	return base.Datum{K: k, I: v}, nil
}

func negNumeric(d *apd.Decimal) base.Datum {
	r := new(apd.Decimal).Set(d)
	if !r.IsZero() || r.Form != apd.Finite {
		if r.Form != apd.NaN {
			r.Negative = !r.Negative
		}
	}
	return base.DNumeric(r)
}

func absNumeric(d *apd.Decimal) base.Datum {
	r := new(apd.Decimal).Set(d)
	r.Negative = false
	return base.DNumeric(r)
}

// compareValues orders two non-NULL values of the same type, extending
// base.Compare with PostgreSQL's rules for floats (NaN largest), intervals
// (compared by their 30-day-month span) and arrays (element-wise).
func compareValues(a, b base.Datum) int {
	if a.Null || b.Null {
		return base.Compare(a, b)
	}
	switch a.K {
	case base.KindFloat32, base.KindFloat64:
		return floatCmp(a.F, b.F)
	case base.KindInterval:
		x, y := intervalSpan(a.Iv), intervalSpan(b.Iv)
		switch {
		case x.hi < y.hi || x.hi == y.hi && x.lo < y.lo:
			return -1
		case x == y:
			return 0
		}
		return 1
	case base.KindArray:
		for i := 0; i < len(a.A) && i < len(b.A); i++ {
			if c := compareValues(a.A[i], b.A[i]); c != 0 {
				return c
			}
		}
		switch {
		case len(a.A) < len(b.A):
			return -1
		case len(a.A) > len(b.A):
			return 1
		}
		return 0
	case base.KindNumeric:
		return compareNumeric(a.D, b.D)
	}
	return base.Compare(a, b)
}

// compareNumeric orders numerics with NaN above +Infinity (PostgreSQL).
func compareNumeric(a, b *apd.Decimal) int {
	an, bn := a.Form == apd.NaN || a.Form == apd.NaNSignaling, b.Form == apd.NaN || b.Form == apd.NaNSignaling
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	return a.Cmp(b)
}

type span128 struct {
	hi int64
	lo uint64
}

// intervalSpan is PostgreSQL's interval_cmp_value: months as 30 days,
// days as 24 hours, in microseconds (128-bit to avoid overflow).
func intervalSpan(iv base.Interval) span128 {
	days := int64(iv.Months)*30 + int64(iv.Days)
	// days*86400e6 + micros, computed in 128 bits.
	hi, lo := mul64(days, 86400000000)
	lo2 := lo + uint64(iv.Micros)
	carry := int64(0)
	if lo2 < lo {
		carry = 1
	}
	h := hi + carry
	if iv.Micros < 0 {
		h--
	}
	return span128{h, lo2}
}

func mul64(a, b int64) (int64, uint64) {
	neg := (a < 0) != (b < 0)
	ua, ub := uint64(a), uint64(b)
	if a < 0 {
		ua = uint64(-a)
	}
	if b < 0 {
		ub = uint64(-b)
	}
	hi, lo := bitsMul64(ua, ub)
	if neg {
		lo = ^lo + 1
		hi = ^hi
		if lo == 0 {
			hi++
		}
	}
	return int64(hi), lo
}
