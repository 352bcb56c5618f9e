package difftest

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
)

// typ is the SQL type of a generated column or expression.
type typ int

const (
	tInt typ = iota
	tBig
	tNum
	tText
	tBool
	tDate
	numTypes
)

func (t typ) sql() string {
	return [...]string{"integer", "bigint", "numeric(10,2)", "text", "boolean", "date"}[t]
}

// sltType is the sqllogictest type letter.
func (t typ) sltType() byte {
	return "IIRTBT"[t]
}

func (t typ) numeric() bool { return t == tInt || t == tBig || t == tNum }
func (t typ) orderable() bool {
	return t != tBool
}

// compatible reports whether values of a and b can be compared or joined.
func compatible(a, b typ) bool {
	if a.numeric() && b.numeric() {
		return true
	}
	return a == b
}

type column struct {
	name string
	typ  typ
}

type table struct {
	name string
	cols []column
	rows [][]string // SQL literals
}

func (t *table) createSQL() string {
	var parts []string
	for _, c := range t.cols {
		parts = append(parts, c.name+" "+c.typ.sql())
	}
	return fmt.Sprintf("CREATE TABLE %s (%s)", t.name, strings.Join(parts, ", "))
}

func (t *table) insertSQL() string {
	var rows []string
	for _, r := range t.rows {
		rows = append(rows, "("+strings.Join(r, ", ")+")")
	}
	return fmt.Sprintf("INSERT INTO %s VALUES %s", t.name, strings.Join(rows, ", "))
}

// gen generates schemas, data and queries from one seed.
type gen struct {
	r      *rand.Rand
	tables []*table
	alias  int
}

func newGen(seed int64) *gen {
	return &gen{r: rand.New(rand.NewSource(seed))}
}

func (g *gen) intn(n int) int        { return g.r.Intn(n) }
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }
func pick[T any](g *gen, xs []T) T   { return xs[g.r.Intn(len(xs))] }

var (
	intVals  = []string{"0", "1", "-1", "2", "3", "5", "7", "10", "42", "100", "-100", "2147483647", "-2147483648", "1000", "-7"}
	bigVals  = []string{"0", "1", "-1", "2", "3", "10", "42", "-100", "100000", "3000000000", "-3000000000", "9223372036854775807", "-9223372036854775808"}
	numVals  = []string{"0", "0.01", "-0.01", "1.5", "-1.5", "2.25", "10", "12.34", "-12.34", "100.10", "99999999.99", "-99999999.99", "3.33", "0.5"}
	textVals = []string{"''", "'a'", "'b'", "'abc'", "'ABC'", "'Abc'", "'hello world'", "'x%y'", "'under_score'", "'O''Reilly'", "'日本語 €5'", "' lead'", "'trail '", "'b'", "'a'", "'zz'", "'10'", "'2'"}
	boolVals = []string{"true", "false"}
)

func (g *gen) dateLit() string {
	switch g.intn(8) {
	case 0:
		return "'1970-01-01'"
	case 1:
		return "'2000-02-29'"
	case 2:
		return "'2024-12-31'"
	}
	days := g.intn(800) - 400
	return fmt.Sprintf("'%s'", dateAdd(2024, 1, 1, days))
}

