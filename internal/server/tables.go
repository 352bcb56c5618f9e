package server

import (
	"context"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/batch"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/state"
	"github.com/tributarydb/tributary/internal/syscat"
)

// Table rows live in the state store under the relation's ID: the key is
// the memcomparable encoding of the primary-key columns, the value the
// row encoding of every column (hidden ones included). See
// docs/format/state.md.

// rowIDSequence names the sequence that hands out hidden _row_id values.
const rowIDSequence = "row_id"

func encodePK(dst []byte, rel *catalog.Relation, row []base.Datum) []byte {
	for _, i := range rel.PK {
		dst = base.EncodeKey(dst, row[i], false)
	}
	return dst
}

func columnTypes(rel *catalog.Relation) []base.Type {
	ts := make([]base.Type, len(rel.Columns))
	for i, c := range rel.Columns {
		ts[i] = c.Type
	}
	return ts
}

// snapshotStorage reads tables as of one snapshot (batch.Storage). The
// pending writes of the statement's own writer, if any, are overlaid so a
// statement sees its earlier effects only where PostgreSQL would
// (never for scans: a statement's scans see the snapshot only).
type snapshotStorage struct {
	snap *state.Snapshot
	// sys computes system relations (pg_catalog, information_schema) for
	// the statement's session; nil: as seen by an anonymous root session.
	sys *syscat.Env
}

func (s *snapshotStorage) ScanTable(ctx context.Context, rel *catalog.Relation, cols []int) (batch.ChunkIterator, error) {
	if syscat.IsSystem(rel) {
		return s.scanSystem(ctx, rel, cols)
	}
	if rel.Kind == catalog.KindSource {
		return nil, base.NotSupported("reading source %q directly is not supported", rel.QualifiedName()).
			WithHint("Create a materialized view over the source and query it: CREATE MATERIALIZED VIEW v AS SELECT ... FROM %s;", rel.QualifiedName())
	}
	if !rel.IsMaterialized() {
		return nil, base.NotSupported("reading %s %q is not supported yet", rel.Kind, rel.QualifiedName())
	}
	it, err := s.snap.NewIterator(rel.ID, nil, nil)
	if err != nil {
		return nil, err
	}
	if cols == nil {
		cols = make([]int, len(rel.Columns))
		for i := range cols {
			cols[i] = i
		}
	}
	types := columnTypes(rel)
	outTypes := make([]base.Type, len(cols))
	for i, c := range cols {
		outTypes[i] = types[c]
	}
	return &tableIter{ctx: ctx, it: it, types: types, cols: cols, chunk: base.NewChunk(outTypes, base.MaxChunkRows), first: true, rel: rel}, nil
}

type tableIter struct {
	ctx   context.Context
	rel   *catalog.Relation
	it    *state.Iterator
	types []base.Type
	cols  []int
	chunk *base.Chunk
	first bool
	done  bool
}

func (t *tableIter) Next() (*base.Chunk, error) {
	if t.done {
		return nil, nil
	}
	t.chunk.Reset()
	for t.chunk.Len() < base.MaxChunkRows || len(t.cols) == 0 && t.chunk.Rows < base.MaxChunkRows {
		var ok bool
		if t.first {
			ok = t.it.First()
			t.first = false
		} else {
			ok = t.it.Next()
		}
		if !ok {
			if err := t.it.Error(); err != nil {
				return nil, err
			}
			t.done = true
			break
		}
		row, err := base.DecodeRow(t.it.Value(), t.types)
		if err != nil {
			return nil, base.Errorf(base.CodeDataCorrupted, "table %q: corrupted row: %v", t.rel.QualifiedName(), err)
		}
		for j, c := range t.cols {
			t.chunk.Cols[j].Append(row[c])
		}
		if len(t.cols) == 0 {
			t.chunk.Rows++
		}
	}
	if t.chunk.Len() == 0 {
		return nil, nil
	}
	if err := t.ctx.Err(); err != nil {
		return nil, base.Errorf(base.CodeQueryCanceled, "canceling statement due to user request")
	}
	return t.chunk, nil
}

func (t *tableIter) Close() { t.it.Close() }

