package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// projectOp computes one expression per output column. Output vectors are
// the expressions' own (reused) result vectors: no copy is made, which the
// Next contract (valid until the following Next) allows.
type projectOp struct {
	input Operator
	exprs []expr.Expr
	types []base.Type

	ctx *ExecContext
	out base.Chunk
}

func newProject(input Operator, exprs []expr.Expr, types []base.Type) *projectOp {
	return &projectOp{input: input, exprs: exprs, types: types}
}

func (p *projectOp) Types() []base.Type { return p.types }

func (p *projectOp) Open(ctx *ExecContext) error {
	p.ctx = ctx
	p.out.Cols = make([]*base.Vector, len(p.exprs))
	return p.input.Open(ctx)
}

func (p *projectOp) Next() (*base.Chunk, error) {
	in, err := p.input.Next()
	if err != nil || in == nil {
		return nil, err
	}
	for i, e := range p.exprs {
		v, err := e.Eval(p.ctx.Eval, in)
		if err != nil {
			return nil, err
		}
		p.out.Cols[i] = v
	}
	// Two outputs must not alias one vector that a consumer might mutate;
	// consumers never mutate input vectors, so aliasing is fine.
	p.out.Rows = in.Len()
	return &p.out, nil
}

func (p *projectOp) Close() error { return p.input.Close() }
