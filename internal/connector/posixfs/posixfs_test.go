package posixfs

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/connector"
	"github.com/tributarydb/tributary/internal/connector/conformance"
)

var cols = []catalog.Column{{Name: "id", Type: base.Int64}, {Name: "name", Type: base.Varchar}, {Name: "ts", Type: base.TimestampTZ}}

func writeFiles(t *testing.T, csv bool) string {
	dir := t.TempDir()
	n := 0
	for f := 0; f < 3; f++ {
		var sb strings.Builder
		if csv {
			sb.WriteString("ts,id,name\n")
		}
		for i := 0; i < 700; i++ {
			if csv {
				fmt.Fprintf(&sb, "2025-03-01 10:00:%02d+00,%d,\"n, %d\"\n", i%60, n, n)
			} else {
				fmt.Fprintf(&sb, `{"id": %d, "name": "n%d", "ts": "2025-03-01 10:00:%02d+00"}`+"\n", n, n, i%60)
			}
			n++
		}
		ext := ".jsonl"
		if csv {
			ext = ".csv"
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("part-%d%s", f, ext)), []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "ignored.txt"), []byte("nope\n"), 0o644)
	return dir
}

func TestConformanceJSON(t *testing.T) {
	dir := writeFiles(t, false)
	conformance.Run(t, conformance.Case{Connector: "posix_fs", Columns: cols, Format: "plain", Encode: "json",
		Options: map[string]string{"posix_fs.root": dir, "match_pattern": "*.jsonl"}, Rows: 2100, Deterministic: true})
}

func TestConformanceCSV(t *testing.T) {
	dir := writeFiles(t, true)
	conformance.Run(t, conformance.Case{Connector: "posix_fs", Columns: cols, Format: "plain", Encode: "csv",
		Options: map[string]string{"posix_fs.root": dir, "match_pattern": "*.csv"}, Rows: 2100, Deterministic: true})
}

func TestMalformedSkippedAndCounted(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte("{\"id\": 1}\nnot json\n{\"id\": \"x\"}\n\n{\"id\": 2}\n"), 0o644)
	rel := &catalog.Relation{Name: "s", Kind: catalog.KindSource, Columns: cols}
	r, err := connector.NewReader(connector.SourceConfig{Relation: rel, Format: "plain", Encode: "json",
		Options: map[string]string{"connector": "posix_fs", "posix_fs.root": dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c, _, err := r.Read(context.Background())
	if err != nil || c.Len() != 2 || c.Row(1)[0].I != 2 {
		t.Fatalf("chunk %v, err %v", c, err)
	}
	if n := r.(interface{ Errors() int64 }).Errors(); n != 2 {
		t.Fatalf("%d malformed records counted, want 2", n)
	}
	if err := connector.Validate(connector.SourceConfig{Relation: rel, Options: map[string]string{"connector": "posix_fs", "posix_fs.root": dir}}); err == nil {
		t.Fatal("posix_fs without FORMAT accepted")
	}
}
