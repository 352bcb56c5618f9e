package kafka

import (
	"encoding/binary"
	"errors"
	"sort"
)

// checkpointVersion is the first byte of a checkpoint.
const checkpointVersion = 1

// encodeCheckpoint encodes the next offset to read of every partition:
// version byte 1, uvarint count, then per partition in ascending order
// uvarint partition and uvarint next offset.
func encodeCheckpoint(next map[int32]int64) []byte {
	ps := make([]int32, 0, len(next))
	for p := range next {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
	out := make([]byte, 0, 2+len(ps)*6)
	out = append(out, checkpointVersion)
	out = binary.AppendUvarint(out, uint64(len(ps)))
	for _, p := range ps {
		out = binary.AppendUvarint(out, uint64(p))
		out = binary.AppendUvarint(out, uint64(next[p]))
	}
	return out
}

var errBadCheckpoint = errors.New("kafka: invalid checkpoint")

// decodeCheckpoint is the inverse of encodeCheckpoint.
func decodeCheckpoint(b []byte) (map[int32]int64, error) {
	if len(b) == 0 || b[0] != checkpointVersion {
		return nil, errBadCheckpoint
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > 1<<20 {
		return nil, errBadCheckpoint
	}
	b = b[k:]
	out := make(map[int32]int64, n)
	for i := uint64(0); i < n; i++ {
		p, k := binary.Uvarint(b)
		if k <= 0 || p > 1<<31-1 {
			return nil, errBadCheckpoint
		}
		b = b[k:]
		o, k := binary.Uvarint(b)
		if k <= 0 || o > 1<<63-1 {
			return nil, errBadCheckpoint
		}
		b = b[k:]
		out[int32(p)] = int64(o)
	}
	if len(b) != 0 {
		return nil, errBadCheckpoint
	}
	return out, nil
}
