package base

import (
	"math"
	"time"

	"github.com/cockroachdb/apd/v3"
)

// Cast converts d to type to with PostgreSQL's explicit-cast semantics
// (CAST(x AS t), x::t): varchar(n) truncates silently, numeric(p,s) rounds
// and may overflow, float→int rounds half to even, numeric→int rounds half
// away from zero. A NULL casts to a NULL of to.
func Cast(d Datum, to Type, loc *time.Location) (Datum, error) {
	return castDatum(d, to, loc, true)
}

// CastAssign is Cast in assignment context (INSERT/UPDATE targets): the
// same, except that a value too long for varchar(n) is an error (22001)
// unless the excess is spaces.
func CastAssign(d Datum, to Type, loc *time.Location) (Datum, error) {
	return castDatum(d, to, loc, false)
}

func cannotCast(from, to Type) error {
	return Errorf(CodeCannotCoerce, "cannot cast type %s to %s", from, to)
}

func datumType(d Datum) Type {
	if d.K == KindArray {
		return Type{Kind: KindArray, Elem: Kind(d.I)}
	}
	return Type{Kind: d.K}
}

func castDatum(d Datum, to Type, loc *time.Location, explicit bool) (Datum, error) {
	if d.Null {
		n := NullOf(to.Kind)
		if to.Kind == KindArray {
			n.I = int64(to.Elem)
		}
		return n, nil
	}
	from := d.K
	if from == KindUnknown {
		from = KindText
		d.K = KindText
	}
	switch to.Kind {
	case KindUnknown:
		return d, nil
	case KindText:
		var s string
		switch from {
		case KindText:
			s = d.S
		case KindBool:
			s = "false"
			if d.I != 0 {
				s = "true"
			}
		default:
			s = FormatText(d, datumType(d), loc)
		}
		if to.Bpchar {
			v, err := padBpchar(s, int(to.Mod), explicit)
			return DText(v), err
		}
		if to.Varchar && to.Mod > 0 {
			v, err := checkVarchar(s, int(to.Mod), explicit)
			return DText(v), err
		}
		return DText(s), nil
	}
	if from == KindText {
		if to.Kind == KindBool {
			b, ok := parseBool(d.S)
			if !ok {
				return Datum{}, Errorf(CodeInvalidTextRepresentation, "invalid input syntax for type boolean: \"%s\"", d.S)
			}
			return DBool(b), nil
		}
		return ParseText(to, d.S, loc)
	}
	if from == to.Kind && from != KindArray && from != KindNumeric {
		return d, nil
	}
	switch to.Kind {
	case KindBool:
		switch from {
		case KindInt32:
			return DBool(d.I != 0), nil
		case KindJSONB:
			v, err := jsonbScalar(d, to)
			if err != nil {
				return Datum{}, err
			}
			if v.Kind != JSONBool {
				return Datum{}, jsonbCastErr(v, to)
			}
			return DBool(v.Bool), nil
		}
	case KindInt16, KindInt32, KindInt64:
		switch from {
		case KindInt16, KindInt32, KindInt64:
			if err := CheckIntRange(to.Kind, d.I); err != nil {
				return Datum{}, err
			}
			return Datum{K: to.Kind, I: d.I}, nil
		case KindFloat32, KindFloat64:
			v, err := FloatToInt(to.Kind, d.F)
			return Datum{K: to.Kind, I: v}, err
		case KindNumeric:
			v, err := NumericToInt(to.Kind, d.D)
			return Datum{K: to.Kind, I: v}, err
		case KindBool:
			if to.Kind == KindInt32 {
				return DInt32(d.I), nil
			}
		case KindOid:
			switch to.Kind {
			case KindInt64:
				return DInt64(d.I), nil
			case KindInt32:
				return DInt32(int64(int32(uint32(d.I)))), nil
			}
		case KindJSONB:
			v, err := jsonbNumber(d, to)
			if err != nil {
				return Datum{}, err
			}
			n, err := NumericToInt(to.Kind, v)
			return Datum{K: to.Kind, I: n}, err
		}
	case KindFloat32, KindFloat64:
		bits := 64
		if to.Kind == KindFloat32 {
			bits = 32
		}
		switch from {
		case KindInt16, KindInt32, KindInt64:
			f := float64(d.I)
			if bits == 32 {
				f = float64(float32(d.I))
			}
			return Datum{K: to.Kind, F: f}, nil
		case KindFloat32:
			return Datum{K: to.Kind, F: d.F}, nil
		case KindFloat64:
			if bits == 32 {
				f32 := float32(d.F)
				if math.IsInf(float64(f32), 0) && !math.IsInf(d.F, 0) {
					return Datum{}, errFloatOverflow()
				}
				if f32 == 0 && d.F != 0 {
					return Datum{}, errFloatUnderflow()
				}
				return DFloat32(float64(f32)), nil
			}
			return d, nil
		case KindNumeric:
			f, err := numericToFloat(d.D, bits)
			return Datum{K: to.Kind, F: f}, err
		case KindJSONB:
			v, err := jsonbNumber(d, to)
			if err != nil {
				return Datum{}, err
			}
			f, err := numericToFloat(v, bits)
			return Datum{K: to.Kind, F: f}, err
		}
	case KindNumeric:
		var v *apd.Decimal
		switch from {
		case KindInt16, KindInt32, KindInt64:
			v = NumericFromInt(d.I)
		case KindFloat32:
			v = NumericFromFloat(d.F, 32)
		case KindFloat64:
			v = NumericFromFloat(d.F, 64)
		case KindNumeric:
			v = d.D
		case KindJSONB:
			var err error
			if v, err = jsonbNumber(d, to); err != nil {
				return Datum{}, err
			}
		default:
			return Datum{}, cannotCast(datumType(d), to)
		}
		v, err := ApplyNumericTypmod(v, to.Mod)
		if err != nil {
			return Datum{}, err
		}
		return DNumeric(v), nil
	case KindOid:
		switch from {
		case KindInt16, KindInt32:
			return DOid(int64(uint32(int32(d.I)))), nil
		case KindInt64:
			if d.I < 0 || d.I > math.MaxUint32 {
				return Datum{}, Errorf(CodeNumericValueOutOfRange, "OID out of range")
			}
			return DOid(d.I), nil
		}
	case KindDate:
		switch from {
		case KindTimestamp:
			return DDate(timestampToDate(d.I)), nil
		case KindTimestampTZ:
			return DDate(timestampToDate(UTCToLocal(d.I, loc))), nil
		}
	case KindTime:
		switch from {
		case KindTimestamp:
			_, tod := SplitTimestamp(d.I)
			if d.I == math.MinInt64 || d.I == math.MaxInt64 {
				return Datum{}, Errorf(CodeDatetimeFieldOverflow, "timestamp out of range")
			}
			return DTime(tod), nil
		case KindTimestampTZ:
			if d.I == math.MinInt64 || d.I == math.MaxInt64 {
				return Datum{}, Errorf(CodeDatetimeFieldOverflow, "timestamp out of range")
			}
			_, tod := SplitTimestamp(UTCToLocal(d.I, loc))
			return DTime(tod), nil
		case KindInterval:
			return DTime(floorMod(d.Iv.Micros, usPerDay)), nil
		}
	case KindTimestamp:
		switch from {
		case KindDate:
			v, err := dateToTimestamp(d.I)
			return DTimestamp(v), err
		case KindTimestampTZ:
			return DTimestamp(UTCToLocal(d.I, loc)), nil
		}
	case KindTimestampTZ:
		switch from {
		case KindDate:
			v, err := dateToTimestamp(d.I)
			if err != nil {
				return Datum{}, err
			}
			return DTimestampTZ(LocalToUTC(v, loc)), nil
		case KindTimestamp:
			return DTimestampTZ(LocalToUTC(d.I, loc)), nil
		}
	case KindInterval:
		if from == KindTime {
			return DInterval(Interval{Micros: d.I}), nil
		}
	case KindArray:
		if from == KindArray {
			et := to.ElemType()
			out := make([]Datum, len(d.A))
			for i, e := range d.A {
				c, err := castDatum(e, et, loc, explicit)
				if err != nil {
					return Datum{}, err
				}
				out[i] = c
			}
			return DArray(et.Kind, out), nil
		}
	}
	return Datum{}, cannotCast(datumType(d), to)
}

