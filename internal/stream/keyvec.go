package stream

import (
	"encoding/binary"
	"math"

	"github.com/tributarydb/tributary/internal/base"
)

// appendVecKey appends the ascending memcomparable encoding of row i of
// v: the bytes base.EncodeKey(dst, v.Get(i), false) appends, without
// materializing a Datum (no string allocation for text). Kinds without a
// fast path go through base.EncodeKey.
func appendVecKey(dst []byte, v *base.Vector, i int) []byte {
	if v.IsNull(i) {
		return base.EncodeKey(dst, base.Datum{K: v.Type.Kind, Null: true}, false)
	}
	switch k := v.Type.Kind; k {
	case base.KindInt16, base.KindInt32, base.KindInt64, base.KindOid, base.KindDate, base.KindTime, base.KindTimestamp, base.KindTimestampTZ:
		dst = append(dst, 0x01)
		return binary.BigEndian.AppendUint64(dst, uint64(v.I64[i])^(1<<63))
	case base.KindFloat32, base.KindFloat64:
		dst = append(dst, 0x01)
		return binary.BigEndian.AppendUint64(dst, floatKey(v.F64[i]))
	case base.KindText, base.KindBytea, base.KindJSONB:
		dst = append(dst, 0x01)
		for _, c := range v.Bytes(i) {
			dst = append(dst, c)
			if c == 0 {
				dst = append(dst, 0xff)
			}
		}
		return append(dst, 0, 0x01)
	}
	return base.EncodeKey(dst, v.Get(i), false)
}

// floatKey mirrors base's float key: NaNs equal, -0 = 0, order-preserving.
func floatKey(f float64) uint64 {
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
