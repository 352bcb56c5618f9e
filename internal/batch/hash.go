package batch

import (
	"hash/maphash"
	"math"

	"github.com/tributarydb/tributary/internal/base"
)

// Hashing and equality of key columns. Both sides of a join key (and all
// rows of a GROUP BY key) have one type after binding, so hashes only need
// to agree within a payload kind; integer kinds share one hash so that a
// smallint key still meets a bigint key if the binder ever leaves them
// apart.

var bytesSeed = maphash.MakeSeed()

const (
	hashNull = 0x9ae16a3b2f90404f
	hashInit = 0xcbf29ce484222325
)

// mix64 is a fast 64-bit finalizer (from splitmix64).
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func combine(h, x uint64) uint64 { return mix64(h*31 + x) }

// floatBits normalizes -0 to 0 and every NaN to one NaN so that values
// equal for grouping hash equal.
func floatBits(f float64) uint64 {
	if f == 0 {
		return 0
	}
	if f != f {
		return 0x7ff8000000000001
	}
	return math.Float64bits(f)
}

// hashVector folds column v into hashes[0:n] (first: initialize).
func hashVector(v *base.Vector, n int, hashes []uint64, first bool) {
	if first {
		for i := range hashes[:n] {
			hashes[i] = hashInit
		}
	}
	hasNulls := v.Nulls != nil
	switch payloadOf(v.Type.Kind) {
	case plI64:
		xs := v.I64[:n]
		if !hasNulls {
			for i, x := range xs {
				hashes[i] = combine(hashes[i], uint64(x))
			}
			return
		}
		for i, x := range xs {
			if v.Nulls.Get(i) {
				hashes[i] = combine(hashes[i], hashNull)
			} else {
				hashes[i] = combine(hashes[i], uint64(x))
			}
		}
	case plF64:
		for i, x := range v.F64[:n] {
			if hasNulls && v.Nulls.Get(i) {
				hashes[i] = combine(hashes[i], hashNull)
			} else {
				hashes[i] = combine(hashes[i], floatBits(x))
			}
		}
	case plBytes:
		for i := 0; i < n; i++ {
			if hasNulls && v.Nulls.Get(i) {
				hashes[i] = combine(hashes[i], hashNull)
			} else {
				hashes[i] = combine(hashes[i], maphash.Bytes(bytesSeed, v.Bytes(i)))
			}
		}
	default:
		for i := 0; i < n; i++ {
			if hasNulls && v.Nulls.Get(i) {
				hashes[i] = combine(hashes[i], hashNull)
			} else {
				hashes[i] = combine(hashes[i], hashGeneric(&v.Datums[i]))
			}
		}
	}
}

// hashGeneric hashes the Datum-payload kinds (numeric, interval, array)
// with base.HashDatum, which is consistent with base.Compare: 1.0 and 1.00,
// '1 day' and '24 hours' hash alike.
func hashGeneric(d *base.Datum) uint64 {
	if d.Null {
		return hashNull
	}
	return base.HashDatum(*d, 0)
}

// intervalSpan is the interval in microseconds with PostgreSQL's 30-day
// month and 24-hour day (saturating is unnecessary at these magnitudes).
func intervalSpan(iv base.Interval) int64 {
	return int64(iv.Months)*30*86400_000_000 + int64(iv.Days)*86400_000_000 + iv.Micros
}

// compareDatum orders two datums of one kind, NULLs last: the fast
// payload kinds inline, the rest (numeric with NaN, intervals by span,
// arrays element-wise) by base.Compare.
func compareDatum(a, b *base.Datum) int {
	if a.Null || b.Null {
		switch {
		case a.Null && b.Null:
			return 0
		case a.Null:
			return 1
		}
		return -1
	}
	switch payloadOf(a.K) {
	case plI64:
		return cmpInt(a.I, b.I)
	case plF64:
		return cmpFloat(a.F, b.F)
	case plBytes:
		return cmpString(a.S, b.S)
	}
	return base.Compare(*a, *b)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpFloat orders floats like PostgreSQL: NaN equals NaN and sorts above
// every other value; -0 equals 0.
func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	}
	an, bn := a != a, b != b
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	}
	return -1
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpBytes(a, b []byte) int {
	// string conversion here does not allocate.
	return cmpString(string(a), string(b))
}

// equalAt is grouping equality (NULL = NULL) of row i of a and row j of b.
func equalAt(a *base.Vector, i int, b *base.Vector, j int) bool {
	an, bn := a.IsNull(i), b.IsNull(j)
	if an || bn {
		return an && bn
	}
	switch payloadOf(a.Type.Kind) {
	case plI64:
		return a.I64[i] == b.I64[j]
	case plF64:
		return cmpFloat(a.F64[i], b.F64[j]) == 0
	case plBytes:
		return string(a.Bytes(i)) == string(b.Bytes(j))
	}
	return compareDatum(&a.Datums[i], &b.Datums[j]) == 0
}
