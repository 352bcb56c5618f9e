package stream

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/batch"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
	"github.com/tributarydb/tributary/internal/sql/parser"
	"github.com/tributarydb/tributary/internal/state"
)

// env is a test deployment: a store, a runtime, a catalog, and a
// batch.MemStorage mirror of every table used as the oracle.
type env struct {
	t      testing.TB
	store  *state.Store
	rt     *Runtime
	cat    *catalog.Catalog
	mem    *batch.MemStorage
	nextID atomic.Uint32
	rowID  int64
	tables map[string]*table
	mvs    []*mv
	rnd    *rand.Rand
}

type table struct {
	rel  *catalog.Relation
	rows map[string][]base.Datum // by PK encoding
	keys []string
}

type mv struct {
	name string
	sql  string
	rel  *catalog.Relation
	jp   *JobPlan
	job  *Job
}

// testCacheRows overrides Config.CacheRows (tiny values force operators
// to evict and reload their state from the store).
var testCacheRows = 0

func newEnv(t testing.TB, par int, interval time.Duration) *env {
	dir := t.TempDir()
	st, err := state.Open(dir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, store: st, cat: catalog.New(), mem: batch.NewMemStorage(), tables: map[string]*table{}, rnd: rand.New(rand.NewSource(1))}
	e.nextID.Store(1_000_000)
	e.rt = NewRuntime(Config{Store: st, BarrierInterval: interval, Parallelism: par, CacheRows: testCacheRows, AllocTableID: func() uint32 { return e.nextID.Add(1) }})
	e.rt.Start()
	t.Cleanup(func() {
		e.rt.Close()
		st.Close()
	})
	return e
}

// exec runs DDL-ish statements: CREATE TABLE only (through the catalog).
func (e *env) createTable(name string, pk []int, cols ...catalog.Column) *table {
	r := &catalog.Relation{Schema: "public", Name: name, Kind: catalog.KindTable, PK: pk, HasUserPK: len(pk) > 0, Columns: cols}
	rel, err := e.cat.CreateRelation(r, false)
	if err != nil {
		e.t.Fatal(err)
	}
	tb := &table{rel: rel, rows: map[string][]base.Datum{}}
	e.tables[name] = tb
	return tb
}

func col(name string, t base.Type) catalog.Column { return catalog.Column{Name: name, Type: t} }

func (e *env) bind(sql string) plan.Node {
	e.t.Helper()
	stmt, err := parser.ParseOne(sql)
	if err != nil {
		e.t.Fatalf("parse %s: %v", sql, err)
	}
	n, err := plan.NewBinder(plan.BindContext{Catalog: e.cat}).BindQuery(stmt)
	if err != nil {
		e.t.Fatalf("bind %s: %v", sql, err)
	}
	return n
}

func (e *env) createMV(name, sql string) *mv {
	e.t.Helper()
	n := e.bind(sql)
	jp, err := Plan(n, e.cat.RelationByID)
	if err != nil {
		e.t.Fatalf("plan %s: %v", sql, err)
	}
	rel, err := e.cat.CreateRelation(&catalog.Relation{Schema: "public", Name: name, Kind: catalog.KindMaterializedView, Columns: jp.Columns, PK: jp.PK, HasUserPK: true, Definition: sql}, false)
	if err != nil {
		e.t.Fatal(err)
	}
	inputs := map[uint32]Input{}
	for _, id := range jp.Inputs {
		r := e.cat.RelationByID(id)
		if r.Kind != catalog.KindTable && r.Kind != catalog.KindSource {
			continue
		}
		var tb *table
		for _, x := range e.tables {
			if x.rel.ID == id {
				tb = x
			}
		}
		sub := e.rt.Subscribe(id)
		snap := tb.snapshot()
		inputs[id] = Input{Sub: sub, Snapshot: func(emit func(*base.Chunk) error) error {
			for len(snap) > 0 {
				n := min(len(snap), 100)
				c := base.NewChunk(relTypes(r), n)
				for _, row := range snap[:n] {
					c.AppendRow(row)
				}
				snap = snap[n:]
				if err := emit(c); err != nil {
					return err
				}
			}
			return nil
		}}
	}
	job, err := e.rt.CreateJob(context.Background(), rel.ID, jp, inputs)
	if err != nil {
		e.t.Fatalf("create job %s: %v\n%s", name, err, jp.Explain())
	}
	m := &mv{name: name, sql: sql, rel: rel, jp: jp, job: job}
	e.mvs = append(e.mvs, m)
	return m
}

