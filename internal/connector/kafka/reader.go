package kafka

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/connector"
	"github.com/tributarydb/tributary/internal/format/json"
	"github.com/tributarydb/tributary/internal/stream"
)

// maxSample bounds the raw payload kept by LastMalformed.
const maxSample = 4 << 10

// Malformed describes a record that was skipped.
type Malformed struct {
	Partition int32
	Offset    int64
	Timestamp time.Time // the record's timestamp
	Payload   []byte    // the raw value, at most 4 KiB
	Truncated bool      // Payload was cut
	Reason    string
	At        time.Time // when it was skipped
}

// Stats is a snapshot of a reader's counters.
type Stats struct {
	Topic      string
	Partitions int
	Records    int64 // rows produced
	Errors     int64 // malformed records skipped
	// Lag is the number of records between the reader's position and the
	// high watermark of each partition, summed, as of the last fetch of
	// each partition (-1 until every partition has been fetched once).
	Lag int64
	// LagSeconds is how far behind the reader is in time: the age of the
	// last record read from the most lagging partition that has records
	// left to read (0 when caught up or unknown).
	LagSeconds float64
	// Next is the next offset to read of each partition.
	Next map[int32]int64
}

// Reader is the Kafka source reader: one franz-go client consuming every
// partition of the topic at explicit offsets (no consumer group). It
// implements stream.SourceReader and stream.SourceErrorCounter.
type Reader struct {
	c      *config
	name   string
	types  []base.Type
	dec    *json.Decoder
	row    []base.Datum
	resume map[int32]int64 // the checkpoint to resume from, or nil
	// split, splits: this reader reads the partitions p with
	// p % splits == split (SourceConfig.Split/Splits).
	split, splits int32

	admin *kgo.Client
	adm   *kadm.Client
	cl    *kgo.Client

	lastRefresh time.Time
	warned      int // fetch errors logged

	errors  atomic.Int64
	records atomic.Int64

	mu     sync.Mutex // guards the fields below (read by Stats, LastMalformed)
	next   map[int32]int64
	hwm    map[int32]int64
	lastTS map[int32]time.Time // timestamp of the last record read
	sample *Malformed
}

var (
	_ stream.SourceReader       = (*Reader)(nil)
	_ stream.SourceErrorCounter = (*Reader)(nil)
)

func newReader(cfg connector.SourceConfig) (stream.SourceReader, error) {
	return NewReader(cfg)
}

// NewReader opens a reader of a resolved configuration (connector.NewReader
// is the usual way in). No broker is contacted before the first Read.
func NewReader(cfg connector.SourceConfig) (*Reader, error) {
	c, err := parse(cfg)
	if err != nil {
		return nil, err
	}
	r := &Reader{
		c:      c,
		name:   cfg.Relation.QualifiedName(),
		types:  connector.ColumnTypes(cfg.Relation),
		dec:    json.NewDecoder(cfg.Relation.Columns),
		next:   map[int32]int64{},
		hwm:    map[int32]int64{},
		lastTS: map[int32]time.Time{},
	}
	r.row = make([]base.Datum, len(r.types))
	r.split, r.splits = int32(cfg.Split), int32(cfg.Splits)
	if r.splits <= 0 {
		r.split, r.splits = 0, 1
	}
	if r.split < 0 || r.split >= r.splits {
		return nil, fmt.Errorf("kafka: split %d of %d", cfg.Split, cfg.Splits)
	}
	if cfg.Offset != nil {
		if r.resume, err = decodeCheckpoint(cfg.Offset); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Errors counts malformed records skipped (stream.SourceErrorCounter).
func (r *Reader) Errors() int64 { return r.errors.Load() }

// LastMalformed returns the last record skipped as malformed, with the
// reason.
func (r *Reader) LastMalformed() (Malformed, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sample == nil {
		return Malformed{}, false
	}
	m := *r.sample
	m.Payload = append([]byte(nil), m.Payload...)
	return m, true
}

// Stats returns the reader's counters and positions.
func (r *Reader) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := Stats{Topic: r.c.topic, Partitions: len(r.next), Records: r.records.Load(), Errors: r.errors.Load(), Next: make(map[int32]int64, len(r.next))}
	for p, n := range r.next {
		s.Next[p] = n
		h, ok := r.hwm[p]
		if !ok || s.Lag < 0 {
			s.Lag = -1
			continue
		}
		if h > n {
			s.Lag += h - n
			if ts, ok := r.lastTS[p]; ok {
				s.LagSeconds = max(s.LagSeconds, time.Since(ts).Seconds())
			}
		}
	}
	if len(r.next) == 0 {
		s.Lag = -1
	}
	return s
}

// Close closes the clients.
func (r *Reader) Close() error {
	if r.cl != nil {
		r.cl.Close()
		r.cl = nil
	}
	if r.admin != nil {
		r.admin.Close()
		r.admin = nil
	}
	return nil
}

func (r *Reader) log() *slog.Logger {
	return slog.Default().With("source", r.name, "topic", r.c.topic)
}

// Read returns the next records of any partition (at most a chunk) and
// the checkpoint after them. Before the first records it resolves the
// starting offset of every partition (retrying while the broker or the
// topic is unavailable).
func (r *Reader) Read(ctx context.Context) (*base.Chunk, []byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if r.cl == nil {
		if err := r.start(ctx); err != nil {
			return nil, nil, err
		}
	}
	for {
		if time.Since(r.lastRefresh) >= r.c.refresh {
			r.refresh(ctx)
		}
		wait := r.c.refresh - time.Since(r.lastRefresh)
		if wait < 10*time.Millisecond {
			wait = 10 * time.Millisecond
		}
		pctx, cancel := context.WithTimeout(ctx, wait)
		fs := r.cl.PollRecords(pctx, base.MaxChunkRows)
		cancel()
		if fs.IsClientClosed() {
			return nil, nil, errors.New("kafka: client closed")
		}
		fs.EachError(func(t string, p int32, err error) {
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				return
			}
			r.warned++
			if r.warned <= 10 || r.warned%1000 == 0 {
				r.log().Warn("kafka: fetch error (retrying)", "partition", p, "err", err, "count", r.warned)
			}
		})
		// Records polled are past the client's cursor: return them even
		// when ctx was canceled meanwhile, or a later Read would miss them.
		if c, n := r.decode(fs); n > 0 {
			return c, r.checkpoint(), nil
		}
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
	}
}

