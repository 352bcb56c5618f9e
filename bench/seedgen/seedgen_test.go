package seedgen

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDeterministicAndJSON(t *testing.T) {
	for i := int64(0); i < 1000; i++ {
		a, b := Gen(7, i), Gen(7, i)
		if a != b {
			t.Fatalf("event %d not deterministic", i)
		}
		line := a.AppendJSON(nil)
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if m["user_id"] != a.UserID() || m["cost_usd"].(float64) != a.CostUSD() || m["impression_id"] != a.ImpressionID() {
			t.Fatalf("json mismatch: %s", line)
		}
		ts, err := time.Parse(time.RFC3339Nano, m["event_time"].(string))
		if err != nil || ts.UnixMicro() != a.TimeMicro {
			t.Fatalf("event_time %v: %v", m["event_time"], err)
		}
	}
	tot := Expect(7, 100_000, true)
	if tot.Events != 100_000 || tot.Groups != 2400 || tot.Distinct <= tot.Groups || tot.Distinct > tot.Events {
		t.Fatalf("implausible totals %+v", tot)
	}
}
