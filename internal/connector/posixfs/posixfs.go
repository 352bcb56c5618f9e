package posixfs

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/connector"
	"github.com/tributarydb/tributary/internal/format/csv"
	"github.com/tributarydb/tributary/internal/format/json"
	"github.com/tributarydb/tributary/internal/stream"
)

func init() {
	connector.Register("posix_fs", connector.Spec{
		Doc: "files of a local directory (JSON lines or CSV), read once in name order",
		Options: []connector.OptionSpec{
			{Name: "posix_fs.root", Required: true, Doc: "directory to read"},
			{Name: "match_pattern", Default: "*", Doc: "glob on file names (path.Match syntax)"},
		},
		Encodes:   []string{"plain json", "plain csv"},
		Validate:  validate,
		NewReader: newReader,
	})
}

type config struct {
	root, pattern string
	csv           bool
	header        bool
	delim         rune
}

func parse(cfg connector.SourceConfig) (*config, error) {
	c := &config{root: cfg.Options["posix_fs.root"], pattern: cfg.String("match_pattern", "*"), csv: cfg.Encode == "csv", header: true, delim: ','}
	if c.root == "" {
		return nil, connector.Errorf("posix_fs.root must name a directory")
	}
	if _, err := path.Match(c.pattern, "x"); err != nil {
		return nil, connector.Errorf("invalid match_pattern %q: %v", c.pattern, err)
	}
	for k, v := range cfg.FormatOptions {
		switch k {
		case "without_header":
			if !c.csv {
				return nil, connector.Errorf("ENCODE JSON takes no option %q", k)
			}
			switch strings.ToLower(v) {
			case "true":
				c.header = false
			case "false":
			default:
				return nil, connector.Errorf("invalid value %q for without_header: want true or false", v)
			}
		case "delimiter":
			if !c.csv || len([]rune(v)) != 1 {
				return nil, connector.Errorf("delimiter must be one character (ENCODE CSV)")
			}
			c.delim = []rune(v)[0]
		default:
			return nil, connector.Errorf("unknown ENCODE option %q", k).(*base.Error).WithHint("Valid options: without_header, delimiter (CSV).")
		}
	}
	return c, nil
}

func validate(cfg connector.SourceConfig) error {
	c, err := parse(cfg)
	if err != nil {
		return err
	}
	st, err := os.Stat(c.root)
	if err != nil || !st.IsDir() {
		return connector.Errorf("posix_fs.root %q is not a readable directory", c.root)
	}
	return nil
}

type reader struct {
	c     *config
	types []base.Type
	jdec  *json.Decoder
	cdec  *csv.Decoder
	// position: file being read (or last read) and the byte offset after
	// the last record consumed.
	file   string
	offset int64
	done   bool // file fully read
	// open file state
	f      *os.File
	br     *bufio.Reader
	cr     *stdcsv.Reader
	base   int64 // offset at which br/cr started
	errors atomic.Int64
	name   string
}

func newReader(cfg connector.SourceConfig) (stream.SourceReader, error) {
	c, err := parse(cfg)
	if err != nil {
		return nil, err
	}
	r := &reader{c: c, types: connector.ColumnTypes(cfg.Relation), name: cfg.Relation.QualifiedName()}
	if c.csv {
		r.cdec = csv.NewDecoder(cfg.Relation.Columns)
	} else {
		r.jdec = json.NewDecoder(cfg.Relation.Columns)
	}
	if cfg.Offset != nil {
		if len(cfg.Offset) < 9 {
			return nil, fmt.Errorf("posix_fs: invalid checkpoint")
		}
		r.offset = int64(binary.BigEndian.Uint64(cfg.Offset))
		r.file = string(cfg.Offset[8:])
	}
	return r, nil
}

// Errors counts malformed records skipped (stream.SourceErrorCounter).
func (r *reader) Errors() int64 { return r.errors.Load() }

func (r *reader) Close() error {
	if r.f != nil {
		err := r.f.Close()
		r.f = nil
		return err
	}
	return nil
}

func (r *reader) checkpoint() []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(r.offset)), r.file...)
}

func (r *reader) malformed(err error) {
	n := r.errors.Add(1)
	if n <= 10 || n%10000 == 0 {
		slog.Default().Warn("posix_fs: skipping a malformed record", "source", r.name, "file", r.file, "offset", r.offset, "err", err, "count", n)
	}
}

