package stream

import (
	"fmt"
	"math/rand"
	"testing"
)

// distinctVals against a map model, across epochs, retractions and
// compactions.
func TestDistinctVals(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	d := newDistinctVals()
	model := map[string]int64{}
	stored := map[string]int64{} // what endEpoch reported last per key
	for epoch := 0; epoch < 50; epoch++ {
		for i := 0; i < 2000; i++ {
			k := fmt.Sprintf("v%d", r.Intn(3000))
			delta := int64(1)
			if r.Intn(2) == 0 {
				delta = -1
			}
			b, a := d.add([]byte(k), delta)
			if b != model[k] {
				t.Fatalf("epoch %d: %s before = %d, want %d", epoch, k, b, model[k])
			}
			if a != model[k]+delta {
				t.Fatalf("after = %d", a)
			}
			model[k] = max(model[k]+delta, 0)
		}
		seen := map[string]bool{}
		d.endEpoch(func(key []byte, cnt int64) {
			k := string(key)
			if seen[k] {
				t.Fatalf("%s reported twice", k)
			}
			seen[k] = true
			stored[k] = cnt
		})
		for k, c := range model {
			if stored[k] != c && !(c == 0 && stored[k] <= 0) {
				t.Fatalf("epoch %d: stored %s = %d, want %d", epoch, k, stored[k], c)
			}
		}
		n := 0
		for _, c := range model {
			if c > 0 {
				n++
			}
		}
		if d.len() != n {
			t.Fatalf("len = %d, want %d", d.len(), n)
		}
		if epoch == 25 {
			// Retract everything: the arena must compact.
			for k, c := range model {
				for ; c > 0; c-- {
					d.add([]byte(k), -1)
				}
				model[k] = 0
			}
		}
	}
}

// Values that go to 0, come back and go to 0 again must be counted once as
// zeros: over-counting made compact allocate a negative capacity (a panic
// in COUNT(DISTINCT) of a small group under updates).
func TestDistinctValsChurn(t *testing.T) {
	d := newDistinctVals()
	for epoch := 0; epoch < 200; epoch++ {
		delta := int64(1)
		if epoch%2 == 1 {
			delta = -1
		}
		for k := 0; k < 10; k++ {
			d.add([]byte(fmt.Sprintf("v%d", k)), delta)
		}
		d.endEpoch(func([]byte, int64) {})
		if d.zeros < 0 || d.zeros > len(d.slots) {
			t.Fatalf("epoch %d: zeros = %d with %d slots", epoch, d.zeros, len(d.slots))
		}
		want := 10
		if delta < 0 {
			want = 0
		}
		if d.len() != want {
			t.Fatalf("epoch %d: len = %d, want %d", epoch, d.len(), want)
		}
	}
}
