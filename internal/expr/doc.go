// Package expr evaluates bound scalar expressions over column vectors and
// holds the function table (scalar functions, operators, casts, aggregates
// and window functions) with PostgreSQL's overload resolution.
//
// Invariants: an Expr's type is fixed at bind time; evaluation never
// panics on bad data, it returns a *base.Error with a SQLSTATE code.
package expr
