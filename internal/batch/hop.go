package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/plan"
)

// hopOp expands each row into the hopping windows that contain its time
// column: every [s, s+size) with s = k*slide + offset and s <= ts < s+size,
// emitted in ascending s. Rows with a NULL time produce nothing. Month
// intervals have no fixed length and are rejected, as in RisingWave.
type hopOp struct {
	input               Operator
	timeCol             int
	slide, size, offset int64 // µs
	types               []base.Type

	out outChunk
	// pending input rows of the current chunk
	in   *base.Chunk
	done bool
	row  int
	win  int // next window of the current row
}

func newHop(n *plan.Hop, input Operator) (Operator, error) {
	us := func(iv base.Interval, what string) (int64, error) {
		if iv.Months != 0 {
			return 0, base.NotSupported("%s of a hop window must not contain months", what)
		}
		return int64(iv.Days)*86400_000_000 + iv.Micros, nil
	}
	h := &hopOp{input: input, timeCol: n.TimeCol}
	var err error
	if h.slide, err = us(n.Slide, "slide"); err != nil {
		return nil, err
	}
	if h.size, err = us(n.Size, "size"); err != nil {
		return nil, err
	}
	if h.offset, err = us(n.Offset, "offset"); err != nil {
		return nil, err
	}
	if h.slide <= 0 || h.size <= 0 {
		return nil, base.Errorf(base.CodeInvalidParameterValue, "window slide and size must be positive")
	}
	in := input.Types()
	switch in[n.TimeCol].Kind {
	case base.KindTimestamp, base.KindTimestampTZ:
	default:
		return nil, base.Errorf(base.CodeDatatypeMismatch, "hop time column must be a timestamp, not %s", in[n.TimeCol])
	}
	h.types = append(append([]base.Type{}, in...), in[n.TimeCol], in[n.TimeCol])
	return h, nil
}

func (h *hopOp) Types() []base.Type { return h.types }

func (h *hopOp) Open(ctx *ExecContext) error {
	h.in, h.done = nil, false
	return h.input.Open(ctx)
}

// floorDiv is floor(a/b) for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// firstStart is the smallest window start s (on the slide grid) with
// s + size > ts.
func (h *hopOp) firstStart(ts int64) int64 {
	// s > ts - size  ⇔  k > (ts - size - offset)/slide
	k := floorDiv(ts-h.size-h.offset, h.slide) + 1
	return k*h.slide + h.offset
}

func (h *hopOp) Next() (*base.Chunk, error) {
	var out *base.Chunk
	nin := len(h.types) - 2
	for {
		if h.in == nil {
			if h.done {
				return nil, nil
			}
			c, err := h.input.Next()
			if err != nil {
				return nil, err
			}
			if c == nil {
				h.done = true
				if out != nil && out.Len() > 0 {
					return out, nil
				}
				return nil, nil
			}
			h.in, h.row, h.win = c, 0, 0
		}
		if out == nil {
			out = h.out.get(h.types)
		}
		tv := h.in.Cols[h.timeCol]
		n := h.in.Len()
		for ; h.row < n; h.row++ {
			if tv.IsNull(h.row) {
				continue
			}
			ts := tv.I64[h.row]
			s := h.firstStart(ts) + int64(h.win)*h.slide
			for ; s <= ts; s += h.slide {
				if out.Len() >= base.MaxChunkRows {
					return out, nil
				}
				for c := 0; c < nin; c++ {
					appendFrom(out.Cols[c], h.in.Cols[c], h.row)
				}
				out.Cols[nin].AppendInt(s)
				out.Cols[nin+1].AppendInt(s + h.size)
				h.win++
			}
			h.win = 0
		}
		// The input chunk is consumed; its rows were copied into out, so
		// it may be replaced before out is returned.
		h.in = nil
		if out.Len() >= base.MaxChunkRows/2 {
			return out, nil
		}
	}
}

func (h *hopOp) Close() error { return h.input.Close() }