func errFloatOverflow() error {
	return Errorf(CodeNumericValueOutOfRange, "value out of range: overflow")
}

func errFloatUnderflow() error {
	return Errorf(CodeNumericValueOutOfRange, "value out of range: underflow")
}

// FloatToInt implements float8_int2/4/8: round half to even, then range
// check (NaN is out of range).
func FloatToInt(k Kind, f float64) (int64, error) {
	r := math.RoundToEven(f)
	switch k {
	case KindInt16:
		if math.IsNaN(r) || r < math.MinInt16 || r >= -math.MinInt16 {
			return 0, intRangeErr(k)
		}
	case KindInt32:
		if math.IsNaN(r) || r < math.MinInt32 || r >= -math.MinInt32 {
			return 0, intRangeErr(k)
		}
	default:
		if math.IsNaN(r) || r < math.MinInt64 || r >= -math.MinInt64 {
			return 0, intRangeErr(k)
		}
	}
	return int64(r), nil
}

// NumericToInt implements numeric_int2/4/8: round half away from zero.
func NumericToInt(k Kind, d *apd.Decimal) (int64, error) {
	name := Type{Kind: k}.String()
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return 0, Errorf(CodeFeatureNotSupported, "cannot convert NaN to %s", name)
	case apd.Infinite:
		return 0, Errorf(CodeFeatureNotSupported, "cannot convert infinity to %s", name)
	}
	v, ok := numericToInt64(d)
	if !ok || CheckIntRange(k, v) != nil {
		return 0, intRangeErr(k)
	}
	return v, nil
}

