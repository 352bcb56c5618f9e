package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/plan"
)

// insertOp writes its input's full-width rows through the TableWriter,
// chunk by chunk, after NOT NULL checks. With RETURNING it yields the
// returned rows of each written chunk; otherwise it writes everything on
// the first Next and returns nil. The row count goes to RowsAffected.
type insertOp struct {
	n     *plan.Insert
	input Operator
	types []base.Type

	ctx  *ExecContext
	opts InsertOptions
	ret  returning
	done bool
}

func (o *insertOp) Types() []base.Type { return o.types }

func (o *insertOp) Open(ctx *ExecContext) error {
	o.ctx, o.done = ctx, false
	if err := needWriter(ctx, o.n.Table); err != nil {
		return err
	}
	o.ret = returning{exprs: o.n.Returning}
	o.opts = InsertOptions{Returning: len(o.n.Returning) > 0}
	switch oc := o.n.OnConflict; {
	case oc != nil && oc.DoNothing:
		o.opts.Conflict = ConflictDoNothing
	case oc != nil:
		o.opts.Conflict = ConflictDoUpdate
		o.opts.DoUpdate = o.doUpdate
	case o.n.Overwrite:
		o.opts.Conflict = ConflictOverwrite
	default:
		o.opts.Conflict = ConflictError
	}
	return o.input.Open(ctx)
}

// doUpdate computes ON CONFLICT DO UPDATE's new row from the stored row
// and the proposed (EXCLUDED) one.
func (o *insertOp) doUpdate(existing, excluded []base.Datum) ([]base.Datum, bool, error) {
	oc := o.n.OnConflict
	both := make([]base.Datum, 0, len(existing)+len(excluded))
	both = append(append(both, existing...), excluded...)
	if oc.Where != nil {
		d, err := oc.Where.EvalRow(o.ctx.Eval, both)
		if err != nil {
			return nil, false, err
		}
		if !d.Bool() {
			return nil, false, nil
		}
	}
	row := append([]base.Datum(nil), existing...)
	for _, s := range oc.DoUpdate {
		d, err := s.Expr.EvalRow(o.ctx.Eval, both)
		if err != nil {
			return nil, false, err
		}
		row[s.Col] = coerce(d, o.n.Table.Columns[s.Col].Type)
	}
	if err := checkNotNullRow(o.n.Table, row); err != nil {
		return nil, false, err
	}
	return row, true, nil
}

func (o *insertOp) Next() (*base.Chunk, error) {
	for !o.done {
		in, err := o.input.Next()
		if err != nil {
			return nil, err
		}
		if in == nil {
			o.done = true
			break
		}
		if err := checkNotNull(o.n.Table, in, o.n.RowIDCol); err != nil {
			return nil, err
		}
		n, written, err := o.ctx.Writer.Insert(o.ctx.Ctx, o.n.Table, in, o.opts)
		o.ctx.state().affected += int64(n)
		if err != nil {
			return nil, err
		}
		if out, err := o.ret.eval(o.ctx, written); err != nil || out != nil {
			return out, err
		}
	}
	return nil, nil
}

func (o *insertOp) Close() error { return o.input.Close() }