// nextFile returns the first matching file after the current one.
func (r *reader) nextFile() (string, error) {
	ents, err := os.ReadDir(r.c.root)
	if err != nil {
		return "", err
	}
	var names []string
	for _, e := range ents {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if ok, _ := path.Match(r.c.pattern, e.Name()); ok {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if n > r.file || (n == r.file && !r.done && r.f == nil) {
			return n, nil
		}
	}
	return "", nil
}

func (r *reader) open(name string) error {
	if r.f != nil {
		r.f.Close()
		r.f = nil
	}
	if name != r.file {
		r.file, r.offset = name, 0
	}
	f, err := os.Open(filepath.Join(r.c.root, name))
	if err != nil {
		return err
	}
	if _, err := f.Seek(r.offset, io.SeekStart); err != nil {
		f.Close()
		return err
	}
	r.f, r.done, r.base = f, false, r.offset
	r.br = bufio.NewReaderSize(f, 64<<10)
	if r.c.csv {
		r.cr = stdcsv.NewReader(r.br)
		r.cr.Comma = r.c.delim
		r.cr.FieldsPerRecord = -1
		r.cr.ReuseRecord = true
		if r.c.header {
			// The header is re-read on resume (offset > 0 skips it).
			if r.offset == 0 {
				h, err := r.cr.Read()
				if err == io.EOF {
					return nil
				}
				if err != nil {
					return err
				}
				r.cdec.SetHeader(append([]string(nil), h...))
				r.offset = r.base + r.cr.InputOffset()
			} else if err := r.rereadHeader(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *reader) rereadHeader() error {
	f, err := os.Open(filepath.Join(r.c.root, r.file))
	if err != nil {
		return err
	}
	defer f.Close()
	cr := stdcsv.NewReader(bufio.NewReader(f))
	cr.Comma = r.c.delim
	cr.FieldsPerRecord = -1
	h, err := cr.Read()
	if err != nil {
		return err
	}
	r.cdec.SetHeader(h)
	return nil
}

func (r *reader) Read(ctx context.Context) (*base.Chunk, []byte, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if r.f == nil {
			name, err := r.nextFile()
			if err != nil {
				return nil, nil, err
			}
			if name == "" {
				t := time.NewTimer(time.Second)
				select {
				case <-ctx.Done():
					t.Stop()
					return nil, nil, ctx.Err()
				case <-t.C:
				}
				continue
			}
			if err := r.open(name); err != nil {
				return nil, nil, fmt.Errorf("posix_fs: %s: %w", name, err)
			}
		}
		c, err := r.readChunk()
		if err != nil {
			return nil, nil, fmt.Errorf("posix_fs: %s: %w", r.file, err)
		}
		if c == nil {
			// End of file: move on.
			r.f.Close()
			r.f, r.done = nil, true
			return nil, r.checkpoint(), nil
		}
		return c, r.checkpoint(), nil
	}
}

// readChunk reads up to a chunk of records from the open file; nil at
// its end.
func (r *reader) readChunk() (*base.Chunk, error) {
	c := base.NewChunk(r.types, 256)
	row := make([]base.Datum, len(r.types))
	sawAny := false
	for c.Len() < base.MaxChunkRows {
		if r.c.csv {
			rec, err := r.cr.Read()
			if err == io.EOF {
				break
			}
			sawAny = true
			var pe *stdcsv.ParseError
			if err != nil && !errors.As(err, &pe) {
				return nil, err
			}
			r.offset = r.base + r.cr.InputOffset()
			if err != nil {
				r.malformed(err)
				continue
			}
			if err := r.cdec.Decode(rec, row); err != nil {
				r.malformed(err)
				continue
			}
			c.AppendRow(row)
			continue
		}
		line, err := r.br.ReadBytes('\n')
		if len(line) == 0 && err == io.EOF {
			break
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		sawAny = true
		r.offset += int64(len(line))
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if err := r.jdec.Decode(line, row); err != nil {
			r.malformed(err)
			continue
		}
		c.AppendRow(row)
	}
	if c.Len() == 0 && !sawAny {
		return nil, nil
	}
	return c, nil
}