// tableWriter buffers one statement's writes in a state batch
// (batch.TableWriter). Reads of existing rows see the snapshot plus the
// statement's own earlier writes, so INSERT ... VALUES (1), (1) with a
// key behaves as two successive upserts.
type tableWriter struct {
	srv     *Server
	snap    *state.Snapshot
	b       *state.Batch
	pending map[uint32]map[string][]byte // nil value: deleted
	// changes are the statement's row changes per table, in order, with
	// ops: the feed that materialized views consume after the commit.
	changes map[uint32]*base.Chunk
	rels    map[uint32]*catalog.Relation
}

func newTableWriter(srv *Server, snap *state.Snapshot, b *state.Batch) *tableWriter {
	return &tableWriter{srv: srv, snap: snap, b: b, pending: map[uint32]map[string][]byte{},
		changes: map[uint32]*base.Chunk{}, rels: map[uint32]*catalog.Relation{}}
}

// record appends one change of rel's full-width row.
func (w *tableWriter) record(rel *catalog.Relation, op base.Op, row []base.Datum) {
	c := w.changes[rel.ID]
	if c == nil {
		c = base.NewChunk(columnTypes(rel), 16)
		w.changes[rel.ID] = c
		w.rels[rel.ID] = rel
	}
	c.AppendRow(row)
	c.Ops = append(c.Ops, op)
}

func (w *tableWriter) get(rel *catalog.Relation, key []byte) ([]base.Datum, bool, error) {
	if m := w.pending[rel.ID]; m != nil {
		if v, ok := m[string(key)]; ok {
			if v == nil {
				return nil, false, nil
			}
			row, err := base.DecodeRow(v, columnTypes(rel))
			return row, err == nil, err
		}
	}
	v, ok, err := w.snap.Get(rel.ID, key)
	if err != nil || !ok {
		return nil, false, err
	}
	row, err := base.DecodeRow(v, columnTypes(rel))
	if err != nil {
		return nil, false, base.Errorf(base.CodeDataCorrupted, "table %q: corrupted row: %v", rel.QualifiedName(), err)
	}
	return row, true, nil
}

func (w *tableWriter) put(rel *catalog.Relation, key []byte, row []base.Datum) {
	v := base.EncodeRow(nil, row)
	m := w.pending[rel.ID]
	if m == nil {
		m = map[string][]byte{}
		w.pending[rel.ID] = m
	}
	m[string(key)] = v
	w.b.Put(rel.ID, key, v)
}

func (w *tableWriter) del(rel *catalog.Relation, key []byte) {
	m := w.pending[rel.ID]
	if m == nil {
		m = map[string][]byte{}
		w.pending[rel.ID] = m
	}
	m[string(key)] = nil
	w.b.Delete(rel.ID, key)
}

func (w *tableWriter) Insert(ctx context.Context, rel *catalog.Relation, rows *base.Chunk, opts batch.InsertOptions) (int, *base.Chunk, error) {
	if syscat.IsSystem(rel) {
		return 0, nil, errSystemWrite(rel)
	}
	n := rows.Len()
	if !rel.HasUserPK && !opts.Returning && n > 0 && fastRowKinds(rows.Cols) {
		return w.insertFresh(rel, rows)
	}
	var written *base.Chunk
	if opts.Returning {
		written = base.NewChunk(columnTypes(rel), n)
	}
	var nextID int64
	if !rel.HasUserPK && n > 0 {
		start, err := w.srv.store.NextSequence(rowIDSequence, int64(n))
		if err != nil {
			return 0, nil, err
		}
		nextID = start
	}
	affected := 0
	var key []byte
	for i := 0; i < n; i++ {
		row := rows.Row(i)
		if !rel.HasUserPK {
			row[rel.PK[0]] = base.DInt64(nextID)
			nextID++
		}
		key = encodePK(key[:0], rel, row)
		var old []base.Datum
		if rel.HasUserPK {
			existing, found, err := w.get(rel, key)
			if err != nil {
				return 0, nil, err
			}
			if found {
				old = existing
				switch opts.Conflict {
				case batch.ConflictDoNothing:
					continue
				case batch.ConflictError:
					return 0, nil, uniqueViolationErr(rel, row)
				case batch.ConflictDoUpdate:
					upd, ok, err := opts.DoUpdate(existing, row)
					if err != nil {
						return 0, nil, err
					}
					if !ok {
						continue
					}
					newKey := encodePK(nil, rel, upd)
					if string(newKey) != string(key) {
						return 0, nil, base.NotSupported("ON CONFLICT DO UPDATE cannot change the primary key")
					}
					row = upd
				}
			}
		}
		w.put(rel, key, row)
		if old != nil {
			w.record(rel, base.OpUpdateDelete, old)
			w.record(rel, base.OpUpdateInsert, row)
		} else {
			w.record(rel, base.OpInsert, row)
		}
		affected++
		if written != nil {
			written.AppendRow(row)
		}
	}
	return affected, written, nil
}

