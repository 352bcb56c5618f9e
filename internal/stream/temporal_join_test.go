package stream

import (
	"strings"
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
)

const temporalSQL = `SELECT o.id, p.name, o.qty * p.price AS total FROM orders o JOIN products FOR SYSTEM_TIME AS OF PROCTIME() p ON o.product = p.id`

// temporalEnv creates orders(id pk, product, qty) and products(id pk,
// name, price). Barriers are injected by flush only (the interval is an
// hour), so what goes into one epoch is deterministic.
func temporalEnv(t *testing.T, par int) (*env, *table, *table) {
	e := newEnv(t, par, time.Hour)
	orders := e.createTable("orders", []int{0}, col("id", base.Int32), col("product", base.Int32), col("qty", base.Int32))
	products := e.createTable("products", []int{0}, col("id", base.Int32), col("name", base.Text), col("price", base.Int32))
	return e, orders, products
}

func order(id, product, qty int64) []base.Datum {
	return []base.Datum{base.DInt32(id), base.DInt32(product), base.DInt32(qty)}
}

func product(id int64, name string, price int64) []base.Datum {
	return []base.Datum{base.DInt32(id), base.DText(name), base.DInt32(price)}
}

func key32(tb *table, id int64) string {
	return tb.pkEnc([]base.Datum{base.DInt32(id)})
}

