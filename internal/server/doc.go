// Package server is the session layer and the process lifecycle: it opens
// the state store, loads the catalog, serves the PostgreSQL protocol and
// runs each statement through parse → bind → plan → execute.
//
// Invariants:
//   - Every statement that changes the catalog or table rows commits one
//     atomic, synced state batch before it reports success, so a SIGKILL
//     never loses an acknowledged write.
//   - Writes are serialized by the engine's write lock; reads run on a
//     state snapshot and never block writers.
//   - Errors reaching a client are *base.Error with a SQLSTATE code.
package server
