package state

import (
	"sort"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

// StateTable is a typed view of one table's key space for operators: rows
// of datums keyed by datums (memcomparable, ascending), with an in-memory
// write buffer that Flush moves into a Batch at a barrier. Reads see the
// buffer over the latest committed state. Not safe for concurrent use:
// each actor owns its state tables.
type StateTable struct {
	store      *Store
	id         uint32
	keyTypes   []base.Type
	valueTypes []base.Type
	// buf maps an encoded key to its pending write; a nil value is a
	// pending delete.
	buf map[string]*pending
}

type pending struct {
	value []byte // encoded row; nil for a delete
}

// NewStateTable returns a state table over table tableID.
func NewStateTable(store *Store, tableID uint32, keyTypes, valueTypes []base.Type) *StateTable {
	return &StateTable{store: store, id: tableID, keyTypes: keyTypes, valueTypes: valueTypes, buf: map[string]*pending{}}
}

// TableID returns the table's ID.
func (t *StateTable) TableID() uint32 { return t.id }

// Dirty returns the number of buffered writes.
func (t *StateTable) Dirty() int { return len(t.buf) }

// EncodeKey returns the memcomparable encoding of a (possibly partial,
// leading-prefix) key.
func (t *StateTable) EncodeKey(key []base.Datum) []byte {
	var k []byte
	for _, d := range key {
		k = base.EncodeKey(k, d, false)
	}
	return k
}

func (t *StateTable) decodeKey(k []byte) ([]base.Datum, error) {
	out := make([]base.Datum, len(t.keyTypes))
	for i, typ := range t.keyTypes {
		d, rest, err := base.DecodeKey(k, typ, false)
		if err != nil {
			return nil, err
		}
		out[i], k = d, rest
	}
	if len(k) != 0 {
		return nil, base.Errorf(base.CodeDataCorrupted, "state table %d: %d trailing bytes after key", t.id, len(k))
	}
	return out, nil
}

// Get returns the row stored under key.
func (t *StateTable) Get(key []base.Datum) ([]base.Datum, bool, error) {
	k := t.EncodeKey(key)
	if p, ok := t.buf[string(k)]; ok {
		if p.value == nil {
			return nil, false, nil
		}
		row, err := base.DecodeRow(p.value, t.valueTypes)
		return row, err == nil, err
	}
	v, ok, err := t.store.Get(t.id, k)
	if err != nil || !ok {
		return nil, false, err
	}
	row, err := base.DecodeRow(v, t.valueTypes)
	if err != nil {
		return nil, false, err
	}
	return row, true, nil
}

// Put buffers key → value.
func (t *StateTable) Put(key, value []base.Datum) {
	t.buf[string(t.EncodeKey(key))] = &pending{value: base.EncodeRow(nil, value)}
}

// Delete buffers the removal of key.
func (t *StateTable) Delete(key []base.Datum) {
	t.buf[string(t.EncodeKey(key))] = &pending{}
}

// Flush moves the buffered writes into b (in key order, for determinism)
// and clears the buffer. They become durable when b is committed.
func (t *StateTable) Flush(b *Batch) {
	keys := make([]string, 0, len(t.buf))
	for k := range t.buf {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if p := t.buf[k]; p.value == nil {
			b.Delete(t.id, []byte(k))
		} else {
			b.Put(t.id, []byte(k), p.value)
		}
	}
	clear(t.buf)
}

// Scan calls fn, in key order, for every row whose key starts with prefix
// (nil: all rows), merging the buffer over the committed state. fn must
// not modify the table.
func (t *StateTable) Scan(prefix []base.Datum, fn func(key, value []base.Datum) error) error {
	p := t.EncodeKey(prefix)
	var end []byte
	if len(p) > 0 {
		end = prefixSuccessor(p)
	}
	var bufKeys []string
	for k := range t.buf {
		if strings.HasPrefix(k, string(p)) {
			bufKeys = append(bufKeys, k)
		}
	}
	sort.Strings(bufKeys)
	emit := func(k, v []byte) error {
		key, err := t.decodeKey(k)
		if err != nil {
			return err
		}
		row, err := base.DecodeRow(v, t.valueTypes)
		if err != nil {
			return err
		}
		return fn(key, row)
	}
	emitBuf := func(k string) error {
		if v := t.buf[k].value; v != nil {
			return emit([]byte(k), v)
		}
		return nil
	}
	// end stays nil when p is all 0xff: then the scan runs to the table's end.
	it, err := t.store.NewIterator(t.id, p, end)
	if err != nil {
		return err
	}
	defer it.Close()
	bi := 0
	for ok := it.First(); ok; ok = it.Next() {
		k := it.Key()
		for bi < len(bufKeys) && bufKeys[bi] < string(k) {
			if err := emitBuf(bufKeys[bi]); err != nil {
				return err
			}
			bi++
		}
		if bi < len(bufKeys) && bufKeys[bi] == string(k) {
			if err := emitBuf(bufKeys[bi]); err != nil {
				return err
			}
			bi++
			continue
		}
		if err := emit(k, it.Value()); err != nil {
			return err
		}
	}
	if err := it.Error(); err != nil {
		return err
	}
	for ; bi < len(bufKeys); bi++ {
		if err := emitBuf(bufKeys[bi]); err != nil {
			return err
		}
	}
	return it.Close()
}
