package scanner

import (
	"testing"
)

// FuzzScanner checks that scanning never panics, always terminates, and
// that tokens are in order with Raw equal to the source slice.
func FuzzScanner(f *testing.F) {
	for _, s := range []string{"SELECT 1", "E'\\x41'", "$a$ $$ $a$", "/* /* */", "a::b->>'c'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		s := New(src)
		prevEnd := 0
		for i := 0; ; i++ {
			if i > len(src)+2 {
				t.Fatalf("no progress after %d tokens", i)
			}
			tok := s.Next()
			if tok.Pos < prevEnd || tok.End < tok.Pos || tok.End > len(src) {
				t.Fatalf("bad span [%d,%d) after %d", tok.Pos, tok.End, prevEnd)
			}
			if tok.Kind != Illegal && src[tok.Pos:tok.End] != tok.Raw {
				t.Fatalf("raw %q != src %q", tok.Raw, src[tok.Pos:tok.End])
			}
			prevEnd = tok.End
			if tok.Kind == EOF || tok.Kind == Illegal {
				if s.Next().Kind != EOF {
					t.Fatalf("Next after %v is not EOF", tok.Kind)
				}
				return
			}
		}
	})
}
