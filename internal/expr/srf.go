package expr

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
)

// SetFunc is a resolved set-returning function with one output column, as
// used in a select list (PostgreSQL's ProjectSet) or in FROM: for one row
// of argument values it produces a sequence of values.
type SetFunc struct {
	Name string
	Args []base.Type // resolved argument types (cast the arguments to these)
	Ret  base.Type
	// Strict: a NULL argument produces no rows (every SRF here but
	// multi-argument unnest, which the binder does not produce).
	Strict bool
	// Open starts the set for one row of arguments; next returns the
	// following value, ok=false at the end.
	Open func(ctx *Context, args []base.Datum) (next func() (d base.Datum, ok bool, err error), err error)
}

// String is the PostgreSQL signature, e.g. "unnest(integer[])".
func (f *SetFunc) String() string { return f.Name + "(" + typeList(f.Args) + ")" }

// SetRows evaluates f over one row of arguments and returns all of its
// values (tests and small sets; operators iterate with Open).
func (f *SetFunc) SetRows(ctx *Context, args []base.Datum) ([]base.Datum, error) {
	if f.Strict {
		for _, a := range args {
			if a.Null {
				return nil, nil
			}
		}
	}
	next, err := f.Open(ctx, args)
	if err != nil {
		return nil, err
	}
	var out []base.Datum
	for {
		d, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		out = append(out, d)
	}
}

// IsSetReturning reports whether name is a set-returning function that
// LookupSetFunc knows.
func IsSetReturning(name string) bool {
	switch strings.ToLower(name) {
	case "unnest", "generate_series", "jsonb_array_elements", "jsonb_array_elements_text",
		"jsonb_object_keys", "json_array_elements", "json_array_elements_text", "json_object_keys",
		"regexp_split_to_table", "regexp_matches":
		return true
	}
	return false
}

// LookupSetFunc resolves a set-returning function with one output column
// for the given argument types. casts are the types to cast each argument
// to. Unknown-typed arguments resolve as text (jsonb for the json
// functions). generate_series follows PostgreSQL's overloads: integer,
// bigint, numeric (2 or 3 arguments) and timestamp[tz] with an interval
// step; mixed argument types resolve to their common type.
func LookupSetFunc(name string, args []base.Type) (*SetFunc, []base.Type, error) {
	name = strings.ToLower(name)
	notExist := func() error {
		return base.Errorf(base.CodeUndefinedFunction, "function %s(%s) does not exist", name, typeList(args)).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
	}
	switch name {
	case "unnest":
		if len(args) != 1 {
			return nil, nil, notExist()
		}
		t := args[0]
		if t.Kind == base.KindUnknown {
			return nil, nil, base.Errorf(base.CodeDatatypeMismatch, "could not determine polymorphic type because input has type unknown")
		}
		if t.Kind != base.KindArray {
			return nil, nil, notExist()
		}
		et := t.ElemType()
		return &SetFunc{Name: name, Args: []base.Type{t}, Ret: et, Strict: true, Open: unnestOpen(et)}, []base.Type{t}, nil
	case "generate_series":
		return lookupSeries(args, notExist)
	case "jsonb_array_elements", "json_array_elements", "jsonb_array_elements_text", "json_array_elements_text", "jsonb_object_keys", "json_object_keys":
		if len(args) != 1 || !(args[0].Kind == base.KindJSONB || args[0].Kind == base.KindUnknown) {
			return nil, nil, notExist()
		}
		ret := base.Text
		if strings.HasSuffix(name, "_elements") {
			ret = base.JSONB
		}
		casts := []base.Type{base.JSONB}
		return &SetFunc{Name: name, Args: casts, Ret: ret, Strict: true, Open: jsonSetOpen(name)}, casts, nil
	case "regexp_matches":
		if len(args) < 2 || len(args) > 3 {
			return nil, nil, notExist()
		}
		casts := make([]base.Type, len(args))
		for i, a := range args {
			if a.Kind != base.KindText && a.Kind != base.KindUnknown {
				return nil, nil, notExist()
			}
			casts[i] = base.Text
		}
		return &SetFunc{Name: name, Args: casts, Ret: base.ArrayOf(base.Text), Strict: true, Open: regexpMatchesOpen}, casts, nil
	case "regexp_split_to_table":
		if len(args) < 2 || len(args) > 3 {
			return nil, nil, notExist()
		}
		casts := make([]base.Type, len(args))
		for i, a := range args {
			if a.Kind != base.KindText && a.Kind != base.KindUnknown {
				return nil, nil, notExist()
			}
			casts[i] = base.Text
		}
		return &SetFunc{Name: name, Args: casts, Ret: base.Text, Strict: true, Open: regexpSplitOpen}, casts, nil
	}
	return nil, nil, notExist()
}

