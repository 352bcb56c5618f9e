package plan

// Logical plan nodes. This file is the executor's contract (internal/batch
// and internal/stream code against it): identifiers are only ever added,
// never renamed or removed.
//
// Conventions shared by every node:
//   - A node's output is a row of len(Columns()) values; column i has type
//     Columns()[i].Type.
//   - Expressions stored in a node are evaluated over that node's INPUT row
//     (for a Join residual: the left row followed by the right row) and
//     reference input columns by position (expr.ColRef{Idx}).
//   - expr.Subquery nodes carry a plan.Node in their Plan field. The
//     executor runs it with the row the Subquery expression is evaluated
//     over pushed as ctx.Outer[0]; expr.OuterRef{Depth: d, Idx: i} inside it
//     reads column i of the row d levels out.
//   - Node values are immutable after binding; executors must not modify
//     them (expr trees are Clone()d per actor by the executor).

import (
	"fmt"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
)

// Column describes one output column of a node.
type Column struct {
	Name string
	Type base.Type
	// Hidden columns (e.g. _row_id) are not expanded by * and never reach
	// a client; they exist so that DML and streaming can address rows.
	Hidden bool
	// Table is the qualifier the column was reached through (alias or
	// table name), for EXPLAIN and error messages; "" for computed columns.
	Table string
	// RelID and AttNum identify a base-table column for RowDescription
	// (table OID, 1-based column number); 0 when the column is computed.
	RelID  uint32
	AttNum int
}

// Node is a logical plan operator.
type Node interface {
	// Columns describes the output row.
	Columns() []Column
	// Children returns the input nodes (left to right).
	Children() []Node
	// String is a one-line description used by Format (EXPLAIN).
	String() string
}

// ---------------------------------------------------------------------------
// Leaves

// Scan reads relation Rel (table, materialized view, source, view already
// expanded by the binder never appears here). Cols are indexes into
// Rel.Columns, in output order.
type Scan struct {
	Rel  *catalog.Relation
	Cols []int
	// Alias is the name the relation was referenced by (Rel.Name if none).
	Alias string
	// AsOfProcTime marks a temporal-join lookup side
	// (FOR SYSTEM_TIME AS OF PROCTIME()).
	AsOfProcTime bool
}

// Values produces constant rows (VALUES lists, SELECT without FROM: one
// row with zero columns). Each row has len(Cols) expressions, already cast
// to Cols[i].Type; they have no input (ColRef never appears, Param and
// Subquery may).
type Values struct {
	Rows [][]expr.Expr
	Cols []Column
}

// TableFunc is a set-returning function in FROM: generate_series(start,
// stop[, step]) or unnest(array). Args have no input columns. With
// WithOrdinality an extra bigint "ordinality" column is appended.
type TableFunc struct {
	Name           string
	Args           []expr.Expr
	WithOrdinality bool
	Cols           []Column
}

// CTEScan reads the materialized result of the CTE with the same ID in an
// enclosing With (possibly across subquery boundaries: IDs are unique per
// statement). A CTE is evaluated once however often it is scanned.
type CTEScan struct {
	ID   int
	Name string
	Cols []Column
}

// WorkTableScan reads the working table of the recursive CTE ID (only
// inside that CTE's RecursiveTerm).
type WorkTableScan struct {
	ID   int
	Name string
	Cols []Column
}

// ---------------------------------------------------------------------------
// Row-at-a-time operators

// Filter keeps the rows for which Cond is true (not NULL, not false).
type Filter struct {
	Input Node
	Cond  expr.Expr
}

// Project computes Exprs over each input row; output column i is Exprs[i].
type Project struct {
	Input Node
	Exprs []expr.Expr
	Cols  []Column
}

// JoinKind is the kind of a Join.
type JoinKind uint8

const (
	JoinInner JoinKind = iota
	JoinLeft
	JoinRight
	JoinFull
	JoinCross // no keys and no residual
	JoinSemi  // left rows with at least one match; output = left columns
	JoinAnti  // left rows with no match; output = left columns
)

var joinKindNames = [...]string{"Inner", "Left", "Right", "Full", "Cross", "Semi", "Anti"}

