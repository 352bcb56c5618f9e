package stream

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// aggConfig is the fixed configuration of a hash (or simple) aggregation.
type aggConfig struct {
	groupBy  []expr.Expr
	specs    []aggSpec
	outTypes []base.Type
	simple   bool // no GROUP BY: exactly one output row, always
}

func (c aggConfig) clone() aggConfig {
	out := c
	out.groupBy = cloneExprs(c.groupBy)
	out.specs = make([]aggSpec, len(c.specs))
	for i, s := range c.specs {
		s.call.Args = cloneExprs(s.call.Args)
		s.call.Filter = cloneExpr(s.call.Filter)
		ob := make([]plan.SortKey, len(s.call.OrderBy))
		for j, k := range s.call.OrderBy {
			k.Expr = cloneExpr(k.Expr)
			ob[j] = k
		}
		s.call.OrderBy = ob
		out.specs[i] = s
	}
	return out
}

// aggGroup is the cached state of one group.
type aggGroup struct {
	key     []base.Datum
	keyEnc  string
	rows    int64
	accs    []acc
	prevOut []base.Datum // aggregate results last emitted
	emitted bool         // the group's row exists downstream
	dirty   bool
	stored  bool // loaded from state (multiset states need a rebuild)
	// counts caches, per multiset aggregate, the group's (encoded args →
	// count) entries of its state table; nil: not loaded.
	counts []map[string]int64
	// dv caches, per DISTINCT aggregate, the group's entries of its
	// DISTINCT table, written back at the barrier; nil: not loaded.
	dv []*distinctVals
}

// countEncs are the encoded rows [count] for small counts, shared by
// every DISTINCT table write (putRawEnc retains, never modifies).
var countEncs = func() [][]byte {
	out := make([][]byte, 64)
	for i := range out {
		out[i] = base.EncodeRow(nil, []base.Datum{base.DInt64(int64(i))})
	}
	return out
}()

func countEnc(n int64) []byte {
	if n >= 0 && n < int64(len(countEncs)) {
		return countEncs[n]
	}
	return base.EncodeRow(nil, []base.Datum{base.DInt64(n)})
}

// writeDistinct writes the changed DISTINCT entries of the dirty groups
// to their tables and forgets the ones whose count dropped to zero. The
// keys (group key ++ args) are built in one buffer and converted to one
// string whose substrings are the overlay keys: one allocation, not one
// per entry (they live and die together, with the epoch's overlay).
func (op *aggOp) writeDistinct() {
	buf := op.keyBuf[:0]
	for _, g := range op.dirty {
		for _, d := range g.dv {
			if d == nil {
				continue
			}
			for _, s := range d.dirty {
				buf = append(append(buf, g.keyEnc...), d.key(s)...)
			}
		}
	}
	if len(buf) == 0 {
		return
	}
	all := string(buf)
	op.keyBuf = buf[:0]
	off := 0
	for _, g := range op.dirty {
		op.writeGroupDistinct(g, all, &off)
	}
}

func (op *aggOp) writeGroupDistinct(g *aggGroup, all string, off *int) {
	for i, d := range g.dv {
		if d == nil || len(d.dirty) == 0 {
			continue
		}
		t := op.dist[i]
		d.endEpoch(func(key []byte, c int64) {
			n := len(g.keyEnc) + len(key)
			k := all[*off : *off+n]
			*off += n
			if c > 0 {
				t.putRawEnc(k, countEnc(c))
			} else {
				t.delEnc(k)
			}
		})
	}
}

// aggOp maintains GROUP BY aggregates incrementally. Changes are folded
// into cached groups; at each barrier every changed group emits an
// UpdateDelete/UpdateInsert pair (Insert when new, Delete when its last
// row went away) and its row is written to the groups state table.
type aggOp struct {
	// config
	cfg      aggConfig
	nKey     int
	valTypes []base.Type // groups table value: rows, prev results, acc columns
	// runtime state
	groups *stateTable
	dist   []*stateTable // per spec (nil: none)
	ms     []*stateTable // per spec (nil: none)
	cache  map[string]*aggGroup
	dirty  []*aggGroup
	out    *builder
	keyBuf []byte
	argBuf []byte
	// complete: every group ever written is in the cache (the job's state
	// tables start empty and nothing was evicted yet), so a cache miss is
	// a new group and needs no read from the store.
	complete bool
	// stats
	cacheMisses int64
}

func newAggOp(bc *buildCtx, cfg aggConfig) *aggOp {
	op := &aggOp{cfg: cfg, nKey: len(cfg.groupBy), cache: map[string]*aggGroup{}, complete: true}
	op.valTypes = append(op.valTypes, base.Int64)
	op.valTypes = append(op.valTypes, cfg.outTypes[op.nKey:]...)
	for i := range cfg.specs {
		op.valTypes = append(op.valTypes, cfg.specs[i].valueTypes()...)
	}
	op.groups = bc.table(0, op.valTypes, 0, nil)
	op.groups.setLazy()
	op.dist = make([]*stateTable, len(cfg.specs))
	op.ms = make([]*stateTable, len(cfg.specs))
	for i, s := range cfg.specs {
		if s.distTab >= 0 {
			op.dist[i] = bc.table(s.distTab, []base.Type{base.Int64}, 0, nil)
			op.dist[i].setLazy()
		}
		if s.msTab >= 0 {
			vt := append(append([]base.Type(nil), s.argTypes...), base.Int64)
			op.ms[i] = bc.table(s.msTab, vt, op.nKey, nil)
		}
	}
	op.out = newBuilder(bc.a, cfg.outTypes)
	return op
}

