package stream

import "github.com/tributarydb/tributary/internal/base"

// unionOp is UNION ALL: rows of either input, laid out as
// [columns, _branch, left hidden columns, right hidden columns] so that
// rows of the two inputs never share a stream key.
type unionOp struct {
	maps      [2][]int // input column → output column
	types     []base.Type
	branchCol int
}

func (u *unionOp) onChunk(a *actor, side int, c *base.Chunk) error {
	n := c.Len()
	out := &base.Chunk{Cols: make([]*base.Vector, len(u.types)), Ops: c.Ops}
	for i, o := range u.maps[side] {
		out.Cols[o] = c.Cols[i]
	}
	br := base.NewVector(base.Int16, n)
	for i := 0; i < n; i++ {
		br.AppendInt(int64(side))
	}
	out.Cols[u.branchCol] = br
	for i, v := range out.Cols {
		if v == nil {
			nv := base.NewVector(u.types[i], n)
			for j := 0; j < n; j++ {
				nv.AppendNull()
			}
			out.Cols[i] = nv
		}
	}
	return a.emit(out)
}

func (u *unionOp) onBarrier(a *actor, b Barrier) error { return nil }
