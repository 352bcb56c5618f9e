package expr

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

// CatalogReader answers the catalog questions of PostgreSQL's system
// information functions. The server sets Context.Catalog (implemented by
// internal/syscat over the statement's catalog snapshot); without it these
// functions behave as on an empty catalog.
type CatalogReader interface {
	// OIDName is the output of a reg* type (kind "regclass", "regtype",
	// "regproc", "regprocedure", "regnamespace", "regrole"); ok is false
	// when no object has the OID.
	OIDName(kind string, oid int64) (string, bool)
	// LookupOID is the input of a reg* type: a name (quoted, qualified,
	// through the search path for regclass) or a number. A missing object
	// is an error with PostgreSQL's SQLSTATE (42P01, 42704, 42883, 3F000).
	LookupOID(kind, name string) (int64, error)
	// IsVisible is pg_table_is_visible (kind "regclass"),
	// pg_type_is_visible ("regtype") and pg_function_is_visible ("regproc").
	IsVisible(kind string, oid int64) bool
	// FormatType is format_type(type, typmod); typmod < 0: none.
	FormatType(oid, typmod int64) (string, bool)
	// HasPrivilege answers has_<kind>_privilege (kind "table", "schema",
	// "database", "column", "sequence", "function", ...). object is a name
	// (text datum) or an OID; user "" is the session user.
	HasPrivilege(user, kind string, object base.Datum, privs string) (bool, error)
	// Definition is pg_get_indexdef (kind "index"; column > 0: that
	// column only), pg_get_constraintdef ("constraint"), pg_get_viewdef
	// ("view"), pg_get_function_result / _arguments / _identity_arguments.
	Definition(kind string, oid int64, column int) (string, bool)
	// Description is obj_description / col_description / shobj_description;
	// catalog names the catalog of objoid ("pg_class", ...; "" any).
	Description(objoid int64, catalog string, subid int64) (string, bool)
	// RelationSize estimates pg_relation_size in bytes.
	RelationSize(oid int64) int64
	// BackendPID is pg_backend_pid().
	BackendPID() int64
}

// FuncInfo describes one entry of the function tables, for pg_proc.
type FuncInfo struct {
	Name     string
	Args     []base.Type // pseudo-types (anyelement, ...) have kinds outside base's
	Ret      base.Type
	Kind     byte // 'f' function, 'a' aggregate, 'w' window
	Variadic bool
	Strict   bool
	Volatile bool
}

// Functions lists the scalar, aggregate and window functions, sorted by
// name (operators are not functions and are left out).
func Functions() []FuncInfo {
	var out []FuncInfo
	for _, fs := range funcTable {
		for _, f := range fs {
			out = append(out, FuncInfo{Name: f.Name, Args: f.Args, Ret: f.Ret, Kind: 'f', Variadic: f.Variadic, Strict: f.Strict, Volatile: f.Volatile})
		}
	}
	for _, as := range aggTable {
		for _, a := range as {
			out = append(out, FuncInfo{Name: a.Name, Args: a.Args, Ret: a.Ret, Kind: 'a'})
		}
	}
	for _, ws := range windowTable {
		for _, w := range ws {
			out = append(out, FuncInfo{Name: w.Name, Args: w.Args, Ret: w.Ret, Kind: 'w'})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return typeList(out[i].Args) < typeList(out[j].Args)
	})
	return out
}

// ProcessStart is what pg_postmaster_start_time() returns (µs since the
// Unix epoch); the server sets it once at start.
var ProcessStart int64

func catalogOf(ctx *Context) CatalogReader {
	if ctx == nil {
		return nil
	}
	return ctx.Catalog
}

// RegTypes are the reg* types whose casts the binder routes through the
// <kind>in/<kind>out functions below (they resolve names in the catalog).
var RegTypes = map[string]bool{"regclass": true, "regtype": true, "regproc": true, "regprocedure": true,
	"regnamespace": true, "regrole": true}

