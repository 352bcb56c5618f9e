package stream

import (
	"context"
	"log/slog"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/state"
)

// Config configures a Runtime.
type Config struct {
	// Store holds state tables, MV rows and the committed epoch.
	Store *state.Store
	// BarrierInterval is the time between injected barriers (default 1s,
	// values below 10ms are raised to 10ms).
	BarrierInterval time.Duration
	// Parallelism is the number of actors of each hash-distributed
	// operator (default runtime.NumCPU()).
	Parallelism int
	// Logger receives operator errors and inconsistencies (default slog.Default()).
	Logger *slog.Logger
	// AllocTableID returns a fresh table ID for operator state. Required
	// by CreateJob when the plan has stateful operators.
	AllocTableID func() uint32
	// ChannelCapacity is the number of messages buffered per edge between
	// two actors and per subscription (default 16 and 256).
	ChannelCapacity int
	// CacheRows bounds the rows an operator caches in memory; beyond it the
	// cache is dropped at the next barrier (state stays in state tables).
	// Default 1<<20.
	CacheRows int
}

// Runtime runs streaming jobs and commits their state in epochs.
type Runtime struct {
	cfg Config
	log *slog.Logger

	// feedMu orders Publish against barrier injection and job
	// registration: every subscriber sees the same cut.
	feedMu   sync.Mutex
	subs     map[uint32][]*Subscription
	jobs     map[uint32]*Job
	curEpoch uint64 // last injected epoch

	epochMu   sync.Mutex
	pending   []*epochState // injected, not committed; ascending epochs
	committed atomic.Uint64
	commitErr error

	commitCh chan struct{}
	stopCh   chan struct{}
	wg       sync.WaitGroup
	started  bool
	closed   bool
}

// epochState collects the writes and acknowledgements of one epoch.
type epochState struct {
	epoch   uint64
	now     int64
	mu      sync.Mutex // guards batch, hasData
	batch   *state.Batch
	hasData bool
	waiting map[uint32]int // job ID → actors yet to acknowledge
	done    chan struct{}  // closed when committed (or the runtime failed)
	err     error
}