func (k JoinKind) String() string {
	if int(k) < len(joinKindNames) {
		return joinKindNames[k]
	}
	return fmt.Sprintf("JoinKind(%d)", k)
}

// Join joins Left and Right. A pair of rows matches when every
// LeftKeys[i] (over the left row) equals RightKeys[i] (over the right
// row) — NULL never equals, except when NullEqual[i] (IS NOT DISTINCT
// FROM) — and Residual (over left++right; nil: true) is true. Key pairs
// have identical types. Output = left columns ++ right columns (Semi/Anti:
// left only); unmatched rows of outer sides are padded with NULLs.
type Join struct {
	Kind        JoinKind
	Left, Right Node
	LeftKeys    []expr.Expr
	RightKeys   []expr.Expr
	NullEqual   []bool // len == len(LeftKeys)
	Residual    expr.Expr
}

// AggCall is one aggregate of an Aggregate node. Func already honours
// Distinct and OrderBy (expr.LookupAgg / WithOrderBy); Args and the
// OrderBy keys are evaluated over the Aggregate's input. The state is fed
// Args followed by the OrderBy key values. Rows for which Filter (nil:
// none) is not true are skipped.
type AggCall struct {
	Func     *expr.AggFunc
	Args     []expr.Expr
	Distinct bool
	Filter   expr.Expr
	OrderBy  []SortKey
}

// Aggregate groups its input by GroupBy and computes Aggs per group.
// Output = one column per GroupBy expression, then one per AggCall. With
// no GroupBy it produces exactly one row, even over empty input.
type Aggregate struct {
	Input   Node
	GroupBy []expr.Expr
	Aggs    []AggCall
	Cols    []Column
}

// Frame is a window frame (expr's representation).
type Frame = expr.Frame

// WindowCall is one window function of a Window node. Func is the resolved
// window function; for an aggregate used with OVER, Func.Agg is set. Args,
// PartitionBy and OrderBy keys are evaluated over the Window's input.
// Rows for which Filter (nil: none) is not true do not contribute to an
// aggregate.
type WindowCall struct {
	Func        *expr.WindowFunc
	Args        []expr.Expr
	Filter      expr.Expr
	PartitionBy []expr.Expr
	OrderBy     []SortKey
	Frame       Frame
	Typ         base.Type
	Name        string // output column name (the function name)
}

// Window appends one column per WindowCall to each input row. Output =
// input columns ++ len(Funcs) columns. Output row order is unspecified
// (a Sort above restores any ORDER BY).
type Window struct {
	Input Node
	Funcs []WindowCall
}

// SortKey is one ORDER BY key. NullsFirst is explicit: PostgreSQL's
// default is NULLS LAST for ASC and NULLS FIRST for DESC, already applied
// by the binder.
type SortKey struct {
	Expr       expr.Expr
	Desc       bool
	NullsFirst bool
}

// Sort orders its input by Keys (stable: equal keys keep input order).
type Sort struct {
	Input Node
	Keys  []SortKey
}

// Limit skips Offset rows, then passes at most Count rows. Count and
// Offset are nil (none) or expressions without column references
// (constants, parameters, casts of them) evaluated once. A NULL count
// means no limit, a NULL offset means 0; negative values are errors
// (2201W / 2201X) raised by the executor.
type Limit struct {
	Input  Node
	Count  expr.Expr
	Offset expr.Expr
}

// Distinct removes duplicate rows (On nil: whole rows, NULLs equal). With
// On (DISTINCT ON), it keeps the first row of each group of equal On
// values, in input order (the binder sorts the input by On first).
type Distinct struct {
	Input Node
	On    []expr.Expr
}

// SetOpKind is UNION, INTERSECT or EXCEPT.
type SetOpKind uint8

const (
	Union SetOpKind = iota
	Intersect
	Except
)

func (k SetOpKind) String() string {
	switch k {
	case Intersect:
		return "Intersect"
	case Except:
		return "Except"
	}
	return "Union"
}

