package stream

import (
	"fmt"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// JobPlan is a bound query turned into a streaming dataflow, ready for
// CreateJob. Its output schema is the MV's schema.
type JobPlan struct {
	// Columns of the MV: the query's columns first, then hidden key
	// columns the query does not output (Hidden=true).
	Columns []catalog.Column
	// PK indexes Columns: the derived unique key of the view (empty for a
	// single-row view such as an aggregate without GROUP BY).
	PK []int
	// AppendOnly reports that the view only ever receives inserts.
	AppendOnly bool
	// Inputs are the relation IDs the job reads (tables, sources, MVs).
	Inputs []uint32

	root *snode
}

type parKind uint8

const (
	parInherit parKind = iota // as many actors as the (first) input, fed 1:1
	parSingle                 // one actor
	parHash                   // Config.Parallelism actors, inputs hash-distributed
)

// snode is one streaming operator of a plan. Its output row is the
// logical columns of the plan node it implements (nvis of them) followed
// by extra hidden columns that carry the stream key.
type snode struct {
	op         string
	detail     string
	inputs     []*snode
	cols       []plan.Column
	nvis       int
	key        []int
	appendOnly bool
	par        parKind
	hashKeys   [][]expr.Expr // parHash: per input, the distribution key
	nTables    int
	// build makes the operator of one actor; exprs must be cloned.
	build func(bc *buildCtx) (operator, error)
	// sources
	rel     *catalog.Relation
	relCols []int // per output column: rel column, -1: generated row id
}

func (n *snode) types() []base.Type {
	ts := make([]base.Type, len(n.cols))
	for i, c := range n.cols {
		ts[i] = c.Type
	}
	return ts
}

// Plan converts a bound query plan into a streaming plan. lookup (may be
// nil) resolves relation IDs; the plan's Scan nodes carry their relations.
// Constructs that cannot be maintained incrementally yield a 0A000 error
// naming the construct. ORDER BY without LIMIT is dropped (a view has no
// order).
func Plan(n plan.Node, lookup func(id uint32) *catalog.Relation) (*JobPlan, error) {
	p := &planner{ctes: map[int]plan.Node{}, inputs: map[uint32]bool{}, override: map[*plan.Window]*snode{}}
	root, err := p.node(n)
	if err != nil {
		return nil, err
	}
	jp := &JobPlan{AppendOnly: root.appendOnly}
	names := map[string]bool{}
	for i := 0; i < root.nvis; i++ {
		names[root.cols[i].Name] = true
	}
	for i, c := range root.cols {
		cc := catalog.Column{Name: c.Name, Type: c.Type, Hidden: c.Hidden}
		if i >= root.nvis {
			cc.Hidden = true
			if names[cc.Name] || cc.Name == "" {
				cc.Name = fmt.Sprintf("_k%d", i-root.nvis)
			}
			for names[cc.Name] {
				cc.Name = "_" + cc.Name
			}
			names[cc.Name] = true
		}
		jp.Columns = append(jp.Columns, cc)
	}
	jp.PK = append([]int(nil), root.key...)
	mat := &snode{op: "StreamMaterialize", inputs: []*snode{root}, cols: root.cols, nvis: root.nvis, key: root.key, par: parSingle, nTables: 0}
	mat.detail = "pk=[" + colList(root.cols, root.key) + "]"
	jp.root = mat
	for id := range p.inputs {
		jp.Inputs = append(jp.Inputs, id)
	}
	sortU32(jp.Inputs)
	return jp, nil
}

func sortU32(s []uint32) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func colList(cols []plan.Column, idx []int) string {
	s := make([]string, len(idx))
	for i, k := range idx {
		s[i] = cols[k].Name
	}
	return strings.Join(s, ", ")
}

func exprList(es []expr.Expr) string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.String()
	}
	return strings.Join(s, ", ")
}

