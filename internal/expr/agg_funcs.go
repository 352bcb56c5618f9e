package expr

import (
	"math"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
)

// Aggregate states. Integer and numeric accumulators retract exactly;
// float accumulators retract by subtraction (subject to rounding, as in
// every streaming system); min/max/string_agg/array_agg keep their inputs.

var errRetractEmpty = base.Errorf(base.CodeInternalError, "aggregate retraction below zero rows")

// ---- count ----

type countState struct{ n int64 }

func (s *countState) Add(args []base.Datum) error {
	if len(args) == 0 || !args[0].Null {
		s.n++
	}
	return nil
}
func (s *countState) Retract(args []base.Datum) error {
	if len(args) == 0 || !args[0].Null {
		if s.n == 0 {
			return errRetractEmpty
		}
		s.n--
	}
	return nil
}
func (s *countState) Result() base.Datum { return base.DInt64(s.n) }
func (s *countState) Merge(o AggState) error {
	s.n += o.(*countState).n
	return nil
}

// AddVector counts the non-NULL rows (count(x)) or all rows (count(*)).
func (s *countState) AddVector(args []*base.Vector, sel []int) error {
	if len(args) == 0 || args[0].Nulls == nil {
		if sel != nil {
			s.n += int64(len(sel))
		} else if len(args) > 0 {
			s.n += int64(args[0].Len())
		}
		return nil
	}
	v := args[0]
	if sel == nil {
		for i := 0; i < v.Len(); i++ {
			if !v.IsNull(i) {
				s.n++
			}
		}
		return nil
	}
	for _, i := range sel {
		if !v.IsNull(i) {
			s.n++
		}
	}
	return nil
}

// ---- sum/avg over integers (exact: int64 with 128-bit spill to numeric) ----

type intSumState struct {
	n   int64 // non-NULL inputs
	sum apd.Decimal
	acc int64 // fast accumulator, folded into sum on overflow
	ret base.Kind
	avg bool
}

func (s *intSumState) addInt(v int64) {
	r := s.acc + v
	if (r > s.acc) != (v > 0) {
		s.fold()
		r = v
	}
	s.acc = r
}

func (s *intSumState) fold() {
	if s.acc != 0 {
		var d apd.Decimal
		d.SetInt64(s.acc)
		apd.BaseContext.WithPrecision(1000).Add(&s.sum, &s.sum, &d)
		s.acc = 0
	}
}

func (s *intSumState) Add(args []base.Datum) error {
	if args[0].Null {
		return nil
	}
	s.n++
	s.addInt(args[0].I)
	return nil
}

func (s *intSumState) Retract(args []base.Datum) error {
	if args[0].Null {
		return nil
	}
	if s.n == 0 {
		return errRetractEmpty
	}
	s.n--
	if args[0].I == math.MinInt64 {
		s.addInt(math.MaxInt64)
		s.addInt(1)
		return nil
	}
	s.addInt(-args[0].I)
	return nil
}

func (s *intSumState) AddVector(args []*base.Vector, sel []int) error {
	v := args[0]
	if sel == nil && v.Nulls == nil {
		xs := v.I64[:v.Len()]
		for _, x := range xs {
			s.addInt(x)
		}
		s.n += int64(len(xs))
		return nil
	}
	if sel == nil {
		for i := 0; i < v.Len(); i++ {
			if !v.IsNull(i) {
				s.n++
				s.addInt(v.I64[i])
			}
		}
		return nil
	}
	for _, i := range sel {
		if !v.IsNull(i) {
			s.n++
			s.addInt(v.I64[i])
		}
	}
	return nil
}

func (s *intSumState) total() *apd.Decimal {
	r := new(apd.Decimal)
	var d apd.Decimal
	d.SetInt64(s.acc)
	apd.BaseContext.WithPrecision(1000).Add(r, &s.sum, &d)
	return r
}

