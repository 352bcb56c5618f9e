package base

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
)

// Memcomparable key encoding (docs/format/keys.md). Every datum starts with
// a marker byte: keyNotNull, or keyNull for NULL. keyNull > keyNotNull, so in
// ascending order NULLs sort last and in descending order (all bytes of the
// datum inverted) first: PostgreSQL's defaults, and the order of Compare.
// Comparing the concatenated encodings of a key's columns with bytes.Compare
// gives the order of comparing the columns one by one.
const (
	keyNotNull = 0x01
	keyNull    = 0xfe

	keyArrayElem = 0x01 // precedes each array element
	keyArrayEnd  = 0x00 // ends an array

	keyStrEscape = 0xff // 0x00 in a string is 0x00 0xff
	keyStrEnd    = 0x01 // a string ends with 0x00 0x01

	// numeric classes, in order
	keyNumNegInf = 0x01
	keyNumNeg    = 0x02
	keyNumZero   = 0x03
	keyNumPos    = 0x04
	keyNumPosInf = 0x05
	keyNumNaN    = 0x06
)

func keyCorrupt(what string) error {
	return Errorf(CodeDataCorrupted, "corrupted key: %s", what)
}

// EncodeKey appends the memcomparable encoding of d to dst; desc inverts
// the order. The kind of d decides the encoding (decode with the same type).
func EncodeKey(dst []byte, d Datum, desc bool) []byte {
	start := len(dst)
	dst = encodeKeyAsc(dst, d)
	if desc {
		for i := start; i < len(dst); i++ {
			dst[i] = ^dst[i]
		}
	}
	return dst
}

func appendU64(b []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(b, v) }

func encodeKeyAsc(b []byte, d Datum) []byte {
	if d.Null {
		return append(b, keyNull)
	}
	b = append(b, keyNotNull)
	switch d.K {
	case KindBool:
		if d.I != 0 {
			return append(b, 1)
		}
		return append(b, 0)
	case KindInt16, KindInt32, KindInt64, KindOid, KindDate, KindTime, KindTimestamp, KindTimestampTZ:
		// All integer widths share one 8-byte form, so a key encoded from
		// an int4 datum matches the same value in an int8 column.
		return appendU64(b, uint64(d.I)^(1<<63))
	case KindFloat32, KindFloat64:
		return appendU64(b, floatKey64(d.F))
	case KindText, KindBytea, KindJSONB, KindUnknown:
		return appendKeyString(b, d.S)
	case KindNumeric:
		return appendKeyNumeric(b, numOrNaN(d.D))
	case KindInterval:
		days, us := intervalSpan(d.Iv)
		b = appendU64(b, uint64(days)^(1<<63))
		b = appendU64(b, uint64(us))
		b = binary.BigEndian.AppendUint32(b, uint32(d.Iv.Months)^0x80000000)
		b = binary.BigEndian.AppendUint32(b, uint32(d.Iv.Days)^0x80000000)
		return b
	case KindArray:
		for _, e := range d.A {
			b = append(b, keyArrayElem)
			b = encodeKeyAsc(b, e)
		}
		return append(b, keyArrayEnd)
	}
	return b
}

func floatKey64(f float64) uint64 {
	switch {
	case f != f:
		f = math.NaN()
	case f == 0:
		f = 0
	}
	u := math.Float64bits(f)
	if u&(1<<63) != 0 {
		return ^u
	}
	return u | 1<<63
}

func appendKeyString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		b = append(b, c)
		if c == 0 {
			b = append(b, keyStrEscape)
		}
	}
	return append(b, 0, keyStrEnd)
}

// appendKeyNumeric: class byte; for finite nonzero values the decimal
// exponent E (value = 0.d1d2... × 10^E) as a sign-flipped big-endian int32,
// then the significant digits (trailing zeros dropped) two per byte as
// pair+1 (1..100), ended by 0x00. Negative values invert exponent and
// digit bytes so larger magnitudes sort first.
func appendKeyNumeric(b []byte, d *apd.Decimal) []byte {
	switch {
	case isNaNDec(d):
		return append(b, keyNumNaN)
	case d.Form == apd.Infinite:
		if d.Negative {
			return append(b, keyNumNegInf)
		}
		return append(b, keyNumPosInf)
	case d.Coeff.Sign() == 0:
		return append(b, keyNumZero)
	}
	neg := d.Negative
	if neg {
		b = append(b, keyNumNeg)
	} else {
		b = append(b, keyNumPos)
	}
	digits := d.Coeff.String()
	// drop trailing zeros
	n := len(digits)
	for n > 1 && digits[n-1] == '0' {
		n--
	}
	e := int64(len(digits)) + int64(d.Exponent)
	if e > math.MaxInt32 {
		e = math.MaxInt32
	}
	if e < math.MinInt32 {
		e = math.MinInt32
	}
	start := len(b)
	b = binary.BigEndian.AppendUint32(b, uint32(int32(e))^0x80000000)
	for i := 0; i < n; i += 2 {
		p := (digits[i] - '0') * 10
		if i+1 < n {
			p += digits[i+1] - '0'
		}
		b = append(b, p+1)
	}
	b = append(b, 0)
	if neg {
		for i := start; i < len(b); i++ {
			b[i] = ^b[i]
		}
	}
	return b
}

