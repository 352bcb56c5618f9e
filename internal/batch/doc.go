// Package batch is the vectorized executor for ad-hoc (batch) queries and
// DML: it turns a bound logical plan (internal/plan) into a tree of pull
// operators over columnar chunks (base.Chunk) and runs it against a
// Storage/TableWriter supplied by the caller.
//
// Invariants:
//   - Operator.Next returns a chunk of at most base.MaxChunkRows rows, or
//     nil at the end. A returned chunk (and its vectors) is only valid until
//     the next call to Next on the same operator: consumers copy what they
//     keep. Operators never return an empty non-nil chunk.
//   - Every operator may be Opened again after Close (correlated subqueries
//     re-run one built tree per outer row).
//   - Operators that buffer (hash tables, sort buffers, CTE results) charge
//     their approximate footprint to the query's memory account and fail
//     with 53200 past ExecContext.MemoryLimit; leaves check cancellation per
//     chunk and fail with 57014.
//   - Errors are *base.Error with SQLSTATE codes; no operator panics on
//     data.
//
// SQL semantics follow PostgreSQL: NULL join keys never match (unless the
// key is marked null-safe), GROUP BY / DISTINCT / set operations treat NULLs
// as equal, ORDER BY puts NULLs last for ASC and first for DESC, a scalar
// aggregate over no rows yields one row.
//
// Left out: spilling to disk (the memory limit is a hard error), parallel
// execution (one goroutine per query), merge joins.
package batch