// SetOp combines two inputs with identical column types (the binder casts
// them). Rows compare with NULLs equal. Without All the result has no
// duplicates; with All, multiplicities follow SQL (UNION ALL: m+n,
// INTERSECT ALL: min(m,n), EXCEPT ALL: max(m-n,0)). Cols are named after
// the left input.
type SetOp struct {
	Kind        SetOpKind
	All         bool
	Left, Right Node
	Cols        []Column
}

// CTE is one common table expression of a With.
//
// Non-recursive: the result is Plan's rows. Recursive (WITH RECURSIVE
// whose query references itself): Plan is the non-recursive term,
// RecursiveTerm references the working table through WorkTableScan{ID};
// evaluate as PostgreSQL does — result = working table = Plan's rows
// (deduplicated unless UnionAll); then repeatedly run RecursiveTerm over
// the working table, (deduplicate against everything produced so far
// unless UnionAll), append the new rows to the result and make them the
// next working table, until no new rows.
type CTE struct {
	ID            int
	Name          string
	Plan          Node
	Recursive     bool
	RecursiveTerm Node
	UnionAll      bool
	Cols          []Column
}

// With evaluates its CTEs (in order; later ones may scan earlier ones) and
// then Body, whose CTEScans read them. Output = Body's columns.
type With struct {
	CTEs []CTE
	Body Node
}

// Hop expands each input row into Size/Slide overlapping windows
// (HOP(t, col, slide, size [, offset])): output = input columns ++
// window_start, window_end, of the type of input column TimeCol. A row at
// time ts belongs to every window [s, s+Size) with s = k*Slide + Offset
// (k any integer, so windows are aligned to the Unix epoch, UTC) and
// s <= ts < s+Size. Slide and Size have no months and Size is a multiple
// of Slide (the binder checks). TUMBLE needs no node: it is a Project
// computing window_start = date_bin(size, ts, epoch + offset).
type Hop struct {
	Input   Node
	TimeCol int
	Slide   base.Interval
	Size    base.Interval
	Offset  base.Interval
}

// ---------------------------------------------------------------------------
// DML

// SetClause assigns Expr (already cast to the column type) to column Col
// of the target table.
type SetClause struct {
	Col  int
	Expr expr.Expr
}

// OnConflict is INSERT ... ON CONFLICT. Conflicts are detected on the
// table's primary key. DoNothing drops the conflicting row; otherwise
// DoUpdate exprs are evaluated over the existing row ++ the proposed
// (EXCLUDED) row, both in table column order, and the existing row is
// updated when Where (nil: true, same row layout) is true.
type OnConflict struct {
	DoNothing bool
	DoUpdate  []SetClause
	Where     expr.Expr
}

// Insert writes Input's rows into Table. Input produces complete rows in
// table column order (len(Table.Columns) columns, hidden ones included,
// defaults already applied). Each value has its column's kind; the writer
// applies base.CastAssign(v, column type) to every value, which enforces
// typmods (varchar(n) too long: 22001; numeric(p,s) rounding/overflow) —
// the binder cannot, because an explicit cast would truncate. When
// RowIDCol >= 0 that column is the hidden _row_id: Input yields NULL there
// and the writer assigns a fresh id. NOT NULL constraints are checked by
// the writer (23502, PG's message: null value in column "c" of relation
// "t" violates not-null constraint). Without OnConflict a primary-key
// conflict overwrites the old row when Overwrite (RisingWave semantics,
// the binder's default) and is a 23505 error otherwise. Returning exprs
// are evaluated over each inserted row (table column order). Columns() =
// ReturningCols.
type Insert struct {
	Table         *catalog.Relation
	Input         Node
	RowIDCol      int
	OnConflict    *OnConflict
	Overwrite     bool
	Returning     []expr.Expr
	ReturningCols []Column
}

// Update updates Table. Input produces the old rows: the table's columns
// in table order (all of them, hidden included) optionally followed by
// columns of UPDATE ... FROM items (a row may then appear more than once;
// like PostgreSQL, update it once with any of the matches). Set exprs are
// evaluated over that row; columns without a SetClause keep their value;
// values get base.CastAssign as for Insert. Returning is evaluated over
// the new row (table column order). Columns() = ReturningCols.
type Update struct {
	Table         *catalog.Relation
	Input         Node
	Set           []SetClause
	Returning     []expr.Expr
	ReturningCols []Column
}

