package catalog

import (
	"maps"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

// ErrWrongKind is PostgreSQL's error for a statement naming an object of
// another kind, e.g. DROP TABLE on a view: `"v" is not a table` (42809),
// with the hint `Use DROP VIEW to remove a view.` when forDrop.
func ErrWrongKind(r *Relation, want Kind, forDrop bool) *base.Error {
	e := base.Errorf(base.CodeWrongObjectType, "%q is not a %s", r.Name, want)
	if forDrop {
		e.WithHint("Use DROP %s to remove a %s.", strings.ToUpper(r.Kind.String()), r.Kind)
	}
	return e
}

// Clone returns an independent copy of the catalog. Published objects are
// immutable, so they are shared; only the indexes are copied. The server
// can apply DDL to a clone, persist it, and only then Restore it into the
// live catalog, so a failed commit leaves the live catalog untouched.
func (c *Catalog) Clone() *Catalog {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := &Catalog{
		version:      c.version,
		database:     c.database,
		nextID:       c.nextID,
		schemas:      maps.Clone(c.schemas),
		schemaByName: maps.Clone(c.schemaByName),
		rels:         maps.Clone(c.rels),
		relByName:    maps.Clone(c.relByName),
		secrets:      maps.Clone(c.secrets),
		secretByName: maps.Clone(c.secretByName),
		users:        maps.Clone(c.users),
		grants:       maps.Clone(c.grants),
		now:          c.now,
	}
	return n
}

// Restore replaces the contents of c with those of from (e.g. a clone made
// before a failed DDL, or the committed clone after a successful one). The
// version becomes max(c, from)+1 so cached plans are invalidated either way.
// from must not be used afterwards.
func (c *Catalog) Restore(from *Catalog) {
	if from == c {
		return
	}
	from.mu.Lock()
	defer from.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	v := max(c.version, from.version) + 1
	c.database, c.nextID = from.database, max(c.nextID, from.nextID)
	c.schemas, c.schemaByName = from.schemas, from.schemaByName
	c.rels, c.relByName = from.rels, from.relByName
	c.secrets, c.secretByName = from.secrets, from.secretByName
	c.users, c.grants = from.users, from.grants
	c.version = v
}