func unnestOpen(et base.Type) func(*Context, []base.Datum) (func() (base.Datum, bool, error), error) {
	return func(_ *Context, args []base.Datum) (func() (base.Datum, bool, error), error) {
		a, i := args[0].A, 0
		return func() (base.Datum, bool, error) {
			if i >= len(a) {
				return base.Datum{}, false, nil
			}
			d := a[i]
			i++
			if d.Null {
				d = base.NullOf(et.Kind)
			}
			return d, true, nil
		}, nil
	}
}

func jsonSetOpen(name string) func(*Context, []base.Datum) (func() (base.Datum, bool, error), error) {
	keys := strings.HasSuffix(name, "_keys")
	text := strings.HasSuffix(name, "_text")
	return func(_ *Context, args []base.Datum) (func() (base.Datum, bool, error), error) {
		v, err := base.ParseJSON(args[0].S)
		if err != nil {
			return nil, err
		}
		if keys {
			if v.Kind != base.JSONObject {
				what := "a scalar"
				if v.Kind == base.JSONArray {
					what = "an array"
				}
				return nil, base.Errorf(base.CodeInvalidParameterValue, "cannot call %s on %s", name, what)
			}
			i := 0
			return func() (base.Datum, bool, error) {
				if i >= len(v.Keys) {
					return base.Datum{}, false, nil
				}
				i++
				return base.DText(v.Keys[i-1]), true, nil
			}, nil
		}
		if v.Kind != base.JSONArray {
			what := "a scalar"
			if v.Kind == base.JSONObject {
				what = "an object"
			}
			return nil, base.Errorf(base.CodeInvalidParameterValue, "cannot extract elements from %s", what)
		}
		i := 0
		return func() (base.Datum, bool, error) {
			if i >= len(v.Arr) {
				return base.Datum{}, false, nil
			}
			e := &v.Arr[i]
			i++
			if text {
				return jsonText(e), true, nil
			}
			return jsonDatum(e), true, nil
		}, nil
	}
}

// regexpSplitOpen is regexp_split_to_table(string, pattern [, flags]):
// zero-length matches at the start or end of the string or right after
// the previous match are ignored, as in PostgreSQL.
func regexpSplitOpen(_ *Context, args []base.Datum) (func() (base.Datum, bool, error), error) {
	flags := ""
	if len(args) == 3 {
		flags = args[2].S
		if strings.ContainsRune(flags, 'g') {
			return nil, base.Errorf(base.CodeInvalidParameterValue, "regexp_split_to_table() does not support the \"global\" option")
		}
	}
	re, err := compileRegex(args[1].S, flags)
	if err != nil {
		return nil, err
	}
	s := args[0].S
	var parts []string
	start := 0 // start of the current piece
	search := 0
	for search <= len(s) {
		loc := re.FindStringIndex(s[search:])
		if loc == nil {
			break
		}
		ms, me := search+loc[0], search+loc[1]
		if ms == me {
			// Zero-length match: ignored at the very start/end and right
			// after the previous match; then advance one character.
			if ms == 0 || ms == len(s) || ms == start {
				if ms >= len(s) {
					break
				}
				_, w := utf8.DecodeRuneInString(s[ms:])
				search = ms + w
				continue
			}
		}
		parts = append(parts, s[start:ms])
		start = me
		if me == ms {
			_, w := utf8.DecodeRuneInString(s[me:])
			search = me + w
		} else {
			search = me
		}
	}
	parts = append(parts, s[start:])
	i := 0
	return func() (base.Datum, bool, error) {
		if i >= len(parts) {
			return base.Datum{}, false, nil
		}
		i++
		return base.DText(parts[i-1]), true, nil
	}, nil
}

