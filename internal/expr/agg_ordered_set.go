package expr

import (
	"math"
	"sort"

	"github.com/tributarydb/tributary/internal/base"
)

// Ordered-set aggregates: percentile_cont(fraction) WITHIN GROUP (ORDER BY
// x), percentile_disc(fraction) WITHIN GROUP (ORDER BY x) and mode()
// WITHIN GROUP (ORDER BY x). The state is fed the direct argument (the
// fraction; none for mode) followed by x, keeps the non-NULL x values and
// sorts them at Result time in the WITHIN GROUP direction.

// IsOrderedSetAgg reports whether name is an ordered-set aggregate, which
// must be called with WITHIN GROUP (ORDER BY ...).
func IsOrderedSetAgg(name string) bool {
	switch name {
	case "percentile_cont", "percentile_disc", "mode":
		return true
	}
	return false
}

// WithinGroup returns a copy of a (an ordered-set aggregate) whose state
// sorts its values in the given direction (the WITHIN GROUP ORDER BY).
func (a *AggFunc) WithinGroup(spec SortSpec) *AggFunc {
	c := *a
	name, direct, ret := a.Name, len(a.Args)-1, a.Ret.Kind
	c.newState = func() AggState { return &orderedSetState{name: name, direct: direct, spec: spec, ret: ret} }
	c.newStateFor = nil
	return &c
}

type orderedSetState struct {
	name   string
	direct int // number of direct arguments (0 or 1)
	spec   SortSpec
	ret    base.Kind

	frac     base.Datum
	haveFrac bool
	vals     []base.Datum
}

func (s *orderedSetState) Add(args []base.Datum) error {
	if s.direct > 0 && !s.haveFrac {
		f := args[0]
		if !f.Null && (f.F < 0 || f.F > 1 || math.IsNaN(f.F)) {
			return base.Errorf(base.CodeNumericValueOutOfRange, "percentile value %s is not between 0 and 1", formatText(f, base.Float64, nil))
		}
		s.frac, s.haveFrac = f, true
	}
	v := args[s.direct]
	if !v.Null {
		s.vals = append(s.vals, v)
	}
	return nil
}

func (s *orderedSetState) Retract(args []base.Datum) error {
	v := args[s.direct]
	if v.Null {
		return nil
	}
	for i, x := range s.vals {
		if compareValues(x, v) == 0 && tupleKey([]base.Datum{x}) == tupleKey([]base.Datum{v}) {
			s.vals = append(s.vals[:i], s.vals[i+1:]...)
			return nil
		}
	}
	return base.Errorf(base.CodeInternalError, "aggregate retraction of a value never added")
}

func (s *orderedSetState) Result() base.Datum {
	n := len(s.vals)
	ret := s.resultKind()
	if n == 0 || s.direct > 0 && s.frac.Null {
		return base.NullOf(ret)
	}
	vals := append([]base.Datum(nil), s.vals...)
	sort.SliceStable(vals, func(i, j int) bool { return compareSort(vals[i], vals[j], s.spec) < 0 })
	switch s.name {
	case "percentile_disc":
		// the first value whose position reaches fraction of the rows
		k := int(math.Ceil(s.frac.F * float64(n)))
		if k < 1 {
			k = 1
		}
		return vals[k-1]
	case "percentile_cont":
		pos := s.frac.F * float64(n-1)
		lo, hi := math.Floor(pos), math.Ceil(pos)
		a, b := vals[int(lo)].F, vals[int(hi)].F
		if lo == hi {
			return base.DFloat64(a)
		}
		return base.DFloat64(a + (pos-lo)*(b-a))
	}
	// mode: the most frequent value, the first in sort order on ties
	best, bestN := 0, 0
	for i := 0; i < n; {
		j := i + 1
		for j < n && compareValues(vals[j], vals[i]) == 0 {
			j++
		}
		if j-i > bestN {
			best, bestN = i, j-i
		}
		i = j
	}
	return vals[best]
}

func (s *orderedSetState) resultKind() base.Kind {
	if s.name == "percentile_cont" {
		return base.KindFloat64
	}
	return s.ret
}

func init() {
	f8 := base.Float64
	regAgg("percentile_cont", ts(f8, f8), f8, func() AggState {
		return &orderedSetState{name: "percentile_cont", direct: 1}
	})
	for _, t := range []base.Type{base.Int16, base.Int32, base.Int64, base.Float32, f8, base.Numeric, base.Text,
		base.Bool, base.Date, base.TimeT, base.Timestamp, base.TimestampTZ, base.IntervalT} {
		regAgg("percentile_disc", ts(f8, t), t, func() AggState {
			return &orderedSetState{name: "percentile_disc", direct: 1}
		})
		regAgg("mode", ts(t), t, func() AggState { return &orderedSetState{name: "mode"} })
	}
}

// bit_and / bit_or / bit_xor over integers (NULLs skipped; NULL over no
// rows). Values are kept as a multiset so that retraction is exact.
type bitAggState struct {
	op   byte // '&', '|', '^'
	kind base.Kind
	vals map[int64]int
	n    int
}

func (s *bitAggState) Add(args []base.Datum) error {
	if args[0].Null {
		return nil
	}
	if s.vals == nil {
		s.vals = map[int64]int{}
	}
	s.vals[args[0].I]++
	s.n++
	return nil
}

func (s *bitAggState) Retract(args []base.Datum) error {
	if args[0].Null {
		return nil
	}
	if s.vals[args[0].I] == 0 {
		return base.Errorf(base.CodeInternalError, "aggregate retraction of a value never added")
	}
	s.vals[args[0].I]--
	if s.vals[args[0].I] == 0 {
		delete(s.vals, args[0].I)
	}
	s.n--
	return nil
}

func (s *bitAggState) Result() base.Datum {
	if s.n == 0 {
		return base.NullOf(s.kind)
	}
	var r int64
	first := true
	for v, c := range s.vals {
		switch {
		case first:
			r, first = v, false
			if s.op == '^' && c%2 == 0 {
				r = 0
			}
			continue
		case s.op == '&':
			r &= v
		case s.op == '|':
			r |= v
		default:
			if c%2 == 1 {
				r ^= v
			}
		}
	}
	return base.Datum{K: s.kind, I: r}
}

func init() {
	for _, t := range []base.Type{base.Int16, base.Int32, base.Int64} {
		k := t.Kind
		for name, op := range map[string]byte{"bit_and": '&', "bit_or": '|', "bit_xor": '^'} {
			regAgg(name, ts(t), t, func() AggState { return &bitAggState{op: op, kind: k} })
		}
	}
}
