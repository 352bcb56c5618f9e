package base

import "github.com/cockroachdb/apd/v3"

// Interval is PostgreSQL's interval: months, days and microseconds are kept
// apart because their lengths vary (a month is not 30 days, a day is not
// always 24 hours across DST).
type Interval struct {
	Months int32
	Days   int32
	Micros int64
}

// Datum is one SQL value, used where a row-at-a-time value is needed
// (constants, catalog, results, slow paths). Hot paths use Vector.
//
// Representation by Kind:
//   - Bool: I (0 or 1)
//   - Int16/Int32/Int64/Oid: I
//   - Float32/Float64: F
//   - Numeric: D (never nil when not Null); NaN as apd NaN form
//   - Text/Bytea: S (bytea holds raw bytes)
//   - JSONB: S holds the canonical jsonb text (as PostgreSQL prints it)
//   - Date: I = days since 1970-01-01 (math.MinInt64/MaxInt64 = -infinity/infinity)
//   - Time: I = microseconds since midnight
//   - Timestamp/TimestampTZ: I = microseconds since 1970-01-01 00:00:00 UTC
//     (math.MinInt64/MaxInt64 = -infinity/infinity)
//   - Interval: Iv
//   - Array: A (elements of the array's element type; nil elements as Null datums)
type Datum struct {
	K    Kind
	Null bool
	I    int64
	F    float64
	S    string
	D    *apd.Decimal
	Iv   Interval
	A    []Datum
}

// NullDatum is an untyped NULL.
var NullDatum = Datum{Null: true}

// NullOf returns a NULL of kind k.
func NullOf(k Kind) Datum { return Datum{K: k, Null: true} }

// Constructors.
func DBool(b bool) Datum {
	if b {
		return Datum{K: KindBool, I: 1}
	}
	return Datum{K: KindBool}
}
func DInt16(v int64) Datum              { return Datum{K: KindInt16, I: v} }
func DInt32(v int64) Datum              { return Datum{K: KindInt32, I: v} }
func DInt64(v int64) Datum              { return Datum{K: KindInt64, I: v} }
func DFloat32(v float64) Datum          { return Datum{K: KindFloat32, F: v} }
func DFloat64(v float64) Datum          { return Datum{K: KindFloat64, F: v} }
func DNumeric(d *apd.Decimal) Datum     { return Datum{K: KindNumeric, D: d} }
func DText(s string) Datum              { return Datum{K: KindText, S: s} }
func DBytea(b []byte) Datum             { return Datum{K: KindBytea, S: string(b)} }
func DJSONB(canonical string) Datum     { return Datum{K: KindJSONB, S: canonical} }
func DDate(days int64) Datum            { return Datum{K: KindDate, I: days} }
func DTime(us int64) Datum              { return Datum{K: KindTime, I: us} }
func DTimestamp(us int64) Datum         { return Datum{K: KindTimestamp, I: us} }
func DTimestampTZ(us int64) Datum       { return Datum{K: KindTimestampTZ, I: us} }
func DInterval(iv Interval) Datum       { return Datum{K: KindInterval, Iv: iv} }
func DArray(elem Kind, a []Datum) Datum { return Datum{K: KindArray, A: a, I: int64(elem)} }
func DOid(v int64) Datum                { return Datum{K: KindOid, I: v} }

// Bool returns the boolean payload (false for NULL).
func (d Datum) Bool() bool { return !d.Null && d.I != 0 }
