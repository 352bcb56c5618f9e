package server

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/plan"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/parser"
	"github.com/tributarydb/tributary/internal/state"
	"github.com/tributarydb/tributary/internal/stream"
)

// Materialized views are streaming jobs of the runtime. Their rows live
// under the view's relation ID with the same layout as table rows, so a
// SELECT reads them like a table, at the last committed epoch.
//
// Tables are the durable inputs: after each write statement commits, its
// row changes are published to the runtime. On restart every view is
// rebuilt from its (durable) inputs, so its contents are exact.

// idAllocator hands out state-table IDs from the catalog being changed by
// the current DDL statement (the runtime calls it while the statement
// holds writeMu).
func (s *Server) allocTableID() uint32 {
	if s.idCat == nil {
		panic("state table ID requested outside a DDL statement")
	}
	return s.idCat.ReserveIDs(1)
}

// startRuntime creates the streaming runtime and restarts every
// materialized view of the catalog.
func (s *Server) startRuntime() error {
	s.rt = stream.NewRuntime(stream.Config{
		Store:           s.store,
		BarrierInterval: s.barrierInterval,
		Logger:          s.log,
		AllocTableID:    s.allocTableID,
	})
	s.rt.Start()
	var mvs []*catalog.Relation
	for _, r := range s.Catalog().Relations() {
		if r.Kind == catalog.KindMaterializedView {
			mvs = append(mvs, r)
		}
	}
	if len(mvs) == 0 {
		return nil
	}
	// IDs grow with creation time, and a view only reads older objects.
	sort.Slice(mvs, func(i, j int) bool { return mvs[i].ID < mvs[j].ID })
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	cat := s.Catalog().Clone()
	b := s.store.NewBatch()
	defer b.Close()
	s.idCat = cat
	defer func() { s.idCat = nil }()
	sess := s.internalSession()
	for _, mv := range mvs {
		// Rebuild from scratch: clear the old rows and operator state.
		b.DeleteRange(mv.ID)
		for _, t := range mv.InternalTables {
			b.DeleteRange(t)
		}
	}
	// The clears must be durable before jobs write new state.
	if err := s.commitCatalog(cat, b); err != nil {
		return err
	}
	b2 := s.store.NewBatch()
	defer b2.Close()
	for _, mv := range mvs {
		q, err := parser.ParseOne(mv.Definition)
		if err != nil {
			return fmt.Errorf("materialized view %s: stored definition does not parse: %w", mv.QualifiedName(), err)
		}
		p, err := plan.NewBinder(sess.bindContext(cat, mv.Definition, nil)).BindQuery(q)
		if err != nil {
			return fmt.Errorf("materialized view %s: %w", mv.QualifiedName(), err)
		}
		jp, err := stream.Plan(p, cat.RelationByID)
		if err != nil {
			return fmt.Errorf("materialized view %s: %w", mv.QualifiedName(), err)
		}
		job, err := s.startJob(context.Background(), mv.ID, jp)
		if err != nil {
			return fmt.Errorf("materialized view %s: %w", mv.QualifiedName(), err)
		}
		r := cat.RelationByID(mv.ID).Clone()
		r.InternalTables = job.StateTableIDs()
		if err := cat.ReplaceRelation(r); err != nil {
			return err
		}
	}
	if err := s.commitCatalog(cat, b2); err != nil {
		return err
	}
	// Serve no query before the views are complete again.
	if err := s.rt.Flush(context.Background()); err != nil {
		return err
	}
	s.log.Info("restarted materialized views", "count", len(mvs))
	return nil
}

// internalSession is a root session for work the server does itself.
func (s *Server) internalSession() *session {
	return &session{srv: s, user: catalog.RootUser, db: s.Catalog().Database(), vars: map[string]string{}, loc: time.UTC, tx: 'I', changed: map[string]string{}}
}

// startJob subscribes to the job's table inputs and snapshots them at the
// same moment (the caller holds writeMu, so no write commits between the
// two), then starts the job.
func (s *Server) startJob(ctx context.Context, id uint32, jp *stream.JobPlan) (*stream.Job, error) {
	inputs := map[uint32]stream.Input{}
	var snaps []*state.Snapshot
	cat := s.idCat
	for _, in := range jp.Inputs {
		rel := cat.RelationByID(in)
		if rel == nil {
			return nil, base.Errorf(base.CodeUndefinedTable, "relation %d does not exist", in)
		}
		if rel.Kind == catalog.KindSource {
			r, err := sourceReader(rel)
			if err != nil {
				for _, sn := range snaps {
					sn.Close()
				}
				closeInputs(inputs)
				return nil, err
			}
			inputs[in] = stream.Input{Reader: r}
			continue
		}
		if rel.Kind != catalog.KindTable {
			continue // views of this runtime are fed internally
		}
		snap := s.store.NewSnapshot()
		snaps = append(snaps, snap)
		inputs[in] = stream.Input{Sub: s.rt.Subscribe(in), Snapshot: snapshotFeed(snap, rel)}
	}
	job, err := s.rt.CreateJob(ctx, id, jp, inputs)
	if err != nil {
		for _, sn := range snaps {
			sn.Close()
		}
		return nil, err
	}
	return job, nil
}

