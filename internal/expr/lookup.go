package expr

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

func errNoFunc(name string, args []base.Type) *base.Error {
	return base.Errorf(base.CodeUndefinedFunction, "function %s(%s) does not exist", name, typeList(args)).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
}

func errNoOp(op string, l, r base.Type) *base.Error {
	return base.Errorf(base.CodeUndefinedFunction, "operator does not exist: %s %s %s", l.String(), op, r.String()).
		WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.")
}

// LookupFunc resolves a scalar function call by PostgreSQL's rules. It
// returns the overload and the types the binder must cast each argument
// to (len == len(args)).
func LookupFunc(name string, args []base.Type) (*Func, []base.Type, error) {
	name = strings.ToLower(name)
	return resolve(funcTable[name], name, args, false)
}

// LookupBinaryOp resolves "l op r"; it returns the overload and the types
// to cast the left and right operand to.
func LookupBinaryOp(op string, l, r base.Type) (*Func, base.Type, base.Type, error) {
	if op == "!=" {
		op = "<>"
	}
	f, casts, err := resolve(binOpTable[op], op, []base.Type{l, r}, true)
	if err != nil {
		return nil, base.Type{}, base.Type{}, err
	}
	return f, casts[0], casts[1], nil
}

// LookupUnaryOp resolves a prefix operator ("-", "+", "NOT" is a node, "@",
// "|/", "||/", "~").
func LookupUnaryOp(op string, t base.Type) (*Func, base.Type, error) {
	f, casts, err := resolve(unOpTable[op], op, []base.Type{t}, true)
	if err != nil {
		if be, ok := err.(*base.Error); ok && be.Code == base.CodeUndefinedFunction {
			return nil, base.Type{}, base.Errorf(base.CodeUndefinedFunction, "operator does not exist: %s %s", op, t.String()).
				WithHint("No operator matches the given name and argument type. You might need to add an explicit type cast.")
		}
		return nil, base.Type{}, err
	}
	return f, casts[0], nil
}
