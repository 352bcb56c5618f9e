package base

import (
	"cmp"
	"hash/maphash"
	"strings"
)

// Compare orders a and b like PostgreSQL's btree operator class: NULLs sort
// after every value. Returns -1, 0 or +1.
func Compare(a, b Datum) int {
	if a.Null || b.Null {
		switch {
		case a.Null && b.Null:
			return 0
		case a.Null:
			return 1
		}
		return -1
	}
	switch a.K {
	case KindFloat32, KindFloat64:
		return cmp.Compare(a.F, b.F)
	case KindNumeric:
		return a.D.Cmp(b.D)
	case KindText, KindBytea, KindJSONB:
		return strings.Compare(a.S, b.S)
	}
	return cmp.Compare(a.I, b.I)
}

// Equal reports SQL equality: NULL is never equal to anything.
func Equal(a, b Datum) bool { return !a.Null && !b.Null && Compare(a, b) == 0 }

// EqualForGrouping is equality for GROUP BY / DISTINCT: NULL equals NULL.
func EqualForGrouping(a, b Datum) bool { return Compare(a, b) == 0 }

var hashSeed = maphash.MakeSeed()

// HashDatum hashes d consistently with EqualForGrouping.
func HashDatum(d Datum, seed uint64) uint64 {
	return maphash.String(hashSeed, FormatText(d, Type{Kind: d.K}, nil)) ^ seed
}
