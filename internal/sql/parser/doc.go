// Package parser is Tributary's hand-written SQL parser: PostgreSQL's
// grammar plus RisingWave's streaming DDL (CREATE SOURCE/SINK ... WITH
// (...) FORMAT ... ENCODE ..., TUMBLE/HOP, WATERMARK FOR, EMIT ON WINDOW
// CLOSE, FOR SYSTEM_TIME AS OF PROCTIME(), FLUSH, CREATE SECRET).
//
// It is recursive descent with one parseX method per grammar rule and a
// Pratt loop for expressions whose binding powers follow gram.y's
// precedence table (OR < AND < NOT < IS < comparison < BETWEEN/IN/LIKE <
// other operators < + - < * / % < ^ < AT TIME ZONE < COLLATE < unary
// minus < [] < :: < .). Input is scanned up front so the few decisions
// that need more than one token of lookahead (a parenthesized query vs a
// parenthesized expression, a typed literal vs a column) can peek; the
// only backtracking is bounded (WITH before DML, built-in type literals).
//
// Keywords follow PostgreSQL's reserved/unreserved split
// (scanner.KeywordCategory), so unreserved words such as date, name,
// key, value, type, source and comment stay usable as identifiers.
//
// Invariants:
//   - Errors are *base.Error with SQLSTATE 42601 (syntax) or a more
//     specific code, a PostgreSQL-style message (`syntax error at or near
//     "X"`, `syntax error at end of input`) and Position, the 1-based
//     character offset of the offending token; Caret renders psql's
//     "LINE n: ..." context for it.
//   - The parser never panics on any input (fuzzed); recursion depth is
//     bounded.
//   - For every tree it returns, ast.Format produces text that parses back
//     to an ast.Equal tree (fuzzed, and checked for every test statement).
//
// OPERATOR(schema.op) is accepted and reduced to the bare operator.
//
// Left out: GROUPING SETS (ROLLUP/CUBE parse as calls), named function
// arguments (a => 1), postfix operators, multi-column UPDATE SET (a, b) =
// ..., bit-string (B'..', X'..') and U&'..' literals, GRANT of role
// membership, CREATE FUNCTION, SELECT INTO, and locking clauses (FOR
// UPDATE).
package parser
