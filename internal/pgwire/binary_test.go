package pgwire

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/tributarydb/tributary/internal/base"
)

func dec(s string) *apd.Decimal {
	d, _, err := apd.NewFromString(s)
	if err != nil {
		panic(err)
	}
	return d
}

// binaryCases holds a value of every kind, edge cases included.
func binaryCases() []struct {
	t base.Type
	d base.Datum
} {
	ts := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC).UnixMicro()
	type c = struct {
		t base.Type
		d base.Datum
	}
	cs := []c{
		{base.Bool, base.DBool(true)}, {base.Bool, base.DBool(false)},
		{base.Int16, base.DInt16(math.MinInt16)}, {base.Int16, base.DInt16(math.MaxInt16)},
		{base.Int32, base.DInt32(math.MinInt32)}, {base.Int32, base.DInt32(-1)},
		{base.Int64, base.DInt64(math.MinInt64)}, {base.Int64, base.DInt64(math.MaxInt64)},
		{base.Float32, base.DFloat32(1.5)}, {base.Float32, base.DFloat32(math.Inf(-1))},
		{base.Float64, base.DFloat64(math.SmallestNonzeroFloat64)}, {base.Float64, base.DFloat64(-0.1)},
		{base.Text, base.DText("")}, {base.Text, base.DText("héllo\x00")}, {base.Varchar, base.DText("v")},
		{base.Bytea, base.DBytea([]byte{0, 0xff})},
		{base.JSONB, base.DJSONB(`{"a": [1, 2]}`)},
		{base.Date, base.DDate(0)}, {base.Date, base.DDate(-800000)}, {base.Date, base.DDate(math.MaxInt64)}, {base.Date, base.DDate(math.MinInt64)},
		{base.TimeT, base.DTime(0)}, {base.TimeT, base.DTime(86400_000_000 - 1)},
		{base.Timestamp, base.DTimestamp(ts)}, {base.Timestamp, base.DTimestamp(0)}, {base.Timestamp, base.DTimestamp(math.MaxInt64)},
		{base.TimestampTZ, base.DTimestampTZ(ts)}, {base.TimestampTZ, base.DTimestampTZ(-ts)}, {base.TimestampTZ, base.DTimestampTZ(math.MinInt64)},
		{base.IntervalT, base.DInterval(base.Interval{Months: -14, Days: 3, Micros: -5})},
		{base.Oid, base.DOid(math.MaxUint32)},
		{base.ArrayOf(base.Int32), base.DArray(base.KindInt32, []base.Datum{base.DInt32(1), base.NullOf(base.KindInt32), base.DInt32(3)})},
		{base.ArrayOf(base.Text), base.DArray(base.KindText, []base.Datum{})},
		{base.ArrayOf(base.Varchar), base.DArray(base.KindText, []base.Datum{base.DText("a")})},
		{base.ArrayOf(base.Numeric), base.DArray(base.KindNumeric, []base.Datum{base.DNumeric(dec("1.5"))})},
		{base.ArrayOf(base.IntervalT), base.DArray(base.KindInterval, []base.Datum{base.DInterval(base.Interval{Days: 1})})},
	}
	for _, s := range numericCases {
		cs = append(cs, c{base.Numeric, base.DNumeric(dec(s))})
	}
	return cs
}

var numericCases = []string{
	"0", "0.00", "1", "-1", "0.5", "-0.5", "12345.6789", "0.0001", "0.00001", "10000", "9999",
	"100000000000000000000", "1E+20", "-99999999.99999999", "1.23E-10", "3.14159265358979323846264338327950288",
	"123456789012345678901234567890.123456789", "NaN", "Infinity", "-Infinity",
}

