package server

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/batch"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/pgwire"
	"github.com/tributarydb/tributary/internal/plan"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/state"
	"github.com/tributarydb/tributary/internal/stream"
	"github.com/tributarydb/tributary/internal/syscat"
)

// execute dispatches one statement.
func (s *session) execute(ctx context.Context, st *statement, params []base.Datum) (pgwire.Result, error) {
	if s.tx == 'E' {
		if t, ok := st.node.(*ast.TransactionStmt); !ok || t.Kind == ast.TxnBegin {
			return nil, base.Errorf(base.CodeInFailedTransaction, "current transaction is aborted, commands ignored until end of transaction block")
		}
	}
	res, err := s.dispatch(ctx, st, params)
	if err != nil {
		s.failTx()
	}
	if qr, ok := res.(*queryResult); ok {
		qr.sess = s
	}
	return res, err
}

func (s *session) dispatch(ctx context.Context, st *statement, params []base.Datum) (pgwire.Result, error) {
	switch n := st.node.(type) {
	case *ast.Query:
		return s.runQuery(ctx, st, params)
	case *ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt:
		return s.runDML(ctx, st, params)
	case *ast.ExplainStmt:
		return s.explain(n, st)
	case *ast.SetStmt:
		return s.execSet(n)
	case *ast.ShowStmt:
		return s.execShow(n)
	case *ast.ResetStmt:
		return s.execReset(n)
	case *ast.TransactionStmt:
		return s.execTransaction(n)
	case *ast.FlushStmt:
		// Tables are written synchronously; FLUSH waits until every view
		// reflects what was written before it.
		if err := s.srv.rt.Flush(ctx); err != nil {
			return nil, err
		}
		return tagOnly("FLUSH"), nil
	case *ast.DiscardStmt:
		if n.Target == "all" {
			s.vars = map[string]string{}
			s.loc = time.UTC
		}
		return tagOnly("DISCARD " + strings.ToUpper(n.Target)), nil
	case *ast.DeallocateStmt:
		return tagOnly("DEALLOCATE"), nil
	case *ast.CopyStmt:
		return s.execCopy(ctx, n, st)
	default:
		return s.execDDL(ctx, st)
	}
}

// bindContext is the binder's view of this session.
func (s *session) bindContext(cat *catalog.Catalog, sql string, params []base.Type) plan.BindContext {
	return plan.BindContext{
		Catalog:    cat,
		SearchPath: s.searchPath(),
		User:       s.user,
		Database:   s.db,
		Params:     params,
		SQL:        sql,
		Location:   s.loc,
	}
}

func (s *session) evalContext(params []base.Datum) *expr.Context {
	return &expr.Context{Now: time.Now().UnixMicro(), Location: s.loc, Params: params,
		User: s.user, Database: s.db, SearchPath: s.existingSchemas(), Version: VersionString,
		Catalog: s.sysEnv(s.srv.Catalog()), Setting: s.settingValue}
}

// settingValue is current_setting()'s view of the session (SHOW's values).
func (s *session) settingValue(name string) (string, error) {
	st, err := lookupSetting(name)
	if err != nil {
		return "", err
	}
	return s.get(st), nil
}

// Describe binds the statement to report parameter and result types.
func (s *session) Describe(ctx context.Context, pst pgwire.Statement, paramTypes []base.Type) (params []base.Type, cols []pgwire.Column, err error) {
	defer func() {
		if err != nil {
			s.failTx()
		}
	}()
	st := pst.(*statement)
	switch n := st.node.(type) {
	case *ast.Query, *ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt:
		b := plan.NewBinder(s.bindContext(s.srv.Catalog(), st.sql, paramTypes))
		p, err := b.Bind(st.node)
		if err != nil {
			return nil, nil, err
		}
		var cols []pgwire.Column
		if _, isQuery := n.(*ast.Query); isQuery || len(p.Columns()) > 0 {
			cols = wireColumns(p.Columns())
		}
		return b.ParamTypes(), cols, nil
	case *ast.ShowStmt:
		cols, err := s.showColumns(n)
		return paramTypes, cols, err
	case *ast.ExplainStmt:
		return paramTypes, []pgwire.Column{{Name: "QUERY PLAN", Type: base.Text}}, nil
	}
	return paramTypes, nil, nil
}

func wireColumns(cols []plan.Column) []pgwire.Column {
	out := make([]pgwire.Column, len(cols))
	for i, c := range cols {
		// PostgreSQL's atttypmod includes VARHDRSZ: varchar(20) is 24 (JDBC
		// subtracts it for getPrecision).
		out[i] = pgwire.Column{Name: c.Name, Type: c.Type, TableOID: c.RelID, AttrNum: int16(c.AttNum), TypeMod: syscat.TypeMod(c.Type)}
	}
	return out
}

