package syscat

import (
	"strconv"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// The methods below make *Env an expr.CatalogReader: they answer the
// catalog functions (pg_get_userbyid, format_type, ::regclass, ...) from
// the same snapshot the system relations are computed from.

// BackendPID is pg_backend_pid().
func (e *Env) BackendPID() int64 { return int64(e.PID) }

// quoteIdent quotes a name when PostgreSQL's quote_ident would.
func quoteIdent(s string) string {
	ok := s != ""
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || i > 0 && (r >= '0' && r <= '9' || r == '$')) {
			ok = false
			break
		}
	}
	if ok && !reservedWords[s] {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

var reservedWords = map[string]bool{"all": true, "and": true, "any": true, "array": true, "as": true, "asc": true,
	"case": true, "cast": true, "check": true, "collate": true, "column": true, "constraint": true, "create": true,
	"default": true, "desc": true, "distinct": true, "do": true, "else": true, "end": true, "false": true, "for": true,
	"foreign": true, "from": true, "grant": true, "group": true, "having": true, "in": true, "into": true, "is": true,
	"join": true, "limit": true, "not": true, "null": true, "on": true, "or": true, "order": true, "primary": true,
	"references": true, "select": true, "table": true, "then": true, "to": true, "true": true, "union": true,
	"unique": true, "user": true, "using": true, "when": true, "where": true, "with": true, "window": true}

// splitQualified splits a possibly quoted, dotted name as regclass input
// does: unquoted parts are lower-cased.
func splitQualified(s string) ([]string, bool) {
	var parts []string
	s = strings.TrimSpace(s)
	for {
		var part string
		if strings.HasPrefix(s, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(s); i++ {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i++
						continue
					}
					break
				}
				b.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, false
			}
			part, s = b.String(), s[i+1:]
		} else {
			j := strings.IndexByte(s, '.')
			if j < 0 {
				j = len(s)
			}
			part, s = strings.ToLower(strings.TrimSpace(s[:j])), s[j:]
		}
		parts = append(parts, part)
		if s == "" {
			return parts, true
		}
		if s[0] != '.' {
			return nil, false
		}
		s = s[1:]
	}
}

func undefined(code, format string, args ...any) error { return base.Errorf(code, format, args...) }

// LookupOID is the input function of a reg* type.
func (e *Env) LookupOID(kind, name string) (int64, error) {
	if n, err := strconv.ParseInt(strings.TrimSpace(name), 10, 64); err == nil {
		return n, nil
	}
	switch kind {
	case "regtype":
		if o, ok := lookupTypeName(name); ok {
			return int64(o), nil
		}
		return 0, undefined(base.CodeUndefinedObject, "type \"%s\" does not exist", name)
	case "regproc", "regprocedure":
		n := name
		if i := strings.IndexByte(n, '('); i >= 0 {
			n = n[:i]
		}
		parts, ok := splitQualified(n)
		if ok {
			if o, ok := procOIDByName(parts[len(parts)-1]); ok {
				return int64(o), nil
			}
		}
		return 0, undefined(base.CodeUndefinedFunction, "function \"%s\" does not exist", name)
	case "regrole":
		parts, ok := splitQualified(name)
		if ok && len(parts) == 1 {
			for _, u := range e.users() {
				if u.Name == parts[0] {
					return int64(RoleOID(u.Name)), nil
				}
			}
		}
		return 0, undefined(base.CodeUndefinedObject, "role \"%s\" does not exist", name)
	case "regnamespace":
		parts, ok := splitQualified(name)
		if ok && len(parts) == 1 && e.Cat != nil {
			if s, err := e.Cat.SchemaByName(parts[0]); err == nil {
				return int64(s.ID), nil
			}
		}
		return 0, undefined(base.CodeUndefinedSchema, "schema \"%s\" does not exist", name)
	}
	parts, ok := splitQualified(name)
	if !ok || len(parts) > 3 {
		return 0, undefined("42602", "invalid name syntax")
	}
	schema := ""
	if len(parts) >= 2 {
		schema = parts[len(parts)-2]
	}
	rel, err := Resolve(e.Cat, e.SearchPath, schema, parts[len(parts)-1])
	if err != nil {
		if len(parts) == 2 {
			return 0, undefined(base.CodeUndefinedTable, "relation \"%s\" does not exist", name)
		}
		// PK indexes are relations too (psql resolves 't_pkey'::regclass).
		for _, c := range e.classes() {
			if c.pkIndex && c.name == parts[len(parts)-1] && (schema == "" || c.schema == schema) {
				return int64(c.oid), nil
			}
		}
		return 0, undefined(base.CodeUndefinedTable, "relation \"%s\" does not exist", name)
	}
	return int64(rel.ID), nil
}

