package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/plan"
)

// cteState is one CTE of the running statement: materialized lazily on
// first scan (PostgreSQL never evaluates an unreferenced CTE), then read by
// every CTEScan of that ID. IDs are unique per statement, so the registry
// lives in the statement state and crosses subquery boundaries.
type cteState struct {
	cte  *plan.CTE
	done bool
	busy bool
	buf  *rowBuffer
	work *rowBuffer // the recursive working table while iterating
	mem  memTracker
}

// withOp registers its CTEs and runs the body.
type withOp struct {
	n    *plan.With
	body Operator

	ctx  *ExecContext
	regs []*cteState
}

func (w *withOp) Types() []base.Type { return w.body.Types() }

func (w *withOp) Open(ctx *ExecContext) error {
	w.ctx = ctx
	st := ctx.state()
	w.regs = w.regs[:0]
	for i := range w.n.CTEs {
		c := &w.n.CTEs[i]
		cs := &cteState{cte: c}
		cs.mem.init(ctx)
		st.ctes[c.ID] = cs
		w.regs = append(w.regs, cs)
	}
	return w.body.Open(ctx)
}

func (w *withOp) Next() (*base.Chunk, error) { return w.body.Next() }

func (w *withOp) Close() error {
	err := w.body.Close()
	for _, cs := range w.regs {
		cs.mem.release()
		cs.buf, cs.work = nil, nil
		if w.ctx != nil && w.ctx.st.ctes[cs.cte.ID] == cs {
			delete(w.ctx.st.ctes, cs.cte.ID)
		}
	}
	w.regs = w.regs[:0]
	return err
}

func lookupCTE(ctx *ExecContext, id int, name string) (*cteState, error) {
	cs := ctx.state().ctes[id]
	if cs == nil {
		return nil, base.Errorf(base.CodeInternalError, "CTE %q (#%d) is not in scope", name, id)
	}
	return cs, nil
}

// materialize evaluates the CTE once.
func (cs *cteState) materialize(ctx *ExecContext) error {
	if cs.done {
		return nil
	}
	if cs.busy {
		return base.Errorf(base.CodeInvalidRecursion, "recursive reference to query %q must not appear within its non-recursive term", cs.cte.Name)
	}
	cs.busy = true
	defer func() { cs.busy = false }()
	types := colTypes(cs.cte.Cols)
	cs.buf = newRowBuffer(types)
	var seen *groupTable
	if cs.cte.Recursive && !cs.cte.UnionAll {
		seen = newGroupTable(types)
	}
	// add appends the rows of c not seen before (UNION) to dst.
	var hashes []uint64
	var gids []int32
	var sel []int32
	add := func(dst *rowBuffer, c *base.Chunk) {
		n := c.Len()
		if seen == nil || len(types) == 0 {
			dst.appendVectors(c.Cols, n, nil)
			return
		}
		hashes = resizeU64(hashes, n)
		for k, v := range c.Cols {
			hashVector(v, n, hashes, k == 0)
		}
		gids = resizeI32(gids, n)
		next := int32(seen.len())
		seen.findOrInsert(c.Cols, n, hashes, nil, gids)
		sel = sel[:0]
		for i, g := range gids[:n] {
			if g == next {
				sel = append(sel, int32(i))
				next++
			}
		}
		dst.appendVectors(c.Cols, n, sel)
	}
	charge := func(extra int64) error {
		b := cs.buf.bytes + extra
		if seen != nil {
			b += seen.bytes()
		}
		return cs.mem.set(b)
	}

	work := newRowBuffer(types)
	if err := runInto(ctx, cs.cte.Plan, func(c *base.Chunk) error {
		add(work, c)
		return charge(work.bytes)
	}); err != nil {
		return err
	}
	if !cs.cte.Recursive {
		cs.buf = work
		cs.done = true
		return charge(0)
	}
	op, err := Build(cs.cte.RecursiveTerm)
	if err != nil {
		return err
	}
	limit := ctx.maxRecursiveRows()
	total := int64(0)
	for work.len() > 0 {
		total += int64(work.len())
		if total > limit {
			return base.Errorf(base.CodeProgramLimitExceeded, "recursive query %q produced more than %d rows", cs.cte.Name, limit).
				WithHint("Check the recursive term's stop condition, or raise the limit.")
		}
		cs.buf.appendVectors(work.cols, work.len(), nil)
		cs.work = work
		next := newRowBuffer(types)
		if err := drain(ctx, op, func(c *base.Chunk) error {
			add(next, c)
			return charge(next.bytes + work.bytes)
		}); err != nil {
			return err
		}
		work = next
		if err := ctx.checkCancel(); err != nil {
			return err
		}
	}
	cs.work = nil
	cs.done = true
	return charge(0)
}

func colTypes(cols []plan.Column) []base.Type {
	ts := make([]base.Type, len(cols))
	for i, c := range cols {
		ts[i] = c.Type
	}
	return ts
}

// bufferScan streams the rows of a rowBuffer.
type bufferScan struct {
	buf   *rowBuffer
	types []base.Type
	pos   int
	idx   []int32
	out   outChunk
}

func (b *bufferScan) next() *base.Chunk {
	if b.buf == nil || b.pos >= b.buf.len() {
		return nil
	}
	end := min(b.pos+base.MaxChunkRows, b.buf.len())
	b.idx = b.idx[:0]
	for i := b.pos; i < end; i++ {
		b.idx = append(b.idx, int32(i))
	}
	out := b.out.get(b.types)
	b.buf.gather(out.Cols, b.idx)
	out.Rows = end - b.pos
	b.pos = end
	return out
}

// cteScanOp reads a materialized CTE.
type cteScanOp struct {
	n  *plan.CTEScan
	bs bufferScan
}

func (s *cteScanOp) Types() []base.Type { return colTypes(s.n.Cols) }

func (s *cteScanOp) Open(ctx *ExecContext) error {
	cs, err := lookupCTE(ctx, s.n.ID, s.n.Name)
	if err != nil {
		return err
	}
	if err := cs.materialize(ctx); err != nil {
		return err
	}
	s.bs = bufferScan{buf: cs.buf, types: s.Types(), out: s.bs.out}
	return nil
}

func (s *cteScanOp) Next() (*base.Chunk, error) { return s.bs.next(), nil }
func (s *cteScanOp) Close() error               { s.bs.buf = nil; return nil }

// workTableScanOp reads the working table of a recursive CTE.
type workTableScanOp struct {
	n  *plan.WorkTableScan
	bs bufferScan
}

func (s *workTableScanOp) Types() []base.Type { return colTypes(s.n.Cols) }

func (s *workTableScanOp) Open(ctx *ExecContext) error {
	cs, err := lookupCTE(ctx, s.n.ID, s.n.Name)
	if err != nil {
		return err
	}
	if cs.work == nil {
		return base.Errorf(base.CodeInternalError, "working table of %q read outside its recursive term", s.n.Name)
	}
	s.bs = bufferScan{buf: cs.work, types: s.Types(), out: s.bs.out}
	return nil
}

func (s *workTableScanOp) Next() (*base.Chunk, error) { return s.bs.next(), nil }
func (s *workTableScanOp) Close() error               { s.bs.buf = nil; return nil }
