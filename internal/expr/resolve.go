package expr

import (
	"github.com/tributarydb/tributary/internal/base"
)

// Pseudo-types used only in function signatures of the table. LookupFunc
// replaces them with concrete types in the *Func it returns.
const (
	kindAnyElement  base.Kind = 200 + iota // anyelement/anycompatible: all such args share one type
	kindAnyArray                           // anyarray: array of the anyelement type
	kindAnyNonArray                        // any non-array type, taken as is
	kindAny                                // "any": taken as is (unknown → text)
)

var (
	tAnyElement  = base.Type{Kind: kindAnyElement}
	tAnyArray    = base.Type{Kind: kindAnyArray}
	tAnyNonArray = base.Type{Kind: kindAnyNonArray}
	tAny         = base.Type{Kind: kindAny}
)

// typeEq compares types ignoring typmods and varchar vs text (varchar has
// no functions of its own in PostgreSQL: it reaches text's by binary
// coercion).
func typeEq(a, b base.Type) bool {
	if a.Kind != b.Kind {
		return false
	}
	if a.Kind == base.KindArray {
		return a.Elem == b.Elem
	}
	return true
}

// category is PostgreSQL's typcategory.
func category(t base.Type) byte {
	switch t.Kind {
	case base.KindInt16, base.KindInt32, base.KindInt64, base.KindFloat32, base.KindFloat64, base.KindNumeric, base.KindOid:
		return 'N'
	case base.KindText, base.KindUnknown:
		return 'S'
	case base.KindDate, base.KindTime, base.KindTimestamp, base.KindTimestampTZ:
		return 'D'
	case base.KindInterval:
		return 'T'
	case base.KindBool:
		return 'B'
	case base.KindArray:
		return 'A'
	}
	return 'U'
}

// isPreferred is pg_type.typispreferred.
func isPreferred(t base.Type) bool {
	switch t.Kind {
	case base.KindFloat64, base.KindTimestampTZ, base.KindInterval, base.KindBool, base.KindOid:
		return true
	case base.KindText:
		return !t.Varchar && !t.Bpchar
	}
	return false
}

// canImplicit reports whether PostgreSQL casts from → to implicitly
// (pg_cast castcontext 'i', plus binary coercions and unknown literals).
func canImplicit(from, to base.Type) bool {
	if typeEq(from, to) || from.Kind == base.KindUnknown {
		return true
	}
	switch from.Kind {
	case base.KindInt16:
		switch to.Kind {
		case base.KindInt32, base.KindInt64, base.KindFloat32, base.KindFloat64, base.KindNumeric, base.KindOid:
			return true
		}
	case base.KindInt32, base.KindInt64:
		switch to.Kind {
		case base.KindInt64, base.KindFloat32, base.KindFloat64, base.KindNumeric, base.KindOid:
			return true
		}
	case base.KindFloat32:
		return to.Kind == base.KindFloat64
	case base.KindNumeric:
		return to.Kind == base.KindFloat32 || to.Kind == base.KindFloat64
	case base.KindDate:
		return to.Kind == base.KindTimestamp || to.Kind == base.KindTimestampTZ
	case base.KindTimestamp:
		return to.Kind == base.KindTimestampTZ
	case base.KindTime:
		return to.Kind == base.KindInterval
	}
	return false
}

// CanCoerceImplicit reports whether the binder may insert an implicit cast
// from → to (e.g. for comparisons or function arguments).
func CanCoerceImplicit(from, to base.Type) bool { return canImplicit(from, to) }

type candidate struct {
	f    *Func
	decl []base.Type // declared types, expanded and de-polymorphized
	ret  base.Type
}

