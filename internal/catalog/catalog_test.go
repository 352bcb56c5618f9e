package catalog

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
)

func code(err error) string {
	var e *base.Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return "not a *base.Error: " + err.Error()
}

func table(schema, name string, cols ...string) *Relation {
	r := &Relation{Schema: schema, Name: name, Kind: KindTable}
	for _, c := range cols {
		r.Columns = append(r.Columns, Column{Name: c, Type: base.Int32})
	}
	return r
}

func mustCreate(t *testing.T, c *Catalog, r *Relation) *Relation {
	t.Helper()
	got, err := c.CreateRelation(r, false)
	if err != nil {
		t.Fatalf("CreateRelation(%s): %v", r.Name, err)
	}
	return got
}

func TestBootstrap(t *testing.T) {
	c := New()
	if c.Database() != "dev" {
		t.Fatalf("database %q", c.Database())
	}
	for _, s := range []string{"public", "pg_catalog", "information_schema"} {
		if _, err := c.SchemaByName(s); err != nil {
			t.Fatal(err)
		}
	}
	u, err := c.User("root")
	if err != nil || !u.Superuser || !u.CanLogin {
		t.Fatalf("root: %+v %v", u, err)
	}
	_, err = c.SchemaByName("nope")
	if code(err) != base.CodeInvalidSchemaName || err.Error() != `schema "nope" does not exist` {
		t.Fatalf("got %v (%s)", err, code(err))
	}
}

func TestCreateLookup(t *testing.T) {
	c := New()
	v0 := c.Version()
	r := table("", "t", "a", "b")
	got := mustCreate(t, c, r)
	if got.ID < FirstUserID || r.ID != got.ID || got.Schema != "public" || got.SchemaID != PublicSchemaID {
		t.Fatalf("bad relation %+v", got)
	}
	if c.Version() <= v0 {
		t.Fatal("version not bumped")
	}
	// hidden _row_id key
	if len(got.Columns) != 3 || got.Columns[2].Name != RowIDColumn || !got.Columns[2].Hidden ||
		got.Columns[2].Type != base.Int64 || len(got.PK) != 1 || got.PK[0] != 2 || got.HasUserPK {
		t.Fatalf("row id: %+v", got)
	}
	if n := len(got.VisibleColumns()); n != 2 {
		t.Fatalf("visible %d", n)
	}
	if got.ColumnIndex("b") != 1 || got.ColumnIndex("zz") != -1 || got.QualifiedName() != "public.t" {
		t.Fatal("helpers")
	}

	tests := []struct {
		path         []string
		schema, name string
		wantCode     string
		wantMsg      string
	}{
		{[]string{"public"}, "", "t", "", ""},
		{[]string{"$user", "public"}, "", "t", "", ""},
		{nil, "public", "t", "", ""},
		{[]string{"nosuch"}, "", "t", base.CodeUndefinedTable, `relation "t" does not exist`},
		{nil, "nosuch", "t", base.CodeUndefinedTable, `relation "nosuch.t" does not exist`},
		{[]string{"public"}, "", "u", base.CodeUndefinedTable, `relation "u" does not exist`},
	}
	for _, tc := range tests {
		r, err := c.LookupRelation(tc.path, tc.schema, tc.name)
		if code(err) != tc.wantCode {
			t.Errorf("%v %q %q: code %q want %q (%v)", tc.path, tc.schema, tc.name, code(err), tc.wantCode, err)
			continue
		}
		if err != nil && err.Error() != tc.wantMsg {
			t.Errorf("message %q want %q", err.Error(), tc.wantMsg)
		}
		if err == nil && r != got {
			t.Errorf("lookup returned another relation")
		}
	}

	// duplicates
	_, err := c.CreateRelation(table("public", "t", "x"), false)
	if code(err) != base.CodeDuplicateTable || err.Error() != `relation "t" already exists` {
		t.Fatalf("dup: %v", err)
	}
	in := table("public", "t", "x")
	ex, err := c.CreateRelation(in, true)
	if err != nil || ex != got || in.ID != 0 {
		t.Fatalf("if not exists: %v %v %d", ex, err, in.ID)
	}
	_, err = c.CreateRelation(table("public", "d", "a", "a"), false)
	if code(err) != base.CodeDuplicateColumn || err.Error() != `column "a" specified more than once` {
		t.Fatalf("dup col: %v", err)
	}
	_, err = c.CreateRelation(table("nosuch", "x", "a"), false)
	if code(err) != base.CodeInvalidSchemaName {
		t.Fatalf("no schema: %v", err)
	}
	_, err = c.CreateRelation(table("public", "x", "_row_id"), false)
	if code(err) != base.CodeDuplicateColumn {
		t.Fatalf("row id clash: %v", err)
	}
	// user pk: no hidden column
	pk := table("public", "withpk", "id", "v")
	pk.PK, pk.HasUserPK = []int{0}, true
	if got := mustCreate(t, c, pk); len(got.Columns) != 2 {
		t.Fatalf("pk table got hidden col")
	}
	// mutation of the caller's struct after creation does not leak in
	r.Columns[0].Name = "mutated"
	if c.RelationByID(got.ID).Columns[0].Name != "a" {
		t.Fatal("catalog shares caller memory")
	}
}

