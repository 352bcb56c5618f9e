package syscat

import (
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// TestDefinitions checks the invariants of doc.go on every system relation.
func TestDefinitions(t *testing.T) {
	cat := catalog.New()
	if _, err := cat.CreateRelation(&catalog.Relation{Schema: "public", Name: "t", Kind: catalog.KindTable, Owner: "root",
		Columns: []catalog.Column{{Name: "id", Type: base.Int32}, {Name: "s", Type: base.Varchar, Default: "'x'", Comment: "c"}},
		PK:      []int{0}, HasUserPK: true, Comment: "hello"}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := cat.CreateRelation(&catalog.Relation{Schema: "public", Name: "k", Kind: catalog.KindTable, Owner: "root",
		Columns: []catalog.Column{{Name: "a", Type: base.Int32}}}, false); err != nil {
		t.Fatal(err)
	}
	env := &Env{Cat: cat, SearchPath: []string{"public"}}
	seen := map[uint32]bool{}
	for _, rel := range Relations() {
		if rel.ID >= catalog.FirstUserID || seen[rel.ID] {
			t.Errorf("%s: OID %d is not a unique system OID", rel.Name, rel.ID)
		}
		seen[rel.ID] = true
		if !IsSystem(rel) || Lookup(rel.Schema, rel.Name) != rel {
			t.Errorf("%s: not found by Lookup", rel.QualifiedName())
		}
		rows, err := Rows(rel, env) // panics or errors on a malformed row
		if err != nil {
			t.Errorf("%s: %v", rel.Name, err)
		}
		for _, r := range rows {
			for j, d := range r {
				if !d.Null && d.K != rel.Columns[j].Type.Kind {
					t.Errorf("%s.%s: datum kind %d, column kind %d", rel.Name, rel.Columns[j].Name, d.K, rel.Columns[j].Type.Kind)
				}
			}
		}
	}
	// Hidden _row_id is not in pg_attribute; the PK index is in pg_class.
	k, _ := cat.LookupRelation(nil, "public", "k")
	tt, _ := cat.LookupRelation(nil, "public", "t")
	n := 0
	attrs, _ := Rows(Lookup("pg_catalog", "pg_attribute"), env)
	for _, r := range attrs {
		if r[0].I == int64(k.ID) {
			n++
			if r[1].S != "a" || r[5].I != 1 {
				t.Errorf("pg_attribute row of k: %v", r)
			}
		}
	}
	if n != 1 {
		t.Errorf("k has %d pg_attribute rows, want 1", n)
	}
	if name, ok := env.OIDName("regclass", int64(PKIndexOID(tt))); !ok || name != "t_pkey" {
		t.Errorf("PK index name %q %v", name, ok)
	}
	if d, ok := env.Definition("constraint", int64(PKConstraintOID(tt)), 0); !ok || d != "PRIMARY KEY (id)" {
		t.Errorf("constraint def %q", d)
	}
}

func TestResolveSearchPath(t *testing.T) {
	cat := catalog.New()
	if _, err := cat.CreateRelation(&catalog.Relation{Schema: "public", Name: "pg_class", Kind: catalog.KindTable, Owner: "root",
		Columns: []catalog.Column{{Name: "a", Type: base.Int32}}}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := cat.CreateRelation(&catalog.Relation{Schema: "public", Name: "tables", Kind: catalog.KindTable, Owner: "root",
		Columns: []catalog.Column{{Name: "a", Type: base.Int32}}}, false); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path         []string
		schema, name string
		wantSys      bool
	}{
		{[]string{"public"}, "", "pg_class", true},                     // pg_catalog is implicitly first
		{[]string{"public", "pg_catalog"}, "", "pg_class", false},      // unless listed later
		{[]string{"public"}, "public", "pg_class", false},              // qualified
		{[]string{"public"}, "", "tables", false},                      // information_schema is not searched
		{[]string{"public"}, "information_schema", "tables", true},     // unless named
		{[]string{"information_schema", "public"}, "", "tables", true}, // or on the path
	} {
		r, err := Resolve(cat, c.path, c.schema, c.name)
		if err != nil {
			t.Fatalf("%v %s.%s: %v", c.path, c.schema, c.name, err)
		}
		if IsSystem(r) != c.wantSys {
			t.Errorf("%v %s.%s: system=%v", c.path, c.schema, c.name, IsSystem(r))
		}
	}
	if _, err := Resolve(cat, []string{"public"}, "pg_catalog", "nope"); base.AsError(err).Code != base.CodeUndefinedTable {
		t.Errorf("missing: %v", err)
	}
}

func TestFormatType(t *testing.T) {
	for _, c := range []struct {
		oid  uint32
		mod  int32
		want string
	}{{23, -1, "integer"}, {1043, 24, "character varying(20)"}, {1700, 10<<16 | 2 + 4, "numeric(10,2)"},
		{1007, -1, "integer[]"}, {18, -1, `"char"`}, {1184, -1, "timestamp with time zone"}, {22, -1, "int2vector"}} {
		if got, _ := FormatType(c.oid, c.mod); got != c.want {
			t.Errorf("FormatType(%d, %d) = %q, want %q", c.oid, c.mod, got, c.want)
		}
	}
}
