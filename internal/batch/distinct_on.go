package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// distinctOnOp keeps the first row of each run of equal ON keys; the
// binder has sorted the input by them, so runs are groups.
type distinctOnOp struct {
	input Operator
	on    []expr.Expr

	ctx     *ExecContext
	prev    *rowBuffer // the last row's keys (one row)
	hasPrev bool
	keys    []*base.Vector
	sel     []int32
	out     outChunk
}

func (d *distinctOnOp) Types() []base.Type { return d.input.Types() }

func (d *distinctOnOp) Open(ctx *ExecContext) error {
	d.ctx, d.hasPrev = ctx, false
	kt := make([]base.Type, len(d.on))
	for i, e := range d.on {
		kt[i] = e.Type()
	}
	d.prev = newRowBuffer(kt)
	return d.input.Open(ctx)
}

func (d *distinctOnOp) Next() (*base.Chunk, error) {
	for {
		in, err := d.input.Next()
		if err != nil || in == nil {
			return nil, err
		}
		n := in.Len()
		d.keys = d.keys[:0]
		for _, e := range d.on {
			v, err := e.Eval(d.ctx.Eval, in)
			if err != nil {
				return nil, err
			}
			d.keys = append(d.keys, v)
		}
		d.sel = d.sel[:0]
		for i := 0; i < n; i++ {
			if i == 0 {
				if !d.hasPrev || !d.sameAsPrev(i) {
					d.sel = append(d.sel, 0)
				}
				continue
			}
			for _, v := range d.keys {
				if !equalAt(v, i, v, i-1) {
					d.sel = append(d.sel, int32(i))
					break
				}
			}
		}
		// Remember the chunk's last key for the next chunk.
		d.prev.reset()
		d.prev.appendRow(d.keys, n-1)
		d.hasPrev = true
		if len(d.sel) == 0 {
			continue
		}
		out := d.out.like(in.Cols)
		for c, v := range in.Cols {
			appendRows(out.Cols[c], v, 0, d.sel)
		}
		out.Rows = len(d.sel)
		return out, nil
	}
}

func (d *distinctOnOp) sameAsPrev(i int) bool {
	for c, v := range d.keys {
		if !equalAt(v, i, d.prev.cols[c], 0) {
			return false
		}
	}
	return true
}

func (d *distinctOnOp) Close() error { return d.input.Close() }
