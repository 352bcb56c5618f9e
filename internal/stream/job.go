package stream

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// Job is one running materialized view: the actors of its dataflow.
type Job struct {
	rt         *Runtime
	id         uint32
	plan       *JobPlan
	startEpoch uint64
	nActors    int
	actors     []*actor
	stopCh     chan struct{}
	stopOnce   sync.Once
	wg         sync.WaitGroup
	stateIDs   []uint32
	subs       []*Subscription
	mat        *materializeOp

	rowsIn, rowsOut, errors atomic.Int64
	lastEpoch               atomic.Uint64

	mu     sync.Mutex
	acks   map[uint64]int
	failed string
}

// ID returns the MV relation ID.
func (j *Job) ID() uint32 { return j.id }

// StateTableIDs returns the IDs of the job's operator state tables (not
// the MV's own table), allocated through Config.AllocTableID. After
// DropJob the caller deletes their ranges.
func (j *Job) StateTableIDs() []uint32 { return append([]uint32(nil), j.stateIDs...) }

// Err returns the error that stopped one of the job's operators, or "".
func (j *Job) Err() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.failed
}

func (j *Job) setFailed(op string, err error) {
	j.mu.Lock()
	if j.failed == "" {
		j.failed = op + ": " + err.Error()
	}
	j.mu.Unlock()
	j.rt.log.Error("streaming job operator failed; it now ignores its input", "job", j.id, "operator", op, "err", err)
}

func (j *Job) actorDone(e uint64) {
	j.mu.Lock()
	j.acks[e]++
	if j.acks[e] >= j.nActors {
		delete(j.acks, e)
		if e > j.lastEpoch.Load() {
			j.lastEpoch.Store(e)
		}
	}
	j.mu.Unlock()
}

func (j *Job) stats(cur uint64) JobStats {
	last := j.lastEpoch.Load()
	s := JobStats{ID: j.id, Actors: j.nActors, RowsIn: j.rowsIn.Load(), RowsOut: j.rowsOut.Load(), LastEpoch: last, Errors: j.errors.Load(), Failed: j.Err(), StartEpoch: j.startEpoch}
	if last == 0 {
		last = j.startEpoch - 1
	}
	if cur > last {
		s.EpochLag = cur - last
	}
	return s
}

func (j *Job) stop() {
	j.stopOnce.Do(func() {
		close(j.stopCh)
		for _, s := range j.subs {
			s.Close()
		}
	})
	j.wg.Wait()
}

// buildCtx is what an operator factory gets for one actor.
type buildCtx struct {
	rt     *Runtime
	job    *Job
	a      *actor
	idx, n int
	tables []uint32
}

// table registers the i-th state table of the operator for this actor.
func (bc *buildCtx) table(i int, valTypes []base.Type, prefixLen int, desc []bool) *stateTable {
	return bc.a.newTable(bc.tables[i], valTypes, prefixLen, desc)
}

