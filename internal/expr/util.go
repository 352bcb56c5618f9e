package expr

import (
	"math/bits"
	"time"
)

func bitsMul64(a, b uint64) (uint64, uint64) { return bits.Mul64(a, b) }

// timeIn returns the zone abbreviation and offset of loc at UTC µs us.
func timeIn(us int64, loc *time.Location) (string, int) {
	return time.UnixMicro(us).In(loc).Zone()
}
