// Package difftest is a randomized differential tester: it creates the same random tables
// in PostgreSQL (the oracle, TRIBUTARY_PG_URL) and in Tributary (TRIBUTARY_URL, or a server
// it builds and starts itself), runs the same random SELECTs on both, and reports every
// query whose results differ.
//
// Comparison: when both sides fail, they match if the SQLSTATE classes (first two
// characters) are equal; when one side fails, it is a mismatch; otherwise the rows are
// compared as multisets of exact text rows (or as lists when the query orders by every
// output column). Generated queries avoid floating point, so the text is exact, and they
// avoid expressions whose failure would depend on the evaluation order chosen by the
// planner (risky arithmetic only appears in select lists and aggregate arguments).
//
// Knobs (environment):
//
//	DIFFTEST_SEED     the seed (default: the time); always printed
//	DIFFTEST_QUERIES  number of queries (default 1000)
//	DIFFTEST_VERBOSE=1 log every query with PostgreSQL's outcome
//	DIFFTEST_DUMP=1   (or -args -dump) minimize the failing queries and write them as
//	                  .slt records to testdata/slt/regress.slt-candidates
//
// Run: TRIBUTARY_PG_URL=$(scripts/pg.sh url) go test ./test/difftest -v
package difftest
