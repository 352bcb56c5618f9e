package stream

import "github.com/tributarydb/tributary/internal/base"

// Barrier separates epochs on every stream. All barriers with the same
// Epoch derive from one injection, so every operator sees one consistent
// cut of every input.
type Barrier struct {
	Epoch uint64
	// Now is the wall-clock time of the injection (µs since the Unix
	// epoch): now()/CURRENT_TIMESTAMP of the epoch that the barrier
	// opens, shared by every operator.
	Now int64
}

// Watermark promises that no later row has column Col below Val.
type Watermark struct {
	Col int
	Val base.Datum
}

type msgKind uint8

const (
	msgChunk msgKind = iota
	msgBarrier
	msgWatermark
)

// Message is one item on an operator input: a chunk of changes (Ops set),
// a barrier or a watermark. Chunks are read-only once sent: a chunk may be
// shared by several receivers.
type Message struct {
	Kind      msgKind
	Chunk     *base.Chunk
	Barrier   Barrier
	Watermark Watermark
}

func chunkMsg(c *base.Chunk) Message { return Message{Kind: msgChunk, Chunk: c} }
func barrierMsg(b Barrier) Message   { return Message{Kind: msgBarrier, Barrier: b} }