// expectRows flushes and compares the visible columns of m with want
// (rows rendered as "a|b|c", any order); the job must have no errors.
func (e *env) expectRows(m *mv, want ...string) {
	e.t.Helper()
	e.flush()
	types := relTypes(m.rel)
	nvis := 0
	for _, c := range m.rel.Columns {
		if !c.Hidden {
			nvis++
		}
	}
	g := canon(e.mvRows(m), types, nvis)
	w := append([]string(nil), want...)
	sortStrings(w)
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		e.t.Fatalf("view %s:\nplan:\n%s\ngot (%d rows):\n%s\nwant (%d rows):\n%s", m.name, m.jp.Explain(), len(g), head(g), len(w), head(w))
	}
	for _, s := range e.rt.Jobs() {
		if s.ID == m.rel.ID && (s.Failed != "" || s.Errors > 0) {
			e.t.Fatalf("view %s: job errors %d failed %q", m.name, s.Errors, s.Failed)
		}
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestTemporalJoinDimensionChangeKeepsResults(t *testing.T) {
	for _, par := range []int{1, 3} {
		e, orders, products := temporalEnv(t, par)
		e.insert(products, product(1, "apple", 10), product(2, "pear", 20))
		e.insert(orders, order(1, 1, 2), order(2, 2, 3))
		m := e.createMV("v", temporalSQL)
		if ex := m.jp.Explain(); !strings.Contains(ex, "StreamTemporalJoin") || strings.Contains(ex, "StreamHashJoin") {
			t.Fatalf("plan:\n%s", ex)
		}
		e.expectRows(m, "1|apple|20", "2|pear|60")

		// UPDATE products SET price = 100 WHERE id = 1: no effect on order 1.
		e.update(products, key32(products, 1), product(1, "apple", 100))
		e.expectRows(m, "1|apple|20", "2|pear|60")

		// A new order of product 1 sees the current price.
		e.insert(orders, order(3, 1, 1))
		e.expectRows(m, "1|apple|20", "2|pear|60", "3|apple|100")

		// Deleting a product does not retract its orders; an order of a
		// missing product does not join (inner join).
		e.delete(products, key32(products, 2))
		e.insert(orders, order(4, 2, 1), order(5, 9, 1))
		e.expectRows(m, "1|apple|20", "2|pear|60", "3|apple|100")

		// A dimension change and an order in the same epoch: the order sees
		// the change (right changes are applied before left lookups).
		e.insert(orders, order(6, 7, 2))
		e.insert(products, product(7, "plum", 5))
		e.expectRows(m, "1|apple|20", "2|pear|60", "3|apple|100", "6|plum|10")
	}
}

func TestTemporalJoinLeftDeleteAfterDimensionChange(t *testing.T) {
	for _, par := range []int{1, 3} {
		e, orders, products := temporalEnv(t, par)
		e.insert(products, product(1, "apple", 10), product(2, "pear", 20))
		e.insert(orders, order(1, 1, 2), order(2, 1, 3), order(3, 2, 1), order(4, 2, 5))
		m := e.createMV("v", temporalSQL)
		e.expectRows(m, "1|apple|20", "2|apple|30", "3|pear|20", "4|pear|100")

		e.update(products, key32(products, 1), product(1, "APPLE", 100))
		e.update(products, key32(products, 2), product(2, "PEAR", 1000))
		e.expectRows(m, "1|apple|20", "2|apple|30", "3|pear|20", "4|pear|100")

		// The delete retracts exactly what was emitted.
		e.delete(orders, key32(orders, 1))
		e.expectRows(m, "2|apple|30", "3|pear|20", "4|pear|100")

		// An update of an order is a new lookup.
		e.update(orders, key32(orders, 2), order(2, 1, 4))
		e.expectRows(m, "2|APPLE|400", "3|pear|20", "4|pear|100")

		// An update that changes the join key moves the order.
		e.update(orders, key32(orders, 3), order(3, 1, 1))
		e.expectRows(m, "2|APPLE|400", "3|APPLE|100", "4|pear|100")

		// The dimension row is gone: deleting its old order still works.
		e.delete(products, key32(products, 2))
		e.delete(orders, key32(orders, 4))
		e.expectRows(m, "2|APPLE|400", "3|APPLE|100")
	}
}

func TestTemporalJoinLeftOuter(t *testing.T) {
	for _, par := range []int{1, 3} {
		e, orders, products := temporalEnv(t, par)
		e.insert(products, product(1, "apple", 10))
		e.insert(orders, order(1, 1, 2), order(2, 2, 3))
		m := e.createMV("v", `SELECT o.id, p.name, o.qty * p.price AS total FROM orders o LEFT JOIN products FOR SYSTEM_TIME AS OF PROCTIME() p ON o.product = p.id`)
		e.expectRows(m, "1|apple|20", "2|NULL|NULL")

		// The product arriving later does not fill in order 2.
		e.insert(products, product(2, "pear", 20))
		e.expectRows(m, "1|apple|20", "2|NULL|NULL")

		// Its deletion does not NULL-pad order 1's match either.
		e.delete(products, key32(products, 1))
		e.expectRows(m, "1|apple|20", "2|NULL|NULL")

		e.insert(orders, order(3, 2, 1), order(4, 1, 1))
		e.expectRows(m, "1|apple|20", "2|NULL|NULL", "3|pear|20", "4|NULL|NULL")

		// Retractions of padded and matched rows.
		e.delete(orders, key32(orders, 2))
		e.delete(orders, key32(orders, 1))
		e.update(orders, key32(orders, 4), order(4, 2, 2))
		e.expectRows(m, "3|pear|20", "4|pear|40")
	}
}

func TestTemporalJoinViewOnView(t *testing.T) {
	e, orders, products := temporalEnv(t, 2)
	e.insert(products, product(1, "apple", 10), product(2, "pear", 20))
	e.insert(orders, order(1, 1, 2), order(2, 2, 3), order(3, 1, 1))
	m := e.createMV("v", temporalSQL)
	s := e.createMV("s", `SELECT name, sum(total) AS t, count(*) AS n FROM v GROUP BY name`)
	e.expectRows(s, "apple|30|2", "pear|60|1")
	e.update(products, key32(products, 1), product(1, "apple", 100))
	e.insert(orders, order(4, 1, 1))
	e.expectRows(s, "apple|130|3", "pear|60|1")
	e.delete(orders, key32(orders, 1))
	e.expectRows(s, "apple|110|2", "pear|60|1")
	e.expectRows(m, "2|pear|60", "3|apple|10", "4|apple|100")
}

func TestTemporalJoinComputedKeyAndResidual(t *testing.T) {
	e, orders, products := temporalEnv(t, 2)
	e.insert(products, product(1, "apple", 10), product(2, "pear", 20))
	e.insert(orders, order(1, 11, 2), order(2, 12, 3), order(3, 11, 50))
	m := e.createMV("v", `SELECT o.id, p.name FROM orders o LEFT JOIN products FOR SYSTEM_TIME AS OF PROCTIME() p ON o.product - 10 = p.id AND o.qty < 10`)
	e.expectRows(m, "1|apple", "2|pear", "3|NULL")
	e.update(products, key32(products, 1), product(1, "APPLE", 10))
	e.update(orders, key32(orders, 3), order(3, 11, 5))
	e.expectRows(m, "1|apple", "2|pear", "3|APPLE")
}

func TestTemporalJoinErrors(t *testing.T) {
	e, _, _ := temporalEnv(t, 1)
	e.createTable("prices", []int{0, 1}, col("id", base.Int32), col("region", base.Int32), col("price", base.Int32))
	e.createTable("nopk", nil, col("id", base.Int32), col("v", base.Int32))
	const pkMsg = "temporal join requires an equality on the primary key of the lookup table"
	for _, c := range []struct{ sql, msg string }{
		{`SELECT o.id FROM orders o RIGHT JOIN products FOR SYSTEM_TIME AS OF PROCTIME() p ON o.product = p.id`, "temporal join"},
		{`SELECT o.id FROM orders o FULL JOIN products FOR SYSTEM_TIME AS OF PROCTIME() p ON o.product = p.id`, "temporal join"},
		{`SELECT o.id FROM orders o CROSS JOIN products FOR SYSTEM_TIME AS OF PROCTIME() p`, "temporal join"},
		{`SELECT o.id FROM products FOR SYSTEM_TIME AS OF PROCTIME() p RIGHT JOIN orders o ON o.product = p.id`, "temporal join"},
		{`SELECT o.id FROM orders o JOIN products FOR SYSTEM_TIME AS OF PROCTIME() p ON o.qty = p.price`, pkMsg},
		{`SELECT o.id FROM orders o JOIN products FOR SYSTEM_TIME AS OF PROCTIME() p ON o.product > p.id`, pkMsg},
		{`SELECT o.id FROM orders o JOIN prices FOR SYSTEM_TIME AS OF PROCTIME() p ON o.product = p.id`, pkMsg},
		{`SELECT o.id FROM orders o JOIN nopk FOR SYSTEM_TIME AS OF PROCTIME() p ON o.product = p.id`, pkMsg},
	} {
		_, err := Plan(e.bind(c.sql), e.cat.RelationByID)
		if err == nil {
			t.Errorf("%s: no error", c.sql)
			continue
		}
		be := base.AsError(err)
		if be.Code != base.CodeFeatureNotSupported || !strings.Contains(be.Error(), c.msg) {
			t.Errorf("%s: got %v (code %v), want 0A000 %q", c.sql, err, be.Code, c.msg)
		}
	}
	// The full composite key qualifies.
	if _, err := Plan(e.bind(`SELECT o.id, p.price FROM orders o JOIN prices FOR SYSTEM_TIME AS OF PROCTIME() p ON o.product = p.id AND o.qty = p.region`), e.cat.RelationByID); err != nil {
		t.Fatal(err)
	}
}