// keyReader reads key bytes, undoing the inversion of descending keys.
type keyReader struct {
	b    []byte
	mask byte
}

func (r *keyReader) byte1() (byte, bool) {
	if len(r.b) == 0 {
		return 0, false
	}
	c := r.b[0] ^ r.mask
	r.b = r.b[1:]
	return c, true
}

func (r *keyReader) fixed(n int) ([]byte, bool) {
	if len(r.b) < n {
		return nil, false
	}
	out := make([]byte, n)
	for i := 0; i < n; i++ {
		out[i] = r.b[i] ^ r.mask
	}
	r.b = r.b[n:]
	return out, true
}

// DecodeKey decodes one datum of type t encoded by EncodeKey and returns
// the remaining bytes. Numerics come back with their minimal scale (1.50
// decodes as 1.5: equal values must have equal keys); keep the row value if
// the display scale matters. Garbage yields a CodeDataCorrupted error.
func DecodeKey(src []byte, t Type, desc bool) (Datum, []byte, error) {
	r := keyReader{b: src}
	if desc {
		r.mask = 0xff
	}
	d, err := r.datum(t, 0)
	if err != nil {
		return Datum{}, src, err
	}
	return d, r.b, nil
}

func (r *keyReader) datum(t Type, depth int) (Datum, error) {
	m, ok := r.byte1()
	if !ok {
		return Datum{}, keyCorrupt("truncated")
	}
	switch m {
	case keyNull:
		n := NullOf(t.Kind)
		if t.Kind == KindArray {
			n.I = int64(t.Elem)
		}
		return n, nil
	case keyNotNull:
	default:
		return Datum{}, keyCorrupt("bad marker")
	}
	fix := func(n int) ([]byte, error) {
		b, ok := r.fixed(n)
		if !ok {
			return nil, keyCorrupt("truncated " + t.String())
		}
		return b, nil
	}
	switch t.Kind {
	case KindBool:
		b, err := fix(1)
		if err != nil {
			return Datum{}, err
		}
		if b[0] > 1 {
			return Datum{}, keyCorrupt("bad bool")
		}
		return DBool(b[0] == 1), nil
	case KindInt16, KindInt32, KindInt64, KindOid, KindDate, KindTime, KindTimestamp, KindTimestampTZ:
		b, err := fix(8)
		if err != nil {
			return Datum{}, err
		}
		v := int64(binary.BigEndian.Uint64(b) ^ (1 << 63))
		if CheckIntRange(t.Kind, v) != nil || (t.Kind == KindOid && (v < 0 || v > math.MaxUint32)) {
			return Datum{}, keyCorrupt(t.String() + " out of range")
		}
		return Datum{K: t.Kind, I: v}, nil
	case KindFloat32, KindFloat64:
		b, err := fix(8)
		if err != nil {
			return Datum{}, err
		}
		u := binary.BigEndian.Uint64(b)
		if u&(1<<63) != 0 {
			u &^= 1 << 63
		} else {
			u = ^u
		}
		f := math.Float64frombits(u)
		if t.Kind == KindFloat32 {
			f = float64(float32(f))
		}
		return Datum{K: t.Kind, F: f}, nil
	case KindText, KindBytea, KindJSONB, KindUnknown:
		s, err := r.str()
		if err != nil {
			return Datum{}, err
		}
		k := t.Kind
		if k == KindUnknown {
			k = KindText
		}
		return Datum{K: k, S: s}, nil
	case KindNumeric:
		d, err := r.numeric()
		if err != nil {
			return Datum{}, err
		}
		return DNumeric(d), nil
	case KindInterval:
		b, err := fix(24)
		if err != nil {
			return Datum{}, err
		}
		iv := Interval{
			Months: int32(binary.BigEndian.Uint32(b[16:]) ^ 0x80000000),
			Days:   int32(binary.BigEndian.Uint32(b[20:]) ^ 0x80000000),
		}
		days := int64(binary.BigEndian.Uint64(b) ^ (1 << 63))
		us := int64(binary.BigEndian.Uint64(b[8:]))
		// Recover µs from the span: days*day + us - (months*30+days)*day.
		iv.Micros = (days-int64(iv.Months)*daysPerMonth-int64(iv.Days))*usPerDay + us
		return DInterval(iv), nil
	case KindArray:
		if depth > 0 {
			return Datum{}, keyCorrupt("nested array")
		}
		elems := []Datum{}
		et := t.ElemType()
		for {
			c, ok := r.byte1()
			if !ok {
				return Datum{}, keyCorrupt("truncated array")
			}
			if c == keyArrayEnd {
				break
			}
			if c != keyArrayElem {
				return Datum{}, keyCorrupt("bad array element marker")
			}
			e, err := r.datum(et, depth+1)
			if err != nil {
				return Datum{}, err
			}
			elems = append(elems, e)
		}
		return DArray(t.Elem, elems), nil
	}
	return Datum{}, keyCorrupt("unsupported type " + t.String())
}