func TestSchemas(t *testing.T) {
	c := New()
	s, err := c.CreateSchema("crm", "root", false)
	if err != nil || s.ID < FirstUserID {
		t.Fatal(s, err)
	}
	if _, err := c.CreateSchema("crm", "root", false); code(err) != base.CodeDuplicateSchema || err.Error() != `schema "crm" already exists` {
		t.Fatal(err)
	}
	if s2, err := c.CreateSchema("crm", "root", true); err != nil || s2 != s {
		t.Fatal(err)
	}
	mustCreate(t, c, table("crm", "a", "x"))
	v := &Relation{Schema: "public", Name: "v", Kind: KindView, Columns: []Column{{Name: "x", Type: base.Int32}},
		DependsOn: []uint32{mustLookup(t, c, "crm", "a").ID}}
	mustCreate(t, c, v)

	_, err = c.DropSchema("crm", false, false)
	if code(err) != base.CodeDependentObjectsStillExist {
		t.Fatal(err)
	}
	e := err.(*base.Error)
	if e.Message != "cannot drop schema crm because other objects depend on it" ||
		e.Detail != "table crm.a depends on schema crm\nview v depends on table crm.a" ||
		e.Hint != "Use DROP ... CASCADE to drop the dependent objects too." {
		t.Fatalf("%q / %q / %q", e.Message, e.Detail, e.Hint)
	}
	dropped, err := c.DropSchema("crm", false, true)
	if err != nil || len(dropped) != 2 || dropped[0].Name != "v" || dropped[1].Name != "a" {
		t.Fatalf("cascade: %v %v", dropped, err)
	}
	if _, err := c.SchemaByName("crm"); err == nil {
		t.Fatal("schema still there")
	}
	if _, err := c.LookupRelation([]string{"public"}, "", "v"); err == nil {
		t.Fatal("dependent view still there")
	}
	if d, err := c.DropSchema("crm", true, false); err != nil || d != nil {
		t.Fatal(d, err)
	}
	if _, err := c.DropSchema("crm", false, false); code(err) != base.CodeInvalidSchemaName {
		t.Fatal(err)
	}
	if _, err := c.DropSchema("pg_catalog", false, true); code(err) != base.CodeDependentObjectsStillExist {
		t.Fatal(err)
	}
	// empty schema drops without cascade; IDs are not reused
	s3, _ := c.CreateSchema("e", "", false)
	if _, err := c.DropSchema("e", false, false); err != nil {
		t.Fatal(err)
	}
	s4, _ := c.CreateSchema("e", "", false)
	if s4.ID <= s3.ID {
		t.Fatal("ID reused")
	}
	// rename
	mustCreate(t, c, table("e", "t1", "x"))
	if err := c.RenameSchema("e", "f"); err != nil {
		t.Fatal(err)
	}
	if r := mustLookup(t, c, "f", "t1"); r.Schema != "f" {
		t.Fatal(r.Schema)
	}
}

