package ast

// ---------------------------------------------------------------------------
// Literals

// NumberLit is a numeric literal kept as its source text ("1", "1.50",
// "1e10", ".5"). The text never has a sign: -1 is UnaryExpr{"-", 1}
// (except in WITH options and SET values, where Text may start with '-').
type NumberLit struct {
	Span
	Text string
}

// IsInteger reports whether the literal is written without '.', 'e' or 'E'.
func (n *NumberLit) IsInteger() bool {
	for i := 0; i < len(n.Text); i++ {
		switch n.Text[i] {
		case '.', 'e', 'E':
			return false
		}
	}
	return true
}

// StringLit is a string constant; Value is decoded (quotes removed,
// doubled quotes collapsed, E-string escapes and $$ quoting resolved).
type StringLit struct {
	Span
	Value string
}

// BoolLit is TRUE or FALSE.
type BoolLit struct {
	Span
	Value bool
}

// NullLit is NULL.
type NullLit struct {
	Span
}

// Param is a positional parameter $N (N >= 1).
type Param struct {
	Span
	N int
}

// TypedLiteral is `type 'string'`, e.g. DATE '2024-01-01',
// TIMESTAMP '...', INTERVAL '15 minutes', INTERVAL '1' DAY (then
// Type.IntervalFields = "day"). Value is the decoded string.
type TypedLiteral struct {
	Span
	Type  *TypeName
	Value string
}

// DefaultExpr is the DEFAULT keyword in INSERT VALUES or UPDATE SET.
type DefaultExpr struct {
	Span
}

// ---------------------------------------------------------------------------
// References

// ColumnRef is a column reference a, t.a or s.t.a (also used for a bare
// relation name given as a table-function argument, e.g. TUMBLE(t, ...)).
type ColumnRef struct {
	Span
	Parts []string
}

// Name returns the last part (the column name).
func (c *ColumnRef) Name() string { return c.Parts[len(c.Parts)-1] }

// StarExpr is `*` or `t.*` (Table non-nil) in a select list.
type StarExpr struct {
	Span
	Table ObjectName
}

// FieldExpr is composite field access (x).field.
type FieldExpr struct {
	Span
	X     Expr
	Field string
}

// SubscriptExpr is x[i] or x[lo:hi] (Slice true; Lo/Hi may be nil).
type SubscriptExpr struct {
	Span
	X     Expr
	Index Expr // when !Slice
	Slice bool
	Lo    Expr
	Hi    Expr
}

// ---------------------------------------------------------------------------
// Operators

// UnaryExpr is a prefix operator: "-", "+", "NOT", "~", "|/", "@", ...
type UnaryExpr struct {
	Span
	Op string
	X  Expr
}

// BinaryExpr is an infix operator. Op is the operator text; keyword
// operators are upper case ("AND", "OR"); "!=" is normalized to "<>".
// Other symbolic operators are kept verbatim ("||", "->>", "@>", "~~",
// "~*", "!~", ...).
type BinaryExpr struct {
	Span
	Op    string
	Left  Expr
	Right Expr
}

// IsKind says what an IsExpr tests.
type IsKind int

const (
	IsNull IsKind = iota
	IsTrue
	IsFalse
	IsUnknown
)

// IsExpr is x IS [NOT] NULL|TRUE|FALSE|UNKNOWN (also ISNULL/NOTNULL).
type IsExpr struct {
	Span
	X    Expr
	Not  bool
	Kind IsKind
}

// IsDistinctExpr is l IS [NOT] DISTINCT FROM r.
type IsDistinctExpr struct {
	Span
	Left  Expr
	Right Expr
	Not   bool
}

// BetweenExpr is x [NOT] BETWEEN [SYMMETRIC] lo AND hi.
type BetweenExpr struct {
	Span
	X         Expr
	Not       bool
	Symmetric bool
	Lo        Expr
	Hi        Expr
}

// InExpr is x [NOT] IN (list) or x [NOT] IN (subquery); exactly one of
// List / Query is set.
type InExpr struct {
	Span
	X     Expr
	Not   bool
	List  []Expr
	Query *Query
}