func relTypes(r *catalog.Relation) []base.Type {
	ts := make([]base.Type, len(r.Columns))
	for i, c := range r.Columns {
		ts[i] = c.Type
	}
	return ts
}

func (tb *table) snapshot() [][]base.Datum {
	out := make([][]base.Datum, 0, len(tb.keys))
	for _, k := range tb.keys {
		out = append(out, tb.rows[k])
	}
	return out
}

func (tb *table) pkEnc(row []base.Datum) string {
	var b []byte
	for _, k := range tb.rel.PK {
		b = base.EncodeKey(b, row[k], false)
	}
	return string(b)
}

// apply runs DML against the mirror and publishes it.
func (e *env) insert(tb *table, rows ...[]base.Datum) {
	c := base.NewChunk(relTypes(tb.rel), len(rows))
	for _, r := range rows {
		e.rowID++
		if len(r) < len(tb.rel.Columns) {
			r = append(r, base.DInt64(e.rowID))
		}
		k := tb.pkEnc(r)
		if len(tb.rel.PK) == 0 {
			k = strconv.FormatInt(e.rowID, 10)
		}
		if _, dup := tb.rows[k]; dup {
			continue
		}
		tb.rows[k] = r
		tb.keys = append(tb.keys, k)
		appendDatums(c, r, base.OpInsert)
	}
	e.mem.Load(tb.rel, rowsOf(c)...)
	e.rt.Publish(tb.rel.ID, c)
}

func rowsOf(c *base.Chunk) [][]base.Datum {
	var out [][]base.Datum
	for i := 0; i < c.Len(); i++ {
		out = append(out, c.Row(i))
	}
	return out
}

func (e *env) removeKey(tb *table, k string) {
	delete(tb.rows, k)
	for i, x := range tb.keys {
		if x == k {
			tb.keys = append(tb.keys[:i], tb.keys[i+1:]...)
			break
		}
	}
}

func (e *env) delete(tb *table, k string) {
	row := tb.rows[k]
	e.removeKey(tb, k)
	c := base.NewChunk(relTypes(tb.rel), 1)
	appendDatums(c, row, base.OpDelete)
	if _, err := e.mem.Delete(context.Background(), tb.rel, c); err != nil {
		e.t.Fatal(err)
	}
	e.rt.Publish(tb.rel.ID, c)
}

// update replaces the row under k by nw (same PK).
func (e *env) update(tb *table, k string, nw []base.Datum) {
	old := tb.rows[k]
	if !tb.rel.HasUserPK {
		nw = append(nw, old[len(old)-1])
	} else {
		for _, p := range tb.rel.PK {
			nw[p] = old[p]
		}
	}
	tb.rows[k] = nw
	oc := base.NewChunk(relTypes(tb.rel), 1)
	oc.AppendRow(old)
	nc := base.NewChunk(relTypes(tb.rel), 1)
	nc.AppendRow(nw)
	if _, err := e.mem.Update(context.Background(), tb.rel, oc, nc); err != nil {
		e.t.Fatal(err)
	}
	c := base.NewChunk(relTypes(tb.rel), 2)
	appendDatums(c, old, base.OpUpdateDelete)
	appendDatums(c, nw, base.OpUpdateInsert)
	e.rt.Publish(tb.rel.ID, c)
}

func (e *env) flush() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := e.rt.Flush(ctx); err != nil {
		e.t.Fatalf("flush: %v", err)
	}
}

