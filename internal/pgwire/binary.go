package pgwire

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
)

// PostgreSQL's binary formats count from 2000-01-01; base counts from the
// Unix epoch.
const (
	pgEpochDays   = 10957                       // days from 1970-01-01 to 2000-01-01
	pgEpochMicros = pgEpochDays * 86400_000_000 // µs from 1970-01-01 to 2000-01-01
)

var be = binary.BigEndian

// arrayElemOIDs maps array type OIDs to their element type OIDs (the
// inverse of base's table; base keeps its own unexported).
var arrayElemOIDs = map[uint32]uint32{
	1000: base.OidBool, 1001: base.OidBytea, 1005: base.OidInt2, 1007: base.OidInt4,
	1016: base.OidInt8, 1009: base.OidText, 1015: base.OidVarchar, 1021: base.OidFloat4,
	1022: base.OidFloat8, 1182: base.OidDate, 1183: base.OidTime, 1115: base.OidTimestamp,
	1185: base.OidTimestampTZ, 1187: base.OidInterval, 1231: base.OidNumeric,
	3807: base.OidJSONB, 1028: base.OidOid, 1014: base.OidBpchar, 1003: base.OidName,
	199: base.OidJSON,
}

// TypeForOID maps a client-supplied type OID to a base.Type. Types that
// Tributary does not model but whose values it can hold (bpchar, name,
// char, json, reg*) map to their closest kind; 0, unknown and unsupported
// OIDs give base.Unknown (the session then infers the type).
func TypeForOID(oid uint32) base.Type {
	switch oid {
	case base.OidBool:
		return base.Bool
	case base.OidBytea:
		return base.Bytea
	case base.OidInt2:
		return base.Int16
	case base.OidInt4:
		return base.Int32
	case base.OidInt8:
		return base.Int64
	case base.OidFloat4:
		return base.Float32
	case base.OidFloat8:
		return base.Float64
	case base.OidNumeric:
		return base.Numeric
	case base.OidText, base.OidBpchar, base.OidName, base.OidChar:
		return base.Text
	case base.OidVarchar:
		return base.Varchar
	case base.OidDate:
		return base.Date
	case base.OidTime:
		return base.TimeT
	case base.OidTimestamp:
		return base.Timestamp
	case base.OidTimestampTZ:
		return base.TimestampTZ
	case base.OidInterval:
		return base.IntervalT
	case base.OidJSONB, base.OidJSON:
		return base.JSONB
	case base.OidOid, base.OidRegclass, base.OidRegtype, base.OidRegproc:
		return base.Oid
	}
	if elem, ok := arrayElemOIDs[oid]; ok {
		return base.ArrayOf(TypeForOID(elem))
	}
	return base.Unknown
}

// AppendBinary appends the PostgreSQL binary send format of d (of type t)
// to dst. d must not be NULL (NULL is a -1 length, outside the value).
func AppendBinary(dst []byte, d base.Datum, t base.Type) ([]byte, error) {
	switch t.Kind {
	case base.KindBool:
		if d.I != 0 {
			return append(dst, 1), nil
		}
		return append(dst, 0), nil
	case base.KindInt16:
		return be.AppendUint16(dst, uint16(int16(d.I))), nil
	case base.KindInt32:
		return be.AppendUint32(dst, uint32(int32(d.I))), nil
	case base.KindInt64:
		return be.AppendUint64(dst, uint64(d.I)), nil
	case base.KindOid:
		return be.AppendUint32(dst, uint32(d.I)), nil
	case base.KindFloat32:
		return be.AppendUint32(dst, math.Float32bits(float32(d.F))), nil
	case base.KindFloat64:
		return be.AppendUint64(dst, math.Float64bits(d.F)), nil
	case base.KindNumeric:
		return appendNumeric(dst, d.D)
	case base.KindText, base.KindBytea, base.KindUnknown:
		return append(dst, d.S...), nil
	case base.KindJSONB:
		return append(append(dst, 1), d.S...), nil
	case base.KindDate:
		switch d.I {
		case math.MaxInt64:
			return be.AppendUint32(dst, uint32(math.MaxInt32)), nil
		case math.MinInt64:
			return be.AppendUint32(dst, 1<<31), nil // MinInt32
		}
		return be.AppendUint32(dst, uint32(int32(d.I-pgEpochDays))), nil
	case base.KindTime:
		return be.AppendUint64(dst, uint64(d.I)), nil
	case base.KindTimestamp, base.KindTimestampTZ:
		if d.I == math.MaxInt64 || d.I == math.MinInt64 {
			return be.AppendUint64(dst, uint64(d.I)), nil
		}
		return be.AppendUint64(dst, uint64(d.I-pgEpochMicros)), nil
	case base.KindInterval:
		dst = be.AppendUint64(dst, uint64(d.Iv.Micros))
		dst = be.AppendUint32(dst, uint32(d.Iv.Days))
		return be.AppendUint32(dst, uint32(d.Iv.Months)), nil
	case base.KindArray:
		return appendArray(dst, d, t)
	}
	return nil, base.NotSupported("binary output of type %s is not supported", t)
}