// start makes sure a simple aggregate emits its row at the first barrier
// even when no input ever arrives.
func (op *aggOp) start(a *actor) error {
	if !op.cfg.simple {
		return nil
	}
	g, err := op.group(nil, "")
	if err != nil {
		return err
	}
	if !g.emitted {
		op.markDirty(g)
	}
	return nil
}

func (op *aggOp) markDirty(g *aggGroup) {
	if !g.dirty {
		g.dirty = true
		op.dirty = append(op.dirty, g)
	}
}

// group returns the cached group, loading it from state or creating it.
func (op *aggOp) group(key []base.Datum, enc string) (*aggGroup, error) {
	if g, ok := op.cache[enc]; ok {
		return g, nil
	}
	op.cacheMisses++
	g := &aggGroup{key: cloneRow(key), keyEnc: enc, accs: make([]acc, len(op.cfg.specs)), counts: make([]map[string]int64, len(op.cfg.specs)),
		dv: make([]*distinctVals, len(op.cfg.specs))}
	var row []base.Datum
	var ok bool
	if !op.complete {
		var err error
		if row, ok, err = op.groups.getEnc(enc); err != nil {
			return nil, err
		}
	}
	if ok {
		g.stored, g.emitted = true, true
		g.rows = row[0].I
		nA := len(op.cfg.specs)
		g.prevOut = cloneRow(row[1 : 1+nA])
		rest := row[1+nA:]
		for i := range op.cfg.specs {
			rest = g.accs[i].decode(&op.cfg.specs[i], rest)
		}
	}
	op.cache[enc] = g
	return g, nil
}

// groupCounts returns the (args → count) map of DISTINCT or multiset
// aggregate i, loading it with one prefix scan for a stored group.
func (op *aggOp) groupCounts(g *aggGroup, i int) (map[string]int64, error) {
	if m := g.counts[i]; m != nil {
		return m, nil
	}
	m := map[string]int64{}
	g.counts[i] = m
	if !g.stored {
		return m, nil
	}
	s := &op.cfg.specs[i]
	nArgs := len(s.argTypes)
	err := op.ms[i].scan(g.key, func(_ string, row []base.Datum) error {
		m[string(op.ms[i].encodeKey(nil, row[:nArgs]))] = row[nArgs].I
		return nil
	})
	return m, err
}

// distVals returns the DISTINCT entries of aggregate i of g, loading
// them with one prefix scan for a stored group.
func (op *aggOp) distVals(g *aggGroup, i int) (*distinctVals, error) {
	if d := g.dv[i]; d != nil {
		return d, nil
	}
	d := newDistinctVals()
	g.dv[i] = d
	if !g.stored {
		return d, nil
	}
	err := op.dist[i].scanEnc([]byte(g.keyEnc), false, func(k string, row []base.Datum) error {
		d.slots[d.slot([]byte(k[len(g.keyEnc):]))].cnt = row[0].I
		return nil
	})
	return d, err
}

// msState returns the group's in-memory state of multiset aggregate i,
// rebuilding it from the multiset table when the group came from state.
func (op *aggOp) msState(g *aggGroup, i int) (expr.AggState, error) {
	a := &g.accs[i]
	if a.ms != nil {
		return a.ms, nil
	}
	s := &op.cfg.specs[i]
	a.ms = s.msFunc.NewState()
	if !g.stored {
		return a.ms, nil
	}
	nArgs := len(s.argTypes)
	err := op.ms[i].scan(g.key, func(_ string, row []base.Datum) error {
		for c := row[nArgs].I; c > 0; c-- {
			if err := a.ms.Add(row[:nArgs]); err != nil {
				return err
			}
		}
		return nil
	})
	return a.ms, err
}

