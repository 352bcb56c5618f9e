package catalog

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/tributarydb/tributary/internal/base"
)

// FormatName and FormatVersion identify the persisted catalog encoding
// (docs/format/catalog.md). Bump FormatVersion on any incompatible change
// and keep reading older versions.
const (
	FormatName    = "tributary-catalog"
	FormatVersion = 1
)

// The persisted structs are separate from the API types so that renaming
// a Go field never silently changes the on-disk format.
type fileJSON struct {
	Format         string       `json:"format"`
	FormatVersion  int          `json:"format_version"`
	CatalogVersion uint64       `json:"catalog_version"`
	Database       string       `json:"database"`
	NextID         uint32       `json:"next_id"`
	Schemas        []schemaJSON `json:"schemas"`
	Relations      []relJSON    `json:"relations"`
	Users          []userJSON   `json:"users"`
	Secrets        []secretJSON `json:"secrets"`
	Grants         []grantJSON  `json:"grants"`
}

type schemaJSON struct {
	ID      uint32 `json:"id"`
	Name    string `json:"name"`
	Owner   string `json:"owner"`
	Comment string `json:"comment,omitempty"`
}

type typeJSON struct {
	Name    string `json:"name"` // base.Type{Kind}.String(), e.g. "integer"
	Elem    string `json:"elem,omitempty"`
	Varchar bool   `json:"varchar,omitempty"`
	Bpchar  bool   `json:"bpchar,omitempty"`
	Mod     int32  `json:"mod,omitempty"`
}

type columnJSON struct {
	Name    string   `json:"name"`
	Type    typeJSON `json:"type"`
	NotNull bool     `json:"not_null,omitempty"`
	Default string   `json:"default,omitempty"`
	Hidden  bool     `json:"hidden,omitempty"`
	Comment string   `json:"comment,omitempty"`
}

type relJSON struct {
	ID                uint32            `json:"id"`
	SchemaID          uint32            `json:"schema_id"`
	Name              string            `json:"name"`
	Kind              Kind              `json:"kind"`
	Columns           []columnJSON      `json:"columns"`
	PK                []int             `json:"pk"`
	HasUserPK         bool              `json:"has_user_pk,omitempty"`
	Owner             string            `json:"owner"`
	Comment           string            `json:"comment,omitempty"`
	Definition        string            `json:"definition,omitempty"`
	DependsOn         []uint32          `json:"depends_on,omitempty"`
	Options           map[string]string `json:"options,omitempty"`
	Format            string            `json:"format,omitempty"`
	Encode            string            `json:"encode,omitempty"`
	FormatOptions     map[string]string `json:"format_options,omitempty"`
	AppendOnly        bool              `json:"append_only,omitempty"`
	EmitOnWindowClose bool              `json:"emit_on_window_close,omitempty"`
	Watermarks        []watermarkJSON   `json:"watermarks,omitempty"`
	InternalTables    []uint32          `json:"internal_tables,omitempty"`
	Properties        map[string]string `json:"properties,omitempty"`
	Created           time.Time         `json:"created"`
	Version           uint64            `json:"version"`
}

type watermarkJSON struct {
	Column string `json:"column"`
	Expr   string `json:"expr"`
}

type userJSON struct {
	Name         string `json:"name"`
	Superuser    bool   `json:"superuser,omitempty"`
	CanLogin     bool   `json:"can_login,omitempty"`
	CreateDB     bool   `json:"create_db,omitempty"`
	CreateRole   bool   `json:"create_role,omitempty"`
	PasswordHash string `json:"password_hash,omitempty"`
	Comment      string `json:"comment,omitempty"`
}

type secretJSON struct {
	ID         uint32 `json:"id"`
	SchemaID   uint32 `json:"schema_id"`
	Name       string `json:"name"`
	Owner      string `json:"owner"`
	Ciphertext []byte `json:"ciphertext"`
	Comment    string `json:"comment,omitempty"`
}

type grantJSON struct {
	ObjectID   uint32   `json:"object_id"`
	Grantee    string   `json:"grantee"`
	Privileges []string `json:"privileges"`
}

// typeNames maps persisted type names back to base kinds; built from
// base's own names so the two cannot drift apart.
var typeNames = func() map[string]base.Kind {
	m := map[string]base.Kind{}
	for k := 0; k < 256; k++ {
		kind := base.Kind(k)
		if kind == base.KindArray {
			m["array"] = kind
			continue
		}
		name := base.Type{Kind: kind}.String()
		if name == "unknown" && kind != base.KindUnknown {
			continue
		}
		if _, dup := m[name]; !dup {
			m[name] = kind
		}
	}
	return m
}()

func kindName(k base.Kind) string {
	if k == base.KindArray {
		return "array"
	}
	return base.Type{Kind: k}.String()
}

func encodeType(t base.Type) typeJSON {
	tj := typeJSON{Name: kindName(t.Kind), Varchar: t.Varchar, Bpchar: t.Bpchar, Mod: t.Mod}
	if t.Kind == base.KindArray {
		tj.Elem = kindName(t.Elem)
	}
	return tj
}

