package server

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/tributarydb/tributary/internal/catalog"
)

// ExecScript runs every statement of sql as user in a fresh session and
// stops at the first error, which names the statement.
func (s *Server) ExecScript(ctx context.Context, user, sql string) error {
	sess := s.internalSession()
	sess.user = user
	stmts, err := sess.Parse(ctx, sql)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		res, err := sess.Execute(ctx, st, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", firstLine(st.SQL()), err)
		}
		for {
			row, err := res.Next(ctx)
			if err != nil {
				res.Close()
				return err
			}
			if row == nil {
				break
			}
		}
		res.Close()
	}
	return nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

// LoadPlayground loads the example's SQL files (folders in the order of
// the example's load_order file, then the others by name; files by name)
// and prints how to connect. The sources are built-in generators, so the
// views keep changing until the server stops.
func LoadPlayground(ctx context.Context, s *Server, example fs.FS) error {
	var files []string
	err := fs.WalkDir(example, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && path.Ext(p) == ".sql" {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	orderFiles(example, files)
	for _, f := range files {
		data, err := fs.ReadFile(example, f)
		if err != nil {
			return err
		}
		if err := s.ExecScript(ctx, catalog.RootUser, string(data)); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		s.log.Info("loaded example", "file", f)
	}
	host, port := hostOf(s.Addr()), portOf(s.Addr())
	fmt.Printf(`
Tributary playground is running with the marketing mesh example.

  psql -h %s -p %d -U root -d dev

Data keeps arriving (simulated impressions and conversions). Try:
  SELECT * FROM paid_media.paid_media_performance ORDER BY spend_usd DESC LIMIT 5;
  SELECT * FROM paid_media.platform_spend;
  SELECT * FROM attribution.campaign_roas ORDER BY spend_usd DESC;
  SELECT * FROM crm.customer_clv ORDER BY revenue_to_date_usd DESC LIMIT 5;
  SELECT * FROM governance.data_product_freshness;
  SELECT product_id, owning_team, sla_freshness_secs FROM governance.data_product_catalog;
  SHOW SOURCES FROM paid_media;  \dm attribution.*

Stop with Ctrl-C.
`, host, port)
	return nil
}

// orderFiles sorts files (sorted paths) by the position of their top
// folder in the example's load_order file (one folder per line: a domain
// after those it reads from); unlisted folders come last, by name.
func orderFiles(example fs.FS, files []string) {
	data, err := fs.ReadFile(example, "load_order")
	if err != nil {
		return
	}
	rank := map[string]int{}
	for i, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			rank[l] = i + 1
		}
	}
	pos := func(f string) int {
		dir, _, ok := strings.Cut(f, "/")
		if r, listed := rank[dir]; ok && listed {
			return r
		}
		return len(rank) + 1
	}
	sort.SliceStable(files, func(i, j int) bool { return pos(files[i]) < pos(files[j]) })
}
