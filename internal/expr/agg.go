package expr

import (
	"sort"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

var aggTable = map[string][]*AggFunc{}

func regAgg(name string, args []base.Type, ret base.Type, newState func() AggState) *AggFunc {
	a := &AggFunc{Name: name, Args: args, Ret: ret, newState: newState}
	aggTable[name] = append(aggTable[name], a)
	return a
}

// IsAggregate reports whether name is an aggregate function.
func IsAggregate(name string) bool {
	_, ok := aggTable[strings.ToLower(name)]
	return ok
}

// LookupAgg resolves an aggregate call; count(*) is name "count" with no
// args. It returns the aggregate and the types to cast arguments to.
func LookupAgg(name string, args []base.Type, distinct bool) (*AggFunc, []base.Type, error) {
	name = strings.ToLower(name)
	cands := aggTable[name]
	if len(cands) == 0 {
		return nil, nil, errNoFunc(name, args)
	}
	// Reuse scalar resolution over Func shells carrying the index.
	fns := make([]*Func, len(cands))
	for i, a := range cands {
		fns[i] = &Func{Name: a.Name, Args: a.Args, Ret: a.Ret, Variadic: false}
	}
	f, casts, err := resolve(fns, name, args, false)
	if err != nil {
		return nil, nil, err
	}
	var pick *AggFunc
	for i, sf := range fns {
		if sf == f.orig {
			pick = cands[i]
		}
	}
	if pick == nil {
		return nil, nil, errNoFunc(name, args)
	}
	c := *pick
	c.Args = f.Args
	c.Ret = f.Ret
	c.Distinct = distinct
	if pick.newStateFor != nil {
		c.newState = pick.newStateFor(f.Args, f.Ret)
	}
	return &c, casts, nil
}

// ---- DISTINCT and ORDER BY wrappers ----

func tupleKey(args []base.Datum) string {
	var b strings.Builder
	for _, a := range args {
		if a.Null {
			b.WriteString("\x00N")
			continue
		}
		b.WriteString("\x00V")
		b.WriteString(formatText(a, base.Type{Kind: a.K, Elem: base.Kind(a.I)}, nil))
	}
	return b.String()
}

// distinctKey identifies an argument tuple up to SQL equality (NULLs
// equal), as DISTINCT aggregates compare their inputs: numerics equal in
// value (1.0, 1.00), -0 and 0, intervals of equal length ('1 day',
// '24 hours') share a key, unlike their text forms.
func distinctKey(args []base.Datum) string {
	var b []byte
	for _, a := range args {
		b = appendDistinctKey(b, a)
	}
	return string(b)
}

func appendDistinctKey(b []byte, a base.Datum) []byte {
	switch {
	case a.Null:
		return append(b, 0)
	case a.K == base.KindInterval:
		// PostgreSQL compares intervals by their length in µs with a
		// month as 30 days and a day as 24 hours.
		span := (int64(a.Iv.Months)*30+int64(a.Iv.Days))*86400_000_000 + a.Iv.Micros
		return base.EncodeKey(append(b, 1), base.DInt64(span), false)
	case a.K == base.KindArray:
		b = append(b, 2)
		for _, e := range a.A {
			b = appendDistinctKey(append(b, 1), e)
		}
		return append(b, 0)
	case a.K == base.KindJSONB || a.K == base.KindText || a.K == base.KindBytea || a.K == base.KindUnknown:
		return base.EncodeKey(append(b, 3), base.DText(a.S), false)
	}
	return base.EncodeKey(append(b, 4), a, false)
}

type distinctState struct {
	inner AggState
	seen  map[string]*distinctEntry
	// ordered aggregates (array_agg, string_agg) see DISTINCT inputs in
	// sorted order in PostgreSQL, so they are rebuilt at Result time.
	ordered  bool
	newInner func() AggState
}

type distinctEntry struct {
	args []base.Datum
	n    int
}

func newDistinctFor(a *AggFunc) AggState {
	s := &distinctState{inner: a.newState(), seen: map[string]*distinctEntry{}}
	switch a.Name {
	case "array_agg", "string_agg", "jsonb_agg", "json_agg":
		// Without ORDER BY, DISTINCT inputs arrive sorted (ascending) in
		// PostgreSQL; with ORDER BY, orderedState feeds them already in
		// that order, which must be kept.
		if len(a.OrderBy) == 0 {
			s.ordered, s.newInner = true, a.newState
		}
	}
	return s
}

func (s *distinctState) Add(args []base.Datum) error {
	k := distinctKey(args)
	e := s.seen[k]
	if e == nil {
		e = &distinctEntry{args: append([]base.Datum(nil), args...)}
		s.seen[k] = e
	}
	e.n++
	if e.n == 1 && !s.ordered {
		return s.inner.Add(args)
	}
	return nil
}

func (s *distinctState) Retract(args []base.Datum) error {
	k := distinctKey(args)
	e := s.seen[k]
	if e == nil {
		return base.Errorf(base.CodeInternalError, "aggregate retraction of a value never added")
	}
	e.n--
	if e.n == 0 {
		delete(s.seen, k)
		if !s.ordered {
			// The inner state saw the first of the equal values.
			return s.inner.Retract(e.args)
		}
	}
	return nil
}

func (s *distinctState) Result() base.Datum {
	if !s.ordered {
		return s.inner.Result()
	}
	es := make([]*distinctEntry, 0, len(s.seen))
	for _, e := range s.seen {
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool {
		for k := range es[i].args {
			if c := compareSort(es[i].args[k], es[j].args[k], SortSpec{}); c != 0 {
				return c < 0
			}
		}
		return false
	})
	inner := s.newInner()
	for _, e := range es {
		_ = inner.Add(e.args)
	}
	return inner.Result()
}

// orderedState buffers (args, keys) rows and replays them sorted into a
// fresh inner state at Result time.
type orderedState struct {
	agg  *AggFunc
	nArg int
	rows [][]base.Datum
}

func newOrderedState(a *AggFunc) AggState {
	return &orderedState{agg: a, nArg: len(a.Args)}
}

func (s *orderedState) Add(args []base.Datum) error {
	s.rows = append(s.rows, append([]base.Datum(nil), args...))
	return nil
}

func (s *orderedState) Retract(args []base.Datum) error {
	k := tupleKey(args)
	for i, r := range s.rows {
		if tupleKey(r) == k {
			s.rows = append(s.rows[:i], s.rows[i+1:]...)
			return nil
		}
	}
	return base.Errorf(base.CodeInternalError, "aggregate retraction of a value never added")
}

func (s *orderedState) Result() base.Datum {
	rows := append([][]base.Datum(nil), s.rows...)
	specs := s.agg.OrderBy
	sort.SliceStable(rows, func(i, j int) bool {
		for k, sp := range specs {
			c := compareSort(rows[i][s.nArg+k], rows[j][s.nArg+k], sp)
			if c != 0 {
				return c < 0
			}
		}
		return false
	})
	var inner AggState
	if s.agg.Distinct {
		inner = newDistinctFor(s.agg)
	} else {
		inner = s.agg.newState()
	}
	for _, r := range rows {
		if err := inner.Add(r[:s.nArg]); err != nil {
			return base.NullOf(s.agg.Ret.Kind)
		}
	}
	return inner.Result()
}

// compareSort orders two values under a sort spec (NULLS FIRST/LAST).
func compareSort(a, b base.Datum, sp SortSpec) int {
	if a.Null || b.Null {
		switch {
		case a.Null && b.Null:
			return 0
		case a.Null == sp.NullsFirst:
			return -1
		}
		return 1
	}
	c := cmpDatum(a, b)
	if sp.Desc {
		c = -c
	}
	return c
}
