package stream

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

func chunkTypes(c *base.Chunk) []base.Type {
	ts := make([]base.Type, len(c.Cols))
	for i, v := range c.Cols {
		ts[i] = v.Type
	}
	return ts
}

// appendRowFrom appends row i of src (same column types) with op.
func appendRowFrom(dst, src *base.Chunk, i int, op base.Op) {
	for j, v := range dst.Cols {
		v.AppendFrom(src.Cols[j], i)
	}
	if len(dst.Cols) == 0 {
		dst.Rows++
	}
	dst.Ops = append(dst.Ops, op)
}

// appendDatums appends a row of datums with op.
func appendDatums(dst *base.Chunk, row []base.Datum, op base.Op) {
	dst.AppendRow(row)
	dst.Ops = append(dst.Ops, op)
}

// builder accumulates output rows and emits chunks of at most
// base.MaxChunkRows rows, never splitting an update pair.
type builder struct {
	a     *actor
	types []base.Type
	c     *base.Chunk
}

func newBuilder(a *actor, types []base.Type) *builder {
	return &builder{a: a, types: types}
}

func (b *builder) room(n int) error {
	if b.c != nil && b.c.Len()+n > base.MaxChunkRows {
		if err := b.flush(); err != nil {
			return err
		}
	}
	if b.c == nil {
		b.c = base.NewChunk(b.types, 64)
	}
	return nil
}

func (b *builder) row(row []base.Datum, op base.Op) error {
	if err := b.room(1); err != nil {
		return err
	}
	appendDatums(b.c, row, op)
	return nil
}

// update appends an UpdateDelete/UpdateInsert pair.
func (b *builder) update(old, new []base.Datum) error {
	if err := b.room(2); err != nil {
		return err
	}
	appendDatums(b.c, old, base.OpUpdateDelete)
	appendDatums(b.c, new, base.OpUpdateInsert)
	return nil
}

func (b *builder) flush() error {
	if b.c == nil || b.c.Len() == 0 {
		return nil
	}
	c := b.c
	b.c = nil
	return b.a.emit(c)
}

// evalSafe evaluates e over c. An evaluation error does not stop the job
// (a view must keep up with its inputs): the rows whose evaluation fails
// get NULL and are counted as row errors, as RisingWave does.
func evalSafe(a *actor, e expr.Expr, c *base.Chunk) *base.Vector {
	v, err := e.Eval(a.eval, c)
	if err == nil {
		return v
	}
	out := base.NewVector(e.Type(), c.Len())
	for i := 0; i < c.Len(); i++ {
		d, err := e.EvalRow(a.eval, c.Row(i))
		if err != nil {
			a.rowError("expression "+e.String(), err)
			out.AppendNull()
			continue
		}
		out.Append(d)
	}
	return out
}

// evalRowSafe evaluates e over one row (NULL on error).
func evalRowSafe(a *actor, e expr.Expr, row []base.Datum) base.Datum {
	d, err := e.EvalRow(a.eval, row)
	if err != nil {
		a.rowError("expression "+e.String(), err)
		return base.NullOf(e.Type().Kind)
	}
	return d
}

// opSign is +1 for inserting ops, -1 for deleting ones.
func opSign(op base.Op) int64 {
	if op.IsInsert() {
		return 1
	}
	return -1
}

func rowsEqual(a, b []base.Datum) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Null != b[i].Null {
			return false
		}
		if a[i].Null {
			continue
		}
		if a[i].K != b[i].K || base.Compare(a[i], b[i]) != 0 {
			return false
		}
		// Compare treats 1.0 and 1.00 as equal; the text differs.
		if a[i].K == base.KindNumeric && a[i].D != nil && b[i].D != nil && a[i].D.Exponent != b[i].D.Exponent {
			return false
		}
	}
	return true
}

func cloneRow(r []base.Datum) []base.Datum { return append([]base.Datum(nil), r...) }

// copyChunk deep-copies c.
func copyChunk(c *base.Chunk) *base.Chunk {
	out := base.NewChunk(chunkTypes(c), c.Len())
	for i := 0; i < c.Len(); i++ {
		for j, v := range out.Cols {
			v.AppendFrom(c.Cols[j], i)
		}
	}
	out.Rows = c.Rows
	if c.Ops != nil {
		out.Ops = append([]base.Op(nil), c.Ops...)
	}
	return out
}
