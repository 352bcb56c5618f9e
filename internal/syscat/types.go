package syscat

import (
	"fmt"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

// pgType is one row of pg_type (the columns drivers read).
type pgType struct {
	oid      uint32
	name     string // typname
	sqlName  string // format_type's spelling ("integer"); "" = name
	len      int16
	byval    bool
	typtype  byte // b base, p pseudo
	category byte
	pref     bool
	elem     uint32 // element type of an array type
	array    uint32 // the array type of this type
	input    string // I/O function name stem: typinput = stem+"in"
	align    byte
}

// baseTypes are PostgreSQL 15's built-in types with their real OIDs (pgx,
// JDBC and psycopg2 load codecs by OID). Array types are generated from
// the array column.
var baseTypes = []pgType{
	{oid: 16, name: "bool", sqlName: "boolean", len: 1, byval: true, category: 'B', pref: true, array: 1000, input: "bool", align: 'c'},
	{oid: 17, name: "bytea", len: -1, category: 'U', array: 1001, input: "bytea", align: 'i'},
	{oid: 18, name: "char", sqlName: `"char"`, len: 1, byval: true, category: 'Z', array: 1002, input: "char", align: 'c'},
	{oid: 19, name: "name", len: 64, category: 'S', array: 1003, input: "name", align: 'c'},
	{oid: 20, name: "int8", sqlName: "bigint", len: 8, byval: true, category: 'N', array: 1016, input: "int8", align: 'd'},
	{oid: 21, name: "int2", sqlName: "smallint", len: 2, byval: true, category: 'N', array: 1005, input: "int2", align: 's'},
	{oid: 22, name: "int2vector", len: -1, category: 'A', elem: 21, array: 1006, input: "int2vector", align: 'i'},
	{oid: 23, name: "int4", sqlName: "integer", len: 4, byval: true, category: 'N', array: 1007, input: "int4", align: 'i'},
	{oid: 24, name: "regproc", len: 4, byval: true, category: 'N', array: 1008, input: "regproc", align: 'i'},
	{oid: 25, name: "text", len: -1, category: 'S', pref: true, array: 1009, input: "text", align: 'i'},
	{oid: 26, name: "oid", len: 4, byval: true, category: 'N', pref: true, array: 1028, input: "oid", align: 'i'},
	{oid: 27, name: "tid", len: 6, category: 'U', array: 1010, input: "tid", align: 's'},
	{oid: 28, name: "xid", len: 4, byval: true, category: 'U', array: 1011, input: "xid", align: 'i'},
	{oid: 29, name: "cid", len: 4, byval: true, category: 'U', array: 1012, input: "cid", align: 'i'},
	{oid: 30, name: "oidvector", len: -1, category: 'A', elem: 26, array: 1013, input: "oidvector", align: 'i'},
	{oid: 114, name: "json", len: -1, category: 'U', array: 199, input: "json", align: 'i'},
	{oid: 142, name: "xml", len: -1, category: 'U', array: 143, input: "xml", align: 'i'},
	{oid: 194, name: "pg_node_tree", len: -1, category: 'Z', input: "pg_node_tree", align: 'i'},
	{oid: 650, name: "cidr", len: -1, category: 'I', array: 651, input: "cidr", align: 'i'},
	{oid: 700, name: "float4", sqlName: "real", len: 4, byval: true, category: 'N', array: 1021, input: "float4", align: 'i'},
	{oid: 701, name: "float8", sqlName: "double precision", len: 8, byval: true, category: 'N', pref: true, array: 1022, input: "float8", align: 'd'},
	{oid: 705, name: "unknown", len: -2, typtype: 'p', category: 'X', input: "unknown", align: 'c'},
	{oid: 790, name: "money", len: 8, byval: true, category: 'N', array: 791, input: "cash", align: 'd'},
	{oid: 869, name: "inet", len: -1, category: 'I', pref: true, array: 1041, input: "inet", align: 'i'},
	{oid: 1033, name: "aclitem", len: 12, category: 'U', array: 1034, input: "aclitem", align: 'i'},
	{oid: 1042, name: "bpchar", sqlName: "character", len: -1, category: 'S', array: 1014, input: "bpchar", align: 'i'},
	{oid: 1043, name: "varchar", sqlName: "character varying", len: -1, category: 'S', array: 1015, input: "varchar", align: 'i'},
	{oid: 1082, name: "date", len: 4, byval: true, category: 'D', array: 1182, input: "date", align: 'i'},
	{oid: 1083, name: "time", sqlName: "time without time zone", len: 8, byval: true, category: 'D', array: 1183, input: "time", align: 'd'},
	{oid: 1114, name: "timestamp", sqlName: "timestamp without time zone", len: 8, byval: true, category: 'D', array: 1115, input: "timestamp", align: 'd'},
	{oid: 1184, name: "timestamptz", sqlName: "timestamp with time zone", len: 8, byval: true, category: 'D', pref: true, array: 1185, input: "timestamptz", align: 'd'},
	{oid: 1186, name: "interval", len: 16, category: 'T', pref: true, array: 1187, input: "interval", align: 'd'},
	{oid: 1266, name: "timetz", sqlName: "time with time zone", len: 12, category: 'D', array: 1270, input: "timetz", align: 'd'},
	{oid: 1560, name: "bit", len: -1, category: 'V', array: 1561, input: "bit", align: 'i'},
	{oid: 1562, name: "varbit", sqlName: "bit varying", len: -1, category: 'V', pref: true, array: 1563, input: "varbit", align: 'i'},
	{oid: 1700, name: "numeric", len: -1, category: 'N', array: 1231, input: "numeric", align: 'i'},
	{oid: 2205, name: "regclass", len: 4, byval: true, category: 'N', array: 2210, input: "regclass", align: 'i'},
	{oid: 2206, name: "regtype", len: 4, byval: true, category: 'N', array: 2211, input: "regtype", align: 'i'},
	{oid: 2950, name: "uuid", len: 16, category: 'U', array: 2951, input: "uuid", align: 'c'},
	{oid: 3802, name: "jsonb", len: -1, category: 'U', array: 3807, input: "jsonb", align: 'i'},
	{oid: 4089, name: "regnamespace", len: 4, byval: true, category: 'N', array: 4090, input: "regnamespace", align: 'i'},
	{oid: 4096, name: "regrole", len: 4, byval: true, category: 'N', array: 4097, input: "regrole", align: 'i'},
	// Pseudo-types that appear as function argument and result types.
	{oid: 2249, name: "record", len: -1, typtype: 'p', category: 'P', array: 2287, input: "record", align: 'd'},
	{oid: 2275, name: "cstring", len: -2, typtype: 'p', category: 'P', array: 1263, input: "cstring", align: 'c'},
	{oid: 2276, name: "any", len: 4, byval: true, typtype: 'p', category: 'P', input: "any", align: 'i'},
	{oid: 2277, name: "anyarray", len: -1, typtype: 'p', category: 'P', input: "anyarray", align: 'd'},
	{oid: 2278, name: "void", len: 4, byval: true, typtype: 'p', category: 'P', input: "void", align: 'i'},
	{oid: 2279, name: "trigger", len: 4, byval: true, typtype: 'p', category: 'P', input: "trigger", align: 'i'},
	{oid: 2281, name: "internal", len: 8, byval: true, typtype: 'p', category: 'P', input: "internal", align: 'd'},
	{oid: 2283, name: "anyelement", len: 4, byval: true, typtype: 'p', category: 'P', input: "anyelement", align: 'i'},
	{oid: 5077, name: "anycompatible", len: 4, byval: true, typtype: 'p', category: 'P', input: "anycompatible", align: 'i'},
}

var (
	typeByOID  = map[uint32]*pgType{}
	typeByName = map[string]*pgType{}
	allTypes   []*pgType // base types and their arrays, by OID
)

func init() {
	for i := range baseTypes {
		t := &baseTypes[i]
		if t.typtype == 0 {
			t.typtype = 'b'
		}
		allTypes = append(allTypes, t)
	}
	for i := range baseTypes {
		t := &baseTypes[i]
		if t.array == 0 {
			continue
		}
		allTypes = append(allTypes, &pgType{oid: t.array, name: "_" + t.name, len: -1, typtype: 'b', category: 'A',
			elem: t.oid, input: "array_", align: alignMax(t.align)})
	}
	for _, t := range allTypes {
		typeByOID[t.oid] = t
		typeByName[t.name] = t
	}
	// Spellings accepted by ::regtype besides typname.
	for _, t := range baseTypes {
		if t.sqlName != "" {
			typeByName[strings.Trim(t.sqlName, `"`)] = typeByOID[t.oid]
		}
	}
	for alias, n := range map[string]string{"int": "int4", "boolean": "bool", "float": "float8", "decimal": "numeric",
		"timestamp without time zone": "timestamp", "character": "bpchar", "char": "bpchar", `"char"`: "char"} {
		typeByName[alias] = typeByName[n]
	}
}

func alignMax(a byte) byte {
	if a == 'd' {
		return 'd'
	}
	return 'i'
}

func (t *pgType) inputFn() string {
	if t.input == "array_" {
		return "array_in"
	}
	return t.input + "in"
}

func (t *pgType) outputFn() string {
	if t.input == "array_" {
		return "array_out"
	}
	return t.input + "out"
}

// TypeOID returns the pg_type OID that describes t (as a column type).
func TypeOID(t base.Type) uint32 { return t.OID() }

// TypeMod returns atttypmod for t as PostgreSQL reports it (VARHDRSZ
// included: varchar(10) is 14), -1 when t has none.
func TypeMod(t base.Type) int32 {
	if t.Mod > 0 && (t.Kind == base.KindText || t.Kind == base.KindNumeric) {
		return t.Mod + 4
	}
	return -1
}

// FormatType is format_type(oid, typmod): the SQL spelling of a type with
// its modifier. ok is false for an unknown OID (PostgreSQL prints "???").
func FormatType(oid uint32, typmod int32) (string, bool) {
	t := typeByOID[oid]
	if t == nil {
		return "", false
	}
	if t.category == 'A' && t.elem != 0 && t.oid != 22 && t.oid != 30 {
		s, _ := FormatType(t.elem, typmod)
		return s + "[]", true
	}
	name := t.sqlName
	if name == "" {
		name = t.name
	}
	if typmod >= 4 {
		switch t.oid {
		case 1043, 1042:
			return fmt.Sprintf("%s(%d)", name, typmod-4), true
		case 1700:
			m := typmod - 4
			return fmt.Sprintf("numeric(%d,%d)", m>>16, m&0xffff), true
		}
	}
	if typmod >= 0 {
		switch t.oid {
		case 1083, 1114, 1184, 1266:
			// time(p) etc.: precision goes after the first word.
			if i := strings.IndexByte(name, ' '); i > 0 {
				return fmt.Sprintf("%s(%d)%s", name[:i], typmod, name[i:]), true
			}
			return fmt.Sprintf("%s(%d)", name, typmod), true
		}
	}
	return name, true
}

// lookupTypeName resolves a ::regtype input (optionally pg_catalog.-qualified,
// with [] for arrays) to an OID.
func lookupTypeName(s string) (uint32, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.TrimPrefix(s, "pg_catalog.")
	if strings.HasSuffix(s, "[]") {
		e, ok := lookupTypeName(s[:len(s)-2])
		if !ok || typeByOID[e].array == 0 {
			return 0, false
		}
		return typeByOID[e].array, true
	}
	if i := strings.IndexByte(s, '('); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	if t := typeByName[s]; t != nil {
		return t.oid, true
	}
	if t := typeByName[strings.Trim(s, `"`)]; t != nil && strings.HasPrefix(s, `"`) {
		return t.oid, true
	}
	return 0, false
}