func (r *keyReader) str() (string, error) {
	out := make([]byte, 0, 16)
	for i := 0; i < len(r.b); i++ {
		c := r.b[i] ^ r.mask
		if c != 0 {
			out = append(out, c)
			continue
		}
		if i+1 >= len(r.b) {
			return "", keyCorrupt("truncated string")
		}
		switch r.b[i+1] ^ r.mask {
		case keyStrEscape:
			out = append(out, 0)
			i++
		case keyStrEnd:
			r.b = r.b[i+2:]
			return string(out), nil
		default:
			return "", keyCorrupt("bad string escape")
		}
	}
	return "", keyCorrupt("unterminated string")
}

func (r *keyReader) numeric() (*apd.Decimal, error) {
	c, ok := r.byte1()
	if !ok {
		return nil, keyCorrupt("truncated numeric")
	}
	switch c {
	case keyNumNaN:
		return numNaN(), nil
	case keyNumNegInf:
		return numInf(true), nil
	case keyNumPosInf:
		return numInf(false), nil
	case keyNumZero:
		return new(apd.Decimal), nil
	case keyNumNeg, keyNumPos:
	default:
		return nil, keyCorrupt("bad numeric class")
	}
	neg := c == keyNumNeg
	inv := byte(0)
	if neg {
		inv = 0xff
	}
	eb, ok := r.fixed(4)
	if !ok {
		return nil, keyCorrupt("truncated numeric")
	}
	for i := range eb {
		eb[i] ^= inv
	}
	e := int64(int32(binary.BigEndian.Uint32(eb) ^ 0x80000000))
	var digits []byte
	for {
		c, ok := r.byte1()
		if !ok {
			return nil, keyCorrupt("truncated numeric")
		}
		c ^= inv
		if c == 0 {
			break
		}
		if c > 100 || len(digits) > 2*131072+32 {
			return nil, keyCorrupt("bad numeric digit")
		}
		p := c - 1
		digits = append(digits, '0'+p/10, '0'+p%10)
	}
	if len(digits) == 0 {
		return nil, keyCorrupt("empty numeric")
	}
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	d := new(apd.Decimal)
	if _, ok := d.Coeff.SetString(string(digits), 10); !ok {
		return nil, keyCorrupt("bad numeric digits")
	}
	exp := e - int64(len(digits))
	if exp < -2*numericMaxDisplayScale-131072 || exp > 131072 {
		return nil, keyCorrupt("numeric exponent out of range")
	}
	d.Exponent = int32(exp)
	d.Negative = neg
	return normalizeNumeric(d), nil
}

// ---------------------------------------------------------------------------
// Row value encoding (docs/format/keys.md, "Row values").
//
//	row    := version(0x01) uvarint(ncols) col* crc32c(4, big-endian, of all before)
//	col    := kind(1 byte; 0 = NULL) payload
//
// Payloads: bool 1 byte; int2/int4/int8/oid/date/time/timestamp(tz) zigzag
// varint; float4/float8 8 bytes IEEE big-endian; text/bytea/jsonb uvarint
// length + bytes; numeric form(1) [sign(1) varint exponent uvarint len
// coefficient big-endian bytes]; interval varint months, days, micros;
// array elemkind(1) uvarint n col*.

