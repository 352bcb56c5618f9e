package state

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
)

func openT(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDurability(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	if cat, err := s.LoadCatalog(); err != nil || cat != nil {
		t.Fatalf("fresh catalog: %q %v", cat, err)
	}
	b := s.NewBatch()
	b.Put(7, []byte("a"), []byte("1"))
	b.Put(7, []byte("b"), []byte("2"))
	b.Put(8, []byte("a"), []byte("other table"))
	b.SetCatalog([]byte(`{"cat":1}`))
	b.SetCommittedEpoch(42)
	b.SetSourceOffset(9, "p0", []byte("100"))
	if err := b.Commit(true); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(true); err == nil {
		t.Fatal("second commit accepted")
	}
	seq, err := s.NextSequence("row_id/7", 10)
	if err != nil || seq != 1 {
		t.Fatal(seq, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openT(t, dir)
	defer s.Close()
	if v, ok, err := s.Get(7, []byte("b")); err != nil || !ok || string(v) != "2" {
		t.Fatalf("%q %v %v", v, ok, err)
	}
	if _, ok, _ := s.Get(7, []byte("zz")); ok {
		t.Fatal("phantom key")
	}
	if cat, _ := s.LoadCatalog(); string(cat) != `{"cat":1}` {
		t.Fatal(string(cat))
	}
	if e, _ := s.CommittedEpoch(); e != 42 {
		t.Fatal(e)
	}
	if offs, _ := s.SourceOffsets(9); string(offs["p0"]) != "100" || len(offs) != 1 {
		t.Fatal(offs)
	}
	// sequences never go backwards across reopen
	seq2, err := s.NextSequence("row_id/7", 1)
	if err != nil || seq2 < 11 {
		t.Fatal(seq2, err)
	}
	// DeleteRange drops one table only
	b = s.NewBatch()
	b.DeleteRange(7)
	if err := b.Commit(true); err != nil {
		t.Fatal(err)
	}
	sn := s.NewSnapshot()
	defer sn.Close()
	n := 0
	sn.Scan(7, nil, nil, func(k, v []byte) error { n++; return nil })
	if n != 0 {
		t.Fatal("range delete left rows")
	}
	if _, ok, _ := s.Get(8, []byte("a")); !ok {
		t.Fatal("range delete hit another table")
	}
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	_, err := Open(dir, Options{})
	want := fmt.Sprintf("data directory %q is in use by another tributary process (pid %d)", dir, os.Getpid())
	if err == nil || err.Error() != want {
		t.Fatalf("got %v want %s", err, want)
	}
	s.Close()
	s2 := openT(t, dir) // lock released on Close
	s2.Close()
}

func TestSnapshotIsolationAndScan(t *testing.T) {
	s := openT(t, t.TempDir())
	defer s.Close()
	b := s.NewBatch()
	for i := 0; i < 10; i++ {
		b.Put(1, []byte{byte(i)}, []byte{byte(i * 10)})
	}
	b.Commit(false)
	sn := s.NewSnapshot()
	b = s.NewBatch()
	b.Put(1, []byte{3}, []byte("new"))
	b.Delete(1, []byte{4})
	b.Put(1, []byte{99}, []byte("x"))
	b.Commit(true)

	var keys []int
	err := sn.Scan(1, []byte{2}, []byte{6}, func(k, v []byte) error {
		keys = append(keys, int(k[0]))
		if int(v[0]) != int(k[0])*10 {
			t.Errorf("key %d sees value %q", k[0], v)
		}
		return nil
	})
	if err != nil || fmt.Sprint(keys) != "[2 3 4 5]" {
		t.Fatal(keys, err)
	}
	if _, ok, _ := sn.Get(1, []byte{99}); ok {
		t.Fatal("snapshot sees later write")
	}
	sn.Close()
	it, err := s.NewIterator(1, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !it.SeekGE([]byte{4}) || it.Key()[0] != 5 {
		t.Fatal("seek")
	}
	n := 1
	for it.Next() {
		n++
	}
	if n != 6 { // 5..9 and 99
		t.Fatal(n)
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	if err := s.NewSnapshot().Scan(1, nil, nil, func(k, v []byte) error { return stop }); err != stop {
		t.Fatal(err)
	}
}

func TestAtomicBatchUncommitted(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	b := s.NewBatch()
	b.Put(1, []byte("k"), []byte("v"))
	if _, ok, _ := s.Get(1, []byte("k")); ok {
		t.Fatal("uncommitted write visible")
	}
	b.Close()
	s.Close()
	s = openT(t, dir)
	defer s.Close()
	if _, ok, _ := s.Get(1, []byte("k")); ok {
		t.Fatal("discarded batch persisted")
	}
}

func TestCorruption(t *testing.T) {
	write := func(t *testing.T) string {
		dir := t.TempDir()
		s := openT(t, dir)
		b := s.NewBatch()
		for i := 0; i < 1000; i++ {
			b.Put(1, []byte(fmt.Sprintf("key%05d", i)), []byte(strings.Repeat("v", 100)))
		}
		b.SetCatalog([]byte("catalog"))
		if err := b.Commit(true); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(); err != nil {
			t.Fatal(err)
		}
		s.Close()
		return dir
	}
	files := func(dir, pattern string) []string {
		m, _ := filepath.Glob(filepath.Join(dir, PebbleDirName, pattern))
		return m
	}
	t.Run("manifest", func(t *testing.T) {
		dir := write(t)
		m := files(dir, "MANIFEST-*")
		if len(m) == 0 {
			t.Fatal("no manifest")
		}
		for _, f := range m {
			os.WriteFile(f, []byte("garbage garbage garbage garbage"), 0o644)
		}
		_, err := Open(dir, Options{})
		if err == nil || !strings.Contains(err.Error(), "MANIFEST") {
			t.Fatalf("got %v", err)
		}
		t.Log(err)
		// the lock is released after a failed open
		if _, err2 := Open(dir, Options{}); err2 == nil || strings.Contains(err2.Error(), "in use") {
			t.Fatalf("second attempt: %v", err2)
		}
	})
	t.Run("sstable", func(t *testing.T) {
		dir := write(t)
		ssts := files(dir, "*.sst")
		if len(ssts) == 0 {
			t.Fatal("no sstables")
		}
		for _, f := range ssts {
			data, _ := os.ReadFile(f)
			for i := 0; i < len(data)/2; i++ {
				data[i] ^= 0x5a
			}
			os.WriteFile(f, data, 0o644)
		}
		s, err := Open(dir, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err == nil {
			_, _, err = s.Get(1, []byte("key00001"))
			s.Close()
		}
		if err == nil || !strings.Contains(err.Error(), ".sst") {
			t.Fatalf("got %v", err)
		}
		t.Log(err)
		if e := base.AsError(err); e.Code != base.CodeDataCorrupted && e.Code != base.CodeIOError {
			t.Fatal(e.Code)
		}
	})
	t.Run("lost database", func(t *testing.T) {
		dir := write(t)
		for _, f := range append(files(dir, "MANIFEST-*"), files(dir, "marker.*")...) {
			os.Remove(f)
		}
		os.Remove(filepath.Join(dir, PebbleDirName, "CURRENT"))
		_, err := Open(dir, Options{})
		if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, PebbleDirName)) {
			t.Fatalf("got %v", err)
		}
		t.Log(err)
	})
}

func TestSequenceBlocks(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir, Options{SequenceBlock: 4})
	var last int64
	for i := 0; i < 20; i++ {
		v, err := s.NextSequence("x", 3)
		if err != nil || v <= last {
			t.Fatal(v, last, err)
		}
		last = v + 2
	}
	s.Close()
	s, _ = Open(dir, Options{SequenceBlock: 4})
	defer s.Close()
	if v, _ := s.NextSequence("x", 1); v <= last {
		t.Fatalf("sequence reused %d <= %d", v, last)
	}
	if v, _ := s.NextSequence("y", 1); v != 1 {
		t.Fatal(v)
	}
}

const crashEnv = "TRIBUTARY_STATE_CRASH_CHILD"

// TestCrashChild is the child of TestCrash: it commits batches forever and
// prints each acknowledged commit.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("helper process for TestCrash")
	}
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	for i := 0; ; i++ {
		b := s.NewBatch()
		key := []byte(fmt.Sprintf("k%08d", i))
		b.Put(1, key, key)
		b.Put(2, key, key) // atomicity: both tables or neither
		b.SetCommittedEpoch(uint64(i))
		if err := b.Commit(true); err != nil {
			fmt.Println("ERR", err)
			os.Exit(1)
		}
		fmt.Printf("OK %d\n", i)
	}
}

func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), crashEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := -1
	sc := bufio.NewScanner(out)
	deadline := time.Now().Add(1500 * time.Millisecond)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "ERR") {
			t.Fatal(line)
		}
		if n, ok := strings.CutPrefix(line, "OK "); ok {
			acked, _ = strconv.Atoi(n)
			if time.Now().After(deadline) && acked > 20 {
				break
			}
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if acked < 0 {
		t.Fatal("child acknowledged nothing")
	}

	s := openT(t, dir)
	defer s.Close()
	for i := 0; i <= acked; i++ {
		key := []byte(fmt.Sprintf("k%08d", i))
		for _, tbl := range []uint32{1, 2} {
			if _, ok, err := s.Get(tbl, key); !ok || err != nil {
				t.Fatalf("acknowledged commit %d missing from table %d (%v)", i, tbl, err)
			}
		}
	}
	// atomicity of the unacknowledged tail
	sn := s.NewSnapshot()
	defer sn.Close()
	count := func(tbl uint32) int {
		n := 0
		sn.Scan(tbl, nil, nil, func(k, v []byte) error { n++; return nil })
		return n
	}
	if a, b := count(1), count(2); a != b || a < acked+1 {
		t.Fatalf("tables differ after crash: %d vs %d (acked %d)", a, b, acked)
	}
	e, _ := s.CommittedEpoch()
	if int(e) < acked {
		t.Fatalf("epoch %d < acked %d", e, acked)
	}
	t.Logf("acknowledged %d commits before SIGKILL", acked+1)
}
