package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/plan"
)

// deleteOp deletes the rows its input yields (full width; the primary key
// identifies each) through the TableWriter. RETURNING is evaluated over
// the deleted rows.
type deleteOp struct {
	n     *plan.Delete
	input Operator
	types []base.Type

	ctx  *ExecContext
	ret  returning
	done bool
}

func (o *deleteOp) Types() []base.Type { return o.types }

func (o *deleteOp) Open(ctx *ExecContext) error {
	o.ctx, o.done = ctx, false
	if err := needWriter(ctx, o.n.Table); err != nil {
		return err
	}
	o.ret = returning{exprs: o.n.Returning}
	return o.input.Open(ctx)
}

func (o *deleteOp) Next() (*base.Chunk, error) {
	ncols := len(o.n.Table.Columns)
	for !o.done {
		in, err := o.input.Next()
		if err != nil {
			return nil, err
		}
		if in == nil {
			o.done = true
			break
		}
		rows := &base.Chunk{Cols: in.Cols[:ncols], Rows: in.Len()}
		n, err := o.ctx.Writer.Delete(o.ctx.Ctx, o.n.Table, rows)
		o.ctx.state().affected += int64(n)
		if err != nil {
			return nil, err
		}
		if out, err := o.ret.eval(o.ctx, rows); err != nil || out != nil {
			return out, err
		}
	}
	return nil, nil
}

func (o *deleteOp) Close() error { return o.input.Close() }
