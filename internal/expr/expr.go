package expr

import "github.com/tributarydb/tributary/internal/base"

// Expr is a bound, typed scalar expression. The binder (internal/plan)
// builds these; operators evaluate them over chunks.
//
// Contract:
//   - Type() is fixed at bind time.
//   - Eval evaluates the expression for every row of the input chunk and
//     returns a vector of Len() == input.Len(). The returned vector may be
//     reused by the next Eval call on the same node: copy what you keep.
//   - EvalRow evaluates over one row (slow path: constants, DML, tests).
//   - Errors are *base.Error with SQLSTATE codes (22012, 22003, ...).
type Expr interface {
	Type() base.Type
	Eval(ctx *Context, in *base.Chunk) (*base.Vector, error)
	EvalRow(ctx *Context, row []base.Datum) (base.Datum, error)
	String() string // for EXPLAIN
}

// Context carries per-statement evaluation state.
type Context struct {
	// Now is the statement's transaction timestamp (µs since Unix epoch):
	// now(), CURRENT_TIMESTAMP and friends return it for every row.
	Now int64
	// Location is the session TimeZone.
	Location *timeLocation
	// Params are the values of $1..$n (index 0 is $1).
	Params []base.Datum
	// Outer holds the current rows of enclosing queries for correlated
	// subqueries: Outer[0] is the innermost enclosing query's row.
	Outer [][]base.Datum
	// Subquery runs a bound subquery for the current outer rows. It is set
	// by the executor (internal/batch), which owns query execution.
	Subquery SubqueryRunner

	// Session values for current_user, current_database(), current_schema
	// and version(); empty values fall back to RisingWave's defaults
	// (root, dev, public).
	User       string
	Database   string
	SearchPath []string
	// Version is the text version() returns (empty: a built-in string).
	Version string
	// Catalog answers catalog functions (pg_get_userbyid, ::regclass, ...); optional.
	Catalog CatalogReader
	// Setting returns a session setting's current value for
	// current_setting(); optional. Its error is the one to raise (42704
	// for an unknown name).
	Setting func(name string) (string, error)
}

// SubqueryRunner executes a subquery plan (opaque to expr) with the given
// outer rows pushed on the Outer stack, returning its result rows.
type SubqueryRunner interface {
	RunSubquery(ctx *Context, plan any, maxRows int) ([][]base.Datum, error)
}