func lookupSeries(args []base.Type, notExist func() error) (*SetFunc, []base.Type, error) {
	if len(args) < 2 || len(args) > 3 {
		return nil, nil, notExist()
	}
	t, err := CommonType(args[:2], "generate_series")
	if err != nil {
		return nil, nil, notExist()
	}
	switch t.Kind {
	case base.KindInt16, base.KindInt32:
		t = base.Int32
	case base.KindInt64, base.KindNumeric:
	case base.KindDate, base.KindTimestampTZ:
		t = base.TimestampTZ
	case base.KindTimestamp:
	case base.KindText:
		if args[0].Kind == base.KindUnknown && args[1].Kind == base.KindUnknown {
			return nil, nil, base.Errorf(base.CodeAmbiguousFunction, "function generate_series(unknown, unknown) is not unique").
				WithHint("Could not choose a best candidate function. You might need to add explicit type casts.")
		}
		return nil, nil, notExist()
	default:
		return nil, nil, notExist()
	}
	isTime := t.Kind == base.KindTimestamp || t.Kind == base.KindTimestampTZ
	if len(args) == 3 && args[2].IsNumeric() && t.IsNumeric() {
		if st, err := CommonType([]base.Type{t, args[2]}, "generate_series"); err == nil && st.Kind != base.KindFloat32 && st.Kind != base.KindFloat64 {
			t = st
		}
	}
	casts := []base.Type{t, t}
	if len(args) == 3 {
		st := t
		if isTime {
			st = base.IntervalT
		}
		if args[2].Kind != base.KindUnknown && !CanCoerceImplicit(args[2], st) {
			return nil, nil, notExist()
		}
		casts = append(casts, st)
	} else if isTime {
		return nil, nil, notExist()
	}
	return &SetFunc{Name: "generate_series", Args: casts, Ret: t, Strict: true, Open: seriesOpen(t)}, casts, nil
}

