package stream

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// temporalBound is one conjunct `col OP f(now())` of a filter.
type temporalBound struct {
	cond  expr.Expr // the whole conjunct, evaluated per row
	col   int       // the time column
	lower bool      // col > / >= f(now()): rows expire as now advances
}

// asTemporalBound recognizes `col OP rhs` (or `rhs OP col`) with OP one
// of < <= > >=, col a column, and rhs depending on now() but no column.
func asTemporalBound(c expr.Expr) (temporalBound, bool) {
	call, ok := c.(*expr.Call)
	if !ok || len(call.Args) != 2 {
		return temporalBound{}, false
	}
	op := call.Fn.Name
	l, r := call.Args[0], call.Args[1]
	if !hasColRef(l) {
		l, r = r, l
		op = map[string]string{"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
	}
	col, ok := stripCast(l).(*expr.ColRef)
	if !ok || hasColRef(r) || !usesNow(r) {
		return temporalBound{}, false
	}
	switch op {
	case ">", ">=":
		return temporalBound{cond: c, col: col.Idx, lower: true}, true
	case "<", "<=":
		return temporalBound{cond: c, col: col.Idx}, true
	}
	return temporalBound{}, false
}

func hasColRef(e expr.Expr) bool {
	found := false
	walkExpr(e, func(x expr.Expr) {
		if _, ok := x.(*expr.ColRef); ok {
			found = true
		}
	})
	return found
}

func newTemporalFilterNode(in *snode, tb temporalBound) *snode {
	n := &snode{op: "StreamTemporalFilter", detail: tb.cond.String(), inputs: []*snode{in}, cols: in.cols, nvis: in.nvis, key: in.key, par: parSingle, nTables: 1}
	types := in.types()
	key := in.key
	n.build = func(bc *buildCtx) (operator, error) {
		return newTemporalFilterOp(bc, tb, types, key), nil
	}
	return n
}

// temporalFilterOp maintains `WHERE ts > now() - INTERVAL '1 hour'`-style
// conditions as now advances (now() is the barrier's time). For a lower
// bound it keeps the passing rows in state ordered by the time column and
// expires them at barriers; for an upper bound (`ts < now() + x`) it keeps
// the rows that do not pass yet and releases them when they do. now only
// grows, so a row that failed a lower bound (passed an upper one) never
// changes again and needs no state.
type temporalFilterOp struct {
	// config
	cond  expr.Expr
	col   int
	lower bool
	key   []int
	types []base.Type
	// runtime state
	rows *stateTable // (time, stream key) → row
	out  *builder
}

func newTemporalFilterOp(bc *buildCtx, tb temporalBound, types []base.Type, key []int) *temporalFilterOp {
	op := &temporalFilterOp{cond: cloneExpr(tb.cond), col: tb.col, lower: tb.lower, key: key, types: types}
	op.rows = bc.table(0, types, 0, nil)
	op.out = newBuilder(bc.a, types)
	return op
}

func (op *temporalFilterOp) stateKey(row []base.Datum) []base.Datum {
	k := make([]base.Datum, 0, 1+len(op.key))
	k = append(k, row[op.col])
	for _, c := range op.key {
		k = append(k, row[c])
	}
	return k
}

func (op *temporalFilterOp) pass(a *actor, row []base.Datum) bool {
	d := evalRowSafe(a, op.cond, row)
	return !d.Null && d.I != 0
}

func (op *temporalFilterOp) onChunk(a *actor, side int, c *base.Chunk) error {
	for r := 0; r < c.Len(); r++ {
		row := c.Row(r)
		if row[op.col].Null {
			continue // never passes
		}
		k := op.stateKey(row)
		ins := c.Ops[r].IsInsert()
		ok := op.pass(a, row)
		if op.lower {
			if ins {
				if ok {
					op.rows.put(k, row)
					if err := op.out.row(row, base.OpInsert); err != nil {
						return err
					}
				}
				continue
			}
			if _, found, err := op.rows.get(k); err != nil {
				return err
			} else if found {
				op.rows.del(k)
				if err := op.out.row(row, base.OpDelete); err != nil {
					return err
				}
			}
			continue
		}
		// Upper bound: passing rows are final; others wait in state.
		if ok {
			if err := op.out.row(row, opFor(ins)); err != nil {
				return err
			}
			continue
		}
		if ins {
			op.rows.put(k, row)
		} else {
			op.rows.del(k)
		}
	}
	return op.out.flush()
}

func (op *temporalFilterOp) onBarrier(a *actor, b Barrier) error {
	var moved [][]base.Datum
	err := op.rows.scan(nil, func(_ string, row []base.Datum) error {
		// Rows are in time order: stop at the first that keeps its state.
		if op.pass(a, row) == op.lower {
			return errStopScan
		}
		moved = append(moved, row)
		return nil
	})
	if err != nil {
		return err
	}
	for _, row := range moved {
		op.rows.del(op.stateKey(row))
		if err := op.out.row(row, opFor(!op.lower)); err != nil {
			return err
		}
	}
	return op.out.flush()
}
