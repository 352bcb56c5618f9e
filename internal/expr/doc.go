// Package expr evaluates bound scalar expressions over column vectors and
// holds the function table (scalar functions, operators, aggregates and
// window functions) with PostgreSQL's overload resolution.
//
// Layout:
//   - expr.go, nodes.go: the Expr interface, Context and the bound node
//     types the binder builds (nodes.go is the planner's contract; the
//     STABLE file marks that exported names are only ever added).
//   - eval.go, logic.go: node evaluation. Hot cases are columnar
//     (integer/float arithmetic and comparisons, text equality, AND/OR/NOT,
//     IS NULL, integer widening casts, LIKE with a constant pattern);
//     everything else loops over rows calling a scalar kernel.
//   - resolve.go, lookup.go, registry.go: PostgreSQL's function/operator
//     resolution (exact match, implicit casts, preferred types, unknown
//     literals) and select_common_type (CommonType).
//   - fn_*.go: the function library; agg*.go and window.go: aggregates
//     (retractable states for the streaming engine) and window functions.
//
// Invariants: an Expr's type is fixed at bind time; evaluation never
// panics on bad data, it returns a *base.Error with a SQLSTATE code. The
// columnar path returns exactly what EvalRow returns row by row: when a
// columnar AND/OR hits an error it re-evaluates row by row with
// PostgreSQL's left-to-right short-circuit, and CASE/COALESCE evaluate
// lazily per row, so guarded expressions (CASE WHEN x <> 0 THEN 1/x END)
// never raise errors PostgreSQL would not.
//
// Results are checked against PostgreSQL 15 (testdata/*.expected are
// generated from a real server; see cases_test.go).
//
// Left out: multi-dimensional arrays, set-returning functions (unnest,
// jsonb_each, ...: the planner's table functions), the json type (json_*
// functions operate on jsonb), time with time zone, regular expressions
// beyond Go's RE2 syntax (no back-references or lookaround), locale-aware
// collation (text compares bytewise, i.e. C collation).
package expr
