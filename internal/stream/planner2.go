package stream

import (
	"fmt"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// ---------------------------------------------------------------------------
// Aggregation

func (p *planner) aggregate(x *plan.Aggregate) (*snode, error) {
	if err := checkStreamExprs(x.GroupBy...); err != nil {
		return nil, err
	}
	for _, a := range x.Aggs {
		if err := checkStreamExprs(a.Args...); err != nil {
			return nil, err
		}
		if a.Filter != nil {
			if err := checkStreamExpr(a.Filter); err != nil {
				return nil, err
			}
		}
		for _, k := range a.OrderBy {
			if err := checkStreamExpr(k.Expr); err != nil {
				return nil, err
			}
		}
		if usesNow(a.Filter) || anyUsesNow(a.Args) {
			return nil, unsupported("now() inside an aggregate")
		}
	}
	if anyUsesNow(x.GroupBy) {
		return nil, unsupported("now() in GROUP BY")
	}
	in, err := p.node(x.Input)
	if err != nil {
		return nil, err
	}
	specs, nTables := planAggs(x.Aggs, in.appendOnly)
	n := &snode{inputs: []*snode{in}, cols: x.Cols, nvis: len(x.Cols), nTables: 1 + nTables}
	as := make([]string, len(x.Aggs))
	for i, a := range x.Aggs {
		as[i] = a.String()
	}
	cfg := aggConfig{groupBy: x.GroupBy, specs: specs, outTypes: n.types(), simple: len(x.GroupBy) == 0}
	if cfg.simple {
		n.op, n.par = "StreamSimpleAgg", parSingle
		n.detail = "aggs=[" + strings.Join(as, ", ") + "]"
	} else {
		n.op, n.par = "StreamHashAgg", parHash
		n.hashKeys = [][]expr.Expr{x.GroupBy}
		n.key = seq(len(x.GroupBy))
		n.detail = "group=[" + exprList(x.GroupBy) + "] aggs=[" + strings.Join(as, ", ") + "]"
	}
	n.build = func(bc *buildCtx) (operator, error) { return newAggOp(bc, cfg.clone()), nil }
	return n, nil
}

// ---------------------------------------------------------------------------
// Join

func (p *planner) join(x *plan.Join) (*snode, error) {
	if err := checkStreamExprs(x.LeftKeys...); err != nil {
		return nil, err
	}
	if err := checkStreamExprs(x.RightKeys...); err != nil {
		return nil, err
	}
	if x.Residual != nil {
		if err := checkStreamExpr(x.Residual); err != nil {
			return nil, err
		}
		if usesNow(x.Residual) {
			return nil, unsupported("now() in a join condition")
		}
	}
	if sc, ok := x.Left.(*plan.Scan); ok && sc.AsOfProcTime {
		return nil, base.NotSupported("temporal join requires the FOR SYSTEM_TIME AS OF PROCTIME() table on the right side of an inner or left outer join")
	}
	if sc, ok := x.Right.(*plan.Scan); ok && sc.AsOfProcTime {
		return p.temporalJoin(x)
	}
	l, err := p.node(x.Left)
	if err != nil {
		return nil, err
	}
	r, err := p.node(x.Right)
	if err != nil {
		return nil, err
	}
	kind := x.Kind
	if kind == plan.JoinCross {
		kind = plan.JoinInner
	}
	// Join keys become part of the output's stream key (below), so they
	// must be columns: computed keys are added as hidden columns first.
	l, lk := withKeyCols(l, x.LeftKeys)
	r, rk := withKeyCols(r, x.RightKeys)
	cfg := joinConfig{
		kind: kind, leftKeys: lk, rightKeys: rk, nullEqual: x.NullEqual, residual: x.Residual,
		lTypes: l.types(), rTypes: r.types(), lvis: l.nvis, rvis: r.nvis, lKey: l.key, rKey: r.key,
	}
	n := &snode{op: "StreamHashJoin", inputs: []*snode{l, r}, nTables: 2}
	lw := len(l.cols)
	if kind == plan.JoinSemi || kind == plan.JoinAnti {
		n.cols, n.nvis, n.key = l.cols, l.nvis, l.key
		cfg.lMap = seq(lw)
	} else {
		joinLayout(n, &cfg, l, r)
		for _, k := range l.key {
			n.key = appendUnique(n.key, cfg.lMap[k])
		}
		for _, k := range r.key {
			n.key = appendUnique(n.key, cfg.rMap[k])
		}
	}
	// A row whose join key changes moves between actors: its old and new
	// versions must not share a stream key, or their changes could reach
	// the next operator out of order. Hence the join keys in the key.
	for _, e := range lk {
		n.key = appendUnique(n.key, cfg.lMap[e.(*expr.ColRef).Idx])
	}
	if cfg.rMap != nil {
		for _, e := range rk {
			n.key = appendUnique(n.key, cfg.rMap[e.(*expr.ColRef).Idx])
		}
	}
	cfg.outTypes = n.types()
	n.appendOnly = kind == plan.JoinInner && l.appendOnly && r.appendOnly
	if len(x.LeftKeys) > 0 {
		n.par = parHash
		n.hashKeys = [][]expr.Expr{lk, rk}
	} else {
		n.par = parSingle
	}
	d := kind.String()
	if len(lk) > 0 {
		parts := make([]string, len(x.LeftKeys))
		for i := range x.LeftKeys {
			parts[i] = x.LeftKeys[i].String() + " = " + x.RightKeys[i].String()
		}
		d += " keys [" + strings.Join(parts, ", ") + "]"
	}
	if x.Residual != nil {
		d += " residual " + x.Residual.String()
	}
	n.detail = d
	n.build = func(bc *buildCtx) (operator, error) { return newJoinOp(bc, cfg.clone()), nil }
	return n, nil
}

// temporalJoin plans a join whose right side is a table read FOR
// SYSTEM_TIME AS OF PROCTIME(): left changes look up the right side's
// current state; right changes never update emitted rows (RisingWave's
// process-time temporal join). The output's stream key is the left side's
// (plus the left join key, which decides the actor of a row): the right
// side contributes at most one row per left row, since the join must
// equate the right table's whole primary key.
func (p *planner) temporalJoin(x *plan.Join) (*snode, error) {
	kind := x.Kind
	if kind != plan.JoinInner && kind != plan.JoinLeft {
		return nil, base.NotSupported("temporal join (FOR SYSTEM_TIME AS OF PROCTIME()) of kind %s is not supported: only inner and left outer joins are", kind)
	}
	l, err := p.node(x.Left)
	if err != nil {
		return nil, err
	}
	r, err := p.node(x.Right)
	if err != nil {
		return nil, err
	}
	// Every column of the right side's key must be equated by the join
	// key (r.key is empty or a generated row id when the relation has no
	// primary key: that never qualifies).
	covered := len(r.key) > 0
	for _, k := range r.key {
		if k >= len(r.relCols) || r.relCols[k] < 0 {
			covered = false
			break
		}
		found := false
		for _, e := range x.RightKeys {
			if c, ok := e.(*expr.ColRef); ok && c.Idx == k {
				found = true
				break
			}
		}
		if !found {
			covered = false
			break
		}
	}
	if !covered {
		return nil, base.NotSupported("temporal join requires an equality on the primary key of the lookup table")
	}
	l, lk := withKeyCols(l, x.LeftKeys)
	r, rk := withKeyCols(r, x.RightKeys)
	cfg := joinConfig{
		kind: kind, leftKeys: lk, rightKeys: rk, nullEqual: x.NullEqual, residual: x.Residual,
		lTypes: l.types(), rTypes: r.types(), lvis: l.nvis, rvis: r.nvis, lKey: l.key, rKey: r.key,
	}
	n := &snode{op: "StreamTemporalJoin", inputs: []*snode{l, r}, nTables: 2}
	joinLayout(n, &cfg, l, r)
	for _, k := range l.key {
		n.key = appendUnique(n.key, cfg.lMap[k])
	}
	// A left row whose join key changes moves between actors: its old and
	// new versions must not share a stream key (see join).
	for _, e := range lk {
		n.key = appendUnique(n.key, cfg.lMap[e.(*expr.ColRef).Idx])
	}
	cfg.outTypes = n.types()
	// Right changes never reach the output: an append-only left side
	// yields an append-only join.
	n.appendOnly = l.appendOnly
	n.par = parHash
	n.hashKeys = [][]expr.Expr{lk, rk}
	parts := make([]string, len(x.LeftKeys))
	for i := range x.LeftKeys {
		parts[i] = x.LeftKeys[i].String() + " = " + x.RightKeys[i].String()
	}
	d := kind.String() + " keys [" + strings.Join(parts, ", ") + "]"
	if x.Residual != nil {
		d += " residual " + x.Residual.String()
	}
	n.detail = d
	n.build = func(bc *buildCtx) (operator, error) { return newTemporalJoinOp(bc, cfg.clone()), nil }
	return n, nil
}

// ---------------------------------------------------------------------------
// Top-N, DISTINCT, set operations

func constInt(e expr.Expr, what string) (int64, error) {
	if e == nil {
		return -1, nil
	}
	hasCol := false
	walkExpr(e, func(x expr.Expr) {
		switch x.(type) {
		case *expr.ColRef, *expr.Param, *expr.Subquery, *expr.OuterRef:
			hasCol = true
		}
	})
	if hasCol {
		return 0, base.NotSupported("%s must be a constant in a materialized view", what)
	}
	d, err := e.EvalRow(newEvalCtx(), nil)
	if err != nil {
		return 0, err
	}
	if d.Null {
		return -1, nil
	}
	v := d.I
	switch d.K {
	case base.KindFloat32, base.KindFloat64:
		v = int64(d.F)
	case base.KindNumeric:
		v, _ = d.D.Int64()
	}
	if v < 0 {
		code := "2201W"
		if what == "OFFSET" {
			code = "2201X"
		}
		return 0, base.Errorf(code, "%s must not be negative", what)
	}
	return v, nil
}

func (p *planner) limit(x *plan.Limit) (*snode, error) {
	limit, err := constInt(x.Count, "LIMIT")
	if err != nil {
		return nil, err
	}
	offset, err := constInt(x.Offset, "OFFSET")
	if err != nil {
		return nil, err
	}
	if offset < 0 {
		offset = 0
	}
	input := x.Input
	var keys []plan.SortKey
	if s, ok := input.(*plan.Sort); ok {
		keys, input = s.Keys, s.Input
	}
	in, err := p.node(input)
	if err != nil {
		return nil, err
	}
	cfg := topNConfig{order: keys, limit: limit, offset: offset, inTypes: in.types(), key: in.key, nvis: in.nvis}
	n := newTopNNode(in, cfg, "StreamTopN")
	return n, nil
}

func newTopNNode(in *snode, cfg topNConfig, op string) *snode {
	n := &snode{op: op, inputs: []*snode{in}, nTables: 2}
	if len(cfg.partition) > 0 {
		n.par = parHash
		n.hashKeys = [][]expr.Expr{cfg.partition}
	} else {
		n.par = parSingle
	}
	if cfg.rank {
		n.cols = append(append(append([]plan.Column(nil), in.cols[:in.nvis]...), plan.Column{Name: cfg.rankName, Type: base.Int64}), in.cols[in.nvis:]...)
		n.nvis = in.nvis + 1
		for _, k := range in.key {
			if k >= in.nvis {
				k++
			}
			n.key = append(n.key, k)
		}
	} else {
		n.cols, n.nvis, n.key = in.cols, in.nvis, append([]int(nil), in.key...)
	}
	// A row moving to another partition moves to another actor: keep its
	// versions apart by putting the partition in the key (see join).
	for _, e := range cfg.partition {
		k := e.(*expr.ColRef).Idx
		if cfg.rank && k >= in.nvis {
			k++
		}
		n.key = appendUnique(n.key, k)
	}
	cfg.outTypes = n.types()
	var parts []string
	if len(cfg.partition) > 0 {
		parts = append(parts, "partition=["+exprList(cfg.partition)+"]")
	}
	if len(cfg.order) > 0 {
		ks := make([]string, len(cfg.order))
		for i, k := range cfg.order {
			ks[i] = k.String()
		}
		parts = append(parts, "order=["+strings.Join(ks, ", ")+"]")
	}
	if cfg.limit >= 0 {
		parts = append(parts, fmt.Sprintf("limit=%d", cfg.limit))
	}
	if cfg.offset > 0 {
		parts = append(parts, fmt.Sprintf("offset=%d", cfg.offset))
	}
	n.detail = strings.Join(parts, " ")
	n.build = func(bc *buildCtx) (operator, error) { return newTopNOp(bc, cfg.clone()), nil }
	return n
}

// groupTopN recognizes Filter(rn <= N) over (column-only Projects over)
// Window(row_number() OVER (PARTITION BY ... ORDER BY ...)).
func (p *planner) groupTopNPattern(x *plan.Filter) (*plan.Window, int, []expr.Expr, bool) {
	// Map the filter's column positions down to the Window's output.
	var node plan.Node = x.Input
	mapping := func(i int) int { return i }
	for {
		if pr, ok := node.(*plan.Project); ok {
			prev := mapping
			exprs := pr.Exprs
			mapping = func(i int) int {
				i = prev(i)
				if i < 0 || i >= len(exprs) {
					return -1
				}
				c, ok := exprs[i].(*expr.ColRef)
				if !ok {
					return -1
				}
				return c.Idx
			}
			node = pr.Input
			continue
		}
		break
	}
	w, ok := node.(*plan.Window)
	if !ok || len(w.Funcs) != 1 || w.Funcs[0].Func.Name != "row_number" {
		return nil, 0, nil, false
	}
	rankCol := len(w.Input.Columns())
	var rest []expr.Expr
	limit := int64(-1)
	for _, c := range conjuncts(x.Cond) {
		call, ok := c.(*expr.Call)
		if ok && len(call.Args) == 2 {
			l, r := call.Args[0], call.Args[1]
			op := call.Fn.Name
			if _, isCol := stripCast(r).(*expr.ColRef); isCol {
				l, r = r, l
				op = map[string]string{"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}[op]
			}
			if lc, isCol := stripCast(l).(*expr.ColRef); isCol && mapping(lc.Idx) == rankCol {
				v, err := constInt(r, "row_number bound")
				if err == nil && v >= 0 {
					switch op {
					case "<=":
						limit = minLimit(limit, v)
						continue
					case "<":
						limit = minLimit(limit, v-1)
						continue
					case "=":
						if v == 1 {
							limit = minLimit(limit, 1)
							continue
						}
					}
				}
			}
		}
		rest = append(rest, c)
	}
	if limit < 0 {
		return nil, 0, nil, false
	}
	return w, int(limit), rest, true
}

func minLimit(a, b int64) int64 {
	if b < 0 {
		b = 0
	}
	if a < 0 || b < a {
		return b
	}
	return a
}

func stripCast(e expr.Expr) expr.Expr {
	for {
		c, ok := e.(*expr.Cast)
		if !ok {
			return e
		}
		e = c.Arg
	}
}

func (p *planner) window(w *plan.Window, limit int64) (*snode, error) {
	if len(w.Funcs) != 1 || w.Funcs[0].Func.Name != "row_number" {
		return nil, unsupported("window function (other than row_number() ... <= N top-N)")
	}
	f := w.Funcs[0]
	if err := checkStreamExprs(f.PartitionBy...); err != nil {
		return nil, err
	}
	in, err := p.node(w.Input)
	if err != nil {
		return nil, err
	}
	in, part := withKeyCols(in, f.PartitionBy)
	cfg := topNConfig{partition: part, order: f.OrderBy, limit: limit, inTypes: in.types(), key: in.key, nvis: in.nvis, rank: true, rankName: f.Name}
	return newTopNNode(in, cfg, "StreamGroupTopN"), nil
}

func (p *planner) distinct(x *plan.Distinct) (*snode, error) {
	if x.On != nil {
		if err := checkStreamExprs(x.On...); err != nil {
			return nil, err
		}
		input := x.Input
		var keys []plan.SortKey
		if s, ok := input.(*plan.Sort); ok {
			keys, input = s.Keys, s.Input
		}
		in, err := p.node(input)
		if err != nil {
			return nil, err
		}
		in, part := withKeyCols(in, x.On)
		cfg := topNConfig{partition: part, order: keys, limit: 1, inTypes: in.types(), key: in.key, nvis: in.nvis}
		return newTopNNode(in, cfg, "StreamGroupTopN"), nil
	}
	in, err := p.node(x.Input)
	if err != nil {
		return nil, err
	}
	return newDistinctNode(in), nil
}

func newDistinctNode(in *snode) *snode {
	n := &snode{op: "StreamDistinct", inputs: []*snode{in}, cols: in.cols[:in.nvis], nvis: in.nvis, key: seq(in.nvis), par: parHash, nTables: 1}
	var keys []expr.Expr
	for i := 0; i < in.nvis; i++ {
		keys = append(keys, &expr.ColRef{Idx: i, Typ: in.cols[i].Type, Name: in.cols[i].Name})
	}
	n.hashKeys = [][]expr.Expr{keys}
	types := n.types()
	n.build = func(bc *buildCtx) (operator, error) { return newDistinctOp(bc, types), nil }
	return n
}

func (p *planner) setOp(x *plan.SetOp) (*snode, error) {
	if x.Kind != plan.Union {
		return nil, unsupported(strings.ToUpper(x.Kind.String()))
	}
	l, err := p.node(x.Left)
	if err != nil {
		return nil, err
	}
	r, err := p.node(x.Right)
	if err != nil {
		return nil, err
	}
	nv := len(x.Cols)
	n := &snode{op: "StreamUnion", inputs: []*snode{l, r}, nvis: nv, par: parHash, appendOnly: l.appendOnly && r.appendOnly}
	n.cols = append(n.cols, x.Cols...)
	n.cols = append(n.cols, plan.Column{Name: "_branch", Type: base.Int16, Hidden: true})
	n.cols = append(n.cols, l.cols[l.nvis:]...)
	n.cols = append(n.cols, r.cols[r.nvis:]...)
	lw := len(l.cols)
	lMap := make([]int, lw)
	for i := range lMap {
		if i < nv {
			lMap[i] = i
		} else {
			lMap[i] = nv + 1 + (i - nv)
		}
	}
	rMap := make([]int, len(r.cols))
	for j := range rMap {
		if j < nv {
			rMap[j] = j
		} else {
			rMap[j] = nv + 1 + (lw - nv) + (j - nv)
		}
	}
	n.key = []int{nv}
	for _, k := range l.key {
		n.key = appendUnique(n.key, lMap[k])
	}
	for _, k := range r.key {
		n.key = appendUnique(n.key, rMap[k])
	}
	keyExprs := func(s *snode) []expr.Expr {
		var ks []expr.Expr
		for _, k := range s.key {
			ks = append(ks, &expr.ColRef{Idx: k, Typ: s.cols[k].Type, Name: s.cols[k].Name})
		}
		return ks
	}
	n.hashKeys = [][]expr.Expr{keyExprs(l), keyExprs(r)}
	types := n.types()
	n.build = func(bc *buildCtx) (operator, error) {
		return &unionOp{maps: [2][]int{lMap, rMap}, types: types, branchCol: nv}, nil
	}
	if !x.All {
		return newDistinctNode(n), nil
	}
	return n, nil
}

// withKeyCols makes every key expression a column of in: plain column
// references stay, others are computed by a projection that appends them
// as hidden columns. It returns the (possibly new) input and ColRefs.
func withKeyCols(in *snode, keys []expr.Expr) (*snode, []expr.Expr) {
	out := make([]expr.Expr, len(keys))
	var extra []expr.Expr
	for i, k := range keys {
		if c, ok := k.(*expr.ColRef); ok {
			out[i] = c
			continue
		}
		out[i] = &expr.ColRef{Idx: len(in.cols) + len(extra), Typ: k.Type(), Name: fmt_key(len(extra))}
		extra = append(extra, k)
	}
	if len(extra) == 0 {
		return in, out
	}
	exprs := make([]expr.Expr, 0, len(in.cols)+len(extra))
	for i, c := range in.cols {
		exprs = append(exprs, &expr.ColRef{Idx: i, Typ: c.Type, Name: c.Name})
	}
	exprs = append(exprs, extra...)
	n := &snode{op: "StreamProject", inputs: []*snode{in}, nvis: in.nvis, key: in.key, appendOnly: in.appendOnly, par: parInherit}
	n.cols = append([]plan.Column(nil), in.cols...)
	for i, e := range extra {
		n.cols = append(n.cols, plan.Column{Name: fmt_key(i), Type: e.Type(), Hidden: true})
	}
	n.detail = exprList(exprs)
	types := n.types()
	n.build = func(bc *buildCtx) (operator, error) {
		return &projectOp{exprs: cloneExprs(exprs), types: types}, nil
	}
	return n, out
}

func fmt_key(i int) string { return fmt.Sprintf("_jk%d", i) }

// joinLayout sets a join's output columns — visible left, visible right,
// then the hidden columns of each side — and the maps from each side's
// columns to output positions.
func joinLayout(n *snode, cfg *joinConfig, l, r *snode) {
	lw, rw := len(l.cols), len(r.cols)
	n.cols = append(n.cols, l.cols[:l.nvis]...)
	n.cols = append(n.cols, r.cols[:r.nvis]...)
	n.cols = append(n.cols, l.cols[l.nvis:]...)
	n.cols = append(n.cols, r.cols[r.nvis:]...)
	n.nvis = l.nvis + r.nvis
	cfg.lMap = make([]int, lw)
	for i := range cfg.lMap {
		if i < l.nvis {
			cfg.lMap[i] = i
		} else {
			cfg.lMap[i] = l.nvis + r.nvis + (i - l.nvis)
		}
	}
	cfg.rMap = make([]int, rw)
	for j := range cfg.rMap {
		if j < r.nvis {
			cfg.rMap[j] = l.nvis + j
		} else {
			cfg.rMap[j] = l.nvis + r.nvis + (lw - l.nvis) + (j - r.nvis)
		}
	}
}
