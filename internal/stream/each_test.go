package stream

import (
	"math/rand"
	"testing"
)

func TestEachView(t *testing.T) {
	for _, v := range randomViews {
		if v.name == "v_on_v" || v.name == "v_on_v_join" {
			continue
		}
		t.Run(v.name, func(t *testing.T) {
			e, tt, u := setupRandom(t, 2)
			r := rand.New(rand.NewSource(3))
			randomDML(e, r, tt, u, 20)
			e.createMV(v.name, v.sql)
			for round := 0; round < 4; round++ {
				randomDML(e, r, tt, u, 20)
				e.check(nil)
			}
		})
	}
}
