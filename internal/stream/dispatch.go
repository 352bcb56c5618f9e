package stream

import (
	"math"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// dispatcher routes an actor's output to the actors of the next operator.
type dispatcher interface {
	chunk(c *base.Chunk) error
	barrier(b Barrier) error
}

func sendMsg(ch chan Message, m Message, stop <-chan struct{}) error {
	select {
	case ch <- m:
		return nil
	case <-stop:
		return errStopped
	}
}

// simpleDispatcher sends everything to one downstream actor (a merge into
// a single actor, or a 1:1 forward between equally parallel operators).
type simpleDispatcher struct {
	ch   chan Message
	stop <-chan struct{}
}

func (d *simpleDispatcher) chunk(c *base.Chunk) error { return sendMsg(d.ch, chunkMsg(c), d.stop) }
func (d *simpleDispatcher) barrier(b Barrier) error   { return sendMsg(d.ch, barrierMsg(b), d.stop) }

// hashDispatcher partitions rows by a hash of key expressions, so that all
// changes of one key reach the same actor in order. An update pair whose
// halves land on different actors is split into Delete + Insert.
type hashDispatcher struct {
	outs []chan Message
	keys []expr.Expr
	stop <-chan struct{}
	a    *actor
	tgt  []int
	hs   []uint64
}

func (d *hashDispatcher) barrier(b Barrier) error {
	for _, ch := range d.outs {
		if err := sendMsg(ch, barrierMsg(b), d.stop); err != nil {
			return err
		}
	}
	return nil
}

func (d *hashDispatcher) chunk(c *base.Chunk) error {
	n := c.Len()
	if cap(d.hs) < n {
		d.hs = make([]uint64, n)
		d.tgt = make([]int, n)
	}
	hs, tgt := d.hs[:n], d.tgt[:n]
	for i := range hs {
		hs[i] = 0x9e3779b97f4a7c15
	}
	for _, k := range d.keys {
		v := evalSafe(d.a, k, c)
		for i := range hs {
			hs[i] = hashVecRow(v, i, hs[i])
		}
	}
	m := uint64(len(d.outs))
	for i := range tgt {
		tgt[i] = int(mix64(hs[i]) % m)
	}
	parts := make([]*base.Chunk, len(d.outs))
	types := chunkTypes(c)
	for i := 0; i < n; i++ {
		t := tgt[i]
		if parts[t] == nil {
			parts[t] = base.NewChunk(types, n/len(d.outs)+8)
		}
		op := c.Ops[i]
		switch op {
		case base.OpUpdateDelete:
			if i+1 >= n || c.Ops[i+1] != base.OpUpdateInsert || tgt[i+1] != t {
				op = base.OpDelete
			}
		case base.OpUpdateInsert:
			if i == 0 || c.Ops[i-1] != base.OpUpdateDelete || tgt[i-1] != t {
				op = base.OpInsert
			}
		}
		appendRowFrom(parts[t], c, i, op)
	}
	for t, p := range parts {
		if p != nil {
			if err := sendMsg(d.outs[t], chunkMsg(p), d.stop); err != nil {
				return err
			}
		}
	}
	return nil
}

func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// hashVecRow folds row i of v into h. Equal values of one type hash
// equal (both sides of a join key have the same type).
func hashVecRow(v *base.Vector, i int, h uint64) uint64 {
	if v.IsNull(i) {
		return mix64(h ^ 0x6e756c6c)
	}
	k := v.Type.Kind
	switch {
	case isI64Kind(k):
		return mix64(h ^ uint64(v.I64[i]))
	case k == base.KindFloat32 || k == base.KindFloat64:
		f := v.F64[i]
		if f == 0 {
			f = 0
		}
		if math.IsNaN(f) {
			f = math.NaN()
		}
		return mix64(h ^ math.Float64bits(f))
	case k == base.KindText || k == base.KindBytea || k == base.KindJSONB:
		// FNV-1a over the bytes, no allocation.
		x := uint64(14695981039346656037)
		for _, b := range v.Bytes(i) {
			x ^= uint64(b)
			x *= 1099511628211
		}
		return mix64(h ^ x)
	}
	return mix64(h ^ base.HashDatum(v.Get(i), 0))
}

func isI64Kind(k base.Kind) bool {
	switch k {
	case base.KindBool, base.KindInt16, base.KindInt32, base.KindInt64, base.KindOid, base.KindDate, base.KindTime, base.KindTimestamp, base.KindTimestampTZ:
		return true
	}
	return false
}