// Delete deletes the rows produced by Input (the table's columns in table
// order, hidden included; the primary key identifies the row). Returning
// is evaluated over the deleted row. Columns() = ReturningCols.
type Delete struct {
	Table         *catalog.Relation
	Input         Node
	Returning     []expr.Expr
	ReturningCols []Column
}

// ---------------------------------------------------------------------------
// Columns

func (n *Scan) Columns() []Column {
	out := make([]Column, len(n.Cols))
	alias := n.Alias
	if alias == "" {
		alias = n.Rel.Name
	}
	for i, c := range n.Cols {
		col := n.Rel.Columns[c]
		out[i] = Column{Name: col.Name, Type: col.Type, Hidden: col.Hidden, Table: alias, RelID: n.Rel.ID, AttNum: c + 1}
	}
	return out
}
func (n *Values) Columns() []Column        { return n.Cols }
func (n *TableFunc) Columns() []Column     { return n.Cols }
func (n *CTEScan) Columns() []Column       { return n.Cols }
func (n *WorkTableScan) Columns() []Column { return n.Cols }
func (n *Filter) Columns() []Column        { return n.Input.Columns() }
func (n *Project) Columns() []Column       { return n.Cols }
func (n *Join) Columns() []Column {
	l := n.Left.Columns()
	if n.Kind == JoinSemi || n.Kind == JoinAnti {
		return l
	}
	out := make([]Column, 0, len(l)+len(n.Right.Columns()))
	out = append(out, l...)
	return append(out, n.Right.Columns()...)
}
func (n *Aggregate) Columns() []Column { return n.Cols }
func (n *Window) Columns() []Column {
	in := n.Input.Columns()
	out := make([]Column, 0, len(in)+len(n.Funcs))
	out = append(out, in...)
	for _, f := range n.Funcs {
		out = append(out, Column{Name: f.Name, Type: f.Typ})
	}
	return out
}
func (n *Sort) Columns() []Column     { return n.Input.Columns() }
func (n *Limit) Columns() []Column    { return n.Input.Columns() }
func (n *Distinct) Columns() []Column { return n.Input.Columns() }
func (n *SetOp) Columns() []Column    { return n.Cols }
func (n *With) Columns() []Column     { return n.Body.Columns() }
func (n *Hop) Columns() []Column {
	in := n.Input.Columns()
	t := in[n.TimeCol].Type
	out := make([]Column, 0, len(in)+2)
	out = append(out, in...)
	return append(out, Column{Name: "window_start", Type: t}, Column{Name: "window_end", Type: t})
}
func (n *Insert) Columns() []Column { return n.ReturningCols }
func (n *Update) Columns() []Column { return n.ReturningCols }
func (n *Delete) Columns() []Column { return n.ReturningCols }

// ---------------------------------------------------------------------------
// Children

func (n *Scan) Children() []Node          { return nil }
func (n *Values) Children() []Node        { return nil }
func (n *TableFunc) Children() []Node     { return nil }
func (n *CTEScan) Children() []Node       { return nil }
func (n *WorkTableScan) Children() []Node { return nil }
func (n *Filter) Children() []Node        { return []Node{n.Input} }
func (n *Project) Children() []Node       { return []Node{n.Input} }
func (n *Join) Children() []Node          { return []Node{n.Left, n.Right} }
func (n *Aggregate) Children() []Node     { return []Node{n.Input} }
func (n *Window) Children() []Node        { return []Node{n.Input} }
func (n *Sort) Children() []Node          { return []Node{n.Input} }
func (n *Limit) Children() []Node         { return []Node{n.Input} }
func (n *Distinct) Children() []Node      { return []Node{n.Input} }
func (n *SetOp) Children() []Node         { return []Node{n.Left, n.Right} }
func (n *Hop) Children() []Node           { return []Node{n.Input} }
func (n *Insert) Children() []Node        { return []Node{n.Input} }
func (n *Update) Children() []Node        { return []Node{n.Input} }
func (n *Delete) Children() []Node        { return []Node{n.Input} }

