package ast

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// A Visitor's Visit is called for each node met by Walk. If the returned
// visitor w is non-nil, Walk visits each child of node with w, followed
// by w.Visit(nil) (as go/ast does).
type Visitor interface {
	Visit(node Node) (w Visitor)
}

// Walk traverses the tree rooted at node in depth-first, source order.
// Children are found by reflection over the node structs, so new fields
// are walked without anyone having to remember to update Walk.
func Walk(v Visitor, node Node) {
	if isNilNode(node) {
		return
	}
	if v = v.Visit(node); v == nil {
		return
	}
	forEachChild(reflect.ValueOf(node), func(c Node) { Walk(v, c) })
	v.Visit(nil)
}

type inspector func(Node) bool

func (f inspector) Visit(node Node) Visitor {
	if f(node) {
		return f
	}
	return nil
}

// Inspect traverses the tree like Walk, calling f(node) for each node
// (and f(nil) after a node's children); it descends into a node's
// children only if f returns true.
func Inspect(node Node, f func(Node) bool) {
	Walk(inspector(f), node)
}

var (
	nodeType = reflect.TypeFor[Node]()
	spanType = reflect.TypeFor[Span]()
)

func isNilNode(n Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// childFields caches, per struct type, the indices of fields that can
// hold nodes (directly, in slices, or in slices of slices).
var childFields sync.Map // reflect.Type -> []int

func nodeFieldsOf(t reflect.Type) []int {
	if f, ok := childFields.Load(t); ok {
		return f.([]int)
	}
	var idx []int
	for i := 0; i < t.NumField(); i++ {
		ft := t.Field(i).Type
		if ft == spanType {
			continue
		}
		if mayHoldNode(ft) {
			idx = append(idx, i)
		}
	}
	childFields.Store(t, idx)
	return idx
}

func mayHoldNode(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface:
		return t.Implements(nodeType)
	case reflect.Pointer:
		return t.Implements(nodeType)
	case reflect.Slice:
		return mayHoldNode(t.Elem())
	}
	return false
}

func forEachChild(v reflect.Value, f func(Node)) {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	for _, i := range nodeFieldsOf(v.Type()) {
		visitValue(v.Field(i), f)
	}
}

func visitValue(fv reflect.Value, f func(Node)) {
	switch fv.Kind() {
	case reflect.Interface, reflect.Pointer:
		if fv.IsNil() {
			return
		}
		if n, ok := fv.Interface().(Node); ok {
			f(n)
		}
	case reflect.Slice:
		for j := 0; j < fv.Len(); j++ {
			visitValue(fv.Index(j), f)
		}
	}
}

// ClearPositions zeroes the Span of every node in the tree (useful before
// printing trees in tests; Equal ignores positions anyway).
func ClearPositions(node Node) {
	Inspect(node, func(n Node) bool {
		if n == nil {
			return false
		}
		v := reflect.ValueOf(n)
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
			s := v.Elem()
			for i := 0; i < s.NumField(); i++ {
				if s.Field(i).Type() == spanType && s.Field(i).CanSet() {
					s.Field(i).Set(reflect.Zero(spanType))
				}
			}
		}
		return true
	})
}

// Equal reports whether two trees are structurally equal, ignoring
// positions (Span) and treating nil and empty slices as equal.
func Equal(a, b Node) bool { return Diff(a, b) == "" }

// Diff returns "" if a and b are Equal, else a description of the first
// difference found (a field path and the two values).
func Diff(a, b Node) string {
	return diffValue("", reflect.ValueOf(&a).Elem(), reflect.ValueOf(&b).Elem())
}

func diffValue(path string, a, b reflect.Value) string {
	if a.Kind() != b.Kind() {
		return fmt.Sprintf("%s: kind %v vs %v", path, a.Kind(), b.Kind())
	}
	switch a.Kind() {
	case reflect.Interface, reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() && b.IsNil() {
				return ""
			}
			return fmt.Sprintf("%s: %s vs %s", path, showValue(a), showValue(b))
		}
		if a.Kind() == reflect.Interface && a.Elem().Type() != b.Elem().Type() {
			return fmt.Sprintf("%s: type %v vs %v", path, a.Elem().Type(), b.Elem().Type())
		}
		return diffValue(path, a.Elem(), b.Elem())
	case reflect.Struct:
		if a.Type() == spanType {
			return ""
		}
		if a.Type() != b.Type() {
			return fmt.Sprintf("%s: type %v vs %v", path, a.Type(), b.Type())
		}
		for i := 0; i < a.NumField(); i++ {
			name := a.Type().Field(i).Name
			if d := diffValue(path+"."+name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: len %d vs %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := diffValue(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
		return ""
	default:
		if !a.Equal(b) {
			return fmt.Sprintf("%s: %s vs %s", path, showValue(a), showValue(b))
		}
		return ""
	}
}

func showValue(v reflect.Value) string {
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		return "nil"
	}
	if n, ok := v.Interface().(Node); ok {
		return fmt.Sprintf("%T(%s)", n, strings.TrimSpace(Format(n)))
	}
	return fmt.Sprintf("%#v", v.Interface())
}