func decodeType(tj typeJSON) (base.Type, error) {
	k, ok := typeNames[tj.Name]
	if !ok {
		return base.Type{}, fmt.Errorf("unknown type %q", tj.Name)
	}
	t := base.Type{Kind: k, Varchar: tj.Varchar, Bpchar: tj.Bpchar, Mod: tj.Mod}
	if k == base.KindArray {
		e, ok := typeNames[tj.Elem]
		if !ok {
			return base.Type{}, fmt.Errorf("unknown array element type %q", tj.Elem)
		}
		t.Elem = e
	}
	return t, nil
}

// Marshal returns the persisted form of the catalog (JSON, deterministic).
func (c *Catalog) Marshal() ([]byte, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	f := fileJSON{
		Format: FormatName, FormatVersion: FormatVersion,
		CatalogVersion: c.version, Database: c.database, NextID: c.nextID,
		Schemas: []schemaJSON{}, Relations: []relJSON{}, Users: []userJSON{},
		Secrets: []secretJSON{}, Grants: []grantJSON{},
	}
	ids := make([]uint32, 0, len(c.schemas))
	for id := range c.schemas {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		s := c.schemas[id]
		f.Schemas = append(f.Schemas, schemaJSON{s.ID, s.Name, s.Owner, s.Comment})
	}
	for _, r := range c.sortedRelsLocked() {
		rj := relJSON{
			ID: r.ID, SchemaID: r.SchemaID, Name: r.Name, Kind: r.Kind, PK: r.PK,
			HasUserPK: r.HasUserPK, Owner: r.Owner, Comment: r.Comment,
			Definition: r.Definition, DependsOn: r.DependsOn, Options: r.Options,
			Format: r.Format, Encode: r.Encode, FormatOptions: r.FormatOptions,
			AppendOnly: r.AppendOnly, EmitOnWindowClose: r.EmitOnWindowClose,
			InternalTables: r.InternalTables,
			Properties:     r.Properties, Created: r.Created, Version: r.Version,
			Columns: make([]columnJSON, len(r.Columns)),
		}
		for _, w := range r.Watermarks {
			rj.Watermarks = append(rj.Watermarks, watermarkJSON(w))
		}
		if rj.PK == nil {
			rj.PK = []int{}
		}
		for i, col := range r.Columns {
			rj.Columns[i] = columnJSON{col.Name, encodeType(col.Type), col.NotNull, col.Default, col.Hidden, col.Comment}
		}
		f.Relations = append(f.Relations, rj)
	}
	names := make([]string, 0, len(c.users))
	for n := range c.users {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		u := c.users[n]
		f.Users = append(f.Users, userJSON{u.Name, u.Superuser, u.CanLogin, u.CreateDB, u.CreateRole, u.PasswordHash, u.Comment})
	}
	for _, s := range c.sortedSecretsLocked() {
		ct := s.Ciphertext
		if ct == nil {
			ct = []byte{}
		}
		f.Secrets = append(f.Secrets, secretJSON{s.ID, s.SchemaID, s.Name, s.Owner, ct, s.Comment})
	}
	gids := make([]uint32, 0, len(c.grants))
	for id := range c.grants {
		gids = append(gids, id)
	}
	sort.Slice(gids, func(i, j int) bool { return gids[i] < gids[j] })
	for _, id := range gids {
		gs := slices.Clone(c.grants[id]) // sorted copy: readers share the map
		sort.Slice(gs, func(i, j int) bool { return gs[i].Grantee < gs[j].Grantee })
		for _, g := range gs {
			f.Grants = append(f.Grants, grantJSON(g))
		}
	}
	return json.MarshalIndent(&f, "", " ")
}

func corrupt(format string, args ...any) *base.Error {
	return base.Errorf(base.CodeDataCorrupted, "catalog is corrupted: "+format, args...)
}

