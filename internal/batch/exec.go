package batch

import (
	"context"
	"unsafe"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// Operator is one node of a running query. The protocol is Open, Next until
// it returns nil, Close; Open may be called again after Close.
type Operator interface {
	// Open prepares the operator (and its children) to run under ctx.
	Open(ctx *ExecContext) error
	// Next returns the next chunk, or nil at the end. The chunk is valid
	// until the following Next call.
	Next() (*base.Chunk, error)
	// Close releases resources; it is safe to call more than once and
	// after a failed Open.
	Close() error
	// Types are the output column types.
	Types() []base.Type
}

// ExecContext is the per-statement execution environment.
type ExecContext struct {
	// Ctx cancels the statement (57014).
	Ctx context.Context
	// Eval is the expression context (params, now(), time zone, outer
	// rows). Run installs the executor's SubqueryRunner in it when unset.
	Eval *expr.Context
	// Storage reads tables; Writer applies DML. Either may be nil when the
	// plan does not need it.
	Storage Storage
	Writer  TableWriter
	// MemoryLimit bounds the bytes buffered by this statement's operators
	// (hash tables, sort buffers, materialized CTEs); 0 means no limit.
	MemoryLimit int64
	// MaxRecursiveRows caps the rows a recursive CTE may produce (54000);
	// 0 means DefaultMaxRecursiveRows.
	MaxRecursiveRows int64

	st *stmtState
}

// stmtState is shared by a statement's ExecContext and the child contexts
// its subqueries run under.
type stmtState struct {
	mem      memAccount
	subq     *subqueryRunner
	ctes     map[int]*cteState
	affected int64
}

// DefaultMaxRecursiveRows is the default cap on rows produced by one
// recursive CTE. PostgreSQL loops forever; we prefer a clear error.
const DefaultMaxRecursiveRows = 10_000_000

// MemoryUsed returns the bytes currently charged to the statement.
func (c *ExecContext) MemoryUsed() int64 {
	if c.st == nil {
		return 0
	}
	return c.st.mem.used
}

// RowsAffected is the row count for the command tag of INSERT, UPDATE
// and DELETE (rows written, including ON CONFLICT DO UPDATE updates).
func (c *ExecContext) RowsAffected() int64 {
	if c.st == nil {
		return 0
	}
	return c.st.affected
}

// init prepares c for a new statement (Run calls it).
func (c *ExecContext) init() {
	if c.Ctx == nil {
		c.Ctx = context.Background()
	}
	if c.Eval == nil {
		c.Eval = &expr.Context{}
	}
	c.st = &stmtState{mem: memAccount{limit: c.MemoryLimit}, ctes: map[int]*cteState{}}
	c.st.subq = newSubqueryRunner(c)
	// Install the runner in a copy: the caller's expr.Context may outlive
	// the statement and must not keep this statement's caches.
	if _, ours := c.Eval.Subquery.(*subqueryRunner); c.Eval.Subquery == nil || ours {
		ev := *c.Eval
		ev.Subquery = c.st.subq
		c.Eval = &ev
	}
}

// state returns the statement state, initializing the context on first
// use (for callers that Open operators without Run).
func (c *ExecContext) state() *stmtState {
	if c.st == nil {
		c.init()
	}
	return c.st
}

func (c *ExecContext) maxRecursiveRows() int64 {
	if c.MaxRecursiveRows > 0 {
		return c.MaxRecursiveRows
	}
	return DefaultMaxRecursiveRows
}

// child returns a context sharing everything with c but evaluating
// expressions under ev (used to run correlated subqueries).
func (c *ExecContext) child(ev *expr.Context) *ExecContext {
	cc := *c
	cc.Eval = ev
	return &cc
}

// checkCancel returns 57014 once the statement's context is done.
func (c *ExecContext) checkCancel() error {
	if c.Ctx != nil && c.Ctx.Err() != nil {
		return errCanceled()
	}
	return nil
}

func errCanceled() error {
	return base.Errorf(base.CodeQueryCanceled, "canceling statement due to user request")
}

// memAccount is the statement-wide memory budget. One query runs on one
// goroutine, so no locking.
type memAccount struct {
	used, limit int64
}

// grow charges n bytes (n may be negative to release).
func (m *memAccount) grow(n int64) error {
	m.used += n
	if n > 0 && m.limit > 0 && m.used > m.limit {
		return base.Errorf(base.CodeOutOfMemory, "out of memory").
			WithDetail("Query exceeded its memory limit of %d bytes.", m.limit).
			WithHint("Reduce the amount of data the query buffers (fewer groups, smaller sorts) or raise the limit.")
	}
	return nil
}

// memTracker charges one operator's buffered footprint to the account and
// releases it all at once on Close.
type memTracker struct {
	acct    *memAccount
	charged int64
}

func (t *memTracker) init(ctx *ExecContext) {
	t.release()
	t.acct = &ctx.state().mem
}

// set re-charges the tracker to total bytes.
func (t *memTracker) set(total int64) error {
	if t.acct == nil {
		return nil
	}
	d := total - t.charged
	t.charged = total
	return t.acct.grow(d)
}

func (t *memTracker) release() {
	if t.acct != nil {
		t.acct.grow(-t.charged)
	}
	t.charged = 0
}

const datumSize = int64(unsafe.Sizeof(base.Datum{}))

// datumExtra estimates the out-of-line bytes of d.
func datumExtra(d *base.Datum) int64 {
	n := int64(len(d.S))
	if d.D != nil {
		n += 48
	}
	for i := range d.A {
		n += datumSize + datumExtra(&d.A[i])
	}
	return n
}
