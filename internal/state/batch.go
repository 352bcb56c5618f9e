package state

import (
	"encoding/binary"

	"github.com/cockroachdb/pebble/v2"
	"github.com/tributarydb/tributary/internal/base"
)

// Batch collects writes that Commit applies atomically: after a crash
// either all of them are visible or none. A Batch is not safe for
// concurrent use and may be committed once.
type Batch struct {
	s       *Store
	b       *pebble.Batch
	scratch []byte
	done    bool
}

// NewBatch returns an empty batch.
func (s *Store) NewBatch() *Batch {
	return &Batch{s: s, b: s.db.NewBatch()}
}

// key builds a Pebble key in the scratch buffer; Pebble copies it.
func (b *Batch) tableKey(tableID uint32, key []byte) []byte {
	b.scratch = appendTableKey(b.scratch[:0], tableID, key)
	return b.scratch
}

// Put sets key in table tableID to value.
func (b *Batch) Put(tableID uint32, key, value []byte) {
	_ = b.b.Set(b.tableKey(tableID, key), value, nil)
}

// Delete removes key from table tableID.
func (b *Batch) Delete(tableID uint32, key []byte) {
	_ = b.b.Delete(b.tableKey(tableID, key), nil)
}

// DeleteRange removes every key of table tableID (DROP TABLE, TRUNCATE).
func (b *Batch) DeleteRange(tableID uint32) {
	lower, upper := tableBounds(tableID, nil, nil)
	_ = b.b.DeleteRange(lower, upper, nil)
}

// SetCatalog stores the catalog bytes (catalog.Marshal's output).
func (b *Batch) SetCatalog(data []byte) { b.SetMeta(metaCatalog, data) }

// SetMeta stores a named meta value.
func (b *Batch) SetMeta(name string, value []byte) {
	_ = b.b.Set(metaKey(name), value, nil)
}

// SetCommittedEpoch records epoch as the last committed checkpoint.
func (b *Batch) SetCommittedEpoch(epoch uint64) {
	b.SetMeta(metaEpoch, binary.BigEndian.AppendUint64(nil, epoch))
}

// SetSourceOffset records the offset consumed up to for one split of a source.
func (b *Batch) SetSourceOffset(sourceID uint32, split string, offset []byte) {
	_ = b.b.Set(sourceKey(sourceID, split), offset, nil)
}

// DeleteSourceOffsets forgets every offset of a source (DROP SOURCE).
func (b *Batch) DeleteSourceOffsets(sourceID uint32) {
	p := sourceKey(sourceID, "")
	_ = b.b.DeleteRange(p, prefixSuccessor(p), nil)
}

// Empty reports whether the batch holds no writes.
func (b *Batch) Empty() bool { return b.b.Empty() }

// Commit applies the batch atomically. With sync the call returns only
// after the write is on stable storage, so a SIGKILL or power loss after
// it cannot lose it. The batch cannot be used afterwards.
func (b *Batch) Commit(sync bool) error {
	if b.done {
		return base.Errorf(base.CodeInternalError, "state: batch already committed or closed")
	}
	b.done = true
	opt := pebble.NoSync
	if sync {
		opt = pebble.Sync
	}
	err := b.b.Commit(opt)
	_ = b.b.Close()
	if err != nil {
		return b.s.readError(err)
	}
	return nil
}

// Close discards an uncommitted batch. Safe after Commit.
func (b *Batch) Close() {
	if !b.done {
		b.done = true
		_ = b.b.Close()
	}
}
