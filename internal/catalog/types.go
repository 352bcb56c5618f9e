package catalog

import (
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/base"
)

// Kind is the kind of a catalog object. Its persisted form is its String
// name, never its number, so constants may be reordered freely.
type Kind uint8

const (
	KindTable Kind = iota + 1
	KindView
	KindMaterializedView
	KindSource
	KindSink
	KindIndex
	KindSecret
	KindSchema
)

var kindNames = map[Kind]string{
	KindTable:            "table",
	KindView:             "view",
	KindMaterializedView: "materialized view",
	KindSource:           "source",
	KindSink:             "sink",
	KindIndex:            "index",
	KindSecret:           "secret",
	KindSchema:           "schema",
}

// String returns the name PostgreSQL uses in messages ("materialized view").
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "object"
}

// MarshalText implements encoding.TextMarshaler (the persisted form).
func (k Kind) MarshalText() ([]byte, error) {
	if _, ok := kindNames[k]; !ok {
		return nil, base.Errorf(base.CodeInternalError, "catalog: invalid object kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *Kind) UnmarshalText(b []byte) error {
	for kk, s := range kindNames {
		if s == string(b) {
			*k = kk
			return nil
		}
	}
	return base.Errorf(base.CodeDataCorrupted, "catalog: unknown object kind %q", string(b))
}

// RowIDColumn is the name of the hidden bigint key column added to a table
// created without a primary key.
const RowIDColumn = "_row_id"

// Column is one column of a relation.
type Column struct {
	Name    string
	Type    base.Type
	NotNull bool
	Default string // SQL text of the DEFAULT expression; "" if none
	Hidden  bool   // not expanded by *, e.g. _row_id
	Comment string
}

// Watermark is a WATERMARK FOR column AS expr clause.
type Watermark struct {
	Column string
	Expr   string // SQL text
}

// Relation is a table, view, materialized view, source, sink or index.
//
// A *Relation obtained from a Catalog is immutable: the catalog never
// modifies it after publishing it (ALTER publishes a new value), so it may
// be held and read without locks. Callers must not modify it either; use
// Clone to derive a changed copy for ReplaceRelation.
type Relation struct {
	ID       uint32
	SchemaID uint32
	Schema   string
	Name     string
	Kind     Kind
	Columns  []Column
	// PK holds column indexes of the primary key. A table without a
	// user-declared key gets the hidden _row_id column (HasUserPK false).
	PK         []int
	HasUserPK  bool
	Owner      string
	Comment    string
	Definition string   // SQL text: the view query, or the CREATE statement
	DependsOn  []uint32 // IDs of relations and secrets this object uses
	// Options are the WITH (...) options. A value made by SecretRef refers
	// to a secret; CreateRelation records it in DependsOn.
	Options           map[string]string
	Format, Encode    string
	FormatOptions     map[string]string
	AppendOnly        bool
	EmitOnWindowClose bool
	Watermarks        []Watermark
	// InternalTables are state table IDs owned by this object (operator
	// state of a materialized view, say), reserved with ReserveIDs. They
	// are returned with the relation on DROP so the server can clear them.
	InternalTables []uint32
	// Properties is free-form metadata for the data mesh (SLA, domain, …).
	Properties map[string]string
	Created    time.Time
	Version    uint64 // bumped by every ReplaceRelation of this object
}

// VisibleColumns returns the columns that * expands to.
func (r *Relation) VisibleColumns() []Column {
	out := make([]Column, 0, len(r.Columns))
	for _, c := range r.Columns {
		if !c.Hidden {
			out = append(out, c)
		}
	}
	return out
}

// ColumnIndex returns the index in Columns of the column named name, or -1.
func (r *Relation) ColumnIndex(name string) int {
	for i, c := range r.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// QualifiedName returns schema.name.
func (r *Relation) QualifiedName() string { return r.Schema + "." + r.Name }

// IsMaterialized reports whether the relation stores rows (table, MV).
func (r *Relation) IsMaterialized() bool {
	return r.Kind == KindTable || r.Kind == KindMaterializedView
}

// Clone returns a deep copy of r that the caller may modify.
func (r *Relation) Clone() *Relation {
	c := *r
	c.Columns = append([]Column(nil), r.Columns...)
	c.PK = append([]int(nil), r.PK...)
	c.DependsOn = append([]uint32(nil), r.DependsOn...)
	c.Options = cloneMap(r.Options)
	c.FormatOptions = cloneMap(r.FormatOptions)
	c.Watermarks = append([]Watermark(nil), r.Watermarks...)
	c.InternalTables = append([]uint32(nil), r.InternalTables...)
	c.Properties = cloneMap(r.Properties)
	return &c
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Schema is a namespace. Immutable once published, like Relation.
type Schema struct {
	ID      uint32
	Name    string
	Owner   string
	Comment string
}

// User is a role. PasswordHash is a SCRAM-SHA-256 verifier
// ("SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>", as PostgreSQL
// stores it) or ""; the cleartext password is never stored.
type User struct {
	Name         string
	Superuser    bool
	CanLogin     bool
	CreateDB     bool
	CreateRole   bool
	PasswordHash string
	Comment      string
}

// Secret is a named, encrypted value (CREATE SECRET). The catalog stores
// only ciphertext; encryption is the server's business.
type Secret struct {
	ID         uint32
	SchemaID   uint32
	Schema     string
	Name       string
	Owner      string
	Ciphertext []byte
	Comment    string
}

// QualifiedName returns schema.name.
func (s *Secret) QualifiedName() string { return s.Schema + "." + s.Name }

// Grant is a set of privileges on one object (schema, relation or secret)
// for one grantee ("PUBLIC" for everyone). Privileges are upper case.
type Grant struct {
	ObjectID   uint32
	Grantee    string
	Privileges []string
}

// secretRefPrefix marks an option value that names a secret.
const secretRefPrefix = "SECRET "

// SecretRef returns the Options value that refers to secret schema.name
// (WITH (password = SECRET s)).
func SecretRef(schema, name string) string { return secretRefPrefix + schema + "." + name }

// ParseSecretRef reports whether an Options value refers to a secret and
// which. The schema may be "" when the reference was unqualified.
func ParseSecretRef(v string) (schema, name string, ok bool) {
	rest, ok := strings.CutPrefix(v, secretRefPrefix)
	if !ok || rest == "" {
		return "", "", false
	}
	if i := strings.LastIndexByte(rest, '.'); i >= 0 {
		return rest[:i], rest[i+1:], true
	}
	return "", rest, true
}
