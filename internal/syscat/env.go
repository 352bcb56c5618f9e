package syscat

import (
	"hash/fnv"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// OID ranges of objects PostgreSQL has and the catalog does not.
const (
	IndexOIDBase      uint32 = 1 << 30 // + table ID: the primary-key index
	ConstraintOIDBase uint32 = 3 << 29 // + table ID: the primary-key constraint
	RoleOIDBase       uint32 = 7 << 28 // + 28-bit hash of the role name
	RootRoleOID       uint32 = 10      // PostgreSQL's bootstrap superuser
	DatabaseOID       uint32 = 16384 - 1
	// classOID* are the pg_class OIDs of catalogs, used as classoid.
	classOIDClass     uint32 = 1259
	classOIDNamespace uint32 = 2615
	classOIDDatabase  uint32 = 1262
	classOIDAuthid    uint32 = 1260
	classOIDConstr    uint32 = 2606
	classOIDType      uint32 = 1247
	classOIDProc      uint32 = 1255
)

// PKIndexOID is the OID of rel's primary-key index (pg_index.indexrelid).
func PKIndexOID(rel *catalog.Relation) uint32 { return IndexOIDBase + rel.ID }

// PKConstraintOID is the OID of rel's primary-key constraint.
func PKConstraintOID(rel *catalog.Relation) uint32 { return ConstraintOIDBase + rel.ID }

// RoleOID is the stable OID of a role (pg_roles.oid, relowner, ...).
func RoleOID(name string) uint32 {
	if name == catalog.RootUser {
		return RootRoleOID
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return RoleOIDBase + h.Sum32()&(1<<28-1)
}

// Setting is one row of pg_settings.
type Setting struct {
	Name, Value, Default, Desc string
	ReadOnly                   bool
}

// Proc describes a built-in function for pg_proc.
type Proc struct {
	Name     string
	Args     []base.Type
	Ret      base.Type
	Kind     byte // 'f' function, 'a' aggregate, 'w' window
	Variadic bool
	Strict   bool
	Volatile bool
}

// Env is what the rows of the system relations and the catalog functions
// are computed from: one statement's catalog snapshot and session.
type Env struct {
	Cat        *catalog.Catalog
	User       string
	Database   string
	SearchPath []string // as the session set it (without the implicit pg_catalog)
	Settings   []Setting
	// Session, for pg_stat_activity and pg_backend_pid.
	PID             int32
	ApplicationName string
	BackendStart    int64 // µs since the Unix epoch
	Query           string
}

func (e *Env) user() string {
	if e.User == "" {
		return catalog.RootUser
	}
	return e.User
}

func (e *Env) database() string {
	if e.Database != "" {
		return e.Database
	}
	if e.Cat != nil {
		return e.Cat.Database()
	}
	return catalog.DefaultDatabase
}

// ---------------------------------------------------------------------------
// Name resolution

// IsSystemSchema reports whether name is pg_catalog or information_schema.
func IsSystemSchema(name string) bool {
	return name == "pg_catalog" || name == "information_schema"
}

// IsSystem reports whether rel is a virtual system relation.
func IsSystem(rel *catalog.Relation) bool {
	sr := sysByID[rel.ID]
	return sr != nil && sr.rel == rel
}

// Lookup returns the system relation schema.name, or nil.
func Lookup(schema, name string) *catalog.Relation {
	if sr := sysByName[schema+"."+name]; sr != nil {
		return sr.rel
	}
	return nil
}

// Relations returns every system relation, ordered by OID.
func Relations() []*catalog.Relation {
	out := make([]*catalog.Relation, len(sysList))
	for i, sr := range sysList {
		out[i] = sr.rel
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ColumnTypeOIDs returns the PostgreSQL type OIDs of a system relation's
// columns (name is 19 though the column holds text), nil for others.
func ColumnTypeOIDs(rel *catalog.Relation) []uint32 {
	if sr := sysByID[rel.ID]; sr != nil && sr.rel == rel {
		return sr.pgTypes
	}
	return nil
}

// EffectivePath is the search path PostgreSQL uses to resolve names:
// pg_catalog comes first unless the path lists it explicitly.
func EffectivePath(searchPath []string) []string {
	if slices.Contains(searchPath, "pg_catalog") {
		return searchPath
	}
	return append([]string{"pg_catalog"}, searchPath...)
}

// Resolve looks a possibly qualified relation name up the way PostgreSQL
// does, system relations included: a qualified name in pg_catalog or
// information_schema finds the system relation (or a user object the
// catalog put there); an unqualified one walks EffectivePath. Not found is
// 42P01 naming the relation as written.
func Resolve(cat *catalog.Catalog, searchPath []string, schema, name string) (*catalog.Relation, error) {
	if schema != "" {
		if IsSystemSchema(schema) {
			if r := Lookup(schema, name); r != nil {
				return r, nil
			}
		}
		if cat == nil {
			return nil, base.Errorf(base.CodeUndefinedTable, "relation \"%s.%s\" does not exist", schema, name)
		}
		return cat.LookupRelation(searchPath, schema, name)
	}
	for _, sp := range EffectivePath(searchPath) {
		if IsSystemSchema(sp) {
			if r := Lookup(sp, name); r != nil {
				return r, nil
			}
		}
		if cat != nil {
			if r, err := cat.LookupRelation(nil, sp, name); err == nil {
				return r, nil
			}
		}
	}
	return nil, base.Errorf(base.CodeUndefinedTable, "relation %q does not exist", name)
}

// ---------------------------------------------------------------------------
// Procedures

type procRow struct {
	oid uint32
	Proc
	args []uint32
	ret  uint32
}

var (
	procMu     sync.Mutex
	procRows   []*procRow
	procByOID  map[uint32]*procRow
	procByName map[string][]*procRow
)

// SetProcs installs the built-in function list shown in pg_proc (the
// server passes expr's function table once at start). Type I/O functions
// (int4in, array_in, ...) are always present: pg_type.typinput refers to
// them and JDBC compares it with 'array_in'::regproc.
func SetProcs(ps []Proc) {
	procMu.Lock()
	defer procMu.Unlock()
	buildProcs(ps)
}

func buildProcs(ps []Proc) {
	var rows []*procRow
	seen := map[string]bool{}
	add := func(p Proc, args []uint32, ret uint32) {
		key := p.Name + "(" + oidList(args) + ")"
		if seen[key] {
			return
		}
		seen[key] = true
		rows = append(rows, &procRow{Proc: p, args: args, ret: ret})
	}
	for _, t := range allTypes {
		add(Proc{Name: t.inputFn(), Kind: 'f', Strict: true}, []uint32{2275}, t.oid)
		add(Proc{Name: t.outputFn(), Kind: 'f', Strict: true}, []uint32{t.oid}, 2275)
	}
	for _, p := range ps {
		args := make([]uint32, len(p.Args))
		for i, a := range p.Args {
			args[i] = procTypeOID(a)
		}
		add(p, args, procTypeOID(p.Ret))
	}
	procByOID = map[uint32]*procRow{}
	procByName = map[string][]*procRow{}
	for i, r := range rows {
		r.oid = 5000 + uint32(i)
		procByOID[r.oid] = r
		procByName[r.Name] = append(procByName[r.Name], r)
	}
	procRows = rows
}

// procTypeOID maps a signature type (possibly one of expr's pseudo-types,
// whose kinds lie outside base's) to a pg_type OID.
func procTypeOID(t base.Type) uint32 {
	if t.Kind > base.KindOid && t.Kind != base.KindArray {
		return 2283 // anyelement and friends
	}
	if t.Kind == base.KindUnknown {
		return 2283
	}
	if t.Kind == base.KindArray && t.Elem > base.KindOid {
		return 2277
	}
	if o := t.OID(); o != 0 {
		return o
	}
	return 2283
}

func procs() []*procRow {
	procMu.Lock()
	defer procMu.Unlock()
	if procRows == nil {
		buildProcs(nil)
	}
	return procRows
}

func procOIDByName(name string) (uint32, bool) {
	procs()
	procMu.Lock()
	defer procMu.Unlock()
	if rs := procByName[name]; len(rs) > 0 {
		return rs[0].oid, true
	}
	return 0, false
}

func procByOid(oid uint32) *procRow {
	procs()
	procMu.Lock()
	defer procMu.Unlock()
	return procByOID[oid]
}

func oidList(a []uint32) string {
	var b strings.Builder
	for i, o := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(itoa(int64(o)))
	}
	return b.String()
}
