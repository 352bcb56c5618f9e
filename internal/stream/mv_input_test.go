package stream

import (
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
)

// A view reading a single-row view (an aggregate without GROUP BY: empty PK) must
// retract the old row when the upstream row changes, not accumulate one row per change.
func TestViewOnSingleRowView(t *testing.T) {
	e := newEnv(t, 2, 20*time.Millisecond)
	tb := e.createTable("t", []int{0}, col("a", base.Int32), col("b", base.Int32))
	e.createMV("total", "SELECT count(*) AS n, sum(b) AS s FROM t")
	e.createMV("total_proj", "SELECT n * 1 AS n, s FROM total")
	e.createMV("total_join", "SELECT t.a, total.n FROM t JOIN total ON t.a <= total.n")
	e.createMV("total_agg", "SELECT count(*) AS rows_seen, max(n) AS n FROM total")
	e.createMV("total_group", "SELECT n % 2 AS parity, count(*) AS c, sum(s) AS s FROM total GROUP BY n % 2")
	e.check(nil)
	for i := 1; i <= 5; i++ {
		e.insert(tb, []base.Datum{base.DInt32(int64(i)), base.DInt32(int64(10 * i))})
		e.check(nil)
	}
	e.update(tb, tb.keys[0], []base.Datum{base.DInt32(1), base.DInt32(99)})
	e.check(nil)
	e.delete(tb, tb.keys[1])
	e.check(nil)
}
