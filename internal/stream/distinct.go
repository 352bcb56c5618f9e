package stream

import "github.com/tributarydb/tributary/internal/base"

// distinctOp is SELECT DISTINCT: a count per distinct row in state; a row
// is emitted when its count becomes 1 and retracted when it returns to 0.
type distinctOp struct {
	// config
	types []base.Type
	// runtime state
	counts *stateTable // row → [count]
	out    *builder
}

func newDistinctOp(bc *buildCtx, types []base.Type) *distinctOp {
	return &distinctOp{types: types, counts: bc.table(0, []base.Type{base.Int64}, 0, nil), out: newBuilder(bc.a, types)}
}

func (d *distinctOp) onChunk(a *actor, side int, c *base.Chunk) error {
	nv := len(d.types)
	for r := 0; r < c.Len(); r++ {
		row := c.Row(r)[:nv]
		k := string(d.counts.encodeKey(nil, row))
		cnt := int64(0)
		if v, ok, err := d.counts.getEnc(k); err != nil {
			return err
		} else if ok {
			cnt = v[0].I
		}
		sign := opSign(c.Ops[r])
		nc := cnt + sign
		switch {
		case nc < 0:
			a.rowError("distinct: retraction of a missing row", base.Errorf(base.CodeInternalError, "row %v not counted", row))
			continue
		case nc == 0:
			d.counts.delEnc(k)
		default:
			d.counts.putEnc(k, []base.Datum{base.DInt64(nc)})
		}
		if cnt == 0 && nc == 1 {
			if err := d.out.row(row, base.OpInsert); err != nil {
				return err
			}
		} else if cnt == 1 && nc == 0 {
			if err := d.out.row(row, base.OpDelete); err != nil {
				return err
			}
		}
	}
	return d.out.flush()
}

func (d *distinctOp) onBarrier(a *actor, b Barrier) error { return nil }