// decode turns the fetched records into a chunk; n is the number of
// records consumed (malformed included).
func (r *Reader) decode(fs kgo.Fetches) (*base.Chunk, int) {
	var c *base.Chunk
	n := 0
	r.mu.Lock()
	defer r.mu.Unlock()
	fs.EachPartition(func(fp kgo.FetchTopicPartition) {
		if fp.Topic != r.c.topic {
			return
		}
		if fp.HighWatermark >= 0 && fp.Err == nil {
			r.hwm[fp.Partition] = fp.HighWatermark
		}
		for _, rec := range fp.Records {
			// franz-go returns only records at or after the offsets
			// asked for (or after a reset to the log start when an
			// offset left the log).
			r.next[rec.Partition] = rec.Offset + 1
			r.lastTS[rec.Partition] = rec.Timestamp
			n++
			if len(rec.Value) == 0 {
				continue // a tombstone carries no row in FORMAT PLAIN
			}
			if err := r.dec.Decode(rec.Value, r.row); err != nil {
				r.malformedLocked(rec, err)
				continue
			}
			if c == nil {
				c = base.NewChunk(r.types, len(fp.Records))
			}
			c.AppendRow(r.row)
		}
	})
	if c != nil {
		r.records.Add(int64(c.Len()))
	}
	return c, n
}

func (r *Reader) malformedLocked(rec *kgo.Record, err error) {
	k := r.errors.Add(1)
	m := &Malformed{Partition: rec.Partition, Offset: rec.Offset, Timestamp: rec.Timestamp, Reason: err.Error(), At: time.Now()}
	p := rec.Value
	if len(p) > maxSample {
		p, m.Truncated = p[:maxSample], true
	}
	m.Payload = append([]byte(nil), p...)
	r.sample = m
	if k <= 10 || k%10000 == 0 {
		r.log().Warn("kafka: skipping a malformed record", "partition", rec.Partition, "offset", rec.Offset, "err", err, "count", k)
	}
}

func (r *Reader) checkpoint() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return encodeCheckpoint(r.next)
}

// start resolves the starting offsets and opens the consuming client.
func (r *Reader) start(ctx context.Context) error {
	if r.admin == nil {
		cl, err := r.c.newClient()
		if err != nil {
			return err
		}
		r.admin, r.adm = cl, kadm.NewClient(cl)
	}
	backoff := 100 * time.Millisecond
	var pos map[int32]int64
	for attempt := 1; ; attempt++ {
		var err error
		tctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		pos, err = r.initialPositions(tctx)
		cancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if attempt <= 5 || attempt%20 == 0 {
			r.log().Warn("kafka: cannot start reading (retrying)", "err", err, "attempt", attempt)
		}
		if err := sleep(ctx, backoff); err != nil {
			return err
		}
		if backoff = backoff * 2; backoff > 2*time.Second {
			backoff = 2 * time.Second
		}
	}
	offs := make(map[int32]kgo.Offset, len(pos))
	for p, o := range pos {
		offs[p] = kgo.NewOffset().At(o)
	}
	opts := append(append([]kgo.Opt(nil), r.c.consume...),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{r.c.topic: offs}),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	cl, err := r.c.newClient(opts...)
	if err != nil {
		return err
	}
	r.mu.Lock()
	for p, o := range pos {
		r.next[p] = o
	}
	r.mu.Unlock()
	r.cl = cl
	r.lastRefresh = time.Now()
	r.log().Info("kafka: reading", "partitions", len(pos), "resumed", r.resume != nil)
	return nil
}