func appendArray(dst []byte, d base.Datum, t base.Type) ([]byte, error) {
	et := t.ElemType()
	if len(d.A) == 0 {
		dst = be.AppendUint32(dst, 0) // ndim
		dst = be.AppendUint32(dst, 0) // has nulls
		return be.AppendUint32(dst, et.OID()), nil
	}
	hasNull := uint32(0)
	for _, e := range d.A {
		if e.Null {
			hasNull = 1
		}
	}
	dst = be.AppendUint32(dst, 1)
	dst = be.AppendUint32(dst, hasNull)
	dst = be.AppendUint32(dst, et.OID())
	dst = be.AppendUint32(dst, uint32(len(d.A)))
	dst = be.AppendUint32(dst, 1) // lower bound
	for _, e := range d.A {
		if e.Null {
			dst = be.AppendUint32(dst, math.MaxUint32) // -1
			continue
		}
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		var err error
		if dst, err = AppendBinary(dst, e, et); err != nil {
			return nil, err
		}
		be.PutUint32(dst[at:], uint32(len(dst)-at-4))
	}
	return dst, nil
}

// Numeric sign words of PostgreSQL's binary numeric.
const (
	numericPos  = 0x0000
	numericNeg  = 0x4000
	numericNaN  = 0xC000
	numericPInf = 0xD000
	numericNInf = 0xF000
)

// appendNumeric writes ndigits, weight, sign, dscale and base-10000 digits.
// It goes through the decimal string, which keeps it obviously correct.
func appendNumeric(dst []byte, d *apd.Decimal) ([]byte, error) {
	if d == nil {
		return nil, fmt.Errorf("numeric datum without value")
	}
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return append(dst, 0, 0, 0, 0, 0xC0, 0, 0, 0), nil
	case apd.Infinite:
		if d.Negative {
			return append(dst, 0, 0, 0, 0, 0xF0, 0, 0, 0), nil
		}
		return append(dst, 0, 0, 0, 0, 0xD0, 0, 0, 0), nil
	}
	s := d.Text('f')
	sign := uint16(numericPos)
	if strings.HasPrefix(s, "-") {
		s = s[1:]
		sign = numericNeg
	}
	intPart, frac, _ := strings.Cut(s, ".")
	dscale := len(frac)
	intPart = strings.TrimLeft(intPart, "0")
	// Pad both sides to whole base-10000 digits around the decimal point.
	if r := len(intPart) % 4; r != 0 {
		intPart = strings.Repeat("0", 4-r) + intPart
	}
	if r := len(frac) % 4; r != 0 {
		frac += strings.Repeat("0", 4-r)
	}
	all := intPart + frac
	weight := len(intPart)/4 - 1
	groups := make([]uint16, 0, len(all)/4)
	for i := 0; i < len(all); i += 4 {
		g := uint16(0)
		for _, c := range all[i : i+4] {
			g = g*10 + uint16(c-'0')
		}
		groups = append(groups, g)
	}
	for len(groups) > 0 && groups[0] == 0 { // leading zero digits
		groups = groups[1:]
		weight--
	}
	for len(groups) > 0 && groups[len(groups)-1] == 0 {
		groups = groups[:len(groups)-1]
	}
	if len(groups) == 0 {
		weight = 0
		sign = numericPos
	}
	dst = be.AppendUint16(dst, uint16(len(groups)))
	dst = be.AppendUint16(dst, uint16(int16(weight)))
	dst = be.AppendUint16(dst, sign)
	dst = be.AppendUint16(dst, uint16(dscale))
	for _, g := range groups {
		dst = be.AppendUint16(dst, g)
	}
	return dst, nil
}

