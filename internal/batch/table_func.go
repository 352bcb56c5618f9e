package batch

import (
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// tableFuncOp runs a set-returning function in FROM: generate_series over
// integers, numerics and timestamps (with an interval step), and unnest of
// one or more arrays (zipped, shorter ones padded with NULLs). Arguments
// are evaluated once at Open; a NULL argument yields no rows, like
// PostgreSQL's strict SRFs.
type tableFuncOp struct {
	n     *plan.TableFunc
	name  string
	types []base.Type

	ctx  *ExecContext
	args []base.Datum
	null bool
	ord  int64 // rows produced (ordinality)
	done bool

	// generate_series state
	cur  base.Datum
	stop base.Datum
	step base.Datum
	// unnest state
	pos int
	out outChunk
}

func newTableFunc(n *plan.TableFunc) (Operator, error) {
	name := strings.ToLower(n.Name)
	switch name {
	case "generate_series", "unnest":
	default:
		if expr.IsSetReturning(name) {
			return newSetFuncScan(n)
		}
		if strings.HasPrefix(name, "json") && strings.Contains(name, "_each") {
			return &jsonEachOp{n: n, name: name, types: colTypes(n.Cols)}, nil
		}
		return nil, base.NotSupported("table function %s is not supported", n.Name)
	}
	return &tableFuncOp{n: n, name: name, types: colTypes(n.Cols)}, nil
}

func (t *tableFuncOp) Types() []base.Type { return t.types }

func (t *tableFuncOp) Open(ctx *ExecContext) error {
	t.ctx, t.ord, t.done, t.pos, t.null = ctx, 0, false, 0, false
	t.args = t.args[:0]
	for _, e := range t.n.Args {
		d, err := e.EvalRow(ctx.Eval, nil)
		if err != nil {
			return err
		}
		t.args = append(t.args, d)
	}
	if t.name == "unnest" {
		// unnest(NULL) is empty; with several arrays NULLs count as empty.
		return nil
	}
	for _, a := range t.args {
		if a.Null {
			t.null = true
			return nil
		}
	}
	return t.startSeries()
}

func (t *tableFuncOp) loc() *time.Location {
	if t.ctx.Eval != nil && t.ctx.Eval.Location != nil {
		return t.ctx.Eval.Location
	}
	return time.UTC
}

func (t *tableFuncOp) startSeries() error {
	if len(t.args) < 2 || len(t.args) > 3 {
		return base.Errorf(base.CodeUndefinedFunction, "function generate_series with %d arguments does not exist", len(t.args))
	}
	t.cur, t.stop = t.args[0], t.args[1]
	k := t.types[0].Kind
	if len(t.args) == 3 {
		t.step = t.args[2]
	} else {
		switch k {
		case base.KindNumeric:
			t.step = base.DNumeric(apd.New(1, 0))
		case base.KindTimestamp, base.KindTimestampTZ:
			return base.Errorf(base.CodeUndefinedFunction, "function generate_series(%s, %s) does not exist", t.types[0], t.types[0]).
				WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
		default:
			t.step = base.DInt64(1)
		}
	}
	switch k {
	case base.KindNumeric:
		for _, d := range []base.Datum{t.cur, t.stop, t.step} {
			if d.D.Form == apd.NaN {
				return base.Errorf(base.CodeInvalidParameterValue, "start value cannot be NaN")
			}
			if d.D.Form == apd.Infinite {
				return base.Errorf(base.CodeInvalidParameterValue, "start value cannot be infinity")
			}
		}
		if t.step.D.IsZero() {
			return errZeroStep()
		}
	case base.KindTimestamp, base.KindTimestampTZ:
		if t.step.Iv == (base.Interval{}) {
			return errZeroStep()
		}
	default:
		if t.step.I == 0 {
			return errZeroStep()
		}
	}
	return nil
}

func errZeroStep() error {
	return base.Errorf(base.CodeInvalidParameterValue, "step size cannot equal zero")
}

func (t *tableFuncOp) Next() (*base.Chunk, error) {
	if t.done || t.null {
		return nil, nil
	}
	if err := t.ctx.checkCancel(); err != nil {
		return nil, err
	}
	out := t.out.get(t.types)
	var err error
	if t.name == "unnest" {
		t.unnest(out)
	} else {
		err = t.series(out)
	}
	if err != nil {
		return nil, err
	}
	if out.Len() == 0 {
		t.done = true
		return nil, nil
	}
	return out, nil
}

func (t *tableFuncOp) appendOrd(out *base.Chunk) {
	t.ord++
	if t.n.WithOrdinality {
		out.Cols[len(out.Cols)-1].AppendInt(t.ord)
	}
}

func (t *tableFuncOp) series(out *base.Chunk) error {
	v := out.Cols[0]
	k := t.types[0].Kind
	for v.Len() < base.MaxChunkRows {
		switch k {
		case base.KindNumeric:
			c := t.cur.D.Cmp(t.stop.D)
			if (t.step.D.Negative && c < 0) || (!t.step.D.Negative && c > 0) {
				t.done = true
				return nil
			}
			v.Append(t.cur)
			t.appendOrd(out)
			next, err := base.NumericAdd(t.cur.D, t.step.D)
			if err != nil {
				return err
			}
			t.cur = base.DNumeric(next)
		case base.KindTimestamp, base.KindTimestampTZ:
			c := cmpInt(t.cur.I, t.stop.I)
			// The step's direction: compare cur+step with cur.
			var next int64
			var err error
			if k == base.KindTimestamp {
				next, err = base.TimestampAddInterval(t.cur.I, t.step.Iv)
			} else {
				next, err = base.TimestampTZAddInterval(t.cur.I, t.step.Iv, t.loc())
			}
			if err != nil {
				return err
			}
			up := next > t.cur.I
			if (up && c > 0) || (!up && c < 0) {
				t.done = true
				return nil
			}
			v.AppendInt(t.cur.I)
			t.appendOrd(out)
			if next == t.cur.I {
				return errZeroStep()
			}
			t.cur.I = next
		default:
			x, stop, step := t.cur.I, t.stop.I, t.step.I
			if (step > 0 && x > stop) || (step < 0 && x < stop) {
				t.done = true
				return nil
			}
			v.AppendInt(x)
			t.appendOrd(out)
			nx, err := base.IntAdd(k, x, step)
			if err != nil {
				// Overflow past the type's range: the series ends here.
				t.done = true
				return nil
			}
			t.cur.I = nx
		}
	}
	return nil
}

func (t *tableFuncOp) unnest(out *base.Chunk) {
	longest := 0
	for _, a := range t.args {
		if !a.Null {
			longest = max(longest, len(a.A))
		}
	}
	n := 0
	for ; t.pos < longest && n < base.MaxChunkRows; t.pos++ {
		for c, a := range t.args {
			if a.Null || t.pos >= len(a.A) {
				out.Cols[c].AppendNull()
			} else {
				out.Cols[c].Append(coerce(a.A[t.pos], t.types[c]))
			}
		}
		t.appendOrd(out)
		n++
	}
	out.Rows = n
	if t.pos >= longest {
		t.done = n == 0
	}
}

func (t *tableFuncOp) Close() error { return nil }
