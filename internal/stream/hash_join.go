package stream

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// joinConfig is the fixed configuration of a hash join.
type joinConfig struct {
	kind                plan.JoinKind
	leftKeys, rightKeys []expr.Expr
	nullEqual           []bool
	residual            expr.Expr
	lTypes, rTypes      []base.Type
	lvis, rvis          int
	lKey, rKey          []int // stream keys of the inputs
	lMap, rMap          []int // input column → output column (rMap nil for semi/anti)
	outTypes            []base.Type
}

func (c joinConfig) clone() joinConfig {
	out := c
	out.leftKeys = cloneExprs(c.leftKeys)
	out.rightKeys = cloneExprs(c.rightKeys)
	out.residual = cloneExpr(c.residual)
	return out
}

// jrow is one stored input row with its match degree: the number of rows
// of the other side it currently joins with (needed to emit and retract
// NULL-padded rows of outer joins and the rows of semi/anti joins).
type jrow struct {
	row []base.Datum
	deg int64
}

type joinBucket struct {
	rows map[string]*jrow // by encoded stream key
}

// joinOp is a symmetric hash join: each side's rows live in a state table
// keyed by (join key, stream key) with their degree; a change on one side
// probes the other side's rows of the same join key.
type joinOp struct {
	// config
	cfg   joinConfig
	nKeys int
	// runtime state
	tabs  [2]*stateTable
	cache [2]map[string]*joinBucket
	out   *builder
	kbuf  []byte
	// complete: the caches hold every row ever stored (state tables start
	// empty; nothing evicted yet), so a missing bucket is empty.
	complete bool
	// stats
	cached int
}

func newJoinOp(bc *buildCtx, cfg joinConfig) *joinOp {
	op := &joinOp{cfg: cfg, nKeys: len(cfg.leftKeys), complete: true}
	op.tabs[0] = bc.table(0, append(append([]base.Type(nil), cfg.lTypes...), base.Int64), op.nKeys, nil)
	op.tabs[1] = bc.table(1, append(append([]base.Type(nil), cfg.rTypes...), base.Int64), op.nKeys, nil)
	op.cache[0] = map[string]*joinBucket{}
	op.cache[1] = map[string]*joinBucket{}
	op.out = newBuilder(bc.a, cfg.outTypes)
	return op
}

// preserved reports whether unmatched rows of side s appear NULL-padded.
func (op *joinOp) preserved(s int) bool {
	switch op.cfg.kind {
	case plan.JoinLeft:
		return s == 0
	case plan.JoinRight:
		return s == 1
	case plan.JoinFull:
		return true
	}
	return false
}

func (op *joinOp) semiAnti() bool {
	return op.cfg.kind == plan.JoinSemi || op.cfg.kind == plan.JoinAnti
}

