package stream

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// fakeReader emits chunks of n rows (k, k%3) up to total rows, then
// io.EOF or failErr; the checkpoint is the count of rows emitted.
type fakeReader struct {
	next, total, per int64
	failErr          error
	closed           atomic.Bool
	mu               sync.Mutex
}

func (f *fakeReader) Read(ctx context.Context) (*base.Chunk, []byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.next >= f.total {
		if f.failErr != nil {
			return nil, nil, f.failErr
		}
		// Exhausted: block like a live source would, until canceled.
		f.mu.Unlock()
		<-ctx.Done()
		f.mu.Lock()
		return nil, nil, io.EOF
	}
	c := base.NewChunk([]base.Type{base.Int64, base.Int64}, int(f.per))
	for i := int64(0); i < f.per && f.next < f.total; i++ {
		c.AppendRow([]base.Datum{base.DInt64(f.next), base.DInt64(f.next % 3)})
		f.next++
	}
	return c, binary.BigEndian.AppendUint64(nil, uint64(f.next)), nil
}

func (f *fakeReader) Close() error { f.closed.Store(true); return nil }

func (e *env) readerMV(name, sql string, src *catalog.Relation, r SourceReader) *mv {
	e.t.Helper()
	jp, err := Plan(e.bind(sql), e.cat.RelationByID)
	if err != nil {
		e.t.Fatal(err)
	}
	rel, err := e.cat.CreateRelation(&catalog.Relation{Schema: "public", Name: name, Kind: catalog.KindMaterializedView, Columns: jp.Columns, PK: jp.PK, HasUserPK: true, Definition: sql}, false)
	if err != nil {
		e.t.Fatal(err)
	}
	job, err := e.rt.CreateJob(context.Background(), rel.ID, jp, map[uint32]Input{src.ID: {Reader: r}})
	if err != nil {
		e.t.Fatal(err)
	}
	return &mv{name: name, sql: sql, rel: rel, jp: jp, job: job}
}

func keylessSource(t *testing.T, e *env) *catalog.Relation {
	rel, err := e.cat.CreateRelation(&catalog.Relation{Schema: "public", Name: "src", Kind: catalog.KindSource, AppendOnly: true,
		Columns: []catalog.Column{col("k", base.Int64), col("g", base.Int64)}}, false)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

func TestSourceReaderFeedsViewAndCommitsOffsets(t *testing.T) {
	e := newEnv(t, 2, 20*time.Millisecond)
	src := keylessSource(t, e)
	fr := &fakeReader{total: 5000, per: 37}
	m := e.readerMV("agg", "SELECT g, count(*) AS n, sum(k) AS s FROM src GROUP BY g", src, fr)
	raw := e.readerMV("raw", "SELECT k FROM src WHERE g = 0", src, &fakeReader{total: 300, per: 1000})
	deadline := time.Now().Add(30 * time.Second)
	for {
		e.flush()
		rows := e.mvRows(m)
		var n int64
		for _, r := range rows {
			n += r[1].I
		}
		// Each view has its own reader: wait for both to be consumed.
		if n == 5000 && len(e.mvRows(raw)) == 100 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("view has %d rows counted (want 5000), raw view %d rows (want 100)", n, len(e.mvRows(raw)))
		}
		time.Sleep(10 * time.Millisecond)
	}
	var sum int64
	for _, r := range e.mvRows(m) {
		v, err := strconv.ParseInt(base.FormatText(r[2], base.Numeric, nil), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		sum += v
	}
	if sum != 4999*5000/2 {
		t.Fatalf("sum %d", sum)
	}
	if got := len(e.mvRows(raw)); got != 100 {
		t.Fatalf("raw view: %d rows, want 100", got)
	}
	offs, err := e.store.SourceOffsets(src.ID)
	if err != nil {
		t.Fatal(err)
	}
	cp := offs[strconv.FormatUint(uint64(m.rel.ID), 10)]
	if len(cp) != 8 || binary.BigEndian.Uint64(cp) != 5000 {
		t.Fatalf("committed offset %v (all: %v)", cp, offs)
	}
	if cp := offs[strconv.FormatUint(uint64(raw.rel.ID), 10)]; len(cp) != 8 || binary.BigEndian.Uint64(cp) != 300 {
		t.Fatalf("raw committed offset %v", cp)
	}
	if err := e.rt.DropJob(m.rel.ID); err != nil {
		t.Fatal(err)
	}
	if !fr.closed.Load() {
		t.Fatal("reader not closed by DropJob")
	}
}

func TestSourceReaderErrorFailsJob(t *testing.T) {
	e := newEnv(t, 1, 20*time.Millisecond)
	src := keylessSource(t, e)
	m := e.readerMV("v", "SELECT k FROM src", src, &fakeReader{total: 10, per: 4, failErr: errors.New("broker went away")})
	other := e.readerMV("w", "SELECT k FROM src", src, &fakeReader{total: 10, per: 4})
	deadline := time.Now().Add(10 * time.Second)
	for m.job.Err() == "" {
		if time.Now().After(deadline) {
			t.Fatal("job did not fail")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !strings.Contains(m.job.Err(), "broker went away") {
		t.Fatalf("Err = %q", m.job.Err())
	}
	// The failed job keeps forwarding barriers: epochs still commit and
	// the other view is complete.
	e.flush()
	e.flush()
	if n := len(e.mvRows(other)); n != 10 {
		t.Fatalf("other view: %d rows", n)
	}
	if n := len(e.mvRows(m)); n != 10 {
		t.Fatalf("failed view kept %d rows read before the error, want 10", n)
	}
}

// slowReader returns rows only as fast as the job takes them: a bounded
// read-ahead means Read is not called unboundedly ahead of the dataflow.
func TestSourceReaderBackpressure(t *testing.T) {
	e := newEnv(t, 1, 20*time.Millisecond)
	src := keylessSource(t, e)
	fr := &fakeReader{total: 1 << 40, per: 1024}
	m := e.readerMV("v", "SELECT g, count(*) AS n FROM src GROUP BY g", src, fr)
	time.Sleep(300 * time.Millisecond)
	e.flush()
	fr.mu.Lock()
	read := fr.next
	fr.mu.Unlock()
	var n int64
	for _, r := range e.mvRows(m) {
		n += r[1].I
	}
	if n == 0 || read == 0 {
		t.Fatalf("nothing read (%d) or counted (%d)", read, n)
	}
	if err := e.rt.DropJob(m.rel.ID); err != nil {
		t.Fatal(err)
	}
	if !fr.closed.Load() {
		t.Fatal("reader not closed")
	}
}