// Children of a With: each CTE's Plan (and RecursiveTerm), then Body.
func (n *With) Children() []Node {
	var out []Node
	for _, c := range n.CTEs {
		out = append(out, c.Plan)
		if c.RecursiveTerm != nil {
			out = append(out, c.RecursiveTerm)
		}
	}
	return append(out, n.Body)
}

// ---------------------------------------------------------------------------
// String (one line per node, used by Format)

func colNames(cs []Column) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

func exprs(es []expr.Expr) string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.String()
	}
	return strings.Join(s, ", ")
}

func sortKeys(ks []SortKey) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = k.String()
	}
	return strings.Join(s, ", ")
}

// String renders the key as ORDER BY syntax, omitting default NULLS.
func (k SortKey) String() string {
	s := k.Expr.String()
	if k.Desc {
		s += " DESC"
	}
	if k.NullsFirst != k.Desc {
		if k.NullsFirst {
			s += " NULLS FIRST"
		} else {
			s += " NULLS LAST"
		}
	}
	return s
}

func (n *Scan) String() string {
	s := "Scan " + n.Rel.QualifiedName()
	if n.Alias != "" && n.Alias != n.Rel.Name {
		s += " AS " + n.Alias
	}
	if n.AsOfProcTime {
		s += " FOR SYSTEM_TIME AS OF PROCTIME()"
	}
	return s + " [" + colNames(n.Columns()) + "]"
}

func (n *Values) String() string {
	return fmt.Sprintf("Values %d row(s) [%s]", len(n.Rows), colNames(n.Cols))
}

func (n *TableFunc) String() string {
	s := "TableFunc " + n.Name + "(" + exprs(n.Args) + ")"
	if n.WithOrdinality {
		s += " WITH ORDINALITY"
	}
	return s + " [" + colNames(n.Cols) + "]"
}

func (n *CTEScan) String() string {
	return fmt.Sprintf("CTEScan %s#%d [%s]", n.Name, n.ID, colNames(n.Cols))
}

func (n *WorkTableScan) String() string {
	return fmt.Sprintf("WorkTableScan %s#%d [%s]", n.Name, n.ID, colNames(n.Cols))
}

func (n *Filter) String() string { return "Filter " + n.Cond.String() }

func (n *Project) String() string {
	s := make([]string, len(n.Exprs))
	for i, e := range n.Exprs {
		es := e.String()
		if i < len(n.Cols) && n.Cols[i].Name != es {
			es += " AS " + n.Cols[i].Name
		}
		s[i] = es
	}
	return "Project " + strings.Join(s, ", ")
}

func (n *Join) String() string {
	s := n.Kind.String() + " Join"
	if len(n.LeftKeys) > 0 {
		s += " keys ["
		for i := range n.LeftKeys {
			if i > 0 {
				s += ", "
			}
			op := " = "
			if i < len(n.NullEqual) && n.NullEqual[i] {
				op = " IS NOT DISTINCT FROM "
			}
			s += n.LeftKeys[i].String() + op + n.RightKeys[i].String()
		}
		s += "]"
	}
	if n.Residual != nil {
		s += " residual " + n.Residual.String()
	}
	return s
}

// String renders the aggregate call as SQL-like text.
func (a AggCall) String() string {
	var b strings.Builder
	b.WriteString(a.Func.Name)
	b.WriteByte('(')
	if a.Distinct {
		b.WriteString("DISTINCT ")
	}
	if a.Func.Star {
		b.WriteByte('*')
	} else {
		b.WriteString(exprs(a.Args))
	}
	if len(a.OrderBy) > 0 {
		b.WriteString(" ORDER BY ")
		b.WriteString(sortKeys(a.OrderBy))
	}
	b.WriteByte(')')
	if a.Filter != nil {
		b.WriteString(" FILTER (WHERE " + a.Filter.String() + ")")
	}
	return b.String()
}

func (n *Aggregate) String() string {
	s := "Aggregate"
	if len(n.GroupBy) > 0 {
		s += " group by [" + exprs(n.GroupBy) + "]"
	}
	as := make([]string, len(n.Aggs))
	for i, a := range n.Aggs {
		as[i] = a.String()
	}
	return s + " aggs [" + strings.Join(as, ", ") + "]"
}