// OIDName is the output function of a reg* type.
func (e *Env) OIDName(kind string, oid int64) (string, bool) {
	switch kind {
	case "regtype":
		return FormatType(uint32(oid), -1)
	case "regproc", "regprocedure":
		p := procByOid(uint32(oid))
		if p == nil {
			return "", false
		}
		if kind == "regprocedure" {
			args := make([]string, len(p.args))
			for i, a := range p.args {
				args[i], _ = FormatType(a, -1)
			}
			return p.Name + "(" + strings.Join(args, ",") + ")", true
		}
		return p.Name, true
	case "regrole":
		for _, u := range e.users() {
			if int64(RoleOID(u.Name)) == oid {
				return u.Name, true
			}
		}
		return "", false
	case "regnamespace":
		if e.Cat != nil {
			if s := e.Cat.SchemaByID(uint32(oid)); s != nil {
				return quoteIdent(s.Name), true
			}
		}
		return "", false
	}
	c := e.classByOID(uint32(oid))
	if c == nil {
		return "", false
	}
	if e.IsVisible("regclass", oid) {
		return quoteIdent(c.name), true
	}
	return quoteIdent(c.schema) + "." + quoteIdent(c.name), true
}

// IsVisible is pg_table_is_visible and its siblings: the object is found
// by its bare name through the search path.
func (e *Env) IsVisible(kind string, oid int64) bool {
	switch kind {
	case "regtype", "regproc", "regprocedure":
		return true // all built in, in pg_catalog
	}
	c := e.classByOID(uint32(oid))
	if c == nil {
		return false
	}
	for _, sp := range EffectivePath(e.SearchPath) {
		if IsSystemSchema(sp) && Lookup(sp, c.name) != nil {
			return c.sys != nil && c.schema == sp
		}
		if e.Cat != nil {
			if c.pkIndex {
				if c.schema == sp {
					return true
				}
				continue
			}
			if r, err := e.Cat.LookupRelation(nil, sp, c.name); err == nil {
				return r.ID == c.oid
			}
		}
	}
	return false
}

// FormatType is format_type(oid, typmod).
func (e *Env) FormatType(oid, typmod int64) (string, bool) {
	return FormatType(uint32(oid), int32(typmod))
}

// HasPrivilege answers has_{table,schema,database,column,...}_privilege.
// object is a name (text) or an OID; user "" is the session user.
// Superusers and owners hold every privilege; others hold what is
// granted to them or to PUBLIC. System objects are readable by everyone.
func (e *Env) HasPrivilege(user, kind string, object base.Datum, privs string) (bool, error) {
	if user == "" {
		user = e.user()
	}
	var u *catalog.User
	for _, x := range e.users() {
		if x.Name == user {
			u = x
		}
	}
	if u == nil {
		return false, undefined(base.CodeUndefinedObject, "role \"%s\" does not exist", user)
	}
	var want []string
	for _, p := range strings.Split(privs, ",") {
		p = strings.ToUpper(strings.TrimSpace(p))
		p = strings.TrimSuffix(p, " WITH GRANT OPTION")
		if p != "" {
			want = append(want, p)
		}
	}
	var id uint32
	var owner string
	switch kind {
	case "database":
		if object.K != base.KindText || object.S == e.database() || object.I == int64(DatabaseOID) {
			return true, nil
		}
		return false, undefined("3D000", "database \"%s\" does not exist", object.S)
	case "schema":
		var s *catalog.Schema
		if e.Cat != nil {
			if object.K == base.KindText {
				s, _ = e.Cat.SchemaByName(object.S)
			} else {
				s = e.Cat.SchemaByID(uint32(object.I))
			}
		}
		if s == nil {
			return false, undefined(base.CodeUndefinedSchema, "schema \"%s\" does not exist", object.S)
		}
		if IsSystemSchema(s.Name) || s.ID == catalog.PublicSchemaID && !containsAny(want, "CREATE") {
			return true, nil
		}
		id, owner = s.ID, s.Owner
	case "function", "language", "tablespace", "type", "foreign data wrapper", "foreign server":
		return true, nil
	default: // table, column, sequence, any_column
		var oid int64
		if object.K == base.KindText {
			o, err := e.LookupOID("regclass", object.S)
			if err != nil {
				return false, err
			}
			oid = o
		} else {
			oid = object.I
		}
		c := e.classByOID(uint32(oid))
		if c == nil {
			return false, nil
		}
		if c.sys != nil {
			return containsOnly(want, "SELECT", "USAGE"), nil
		}
		id, owner = c.rel.ID, c.owner
	}
	if u.Superuser || owner == user {
		return true, nil
	}
	if e.Cat == nil {
		return false, nil
	}
	have := map[string]bool{}
	for _, g := range e.Cat.Grants(id) {
		if g.Grantee == user || g.Grantee == catalog.PublicGrantee {
			for _, p := range g.Privileges {
				have[p] = true
			}
		}
	}
	for _, w := range want {
		if have[w] || have["ALL"] || have["ALL PRIVILEGES"] {
			return true, nil // PostgreSQL: true if any listed privilege is held
		}
	}
	return false, nil
}

