package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/plan"
)

// Nested-loop join: used when a join has no equality keys (cross joins,
// inequality or OR conditions). Every left row is paired with every
// materialized right row and the residual decides; the emission rules
// for outer/semi/anti kinds are shared with the hash join (join.go).

// genAll fills pi/bi with up to MaxChunkRows pairs of the current left
// chunk with all build rows, resuming where the previous call stopped.
func (j *joinOp) genAll() {
	n := j.lc.Len()
	nb := int32(j.build.len())
	existence := j.kind == plan.JoinSemi || j.kind == plan.JoinAnti
	for j.li < n && len(j.pi) < base.MaxChunkRows {
		if !j.started {
			if nb == 0 {
				j.li++
				continue
			}
			if existence && j.residual == nil {
				j.lmatched[j.li] = true
				j.li++
				continue
			}
			j.cur, j.started = 0, true
		}
		if existence && j.lmatched[j.li] {
			j.started = false
			j.li++
			continue
		}
		li := int32(j.li)
		for j.cur < nb && len(j.pi) < base.MaxChunkRows {
			j.pi = append(j.pi, li)
			j.bi = append(j.bi, j.cur)
			j.cur++
		}
		if j.cur >= nb {
			j.started = false
			j.li++
		}
	}
}
