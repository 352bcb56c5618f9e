package stream

import (
	"time"

	"github.com/tributarydb/tributary/internal/base"
)

// sourceOp turns full-width rows of an input relation into the scan's
// columns (sharing the input's vectors: chunks are read-only) and, for a
// relation without a key, assigns a fresh hidden row id.
type sourceOp struct {
	// config
	relCols []int // per output column: input column, -1 = generated row id
	types   []base.Type
	job     *Job
	// runtime state
	nextID int64
}

func (s *sourceOp) onChunk(a *actor, side int, c *base.Chunk) error {
	n := c.Len()
	out := &base.Chunk{Cols: make([]*base.Vector, len(s.relCols)), Ops: c.Ops}
	for i, rc := range s.relCols {
		if rc >= 0 {
			out.Cols[i] = c.Cols[rc]
			continue
		}
		if s.nextID == 0 {
			// Unique across restarts of the job without persisting a
			// counter: ids start at the wall clock in µs << 10.
			s.nextID = time.Now().UnixMicro() << 10
		}
		v := base.NewVector(base.Int64, n)
		for j := 0; j < n; j++ {
			v.AppendInt(s.nextID)
			s.nextID++
		}
		out.Cols[i] = v
	}
	if out.Ops == nil {
		out.Ops = make([]base.Op, n)
	}
	return a.emit(out)
}

func (s *sourceOp) onBarrier(a *actor, b Barrier) error { return nil }