func (op *aggOp) onChunk(a *actor, side int, c *base.Chunk) error {
	n := c.Len()
	keyVecs := make([]*base.Vector, op.nKey)
	for i, e := range op.cfg.groupBy {
		keyVecs[i] = evalSafe(a, e, c)
	}
	// Argument vectors are evaluated once per chunk; a node reuses its
	// output vector, so each spec's vectors are consumed before the next
	// Eval of the same node (nodes are not shared: see cloneExpr).
	type specVecs struct {
		args   []*base.Vector
		filter *base.Vector
	}
	sv := make([]specVecs, len(op.cfg.specs))
	for i := range op.cfg.specs {
		s := &op.cfg.specs[i]
		for _, e := range s.call.Args {
			sv[i].args = append(sv[i].args, evalSafe(a, e, c))
		}
		for _, k := range s.call.OrderBy {
			sv[i].args = append(sv[i].args, evalSafe(a, k.Expr, c))
		}
		if s.call.Filter != nil {
			sv[i].filter = evalSafe(a, s.call.Filter, c)
		}
	}
	key := make([]base.Datum, op.nKey)
	var args []base.Datum
	for r := 0; r < n; r++ {
		sign := opSign(c.Ops[r])
		op.keyBuf = op.keyBuf[:0]
		for _, v := range keyVecs {
			op.keyBuf = appendVecKey(op.keyBuf, v, r)
		}
		g, ok := op.cache[string(op.keyBuf)]
		if !ok {
			for k, v := range keyVecs {
				key[k] = v.Get(r)
			}
			var err error
			if g, err = op.group(key, string(op.keyBuf)); err != nil {
				return err
			}
		}
		g.rows += sign
		op.markDirty(g)
		for i := range op.cfg.specs {
			s := &op.cfg.specs[i]
			if f := sv[i].filter; f != nil && !passes(f, r) {
				continue
			}
			if s.distinct {
				d, err := op.distVals(g, i)
				if err != nil {
					return err
				}
				op.argBuf = op.argBuf[:0]
				for _, v := range sv[i].args {
					op.argBuf = appendVecKey(op.argBuf, v, r)
				}
				cnt, nc := d.add(op.argBuf, sign)
				if !(cnt == 0 && sign > 0) && !(nc == 0 && sign < 0) {
					continue
				}
			}
			args = args[:0]
			for _, v := range sv[i].args {
				if s.kind == akCount {
					// count only looks at NULL-ness: no string copy.
					args = append(args, base.Datum{K: v.Type.Kind, Null: v.IsNull(r)})
				} else {
					args = append(args, v.Get(r))
				}
			}
			if err := op.apply(g, i, args, sign); err != nil {
				a.rowError("aggregate "+s.call.String(), err)
			}
		}
	}
	return nil
}

// apply feeds one argument tuple to aggregate i of g.
func (op *aggOp) apply(g *aggGroup, i int, args []base.Datum, sign int64) error {
	s := &op.cfg.specs[i]
	if s.kind != akMultiset {
		var d base.Datum
		if len(args) > 0 {
			d = args[0]
		}
		return g.accs[i].update(s, d, sign)
	}
	st, err := op.msState(g, i)
	if err != nil {
		return err
	}
	if sign > 0 {
		err = st.Add(args)
	} else {
		err = st.Retract(args)
	}
	if err != nil {
		return err
	}
	// Keep the multiset in state: (group, args) → [args..., count].
	t := op.ms[i]
	m, err := op.groupCounts(g, i)
	if err != nil {
		return err
	}
	ak := string(t.encodeKey(nil, args))
	cnt := m[ak] + sign
	k := make([]base.Datum, 0, len(g.key)+len(args))
	k = append(append(k, g.key...), args...)
	if cnt <= 0 {
		delete(m, ak)
		t.del(k)
	} else {
		m[ak] = cnt
		t.put(k, append(cloneRow(args), base.DInt64(cnt)))
	}
	return nil
}

func (op *aggOp) onBarrier(a *actor, b Barrier) error {
	nA := len(op.cfg.specs)
	op.writeDistinct()
	for _, g := range op.dirty {
		g.dirty = false
		if g.rows < 0 {
			a.rowError("aggregate: more retractions than rows", base.Errorf(base.CodeInternalError, "group %v has %d rows", g.key, g.rows))
			g.rows = 0
		}
		out := make([]base.Datum, nA)
		for i := range op.cfg.specs {
			out[i] = g.accs[i].result(&op.cfg.specs[i])
		}
		if g.rows == 0 && !op.cfg.simple {
			if g.emitted {
				if err := op.out.row(append(cloneRow(g.key), g.prevOut...), base.OpDelete); err != nil {
					return err
				}
			}
			op.groups.delEnc(g.keyEnc)
			delete(op.cache, g.keyEnc)
			continue
		}
		full := append(cloneRow(g.key), out...)
		switch {
		case !g.emitted:
			if err := op.out.row(full, base.OpInsert); err != nil {
				return err
			}
		case !rowsEqual(g.prevOut, out):
			if err := op.out.update(append(cloneRow(g.key), g.prevOut...), full); err != nil {
				return err
			}
		}
		g.prevOut, g.emitted = out, true
		val := make([]base.Datum, 0, len(op.valTypes))
		val = append(val, base.DInt64(g.rows))
		val = append(val, out...)
		for i := range op.cfg.specs {
			val = g.accs[i].encode(&op.cfg.specs[i], val)
		}
		op.groups.putEnc(g.keyEnc, val)
	}
	op.dirty = op.dirty[:0]
	return op.out.flush()
}

// evict drops the group cache when it outgrows Config.CacheRows; every
// group is clean right after a barrier, and reloads from state.
func (op *aggOp) evict(a *actor) {
	if len(op.cache) > a.rt().cfg.CacheRows {
		op.cache = map[string]*aggGroup{}
		op.complete = false
	}
}
