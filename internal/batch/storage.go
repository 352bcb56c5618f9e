package batch

import (
	"context"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// ChunkIterator yields the chunks of a table scan.
type ChunkIterator interface {
	// Next returns the next chunk or nil at the end. The chunk is valid
	// until the following call.
	Next() (*base.Chunk, error)
	Close()
}

// Storage reads stored relations (tables and materialized views).
type Storage interface {
	// ScanTable returns the rows of rel as of the statement's snapshot,
	// with only the columns cols (indexes into rel.Columns, in that order;
	// nil means all columns). Writes made by the same statement after the
	// call must not become visible to the iterator.
	ScanTable(ctx context.Context, rel *catalog.Relation, cols []int) (ChunkIterator, error)
}

// ConflictMode is what INSERT does when a row's primary key already exists.
type ConflictMode uint8

const (
	// ConflictOverwrite replaces the stored row (RisingWave's default for
	// tables with a primary key).
	ConflictOverwrite ConflictMode = iota
	// ConflictDoNothing keeps the stored row and skips the new one
	// (ON CONFLICT DO NOTHING).
	ConflictDoNothing
	// ConflictError fails with 23505 (PostgreSQL's default).
	ConflictError
	// ConflictDoUpdate calls InsertOptions.DoUpdate (ON CONFLICT DO UPDATE).
	ConflictDoUpdate
)

// InsertOptions control TableWriter.Insert.
type InsertOptions struct {
	Conflict ConflictMode
	// DoUpdate (ConflictDoUpdate only) gets the stored row and the proposed
	// row (EXCLUDED), both full width in rel.Columns order, and returns the
	// row to store. ok=false leaves the stored row alone (the DO UPDATE
	// WHERE was not true); that row is not counted as affected.
	DoUpdate func(existing, excluded []base.Datum) (row []base.Datum, ok bool, err error)
	// Returning asks Insert to return the rows it stored (inserted or
	// updated, in input order) for RETURNING; otherwise written may be nil.
	Returning bool
}

// TableWriter applies DML to tables. All chunks are full width: one vector
// per rel.Columns entry, in order, including hidden columns. Rows are
// identified by their primary-key columns (rel.PK). For a relation without
// a user primary key the executor passes NULL in the hidden _row_id column
// on insert and the writer assigns a fresh id.
//
// The executor has already applied NOT NULL checks and assignment casts.
// Chunks are only valid during the call: copy what you keep.
type TableWriter interface {
	Insert(ctx context.Context, rel *catalog.Relation, rows *base.Chunk, opts InsertOptions) (affected int, written *base.Chunk, err error)
	// Update replaces the stored row keyed by the PK of old row i with new
	// row i. When the PK changes the old key is removed; colliding with
	// another stored row is 23505.
	Update(ctx context.Context, rel *catalog.Relation, old, new *base.Chunk) (affected int, err error)
	// Delete removes the stored rows keyed by the PKs of rows.
	Delete(ctx context.Context, rel *catalog.Relation, rows *base.Chunk) (affected int, err error)
}

// uniqueViolation is PostgreSQL's 23505 for a primary-key collision.
func uniqueViolation(rel *catalog.Relation, row []base.Datum) error {
	names, vals := "", ""
	for i, c := range rel.PK {
		if i > 0 {
			names += ", "
			vals += ", "
		}
		names += rel.Columns[c].Name
		vals += base.FormatText(row[c], rel.Columns[c].Type, nil)
	}
	return base.Errorf(base.CodeUniqueViolation, "duplicate key value violates unique constraint %q", rel.Name+"_pkey").
		WithDetail("Key (%s)=(%s) already exists.", names, vals)
}
