// Package state is Tributary's durable storage and the only importer of
// Pebble. It holds the catalog bytes, the rows of tables and materialized
// views, operator state tables, the committed epoch, sequences and source
// offsets in one Pebble database under <data dir>/state
// (key layout: docs/format/state.md).
//
// Invariants:
//   - One process per data directory: Open takes an exclusive flock on
//     <data dir>/tributary.lock, released by the kernel even on SIGKILL.
//   - A Batch commits atomically; with sync=true it is on stable storage when
//     Commit returns, so an acknowledged statement survives a crash.
//   - An existing store is never silently reset: a directory without a
//     database, a database without our format marker, or corrupt files are
//     errors (CodeDataCorrupted/CodeIOError) naming the path.
//   - A Snapshot sees exactly the commits before it was taken.
//   - NextSequence never returns a value twice, across crashes too.
//   - Table keys are [0x02][tableID u32 BE][memcomparable key], so a table is
//     one contiguous key range (DROP is one range delete) and key order is
//     SQL order.
//
// What it leaves out: it knows nothing of SQL types beyond StateTable's use
// of base.EncodeKey/EncodeRow, nothing of the catalog's structure (it
// stores opaque bytes), and no epochs scheduling (the server decides when
// to commit; the store only records the committed epoch).
package state
