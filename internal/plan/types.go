package plan

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// SQLSTATE codes not (yet) named in internal/base.
const (
	codeAmbiguousAlias       = "42P09"
	codeDuplicateAlias       = "42712"
	codeNullValueNotAllowed  = "22004"
	codeInvalidFrameOffset   = "22013"
	codeIndeterminateType    = "42P18"
	codeInvalidRecursion     = base.CodeInvalidRecursion
	codeInvalidColumnRef     = base.CodeInvalidColumnReference
	codeWrongObjectType      = base.CodeWrongObjectType
	codeObjectNotInPrereqSta = base.CodeObjectNotInPrerequisiteState
)

// ResolveType maps a parsed type name to a base.Type (42704 for unknown
// names).
func (b *Binder) ResolveType(tn *ast.TypeName) (t base.Type, err error) {
	defer b.catch(&err)
	return b.resolveType(tn), nil
}

// ResolveType is Binder.ResolveType without a binder (positions are byte
// offset + 1).
func ResolveType(tn *ast.TypeName) (base.Type, error) {
	return NewBinder(BindContext{}).ResolveType(tn)
}

func (b *Binder) resolveType(tn *ast.TypeName) base.Type {
	name := strings.TrimPrefix(tn.Name, "pg_catalog.")
	var t base.Type
	switch name {
	case "integer", "int", "int4", "serial", "serial4":
		t = base.Int32
	case "bigint", "int8", "bigserial", "serial8":
		t = base.Int64
	case "smallint", "int2", "smallserial", "serial2":
		t = base.Int16
	case "real", "float4":
		t = base.Float32
	case "double precision", "float8", "float":
		t = base.Float64
	case "numeric", "decimal", "dec":
		t = base.Numeric
		switch len(tn.Args) {
		case 0:
		case 1, 2:
			p, s := tn.Args[0], 0
			if len(tn.Args) == 2 {
				s = tn.Args[1]
			}
			if p < 1 || p > 1000 {
				b.errorf(tn.Pos(), base.CodeInvalidParameterValue, "NUMERIC precision %d must be between 1 and 1000", p)
			}
			if s < -1000 || s > 1000 {
				b.errorf(tn.Pos(), base.CodeInvalidParameterValue, "NUMERIC scale %d must be between -1000 and 1000", s)
			}
			t.Mod = base.NumericTypmod(int32(p), int32(s))
		default:
			b.errorf(tn.Pos(), base.CodeSyntaxError, "invalid NUMERIC type modifier")
		}
	case "varchar", "character varying", "char", "character", "bpchar":
		t = base.Varchar
		if name != "varchar" && name != "character varying" {
			// character(n): blank-padded (base.Type.Bpchar).
			t = base.Bpchar
		}
		if len(tn.Args) > 1 {
			b.errorf(tn.Pos(), base.CodeSyntaxError, "invalid type modifier")
		}
		if len(tn.Args) == 1 {
			if tn.Args[0] < 1 {
				b.errorf(tn.Pos(), base.CodeInvalidParameterValue, "length for type %s must be at least 1", name)
			}
			t.Mod = int32(tn.Args[0])
		} else if name == "char" || name == "character" {
			t.Mod = 1
		}
	case "text", "string", "name":
		t = base.Text
	case "bytea":
		t = base.Bytea
	case "date":
		t = base.Date
	case "time", "time without time zone":
		t = base.TimeT
	case "timestamp", "timestamp without time zone":
		t = base.Timestamp
	case "timestamptz", "timestamp with time zone":
		t = base.TimestampTZ
	case "interval":
		t = base.IntervalT
	case "json", "jsonb":
		t = base.JSONB
	case "boolean", "bool":
		t = base.Bool
	case "oid", "regclass", "regtype", "regproc":
		t = base.Oid
	case "timetz", "time with time zone", "uuid", "bit", "varbit", "struct", "money", "inet", "cidr", "xml":
		b.errorf(tn.Pos(), base.CodeFeatureNotSupported, "type %s is not supported", name)
	default:
		b.errorf(tn.Pos(), base.CodeUndefinedObject, "type %q does not exist", tn.Name)
	}
	if tn.Array {
		if t.Kind == base.KindArray {
			return t
		}
		return base.ArrayOf(t)
	}
	return t
}

// castTypeName is the column name PostgreSQL gives a cast of a constant:
// the type's internal name (int4, float8, varchar, timestamptz, ...).
func castTypeName(tn *ast.TypeName) string {
	name := strings.TrimPrefix(tn.Name, "pg_catalog.")
	switch name {
	case "integer", "int", "int4", "serial":
		return "int4"
	case "bigint", "int8", "bigserial":
		return "int8"
	case "smallint", "int2", "smallserial":
		return "int2"
	case "real", "float4":
		return "float4"
	case "double precision", "float8", "float":
		return "float8"
	case "decimal", "dec", "numeric":
		return "numeric"
	case "varchar", "character varying":
		return "varchar"
	case "char", "character":
		return "bpchar"
	case "boolean", "bool":
		return "bool"
	case "timestamp without time zone":
		return "timestamp"
	case "timestamp with time zone":
		return "timestamptz"
	case "time without time zone":
		return "time"
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}