// Unmarshal rebuilds a catalog from Marshal's output. Anything malformed
// or inconsistent is a *base.Error with CodeDataCorrupted that says what
// is wrong; it never panics and never returns a partial catalog.
func Unmarshal(data []byte) (*Catalog, error) {
	var probe struct {
		Format        string `json:"format"`
		FormatVersion int    `json:"format_version"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, corrupt("not valid JSON: %v", err)
	}
	if probe.Format != FormatName {
		return nil, corrupt("format is %q, want %q", probe.Format, FormatName)
	}
	if probe.FormatVersion != FormatVersion {
		return nil, corrupt("unsupported format_version %d (this build reads %d)", probe.FormatVersion, FormatVersion)
	}
	var f fileJSON
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, corrupt("%v", err)
	}
	c := newEmpty()
	c.version = f.CatalogVersion
	c.database = f.Database
	c.nextID = f.NextID
	if c.database == "" {
		return nil, corrupt("database name is empty")
	}
	checkID := func(what string, id uint32) error {
		if id >= c.nextID && id >= FirstUserID {
			return corrupt("%s has ID %d, not below next_id %d", what, id, c.nextID)
		}
		if c.schemas[id] != nil || c.rels[id] != nil || c.secrets[id] != nil {
			return corrupt("%s reuses ID %d", what, id)
		}
		return nil
	}
	for _, sj := range f.Schemas {
		what := fmt.Sprintf("schema %q", sj.Name)
		if sj.Name == "" {
			return nil, corrupt("schema %d has no name", sj.ID)
		}
		if err := checkID(what, sj.ID); err != nil {
			return nil, err
		}
		if c.schemaByName[sj.Name] != nil {
			return nil, corrupt("duplicate %s", what)
		}
		c.putSchema(&Schema{ID: sj.ID, Name: sj.Name, Owner: sj.Owner, Comment: sj.Comment})
	}
	for _, uj := range f.Users {
		if uj.Name == "" || c.users[uj.Name] != nil {
			return nil, corrupt("empty or duplicate user name %q", uj.Name)
		}
		c.users[uj.Name] = &User{uj.Name, uj.Superuser, uj.CanLogin, uj.CreateDB, uj.CreateRole, uj.PasswordHash, uj.Comment}
	}
	for _, sj := range f.Secrets {
		what := fmt.Sprintf("secret %q", sj.Name)
		if err := checkID(what, sj.ID); err != nil {
			return nil, err
		}
		sch := c.schemas[sj.SchemaID]
		if sch == nil {
			return nil, corrupt("%s is in unknown schema %d", what, sj.SchemaID)
		}
		k := nameKey{sch.ID, sj.Name}
		if sj.Name == "" || c.secretByName[k] != nil {
			return nil, corrupt("empty or duplicate %s", what)
		}
		s := &Secret{ID: sj.ID, SchemaID: sch.ID, Schema: sch.Name, Name: sj.Name, Owner: sj.Owner, Ciphertext: sj.Ciphertext, Comment: sj.Comment}
		c.secrets[s.ID] = s
		c.secretByName[k] = s
	}
	for _, rj := range f.Relations {
		what := fmt.Sprintf("relation %q", rj.Name)
		if err := checkID(what, rj.ID); err != nil {
			return nil, err
		}
		sch := c.schemas[rj.SchemaID]
		if sch == nil {
			return nil, corrupt("%s is in unknown schema %d", what, rj.SchemaID)
		}
		k := nameKey{sch.ID, rj.Name}
		if rj.Name == "" || c.relByName[k] != nil {
			return nil, corrupt("empty or duplicate %s", what)
		}
		if _, ok := kindNames[rj.Kind]; !ok {
			return nil, corrupt("%s has no kind", what)
		}
		r := &Relation{
			ID: rj.ID, SchemaID: sch.ID, Schema: sch.Name, Name: rj.Name, Kind: rj.Kind,
			PK: rj.PK, HasUserPK: rj.HasUserPK, Owner: rj.Owner, Comment: rj.Comment,
			Definition: rj.Definition, DependsOn: rj.DependsOn, Options: rj.Options,
			Format: rj.Format, Encode: rj.Encode, FormatOptions: rj.FormatOptions,
			AppendOnly: rj.AppendOnly, EmitOnWindowClose: rj.EmitOnWindowClose,
			InternalTables: rj.InternalTables,
			Properties:     rj.Properties, Created: rj.Created, Version: rj.Version,
			Columns: make([]Column, len(rj.Columns)),
		}
		for _, w := range rj.Watermarks {
			r.Watermarks = append(r.Watermarks, Watermark(w))
		}
		seen := map[string]bool{}
		for i, cj := range rj.Columns {
			t, err := decodeType(cj.Type)
			if err != nil {
				return nil, corrupt("%s column %q: %v", what, cj.Name, err)
			}
			if cj.Name == "" || seen[cj.Name] {
				return nil, corrupt("%s has an empty or duplicate column name %q", what, cj.Name)
			}
			seen[cj.Name] = true
			r.Columns[i] = Column{cj.Name, t, cj.NotNull, cj.Default, cj.Hidden, cj.Comment}
		}
		for _, i := range r.PK {
			if i < 0 || i >= len(r.Columns) {
				return nil, corrupt("%s has primary key column index %d out of range", what, i)
			}
		}
		for _, t := range r.InternalTables {
			if t >= c.nextID {
				return nil, corrupt("%s has internal table ID %d, not below next_id %d", what, t, c.nextID)
			}
		}
		c.rels[r.ID] = r
		c.relByName[k] = r
	}
	for _, r := range c.rels {
		for _, d := range r.DependsOn {
			if c.rels[d] == nil && c.secrets[d] == nil {
				return nil, corrupt("relation %q depends on missing object %d", r.Name, d)
			}
		}
	}
	for _, gj := range f.Grants {
		if !c.objectExistsLocked(gj.ObjectID) {
			return nil, corrupt("grant on missing object %d", gj.ObjectID)
		}
		c.grants[gj.ObjectID] = append(c.grants[gj.ObjectID], Grant(gj))
	}
	if c.schemaByName["pg_catalog"] == nil || c.users[RootUser] == nil {
		return nil, corrupt("bootstrap objects (schema pg_catalog, user %s) are missing", RootUser)
	}
	return c, nil
}
