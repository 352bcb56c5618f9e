package stream

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// valuesOp emits constant rows (VALUES, SELECT without FROM) once, when
// the job starts, with their ordinal as hidden key.
type valuesOp struct {
	rows  [][]expr.Expr
	types []base.Type
}

func (v *valuesOp) start(a *actor) error {
	b := newBuilder(a, v.types)
	for i, r := range v.rows {
		row := make([]base.Datum, 0, len(r)+1)
		for _, e := range r {
			row = append(row, evalRowSafe(a, e, nil))
		}
		row = append(row, base.DInt64(int64(i)))
		if err := b.row(row, base.OpInsert); err != nil {
			return err
		}
	}
	return b.flush()
}

func (v *valuesOp) onChunk(a *actor, side int, c *base.Chunk) error { return nil }
func (v *valuesOp) onBarrier(a *actor, b Barrier) error             { return nil }
