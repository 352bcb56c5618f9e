package scanner

import (
	"fmt"
	"strings"
	"testing"
)

func dump(src string) string {
	toks, err := Tokenize(src)
	var b strings.Builder
	for _, t := range toks {
		if t.Kind == EOF {
			break
		}
		if t.Kind == Illegal {
			fmt.Fprintf(&b, "ERR(%s)", t.Val)
			break
		}
		fmt.Fprintf(&b, "%v:%s ", t.Kind, t.Val)
	}
	_ = err
	return strings.TrimSpace(b.String())
}

func TestScanner(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT a, \"B\"", `identifier:select identifier:a ,:, quoted identifier:B`},
		{"a::int", `identifier:a ::::: identifier:int`},
		{"'it''s'", `string:it's`},
		{`E'a\nb\x41\101\u00e9\''`, "string:a\nbAAé'"},
		{"e'\\\\'", `string:\`},
		{`U&'\00E9t\+01F600' u&'\D83D\DE00'`, "string:ét😀 string:😀"},
		{`U&'d!0061t' UESCAPE '!' x`, `string:dat identifier:x`},
		{`U&'a\\b'`, `string:a\b`},
		{`U&'\D83D'`, `ERR(invalid Unicode surrogate pair)`},
		{`U&'\00'`, `ERR(invalid Unicode escape)`},
		{`u & 'x'`, `identifier:u operator:& string:x`},
		{"'a'\n  'b'", `string:ab`},
		{"'a' 'b'", `string:a string:b`},
		{"$$x'y$$ $t$a$$b$t$", `string:x'y string:a$$b`},
		{"$1 $23", `parameter:1 parameter:23`},
		{"a->>'k' -> @> <@ != <> || ~* !~ ~~ !~~* >= <= = ~", `identifier:a operator:->> string:k operator:-> operator:@> operator:<@ operator:!= operator:<> operator:|| operator:~* operator:!~ operator:~~ operator:!~~* operator:>= operator:<= operator:= operator:~`},
		{"a*-1", `identifier:a operator:* operator:- number:1`},
		{"x<-1", `identifier:x operator:< operator:- number:1`},
		{"x@-1", `identifier:x operator:@- number:1`},
		{"1.5e3 .5 1. 10 1e-2 1ex", `number:1.5e3 number:.5 number:1. number:10 number:1e-2 ERR(trailing junk after numeric literal at or near "1ex")`},
		{"a /* c /* nested */ still */ b -- tail\nc", `identifier:a identifier:b identifier:c`},
		{"a+/*c*/b", `identifier:a operator:+ identifier:b`},
		{"a--b", `identifier:a`},
		{`"a""b"`, `quoted identifier:a"b`},
		{`""`, `ERR(zero-length delimited identifier)`},
		{`'abc`, `ERR(unterminated quoted string)`},
		{`/* abc`, `ERR(unterminated /* comment)`},
		{`"abc`, `ERR(unterminated quoted identifier)`},
		{`$x`, `ERR(syntax error at or near "$")`},
		{`a$b ÄBC`, `identifier:a$b identifier:Äbc`},
		{"t.a[1:2];", `identifier:t .:. identifier:a [:[ number:1 ::: number:2 ]:] ;:;`},
		{`N'x' E'\q'`, `string:x string:q`},
	}
	for _, tt := range tests {
		if got := dump(tt.in); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestPositions(t *testing.T) {
	src := "SELECT  'x', \"y\" -- c\n FROM t"
	toks, err := Tokenize(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range toks {
		if src[tk.Pos:tk.End] != tk.Raw {
			t.Errorf("token %v raw %q != src[%d:%d]", tk.Kind, tk.Raw, tk.Pos, tk.End)
		}
	}
	if toks[4].Val != "from" || toks[4].Pos != 23 {
		t.Errorf("FROM at %d (%q)", toks[4].Pos, toks[4].Val)
	}
	if got := CharPos("é FROM", 3); got != 3 {
		t.Errorf("CharPos = %d", got)
	}
}

func TestKeywords(t *testing.T) {
	for w, want := range map[string]Category{"select": Reserved, "interval": ColName, "left": TypeFunc, "source": NotKeyword, "date": NotKeyword} {
		if got := KeywordCategory(w); got != want {
			t.Errorf("%s: %v want %v", w, got, want)
		}
	}
}
