package ast

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tributarydb/tributary/internal/sql/scanner"
)

// printer renders nodes. Its one job is the round-trip invariant, so it
// parenthesizes by precedence (mirroring the parser's binding powers)
// rather than remembering the source's parentheses.
type printer struct {
	b *strings.Builder
}

func (p *printer) w(s string) { p.b.WriteString(s) }

func (p *printer) wf(format string, args ...any) { fmt.Fprintf(p.b, format, args...) }

// Binding powers; must agree with internal/sql/parser/expr.go.
const (
	precOr = iota + 1
	precAnd
	precNot
	precIs
	precCmp
	precLike
	precOp
	precAdd
	precMul
	precExp
	precAt
	precCollate
	precUnary
	precSubscript
	precCast
	precDot
	precAtom
)

func binaryPrec(op string) int {
	switch op {
	case "OR":
		return precOr
	case "AND":
		return precAnd
	case "<", ">", "=", "<=", ">=", "<>", "!=":
		return precCmp
	case "+", "-":
		return precAdd
	case "*", "/", "%":
		return precMul
	case "^":
		return precExp
	}
	return precOp
}

func exprPrec(e Expr) int {
	switch e := e.(type) {
	case *BinaryExpr:
		return binaryPrec(e.Op)
	case *UnaryExpr:
		switch e.Op {
		case "NOT":
			return precNot
		case "-", "+":
			return precUnary
		}
		return precOp
	case *IsExpr, *IsDistinctExpr:
		return precIs
	case *BetweenExpr, *InExpr, *LikeExpr:
		return precLike
	case *AnyAllExpr:
		return binaryPrec(e.Op)
	case *AtTimeZoneExpr:
		return precAt
	case *CollateExpr:
		return precCollate
	case *SubscriptExpr:
		return precSubscript
	case *CastExpr:
		if e.ColonColon {
			return precCast
		}
	case *FieldExpr:
		return precDot
	}
	return precAtom
}

// sub prints e, parenthesized if it binds less tightly than min.
func (p *printer) sub(e Expr, min int) {
	if exprPrec(e) < min {
		p.w("(")
		p.expr(e)
		p.w(")")
		return
	}
	p.expr(e)
}

func (p *printer) node(n Node) {
	switch n := n.(type) {
	case nil:
	case Expr:
		p.expr(n)
	case Statement:
		p.stmt(n)
	case SetExpr:
		p.setExpr(n, 0)
	case TableExpr:
		p.tableExpr(n)
	case AlterAction:
		p.alterAction(n)
	case *TypeName:
		p.typeName(n)
	case *SelectItem:
		p.selectItem(n)
	case *OrderByItem:
		p.orderByItem(n)
	case *WindowSpec:
		p.windowSpec(n)
	case *WindowDef:
		p.w(QuoteIdent(n.Name) + " AS ")
		p.windowSpec(n.Spec)
	case *WithClause:
		p.with(n)
	case *CTE:
		p.cte(n)
	case *Option:
		p.option(n)
	case *FormatSpec:
		p.formatSpec(n)
	case *ColumnDef:
		p.columnDef(n)
	case *TableConstraint:
		p.tableConstraint(n)
	case *WatermarkDef:
		p.w("WATERMARK FOR " + QuoteIdent(n.Column) + " AS ")
		p.expr(n.Expr)
	case *Alias:
		p.alias(n)
	case *When:
		p.w("WHEN ")
		p.expr(n.Cond)
		p.w(" THEN ")
		p.expr(n.Result)
	default:
		p.wf("/* %T */", n)
	}
}

// ---------------------------------------------------------------------------
// Identifiers

// identNeedsQuotes reports whether s must be double-quoted to read back
// as the same identifier in any ColId position.
func identNeedsQuotes(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '$'):
		default:
			return true
		}
	}
	return scanner.KeywordCategory(s) != scanner.NotKeyword
}

