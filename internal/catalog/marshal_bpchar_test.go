package catalog

import (
	"testing"

	"github.com/tributarydb/tributary/internal/base"
)

// TestMarshalKeepsTypeFlavours checks that char(n) and varchar(n) survive
// a catalog round trip (they share KindText).
func TestMarshalKeepsTypeFlavours(t *testing.T) {
	for _, typ := range []base.Type{
		{Kind: base.KindText, Bpchar: true, Mod: 7},
		{Kind: base.KindText, Varchar: true, Mod: 24},
		base.ArrayOf(base.Type{Kind: base.KindText, Bpchar: true}),
	} {
		got, err := decodeType(encodeType(typ))
		if err != nil {
			t.Fatal(err)
		}
		if got != typ {
			t.Errorf("round trip of %+v gave %+v", typ, got)
		}
	}
}
