package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/plan"
)

// updateOp computes new rows from the old rows its input yields (table
// columns, then any UPDATE ... FROM columns), checks NOT NULL and passes
// old/new pairs to the TableWriter. RETURNING is evaluated over the new
// rows.
type updateOp struct {
	n     *plan.Update
	input Operator
	types []base.Type

	ctx  *ExecContext
	ret  returning
	done bool
	setv []*base.Vector
}

func (o *updateOp) Types() []base.Type { return o.types }

func (o *updateOp) Open(ctx *ExecContext) error {
	o.ctx, o.done = ctx, false
	if err := needWriter(ctx, o.n.Table); err != nil {
		return err
	}
	o.ret = returning{exprs: o.n.Returning}
	return o.input.Open(ctx)
}

func (o *updateOp) Next() (*base.Chunk, error) {
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
		// Evaluate every SET over the old row before assigning any.
		o.setv = o.setv[:0]
		for _, s := range o.n.Set {
			v, err := s.Expr.Eval(o.ctx.Eval, in)
			if err != nil {
				return nil, err
			}
			o.setv = append(o.setv, v)
		}
		old := &base.Chunk{Cols: in.Cols[:ncols], Rows: in.Len()}
		nw := &base.Chunk{Cols: append([]*base.Vector(nil), in.Cols[:ncols]...), Rows: in.Len()}
		for k, s := range o.n.Set {
			nw.Cols[s.Col] = o.setv[k]
		}
		if err := checkNotNull(o.n.Table, nw, -1); err != nil {
			return nil, err
		}
		n, err := o.ctx.Writer.Update(o.ctx.Ctx, o.n.Table, old, nw)
		o.ctx.state().affected += int64(n)
		if err != nil {
			return nil, err
		}
		if out, err := o.ret.eval(o.ctx, nw); err != nil || out != nil {
			return out, err
		}
	}
	return nil, nil
}

func (o *updateOp) Close() error { return o.input.Close() }