// runQuery starts a SELECT: rows are produced lazily by the operator tree
// over one snapshot, released when the result is closed.
func (s *session) runQuery(ctx context.Context, st *statement, params []base.Datum) (pgwire.Result, error) {
	cat := s.srv.Catalog()
	b := plan.NewBinder(s.bindContext(cat, st.sql, paramTypesOf(params)))
	p, err := b.BindQuery(st.node)
	if err != nil {
		return nil, err
	}
	snap := s.srv.store.NewSnapshot()
	ev := s.evalContext(params)
	ectx := &batch.ExecContext{
		Ctx:         ctx,
		Eval:        ev,
		Storage:     s.storage(snap, ev),
		MemoryLimit: s.srv.memLimit,
	}
	r := &queryResult{cols: wireColumns(p.Columns()), ectx: ectx, snap: snap, timeout: s.statementTimeout(), start: time.Now()}
	ectx.Ctx = r.withTimeout(ctx)
	op, err := batch.Start(ectx, p)
	if err != nil {
		r.Close()
		return nil, r.mapErr(err)
	}
	r.op = op
	return r, nil
}

func paramTypesOf(params []base.Datum) []base.Type {
	if params == nil {
		return nil
	}
	ts := make([]base.Type, len(params))
	for i, p := range params {
		ts[i] = base.Type{Kind: p.K}
		if p.K == base.KindArray {
			ts[i].Elem = base.Kind(p.I)
		}
	}
	return ts
}

// queryResult streams an operator's chunks as rows.
type queryResult struct {
	cols    []pgwire.Column
	op      batch.Operator
	ectx    *batch.ExecContext
	snap    *state.Snapshot
	chunk   *base.Chunk
	idx     int
	count   int64
	row     []base.Datum
	done    bool
	closed  bool
	timeout time.Duration
	start   time.Time
	cancel  context.CancelFunc
	sess    *session // failed on a run-time error inside a transaction block
}

// withTimeout derives the statement's context from a protocol message's.
func (r *queryResult) withTimeout(ctx context.Context) context.Context {
	if r.cancel != nil {
		r.cancel()
		r.cancel = nil
	}
	if r.timeout > 0 {
		ctx, r.cancel = context.WithDeadline(ctx, r.start.Add(r.timeout))
	}
	return ctx
}

func (r *queryResult) mapErr(err error) error {
	if err == nil {
		return nil
	}
	if e := base.AsError(err); e.Code == base.CodeQueryCanceled && r.timeout > 0 && time.Since(r.start) >= r.timeout {
		return base.Errorf(base.CodeQueryCanceled, "canceling statement due to statement timeout")
	}
	return err
}

func (r *queryResult) Columns() []pgwire.Column { return r.cols }

func (r *queryResult) Next(ctx context.Context) ([]base.Datum, error) {
	if r.done {
		return nil, nil
	}
	r.ectx.Ctx = r.withTimeout(ctx)
	for r.chunk == nil || r.idx >= r.chunk.Len() {
		c, err := r.op.Next()
		if err != nil {
			if r.sess != nil {
				r.sess.failTx()
			}
			return nil, r.mapErr(err)
		}
		if c == nil {
			r.done = true
			return nil, nil
		}
		r.chunk, r.idx = c, 0
	}
	if cap(r.row) < len(r.chunk.Cols) {
		r.row = make([]base.Datum, len(r.chunk.Cols))
	}
	r.row = r.row[:len(r.chunk.Cols)]
	for j, v := range r.chunk.Cols {
		r.row[j] = v.Get(r.idx)
	}
	r.idx++
	r.count++
	return r.row, nil
}

func (r *queryResult) Tag() string { return fmt.Sprintf("SELECT %d", r.count) }

func (r *queryResult) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	var err error
	if r.op != nil {
		err = r.op.Close()
	}
	r.snap.Close()
	if r.cancel != nil {
		r.cancel()
	}
	return err
}

// rowsResult is a fully materialized result (DML RETURNING, SHOW, ...).
type rowsResult struct {
	cols []pgwire.Column
	rows [][]base.Datum
	i    int
	tag  string
}

func (r *rowsResult) Columns() []pgwire.Column { return r.cols }
func (r *rowsResult) Next(ctx context.Context) ([]base.Datum, error) {
	if r.i >= len(r.rows) {
		return nil, nil
	}
	r.i++
	return r.rows[r.i-1], nil
}
func (r *rowsResult) Tag() string {
	if r.tag == "" {
		return fmt.Sprintf("SELECT %d", len(r.rows))
	}
	return r.tag
}
func (r *rowsResult) Close() error { return nil }

func tagOnly(tag string) pgwire.Result { return &rowsResult{tag: tag} }

