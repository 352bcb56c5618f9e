package state

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cockroachdb/pebble/v2"
	"github.com/tributarydb/tributary/internal/base"
)

// PebbleDirName is the subdirectory of the data directory holding Pebble.
const PebbleDirName = "state"

// Options configure a Store. The zero value is usable.
type Options struct {
	// Logger receives Pebble's messages (Info at Debug level); nil: slog.Default().
	Logger *slog.Logger
	// CacheSize is Pebble's block cache in bytes; 0: Pebble's default.
	CacheSize int64
	// SequenceBlock is how many sequence values NextSequence reserves per
	// durable write; 0: 1024.
	SequenceBlock int64
}

// Store is the durable state of a Tributary instance: the catalog bytes,
// table and operator state, committed epoch, sequences and source offsets.
// It is safe for concurrent use.
type Store struct {
	dir  string
	db   *pebble.DB
	lock *dirLock
	opts Options

	seqMu sync.Mutex
	seqs  map[string]*seqState

	// corruptPath is the last file Pebble reported corrupt, so errors can
	// name the full path (Pebble's own message names only the file number).
	corruptPath atomic.Pointer[string]

	closeOnce sync.Once
	closeErr  error
}

type seqState struct{ next, hwm int64 }

// Open opens (creating if needed) the store in dir. It takes an exclusive
// lock on the directory, so a second process gets a clear error. An
// existing store that cannot be read, or a Pebble directory that is not a
// Tributary store, is an error naming what is wrong; it is never reset.
func Open(dir string, opts Options) (*Store, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.SequenceBlock <= 0 {
		opts.SequenceBlock = 1024
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, base.Errorf(base.CodeIOError, "could not create data directory %q: %v", dir, err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	s, err := open(dir, opts, lock)
	if err != nil {
		_ = lock.unlock()
		return nil, err
	}
	return s, nil
}

func open(dir string, opts Options, lock *dirLock) (*Store, error) {
	pdir := filepath.Join(dir, PebbleDirName)
	entries, err := os.ReadDir(pdir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, base.Errorf(base.CodeIOError, "could not read state directory %q: %v", pdir, err)
	}
	fresh := len(entries) == 0
	s := &Store{dir: dir, lock: lock, opts: opts, seqs: map[string]*seqState{}}
	po := &pebble.Options{
		Logger: pebbleLogger{opts.Logger},
		// An existing directory must hold a database: if Pebble finds none,
		// files were lost and creating an empty store would hide that.
		ErrorIfNotExists: !fresh,
		// Pebble's default reaction to a corrupt block is Fatalf (exit);
		// we want the read to fail with an error naming the file instead.
		EventListener: &pebble.EventListener{
			DataCorruption: func(info pebble.DataCorruptionInfo) {
				s.corruptPath.Store(&info.Path)
				opts.Logger.Error("state store corruption", "path", info.Path, "err", firstLine(info.Details))
			},
		},
	}
	if opts.CacheSize > 0 {
		cache := pebble.NewCache(opts.CacheSize)
		defer cache.Unref()
		po.Cache = cache
	}
	db, err := pebble.Open(pdir, po)
	if err != nil {
		return nil, openError(pdir, err)
	}
	s.db = db
	if err := s.checkFormat(fresh); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

func openError(pdir string, err error) error {
	if errors.Is(err, pebble.ErrDBDoesNotExist) {
		return base.Errorf(base.CodeDataCorrupted,
			"state directory %q is not empty but holds no database (missing MANIFEST/marker files?)", pdir)
	}
	if pebble.IsCorruptionError(err) {
		return base.Errorf(base.CodeDataCorrupted, "state store %q is corrupted: %s", pdir, firstLine(err))
	}
	return base.Errorf(base.CodeIOError, "could not open state store %q: %s", pdir, firstLine(err))
}

// firstLine drops the detail lines cockroachdb/errors appends.
func firstLine(err error) string {
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

func (s *Store) checkFormat(fresh bool) error {
	v, ok, err := s.getRaw(metaKey(metaFormat))
	if err != nil {
		return err
	}
	if ok {
		if string(v) != formatMarker {
			return base.Errorf(base.CodeDataCorrupted,
				"state store %q has format %q; this build reads %q", s.pebbleDir(), v, formatMarker)
		}
		return nil
	}
	if !fresh {
		// A crash right after creation leaves a database with no keys at
		// all; anything else without a marker is not ours.
		it, err := s.db.NewIter(nil)
		if err != nil {
			return s.readError(err)
		}
		empty := !it.First()
		ierr := it.Close()
		if ierr != nil {
			return s.readError(ierr)
		}
		if !empty {
			return base.Errorf(base.CodeDataCorrupted,
				"state store %q has no format marker; it is not a tributary data directory", s.pebbleDir())
		}
	}
	if err := s.db.Set(metaKey(metaFormat), []byte(formatMarker), pebble.Sync); err != nil {
		return s.readError(err)
	}
	return nil
}

func (s *Store) pebbleDir() string { return filepath.Join(s.dir, PebbleDirName) }

// readError wraps a Pebble read/write error; Pebble's corruption errors
// name the file (e.g. "000012.sst"), which we keep.
func (s *Store) readError(err error) error {
	if pebble.IsCorruptionError(err) {
		if p := s.corruptPath.Load(); p != nil {
			return base.Errorf(base.CodeDataCorrupted, "state store file %q is corrupted: %s", *p, firstLine(err))
		}
		return base.Errorf(base.CodeDataCorrupted, "state store %q is corrupted: %s", s.pebbleDir(), firstLine(err))
	}
	return base.Errorf(base.CodeIOError, "state store %q: %s", s.pebbleDir(), firstLine(err))
}

// Dir returns the data directory.
func (s *Store) Dir() string { return s.dir }

// Close closes Pebble and releases the directory lock. Snapshots and
// iterators must be closed first. Close is idempotent.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		err := s.db.Close()
		if err != nil {
			err = s.readError(err)
		}
		if uerr := s.lock.unlock(); err == nil && uerr != nil {
			err = uerr
		}
		s.closeErr = err
	})
	return s.closeErr
}

// getRaw reads one Pebble key from the latest state and copies the value.
func (s *Store) getRaw(key []byte) ([]byte, bool, error) {
	return getFrom(s.db, key, s)
}

type getter interface {
	Get(key []byte) ([]byte, io.Closer, error)
}

func getFrom(g getter, key []byte, s *Store) ([]byte, bool, error) {
	v, closer, err := g.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, s.readError(err)
	}
	out := append([]byte{}, v...)
	if err := closer.Close(); err != nil {
		return nil, false, s.readError(err)
	}
	return out, true, nil
}

