package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/plan"
)

// concatOp streams its inputs one after the other (UNION ALL).
type concatOp struct {
	inputs []Operator
	types  []base.Type
	cur    int
}

func (c *concatOp) Types() []base.Type { return c.types }

func (c *concatOp) Open(ctx *ExecContext) error {
	c.cur = 0
	for _, in := range c.inputs {
		if err := in.Open(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (c *concatOp) Next() (*base.Chunk, error) {
	for c.cur < len(c.inputs) {
		out, err := c.inputs[c.cur].Next()
		if err != nil {
			return nil, err
		}
		if out != nil {
			return out, nil
		}
		c.cur++
	}
	return nil, nil
}

func (c *concatOp) Close() error {
	var err error
	for _, in := range c.inputs {
		if e := in.Close(); err == nil {
			err = e
		}
	}
	return err
}

// setOpOp is INTERSECT [ALL] and EXCEPT [ALL] (UNION maps to concatOp,
// with a distinctOp on top unless ALL). The left input's distinct rows
// are counted in a groupTable, the right input's rows are counted against
// those groups, and each group is emitted min(l, r) (INTERSECT ALL),
// max(l-r, 0) (EXCEPT ALL) or at most once (without ALL) times, in order
// of first appearance on the left. Rows compare with NULLs equal.
type setOpOp struct {
	kind        plan.SetOpKind
	all         bool
	left, right Operator
	types       []base.Type

	ctx    *ExecContext
	mem    memTracker
	table  *groupTable
	cl, cr []int64
	done   bool
	g      int   // next group to emit
	rep    int64 // copies of group g still to emit
	hashes []uint64
	gids   []int32
	out    outChunk
}

func (s *setOpOp) Types() []base.Type { return s.types }

func (s *setOpOp) Open(ctx *ExecContext) error {
	s.ctx, s.done, s.g, s.rep = ctx, false, 0, -1
	s.mem.init(ctx)
	s.table = newGroupTable(s.types)
	s.cl, s.cr = s.cl[:0], s.cr[:0]
	if err := s.left.Open(ctx); err != nil {
		return err
	}
	return s.right.Open(ctx)
}

func (s *setOpOp) Close() error {
	s.mem.release()
	s.table = nil
	err := s.left.Close()
	if e := s.right.Close(); err == nil {
		err = e
	}
	return err
}

func (s *setOpOp) consume() error {
	// Zero-column inputs (SELECT FROM t INTERSECT ...) count rows only.
	if len(s.types) == 0 {
		s.cl, s.cr = []int64{0}, []int64{0}
	}
	for side, in := range []Operator{s.left, s.right} {
		for {
			c, err := in.Next()
			if err != nil {
				return err
			}
			if c == nil {
				break
			}
			n := c.Len()
			if len(s.types) == 0 {
				if side == 0 {
					s.cl[0] += int64(n)
				} else {
					s.cr[0] += int64(n)
				}
				continue
			}
			s.hashes = resizeU64(s.hashes, n)
			for k, v := range c.Cols {
				hashVector(v, n, s.hashes, k == 0)
			}
			if side == 0 {
				s.gids = resizeI32(s.gids, n)
				s.table.findOrInsert(c.Cols, n, s.hashes, nil, s.gids)
				for len(s.cl) < s.table.len() {
					s.cl = append(s.cl, 0)
					s.cr = append(s.cr, 0)
				}
				for _, g := range s.gids[:n] {
					s.cl[g]++
				}
			} else {
				for i := 0; i < n; i++ {
					if g := s.table.find(c.Cols, i, s.hashes[i]); g >= 0 {
						s.cr[g]++
					}
				}
			}
			if err := s.mem.set(s.table.bytes() + int64(cap(s.cl)+cap(s.cr))*8); err != nil {
				return err
			}
			if err := s.ctx.checkCancel(); err != nil {
				return err
			}
		}
	}
	return nil
}

// copies is how many times group g appears in the result.
func (s *setOpOp) copies(g int) int64 {
	l, r := s.cl[g], s.cr[g]
	switch {
	case s.kind == plan.Intersect && s.all:
		return min(l, r)
	case s.kind == plan.Intersect:
		return min(l, r, 1)
	case s.all:
		return max(l-r, 0)
	case r == 0:
		return 1 // l > 0 for every group
	}
	return 0
}

func (s *setOpOp) Next() (*base.Chunk, error) {
	if !s.done {
		if err := s.consume(); err != nil {
			return nil, err
		}
		s.done = true
	}
	if len(s.types) == 0 {
		if s.g > 0 {
			return nil, nil
		}
		s.g = 1
		if n := s.copies(0); n > 0 {
			return chunkOf(nil, int(min(n, 1<<30))), nil
		}
		return nil, nil
	}
	out := s.out.get(s.types)
	var idx []int32
	for len(idx) < base.MaxChunkRows && s.g < len(s.cl) {
		if s.rep < 0 {
			s.rep = s.copies(s.g)
		}
		for s.rep > 0 && len(idx) < base.MaxChunkRows {
			idx = append(idx, int32(s.g))
			s.rep--
		}
		if s.rep == 0 {
			s.g++
			s.rep = -1
		}
	}
	if len(idx) == 0 {
		return nil, nil
	}
	s.table.keys.gather(out.Cols, idx)
	out.Rows = len(idx)
	return out, nil
}
