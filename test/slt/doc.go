// Package slt is Tributary's sqllogictest runner: it parses .slt files (the
// CockroachDB/RisingWave dialect) and runs them over the PostgreSQL simple query protocol
// against Tributary or against PostgreSQL, which is the oracle for expected results.
//
// File format (records are separated by blank lines; '#' starts a comment line):
//
//	statement ok
//	CREATE TABLE t (a int)
//
//	statement count 2
//	INSERT INTO t VALUES (1), (2)
//
//	statement error 42P01
//	SELECT * FROM missing
//
//	statement error division by zero     # a regexp on the error message
//	SELECT 1/0
//
//	query IT rowsort [label]
//	SELECT a, 'x' FROM t
//	----
//	1 x
//	2 x
//
//	query error 22012
//	SELECT 1/0
//
//	skipif postgres        # the next record is not run on postgres
//	onlyif tributary       # the next record runs on tributary only
//	halt                   # stop reading the file (may be prefixed by onlyif/skipif)
//
// An error expectation of exactly five letters or digits is a SQLSTATE; anything else is a
// regular expression matched against the error message; an empty one accepts any error.
//
// Query results: one line per row, the values separated by a single space, each value the
// exact text the server sent (no reformatting of numbers). NULL is written NULL, the empty
// string (empty). A newline inside a value is written as the two characters \n. Rows are
// compared as whole lines. Sort modes: nosort (default: the server's order, so the query
// needs a total ORDER BY), rowsort (rows sorted as strings) and valuesort (all values
// sorted, one per line in the expectation). A label makes later queries with the same label
// expect the same results. The type string (one letter per column: T text, I integer,
// R real/numeric, B bool, anything else allowed) is checked for its column count only.
//
// The engine name (tributary or postgres) selects records through skipif/onlyif.
//
// Rewrite mode (go test ./test/slt -run TestPostgresOracle -args -rewrite) replaces the
// expected results of every query that ran without error with the server's output; it is
// how expectations are generated from PostgreSQL.
package slt
