package batch

import (
	"github.com/tributarydb/tributary/internal/base"
)

// groupTable maps distinct key tuples to dense group ids 0..n-1. It is the
// hash table behind hash aggregation, DISTINCT, set operations and the
// hash join build side. Keys are stored columnar (keys.cols[c] row g is
// group g's key); slots is an open-addressing table probed linearly whose
// entries pack the hash's upper 32 bits with g+1 (0: empty), so a probe
// usually costs one cache miss for the slot and one for the key. The full
// hash is kept per group to rehash without touching keys.
type groupTable struct {
	keys   *rowBuffer
	hashes []uint64
	slots  []uint64
	mask   uint64

	// single-int64-key fast path
	intKey bool
}

func newGroupTable(types []base.Type) *groupTable {
	t := &groupTable{keys: newRowBuffer(types)}
	t.intKey = len(types) == 1 && payloadOf(types[0].Kind) == plI64
	t.alloc(256)
	return t
}

func (t *groupTable) alloc(n int) {
	t.slots = make([]uint64, n)
	t.mask = uint64(n - 1)
}

// slot packs group g with hash h's tag.
func slot(h uint64, g int32) uint64 { return h&^0xffffffff | uint64(g+1) }

// slotGroup returns the group of a non-empty slot.
func slotGroup(s uint64) int32 { return int32(uint32(s)) - 1 }

// tagMatch reports whether slot s may hold hash h.
func tagMatch(s, h uint64) bool { return (s^h)>>32 == 0 }

// len is the number of groups.
func (t *groupTable) len() int { return len(t.hashes) }

// bytes approximates the table's footprint.
func (t *groupTable) bytes() int64 {
	return t.keys.bytes + int64(cap(t.hashes))*8 + int64(len(t.slots))*8
}

func (t *groupTable) grow() {
	old := t.slots
	t.alloc(len(old) * 2)
	for g, h := range t.hashes {
		s := h & t.mask
		for t.slots[s] != 0 {
			s = (s + 1) & t.mask
		}
		t.slots[s] = slot(h, int32(g))
	}
}

func (t *groupTable) keyEqual(kv []*base.Vector, i int, g int32) bool {
	for c, v := range kv {
		if !equalAt(v, i, t.keys.cols[c], int(g)) {
			return false
		}
	}
	return true
}

// findOrInsert sets out[i] to the group id of row i of the key vectors kv
// (n rows, hashed into hashes), inserting new groups. Rows not in sel (when
// sel is non-nil) are skipped and their out entry is left unchanged.
func (t *groupTable) findOrInsert(kv []*base.Vector, n int, hashes []uint64, sel []int32, out []int32) {
	if sel == nil && t.intKey && kv[0].Nulls == nil {
		t.findOrInsertInt(kv[0].I64[:n], hashes, out)
		return
	}
	do := func(i int) {
		h := hashes[i]
		s := h & t.mask
		for {
			e := t.slots[s]
			if e == 0 {
				g := int32(len(t.hashes))
				t.hashes = append(t.hashes, h)
				t.keys.appendRow(kv, i)
				t.slots[s] = slot(h, g)
				out[i] = g
				if uint64(len(t.hashes))*2 > t.mask {
					t.grow()
				}
				return
			}
			if tagMatch(e, h) {
				if g := slotGroup(e); t.keyEqual(kv, i, g) {
					out[i] = g
					return
				}
			}
			s = (s + 1) & t.mask
		}
	}
	if sel == nil {
		for i := 0; i < n; i++ {
			do(i)
		}
	} else {
		for _, i := range sel {
			do(int(i))
		}
	}
}

func (t *groupTable) findOrInsertInt(xs []int64, hashes []uint64, out []int32) {
	keys := t.keys.cols[0]
	for i, x := range xs {
		h := hashes[i]
		s := h & t.mask
		for {
			e := t.slots[s]
			if e == 0 {
				g := int32(len(t.hashes))
				t.hashes = append(t.hashes, h)
				keys.AppendInt(x)
				t.keys.n++
				t.keys.bytes += 8
				t.slots[s] = slot(h, g)
				out[i] = g
				if uint64(len(t.hashes))*2 > t.mask {
					t.grow()
				}
				break
			}
			if tagMatch(e, h) {
				if g := slotGroup(e); keys.I64[g] == x && !keys.IsNull(int(g)) {
					out[i] = g
					break
				}
			}
			s = (s + 1) & t.mask
		}
	}
}

// find returns the group id of row i of kv (hash h), or -1.
func (t *groupTable) find(kv []*base.Vector, i int, h uint64) int32 {
	s := h & t.mask
	if t.intKey && !kv[0].IsNull(i) {
		x := kv[0].I64[i]
		keys := t.keys.cols[0]
		for {
			e := t.slots[s]
			if e == 0 {
				return -1
			}
			if tagMatch(e, h) {
				if g := slotGroup(e); keys.I64[g] == x && !keys.IsNull(int(g)) {
					return g
				}
			}
			s = (s + 1) & t.mask
		}
	}
	for {
		e := t.slots[s]
		if e == 0 {
			return -1
		}
		if tagMatch(e, h) {
			if g := slotGroup(e); t.keyEqual(kv, i, g) {
				return g
			}
		}
		s = (s + 1) & t.mask
	}
}