func decodeNumeric(b []byte) (*apd.Decimal, error) {
	if len(b) < 8 {
		return nil, errBinary
	}
	ndigits := int(be.Uint16(b))
	weight := int(int16(be.Uint16(b[2:])))
	sign := be.Uint16(b[4:])
	dscale := int(be.Uint16(b[6:]))
	switch sign {
	case numericNaN:
		return &apd.Decimal{Form: apd.NaN}, nil
	case numericPInf:
		return &apd.Decimal{Form: apd.Infinite}, nil
	case numericNInf:
		return &apd.Decimal{Form: apd.Infinite, Negative: true}, nil
	case numericPos, numericNeg:
	default:
		return nil, errBinary
	}
	if len(b) != 8+2*ndigits || dscale > 0x3FFF {
		return nil, errBinary
	}
	var digits strings.Builder
	for i := 0; i < ndigits; i++ {
		g := be.Uint16(b[8+2*i:])
		if g > 9999 {
			return nil, errBinary
		}
		fmt.Fprintf(&digits, "%04d", g)
	}
	all := digits.String()
	// The decimal point sits after (weight+1) base-10000 digits.
	point := (weight + 1) * 4
	if point < 0 {
		all = strings.Repeat("0", -point) + all
		point = 0
	}
	if point > len(all) {
		if point-len(all) > 1<<17 {
			return nil, errBinary
		}
		all += strings.Repeat("0", point-len(all))
	}
	intPart, frac := all[:point], all[point:]
	if len(frac) > dscale {
		frac = frac[:dscale]
	} else {
		frac += strings.Repeat("0", dscale-len(frac))
	}
	if intPart == "" {
		intPart = "0"
	}
	s := intPart
	if frac != "" {
		s += "." + frac
	}
	if sign == numericNeg {
		s = "-" + s
	}
	d, _, err := apd.NewFromString(s)
	if err != nil {
		return nil, errBinary
	}
	return d, nil
}

var errBinary = fmt.Errorf("incorrect binary data format")

// DecodeBinary decodes the PostgreSQL binary receive format b as a value of
// type t. loc is used only for jsonb/text re-parsing through base.ParseText.
func DecodeBinary(t base.Type, b []byte, loc *time.Location) (base.Datum, error) {
	d, err := decodeBinary(t, b, loc, 0)
	if err != nil {
		if _, ok := err.(*base.Error); ok {
			return base.Datum{}, err
		}
		return base.Datum{}, base.Errorf("22P03", "incorrect binary data format for type %s", t)
	}
	return d, nil
}

func need(b []byte, n int) error {
	if len(b) != n {
		return errBinary
	}
	return nil
}