// mvRows reads the committed rows of a view from the store.
func (e *env) mvRows(m *mv) [][]base.Datum {
	sn := e.store.NewSnapshot()
	defer sn.Close()
	var out [][]base.Datum
	err := sn.Scan(m.rel.ID, nil, nil, func(k, v []byte) error {
		row, err := base.DecodeRow(v, relTypes(m.rel))
		if err != nil {
			return err
		}
		out = append(out, row)
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// oracle runs the view's query with the batch engine over the mirror.
func (e *env) oracle(m *mv, now int64) [][]base.Datum {
	n := e.bind(m.sql)
	rows, err := batch.Collect(&batch.ExecContext{Ctx: context.Background(), Eval: &expr.Context{Now: now, Location: time.UTC}, Storage: e.mem}, n)
	if err != nil {
		e.t.Fatalf("batch %s: %v", m.name, err)
	}
	return rows
}

func fmtDatum(d base.Datum, t base.Type) string {
	if d.Null {
		return "NULL"
	}
	switch d.K {
	case base.KindFloat32, base.KindFloat64:
		if d.F == 0 || math.Abs(d.F) < 1e-6 {
			return "0"
		}
		return strconv.FormatFloat(d.F, 'g', 9, 64)
	}
	return base.FormatText(d, t, time.UTC)
}

func canon(rows [][]base.Datum, types []base.Type, n int) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		s := make([]string, n)
		for j := 0; j < n; j++ {
			s[j] = fmtDatum(r[j], types[j])
		}
		out[i] = strings.Join(s, "|")
	}
	sort.Strings(out)
	return out
}

// check compares every view with the batch engine; views are checked in
// creation order, and a view's rows are loaded into the mirror so that
// views on views are checked against their (already checked) inputs.
func (e *env) check(skipCols map[string][]int) {
	e.t.Helper()
	e.flush()
	for _, m := range e.mvs {
		got := e.mvRows(m)
		types := relTypes(m.rel)
		nvis := 0
		for _, c := range m.rel.Columns {
			if !c.Hidden {
				nvis++
			}
		}
		want := e.oracle(m, time.Now().UnixMicro())
		mask := func(rows [][]base.Datum) [][]base.Datum {
			for _, r := range rows {
				for _, c := range skipCols[m.name] {
					r[c] = base.NullDatum
				}
			}
			return rows
		}
		g, w := canon(mask(got), types, nvis), canon(mask(want), types, nvis)
		if strings.Join(g, "\n") != strings.Join(w, "\n") {
			e.t.Fatalf("view %s differs from batch result\nplan:\n%s\ngot (%d rows):\n%s\nwant (%d rows):\n%s\ndiff:\n%s", m.name, m.jp.Explain(), len(g), head(g), len(w), head(w), diff(g, w))
		}
		for _, s := range e.rt.Jobs() {
			if s.ID == m.rel.ID && (s.Failed != "" || s.Errors > 0) {
				e.t.Fatalf("view %s: job errors %d failed %q", m.name, s.Errors, s.Failed)
			}
		}
		e.mem.Drop(m.rel)
		e.mem.Load(m.rel, got...)
	}
}

func head(s []string) string {
	if len(s) > 30 {
		s = append(s[:30:30], fmt.Sprintf("... (%d more)", len(s)-30))
	}
	return strings.Join(s, "\n")
}

func diff(g, w []string) string {
	cnt := map[string]int{}
	for _, x := range g {
		cnt[x]++
	}
	for _, x := range w {
		cnt[x]--
	}
	var out []string
	for k, v := range cnt {
		if v > 0 {
			out = append(out, fmt.Sprintf("+%d %s", v, k))
		} else if v < 0 {
			out = append(out, fmt.Sprintf("%d %s", v, k))
		}
	}
	sort.Strings(out)
	return head(out)
}

func catalog_col_nn(name string, t base.Type) catalog.Column {
	return catalog.Column{Name: name, Type: t, NotNull: true}
}
