package stream

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// nowProjectOp is a projection whose expressions use now() (the seed's
// data_product_freshness: CURRENT_TIMESTAMP - MAX(window_end)). Each row
// is kept in state with its current output; at every barrier, now()
// advances to the barrier's time and rows whose output changed are
// updated. Cost per epoch is proportional to the rows kept, so this suits
// small inputs such as aggregates.
type nowProjectOp struct {
	// config
	exprs   []expr.Expr
	inTypes []base.Type
	key     []int
	nIn     int
	// runtime state
	rows *stateTable // stream key → input row ++ output row
	out  *builder
}

func newNowProjectOp(bc *buildCtx, exprs []expr.Expr, inTypes []base.Type, key []int, outTypes []base.Type) *nowProjectOp {
	op := &nowProjectOp{exprs: exprs, inTypes: inTypes, key: key, nIn: len(inTypes)}
	op.rows = bc.table(0, append(append([]base.Type(nil), inTypes...), outTypes...), 0, nil)
	op.out = newBuilder(bc.a, outTypes)
	return op
}

func (op *nowProjectOp) project(a *actor, row []base.Datum) []base.Datum {
	out := make([]base.Datum, len(op.exprs))
	for i, e := range op.exprs {
		out[i] = evalRowSafe(a, e, row)
	}
	return out
}

func (op *nowProjectOp) stateKey(row []base.Datum) []base.Datum {
	k := make([]base.Datum, len(op.key))
	for i, c := range op.key {
		k[i] = row[c]
	}
	return k
}

func (op *nowProjectOp) onChunk(a *actor, side int, c *base.Chunk) error {
	for r := 0; r < c.Len(); r++ {
		row := c.Row(r)
		k := op.stateKey(row)
		if c.Ops[r].IsInsert() {
			out := op.project(a, row)
			op.rows.put(k, append(row, out...))
			if err := op.out.row(out, base.OpInsert); err != nil {
				return err
			}
			continue
		}
		stored, ok, err := op.rows.get(k)
		if err != nil {
			return err
		}
		if !ok {
			a.rowError("now project: retraction of a missing row", base.Errorf(base.CodeInternalError, "row %v not in state", k))
			continue
		}
		op.rows.del(k)
		if err := op.out.row(stored[op.nIn:], base.OpDelete); err != nil {
			return err
		}
	}
	return op.out.flush()
}

func (op *nowProjectOp) onBarrier(a *actor, b Barrier) error {
	type upd struct{ key, row, old, new []base.Datum }
	var ups []upd
	err := op.rows.scan(nil, func(_ string, v []base.Datum) error {
		row := v[:op.nIn]
		out := op.project(a, row)
		if !rowsEqual(v[op.nIn:], out) {
			ups = append(ups, upd{key: op.stateKey(row), row: row, old: v[op.nIn:], new: out})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, u := range ups {
		op.rows.put(u.key, append(cloneRow(u.row), u.new...))
		if err := op.out.update(u.old, u.new); err != nil {
			return err
		}
	}
	return op.out.flush()
}
