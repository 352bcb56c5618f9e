package stream

import (
	"sync"

	"github.com/tributarydb/tributary/internal/base"
)

// materializeOp writes the view's rows into its table (key = PK columns,
// value = the whole row: the same layout as a table, so the batch
// engine's scan reads views unchanged) and republishes the changes to
// views built on this one.
type materializeOp struct {
	// config
	types []base.Type
	pk    []int
	// runtime state
	table   *stateTable
	key     []base.Datum
	mu      sync.Mutex
	newSubs []*Subscription // join at the next barrier
	subs    []*Subscription
	// stats: Job.rowsOut, Job.errors
}

func newMaterializeOp(bc *buildCtx, id uint32, types []base.Type, pk []int) *materializeOp {
	m := &materializeOp{types: types, pk: pk, key: make([]base.Datum, len(pk))}
	m.table = bc.a.newTable(id, types, 0, nil)
	return m
}

// addSubscriber makes sub receive the view's contents at the next barrier
// boundary, then every change after it, then the barrier itself.
func (m *materializeOp) addSubscriber(sub *Subscription) {
	m.mu.Lock()
	m.newSubs = append(m.newSubs, sub)
	m.mu.Unlock()
}

func (m *materializeOp) onChunk(a *actor, side int, c *base.Chunk) error {
	n := c.Len()
	for i := 0; i < n; i++ {
		row := c.Row(i)
		for k, p := range m.pk {
			m.key[k] = row[p]
		}
		if c.Ops[i].IsInsert() {
			m.table.put(m.key, row)
			continue
		}
		if c.Ops[i] == base.OpUpdateDelete && i+1 < n && c.Ops[i+1] == base.OpUpdateInsert && m.samePK(c, i, i+1) {
			continue // the UpdateInsert overwrites the row
		}
		if _, ok, err := m.table.get(m.key); err != nil {
			return err
		} else if !ok {
			// An upstream inconsistency must not take the view down.
			a.rowError("materialize: retraction of a missing row", base.Errorf(base.CodeInternalError, "row %v not in view", m.key))
			continue
		}
		m.table.del(m.key)
	}
	a.job.rowsOut.Add(int64(n))
	m.publish(chunkMsg(c))
	return nil
}

func (m *materializeOp) samePK(c *base.Chunk, i, j int) bool {
	for _, p := range m.pk {
		v := c.Cols[p]
		a, b := v.Get(i), v.Get(j)
		if a.Null != b.Null || !a.Null && base.Compare(a, b) != 0 {
			return false
		}
	}
	return true
}

func (m *materializeOp) publish(msg Message) {
	live := m.subs[:0]
	for _, s := range m.subs {
		if s.send(msg) {
			live = append(live, s)
		}
	}
	m.subs = live
}

func (m *materializeOp) onBarrier(a *actor, b Barrier) error {
	m.mu.Lock()
	joining := m.newSubs
	m.newSubs = nil
	m.mu.Unlock()
	for _, s := range joining {
		// The new view starts from our contents as of this barrier.
		bl := newBuilder(nil, m.types)
		var chunks []*base.Chunk
		err := m.table.scan(nil, func(k string, row []base.Datum) error {
			if bl.c != nil && bl.c.Len() >= base.MaxChunkRows {
				chunks = append(chunks, bl.c)
				bl.c = nil
			}
			if bl.c == nil {
				bl.c = base.NewChunk(m.types, 64)
			}
			appendDatums(bl.c, row, base.OpInsert)
			return nil
		})
		if err != nil {
			return err
		}
		if bl.c != nil {
			chunks = append(chunks, bl.c)
		}
		ok := true
		for _, c := range chunks {
			if ok = s.send(chunkMsg(c)); !ok {
				break
			}
		}
		if ok {
			m.subs = append(m.subs, s)
		}
	}
	m.publish(barrierMsg(b))
	return nil
}