func (s *intSumState) Result() base.Datum {
	if s.n == 0 {
		return base.NullOf(s.ret)
	}
	t := s.total()
	if s.avg {
		q, err := numDivPG(t, apd.New(s.n, 0))
		if err != nil {
			return base.NullOf(base.KindNumeric)
		}
		return base.DNumeric(q)
	}
	if s.ret == base.KindInt64 {
		v, err := t.Int64()
		if err != nil {
			// PostgreSQL raises "bigint out of range"; Result cannot fail,
			// so the caller sees NULL. Extremely unlikely for int4 inputs.
			return base.NullOf(base.KindInt64)
		}
		return base.DInt64(v)
	}
	return base.DNumeric(t)
}

func (s *intSumState) Merge(o AggState) error {
	x := o.(*intSumState)
	s.fold()
	s.n += x.n
	apd.BaseContext.WithPrecision(1000).Add(&s.sum, &s.sum, x.total())
	return nil
}

// ---- numeric sum/avg ----

type numSumState struct {
	n    int64
	sum  *apd.Decimal
	avg  bool
	nan  int64
	pinf int64
	ninf int64
}

func (s *numSumState) Add(args []base.Datum) error     { return s.add(args, 1) }
func (s *numSumState) Retract(args []base.Datum) error { return s.add(args, -1) }

func (s *numSumState) add(args []base.Datum, sign int64) error {
	d := args[0]
	if d.Null {
		return nil
	}
	if sign < 0 && s.n == 0 {
		return errRetractEmpty
	}
	s.n += sign
	switch {
	case isNaN(d.D):
		s.nan += sign
		return nil
	case d.D.Form == apd.Infinite && d.D.Negative:
		s.ninf += sign
		return nil
	case d.D.Form == apd.Infinite:
		s.pinf += sign
		return nil
	}
	if s.sum == nil {
		s.sum = new(apd.Decimal)
	}
	c := apd.BaseContext.WithPrecision(1000)
	if sign > 0 {
		c.Add(s.sum, s.sum, d.D)
	} else {
		c.Sub(s.sum, s.sum, d.D)
	}
	// apd keeps the larger exponent's scale; PostgreSQL's display scale
	// of a sum is the max input scale, which Add preserves.
	return nil
}

func (s *numSumState) Result() base.Datum {
	if s.n == 0 {
		return base.NullOf(base.KindNumeric)
	}
	switch {
	case s.nan > 0 || s.pinf > 0 && s.ninf > 0:
		return base.DNumeric(&apd.Decimal{Form: apd.NaN})
	case s.pinf > 0:
		return base.DNumeric(&apd.Decimal{Form: apd.Infinite})
	case s.ninf > 0:
		return base.DNumeric(&apd.Decimal{Form: apd.Infinite, Negative: true})
	}
	sum := s.sum
	if sum == nil {
		sum = new(apd.Decimal)
	}
	r := new(apd.Decimal).Set(sum)
	if r.IsZero() {
		r.Negative = false
	}
	if s.avg {
		q, err := numDivPG(r, apd.New(s.n, 0))
		if err != nil {
			return base.NullOf(base.KindNumeric)
		}
		return base.DNumeric(q)
	}
	return base.DNumeric(r)
}

// ---- float sum/avg ----

type floatSumState struct {
	n   int64
	sum float64
	ret base.Kind
	avg bool
}

func (s *floatSumState) Add(args []base.Datum) error {
	if !args[0].Null {
		s.n++
		s.sum += args[0].F
	}
	return nil
}
func (s *floatSumState) Retract(args []base.Datum) error {
	if !args[0].Null {
		if s.n == 0 {
			return errRetractEmpty
		}
		s.n--
		s.sum -= args[0].F
		if s.n == 0 {
			s.sum = 0
		}
	}
	return nil
}
func (s *floatSumState) AddVector(args []*base.Vector, sel []int) error {
	v := args[0]
	if sel == nil && v.Nulls == nil {
		for _, x := range v.F64[:v.Len()] {
			s.sum += x
		}
		s.n += int64(v.Len())
		return nil
	}
	each(v, sel, func(i int) {
		if !v.IsNull(i) {
			s.n++
			s.sum += v.F64[i]
		}
	})
	return nil
}
func (s *floatSumState) Result() base.Datum {
	if s.n == 0 {
		return base.NullOf(s.ret)
	}
	if s.avg {
		return base.DFloat64(s.sum / float64(s.n))
	}
	if s.ret == base.KindFloat32 {
		return base.DFloat32(float64(float32(s.sum)))
	}
	return base.DFloat64(s.sum)
}

