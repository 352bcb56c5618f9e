package stream

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

func TestUnsupported(t *testing.T) {
	e := newEnv(t, 1, 20*time.Millisecond)
	e.createTable("t", nil, col("a", base.Int32), col("b", base.Text))
	e.createTable("u", []int{0}, catalog_col_nn("a", base.Int32), col("x", base.Text))
	for _, c := range []struct{ sql, want string }{
		{"SELECT a FROM t EXCEPT SELECT a FROM u", "EXCEPT"},
		{"SELECT a FROM t INTERSECT SELECT a FROM u", "INTERSECT"},
		{"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r", "recursive"},
		{"SELECT a, (SELECT max(x) FROM u WHERE u.a = t.a) FROM t", "subquer"},
		{"SELECT a, random() FROM t", "volatile"},
		{"SELECT a, sum(a) OVER (PARTITION BY b) FROM t", "window"},
		{"SELECT a FROM t WHERE now() > '2020-01-01' OR a > 1", "current time"},
	} {
		_, err := Plan(e.bind(c.sql), nil)
		if err == nil {
			t.Errorf("%s: planned, want 0A000", c.sql)
			continue
		}
		be := base.AsError(err)
		if be.Code != base.CodeFeatureNotSupported || !strings.Contains(strings.ToLower(be.Message), strings.ToLower(c.want)) {
			t.Errorf("%s: got %s %q, want 0A000 naming %q", c.sql, be.Code, be.Message, c.want)
		}
	}
}

func TestTemporalFilterAndNow(t *testing.T) {
	e := newEnv(t, 2, 20*time.Millisecond)
	tb := e.createTable("ev", []int{0}, catalog_col_nn("id", base.Int32), col("ts", base.TimestampTZ))
	recent := e.createMV("recent", "SELECT id FROM ev WHERE ts > now() - INTERVAL '2 seconds'")
	due := e.createMV("due", "SELECT id FROM ev WHERE ts <= now()")
	age := e.createMV("age", "SELECT id, now() - ts > INTERVAL '1 second' AS old FROM ev")
	now := time.Now().UnixMicro()
	e.insert(tb,
		[]base.Datum{base.DInt32(1), base.DTimestampTZ(now - 500_000)},
		[]base.Datum{base.DInt32(2), base.DTimestampTZ(now - 10_000_000)},
		[]base.Datum{base.DInt32(3), base.DTimestampTZ(now + 1_500_000)},
	)
	e.flush()
	ids := func(m *mv) string {
		var s []string
		for _, r := range e.mvRows(m) {
			s = append(s, base.FormatText(r[0], base.Int32, nil))
			if len(r) > 1 && !m.rel.Columns[1].Hidden {
				s[len(s)-1] += "=" + base.FormatText(r[1], base.Bool, nil)
			}
		}
		return strings.Join(s, ",")
	}
	if got := ids(recent); got != "1,3" {
		t.Fatalf("recent = %s, want 1,3", got)
	}
	if got := ids(due); got != "1,2" {
		t.Fatalf("due = %s, want 1,2", got)
	}
	if got := ids(age); got != "1=f,2=t,3=f" {
		t.Fatalf("age = %s", got)
	}
	time.Sleep(2600 * time.Millisecond)
	e.flush()
	if got := ids(recent); got != "3" {
		t.Fatalf("recent after 2.6s = %s, want 3", got)
	}
	if got := ids(due); got != "1,2,3" {
		t.Fatalf("due after 2.6s = %s, want 1,2,3", got)
	}
	if got := ids(age); got != "1=t,2=t,3=t" {
		t.Fatalf("age after 2.6s = %s", got)
	}
	// Retractions of expired / pending rows.
	e.delete(tb, tb.keys[0])
	e.delete(tb, tb.keys[0])
	e.flush()
	if got := ids(recent) + "|" + ids(due) + "|" + ids(age); got != "3|3|3=t" {
		t.Fatalf("after deletes: %s", got)
	}
	for _, s := range e.rt.Jobs() {
		if s.Errors != 0 || s.Failed != "" {
			t.Fatalf("job %d: %+v", s.ID, s)
		}
	}
}

func TestKeylessSourceAndDrop(t *testing.T) {
	e := newEnv(t, 2, 20*time.Millisecond)
	r := &catalog.Relation{Schema: "public", Name: "clicks", Kind: catalog.KindSource, AppendOnly: true,
		Columns: []catalog.Column{col("user_id", base.Int32), col("url", base.Text)}}
	rel, err := e.cat.CreateRelation(r, false)
	if err != nil {
		t.Fatal(err)
	}
	jp, err := Plan(e.bind("SELECT user_id, url FROM clicks WHERE user_id > 0"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !jp.AppendOnly || len(jp.PK) != 1 || jp.Columns[jp.PK[0]].Name != "_row_id" || !jp.Columns[jp.PK[0]].Hidden {
		t.Fatalf("plan: %+v", jp.Columns)
	}
	mvRel, err := e.cat.CreateRelation(&catalog.Relation{Schema: "public", Name: "m", Kind: catalog.KindMaterializedView, Columns: jp.Columns, PK: jp.PK}, false)
	if err != nil {
		t.Fatal(err)
	}
	sub := e.rt.Subscribe(rel.ID)
	job, err := e.rt.CreateJob(context.Background(), mvRel.ID, jp, map[uint32]Input{rel.ID: {Sub: sub}})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		c := base.NewChunk([]base.Type{base.Int32, base.Text}, 2)
		c.AppendRow([]base.Datum{base.DInt32(1), base.DText("/a")})
		c.AppendRow([]base.Datum{base.DInt32(1), base.DText("/a")}) // duplicates are distinct events
		e.rt.Publish(rel.ID, c)
	}
	e.flush()
	m := &mv{rel: mvRel}
	if n := len(e.mvRows(m)); n != 6 {
		t.Fatalf("rows = %d, want 6", n)
	}
	st := e.rt.Jobs()
	if len(st) != 1 || st[0].RowsIn != 6 || st[0].RowsOut != 6 || st[0].LastEpoch == 0 {
		t.Fatalf("stats %+v", st)
	}
	if len(job.StateTableIDs()) != 0 {
		t.Fatalf("stateless job has state tables %v", job.StateTableIDs())
	}
	if err := e.rt.DropJob(mvRel.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.rt.DropJob(mvRel.ID); err == nil {
		t.Fatal("second drop succeeded")
	}
	// Publishing after the drop must not block, and epochs keep committing.
	for i := 0; i < 100; i++ {
		c := base.NewChunk([]base.Type{base.Int32, base.Text}, 1)
		c.AppendRow([]base.Datum{base.DInt32(1), base.DText("/b")})
		e.rt.Publish(rel.ID, c)
	}
	before := e.rt.CommittedEpoch()
	e.flush()
	if e.rt.CommittedEpoch() <= before {
		t.Fatal("epoch did not advance")
	}
}

func TestStateTablesReported(t *testing.T) {
	e := newEnv(t, 2, 20*time.Millisecond)
	e.createTable("t", nil, col("a", base.Int32), col("b", base.Text))
	m := e.createMV("g", "SELECT b, count(DISTINCT a) AS n, max(a) AS m FROM t GROUP BY b")
	// groups + DISTINCT layer + max multiset
	if ids := m.job.StateTableIDs(); len(ids) != 3 {
		t.Fatalf("state tables %v", ids)
	}
	if !strings.Contains(m.jp.Explain(), "StreamHashAgg") {
		t.Fatal(m.jp.Explain())
	}
}