// expand returns f's declared argument types for n arguments with
// polymorphic types bound from args, or ok=false.
func expand(f *Func, args []base.Type) (decl []base.Type, ret base.Type, ok bool) {
	n := len(args)
	switch {
	case f.Variadic && n >= len(f.Args):
	case len(f.Args) == n:
	default:
		return nil, base.Type{}, false
	}
	decl = make([]base.Type, n)
	for i := range decl {
		if i < len(f.Args) {
			decl[i] = f.Args[i]
		} else {
			decl[i] = f.Args[len(f.Args)-1]
		}
	}
	// Bind anyelement/anyarray.
	var elems []base.Type
	for i, d := range decl {
		a := args[i]
		switch d.Kind {
		case kindAnyElement:
			if a.Kind == base.KindArray && false {
				return nil, base.Type{}, false
			}
			if a.Kind != base.KindUnknown {
				elems = append(elems, a)
			}
		case kindAnyArray:
			if a.Kind == base.KindArray {
				elems = append(elems, a.ElemType())
			} else if a.Kind != base.KindUnknown {
				return nil, base.Type{}, false
			}
		case kindAnyNonArray:
			if a.Kind == base.KindArray {
				return nil, base.Type{}, false
			}
		}
	}
	elem := base.Text
	if len(elems) > 0 {
		var err error
		if elem, err = CommonType(elems, "polymorphic"); err != nil {
			return nil, base.Type{}, false
		}
	}
	resolveT := func(t base.Type, a base.Type) base.Type {
		switch t.Kind {
		case kindAnyElement:
			return elem
		case kindAnyArray:
			return base.ArrayOf(elem)
		case kindAnyNonArray, kindAny:
			if a.Kind == base.KindUnknown {
				return base.Text
			}
			return a
		}
		return t
	}
	for i := range decl {
		decl[i] = resolveT(decl[i], args[i])
	}
	ret = resolveT(f.Ret, base.Text)
	return decl, ret, true
}

func resolve(fns []*Func, name string, args []base.Type, isOp bool) (*Func, []base.Type, error) {
	noMatch := func() error {
		if isOp {
			if len(args) == 2 {
				return errNoOp(name, args[0], args[1])
			}
			return errNoOp(name, base.Type{}, args[0])
		}
		return errNoFunc(name, args)
	}
	if len(fns) == 0 {
		return nil, nil, noMatch()
	}
	var cands []candidate
	for _, f := range fns {
		decl, ret, ok := expand(f, args)
		if !ok {
			continue
		}
		ok = true
		for i, d := range decl {
			if !canImplicit(args[i], d) {
				ok = false
				break
			}
		}
		if ok {
			cands = append(cands, candidate{f, decl, ret})
		}
	}
	if len(cands) == 0 {
		return nil, nil, noMatch()
	}
	finish := func(c candidate) (*Func, []base.Type, error) {
		f := *c.f
		f.orig = c.f
		f.Args = c.decl
		f.Ret = c.ret
		casts := make([]base.Type, len(args))
		copy(casts, c.decl)
		// Keep varchar/typmods of arguments that already have the right
		// kind: no cast is needed for them. A character(n) argument of a
		// text parameter is cast (to drop its padding).
		for i, a := range args {
			if typeEq(a, c.decl[i]) && a.Kind != base.KindUnknown && a.Bpchar == c.decl[i].Bpchar {
				casts[i] = a
			}
		}
		return &f, casts, nil
	}
	if len(cands) == 1 {
		return finish(cands[0])
	}
	// Exact match (an operator with one unknown side: assume it has the
	// other side's type).
	known := args
	if isOp && len(args) == 2 && (args[0].Kind == base.KindUnknown) != (args[1].Kind == base.KindUnknown) {
		known = []base.Type{args[0], args[1]}
		if known[0].Kind == base.KindUnknown {
			known[0] = known[1]
		} else {
			known[1] = known[0]
		}
	}
	for _, c := range cands {
		exact := true
		for i, d := range c.decl {
			if !typeEq(known[i], d) {
				exact = false
				break
			}
		}
		if exact {
			return finish(c)
		}
	}
	// Most exact matches.
	cands = keepMax(cands, func(c candidate) int {
		n := 0
		for i, d := range c.decl {
			if args[i].Kind != base.KindUnknown && typeEq(args[i], d) {
				n++
			}
		}
		return n
	})
	if len(cands) == 1 {
		return finish(cands[0])
	}
	// Most preferred types where a conversion is needed.
	cands = keepMax(cands, func(c candidate) int {
		n := 0
		for i, d := range c.decl {
			if args[i].Kind != base.KindUnknown && !typeEq(args[i], d) && isPreferred(d) {
				n++
			}
		}
		return n
	})
	if len(cands) == 1 {
		return finish(cands[0])
	}
	// Unknown-literal positions: prefer the string category, else the
	// category all candidates agree on, then preferred types.
	for i, a := range args {
		if a.Kind != base.KindUnknown {
			continue
		}
		cat := byte(0)
		hasString, agree := false, true
		for _, c := range cands {
			cc := category(c.decl[i])
			if cc == 'S' {
				hasString = true
			}
			if cat == 0 {
				cat = cc
			} else if cat != cc {
				agree = false
			}
		}
		if hasString {
			cat = 'S'
		} else if !agree {
			continue
		}
		var keep []candidate
		anyPref := false
		for _, c := range cands {
			if category(c.decl[i]) == cat {
				keep = append(keep, c)
				if isPreferred(c.decl[i]) {
					anyPref = true
				}
			}
		}
		if anyPref {
			var pk []candidate
			for _, c := range keep {
				if isPreferred(c.decl[i]) {
					pk = append(pk, c)
				}
			}
			keep = pk
		}
		if len(keep) > 0 {
			cands = keep
		}
	}
	if len(cands) == 1 {
		return finish(cands[0])
	}
	// All known args of one type: assume the unknowns have it too.
	var kt base.Type
	same, haveKnown := true, false
	for _, a := range args {
		if a.Kind == base.KindUnknown {
			continue
		}
		if !haveKnown {
			kt, haveKnown = a, true
		} else if !typeEq(kt, a) {
			same = false
		}
	}
	if haveKnown && same {
		var keep []candidate
		for _, c := range cands {
			ok := true
			for i, a := range args {
				if a.Kind == base.KindUnknown && !canImplicit(kt, c.decl[i]) {
					ok = false
				}
			}
			if ok {
				keep = append(keep, c)
			}
		}
		if len(keep) == 1 {
			return finish(keep[0])
		}
	}
	// Table order breaks remaining ties among identical signatures (our
	// table lists the canonical overload first).
	if allSameDecl(cands) {
		return finish(cands[0])
	}
	if isOp {
		l, r := base.Type{}, args[0]
		if len(args) == 2 {
			l, r = args[0], args[1]
		}
		s := "operator is not unique: " + r.String()
		if len(args) == 2 {
			s = "operator is not unique: " + l.String() + " " + name + " " + r.String()
		}
		return nil, nil, base.Errorf(base.CodeAmbiguousFunction, "%s", s).
			WithHint("Could not choose a best candidate operator. You might need to add explicit type casts.")
	}
	return nil, nil, base.Errorf(base.CodeAmbiguousFunction, "function %s(%s) is not unique", name, typeList(args)).
		WithHint("Could not choose a best candidate function. You might need to add explicit type casts.")
}