// LikeExpr is x [NOT] LIKE|ILIKE|SIMILAR TO pattern [ESCAPE e].
// Op is "LIKE", "ILIKE" or "SIMILAR TO". (The operator spellings ~~, ~~*
// etc. are plain BinaryExprs.)
type LikeExpr struct {
	Span
	X       Expr
	Not     bool
	Op      string
	Pattern Expr
	Escape  Expr
}

// AnyAllExpr is `left op ANY|SOME|ALL (subquery)` or `left op ANY (array)`.
// Exactly one of Query / Array is set. SOME is normalized to ANY.
type AnyAllExpr struct {
	Span
	Left  Expr
	Op    string
	All   bool
	Query *Query
	Array Expr
}

// AtTimeZoneExpr is x AT TIME ZONE zone.
type AtTimeZoneExpr struct {
	Span
	X    Expr
	Zone Expr
}

// ---------------------------------------------------------------------------
// Casts, calls, special forms

// CastExpr is CAST(x AS type) or x::type (ColonColon records which,
// only so Format reproduces the same spelling).
type CastExpr struct {
	Span
	X          Expr
	Type       *TypeName
	ColonColon bool
}

// FuncCall is a function call, aggregate or window function.
//
// Special syntaxes are normalized to plain calls the way PostgreSQL does:
// SUBSTRING(x FROM a FOR b) -> substring(x, a, b); TRIM([BOTH] c FROM x)
// -> btrim(x, c) (LEADING: ltrim, TRAILING: rtrim); POSITION(a IN b) ->
// position(b, a); OVERLAY(a PLACING b FROM c [FOR d]) -> overlay(a,b,c[,d]).
// COALESCE, NULLIF, GREATEST, LEAST are ordinary FuncCalls too.
type FuncCall struct {
	Span
	Name     ObjectName // lower-cased unless quoted, e.g. ["count"], ["pg_catalog","now"]
	Args     []Expr
	Star     bool // count(*)
	Distinct bool
	OrderBy  []*OrderByItem // string_agg(x, ',' ORDER BY y)
	Filter   Expr           // FILTER (WHERE ...)
	Over     *WindowSpec    // OVER (...) or OVER w
	Variadic bool           // last argument was marked VARIADIC
	// WithinGroup: OrderBy came from WITHIN GROUP (ORDER BY ...), as for
	// ordered-set aggregates like percentile_cont(0.5).
	WithinGroup bool
}

// ExtractExpr is EXTRACT(field FROM x); Field is lower case ("epoch",
// "year", ...). Also used for date_part-like forms written with EXTRACT.
type ExtractExpr struct {
	Span
	Field string
	X     Expr
}

// SQLValueFunc is one of the keyword "functions" without parentheses:
// current_timestamp, current_date, current_time, localtimestamp,
// localtime, current_user, session_user, user, current_role,
// current_schema, current_catalog. Precision is set for
// CURRENT_TIMESTAMP(p) etc.
type SQLValueFunc struct {
	Span
	Name      string
	Precision *int
}

// CaseExpr is CASE [Operand] WHEN .. THEN .. [ELSE ..] END. Operand is nil
// for a searched CASE.
type CaseExpr struct {
	Span
	Operand Expr
	Whens   []*When
	Else    Expr
}

// When is one WHEN cond THEN result arm.
type When struct {
	Span
	Cond   Expr
	Result Expr
}

// SubqueryExpr is a scalar subquery (SELECT ...).
type SubqueryExpr struct {
	Span
	Query *Query
}

// ExistsExpr is EXISTS (subquery).
type ExistsExpr struct {
	Span
	Query *Query
}

// ArrayExpr is ARRAY[e, ...] (Elems) or ARRAY(subquery) (Query).
// Nested ARRAY[[1,2],[3,4]] has ArrayExpr elements.
type ArrayExpr struct {
	Span
	Elems []Expr
	Query *Query
}

// RowExpr is ROW(a, b) (Explicit) or (a, b).
type RowExpr struct {
	Span
	Exprs    []Expr
	Explicit bool
}

// CollateExpr is x COLLATE "name".
type CollateExpr struct {
	Span
	X         Expr
	Collation ObjectName
}

// SecretRef is `SECRET name [AS FILE]`, used as a WITH-option value.
type SecretRef struct {
	Span
	Name   ObjectName
	AsFile bool
}

