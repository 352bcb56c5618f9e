package base

import (
	"math"
	"math/bits"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// Compare orders a and b like PostgreSQL's btree operator classes and
// returns -1, 0 or +1:
//   - NULLs sort after every value (ASC NULLS LAST); two NULLs are equal.
//   - floats: NaN equals NaN and is above every other value; -0 equals 0.
//   - numeric: exact; NaN above +Infinity.
//   - text, bytea: bytewise (the C collation).
//   - jsonb: PostgreSQL's jsonb ordering (null < string < number < bool <
//     array < object at the top level of a comparison; see compareJSON).
//   - interval: by (months*30 + days)*24h + µs, so '1 mon' = '30 days'.
//   - arrays: element by element (NULL elements last), then by length.
//
// Mixed kinds compare by value (the binder normally casts first): integers
// and numerics exactly, anything with a float as float8 (PostgreSQL's
// implicit casts), date against timestamp at midnight, timestamp against
// timestamptz as if the session zone were UTC.
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
	if a.K == b.K {
		return compareSame(a, b)
	}
	return compareMixed(a, b)
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

// CompareFloat is float8_cmp_internal: NaN = NaN > everything else.
func CompareFloat(a, b float64) int {
	an, bn := a != a, b != b
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// CompareNumeric is cmp_numerics: NaN = NaN > +Infinity > finite > -Infinity.
func CompareNumeric(a, b *apd.Decimal) int {
	an, bn := isNaNDec(a), isNaNDec(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	ai, bi := a.Form == apd.Infinite, b.Form == apd.Infinite
	if ai || bi {
		sa, sb := numSign(a), numSign(b)
		if ai && bi {
			return cmpInt(int64(sa), int64(sb))
		}
		if ai {
			return sa
		}
		return -sb
	}
	return a.Cmp(b)
}

// CompareInterval compares by PostgreSQL's normalized span.
func CompareInterval(a, b Interval) int {
	ad, am := intervalSpan(a)
	bd, bm := intervalSpan(b)
	if c := cmpInt(ad, bd); c != 0 {
		return c
	}
	return cmpInt(am, bm)
}

// intervalSpan returns the interval as whole days (months = 30 days) plus
// µs within the day, exact.
func intervalSpan(iv Interval) (days, micros int64) {
	days = int64(iv.Months)*daysPerMonth + int64(iv.Days) + floorDiv(iv.Micros, usPerDay)
	return days, floorMod(iv.Micros, usPerDay)
}

func compareSame(a, b Datum) int {
	switch a.K {
	case KindFloat32, KindFloat64:
		return CompareFloat(a.F, b.F)
	case KindNumeric:
		return CompareNumeric(numOrNaN(a.D), numOrNaN(b.D))
	case KindText, KindBytea, KindUnknown:
		return strings.Compare(a.S, b.S)
	case KindJSONB:
		return CompareJSONB(a.S, b.S)
	case KindInterval:
		return CompareInterval(a.Iv, b.Iv)
	case KindArray:
		n := min(len(a.A), len(b.A))
		for i := 0; i < n; i++ {
			if c := Compare(a.A[i], b.A[i]); c != 0 {
				return c
			}
		}
		return cmpInt(int64(len(a.A)), int64(len(b.A)))
	}
	return cmpInt(a.I, b.I)
}

var nanDec = &apd.Decimal{Form: apd.NaN}

func numOrNaN(d *apd.Decimal) *apd.Decimal {
	if d == nil {
		return nanDec
	}
	return d
}

func isIntKind(k Kind) bool {
	return k == KindInt16 || k == KindInt32 || k == KindInt64 || k == KindOid
}
func isFloatKind(k Kind) bool { return k == KindFloat32 || k == KindFloat64 }
func isNumKind(k Kind) bool   { return isIntKind(k) || isFloatKind(k) || k == KindNumeric }

// asFloat converts a numeric-family datum to float8 (PostgreSQL's implicit
// cast target when a float takes part).
func asFloat(d Datum) float64 {
	switch {
	case isIntKind(d.K):
		return float64(d.I)
	case d.K == KindNumeric:
		return NumericToFloat64(numOrNaN(d.D))
	}
	return d.F
}

func asNumeric(d Datum) *apd.Decimal {
	if d.K == KindNumeric {
		return numOrNaN(d.D)
	}
	return NumericFromInt(d.I)
}

// dateAsTimestamp maps a date payload to timestamp µs (infinities kept).
func dateAsTimestamp(days int64) int64 {
	switch days {
	case DateNegInfinity:
		return TimestampNegInfinity
	case DatePosInfinity:
		return TimestampPosInfinity
	}
	if days > math.MaxInt64/usPerDay {
		return TimestampPosInfinity
	}
	if days < math.MinInt64/usPerDay {
		return TimestampNegInfinity
	}
	return days * usPerDay
}

func isTimestampKind(k Kind) bool { return k == KindTimestamp || k == KindTimestampTZ }

func compareMixed(a, b Datum) int {
	switch {
	case isNumKind(a.K) && isNumKind(b.K):
		switch {
		case isFloatKind(a.K) || isFloatKind(b.K):
			return CompareFloat(asFloat(a), asFloat(b))
		case a.K == KindNumeric || b.K == KindNumeric:
			return CompareNumeric(asNumeric(a), asNumeric(b))
		}
		return cmpInt(a.I, b.I)
	case (a.K == KindText || a.K == KindUnknown) && (b.K == KindText || b.K == KindUnknown):
		return strings.Compare(a.S, b.S)
	case isTimestampKind(a.K) && isTimestampKind(b.K):
		return cmpInt(a.I, b.I)
	case a.K == KindDate && isTimestampKind(b.K):
		return cmpInt(dateAsTimestamp(a.I), b.I)
	case isTimestampKind(a.K) && b.K == KindDate:
		return cmpInt(a.I, dateAsTimestamp(b.I))
	}
	// Unrelated kinds: order by kind so the order stays total.
	return cmpInt(int64(a.K), int64(b.K))
}

// Equal reports SQL equality (=): NULL is never equal to anything. NaN
// equals NaN, as in PostgreSQL's float and numeric types.
func Equal(a, b Datum) bool { return !a.Null && !b.Null && Compare(a, b) == 0 }

// EqualForGrouping is equality for GROUP BY, DISTINCT, UNION and join
// keys of hash tables: like Equal, except NULL equals NULL.
func EqualForGrouping(a, b Datum) bool { return Compare(a, b) == 0 }

// CompareJSONB orders two canonical jsonb texts. Scalars and containers
// follow PostgreSQL's compareJsonbContainers for the common cases (type
// rank null < string < number < boolean < array < object; objects by pair
// count, then keys/values in storage order; arrays by length then elements).
// Text that fails to parse falls back to a byte comparison.
func CompareJSONB(a, b string) int {
	if a == b {
		return 0
	}
	va, err1 := ParseJSON(a)
	vb, err2 := ParseJSON(b)
	if err1 != nil || err2 != nil {
		return strings.Compare(a, b)
	}
	return compareJSON(va, vb, true)
}

func jsonRank(k JSONKind) int {
	switch k {
	case JSONNull:
		return 0
	case JSONString:
		return 1
	case JSONNumber:
		return 2
	case JSONBool:
		return 3
	case JSONArray:
		return 4
	}
	return 5
}

func compareJSON(a, b *JSONValue, top bool) int {
	// PostgreSQL sorts a raw scalar (stored as a one-element pseudo array)
	// below real arrays, which the type rank already gives us.
	if a.Kind != b.Kind {
		return cmpInt(int64(jsonRank(a.Kind)), int64(jsonRank(b.Kind)))
	}
	switch a.Kind {
	case JSONNull:
		return 0
	case JSONString:
		return strings.Compare(a.Str, b.Str)
	case JSONNumber:
		x, _ := ParseNumeric(a.Str)
		y, _ := ParseNumeric(b.Str)
		return CompareNumeric(x, y)
	case JSONBool:
		return cmpInt(b2i(a.Bool), b2i(b.Bool))
	case JSONArray:
		if c := cmpInt(int64(len(a.Arr)), int64(len(b.Arr))); c != 0 {
			return c
		}
		for i := range a.Arr {
			if c := compareJSON(&a.Arr[i], &b.Arr[i], false); c != 0 {
				return c
			}
		}
		return 0
	}
	if c := cmpInt(int64(len(a.Keys)), int64(len(b.Keys))); c != 0 {
		return c
	}
	for i := range a.Keys {
		if c := strings.Compare(a.Keys[i], b.Keys[i]); c != 0 {
			return c
		}
		if c := compareJSON(&a.Vals[i], &b.Vals[i], false); c != 0 {
			return c
		}
	}
	return 0
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// ---------------------------------------------------------------------------
// Hashing

// HashDatum hashes d consistently with EqualForGrouping: values that group
// together hash equal (1::int2, 1::int8, 1.00::numeric and 1.0::float8;
// -0.0 and 0.0; all NaNs; '1 mon' and '30 days'; NULLs of any kind). The
// hash is deterministic across processes and releases, so it may be used
// for data distribution and persisted.
func HashDatum(d Datum, seed uint64) uint64 {
	h := seed ^ 0x9e3779b97f4a7c15
	if d.Null {
		return mix64(h ^ 0x6e756c6c)
	}
	switch d.K {
	case KindInt16, KindInt32, KindInt64, KindOid:
		return hashFloatBits(h, float64(d.I))
	case KindFloat32, KindFloat64:
		return hashFloatBits(h, d.F)
	case KindNumeric:
		return hashFloatBits(h, numericHashFloat(numOrNaN(d.D)))
	case KindBool:
		return mix64(h ^ 0xb001 ^ uint64(d.I))
	case KindText, KindUnknown, KindBytea:
		return hashString(h^0x7e47, d.S)
	case KindJSONB:
		if v, err := ParseJSON(d.S); err == nil {
			return hashJSON(h^0x750b, v)
		}
		return hashString(h^0x750b, d.S)
	case KindDate:
		return mix64(h ^ 0x7173 ^ uint64(dateAsTimestamp(d.I)))
	case KindTimestamp, KindTimestampTZ:
		return mix64(h ^ 0x7173 ^ uint64(d.I))
	case KindTime:
		return mix64(h ^ 0x7133 ^ uint64(d.I))
	case KindInterval:
		days, us := intervalSpan(d.Iv)
		return mix64(mix64(h^0x1417^uint64(days)) ^ uint64(us))
	case KindArray:
		h = mix64(h ^ 0xa77a ^ uint64(len(d.A)))
		for _, e := range d.A {
			h = HashDatum(e, h)
		}
		return h
	}
	return mix64(h ^ uint64(d.K))
}

// hashJSON hashes structurally so that numbers equal as numerics (1.0 and
// 1.00) hash equal, matching CompareJSONB.
func hashJSON(h uint64, v *JSONValue) uint64 {
	h = mix64(h ^ uint64(v.Kind+1))
	switch v.Kind {
	case JSONBool:
		return mix64(h ^ uint64(b2i(v.Bool)))
	case JSONString:
		return hashString(h, v.Str)
	case JSONNumber:
		n, _ := ParseNumeric(v.Str)
		return hashFloatBits(h, numericHashFloat(n))
	case JSONArray:
		for i := range v.Arr {
			h = hashJSON(h, &v.Arr[i])
		}
	case JSONObject:
		for i := range v.Keys {
			h = hashJSON(hashString(h, v.Keys[i]), &v.Vals[i])
		}
	}
	return h
}

func hashFloatBits(h uint64, f float64) uint64 {
	switch {
	case f != f:
		f = math.NaN()
	case f == 0:
		f = 0
	}
	return mix64(h ^ 0x4e554d ^ math.Float64bits(f))
}

// numericHashFloat maps a numeric to the float8 used for hashing: equal
// numerics (whatever their scale) give equal floats.
func numericHashFloat(d *apd.Decimal) float64 {
	if d.Form == apd.Finite && d.Exponent == 0 && d.Coeff.IsInt64() {
		v := d.Coeff.Int64()
		if d.Negative {
			v = -v
		}
		return float64(v)
	}
	return NumericToFloat64(d)
}

// mix64 is the SplitMix64 finalizer.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// hashString is a simple 8-bytes-at-a-time multiply-mix hash.
func hashString(h uint64, s string) uint64 {
	const m = 0xc6a4a7935bd1e995
	h ^= uint64(len(s)) * m
	for len(s) >= 8 {
		k := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		hi, lo := bits.Mul64(k^h, m)
		h = hi ^ lo
		s = s[8:]
	}
	var k uint64
	for i := 0; i < len(s); i++ {
		k |= uint64(s[i]) << (8 * i)
	}
	hi, lo := bits.Mul64(k^h^0xff51afd7ed558ccd, m)
	return mix64(hi ^ lo)
}
