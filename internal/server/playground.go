package server

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/catalog"
)

// ExecScript runs every statement of sql as user in a fresh session and
// stops at the first error, which names the statement.
func (s *Server) ExecScript(ctx context.Context, user, sql string) error {
	sess := &session{srv: s, user: user, db: s.Catalog().Database(), vars: map[string]string{}, loc: time.UTC, tx: 'I', changed: map[string]string{}}
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

// LoadPlayground loads the example's SQL files (in folder, then file-name
// order) and prints how to connect. The streaming domains of the
// marketing mesh join the example as the engine that runs them is built
// (docs/status.md).
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

Try:
  SELECT product_id, owning_team, sla_freshness_secs FROM governance.data_product_catalog;
  \d governance.data_product_catalog

Stop with Ctrl-C.
`, host, port)
	return nil
}
