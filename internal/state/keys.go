package state

import "encoding/binary"

// Keyspace prefixes: the first byte of every Pebble key
// (docs/format/state.md). Never renumber; add new ones at the end.
const (
	prefixMeta   byte = 0x01 // [0x01][name]                         → meta value
	prefixTable  byte = 0x02 // [0x02][tableID u32 BE][memcomparable] → row value
	prefixSource byte = 0x03 // [0x03][sourceID u32 BE][split]        → offset
)

// Meta names.
const (
	metaFormat  = "format"
	metaCatalog = "catalog"
	metaEpoch   = "epoch"
	metaSeq     = "seq/" // + sequence name
)

// formatMarker is stored under meta "format" when a store is created; a
// store without it (or with another value) is refused rather than reused.
const formatMarker = "tributary-state/1"

func metaKey(name string) []byte {
	k := make([]byte, 0, 1+len(name))
	k = append(k, prefixMeta)
	return append(k, name...)
}

// appendTableKey appends [prefixTable][id][key] to dst.
func appendTableKey(dst []byte, id uint32, key []byte) []byte {
	dst = append(dst, prefixTable)
	dst = binary.BigEndian.AppendUint32(dst, id)
	return append(dst, key...)
}

// tableBounds returns the [lower, upper) Pebble keys of table id restricted
// to table keys in [start, end); nil start/end mean unbounded.
func tableBounds(id uint32, start, end []byte) (lower, upper []byte) {
	lower = appendTableKey(nil, id, start)
	if end != nil {
		upper = appendTableKey(nil, id, end)
	} else {
		upper = tableUpper(id)
	}
	return lower, upper
}

// tableUpper is the first key after every key of table id.
func tableUpper(id uint32) []byte {
	if id == ^uint32(0) {
		return []byte{prefixTable + 1}
	}
	return appendTableKey(nil, id+1, nil)
}

func sourceKey(id uint32, split string) []byte {
	k := make([]byte, 0, 5+len(split))
	k = append(k, prefixSource)
	k = binary.BigEndian.AppendUint32(k, id)
	return append(k, split...)
}

// prefixSuccessor returns the smallest key greater than every key with
// prefix p, or nil if there is none (p is all 0xff).
func prefixSuccessor(p []byte) []byte {
	s := append([]byte(nil), p...)
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] != 0xff {
			s[i]++
			return s[:i+1]
		}
	}
	return nil
}
