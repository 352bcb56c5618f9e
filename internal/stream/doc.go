// Package stream is Tributary's streaming engine: it keeps materialized
// views up to date incrementally as their inputs change.
//
// A bound query (internal/plan) becomes a dataflow with Plan; CreateJob
// runs it as actors (one goroutine each) connected by bounded channels.
// Each operator lives in its own file (project, filter, hash_agg,
// simple_agg, hash_join, union, distinct, top_n, group_top_n, hop,
// temporal_filter, now_project, materialize, source, values) with its
// configuration, run-time state and stats kept apart.
//
// Public API (see docs/CONTRACTS.md "stream"):
//
//	rt := stream.NewRuntime(stream.Config{Store, BarrierInterval, Parallelism, Logger, AllocTableID})
//	rt.Start(); defer rt.Close()
//	jp, err := stream.Plan(boundQuery, lookup)      // jp.Columns, jp.PK, jp.AppendOnly, jp.Inputs, jp.Explain()
//	sub := rt.Subscribe(tableID)                     // under the lock that orders DML commits, with a snapshot
//	job, err := rt.CreateJob(ctx, mvID, jp, map[uint32]stream.Input{tableID: {Snapshot: f, Sub: sub}})
//	rt.Publish(tableID, changes)                     // after each DML commit
//	rt.Flush(ctx)                                    // every change published before is in every MV, committed
//	rt.DropJob(mvID); job.StateTableIDs()            // caller deletes the ranges
//	rt.CommittedEpoch(); rt.Jobs()
//
// Invariants:
//   - Messages on an input are chunks (with Ops), barriers and watermarks,
//     in order. Channels are bounded: a slow operator slows its inputs
//     down to Publish (backpressure); nothing is dropped.
//   - Barriers: the runtime injects barrier N into every table
//     subscription every BarrierInterval (and on Flush) under the same
//     lock as Publish, so epoch N is one cut of all inputs. An operator
//     with several inputs aligns them (inputs ahead wait in their
//     channels), emits its pending changes, moves its dirty state into
//     epoch N's batch and forwards the barrier. A view's materialize
//     forwards the barrier to views built on it, so they see the same
//     cut. When every actor of every job has acknowledged N, the runtime
//     commits N in one atomic, synced Pebble batch with SetCommittedEpoch
//     (N): the snapshot that SELECT reads, consistent across views.
//   - Stream keys: every operator's output has a unique key (hidden key
//     columns are appended after the query's columns: a table's PK or
//     _row_id, join and partition keys, group keys). Rows with the same
//     key always travel through the same actors, so their changes stay in
//     order even with parallel actors; the MV's PK is this key.
//   - State: operators keep state in state tables (memcomparable keys) and
//     may cache it in memory (write-through, dropped when over
//     Config.CacheRows). Flushed but not yet committed epochs stay
//     readable as overlay layers, so an operator always reads its own
//     writes. Parallel actors of one operator share its table IDs with
//     disjoint keys (hash distribution).
//   - Errors: an expression error on a row yields NULL (filter: false) and
//     is counted (JobStats.Errors), as in RisingWave; a retraction of a
//     row that is not there is logged and counted, never a panic. An
//     operator that fails otherwise stops processing data but keeps
//     forwarding barriers, so other views keep committing
//     (JobStats.Failed).
//
// What it leaves out: recovery of running jobs from their state after a
// restart (CreateJob always starts from fresh state tables and a
// backfill: rebuild views on start); watermarks are carried but not used
// (EMIT ON WINDOW CLOSE, state cleaning); EXCEPT/INTERSECT, recursive
// CTEs, subquery expressions, general window functions (only
// row_number() top-N), volatile functions, now() other than in the select
// list or in temporal filters.
package stream