func each(v *base.Vector, sel []int, f func(i int)) {
	if sel == nil {
		for i := 0; i < v.Len(); i++ {
			f(i)
		}
		return
	}
	for _, i := range sel {
		f(i)
	}
}

// ---- interval sum/avg ----

type intervalSumState struct {
	n   int64
	sum base.Interval
	avg bool
}

func (s *intervalSumState) Add(args []base.Datum) error {
	if args[0].Null {
		return nil
	}
	r, err := base.IntervalAdd(s.sum, args[0].Iv)
	s.sum = r
	s.n++
	return err
}
func (s *intervalSumState) Retract(args []base.Datum) error {
	if args[0].Null {
		return nil
	}
	if s.n == 0 {
		return errRetractEmpty
	}
	r, err := base.IntervalSub(s.sum, args[0].Iv)
	s.sum = r
	s.n--
	return err
}
func (s *intervalSumState) Result() base.Datum {
	if s.n == 0 {
		return base.NullOf(base.KindInterval)
	}
	if s.avg {
		r, err := base.IntervalDivFloat(s.sum, float64(s.n))
		if err != nil {
			return base.NullOf(base.KindInterval)
		}
		return base.DInterval(r)
	}
	return base.DInterval(s.sum)
}

// ---- min / max (multiset so that retraction is exact) ----

type minMaxState struct {
	max    bool
	kind   base.Kind
	counts map[string]*mmEntry
	best   *mmEntry // cached extreme; nil when unknown
	n      int64
	// fast path for int64/float64 vectors without retraction
}

type mmEntry struct {
	d base.Datum
	n int64
}

func (s *minMaxState) Add(args []base.Datum) error {
	d := args[0]
	if d.Null {
		return nil
	}
	k := tupleKey(args[:1])
	e := s.counts[k]
	if e == nil {
		e = &mmEntry{d: d}
		s.counts[k] = e
	}
	e.n++
	s.n++
	// Like numeric_smaller/larger, a later value equal to the current
	// extreme replaces it (visible for 1.5 vs 1.50).
	if s.best != nil && !s.better(s.best.d, d) {
		s.best = e
	} else if s.best == nil && s.n == 1 {
		s.best = e
	}
	return nil
}

func (s *minMaxState) better(a, b base.Datum) bool {
	c := compareValues(a, b)
	if s.max {
		return c > 0
	}
	return c < 0
}

func (s *minMaxState) Retract(args []base.Datum) error {
	d := args[0]
	if d.Null {
		return nil
	}
	k := tupleKey(args[:1])
	e := s.counts[k]
	if e == nil {
		return base.Errorf(base.CodeInternalError, "aggregate retraction of a value never added")
	}
	e.n--
	s.n--
	if e.n == 0 {
		delete(s.counts, k)
		if s.best == e {
			s.best = nil
		}
	}
	return nil
}

func (s *minMaxState) AddVector(args []*base.Vector, sel []int) error {
	v := args[0]
	var buf [1]base.Datum
	var err error
	each(v, sel, func(i int) {
		if err == nil && !v.IsNull(i) {
			buf[0] = v.Get(i)
			err = s.Add(buf[:])
		}
	})
	return err
}

func (s *minMaxState) Result() base.Datum {
	if s.n == 0 {
		return base.NullOf(s.kind)
	}
	if s.best == nil {
		for _, e := range s.counts {
			if s.best == nil || s.better(e.d, s.best.d) {
				s.best = e
			}
		}
	}
	return s.best.d
}

// ---- bool_and / bool_or ----

type boolAggState struct {
	and           bool
	trues, false_ int64
}

func (s *boolAggState) Add(args []base.Datum) error {
	if !args[0].Null {
		if args[0].I != 0 {
			s.trues++
		} else {
			s.false_++
		}
	}
	return nil
}
func (s *boolAggState) Retract(args []base.Datum) error {
	if !args[0].Null {
		if args[0].I != 0 {
			s.trues--
		} else {
			s.false_--
		}
	}
	return nil
}
func (s *boolAggState) Result() base.Datum {
	if s.trues+s.false_ == 0 {
		return base.NullOf(base.KindBool)
	}
	if s.and {
		return base.DBool(s.false_ == 0)
	}
	return base.DBool(s.trues > 0)
}

