package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// topNOp is Sort followed by Limit, fused: it keeps only the best
// offset+count rows. The buffer is sorted and truncated whenever it holds
// twice that many rows, so memory stays O(offset+count) and the work is
// O(n log k). Stability is preserved: truncation keeps rows in sorted
// (then input) order, and later rows with equal keys sort after them.
type topNOp struct {
	input         Operator
	keys          []plan.SortKey
	count, offset expr.Expr

	ctx         *ExecContext
	mem         memTracker
	s           *sorter
	limit, skip int64
	done        bool
	em          emitter
}

func (t *topNOp) Types() []base.Type { return t.input.Types() }

func (t *topNOp) Open(ctx *ExecContext) error {
	var err error
	if t.limit, t.skip, err = evalLimit(ctx, t.count, t.offset); err != nil {
		return err
	}
	t.ctx, t.done, t.em = ctx, false, emitter{}
	t.mem.init(ctx)
	t.s = newSorter(t.input.Types(), t.keys)
	return t.input.Open(ctx)
}

func (t *topNOp) Next() (*base.Chunk, error) {
	if !t.done {
		if err := t.consume(); err != nil {
			return nil, err
		}
		t.done = true
	}
	return t.em.next(t.s.rows, t.s.ninput, t.input.Types()), nil
}

func (t *topNOp) consume() error {
	k := satAdd(t.skip, t.limit)
	if t.limit == 0 {
		return nil
	}
	threshold := max(2*k, base.MaxChunkRows)
	if k > 1<<40 {
		threshold = k // effectively a full sort
	}
	for {
		in, err := t.input.Next()
		if err != nil {
			return err
		}
		if in == nil {
			break
		}
		if err := t.s.add(t.ctx, in); err != nil {
			return err
		}
		if int64(t.s.rows.len()) >= threshold {
			t.s.keep(t.s.order()[:k])
		}
		if err := t.mem.set(t.s.rows.bytes); err != nil {
			return err
		}
	}
	idx := t.s.order()
	lo := min(t.skip, int64(len(idx)))
	hi := min(k, int64(len(idx)))
	t.em.idx = idx[lo:hi]
	return nil
}

func (t *topNOp) Close() error {
	t.mem.release()
	t.s = nil
	return t.input.Close()
}
