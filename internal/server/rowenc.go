package server

import (
	"encoding/binary"
	"hash/crc32"
	"math"

	"github.com/tributarydb/tributary/internal/base"
)

// Column-wise row encoding for bulk inserts (COPY, INSERT ... SELECT):
// the bytes base.EncodeRow appends for the row's datums (docs/format),
// read straight from the chunk's vectors, without boxing each value in a
// Datum. Only the common kinds have a fast path; for a row with any other
// kind appendChunkRow reports false and the caller uses base.EncodeRow.

const rowVersion = 0x01 // base's row encoding version

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// fastRowKinds reports whether every column has a fast path.
func fastRowKinds(cols []*base.Vector) bool {
	for _, v := range cols {
		switch v.Type.Kind {
		case base.KindBool, base.KindInt16, base.KindInt32, base.KindInt64, base.KindOid, base.KindDate,
			base.KindTime, base.KindTimestamp, base.KindTimestampTZ, base.KindFloat32, base.KindFloat64,
			base.KindText, base.KindBytea, base.KindJSONB:
		default:
			return false
		}
	}
	return true
}

// appendChunkRow appends the value encoding of row i of cols, with column
// idCol (-1: none) replaced by the int8 value id. Every column's kind must
// pass fastRowKinds.
func appendChunkRow(dst []byte, cols []*base.Vector, i, idCol int, id int64) []byte {
	start := len(dst)
	dst = append(dst, rowVersion)
	dst = binary.AppendUvarint(dst, uint64(len(cols)))
	for j, v := range cols {
		if j == idCol {
			dst = append(dst, byte(base.KindInt64))
			dst = binary.AppendVarint(dst, id)
			continue
		}
		if v.IsNull(i) {
			dst = append(dst, 0)
			continue
		}
		k := v.Type.Kind
		dst = append(dst, byte(k))
		switch k {
		case base.KindBool:
			if v.I64[i] != 0 {
				dst = append(dst, 1)
			} else {
				dst = append(dst, 0)
			}
		case base.KindFloat32, base.KindFloat64:
			dst = binary.BigEndian.AppendUint64(dst, math.Float64bits(v.F64[i]))
		case base.KindText, base.KindBytea, base.KindJSONB:
			b := v.Bytes(i)
			dst = binary.AppendUvarint(dst, uint64(len(b)))
			dst = append(dst, b...)
		default: // the integer kinds
			dst = binary.AppendVarint(dst, v.I64[i])
		}
	}
	return binary.BigEndian.AppendUint32(dst, crc32.Checksum(dst[start:], castagnoli))
}