// dateAdd renders y-m-d plus days as YYYY-MM-DD (proleptic Gregorian, via day numbers).
func dateAdd(y, m, d, days int) string {
	jd := civilToDays(y, m, d) + days
	y, m, d = daysToCivil(jd)
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

func civilToDays(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func daysToCivil(z int) (int, int, int) {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func (g *gen) longText() string {
	n := 50 + g.intn(250)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte("abcdefghij XYZ_%"[g.intn(16)])
	}
	return "'" + b.String() + "'"
}

// literal returns a SQL literal of type t (never NULL).
func (g *gen) literal(t typ) string {
	switch t {
	case tInt:
		if g.chance(0.5) {
			return strconv.Itoa(g.intn(21) - 10)
		}
		return pick(g, intVals)
	case tBig:
		if g.chance(0.5) {
			return strconv.Itoa(g.intn(21) - 10)
		}
		return pick(g, bigVals)
	case tNum:
		if g.chance(0.4) {
			return fmt.Sprintf("%d.%02d", g.intn(41)-20, g.intn(100))
		}
		return pick(g, numVals)
	case tText:
		if g.chance(0.05) {
			return g.longText()
		}
		return pick(g, textVals)
	case tBool:
		return pick(g, boolVals)
	default:
		return g.dateLit()
	}
}

// value returns a row value of type t for inserts (sometimes NULL).
func (g *gen) value(t typ) string {
	if g.chance(0.15) {
		return "NULL"
	}
	return g.literal(t)
}

// schema creates 3 or 4 random tables with random rows.
func (g *gen) schema() {
	n := 3 + g.intn(2)
	for i := 0; i < n; i++ {
		t := &table{name: fmt.Sprintf("t%d", i)}
		ncols := 3 + g.intn(4)
		// Every table has an integer and a text column so joins always find keys.
		t.cols = append(t.cols, column{"c0", tInt}, column{"c1", tText})
		for j := 2; j < ncols; j++ {
			t.cols = append(t.cols, column{fmt.Sprintf("c%d", j), typ(g.intn(int(numTypes)))})
		}
		g.r.Shuffle(len(t.cols), func(a, b int) { t.cols[a].typ, t.cols[b].typ = t.cols[b].typ, t.cols[a].typ })
		nrows := 8 + g.intn(25)
		if i == n-1 && g.chance(0.2) {
			nrows = 0 // sometimes the last table is empty
		}
		for r := 0; r < nrows; r++ {
			if r > 0 && g.chance(0.1) {
				t.rows = append(t.rows, t.rows[g.intn(len(t.rows))]) // a duplicate row
				continue
			}
			row := make([]string, len(t.cols))
			for j, c := range t.cols {
				row[j] = g.value(c.typ)
			}
			t.rows = append(t.rows, row)
		}
		g.tables = append(g.tables, t)
	}
}

// ---- expressions ----

// node is an expression tree; format has one %s per argument. A node with a sub-select
// renders it in place of the last %s.
type node struct {
	typ    typ
	format string
	args   []*node
	sub    *query // for subquery nodes
	agg    bool   // contains an aggregate
}

func (n *node) String() string {
	args := make([]any, 0, len(n.args)+1)
	for _, a := range n.args {
		args = append(args, a.String())
	}
	if n.sub != nil {
		args = append(args, n.sub.String())
	}
	if len(args) == 0 {
		return strings.ReplaceAll(n.format, "%%", "%")
	}
	return fmt.Sprintf(n.format, args...)
}

func leaf(t typ, s string) *node { return &node{typ: t, format: strings.ReplaceAll(s, "%", "%%")} }

func mk(t typ, format string, args ...*node) *node {
	n := &node{typ: t, format: format, args: args}
	for _, a := range args {
		n.agg = n.agg || a.agg
	}
	return n
}

// scopeCol is a column visible in a query.
type scopeCol struct {
	qual, name string
	typ        typ
	vals       []string // the column's non-NULL values, as SQL literals
}

func (c scopeCol) ref() string { return c.qual + "." + c.name }

type scope struct {
	cols  []scopeCol
	outer []scopeCol // columns of enclosing queries (for correlation)
}

func (s *scope) ofType(t typ) []scopeCol {
	var out []scopeCol
	for _, c := range s.cols {
		if c.typ == t {
			out = append(out, c)
		}
	}
	return out
}

func (g *gen) colOrLit(s *scope, t typ) *node {
	if cs := s.ofType(t); len(cs) > 0 && g.chance(0.75) {
		return leaf(t, pick(g, cs).ref())
	}
	return g.lit(t)
}

func (g *gen) lit(t typ) *node {
	if g.chance(0.05) {
		return leaf(t, "NULL::"+t.sql())
	}
	return leaf(t, typedLit(t, g.literal(t)))
}

// litFor returns a literal to compare with column c: usually one of its values, so
// predicates select some rows.
func (g *gen) litFor(c scopeCol) *node {
	if len(c.vals) > 0 && g.chance(0.6) {
		return leaf(c.typ, typedLit(c.typ, pick(g, c.vals)))
	}
	return g.lit(c.typ)
}

func typedLit(t typ, l string) string {
	switch t {
	case tNum:
		l = l + "::numeric"
	case tDate:
		l = "DATE " + l
	case tBig:
		l = "(" + l + ")::bigint"
	case tInt:
		if strings.HasPrefix(l, "-") {
			l = "(" + l + ")"
		}
	}
	return l
}

// col returns a column of type t, or nil.
func (g *gen) col(s *scope, t typ) *node {
	if cs := s.ofType(t); len(cs) > 0 {
		return leaf(t, pick(g, cs).ref())
	}
	return nil
}

// expr generates a value expression of type t. risky allows arithmetic that can fail
// (overflow, which both engines must report); it is only used where every input row is
// evaluated regardless of plan (select lists, aggregate arguments).
func (g *gen) expr(s *scope, t typ, depth int, risky bool) *node {
	if depth <= 0 || g.chance(0.35) {
		return g.colOrLit(s, t)
	}
	d := depth - 1
	switch t {
	case tInt, tBig:
		switch g.intn(9) {
		case 0, 1:
			op := pick(g, []string{"+", "-", "*"})
			if !risky {
				// Promote to bigint with a small constant: cannot overflow.
				c := g.col(s, tInt)
				if c == nil {
					return g.colOrLit(s, t)
				}
				return mk(tBig, "(%s::bigint "+op+" "+strconv.Itoa(g.intn(7)-3)+")", c)
			}
			// Expressions that can fail always involve a column: PostgreSQL folds
			// constant subexpressions at plan time and would fail even on zero rows.
			a := g.col(s, t)
			if a == nil {
				return g.colOrLit(s, t)
			}
			return mk(t, "(%s "+op+" %s)", a, g.expr(s, t, d, risky))
		case 2:
			a := g.col(s, t)
			if !risky || a == nil {
				return g.colOrLit(s, t)
			}
			op := pick(g, []string{"/", "%%"})
			return mk(t, "(%s "+op+" NULLIF(%s, 0))", a, g.expr(s, t, d, risky))
		case 3:
			return mk(t, "COALESCE(%s, %s)", g.expr(s, t, d, risky), g.expr(s, t, d, risky))
		case 4:
			return mk(t, "CASE WHEN %s THEN %s ELSE %s END", g.pred(s, d, false), g.expr(s, t, d, risky), g.expr(s, t, d, risky))
		case 5:
			return mk(tInt, "length(%s)", g.expr(s, tText, d, risky))
		case 6:
			if c := g.col(s, t); risky && c != nil {
				return mk(t, "abs(%s)", c)
			}
			return mk(t, "NULLIF(%s, %s)", g.expr(s, t, d, risky), g.lit(t))
		case 7:
			if c := g.col(s, tDate); c != nil {
				return mk(tInt, "(%s - DATE '2024-01-01')", c)
			}
			return g.colOrLit(s, t)
		default:
			f := pick(g, []string{"GREATEST", "LEAST"})
			return mk(t, f+"(%s, %s)", g.expr(s, t, d, risky), g.expr(s, t, d, risky))
		}
	case tNum:
		switch g.intn(7) {
		case 0, 1:
			op := pick(g, []string{"+", "-", "*"})
			if !risky && op == "*" {
				op = "+"
			}
			return mk(tNum, "(%s "+op+" %s)", g.expr(s, tNum, d, risky), g.expr(s, pick(g, []typ{tNum, tInt}), d, risky))
		case 2:
			if !risky {
				return g.colOrLit(s, t)
			}
			return mk(tNum, "(%s / NULLIF(%s, 0))", g.expr(s, tNum, d, risky), g.expr(s, pick(g, []typ{tNum, tInt}), d, risky))
		case 3:
			return mk(tNum, "round(%s, "+strconv.Itoa(g.intn(3))+")", g.expr(s, tNum, d, risky))
		case 4:
			return mk(tNum, "COALESCE(%s, %s)", g.expr(s, tNum, d, risky), g.lit(tNum))
		case 5:
			return mk(tNum, "CASE WHEN %s THEN %s ELSE %s END", g.pred(s, d, false), g.expr(s, tNum, d, risky), g.expr(s, tNum, d, risky))
		default:
			return mk(tNum, "abs(%s)", g.expr(s, tNum, d, risky))
		}
	case tText:
		switch g.intn(8) {
		case 0, 1:
			return mk(tText, "(%s || %s)", g.expr(s, tText, d, risky), g.expr(s, tText, d, risky))
		case 2:
			return mk(tText, pick(g, []string{"lower", "upper"})+"(%s)", g.expr(s, tText, d, risky))
		case 3:
			return mk(tText, fmt.Sprintf("substr(%%s, %d, %d)", g.intn(4)+1, g.intn(4)), g.expr(s, tText, d, risky))
		case 4:
			return mk(tText, "COALESCE(%s, %s)", g.expr(s, tText, d, risky), g.lit(tText))
		case 5:
			return mk(tText, "CASE WHEN %s THEN %s ELSE %s END", g.pred(s, d, false), g.expr(s, tText, d, risky), g.expr(s, tText, d, risky))
		case 6:
			return mk(tText, "replace(%s, 'a', 'X')", g.expr(s, tText, d, risky))
		default:
			src := pick(g, []typ{tInt, tBig, tNum, tDate, tBool})
			return mk(tText, "CAST(%s AS text)", g.expr(s, src, d, risky))
		}
	case tBool:
		return g.pred(s, depth, false)
	default: // tDate
		switch g.intn(3) {
		case 0:
			return mk(tDate, "(%s + "+strconv.Itoa(g.intn(61)-30)+")", g.colOrLit(s, tDate))
		case 1:
			return mk(tDate, "COALESCE(%s, %s)", g.expr(s, tDate, d, risky), g.lit(tDate))
		default:
			return mk(tDate, "GREATEST(%s, %s)", g.expr(s, tDate, d, risky), g.expr(s, tDate, d, risky))
		}
	}
}

var likePatterns = []string{"'a%'", "'%b%'", "'_'", "'%'", "''", "'A%'", "'%o%'", "'x\\%%'", "'under\\_%'", "'h_llo%'", "'%c'"}

// pred generates a boolean expression. subq allows subqueries.
func (g *gen) pred(s *scope, depth int, subq bool) *node {
	if depth <= 0 {
		return g.simplePred(s)
	}
	d := depth - 1
	switch g.intn(10) {
	case 0, 1:
		return mk(tBool, "(%s AND %s)", g.pred(s, d, subq), g.pred(s, d, subq))
	case 2:
		return mk(tBool, "(%s OR %s)", g.pred(s, d, subq), g.pred(s, d, subq))
	case 3:
		return mk(tBool, "(NOT %s)", g.pred(s, d, subq))
	case 4, 5:
		if subq {
			return g.subqueryPred(s)
		}
		return g.simplePred(s)
	default:
		return g.simplePred(s)
	}
}

func (g *gen) anyCol(s *scope) scopeCol {
	return pick(g, s.cols)
}

func (g *gen) simplePred(s *scope) *node {
	c := g.anyCol(s)
	cn := leaf(c.typ, c.ref())
	switch g.intn(9) {
	case 0, 1, 2:
		if c.typ == tBool {
			return mk(tBool, "(%s = %s)", cn, g.lit(tBool))
		}
		op := pick(g, []string{"=", "<>", "<", "<=", ">", ">="})
		var other *node
		if g.chance(0.3) {
			// Another column of a compatible type.
			for _, o := range s.cols {
				if compatible(o.typ, c.typ) && o.ref() != c.ref() && g.chance(0.5) {
					other = leaf(o.typ, o.ref())
					break
				}
			}
		}
		if other == nil {
			other = g.litFor(c)
		}
		return mk(tBool, "(%s "+op+" %s)", cn, other)
	case 3:
		return mk(tBool, "(%s IS "+pick(g, []string{"", "NOT "})+"NULL)", cn)
	case 4:
		if c.typ == tBool {
			return mk(tBool, "(%s IS "+pick(g, []string{"TRUE", "NOT TRUE", "FALSE", "NOT FALSE"})+")", cn)
		}
		a, b := g.litFor(c), g.litFor(c)
		return mk(tBool, "(%s "+pick(g, []string{"", "NOT "})+"BETWEEN %s AND %s)", cn, a, b)
	case 5:
		n := 1 + g.intn(4)
		var parts []string
		var args []*node
		for i := 0; i < n; i++ {
			parts = append(parts, "%s")
			if g.chance(0.1) {
				args = append(args, leaf(c.typ, "NULL"))
			} else {
				args = append(args, g.litFor(c))
			}
		}
		return mk(tBool, "(%s "+pick(g, []string{"", "NOT "})+"IN ("+strings.Join(parts, ", ")+"))", append([]*node{cn}, args...)...)
	case 6:
		if t := g.col(s, tText); t != nil {
			op := pick(g, []string{"LIKE", "NOT LIKE", "ILIKE"})
			return mk(tBool, "(%s "+op+" "+strings.ReplaceAll(pick(g, likePatterns), "%", "%%")+")", t)
		}
		return mk(tBool, "(%s IS NULL)", cn)
	case 7:
		return mk(tBool, "(%s IS DISTINCT FROM %s)", cn, g.litFor(c))
	default:
		if b := g.col(s, tBool); b != nil {
			return b
		}
		return mk(tBool, "(%s IS NOT NULL)", cn)
	}
}

func (g *gen) newAlias(prefix string) string {
	g.alias++
	return fmt.Sprintf("%s%d", prefix, g.alias)
}

func tableScope(t *table, alias string) []scopeCol {
	var out []scopeCol
	for j, c := range t.cols {
		sc := scopeCol{qual: alias, name: c.name, typ: c.typ}
		for _, r := range t.rows {
			if r[j] != "NULL" {
				sc.vals = append(sc.vals, r[j])
			}
		}
		out = append(out, sc)
	}
	return out
}

// subqueryPred generates EXISTS / IN / NOT IN / comparison with a scalar subquery,
// correlated with the outer scope about half of the time.
func (g *gen) subqueryPred(s *scope) *node {
	t := pick(g, g.tables)
	alias := g.newAlias("s")
	inner := &scope{cols: tableScope(t, alias), outer: append(append([]scopeCol{}, s.outer...), s.cols...)}
	sel := &selectQ{from: []*fromItem{{table: t, alias: alias}}}
	if g.chance(0.5) {
		// Correlate on a compatible column.
		oc := g.anyCol(s)
		for _, ic := range inner.cols {
			if compatible(ic.typ, oc.typ) {
				sel.where = append(sel.where, mk(tBool, "(%s = %s)", leaf(ic.typ, ic.ref()), leaf(oc.typ, oc.ref())))
				break
			}
		}
	}
	if g.chance(0.5) {
		sel.where = append(sel.where, g.pred(inner, 1, false))
	}
	q := &query{sel: sel}
	switch g.intn(4) {
	case 0:
		sel.items = []*node{leaf(tInt, "1")}
		return &node{typ: tBool, format: pick(g, []string{"(EXISTS %s)", "(NOT EXISTS %s)"}), sub: q}
	case 1, 2:
		oc := g.anyCol(s)
		var ic *scopeCol
		for i := range inner.cols {
			if compatible(inner.cols[i].typ, oc.typ) {
				ic = &inner.cols[i]
				break
			}
		}
		if ic == nil {
			sel.items = []*node{leaf(tInt, "1")}
			return &node{typ: tBool, format: "(EXISTS %s)", sub: q}
		}
		sel.items = []*node{leaf(ic.typ, ic.ref())}
		op := pick(g, []string{"IN", "NOT IN"})
		return &node{typ: tBool, format: "(" + strings.ReplaceAll(oc.ref(), "%", "%%") + " " + op + " %s)", sub: q}
	default:
		// Scalar subquery: an aggregate, so it returns exactly one row.
		var cands []scopeCol
		for _, c := range inner.cols {
			if c.typ.orderable() {
				cands = append(cands, c)
			}
		}
		ic := pick(g, cands)
		var oc *scopeCol
		for i := range s.cols {
			if compatible(s.cols[i].typ, ic.typ) {
				oc = &s.cols[i]
				break
			}
		}
		if oc == nil {
			sel.items = []*node{mk(tBig, "count(%s)", leaf(ic.typ, ic.ref()))}
			return &node{typ: tBool, format: "(%s > 0)", sub: q}
		}
		sel.items = []*node{mk(ic.typ, pick(g, []string{"max", "min"})+"(%s)", leaf(ic.typ, ic.ref()))}
		op := pick(g, []string{"=", "<", ">=", "<>"})
		return &node{typ: tBool, format: "(" + oc.ref() + " " + op + " %s)", sub: q}
	}
}

// ---- queries ----

type fromItem struct {
	table *table
	alias string
	join  string // "", "JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"
	on    *node
}

type selectQ struct {
	distinct bool
	items    []*node
	from     []*fromItem
	where    []*node // conjuncts
	groupBy  []*node
	having   *node
}

type query struct {
	sel *selectQ
	// set operation
	op          string // "UNION", "UNION ALL", "INTERSECT", "EXCEPT", ...
	left, right *query
	orderAll    bool // ORDER BY every output column (a total order)
	limit       int  // with orderAll
}

func (q *query) types() []typ {
	if q.sel == nil {
		return q.left.types()
	}
	var out []typ
	for _, it := range q.sel.items {
		out = append(out, it.typ)
	}
	return out
}

// String renders q as a parenthesized subquery.
func (q *query) String() string {
	return "(" + q.SQL() + ")"
}

// SQL renders a top-level query.
func (q *query) SQL() string {
	var s string
	if q.sel != nil {
		s = q.sel.String()
	} else {
		s = q.left.operand() + " " + q.op + " " + q.right.operand()
	}
	if q.orderAll {
		n := len(q.types())
		var ord []string
		for i := 1; i <= n; i++ {
			ord = append(ord, strconv.Itoa(i))
		}
		s += " ORDER BY " + strings.Join(ord, ", ")
		if q.limit > 0 {
			s += " LIMIT " + strconv.Itoa(q.limit)
		}
	}
	return s
}

func (q *query) operand() string {
	if q.sel != nil {
		return q.sel.String()
	}
	return "(" + q.left.operand() + " " + q.op + " " + q.right.operand() + ")"
}

func (s *selectQ) String() string {
	var b strings.Builder
	b.WriteString("SELECT ")
	if s.distinct {
		b.WriteString("DISTINCT ")
	}
	for i, it := range s.items {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s AS o%d", it.String(), i+1)
	}
	if len(s.from) > 0 {
		b.WriteString(" FROM ")
		for i, f := range s.from {
			if i > 0 {
				if f.join == "" {
					b.WriteString(", ")
				} else {
					b.WriteString(" " + f.join + " ")
				}
			}
			b.WriteString(f.table.name + " AS " + f.alias)
			if f.join != "" && f.on != nil {
				b.WriteString(" ON " + f.on.String())
			}
		}
	}
	if len(s.where) > 0 {
		var parts []string
		for _, w := range s.where {
			parts = append(parts, w.String())
		}
		b.WriteString(" WHERE " + strings.Join(parts, " AND "))
	}
	if len(s.groupBy) > 0 {
		var parts []string
		for _, gb := range s.groupBy {
			parts = append(parts, gb.String())
		}
		b.WriteString(" GROUP BY " + strings.Join(parts, ", "))
	}
	if s.having != nil {
		b.WriteString(" HAVING " + s.having.String())
	}
	return b.String()
}

// from generates a FROM clause of 1-3 tables joined on equality (plus a residual
// condition sometimes) and returns its scope.
func (g *gen) from(sel *selectQ) *scope {
	s := &scope{}
	n := 1
	switch r := g.intn(10); {
	case r < 4:
		n = 1
	case r < 9:
		n = 2
	default:
		n = 3
	}
	for i := 0; i < n; i++ {
		t := pick(g, g.tables)
		alias := g.newAlias("a")
		f := &fromItem{table: t, alias: alias}
		cols := tableScope(t, alias)
		if i > 0 {
			f.join = pick(g, []string{"JOIN", "JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"})
			// Equality on compatible columns, preferring integer and text keys.
			var conds []*node
			for tries := 0; tries < 10 && len(conds) == 0; tries++ {
				lc := g.anyCol(s)
				rc := pick(g, cols)
				if compatible(lc.typ, rc.typ) && (lc.typ != tBool || tries > 7) {
					conds = append(conds, mk(tBool, "%s = %s", leaf(lc.typ, lc.ref()), leaf(rc.typ, rc.ref())))
				}
			}
			if len(conds) == 0 {
				conds = append(conds, mk(tBool, "%s = %s", leaf(tInt, s.ofType(tInt)[0].ref()), leaf(tInt, alias+".c0")))
				for _, c := range cols {
					if c.typ == tInt {
						conds[0] = mk(tBool, "%s = %s", leaf(tInt, s.ofType(tInt)[0].ref()), leaf(tInt, c.ref()))
						break
					}
				}
			}
			on := conds[0]
			if g.chance(0.3) {
				both := &scope{cols: append(append([]scopeCol{}, s.cols...), cols...)}
				on = mk(tBool, "%s AND %s", on, g.simplePred(both))
			}
			f.on = on
		}
		sel.from = append(sel.from, f)
		s.cols = append(s.cols, cols...)
	}
	return s
}

// selectQuery generates a plain or aggregate SELECT with the given output types (nil:
// choose).
func (g *gen) selectQuery(want []typ) *selectQ {
	sel := &selectQ{}
	s := g.from(sel)
	if g.chance(0.6) {
		sel.where = append(sel.where, g.pred(s, g.intn(3), g.chance(0.35)))
		if g.chance(0.2) {
			sel.where = append(sel.where, g.pred(s, 1, false))
		}
	}
	if g.chance(0.3) {
		g.aggregate(sel, s, want)
		return sel
	}
	if want == nil {
		n := 1 + g.intn(4)
		for i := 0; i < n; i++ {
			want = append(want, typ(g.intn(int(numTypes))))
		}
	}
	for _, t := range want {
		if g.chance(0.1) {
			sel.items = append(sel.items, g.scalarSubquery(s, t))
			continue
		}
		sel.items = append(sel.items, g.expr(s, t, 2, true))
	}
	sel.distinct = g.chance(0.2)
	return sel
}

// scalarSubquery returns a (possibly correlated) scalar aggregate subquery of type t.
func (g *gen) scalarSubquery(s *scope, t typ) *node {
	tb := pick(g, g.tables)
	alias := g.newAlias("s")
	inner := &scope{cols: tableScope(tb, alias)}
	sel := &selectQ{from: []*fromItem{{table: tb, alias: alias}}}
	if g.chance(0.6) {
		oc := g.anyCol(s)
		for _, ic := range inner.cols {
			if compatible(ic.typ, oc.typ) {
				sel.where = append(sel.where, mk(tBool, "(%s = %s)", leaf(ic.typ, ic.ref()), leaf(oc.typ, oc.ref())))
				break
			}
		}
	}
	var item *node
	switch {
	case t == tBig:
		item = mk(tBig, "count(%s)", g.colOrLit(inner, pick(g, []typ{tInt, tText})))
	case t == tBool:
		item = mk(tBool, pick(g, []string{"bool_and", "bool_or"})+"(%s)", g.simplePred(inner))
	default:
		item = mk(t, pick(g, []string{"max", "min"})+"(%s)", g.expr(inner, t, 1, false))
	}
	sel.items = []*node{item}
	return &node{typ: t, format: "%s", sub: &query{sel: sel}}
}

// aggregate turns sel into a GROUP BY query over scope s.
func (g *gen) aggregate(sel *selectQ, s *scope, want []typ) {
	ngroup := g.intn(3)
	var groupCols []scopeCol
	for i := 0; i < ngroup; i++ {
		groupCols = append(groupCols, g.anyCol(s))
	}
	for _, c := range groupCols {
		sel.groupBy = append(sel.groupBy, leaf(c.typ, c.ref()))
	}
	aggOf := func(t typ) *node {
		// An aggregate whose result has type t.
		switch t {
		case tBig:
			switch g.intn(4) {
			case 0:
				return &node{typ: tBig, format: "count(*)", agg: true}
			case 1:
				return aggNode(tBig, "count(DISTINCT %s)", g.expr(s, typ(g.intn(int(numTypes))), 1, false))
			case 2:
				return aggNode(tBig, "sum(%s)", g.expr(s, tInt, 1, true))
			default:
				return aggNode(tBig, "count(%s)", g.expr(s, typ(g.intn(int(numTypes))), 1, false))
			}
		case tNum:
			switch g.intn(4) {
			case 0:
				return aggNode(tNum, "sum(%s)", g.expr(s, tNum, 1, true))
			case 1:
				return aggNode(tNum, "avg(%s)", g.expr(s, pick(g, []typ{tInt, tNum, tBig}), 1, true))
			case 2:
				return aggNode(tNum, "sum(%s)", g.expr(s, tBig, 1, true))
			default:
				return aggNode(tNum, pick(g, []string{"min", "max"})+"(%s)", g.expr(s, tNum, 1, true))
			}
		case tBool:
			return aggNode(tBool, pick(g, []string{"bool_and", "bool_or"})+"(%s)", g.pred(s, 1, false))
		default:
			return aggNode(t, pick(g, []string{"min", "max"})+"(%s)", g.expr(s, t, 1, true))
		}
	}
	if want != nil {
		for i, t := range want {
			if i < len(groupCols) && groupCols[i].typ == t {
				sel.items = append(sel.items, leaf(t, groupCols[i].ref()))
				continue
			}
			sel.items = append(sel.items, aggOf(t))
		}
	} else {
		for _, c := range groupCols {
			sel.items = append(sel.items, leaf(c.typ, c.ref()))
		}
		na := 1 + g.intn(3)
		for i := 0; i < na; i++ {
			sel.items = append(sel.items, aggOf(pick(g, []typ{tBig, tBig, tNum, tInt, tText, tDate, tBool})))
		}
	}
	if len(groupCols) > 0 && g.chance(0.4) {
		// HAVING compares an aggregate with a constant.
		if g.chance(0.5) {
			sel.having = mk(tBool, "count(*) > "+strconv.Itoa(g.intn(3)))
			sel.having.agg = true
		} else {
			a := aggNode(tBig, "count(%s)", leaf(groupCols[0].typ, groupCols[0].ref()))
			sel.having = mk(tBool, "(%s "+pick(g, []string{">", "<=", "="})+" "+strconv.Itoa(g.intn(4))+")", a)
		}
	}
	sel.distinct = g.chance(0.1)
}

func aggNode(t typ, format string, args ...*node) *node {
	n := mk(t, format, args...)
	n.agg = true
	return n
}

// query generates a top-level query.
func (g *gen) query() *query {
	var q *query
	if g.chance(0.15) {
		left := g.selectQuery(nil)
		types := (&query{sel: left}).types()
		right := g.selectQuery(types)
		op := pick(g, []string{"UNION", "UNION ALL", "INTERSECT", "EXCEPT", "INTERSECT ALL", "EXCEPT ALL"})
		q = &query{op: op, left: &query{sel: left}, right: &query{sel: right}}
	} else {
		q = &query{sel: g.selectQuery(nil)}
	}
	if g.chance(0.2) {
		q.orderAll = true
		if g.chance(0.7) {
			q.limit = 1 + g.intn(10)
		}
	}
	return q
}