// Get reads the committed value of key in table tableID.
func (s *Store) Get(tableID uint32, key []byte) ([]byte, bool, error) {
	return s.getRaw(appendTableKey(nil, tableID, key))
}

// LoadCatalog returns the catalog bytes last committed with SetCatalog,
// or nil if there are none (a new store).
func (s *Store) LoadCatalog() ([]byte, error) {
	v, _, err := s.getRaw(metaKey(metaCatalog))
	return v, err
}

// Meta returns a value stored with Batch.SetMeta.
func (s *Store) Meta(name string) ([]byte, bool, error) {
	return s.getRaw(metaKey(name))
}

// CommittedEpoch returns the last epoch committed with SetCommittedEpoch
// (0 if none).
func (s *Store) CommittedEpoch() (uint64, error) {
	v, ok, err := s.getRaw(metaKey(metaEpoch))
	if err != nil || !ok {
		return 0, err
	}
	if len(v) != 8 {
		return 0, base.Errorf(base.CodeDataCorrupted, "state store %q: committed epoch has %d bytes, want 8", s.pebbleDir(), len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// SourceOffsets returns the committed offsets of a source by split.
func (s *Store) SourceOffsets(sourceID uint32) (map[string][]byte, error) {
	prefix := sourceKey(sourceID, "")
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixSuccessor(prefix)})
	if err != nil {
		return nil, s.readError(err)
	}
	out := map[string][]byte{}
	for ok := it.First(); ok; ok = it.Next() {
		out[string(it.Key()[len(prefix):])] = append([]byte{}, it.Value()...)
	}
	if err := it.Close(); err != nil {
		return nil, s.readError(err)
	}
	return out, nil
}

// NextSequence reserves n consecutive values of the named sequence (which
// starts at 1) and returns the first. Values are never handed out twice,
// even across crashes: a block beyond them is made durable (one synced
// write per Options.SequenceBlock values) before they are returned; the
// rest of a block is skipped after a restart, so sequences have gaps.
func (s *Store) NextSequence(name string, n int64) (int64, error) {
	if n <= 0 {
		return 0, base.Errorf(base.CodeInternalError, "NextSequence: n must be positive, got %d", n)
	}
	s.seqMu.Lock()
	defer s.seqMu.Unlock()
	st := s.seqs[name]
	if st == nil {
		v, ok, err := s.getRaw(metaKey(metaSeq + name))
		if err != nil {
			return 0, err
		}
		st = &seqState{next: 1, hwm: 1}
		if ok {
			if len(v) != 8 {
				return 0, base.Errorf(base.CodeDataCorrupted, "state store %q: sequence %q has %d bytes, want 8", s.pebbleDir(), name, len(v))
			}
			hwm := int64(binary.BigEndian.Uint64(v))
			st = &seqState{next: hwm, hwm: hwm}
		}
		s.seqs[name] = st
	}
	if st.next+n > st.hwm {
		hwm := st.next + n + s.opts.SequenceBlock
		if err := s.db.Set(metaKey(metaSeq+name), binary.BigEndian.AppendUint64(nil, uint64(hwm)), pebble.Sync); err != nil {
			return 0, s.readError(err)
		}
		st.hwm = hwm
	}
	start := st.next
	st.next += n
	return start, nil
}

// Flush forces the memtable to disk (tests and tooling; commits are
// already durable through the WAL).
func (s *Store) Flush() error {
	if err := s.db.Flush(); err != nil {
		return s.readError(err)
	}
	return nil
}

// pebbleLogger routes Pebble's messages to slog; Fatalf keeps Pebble's
// contract of not returning.
type pebbleLogger struct{ l *slog.Logger }

func (p pebbleLogger) Infof(format string, args ...any) {
	p.l.Debug("pebble: " + fmt.Sprintf(format, args...))
}
func (p pebbleLogger) Errorf(format string, args ...any) {
	p.l.Error("pebble: " + fmt.Sprintf(format, args...))
}
func (p pebbleLogger) Fatalf(format string, args ...any) {
	p.l.Error("pebble: fatal: " + fmt.Sprintf(format, args...))
	os.Exit(1)
}
