package expr

import (
	"github.com/tributarydb/tributary/internal/base"
)

// The function table: name (lower case) or operator spelling → overloads,
// in preference order for identical signatures.
var (
	funcTable  = map[string][]*Func{}
	binOpTable = map[string][]*Func{}
	unOpTable  = map[string][]*Func{}
)

type scalarFn = func(ctx *Context, args []base.Datum) (base.Datum, error)

// fnOpt adjusts a Func being registered.
type fnOpt func(*Func)

var (
	nonStrict = func(f *Func) { f.Strict = false }
	volatile  = func(f *Func) { f.Volatile = true }
	variadic  = func(f *Func) { f.Variadic = true }
)

func withVec(v func(ctx *Context, args []*base.Vector, out *base.Vector) error) fnOpt {
	return func(f *Func) { f.Vec = v }
}

func mkFunc(name string, args []base.Type, ret base.Type, fn scalarFn, opts []fnOpt) *Func {
	f := &Func{Name: name, Args: args, Ret: ret, Strict: true, Scalar: fn}
	for _, o := range opts {
		o(f)
	}
	return f
}

// regFunc registers a scalar function overload.
func regFunc(name string, args []base.Type, ret base.Type, fn scalarFn, opts ...fnOpt) *Func {
	f := mkFunc(name, args, ret, fn, opts)
	funcTable[name] = append(funcTable[name], f)
	return f
}

// regBin registers a binary operator overload.
func regBin(op string, l, r, ret base.Type, fn scalarFn, opts ...fnOpt) *Func {
	f := mkFunc(op, []base.Type{l, r}, ret, fn, opts)
	binOpTable[op] = append(binOpTable[op], f)
	return f
}

// regUn registers a prefix operator overload.
func regUn(op string, t, ret base.Type, fn scalarFn, opts ...fnOpt) *Func {
	f := mkFunc(op, []base.Type{t}, ret, fn, opts)
	unOpTable[op] = append(unOpTable[op], f)
	return f
}

func ts(t ...base.Type) []base.Type { return t }