func numericToFloat(d *apd.Decimal, bits int) (float64, error) {
	if d.Form != apd.Finite {
		return NumericToFloat64(d), nil
	}
	s := FormatNumeric(d)
	return ParseFloat(s, bits)
}

func timestampToDate(us int64) int64 {
	switch us {
	case math.MinInt64:
		return DateNegInfinity
	case math.MaxInt64:
		return DatePosInfinity
	}
	days, _ := SplitTimestamp(us)
	return days
}

func dateToTimestamp(days int64) (int64, error) {
	switch days {
	case DateNegInfinity:
		return TimestampNegInfinity, nil
	case DatePosInfinity:
		return TimestampPosInfinity, nil
	}
	us := days * usPerDay
	if days > maxTimestampUS/usPerDay || !validTimestamp(us) {
		return 0, Errorf(CodeDatetimeFieldOverflow, "date out of range for timestamp")
	}
	return us, nil
}

func jsonbScalar(d Datum, to Type) (*JSONValue, error) {
	v, err := ParseJSON(d.S)
	if err != nil {
		return nil, err
	}
	return v, nil
}

func jsonbCastErr(v *JSONValue, to Type) error {
	name := "numeric"
	switch v.Kind {
	case JSONNull:
		name = "null"
	case JSONString:
		name = "string"
	case JSONBool:
		name = "boolean"
	case JSONArray:
		name = "array"
	case JSONObject:
		name = "object"
	}
	return Errorf(CodeInvalidParameterValue, "cannot cast jsonb %s to type %s", name, to)
}

func jsonbNumber(d Datum, to Type) (*apd.Decimal, error) {
	v, err := jsonbScalar(d, to)
	if err != nil {
		return nil, err
	}
	if v.Kind != JSONNumber {
		return nil, jsonbCastErr(v, to)
	}
	return ParseNumeric(v.Str)
}

// Cast contexts (pg_cast.castcontext).
const (
	castNone       = 0
	castExplicit   = 'e'
	castAssignment = 'a'
	castImplicit   = 'i'
)

