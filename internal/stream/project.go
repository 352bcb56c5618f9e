package stream

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// projectOp evaluates expressions over each row; ops pass through.
type projectOp struct {
	exprs []expr.Expr
	types []base.Type
}

func (p *projectOp) onChunk(a *actor, side int, c *base.Chunk) error {
	out := &base.Chunk{Cols: make([]*base.Vector, len(p.exprs)), Ops: c.Ops}
	for i, e := range p.exprs {
		v := evalSafe(a, e, c)
		// A node reuses its output vector on the next Eval and the chunk
		// outlives this call: copy, except input columns (read-only).
		if _, isCol := e.(*expr.ColRef); !isCol {
			v = copyVector(v)
		}
		out.Cols[i] = v
	}
	return a.emit(out)
}

func (p *projectOp) onBarrier(a *actor, b Barrier) error { return nil }

func copyVector(v *base.Vector) *base.Vector {
	out := base.NewVector(v.Type, v.Len())
	for i := 0; i < v.Len(); i++ {
		out.AppendFrom(v, i)
	}
	return out
}
