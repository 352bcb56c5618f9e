// Package ast defines the syntax tree produced by internal/sql/parser for
// Tributary's SQL dialect (PostgreSQL plus RisingWave's streaming DDL).
//
// # Organization
//
// Every node is a pointer to a struct embedding Span, so every node has
// Pos() and End(): 0-based byte offsets into the parsed SQL text (End is
// exclusive). The node interfaces are:
//
//   - Statement: *Query (SELECT / VALUES / WITH ...), *InsertStmt,
//     *UpdateStmt, *DeleteStmt, *CreateTableStmt, *CreateSourceStmt,
//     *CreateSinkStmt, *CreateViewStmt, *CreateMaterializedViewStmt,
//     *CreateSchemaStmt, *CreateDatabaseStmt, *CreateIndexStmt,
//     *CreateSecretStmt, *AlterSecretStmt, *CreateConnectionStmt,
//     *CreateRoleStmt, *AlterRoleStmt, *DropStmt, *AlterObjectStmt,
//     *GrantStmt, *CommentStmt, *SetStmt, *ShowStmt, *ResetStmt,
//     *ExplainStmt, *TransactionStmt, *FlushStmt, *TruncateStmt,
//     *DiscardStmt, *DeallocateStmt, *PrepareStmt, *ExecuteStmt, *CopyStmt.
//   - Expr: literals (*NumberLit, *StringLit, *BoolLit, *NullLit,
//     *TypedLiteral, *Param, *DefaultExpr), references (*ColumnRef,
//     *StarExpr, *FieldExpr, *SubscriptExpr), operators (*UnaryExpr,
//     *BinaryExpr, *IsExpr, *IsDistinctExpr, *BetweenExpr, *InExpr,
//     *LikeExpr, *AnyAllExpr, *AtTimeZoneExpr, *CollateExpr), and forms
//     (*CastExpr, *FuncCall, *ExtractExpr, *SQLValueFunc, *CaseExpr,
//     *SubqueryExpr, *ExistsExpr, *ArrayExpr, *RowExpr, *SecretRef).
//   - SetExpr (the body of a Query): *Select, *SetOperation, *Values, or a
//     parenthesized *Query.
//   - TableExpr (a FROM item): *TableRef, *DerivedTable, *FuncTable,
//     *JoinExpr.
//   - AlterAction: *AddColumn, *DropColumn, *RenameColumn, *RenameTo,
//     *OwnerTo, *SetSchema, *AlterColumn, *SetOptions, *AddConstraint.
//
// # Queries
//
// A Query is WITH + Body + ORDER BY + LIMIT/OFFSET. A Select block holds
// the select list, FROM, WHERE, GROUP BY, HAVING and WINDOW. Set
// operations nest as *SetOperation trees (INTERSECT binds tighter than
// UNION/EXCEPT). Select.From is the comma-separated list (an implicit
// cross join); explicit joins are left-deep *JoinExpr trees. Subqueries
// in FROM are *DerivedTable; table functions such as TUMBLE(t, col,
// INTERVAL '15 minutes') and HOP(...) are *FuncTable whose first argument
// is a *ColumnRef naming the relation. A temporal-join reference is a
// *TableRef with AsOfProcTime set.
//
// # Literals and names
//
// Numeric literals keep their source text (NumberLit{Text: "1.50"});
// strings are decoded (StringLit.Value); `type 'string'` forms such as
// DATE '...', TIMESTAMP '...', INTERVAL '15 minutes' and INTERVAL '1' DAY
// are *TypedLiteral. A minus sign is a *UnaryExpr. Unquoted identifiers
// are folded to lower case, quoted ones kept exactly; names are
// ObjectName ([]string). Types are *TypeName with canonical lower-case
// names ("integer", "double precision", "timestamptz", ...).
//
// # Invariants
//
// Format(n) produces SQL that re-parses to a tree Equal to n (Equal
// ignores positions and nil-vs-empty slices). Format does not preserve
// the original spelling: it parenthesizes nested operators, upper-cases
// keywords, quotes identifiers only when needed, and prints normalized
// forms (e.g. FETCH FIRST as LIMIT, TRIM(... FROM x) as btrim(x, ...)).
// Walk/Inspect visit children in source order.
package ast
