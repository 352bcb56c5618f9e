package state

import (
	"github.com/cockroachdb/pebble/v2"
)

// Snapshot is a consistent, read-only view of the store at the moment it
// was taken: later commits are invisible to it. A statement reads through
// one snapshot. Close it when done; it pins old data in Pebble.
type Snapshot struct {
	s    *Store
	snap *pebble.Snapshot
}

// NewSnapshot takes a snapshot of the committed state.
func (s *Store) NewSnapshot() *Snapshot {
	return &Snapshot{s: s, snap: s.db.NewSnapshot()}
}

// Get reads key of table tableID as of the snapshot.
func (sn *Snapshot) Get(tableID uint32, key []byte) ([]byte, bool, error) {
	return getFrom(sn.snap, appendTableKey(nil, tableID, key), sn.s)
}

// Scan calls fn for every key of table tableID in [start, end) in key
// order (nil start/end: unbounded), as of the snapshot. key and value are
// only valid during the call; copy them to keep them. An error from fn
// stops the scan and is returned.
func (sn *Snapshot) Scan(tableID uint32, start, end []byte, fn func(key, value []byte) error) error {
	return scan(sn.snap, sn.s, tableID, start, end, fn)
}

// NewIterator returns an iterator over table tableID in [start, end).
func (sn *Snapshot) NewIterator(tableID uint32, start, end []byte) (*Iterator, error) {
	return newIterator(sn.snap, sn.s, tableID, start, end)
}

// Close releases the snapshot.
func (sn *Snapshot) Close() error {
	if sn.snap == nil {
		return nil
	}
	err := sn.snap.Close()
	sn.snap = nil
	return err
}

// NewIterator returns an iterator over the latest committed state of
// table tableID in [start, end) (no snapshot: prefer Snapshot.NewIterator
// for statement reads).
func (s *Store) NewIterator(tableID uint32, start, end []byte) (*Iterator, error) {
	return newIterator(s.db, s, tableID, start, end)
}

type iterSource interface {
	NewIter(o *pebble.IterOptions) (*pebble.Iterator, error)
}

func scan(src iterSource, s *Store, tableID uint32, start, end []byte, fn func(key, value []byte) error) error {
	it, err := newIterator(src, s, tableID, start, end)
	if err != nil {
		return err
	}
	for ok := it.First(); ok; ok = it.Next() {
		v, err := it.it.ValueAndErr()
		if err != nil {
			_ = it.Close()
			return s.readError(err)
		}
		if err := fn(it.Key(), v); err != nil {
			_ = it.Close()
			return err
		}
	}
	return it.Close()
}

// Iterator walks the keys of one table in order. Key and Value are valid
// until the next positioning call.
type Iterator struct {
	s      *Store
	it     *pebble.Iterator
	prefix int // length of the [keyspace][tableID] prefix stripped from keys
	table  []byte
}

func newIterator(src iterSource, s *Store, tableID uint32, start, end []byte) (*Iterator, error) {
	lower, upper := tableBounds(tableID, start, end)
	it, err := src.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return nil, s.readError(err)
	}
	return &Iterator{s: s, it: it, prefix: 5, table: appendTableKey(nil, tableID, nil)}, nil
}

// First positions at the first key; it reports whether one exists.
func (i *Iterator) First() bool { return i.it.First() }

// SeekGE positions at the first key >= key (a table key, without prefix).
func (i *Iterator) SeekGE(key []byte) bool {
	return i.it.SeekGE(append(append([]byte(nil), i.table...), key...))
}

// Next moves to the next key; it reports whether one exists.
func (i *Iterator) Next() bool { return i.it.Next() }

// Valid reports whether the iterator is positioned at a key.
func (i *Iterator) Valid() bool { return i.it.Valid() }

// Key returns the current table key (without the table prefix).
func (i *Iterator) Key() []byte { return i.it.Key()[i.prefix:] }

// Value returns the current value.
func (i *Iterator) Value() []byte { return i.it.Value() }

// Error returns the error that stopped iteration, if any.
func (i *Iterator) Error() error {
	if err := i.it.Error(); err != nil {
		return i.s.readError(err)
	}
	return nil
}

// Close releases the iterator and returns any iteration error.
func (i *Iterator) Close() error {
	if i.it == nil {
		return nil
	}
	err := i.it.Close()
	i.it = nil
	if err != nil {
		return i.s.readError(err)
	}
	return nil
}