// partitions lists the topic's partitions.
func (r *Reader) partitions(ctx context.Context) ([]int32, error) {
	tds, err := r.adm.ListTopics(ctx, r.c.topic)
	if err != nil {
		return nil, err
	}
	td, ok := tds[r.c.topic]
	if !ok {
		return nil, fmt.Errorf("topic %q does not exist", r.c.topic)
	}
	if td.Err != nil {
		return nil, fmt.Errorf("topic %q: %w", r.c.topic, td.Err)
	}
	ps := make([]int32, 0, len(td.Partitions))
	for p := range td.Partitions {
		if p%r.splits == r.split {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("topic %q has no partitions (for split %d of %d)", r.c.topic, r.split, r.splits)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
	return ps, nil
}

// Offset listings.
const (
	listStart = iota
	listEnd
	listAfterMilli
)

// list returns the offsets of partitions ps: their start, their end
// (high watermark) or the first at or after scan.startup.timestamp.millis.
func (r *Reader) list(ctx context.Context, kind int, ps []int32) (map[int32]int64, error) {
	var lo kadm.ListedOffsets
	var err error
	switch kind {
	case listStart:
		lo, err = r.adm.ListStartOffsets(ctx, r.c.topic)
	case listEnd:
		lo, err = r.adm.ListEndOffsets(ctx, r.c.topic)
	default:
		lo, err = r.adm.ListOffsetsAfterMilli(ctx, r.c.startMilli, r.c.topic)
	}
	if err != nil {
		return nil, err
	}
	topic := r.c.topic
	out := make(map[int32]int64, len(ps))
	for _, p := range ps {
		o, ok := lo.Lookup(topic, p)
		if !ok {
			return nil, fmt.Errorf("no offset listed for partition %d", p)
		}
		if o.Err != nil {
			return nil, fmt.Errorf("partition %d: %w", p, o.Err)
		}
		if o.Offset < 0 {
			return nil, fmt.Errorf("partition %d: no offset", p)
		}
		out[p] = o.Offset
	}
	return out, nil
}

// initialPositions returns the offset to start at in every partition:
// the checkpoint's when resuming (new partitions from their start),
// else as scan.startup.* say.
func (r *Reader) initialPositions(ctx context.Context) (map[int32]int64, error) {
	ps, err := r.partitions(ctx)
	if err != nil {
		return nil, err
	}
	if r.resume != nil {
		pos := make(map[int32]int64, len(ps))
		var missing []int32
		for p, o := range r.resume {
			pos[p] = o
		}
		for _, p := range ps {
			if _, ok := pos[p]; !ok {
				missing = append(missing, p)
			}
		}
		if len(missing) > 0 {
			start, err := r.list(ctx, listStart, missing)
			if err != nil {
				return nil, err
			}
			for p, o := range start {
				pos[p] = o
			}
		}
		return pos, nil
	}
	switch {
	case r.c.startMilli >= 0:
		return r.list(ctx, listAfterMilli, ps)
	case r.c.latest:
		return r.list(ctx, listEnd, ps)
	default:
		return r.list(ctx, listStart, ps)
	}
}

// refresh looks for partitions added to the topic and starts reading
// them from their beginning.
func (r *Reader) refresh(ctx context.Context) {
	r.lastRefresh = time.Now()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ps, err := r.partitions(tctx)
	if err != nil {
		if ctx.Err() == nil {
			r.log().Warn("kafka: metadata refresh failed", "err", err)
		}
		return
	}
	r.mu.Lock()
	var added []int32
	for _, p := range ps {
		if _, ok := r.next[p]; !ok {
			added = append(added, p)
		}
	}
	r.mu.Unlock()
	if len(added) == 0 {
		return
	}
	start, err := r.list(tctx, listStart, added)
	if err != nil {
		if ctx.Err() == nil {
			r.log().Warn("kafka: listing the offsets of new partitions failed", "err", err)
		}
		return
	}
	offs := make(map[int32]kgo.Offset, len(start))
	r.mu.Lock()
	for p, o := range start {
		r.next[p] = o
		offs[p] = kgo.NewOffset().At(o)
	}
	r.mu.Unlock()
	r.cl.AddConsumePartitions(map[string]map[int32]kgo.Offset{r.c.topic: offs})
	r.log().Info("kafka: reading new partitions", "partitions", added)
}
