package stream

import (
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
)

func TestSmoke(t *testing.T) {
	e := newEnv(t, 2, 20*time.Millisecond)
	tb := e.createTable("t", nil, col("a", base.Int32), col("b", base.Text), col("c", base.Float64))
	e.insert(tb, []base.Datum{base.DInt32(1), base.DText("x"), base.DFloat64(1.5)})
	e.createMV("v1", "SELECT a, b FROM t WHERE a > 0")
	e.createMV("v2", "SELECT b, count(*) AS n, sum(c) AS s FROM t GROUP BY b")
	e.createMV("v3", "SELECT count(*) AS n, sum(a) AS s FROM t")
	e.insert(tb, []base.Datum{base.DInt32(2), base.DText("y"), base.DFloat64(2.5)}, []base.Datum{base.DInt32(-1), base.DText("x"), base.DFloat64(3)})
	e.check(nil)
	e.delete(tb, tb.keys[0])
	e.check(nil)
}