// Explain renders the dataflow, one operator per line, with keys and
// distribution (EXPLAIN CREATE MATERIALIZED VIEW).
func (jp *JobPlan) Explain() string {
	var b strings.Builder
	var walk func(n *snode, depth int)
	walk = func(n *snode, depth int) {
		if depth > 0 {
			b.WriteString(strings.Repeat(" ", 2+5*(depth-1)))
			b.WriteString("-> ")
		}
		b.WriteString(n.op)
		if n.detail != "" {
			b.WriteString(" " + n.detail)
		}
		switch n.par {
		case parSingle:
			b.WriteString(" dist=single")
		case parHash:
			keys := make([]string, len(n.hashKeys))
			for i, k := range n.hashKeys {
				keys[i] = exprList(k)
			}
			b.WriteString(" dist=hash(" + strings.Join(keys, " | ") + ")")
		}
		if len(n.key) > 0 && n.op != "StreamMaterialize" {
			b.WriteString(" key=[" + colList(n.cols, n.key) + "]")
		}
		b.WriteByte('\n')
		for _, c := range n.inputs {
			walk(c, depth+1)
		}
	}
	walk(jp.root, 0)
	return b.String()
}

type planner struct {
	ctes     map[int]plan.Node
	inputs   map[uint32]bool
	override map[*plan.Window]*snode
}

func unsupported(what string) error {
	return base.NotSupported("%s is not supported in materialized views", what)
}

func (p *planner) node(n plan.Node) (*snode, error) {
	switch x := n.(type) {
	case *plan.Scan:
		return p.scan(x)
	case *plan.Values:
		return p.values(x)
	case *plan.Filter:
		return p.filter(x)
	case *plan.Project:
		return p.project(x)
	case *plan.Aggregate:
		return p.aggregate(x)
	case *plan.Join:
		return p.join(x)
	case *plan.Sort:
		// A view has no order: ORDER BY without LIMIT is dropped.
		return p.node(x.Input)
	case *plan.Limit:
		return p.limit(x)
	case *plan.Distinct:
		return p.distinct(x)
	case *plan.SetOp:
		return p.setOp(x)
	case *plan.Hop:
		return p.hop(x)
	case *plan.With:
		for _, c := range x.CTEs {
			if c.Recursive {
				return nil, unsupported("recursive CTE (WITH RECURSIVE)")
			}
			p.ctes[c.ID] = c.Plan
		}
		return p.node(x.Body)
	case *plan.CTEScan:
		body, ok := p.ctes[x.ID]
		if !ok {
			return nil, base.Errorf(base.CodeInternalError, "CTE %s#%d not found", x.Name, x.ID)
		}
		in, err := p.node(body)
		if err != nil {
			return nil, err
		}
		// Rename the visible columns after the CTE's column list.
		cols := append([]plan.Column(nil), in.cols...)
		for i := 0; i < in.nvis && i < len(x.Cols); i++ {
			cols[i] = x.Cols[i]
		}
		c := *in
		c.cols = cols
		return &c, nil
	case *plan.Window:
		if n, ok := p.override[x]; ok {
			return n, nil
		}
		return p.window(x, -1)
	case *plan.TableFunc:
		return nil, unsupported("table function " + x.Name + " in FROM")
	case *plan.WorkTableScan:
		return nil, unsupported("recursive CTE (WITH RECURSIVE)")
	case *plan.ProjectSet:
		return nil, unsupported("a set-returning function in the select list")
	}
	return nil, unsupported(fmt.Sprintf("plan node %T", n))
}

// ---------------------------------------------------------------------------
// Leaves

