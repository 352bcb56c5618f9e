package expr

import (
	"sort"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

var windowTable = map[string][]*WindowFunc{}

func regWindow(name string, args []base.Type, ret base.Type, eval func(w *WindowFunc, args, orderKeys [][]base.Datum, frame Frame, out *base.Vector) error) {
	windowTable[name] = append(windowTable[name], &WindowFunc{Name: name, Args: args, Ret: ret, eval: eval})
}

// IsWindowFunc reports whether name is a window-only function (row_number,
// rank, lag, ...). Aggregates are also usable with OVER: see IsAggregate.
func IsWindowFunc(name string) bool {
	_, ok := windowTable[strings.ToLower(name)]
	return ok
}

// LookupWindow resolves a window function call, including aggregates used
// with OVER (then the result has Agg set).
func LookupWindow(name string, args []base.Type) (*WindowFunc, []base.Type, error) {
	name = strings.ToLower(name)
	if cands, ok := windowTable[name]; ok {
		fns := make([]*Func, len(cands))
		for i, w := range cands {
			fns[i] = &Func{Name: w.Name, Args: w.Args, Ret: w.Ret}
		}
		f, casts, err := resolve(fns, name, args, false)
		if err != nil {
			return nil, nil, err
		}
		for i, sf := range fns {
			if sf == f.orig {
				c := *cands[i]
				c.Args, c.Ret = f.Args, f.Ret
				return &c, casts, nil
			}
		}
		return nil, nil, errNoFunc(name, args)
	}
	a, casts, err := LookupAgg(name, args, false)
	if err != nil {
		return nil, nil, err
	}
	return &WindowFunc{Name: a.Name, Args: a.Args, Ret: a.Ret, Agg: a, eval: evalAggWindow}, casts, nil
}

// peers reports whether rows i and j of a partition are ORDER BY peers.
func peers(orderKeys [][]base.Datum, i, j int) bool {
	if len(orderKeys) == 0 {
		return true
	}
	a, b := orderKeys[i], orderKeys[j]
	for k := range a {
		if distinct(a[k], b[k]) {
			return false
		}
	}
	return true
}

// peerGroups returns, for each row, the index of its peer group and the
// start row of every group (plus a final sentinel = n).
func peerGroups(orderKeys [][]base.Datum, n int) (group []int, starts []int) {
	group = make([]int, n)
	for i := 0; i < n; i++ {
		if i == 0 || !peers(orderKeys, i-1, i) {
			starts = append(starts, i)
		}
		group[i] = len(starts) - 1
	}
	starts = append(starts, n)
	return group, starts
}

// frameBounds computes [start, end) of the frame of every row.
func frameBounds(frame Frame, orderKeys [][]base.Datum, n int) (starts, ends []int, err error) {
	group, gstart := peerGroups(orderKeys, n)
	starts, ends = make([]int, n), make([]int, n)
	ng := len(gstart) - 1
	for i := 0; i < n; i++ {
		var s, e int
		switch frame.Mode {
		case FrameRows:
			s = rowBound(frame.Start, i, n, false)
			e = rowBound(frame.End, i, n, true)
		case FrameGroups:
			g := group[i]
			s = groupBound(frame.Start, g, ng, gstart, false)
			e = groupBound(frame.End, g, ng, gstart, true)
		default: // RANGE
			if s, err = rangeBound(frame.Start, frame, orderKeys, i, n, group, gstart, false); err != nil {
				return nil, nil, err
			}
			if e, err = rangeBound(frame.End, frame, orderKeys, i, n, group, gstart, true); err != nil {
				return nil, nil, err
			}
		}
		s, e = max(s, 0), min(e, n)
		if e < s {
			e = s
		}
		starts[i], ends[i] = s, e
	}
	return starts, ends, nil
}

func rowBound(b FrameBound, i, n int, end bool) int {
	adj := 0
	if end {
		adj = 1
	}
	switch b.Kind {
	case BoundUnboundedPreceding:
		return 0
	case BoundPreceding:
		return i - int(b.Offset) + adj
	case BoundCurrentRow:
		return i + adj
	case BoundFollowing:
		return int(min(int64(i)+b.Offset, int64(n))) + adj
	}
	return n
}

func groupBound(b FrameBound, g, ng int, gstart []int, end bool) int {
	target := g
	switch b.Kind {
	case BoundUnboundedPreceding:
		return 0
	case BoundUnboundedFollowing:
		return gstart[ng]
	case BoundPreceding:
		target = g - int(b.Offset)
	case BoundFollowing:
		target = int(min(int64(g)+b.Offset, int64(ng)))
	}
	if end {
		target++
	}
	if target < 0 {
		return 0
	}
	if target > ng {
		return gstart[ng]
	}
	return gstart[target]
}

func rangeBound(b FrameBound, frame Frame, orderKeys [][]base.Datum, i, n int, group, gstart []int, end bool) (int, error) {
	switch b.Kind {
	case BoundUnboundedPreceding:
		return 0, nil
	case BoundUnboundedFollowing:
		return n, nil
	case BoundCurrentRow:
		if end {
			return gstart[group[i]+1], nil
		}
		return gstart[group[i]], nil
	}
	// offset PRECEDING/FOLLOWING: single ORDER BY key.
	if len(orderKeys) == 0 || len(orderKeys[i]) != 1 {
		return 0, base.Errorf(base.CodeWindowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column")
	}
	key := orderKeys[i][0]
	if key.Null {
		// NULL keys frame their NULL peers only.
		if end {
			return gstart[group[i]+1], nil
		}
		return gstart[group[i]], nil
	}
	sub := b.Kind == BoundPreceding
	if frame.OrderDesc {
		sub = !sub
	}
	limit, err := offsetValue(key, b.RangeOffset, sub)
	if err != nil {
		return 0, err
	}
	// Keys are sorted; NULL keys form one run at either end. Binary search
	// the non-NULL run for the first row with key >= limit (start) or
	// key > limit (end), in the frame's sort direction.
	lo, hi := 0, n
	for lo < hi && orderKeys[lo][0].Null {
		lo++
	}
	for hi > lo && orderKeys[hi-1][0].Null {
		hi--
	}
	j := lo + sort.Search(hi-lo, func(k int) bool {
		c := compareValues(orderKeys[lo+k][0], limit)
		if frame.OrderDesc {
			c = -c
		}
		if end {
			return c > 0
		}
		return c >= 0
	})
	return j, nil
}

// offsetValue computes key ± off for RANGE frames.
func offsetValue(key, off base.Datum, sub bool) (base.Datum, error) {
	if off.Null {
		return base.Datum{}, base.Errorf(base.CodeWindowingError, "frame offset must not be null")
	}
	op := "+"
	if sub {
		op = "-"
	}
	kt := datumType(key)
	ot := datumType(off)
	f, lt, rt, err := LookupBinaryOp(op, kt, ot)
	if err != nil {
		return base.Datum{}, base.Errorf(base.CodeFeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s and offset type %s", kt, ot)
	}
	a, b := key, off
	if !typeEq(lt, kt) {
		if a, err = base.Cast(a, lt, nil); err != nil {
			return a, err
		}
	}
	if !typeEq(rt, ot) {
		if b, err = base.Cast(b, rt, nil); err != nil {
			return b, err
		}
	}
	r, err := callScalar(nil, f, []base.Datum{a, b})
	if err != nil {
		return r, err
	}
	if r.K != key.K {
		return base.Cast(r, kt, nil)
	}
	return r, nil
}

// frameRows lists the rows of row i's frame after EXCLUDE.
func frameRows(frame Frame, orderKeys [][]base.Datum, i, s, e int, buf []int) []int {
	buf = buf[:0]
	for j := s; j < e; j++ {
		switch frame.Exclude {
		case ExcludeCurrentRow:
			if j == i {
				continue
			}
		case ExcludeGroup:
			if peers(orderKeys, i, j) {
				continue
			}
		case ExcludeTies:
			if j != i && peers(orderKeys, i, j) {
				continue
			}
		}
		buf = append(buf, j)
	}
	return buf
}

// exactRetract lists aggregates whose Retract is exact, so a sliding frame
// can be maintained incrementally.
func exactRetract(a *AggFunc) bool {
	if a.Distinct || len(a.OrderBy) > 0 {
		return false
	}
	switch a.Name {
	case "count", "min", "max", "bool_and", "bool_or", "every", "approx_count_distinct":
		return true
	case "sum", "avg":
		for _, t := range a.Args {
			if t.Kind == base.KindFloat32 || t.Kind == base.KindFloat64 {
				return false
			}
		}
		return true
	}
	return false
}

func evalAggWindow(w *WindowFunc, args, orderKeys [][]base.Datum, frame Frame, out *base.Vector) error {
	n := len(args)
	starts, ends, err := frameBounds(frame, orderKeys, n)
	if err != nil {
		return err
	}
	incremental := frame.Exclude == ExcludeNoOthers && (frame.Start.Kind == BoundUnboundedPreceding || exactRetract(w.Agg))
	if incremental {
		st := w.Agg.NewState()
		s, e := 0, 0
		for i := 0; i < n; i++ {
			// Frames move monotonically forward; restart if not.
			if starts[i] < s || ends[i] < e {
				st, s, e = w.Agg.NewState(), starts[i], starts[i]
			}
			for ; e < ends[i]; e++ {
				if e >= s {
					if err := st.Add(args[e]); err != nil {
						return err
					}
				}
			}
			for ; s < starts[i]; s++ {
				if s < e {
					if err := st.Retract(args[s]); err != nil {
						return err
					}
				}
			}
			if e < s {
				e = s
			}
			out.Append(st.Result())
		}
		return nil
	}
	var buf []int
	for i := 0; i < n; i++ {
		st := w.Agg.NewState()
		buf = frameRows(frame, orderKeys, i, starts[i], ends[i], buf)
		for _, j := range buf {
			if err := st.Add(args[j]); err != nil {
				return err
			}
		}
		out.Append(st.Result())
	}
	return nil
}

func init() {
	i8, f8, i4 := base.Int64, base.Float64, base.Int32
	regWindow("row_number", nil, i8, func(_ *WindowFunc, args, _ [][]base.Datum, _ Frame, out *base.Vector) error {
		for i := range args {
			out.AppendInt(int64(i + 1))
		}
		return nil
	})
	regWindow("rank", nil, i8, func(_ *WindowFunc, args, ok [][]base.Datum, _ Frame, out *base.Vector) error {
		_, gs := peerGroups(ok, len(args))
		for g := 0; g+1 < len(gs); g++ {
			for j := gs[g]; j < gs[g+1]; j++ {
				out.AppendInt(int64(gs[g] + 1))
			}
		}
		return nil
	})
	regWindow("dense_rank", nil, i8, func(_ *WindowFunc, args, ok [][]base.Datum, _ Frame, out *base.Vector) error {
		grp, _ := peerGroups(ok, len(args))
		for _, g := range grp {
			out.AppendInt(int64(g + 1))
		}
		return nil
	})
	regWindow("percent_rank", nil, f8, func(_ *WindowFunc, args, ok [][]base.Datum, _ Frame, out *base.Vector) error {
		n := len(args)
		_, gs := peerGroups(ok, n)
		for g := 0; g+1 < len(gs); g++ {
			for j := gs[g]; j < gs[g+1]; j++ {
				if n <= 1 {
					out.AppendFloat(0)
				} else {
					out.AppendFloat(float64(gs[g]) / float64(n-1))
				}
			}
		}
		return nil
	})
	regWindow("cume_dist", nil, f8, func(_ *WindowFunc, args, ok [][]base.Datum, _ Frame, out *base.Vector) error {
		n := len(args)
		_, gs := peerGroups(ok, n)
		for g := 0; g+1 < len(gs); g++ {
			for j := gs[g]; j < gs[g+1]; j++ {
				out.AppendFloat(float64(gs[g+1]) / float64(n))
			}
		}
		return nil
	})
	regWindow("ntile", ts(i4), i4, func(_ *WindowFunc, args, _ [][]base.Datum, _ Frame, out *base.Vector) error {
		n := int64(len(args))
		if n == 0 {
			return nil
		}
		b := args[0][0]
		if b.Null {
			for range args {
				out.AppendNull()
			}
			return nil
		}
		if b.I <= 0 {
			return base.Errorf("22014", "argument of ntile must be greater than zero")
		}
		buckets := b.I
		per := n / buckets
		rem := n % buckets
		bucket, inBucket := int64(1), int64(0)
		for range args {
			size := per
			if bucket <= rem {
				size++
			}
			if inBucket >= size && size > 0 {
				bucket++
				inBucket = 0
			}
			out.AppendInt(bucket)
			inBucket++
		}
		return nil
	})
	lagLead := func(lead bool) func(*WindowFunc, [][]base.Datum, [][]base.Datum, Frame, *base.Vector) error {
		return func(_ *WindowFunc, args, _ [][]base.Datum, _ Frame, out *base.Vector) error {
			n := len(args)
			for i := 0; i < n; i++ {
				off := int64(1)
				if len(args[i]) > 1 {
					if args[i][1].Null {
						out.AppendNull()
						continue
					}
					off = args[i][1].I
				}
				j := int64(i) - off
				if lead {
					j = int64(i) + off
				}
				if j < 0 || j >= int64(n) {
					if len(args[i]) > 2 {
						out.Append(args[i][2])
					} else {
						out.AppendNull()
					}
					continue
				}
				out.Append(args[j][0])
			}
			return nil
		}
	}
	for _, name := range []string{"lag", "lead"} {
		f := lagLead(name == "lead")
		regWindow(name, ts(tAnyElement), tAnyElement, f)
		regWindow(name, ts(tAnyElement, i4), tAnyElement, f)
		regWindow(name, ts(tAnyElement, i4, tAnyElement), tAnyElement, f)
	}
	valueAt := func(pick func(rows []int, args [][]base.Datum, i int) (int, bool)) func(*WindowFunc, [][]base.Datum, [][]base.Datum, Frame, *base.Vector) error {
		return func(_ *WindowFunc, args, ok [][]base.Datum, frame Frame, out *base.Vector) error {
			starts, ends, err := frameBounds(frame, ok, len(args))
			if err != nil {
				return err
			}
			var buf []int
			for i := range args {
				buf = frameRows(frame, ok, i, starts[i], ends[i], buf)
				j, found := pick(buf, args, i)
				if !found {
					out.AppendNull()
					continue
				}
				out.Append(args[j][0])
			}
			return nil
		}
	}
	regWindow("first_value", ts(tAnyElement), tAnyElement, valueAt(func(rows []int, _ [][]base.Datum, _ int) (int, bool) {
		if len(rows) == 0 {
			return 0, false
		}
		return rows[0], true
	}))
	regWindow("last_value", ts(tAnyElement), tAnyElement, valueAt(func(rows []int, _ [][]base.Datum, _ int) (int, bool) {
		if len(rows) == 0 {
			return 0, false
		}
		return rows[len(rows)-1], true
	}))
	nth := valueAt(func(rows []int, args [][]base.Datum, i int) (int, bool) {
		nd := args[i][1]
		if nd.Null || int(nd.I) > len(rows) {
			return 0, false
		}
		return rows[nd.I-1], true
	})
	regWindow("nth_value", ts(tAnyElement, i4), tAnyElement, func(w *WindowFunc, args, ok [][]base.Datum, frame Frame, out *base.Vector) error {
		for _, a := range args {
			if !a[1].Null && a[1].I <= 0 {
				return base.Errorf("22016", "argument of nth_value must be greater than zero")
			}
		}
		return nth(w, args, ok, frame, out)
	})
}
