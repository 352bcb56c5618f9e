package stream

import "github.com/tributarydb/tributary/internal/base"

// hopConfig is HOP(t, col, slide, size[, offset]) in µs.
type hopConfig struct {
	timeCol             int
	slide, size, offset int64
	nvis                int
	types               []base.Type
}

// hopOp expands each row into the size/slide windows containing its time:
// output = columns, window_start, window_end, hidden columns.
type hopOp struct {
	cfg hopConfig
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func (h *hopOp) onChunk(a *actor, side int, c *base.Chunk) error {
	cfg := h.cfg
	out := newBuilder(a, cfg.types)
	tv := c.Cols[cfg.timeCol]
	for r := 0; r < c.Len(); r++ {
		if tv.IsNull(r) {
			continue // PostgreSQL-style: a NULL time belongs to no window
		}
		ts := tv.I64[r]
		row := c.Row(r)
		kind := row[cfg.timeCol].K
		// One input row becomes several: an update pair cannot stay paired.
		op := c.Ops[r]
		if op == base.OpUpdateDelete {
			op = base.OpDelete
		} else if op == base.OpUpdateInsert {
			op = base.OpInsert
		}
		// windows [s, s+size) with s = k*slide + offset, s <= ts < s+size
		last := floorDiv(ts-cfg.offset, cfg.slide)*cfg.slide + cfg.offset
		for s := last; s > ts-cfg.size; s -= cfg.slide {
			o := make([]base.Datum, 0, len(cfg.types))
			o = append(o, row[:cfg.nvis]...)
			o = append(o, base.Datum{K: kind, I: s}, base.Datum{K: kind, I: s + cfg.size})
			o = append(o, row[cfg.nvis:]...)
			if err := out.row(o, op); err != nil {
				return err
			}
		}
	}
	return out.flush()
}

func (h *hopOp) onBarrier(a *actor, b Barrier) error { return nil }
