// Package base is the leaf of Tributary: SQL types, datums, column vectors,
// chunks and errors carrying SQLSTATE codes, plus PostgreSQL 15's value
// semantics for them. It imports nothing internal.
//
// Files:
//   - types.go, datum.go, vector.go, bitmap.go, chunk.go, errors.go: the
//     representations (see the Datum comment for each kind's payload).
//   - textio.go (+ numeric.go, float.go, datetime.go, interval.go, jsonb.go,
//     array.go): ParseText / FormatText, PostgreSQL's input and output
//     functions with DateStyle ISO, MDY, IntervalStyle postgres and
//     extra_float_digits 1.
//   - cast.go: Cast / CastAssign and the pg_cast contexts (CanCastImplicit,
//     CanCastAssignment, CanCastExplicit).
//   - compare.go: Compare (btree order, NULLs last), Equal,
//     EqualForGrouping and HashDatum (deterministic, consistent with
//     EqualForGrouping).
//   - arith.go, ops.go: checked arithmetic with PostgreSQL's results and
//     SQLSTATEs; BinaryOp is the row-at-a-time operator entry point.
//   - keyenc.go: memcomparable keys and row values (docs/format/keys.md).
//
// Numeric datums keep PostgreSQL's display scale as -Exponent (1.50 stays
// 1.50); they never have a positive exponent or a negative zero.
//
// Tests compare against PostgreSQL 15: testdata/pgcases.txt lists cases,
// testdata/pgoracle.txt holds PostgreSQL's answers (regenerate with
// TestGenOracle, see oracle_test.go).
//
// Deviations from PostgreSQL 15 (known, deliberate or not yet done):
//   - timestamps end at 294246-12-31 (µs since 1970 in an int64 whose
//     MaxInt64 means infinity); PostgreSQL goes to 294276.
//   - arrays are one-dimensional with lower bound 1: "[0:1]={…}" input
//     drops the bounds; multidimensional input is 0A000.
//   - date/time input covers ISO, SQL/MDY, textual months, Julian "J…",
//     ISO basic (20240102T030405), time zone names, numeric offsets and
//     common abbreviations; rarer forms (year.day-of-year "1999.008",
//     custom abbreviation sets) are rejected.
//   - time with time zone (timetz), bpchar, json (not jsonb), money, bit and
//     geometric types are not modelled.
//   - Compare between timestamp and timestamptz assumes UTC (the binder
//     casts with the session zone first); jsonb keys order by canonical
//     text (see docs/format/keys.md).
package base
