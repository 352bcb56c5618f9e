package stream

import (
	"context"
	"errors"
	"io"
	"strconv"

	"github.com/tributarydb/tributary/internal/base"
)

// SourceReader produces the rows of a source (a connector's reader). The
// runtime calls Read from one goroutine at a time and Close once, after
// the last Read has returned.
type SourceReader interface {
	// Read blocks until rows are available and returns them: full-width
	// rows of the source's columns (catalog order, hidden columns
	// included), as inserts (Ops ignored), and the checkpoint — the
	// position after this chunk — to commit with the epoch that contains
	// it. The chunk is owned by the runtime once returned. A nil or empty
	// chunk with a checkpoint only advances the position (skipped
	// records). io.EOF means the source is exhausted (a finite generator,
	// files read once): the job keeps running. Any other error fails the
	// job (Job.Err). Read must return promptly when ctx is canceled.
	Read(ctx context.Context) (chunk *base.Chunk, checkpoint []byte, err error)
	// Close releases the reader's resources.
	Close() error
}

// SourceErrorCounter is optionally implemented by a SourceReader that
// skips malformed records: at each barrier the job adds the growth of
// Errors to JobStats.Errors. Errors may be called concurrently with Read.
type SourceErrorCounter interface {
	Errors() int64
}

// readerResult is one Read's outcome, passed from the reading goroutine.
type readerResult struct {
	c   *base.Chunk
	cp  []byte
	err error
}

// readerQueue bounds the chunks read ahead of the dataflow: when the job
// is slower than the source, Read is not called (backpressure).
const readerQueue = 4

// feedReader runs a source input: chunks pulled from in.Reader are
// interleaved with the barriers arriving on in.Sub (a barrier-only
// subscription to the source's ID). At each barrier the checkpoint of the
// last chunk forwarded is recorded in the epoch's batch (split = the job
// ID), so the offsets commit atomically with the state they produced.
func (j *Job) feedReader(relID uint32, in Input, outs []chan Message) {
	defer j.wg.Done()
	ctx, cancel := context.WithCancel(context.Background())
	results := make(chan readerResult, readerQueue)
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		defer close(results)
		for {
			c, cp, err := in.Reader.Read(ctx)
			if ctx.Err() != nil {
				return
			}
			select {
			case results <- readerResult{c: c, cp: cp, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	defer func() {
		cancel()
		<-readDone
		if err := in.Reader.Close(); err != nil {
			j.rt.log.Warn("closing a source reader", "job", j.id, "source", relID, "err", err)
		}
	}()
	send := func(m Message) bool {
		for _, ch := range outs {
			if sendMsg(ch, m, j.stopCh) != nil {
				return false
			}
		}
		return true
	}
	split := strconv.FormatUint(uint64(j.id), 10)
	var lastCP []byte
	dirty := false
	counter, _ := in.Reader.(SourceErrorCounter)
	var counted int64
	rs := results
	for {
		select {
		case r, ok := <-rs:
			if !ok {
				rs = nil
				continue
			}
			if r.err != nil {
				rs = nil
				if !errors.Is(r.err, io.EOF) {
					j.setFailed("source "+strconv.FormatUint(uint64(relID), 10), base.Errorf(base.CodeDataException, "source reader failed: %v", r.err))
				}
				continue
			}
			if r.cp != nil {
				lastCP, dirty = r.cp, true
			}
			if r.c == nil || r.c.Len() == 0 {
				continue
			}
			c := r.c
			if len(c.Ops) != c.Len() {
				c.Ops = make([]base.Op, c.Len())
			}
			if !send(chunkMsg(c)) {
				return
			}
		case m := <-in.Sub.ch:
			if m.Kind == msgBarrier && counter != nil {
				if n := counter.Errors(); n > counted {
					j.errors.Add(n - counted)
					counted = n
				}
			}
			if m.Kind == msgBarrier && dirty && m.Barrier.Epoch >= j.startEpoch {
				j.rt.setSourceOffset(m.Barrier.Epoch, relID, split, lastCP)
				dirty = false
			}
			if !send(m) {
				return
			}
		case <-j.stopCh:
			return
		}
	}
}

// setSourceOffset records a source offset in pending epoch e's batch.
func (rt *Runtime) setSourceOffset(e uint64, sourceID uint32, split string, offset []byte) {
	es := rt.epoch(e)
	if es == nil {
		rt.log.Error("source offset for an epoch that is not pending", "epoch", e, "source", sourceID)
		return
	}
	es.mu.Lock()
	es.batch.SetSourceOffset(sourceID, split, offset)
	es.hasData = true
	es.mu.Unlock()
}