// ---- string_agg / array_agg (ordered lists) ----

type listAggState struct {
	kind  byte // 's' string_agg, 'a' array_agg
	elem  base.Kind
	items [][2]base.Datum
	ret   base.Kind
}

func (s *listAggState) Add(args []base.Datum) error {
	var it [2]base.Datum
	it[0] = args[0]
	if len(args) > 1 {
		it[1] = args[1]
	}
	if s.kind == 's' && it[0].Null {
		return nil
	}
	s.items = append(s.items, it)
	return nil
}

func (s *listAggState) Retract(args []base.Datum) error {
	if s.kind == 's' && args[0].Null {
		return nil
	}
	// Remove the latest equal entry (the most recent Add of that value).
	for i := len(s.items) - 1; i >= 0; i-- {
		it := s.items[i]
		if !distinct(it[0], args[0]) && (len(args) < 2 || !distinct(it[1], args[1])) {
			s.items = append(s.items[:i], s.items[i+1:]...)
			return nil
		}
	}
	return base.Errorf(base.CodeInternalError, "aggregate retraction of a value never added")
}

func (s *listAggState) Result() base.Datum {
	if len(s.items) == 0 {
		return base.NullOf(s.ret)
	}
	switch s.kind {
	case 'j', 'o':
		v := &base.JSONValue{Kind: base.JSONArray, Arr: []base.JSONValue{}}
		if s.kind == 'o' {
			v = &base.JSONValue{Kind: base.JSONObject}
		}
		for _, it := range s.items {
			if s.kind == 'o' {
				if it[0].Null {
					continue // PostgreSQL raises 22023; Result cannot fail
				}
				val, err := toJSON(nil, it[1])
				if err != nil {
					return base.NullOf(base.KindJSONB)
				}
				k, _ := castText(nil, it[0])
				v.Keys = append(v.Keys, k)
				v.Vals = append(v.Vals, *val)
				continue
			}
			e, err := toJSON(nil, it[0])
			if err != nil {
				return base.NullOf(base.KindJSONB)
			}
			v.Arr = append(v.Arr, *e)
		}
		d, err := canonical(v)
		if err != nil {
			return base.NullOf(base.KindJSONB)
		}
		return d
	}
	if s.kind == 'a' {
		out := make([]base.Datum, len(s.items))
		for i, it := range s.items {
			out[i] = it[0]
		}
		return base.DArray(s.elem, out)
	}
	var b []byte
	for i, it := range s.items {
		if i > 0 && !it[1].Null {
			b = append(b, it[1].S...)
		}
		b = append(b, it[0].S...)
	}
	return base.Datum{K: s.ret, S: string(b)}
}

// ---- variance / stddev ----

type varKind uint8

const (
	varSamp varKind = iota
	varPop
	stddevSamp
	stddevPop
)

// numVarState accumulates N, Σx, Σx² exactly (int and numeric inputs).
type numVarState struct {
	kind      varKind
	n         int64
	sx, sx2   apd.Decimal
	nan, inf  int64
	sumxScale int32
}

func (s *numVarState) add(d base.Datum, sign int64) error {
	if d.Null {
		return nil
	}
	var x *apd.Decimal
	switch d.K {
	case base.KindNumeric:
		x = d.D
		if isNaN(x) {
			s.nan += sign
			s.n += sign
			return nil
		}
		if x.Form == apd.Infinite {
			s.inf += sign
			s.n += sign
			return nil
		}
	default:
		x = apd.New(d.I, 0)
	}
	c := apd.BaseContext.WithPrecision(2100)
	var x2 apd.Decimal
	c.Mul(&x2, x, x)
	if sign > 0 {
		c.Add(&s.sx, &s.sx, x)
		c.Add(&s.sx2, &s.sx2, &x2)
	} else {
		c.Sub(&s.sx, &s.sx, x)
		c.Sub(&s.sx2, &s.sx2, &x2)
	}
	if sc := numScale(x); sc > s.sumxScale {
		s.sumxScale = sc
	}
	s.n += sign
	return nil
}

