package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// windowOp materializes its input, then for each window call sorts the
// rows by PARTITION BY and ORDER BY, cuts partitions and lets the window
// function evaluate each one (frames and peers are the function's
// business: it gets the ORDER BY keys). Results are scattered back by
// input position; rows are emitted in the sort order of the last call, as
// PostgreSQL's WindowAgg does.
type windowOp struct {
	input Operator
	calls []plan.WindowCall
	types []base.Type

	ctx     *ExecContext
	mem     memTracker
	rows    *rowBuffer // input columns ++ computed columns
	plans   []winCols
	exprs   []expr.Expr // computed columns, in buffer order after input
	results [][]base.Datum
	done    bool
	em      emitter
	vecs    []*base.Vector
}

// winCols locates one call's inputs in the buffer.
type winCols struct {
	args   []int
	filter int // -1: none
	part   []int
	order  []sortKey
}

func newWindow(n *plan.Window, input Operator) *windowOp {
	w := &windowOp{input: input, calls: n.Funcs}
	w.types = append([]base.Type{}, input.Types()...)
	for _, c := range n.Funcs {
		w.types = append(w.types, c.Typ)
	}
	return w
}

func (w *windowOp) Types() []base.Type { return w.types }

func (w *windowOp) Open(ctx *ExecContext) error {
	w.ctx, w.done, w.em = ctx, false, emitter{}
	w.mem.init(ctx)
	in := w.input.Types()
	types := append([]base.Type{}, in...)
	w.exprs = w.exprs[:0]
	col := func(e expr.Expr) int {
		if cr, ok := e.(*expr.ColRef); ok && cr.Idx < len(in) {
			return cr.Idx
		}
		w.exprs = append(w.exprs, e)
		types = append(types, e.Type())
		return len(types) - 1
	}
	w.plans = w.plans[:0]
	for _, c := range w.calls {
		var p winCols
		for _, a := range c.Args {
			p.args = append(p.args, col(a))
		}
		p.filter = -1
		if c.Filter != nil {
			if c.Func.Agg == nil {
				return base.NotSupported("FILTER is not implemented for non-aggregate window functions")
			}
			if len(c.Args) == 0 || !strictWindowAgg(c.Func.Agg.Name) {
				return base.NotSupported("FILTER is not supported for window aggregate %s", c.Func.Agg.Name)
			}
			p.filter = col(c.Filter)
		}
		for _, e := range c.PartitionBy {
			p.part = append(p.part, col(e))
		}
		for _, k := range c.OrderBy {
			p.order = append(p.order, sortKey{Col: col(k.Expr), Desc: k.Desc, NullsFirst: k.NullsFirst})
		}
		w.plans = append(w.plans, p)
	}
	w.rows = newRowBuffer(types)
	return w.input.Open(ctx)
}

// strictWindowAgg lists aggregates that ignore NULL inputs, so FILTER can
// be applied by nulling the arguments of filtered-out rows.
func strictWindowAgg(name string) bool {
	switch name {
	case "count", "sum", "avg", "min", "max", "bool_and", "bool_or", "every",
		"stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "bit_and", "bit_or":
		return true
	}
	return false
}

func (w *windowOp) Next() (*base.Chunk, error) {
	if !w.done {
		if err := w.compute(); err != nil {
			return nil, err
		}
		w.done = true
	}
	start := w.em.pos
	out := w.em.next(w.rows, len(w.input.Types()), w.types)
	if out == nil {
		return nil, nil
	}
	// Append the window results for the emitted rows.
	nin := len(w.input.Types())
	idx := w.em.idx[start:w.em.pos]
	for k, res := range w.results {
		v := out.Cols[nin+k]
		for _, i := range idx {
			v.Append(coerce(res[i], v.Type))
		}
	}
	return out, nil
}

func (w *windowOp) compute() error {
	for {
		in, err := w.input.Next()
		if err != nil {
			return err
		}
		if in == nil {
			break
		}
		w.vecs = append(w.vecs[:0], in.Cols...)
		for _, e := range w.exprs {
			v, err := e.Eval(w.ctx.Eval, in)
			if err != nil {
				return err
			}
			w.vecs = append(w.vecs, v)
		}
		w.rows.appendVectors(w.vecs, in.Len(), nil)
		if err := w.mem.set(w.rows.bytes); err != nil {
			return err
		}
	}
	n := w.rows.len()
	w.results = make([][]base.Datum, len(w.calls))
	var idx []int32
	for k := range w.calls {
		var err error
		idx, err = w.evalCall(k)
		if err != nil {
			return err
		}
		if err := w.mem.set(w.rows.bytes + int64(k+1)*int64(n)*datumSize); err != nil {
			return err
		}
	}
	if idx == nil {
		idx = make([]int32, n)
		for i := range idx {
			idx[i] = int32(i)
		}
	}
	w.em.idx = idx
	return nil
}

// evalCall computes window call k for all rows; it returns the sort order
// used.
func (w *windowOp) evalCall(k int) ([]int32, error) {
	c, p := &w.calls[k], &w.plans[k]
	keys := make([]sortKey, 0, len(p.part)+len(p.order))
	for _, col := range p.part {
		keys = append(keys, sortKey{Col: col})
	}
	keys = append(keys, p.order...)
	idx := sortedIndex(w.rows, keys)
	res := make([]base.Datum, w.rows.len())
	w.results[k] = res
	out := base.NewVector(c.Typ, 0)
	var args, orderKeys [][]base.Datum
	for start := 0; start < len(idx); {
		end := start + 1
		for end < len(idx) && w.samePartition(p.part, idx[start], idx[end]) {
			end++
		}
		part := idx[start:end]
		args, orderKeys = args[:0], orderKeys[:0]
		for _, r := range part {
			row := make([]base.Datum, len(p.args))
			for a, col := range p.args {
				row[a] = w.rows.cols[col].Get(int(r))
			}
			if p.filter >= 0 && !w.rows.cols[p.filter].Get(int(r)).Bool() {
				for a := range row {
					row[a] = base.NullOf(row[a].K)
				}
			}
			args = append(args, row)
			if len(p.order) > 0 {
				ok := make([]base.Datum, len(p.order))
				for o, sk := range p.order {
					ok[o] = w.rows.cols[sk.Col].Get(int(r))
				}
				orderKeys = append(orderKeys, ok)
			}
		}
		out.Reset()
		if err := c.Func.Eval(args, orderKeys, c.Frame, out); err != nil {
			return nil, err
		}
		if out.Len() != len(part) {
			return nil, base.Errorf(base.CodeInternalError, "window function %s returned %d rows for %d", c.Func.Name, out.Len(), len(part))
		}
		for i, r := range part {
			res[r] = out.Get(i)
		}
		if err := w.ctx.checkCancel(); err != nil {
			return nil, err
		}
		start = end
	}
	return idx, nil
}

func (w *windowOp) samePartition(part []int, a, b int32) bool {
	for _, col := range part {
		v := w.rows.cols[col]
		if !equalAt(v, int(a), v, int(b)) {
			return false
		}
	}
	return true
}

func (w *windowOp) Close() error {
	w.mem.release()
	w.rows, w.results = nil, nil
	return w.input.Close()
}
