package base

import (
	"fmt"
	"math"
	"testing"
	"time"
)

var fuzzTypes = []Type{
	Bool, Int16, Int32, Int64, Float32, Float64, Numeric, Text, Bytea, Date, TimeT,
	Timestamp, TimestampTZ, IntervalT, JSONB, Oid, ArrayOf(Int32), ArrayOf(Text), ArrayOf(Numeric),
}

// FuzzParseText: no panics; whatever parses prints to text that parses back
// to an equal value.
func FuzzParseText(f *testing.F) {
	for i, s := range []string{"1", "-1.5e3", "NaN", "t", "2024-01-02 03:04:05+02", "1 day 02:03:04", `{"a": [1, 2]}`,
		`{1,NULL,"a b"}`, `\x4142`, "P1Y2M", "infinity", "0044-03-15 BC", "12:34:56.789"} {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, k uint8, s string) {
		ty := fuzzTypes[int(k)%len(fuzzTypes)]
		timer := time.AfterFunc(3*time.Second, func() { panic(fmt.Sprintf("slow input %s %q", ty, s)) })
		defer timer.Stop()
		d, err := ParseText(ty, s, time.UTC)
		if err != nil {
			if AsError(err).Code == CodeInternalError {
				t.Fatalf("untyped error for %q: %v", s, err)
			}
			return
		}
		out := FormatText(d, ty, time.UTC)
		d2, err := ParseText(ty, out, time.UTC)
		if err != nil {
			t.Fatalf("%s: %q -> %q does not parse: %v", ty, s, out, err)
		}
		if Compare(d, d2) != 0 && !(ty.Kind == KindFloat32 && math.IsNaN(d.F)) {
			t.Fatalf("%s: %q -> %q -> %q", ty, s, out, FormatText(d2, ty, time.UTC))
		}
		if out2 := FormatText(d2, ty, time.UTC); out2 != out {
			t.Fatalf("%s: output not stable: %q then %q", ty, out, out2)
		}
		// Keys round-trip too.
		k1 := EncodeKey(nil, d, false)
		d3, rest, err := DecodeKey(k1, ty, false)
		if err != nil || len(rest) != 0 || Compare(d, d3) != 0 {
			t.Fatalf("%s: key round trip of %q: %v", ty, out, err)
		}
	})
}

// FuzzDecodeKey: garbage never panics.
func FuzzDecodeKey(f *testing.F) {
	f.Add(uint8(6), EncodeKey(nil, DText("a\x00b"), false))
	f.Add(uint8(5), EncodeKey(nil, DNumeric(NumericFromInt(-1234)), true))
	f.Add(uint8(16), EncodeKey(nil, DArray(KindInt32, []Datum{DInt32(1), NullOf(KindInt32)}), false))
	f.Fuzz(func(t *testing.T, k uint8, b []byte) {
		ty := fuzzTypes[int(k)%len(fuzzTypes)]
		for _, desc := range []bool{false, true} {
			d, _, err := DecodeKey(b, ty, desc)
			if err == nil {
				_ = FormatText(d, ty, nil)
			}
		}
	})
}

// FuzzDecodeRow: garbage never panics.
func FuzzDecodeRow(f *testing.F) {
	f.Add(EncodeRow(nil, []Datum{DInt32(1), DText("x"), DNumeric(NumericFromInt(5))}))
	f.Add(EncodeRow(nil, []Datum{NullOf(KindInt32), DArray(KindText, []Datum{DText("a")})}))
	f.Fuzz(func(t *testing.T, b []byte) {
		types := []Type{Int32, Text, Numeric}
		if r, err := DecodeRow(b, types); err == nil {
			for i := range r {
				_ = FormatText(r[i], types[i], nil)
			}
		}
		_, _ = DecodeRow(b, []Type{Int32, ArrayOf(Text)})
	})
}
