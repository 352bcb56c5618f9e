package slt

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/tributarydb/tributary/test/testenv"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.Cleanup()
	os.Exit(code)
}

// corpus returns the .slt files under testdata/slt, relative to the repository root.
func corpus(t *testing.T) (root string, files []string) {
	t.Helper()
	root = testenv.RepoRoot(t)
	dir := filepath.Join(root, "testdata", "slt")
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".slt") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("no .slt files under %s", dir)
	}
	return root, files
}

func relName(root, p string) string {
	r, err := filepath.Rel(filepath.Join(root, "testdata", "slt"), p)
	if err != nil {
		return p
	}
	return strings.TrimSuffix(r, ".slt")
}

// TestCorpus parses every file and checks the corpus keeps its size.
func TestCorpus(t *testing.T) {
	root, files := corpus(t)
	total := 0
	for _, p := range files {
		f, err := ParseFile(p)
		if err != nil {
			t.Error(err)
			continue
		}
		n := f.CountQueries()
		total += n
		t.Logf("%-30s %4d query records, %4d records", relName(root, p), n, len(f.Records))
		for _, r := range f.Records {
			for _, e := range append(append([]string(nil), r.SkipIf...), r.OnlyIf...) {
				if e != "tributary" && e != "postgres" {
					t.Errorf("%s:%d: unknown engine %q", p, r.Line, e)
				}
			}
			if r.Kind == KindQuery && !r.ExpectError && !r.HasSep {
				t.Errorf("%s:%d: query without ---- (generate it with -rewrite)", p, r.Line)
			}
			if r.ExpectError && r.ErrorPattern != "" && !IsSQLState(r.ErrorPattern) {
				if _, err := regexp.Compile(r.ErrorPattern); err != nil {
					t.Errorf("%s:%d: bad error regexp: %v", p, r.Line, err)
				}
			}
		}
	}
	t.Logf("total: %d query records in %d files", total, len(files))
	if total < 400 {
		t.Errorf("the corpus has %d query records, want at least 400", total)
	}
}

// TestTributary runs every .slt file against a fresh tributary server.
func TestTributary(t *testing.T) {
	root, files := corpus(t)
	testenv.TributaryBinary(t) // build once (or skip) before the subtests
	for _, p := range files {
		t.Run(relName(root, p), func(t *testing.T) {
			t.Parallel()
			srv := testenv.StartTributary(t)
			conn := testenv.Connect(t, srv.URL)
			RunFile(t, conn, p, "tributary")
		})
	}
}

// TestPostgresOracle runs every .slt file against PostgreSQL (TRIBUTARY_PG_URL), each in a
// fresh database: the expectations must be PostgreSQL's. With -rewrite it regenerates them.
func TestPostgresOracle(t *testing.T) {
	root, files := corpus(t)
	admin := testenv.OracleURL(t)
	for i, p := range files {
		t.Run(relName(root, p), func(t *testing.T) {
			t.Parallel()
			db := fmt.Sprintf("slt_%d_%d", os.Getpid(), i)
			conn := testenv.ConnectOracle(t, testenv.FreshDatabase(t, admin, db))
			RunFile(t, conn, p, "postgres")
		})
	}
}
