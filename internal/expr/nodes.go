package expr

// Bound expression nodes, the function/aggregate/window descriptors and the
// lookup functions the binder uses. This file is the planner's contract:
// identifiers here are only ever added, never renamed or removed.
//
// Concurrency: a node keeps a reusable output vector, so one Expr tree must
// not be evaluated by two goroutines at once. Operators that run as several
// actors call Clone to get a private copy per actor.

import (
	"github.com/tributarydb/tributary/internal/base"
)

// ColRef is column Idx of the input chunk (or row).
type ColRef struct {
	Idx  int
	Typ  base.Type
	Name string
}

// OuterRef is column Idx of the enclosing query's current row at Depth
// (ctx.Outer[Depth][Idx]); used inside correlated subqueries.
type OuterRef struct {
	Depth int
	Idx   int
	Typ   base.Type
	Name  string
}

// Const is a constant. Val is NULL or of Typ's kind.
type Const struct {
	Val base.Datum
	Typ base.Type

	out *base.Vector
}

// Param is the prepared-statement parameter $Idx+1 (ctx.Params[Idx]),
// cast to Typ when the supplied datum is of another kind.
type Param struct {
	Idx int
	Typ base.Type

	out *base.Vector
}

// Cast converts Arg to To with PostgreSQL's cast semantics (base.Cast).
// Assign selects assignment-cast semantics (base.CastAssign: INSERT and
// UPDATE targets, where a too long varchar(n)/character(n) value is 22001
// instead of being truncated).
type Cast struct {
	Arg    Expr
	To     base.Type
	Assign bool

	out *base.Vector
}

// Func is a resolved scalar function or operator overload.
//
// Exactly one of Scalar or ScalarCtx is set. Vec, when set, is a columnar
// fast path used by Call.Eval instead of the per-row loop; it must
// produce the same results (including errors) as the scalar kernel.
type Func struct {
	Name     string
	Args     []base.Type // declared argument types (after resolution: concrete)
	Ret      base.Type
	Strict   bool // any NULL argument → NULL result, kernel not called
	Volatile bool // result may differ between calls with equal args (random, now() is stable, not volatile)
	Variadic bool // the last entry of Args repeats (concat, json_build_object, ...)

	// Scalar evaluates one row. args has len(Args) (or more when Variadic).
	Scalar func(ctx *Context, args []base.Datum) (base.Datum, error)
	// Vec is the optional columnar kernel: args are the argument vectors
	// (all of the same length n), out is reset and must receive n rows.
	Vec func(ctx *Context, args []*base.Vector, out *base.Vector) error

	orig *Func // the table entry a resolved copy was made from
}

// String is the PostgreSQL signature, e.g. "lower(text)".
func (f *Func) String() string { return f.Name + "(" + typeList(f.Args) + ")" }

// Call applies a resolved function or operator to Args; the binder has
// already wrapped the arguments in Casts to Fn.Args.
type Call struct {
	Fn   *Func
	Args []Expr

	out  *base.Vector
	argv []*base.Vector
	row  []base.Datum
}

// And is SQL AND over two or more arguments (three-valued logic).
type And struct {
	Args []Expr

	out *base.Vector
}

// Or is SQL OR over two or more arguments (three-valued logic).
type Or struct {
	Args []Expr

	out *base.Vector
}

// Not is SQL NOT (NULL stays NULL).
type Not struct {
	Arg Expr

	out *base.Vector
}

// IsNull is "Arg IS NULL" (Not: IS NOT NULL). For arrays/rows PG tests the
// value itself, which is what we do.
type IsNull struct {
	Arg Expr
	Not bool

	out *base.Vector
}

// IsBool is "Arg IS [NOT] TRUE/FALSE"; never returns NULL.
type IsBool struct {
	Arg   Expr
	Value bool
	Not   bool

	out *base.Vector
}

// IsUnknown is "Arg IS [NOT] UNKNOWN" (same as IS [NOT] NULL for booleans).
type IsUnknown struct {
	Arg Expr
	Not bool

	out *base.Vector
}

// IsDistinct is "L IS [NOT] DISTINCT FROM R": NULLs compare equal, never NULL.
// L and R have been cast to one type by the binder.
type IsDistinct struct {
	L, R Expr
	Not  bool

	out *base.Vector
}

// When is one WHEN cond THEN result arm of a searched CASE.
type When struct {
	Cond, Result Expr
}

// Case is the searched CASE; simple CASE x WHEN v is rewritten by the binder
// to CASE WHEN x = v. Else may be nil (NULL). Results are cast to Typ by the
// binder. Arms are evaluated lazily, row by row, as PostgreSQL does, so that
// CASE WHEN x <> 0 THEN 1/x END never divides by zero.
type Case struct {
	Whens []When
	Else  Expr
	Typ   base.Type

	out *base.Vector
}