// CreateJob starts maintaining the view id (its rows live in table id:
// key = memcomparable encoding of jp.PK columns, value = EncodeRow of all
// jp.Columns). inputs must hold an Input for every table or source in
// jp.Inputs; inputs that are materialized views of this runtime are fed
// internally (their entries, if any, are ignored). CreateJob takes
// ownership of every Input.Sub, also on error. The MV's contents are
// complete (backfilled) once the first epoch after CreateJob commits:
// call Flush to wait for that.
func (rt *Runtime) CreateJob(ctx context.Context, id uint32, jp *JobPlan, inputs map[uint32]Input) (job *Job, err error) {
	inputs = withReaderSubs(rt, inputs)
	closeSubs := func() {
		for _, in := range inputs {
			if in.Sub != nil {
				in.Sub.Close()
			}
			if in.Reader != nil {
				_ = in.Reader.Close()
			}
		}
	}
	defer func() {
		if err != nil {
			closeSubs()
		}
	}()
	if rt.cfg.Store == nil {
		return nil, base.Errorf(base.CodeInternalError, "stream: runtime has no store")
	}
	j := &Job{rt: rt, id: id, plan: jp, stopCh: make(chan struct{}), acks: map[uint64]int{}}
	b := &jobBuilder{rt: rt, j: j, inputs: inputs, actors: map[*snode][]*actor{}, upstream: map[*Subscription]*Job{}, feeds: map[uint32][]chan Message{}}
	if err := b.build(jp.root); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, base.Errorf(base.CodeQueryCanceled, "canceling statement due to user request")
	}
	rt.feedMu.Lock()
	if rt.closed {
		rt.feedMu.Unlock()
		return nil, errClosed
	}
	if rt.jobs[id] != nil {
		rt.feedMu.Unlock()
		return nil, base.Errorf(base.CodeDuplicateObject, "streaming job %d already exists", id)
	}
	for sub, up := range b.upstream {
		if rt.jobs[up.id] != up {
			rt.feedMu.Unlock()
			return nil, base.Errorf(base.CodeObjectNotInPrerequisiteState, "materialized view %d is not running", up.id)
		}
		_ = sub
	}
	j.nActors = len(j.actors)
	j.startEpoch = rt.curEpoch + 1
	rt.jobs[id] = j
	// Subscribe to upstream views while holding feedMu so that a
	// concurrent DropJob of the upstream cannot slip in between.
	for sub, up := range b.upstream {
		up.mat.addSubscriber(sub)
	}
	rt.feedMu.Unlock()
	j.wg.Add(len(j.actors))
	for _, a := range j.actors {
		go a.run()
	}
	for rel, outs := range b.feeds {
		in := inputs[rel]
		j.subs = append(j.subs, in.Sub)
		j.wg.Add(1)
		if in.Reader != nil {
			go j.feedReader(rel, in, outs)
		} else {
			go j.feed(in, outs)
		}
	}
	for rel, in := range inputs {
		if _, used := b.feeds[rel]; !used {
			if in.Sub != nil {
				in.Sub.Close()
			}
			if in.Reader != nil {
				_ = in.Reader.Close()
			}
		}
	}
	return j, nil
}

// DropJob stops the job of view id. Its MV table and state tables
// (Job.StateTableIDs) are left for the caller to delete. Drop views that
// read this one first.
func (rt *Runtime) DropJob(id uint32) error {
	rt.feedMu.Lock()
	j := rt.jobs[id]
	delete(rt.jobs, id)
	rt.feedMu.Unlock()
	if j == nil {
		return base.Errorf(base.CodeUndefinedObject, "streaming job %d does not exist", id)
	}
	j.stop()
	rt.epochMu.Lock()
	for _, es := range rt.pending {
		delete(es.waiting, id)
	}
	rt.epochMu.Unlock()
	rt.signalCommit()
	return nil
}

type jobBuilder struct {
	rt       *Runtime
	j        *Job
	inputs   map[uint32]Input
	actors   map[*snode][]*actor
	upstream map[*Subscription]*Job
	feeds    map[uint32][]chan Message
}

func (b *jobBuilder) count(n *snode) int {
	switch n.par {
	case parSingle:
		return 1
	case parHash:
		return b.rt.cfg.Parallelism
	}
	if len(n.inputs) == 0 {
		return 1
	}
	return len(b.actors[n.inputs[0]])
}