// snapshotFeed emits a table's rows from snap as insert chunks, once, and
// releases the snapshot.
func snapshotFeed(snap *state.Snapshot, rel *catalog.Relation) func(emit func(*base.Chunk) error) error {
	return func(emit func(*base.Chunk) error) error {
		defer snap.Close()
		st := &snapshotStorage{snap: snap}
		it, err := st.ScanTable(context.Background(), rel, nil)
		if err != nil {
			return err
		}
		defer it.Close()
		for {
			c, err := it.Next()
			if err != nil || c == nil {
				return err
			}
			// The iterator reuses its chunk; the runtime keeps what it gets.
			cp := base.NewChunk(columnTypes(rel), c.Len())
			for i := 0; i < c.Len(); i++ {
				for j, v := range c.Cols {
					cp.Cols[j].AppendFrom(v, i)
				}
			}
			if err := emit(cp); err != nil {
				return err
			}
		}
	}
}

// publish hands a committed statement's row changes to the runtime.
func (s *Server) publish(w *tableWriter) {
	for id, c := range w.changes {
		if c.Len() > 0 {
			s.rt.Publish(id, c)
		}
	}
}

func (d *ddl) createMaterializedView(ctx context.Context, n *ast.CreateMaterializedViewStmt, st *statement) (string, error) {
	if n.EmitOnWindowClose {
		return "", base.NotSupported("EMIT ON WINDOW CLOSE is not supported yet: it needs watermarks")
	}
	schema, err := d.targetSchema(n.Name)
	if err != nil {
		return "", err
	}
	name := n.Name.Last()
	if _, err := d.cat.LookupRelation(nil, schema, name); err == nil {
		if n.IfNotExists {
			d.s.notice("relation %q already exists, skipping", name)
			return "CREATE_MATERIALIZED_VIEW", nil
		}
		return "", base.Errorf(base.CodeDuplicateTable, "relation %q already exists", name)
	}
	p, err := d.binder(st.sql).BindQuery(n.Query)
	if err != nil {
		return "", err
	}
	jp, err := stream.Plan(p, d.cat.RelationByID)
	if err != nil {
		return "", err
	}
	cols := jp.Columns
	if len(n.Columns) > 0 {
		visible := 0
		for _, c := range cols {
			if !c.Hidden {
				visible++
			}
		}
		if len(n.Columns) > visible {
			return "", base.Errorf(base.CodeSyntaxError, "too many column names were specified")
		}
		cols = append([]catalog.Column(nil), cols...)
		for i := range n.Columns {
			cols[i].Name = n.Columns[i]
		}
	}
	for i := range cols {
		if cols[i].Type.Kind == base.KindUnknown {
			cols[i].Type = base.Text
		}
	}
	rel := &catalog.Relation{Schema: schema, Name: name, Kind: catalog.KindMaterializedView, Owner: d.s.user,
		Columns: cols, PK: jp.PK, HasUserPK: true, AppendOnly: jp.AppendOnly,
		Definition: ast.Format(n.Query), Created: time.Now().UTC(), DependsOn: d.referencedRelations(n.Query)}
	created, err := d.cat.CreateRelation(rel, false)
	if err != nil {
		return "", err
	}
	srv := d.s.srv
	srv.idCat = d.cat
	defer func() { srv.idCat = nil }()
	job, err := srv.startJob(ctx, created.ID, jp)
	if err != nil {
		return "", err
	}
	r := created.Clone()
	r.InternalTables = job.StateTableIDs()
	if err := d.cat.ReplaceRelation(r); err != nil {
		srv.rt.DropJob(created.ID)
		return "", err
	}
	d.onFail = append(d.onFail, func() { srv.rt.DropJob(created.ID) })
	// The view is complete (backfilled) once the first epoch commits; as
	// RisingWave does, CREATE returns only then.
	d.afterCommit = append(d.afterCommit, func() error { return srv.rt.Flush(ctx) })
	return "CREATE_MATERIALIZED_VIEW", nil
}
