package batch

import (
	"context"
	"encoding/binary"
	"math"
	"slices"
	"sync"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// MemStorage is an in-memory Storage and TableWriter keyed by relation ID:
// the executor's test double and the reference for the state-store
// implementation. Scans see a snapshot taken at ScanTable and return rows
// in primary-key order. Safe for concurrent use.
type MemStorage struct {
	mu     sync.Mutex
	tables map[uint32]*memTable
}

type memTable struct {
	rows      map[string][]base.Datum
	nextRowID int64
}

// NewMemStorage returns an empty store.
func NewMemStorage() *MemStorage { return &MemStorage{tables: map[uint32]*memTable{}} }

func (m *MemStorage) table(rel *catalog.Relation) *memTable {
	t := m.tables[rel.ID]
	if t == nil {
		t = &memTable{rows: map[string][]base.Datum{}, nextRowID: 1}
		m.tables[rel.ID] = t
	}
	return t
}

// Load appends rows (full width) to rel, overwriting equal keys; rows
// without a user PK get row ids. For test setup.
func (m *MemStorage) Load(rel *catalog.Relation, rows ...[]base.Datum) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.table(rel)
	for _, r := range rows {
		r = slices.Clone(r)
		t.assignRowID(rel, r)
		t.rows[pkKey(rel, r)] = r
	}
}

// Rows returns rel's rows in primary-key order.
func (m *MemStorage) Rows(rel *catalog.Relation) [][]base.Datum {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.table(rel).sorted(rel)
}

// Drop forgets rel's rows.
func (m *MemStorage) Drop(rel *catalog.Relation) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.tables, rel.ID)
}

func (t *memTable) assignRowID(rel *catalog.Relation, r []base.Datum) {
	if !rel.HasUserPK && len(rel.PK) == 1 && r[rel.PK[0]].Null {
		r[rel.PK[0]] = base.DInt64(t.nextRowID)
		t.nextRowID++
	}
}

func (t *memTable) sorted(rel *catalog.Relation) [][]base.Datum {
	out := make([][]base.Datum, 0, len(t.rows))
	for _, r := range t.rows {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b []base.Datum) int {
		for _, c := range rel.PK {
			if x := compareDatum(&a[c], &b[c]); x != 0 {
				return x
			}
		}
		return 0
	})
	return out
}

// ScanTable implements Storage.
func (m *MemStorage) ScanTable(ctx context.Context, rel *catalog.Relation, cols []int) (ChunkIterator, error) {
	m.mu.Lock()
	rows := m.table(rel).sorted(rel)
	m.mu.Unlock()
	if cols == nil {
		cols = make([]int, len(rel.Columns))
		for i := range cols {
			cols[i] = i
		}
	}
	types := make([]base.Type, len(cols))
	for i, c := range cols {
		types[i] = rel.Columns[c].Type
	}
	return &memIter{rows: rows, cols: cols, types: types}, nil
}

type memIter struct {
	rows  [][]base.Datum
	cols  []int
	types []base.Type
	pos   int
	out   outChunk
}

func (it *memIter) Next() (*base.Chunk, error) {
	if it.pos >= len(it.rows) {
		return nil, nil
	}
	c := it.out.get(it.types)
	end := min(it.pos+base.MaxChunkRows, len(it.rows))
	for _, r := range it.rows[it.pos:end] {
		for j, col := range it.cols {
			c.Cols[j].Append(r[col])
		}
	}
	c.Rows = end - it.pos
	it.pos = end
	return c, nil
}

func (it *memIter) Close() {}

// Insert implements TableWriter.
func (m *MemStorage) Insert(ctx context.Context, rel *catalog.Relation, rows *base.Chunk, opts InsertOptions) (int, *base.Chunk, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.table(rel)
	var written *base.Chunk
	if opts.Returning {
		written = base.NewChunk(typesOf(rows.Cols), rows.Len())
	}
	affected := 0
	for i := 0; i < rows.Len(); i++ {
		r := rows.Row(i)
		t.assignRowID(rel, r)
		k := pkKey(rel, r)
		if old, ok := t.rows[k]; ok {
			switch opts.Conflict {
			case ConflictDoNothing:
				continue
			case ConflictError:
				return affected, written, uniqueViolation(rel, r)
			case ConflictDoUpdate:
				nr, ok, err := opts.DoUpdate(old, r)
				if err != nil {
					return affected, written, err
				}
				if !ok {
					continue
				}
				if nk := pkKey(rel, nr); nk != k {
					if _, clash := t.rows[nk]; clash {
						return affected, written, uniqueViolation(rel, nr)
					}
					delete(t.rows, k)
					k = nk
				}
				r = nr
			}
		}
		t.rows[k] = r
		affected++
		if written != nil {
			written.AppendRow(r)
		}
	}
	return affected, written, nil
}

// Update implements TableWriter.
func (m *MemStorage) Update(ctx context.Context, rel *catalog.Relation, old, new *base.Chunk) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.table(rel)
	affected := 0
	for i := 0; i < old.Len(); i++ {
		o, n := old.Row(i), new.Row(i)
		ok, nk := pkKey(rel, o), pkKey(rel, n)
		if _, exists := t.rows[ok]; !exists {
			continue
		}
		if nk != ok {
			if _, clash := t.rows[nk]; clash {
				return affected, uniqueViolation(rel, n)
			}
			delete(t.rows, ok)
		}
		t.rows[nk] = n
		affected++
	}
	return affected, nil
}

// Delete implements TableWriter.
func (m *MemStorage) Delete(ctx context.Context, rel *catalog.Relation, rows *base.Chunk) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.table(rel)
	affected := 0
	for i := 0; i < rows.Len(); i++ {
		k := pkKey(rel, rows.Row(i))
		if _, ok := t.rows[k]; ok {
			delete(t.rows, k)
			affected++
		}
	}
	return affected, nil
}

// pkKey encodes the PK columns of r as a map key; values equal under
// PostgreSQL's btree equality encode equally.
func pkKey(rel *catalog.Relation, r []base.Datum) string {
	var b []byte
	for _, c := range rel.PK {
		b = appendKeyDatum(b, &r[c])
	}
	return string(b)
}

func appendKeyDatum(b []byte, d *base.Datum) []byte {
	if d.Null {
		return append(b, 0)
	}
	b = append(b, 1)
	switch payloadOf(d.K) {
	case plI64:
		return binary.BigEndian.AppendUint64(b, uint64(d.I))
	case plF64:
		f := d.F
		if f == 0 {
			f = 0
		}
		if f != f {
			f = math.NaN()
		}
		return binary.BigEndian.AppendUint64(b, math.Float64bits(f))
	case plBytes:
		b = binary.BigEndian.AppendUint32(b, uint32(len(d.S)))
		return append(b, d.S...)
	}
	switch d.K {
	case base.KindNumeric:
		var r apd.Decimal
		r.Reduce(d.D)
		s := r.Text('E')
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		return append(b, s...)
	case base.KindInterval:
		return binary.BigEndian.AppendUint64(b, uint64(intervalSpan(d.Iv)))
	case base.KindArray:
		b = binary.BigEndian.AppendUint32(b, uint32(len(d.A)))
		for i := range d.A {
			b = appendKeyDatum(b, &d.A[i])
		}
		return b
	}
	s := base.FormatText(*d, base.Type{Kind: d.K}, nil)
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}