func (op *joinOp) bucket(s int, keyEnc string, key []base.Datum) (*joinBucket, error) {
	if b, ok := op.cache[s][keyEnc]; ok {
		return b, nil
	}
	b := &joinBucket{rows: map[string]*jrow{}}
	if op.complete {
		op.cache[s][keyEnc] = b
		return b, nil
	}
	w := len(op.cfg.lTypes)
	pk := op.cfg.lKey
	if s == 1 {
		w, pk = len(op.cfg.rTypes), op.cfg.rKey
	}
	err := op.tabs[s].scan(key, func(_ string, v []base.Datum) error {
		r := &jrow{row: v[:w], deg: v[w].I}
		b.rows[op.pkEnc(r.row, pk)] = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	op.cache[s][keyEnc] = b
	op.cached += len(b.rows)
	return b, nil
}

func (op *joinOp) pkEnc(row []base.Datum, pk []int) string {
	op.kbuf = op.kbuf[:0]
	for _, k := range pk {
		op.kbuf = base.EncodeKey(op.kbuf, row[k], false)
	}
	return string(op.kbuf)
}

// store writes r (of side s, join key key) with its degree.
func (op *joinOp) store(s int, key []base.Datum, r *jrow) {
	pk := op.cfg.lKey
	if s == 1 {
		pk = op.cfg.rKey
	}
	k := make([]base.Datum, 0, len(key)+len(pk))
	k = append(k, key...)
	for _, i := range pk {
		k = append(k, r.row[i])
	}
	op.tabs[s].put(k, append(cloneRow(r.row), base.DInt64(r.deg)))
}

func (op *joinOp) remove(s int, key []base.Datum, row []base.Datum) {
	pk := op.cfg.lKey
	if s == 1 {
		pk = op.cfg.rKey
	}
	k := make([]base.Datum, 0, len(key)+len(pk))
	k = append(k, key...)
	for _, i := range pk {
		k = append(k, row[i])
	}
	op.tabs[s].del(k)
}

// joined builds the output row of a matching pair.
func (op *joinOp) joined(l, r []base.Datum) []base.Datum {
	out := make([]base.Datum, len(op.cfg.outTypes))
	for i, d := range l {
		out[op.cfg.lMap[i]] = d
	}
	for j, d := range r {
		out[op.cfg.rMap[j]] = d
	}
	return out
}

// padded builds the NULL-extended output row of an unmatched row.
func (op *joinOp) padded(s int, row []base.Datum) []base.Datum {
	out := make([]base.Datum, len(op.cfg.outTypes))
	for i, t := range op.cfg.outTypes {
		out[i] = base.NullOf(t.Kind)
	}
	m := op.cfg.lMap
	if s == 1 {
		m = op.cfg.rMap
	}
	for i, d := range row {
		out[m[i]] = d
	}
	return out
}

// matches evaluates the residual condition over a (left, right) pair.
func (op *joinOp) matches(a *actor, l, r []base.Datum) bool {
	if op.cfg.residual == nil {
		return true
	}
	var row []base.Datum
	if op.semiAnti() {
		row = make([]base.Datum, 0, op.cfg.lvis+op.cfg.rvis)
		row = append(append(row, l[:op.cfg.lvis]...), r[:op.cfg.rvis]...)
	} else {
		row = op.joined(l, r)
	}
	d := evalRowSafe(a, op.cfg.residual, row)
	return !d.Null && d.I != 0
}

func (op *joinOp) onChunk(a *actor, side int, c *base.Chunk) error {
	keyExprs := op.cfg.leftKeys
	pk := op.cfg.lKey
	if side == 1 {
		keyExprs, pk = op.cfg.rightKeys, op.cfg.rKey
	}
	vecs := make([]*base.Vector, len(keyExprs))
	for i, e := range keyExprs {
		vecs[i] = evalSafe(a, e, c)
	}
	other := 1 - side
	for r := 0; r < c.Len(); r++ {
		ins := c.Ops[r].IsInsert()
		row := c.Row(r)
		key := make([]base.Datum, len(vecs))
		nullKey := false
		op.kbuf = op.kbuf[:0]
		for i, v := range vecs {
			key[i] = v.Get(r)
			if key[i].Null && !(i < len(op.cfg.nullEqual) && op.cfg.nullEqual[i]) {
				nullKey = true
			}
			op.kbuf = base.EncodeKey(op.kbuf, key[i], false)
		}
		keyEnc := string(op.kbuf)
		if nullKey {
			// Never matches anything: no state needed.
			if err := op.unmatched(side, row, ins); err != nil {
				return err
			}
			continue
		}
		own, err := op.bucket(side, keyEnc, key)
		if err != nil {
			return err
		}
		oth, err := op.bucket(other, keyEnc, key)
		if err != nil {
			return err
		}
		self := op.pkEnc(row, pk)
		if !ins {
			stored, ok := own.rows[self]
			if !ok {
				a.rowError("join: retraction of a missing row", base.Errorf(base.CodeInternalError, "row %v not in join state", row))
				continue
			}
			row = stored.row
		}
		cnt := int64(0)
		for _, o := range oth.rows {
			l, rr := row, o.row
			if side == 1 {
				l, rr = o.row, row
			}
			if !op.matches(a, l, rr) {
				continue
			}
			cnt++
			if err := op.pair(side, row, o, l, rr, ins); err != nil {
				return err
			}
			op.store(other, key, o)
		}
		if err := op.selfResult(side, row, cnt, ins); err != nil {
			return err
		}
		if ins {
			r := &jrow{row: cloneRow(row), deg: cnt}
			own.rows[self] = r
			op.cached++
			op.store(side, key, r)
		} else {
			delete(own.rows, self)
			op.remove(side, key, row)
		}
	}
	return op.out.flush()
}

// pair handles one matching pair as row (of side) arrives or leaves; o
// is the other side's row, whose degree changes.
func (op *joinOp) pair(side int, row []base.Datum, o *jrow, l, r []base.Datum, ins bool) error {
	other := 1 - side
	if op.semiAnti() {
		if side == 0 {
			o.deg += opSignBool(ins)
			return nil
		}
		// A right row changes the degree of a left row.
		before := o.deg
		o.deg += opSignBool(ins)
		emitAs := op.cfg.kind == plan.JoinSemi
		switch {
		case before == 0 && o.deg == 1:
			return op.out.row(o.row, opFor(emitAs))
		case before == 1 && o.deg == 0:
			return op.out.row(o.row, opFor(!emitAs))
		}
		return nil
	}
	if ins {
		if op.preserved(other) && o.deg == 0 {
			if err := op.out.row(op.padded(other, o.row), base.OpDelete); err != nil {
				return err
			}
		}
		o.deg++
		return op.out.row(op.joined(l, r), base.OpInsert)
	}
	if err := op.out.row(op.joined(l, r), base.OpDelete); err != nil {
		return err
	}
	o.deg--
	if op.preserved(other) && o.deg == 0 {
		return op.out.row(op.padded(other, o.row), base.OpInsert)
	}
	return nil
}

// selfResult emits what the arriving/leaving row itself contributes
// besides its pairs: a NULL-padded row, or the row of a semi/anti join.
func (op *joinOp) selfResult(side int, row []base.Datum, cnt int64, ins bool) error {
	if op.semiAnti() {
		if side != 0 {
			return nil
		}
		if (op.cfg.kind == plan.JoinSemi) == (cnt > 0) {
			return op.out.row(row, opFor(ins))
		}
		return nil
	}
	if op.preserved(side) && cnt == 0 {
		return op.out.row(op.padded(side, row), opFor(ins))
	}
	return nil
}

// unmatched handles a row whose join key is NULL.
func (op *joinOp) unmatched(side int, row []base.Datum, ins bool) error {
	if op.semiAnti() {
		if side == 0 && op.cfg.kind == plan.JoinAnti {
			return op.out.row(row, opFor(ins))
		}
		return nil
	}
	if op.preserved(side) {
		return op.out.row(op.padded(side, row), opFor(ins))
	}
	return nil
}

func opFor(ins bool) base.Op {
	if ins {
		return base.OpInsert
	}
	return base.OpDelete
}

func opSignBool(ins bool) int64 {
	if ins {
		return 1
	}
	return -1
}

func (op *joinOp) onBarrier(a *actor, b Barrier) error { return op.out.flush() }

func (op *joinOp) evict(a *actor) {
	if op.cached > a.rt().cfg.CacheRows {
		op.cache[0] = map[string]*joinBucket{}
		op.cache[1] = map[string]*joinBucket{}
		op.cached = 0
		op.complete = false
	}
}

// ---------------------------------------------------------------------------
// Temporal join

// temporalJoinOp joins each left change with the right side's current
// state (FOR SYSTEM_TIME AS OF PROCTIME()): right-side changes only update
// the right state and never change previously emitted rows. The join key
// covers the right side's primary key, so a left row matches at most one
// right row.
//
// State: table 0 holds the right rows by join key; table 1 holds, per left
// row (by join key and left stream key), the output row emitted for it, so
// that a left retraction deletes exactly what was emitted even after the
// right side changed.
//
// Left changes are buffered until the barrier: within an epoch, every
// right change is applied before the left changes look up the right
// state. This makes the lookup deterministic (the right side as of the
// end of the epoch that carried the left change) and lets the initial
// snapshots of both sides be ingested in any order.
type temporalJoinOp struct {
	cfg     joinConfig
	right   *stateTable
	emitted *stateTable
	pending []*base.Chunk
	out     *builder
}

func newTemporalJoinOp(bc *buildCtx, cfg joinConfig) *temporalJoinOp {
	op := &temporalJoinOp{cfg: cfg}
	op.right = bc.table(0, cfg.rTypes, 0, nil)
	op.emitted = bc.table(1, cfg.outTypes, 0, nil)
	op.out = newBuilder(bc.a, cfg.outTypes)
	return op
}

// joinKey evaluates the join key of every row of c (keys[i][r]); null[r]
// reports a key that can never match.
func (op *temporalJoinOp) joinKeys(a *actor, exprs []expr.Expr, c *base.Chunk) ([][]base.Datum, []bool) {
	vecs := make([]*base.Vector, len(exprs))
	for i, e := range exprs {
		vecs[i] = evalSafe(a, e, c)
	}
	keys := make([][]base.Datum, c.Len())
	null := make([]bool, c.Len())
	for r := range keys {
		k := make([]base.Datum, len(vecs))
		for i, v := range vecs {
			k[i] = v.Get(r)
			if k[i].Null && !(i < len(op.cfg.nullEqual) && op.cfg.nullEqual[i]) {
				null[r] = true
			}
		}
		keys[r] = k
	}
	return keys, null
}

func (op *temporalJoinOp) onChunk(a *actor, side int, c *base.Chunk) error {
	if side == 0 {
		op.pending = append(op.pending, c)
		return nil
	}
	keys, null := op.joinKeys(a, op.cfg.rightKeys, c)
	for r := 0; r < c.Len(); r++ {
		if null[r] {
			continue
		}
		if c.Ops[r].IsInsert() {
			op.right.put(keys[r], c.Row(r))
		} else {
			op.right.del(keys[r])
		}
	}
	return nil
}

func (op *temporalJoinOp) onBarrier(a *actor, b Barrier) error {
	pending := op.pending
	op.pending = nil
	for _, c := range pending {
		if err := op.onLeft(a, c); err != nil {
			return err
		}
	}
	return op.out.flush()
}

func (op *temporalJoinOp) onLeft(a *actor, c *base.Chunk) error {
	keys, null := op.joinKeys(a, op.cfg.leftKeys, c)
	for r := 0; r < c.Len(); r++ {
		row := c.Row(r)
		// State key: join key (it decides the actor), then the left
		// stream key.
		sk := make([]base.Datum, 0, len(keys[r])+len(op.cfg.lKey))
		sk = append(sk, keys[r]...)
		for _, i := range op.cfg.lKey {
			sk = append(sk, row[i])
		}
		if !c.Ops[r].IsInsert() {
			prev, ok, err := op.emitted.get(sk)
			if err != nil {
				return err
			}
			if !ok {
				// Nothing was emitted for it (an unmatched row of an
				// inner join).
				continue
			}
			op.emitted.del(sk)
			if err := op.out.row(prev, base.OpDelete); err != nil {
				return err
			}
			continue
		}
		var res []base.Datum
		if !null[r] {
			rrow, ok, err := op.right.get(keys[r])
			if err != nil {
				return err
			}
			if ok && op.matches(a, row, rrow) {
				res = op.joined(row, rrow)
			}
		}
		if res == nil {
			if op.cfg.kind != plan.JoinLeft {
				continue
			}
			res = op.padded(row)
		}
		op.emitted.put(sk, res)
		if err := op.out.row(res, base.OpInsert); err != nil {
			return err
		}
	}
	return nil
}

func (op *temporalJoinOp) joined(l, r []base.Datum) []base.Datum {
	out := make([]base.Datum, len(op.cfg.outTypes))
	for i, d := range l {
		out[op.cfg.lMap[i]] = d
	}
	for j, d := range r {
		out[op.cfg.rMap[j]] = d
	}
	return out
}

func (op *temporalJoinOp) padded(l []base.Datum) []base.Datum {
	out := make([]base.Datum, len(op.cfg.outTypes))
	for i, t := range op.cfg.outTypes {
		out[i] = base.NullOf(t.Kind)
	}
	for i, d := range l {
		out[op.cfg.lMap[i]] = d
	}
	return out
}

func (op *temporalJoinOp) matches(a *actor, l, r []base.Datum) bool {
	if op.cfg.residual == nil {
		return true
	}
	d := evalRowSafe(a, op.cfg.residual, op.joined(l, r))
	return !d.Null && d.I != 0
}