func seriesOpen(t base.Type) func(*Context, []base.Datum) (func() (base.Datum, bool, error), error) {
	k := t.Kind
	return func(ctx *Context, args []base.Datum) (func() (base.Datum, bool, error), error) {
		cur, stop := args[0], args[1]
		var step base.Datum
		if len(args) == 3 {
			step = args[2]
		} else if k == base.KindNumeric {
			step = base.DNumeric(apd.New(1, 0))
		} else {
			step = base.DInt64(1)
		}
		zeroStep := func() error {
			return base.Errorf(base.CodeInvalidParameterValue, "step size cannot equal zero")
		}
		switch k {
		case base.KindNumeric:
			for i, d := range []base.Datum{cur, stop, step} {
				what := [...]string{"start", "stop", "step size"}[i]
				if d.D.Form == apd.NaN {
					return nil, base.Errorf(base.CodeInvalidParameterValue, "%s value cannot be NaN", what)
				}
				if d.D.Form == apd.Infinite && i < 2 {
					return nil, base.Errorf(base.CodeInvalidParameterValue, "%s value cannot be infinity", what)
				}
			}
			if step.D.IsZero() {
				return nil, zeroStep()
			}
		case base.KindTimestamp, base.KindTimestampTZ:
			if step.Iv == (base.Interval{}) {
				return nil, zeroStep()
			}
		default:
			if step.I == 0 {
				return nil, zeroStep()
			}
		}
		loc := time.UTC
		if ctx != nil && ctx.Location != nil {
			loc = ctx.Location
		}
		done := false
		return func() (base.Datum, bool, error) {
			if done {
				return base.Datum{}, false, nil
			}
			switch k {
			case base.KindNumeric:
				c := cur.D.Cmp(stop.D)
				if (step.D.Negative && c < 0) || (!step.D.Negative && c > 0) {
					done = true
					return base.Datum{}, false, nil
				}
				out := cur
				next, err := base.NumericAdd(cur.D, step.D)
				if err != nil {
					return base.Datum{}, false, err
				}
				cur = base.DNumeric(next)
				return out, true, nil
			case base.KindTimestamp, base.KindTimestampTZ:
				var next int64
				var err error
				if k == base.KindTimestamp {
					next, err = base.TimestampAddInterval(cur.I, step.Iv)
				} else {
					next, err = base.TimestampTZAddInterval(cur.I, step.Iv, loc)
				}
				if err != nil {
					return base.Datum{}, false, err
				}
				up := next > cur.I
				if (up && cur.I > stop.I) || (!up && cur.I < stop.I) {
					done = true
					return base.Datum{}, false, nil
				}
				if next == cur.I {
					return base.Datum{}, false, zeroStep()
				}
				out := base.Datum{K: k, I: cur.I}
				cur.I = next
				return out, true, nil
			default:
				x := cur.I
				if (step.I > 0 && x > stop.I) || (step.I < 0 && x < stop.I) {
					done = true
					return base.Datum{}, false, nil
				}
				nx, err := base.IntAdd(k, x, step.I)
				if err != nil {
					done = true // the series ends at the type's range
				}
				cur.I = nx
				return base.Datum{K: k, I: x}, true, nil
			}
		}, nil
	}
}

// regexpMatchesOpen is regexp_matches(string, pattern [, flags]): one
// text[] of the capture groups (or the whole match without groups) per
// match; only the first match without the g flag.
func regexpMatchesOpen(_ *Context, args []base.Datum) (func() (base.Datum, bool, error), error) {
	flags := ""
	if len(args) == 3 {
		flags = args[2].S
	}
	re, err := compileRegex(args[1].S, flags)
	if err != nil {
		return nil, err
	}
	s := args[0].S
	n := 1
	if strings.ContainsRune(flags, 'g') {
		n = -1
	}
	ms := re.FindAllStringSubmatchIndex(s, n)
	i := 0
	return func() (base.Datum, bool, error) {
		if i >= len(ms) {
			return base.Datum{}, false, nil
		}
		m := ms[i]
		i++
		var out []base.Datum
		if len(m) == 2 {
			out = []base.Datum{base.DText(s[m[0]:m[1]])}
		} else {
			for g := 1; 2*g < len(m); g++ {
				if m[2*g] < 0 {
					out = append(out, base.NullOf(base.KindText))
				} else {
					out = append(out, base.DText(s[m[2*g]:m[2*g+1]]))
				}
			}
		}
		return base.DArray(base.KindText, out), true, nil
	}, nil
}

// JSONEach is jsonb_each / jsonb_each_text (asText) over one jsonb value:
// the object's keys and values (values as jsonb, or as text with JSON null
// as SQL NULL). A non-object is PostgreSQL's error.
func JSONEach(d base.Datum, name string, asText bool) (keys, vals []base.Datum, err error) {
	v, err := base.ParseJSON(d.S)
	if err != nil {
		return nil, nil, err
	}
	if v.Kind != base.JSONObject {
		return nil, nil, base.Errorf(base.CodeInvalidParameterValue, "cannot call %s on a non-object", name)
	}
	for i, k := range v.Keys {
		keys = append(keys, base.DText(k))
		if asText {
			vals = append(vals, jsonText(&v.Vals[i]))
		} else {
			vals = append(vals, jsonDatum(&v.Vals[i]))
		}
	}
	return keys, vals, nil
}
