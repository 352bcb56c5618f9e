package stream

import (
	"math"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// Aggregate state in streaming.
//
// "Value" aggregates (count, sum and avg over integers, numeric, floats
// and intervals, bool_and/bool_or/every) keep a few counters per group
// that retract exactly (floats by subtraction); they are stored in the
// group's row of the groups state table and mirror expr's results.
//
// Every other aggregate (min, max, string_agg, array_agg, variance, any
// ORDER BY inside the call) keeps the multiset of its inputs in its own
// state table keyed by (group, args) → count; the expr.AggState that
// computes the result is an in-memory cache rebuilt from that table.
//
// min and max over an append-only input are value aggregates too: with
// no retraction possible, the current extreme is all the state a group
// needs (the append-only specialization).
//
// DISTINCT (without ORDER BY) adds a table (group, args) → count in front
// of the aggregate: only a value's first arrival and last departure reach
// the aggregate, so COUNT(DISTINCT x) stays a value aggregate.

type aggKind uint8

const (
	akCount aggKind = iota
	akSumInt
	akSumNum
	akSumFloat
	akSumInterval
	akBool
	akExtreme // min/max over an append-only input
	akMultiset
)

type aggSpec struct {
	call     plan.AggCall
	kind     aggKind
	ret      base.Type
	avg      bool
	and      bool // bool_and / every
	f32      bool // sum(real) returns real
	star     bool // count(*)
	distinct bool // stream-side DISTINCT layer
	distTab  int  // table index of the DISTINCT layer (-1: none)
	msTab    int  // table index of the multiset (-1: none)
	argTypes []base.Type
	msFunc   *expr.AggFunc // the function whose state the multiset feeds
	isMin    bool          // akExtreme: min (else max)
}

// planAggs classifies the calls and assigns state tables (index 0 is the
// groups table; the returned count excludes it). appendOnly says the
// input never retracts a row.
func planAggs(calls []plan.AggCall, appendOnly bool) ([]aggSpec, int) {
	specs := make([]aggSpec, len(calls))
	next := 1
	for i, c := range calls {
		s := aggSpec{call: c, ret: c.Func.Ret, distTab: -1, msTab: -1, star: c.Func.Star}
		for _, a := range c.Args {
			s.argTypes = append(s.argTypes, a.Type())
		}
		for _, k := range c.OrderBy {
			s.argTypes = append(s.argTypes, k.Expr.Type())
		}
		name := strings.ToLower(c.Func.Name)
		var ak base.Kind
		if len(c.Args) > 0 {
			ak = c.Args[0].Type().Kind
		}
		s.kind = akMultiset
		switch name {
		case "count":
			s.kind = akCount
		case "sum", "avg":
			s.avg = name == "avg"
			switch ak {
			case base.KindInt16, base.KindInt32, base.KindInt64:
				s.kind = akSumInt
			case base.KindNumeric:
				s.kind = akSumNum
			case base.KindFloat32, base.KindFloat64:
				s.kind = akSumFloat
				s.f32 = !s.avg && ak == base.KindFloat32
			case base.KindInterval:
				s.kind = akSumInterval
			}
		case "bool_and", "every":
			s.kind, s.and = akBool, true
		case "bool_or":
			s.kind = akBool
		case "min", "max":
			if appendOnly && len(c.Args) == 1 && !c.Distinct && !c.Func.Distinct && len(c.OrderBy) == 0 {
				s.kind, s.isMin = akExtreme, name == "min"
			}
		}
		if len(c.OrderBy) > 0 {
			// The ordered state applies DISTINCT itself at Result time.
			s.kind = akMultiset
			s.msFunc = c.Func
		} else if c.Distinct || c.Func.Distinct {
			s.distinct = true
			s.distTab = next
			next++
			f := *c.Func
			f.Distinct = false
			s.msFunc = &f
		} else {
			s.msFunc = c.Func
		}
		if s.kind == akMultiset {
			s.msTab = next
			next++
		}
		specs[i] = s
	}
	return specs, next - 1
}

// valueTypes are the columns an accumulator stores in the group row.
func (s *aggSpec) valueTypes() []base.Type {
	switch s.kind {
	case akCount:
		return []base.Type{base.Int64}
	case akSumInt, akSumNum:
		if s.kind == akSumNum {
			return []base.Type{base.Int64, base.Numeric, base.Int64, base.Int64, base.Int64}
		}
		return []base.Type{base.Int64, base.Numeric}
	case akSumFloat:
		return []base.Type{base.Int64, base.Float64}
	case akSumInterval:
		return []base.Type{base.Int64, base.IntervalT}
	case akBool:
		return []base.Type{base.Int64, base.Int64}
	case akExtreme:
		return []base.Type{base.Int64, s.argTypes[0]}
	}
	return nil
}

var bigCtx = apd.BaseContext.WithPrecision(1000)

// acc is one aggregate's state in one group.
type acc struct {
	n         int64
	i         int64        // int sums: fast part
	d         *apd.Decimal // int sums: overflow part; numeric sums: the sum
	f         float64
	iv        base.Interval
	t, fl     int64 // bool: trues, falses
	nan, pinf int64
	ninf      int64
	ms        expr.AggState // multiset aggregates: nil until loaded
	ext       base.Datum    // akExtreme: the current min or max (n > 0)
}

func (a *acc) addInt(v int64) {
	r := a.i + v
	if (r > a.i) != (v > 0) {
		a.foldInt()
		r = v
	}
	a.i = r
}

func (a *acc) foldInt() {
	if a.i != 0 {
		if a.d == nil {
			a.d = new(apd.Decimal)
		}
		var x apd.Decimal
		x.SetInt64(a.i)
		bigCtx.Add(a.d, a.d, &x)
		a.i = 0
	}
}

func (a *acc) intTotal() *apd.Decimal {
	r := new(apd.Decimal)
	if a.d != nil {
		r.Set(a.d)
	}
	var x apd.Decimal
	x.SetInt64(a.i)
	bigCtx.Add(r, r, &x)
	return r
}

// update applies one value (sign +1/-1) to a value aggregate. d is the
// first argument (ignored by count(*)).
func (a *acc) update(s *aggSpec, d base.Datum, sign int64) error {
	switch s.kind {
	case akCount:
		if s.star || !d.Null {
			a.n += sign
		}
	case akSumInt:
		if d.Null {
			return nil
		}
		a.n += sign
		if sign > 0 {
			a.addInt(d.I)
		} else if d.I == math.MinInt64 {
			a.addInt(math.MaxInt64)
			a.addInt(1)
		} else {
			a.addInt(-d.I)
		}
	case akSumNum:
		if d.Null {
			return nil
		}
		a.n += sign
		switch {
		case d.D.Form == apd.NaN || d.D.Form == apd.NaNSignaling:
			a.nan += sign
		case d.D.Form == apd.Infinite && d.D.Negative:
			a.ninf += sign
		case d.D.Form == apd.Infinite:
			a.pinf += sign
		default:
			if a.d == nil {
				a.d = new(apd.Decimal)
			}
			if sign > 0 {
				bigCtx.Add(a.d, a.d, d.D)
			} else {
				bigCtx.Sub(a.d, a.d, d.D)
			}
		}
	case akSumFloat:
		if d.Null {
			return nil
		}
		a.n += sign
		a.f += float64(sign) * d.F
		if a.n == 0 {
			a.f = 0
		}
	case akSumInterval:
		if d.Null {
			return nil
		}
		a.n += sign
		var err error
		if sign > 0 {
			a.iv, err = base.IntervalAdd(a.iv, d.Iv)
		} else {
			a.iv, err = base.IntervalSub(a.iv, d.Iv)
		}
		return err
	case akBool:
		if d.Null {
			return nil
		}
		if d.I != 0 {
			a.t += sign
		} else {
			a.fl += sign
		}
	case akExtreme:
		if sign < 0 {
			return base.Errorf(base.CodeInternalError, "%s over an append-only input received a retraction", s.call.Func.Name)
		}
		if d.Null {
			return nil
		}
		if a.n == 0 {
			a.ext = d
		} else if c := base.Compare(d, a.ext); (c < 0) == s.isMin && c != 0 {
			a.ext = d
		}
		a.n++
	}
	return nil
}

// result mirrors the expr aggregate's Result.
func (a *acc) result(s *aggSpec) base.Datum {
	rk := s.ret.Kind
	switch s.kind {
	case akCount:
		return base.DInt64(a.n)
	case akSumInt:
		if a.n <= 0 {
			return base.NullOf(rk)
		}
		t := a.intTotal()
		if s.avg {
			q, err := base.NumericDiv(t, apd.New(a.n, 0))
			if err != nil {
				return base.NullOf(base.KindNumeric)
			}
			return base.DNumeric(q)
		}
		if rk == base.KindInt64 {
			v, err := t.Int64()
			if err != nil {
				return base.NullOf(rk)
			}
			return base.DInt64(v)
		}
		return base.DNumeric(t)
	case akSumNum:
		if a.n <= 0 {
			return base.NullOf(base.KindNumeric)
		}
		switch {
		case a.nan > 0 || a.pinf > 0 && a.ninf > 0:
			return base.DNumeric(&apd.Decimal{Form: apd.NaN})
		case a.pinf > 0:
			return base.DNumeric(&apd.Decimal{Form: apd.Infinite})
		case a.ninf > 0:
			return base.DNumeric(&apd.Decimal{Form: apd.Infinite, Negative: true})
		}
		r := new(apd.Decimal)
		if a.d != nil {
			r.Set(a.d)
		}
		if r.IsZero() {
			r.Negative = false
		}
		if s.avg {
			q, err := base.NumericDiv(r, apd.New(a.n, 0))
			if err != nil {
				return base.NullOf(base.KindNumeric)
			}
			return base.DNumeric(q)
		}
		return base.DNumeric(r)
	case akSumFloat:
		if a.n <= 0 {
			return base.NullOf(rk)
		}
		if s.avg {
			return base.DFloat64(a.f / float64(a.n))
		}
		if s.f32 {
			return base.DFloat32(float64(float32(a.f)))
		}
		return base.DFloat64(a.f)
	case akSumInterval:
		if a.n <= 0 {
			return base.NullOf(base.KindInterval)
		}
		if s.avg {
			r, err := base.IntervalDivFloat(a.iv, float64(a.n))
			if err != nil {
				return base.NullOf(base.KindInterval)
			}
			return base.DInterval(r)
		}
		return base.DInterval(a.iv)
	case akBool:
		if a.t+a.fl == 0 {
			return base.NullOf(base.KindBool)
		}
		if s.and {
			return base.DBool(a.fl == 0)
		}
		return base.DBool(a.t > 0)
	case akExtreme:
		if a.n <= 0 {
			return base.NullOf(rk)
		}
		return a.ext
	}
	if a.ms == nil {
		return s.msFunc.NewState().Result()
	}
	return a.ms.Result()
}

// encode appends the accumulator's stored columns.
func (a *acc) encode(s *aggSpec, out []base.Datum) []base.Datum {
	switch s.kind {
	case akCount:
		return append(out, base.DInt64(a.n))
	case akSumInt:
		return append(out, base.DInt64(a.n), base.DNumeric(a.intTotal()))
	case akSumNum:
		d := new(apd.Decimal)
		if a.d != nil {
			d.Set(a.d)
		}
		return append(out, base.DInt64(a.n), base.DNumeric(d), base.DInt64(a.nan), base.DInt64(a.pinf), base.DInt64(a.ninf))
	case akSumFloat:
		return append(out, base.DInt64(a.n), base.DFloat64(a.f))
	case akSumInterval:
		return append(out, base.DInt64(a.n), base.DInterval(a.iv))
	case akBool:
		return append(out, base.DInt64(a.t), base.DInt64(a.fl))
	case akExtreme:
		if a.n <= 0 {
			return append(out, base.DInt64(0), base.NullOf(s.argTypes[0].Kind))
		}
		return append(out, base.DInt64(a.n), a.ext)
	}
	return out
}

// decode restores the accumulator from stored columns; it returns the
// rest.
func (a *acc) decode(s *aggSpec, in []base.Datum) []base.Datum {
	switch s.kind {
	case akCount:
		a.n = in[0].I
		return in[1:]
	case akSumInt:
		a.n, a.i = in[0].I, 0
		a.d = new(apd.Decimal).Set(in[1].D)
		return in[2:]
	case akSumNum:
		a.n = in[0].I
		a.d = new(apd.Decimal).Set(in[1].D)
		a.nan, a.pinf, a.ninf = in[2].I, in[3].I, in[4].I
		return in[5:]
	case akSumFloat:
		a.n, a.f = in[0].I, in[1].F
		return in[2:]
	case akSumInterval:
		a.n, a.iv = in[0].I, in[1].Iv
		return in[2:]
	case akBool:
		a.t, a.fl = in[0].I, in[1].I
		return in[2:]
	case akExtreme:
		a.n, a.ext = in[0].I, in[1]
		return in[2:]
	}
	return in
}