// build creates the actors of n's subtree (children first) and wires
// them; it returns n's actors through b.actors.
func (b *jobBuilder) build(n *snode) error {
	for _, c := range n.inputs {
		if err := b.build(c); err != nil {
			return err
		}
	}
	var tables []uint32
	for i := 0; i < n.nTables; i++ {
		if b.rt.cfg.AllocTableID == nil {
			return base.Errorf(base.CodeInternalError, "stream: Config.AllocTableID is required for stateful operators")
		}
		id := b.rt.cfg.AllocTableID()
		tables = append(tables, id)
		b.j.stateIDs = append(b.j.stateIDs, id)
	}
	cnt := b.count(n)
	acts := make([]*actor, cnt)
	for i := range acts {
		a := &actor{job: b.j, name: fmt.Sprintf("%s#%d", n.op, i), idx: i, eval: newEvalCtx()}
		bc := &buildCtx{rt: b.rt, job: b.j, a: a, idx: i, n: cnt, tables: tables}
		var op operator
		var err error
		switch {
		case n.op == "StreamMaterialize":
			m := newMaterializeOp(bc, b.j.id, n.types(), n.key)
			b.j.mat = m
			op = m
		case n.rel != nil:
			op, err = b.source(n, a)
		default:
			op, err = n.build(bc)
			if len(n.inputs) == 0 {
				// A leaf without input (VALUES) still needs barriers: a
				// subscription to the reserved table 0 carries only them.
				sub := b.rt.Subscribe(0)
				b.j.subs = append(b.j.subs, sub)
				a.ins = append(a.ins, inEdge{ch: sub.ch})
			}
		}
		if err != nil {
			return err
		}
		a.op = op
		acts[i] = a
	}
	capacity := b.rt.cfg.ChannelCapacity
	for side, c := range n.inputs {
		ups := b.actors[c]
		for u, ua := range ups {
			switch {
			case n.par == parHash:
				outs := make([]chan Message, cnt)
				for d := range outs {
					outs[d] = make(chan Message, capacity)
					acts[d].ins = append(acts[d].ins, inEdge{ch: outs[d], side: side})
				}
				ua.out = &hashDispatcher{outs: outs, keys: cloneExprs(n.hashKeys[side]), stop: b.j.stopCh, a: ua}
			case n.par == parInherit && len(ups) == cnt:
				ch := make(chan Message, capacity)
				acts[u].ins = append(acts[u].ins, inEdge{ch: ch, side: side})
				ua.out = &simpleDispatcher{ch: ch, stop: b.j.stopCh}
			default:
				ch := make(chan Message, capacity)
				acts[0].ins = append(acts[0].ins, inEdge{ch: ch, side: side})
				ua.out = &simpleDispatcher{ch: ch, stop: b.j.stopCh}
			}
		}
	}
	b.actors[n] = acts
	b.j.actors = append(b.j.actors, acts...)
	return nil
}

// source wires an input relation: a table/source subscription provided
// by the caller, or an internal subscription to a running view.
func (b *jobBuilder) source(n *snode, a *actor) (operator, error) {
	a.source = true
	op := &sourceOp{relCols: n.relCols, types: n.types(), job: b.j}
	if n.rel.Kind == catalog.KindMaterializedView {
		b.rt.feedMu.Lock()
		up := b.rt.jobs[n.rel.ID]
		b.rt.feedMu.Unlock()
		if up == nil || up.mat == nil {
			return nil, base.Errorf(base.CodeObjectNotInPrerequisiteState, "materialized view %s is not running", n.rel.QualifiedName())
		}
		sub := &Subscription{table: n.rel.ID, ch: make(chan Message, b.rt.cfg.ChannelCapacity*16), done: make(chan struct{})}
		b.j.subs = append(b.j.subs, sub)
		b.upstream[sub] = up
		a.ins = append(a.ins, inEdge{ch: sub.ch})
		return op, nil
	}
	in, ok := b.inputs[n.rel.ID]
	if !ok || in.Sub == nil {
		return nil, base.Errorf(base.CodeInternalError, "stream: no input subscription for %s", n.rel.QualifiedName())
	}
	if in.Sub.table != n.rel.ID {
		return nil, base.Errorf(base.CodeInternalError, "stream: subscription for table %d given for %s", in.Sub.table, n.rel.QualifiedName())
	}
	// Every scan of the relation gets its own channel, fed by one feed
	// goroutine (a self-join scans a table twice from one subscription).
	ch := make(chan Message, b.rt.cfg.ChannelCapacity)
	b.feeds[n.rel.ID] = append(b.feeds[n.rel.ID], ch)
	a.ins = append(a.ins, inEdge{ch: ch})
	return op, nil
}

// feed emits an input's snapshot, then its subscription, to every scan of
// the relation.
func (j *Job) feed(in Input, outs []chan Message) {
	defer j.wg.Done()
	send := func(m Message) bool {
		for _, ch := range outs {
			if sendMsg(ch, m, j.stopCh) != nil {
				return false
			}
		}
		return true
	}
	if in.Snapshot != nil {
		err := in.Snapshot(func(c *base.Chunk) error {
			if c == nil || c.Len() == 0 {
				return nil
			}
			// The caller may reuse its chunk after emit returns.
			cp := copyChunk(c)
			cp.Ops = make([]base.Op, cp.Len())
			if !send(chunkMsg(cp)) {
				return errStopped
			}
			return nil
		})
		if err != nil {
			if err == errStopped {
				return
			}
			j.setFailed("snapshot", err)
		}
	}
	for {
		select {
		case m := <-in.Sub.ch:
			if !send(m) {
				return
			}
		case <-j.stopCh:
			return
		}
	}
}