func containsAny(list []string, s ...string) bool {
	for _, a := range list {
		for _, b := range s {
			if a == b {
				return true
			}
		}
	}
	return false
}

func containsOnly(list []string, allowed ...string) bool {
	for _, a := range list {
		if !containsAny(allowed, a) {
			return false
		}
	}
	return true
}

// indexDef is pg_get_indexdef for an index pg_class row.
func (e *Env) indexDef(c *classEntry) (string, bool) {
	if c.pkIndex {
		var cols []string
		for _, k := range c.rel.PK {
			cols = append(cols, quoteIdent(c.rel.Columns[k].Name))
		}
		return "CREATE UNIQUE INDEX " + quoteIdent(c.name) + " ON " + quoteIdent(c.schema) + "." + quoteIdent(c.rel.Name) +
			" USING btree (" + strings.Join(cols, ", ") + ")", true
	}
	if c.rel.Definition != "" {
		return c.rel.Definition, true
	}
	return "", false
}

// Definition is pg_get_indexdef, pg_get_constraintdef, pg_get_viewdef,
// pg_get_function_result and pg_get_function_arguments.
func (e *Env) Definition(kind string, oid int64, column int) (string, bool) {
	switch kind {
	case "index":
		c := e.classByOID(uint32(oid))
		if c == nil || c.kind != 'i' {
			return "", false
		}
		if column > 0 {
			if column <= len(c.cols) {
				return quoteIdent(c.cols[column-1].name), true
			}
			return "", false
		}
		return e.indexDef(c)
	case "constraint":
		if e.Cat == nil || uint32(oid) < ConstraintOIDBase {
			return "", false
		}
		r := e.Cat.RelationByID(uint32(oid) - ConstraintOIDBase)
		if r == nil || !hasPKIndex(r) {
			return "", false
		}
		var cols []string
		for _, k := range r.PK {
			cols = append(cols, quoteIdent(r.Columns[k].Name))
		}
		return "PRIMARY KEY (" + strings.Join(cols, ", ") + ")", true
	case "view":
		c := e.classByOID(uint32(oid))
		if c == nil || c.sys != nil || (c.kind != 'v' && c.kind != 'm') {
			return "", false
		}
		return " " + viewDef(c.rel), true
	case "function_result", "function_arguments", "function_identity_arguments":
		p := procByOid(uint32(oid))
		if p == nil {
			return "", false
		}
		if kind == "function_result" {
			return FormatType(p.ret, -1)
		}
		args := make([]string, len(p.args))
		for i, a := range p.args {
			args[i], _ = FormatType(a, -1)
			if p.Variadic && i == len(p.args)-1 {
				args[i] = "VARIADIC " + args[i]
			}
		}
		return strings.Join(args, ", "), true
	}
	return "", false
}

// Description is obj_description, col_description and shobj_description.
func (e *Env) Description(objoid int64, cat string, subid int64) (string, bool) {
	if e.Cat == nil {
		return "", false
	}
	switch cat {
	case "pg_authid", "pg_roles":
		for _, u := range e.users() {
			if int64(RoleOID(u.Name)) == objoid && u.Comment != "" {
				return u.Comment, true
			}
		}
		return "", false
	case "pg_namespace":
		if s := e.Cat.SchemaByID(uint32(objoid)); s != nil && s.Comment != "" {
			return s.Comment, true
		}
		return "", false
	case "pg_class", "":
		r := e.Cat.RelationByID(uint32(objoid))
		if r == nil {
			if cat == "" {
				return e.Description(objoid, "pg_namespace", 0)
			}
			return "", false
		}
		if subid == 0 {
			return r.Comment, r.Comment != ""
		}
		for _, c := range visibleCols(r) {
			if int64(c.num) == subid && c.comment != "" {
				return c.comment, true
			}
		}
	}
	return "", false
}

// RelationSize is an estimate of pg_relation_size: 0, as rows live in the
// shared LSM and are not attributed to relations cheaply.
func (e *Env) RelationSize(oid int64) int64 { return 0 }