// NewRuntime returns a runtime; call Start to begin injecting barriers.
func NewRuntime(cfg Config) *Runtime {
	if cfg.BarrierInterval <= 0 {
		cfg.BarrierInterval = time.Second
	}
	if cfg.BarrierInterval < 10*time.Millisecond {
		cfg.BarrierInterval = 10 * time.Millisecond
	}
	if cfg.Parallelism <= 0 {
		cfg.Parallelism = runtime.NumCPU()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.ChannelCapacity <= 0 {
		cfg.ChannelCapacity = 16
	}
	if cfg.CacheRows <= 0 {
		cfg.CacheRows = 1 << 20
	}
	rt := &Runtime{
		cfg:      cfg,
		log:      cfg.Logger.With("component", "stream"),
		subs:     map[uint32][]*Subscription{},
		jobs:     map[uint32]*Job{},
		commitCh: make(chan struct{}, 1),
		stopCh:   make(chan struct{}),
	}
	if cfg.Store != nil {
		if e, err := cfg.Store.CommittedEpoch(); err == nil {
			rt.curEpoch = e
			rt.committed.Store(e)
		}
	}
	return rt
}

// Start begins barrier injection and epoch commits. Idempotent.
func (rt *Runtime) Start() {
	rt.feedMu.Lock()
	defer rt.feedMu.Unlock()
	if rt.started || rt.closed {
		return
	}
	rt.started = true
	rt.wg.Add(2)
	go rt.commitLoop()
	go rt.tickLoop()
}

// Close stops every job, injection and commits. Epochs not yet committed
// are abandoned (their changes are not in the store). The store stays open.
func (rt *Runtime) Close() {
	rt.feedMu.Lock()
	if rt.closed {
		rt.feedMu.Unlock()
		return
	}
	rt.closed = true
	ids := make([]uint32, 0, len(rt.jobs))
	for id := range rt.jobs {
		ids = append(ids, id)
	}
	rt.feedMu.Unlock()
	for _, id := range ids {
		_ = rt.DropJob(id)
	}
	close(rt.stopCh)
	rt.wg.Wait()
	rt.epochMu.Lock()
	for _, es := range rt.pending {
		es.err = errClosed
		es.batch.Close()
		close(es.done)
	}
	rt.pending = nil
	rt.epochMu.Unlock()
}

var errClosed = base.Errorf(base.CodeAdminShutdown, "streaming runtime is shut down")

func (rt *Runtime) tickLoop() {
	defer rt.wg.Done()
	t := time.NewTicker(rt.cfg.BarrierInterval)
	defer t.Stop()
	for {
		select {
		case <-rt.stopCh:
			return
		case <-t.C:
			rt.inject()
		}
	}
}

// inject starts a new epoch: it registers the epoch's participants and
// sends its barrier to every table subscription. Changes published before
// belong to earlier epochs.
func (rt *Runtime) inject() *epochState {
	rt.feedMu.Lock()
	defer rt.feedMu.Unlock()
	if rt.closed {
		es := &epochState{done: make(chan struct{}), err: errClosed}
		close(es.done)
		return es
	}
	rt.curEpoch++
	es := &epochState{
		epoch:   rt.curEpoch,
		now:     time.Now().UnixMicro(),
		batch:   rt.cfg.Store.NewBatch(),
		waiting: make(map[uint32]int, len(rt.jobs)),
		done:    make(chan struct{}),
	}
	for id, j := range rt.jobs {
		es.waiting[id] = j.nActors
	}
	rt.epochMu.Lock()
	rt.pending = append(rt.pending, es)
	rt.epochMu.Unlock()
	if len(es.waiting) == 0 {
		rt.signalCommit()
	}
	b := barrierMsg(Barrier{Epoch: es.epoch, Now: es.now})
	for _, subs := range rt.subs {
		for _, s := range subs {
			s.send(b)
		}
	}
	return es
}

func (rt *Runtime) signalCommit() {
	select {
	case rt.commitCh <- struct{}{}:
	default:
	}
}

// epoch returns the pending epoch state, or nil.
func (rt *Runtime) epoch(e uint64) *epochState {
	rt.epochMu.Lock()
	defer rt.epochMu.Unlock()
	if len(rt.pending) == 0 || e < rt.pending[0].epoch {
		return nil
	}
	i := int(e - rt.pending[0].epoch)
	if i >= len(rt.pending) {
		return nil
	}
	return rt.pending[i]
}

// writeEpoch adds encoded state writes to epoch e's batch.
func (rt *Runtime) writeEpoch(e uint64, id uint32, ws []kvWrite) {
	if len(ws) == 0 {
		return
	}
	es := rt.epoch(e)
	if es == nil {
		rt.log.Error("state writes for an epoch that is not pending", "epoch", e, "table", id)
		return
	}
	es.mu.Lock()
	applyWrites(es.batch, id, ws)
	es.hasData = true
	es.mu.Unlock()
}

// ack records that one actor of job finished epoch e.
func (rt *Runtime) ack(job uint32, e uint64) {
	rt.epochMu.Lock()
	defer rt.epochMu.Unlock()
	if len(rt.pending) == 0 || e < rt.pending[0].epoch {
		return
	}
	i := int(e - rt.pending[0].epoch)
	if i >= len(rt.pending) {
		return
	}
	es := rt.pending[i]
	if n, ok := es.waiting[job]; ok {
		if n <= 1 {
			delete(es.waiting, job)
		} else {
			es.waiting[job] = n - 1
		}
	}
	if len(es.waiting) == 0 && i == 0 {
		rt.signalCommit()
	}
}

func (rt *Runtime) commitLoop() {
	defer rt.wg.Done()
	for {
		select {
		case <-rt.stopCh:
			return
		case <-rt.commitCh:
		}
		for {
			rt.epochMu.Lock()
			if len(rt.pending) == 0 || len(rt.pending[0].waiting) > 0 {
				rt.epochMu.Unlock()
				break
			}
			es := rt.pending[0]
			rt.pending = rt.pending[1:]
			rt.epochMu.Unlock()

			es.mu.Lock()
			es.batch.SetCommittedEpoch(es.epoch)
			// An epoch without state changes needs no fsync: losing it
			// loses nothing.
			err := es.batch.Commit(es.hasData)
			es.mu.Unlock()
			if err != nil {
				rt.log.Error("epoch commit failed", "epoch", es.epoch, "err", err)
				es.err = err
				rt.epochMu.Lock()
				rt.commitErr = err
				rt.epochMu.Unlock()
			} else {
				rt.committed.Store(es.epoch)
			}
			close(es.done)
		}
	}
}

// CommittedEpoch returns the last committed epoch.
func (rt *Runtime) CommittedEpoch() uint64 { return rt.committed.Load() }

// Flush injects a barrier and waits until its epoch is committed: every
// change published before the call is then reflected in every MV (views
// on views included) and durable.
func (rt *Runtime) Flush(ctx context.Context) error {
	rt.feedMu.Lock()
	started := rt.started
	rt.feedMu.Unlock()
	if !started {
		return base.Errorf(base.CodeObjectNotInPrerequisiteState, "streaming runtime is not started")
	}
	es := rt.inject()
	select {
	case <-es.done:
		return es.err
	case <-ctx.Done():
		return base.Errorf(base.CodeQueryCanceled, "canceling statement due to user request")
	}
}

// ---------------------------------------------------------------------------
// Feeds

// Subscription is a queue of changes of one table from the moment it was
// created: Publish and barriers are delivered in order, bounded (Publish
// blocks while it is full). Hand it to CreateJob in an Input, or Close it.
type Subscription struct {
	rt    *Runtime
	table uint32
	ch    chan Message
	done  chan struct{}
	once  sync.Once
}

// Subscribe starts recording the changes published for tableID. Take the
// snapshot for Input.Snapshot at the same moment (under the lock that
// orders DML commits and Publish), so that the two meet without gap or
// overlap.
func (rt *Runtime) Subscribe(tableID uint32) *Subscription {
	capacity := rt.cfg.ChannelCapacity * 16
	s := &Subscription{rt: rt, table: tableID, ch: make(chan Message, capacity), done: make(chan struct{})}
	rt.feedMu.Lock()
	rt.subs[tableID] = append(rt.subs[tableID], s)
	rt.feedMu.Unlock()
	return s
}

// Close stops the subscription. Idempotent.
func (s *Subscription) Close() {
	s.once.Do(func() {
		close(s.done)
		if s.rt == nil {
			return
		}
		s.rt.feedMu.Lock()
		list := s.rt.subs[s.table]
		for i, x := range list {
			if x == s {
				list = append(list[:i:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(s.rt.subs, s.table)
		} else {
			s.rt.subs[s.table] = list
		}
		s.rt.feedMu.Unlock()
	})
}

// send delivers m unless the subscription is closed; it blocks while the
// queue is full (backpressure).
func (s *Subscription) send(m Message) bool {
	select {
	case s.ch <- m:
		return true
	case <-s.done:
		return false
	}
}

// Publish delivers committed changes of table tableID (full-width table
// rows; Ops set, nil Ops means inserts) to every subscription. The
// runtime takes ownership of changes: do not modify it afterwards. It
// blocks only while a subscriber's queue is full.
func (rt *Runtime) Publish(tableID uint32, changes *base.Chunk) {
	if changes == nil || changes.Len() == 0 {
		return
	}
	if changes.Ops == nil {
		c := *changes
		c.Ops = make([]base.Op, changes.Len())
		changes = &c
	}
	rt.feedMu.Lock()
	defer rt.feedMu.Unlock()
	for _, s := range rt.subs[tableID] {
		s.send(chunkMsg(changes))
	}
}

// Input feeds one input relation (a table or source) of a job.
type Input struct {
	// Snapshot emits the relation's rows as of the subscription point
	// (full-width rows; Ops ignored: treated as inserts). nil: empty.
	Snapshot func(emit func(*base.Chunk) error) error
	// Sub carries the changes after the snapshot (from rt.Subscribe).
	Sub *Subscription
	// Reader, for a source, produces its rows instead of Snapshot/Sub
	// (CreateJob subscribes to the source's ID for barriers when Sub is
	// nil, takes ownership of the reader and closes it when the job
	// stops). The checkpoint of the last chunk before each barrier is
	// committed with that epoch: state.Store.SourceOffsets(sourceID)
	// holds it under the split named by the job ID (decimal).
	Reader SourceReader
}

// withReaderSubs returns a copy of inputs in which every reader input has
// a (barrier-only) subscription to its source's ID.
func withReaderSubs(rt *Runtime, inputs map[uint32]Input) map[uint32]Input {
	out := make(map[uint32]Input, len(inputs))
	for id, in := range inputs {
		if in.Reader != nil && in.Sub == nil {
			in.Sub = rt.Subscribe(id)
		}
		out[id] = in
	}
	return out
}

// ---------------------------------------------------------------------------
// Stats

// JobStats describes one running job.
type JobStats struct {
	ID         uint32
	Actors     int
	RowsIn     int64  // rows received from inputs (snapshot included)
	RowsOut    int64  // changes applied to the MV
	LastEpoch  uint64 // last epoch the whole job finished
	EpochLag   uint64 // injected epochs not yet finished by the job
	Errors     int64  // rows whose expression failed (set to NULL / dropped) and inconsistencies
	Failed     string // non-empty when the job stopped processing after an error
	StartEpoch uint64
}

// Jobs returns the stats of every job, by ID.
func (rt *Runtime) Jobs() []JobStats {
	rt.feedMu.Lock()
	cur := rt.curEpoch
	jobs := make([]*Job, 0, len(rt.jobs))
	for _, j := range rt.jobs {
		jobs = append(jobs, j)
	}
	rt.feedMu.Unlock()
	out := make([]JobStats, 0, len(jobs))
	for _, j := range jobs {
		out = append(out, j.stats(cur))
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out
}

// Job returns the running job with the given MV ID, or nil.
func (rt *Runtime) Job(id uint32) *Job {
	rt.feedMu.Lock()
	defer rt.feedMu.Unlock()
	return rt.jobs[id]
}