func (p *planner) scan(x *plan.Scan) (*snode, error) {
	rel := x.Rel
	switch rel.Kind {
	case catalog.KindTable, catalog.KindSource, catalog.KindMaterializedView:
	default:
		return nil, unsupported("reading a " + rel.Kind.String())
	}
	p.inputs[rel.ID] = true
	n := &snode{op: "StreamSource", rel: rel, par: parSingle}
	n.detail = rel.QualifiedName()
	if rel.Kind == catalog.KindMaterializedView {
		n.op = "StreamMVInput"
	}
	n.cols = x.Columns()
	n.relCols = append([]int(nil), x.Cols...)
	n.nvis = len(n.cols)
	pos := map[int]int{}
	for i, c := range x.Cols {
		if _, ok := pos[c]; !ok {
			pos[c] = i
		}
	}
	for _, k := range rel.PK {
		if i, ok := pos[k]; ok {
			n.key = append(n.key, i)
			continue
		}
		col := rel.Columns[k]
		n.cols = append(n.cols, plan.Column{Name: col.Name, Type: col.Type, Hidden: true, Table: x.Alias, RelID: rel.ID, AttNum: k + 1})
		n.relCols = append(n.relCols, k)
		pos[k] = len(n.cols) - 1
		n.key = append(n.key, len(n.cols)-1)
	}
	// A view without a key holds at most one row (an aggregate without
	// GROUP BY): the empty key identifies it, so an update retracts the old
	// row (a generated id would differ between the row's versions).
	if len(rel.PK) == 0 && rel.Kind != catalog.KindMaterializedView {
		// A source without a key is append-only: give each row an id.
		n.cols = append(n.cols, plan.Column{Name: catalog.RowIDColumn, Type: base.Int64, Hidden: true})
		n.relCols = append(n.relCols, -1)
		n.key = []int{len(n.cols) - 1}
	}
	n.appendOnly = rel.AppendOnly || rel.Kind == catalog.KindSource
	n.detail += " [" + colList(n.cols, seq(len(n.cols))) + "]"
	return n, nil
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func (p *planner) values(x *plan.Values) (*snode, error) {
	for _, r := range x.Rows {
		if err := checkStreamExprs(r...); err != nil {
			return nil, err
		}
	}
	n := &snode{op: "StreamValues", par: parSingle, appendOnly: true}
	n.cols = append(append([]plan.Column(nil), x.Cols...), plan.Column{Name: "_k0", Type: base.Int64, Hidden: true})
	n.nvis = len(x.Cols)
	n.key = []int{n.nvis}
	n.detail = fmt.Sprintf("%d row(s)", len(x.Rows))
	rows := x.Rows
	types := n.types()
	n.build = func(bc *buildCtx) (operator, error) {
		cp := make([][]expr.Expr, len(rows))
		for i, r := range rows {
			cp[i] = cloneExprs(r)
		}
		return &valuesOp{rows: cp, types: types}, nil
	}
	return n, nil
}

// ---------------------------------------------------------------------------
// Row-at-a-time

func conjuncts(e expr.Expr) []expr.Expr {
	if a, ok := e.(*expr.And); ok {
		var out []expr.Expr
		for _, x := range a.Args {
			out = append(out, conjuncts(x)...)
		}
		return out
	}
	return []expr.Expr{e}
}

func andOf(es []expr.Expr) expr.Expr {
	if len(es) == 1 {
		return es[0]
	}
	return &expr.And{Args: es}
}

func (p *planner) filter(x *plan.Filter) (*snode, error) {
	conds := conjuncts(x.Cond)
	if w, limit, rest, ok := p.groupTopNPattern(x); ok {
		// row_number() ... <= N: the top-N operator enforces the bound.
		top, err := p.window(w, int64(limit))
		if err != nil {
			return nil, err
		}
		p.override[w] = top
		conds = rest
	}
	if err := checkStreamExprs(conds...); err != nil {
		return nil, err
	}
	in, err := p.node(x.Input)
	if err != nil {
		return nil, err
	}
	var plain []expr.Expr
	var temporal []temporalBound
	for _, c := range conds {
		if !usesNow(c) {
			plain = append(plain, c)
			continue
		}
		tb, ok := asTemporalBound(c)
		if !ok {
			return nil, base.NotSupported("filter condition %s depends on the current time in an unsupported way", c.String()).
				WithHint("Use a temporal filter of the form col > now() - INTERVAL '...'.")
		}
		temporal = append(temporal, tb)
	}
	cur := in
	if len(plain) > 0 {
		cur = newFilterNode(cur, andOf(plain))
	}
	for _, tb := range temporal {
		cur = newTemporalFilterNode(cur, tb)
	}
	return cur, nil
}

func newFilterNode(in *snode, cond expr.Expr) *snode {
	n := &snode{op: "StreamFilter", detail: cond.String(), inputs: []*snode{in}, cols: in.cols, nvis: in.nvis, key: in.key, appendOnly: in.appendOnly, par: parInherit}
	n.build = func(bc *buildCtx) (operator, error) { return &filterOp{cond: cloneExpr(cond)}, nil }
	return n
}

func (p *planner) project(x *plan.Project) (*snode, error) {
	if err := checkStreamExprs(x.Exprs...); err != nil {
		return nil, err
	}
	in, err := p.node(x.Input)
	if err != nil {
		return nil, err
	}
	exprs := append([]expr.Expr(nil), x.Exprs...)
	cols := append([]plan.Column(nil), x.Cols...)
	nvis := len(cols)
	var key []int
	for _, k := range in.key {
		found := -1
		for i, e := range x.Exprs {
			if c, ok := e.(*expr.ColRef); ok && c.Idx == k {
				found = i
				break
			}
		}
		if found < 0 {
			c := in.cols[k]
			c.Hidden = true
			exprs = append(exprs, &expr.ColRef{Idx: k, Typ: c.Type, Name: c.Name})
			cols = append(cols, c)
			found = len(cols) - 1
		}
		key = appendUnique(key, found)
	}
	n := &snode{inputs: []*snode{in}, cols: cols, nvis: nvis, key: key, appendOnly: in.appendOnly}
	n.detail = exprList(exprs)
	if anyUsesNow(exprs) {
		// now() in the select list: every row is re-evaluated at each
		// barrier, so the row must be kept in state.
		n.op, n.par, n.nTables = "StreamNowProject", parSingle, 1
		inTypes := in.types()
		n.build = func(bc *buildCtx) (operator, error) {
			return newNowProjectOp(bc, cloneExprs(exprs), inTypes, in.key, n.types()), nil
		}
		n.appendOnly = false
		return n, nil
	}
	n.op, n.par = "StreamProject", parInherit
	types := n.types()
	n.build = func(bc *buildCtx) (operator, error) {
		return &projectOp{exprs: cloneExprs(exprs), types: types}, nil
	}
	return n, nil
}

func appendUnique(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func (p *planner) hop(x *plan.Hop) (*snode, error) {
	in, err := p.node(x.Input)
	if err != nil {
		return nil, err
	}
	if x.Slide.Months != 0 || x.Size.Months != 0 || x.Offset.Months != 0 {
		return nil, unsupported("HOP with month intervals")
	}
	lc := x.Columns()
	n := &snode{op: "StreamHop", inputs: []*snode{in}, par: parInherit, appendOnly: in.appendOnly}
	n.detail = x.String()[len("Hop "):]
	n.cols = append(append([]plan.Column(nil), lc...), in.cols[in.nvis:]...)
	n.nvis = len(lc)
	for _, k := range in.key {
		if k >= in.nvis {
			k += 2
		}
		n.key = append(n.key, k)
	}
	n.key = append(n.key, in.nvis) // window_start
	cfg := hopConfig{timeCol: x.TimeCol, slide: ivMicros(x.Slide), size: ivMicros(x.Size), offset: ivMicros(x.Offset), nvis: in.nvis, types: n.types()}
	n.build = func(bc *buildCtx) (operator, error) { return &hopOp{cfg: cfg}, nil }
	return n, nil
}

func ivMicros(iv base.Interval) int64 { return int64(iv.Days)*86_400_000_000 + iv.Micros }
