// Package conformance holds the tests every source connector passes:
// each connector's package calls Run from its own tests with a working
// configuration.
package conformance

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/connector"
	"github.com/tributarydb/tributary/internal/stream"
)

// Case is one connector configuration to check.
type Case struct {
	Connector      string
	Columns        []catalog.Column
	Options        map[string]string // without "connector"
	Format, Encode string
	FormatOptions  map[string]string
	// Rows is how many rows to read (default 200). With Finite, the
	// exact number of rows the source holds.
	Rows int
	// Finite sources end with io.EOF after Rows rows.
	Finite bool
	// Deterministic sources produce the same rows again when reopened
	// from a checkpoint (compared by their text form).
	Deterministic bool
}

func (c Case) config(offset []byte) connector.SourceConfig {
	opts := map[string]string{"connector": c.Connector}
	for k, v := range c.Options {
		opts[k] = v
	}
	rel := &catalog.Relation{ID: 42, Schema: "public", Name: "src", Kind: catalog.KindSource, Columns: c.Columns, AppendOnly: true}
	return connector.SourceConfig{Relation: rel, Options: opts, Format: c.Format, Encode: c.Encode, FormatOptions: c.FormatOptions, Offset: offset, Splits: 1}
}

type chunkAt struct {
	rows []string
	cp   []byte
}

// read reads up to n rows (all of them for finite sources), chunk by chunk.
func read(t *testing.T, r stream.SourceReader, n int, finite bool, types []catalog.Column) ([]chunkAt, bool) {
	t.Helper()
	var out []chunkAt
	got := 0
	deadline := time.Now().Add(30 * time.Second)
	for finite || got < n {
		if time.Now().After(deadline) {
			t.Fatalf("read %d rows in 30s, want %d", got, n)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		c, cp, err := r.Read(ctx)
		cancel()
		if errors.Is(err, io.EOF) {
			return out, true
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		if cp == nil {
			t.Fatalf("Read returned no checkpoint")
		}
		ca := chunkAt{cp: append([]byte(nil), cp...)}
		if c != nil {
			if len(c.Cols) != len(types) {
				t.Fatalf("chunk has %d columns, the source %d", len(c.Cols), len(types))
			}
			for i, v := range c.Cols {
				if v.Type.Kind != types[i].Type.Kind {
					t.Fatalf("column %s: vector of %s, want %s", types[i].Name, v.Type, types[i].Type)
				}
				if v.Len() != c.Len() {
					t.Fatalf("column %s: %d values in a chunk of %d rows", types[i].Name, v.Len(), c.Len())
				}
			}
			for i := 0; i < c.Len(); i++ {
				var sb strings.Builder
				for j, d := range c.Row(i) {
					if j > 0 {
						sb.WriteByte('|')
					}
					if d.Null {
						sb.WriteString("NULL")
					} else {
						sb.WriteString(base.FormatText(d, types[j].Type, time.UTC))
					}
				}
				ca.rows = append(ca.rows, sb.String())
			}
			got += c.Len()
		}
		out = append(out, ca)
	}
	return out, false
}

func count(cs []chunkAt) int {
	n := 0
	for _, c := range cs {
		n += len(c.rows)
	}
	return n
}

// Run checks one connector configuration.
func Run(t *testing.T, c Case) {
	if c.Rows == 0 {
		c.Rows = 200
	}
	spec, ok := connector.Lookup(c.Connector)
	if !ok {
		t.Fatalf("connector %q is not registered", c.Connector)
	}
	t.Run("options documented", func(t *testing.T) {
		if spec.Doc == "" {
			t.Error("Spec.Doc is empty")
		}
		for _, o := range spec.Options {
			if o.Doc == "" || o.Name != strings.ToLower(o.Name) {
				t.Errorf("option %q: empty Doc or not lower case", o.Name)
			}
		}
	})
	t.Run("unknown option", func(t *testing.T) {
		cfg := c.config(nil)
		cfg.Options["no.such.option"] = "1"
		err := connector.Validate(cfg)
		var be *base.Error
		if !errors.As(err, &be) || be.Code != base.CodeInvalidParameterValue || !strings.Contains(be.Hint, "Valid options") {
			t.Fatalf("want 22023 listing valid options, got %v", err)
		}
	})
	t.Run("required options", func(t *testing.T) {
		for _, o := range spec.Options {
			if !o.Required {
				continue
			}
			cfg := c.config(nil)
			delete(cfg.Options, o.Name)
			if err := connector.Validate(cfg); err == nil {
				t.Errorf("no error without required option %q", o.Name)
			}
		}
	})
	t.Run("read and resume", func(t *testing.T) {
		if err := connector.Validate(c.config(nil)); err != nil {
			t.Fatalf("Validate: %v", err)
		}
		r, err := connector.NewReader(c.config(nil))
		if err != nil {
			t.Fatal(err)
		}
		first, eof := read(t, r, c.Rows, c.Finite, c.Columns)
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if c.Finite {
			if !eof || count(first) != c.Rows {
				t.Fatalf("finite source: %d rows (eof %v), want %d", count(first), eof, c.Rows)
			}
		} else if count(first) < c.Rows {
			t.Fatalf("read %d rows, want %d", count(first), c.Rows)
		}
		// Resume from the checkpoint after the first chunk with rows.
		k := 0
		for k < len(first) && len(first[k].rows) == 0 {
			k++
		}
		if k >= len(first)-1 {
			return // a single chunk: nothing to resume into
		}
		var rest []string
		for _, ca := range first[k+1:] {
			rest = append(rest, ca.rows...)
		}
		r2, err := connector.NewReader(c.config(first[k].cp))
		if err != nil {
			t.Fatal(err)
		}
		defer r2.Close()
		again, _ := read(t, r2, len(rest), c.Finite, c.Columns)
		var got []string
		for _, ca := range again {
			got = append(got, ca.rows...)
		}
		if c.Finite && len(got) != len(rest) {
			t.Fatalf("resumed finite source: %d rows, want %d", len(got), len(rest))
		}
		if c.Deterministic {
			for i := range rest {
				if i >= len(got) || got[i] != rest[i] {
					t.Fatalf("resumed row %d: %q, want %q", i, at(got, i), rest[i])
				}
			}
		}
	})
	t.Run("cancel", func(t *testing.T) {
		r, err := connector.NewReader(c.config(nil))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 0; i < 1000; i++ {
				if _, _, err := r.Read(ctx); err != nil {
					return
				}
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Read did not return after cancel")
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
	})
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "<missing>"
}
