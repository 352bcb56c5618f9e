package base

// Vector is one column of a Chunk. Exactly one payload slice is used,
// chosen by Type.Kind:
//   - Bool, Int16, Int32, Int64, Oid, Date, Time, Timestamp, TimestampTZ: I64
//   - Float32, Float64: F64
//   - Text, Bytea, JSONB: the byte arena Data with Offs (row i is
//     Data[Offs[i]:Offs[i+1]]; len(Offs) == Len()+1)
//   - Numeric, Interval, Array: Datums (the generic slow path)
//
// Nulls is a bitmap (bit set = NULL); a nil Nulls means no NULLs. The
// payload of a NULL row is a zero value and must be ignored.
type Vector struct {
	Type   Type
	Nulls  Bitmap
	I64    []int64
	F64    []float64
	Data   []byte
	Offs   []uint32
	Datums []Datum
	n      int
}

// NewVector returns an empty vector of type t with room for capacity rows.
func NewVector(t Type, capacity int) *Vector {
	v := &Vector{Type: t}
	switch payloadOf(t.Kind) {
	case payloadI64:
		v.I64 = make([]int64, 0, capacity)
	case payloadF64:
		v.F64 = make([]float64, 0, capacity)
	case payloadBytes:
		v.Offs = make([]uint32, 1, capacity+1)
	default:
		v.Datums = make([]Datum, 0, capacity)
	}
	return v
}

type payload uint8

const (
	payloadI64 payload = iota
	payloadF64
	payloadBytes
	payloadDatum
)

func payloadOf(k Kind) payload {
	switch k {
	case KindBool, KindInt16, KindInt32, KindInt64, KindOid, KindDate, KindTime, KindTimestamp, KindTimestampTZ:
		return payloadI64
	case KindFloat32, KindFloat64:
		return payloadF64
	case KindText, KindBytea, KindJSONB:
		return payloadBytes
	}
	return payloadDatum
}

// Len is the number of rows.
func (v *Vector) Len() int { return v.n }

// IsNull reports whether row i is NULL.
func (v *Vector) IsNull(i int) bool { return v.Nulls != nil && v.Nulls.Get(i) }

// Bytes returns the payload of row i of a Text/Bytea/JSONB vector. The slice
// aliases the arena: copy it to keep it beyond the vector's reuse.
func (v *Vector) Bytes(i int) []byte { return v.Data[v.Offs[i]:v.Offs[i+1]] }

// Reset empties the vector, keeping its capacity.
func (v *Vector) Reset() {
	v.n = 0
	v.Nulls = v.Nulls[:0]
	v.I64 = v.I64[:0]
	v.F64 = v.F64[:0]
	v.Data = v.Data[:0]
	if v.Offs != nil {
		v.Offs = v.Offs[:1]
	}
	v.Datums = v.Datums[:0]
}

func (v *Vector) setNull(i int) {
	if v.Nulls == nil {
		v.Nulls = NewBitmap(i + 1)
	}
	v.Nulls.Set(i)
}

// AppendNull appends a NULL row.
func (v *Vector) AppendNull() {
	i := v.n
	switch payloadOf(v.Type.Kind) {
	case payloadI64:
		v.I64 = append(v.I64, 0)
	case payloadF64:
		v.F64 = append(v.F64, 0)
	case payloadBytes:
		v.Offs = append(v.Offs, uint32(len(v.Data)))
	default:
		v.Datums = append(v.Datums, Datum{K: v.Type.Kind, Null: true})
	}
	v.n++
	v.Nulls = v.Nulls.Grow(v.n)
	v.setNull(i)
}

func (v *Vector) appendNotNull() {
	v.n++
	if v.Nulls != nil {
		v.Nulls = v.Nulls.Grow(v.n)
	}
}

// AppendInt appends an integer-like payload (bool, ints, dates, times).
func (v *Vector) AppendInt(x int64) { v.I64 = append(v.I64, x); v.appendNotNull() }

// AppendFloat appends a float payload.
func (v *Vector) AppendFloat(x float64) { v.F64 = append(v.F64, x); v.appendNotNull() }

// AppendBytes appends a text/bytea/jsonb payload.
func (v *Vector) AppendBytes(b []byte) {
	v.Data = append(v.Data, b...)
	v.Offs = append(v.Offs, uint32(len(v.Data)))
	v.appendNotNull()
}

// AppendString appends a text/bytea/jsonb payload.
func (v *Vector) AppendString(s string) {
	v.Data = append(v.Data, s...)
	v.Offs = append(v.Offs, uint32(len(v.Data)))
	v.appendNotNull()
}

// Append appends d, which must be NULL or of the vector's kind.
func (v *Vector) Append(d Datum) {
	if d.Null {
		v.AppendNull()
		return
	}
	switch payloadOf(v.Type.Kind) {
	case payloadI64:
		v.AppendInt(d.I)
	case payloadF64:
		v.AppendFloat(d.F)
	case payloadBytes:
		v.AppendString(d.S)
	default:
		v.Datums = append(v.Datums, d)
		v.appendNotNull()
	}
}

// Get returns row i as a Datum.
func (v *Vector) Get(i int) Datum {
	k := v.Type.Kind
	if v.IsNull(i) {
		return Datum{K: k, Null: true}
	}
	switch payloadOf(k) {
	case payloadI64:
		return Datum{K: k, I: v.I64[i]}
	case payloadF64:
		return Datum{K: k, F: v.F64[i]}
	case payloadBytes:
		return Datum{K: k, S: string(v.Bytes(i))}
	}
	return v.Datums[i]
}

// AppendFrom appends row i of src (same type) to v.
func (v *Vector) AppendFrom(src *Vector, i int) {
	if src.IsNull(i) {
		v.AppendNull()
		return
	}
	switch payloadOf(v.Type.Kind) {
	case payloadI64:
		v.AppendInt(src.I64[i])
	case payloadF64:
		v.AppendFloat(src.F64[i])
	case payloadBytes:
		v.AppendBytes(src.Bytes(i))
	default:
		v.Datums = append(v.Datums, src.Datums[i])
		v.appendNotNull()
	}
}
