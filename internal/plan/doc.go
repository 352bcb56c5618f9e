// Package plan turns SQL syntax trees into logical plans: the binder
// resolves names against the catalog, types every expression with
// PostgreSQL's rules (through internal/expr's overload resolution), checks
// the statement, and builds a tree of plan nodes (nodes.go) that the batch
// executor (internal/batch) and the streaming planner consume.
//
// Entry points: NewBinder(BindContext) then Bind / BindQuery / BindInsert
// / BindUpdate / BindDelete; ParamTypes after binding; ResolveType for DDL;
// Format for EXPLAIN. Errors are *base.Error with PostgreSQL's SQLSTATE,
// message, hint and 1-based character position.
//
// Invariants:
//   - A node's expressions are evaluated over that node's input row and
//     reference columns by position (expr.ColRef); a Join residual sees
//     left ++ right. Column types in Columns() are the exact types of the
//     values produced.
//   - The root of a bound query has exactly the result columns (junk
//     columns used for ORDER BY are projected away).
//   - Correlated subqueries stay expr.Subquery nodes whose Plan is a Node;
//     expr.OuterRef{Depth: d} reads the row d levels out, where level 0 is
//     the row the Subquery expression is evaluated over.
//   - Plans are immutable once returned (rewrites happen before).
//   - plan imports base, catalog, expr and sql/* only; never stream,
//     batch, state, pgwire or server.
//
// Files: binder.go (BindContext, Binder, entry points), scope.go (name
// resolution and PostgreSQL's error hints), bind_from.go (FROM, joins,
// CTEs, TUMBLE/HOP, table functions), bind_select.go (SELECT blocks,
// grouping, ORDER BY, set operations, VALUES, LIMIT), bind_expr.go and
// bind_func.go (expressions, coercion, aggregates, windows), bind_dml.go
// (INSERT/UPDATE/DELETE), naming.go (PG's output column names), types.go
// (type names), rewrite.go (filter pushdown, join keys, semi joins),
// prune.go (projection pruning: Scans read only the columns used; see
// BindContext.KeepPrimaryKeys / NoPrune), exprutil.go (expression
// traversal).
//
// Tests: testdata/*.test are golden files (go test -rewrite regenerates
// them); TestOracle checks every non "-- nopg" statement against a real
// PostgreSQL 15 (set TRIBUTARY_PG_URL to a scratch database).
//
// Set-returning functions in the select list (unnest, generate_series,
// jsonb_array_elements, ...) bind to a ProjectSet (bind_srf.go);
// count([DISTINCT] (a, b)) counts row constructors (bind_count_row.go);
// percentile_cont/percentile_disc/mode take WITHIN GROUP
// (bind_ordered_set.go); optimize folds constants as PostgreSQL's planner
// does (fold.go); character(n) is blank-padded (base.Type.Bpchar,
// bind_bpchar.go).
//
// Not supported (0A000 or a PostgreSQL-compatible error): LATERAL,
// ARRAY(subquery), row constructors (beyond row comparisons, IN and count)
// and composite types, array slices,
// multidimensional arrays, GROUPING SETS/ROLLUP/CUBE, outer-level
// aggregates (an aggregate in a subquery over only outer columns),
// functional dependency on a primary key in GROUP BY, data-modifying
// CTEs, SIMILAR TO with a non-constant pattern, timetz/uuid/bit types,
// nested set-returning functions, the `name` type (current_user etc. are
// text).
package plan
