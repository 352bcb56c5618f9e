package expr

import (
	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
)

// scale, min_scale, trim_scale and factorial.

// minScale is the smallest scale that represents d exactly.
func minScale(d *apd.Decimal) int32 {
	s := base.NumericScale(d)
	if d.Coeff.Sign() == 0 {
		return 0
	}
	c := new(apd.BigInt).Set(&d.Coeff)
	ten := apd.NewBigInt(10)
	var q, r apd.BigInt
	for s > 0 {
		q.QuoRem(c, ten, &r)
		if r.Sign() != 0 {
			break
		}
		c.Set(&q)
		s--
	}
	return s
}

func init() {
	n := base.Numeric
	regFunc("scale", ts(n), base.Int32, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].D.Form != apd.Finite {
			return base.NullOf(base.KindInt32), nil
		}
		return i32(int64(base.NumericScale(a[0].D))), nil
	})
	regFunc("min_scale", ts(n), base.Int32, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].D.Form != apd.Finite {
			return base.NullOf(base.KindInt32), nil
		}
		return i32(int64(minScale(a[0].D))), nil
	})
	regFunc("trim_scale", ts(n), n, func(_ *Context, a []base.Datum) (base.Datum, error) {
		d := a[0].D
		if d.Form != apd.Finite {
			return a[0], nil
		}
		r, err := base.NumericRound(d, minScale(d))
		if err != nil {
			return base.Datum{}, err
		}
		return base.DNumeric(r), nil
	})
	regFunc("factorial", ts(base.Int64), n, func(_ *Context, a []base.Datum) (base.Datum, error) {
		k := a[0].I
		if k < 0 {
			return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "factorial of a negative number is undefined")
		}
		if k > 32177 {
			return base.Datum{}, base.Errorf(base.CodeNumericValueOutOfRange, "value overflows numeric format")
		}
		r := apd.NewBigInt(1)
		for i := int64(2); i <= k; i++ {
			r.Mul(r, apd.NewBigInt(i))
		}
		d := new(apd.Decimal)
		d.Coeff.Set(r)
		return base.DNumeric(d), nil
	})
}
