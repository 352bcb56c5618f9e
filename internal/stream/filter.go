package stream

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// filterOp keeps rows whose condition is true. Insert/Delete pass or not;
// of an UpdateDelete/UpdateInsert pair where only one half passes, the
// survivor becomes a Delete or an Insert.
type filterOp struct {
	cond expr.Expr
}

func passes(v *base.Vector, i int) bool { return !v.IsNull(i) && v.I64[i] != 0 }

func (f *filterOp) onChunk(a *actor, side int, c *base.Chunk) error {
	v := evalSafe(a, f.cond, c)
	n := c.Len()
	all := true
	for i := 0; i < n; i++ {
		if !passes(v, i) {
			all = false
			break
		}
	}
	if all {
		return a.emit(c)
	}
	out := base.NewChunk(chunkTypes(c), n)
	for i := 0; i < n; i++ {
		op := c.Ops[i]
		if op == base.OpUpdateDelete && i+1 < n && c.Ops[i+1] == base.OpUpdateInsert {
			p0, p1 := passes(v, i), passes(v, i+1)
			switch {
			case p0 && p1:
				appendRowFrom(out, c, i, base.OpUpdateDelete)
				appendRowFrom(out, c, i+1, base.OpUpdateInsert)
			case p0:
				appendRowFrom(out, c, i, base.OpDelete)
			case p1:
				appendRowFrom(out, c, i+1, base.OpInsert)
			}
			i++
			continue
		}
		if passes(v, i) {
			switch op {
			case base.OpUpdateDelete:
				op = base.OpDelete
			case base.OpUpdateInsert:
				op = base.OpInsert
			}
			appendRowFrom(out, c, i, op)
		}
	}
	return a.emit(out)
}

func (f *filterOp) onBarrier(a *actor, b Barrier) error { return nil }