func decodeBinary(t base.Type, b []byte, loc *time.Location, depth int) (base.Datum, error) {
	switch t.Kind {
	case base.KindBool:
		if err := need(b, 1); err != nil {
			return base.Datum{}, err
		}
		return base.DBool(b[0] != 0), nil
	case base.KindInt16:
		if err := need(b, 2); err != nil {
			return base.Datum{}, err
		}
		return base.DInt16(int64(int16(be.Uint16(b)))), nil
	case base.KindInt32:
		if err := need(b, 4); err != nil {
			return base.Datum{}, err
		}
		return base.DInt32(int64(int32(be.Uint32(b)))), nil
	case base.KindInt64:
		if err := need(b, 8); err != nil {
			return base.Datum{}, err
		}
		return base.DInt64(int64(be.Uint64(b))), nil
	case base.KindOid:
		if err := need(b, 4); err != nil {
			return base.Datum{}, err
		}
		return base.DOid(int64(be.Uint32(b))), nil
	case base.KindFloat32:
		if err := need(b, 4); err != nil {
			return base.Datum{}, err
		}
		return base.DFloat32(float64(math.Float32frombits(be.Uint32(b)))), nil
	case base.KindFloat64:
		if err := need(b, 8); err != nil {
			return base.Datum{}, err
		}
		return base.DFloat64(math.Float64frombits(be.Uint64(b))), nil
	case base.KindNumeric:
		d, err := decodeNumeric(b)
		if err != nil {
			return base.Datum{}, err
		}
		return base.DNumeric(d), nil
	case base.KindText, base.KindUnknown:
		return base.DText(string(b)), nil
	case base.KindBytea:
		return base.DBytea(b), nil
	case base.KindJSONB:
		if len(b) < 1 || b[0] != 1 {
			return base.Datum{}, errBinary
		}
		return base.ParseText(t, string(b[1:]), loc)
	case base.KindDate:
		if err := need(b, 4); err != nil {
			return base.Datum{}, err
		}
		v := int32(be.Uint32(b))
		switch v {
		case math.MaxInt32:
			return base.DDate(math.MaxInt64), nil
		case math.MinInt32:
			return base.DDate(math.MinInt64), nil
		}
		return base.DDate(int64(v) + pgEpochDays), nil
	case base.KindTime:
		if err := need(b, 8); err != nil {
			return base.Datum{}, err
		}
		v := int64(be.Uint64(b))
		if v < 0 || v > 86400_000_000 {
			return base.Datum{}, errBinary
		}
		return base.DTime(v), nil
	case base.KindTimestamp, base.KindTimestampTZ:
		if err := need(b, 8); err != nil {
			return base.Datum{}, err
		}
		v := int64(be.Uint64(b))
		if v != math.MaxInt64 && v != math.MinInt64 {
			v += pgEpochMicros // may overflow only for values PostgreSQL rejects too
		}
		return base.Datum{K: t.Kind, I: v}, nil
	case base.KindInterval:
		if err := need(b, 16); err != nil {
			return base.Datum{}, err
		}
		return base.DInterval(base.Interval{
			Micros: int64(be.Uint64(b)),
			Days:   int32(be.Uint32(b[8:])),
			Months: int32(be.Uint32(b[12:])),
		}), nil
	case base.KindArray:
		if depth > 0 {
			return base.Datum{}, errBinary
		}
		return decodeArray(t, b, loc)
	}
	return base.Datum{}, base.NotSupported("binary input of type %s is not supported", t)
}

func decodeArray(t base.Type, b []byte, loc *time.Location) (base.Datum, error) {
	if len(b) < 12 {
		return base.Datum{}, errBinary
	}
	ndim := int32(be.Uint32(b))
	et := t.ElemType()
	b = b[12:] // ndim, has-null flag, element OID (trusted: t decides)
	if ndim == 0 {
		return base.DArray(et.Kind, []base.Datum{}), nil
	}
	if ndim != 1 {
		return base.Datum{}, base.NotSupported("multidimensional arrays are not supported")
	}
	if len(b) < 8 {
		return base.Datum{}, errBinary
	}
	n := int(int32(be.Uint32(b)))
	b = b[8:]
	if n < 0 || n > len(b)/4 { // every element takes at least its length word
		return base.Datum{}, errBinary
	}
	elems := make([]base.Datum, 0, n)
	for i := 0; i < n; i++ {
		if len(b) < 4 {
			return base.Datum{}, errBinary
		}
		l := int(int32(be.Uint32(b)))
		b = b[4:]
		if l == -1 {
			elems = append(elems, base.NullOf(et.Kind))
			continue
		}
		if l < 0 || l > len(b) {
			return base.Datum{}, errBinary
		}
		e, err := decodeBinary(et, b[:l], loc, 1)
		if err != nil {
			return base.Datum{}, err
		}
		elems = append(elems, e)
		b = b[l:]
	}
	if len(b) != 0 {
		return base.Datum{}, errBinary
	}
	d := base.DArray(et.Kind, elems)
	return d, nil
}
