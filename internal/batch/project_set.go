package batch

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// projectSetOp runs the set-returning functions of a select list
// (plan.ProjectSet): per input row, every SRF is opened over the row and
// the row is repeated, extended with one value per SRF, until every set is
// exhausted (shorter sets give NULLs). Arguments are evaluated row at a
// time (EvalRow): SRF sets are rarely on a hot path.
type projectSetOp struct {
	n     *plan.ProjectSet
	input Operator
	types []base.Type
	nin   int // input width

	ctx *ExecContext
	out outChunk

	in    *base.Chunk // current input chunk (nil: fetch the next one)
	row   int         // next input row of in
	cur   []base.Datum
	iters []func() (base.Datum, bool, error) // nil entries: exhausted
	live  int                                // SRFs not yet exhausted for cur
	vals  []base.Datum
	done  bool
}

func newProjectSet(n *plan.ProjectSet, input Operator) *projectSetOp {
	return &projectSetOp{n: n, input: input, types: colTypes(n.Columns()), nin: len(n.Input.Columns())}
}

func (p *projectSetOp) Types() []base.Type { return p.types }

func (p *projectSetOp) Open(ctx *ExecContext) error {
	p.ctx, p.in, p.row, p.cur, p.live, p.done = ctx, nil, 0, nil, 0, false
	p.iters = make([]func() (base.Datum, bool, error), len(p.n.Funcs))
	p.vals = make([]base.Datum, len(p.n.Funcs))
	return p.input.Open(ctx)
}

// startRow opens every SRF over row r.
func (p *projectSetOp) startRow(r []base.Datum) error {
	p.cur, p.live = r, 0
	for i, f := range p.n.Funcs {
		p.iters[i] = nil
		args := make([]base.Datum, len(f.Args))
		null := false
		for j, a := range f.Args {
			d, err := a.EvalRow(p.ctx.Eval, r)
			if err != nil {
				return err
			}
			null = null || d.Null
			args[j] = d
		}
		if null && f.Func.Strict {
			continue
		}
		next, err := f.Func.Open(p.ctx.Eval, args)
		if err != nil {
			return err
		}
		p.iters[i] = next
		p.live++
	}
	return nil
}

// step produces the next output row for cur into vals; false when every
// SRF is exhausted.
func (p *projectSetOp) step() (bool, error) {
	any := false
	for i, it := range p.iters {
		t := p.types[p.nin+i]
		if it == nil {
			p.vals[i] = base.NullOf(t.Kind)
			continue
		}
		d, ok, err := it()
		if err != nil {
			return false, err
		}
		if !ok {
			p.iters[i] = nil
			p.live--
			p.vals[i] = base.NullOf(t.Kind)
			continue
		}
		any = true
		p.vals[i] = coerce(d, t)
	}
	return any, nil
}

func (p *projectSetOp) Next() (*base.Chunk, error) {
	if p.done {
		return nil, nil
	}
	out := p.out.get(p.types)
	for out.Len() < base.MaxChunkRows {
		if p.live > 0 {
			ok, err := p.step()
			if err != nil {
				return nil, err
			}
			if ok {
				for j, d := range p.cur {
					out.Cols[j].Append(d)
				}
				for i, d := range p.vals {
					out.Cols[p.nin+i].Append(d)
				}
				continue
			}
		}
		// Next input row.
		if p.in == nil || p.row >= p.in.Len() {
			if err := p.ctx.checkCancel(); err != nil {
				return nil, err
			}
			in, err := p.input.Next()
			if err != nil {
				return nil, err
			}
			if in == nil {
				p.done = true
				break
			}
			p.in, p.row = in, 0
		}
		r := p.in.Row(p.row)
		p.row++
		if err := p.startRow(r); err != nil {
			return nil, err
		}
	}
	if out.Len() == 0 {
		return nil, nil
	}
	return out, nil
}

func (p *projectSetOp) Close() error { return p.input.Close() }

// setFuncScanOp runs a single-column set-returning function in FROM
// (jsonb_array_elements, jsonb_object_keys, regexp_split_to_table, ...)
// through its expr.SetFunc; arguments are evaluated once at Open.
type setFuncScanOp struct {
	n     *plan.TableFunc
	fn    *expr.SetFunc
	types []base.Type

	ctx  *ExecContext
	next func() (base.Datum, bool, error)
	ord  int64
	out  outChunk
}

func newSetFuncScan(n *plan.TableFunc) (Operator, error) {
	ts := make([]base.Type, len(n.Args))
	for i, a := range n.Args {
		ts[i] = a.Type()
	}
	fn, _, err := expr.LookupSetFunc(n.Name, ts)
	if err != nil {
		return nil, err
	}
	return &setFuncScanOp{n: n, fn: fn, types: colTypes(n.Cols)}, nil
}

func (t *setFuncScanOp) Types() []base.Type { return t.types }

func (t *setFuncScanOp) Open(ctx *ExecContext) error {
	t.ctx, t.next, t.ord = ctx, nil, 0
	args := make([]base.Datum, len(t.n.Args))
	for i, e := range t.n.Args {
		d, err := e.EvalRow(ctx.Eval, nil)
		if err != nil {
			return err
		}
		if d.Null && t.fn.Strict {
			return nil
		}
		args[i] = d
	}
	next, err := t.fn.Open(ctx.Eval, args)
	if err != nil {
		return err
	}
	t.next = next
	return nil
}

func (t *setFuncScanOp) Next() (*base.Chunk, error) {
	if t.next == nil {
		return nil, nil
	}
	if err := t.ctx.checkCancel(); err != nil {
		return nil, err
	}
	out := t.out.get(t.types)
	for out.Len() < base.MaxChunkRows {
		d, ok, err := t.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			t.next = nil
			break
		}
		out.Cols[0].Append(coerce(d, t.types[0]))
		t.ord++
		if t.n.WithOrdinality {
			out.Cols[len(out.Cols)-1].AppendInt(t.ord)
		}
	}
	if out.Len() == 0 {
		return nil, nil
	}
	return out, nil
}

func (t *setFuncScanOp) Close() error { return nil }

// jsonEachOp is jsonb_each / jsonb_each_text in FROM: one (key, value)
// row per member of the object argument (evaluated once at Open).
type jsonEachOp struct {
	n     *plan.TableFunc
	name  string
	types []base.Type

	keys, vals []base.Datum
	pos        int
	ctx        *ExecContext
	out        outChunk
}

func (t *jsonEachOp) Types() []base.Type { return t.types }

func (t *jsonEachOp) Open(ctx *ExecContext) error {
	t.ctx, t.keys, t.vals, t.pos = ctx, nil, nil, 0
	d, err := t.n.Args[0].EvalRow(ctx.Eval, nil)
	if err != nil || d.Null {
		return err
	}
	t.keys, t.vals, err = expr.JSONEach(d, t.name, strings.HasSuffix(t.name, "_text"))
	return err
}

func (t *jsonEachOp) Next() (*base.Chunk, error) {
	if t.pos >= len(t.keys) {
		return nil, nil
	}
	if err := t.ctx.checkCancel(); err != nil {
		return nil, err
	}
	out := t.out.get(t.types)
	for ; t.pos < len(t.keys) && out.Len() < base.MaxChunkRows; t.pos++ {
		out.Cols[0].Append(t.keys[t.pos])
		out.Cols[1].Append(coerce(t.vals[t.pos], t.types[1]))
		if t.n.WithOrdinality {
			out.Cols[2].AppendInt(int64(t.pos + 1))
		}
	}
	return out, nil
}

func (t *jsonEachOp) Close() error { return nil }