// castContext returns the weakest context in which PostgreSQL allows
// from→to, including automatic I/O conversion casts (to text: assignment;
// from text: explicit).
func castContext(from, to Type) byte {
	if from.Kind == KindUnknown {
		return castImplicit
	}
	if from.Kind == to.Kind {
		if from.Kind == KindArray {
			return castContext(from.ElemType(), to.ElemType())
		}
		return castImplicit
	}
	if from.Kind == KindArray && to.Kind == KindArray {
		return castContext(from.ElemType(), to.ElemType())
	}
	k := [2]Kind{from.Kind, to.Kind}
	if c, ok := pgCasts[k]; ok {
		return c
	}
	if to.Kind == KindText {
		return castAssignment
	}
	if from.Kind == KindText {
		return castExplicit
	}
	return castNone
}

var pgCasts = map[[2]Kind]byte{
	{KindInt64, KindInt16}: 'a', {KindInt64, KindInt32}: 'a', {KindInt64, KindFloat32}: 'i',
	{KindInt64, KindFloat64}: 'i', {KindInt64, KindNumeric}: 'i', {KindInt64, KindOid}: 'i',
	{KindInt16, KindInt64}: 'i', {KindInt16, KindInt32}: 'i', {KindInt16, KindFloat32}: 'i',
	{KindInt16, KindFloat64}: 'i', {KindInt16, KindNumeric}: 'i', {KindInt16, KindOid}: 'i',
	{KindInt32, KindInt64}: 'i', {KindInt32, KindInt16}: 'a', {KindInt32, KindFloat32}: 'i',
	{KindInt32, KindFloat64}: 'i', {KindInt32, KindNumeric}: 'i', {KindInt32, KindBool}: 'e',
	{KindInt32, KindOid}:     'i',
	{KindFloat32, KindInt64}: 'a', {KindFloat32, KindInt16}: 'a', {KindFloat32, KindInt32}: 'a',
	{KindFloat32, KindFloat64}: 'i', {KindFloat32, KindNumeric}: 'a',
	{KindFloat64, KindInt64}: 'a', {KindFloat64, KindInt16}: 'a', {KindFloat64, KindInt32}: 'a',
	{KindFloat64, KindFloat32}: 'a', {KindFloat64, KindNumeric}: 'a',
	{KindNumeric, KindInt64}: 'a', {KindNumeric, KindInt16}: 'a', {KindNumeric, KindInt32}: 'a',
	{KindNumeric, KindFloat32}: 'i', {KindNumeric, KindFloat64}: 'i',
	{KindBool, KindInt32}: 'e',
	{KindOid, KindInt64}:  'a', {KindOid, KindInt32}: 'a',
	{KindDate, KindTimestamp}: 'i', {KindDate, KindTimestampTZ}: 'i',
	{KindTime, KindInterval}:  'i',
	{KindTimestamp, KindDate}: 'a', {KindTimestamp, KindTime}: 'a', {KindTimestamp, KindTimestampTZ}: 'i',
	{KindTimestampTZ, KindDate}: 'a', {KindTimestampTZ, KindTime}: 'a', {KindTimestampTZ, KindTimestamp}: 'a',
	{KindInterval, KindTime}: 'a',
	{KindJSONB, KindBool}:    'e', {KindJSONB, KindNumeric}: 'e', {KindJSONB, KindInt16}: 'e',
	{KindJSONB, KindInt32}: 'e', {KindJSONB, KindInt64}: 'e', {KindJSONB, KindFloat32}: 'e',
	{KindJSONB, KindFloat64}: 'e',
	// arrays never cast to scalars except through text
	{KindArray, KindBool}: 0,
}

// CanCastImplicit reports whether PostgreSQL applies from→to implicitly
// (castcontext 'i': int2→int4→int8→numeric→float4→float8, date→timestamp→
// timestamptz, time→interval, text↔varchar, unknown→anything).
func CanCastImplicit(from, to Type) bool { return castContext(from, to) == castImplicit }

// CanCastAssignment reports whether from→to is allowed in assignment
// context (INSERT/UPDATE targets): castcontext 'i' or 'a', which includes
// any type → text/varchar.
func CanCastAssignment(from, to Type) bool {
	c := castContext(from, to)
	return c == castImplicit || c == castAssignment
}

// CanCastExplicit reports whether CAST(x AS to) is allowed at all.
func CanCastExplicit(from, to Type) bool { return castContext(from, to) != castNone }