// insertFresh is Insert for a table without a user primary key (COPY's
// and bulk INSERT's common case): every row gets a fresh _row_id, so
// there is nothing to read, no conflict, and no later read in this
// statement can ask for these keys (UPDATE and DELETE find their rows in
// the statement's snapshot), so they are not kept in w.pending. Rows are
// encoded and recorded column-wise, without a Datum per value.
func (w *tableWriter) insertFresh(rel *catalog.Relation, rows *base.Chunk) (int, *base.Chunk, error) {
	n := rows.Len()
	start, err := w.srv.store.NextSequence(rowIDSequence, int64(n))
	if err != nil {
		return 0, nil, err
	}
	idCol := rel.PK[0]
	c := w.changes[rel.ID]
	if c == nil {
		c = base.NewChunk(columnTypes(rel), n)
		w.changes[rel.ID] = c
		w.rels[rel.ID] = rel
	}
	var key, val []byte
	for i := 0; i < n; i++ {
		id := start + int64(i)
		key = base.EncodeKey(key[:0], base.DInt64(id), false)
		val = appendChunkRow(val[:0], rows.Cols, i, idCol, id)
		w.b.Put(rel.ID, key, val) // copied by the batch
	}
	for j, v := range c.Cols {
		if j == idCol {
			for i := 0; i < n; i++ {
				v.AppendInt(start + int64(i))
			}
			continue
		}
		src := rows.Cols[j]
		for i := 0; i < n; i++ {
			v.AppendFrom(src, i)
		}
	}
	for i := 0; i < n; i++ {
		c.Ops = append(c.Ops, base.OpInsert)
	}
	return n, nil, nil
}

func (w *tableWriter) Update(ctx context.Context, rel *catalog.Relation, old, new *base.Chunk) (int, error) {
	if syscat.IsSystem(rel) {
		return 0, errSystemWrite(rel)
	}
	affected := 0
	for i := 0; i < old.Len(); i++ {
		o, nw := old.Row(i), new.Row(i)
		oldKey := encodePK(nil, rel, o)
		newKey := encodePK(nil, rel, nw)
		if string(oldKey) != string(newKey) {
			if _, found, err := w.get(rel, newKey); err != nil {
				return 0, err
			} else if found {
				return 0, uniqueViolationErr(rel, nw)
			}
			w.del(rel, oldKey)
		}
		w.put(rel, newKey, nw)
		w.record(rel, base.OpUpdateDelete, o)
		w.record(rel, base.OpUpdateInsert, nw)
		affected++
	}
	return affected, nil
}

func (w *tableWriter) Delete(ctx context.Context, rel *catalog.Relation, rows *base.Chunk) (int, error) {
	if syscat.IsSystem(rel) {
		return 0, errSystemWrite(rel)
	}
	affected := 0
	for i := 0; i < rows.Len(); i++ {
		key := encodePK(nil, rel, rows.Row(i))
		old, found, err := w.get(rel, key)
		if err != nil {
			return 0, err
		} else if !found {
			continue
		}
		w.del(rel, key)
		w.record(rel, base.OpDelete, old)
		affected++
	}
	return affected, nil
}

func uniqueViolationErr(rel *catalog.Relation, row []base.Datum) error {
	names, vals := "", ""
	for i, c := range rel.PK {
		if i > 0 {
			names += ", "
			vals += ", "
		}
		names += rel.Columns[c].Name
		vals += base.FormatText(row[c], rel.Columns[c].Type, nil)
	}
	return base.Errorf(base.CodeUniqueViolation, "duplicate key value violates unique constraint %q", rel.Name+"_pkey").
		WithDetail("Key (%s)=(%s) already exists.", names, vals)
}
