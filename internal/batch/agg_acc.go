package batch

import (
	"math/big"
	"math/bits"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// aggAcc accumulates one aggregate for all groups of a hash aggregation.
// Columnar accumulators (count, sum, min, max over integer and float
// payloads) keep one slot per group in flat slices and never box values;
// everything else goes through expr.AggState (genericAcc).
type aggAcc interface {
	// add feeds rows sel (nil: 0..n-1) of args; gids[i] is row i's group.
	add(args []*base.Vector, n int, gids []int32, sel []int32) error
	// grow makes room for groups 0..ngroups-1.
	grow(ngroups int)
	// result appends group g's value to out.
	result(g int, out *base.Vector)
	bytes() int64
}

// newAggAcc picks the fastest accumulator that gives the same results as
// the aggregate's AggState.
func newAggAcc(f *expr.AggFunc, distinct, ordered bool, argTypes []base.Type) aggAcc {
	if !distinct && !ordered && !f.Distinct && len(f.OrderBy) == 0 {
		switch f.Name {
		case "count":
			if f.Star || len(argTypes) == 0 {
				return &countAcc{star: true}
			}
			if len(argTypes) == 1 && f.Ret.Kind == base.KindInt64 {
				return &countAcc{}
			}
		case "sum":
			if len(argTypes) != 1 {
				break
			}
			a := argTypes[0].Kind
			switch {
			case (a == base.KindInt16 || a == base.KindInt32) && f.Ret.Kind == base.KindInt64:
				return &sumIntAcc{}
			case a == base.KindInt64 && f.Ret.Kind == base.KindNumeric:
				return &sumInt128Acc{}
			case a == base.KindFloat64 && f.Ret.Kind == base.KindFloat64:
				return &sumFloatAcc{}
			}
		case "min", "max":
			if len(argTypes) != 1 || argTypes[0].Kind != f.Ret.Kind {
				break
			}
			switch payloadOf(f.Ret.Kind) {
			case plI64:
				if f.Ret.Kind != base.KindBool {
					return &minMaxIntAcc{max: f.Name == "max"}
				}
			case plF64:
				return &minMaxFloatAcc{max: f.Name == "max"}
			}
		}
	}
	g := &genericAcc{f: f}
	switch f.Name {
	case "array_agg", "string_agg", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg",
		"percentile_cont", "percentile_disc", "mode":
		g.retains = true
	}
	g.retains = g.retains || distinct || ordered || f.Distinct || len(f.OrderBy) > 0
	return g
}

// forRows calls fn for each selected row.
func forRows(n int, sel []int32, fn func(i int)) {
	if sel == nil {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	for _, i := range sel {
		fn(int(i))
	}
}

// ---- count ----

type countAcc struct {
	star bool
	c    []int64
}

func (a *countAcc) grow(n int) {
	for len(a.c) < n {
		a.c = append(a.c, 0)
	}
}

func (a *countAcc) add(args []*base.Vector, n int, gids []int32, sel []int32) error {
	c := a.c
	if a.star || args[0].Nulls == nil {
		if sel == nil {
			for _, g := range gids[:n] {
				c[g]++
			}
		} else {
			for _, i := range sel {
				c[gids[i]]++
			}
		}
		return nil
	}
	v := args[0]
	forRows(n, sel, func(i int) {
		if !v.Nulls.Get(i) {
			c[gids[i]]++
		}
	})
	return nil
}

func (a *countAcc) result(g int, out *base.Vector) { out.AppendInt(a.c[g]) }
func (a *countAcc) bytes() int64                   { return int64(cap(a.c)) * 8 }

// ---- sum(int2/int4) → bigint ----

type sumIntAcc struct {
	s    []int64
	seen []bool
}

func (a *sumIntAcc) grow(n int) {
	for len(a.s) < n {
		a.s = append(a.s, 0)
		a.seen = append(a.seen, false)
	}
}

func (a *sumIntAcc) add(args []*base.Vector, n int, gids []int32, sel []int32) error {
	v := args[0]
	xs := v.I64
	forRows(n, sel, func(i int) {
		if v.Nulls == nil || !v.Nulls.Get(i) {
			g := gids[i]
			a.s[g] += xs[i]
			a.seen[g] = true
		}
	})
	return nil
}

func (a *sumIntAcc) result(g int, out *base.Vector) {
	if !a.seen[g] {
		out.AppendNull()
		return
	}
	out.AppendInt(a.s[g])
}
func (a *sumIntAcc) bytes() int64 { return int64(cap(a.s))*9 + 0 }

// ---- sum(bigint) → numeric, exact in 128 bits ----

type sumInt128Acc struct {
	lo   []uint64
	hi   []int64
	seen []bool
}

func (a *sumInt128Acc) grow(n int) {
	for len(a.lo) < n {
		a.lo = append(a.lo, 0)
		a.hi = append(a.hi, 0)
		a.seen = append(a.seen, false)
	}
}

func (a *sumInt128Acc) add(args []*base.Vector, n int, gids []int32, sel []int32) error {
	v := args[0]
	xs := v.I64
	if sel == nil && v.Nulls == nil {
		for i, x := range xs[:n] {
			g := gids[i]
			lo, carry := bits.Add64(a.lo[g], uint64(x), 0)
			a.lo[g] = lo
			a.hi[g] += (x >> 63) + int64(carry)
			a.seen[g] = true
		}
		return nil
	}
	forRows(n, sel, func(i int) {
		if v.Nulls == nil || !v.Nulls.Get(i) {
			g, x := gids[i], xs[i]
			lo, carry := bits.Add64(a.lo[g], uint64(x), 0)
			a.lo[g] = lo
			a.hi[g] += (x >> 63) + int64(carry)
			a.seen[g] = true
		}
	})
	return nil
}

func (a *sumInt128Acc) result(g int, out *base.Vector) {
	if !a.seen[g] {
		out.AppendNull()
		return
	}
	out.Append(base.DNumeric(int128Decimal(a.hi[g], a.lo[g])))
}

func (a *sumInt128Acc) bytes() int64 { return int64(cap(a.lo)) * 17 }

// int128Decimal converts the two's-complement value hi:lo to a decimal.
func int128Decimal(hi int64, lo uint64) *apd.Decimal {
	if (hi == 0 && lo < 1<<63) || (hi == -1 && lo >= 1<<63) {
		return apd.New(int64(lo), 0)
	}
	b := new(big.Int).SetInt64(hi)
	b.Lsh(b, 64)
	b.Add(b, new(big.Int).SetUint64(lo))
	d := new(apd.Decimal)
	d.Coeff.SetMathBigInt(b)
	if d.Coeff.Sign() < 0 {
		d.Coeff.Neg(&d.Coeff)
		d.Negative = true
	}
	return d
}

// ---- sum(double precision) ----

type sumFloatAcc struct {
	s    []float64
	seen []bool
}

func (a *sumFloatAcc) grow(n int) {
	for len(a.s) < n {
		a.s = append(a.s, 0)
		a.seen = append(a.seen, false)
	}
}

func (a *sumFloatAcc) add(args []*base.Vector, n int, gids []int32, sel []int32) error {
	v := args[0]
	forRows(n, sel, func(i int) {
		if v.Nulls == nil || !v.Nulls.Get(i) {
			g := gids[i]
			a.s[g] += v.F64[i]
			a.seen[g] = true
		}
	})
	return nil
}

func (a *sumFloatAcc) result(g int, out *base.Vector) {
	if !a.seen[g] {
		out.AppendNull()
		return
	}
	out.AppendFloat(a.s[g])
}
func (a *sumFloatAcc) bytes() int64 { return int64(cap(a.s)) * 9 }

// ---- min/max over integer-payload kinds ----

type minMaxIntAcc struct {
	max  bool
	v    []int64
	seen []bool
}

func (a *minMaxIntAcc) grow(n int) {
	for len(a.v) < n {
		a.v = append(a.v, 0)
		a.seen = append(a.seen, false)
	}
}

func (a *minMaxIntAcc) add(args []*base.Vector, n int, gids []int32, sel []int32) error {
	v := args[0]
	forRows(n, sel, func(i int) {
		if v.Nulls != nil && v.Nulls.Get(i) {
			return
		}
		g, x := gids[i], v.I64[i]
		if !a.seen[g] || (a.max && x > a.v[g]) || (!a.max && x < a.v[g]) {
			a.v[g], a.seen[g] = x, true
		}
	})
	return nil
}

func (a *minMaxIntAcc) result(g int, out *base.Vector) {
	if !a.seen[g] {
		out.AppendNull()
		return
	}
	out.AppendInt(a.v[g])
}
func (a *minMaxIntAcc) bytes() int64 { return int64(cap(a.v)) * 9 }

// ---- min/max over floats (NaN is the largest value, as in PostgreSQL) ----

type minMaxFloatAcc struct {
	max  bool
	v    []float64
	seen []bool
}

func (a *minMaxFloatAcc) grow(n int) {
	for len(a.v) < n {
		a.v = append(a.v, 0)
		a.seen = append(a.seen, false)
	}
}

func (a *minMaxFloatAcc) add(args []*base.Vector, n int, gids []int32, sel []int32) error {
	v := args[0]
	forRows(n, sel, func(i int) {
		if v.Nulls != nil && v.Nulls.Get(i) {
			return
		}
		g, x := gids[i], v.F64[i]
		c := cmpFloat(x, a.v[g])
		if !a.seen[g] || (a.max && c > 0) || (!a.max && c < 0) {
			a.v[g], a.seen[g] = x, true
		}
	})
	return nil
}

func (a *minMaxFloatAcc) result(g int, out *base.Vector) {
	if !a.seen[g] {
		out.AppendNull()
		return
	}
	out.AppendFloat(a.v[g])
}
func (a *minMaxFloatAcc) bytes() int64 { return int64(cap(a.v)) * 9 }

// ---- generic: one expr.AggState per group ----

// aggStateBytes is a rough per-state charge for memory accounting.
const aggStateBytes = 96

type genericAcc struct {
	f      *expr.AggFunc
	states []expr.AggState
	row    []base.Datum
	isel   []int
	extra  int64
	// retains: the state keeps its inputs, so charge their bytes.
	retains bool
}

func (a *genericAcc) grow(n int) {
	for len(a.states) < n {
		a.states = append(a.states, a.f.NewState())
	}
}

func (a *genericAcc) add(args []*base.Vector, n int, gids []int32, sel []int32) error {
	// One group (scalar aggregate): use the columnar kernel if any.
	if len(a.states) == 1 {
		if vs, ok := a.states[0].(expr.VectorAggState); ok {
			var s []int
			if sel != nil {
				s = a.isel[:0]
				for _, i := range sel {
					s = append(s, int(i))
				}
				a.isel = s
			}
			return vs.AddVector(args, s)
		}
	}
	var err error
	forRows(n, sel, func(i int) {
		if err != nil {
			return
		}
		a.row = a.row[:0]
		for _, v := range args {
			d := v.Get(i)
			if a.retains {
				a.extra += datumSize + datumExtra(&d)
			}
			a.row = append(a.row, d)
		}
		err = a.states[gids[i]].Add(a.row)
	})
	return err
}

func (a *genericAcc) result(g int, out *base.Vector) {
	d := a.states[g].Result()
	out.Append(coerce(d, out.Type))
}

// bytes charges a flat amount per state plus the argument bytes fed,
// an upper bound for states that keep their inputs (array_agg,
// string_agg, DISTINCT, ORDER BY).
func (a *genericAcc) bytes() int64 { return int64(len(a.states))*aggStateBytes + a.extra }
