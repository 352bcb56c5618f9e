package stream

import (
	"errors"
	"reflect"
	"runtime/debug"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// operator is the per-actor behaviour of a streaming operator.
type operator interface {
	// onChunk handles a chunk of changes arriving on input side (0 or 1).
	onChunk(a *actor, side int, c *base.Chunk) error
	// onBarrier runs once the barrier has arrived on every input: the
	// operator emits its pending changes for the epoch. The actor then
	// flushes the operator's state tables into the epoch batch, forwards
	// the barrier and acknowledges the epoch.
	onBarrier(a *actor, b Barrier) error
}

// starter is implemented by operators that produce rows before their
// first input message (backfill snapshots, VALUES).
type starter interface {
	start(a *actor) error
}

// evicter is implemented by operators with an in-memory cache; evict is
// called after each barrier's state flush, when the cache may be dropped.
type evicter interface {
	evict(a *actor)
}

// closer is implemented by operators holding external resources.
type closer interface {
	close()
}

var errStopped = errors.New("stream: job stopped")

type inEdge struct {
	ch   chan Message
	side int
}

// actor is one goroutine running one operator instance.
type actor struct {
	job    *Job
	name   string
	idx    int
	op     operator
	ins    []inEdge
	out    dispatcher // nil for the sink (materialize)
	tables []*stateTable
	eval   *expr.Context
	failed error
	source bool
}

func (a *actor) rt() *Runtime { return a.job.rt }

// newTable registers a state table owned by this actor.
func (a *actor) newTable(id uint32, valTypes []base.Type, prefixLen int, desc []bool) *stateTable {
	t := newStateTable(a.job.rt, id, valTypes, prefixLen, desc)
	a.tables = append(a.tables, t)
	return t
}

// emit sends a chunk downstream (blocking while downstream is full).
func (a *actor) emit(c *base.Chunk) error {
	if c == nil || c.Len() == 0 || a.out == nil {
		return nil
	}
	return a.out.chunk(c)
}

func (a *actor) fail(err error) {
	if err == nil || a.failed != nil {
		return
	}
	a.failed = err
	a.job.setFailed(a.name, err)
}

// rowError counts a row-level problem (an expression error turned into
// NULL, a retraction of a missing row) and logs the first few.
func (a *actor) rowError(what string, err error) {
	n := a.job.errors.Add(1)
	if n <= 10 || n%10000 == 0 {
		a.rt().log.Warn("streaming row error", "job", a.job.id, "operator", a.name, "what", what, "err", err, "count", n)
	}
}

func (a *actor) run() {
	defer a.job.wg.Done()
	defer func() {
		if c, ok := a.op.(closer); ok {
			c.close()
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			a.rt().log.Error("streaming operator panicked", "job", a.job.id, "operator", a.name, "panic", r)
			a.fail(base.Errorf(base.CodeInternalError, "operator %s panicked: %v", a.name, r))
			// Keep barriers flowing so that other jobs still commit.
			a.drain()
		}
	}()
	if s, ok := a.op.(starter); ok {
		if err := s.start(a); err != nil {
			if err == errStopped {
				return
			}
			a.fail(err)
		}
	}
	a.loop()
}

// guard runs one operator call, turning a panic into an error, so that an
// operator panicking in the middle of a barrier still forwards and
// acknowledges it: a lost barrier would misalign the operators downstream
// and leave its epoch uncommitted for every job (FLUSH would never return).
func (a *actor) guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			a.rt().log.Error("streaming operator panicked", "job", a.job.id, "operator", a.name, "panic", r, "stack", string(debug.Stack()))
			err = base.Errorf(base.CodeInternalError, "operator %s panicked: %v", a.name, r)
		}
	}()
	return f()
}

// drain keeps forwarding barriers (ignoring data) after a panic.
func (a *actor) drain() {
	defer func() {
		if r := recover(); r != nil {
			return
		}
	}()
	a.loop()
}

func (a *actor) loop() {
	n := len(a.ins)
	if n == 0 {
		<-a.job.stopCh
		return
	}
	blocked := make([]bool, n)
	nb := 0
	var cur Barrier
	for {
		i, m, ok := a.recv(blocked)
		if !ok {
			return
		}
		switch m.Kind {
		case msgChunk:
			if a.source {
				a.job.rowsIn.Add(int64(m.Chunk.Len()))
			}
			if a.failed == nil {
				side := a.ins[i].side
				if err := a.guard(func() error { return a.op.onChunk(a, side, m.Chunk) }); err != nil {
					if err == errStopped {
						return
					}
					a.fail(err)
				}
			}
		case msgBarrier:
			if m.Barrier.Epoch < a.job.startEpoch {
				// Barriers from before the job joined (queued in its
				// subscriptions): their changes merge into its first epoch.
				continue
			}
			if nb > 0 && m.Barrier.Epoch != cur.Epoch {
				a.fail(base.Errorf(base.CodeInternalError, "misaligned barriers: epoch %d and %d", cur.Epoch, m.Barrier.Epoch))
			}
			cur = m.Barrier
			blocked[i] = true
			nb++
			if nb == n {
				if !a.barrier(cur) {
					return
				}
				clear(blocked)
				nb = 0
			}
		case msgWatermark:
			// Watermarks are advisory; operators here do not rely on them.
		}
	}
}

// recv returns the next message from an input that is not blocked at a
// barrier (alignment: inputs ahead wait in their channels).
func (a *actor) recv(blocked []bool) (int, Message, bool) {
	stop := a.job.stopCh
	if len(a.ins) == 1 {
		select {
		case m := <-a.ins[0].ch:
			return 0, m, true
		case <-stop:
			return 0, Message{}, false
		}
	}
	cases := make([]reflect.SelectCase, 0, len(a.ins)+1)
	idx := make([]int, 0, len(a.ins))
	cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(stop)})
	for i, in := range a.ins {
		if !blocked[i] {
			cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(in.ch)})
			idx = append(idx, i)
		}
	}
	chosen, v, ok := reflect.Select(cases)
	if chosen == 0 || !ok {
		return 0, Message{}, false
	}
	return idx[chosen-1], v.Interface().(Message), true
}

// barrier completes an epoch for this actor; false when the job stops.
func (a *actor) barrier(b Barrier) bool {
	a.eval.Now = b.Now
	if a.failed == nil {
		if err := a.guard(func() error { return a.op.onBarrier(a, b) }); err != nil {
			if err == errStopped {
				return false
			}
			a.fail(err)
		}
	}
	var ws []kvWrite
	for _, t := range a.tables {
		ws = t.flush(b.Epoch, ws[:0])
		a.rt().writeEpoch(b.Epoch, t.id, ws)
	}
	if a.out != nil {
		if err := a.out.barrier(b); err != nil {
			return false
		}
	}
	if e, ok := a.op.(evicter); ok && a.failed == nil {
		e.evict(a)
	}
	a.job.actorDone(b.Epoch)
	a.rt().ack(a.job.id, b.Epoch)
	return true
}

func newEvalCtx() *expr.Context {
	return &expr.Context{Now: time.Now().UnixMicro(), Location: time.UTC}
}
