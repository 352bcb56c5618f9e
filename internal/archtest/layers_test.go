package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/tributarydb/tributary/"

// rank orders the layers: a package may import internal packages of a
// strictly lower rank only (same-rank siblings are independent).
var rank = map[string]int{
	"internal/base":        0,
	"internal/sql/scanner": 1,
	"internal/sql/ast":     2,
	"internal/sql/parser":  3,
	"internal/catalog":     1,
	"internal/pgwire":      1,
	"internal/expr":        2,
	"internal/syscat":      2,
	"internal/format":      2,
	"internal/state":       2,
	"internal/plan":        4,
	"internal/batch":       5,
	"internal/stream":      5,
	"internal/connector":   6,
	"internal/mesh":        6,
	"internal/server":      8,
	"internal/web":         9,
	"cmd/tributary":        10,
}

// layerOf maps a package path (relative to the module) to its layer key:
// subpackages such as internal/connector/kafka share their parent's rank.
func layerOf(rel string) (string, bool) {
	best := ""
	for k := range rank {
		if (rel == k || strings.HasPrefix(rel, k+"/")) && len(k) > len(best) {
			best = k
		}
	}
	return best, best != ""
}

// forbidden lists transitive imports DESIGN.md rules out explicitly.
// direct marks rules on direct imports only: operators use plan nodes,
// and plan itself parses view definitions, so sql/* is a transitive
// dependency of batch and stream but never a direct one.
var forbidden = []struct {
	from, to, why string
	direct        bool
}{
	{"internal/base", "internal/", "base imports nothing internal", false},
	{"internal/plan", "internal/stream", "plan never imports stream", false},
	{"internal/plan", "internal/batch", "plan never imports batch", false},
	{"internal/plan", "internal/state", "plan never imports state", false},
	{"internal/plan", "internal/pgwire", "plan never imports pgwire", false},
	{"internal/stream", "internal/sql/", "operators never import sql/*", true},
	{"internal/batch", "internal/sql/", "operators never import sql/*", true},
	{"internal/catalog", "internal/state", "the catalog is serialized by the server, not stored by itself", false},
	{"internal/pgwire", "internal/server", "pgwire sees only the session interface", false},
}

type pkg struct {
	path string
	deps []string
	imps []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .Deps \" \"}}", "github.com/tributarydb/tributary/...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "|", 3)
		if len(parts) != 3 {
			continue
		}
		pkgs = append(pkgs, pkg{path: parts[0], imps: strings.Fields(parts[1]), deps: strings.Fields(parts[2])})
	}
	return pkgs
}

func TestLayering(t *testing.T) {
	pkgs := listPackages(t)
	if len(pkgs) < 5 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	for _, p := range pkgs {
		rel := strings.TrimPrefix(p.path, module)
		for _, d := range p.deps {
			if !strings.HasPrefix(d, module) {
				continue
			}
			drel := strings.TrimPrefix(d, module)
			for _, f := range forbidden {
				if f.direct && !contains(p.imps, d) {
					continue
				}
				if (rel == f.from || strings.HasPrefix(rel, f.from+"/")) && strings.HasPrefix(drel, f.to) {
					t.Errorf("%s depends on %s: %s", rel, drel, f.why)
				}
			}
		}
		from, ok := layerOf(rel)
		if !ok {
			continue // tests, tools, bench: outside the layering
		}
		for _, imp := range p.imps {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			irel := strings.TrimPrefix(imp, module)
			to, ok := layerOf(irel)
			if !ok || to == from {
				continue
			}
			if rank[to] >= rank[from] {
				t.Errorf("%s imports %s: a layer may import only the layers below it (rank %d → %d)", rel, irel, rank[from], rank[to])
			}
		}
	}
}

// TestPebbleOnlyInState checks direct Pebble imports: only internal/state.
func TestPebbleOnlyInState(t *testing.T) {
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(p.path, module)
		for _, imp := range p.imps {
			if strings.Contains(imp, "cockroachdb/pebble") && !strings.HasPrefix(rel, "internal/state") {
				t.Errorf("%s imports %s directly: only internal/state may", rel, imp)
			}
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
