package state

import (
	"fmt"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
)

func TestStateTable(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	keyTypes := []base.Type{base.Text, base.Int64}
	valTypes := []base.Type{base.Int64, base.Text}
	st := NewStateTable(s, 100, keyTypes, valTypes)
	k := func(g string, i int64) []base.Datum { return []base.Datum{base.DText(g), base.DInt64(i)} }
	v := func(i int64) []base.Datum { return []base.Datum{base.DInt64(i), base.DText(fmt.Sprint("v", i))} }

	for i := int64(0); i < 5; i++ {
		st.Put(k("a", i), v(i))
		st.Put(k("b", i), v(i+10))
	}
	st.Put(k("a", -3), v(-3))
	// buffered reads
	if row, ok, err := st.Get(k("a", 2)); err != nil || !ok || row[0].I != 2 || row[1].S != "v2" {
		t.Fatal(row, ok, err)
	}
	b := s.NewBatch()
	st.Flush(b)
	if st.Dirty() != 0 {
		t.Fatal("buffer not cleared")
	}
	if err := b.Commit(true); err != nil {
		t.Fatal(err)
	}
	// pending changes over committed state
	st.Delete(k("a", 1))
	st.Put(k("a", 3), v(33))
	st.Put(k("a", 7), v(7))
	st.Put(k("c", 0), v(0))

	scan := func(prefix []base.Datum) string {
		out := ""
		err := st.Scan(prefix, func(key, val []base.Datum) error {
			out += fmt.Sprintf("%s%d=%d ", key[0].S, key[1].I, val[0].I)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got, want := scan([]base.Datum{base.DText("a")}), "a-3=-3 a0=0 a2=2 a3=33 a4=4 a7=7 "; got != want {
		t.Fatalf("scan a: %q want %q", got, want)
	}
	if got := scan(nil); len(got) == 0 || got[:6] != "a-3=-3" || got[len(got)-5:] != "c0=0 " {
		t.Fatalf("scan all: %q", got)
	}
	if _, ok, _ := st.Get(k("a", 1)); ok {
		t.Fatal("deleted row visible")
	}
	b = s.NewBatch()
	st.Flush(b)
	b.Commit(true)
	s.Close()

	s = openT(t, dir)
	defer s.Close()
	st = NewStateTable(s, 100, keyTypes, valTypes)
	if got, want := scan([]base.Datum{base.DText("a")}), "a-3=-3 a0=0 a2=2 a3=33 a4=4 a7=7 "; got != want {
		t.Fatalf("after reopen: %q want %q", got, want)
	}
	if got, want := scan([]base.Datum{base.DText("b"), base.DInt64(3)}), "b3=13 "; got != want {
		t.Fatalf("full-key prefix: %q", got)
	}
}