const rowVersion = 0x01

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// EncodeRow appends the value encoding of row to dst.
func EncodeRow(dst []byte, row []Datum) []byte {
	start := len(dst)
	dst = append(dst, rowVersion)
	dst = binary.AppendUvarint(dst, uint64(len(row)))
	for _, d := range row {
		dst = encodeValue(dst, d)
	}
	return binary.BigEndian.AppendUint32(dst, crc32.Checksum(dst[start:], crcTable))
}

func encodeValue(b []byte, d Datum) []byte {
	if d.Null {
		return append(b, 0)
	}
	k := d.K
	if k == KindUnknown {
		k = KindText
	}
	b = append(b, byte(k))
	switch k {
	case KindBool:
		if d.I != 0 {
			return append(b, 1)
		}
		return append(b, 0)
	case KindInt16, KindInt32, KindInt64, KindOid, KindDate, KindTime, KindTimestamp, KindTimestampTZ:
		return binary.AppendVarint(b, d.I)
	case KindFloat32, KindFloat64:
		return appendU64(b, math.Float64bits(d.F))
	case KindText, KindBytea, KindJSONB:
		b = binary.AppendUvarint(b, uint64(len(d.S)))
		return append(b, d.S...)
	case KindNumeric:
		n := numOrNaN(d.D)
		b = append(b, byte(n.Form))
		if n.Form == apd.Infinite {
			if n.Negative {
				return append(b, 1)
			}
			return append(b, 0)
		}
		if n.Form != apd.Finite {
			return b
		}
		if n.Negative {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		b = binary.AppendVarint(b, int64(n.Exponent))
		mag := n.Coeff.Bytes()
		b = binary.AppendUvarint(b, uint64(len(mag)))
		return append(b, mag...)
	case KindInterval:
		b = binary.AppendVarint(b, int64(d.Iv.Months))
		b = binary.AppendVarint(b, int64(d.Iv.Days))
		return binary.AppendVarint(b, d.Iv.Micros)
	case KindArray:
		b = append(b, byte(d.I))
		b = binary.AppendUvarint(b, uint64(len(d.A)))
		for _, e := range d.A {
			b = encodeValue(b, e)
		}
		return b
	}
	return b
}

func rowCorrupt(what string) error {
	return Errorf(CodeDataCorrupted, "corrupted row value: %s", what)
}

// DecodeRow decodes a row written by EncodeRow. types gives the expected
// column types; a stored row with fewer columns is padded with NULLs (a
// column added later), more columns or a kind mismatch is corruption. A
// checksum mismatch or malformed payload yields a CodeDataCorrupted error.
func DecodeRow(src []byte, types []Type) ([]Datum, error) {
	if len(src) < 6 {
		return nil, rowCorrupt("too short")
	}
	body := src[:len(src)-4]
	if crc32.Checksum(body, crcTable) != binary.BigEndian.Uint32(src[len(src)-4:]) {
		return nil, rowCorrupt("checksum mismatch")
	}
	if body[0] != rowVersion {
		return nil, rowCorrupt("unknown version")
	}
	r := valReader{b: body[1:]}
	n, ok := r.uvarint()
	if !ok || n > uint64(len(types)) {
		return nil, rowCorrupt("bad column count")
	}
	row := make([]Datum, len(types))
	for i := range types {
		if uint64(i) >= n {
			row[i] = NullOf(types[i].Kind)
			continue
		}
		d, err := r.value(types[i], 0)
		if err != nil {
			return nil, err
		}
		row[i] = d
	}
	if len(r.b) != 0 {
		return nil, rowCorrupt("trailing bytes")
	}
	return row, nil
}

type valReader struct{ b []byte }

func (r *valReader) uvarint() (uint64, bool) {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		return 0, false
	}
	r.b = r.b[n:]
	return v, true
}

func (r *valReader) varint() (int64, bool) {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		return 0, false
	}
	r.b = r.b[n:]
	return v, true
}

