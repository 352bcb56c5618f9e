package batch

import (
	"slices"

	"github.com/tributarydb/tributary/internal/base"
)

// sortKey orders by one column of a rowBuffer.
type sortKey struct {
	Col        int
	Desc       bool
	NullsFirst bool
}

// rowComparer compares rows of one rowBuffer by keys.
type rowComparer struct {
	keys []sortKey
	cols []*base.Vector
}

func newRowComparer(b *rowBuffer, keys []sortKey) rowComparer {
	cols := make([]*base.Vector, len(keys))
	for i, k := range keys {
		cols[i] = b.cols[k.Col]
	}
	return rowComparer{keys: keys, cols: cols}
}

// compare orders rows i and j.
func (rc *rowComparer) compare(i, j int) int {
	for k, v := range rc.cols {
		key := &rc.keys[k]
		in, jn := v.IsNull(i), v.IsNull(j)
		if in || jn {
			if in && jn {
				continue
			}
			// NULL position is independent of direction.
			if in == key.NullsFirst {
				return -1
			}
			return 1
		}
		var c int
		switch payloadOf(v.Type.Kind) {
		case plI64:
			c = cmpInt(v.I64[i], v.I64[j])
		case plF64:
			c = cmpFloat(v.F64[i], v.F64[j])
		case plBytes:
			c = cmpBytes(v.Bytes(i), v.Bytes(j))
		default:
			c = compareDatum(&v.Datums[i], &v.Datums[j])
		}
		if c != 0 {
			if key.Desc {
				return -c
			}
			return c
		}
	}
	return 0
}

// sortedIndex returns the row positions of b stably sorted by keys.
func sortedIndex(b *rowBuffer, keys []sortKey) []int32 {
	idx := make([]int32, b.len())
	for i := range idx {
		idx[i] = int32(i)
	}
	if len(keys) == 0 {
		return idx
	}
	rc := newRowComparer(b, keys)
	if len(keys) == 1 && payloadOf(rc.cols[0].Type.Kind) == plI64 && rc.cols[0].Nulls == nil {
		// Fast path: one non-null integer key.
		return sortInt64Index(rc.cols[0].I64[:b.len()], keys[0].Desc)
	}
	// pdqsort with the row position as the last key is stable and much
	// faster than a merge-based stable sort.
	slices.SortFunc(idx, func(a, b int32) int {
		if c := rc.compare(int(a), int(b)); c != 0 {
			return c
		}
		return int(a - b)
	})
	return idx
}

// sortInt64Index sorts positions by one non-null integer key. Sorting
// (key, position) pairs in place keeps the comparisons cache-friendly,
// unlike an indirect sort through the key column.
func sortInt64Index(xs []int64, desc bool) []int32 {
	type pair struct {
		k int64
		i int32
	}
	ps := make([]pair, len(xs))
	for i, x := range xs {
		if desc {
			// Negating would overflow MinInt64; flip the bits instead,
			// which reverses the order of int64 exactly.
			x = ^x
		}
		ps[i] = pair{x, int32(i)}
	}
	slices.SortFunc(ps, func(a, b pair) int {
		if a.k != b.k {
			if a.k < b.k {
				return -1
			}
			return 1
		}
		return int(a.i - b.i)
	})
	idx := make([]int32, len(ps))
	for i, p := range ps {
		idx[i] = p.i
	}
	return idx
}