// String renders the window call as SQL-like text.
func (w WindowCall) String() string {
	var b strings.Builder
	b.WriteString(w.Name + "(" + exprs(w.Args) + ")")
	if w.Filter != nil {
		b.WriteString(" FILTER (WHERE " + w.Filter.String() + ")")
	}
	b.WriteString(" OVER (")
	sep := ""
	if len(w.PartitionBy) > 0 {
		b.WriteString("PARTITION BY " + exprs(w.PartitionBy))
		sep = " "
	}
	if len(w.OrderBy) > 0 {
		b.WriteString(sep + "ORDER BY " + sortKeys(w.OrderBy))
		sep = " "
	}
	if f := frameString(w.Frame); f != "" {
		b.WriteString(sep + f)
	}
	b.WriteByte(')')
	return b.String()
}

func frameString(f Frame) string {
	if isDefaultFrame(f) {
		return ""
	}
	mode := [...]string{"RANGE", "ROWS", "GROUPS"}[f.Mode%3]
	bound := func(b expr.FrameBound) string {
		switch b.Kind {
		case expr.BoundUnboundedPreceding:
			return "UNBOUNDED PRECEDING"
		case expr.BoundPreceding, expr.BoundFollowing:
			dir := " PRECEDING"
			if b.Kind == expr.BoundFollowing {
				dir = " FOLLOWING"
			}
			if f.Mode == expr.FrameRange {
				return fmt.Sprintf("%v%s", rangeOffsetString(b.RangeOffset), dir)
			}
			return fmt.Sprintf("%d%s", b.Offset, dir)
		case expr.BoundCurrentRow:
			return "CURRENT ROW"
		}
		return "UNBOUNDED FOLLOWING"
	}
	s := mode + " BETWEEN " + bound(f.Start) + " AND " + bound(f.End)
	switch f.Exclude {
	case expr.ExcludeCurrentRow:
		s += " EXCLUDE CURRENT ROW"
	case expr.ExcludeGroup:
		s += " EXCLUDE GROUP"
	case expr.ExcludeTies:
		s += " EXCLUDE TIES"
	}
	return s
}

// isDefaultFrame reports whether f is RANGE BETWEEN UNBOUNDED PRECEDING
// AND CURRENT ROW without EXCLUDE (Frame holds a Datum, so no ==).
func isDefaultFrame(f Frame) bool {
	return f.Mode == expr.FrameRange && f.Start.Kind == expr.BoundUnboundedPreceding &&
		f.End.Kind == expr.BoundCurrentRow && f.Exclude == expr.ExcludeNoOthers
}

func rangeOffsetString(d base.Datum) string {
	switch d.K {
	case base.KindInterval:
		return fmt.Sprintf("'%d mons %d days %d us'", d.Iv.Months, d.Iv.Days, d.Iv.Micros)
	case base.KindFloat32, base.KindFloat64:
		return fmt.Sprint(d.F)
	case base.KindNumeric:
		if d.D != nil {
			return d.D.String()
		}
	}
	return fmt.Sprint(d.I)
}

func (n *Window) String() string {
	fs := make([]string, len(n.Funcs))
	for i, f := range n.Funcs {
		fs[i] = f.String()
	}
	return "Window " + strings.Join(fs, ", ")
}

func (n *Sort) String() string { return "Sort " + sortKeys(n.Keys) }

func (n *Limit) String() string {
	s := "Limit"
	if n.Count != nil {
		s += " " + n.Count.String()
	} else {
		s += " ALL"
	}
	if n.Offset != nil {
		s += " offset " + n.Offset.String()
	}
	return s
}

func (n *Distinct) String() string {
	if n.On != nil {
		return "Distinct on [" + exprs(n.On) + "]"
	}
	return "Distinct"
}

func (n *SetOp) String() string {
	s := n.Kind.String()
	if n.All {
		s += " All"
	}
	return s + " [" + colNames(n.Cols) + "]"
}

func (n *With) String() string {
	names := make([]string, len(n.CTEs))
	for i, c := range n.CTEs {
		names[i] = fmt.Sprintf("%s#%d", c.Name, c.ID)
		if c.Recursive {
			names[i] += " recursive"
			if c.UnionAll {
				names[i] += " all"
			}
		}
	}
	return "With " + strings.Join(names, ", ")
}