// Coalesce returns the first non-NULL argument (lazily evaluated).
type Coalesce struct {
	Args []Expr
	Typ  base.Type

	out *base.Vector
}

// NullIf is NULLIF(L, R): NULL when L = R, else L.
type NullIf struct {
	L, R Expr
	Typ  base.Type

	out *base.Vector
}

// Greatest is GREATEST(args) or, with Least, LEAST(args); NULLs are ignored
// (PostgreSQL semantics), NULL only when all are NULL.
type Greatest struct {
	Args  []Expr
	Typ   base.Type
	Least bool

	out *base.Vector
}

// InList is "Arg [NOT] IN (List...)" with PostgreSQL NULL semantics: true if
// any element equals; else NULL if Arg or any element is NULL; else false.
// List elements have been cast to Arg's type by the binder.
type InList struct {
	Arg  Expr
	List []Expr
	Not  bool

	out *base.Vector
}

// Like is "Arg [NOT] LIKE|ILIKE Pattern [ESCAPE Escape]" (Escape nil: '\').
// A constant pattern is compiled once.
type Like struct {
	Arg, Pattern, Escape Expr
	CaseInsensitive, Not bool

	out *base.Vector
	cm  *likeMatcher // compiled constant pattern
	cmk string
}

// RegexMatch is ~, ~*, !~, !~* (POSIX regex via Go's RE2 syntax).
type RegexMatch struct {
	Arg, Pattern         Expr
	CaseInsensitive, Not bool

	out *base.Vector
	rc  *regexCache
}

// ArrayCtor is ARRAY[e1, e2, ...]; Typ is the array type, elements are
// cast to its element type by the binder.
type ArrayCtor struct {
	Elems []Expr
	Typ   base.Type

	out *base.Vector
}

// Subscript is Arr[Index] (1-based; out of range → NULL like PostgreSQL).
type Subscript struct {
	Arr, Index Expr
	Typ        base.Type // element type

	out *base.Vector
}

// SubqueryKind selects what a Subquery node computes.
type SubqueryKind uint8

const (
	SubqueryScalar SubqueryKind = iota // (SELECT x): one column, ≤ 1 row
	SubqueryExists                     // EXISTS (SELECT ...)
	SubqueryIn                         // Arg IN (SELECT x)  (Op is "=")
	SubqueryAny                        // Arg op ANY (SELECT x)
	SubqueryAll                        // Arg op ALL (SELECT x)
	SubqueryArray                      // ARRAY(SELECT x): all rows as an array (syscat_funcs.go)
)

// Subquery evaluates a (possibly correlated) subquery per row by calling
// ctx.Subquery.RunSubquery(ctx, Plan, maxRows) with the current input row
// pushed as ctx.Outer[0]. Not negates EXISTS/IN (NOT EXISTS, NOT IN).
type Subquery struct {
	Kind SubqueryKind
	Plan any
	Arg  Expr  // left side for IN/ANY/ALL
	Op   *Func // comparison (Arg type, subquery column type) → bool for IN/ANY/ALL
	Not  bool
	Typ  base.Type // result type (scalar: the column type; others: bool)

	out *base.Vector
}

// AnyArray is "Arg op ANY(Arr)" or, with All, "Arg op ALL(Arr)".
type AnyArray struct {
	Arg, Arr Expr
	Op       *Func
	All      bool

	out *base.Vector
}

// AggState accumulates one aggregate group.
//
// Add and Retract take the aggregate's argument values for one input row
// (count(*) gets an empty slice). Retract undoes one earlier Add with equal
// arguments exactly (the streaming engine feeds deletes); aggregates that
// cannot retract arithmetically (min, max, string_agg, array_agg, DISTINCT)
// keep a multiset of their inputs. Result may be called repeatedly and does
// not consume the state.
//
// Optional extensions, discovered by type assertion:
//   - VectorAggState: AddVector over columnar input (count/sum/min/max over
//     int64/float64 vectors).
//   - MergeableAggState: Merge(other) for two-phase aggregation.
type AggState interface {
	Add(args []base.Datum) error
	Retract(args []base.Datum) error
	Result() base.Datum
}

// VectorAggState is an AggState with a columnar fast path. sel lists the
// rows of the vectors to add (nil: all rows).
type VectorAggState interface {
	AggState
	AddVector(args []*base.Vector, sel []int) error
}

// MergeableAggState is an AggState that can absorb another state of the
// same aggregate (partial aggregation).
type MergeableAggState interface {
	AggState
	Merge(other AggState) error
}

// SortSpec orders aggregate inputs (string_agg(x, ',' ORDER BY y DESC)).
type SortSpec struct {
	Desc       bool
	NullsFirst bool // PostgreSQL default: NULLS FIRST iff DESC
}