func allSameDecl(cs []candidate) bool {
	for _, c := range cs[1:] {
		for i := range c.decl {
			if !typeEq(c.decl[i], cs[0].decl[i]) {
				return false
			}
		}
	}
	return true
}

func keepMax(cs []candidate, score func(candidate) int) []candidate {
	best := -1
	var out []candidate
	for _, c := range cs {
		s := score(c)
		switch {
		case s > best:
			best = s
			out = append(out[:0:0], c)
		case s == best:
			out = append(out, c)
		}
	}
	return out
}

// CommonType resolves the result type of UNION/CASE/COALESCE/VALUES/ARRAY
// branches as PostgreSQL's select_common_type does. context names the
// construct for the error message ("CASE", "UNION", "COALESCE", ...).
// All-unknown inputs resolve to text.
func CommonType(ts []base.Type, context string) (base.Type, error) {
	var p base.Type
	have := false
	allSame := true
	for _, t := range ts {
		if t.Kind == base.KindUnknown {
			continue
		}
		if !have {
			p, have = t, true
			continue
		}
		if !typeEq(t, p) || t.Varchar != p.Varchar || t.Bpchar != p.Bpchar {
			allSame = false
		}
	}
	if !have {
		return base.Text, nil
	}
	if allSame {
		// Typmods survive only if all inputs agree.
		for _, t := range ts {
			if t.Kind != base.KindUnknown && t.Mod != p.Mod {
				p.Mod = 0
			}
		}
		return p, nil
	}
	p.Mod = 0
	pPref := isPreferred(p)
	for _, t := range ts {
		if t.Kind == base.KindUnknown || typeEq(t, p) && t.Varchar == p.Varchar && t.Bpchar == p.Bpchar {
			continue
		}
		t.Mod = 0
		if category(t) != category(p) {
			return base.Type{}, base.Errorf(base.CodeDatatypeMismatch, "%s types %s and %s cannot be matched", context, p.String(), t.String())
		}
		if !pPref && canImplicit(p, t) && !canImplicit(t, p) {
			p, pPref = t, isPreferred(t)
		}
	}
	// Every input must be implicitly convertible to the result.
	for _, t := range ts {
		if !canImplicit(t, p) && !(t.Kind == base.KindText && p.Kind == base.KindText) {
			return base.Type{}, base.Errorf(base.CodeDatatypeMismatch, "%s could not convert type %s to %s", context, t.String(), p.String())
		}
	}
	return p, nil
}