func (n *Hop) String() string {
	s := fmt.Sprintf("Hop %s slide %s size %s", n.Input.Columns()[n.TimeCol].Name, intervalString(n.Slide), intervalString(n.Size))
	if n.Offset != (base.Interval{}) {
		s += " offset " + intervalString(n.Offset)
	}
	return s
}

func intervalString(iv base.Interval) string {
	var parts []string
	if iv.Months != 0 {
		parts = append(parts, fmt.Sprintf("%d mons", iv.Months))
	}
	if iv.Days != 0 {
		parts = append(parts, fmt.Sprintf("%d days", iv.Days))
	}
	if iv.Micros != 0 || len(parts) == 0 {
		us := iv.Micros
		if us%1_000_000 == 0 {
			parts = append(parts, fmt.Sprintf("%ds", us/1_000_000))
		} else {
			parts = append(parts, fmt.Sprintf("%dus", us))
		}
	}
	return strings.Join(parts, " ")
}

func setClauses(rel *catalog.Relation, sc []SetClause) string {
	s := make([]string, len(sc))
	for i, c := range sc {
		s[i] = rel.Columns[c.Col].Name + " = " + c.Expr.String()
	}
	return strings.Join(s, ", ")
}

func returning(es []expr.Expr) string {
	if len(es) == 0 {
		return ""
	}
	return " returning [" + exprs(es) + "]"
}

func (n *Insert) String() string {
	s := "Insert into " + n.Table.QualifiedName()
	if n.OnConflict != nil {
		if n.OnConflict.DoNothing {
			s += " on conflict do nothing"
		} else {
			s += " on conflict do update set " + setClauses(n.Table, n.OnConflict.DoUpdate)
			if n.OnConflict.Where != nil {
				s += " where " + n.OnConflict.Where.String()
			}
		}
	}
	return s + returning(n.Returning)
}

func (n *Update) String() string {
	return "Update " + n.Table.QualifiedName() + " set " + setClauses(n.Table, n.Set) + returning(n.Returning)
}

func (n *Delete) String() string {
	return "Delete from " + n.Table.QualifiedName() + returning(n.Returning)
}

// ---------------------------------------------------------------------------
// Format

// Format renders the plan as an indented tree, one node per line, in the
// style of PostgreSQL's EXPLAIN (subquery plans appear as "SubPlan n"
// under the node whose expressions contain them):
//
//	Project a, b
//	  -> Filter (a > 1)
//	       -> Scan public.t [a, b]
func Format(n Node) string {
	var b strings.Builder
	formatNode(&b, n, 0)
	return b.String()
}

func formatNode(b *strings.Builder, n Node, depth int) {
	if depth > 0 {
		b.WriteString(strings.Repeat(" ", 2+5*(depth-1)))
		b.WriteString("-> ")
	}
	b.WriteString(n.String())
	b.WriteByte('\n')
	// Subquery plans of this node's expressions, like PG's SubPlans.
	k := 0
	for _, e := range NodeExprs(n) {
		subqueryPlans(e, func(p Node) {
			k++
			formatLabel(b, fmt.Sprintf("SubPlan %d", k), depth+1)
			formatNode(b, p, depth+2)
		})
	}
	if w, ok := n.(*With); ok {
		// Label CTE bodies so the tree stays readable.
		for _, c := range w.CTEs {
			formatLabel(b, fmt.Sprintf("CTE %s#%d", c.Name, c.ID), depth+1)
			formatNode(b, c.Plan, depth+2)
			if c.RecursiveTerm != nil {
				formatLabel(b, fmt.Sprintf("Recursive term %s#%d", c.Name, c.ID), depth+1)
				formatNode(b, c.RecursiveTerm, depth+2)
			}
		}
		formatNode(b, w.Body, depth+1)
		return
	}
	for _, c := range n.Children() {
		formatNode(b, c, depth+1)
	}
}

func formatLabel(b *strings.Builder, label string, depth int) {
	b.WriteString(strings.Repeat(" ", 2+5*(depth-1)))
	b.WriteString(label + ":\n")
}