// AggFunc is a resolved aggregate.
//
// Distinct (set by LookupAgg) makes NewState feed only distinct argument
// tuples to the underlying state. OrderBy, when non-empty, makes NewState
// return a state whose Add/Retract take the aggregate arguments followed
// by len(OrderBy) order-key values; the rows are sorted at Result time.
// Callers set OrderBy on a copy (WithOrderBy).
type AggFunc struct {
	Name     string
	Args     []base.Type
	Ret      base.Type
	Distinct bool
	OrderBy  []SortSpec
	// Star is count(*): no arguments, counts rows.
	Star bool

	newState func() AggState
	// newStateFor builds newState for resolved (polymorphic) argument types.
	newStateFor func(args []base.Type, ret base.Type) func() AggState
}

// WithOrderBy returns a copy of a with the given ORDER BY specification.
func (a *AggFunc) WithOrderBy(specs []SortSpec) *AggFunc {
	c := *a
	c.OrderBy = specs
	return &c
}

// String is the aggregate's signature.
func (a *AggFunc) String() string { return a.Name + "(" + typeList(a.Args) + ")" }

// NewState returns an empty state honouring Distinct and OrderBy.
func (a *AggFunc) NewState() AggState {
	if len(a.OrderBy) > 0 {
		return newOrderedState(a)
	}
	if a.Distinct {
		return newDistinctFor(a)
	}
	return a.newState()
}

// FrameMode is ROWS, RANGE or GROUPS.
type FrameMode uint8

const (
	FrameRange FrameMode = iota // default
	FrameRows
	FrameGroups
)

// BoundKind is one end of a window frame.
type BoundKind uint8

const (
	BoundUnboundedPreceding BoundKind = iota
	BoundPreceding                    // Offset PRECEDING
	BoundCurrentRow
	BoundFollowing // Offset FOLLOWING
	BoundUnboundedFollowing
)

// FrameBound is one frame end. Offset is the row/group count for ROWS and
// GROUPS; for RANGE it is the offset value in the ORDER BY column's units
// (RangeOffset, a datum of the key type or interval).
type FrameBound struct {
	Kind        BoundKind
	Offset      int64
	RangeOffset base.Datum
}

// FrameExclude is the EXCLUDE clause.
type FrameExclude uint8

const (
	ExcludeNoOthers FrameExclude = iota
	ExcludeCurrentRow
	ExcludeGroup
	ExcludeTies
)

// Frame is a window frame. The zero value is PostgreSQL's default
// (RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) only after
// DefaultFrame; use DefaultFrame() to get it.
type Frame struct {
	Mode    FrameMode
	Start   FrameBound
	End     FrameBound
	Exclude FrameExclude
	// OrderDesc says the (single) ORDER BY key is descending; needed for
	// RANGE with offsets.
	OrderDesc bool
}

// DefaultFrame is RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW.
func DefaultFrame() Frame {
	return Frame{Mode: FrameRange, Start: FrameBound{Kind: BoundUnboundedPreceding}, End: FrameBound{Kind: BoundCurrentRow}}
}

// WindowFunc is a resolved window function (ranking/offset functions, or an
// aggregate used with OVER when Agg is non-nil).
//
// The batch window operator sorts each partition by PARTITION BY, ORDER BY
// and then calls Eval once per partition:
//
//	args      – per row (in sorted order) the evaluated argument values
//	orderKeys – per row the ORDER BY key values (nil/empty rows: no ORDER
//	            BY, all rows are peers)
//	frame     – the frame clause (DefaultFrame() when absent)
//	out       – receives len(args) results, in the same row order
//
// Eval appends to out (it does not Reset it).
type WindowFunc struct {
	Name string
	Args []base.Type
	Ret  base.Type
	Agg  *AggFunc // aggregate OVER (...)

	eval func(w *WindowFunc, args, orderKeys [][]base.Datum, frame Frame, out *base.Vector) error
}

// String is the window function's signature.
func (w *WindowFunc) String() string { return w.Name + "(" + typeList(w.Args) + ")" }

// Eval computes the function over one sorted partition; see WindowFunc.
func (w *WindowFunc) Eval(args, orderKeys [][]base.Datum, frame Frame, out *base.Vector) error {
	return w.eval(w, args, orderKeys, frame, out)
}

// Lookups (bodies in lookup.go):
//
//	LookupFunc(name string, args []base.Type) (*Func, []base.Type, error)
//	LookupBinaryOp(op string, l, r base.Type) (*Func, base.Type, base.Type, error)
//	LookupUnaryOp(op string, t base.Type) (*Func, base.Type, error)
//	CommonType(ts []base.Type, context string) (base.Type, error)
//	LookupAgg(name string, args []base.Type, distinct bool) (*AggFunc, []base.Type, error)
//	LookupWindow(name string, args []base.Type) (*WindowFunc, []base.Type, error)
//	IsAggregate(name string) bool
//	IsWindowFunc(name string) bool