func (r *valReader) take(n uint64) ([]byte, bool) {
	if uint64(len(r.b)) < n {
		return nil, false
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out, true
}

// compatibleKind allows a value stored from a datum of a sibling kind (an
// int4 datum in an int8 column, float4 in float8): it is converted on read.
func compatibleKind(stored, want Kind) bool {
	switch {
	case stored == want || want == KindUnknown:
		return true
	case isIntKind(stored) && isIntKind(want), isFloatKind(stored) && isFloatKind(want):
		return true
	}
	return false
}

func (r *valReader) value(t Type, depth int) (Datum, error) {
	kb, ok := r.take(1)
	if !ok {
		return Datum{}, rowCorrupt("truncated")
	}
	k := Kind(kb[0])
	if k == 0 {
		n := NullOf(t.Kind)
		if t.Kind == KindArray {
			n.I = int64(t.Elem)
		}
		return n, nil
	}
	if !compatibleKind(k, t.Kind) || k > KindOid {
		return Datum{}, rowCorrupt("kind mismatch")
	}
	bad := func() (Datum, error) { return Datum{}, rowCorrupt("bad " + Type{Kind: k}.String() + " payload") }
	switch k {
	case KindBool:
		b, ok := r.take(1)
		if !ok || b[0] > 1 {
			return bad()
		}
		return DBool(b[0] == 1), nil
	case KindInt16, KindInt32, KindInt64, KindOid, KindDate, KindTime, KindTimestamp, KindTimestampTZ:
		v, ok := r.varint()
		if !ok {
			return bad()
		}
		if isIntKind(t.Kind) && t.Kind != k {
			if CheckIntRange(t.Kind, v) != nil || (t.Kind == KindOid && (v < 0 || v > math.MaxUint32)) {
				return bad()
			}
			k = t.Kind
		}
		return Datum{K: k, I: v}, nil
	case KindFloat32, KindFloat64:
		b, ok := r.take(8)
		if !ok {
			return bad()
		}
		f := math.Float64frombits(binary.BigEndian.Uint64(b))
		if t.Kind == KindFloat32 && k != KindFloat32 {
			f32 := float32(f)
			if math.IsInf(float64(f32), 0) && !math.IsInf(f, 0) {
				return bad()
			}
			f = float64(f32)
		}
		if isFloatKind(t.Kind) {
			k = t.Kind
		}
		return Datum{K: k, F: f}, nil
	case KindText, KindBytea, KindJSONB:
		n, ok := r.uvarint()
		if !ok {
			return bad()
		}
		b, ok := r.take(n)
		if !ok {
			return bad()
		}
		if k == KindJSONB && !utf8.Valid(b) {
			return bad()
		}
		return Datum{K: k, S: string(b)}, nil
	case KindNumeric:
		fb, ok := r.take(1)
		if !ok {
			return bad()
		}
		d := new(apd.Decimal)
		switch apd.Form(fb[0]) {
		case apd.NaN:
			d.Form = apd.NaN
			return DNumeric(d), nil
		case apd.Infinite:
			s, ok := r.take(1)
			if !ok || s[0] > 1 {
				return bad()
			}
			return DNumeric(numInf(s[0] == 1)), nil
		case apd.Finite:
		default:
			return bad()
		}
		s, ok := r.take(1)
		if !ok || s[0] > 1 {
			return bad()
		}
		e, ok := r.varint()
		if !ok || e > 0 || e < -2*numericMaxDisplayScale-131072 {
			return bad()
		}
		n, ok := r.uvarint()
		if !ok {
			return bad()
		}
		mag, ok := r.take(n)
		if !ok {
			return bad()
		}
		d.Coeff.SetBytes(mag)
		d.Exponent = int32(e)
		d.Negative = s[0] == 1
		return DNumeric(normalizeNumeric(d)), nil
	case KindInterval:
		m, ok1 := r.varint()
		dd, ok2 := r.varint()
		us, ok3 := r.varint()
		if !ok1 || !ok2 || !ok3 || m > math.MaxInt32 || m < math.MinInt32 || dd > math.MaxInt32 || dd < math.MinInt32 {
			return bad()
		}
		return DInterval(Interval{int32(m), int32(dd), us}), nil
	case KindArray:
		if depth > 0 {
			return bad()
		}
		eb, ok := r.take(1)
		if !ok || Kind(eb[0]) != t.Elem {
			return bad()
		}
		n, ok := r.uvarint()
		if !ok || n > uint64(len(r.b)) {
			return bad()
		}
		elems := make([]Datum, 0, n)
		et := t.ElemType()
		for i := uint64(0); i < n; i++ {
			e, err := r.value(et, depth+1)
			if err != nil {
				return Datum{}, err
			}
			elems = append(elems, e)
		}
		return DArray(t.Elem, elems), nil
	}
	return bad()
}
