package batch

import (
	"math"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// limitOp skips offset rows then passes at most count rows; it stops
// pulling its input once the count is reached.
type limitOp struct {
	input         Operator
	count, offset expr.Expr

	limit, skip int64
	seen        int64 // rows passed so far
	sel         []int32
	buf         outChunk
}

func (l *limitOp) Types() []base.Type { return l.input.Types() }

func (l *limitOp) Open(ctx *ExecContext) error {
	var err error
	if l.limit, l.skip, err = evalLimit(ctx, l.count, l.offset); err != nil {
		return err
	}
	l.seen = 0
	return l.input.Open(ctx)
}

// evalLimit evaluates LIMIT/OFFSET once (NULL count: no limit; NULL
// offset: 0).
func evalLimit(ctx *ExecContext, count, offset expr.Expr) (limit, skip int64, err error) {
	limit = math.MaxInt64
	if count != nil {
		n, null, err := evalInt(ctx, count)
		if err != nil {
			return 0, 0, err
		}
		if !null {
			if n < 0 {
				return 0, 0, base.Errorf("2201W", "LIMIT must not be negative")
			}
			limit = n
		}
	}
	if offset != nil {
		n, null, err := evalInt(ctx, offset)
		if err != nil {
			return 0, 0, err
		}
		if !null {
			if n < 0 {
				return 0, 0, base.Errorf("2201X", "OFFSET must not be negative")
			}
			skip = n
		}
	}
	return limit, skip, nil
}

// evalInt evaluates a row-independent expression to an int64.
func evalInt(ctx *ExecContext, e expr.Expr) (int64, bool, error) {
	d, err := e.EvalRow(ctx.Eval, nil)
	if err != nil || d.Null {
		return 0, d.Null, err
	}
	switch payloadOf(d.K) {
	case plI64:
		return d.I, false, nil
	case plF64:
		return int64(math.RoundToEven(d.F)), false, nil
	}
	if d.K == base.KindNumeric && d.D != nil {
		r, err := base.NumericRound(d.D, 0)
		if err != nil {
			return 0, false, err
		}
		n, err := r.Int64()
		if err != nil {
			return 0, false, base.Errorf(base.CodeNumericValueOutOfRange, "bigint out of range")
		}
		return n, false, nil
	}
	d2, err := base.Cast(d, base.Int64, nil)
	if err != nil {
		return 0, false, err
	}
	return d2.I, false, nil
}

func (l *limitOp) Next() (*base.Chunk, error) {
	for {
		end := satAdd(l.skip, l.limit)
		if l.seen >= end {
			return nil, nil
		}
		in, err := l.input.Next()
		if err != nil || in == nil {
			return nil, err
		}
		n := int64(in.Len())
		lo := max(l.skip-l.seen, 0) // first row of in to keep
		hi := min(n, end-l.seen)
		l.seen += n
		if lo >= hi {
			continue
		}
		if lo == 0 && hi == n {
			return in, nil
		}
		l.sel = l.sel[:0]
		for i := lo; i < hi; i++ {
			l.sel = append(l.sel, int32(i))
		}
		out := l.buf.like(in.Cols)
		for c, v := range in.Cols {
			appendRows(out.Cols[c], v, 0, l.sel)
		}
		out.Rows = len(l.sel)
		return out, nil
	}
}

func (l *limitOp) Close() error { return l.input.Close() }

// satAdd adds non-negative a and b, saturating at MaxInt64.
func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}
