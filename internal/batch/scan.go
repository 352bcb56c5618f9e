package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// scanOp reads a stored relation through ExecContext.Storage.
type scanOp struct {
	// config
	rel   *catalog.Relation
	cols  []int
	types []base.Type
	// run-time
	ctx *ExecContext
	it  ChunkIterator
}

func newScan(rel *catalog.Relation, cols []int) *scanOp {
	types := make([]base.Type, len(cols))
	for i, c := range cols {
		types[i] = rel.Columns[c].Type
	}
	return &scanOp{rel: rel, cols: cols, types: types}
}

func (s *scanOp) Types() []base.Type { return s.types }

func (s *scanOp) Open(ctx *ExecContext) error {
	s.ctx = ctx
	if ctx.Storage == nil {
		return base.Errorf(base.CodeInternalError, "no storage to scan %s", s.rel.QualifiedName())
	}
	it, err := ctx.Storage.ScanTable(ctx.Ctx, s.rel, s.cols)
	if err != nil {
		return err
	}
	s.it = it
	return nil
}

func (s *scanOp) Next() (*base.Chunk, error) {
	if err := s.ctx.checkCancel(); err != nil {
		return nil, err
	}
	for {
		c, err := s.it.Next()
		if err != nil || c == nil {
			return nil, err
		}
		if c.Len() > 0 { // skip empty chunks a store may yield
			return c, nil
		}
	}
}

func (s *scanOp) Close() error {
	if s.it != nil {
		s.it.Close()
		s.it = nil
	}
	return nil
}
