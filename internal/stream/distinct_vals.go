package stream

import (
	"bytes"
	"hash/maphash"
)

// distinctVals is one group's (encoded args → count) entries of one
// DISTINCT table: the in-memory copy of its rows, exact while the group
// is cached. It holds no Go pointers per entry (keys live in one byte
// arena, the index is open addressing over slot numbers), so a million
// distinct values cost the garbage collector nothing to scan.
//
// Changes are recorded per slot and written to the table at the barrier
// (write-back): a value counted many times in an epoch is written once,
// and a value known new is never read from the store first. A slot whose
// count drops to zero stays (count 0 = absent) for reuse, until zeros
// dominate and the arena is compacted.
type distinctVals struct {
	arena []byte
	slots []dvSlot
	// table is the open-addressing index: per bucket 0 (empty) or the
	// key's hash tag (high 32 bits) << 32 | slot+1; len is a power of two,
	// at most half full (new values, the common case, probe little).
	table []uint64
	dirty []int32 // slots changed since the last barrier, once each
	zeros int     // clean slots with count 0
}

type dvSlot struct {
	off, n uint32
	cnt    int64 // ≤ 0: absent
	mark   bool  // in dirty
	zero   bool  // counted in zeros (count 0 at the last barrier)
}

var dvSeed = maphash.MakeSeed()

func newDistinctVals() *distinctVals { return &distinctVals{table: make([]uint64, 8)} }

func (d *distinctVals) key(s int32) []byte {
	sl := &d.slots[s]
	return d.arena[sl.off : sl.off+sl.n]
}

// slot returns k's slot, adding it with count 0 when absent.
func (d *distinctVals) slot(k []byte) int32 {
	h := maphash.Bytes(dvSeed, k)
	tag := h >> 32 << 32
	mask := uint64(len(d.table) - 1)
	b := h & mask
	for ; ; b = (b + 1) & mask {
		e := d.table[b]
		if e == 0 {
			break
		}
		if e&^0xffffffff == tag && bytes.Equal(d.key(int32(uint32(e))-1), k) {
			return int32(uint32(e)) - 1
		}
	}
	s := int32(len(d.slots))
	d.slots = append(d.slots, dvSlot{off: uint32(len(d.arena)), n: uint32(len(k))})
	d.arena = append(d.arena, k...)
	if 2*len(d.slots) > len(d.table) {
		d.rehash(2 * len(d.table))
	} else {
		d.table[b] = tag | uint64(s+1)
	}
	return s
}

func (d *distinctVals) insert(s int32) {
	h := maphash.Bytes(dvSeed, d.key(s))
	mask := uint64(len(d.table) - 1)
	b := h & mask
	for d.table[b] != 0 {
		b = (b + 1) & mask
	}
	d.table[b] = h>>32<<32 | uint64(s+1)
}

func (d *distinctVals) rehash(size int) {
	d.table = make([]uint64, size)
	for s := range d.slots {
		d.insert(int32(s))
	}
}

// add adds delta to k's count (a count never goes below zero) and returns
// the counts before and after the unclamped addition.
func (d *distinctVals) add(k []byte, delta int64) (before, after int64) {
	s := d.slot(k)
	sl := &d.slots[s]
	before = sl.cnt
	after = before + delta
	sl.cnt = max(after, 0)
	if !sl.mark {
		sl.mark = true
		d.dirty = append(d.dirty, s)
	}
	return before, after
}

// endEpoch calls fn for every slot changed since the last barrier, in
// change order, and clears the change list.
func (d *distinctVals) endEpoch(fn func(key []byte, cnt int64)) {
	for _, s := range d.dirty {
		sl := &d.slots[s]
		sl.mark = false
		// Count each zero slot once: a slot can go to 0, come back and go
		// to 0 again in later epochs.
		if z := sl.cnt <= 0; z != sl.zero {
			sl.zero = z
			if z {
				d.zeros++
			} else {
				d.zeros--
			}
		}
		fn(d.key(s), sl.cnt)
	}
	d.dirty = d.dirty[:0]
	if d.zeros > 64 && 2*d.zeros > len(d.slots) {
		d.compact()
	}
}

// compact drops the slots with count 0 (all clean: called after endEpoch).
func (d *distinctVals) compact() {
	var arena []byte
	slots := make([]dvSlot, 0, len(d.slots)-d.zeros)
	for s := range d.slots {
		sl := d.slots[s]
		if sl.cnt <= 0 {
			continue
		}
		k := d.key(int32(s))
		slots = append(slots, dvSlot{off: uint32(len(arena)), n: sl.n, cnt: sl.cnt})
		arena = append(arena, k...)
	}
	d.arena, d.slots, d.zeros = arena, slots, 0
	size := 8
	for 2*len(slots) > size {
		size *= 2
	}
	d.rehash(size)
}

// len is the number of values with a positive count.
func (d *distinctVals) len() int {
	n := 0
	for _, sl := range d.slots {
		if sl.cnt > 0 {
			n++
		}
	}
	return n
}