func (s *numVarState) Add(args []base.Datum) error     { return s.add(args[0], 1) }
func (s *numVarState) Retract(args []base.Datum) error { return s.add(args[0], -1) }

func (s *numVarState) Result() base.Datum {
	sample := s.kind == varSamp || s.kind == stddevSamp
	comp := int64(0)
	if sample {
		comp = 1
	}
	if s.n <= comp {
		return base.NullOf(base.KindNumeric)
	}
	if s.nan > 0 || s.inf > 0 {
		return base.DNumeric(&apd.Decimal{Form: apd.NaN})
	}
	c := apd.BaseContext.WithPrecision(2100)
	// PostgreSQL computes with rscale = 2·dscale(Σx) for the products.
	var sx2, num, nn apd.Decimal
	c.Mul(&sx2, &s.sx, &s.sx)
	var nsx2 apd.Decimal
	c.Mul(&nsx2, apd.New(s.n, 0), &s.sx2)
	c.Sub(&num, &nsx2, &sx2)
	if num.Sign() <= 0 {
		return base.DNumeric(apd.New(0, 0))
	}
	if sample {
		nn.SetInt64(s.n * (s.n - 1))
	} else {
		nn.SetInt64(s.n * s.n)
	}
	// Give num its PostgreSQL display scale (2·scale of Σx).
	num2 := new(apd.Decimal)
	c.Quantize(num2, &num, -2*s.sumxScale)
	rscale := selectDivScale(num2, &nn)
	q := new(apd.Decimal)
	cc := apd.BaseContext.WithPrecision(uint32(int64(rscale) + max(decWeight(num2), 0) + 20))
	cc.Quo(q, num2, &nn)
	if s.kind == varSamp || s.kind == varPop {
		r, _ := roundTo(q, rscale)
		return base.DNumeric(r)
	}
	// sqrt_var of the division result computed at rscale.
	qr, _ := roundTo(q, rscale)
	r := new(apd.Decimal)
	cc.Sqrt(r, qr)
	r, _ = roundTo(r, rscale)
	return base.DNumeric(r)
}

// floatVarState is PostgreSQL's Youngs-Cramer float8 accumulator.
type floatVarState struct {
	kind    varKind
	n       float64
	sx, sxx float64
	vals    []float64 // kept for exact retraction (recomputed on demand)
	dirty   bool
}

func (s *floatVarState) Add(args []base.Datum) error {
	if args[0].Null {
		return nil
	}
	x := args[0].F
	s.vals = append(s.vals, x)
	if !s.dirty {
		s.accum(x)
	}
	return nil
}

func (s *floatVarState) accum(x float64) {
	s.n++
	s.sx += x
	if s.n > 1 {
		tmp := x*s.n - s.sx
		s.sxx += tmp * tmp / (s.n * (s.n - 1))
	} else {
		s.sxx = 0
		if math.IsNaN(x) || math.IsInf(x, 0) {
			s.sxx = math.NaN()
		}
	}
}

func (s *floatVarState) Retract(args []base.Datum) error {
	if args[0].Null {
		return nil
	}
	for i := len(s.vals) - 1; i >= 0; i-- {
		if s.vals[i] == args[0].F || math.IsNaN(s.vals[i]) && math.IsNaN(args[0].F) {
			s.vals = append(s.vals[:i], s.vals[i+1:]...)
			s.dirty = true
			return nil
		}
	}
	return base.Errorf(base.CodeInternalError, "aggregate retraction of a value never added")
}

func (s *floatVarState) Result() base.Datum {
	if s.dirty {
		s.n, s.sx, s.sxx = 0, 0, 0
		for _, x := range s.vals {
			s.accum(x)
		}
		s.dirty = false
	}
	sample := s.kind == varSamp || s.kind == stddevSamp
	if s.n == 0 || sample && s.n == 1 {
		return base.NullOf(base.KindFloat64)
	}
	d := s.n
	if sample {
		d = s.n - 1
	}
	v := s.sxx / d
	if s.kind == stddevSamp || s.kind == stddevPop {
		v = math.Sqrt(v)
	}
	return base.DFloat64(v)
}

// ---- approx_count_distinct (exact) ----

