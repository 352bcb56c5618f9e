package server

import (
	"context"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/batch"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/state"
	"github.com/tributarydb/tributary/internal/syscat"
)

// VersionString is what version() returns: clients (JDBC, SQLAlchemy,
// BI tools) parse the "PostgreSQL 15.0" prefix.
const VersionString = "PostgreSQL 15.0 (Tributary 0.1.0) on x86_64-pc-linux-gnu, compiled by Go, 64-bit"

func init() {
	expr.ProcessStart = time.Now().UnixMicro()
	fns := expr.Functions()
	procs := make([]syscat.Proc, len(fns))
	for i, f := range fns {
		procs[i] = syscat.Proc{Name: f.Name, Args: f.Args, Ret: f.Ret, Kind: f.Kind, Variadic: f.Variadic, Strict: f.Strict, Volatile: f.Volatile}
	}
	syscat.SetProcs(procs)
}

// sysEnv is the session's view for system relations and catalog
// functions, over catalog snapshot cat.
func (s *session) sysEnv(cat *catalog.Catalog) *syscat.Env {
	env := &syscat.Env{Cat: cat, User: s.user, Database: s.db, SearchPath: s.searchPath(),
		PID: int32(s.pid), ApplicationName: s.get(settings["application_name"]), BackendStart: s.started.UnixMicro()}
	for _, st := range sortedSettings() {
		env.Settings = append(env.Settings, syscat.Setting{Name: st.name, Value: s.get(st), Default: st.def, Desc: st.desc, ReadOnly: st.readOnly})
	}
	return env
}

// storage is the batch.Storage of one statement reading snapshot snap.
func (s *session) storage(snap *state.Snapshot, ev *expr.Context) *snapshotStorage {
	st := &snapshotStorage{snap: snap}
	if env, ok := ev.Catalog.(*syscat.Env); ok {
		st.sys = env
	}
	return st
}

// scanSystem produces a system relation's rows (computed, never stored).
func (s *snapshotStorage) scanSystem(ctx context.Context, rel *catalog.Relation, cols []int) (batch.ChunkIterator, error) {
	env := s.sys
	if env == nil {
		env = &syscat.Env{}
	}
	rows, err := syscat.Rows(rel, env)
	if err != nil {
		return nil, err
	}
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
	return &rowsIter{ctx: ctx, rows: rows, cols: cols, types: types}, nil
}

// rowsIter serves materialized rows as chunks.
type rowsIter struct {
	ctx   context.Context
	rows  [][]base.Datum
	cols  []int
	types []base.Type
	pos   int
}

func (it *rowsIter) Next() (*base.Chunk, error) {
	if it.pos >= len(it.rows) {
		return nil, nil
	}
	if err := it.ctx.Err(); err != nil {
		return nil, base.Errorf(base.CodeQueryCanceled, "canceling statement due to user request")
	}
	n := min(len(it.rows)-it.pos, base.MaxChunkRows)
	c := base.NewChunk(it.types, n)
	for _, row := range it.rows[it.pos : it.pos+n] {
		for j, col := range it.cols {
			c.Cols[j].Append(row[col])
		}
	}
	if len(it.cols) == 0 {
		c.Rows = n
	}
	it.pos += n
	return c, nil
}

func (it *rowsIter) Close() {}

// errSystemWrite refuses writes to system relations.
func errSystemWrite(rel *catalog.Relation) error {
	return base.Errorf(base.CodeInsufficientPrivilege, "permission denied: %q is a system catalog", rel.Name)
}

// existingSchemas is the search path without schemas that do not exist
// (what current_schema() and current_schemas() report).
func (s *session) existingSchemas() []string {
	cat := s.srv.Catalog()
	var out []string
	for _, p := range s.searchPath() {
		if _, err := cat.SchemaByName(p); err == nil {
			out = append(out, p)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}
