package batch

import (
	"github.com/tributarydb/tributary/internal/base"
)

// distinctOp removes duplicate rows (NULLs equal) with a groupTable over
// all columns, streaming: a row is emitted when it creates a new group.
type distinctOp struct {
	input Operator

	ctx    *ExecContext
	mem    memTracker
	table  *groupTable
	hashes []uint64
	gids   []int32
	sel    []int32
	out    outChunk
	empty  bool // zero-column input: emitted the one row already
}

func (d *distinctOp) Types() []base.Type { return d.input.Types() }

func (d *distinctOp) Open(ctx *ExecContext) error {
	d.ctx, d.empty = ctx, false
	d.mem.init(ctx)
	d.table = newGroupTable(d.input.Types())
	return d.input.Open(ctx)
}

func (d *distinctOp) Next() (*base.Chunk, error) {
	for {
		in, err := d.input.Next()
		if err != nil || in == nil {
			return nil, err
		}
		n := in.Len()
		if len(in.Cols) == 0 {
			if d.empty {
				continue
			}
			d.empty = true
			return chunkOf(nil, 1), nil
		}
		d.hashes = resizeU64(d.hashes, n)
		for c, v := range in.Cols {
			hashVector(v, n, d.hashes, c == 0)
		}
		d.gids = resizeI32(d.gids, n)
		next := int32(d.table.len())
		d.table.findOrInsert(in.Cols, n, d.hashes, nil, d.gids)
		d.sel = d.sel[:0]
		for i, g := range d.gids[:n] {
			if g == next {
				d.sel = append(d.sel, int32(i))
				next++
			}
		}
		if err := d.mem.set(d.table.bytes()); err != nil {
			return nil, err
		}
		switch len(d.sel) {
		case 0:
			continue
		case n:
			return in, nil
		}
		out := d.out.like(in.Cols)
		for c, v := range in.Cols {
			appendRows(out.Cols[c], v, 0, d.sel)
		}
		out.Rows = len(d.sel)
		return out, nil
	}
}

func (d *distinctOp) Close() error {
	d.mem.release()
	d.table = nil
	return d.input.Close()
}
