package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// filterOp keeps the rows whose predicate is true (NULL counts as false).
type filterOp struct {
	input Operator
	cond  expr.Expr

	ctx *ExecContext
	sel []int32
	out outChunk
}

func (f *filterOp) Types() []base.Type { return f.input.Types() }

func (f *filterOp) Open(ctx *ExecContext) error {
	f.ctx = ctx
	return f.input.Open(ctx)
}

func (f *filterOp) Next() (*base.Chunk, error) {
	for {
		in, err := f.input.Next()
		if err != nil || in == nil {
			return nil, err
		}
		v, err := f.cond.Eval(f.ctx.Eval, in)
		if err != nil {
			return nil, err
		}
		n := in.Len()
		f.sel = selectTrue(v, n, f.sel[:0])
		switch len(f.sel) {
		case 0:
			continue
		case n:
			return in, nil
		}
		return f.compact(in), nil
	}
}

// compact copies the selected rows of in into the output chunk.
func (f *filterOp) compact(in *base.Chunk) *base.Chunk {
	out := f.out.like(in.Cols)
	for c, v := range in.Cols {
		appendRows(out.Cols[c], v, 0, f.sel)
	}
	out.Rows = len(f.sel)
	return out
}

func (f *filterOp) Close() error { return f.input.Close() }

// selectTrue appends to sel the rows of the boolean vector v that are true.
func selectTrue(v *base.Vector, n int, sel []int32) []int32 {
	xs := v.I64[:n]
	if v.Nulls == nil {
		for i, x := range xs {
			if x != 0 {
				sel = append(sel, int32(i))
			}
		}
		return sel
	}
	for i, x := range xs {
		if x != 0 && !v.Nulls.Get(i) {
			sel = append(sel, int32(i))
		}
	}
	return sel
}
