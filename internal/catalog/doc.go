// Package catalog holds Tributary's metadata: the database, schemas,
// relations (tables, views, materialized views, sources, sinks, indexes),
// users, secrets, grants, owners, comments and dependencies.
//
// Invariants:
//   - Published objects (*Relation, *Schema, *Secret, *User) are immutable.
//     Every mutation installs new values (copy on write) and bumps
//     Catalog.Version, so the planner may hold a *Relation without locks and
//     detect staleness by comparing versions.
//   - Schemas, relations and secrets share one ID space; IDs are allocated
//     from a persisted counter and never reused (FirstUserID and up). Relation
//     IDs double as the state table IDs of their rows.
//   - Relations and secrets in DependsOn must exist; an object is dropped only
//     after, or together with (CASCADE), everything that depends on it.
//   - Every error is a *base.Error with a SQLSTATE and PostgreSQL's wording.
//
// The package does not persist itself: Marshal/Unmarshal convert to bytes
// (docs/format/catalog.md) and the server stores them through internal/state
// in the same atomic batch as the DDL's data changes. It imports neither
// internal/state nor Pebble.
package catalog