// runDML executes INSERT/UPDATE/DELETE to completion and commits it in one
// synced batch before returning: the write is durable when acknowledged.
func (s *session) runDML(ctx context.Context, st *statement, params []base.Datum) (pgwire.Result, error) {
	s.srv.writeMu.Lock()
	defer s.srv.writeMu.Unlock()
	cat := s.srv.Catalog()
	b := plan.NewBinder(s.bindContext(cat, st.sql, paramTypesOf(params)))
	p, err := b.Bind(st.node)
	if err != nil {
		return nil, err
	}
	snap := s.srv.store.NewSnapshot()
	defer snap.Close()
	wb := s.srv.store.NewBatch()
	defer wb.Close()
	ev := s.evalContext(params)
	tctx := ctx
	if t := s.statementTimeout(); t > 0 {
		var cancel context.CancelFunc
		tctx, cancel = context.WithTimeout(ctx, t)
		defer cancel()
	}
	ectx := &batch.ExecContext{
		Ctx:         tctx,
		Eval:        ev,
		Storage:     s.storage(snap, ev),
		Writer:      newTableWriter(s.srv, snap, wb),
		MemoryLimit: s.srv.memLimit,
	}
	var rows [][]base.Datum
	err = batch.Run(ectx, p, func(c *base.Chunk) error {
		for i := 0; i < c.Len(); i++ {
			rows = append(rows, c.Row(i))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !wb.Empty() {
		if err := wb.Commit(true); err != nil {
			return nil, base.Errorf(base.CodeIOError, "could not commit: %v", err)
		}
		s.srv.publish(ectx.Writer.(*tableWriter))
		if err := s.implicitFlush(ctx); err != nil {
			return nil, err
		}
		if s.tx == 'T' {
			s.txWrites++
		}
	}
	var tag string
	switch st.node.(type) {
	case *ast.InsertStmt:
		tag = fmt.Sprintf("INSERT 0 %d", ectx.RowsAffected())
	case *ast.UpdateStmt:
		tag = fmt.Sprintf("UPDATE %d", ectx.RowsAffected())
	case *ast.DeleteStmt:
		tag = fmt.Sprintf("DELETE %d", ectx.RowsAffected())
	}
	var cols []pgwire.Column
	if len(p.Columns()) > 0 {
		cols = wireColumns(p.Columns())
	}
	return &rowsResult{cols: cols, rows: rows, tag: tag}, nil
}

func (s *session) explain(n *ast.ExplainStmt, st *statement) (pgwire.Result, error) {
	for _, o := range n.Options {
		if o.Key == "analyze" {
			return nil, base.NotSupported("EXPLAIN ANALYZE is not supported yet")
		}
	}
	var text string
	switch inner := n.Stmt.(type) {
	case *ast.Query, *ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt:
		b := plan.NewBinder(s.bindContext(s.srv.Catalog(), st.sql, nil))
		p, err := b.Bind(inner)
		if err != nil {
			return nil, err
		}
		text = plan.Format(p)
	case *ast.CreateMaterializedViewStmt:
		b := plan.NewBinder(s.bindContext(s.srv.Catalog(), st.sql, nil))
		p, err := b.BindQuery(inner.Query)
		if err != nil {
			return nil, err
		}
		jp, err := stream.Plan(p, s.srv.Catalog().RelationByID)
		if err != nil {
			return nil, err
		}
		text = jp.Explain()
	default:
		return nil, base.NotSupported("EXPLAIN of %s is not supported yet", statementName(n.Stmt))
	}
	res := &rowsResult{cols: []pgwire.Column{{Name: "QUERY PLAN", Type: base.Text}}, tag: "EXPLAIN"}
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		res.rows = append(res.rows, []base.Datum{base.DText(line)})
	}
	return res, nil
}

func (s *session) execTransaction(n *ast.TransactionStmt) (pgwire.Result, error) {
	switch n.Kind {
	case ast.TxnBegin:
		if s.tx != 'I' {
			s.warning("there is already a transaction in progress")
			return tagOnly("BEGIN"), nil
		}
		s.tx = 'T'
		s.txWrites = 0
		return tagOnly("BEGIN"), nil
	case ast.TxnCommit:
		if s.tx == 'I' {
			s.warning("there is no transaction in progress")
			return tagOnly("COMMIT"), nil
		}
		failed := s.tx == 'E'
		s.tx = 'I'
		if failed {
			return tagOnly("ROLLBACK"), nil
		}
		return tagOnly("COMMIT"), nil
	default:
		if s.tx == 'I' {
			s.warning("there is no transaction in progress")
		} else if s.txWrites > 0 {
			s.warning("%d write statement(s) in this transaction block were already committed: Tributary commits every statement on its own", s.txWrites)
		}
		s.tx = 'I'
		return tagOnly("ROLLBACK"), nil
	}
}

// statementName is a statement's command name for messages.
func statementName(n ast.Statement) string {
	name := fmt.Sprintf("%T", n)
	name = strings.TrimPrefix(name, "*ast.")
	name = strings.TrimSuffix(name, "Stmt")
	return name
}

// implicitFlush waits for the views to catch up with a write when the
// session asked for it (SET rw_implicit_flush TO true, RisingWave's name).
func (s *session) implicitFlush(ctx context.Context) error {
	if s.get(settings["rw_implicit_flush"]) != "on" {
		return nil
	}
	return s.srv.rt.Flush(ctx)
}