type distinctCountState struct{ seen map[string]int64 }

func (s *distinctCountState) Add(args []base.Datum) error {
	if !args[0].Null {
		s.seen[distinctKey(args[:1])]++
	}
	return nil
}
func (s *distinctCountState) Retract(args []base.Datum) error {
	if !args[0].Null {
		k := distinctKey(args[:1])
		if s.seen[k]--; s.seen[k] <= 0 {
			delete(s.seen, k)
		}
	}
	return nil
}
func (s *distinctCountState) Result() base.Datum { return base.DInt64(int64(len(s.seen))) }

// ---- numeric division with PostgreSQL's select_div_scale ----

// nbaseFirstDigit returns PostgreSQL's weight and first base-10000 digit.
func nbaseFirst(d *apd.Decimal) (int64, int64) {
	if d.IsZero() || d.Form != apd.Finite {
		return 0, 0
	}
	w := nbaseWeight(d)
	// first digit = floor(|d| / 10000^w) as integer in [1, 9999].
	dw := decWeight(d)
	// digits of the coefficient from the most significant one.
	s := d.Coeff.String()
	lead := int(dw-4*w) + 1 // number of decimal digits in the first nbase digit
	v := int64(0)
	for i := 0; i < lead; i++ {
		v *= 10
		if i < len(s) {
			v += int64(s[i] - '0')
		}
	}
	return w, v
}

func selectDivScale(a, b *apd.Decimal) int32 {
	w1, f1 := nbaseFirst(a)
	w2, f2 := nbaseFirst(b)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := numericMinSigDigits - qweight*4
	rscale = max(rscale, int64(numScale(a)), int64(numScale(b)))
	return clampScale(rscale)
}

// numDivPG divides with PostgreSQL's result scale, rounding half away
// from zero (numeric_div).
func numDivPG(a, b *apd.Decimal) (*apd.Decimal, error) {
	if b.IsZero() {
		return nil, base.Errorf(base.CodeDivisionByZero, "division by zero")
	}
	sc := selectDivScale(a, b)
	q := new(apd.Decimal)
	c := apd.BaseContext.WithPrecision(uint32(int64(sc) + max(decWeight(a)-decWeight(b), 0) + 20))
	if _, err := c.Quo(q, a, b); err != nil {
		return nil, asNumErr(err)
	}
	return roundTo(q, sc)
}