// ---------------------------------------------------------------------------
// Window specifications

// WindowSpec is the body of OVER (...) or of a WINDOW clause entry.
// `OVER w` is WindowSpec{Name: "w"} with nothing else set.
type WindowSpec struct {
	Span
	Name        string // referenced existing window, or ""
	PartitionBy []Expr
	OrderBy     []*OrderByItem
	Frame       *WindowFrame
}

// FrameMode is ROWS, RANGE or GROUPS.
type FrameMode int

const (
	FrameRows FrameMode = iota
	FrameRange
	FrameGroups
)

// WindowFrame is ROWS|RANGE|GROUPS [BETWEEN] start [AND end] [EXCLUDE ...].
// End is nil when written without BETWEEN.
type WindowFrame struct {
	Span
	Mode    FrameMode
	Start   *FrameBound
	End     *FrameBound
	Exclude string // "", "current row", "group", "ties", "no others"
}

// BoundKind is the kind of a frame bound.
type BoundKind int

const (
	UnboundedPreceding BoundKind = iota
	OffsetPreceding
	CurrentRow
	OffsetFollowing
	UnboundedFollowing
)

// FrameBound is one end of a window frame; Offset is set for
// OffsetPreceding / OffsetFollowing.
type FrameBound struct {
	Span
	Kind   BoundKind
	Offset Expr
}

// OrderByItem is expr [ASC|DESC] [NULLS FIRST|LAST].
type OrderByItem struct {
	Span
	Expr  Expr
	Desc  bool
	Nulls NullsOrder
}

// NullsOrder is the explicit NULLS FIRST/LAST, if any.
type NullsOrder int

const (
	NullsDefault NullsOrder = iota
	NullsFirst
	NullsLast
)

// ---------------------------------------------------------------------------
// Types

// TypeName is a SQL type. Name is canonical lower case: "integer",
// "smallint", "bigint", "real", "double precision", "numeric", "boolean",
// "varchar", "char", "text", "bytea", "date", "time", "timetz",
// "timestamp", "timestamptz", "interval", "json", "jsonb", ... (aliases
// such as int/int4, float8, decimal, bool, character varying, timestamp
// with time zone are folded). Unknown names are kept (lower-cased,
// dotted if qualified). Args are typmods (varchar(20), numeric(10,2)).
// Array is set for t[] / t ARRAY (any number of dimensions).
// IntervalFields is the interval qualifier ("day", "year to month",
// "second"), with Args holding a seconds precision if given.
// Fields is set for RisingWave STRUCT<a int, b varchar>.
type TypeName struct {
	Span
	Name           string
	Args           []int
	Array          bool
	IntervalFields string
	Fields         []*ColumnDef
}

// ---------------------------------------------------------------------------
// marker methods

func (*NumberLit) exprNode()      {}
func (*StringLit) exprNode()      {}
func (*BoolLit) exprNode()        {}
func (*NullLit) exprNode()        {}
func (*Param) exprNode()          {}
func (*TypedLiteral) exprNode()   {}
func (*DefaultExpr) exprNode()    {}
func (*ColumnRef) exprNode()      {}
func (*StarExpr) exprNode()       {}
func (*FieldExpr) exprNode()      {}
func (*SubscriptExpr) exprNode()  {}
func (*UnaryExpr) exprNode()      {}
func (*BinaryExpr) exprNode()     {}
func (*IsExpr) exprNode()         {}
func (*IsDistinctExpr) exprNode() {}
func (*BetweenExpr) exprNode()    {}
func (*InExpr) exprNode()         {}
func (*LikeExpr) exprNode()       {}
func (*AnyAllExpr) exprNode()     {}
func (*AtTimeZoneExpr) exprNode() {}
func (*CastExpr) exprNode()       {}
func (*FuncCall) exprNode()       {}
func (*ExtractExpr) exprNode()    {}
func (*SQLValueFunc) exprNode()   {}
func (*CaseExpr) exprNode()       {}
func (*SubqueryExpr) exprNode()   {}
func (*ExistsExpr) exprNode()     {}
func (*ArrayExpr) exprNode()      {}
func (*RowExpr) exprNode()        {}
func (*CollateExpr) exprNode()    {}
func (*SecretRef) exprNode()      {}