func mustLookup(t *testing.T, c *Catalog, schema, name string) *Relation {
	t.Helper()
	r, err := c.LookupRelation(nil, schema, name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// chain builds t <- mv1 <- mv2, t <- v, mv2 <- sink.
func chain(t *testing.T) (*Catalog, map[string]*Relation) {
	c := New()
	m := map[string]*Relation{}
	m["t"] = mustCreate(t, c, table("", "t", "a"))
	mk := func(name string, k Kind, deps ...string) {
		r := &Relation{Name: name, Kind: k, Columns: []Column{{Name: "a", Type: base.Int32}}}
		for _, d := range deps {
			r.DependsOn = append(r.DependsOn, m[d].ID)
		}
		m[name] = mustCreate(t, c, r)
	}
	mk("mv1", KindMaterializedView, "t")
	mk("mv2", KindMaterializedView, "mv1")
	mk("v", KindView, "t")
	mk("s", KindSink, "mv2")
	return c, m
}

func names(rs []*Relation) string {
	var s []string
	for _, r := range rs {
		s = append(s, r.Name)
	}
	return strings.Join(s, ",")
}

func TestDropCascade(t *testing.T) {
	tests := []struct {
		drop     string
		cascade  bool
		wantErr  string
		detail   string
		dropped  string
		remained string
	}{
		{drop: "s", dropped: "s", remained: "t,mv1,mv2,v"},
		{drop: "mv1", wantErr: "cannot drop materialized view mv1 because other objects depend on it",
			detail: "materialized view mv2 depends on materialized view mv1\nsink s depends on materialized view mv2"},
		{drop: "mv1", cascade: true, dropped: "s,mv2,mv1", remained: "t,v"},
		{drop: "t", cascade: true, dropped: "s,mv2,mv1,v,t", remained: ""},
	}
	for _, tc := range tests {
		c, m := chain(t)
		dropped, err := c.DropRelation(m[tc.drop].ID, tc.cascade)
		if tc.wantErr != "" {
			e, ok := err.(*base.Error)
			if !ok || e.Code != base.CodeDependentObjectsStillExist || e.Message != tc.wantErr || e.Detail != tc.detail {
				t.Errorf("drop %s: %#v", tc.drop, err)
			}
			continue
		}
		if err != nil || names(dropped) != tc.dropped {
			t.Errorf("drop %s: got %q %v want %q", tc.drop, names(dropped), err, tc.dropped)
		}
		if got := names(c.Relations()); got != tc.remained {
			t.Errorf("drop %s: remained %q want %q", tc.drop, got, tc.remained)
		}
	}
	c, m := chain(t)
	if got := names(c.Dependents(m["t"].ID)); got != "mv1,v" {
		t.Fatal(got)
	}
	if _, err := c.DropRelation(999999, false); code(err) != base.CodeUndefinedTable {
		t.Fatal(err)
	}
}

func TestReplaceRelation(t *testing.T) {
	c := New()
	orig := mustCreate(t, c, table("", "t", "a", "b"))
	mustCreate(t, c, table("", "other", "a"))
	n := orig.Clone()
	n.Columns = append(n.Columns, Column{Name: "c", Type: base.Text})
	n.Name = "t2"
	n.Comment = "hello"
	if err := c.ReplaceRelation(n); err != nil {
		t.Fatal(err)
	}
	got := c.RelationByID(orig.ID)
	if got.Name != "t2" || len(got.Columns) != 4 || got.Version != orig.Version+1 || got.Created != orig.Created {
		t.Fatalf("%+v", got)
	}
	if orig.Name != "t" || len(orig.Columns) != 3 {
		t.Fatal("published relation was mutated")
	}
	if _, err := c.LookupRelation([]string{"public"}, "", "t"); err == nil {
		t.Fatal("old name still resolves")
	}
	bad := got.Clone()
	bad.Name = "other"
	if err := c.ReplaceRelation(bad); code(err) != base.CodeDuplicateTable {
		t.Fatal(err)
	}
	bad = got.Clone()
	bad.Columns = append(bad.Columns, Column{Name: "a"})
	if err := c.ReplaceRelation(bad); code(err) != base.CodeDuplicateColumn {
		t.Fatal(err)
	}
	if err := c.SetComment(got.ID, "a", "col comment"); err != nil {
		t.Fatal(err)
	}
	if c.RelationByID(got.ID).Columns[0].Comment != "col comment" {
		t.Fatal("column comment")
	}
	if err := c.SetOwner(got.ID, "nobody"); code(err) != base.CodeUndefinedObject {
		t.Fatal(err)
	}
}

func TestUsersSecretsGrants(t *testing.T) {
	c := New()
	if _, err := c.CreateUser(User{Name: "alice", CanLogin: true, PasswordHash: "SCRAM-SHA-256$4096:x$y:z"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateUser(User{Name: "alice"}); code(err) != base.CodeDuplicateObject || err.Error() != `role "alice" already exists` {
		t.Fatal(err)
	}
	sec, err := c.CreateSecret(&Secret{Name: "pw", Ciphertext: []byte{1, 2}, Owner: "alice"}, false)
	if err != nil {
		t.Fatal(err)
	}
	src := &Relation{Name: "src", Kind: KindSource, Owner: "alice", Columns: []Column{{Name: "a", Type: base.Text}},
		Options: map[string]string{"connector": "kafka", "password": SecretRef("", "pw")}}
	got := mustCreate(t, c, src)
	if len(got.DependsOn) != 1 || got.DependsOn[0] != sec.ID {
		t.Fatalf("secret dep: %v", got.DependsOn)
	}
	_, err = c.CreateRelation(&Relation{Name: "src2", Kind: KindSource,
		Options: map[string]string{"password": SecretRef("public", "nope")}}, false)
	if code(err) != base.CodeUndefinedObject {
		t.Fatal(err)
	}
	err = c.DropSecret(sec.ID)
	if code(err) != base.CodeDependentObjectsStillExist || err.(*base.Error).Detail != "source src depends on secret pw" {
		t.Fatalf("%#v", err)
	}
	if s, err := c.SecretByName([]string{"public"}, "", "pw"); err != nil || s.ID != sec.ID {
		t.Fatal(err)
	}
	if err := c.Grant(Grant{ObjectID: got.ID, Grantee: "alice", Privileges: []string{"select"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Grant(Grant{ObjectID: got.ID, Grantee: "alice", Privileges: []string{"SELECT", "insert"}}); err != nil {
		t.Fatal(err)
	}
	if g := c.Grants(got.ID); len(g) != 1 || strings.Join(g[0].Privileges, ",") != "INSERT,SELECT" {
		t.Fatal(g)
	}
	if err := c.Grant(Grant{ObjectID: got.ID, Grantee: "bob"}); code(err) != base.CodeUndefinedObject {
		t.Fatal(err)
	}
	err = c.DropUser("alice", false)
	if code(err) != base.CodeDependentObjectsStillExist {
		t.Fatal(err)
	}
	if err := c.DropUser("root", false); code(err) != base.CodeDependentObjectsStillExist {
		t.Fatal(err)
	}
	if _, err := c.DropRelation(got.ID, false); err != nil {
		t.Fatal(err)
	}
	if len(c.Grants(got.ID)) != 0 {
		t.Fatal("grants survive drop")
	}
	if err := c.DropSecret(sec.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DropUser("alice", false); err != nil {
		t.Fatal(err)
	}
	if err := c.DropUser("alice", true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.User("alice"); code(err) != base.CodeUndefinedObject {
		t.Fatal(err)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	c, m := chain(t)
	c.CreateSchema("crm", "root", false)
	c.CreateUser(User{Name: "bob", PasswordHash: "SCRAM-SHA-256$4096:s$a:b"})
	sec, _ := c.CreateSecret(&Secret{Schema: "crm", Name: "k", Ciphertext: []byte("xyz")}, false)
	r := &Relation{Schema: "crm", Name: "src", Kind: KindSource,
		Columns: []Column{{Name: "ts", Type: base.TimestampTZ, NotNull: true, Default: "now()"}, {Name: "tags", Type: base.ArrayOf(base.Varchar)}, {Name: "n", Type: base.Type{Kind: base.KindNumeric, Mod: 10<<16 | 2}}},
		Options: map[string]string{"connector": "kafka", "pw": SecretRef("crm", "k")},
		Format:  "PLAIN", Encode: "JSON", FormatOptions: map[string]string{"a": "b"},
		Watermarks: []Watermark{{Column: "ts", Expr: "ts - INTERVAL '5 seconds'"}}, AppendOnly: true,
		Properties: map[string]string{"sla": "5m"}, InternalTables: []uint32{c.ReserveIDs(2)}}
	mustCreate(t, c, r)
	c.Grant(Grant{ObjectID: m["t"].ID, Grantee: PublicGrantee, Privileges: []string{"SELECT"}})
	c.SetComment(m["mv1"].ID, "", "a data product")

	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	c2, err := Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	data2, err := c2.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != string(data2) {
		t.Fatalf("round trip differs:\n%s\n---\n%s", data, data2)
	}
	got := mustLookup(t, c2, "crm", "src")
	if got.Columns[1].Type != base.ArrayOf(base.Varchar) || got.Columns[2].Type.Mod != 10<<16|2 ||
		got.Columns[0].Type != base.TimestampTZ || got.DependsOn[0] != sec.ID || !got.Created.Equal(r.Created) && !r.Created.IsZero() {
		t.Fatalf("%+v", got)
	}
	if c2.Version() != c.Version() {
		t.Fatal("version")
	}
	// IDs are never reused after reload
	n := mustCreate(t, c2, table("", "fresh", "a"))
	for _, old := range c.Relations() {
		if n.ID <= old.ID {
			t.Fatalf("ID %d reused (<= %d)", n.ID, old.ID)
		}
	}
	if len(got.InternalTables) != 1 || n.ID <= got.InternalTables[0]+1 {
		t.Fatalf("reserved IDs reused: %v %d", got.InternalTables, n.ID)
	}
}

func TestUnmarshalCorrupt(t *testing.T) {
	good, _ := New().Marshal()
	cases := map[string]string{
		"garbage":      "\x00\x01garbage",
		"empty":        "",
		"wrong format": `{"format":"other","format_version":1}`,
		"future":       `{"format":"tributary-catalog","format_version":99}`,
		"bad type":     strings.Replace(string(mustMarshalWithTable(t)), `"integer"`, `"nosuchtype"`, 1),
		"dangling dep": strings.Replace(string(mustMarshalWithTable(t)), `"pk": [`, `"depends_on": [424242], "pk": [`, 1),
		"truncated":    string(good[:len(good)/2]),
		"unknown kind": strings.Replace(string(mustMarshalWithTable(t)), `"kind": "table"`, `"kind": "tabel"`, 1),
		"no bootstrap": `{"format":"tributary-catalog","format_version":1,"database":"dev","next_id":16384}`,
	}
	for name, data := range cases {
		c, err := Unmarshal([]byte(data))
		if c != nil || code(err) != base.CodeDataCorrupted || !strings.Contains(err.Error(), "catalog") {
			t.Errorf("%s: %v %v", name, c, err)
		}
	}
}

func mustMarshalWithTable(t *testing.T) []byte {
	c := New()
	mustCreate(t, c, table("", "t", "a"))
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestConcurrentReads(t *testing.T) {
	c := New()
	mustCreate(t, c, table("", "t", "a"))
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				r, err := c.CreateRelation(table("", fmt.Sprintf("t_%d_%d", w, i), "a"), false)
				if err != nil {
					t.Error(err)
					return
				}
				n := r.Clone()
				n.Comment = "x"
				if err := c.ReplaceRelation(n); err != nil {
					t.Error(err)
				}
			}
		}(w)
	}
	for rd := 0; rd < 4; rd++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				r, err := c.LookupRelation([]string{"public"}, "", "t")
				if err != nil || r.Columns[0].Name != "a" {
					t.Error(err)
					return
				}
				_ = c.Relations()
				_ = c.Version()
				if _, err := c.Marshal(); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if n := len(c.Relations()); n != 801 {
		t.Fatal(n)
	}
}

func TestCloneRestore(t *testing.T) {
	c := New()
	mustCreate(t, c, table("", "keep", "a"))
	snap := c.Clone()
	x := mustCreate(t, c, table("", "x", "a"))
	c.Restore(snap) // roll back
	if c.RelationByID(x.ID) != nil {
		t.Fatal("rollback kept x")
	}
	y := mustCreate(t, c, table("", "y", "a"))
	if y.ID <= x.ID {
		t.Fatal("ID reused after rollback")
	}
	v := &Relation{Name: "v", Kind: KindView}
	mustCreate(t, c, v)
	e := ErrWrongKind(c.RelationByID(v.ID), KindTable, true)
	if e.Message != `"v" is not a table` || e.Hint != "Use DROP VIEW to remove a view." || e.Code != base.CodeWrongObjectType {
		t.Fatalf("%+v", e)
	}
}
