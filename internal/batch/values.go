package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// valuesOp produces constant rows (VALUES, SELECT without FROM).
type valuesOp struct {
	rows  [][]expr.Expr
	types []base.Type

	ctx *ExecContext
	pos int
	out outChunk
}

func (v *valuesOp) Types() []base.Type { return v.types }

func (v *valuesOp) Open(ctx *ExecContext) error {
	v.ctx, v.pos = ctx, 0
	return nil
}

func (v *valuesOp) Next() (*base.Chunk, error) {
	if v.pos >= len(v.rows) {
		return nil, nil
	}
	if err := v.ctx.checkCancel(); err != nil {
		return nil, err
	}
	c := v.out.get(v.types)
	n := 0
	for ; v.pos < len(v.rows) && n < base.MaxChunkRows; v.pos++ {
		for j, e := range v.rows[v.pos] {
			d, err := e.EvalRow(v.ctx.Eval, nil)
			if err != nil {
				return nil, err
			}
			c.Cols[j].Append(coerce(d, v.types[j]))
		}
		n++
	}
	c.Rows = n
	return c, nil
}

func (v *valuesOp) Close() error { return nil }

// coerce gives an untyped NULL the column's kind so that it lands in the
// right payload slot.
func coerce(d base.Datum, t base.Type) base.Datum {
	if d.Null && d.K != t.Kind {
		return base.NullOf(t.Kind)
	}
	return d
}
