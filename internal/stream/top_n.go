package stream

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// topNConfig configures ORDER BY ... LIMIT n OFFSET m (global), and its
// per-partition form (row_number() OVER (PARTITION BY ...) <= n, DISTINCT
// ON) when partition is set.
type topNConfig struct {
	partition []expr.Expr
	order     []plan.SortKey
	limit     int64 // -1: no limit
	offset    int64
	inTypes   []base.Type
	key       []int // input stream key
	nvis      int
	rank      bool // append row_number after the visible columns
	rankName  string
	outTypes  []base.Type
}

func (c topNConfig) clone() topNConfig {
	out := c
	out.partition = cloneExprs(c.partition)
	out.order = make([]plan.SortKey, len(c.order))
	for i, k := range c.order {
		k.Expr = cloneExpr(k.Expr)
		out.order[i] = k
	}
	return out
}

// topNOp keeps every input row in state ordered by (partition, sort key,
// stream key), and the rows it emitted per partition in a second table.
// At a barrier each changed partition reads its first offset+limit rows
// and emits the difference to what it emitted before.
type topNOp struct {
	// config
	cfg   topNConfig
	nPart int
	// runtime state
	rows    *stateTable // (partition, sort key, stream key) → input row
	emitted *stateTable // (partition, stream key) → output row
	dirty   map[string][]base.Datum
	out     *builder
}

func newTopNOp(bc *buildCtx, cfg topNConfig) *topNOp {
	op := &topNOp{cfg: cfg, nPart: len(cfg.partition), dirty: map[string][]base.Datum{}}
	var desc []bool
	for range cfg.partition {
		desc = append(desc, false)
	}
	for _, k := range cfg.order {
		if k.NullsFirst != k.Desc {
			desc = append(desc, false) // NULL flag column
		}
		desc = append(desc, k.Desc)
	}
	for range cfg.key {
		desc = append(desc, false)
	}
	op.rows = bc.table(0, cfg.inTypes, op.nPart, desc)
	op.emitted = bc.a.newTable(bc.tables[1], cfg.outTypes, op.nPart, nil)
	op.out = newBuilder(bc.a, cfg.outTypes)
	return op
}

func (op *topNOp) onChunk(a *actor, side int, c *base.Chunk) error {
	pv := make([]*base.Vector, op.nPart)
	for i, e := range op.cfg.partition {
		pv[i] = evalSafe(a, e, c)
	}
	ov := make([]*base.Vector, len(op.cfg.order))
	for i, k := range op.cfg.order {
		ov[i] = evalSafe(a, k.Expr, c)
	}
	for r := 0; r < c.Len(); r++ {
		row := c.Row(r)
		key := make([]base.Datum, 0, op.nPart+2*len(ov)+len(op.cfg.key))
		for _, v := range pv {
			key = append(key, v.Get(r))
		}
		part := key[:op.nPart:op.nPart]
		pe := string(op.rows.encodeKey(nil, part))
		if _, ok := op.dirty[pe]; !ok {
			op.dirty[pe] = cloneRow(part)
		}
		for i, k := range op.cfg.order {
			d := ov[i].Get(r)
			if k.NullsFirst != k.Desc {
				// ASC NULLS FIRST: non-NULL flag true sorts after NULLs;
				// DESC NULLS LAST: NULL flag true sorts after values.
				key = append(key, base.DBool(d.Null != k.NullsFirst))
			}
			key = append(key, d)
		}
		for _, k := range op.cfg.key {
			key = append(key, row[k])
		}
		if c.Ops[r].IsInsert() {
			op.rows.put(key, row)
		} else {
			op.rows.del(key)
		}
	}
	return nil
}

func (op *topNOp) outRow(row []base.Datum, rank int64) []base.Datum {
	if !op.cfg.rank {
		return row
	}
	out := make([]base.Datum, 0, len(row)+1)
	out = append(out, row[:op.cfg.nvis]...)
	out = append(out, base.DInt64(rank))
	return append(out, row[op.cfg.nvis:]...)
}

func (op *topNOp) streamKey(row []base.Datum) []base.Datum {
	k := make([]base.Datum, len(op.cfg.key))
	for i, c := range op.cfg.key {
		k[i] = row[c]
	}
	return k
}

func (op *topNOp) onBarrier(a *actor, b Barrier) error {
	for _, part := range op.dirty {
		// The new top rows.
		type entry struct {
			out []base.Datum
			key []base.Datum
		}
		var next []entry
		pos := int64(0)
		err := op.rows.scan(part, func(_ string, row []base.Datum) error {
			if op.cfg.limit >= 0 && pos >= op.cfg.offset+op.cfg.limit {
				return errStopScan
			}
			pos++
			if pos <= op.cfg.offset {
				return nil
			}
			next = append(next, entry{out: op.outRow(row, pos), key: op.streamKey(row)})
			return nil
		})
		if err != nil {
			return err
		}
		// What was emitted before, by stream key.
		prev := map[string][]base.Datum{}
		err = op.emitted.scan(part, func(k string, row []base.Datum) error {
			prev[k] = row
			return nil
		})
		if err != nil {
			return err
		}
		kept := map[string]bool{}
		for _, e := range next {
			k := string(op.emitted.encodeKey(nil, append(cloneRow(part), e.key...)))
			kept[k] = true
			old, ok := prev[k]
			switch {
			case !ok:
				if err := op.out.row(e.out, base.OpInsert); err != nil {
					return err
				}
			case !rowsEqual(old, e.out):
				if err := op.out.update(old, e.out); err != nil {
					return err
				}
			default:
				continue
			}
			op.emitted.put(append(cloneRow(part), e.key...), e.out)
		}
		for k, old := range prev {
			if kept[k] {
				continue
			}
			if err := op.out.row(old, base.OpDelete); err != nil {
				return err
			}
			var sk []base.Datum
			if op.cfg.rank {
				sk = op.streamKey(append(cloneRow(old[:op.cfg.nvis]), old[op.cfg.nvis+1:]...))
			} else {
				sk = op.streamKey(old)
			}
			op.emitted.del(append(cloneRow(part), sk...))
		}
	}
	clear(op.dirty)
	return op.out.flush()
}
