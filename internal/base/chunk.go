package base

// Op is the change kind of a row in a Chunk.
type Op uint8

const (
	OpInsert       Op = iota
	OpDelete          // retraction of a previously emitted row
	OpUpdateDelete    // old half of an update; always followed by OpUpdateInsert
	OpUpdateInsert    // new half of an update
)

// IsInsert reports whether op adds a row (Insert or UpdateInsert).
func (o Op) IsInsert() bool { return o == OpInsert || o == OpUpdateInsert }

// MaxChunkRows is the target number of rows in one chunk.
const MaxChunkRows = 1024

// Chunk is a batch of rows stored column by column. Ops is nil for batch
// (insert-only) chunks; otherwise len(Ops) == Len().
type Chunk struct {
	Cols []*Vector
	Ops  []Op
	Rows int // row count when there are no columns (SELECT count(*) inputs)
}

// NewChunk returns an empty chunk with one vector per type.
func NewChunk(types []Type, capacity int) *Chunk {
	c := &Chunk{Cols: make([]*Vector, len(types))}
	for i, t := range types {
		c.Cols[i] = NewVector(t, capacity)
	}
	return c
}

// Len is the number of rows (the length of the first column; a chunk with no
// columns uses len(Ops) or the explicit count in Rows).
func (c *Chunk) Len() int {
	if len(c.Cols) > 0 {
		return c.Cols[0].Len()
	}
	return c.Rows
}

// Row returns row i as datums (slow path: results, tests).
func (c *Chunk) Row(i int) []Datum {
	r := make([]Datum, len(c.Cols))
	for j, v := range c.Cols {
		r[j] = v.Get(i)
	}
	return r
}

// AppendRow appends datums as one row (slow path).
func (c *Chunk) AppendRow(r []Datum) {
	for j, v := range c.Cols {
		v.Append(r[j])
	}
	if len(c.Cols) == 0 {
		c.Rows++
	}
}

// Reset empties the chunk, keeping capacity.
func (c *Chunk) Reset() {
	for _, v := range c.Cols {
		v.Reset()
	}
	c.Ops = c.Ops[:0]
	c.Rows = 0
}
