package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// hashAggOp groups its input by the GROUP BY keys in a groupTable and feeds
// each aggregate's accumulator with the group ids of a whole chunk at a
// time. Without GROUP BY every row is group 0 and one row is produced even
// over empty input; with GROUP BY, empty input produces no rows. Groups are
// emitted in order of first appearance.
type hashAggOp struct {
	// config
	input   Operator
	groupBy []expr.Expr
	aggs    []plan.AggCall
	types   []base.Type
	keyT    []base.Type

	// run-time state
	ctx     *ExecContext
	mem     memTracker
	table   *groupTable
	accs    []aggAcc
	ngroups int
	done    bool
	emitPos int

	keys   []*base.Vector
	hashes []uint64
	gids   []int32
	args   []*base.Vector
	sel    []int32
	out    outChunk
}

func newHashAgg(n *plan.Aggregate, input Operator) *hashAggOp {
	a := &hashAggOp{input: input, groupBy: n.GroupBy, aggs: n.Aggs}
	a.types = make([]base.Type, len(n.Cols))
	for i, c := range n.Cols {
		a.types[i] = c.Type
	}
	for _, e := range n.GroupBy {
		a.keyT = append(a.keyT, e.Type())
	}
	return a
}

func (a *hashAggOp) Types() []base.Type { return a.types }

func (a *hashAggOp) Open(ctx *ExecContext) error {
	a.ctx = ctx
	a.mem.init(ctx)
	a.done, a.emitPos, a.ngroups = false, 0, 0
	a.accs = a.accs[:0]
	for _, c := range a.aggs {
		at := make([]base.Type, len(c.Args))
		for i, e := range c.Args {
			at[i] = e.Type()
		}
		a.accs = append(a.accs, newAggAcc(c.Func, c.Distinct, len(c.OrderBy) > 0, at))
	}
	if len(a.groupBy) > 0 {
		a.table = newGroupTable(a.keyT)
	} else {
		a.ngroups = 1
		for _, acc := range a.accs {
			acc.grow(1)
		}
	}
	return a.input.Open(ctx)
}

func (a *hashAggOp) Close() error {
	a.mem.release()
	a.table, a.accs = nil, a.accs[:0]
	return a.input.Close()
}

func (a *hashAggOp) Next() (*base.Chunk, error) {
	if !a.done {
		if err := a.consume(); err != nil {
			return nil, err
		}
		a.done = true
	}
	return a.emit(), nil
}

// consume drains the input into the groups.
func (a *hashAggOp) consume() error {
	for {
		in, err := a.input.Next()
		if err != nil {
			return err
		}
		if in == nil {
			return nil
		}
		n := in.Len()
		a.gids = resizeI32(a.gids, n)
		if a.table != nil {
			a.keys = a.keys[:0]
			for _, e := range a.groupBy {
				v, err := e.Eval(a.ctx.Eval, in)
				if err != nil {
					return err
				}
				a.keys = append(a.keys, v)
			}
			a.hashes = resizeU64(a.hashes, n)
			for c, v := range a.keys {
				hashVector(v, n, a.hashes, c == 0)
			}
			a.table.findOrInsert(a.keys, n, a.hashes, nil, a.gids)
			if g := a.table.len(); g > a.ngroups {
				a.ngroups = g
				for _, acc := range a.accs {
					acc.grow(g)
				}
			}
		} else {
			clear(a.gids)
		}
		for k := range a.aggs {
			if err := a.feed(k, in, n); err != nil {
				return err
			}
		}
		if err := a.account(); err != nil {
			return err
		}
	}
}

// feed evaluates aggregate k's arguments (and ORDER BY keys) over in and
// adds the rows passing its FILTER.
func (a *hashAggOp) feed(k int, in *base.Chunk, n int) error {
	c := &a.aggs[k]
	var sel []int32
	if c.Filter != nil {
		v, err := c.Filter.Eval(a.ctx.Eval, in)
		if err != nil {
			return err
		}
		a.sel = selectTrue(v, n, a.sel[:0])
		if len(a.sel) == 0 {
			return nil
		}
		sel = a.sel
		if len(sel) == n {
			sel = nil
		}
	}
	a.args = a.args[:0]
	for _, e := range c.Args {
		v, err := e.Eval(a.ctx.Eval, in)
		if err != nil {
			return err
		}
		a.args = append(a.args, v)
	}
	for _, o := range c.OrderBy {
		v, err := o.Expr.Eval(a.ctx.Eval, in)
		if err != nil {
			return err
		}
		a.args = append(a.args, v)
	}
	return a.accs[k].add(a.args, n, a.gids, sel)
}

func (a *hashAggOp) account() error {
	var total int64
	if a.table != nil {
		total = a.table.bytes()
	}
	for _, acc := range a.accs {
		total += acc.bytes()
	}
	if err := a.mem.set(total); err != nil {
		return err
	}
	return a.ctx.checkCancel()
}

// emit returns the next chunk of finished groups.
func (a *hashAggOp) emit() *base.Chunk {
	if a.emitPos >= a.ngroups {
		return nil
	}
	out := a.out.get(a.types)
	end := min(a.emitPos+base.MaxChunkRows, a.ngroups)
	nk := len(a.groupBy)
	if a.table != nil {
		idx := make([]int32, 0, end-a.emitPos)
		for g := a.emitPos; g < end; g++ {
			idx = append(idx, int32(g))
		}
		a.table.keys.gather(out.Cols[:nk], idx)
	}
	for k, acc := range a.accs {
		v := out.Cols[nk+k]
		for g := a.emitPos; g < end; g++ {
			acc.result(g, v)
		}
	}
	out.Rows = end - a.emitPos
	a.emitPos = end
	return out
}
