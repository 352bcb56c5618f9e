package batch

import (
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// joinOp is the shared engine of hashJoin and nestedLoopJoin: the right
// input is materialized (and, for a hash join, indexed by its key), the
// left input streams. For each left chunk it generates candidate pairs
// (left row, build row), evaluates the residual over left++right, and
// emits according to the join kind; unmatched rows of outer sides are
// padded with NULLs. A left row whose every candidate fails the residual
// counts as unmatched, so LEFT/FULL still emit it and ANTI keeps it.
type joinOp struct {
	// config
	kind                plan.JoinKind
	left, right         Operator
	leftKeys, rightKeys []expr.Expr
	nullEq              []bool
	residual            expr.Expr
	hashed              bool
	ltypes, rtypes      []base.Type
	types               []base.Type // output
	candTypes           []base.Type // left ++ right

	// run-time state
	ctx     *ExecContext
	mem     memTracker
	build   *rowBuffer
	table   *groupTable
	head    []int32 // group -> first build row
	tail    []int32 // group -> last build row
	next    []int32 // build row -> next build row of its group, -1 at end
	matched []bool  // build rows that matched (RIGHT/FULL)
	built   bool

	lc       *base.Chunk
	lkeys    []*base.Vector
	lhash    []uint64
	lskip    []bool // left rows whose key has a NULL that cannot match
	lmatched []bool
	li       int
	cur      int32
	started  bool
	leftDone bool
	rtail    int // next build row to consider for the RIGHT/FULL tail

	pi, bi []int32
	sel    []int32
	cand   outChunk
	out    outChunk
	gids   []int32
}

func newJoin(n *plan.Join, left, right Operator) *joinOp {
	j := &joinOp{
		kind: n.Kind, left: left, right: right,
		leftKeys: n.LeftKeys, rightKeys: n.RightKeys, nullEq: n.NullEqual,
		residual: n.Residual, hashed: len(n.LeftKeys) > 0,
		ltypes: left.Types(), rtypes: right.Types(),
	}
	j.candTypes = append(append([]base.Type{}, j.ltypes...), j.rtypes...)
	if j.kind == plan.JoinSemi || j.kind == plan.JoinAnti {
		j.types = j.ltypes
	} else {
		j.types = j.candTypes
	}
	return j
}

func (j *joinOp) Types() []base.Type { return j.types }

func (j *joinOp) Open(ctx *ExecContext) error {
	j.ctx = ctx
	j.mem.init(ctx)
	j.built, j.leftDone, j.lc, j.rtail = false, false, nil, 0
	if err := j.left.Open(ctx); err != nil {
		return err
	}
	return j.right.Open(ctx)
}

func (j *joinOp) Close() error {
	j.mem.release()
	j.build, j.table, j.head, j.tail, j.next, j.matched = nil, nil, nil, nil, nil, nil
	err := j.left.Close()
	if e := j.right.Close(); err == nil {
		err = e
	}
	return err
}

func (j *joinOp) keepsUnmatchedRight() bool {
	return j.kind == plan.JoinRight || j.kind == plan.JoinFull
}

func (j *joinOp) Next() (*base.Chunk, error) {
	if !j.built {
		if err := j.buildSide(); err != nil {
			return nil, err
		}
		j.built = true
	}
	for {
		if j.lc == nil {
			if j.leftDone {
				return j.rightTail(), nil
			}
			lc, err := j.left.Next()
			if err != nil {
				return nil, err
			}
			if lc == nil {
				j.leftDone = true
				continue
			}
			if err := j.startLeft(lc); err != nil {
				return nil, err
			}
		}
		j.pi, j.bi = j.pi[:0], j.bi[:0]
		if j.hashed {
			j.genHashed()
		} else {
			j.genAll()
		}
		if len(j.pi) > 0 {
			out, err := j.emitPairs()
			if err != nil {
				return nil, err
			}
			if out != nil {
				return out, nil
			}
			// Long runs of rejected pairs (nested loops) must stay
			// cancellable.
			if err := j.ctx.checkCancel(); err != nil {
				return nil, err
			}
			continue
		}
		// The left chunk is exhausted: emit its unmatched (or, for SEMI,
		// matched) rows. lc stays valid until the next left.Next.
		lc := j.lc
		j.lc = nil
		if out := j.leftTail(lc); out != nil {
			return out, nil
		}
	}
}

// startLeft prepares the probe cursor for a new left chunk.
func (j *joinOp) startLeft(lc *base.Chunk) error {
	n := lc.Len()
	j.lc, j.li, j.started = lc, 0, false
	j.lmatched = resizeBools(j.lmatched, n)
	if !j.hashed {
		return nil
	}
	j.lkeys = j.lkeys[:0]
	for _, e := range j.leftKeys {
		v, err := e.Eval(j.ctx.Eval, lc)
		if err != nil {
			return err
		}
		j.lkeys = append(j.lkeys, v)
	}
	j.lhash = resizeU64(j.lhash, n)
	for c, v := range j.lkeys {
		hashVector(v, n, j.lhash, c == 0)
	}
	j.lskip = nullKeyRows(j.lkeys, j.nullEq, n, j.lskip)
	return nil
}

// emitPairs evaluates the residual over the candidate pairs and returns
// the output chunk for inner-style kinds (nil: nothing to emit now).
func (j *joinOp) emitPairs() (*base.Chunk, error) {
	cand := j.cand.get(j.candTypes)
	nl := len(j.ltypes)
	for c := range j.ltypes {
		gatherInto(cand.Cols[c], j.lc.Cols[c], j.pi)
	}
	j.build.gather(cand.Cols[nl:], j.bi)
	cand.Rows = len(j.pi)
	j.sel = j.sel[:0]
	if j.residual != nil {
		v, err := j.residual.Eval(j.ctx.Eval, cand)
		if err != nil {
			return nil, err
		}
		j.sel = selectTrue(v, len(j.pi), j.sel)
	} else {
		for i := range j.pi {
			j.sel = append(j.sel, int32(i))
		}
	}
	for _, s := range j.sel {
		j.lmatched[j.pi[s]] = true
		if j.matched != nil {
			j.matched[j.bi[s]] = true
		}
	}
	if j.kind == plan.JoinSemi || j.kind == plan.JoinAnti || len(j.sel) == 0 {
		return nil, nil
	}
	if len(j.sel) == len(j.pi) {
		return cand, nil
	}
	out := j.out.get(j.types)
	for c, v := range cand.Cols {
		appendRows(out.Cols[c], v, 0, j.sel)
	}
	out.Rows = len(j.sel)
	return out, nil
}

// leftTail emits the rows of a finished left chunk that the kind keeps
// outside pairs: unmatched rows (LEFT, FULL padded with NULLs; ANTI) or
// matched rows (SEMI).
func (j *joinOp) leftTail(lc *base.Chunk) *base.Chunk {
	var want bool
	switch j.kind {
	case plan.JoinSemi:
		want = true
	case plan.JoinAnti, plan.JoinLeft, plan.JoinFull:
		want = false
	default:
		return nil
	}
	j.sel = j.sel[:0]
	for i, m := range j.lmatched[:lc.Len()] {
		if m == want {
			j.sel = append(j.sel, int32(i))
		}
	}
	if len(j.sel) == 0 {
		return nil
	}
	out := j.out.get(j.types)
	for c := range j.ltypes {
		appendRows(out.Cols[c], lc.Cols[c], 0, j.sel)
	}
	for c := len(j.ltypes); c < len(j.types); c++ {
		for range j.sel {
			out.Cols[c].AppendNull()
		}
	}
	out.Rows = len(j.sel)
	return out
}

// rightTail emits unmatched build rows, NULL-padded on the left, for
// RIGHT and FULL joins; nil when done.
func (j *joinOp) rightTail() *base.Chunk {
	if !j.keepsUnmatchedRight() {
		return nil
	}
	j.bi = j.bi[:0]
	for ; j.rtail < j.build.len() && len(j.bi) < base.MaxChunkRows; j.rtail++ {
		if !j.matched[j.rtail] {
			j.bi = append(j.bi, int32(j.rtail))
		}
	}
	if len(j.bi) == 0 {
		return nil
	}
	out := j.out.get(j.types)
	nl := len(j.ltypes)
	for c := 0; c < nl; c++ {
		for range j.bi {
			out.Cols[c].AppendNull()
		}
	}
	j.build.gather(out.Cols[nl:], j.bi)
	out.Rows = len(j.bi)
	return out
}

// nullKeyRows marks rows having a NULL in a key that is not null-safe:
// such rows never match.
func nullKeyRows(keys []*base.Vector, nullEq []bool, n int, dst []bool) []bool {
	dst = resizeBools(dst, n)
	for c, v := range keys {
		if v.Nulls == nil || (c < len(nullEq) && nullEq[c]) {
			continue
		}
		for i := 0; i < n; i++ {
			if v.Nulls.Get(i) {
				dst[i] = true
			}
		}
	}
	return dst
}

func resizeBools(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}

func resizeU64(b []uint64, n int) []uint64 {
	if cap(b) < n {
		return make([]uint64, n)
	}
	return b[:n]
}

func resizeI32(b []int32, n int) []int32 {
	if cap(b) < n {
		return make([]int32, n)
	}
	return b[:n]
}
