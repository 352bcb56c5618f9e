package ast

// Query is a complete query expression: [WITH ...] body [ORDER BY ...]
// [LIMIT ...] [OFFSET ...]. It is both a Statement (SELECT, VALUES,
// WITH ... SELECT) and the operand of subqueries, INSERT ... SELECT,
// CREATE VIEW ... AS, etc.
//
// FETCH FIRST n ROWS ONLY is normalized to Limit (n, or 1 if omitted);
// LIMIT ALL leaves Limit nil.
type Query struct {
	Span
	With    *WithClause
	Body    SetExpr
	OrderBy []*OrderByItem
	Limit   Expr
	Offset  Expr
}

// WithClause is WITH [RECURSIVE] cte, ...
type WithClause struct {
	Span
	Recursive bool
	CTEs      []*CTE
}

// CTE is name [(cols)] AS [[NOT] MATERIALIZED] (query).
type CTE struct {
	Span
	Name         string
	Columns      []string
	Materialized *bool // nil: unspecified
	Query        *Query
}

// SetOpKind is UNION, INTERSECT or EXCEPT.
type SetOpKind int

const (
	Union SetOpKind = iota
	Intersect
	Except
)

// String returns the SQL keyword.
func (k SetOpKind) String() string {
	switch k {
	case Intersect:
		return "INTERSECT"
	case Except:
		return "EXCEPT"
	}
	return "UNION"
}

// SetOperation is Left UNION|INTERSECT|EXCEPT [ALL] Right. INTERSECT binds
// tighter than UNION/EXCEPT; all are left-associative.
type SetOperation struct {
	Span
	Op    SetOpKind
	All   bool
	Left  SetExpr
	Right SetExpr
}

// Values is VALUES (..), (..). Every row has the same length.
type Values struct {
	Span
	Rows [][]Expr
}

// Select is one SELECT block (without ORDER BY/LIMIT, which live on Query).
// From holds the comma-separated FROM items (an implicit cross join).
type Select struct {
	Span
	Distinct   bool
	DistinctOn []Expr // DISTINCT ON (...); implies Distinct
	Items      []*SelectItem
	From       []TableExpr
	Where      Expr
	GroupBy    []Expr // positional ints are *NumberLit
	Having     Expr
	Windows    []*WindowDef
}

// SelectItem is expr [[AS] alias]; `*` and `t.*` are *StarExpr.
type SelectItem struct {
	Span
	Expr  Expr
	Alias string
}

// WindowDef is `name AS (spec)` in a WINDOW clause.
type WindowDef struct {
	Span
	Name string
	Spec *WindowSpec
}

// Alias is AS name [(col, ...)] on a FROM item.
type Alias struct {
	Span
	Name    string
	Columns []string
}

// TableRef is a named relation in FROM, optionally a temporal-join
// reference `FOR SYSTEM_TIME AS OF PROCTIME()` (AsOfProcTime).
type TableRef struct {
	Span
	Name         ObjectName
	Alias        *Alias
	AsOfProcTime bool
}

// DerivedTable is [LATERAL] (query) [AS] alias, including (VALUES ...).
type DerivedTable struct {
	Span
	Lateral bool
	Query   *Query
	Alias   *Alias
}

// FuncTable is a table function in FROM: TUMBLE(t, col, INTERVAL '...'),
// HOP(t, col, slide, size), generate_series(...), unnest(...).
// For TUMBLE/HOP the first argument is a *ColumnRef naming a relation.
type FuncTable struct {
	Span
	Lateral        bool
	Func           *FuncCall
	WithOrdinality bool
	Alias          *Alias
}

// JoinKind is the kind of a join.
type JoinKind int

const (
	InnerJoin JoinKind = iota
	LeftJoin
	RightJoin
	FullJoin
	CrossJoin
)

// String returns the SQL keyword(s).
func (k JoinKind) String() string {
	switch k {
	case LeftJoin:
		return "LEFT JOIN"
	case RightJoin:
		return "RIGHT JOIN"
	case FullJoin:
		return "FULL JOIN"
	case CrossJoin:
		return "CROSS JOIN"
	}
	return "JOIN"
}

// JoinExpr is Left [NATURAL] kind JOIN Right [ON cond | USING (cols)].
// At most one of On / Using is set; neither for CROSS and NATURAL joins.
// Joins are left-associative: a JOIN b JOIN c is ((a b) c).
type JoinExpr struct {
	Span
	Kind    JoinKind
	Natural bool
	Left    TableExpr
	Right   TableExpr
	On      Expr
	Using   []string
	Alias   *Alias // (a JOIN b) AS x
}

func (*Query) stmtNode()    {}
func (*Query) setExprNode() {}

func (*Select) setExprNode()       {}
func (*SetOperation) setExprNode() {}
func (*Values) setExprNode()       {}

func (*TableRef) tableExprNode()     {}
func (*DerivedTable) tableExprNode() {}
func (*FuncTable) tableExprNode()    {}
func (*JoinExpr) tableExprNode()     {}
