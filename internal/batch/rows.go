package batch

import (
	"github.com/tributarydb/tributary/internal/base"
)

// payload mirrors base's choice of payload slice per kind.
type payload uint8

const (
	plI64 payload = iota
	plF64
	plBytes
	plDatum
)

func payloadOf(k base.Kind) payload {
	switch k {
	case base.KindBool, base.KindInt16, base.KindInt32, base.KindInt64, base.KindOid,
		base.KindDate, base.KindTime, base.KindTimestamp, base.KindTimestampTZ:
		return plI64
	case base.KindFloat32, base.KindFloat64:
		return plF64
	case base.KindText, base.KindBytea, base.KindJSONB:
		return plBytes
	}
	return plDatum
}

// rowBuffer is a growable columnar row store used to materialize inputs
// (hash join build side, sort buffers, CTE results). Rows are addressed by
// their int32 position.
type rowBuffer struct {
	types []base.Type
	cols  []*base.Vector
	n     int
	bytes int64 // approximate footprint
}

func newRowBuffer(types []base.Type) *rowBuffer {
	b := &rowBuffer{types: types, cols: make([]*base.Vector, len(types))}
	for i, t := range types {
		b.cols[i] = base.NewVector(t, 0)
	}
	return b
}

func (b *rowBuffer) reset() {
	for _, v := range b.cols {
		v.Reset()
	}
	b.n = 0
	b.bytes = 0
}

// len is the number of rows.
func (b *rowBuffer) len() int { return b.n }

// appendRow appends row i of the vectors src (one per column).
func (b *rowBuffer) appendRow(src []*base.Vector, i int) {
	for c, v := range b.cols {
		appendFrom(v, src[c], i)
		switch payloadOf(v.Type.Kind) {
		case plBytes:
			if !src[c].IsNull(i) {
				b.bytes += int64(len(src[c].Bytes(i)))
			}
			b.bytes += 4
		case plDatum:
			b.bytes += datumSize
			if !src[c].IsNull(i) {
				b.bytes += datumExtra(&src[c].Datums[i])
			}
		default:
			b.bytes += 8
		}
	}
	b.n++
}

// appendVectors appends the rows sel of src (nil sel: all n rows).
func (b *rowBuffer) appendVectors(src []*base.Vector, n int, sel []int32) {
	rows := n
	if sel != nil {
		rows = len(sel)
	}
	for c, v := range b.cols {
		s := src[c]
		dataBefore, datBefore := len(v.Data), len(v.Datums)
		appendRows(v, s, n, sel)
		switch payloadOf(v.Type.Kind) {
		case plBytes:
			b.bytes += int64(len(v.Data)-dataBefore) + 4*int64(rows)
		case plDatum:
			for i := datBefore; i < len(v.Datums); i++ {
				b.bytes += datumSize + datumExtra(&v.Datums[i])
			}
		default:
			b.bytes += 8 * int64(rows)
		}
		b.bytes += int64(rows) / 8
	}
	b.n += rows
}

// gather appends the rows idx of b to the vectors dst.
func (b *rowBuffer) gather(dst []*base.Vector, idx []int32) {
	for c, v := range b.cols {
		gatherInto(dst[c], v, idx)
	}
}

// appendFrom appends row i of src to dst (same payload kind).
func appendFrom(dst, src *base.Vector, i int) {
	if src.IsNull(i) {
		dst.AppendNull()
		return
	}
	switch payloadOf(dst.Type.Kind) {
	case plI64:
		dst.AppendInt(src.I64[i])
	case plF64:
		dst.AppendFloat(src.F64[i])
	case plBytes:
		dst.AppendBytes(src.Bytes(i))
	default:
		dst.Append(src.Datums[i])
	}
}

// appendRows appends rows sel (nil: 0..n-1) of src to dst.
func appendRows(dst, src *base.Vector, n int, sel []int32) {
	if src.Nulls == nil {
		switch payloadOf(dst.Type.Kind) {
		case plI64:
			if sel == nil {
				for _, x := range src.I64[:n] {
					dst.AppendInt(x)
				}
			} else {
				for _, i := range sel {
					dst.AppendInt(src.I64[i])
				}
			}
			return
		case plF64:
			if sel == nil {
				for _, x := range src.F64[:n] {
					dst.AppendFloat(x)
				}
			} else {
				for _, i := range sel {
					dst.AppendFloat(src.F64[i])
				}
			}
			return
		case plBytes:
			if sel == nil {
				for i := 0; i < n; i++ {
					dst.AppendBytes(src.Bytes(i))
				}
			} else {
				for _, i := range sel {
					dst.AppendBytes(src.Bytes(int(i)))
				}
			}
			return
		}
	}
	if sel == nil {
		for i := 0; i < n; i++ {
			appendFrom(dst, src, i)
		}
		return
	}
	for _, i := range sel {
		appendFrom(dst, src, int(i))
	}
}

// gatherInto appends rows idx of src to dst; a negative index appends NULL
// (the padding side of an outer join).
func gatherInto(dst, src *base.Vector, idx []int32) {
	if src.Nulls == nil {
		switch payloadOf(dst.Type.Kind) {
		case plI64:
			xs := src.I64
			for _, i := range idx {
				if i < 0 {
					dst.AppendNull()
				} else {
					dst.AppendInt(xs[i])
				}
			}
			return
		case plF64:
			xs := src.F64
			for _, i := range idx {
				if i < 0 {
					dst.AppendNull()
				} else {
					dst.AppendFloat(xs[i])
				}
			}
			return
		}
	}
	for _, i := range idx {
		if i < 0 {
			dst.AppendNull()
		} else {
			appendFrom(dst, src, int(i))
		}
	}
}

// chunkOf wraps vectors as a chunk, keeping the row count for zero-column
// chunks.
func chunkOf(cols []*base.Vector, rows int) *base.Chunk {
	return &base.Chunk{Cols: cols, Rows: rows}
}

// outChunk is a reusable output chunk of fixed types.
type outChunk struct {
	c *base.Chunk
}

// get returns the chunk reset for reuse.
func (o *outChunk) get(types []base.Type) *base.Chunk {
	if o.c == nil || !sameTypes(o.c.Cols, types) {
		o.c = base.NewChunk(types, base.MaxChunkRows)
		return o.c
	}
	o.c.Reset()
	return o.c
}

// like returns the chunk reset for reuse with the types of cols (no
// allocation when they are unchanged).
func (o *outChunk) like(cols []*base.Vector) *base.Chunk {
	if o.c != nil && len(o.c.Cols) == len(cols) {
		same := true
		for i, v := range cols {
			if o.c.Cols[i].Type != v.Type {
				same = false
				break
			}
		}
		if same {
			o.c.Reset()
			return o.c
		}
	}
	return o.get(typesOf(cols))
}

func sameTypes(cols []*base.Vector, types []base.Type) bool {
	if len(cols) != len(types) {
		return false
	}
	for i, v := range cols {
		if v.Type != types[i] {
			return false
		}
	}
	return true
}

// chunkTypes returns the types of a chunk's vectors.
func typesOf(vs []*base.Vector) []base.Type {
	ts := make([]base.Type, len(vs))
	for i, v := range vs {
		ts[i] = v.Type
	}
	return ts
}
