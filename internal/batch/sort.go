package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// sorter buffers rows with their sort keys. The buffer holds the input
// columns followed by the computed key columns; keys that are plain
// column references sort on the input column itself.
type sorter struct {
	ninput int
	exprs  []expr.Expr // computed key expressions, in buffer order
	skeys  []sortKey
	rows   *rowBuffer
	vecs   []*base.Vector
}

func newSorter(inTypes []base.Type, keys []plan.SortKey) *sorter {
	s := &sorter{ninput: len(inTypes)}
	types := append([]base.Type{}, inTypes...)
	for _, k := range keys {
		col := -1
		if cr, ok := k.Expr.(*expr.ColRef); ok && cr.Idx < len(inTypes) {
			col = cr.Idx
		} else {
			col = len(types)
			types = append(types, k.Expr.Type())
			s.exprs = append(s.exprs, k.Expr)
		}
		s.skeys = append(s.skeys, sortKey{Col: col, Desc: k.Desc, NullsFirst: k.NullsFirst})
	}
	s.rows = newRowBuffer(types)
	return s
}

// add buffers the rows of in.
func (s *sorter) add(ctx *ExecContext, in *base.Chunk) error {
	s.vecs = append(s.vecs[:0], in.Cols...)
	for _, e := range s.exprs {
		v, err := e.Eval(ctx.Eval, in)
		if err != nil {
			return err
		}
		s.vecs = append(s.vecs, v)
	}
	s.rows.appendVectors(s.vecs, in.Len(), nil)
	return nil
}

// order returns the buffered rows' positions in sorted order.
func (s *sorter) order() []int32 { return sortedIndex(s.rows, s.skeys) }

// keep rebuilds the buffer with only the rows idx, in that order.
func (s *sorter) keep(idx []int32) {
	nb := newRowBuffer(s.rows.types)
	for c, v := range s.rows.cols {
		gatherInto(nb.cols[c], v, idx)
	}
	nb.n = len(idx)
	nb.bytes = s.rows.bytes * int64(len(idx)) / int64(max(s.rows.n, 1))
	s.rows = nb
}

// emitter hands out gathered chunks of a sorted buffer.
type emitter struct {
	idx []int32
	pos int
	out outChunk
}

func (e *emitter) next(rows *rowBuffer, ncols int, types []base.Type) *base.Chunk {
	if e.pos >= len(e.idx) {
		return nil
	}
	end := min(e.pos+base.MaxChunkRows, len(e.idx))
	out := e.out.get(types)
	for c := 0; c < ncols; c++ {
		gatherInto(out.Cols[c], rows.cols[c], e.idx[e.pos:end])
	}
	out.Rows = end - e.pos
	e.pos = end
	return out
}

// sortOp is ORDER BY: stable, with explicit NULLS FIRST/LAST per key.
type sortOp struct {
	input Operator
	keys  []plan.SortKey

	ctx  *ExecContext
	mem  memTracker
	s    *sorter
	done bool
	em   emitter
}

func (s *sortOp) Types() []base.Type { return s.input.Types() }

func (s *sortOp) Open(ctx *ExecContext) error {
	s.ctx, s.done, s.em = ctx, false, emitter{}
	s.mem.init(ctx)
	s.s = newSorter(s.input.Types(), s.keys)
	return s.input.Open(ctx)
}

func (s *sortOp) Next() (*base.Chunk, error) {
	if !s.done {
		for {
			in, err := s.input.Next()
			if err != nil {
				return nil, err
			}
			if in == nil {
				break
			}
			if err := s.s.add(s.ctx, in); err != nil {
				return nil, err
			}
			if err := s.mem.set(s.s.rows.bytes); err != nil {
				return nil, err
			}
		}
		s.em.idx = s.s.order()
		s.done = true
	}
	return s.em.next(s.s.rows, s.s.ninput, s.input.Types()), nil
}

func (s *sortOp) Close() error {
	s.mem.release()
	s.s = nil
	return s.input.Close()
}