func sameDatum(a, b base.Datum) bool {
	if a.K == base.KindNumeric && b.K == base.KindNumeric {
		return a.D.Form == b.D.Form && a.D.Negative == b.D.Negative && a.D.Text('f') == b.D.Text('f')
	}
	if a.K == base.KindArray && b.K == base.KindArray {
		if len(a.A) != len(b.A) || a.I != b.I {
			return false
		}
		for i := range a.A {
			if a.A[i].Null != b.A[i].Null || !a.A[i].Null && !sameDatum(a.A[i], b.A[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

func TestBinaryRoundTrip(t *testing.T) {
	for _, tc := range binaryCases() {
		b, err := AppendBinary(nil, tc.d, tc.t)
		if err != nil {
			t.Fatalf("%s %v: %v", tc.t, tc.d, err)
		}
		got, err := DecodeBinary(tc.t, b, time.UTC)
		if err != nil {
			t.Fatalf("%s %v: decode: %v", tc.t, tc.d, err)
		}
		if !sameDatum(got, tc.d) {
			t.Errorf("%s: got %+v, want %+v", tc.t, got, tc.d)
		}
		// Every strict prefix is malformed (variable-length kinds excepted).
		if tc.t.Size() > 0 {
			if _, err := DecodeBinary(tc.t, b[:len(b)-1], time.UTC); err == nil {
				t.Errorf("%s: truncated input accepted", tc.t)
			}
		}
	}
}

// TestBinaryAgainstPgtype checks our encoding against pgx's independent
// codecs in both directions.
func TestBinaryAgainstPgtype(t *testing.T) {
	m := pgtype.NewMap()
	for _, s := range numericCases {
		ours, err := AppendBinary(nil, base.DNumeric(dec(s)), base.Numeric)
		if err != nil {
			t.Fatal(err)
		}
		var n pgtype.Numeric
		if err := m.Scan(base.OidNumeric, pgtype.BinaryFormatCode, ours, &n); err != nil {
			t.Fatalf("%s: pgtype scan: %v", s, err)
		}
		want := dec(s)
		switch {
		case n.NaN:
			if want.Form != apd.NaN {
				t.Errorf("%s: pgtype read NaN", s)
			}
		case n.InfinityModifier != pgtype.Finite:
			if want.Form != apd.Infinite || want.Negative != (n.InfinityModifier == pgtype.NegativeInfinity) {
				t.Errorf("%s: pgtype read %v", s, n.InfinityModifier)
			}
		default:
			got := dec(n.Int.String() + "E" + itoa(int(n.Exp)))
			if got.Cmp(want) != 0 {
				t.Errorf("%s: pgtype read %s", s, got)
			}
		}
		// pgx → ours.
		var pn pgtype.Numeric
		if err := pn.Scan(s); err != nil {
			continue // pgtype parses neither exponents nor specials
		}
		enc, err := m.Encode(base.OidNumeric, pgtype.BinaryFormatCode, pn, nil)
		if err != nil {
			t.Fatal(err)
		}
		d, err := DecodeBinary(base.Numeric, enc, nil)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if d.D.Cmp(want) != 0 {
			t.Errorf("%s: decoded pgx bytes as %s", s, d.D.Text('f'))
		}
	}
	// Dates and timestamps against pgtype's epoch handling.
	tm := time.Date(1969, 7, 20, 20, 17, 40, 0, time.UTC)
	enc, _ := m.Encode(base.OidTimestampTZ, pgtype.BinaryFormatCode, tm, nil)
	if d, err := DecodeBinary(base.TimestampTZ, enc, nil); err != nil || d.I != tm.UnixMicro() {
		t.Fatal(d, err)
	}
	enc, _ = m.Encode(base.OidDate, pgtype.BinaryFormatCode, tm, nil)
	if d, err := DecodeBinary(base.Date, enc, nil); err != nil || d.I != tm.Unix()/86400-1 {
		t.Fatal(d, err) // 1969-07-20 is day -165
	}
}

func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestBinaryMalformed(t *testing.T) {
	bad := []struct {
		t base.Type
		b []byte
	}{
		{base.Numeric, []byte{0, 1, 0, 0, 0, 0, 0, 0}},                    // ndigits without digits
		{base.Numeric, []byte{0, 1, 0, 0, 0, 0, 0, 0, 0x27, 0x10}},        // digit 10000
		{base.Numeric, []byte{0, 0, 0, 0, 0x12, 0x34, 0, 0}},              // bad sign
		{base.JSONB, []byte(`{}`)},                                        // no version byte
		{base.TimeT, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0}}, // negative
		{base.ArrayOf(base.Int32), []byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 1}},
		{base.ArrayOf(base.Int32), []byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9}},
		{base.ArrayOf(base.Int32), []byte{0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 23}},
	}
	for _, tc := range bad {
		if d, err := DecodeBinary(tc.t, tc.b, nil); err == nil {
			t.Errorf("%s % x: accepted as %+v", tc.t, tc.b, d)
		}
	}
	if TypeForOID(1007) != base.ArrayOf(base.Int32) || TypeForOID(0) != base.Unknown || TypeForOID(1043) != base.Varchar {
		t.Fatal("TypeForOID")
	}
}

func TestCopyCodecs(t *testing.T) {
	cols := []Column{{Name: "a", Type: base.Int64}, {Name: "b", Type: base.Text}}
	rows := [][]base.Datum{
		{base.DInt64(1), base.DText("plain")},
		{base.DInt64(2), base.NullOf(base.KindText)},
		{base.DInt64(3), base.DText("")},
		{base.DInt64(4), base.DText("tab\t nl\n cr\r bs\\ quote\" comma, \\N")},
		{base.DInt64(5), base.DText(`\.`)},
	}
	for _, f := range []CopyFormat{{}, {Kind: CopyCSV}, {Kind: CopyBinary}, {Kind: CopyCSV, Header: true, Delimiter: '|'}, {Header: true, Null: "NULL", NullSet: true}} {
		enc := NewCopyEncoder(cols, f, nil)
		out := enc.AppendHeader(nil)
		for _, r := range rows {
			var err error
			if out, err = enc.AppendRow(out, r); err != nil {
				t.Fatal(err)
			}
		}
		out = enc.AppendTrailer(out)
		// Decode in chunks of every size up to 7 bytes.
		for chunk := 1; chunk <= 7; chunk++ {
			d := NewCopyDecoder(cols, f, nil)
			var got [][]base.Datum
			for i := 0; i < len(out); i += chunk {
				r, err := d.Feed(out[i:min(i+chunk, len(out))])
				if err != nil {
					t.Fatalf("%+v chunk %d: %v\n%q", f, chunk, err, out)
				}
				got = append(got, r...)
			}
			r, err := d.Finish()
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, r...)
			if len(got) != len(rows) {
				t.Fatalf("%+v chunk %d: %d rows\n%q", f, chunk, len(got), out)
			}
			for i := range rows {
				for j := range rows[i] {
					if !sameDatum(got[i][j], rows[i][j]) {
						t.Fatalf("%+v chunk %d row %d col %d: %+v != %+v\n%q", f, chunk, i, j, got[i][j], rows[i][j], out)
					}
				}
			}
		}
	}
	// Text escapes PostgreSQL accepts on input; the end marker stops input.
	d := NewCopyDecoder(cols[1:], CopyFormat{}, nil)
	got, err := d.Feed([]byte("\\101\\x42\\q\\\\\r\n\\.\nignored\n"))
	if err != nil || len(got) != 1 || got[0][0].S != `ABq\` {
		t.Fatal(got, err)
	}
	// CSV quoted newlines and NULL vs empty string.
	d = NewCopyDecoder(cols, CopyFormat{Kind: CopyCSV}, nil)
	got, err = d.Feed([]byte("1,\"x\r\ny\"\n2,\n3,\"\"\n"))
	if err != nil || len(got) != 3 || got[0][1].S != "x\r\ny" || !got[1][1].Null || got[2][1].Null {
		t.Fatal(got, err)
	}
	if _, err := NewCopyDecoder(cols, CopyFormat{Kind: CopyCSV}, nil).Finish(); err != nil {
		t.Fatal(err)
	}
	d = NewCopyDecoder(cols, CopyFormat{Kind: CopyCSV}, nil)
	d.Feed([]byte("1,\"open"))
	if _, err := d.Finish(); err == nil {
		t.Fatal("unterminated quote accepted")
	}
}
