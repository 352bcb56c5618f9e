package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/plan"
)

// Hash join: the right input is built into a groupTable keyed by the
// right key vectors; build rows of one key are chained (head/next) in
// input order. Left chunks probe it with vectorized hashes. Rows with a
// NULL in a non-null-safe key are never inserted nor probed; RIGHT/FULL
// still keep them in the build buffer so the tail emits them.

// buildSide drains the right input (both hash and nested-loop joins).
func (j *joinOp) buildSide() error {
	j.build = newRowBuffer(j.rtypes)
	j.head, j.tail, j.next = j.head[:0], j.tail[:0], j.next[:0]
	if j.hashed {
		kt := make([]base.Type, len(j.rightKeys))
		for i, e := range j.rightKeys {
			kt[i] = e.Type()
		}
		j.table = newGroupTable(kt)
	}
	var (
		keys   []*base.Vector
		hashes []uint64
		skip   []bool
		store  []int32
		valid  []int32
	)
	keepAll := j.keepsUnmatchedRight() || !j.hashed
	for {
		rc, err := j.right.Next()
		if err != nil {
			return err
		}
		if rc == nil {
			break
		}
		n := rc.Len()
		if !j.hashed {
			j.build.appendVectors(rc.Cols, n, nil)
			if err := j.mem.set(j.build.bytes); err != nil {
				return err
			}
			continue
		}
		keys = keys[:0]
		for _, e := range j.rightKeys {
			v, err := e.Eval(j.ctx.Eval, rc)
			if err != nil {
				return err
			}
			keys = append(keys, v)
		}
		hashes = resizeU64(hashes, n)
		for c, v := range keys {
			hashVector(v, n, hashes, c == 0)
		}
		skip = nullKeyRows(keys, j.nullEq, n, skip)
		store, valid = store[:0], valid[:0]
		for i := 0; i < n; i++ {
			if !skip[i] {
				valid = append(valid, int32(i))
				store = append(store, int32(i))
			} else if keepAll {
				store = append(store, int32(i))
			}
		}
		j.gids = resizeI32(j.gids, n)
		if len(valid) == n {
			j.table.findOrInsert(keys, n, hashes, nil, j.gids)
		} else {
			j.table.findOrInsert(keys, n, hashes, valid, j.gids)
		}
		// Chain the stored rows of valid keys.
		base0 := int32(j.build.len())
		for k, i := range store {
			row := base0 + int32(k)
			j.next = append(j.next, -1)
			if skip[i] {
				continue
			}
			g := j.gids[i]
			for int(g) >= len(j.head) {
				j.head = append(j.head, -1)
				j.tail = append(j.tail, -1)
			}
			if j.head[g] < 0 {
				j.head[g] = row
			} else {
				j.next[j.tail[g]] = row
			}
			j.tail[g] = row
		}
		j.build.appendVectors(rc.Cols, n, store)
		if err := j.mem.set(j.build.bytes + j.table.bytes() + int64(cap(j.next)+2*cap(j.head))*4); err != nil {
			return err
		}
		if err := j.ctx.checkCancel(); err != nil {
			return err
		}
	}
	if j.keepsUnmatchedRight() {
		j.matched = make([]bool, j.build.len())
	}
	return nil
}

// genHashed fills pi/bi with up to MaxChunkRows candidate pairs from the
// current left chunk, resuming where the previous call stopped.
func (j *joinOp) genHashed() {
	n := j.lc.Len()
	existence := (j.kind == plan.JoinSemi || j.kind == plan.JoinAnti)
	for j.li < n && len(j.pi) < base.MaxChunkRows {
		if !j.started {
			if j.lskip[j.li] {
				j.li++
				continue
			}
			g := j.table.find(j.lkeys, j.li, j.lhash[j.li])
			if g < 0 || int(g) >= len(j.head) {
				j.li++
				continue
			}
			if existence && j.residual == nil {
				// No residual: existence of the key decides.
				j.lmatched[j.li] = true
				j.li++
				continue
			}
			j.cur, j.started = j.head[g], true
		}
		if existence && j.lmatched[j.li] {
			j.started = false
			j.li++
			continue
		}
		li := int32(j.li)
		for j.cur >= 0 && len(j.pi) < base.MaxChunkRows {
			j.pi = append(j.pi, li)
			j.bi = append(j.bi, j.cur)
			j.cur = j.next[j.cur]
		}
		if j.cur < 0 {
			j.started = false
			j.li++
		}
	}
}
