package clients

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// typeCase is one supported SQL type: its column, and two non-NULL Go values bound as
// parameters (by pgx) and expected back when scanned into a value of the same Go type.
type typeCase struct {
	col, sqlType string
	vals         [2]any
	eq           func(want, got any) bool // nil: reflect.DeepEqual
}

func mustNumeric(s string) pgtype.Numeric {
	var n pgtype.Numeric
	if err := n.Scan(s); err != nil {
		panic(err)
	}
	return n
}

func numericRat(n pgtype.Numeric) *big.Rat {
	if !n.Valid || n.Int == nil {
		return nil
	}
	r := new(big.Rat).SetInt(n.Int)
	exp := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs32(n.Exp))), nil)
	if n.Exp >= 0 {
		r.Mul(r, new(big.Rat).SetInt(exp))
	} else {
		r.Quo(r, new(big.Rat).SetInt(exp))
	}
	return r
}

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

// jsonEq compares two JSON texts as values (jsonb does not keep the text as sent).
func jsonEq(want, got any) bool {
	var w, g any
	if json.Unmarshal([]byte(want.(string)), &w) != nil || json.Unmarshal([]byte(got.(string)), &g) != nil {
		return false
	}
	return reflect.DeepEqual(w, g)
}

func timeEq(want, got any) bool { return want.(time.Time).Equal(got.(time.Time)) }

// allTypes is every type the wire protocol must carry, with edge values: extremes,
// negative numbers, empty and non-ASCII strings, quoting, bytes 0x00/0xff, dates around the
// epochs, non-UTC offsets, mixed-sign intervals, nested JSON, empty arrays.
var allTypes = []typeCase{
	{col: "b", sqlType: "bool", vals: [2]any{true, false}},
	{col: "i2", sqlType: "int2", vals: [2]any{int16(-32768), int16(32767)}},
	{col: "i4", sqlType: "int4", vals: [2]any{int32(-2147483648), int32(42)}},
	{col: "i8", sqlType: "int8", vals: [2]any{int64(math.MaxInt64), int64(-9007199254740993)}},
	{col: "f4", sqlType: "float4", vals: [2]any{float32(1.5), float32(-3.25e10)}},
	{col: "f8", sqlType: "float8", vals: [2]any{float64(0.1), float64(-1.7976931348623157e308)}},
	{col: "n", sqlType: "numeric", vals: [2]any{mustNumeric("12345678901234567890.0123456789"), mustNumeric("-0.000001")},
		eq: func(want, got any) bool {
			w, g := numericRat(want.(pgtype.Numeric)), numericRat(got.(pgtype.Numeric))
			return w != nil && g != nil && w.Cmp(g) == 0
		}},
	{col: "t", sqlType: "text", vals: [2]any{"héllo, wörld ☃ 'quoted' \"dq\" \\ back", ""}},
	{col: "vc", sqlType: "varchar(20)", vals: [2]any{"varchar value", "ü"}},
	{col: "by", sqlType: "bytea", vals: [2]any{[]byte{0, 1, 2, 0xfe, 0xff, '\\', '\''}, []byte{}}},
	{col: "d", sqlType: "date", vals: [2]any{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)}, eq: timeEq},
	{col: "tm", sqlType: "time", vals: [2]any{
		pgtype.Time{Microseconds: (23*3600+59*60+59)*1e6 + 999999, Valid: true},
		pgtype.Time{Microseconds: 0, Valid: true}}},
	{col: "ts", sqlType: "timestamp", vals: [2]any{
		time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC)}, eq: timeEq},
	{col: "tstz", sqlType: "timestamptz", vals: [2]any{
		time.Date(2024, 6, 30, 22, 15, 0, 500000000, time.FixedZone("", 5*3600+30*60)),
		time.Date(1970, 1, 1, 0, 0, 0, 1000, time.UTC)}, eq: timeEq},
	{col: "iv", sqlType: "interval", vals: [2]any{
		pgtype.Interval{Months: 14, Days: 3, Microseconds: 4*3600e6 + 5*60e6 + 6789000, Valid: true},
		pgtype.Interval{Months: -1, Days: 2, Microseconds: -1, Valid: true}}},
	{col: "j", sqlType: "jsonb", vals: [2]any{
		`{"a": 1, "b": [true, null, "x", 1.50], "c": {"d": "é\\n"}}`, `[]`}, eq: jsonEq},
	{col: "ai", sqlType: "int4[]", vals: [2]any{[]int32{1, -2, 3}, []int32{}}},
	{col: "at", sqlType: "text[]", vals: [2]any{[]string{"a b", "c,d", `"q"`, "", "NULL?"}, []string{"x"}}},
}

// createAllTypes is the round-trip table: id plus one column per type.
func createAllTypes(table string) string {
	s := "CREATE TABLE " + table + " (id int PRIMARY KEY"
	for _, c := range allTypes {
		s += ", " + c.col + " " + c.sqlType
	}
	return s + ")"
}

// insertAllTypes is INSERT INTO table VALUES ($1, ..., $n) with id first.
func insertAllTypes(table string) string {
	s := "INSERT INTO " + table + " (id"
	for _, c := range allTypes {
		s += ", " + c.col
	}
	s += ") VALUES ($1"
	for i := range allTypes {
		s += fmt.Sprintf(", $%d", i+2)
	}
	return s + ")"
}

func selectAllTypes(table string) string {
	s := "SELECT "
	for i, c := range allTypes {
		if i > 0 {
			s += ", "
		}
		s += c.col
	}
	return s + " FROM " + table + " WHERE id = $1"
}

// newScanDsts returns, per type, a **T to scan into (nil on NULL) for values of vals[0]'s type.
func newScanDsts() []any {
	d := make([]any, len(allTypes))
	for i, c := range allTypes {
		d[i] = reflect.New(reflect.PointerTo(reflect.TypeOf(c.vals[0]))).Interface()
	}
	return d
}

// scanned returns the value behind a **T (nil for NULL).
func scanned(dst any) any {
	p := reflect.ValueOf(dst).Elem()
	if p.IsNil() {
		return nil
	}
	return p.Elem().Interface()
}

func (c typeCase) equal(want, got any) bool {
	if want == nil || got == nil {
		return want == nil && got == nil
	}
	if c.eq != nil {
		return c.eq(want, got)
	}
	w, g := reflect.ValueOf(want), reflect.ValueOf(got)
	if w.Kind() == reflect.Slice && g.Kind() == reflect.Slice && w.Len() == 0 && g.Len() == 0 {
		return w.Type() == g.Type() // nil and empty slices are the same empty value
	}
	return reflect.DeepEqual(want, got)
}
