package syscat

import (
	"sort"
	"strconv"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// Rows computes the rows of system relation rel from e, full width in
// rel.Columns order. Rows are recomputed per scan: they always reflect the
// statement's catalog snapshot.
func Rows(rel *catalog.Relation, e *Env) ([][]base.Datum, error) {
	sr := sysByID[rel.ID]
	if sr == nil || sr.rel != rel {
		return nil, base.Errorf(base.CodeInternalError, "syscat: %s is not a system relation", rel.QualifiedName())
	}
	raw := sr.gen(e)
	out := make([][]base.Datum, len(raw))
	for i, r := range raw {
		if len(r) != len(rel.Columns) {
			return nil, base.Errorf(base.CodeInternalError, "syscat: %s row has %d values, want %d", rel.Name, len(r), len(rel.Columns))
		}
		row := make([]base.Datum, len(r))
		for j, v := range r {
			row[j] = toDatum(v, rel.Columns[j].Type)
		}
		out[i] = row
	}
	return out, nil
}

// toDatum converts a generator value to a datum of type t (nil is NULL).
func toDatum(v any, t base.Type) base.Datum {
	if v == nil {
		return base.NullOf(t.Kind)
	}
	switch x := v.(type) {
	case base.Datum:
		return x
	case string:
		switch t.Kind {
		case base.KindText:
			return base.DText(x)
		case base.KindBytea:
			return base.DBytea([]byte(x))
		}
		d, err := base.ParseText(t, x, nil)
		if err != nil {
			return base.NullOf(t.Kind)
		}
		return d
	case byte:
		return base.DText(string(rune(x)))
	case bool:
		return base.DBool(x)
	case float64:
		if t.Kind == base.KindFloat32 {
			return base.DFloat32(x)
		}
		return base.DFloat64(x)
	case []string:
		a := make([]base.Datum, len(x))
		for i, s := range x {
			a[i] = base.DText(s)
		}
		return base.DArray(base.KindText, a)
	case []int16:
		a := make([]base.Datum, len(x))
		for i, n := range x {
			a[i] = base.DInt16(int64(n))
		}
		return base.DArray(base.KindInt16, a)
	case []uint32:
		a := make([]base.Datum, len(x))
		for i, n := range x {
			a[i] = base.DOid(int64(n))
		}
		return base.DArray(base.KindOid, a)
	}
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int16:
		n = int64(x)
	case int32:
		n = int64(x)
	case int64:
		n = x
	case uint32:
		n = int64(x)
	default:
		panic("syscat: unsupported value type")
	}
	switch t.Kind {
	case base.KindInt16:
		return base.DInt16(n)
	case base.KindInt32:
		return base.DInt32(n)
	case base.KindInt64:
		return base.DInt64(n)
	case base.KindOid:
		return base.DOid(n)
	case base.KindFloat32:
		return base.DFloat32(float64(n))
	case base.KindFloat64:
		return base.DFloat64(float64(n))
	case base.KindTimestampTZ:
		return base.DTimestampTZ(n)
	}
	return base.DText(strconv.FormatInt(n, 10))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func genNone(*Env) [][]any { return nil }

// ---------------------------------------------------------------------------
// Relations as pg_class sees them

// classEntry is one pg_class row's worth of facts.
type classEntry struct {
	oid      uint32
	name     string
	nsp      uint32
	schema   string
	kind     byte
	owner    string
	rel      *catalog.Relation // the relation (for an index: the table)
	cols     []column
	pkIndex  bool // a primary-key index of rel
	sys      *sysRel
	hasIndex bool
}

// column is one pg_attribute row's worth of facts.
type column struct {
	name    string
	typ     base.Type
	typOID  uint32
	num     int16
	notNull bool
	def     string
	comment string
}

// relkind maps a catalog kind to pg_class.relkind; 0 = not in pg_class.
func relkind(k catalog.Kind) byte {
	switch k {
	case catalog.KindTable:
		return 'r'
	case catalog.KindView:
		return 'v'
	case catalog.KindMaterializedView:
		return 'm'
	case catalog.KindIndex:
		return 'i'
	case catalog.KindSource:
		return 'f'
	}
	return 0
}

// visibleCols returns rel's visible columns numbered 1..n.
func visibleCols(rel *catalog.Relation) []column {
	inPK := map[int]bool{}
	if rel.HasUserPK {
		for _, i := range rel.PK {
			inPK[i] = true
		}
	}
	var out []column
	for i, c := range rel.Columns {
		if c.Hidden {
			continue
		}
		out = append(out, column{name: c.Name, typ: c.Type, typOID: c.Type.OID(), num: int16(i + 1),
			notNull: c.NotNull || inPK[i], def: displayDefault(c.Default, c.Type), comment: c.Comment})
	}
	return out
}

// displayDefault renders a stored DEFAULT as pg_get_expr does: a string
// literal carries its coercion to the column type ('new'::text), other
// expressions print as written.
func displayDefault(def string, t base.Type) string {
	if len(def) < 2 || def[0] != '\'' || def[len(def)-1] != '\'' {
		return def
	}
	body := def[1 : len(def)-1]
	for i := 0; i < len(body); i++ {
		if body[i] == '\'' {
			if i+1 >= len(body) || body[i+1] != '\'' {
				return def // not one literal, e.g. 'a' || 'b'
			}
			i++
		}
	}
	return def + "::" + t.String()
}

// attnum returns the attnum of rel.Columns[idx], 0 if hidden.
func attnum(rel *catalog.Relation, idx int) int16 {
	if idx < 0 || idx >= len(rel.Columns) || rel.Columns[idx].Hidden {
		return 0
	}
	return int16(idx + 1)
}

func pkName(rel *catalog.Relation) string { return rel.Name + "_pkey" }

func pkKeys(rel *catalog.Relation) []int16 {
	keys := make([]int16, 0, len(rel.PK))
	for _, i := range rel.PK {
		keys = append(keys, attnum(rel, i))
	}
	return keys
}

// hasPKIndex reports whether rel shows a primary-key index.
func hasPKIndex(rel *catalog.Relation) bool {
	return rel.HasUserPK && len(rel.PK) > 0 && (rel.Kind == catalog.KindTable || rel.Kind == catalog.KindMaterializedView)
}

// indexTarget returns the table an index relation indexes (its first
// dependency) and the attnums of its columns in that table.
func indexTarget(e *Env, idx *catalog.Relation) (*catalog.Relation, []int16) {
	if len(idx.DependsOn) == 0 || e.Cat == nil {
		return nil, nil
	}
	t := e.Cat.RelationByID(idx.DependsOn[0])
	if t == nil {
		return nil, nil
	}
	var keys []int16
	for _, c := range idx.Columns {
		if c.Hidden {
			continue
		}
		if i := t.ColumnIndex(c.Name); i >= 0 {
			keys = append(keys, attnum(t, i))
		}
	}
	return t, keys
}

// classes lists every pg_class row: user relations, their primary-key
// indexes, then the system relations.
func (e *Env) classes() []*classEntry {
	var out []*classEntry
	if e.Cat != nil {
		for _, r := range e.Cat.Relations() {
			k := relkind(r.Kind)
			if k == 0 {
				continue
			}
			ce := &classEntry{oid: r.ID, name: r.Name, nsp: r.SchemaID, schema: r.Schema, kind: k, owner: r.Owner, rel: r,
				cols: visibleCols(r), hasIndex: hasPKIndex(r)}
			out = append(out, ce)
			if hasPKIndex(r) {
				ix := &classEntry{oid: PKIndexOID(r), name: pkName(r), nsp: r.SchemaID, schema: r.Schema, kind: 'i', owner: r.Owner, rel: r, pkIndex: true}
				all := visibleCols(r)
				for n, key := range pkKeys(r) {
					for _, c := range all {
						if c.num == key {
							c.num, c.def, c.comment = int16(n+1), "", ""
							ix.cols = append(ix.cols, c)
						}
					}
				}
				out = append(out, ix)
			}
		}
	}
	for _, sr := range sysList {
		k := byte('r')
		if sr.view {
			k = 'v'
		}
		ce := &classEntry{oid: sr.rel.ID, name: sr.rel.Name, nsp: sr.rel.SchemaID, schema: sr.rel.Schema, kind: k, owner: catalog.RootUser, rel: sr.rel, sys: sr}
		for i, c := range sr.rel.Columns {
			ce.cols = append(ce.cols, column{name: c.Name, typ: c.Type, typOID: sr.pgTypes[i], num: int16(i + 1)})
		}
		out = append(out, ce)
	}
	return out
}

func (e *Env) classByOID(oid uint32) *classEntry {
	for _, c := range e.classes() {
		if c.oid == oid {
			return c
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// pg_catalog generators

func genNamespace(e *Env) [][]any {
	var rows [][]any
	if e.Cat == nil {
		return rows
	}
	for _, s := range e.Cat.Schemas() {
		rows = append(rows, []any{s.ID, s.Name, RoleOID(s.Owner), nil})
	}
	return rows
}

func genClass(e *Env) [][]any {
	var rows [][]any
	for _, c := range e.classes() {
		am := uint32(0)
		switch c.kind {
		case 'r', 'm':
			am = 2
		case 'i':
			am = 403
		}
		var opts any
		rows = append(rows, []any{c.oid, c.name, c.nsp, uint32(0), uint32(0), RoleOID(c.owner),
			am, c.oid, uint32(0), 0, float64(-1), 0, uint32(0),
			c.hasIndex, false, "p", c.kind, len(c.cols), 0,
			false, false, false, false, false,
			true, "d", false, uint32(0), uint32(0), uint32(0),
			nil, opts, nil})
	}
	return rows
}

func attStorage(t base.Type) (int16, bool, string, string) {
	l := t.Size()
	if l > 0 {
		align := "i"
		switch l {
		case 1:
			align = "c"
		case 2:
			align = "s"
		case 8, 16:
			align = "d"
		}
		return l, l <= 8, align, "p"
	}
	return -1, false, "i", "x"
}

// collationOf is attcollation: the column type's typcollation.
func collationOf(typOID uint32) uint32 {
	if t := typeByOID[typOID]; t != nil {
		return typCollation(t)
	}
	return 0
}

// typCollation is pg_type.typcollation: default for string types, C for
// name (as PostgreSQL 15 has it), none otherwise.
func typCollation(t *pgType) uint32 {
	switch {
	case t.oid == 19:
		return 950
	case t.category == 'S':
		return 100
	case t.category == 'A' && t.elem != 0 && typeByOID[t.elem] != nil && typeByOID[t.elem].category == 'S':
		return typCollation(typeByOID[t.elem])
	}
	return 0
}

func genAttribute(e *Env) [][]any {
	var rows [][]any
	for _, c := range e.classes() {
		for _, col := range c.cols {
			l, byval, align, storage := attStorage(col.typ)
			if col.typOID == 19 {
				l, byval, align, storage = 64, false, "c", "p"
			}
			ndims := 0
			if col.typ.Kind == base.KindArray {
				ndims = 1
			}
			rows = append(rows, []any{c.oid, col.name, col.typOID, -1, l,
				col.num, ndims, -1, TypeMod(col.typ), byval, align, storage,
				"", col.notNull, col.def != "", false, "", "",
				false, true, 0, collationOf(col.typOID), nil, nil,
				nil, nil})
		}
	}
	return rows
}

func genType(e *Env) [][]any {
	var rows [][]any
	for _, t := range allTypes {
		in, _ := procOIDByName(t.inputFn())
		out, _ := procOIDByName(t.outputFn())
		delim := ","
		storage := "p"
		if t.len < 0 {
			storage = "x"
		}
		coll := typCollation(t)
		rows = append(rows, []any{t.oid, t.name, uint32(catalog.PgCatalogSchemaID), RootRoleOID, t.len, t.byval,
			t.typtype, t.category, t.pref, true, delim, uint32(0),
			uint32(0), t.elem, t.array, in, out, uint32(0),
			uint32(0), uint32(0), uint32(0), uint32(0), t.align, storage,
			false, uint32(0), -1, 0, coll, nil,
			nil, nil})
	}
	return rows
}

func genIndex(e *Env) [][]any {
	var rows [][]any
	for _, c := range e.classes() {
		if c.kind != 'i' {
			continue
		}
		var table *catalog.Relation
		var keys []int16
		primary, unique := false, false
		if c.pkIndex {
			table, keys, primary, unique = c.rel, pkKeys(c.rel), true, true
		} else {
			table, keys = indexTarget(e, c.rel)
			unique = strings.Contains(strings.ToUpper(c.rel.Definition), "UNIQUE")
		}
		if table == nil {
			continue
		}
		zeros := make([]uint32, len(keys))
		opts := make([]int16, len(keys))
		rows = append(rows, []any{c.oid, table.ID, len(keys), len(keys), unique,
			false, primary, false, true, false,
			true, false, true, true, false, keys,
			zeros, zeros, opts, nil, nil})
	}
	return rows
}

func genConstraint(e *Env) [][]any {
	var rows [][]any
	if e.Cat == nil {
		return rows
	}
	for _, r := range e.Cat.Relations() {
		if !hasPKIndex(r) {
			continue
		}
		rows = append(rows, []any{PKConstraintOID(r), pkName(r), r.SchemaID, "p", false,
			false, true, r.ID, uint32(0), PKIndexOID(r), uint32(0), uint32(0),
			" ", " ", " ", true, 0, true,
			pkKeys(r), nil, nil, nil, nil, nil,
			nil, nil})
	}
	return rows
}

// attrdefOID numbers defaults: rel.ID in the high bits keeps them distinct
// from one another (they share no namespace with relations in PostgreSQL
// either: pg_attrdef has its own OIDs).
func attrdefOID(rel uint32, num int16) uint32 { return rel<<8 | uint32(num)&0xff }

func genAttrdef(e *Env) [][]any {
	var rows [][]any
	for _, c := range e.classes() {
		if c.sys != nil || c.pkIndex {
			continue
		}
		for _, col := range c.cols {
			if col.def != "" {
				rows = append(rows, []any{attrdefOID(c.oid, col.num), c.oid, col.num, col.def})
			}
		}
	}
	return rows
}

func genDescription(e *Env) [][]any {
	var rows [][]any
	if e.Cat == nil {
		return rows
	}
	for _, s := range e.Cat.Schemas() {
		if s.Comment != "" {
			rows = append(rows, []any{s.ID, classOIDNamespace, 0, s.Comment})
		}
	}
	for _, c := range e.classes() {
		if c.sys != nil || c.pkIndex {
			continue
		}
		if c.rel.Comment != "" {
			rows = append(rows, []any{c.oid, classOIDClass, 0, c.rel.Comment})
		}
		for _, col := range c.cols {
			if col.comment != "" {
				rows = append(rows, []any{c.oid, classOIDClass, col.num, col.comment})
			}
		}
	}
	return rows
}

func genDatabase(e *Env) [][]any {
	return [][]any{{DatabaseOID, e.database(), RootRoleOID, 6, "c",
		false, true, -1, uint32(0), uint32(0), uint32(1663),
		"C", "C", nil, nil, nil}}
}

func (e *Env) users() []*catalog.User {
	if e.Cat == nil {
		return []*catalog.User{{Name: catalog.RootUser, Superuser: true, CanLogin: true, CreateDB: true, CreateRole: true}}
	}
	return e.Cat.Users()
}

func (e *Env) isSuperuser() bool {
	for _, u := range e.users() {
		if u.Name == e.user() {
			return u.Superuser
		}
	}
	return false
}

func genAuthid(e *Env) [][]any {
	var rows [][]any
	super := e.isSuperuser()
	for _, u := range e.users() {
		var pw any
		if u.PasswordHash != "" && super {
			pw = u.PasswordHash
		}
		rows = append(rows, []any{RoleOID(u.Name), u.Name, u.Superuser, true, u.CreateRole,
			u.CreateDB, u.CanLogin, false, u.Superuser, -1, pw, nil})
	}
	return rows
}

func genRoles(e *Env) [][]any {
	var rows [][]any
	for _, u := range e.users() {
		rows = append(rows, []any{u.Name, u.Superuser, true, u.CreateRole,
			u.CreateDB, u.CanLogin, false, -1, "********",
			nil, u.Superuser, nil, RoleOID(u.Name)})
	}
	return rows
}

func genUser(e *Env) [][]any {
	var rows [][]any
	for _, u := range e.users() {
		if !u.CanLogin {
			continue
		}
		rows = append(rows, []any{u.Name, RoleOID(u.Name), u.CreateDB, u.Superuser, false,
			u.Superuser, "********", nil, nil})
	}
	return rows
}

// fixedSettings are read-only server facts that clients look up in
// pg_settings (pgjdbc reads max_index_keys for getImportedKeys).
var fixedSettings = []Setting{
	{Name: "block_size", Value: "8192", Default: "8192", Desc: "Shows the size of a disk block.", ReadOnly: true},
	{Name: "lc_collate", Value: "C", Default: "C", Desc: "Shows the collation order locale.", ReadOnly: true},
	{Name: "lc_ctype", Value: "C", Default: "C", Desc: "Shows the character classification and case conversion locale.", ReadOnly: true},
	{Name: "max_function_args", Value: "100", Default: "100", Desc: "Shows the maximum number of function arguments.", ReadOnly: true},
	{Name: "max_index_keys", Value: "32", Default: "32", Desc: "Shows the maximum number of index keys.", ReadOnly: true},
}

func genSettings(e *Env) [][]any {
	var rows [][]any
	all := append([]Setting(nil), e.Settings...)
	for _, f := range fixedSettings {
		dup := false
		for _, s := range e.Settings {
			dup = dup || strings.EqualFold(s.Name, f.Name)
		}
		if !dup {
			all = append(all, f)
		}
	}
	sort.Slice(all, func(i, j int) bool { return strings.ToLower(all[i].Name) < strings.ToLower(all[j].Name) })
	for _, s := range all {
		ctx := "user"
		if s.ReadOnly {
			ctx = "internal"
		}
		src := "default"
		if s.Value != s.Default {
			src = "session"
		}
		rows = append(rows, []any{s.Name, s.Value, nil, "Client Connection Defaults", s.Desc,
			nil, ctx, "string", src, nil, nil, nil,
			s.Default, s.Default, nil, nil, false})
	}
	return rows
}

func genProc(e *Env) [][]any {
	var rows [][]any
	for _, p := range procs() {
		vol := "i"
		if p.Volatile {
			vol = "v"
		}
		var variadic uint32
		if p.Variadic && len(p.args) > 0 {
			variadic = p.args[len(p.args)-1]
		}
		kind := p.Kind
		if kind == 0 {
			kind = 'f'
		}
		rows = append(rows, []any{p.oid, p.Name, uint32(catalog.PgCatalogSchemaID), RootRoleOID, uint32(12), float64(1),
			float64(0), variadic, uint32(0), kind, false, false,
			p.Strict, false, vol, "s", len(p.args), 0,
			p.ret, p.args, nil, nil, nil,
			nil, nil, p.Name, nil, nil,
			nil, nil})
	}
	return rows
}

func genAm(*Env) [][]any {
	return [][]any{{uint32(2), "heap", uint32(0), "t"}, {uint32(403), "btree", uint32(0), "i"}, {uint32(405), "hash", uint32(0), "i"}}
}

func genCollation(*Env) [][]any {
	row := func(oid uint32, name, prov string) []any {
		var c any
		if name != "default" {
			c = name
		}
		return []any{oid, name, uint32(catalog.PgCatalogSchemaID), RootRoleOID, prov, true, -1, c, c, nil, nil}
	}
	return [][]any{row(100, "default", "d"), row(950, "C", "c"), row(951, "POSIX", "c")}
}

func genLanguage(*Env) [][]any {
	row := func(oid uint32, name string) []any {
		return []any{oid, name, RootRoleOID, false, name == "sql", uint32(0), uint32(0), uint32(0), nil}
	}
	return [][]any{row(12, "internal"), row(13, "c"), row(14, "sql")}
}

func genTablespace(*Env) [][]any {
	return [][]any{{uint32(1663), "pg_default", RootRoleOID, nil, nil}, {uint32(1664), "pg_global", RootRoleOID, nil, nil}}
}

// secretish reports option keys whose values must not be shown.
func secretish(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"password", "secret", "token", "credential", "sasl"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

func genForeignTable(e *Env) [][]any {
	var rows [][]any
	if e.Cat == nil {
		return rows
	}
	for _, r := range e.Cat.Relations() {
		if r.Kind != catalog.KindSource {
			continue
		}
		keys := make([]string, 0, len(r.Options))
		for k := range r.Options {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		opts := make([]string, 0, len(keys))
		for _, k := range keys {
			v := r.Options[k]
			if _, _, isRef := catalog.ParseSecretRef(v); !isRef && secretish(k) {
				v = "********"
			}
			opts = append(opts, k+"="+v)
		}
		rows = append(rows, []any{r.ID, uint32(0), opts})
	}
	return rows
}

func genDepend(e *Env) [][]any {
	var rows [][]any
	if e.Cat == nil {
		return rows
	}
	for _, r := range e.Cat.Relations() {
		for _, d := range r.DependsOn {
			rows = append(rows, []any{classOIDClass, r.ID, 0, classOIDClass, d, 0, "n"})
		}
	}
	return rows
}

func genTables(e *Env) [][]any {
	var rows [][]any
	for _, c := range e.classes() {
		if c.kind != 'r' {
			continue
		}
		rows = append(rows, []any{c.schema, c.name, c.owner, nil, c.hasIndex, false, false, false})
	}
	return rows
}

func viewDef(r *catalog.Relation) string {
	if r == nil || r.Definition == "" {
		return ""
	}
	return r.Definition + ";"
}

func genViews(e *Env) [][]any {
	var rows [][]any
	for _, c := range e.classes() {
		if c.kind != 'v' {
			continue
		}
		var def any
		if c.sys == nil {
			def = viewDef(c.rel)
		}
		rows = append(rows, []any{c.schema, c.name, c.owner, def})
	}
	return rows
}

func genMatviews(e *Env) [][]any {
	var rows [][]any
	for _, c := range e.classes() {
		if c.kind != 'm' {
			continue
		}
		rows = append(rows, []any{c.schema, c.name, c.owner, nil, c.hasIndex, true, viewDef(c.rel)})
	}
	return rows
}

func genIndexes(e *Env) [][]any {
	var rows [][]any
	for _, c := range e.classes() {
		if c.kind != 'i' {
			continue
		}
		table := c.rel
		if !c.pkIndex {
			table, _ = indexTarget(e, c.rel)
		}
		if table == nil {
			continue
		}
		def, _ := e.indexDef(c)
		rows = append(rows, []any{c.schema, table.Name, c.name, nil, def})
	}
	return rows
}

func genStatActivity(e *Env) [][]any {
	var start any
	if e.BackendStart != 0 {
		start = e.BackendStart
	}
	return [][]any{{DatabaseOID, e.database(), int(e.PID), nil, RoleOID(e.user()),
		e.user(), e.ApplicationName, nil, nil, nil,
		start, start, start, start,
		nil, nil, "active", nil, nil, nil,
		e.Query, "client backend"}}
}

func genStatUserTables(e *Env) [][]any {
	var rows [][]any
	for _, c := range e.classes() {
		if c.sys != nil || (c.kind != 'r' && c.kind != 'm') {
			continue
		}
		rows = append(rows, []any{c.oid, c.schema, c.name, 0, 0, nil, nil, 0, 0, 0, 0, 0})
	}
	return rows
}

// ---------------------------------------------------------------------------
// information_schema generators

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

func genSchemata(e *Env) [][]any {
	var rows [][]any
	if e.Cat == nil {
		return rows
	}
	for _, s := range e.Cat.Schemas() {
		rows = append(rows, []any{e.database(), s.Name, s.Owner, nil, nil, nil, nil})
	}
	return rows
}

func genISTables(e *Env) [][]any {
	var rows [][]any
	for _, c := range e.classes() {
		var typ string
		switch c.kind {
		case 'r':
			typ = "BASE TABLE"
		case 'v':
			typ = "VIEW"
		case 'm':
			// PostgreSQL leaves materialized views out; a data mesh wants
			// them discoverable (RisingWave lists them too).
			typ = "MATERIALIZED VIEW"
		case 'f':
			typ = "FOREIGN"
		default:
			continue
		}
		rows = append(rows, []any{e.database(), c.schema, c.name, typ, nil, nil, nil, nil, nil,
			yesNo(c.kind == 'r' && c.sys == nil), "NO", nil})
	}
	return rows
}

// infoType returns information_schema's data_type and udt_name for t.
func infoType(typOID uint32) (dataType, udt string) {
	t := typeByOID[typOID]
	if t == nil {
		return "USER-DEFINED", "unknown"
	}
	if t.category == 'A' && typOID != 22 && typOID != 30 {
		return "ARRAY", t.name
	}
	if t.sqlName != "" && typOID != 18 {
		return t.sqlName, t.name
	}
	return t.name, t.name
}

func genISColumns(e *Env) [][]any {
	var rows [][]any
	for _, c := range e.classes() {
		if c.kind == 'i' {
			continue
		}
		for _, col := range c.cols {
			dt, udt := infoType(col.typOID)
			var charMax, octet, numPrec, radix, numScale, dtPrec any
			switch col.typ.Kind {
			case base.KindText:
				if col.typ.Mod > 0 {
					charMax = int(col.typ.Mod)
					octet = int(col.typ.Mod) * 4
				} else if col.typOID == 25 || col.typOID == 1043 {
					octet = 1073741824
				}
			case base.KindInt16:
				numPrec, radix, numScale = 16, 2, 0
			case base.KindInt32:
				numPrec, radix, numScale = 32, 2, 0
			case base.KindInt64:
				numPrec, radix, numScale = 64, 2, 0
			case base.KindFloat32:
				numPrec, radix = 24, 2
			case base.KindFloat64:
				numPrec, radix = 53, 2
			case base.KindNumeric:
				radix = 10
				if p, s, ok := base.NumericPrecisionScale(col.typ.Mod); ok {
					numPrec, numScale = int(p), int(s)
				}
			case base.KindDate:
				dtPrec = 0
			case base.KindTime, base.KindTimestamp, base.KindTimestampTZ, base.KindInterval:
				dtPrec = 6
			}
			var def any
			if col.def != "" {
				def = col.def
			}
			var coll any
			if col.typ.Kind == base.KindText {
				coll = nil
			}
			rows = append(rows, []any{e.database(), c.schema, c.name, col.name,
				int(col.num), def, yesNo(!col.notNull), dt, charMax,
				octet, numPrec, radix, numScale,
				dtPrec, nil, nil, nil,
				nil, nil, nil, nil,
				coll, nil, nil, nil, e.database(),
				"pg_catalog", udt, nil, nil, nil,
				nil, itoa(int64(col.num)), "NO", "NO",
				nil, nil, nil, nil,
				nil, "NO", "NEVER", nil, yesNo(c.kind == 'r' && c.sys == nil)})
		}
	}
	return rows
}

func genISViews(e *Env) [][]any {
	var rows [][]any
	if e.Cat == nil {
		return rows
	}
	for _, r := range e.Cat.Relations() {
		if r.Kind != catalog.KindView {
			continue
		}
		rows = append(rows, []any{e.database(), r.Schema, r.Name, viewDef(r), "NONE", "NO", "NO", "NO", "NO", "NO"})
	}
	return rows
}

func (e *Env) pkRelations() []*catalog.Relation {
	var out []*catalog.Relation
	if e.Cat == nil {
		return out
	}
	for _, r := range e.Cat.Relations() {
		if hasPKIndex(r) {
			out = append(out, r)
		}
	}
	return out
}

func genISTableConstraints(e *Env) [][]any {
	var rows [][]any
	for _, r := range e.pkRelations() {
		rows = append(rows, []any{e.database(), r.Schema, pkName(r), e.database(), r.Schema, r.Name, "PRIMARY KEY", "NO", "NO", "YES", nil})
	}
	return rows
}

func genISKeyColumnUsage(e *Env) [][]any {
	var rows [][]any
	for _, r := range e.pkRelations() {
		for i, k := range r.PK {
			rows = append(rows, []any{e.database(), r.Schema, pkName(r), e.database(), r.Schema, r.Name, r.Columns[k].Name, i + 1, nil})
		}
	}
	return rows
}

func genISConstraintColumnUsage(e *Env) [][]any {
	var rows [][]any
	for _, r := range e.pkRelations() {
		for _, k := range r.PK {
			rows = append(rows, []any{e.database(), r.Schema, r.Name, r.Columns[k].Name, e.database(), r.Schema, pkName(r)})
		}
	}
	return rows
}

func genISTablePrivileges(e *Env) [][]any {
	var rows [][]any
	if e.Cat == nil {
		return rows
	}
	all := []string{"INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"}
	for _, r := range e.Cat.Relations() {
		if relkind(r.Kind) == 0 || r.Kind == catalog.KindIndex {
			continue
		}
		for _, p := range all {
			rows = append(rows, []any{r.Owner, r.Owner, e.database(), r.Schema, r.Name, p, "YES", yesNo(p == "SELECT")})
		}
		for _, g := range e.Cat.Grants(r.ID) {
			for _, p := range g.Privileges {
				rows = append(rows, []any{r.Owner, g.Grantee, e.database(), r.Schema, r.Name, p, "NO", yesNo(p == "SELECT")})
			}
		}
	}
	return rows
}

func genISEnabledRoles(e *Env) [][]any { return [][]any{{e.user()}} }

func genCharacterSets(e *Env) [][]any {
	return [][]any{{nil, nil, "UTF8", "UCS", "UTF8", e.database(), "pg_catalog", "C"}}
}