func init() {
	t, o, b, i4, i8 := base.Text, base.Oid, base.Bool, base.Int32, base.Int64

	for kind := range RegTypes {
		kind := kind
		regFunc(kind+"in", ts(t), o, func(ctx *Context, a []base.Datum) (base.Datum, error) {
			c := catalogOf(ctx)
			if c == nil {
				return base.Datum{}, base.Errorf(base.CodeUndefinedObject, "%s %q does not exist", kind, a[0].S)
			}
			n, err := c.LookupOID(kind, a[0].S)
			if err != nil {
				return base.Datum{}, err
			}
			return base.DOid(n), nil
		})
		regFunc(kind+"out", ts(o), t, func(ctx *Context, a []base.Datum) (base.Datum, error) {
			if c := catalogOf(ctx); c != nil {
				if s, ok := c.OIDName(kind, a[0].I); ok {
					return txt(s), nil
				}
			}
			if a[0].I == 0 {
				return txt("-"), nil
			}
			return txt(fmt.Sprint(a[0].I)), nil
		})
	}
	for _, kind := range []string{"regclass", "regtype", "regproc", "regnamespace", "regrole"} {
		kind := kind
		regFunc("to_"+kind, ts(t), o, func(ctx *Context, a []base.Datum) (base.Datum, error) {
			c := catalogOf(ctx)
			if c == nil {
				return base.NullOf(base.KindOid), nil
			}
			n, err := c.LookupOID(kind, a[0].S)
			if err != nil {
				return base.NullOf(base.KindOid), nil
			}
			return base.DOid(n), nil
		})
	}

	regFunc("pg_get_userbyid", ts(o), t, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		if c := catalogOf(ctx); c != nil {
			if s, ok := c.OIDName("regrole", a[0].I); ok {
				return txt(s), nil
			}
		}
		return txt(fmt.Sprintf("unknown (OID=%d)", a[0].I)), nil
	})
	formatType := func(ctx *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Null {
			return base.NullOf(base.KindText), nil
		}
		mod := int64(-1)
		if len(a) > 1 && !a[1].Null {
			mod = a[1].I
		}
		if c := catalogOf(ctx); c != nil {
			if s, ok := c.FormatType(a[0].I, mod); ok {
				return txt(s), nil
			}
		}
		return txt("???"), nil
	}
	regFunc("format_type", ts(o, i4), t, formatType, nonStrict)

	visible := func(kind string) scalarFn {
		return func(ctx *Context, a []base.Datum) (base.Datum, error) {
			c := catalogOf(ctx)
			if c == nil {
				return base.NullOf(base.KindBool), nil
			}
			return base.DBool(c.IsVisible(kind, a[0].I)), nil
		}
	}
	regFunc("pg_table_is_visible", ts(o), b, visible("regclass"))
	regFunc("pg_type_is_visible", ts(o), b, visible("regtype"))
	regFunc("pg_function_is_visible", ts(o), b, visible("regproc"))
	regFunc("pg_collation_is_visible", ts(o), b, func(*Context, []base.Datum) (base.Datum, error) { return base.DBool(true), nil })

	// pg_get_expr: adbin etc. hold SQL text already.
	getExpr := func(_ *Context, a []base.Datum) (base.Datum, error) { return a[0], nil }
	regFunc("pg_get_expr", ts(t, o), t, getExpr)
	regFunc("pg_get_expr", ts(t, o, b), t, getExpr)

	def := func(kind string) scalarFn {
		return func(ctx *Context, a []base.Datum) (base.Datum, error) {
			col := 0
			if kind == "index" && len(a) > 1 {
				col = int(a[1].I)
			}
			if c := catalogOf(ctx); c != nil {
				if s, ok := c.Definition(kind, a[0].I, col); ok {
					return txt(s), nil
				}
			}
			return base.NullOf(base.KindText), nil
		}
	}
	regFunc("pg_get_indexdef", ts(o), t, def("index"))
	regFunc("pg_get_indexdef", ts(o, i4, b), t, def("index"))
	regFunc("pg_get_constraintdef", ts(o), t, def("constraint"))
	regFunc("pg_get_constraintdef", ts(o, b), t, def("constraint"))
	regFunc("pg_get_viewdef", ts(o), t, def("view"))
	regFunc("pg_get_viewdef", ts(o, b), t, def("view"))
	regFunc("pg_get_viewdef", ts(o, i4), t, def("view"))
	regFunc("pg_get_viewdef", ts(t), t, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		c := catalogOf(ctx)
		if c == nil {
			return base.NullOf(base.KindText), nil
		}
		oid, err := c.LookupOID("regclass", a[0].S)
		if err != nil {
			return base.Datum{}, err
		}
		return def("view")(ctx, []base.Datum{base.DOid(oid)})
	})
	regFunc("pg_get_function_result", ts(o), t, def("function_result"))
	regFunc("pg_get_function_arguments", ts(o), t, def("function_arguments"))
	regFunc("pg_get_function_identity_arguments", ts(o), t, def("function_identity_arguments"))
	nullText := func(*Context, []base.Datum) (base.Datum, error) { return base.NullOf(base.KindText), nil }
	regFunc("pg_get_partkeydef", ts(o), t, nullText)
	regFunc("pg_get_triggerdef", ts(o), t, nullText)
	regFunc("pg_get_triggerdef", ts(o, b), t, nullText)
	regFunc("pg_get_ruledef", ts(o), t, nullText)
	regFunc("pg_get_ruledef", ts(o, b), t, nullText)
	regFunc("pg_get_statisticsobjdef_columns", ts(o), t, nullText)
	regFunc("pg_get_serial_sequence", ts(t, t), t, nullText)

	desc := func(cat string, withSub bool) scalarFn {
		return func(ctx *Context, a []base.Datum) (base.Datum, error) {
			c := catalogOf(ctx)
			if c == nil {
				return base.NullOf(base.KindText), nil
			}
			name, sub := cat, int64(0)
			if withSub {
				sub = a[1].I
			} else if len(a) > 1 {
				name = strings.TrimPrefix(a[1].S, "pg_catalog.")
			}
			if s, ok := c.Description(a[0].I, name, sub); ok {
				return txt(s), nil
			}
			return base.NullOf(base.KindText), nil
		}
	}
	regFunc("obj_description", ts(o, t), t, desc("", false))
	regFunc("obj_description", ts(o), t, desc("", false))
	regFunc("col_description", ts(o, i4), t, desc("pg_class", true))
	regFunc("shobj_description", ts(o, t), t, desc("", false))

	regFunc("pg_encoding_to_char", ts(i4), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].I == 6 {
			return txt("UTF8"), nil
		}
		if a[0].I == 0 {
			return txt("SQL_ASCII"), nil
		}
		return txt(""), nil
	})
	regFunc("pg_char_to_encoding", ts(t), i4, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if strings.EqualFold(a[0].S, "UTF8") || strings.EqualFold(a[0].S, "UTF-8") {
			return i32(6), nil
		}
		return i32(-1), nil
	})
	regFunc("pg_backend_pid", nil, i4, func(ctx *Context, _ []base.Datum) (base.Datum, error) {
		if c := catalogOf(ctx); c != nil {
			return i32(c.BackendPID()), nil
		}
		return i32(0), nil
	})
	regFunc("pg_postmaster_start_time", nil, base.TimestampTZ, func(*Context, []base.Datum) (base.Datum, error) {
		return base.DTimestampTZ(ProcessStart), nil
	})
	regFunc("pg_conf_load_time", nil, base.TimestampTZ, func(*Context, []base.Datum) (base.Datum, error) {
		return base.DTimestampTZ(ProcessStart), nil
	})
	size := func(ctx *Context, a []base.Datum) (base.Datum, error) {
		if c := catalogOf(ctx); c != nil {
			return base.DInt64(c.RelationSize(a[0].I)), nil
		}
		return base.DInt64(0), nil
	}
	for _, n := range []string{"pg_relation_size", "pg_total_relation_size", "pg_table_size", "pg_indexes_size"} {
		regFunc(n, ts(o), i8, size)
	}
	regFunc("pg_relation_size", ts(o, t), i8, size)
	regFunc("pg_database_size", ts(t), i8, func(*Context, []base.Datum) (base.Datum, error) { return base.DInt64(0), nil })
	regFunc("pg_database_size", ts(o), i8, func(*Context, []base.Datum) (base.Datum, error) { return base.DInt64(0), nil })
	regFunc("pg_size_pretty", ts(i8), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(sizePretty(a[0].I)), nil
	})
	regFunc("pg_is_in_recovery", nil, b, func(*Context, []base.Datum) (base.Datum, error) { return base.DBool(false), nil })
	regFunc("txid_current", nil, i8, func(ctx *Context, _ []base.Datum) (base.Datum, error) {
		// Every statement is its own transaction: its start time is a
		// monotonic stand-in for an id.
		if ctx != nil {
			return base.DInt64(ctx.Now), nil
		}
		return base.DInt64(1), nil
	})
	regFunc("inet_server_addr", nil, t, nullText)
	regFunc("inet_server_port", nil, i4, func(*Context, []base.Datum) (base.Datum, error) { return base.NullOf(base.KindInt32), nil })
	regFunc("inet_client_addr", nil, t, nullText)
	regFunc("pg_jit_available", nil, b, func(*Context, []base.Datum) (base.Datum, error) { return base.DBool(false), nil })
	regFunc("pg_relation_is_publishable", ts(o), b, func(*Context, []base.Datum) (base.Datum, error) { return base.DBool(false), nil })
	regFunc("pg_relation_is_publishable", ts(t), b, func(*Context, []base.Datum) (base.Datum, error) { return base.DBool(false), nil })

	// has_*_privilege: ([user,] object, privilege); object by name or OID,
	// user by name or OID.
	for _, kind := range []string{"table", "schema", "database", "column", "sequence", "function", "any_column",
		"language", "tablespace", "type", "foreign_data_wrapper", "server"} {
		kind := kind
		name := "has_" + kind + "_privilege"
		objTypes := []base.Type{t, o}
		check := func(ctx *Context, user base.Datum, obj base.Datum, priv string) (base.Datum, error) {
			c := catalogOf(ctx)
			if c == nil {
				return base.DBool(true), nil
			}
			u := ""
			if !user.Null {
				if user.K == base.KindOid {
					s, ok := c.OIDName("regrole", user.I)
					if !ok {
						return base.NullOf(base.KindBool), nil
					}
					u = s
				} else {
					u = user.S
				}
			}
			ok, err := c.HasPrivilege(u, strings.ReplaceAll(kind, "_", " "), obj, priv)
			if err != nil {
				return base.Datum{}, err
			}
			return base.DBool(ok), nil
		}
		for _, ot := range objTypes {
			regFunc(name, ts(ot, t), b, func(ctx *Context, a []base.Datum) (base.Datum, error) {
				return check(ctx, base.NullOf(base.KindText), a[0], a[1].S)
			})
			for _, ut := range []base.Type{t, o} {
				regFunc(name, ts(ut, ot, t), b, func(ctx *Context, a []base.Datum) (base.Datum, error) {
					return check(ctx, a[0], a[1], a[2].S)
				})
			}
		}
		if kind == "column" {
			// has_column_privilege(table, column, privilege): table level.
			for _, ot := range objTypes {
				regFunc(name, ts(ot, t, t), b, func(ctx *Context, a []base.Datum) (base.Datum, error) {
					return check(ctx, base.NullOf(base.KindText), a[0], a[2].S)
				})
				regFunc(name, ts(ot, base.Int16, t), b, func(ctx *Context, a []base.Datum) (base.Datum, error) {
					return check(ctx, base.NullOf(base.KindText), a[0], a[2].S)
				})
			}
		}
	}
}

// sizePretty is pg_size_pretty(bigint), with PostgreSQL's rounding.
func sizePretty(size int64) string {
	const limit = 10 * 1024
	const limit2 = limit*2 - 1
	abs := func(x int64) int64 {
		if x < 0 {
			return -x
		}
		return x
	}
	half := func(x int64) int64 {
		if x < 0 {
			return (x - 1) / 2
		}
		return (x + 1) / 2
	}
	if abs(size) < limit {
		return fmt.Sprintf("%d bytes", size)
	}
	size >>= 9 // one extra bit for rounding
	for _, u := range []string{"kB", "MB", "GB", "TB"} {
		if abs(size) < limit2 {
			return fmt.Sprintf("%d %s", half(size), u)
		}
		size >>= 10
	}
	return fmt.Sprintf("%d PB", half(size))
}

// arrayOfRows is the value of ARRAY(subquery): the first column of rows as
// a one-dimensional array of typ's element type (empty, not NULL, for no
// rows).
func arrayOfRows(typ base.Type, rows [][]base.Datum) base.Datum {
	a := make([]base.Datum, 0, len(rows))
	for _, r := range rows {
		if len(r) > 0 {
			a = append(a, r[0])
		}
	}
	return base.DArray(typ.Elem, a)
}