// isPlainWord reports whether s reads back as itself unquoted in a label
// position (after AS or '.'), where keywords are allowed.
func isPlainWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '$'):
		default:
			return false
		}
	}
	return true
}

// label quotes s for a label position.
func label(s string) string {
	if isPlainWord(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func (p *printer) name(n ObjectName) {
	for i, part := range n {
		if i == 0 {
			p.w(QuoteIdent(part))
		} else {
			p.w("." + label(part))
		}
	}
}

func (p *printer) identList(l []string) {
	p.w("(")
	for i, s := range l {
		if i > 0 {
			p.w(", ")
		}
		p.w(QuoteIdent(s))
	}
	p.w(")")
}

func (p *printer) nameList(l []ObjectName) {
	for i, n := range l {
		if i > 0 {
			p.w(", ")
		}
		p.name(n)
	}
}

// ---------------------------------------------------------------------------
// Expressions

func (p *printer) exprList(l []Expr) {
	for i, e := range l {
		if i > 0 {
			p.w(", ")
		}
		p.expr(e)
	}
}

// funcNamePlain lists keyword function names the parser accepts in plain
// call syntax, so they need no quotes.
var funcNamePlain = map[string]bool{
	"coalesce": true, "nullif": true, "greatest": true, "least": true,
	"grouping": true, "substring": true, "left": true, "right": true,
}

func (p *printer) funcName(n ObjectName) {
	if len(n) == 1 {
		c := scanner.KeywordCategory(n[0])
		if funcNamePlain[n[0]] || isPlainWord(n[0]) && (c == scanner.NotKeyword || c == scanner.TypeFunc) {
			p.w(n[0])
			return
		}
	}
	p.name(n)
}

func (p *printer) expr(e Expr) {
	switch e := e.(type) {
	case nil:
	case *NumberLit:
		p.w(e.Text)
	case *StringLit:
		p.w(QuoteString(e.Value))
	case *BoolLit:
		if e.Value {
			p.w("TRUE")
		} else {
			p.w("FALSE")
		}
	case *NullLit:
		p.w("NULL")
	case *Param:
		p.w("$" + strconv.Itoa(e.N))
	case *DefaultExpr:
		p.w("DEFAULT")
	case *TypedLiteral:
		if e.Type.Name == "interval" && !e.Type.Array && len(e.Type.Fields) == 0 &&
			(e.Type.IntervalFields != "" || len(e.Type.Args) == 0) {
			p.w("INTERVAL " + QuoteString(e.Value))
			if e.Type.IntervalFields != "" {
				p.w(" " + strings.ToUpper(e.Type.IntervalFields))
				if len(e.Type.Args) > 0 {
					p.typmods(e.Type.Args)
				}
			}
			return
		}
		if e.Type.Array || e.Type.IntervalFields != "" || e.Type.Name == "interval" {
			// No literal syntax for these: a cast of a string means the same.
			p.w("CAST(" + QuoteString(e.Value) + " AS ")
			p.typeName(e.Type)
			p.w(")")
			return
		}
		if len(e.Type.Args) > 0 && !literalTypmodOK[e.Type.Name] {
			p.w("CAST(" + QuoteString(e.Value) + " AS ")
			p.typeName(e.Type)
			p.w(")")
			return
		}
		p.typeName(e.Type)
		p.w(" " + QuoteString(e.Value))
	case *ColumnRef:
		p.name(e.Parts)
	case *StarExpr:
		if len(e.Table) > 0 {
			p.name(e.Table)
			p.w(".")
		}
		p.w("*")
	case *FieldExpr:
		p.w("(")
		p.expr(e.X)
		p.w(")." + label(e.Field))
	case *SubscriptExpr:
		if c, ok := e.X.(*CastExpr); ok && c.ColonColon {
			p.w("(")
			p.expr(e.X)
			p.w(")")
		} else {
			p.sub(e.X, precSubscript)
		}
		p.w("[")
		if e.Slice {
			p.expr(e.Lo)
			p.w(":")
			p.expr(e.Hi)
		} else {
			p.expr(e.Index)
		}
		p.w("]")
	case *UnaryExpr:
		switch e.Op {
		case "NOT":
			p.w("NOT ")
			p.sub(e.X, precNot)
		case "-", "+":
			p.prefixOp(e.Op, e.X, precUnary)
		default:
			p.prefixOp(e.Op, e.X, precOp+1)
		}
	case *BinaryExpr:
		prec := binaryPrec(e.Op)
		p.sub(e.Left, prec)
		p.w(" " + e.Op + " ")
		p.sub(e.Right, prec+1)
	case *IsExpr:
		p.sub(e.X, precIs)
		p.w(" IS ")
		if e.Not {
			p.w("NOT ")
		}
		p.w([...]string{"NULL", "TRUE", "FALSE", "UNKNOWN"}[e.Kind])
	case *IsDistinctExpr:
		p.sub(e.Left, precIs)
		if e.Not {
			p.w(" IS NOT DISTINCT FROM ")
		} else {
			p.w(" IS DISTINCT FROM ")
		}
		p.sub(e.Right, precIs+1)
	case *BetweenExpr:
		p.sub(e.X, precLike)
		p.w(p.not(e.Not) + " BETWEEN ")
		if e.Symmetric {
			p.w("SYMMETRIC ")
		}
		p.sub(e.Lo, precLike+1)
		p.w(" AND ")
		p.sub(e.Hi, precLike+1)
	case *InExpr:
		p.sub(e.X, precLike)
		p.w(p.not(e.Not) + " IN (")
		if e.Query != nil {
			p.query(e.Query)
		} else {
			p.exprList(e.List)
		}
		p.w(")")
	case *LikeExpr:
		p.sub(e.X, precLike)
		p.w(p.not(e.Not) + " " + e.Op + " ")
		p.sub(e.Pattern, precLike+1)
		if e.Escape != nil {
			p.w(" ESCAPE ")
			p.sub(e.Escape, precLike+1)
		}
	case *AnyAllExpr:
		p.sub(e.Left, binaryPrec(e.Op))
		p.w(" " + e.Op)
		if e.All {
			p.w(" ALL (")
		} else {
			p.w(" ANY (")
		}
		if e.Query != nil {
			p.query(e.Query)
		} else {
			p.expr(e.Array)
		}
		p.w(")")
	case *AtTimeZoneExpr:
		p.sub(e.X, precAt)
		p.w(" AT TIME ZONE ")
		p.sub(e.Zone, precAt+1)
	case *CollateExpr:
		p.sub(e.X, precCollate)
		p.w(" COLLATE ")
		p.name(e.Collation)
	case *CastExpr:
		if e.ColonColon {
			p.sub(e.X, precCast)
			p.w("::")
			p.typeName(e.Type)
			return
		}
		p.w("CAST(")
		p.expr(e.X)
		p.w(" AS ")
		p.typeName(e.Type)
		p.w(")")
	case *FuncCall:
		p.funcCall(e)
	case *ExtractExpr:
		p.w("EXTRACT(")
		if isPlainWord(e.Field) && scanner.KeywordCategory(e.Field) == scanner.NotKeyword {
			p.w(e.Field)
		} else {
			p.w(QuoteString(e.Field))
		}
		p.w(" FROM ")
		p.expr(e.X)
		p.w(")")
	case *SQLValueFunc:
		p.w(strings.ToUpper(e.Name))
		if e.Precision != nil {
			p.wf("(%d)", *e.Precision)
		}
	case *CaseExpr:
		p.w("CASE")
		if e.Operand != nil {
			p.w(" ")
			p.expr(e.Operand)
		}
		for _, w := range e.Whens {
			p.w(" WHEN ")
			p.expr(w.Cond)
			p.w(" THEN ")
			p.expr(w.Result)
		}
		if e.Else != nil {
			p.w(" ELSE ")
			p.expr(e.Else)
		}
		p.w(" END")
	case *SubqueryExpr:
		p.w("(")
		p.query(e.Query)
		p.w(")")
	case *ExistsExpr:
		p.w("EXISTS (")
		p.query(e.Query)
		p.w(")")
	case *ArrayExpr:
		if e.Query != nil {
			p.w("ARRAY(")
			p.query(e.Query)
			p.w(")")
			return
		}
		p.w("ARRAY")
		p.arrayElems(e)
	case *RowExpr:
		if e.Explicit || len(e.Exprs) < 2 {
			p.w("ROW")
		}
		p.w("(")
		p.exprList(e.Exprs)
		p.w(")")
	case *SecretRef:
		p.w("SECRET ")
		p.name(e.Name)
		if e.AsFile {
			p.w(" AS FILE")
		}
	default:
		p.wf("/* %T */", e)
	}
}

// prefixOp prints op directly before its operand, with a space when the
// operand starts with an operator character (so "- -c" does not become
// the comment "--c", nor "@ -5" the operator "@-").
func (p *printer) prefixOp(op string, x Expr, min int) {
	var sb strings.Builder
	(&printer{b: &sb}).sub(x, min)
	operand := sb.String()
	p.w(op)
	if operand != "" && strings.IndexByte("+-*/<>=~!@#%^&|`?", operand[0]) >= 0 {
		p.w(" ")
	}
	p.w(operand)
}

func (p *printer) not(b bool) string {
	if b {
		return " NOT"
	}
	return ""
}

// arrayElems prints [e, ...]; nested ArrayExprs print as bare [...], which
// the parser reads back as nested arrays.
func (p *printer) arrayElems(e *ArrayExpr) {
	p.w("[")
	for i, x := range e.Elems {
		if i > 0 {
			p.w(", ")
		}
		if a, ok := x.(*ArrayExpr); ok && a.Query == nil {
			p.arrayElems(a)
		} else {
			p.expr(x)
		}
	}
	p.w("]")
}

func (p *printer) funcCall(e *FuncCall) { p.funcCallIn(e, true) }

// funcCallIn prints a call; special (keyword) syntax is only allowed in
// expressions: in FROM, POSITION and OVERLAY are ordinary quoted names.
func (p *printer) funcCallIn(e *FuncCall, special bool) {
	plain := special && !e.Star && !e.Distinct && len(e.OrderBy) == 0 && !e.Variadic && len(e.Name) == 1 &&
		e.Filter == nil && e.Over == nil
	if plain && e.Name[0] == "position" && len(e.Args) == 2 {
		p.w("POSITION(")
		p.sub(e.Args[1], precLike+1)
		p.w(" IN ")
		p.sub(e.Args[0], precLike+1)
		p.w(")")
	} else if plain && e.Name[0] == "overlay" && (len(e.Args) == 3 || len(e.Args) == 4) {
		p.w("OVERLAY(")
		p.expr(e.Args[0])
		p.w(" PLACING ")
		p.expr(e.Args[1])
		p.w(" FROM ")
		p.expr(e.Args[2])
		if len(e.Args) == 4 {
			p.w(" FOR ")
			p.expr(e.Args[3])
		}
		p.w(")")
	} else {
		p.funcName(e.Name)
		p.w("(")
		if e.Star {
			p.w("*")
		}
		if e.Distinct {
			p.w("DISTINCT ")
		}
		for i, a := range e.Args {
			if i > 0 {
				p.w(", ")
			}
			if e.Variadic && i == len(e.Args)-1 {
				p.w("VARIADIC ")
			}
			p.expr(a)
		}
		if len(e.OrderBy) > 0 && !e.WithinGroup {
			p.w(" ")
			p.orderBy(e.OrderBy)
		}
		p.w(")")
	}
	if e.WithinGroup {
		p.w(" WITHIN GROUP (")
		p.orderBy(e.OrderBy)
		p.w(")")
	}
	if e.Filter != nil {
		p.w(" FILTER (WHERE ")
		p.expr(e.Filter)
		p.w(")")
	}
	if e.Over != nil {
		p.w(" OVER ")
		p.windowSpec(e.Over)
	}
}

// windowName quotes a window name that would read as a clause keyword
// inside a window specification.
func windowName(s string) string {
	switch s {
	case "partition", "rows", "range", "groups":
		return `"` + s + `"`
	}
	return QuoteIdent(s)
}

func (p *printer) windowSpec(ws *WindowSpec) {
	if ws.Name != "" && len(ws.PartitionBy) == 0 && len(ws.OrderBy) == 0 && ws.Frame == nil {
		p.w(QuoteIdent(ws.Name))
		return
	}
	p.w("(")
	sep := ""
	if ws.Name != "" {
		p.w(windowName(ws.Name))
		sep = " "
	}
	if len(ws.PartitionBy) > 0 {
		p.w(sep + "PARTITION BY ")
		p.exprList(ws.PartitionBy)
		sep = " "
	}
	if len(ws.OrderBy) > 0 {
		p.w(sep)
		p.orderBy(ws.OrderBy)
		sep = " "
	}
	if f := ws.Frame; f != nil {
		p.w(sep + [...]string{"ROWS", "RANGE", "GROUPS"}[f.Mode])
		if f.End != nil {
			p.w(" BETWEEN ")
			p.frameBound(f.Start)
			p.w(" AND ")
			p.frameBound(f.End)
		} else {
			p.w(" ")
			p.frameBound(f.Start)
		}
		if f.Exclude != "" {
			p.w(" EXCLUDE " + strings.ToUpper(f.Exclude))
		}
	}
	p.w(")")
}

func (p *printer) frameBound(b *FrameBound) {
	switch b.Kind {
	case UnboundedPreceding:
		p.w("UNBOUNDED PRECEDING")
	case UnboundedFollowing:
		p.w("UNBOUNDED FOLLOWING")
	case CurrentRow:
		p.w("CURRENT ROW")
	case OffsetPreceding:
		p.expr(b.Offset)
		p.w(" PRECEDING")
	case OffsetFollowing:
		p.expr(b.Offset)
		p.w(" FOLLOWING")
	}
}

func (p *printer) orderBy(items []*OrderByItem) {
	p.w("ORDER BY ")
	for i, it := range items {
		if i > 0 {
			p.w(", ")
		}
		p.orderByItem(it)
	}
}

func (p *printer) orderByItem(it *OrderByItem) {
	p.expr(it.Expr)
	if it.Desc {
		p.w(" DESC")
	}
	switch it.Nulls {
	case NullsFirst:
		p.w(" NULLS FIRST")
	case NullsLast:
		p.w(" NULLS LAST")
	}
}

// ---------------------------------------------------------------------------
// Types

// builtinTypeNames print unquoted: the parser maps each spelling back to
// itself.
var builtinTypeNames = map[string]bool{
	"integer": true, "smallint": true, "bigint": true, "real": true,
	"double precision": true, "boolean": true, "numeric": true, "varchar": true,
	"char": true, "text": true, "bytea": true, "date": true, "time": true,
	"timetz": true, "timestamp": true, "timestamptz": true, "interval": true,
	"json": true, "jsonb": true, "uuid": true, "bit": true, "varbit": true,
	"serial": true, "bigserial": true, "smallserial": true, "regclass": true,
	"regproc": true, "oid": true, "name": true,
}

// literalTypmodOK lists types whose `type(mods) 'string'` literal
// spelling the parser reads back (their printed name starts with a type
// keyword); other types with typmods print as CAST.
var literalTypmodOK = map[string]bool{
	"varchar": true, "char": true, "numeric": true, "bit": true, "timestamp": true,
	"time": true, "timestamptz": true, "timetz": true, "integer": true, "smallint": true,
	"bigint": true, "real": true, "boolean": true,
}

func (p *printer) typmods(args []int) {
	p.w("(")
	for i, a := range args {
		if i > 0 {
			p.w(", ")
		}
		p.w(strconv.Itoa(a))
	}
	p.w(")")
}

func (p *printer) typeName(t *TypeName) {
	switch {
	case t.Name == "struct" && len(t.Fields) > 0:
		p.w("struct<")
		for i, f := range t.Fields {
			if i > 0 {
				p.w(", ")
			}
			p.w(label(f.Name) + " ")
			p.typeName(f.Type)
		}
		p.w(">")
	case t.Name == "interval" && t.IntervalFields != "":
		p.w("interval " + t.IntervalFields)
		if len(t.Args) > 0 {
			p.typmods(t.Args)
		}
	case (t.Name == "timestamptz" || t.Name == "timetz") && len(t.Args) > 0:
		p.w(strings.TrimSuffix(t.Name, "tz"))
		p.typmods(t.Args)
		p.w(" with time zone")
	case builtinTypeNames[t.Name]:
		p.w(t.Name)
		if len(t.Args) > 0 {
			p.typmods(t.Args)
		}
	default:
		// Qualified names were joined with '.'; a quoted name containing
		// dots reads back the same either way, unless a part is empty.
		parts := strings.Split(t.Name, ".")
		for _, part := range parts {
			if part == "" {
				parts = []string{t.Name}
				break
			}
		}
		for i, part := range parts {
			if i > 0 {
				p.w(".")
				p.w(label(part))
			} else if part == "struct" || part == "double" {
				// would be read as the start of a built-in spelling
				p.w(`"` + part + `"`)
			} else {
				p.w(QuoteIdent(part))
			}
		}
		if len(t.Args) > 0 {
			p.typmods(t.Args)
		}
	}
	if t.Array {
		p.w("[]")
	}
}

// ---------------------------------------------------------------------------
// Queries

func (p *printer) query(q *Query) {
	if q.With != nil {
		p.with(q.With)
		p.w(" ")
	}
	p.setExpr(q.Body, 0)
	if len(q.OrderBy) > 0 {
		p.w(" ")
		p.orderBy(q.OrderBy)
	}
	if q.Limit != nil {
		p.w(" LIMIT ")
		p.expr(q.Limit)
	}
	if q.Offset != nil {
		p.w(" OFFSET ")
		p.expr(q.Offset)
	}
}

func (p *printer) with(w *WithClause) {
	p.w("WITH ")
	if w.Recursive {
		p.w("RECURSIVE ")
	}
	for i, c := range w.CTEs {
		if i > 0 {
			p.w(", ")
		}
		p.cte(c)
	}
}

func (p *printer) cte(c *CTE) {
	p.w(QuoteIdent(c.Name))
	if len(c.Columns) > 0 {
		p.w(" ")
		p.identList(c.Columns)
	}
	p.w(" AS ")
	if c.Materialized != nil {
		if !*c.Materialized {
			p.w("NOT ")
		}
		p.w("MATERIALIZED ")
	}
	p.w("(")
	p.query(c.Query)
	p.w(")")
}

func setPrec(s SetExpr) int {
	if so, ok := s.(*SetOperation); ok {
		if so.Op == Intersect {
			return 2
		}
		return 1
	}
	return 3
}

// setExpr prints s, parenthesized if it binds less tightly than min.
func (p *printer) setExpr(s SetExpr, min int) {
	switch s := s.(type) {
	case *Select:
		p.selectBlock(s)
	case *Values:
		p.values(s)
	case *Query:
		p.w("(")
		p.query(s)
		p.w(")")
	case *SetOperation:
		prec := setPrec(s)
		if prec < min {
			p.w("(")
			defer p.w(")")
		}
		p.setExpr(s.Left, prec)
		p.w(" " + s.Op.String() + " ")
		if s.All {
			p.w("ALL ")
		}
		p.setExpr(s.Right, prec+1)
	}
}

func (p *printer) values(v *Values) {
	p.w("VALUES ")
	for i, row := range v.Rows {
		if i > 0 {
			p.w(", ")
		}
		p.w("(")
		p.exprList(row)
		p.w(")")
	}
}

func (p *printer) selectBlock(s *Select) {
	p.w("SELECT")
	if s.Distinct {
		p.w(" DISTINCT")
		if len(s.DistinctOn) > 0 {
			p.w(" ON (")
			p.exprList(s.DistinctOn)
			p.w(")")
		}
	}
	if len(s.Items) > 0 {
		p.w(" ")
		p.selectItems(s.Items)
	}
	if len(s.From) > 0 {
		p.w(" FROM ")
		p.fromList(s.From)
	}
	if s.Where != nil {
		p.w(" WHERE ")
		p.expr(s.Where)
	}
	if len(s.GroupBy) > 0 {
		p.w(" GROUP BY ")
		p.exprList(s.GroupBy)
	}
	if s.Having != nil {
		p.w(" HAVING ")
		p.expr(s.Having)
	}
	if len(s.Windows) > 0 {
		p.w(" WINDOW ")
		for i, wd := range s.Windows {
			if i > 0 {
				p.w(", ")
			}
			p.w(QuoteIdent(wd.Name) + " AS ")
			ws := *wd.Spec
			p.windowSpecParen(&ws)
		}
	}
}

// windowSpecParen always prints the parenthesized form (WINDOW w AS (...)).
func (p *printer) windowSpecParen(ws *WindowSpec) {
	if ws.Name != "" && len(ws.PartitionBy) == 0 && len(ws.OrderBy) == 0 && ws.Frame == nil {
		p.w("(" + windowName(ws.Name) + ")")
		return
	}
	p.windowSpec(ws)
}

func (p *printer) selectItems(items []*SelectItem) {
	for i, it := range items {
		if i > 0 {
			p.w(", ")
		}
		p.selectItem(it)
	}
}

func (p *printer) selectItem(it *SelectItem) {
	p.expr(it.Expr)
	if it.Alias != "" {
		p.w(" AS " + label(it.Alias))
	}
}

func (p *printer) fromList(l []TableExpr) {
	for i, t := range l {
		if i > 0 {
			p.w(", ")
		}
		p.tableExpr(t)
	}
}

func (p *printer) alias(a *Alias) {
	if a == nil {
		return
	}
	p.w(" AS " + QuoteIdent(a.Name))
	if len(a.Columns) > 0 {
		p.w(" ")
		p.identList(a.Columns)
	}
}

func (p *printer) tableExpr(t TableExpr) {
	switch t := t.(type) {
	case *TableRef:
		p.name(t.Name)
		if t.AsOfProcTime {
			p.w(" FOR SYSTEM_TIME AS OF PROCTIME()")
		}
		p.alias(t.Alias)
	case *DerivedTable:
		if t.Lateral {
			p.w("LATERAL ")
		}
		p.w("(")
		p.query(t.Query)
		p.w(")")
		p.alias(t.Alias)
	case *FuncTable:
		if t.Lateral {
			p.w("LATERAL ")
		}
		p.funcCallIn(t.Func, false)
		if t.WithOrdinality {
			p.w(" WITH ORDINALITY")
		}
		p.alias(t.Alias)
	case *JoinExpr:
		if t.Alias != nil {
			p.w("(")
		}
		p.tableExpr(t.Left)
		p.w(" ")
		if t.Natural {
			p.w("NATURAL ")
		}
		p.w(t.Kind.String() + " ")
		if r, ok := t.Right.(*JoinExpr); ok && r.Alias == nil {
			p.w("(")
			p.tableExpr(r)
			p.w(")")
		} else {
			p.tableExpr(t.Right)
		}
		if t.On != nil {
			p.w(" ON ")
			p.expr(t.On)
		}
		if len(t.Using) > 0 {
			p.w(" USING ")
			p.identList(t.Using)
		}
		if t.Alias != nil {
			p.w(")")
			p.alias(t.Alias)
		}
	}
}
