package base

import "time"

// Cast converts d to type to with PostgreSQL's explicit-cast semantics.
func Cast(d Datum, to Type, loc *time.Location) (Datum, error) {
	if d.Null {
		return NullOf(to.Kind), nil
	}
	if d.K == to.Kind {
		return d, nil
	}
	return ParseText(to, FormatText(d, Type{Kind: d.K}, loc), loc)
}

// CanCastImplicit reports whether PostgreSQL applies the cast from→to
// implicitly (pg_cast castcontext 'i').
func CanCastImplicit(from, to Type) bool { return from.Kind == to.Kind || from.Kind == KindUnknown }

// CanCastAssignment reports whether the cast from→to is allowed in
// assignment context (INSERT/UPDATE targets): castcontext 'i' or 'a'.
func CanCastAssignment(from, to Type) bool { return CanCastImplicit(from, to) }

// CanCastExplicit reports whether CAST(x AS to) is allowed at all.
func CanCastExplicit(from, to Type) bool { return true }