func init() {
	i8, n, f8 := base.Int64, base.Numeric, base.Float64
	regAgg("count", nil, i8, func() AggState { return &countState{} }).Star = true
	regAgg("count", ts(tAny), i8, func() AggState { return &countState{} })
	for _, t := range []base.Type{base.Int16, base.Int32} {
		regAgg("sum", ts(t), i8, func() AggState { return &intSumState{ret: base.KindInt64} })
		regAgg("avg", ts(t), n, func() AggState { return &intSumState{ret: base.KindNumeric, avg: true} })
	}
	regAgg("sum", ts(i8), n, func() AggState { return &intSumState{ret: base.KindNumeric} })
	regAgg("avg", ts(i8), n, func() AggState { return &intSumState{ret: base.KindNumeric, avg: true} })
	regAgg("sum", ts(n), n, func() AggState { return &numSumState{} })
	regAgg("avg", ts(n), n, func() AggState { return &numSumState{avg: true} })
	regAgg("sum", ts(base.Float32), base.Float32, func() AggState { return &floatSumState{ret: base.KindFloat32} })
	regAgg("sum", ts(f8), f8, func() AggState { return &floatSumState{ret: base.KindFloat64} })
	regAgg("avg", ts(base.Float32), f8, func() AggState { return &floatSumState{ret: base.KindFloat64, avg: true} })
	regAgg("avg", ts(f8), f8, func() AggState { return &floatSumState{ret: base.KindFloat64, avg: true} })
	regAgg("sum", ts(base.IntervalT), base.IntervalT, func() AggState { return &intervalSumState{} })
	regAgg("avg", ts(base.IntervalT), base.IntervalT, func() AggState { return &intervalSumState{avg: true} })
	// min/max exist in PostgreSQL for these types (not bool, jsonb, bytea).
	for _, name := range []string{"min", "max"} {
		isMax := name == "max"
		for _, t := range []base.Type{base.Int16, base.Int32, base.Int64, base.Oid, base.Float32, f8, n, base.Text,
			base.Date, base.TimeT, base.Timestamp, base.TimestampTZ, base.IntervalT, tAnyArray} {
			a := regAgg(name, ts(t), t, nil)
			a.newStateFor = func(args []base.Type, ret base.Type) func() AggState {
				return func() AggState { return &minMaxState{max: isMax, kind: ret.Kind, counts: map[string]*mmEntry{}} }
			}
		}
	}
	ja := regAgg("jsonb_agg", ts(tAny), base.JSONB, func() AggState { return &listAggState{kind: 'j', ret: base.KindJSONB} })
	_ = ja
	regAgg("json_agg", ts(tAny), base.JSONB, func() AggState { return &listAggState{kind: 'j', ret: base.KindJSONB} })
	for _, name := range []string{"jsonb_object_agg", "json_object_agg"} {
		regAgg(name, ts(tAny, tAny), base.JSONB, func() AggState { return &listAggState{kind: 'o', ret: base.KindJSONB} })
	}
	regAgg("bool_and", ts(base.Bool), base.Bool, func() AggState { return &boolAggState{and: true} })
	regAgg("every", ts(base.Bool), base.Bool, func() AggState { return &boolAggState{and: true} })
	regAgg("bool_or", ts(base.Bool), base.Bool, func() AggState { return &boolAggState{} })
	regAgg("string_agg", ts(base.Text, base.Text), base.Text, func() AggState { return &listAggState{kind: 's', ret: base.KindText} })
	regAgg("string_agg", ts(base.Bytea, base.Bytea), base.Bytea, func() AggState { return &listAggState{kind: 's', ret: base.KindBytea} })
	aa := regAgg("array_agg", ts(tAnyElement), tAnyArray, nil)
	aa.newStateFor = func(args []base.Type, ret base.Type) func() AggState {
		return func() AggState {
			return &listAggState{kind: 'a', elem: args[0].Kind, ret: base.KindArray}
		}
	}
	vars := map[string]varKind{"variance": varSamp, "var_samp": varSamp, "var_pop": varPop, "stddev": stddevSamp, "stddev_samp": stddevSamp, "stddev_pop": stddevPop}
	for name, k := range vars {
		k := k
		for _, t := range []base.Type{base.Int16, base.Int32, base.Int64, n} {
			regAgg(name, ts(t), n, func() AggState { return &numVarState{kind: k} })
		}
		for _, t := range []base.Type{base.Float32, f8} {
			regAgg(name, ts(t), f8, func() AggState { return &floatVarState{kind: k} })
		}
	}
	regAgg("approx_count_distinct", ts(tAny), i8, func() AggState { return &distinctCountState{seen: map[string]int64{}} })
}

func (s *numSumState) Merge(o AggState) error {
	x := o.(*numSumState)
	s.n += x.n
	s.nan += x.nan
	s.pinf += x.pinf
	s.ninf += x.ninf
	if x.sum != nil {
		if s.sum == nil {
			s.sum = new(apd.Decimal)
		}
		apd.BaseContext.WithPrecision(1000).Add(s.sum, s.sum, x.sum)
	}
	return nil
}

func (s *floatSumState) Merge(o AggState) error {
	x := o.(*floatSumState)
	s.n += x.n
	s.sum += x.sum
	return nil
}

func (s *boolAggState) Merge(o AggState) error {
	x := o.(*boolAggState)
	s.trues += x.trues
	s.false_ += x.false_
	return nil
}

func (s *minMaxState) Merge(o AggState) error {
	x := o.(*minMaxState)
	for k, e := range x.counts {
		if m := s.counts[k]; m != nil {
			m.n += e.n
		} else {
			s.counts[k] = &mmEntry{d: e.d, n: e.n}
		}
		s.n += e.n
	}
	s.best = nil
	return nil
}

func (s *intervalSumState) Merge(o AggState) error {
	x := o.(*intervalSumState)
	r, err := base.IntervalAdd(s.sum, x.sum)
	s.sum = r
	s.n += x.n
	return err
}
