package difftest

// minimize shrinks q while fails(q) stays true, trying one simplification at a time
// (drop a select item, a WHERE conjunct, HAVING, DISTINCT, ORDER BY/LIMIT, a set-operation
// side, a join; replace an expression by one of its operands of the same type). It
// mutates and returns q.
func minimize(q *query, fails func(*query) bool) *query {
	const maxTries = 300
	tries := 0
	for changed := true; changed && tries < maxTries; {
		changed = false
		for _, step := range simplifications(q) {
			if tries >= maxTries {
				break
			}
			tries++
			undo := step.apply()
			if fails(step.result(q)) {
				q = step.result(q)
				changed = true
				break
			}
			undo()
		}
	}
	return q
}

// step is one candidate simplification: apply mutates and returns an undo; result gives
// the query to use afterwards (a set operation may be replaced by one of its sides).
type step struct {
	apply  func() func()
	result func(*query) *query
}

func same(q *query) *query { return q }

func simplifications(q *query) []step {
	var out []step
	if q.sel == nil {
		left, right := q.left, q.right
		out = append(out,
			step{func() func() { return func() {} }, func(*query) *query { return left }},
			step{func() func() { return func() {} }, func(*query) *query { return right }},
		)
	}
	if q.orderAll {
		out = append(out, step{func() func() {
			o, l := q.orderAll, q.limit
			q.orderAll, q.limit = false, 0
			return func() { q.orderAll, q.limit = o, l }
		}, same})
	}
	// Dropping a select item must happen on both sides of a set operation.
	var sels []*selectQ
	collectSelects(q, &sels)
	if n := len(sels[0].items); n > 1 {
		for i := 0; i < n; i++ {
			out = append(out, step{func() func() {
				olds := make([][]*node, len(sels))
				for k, s := range sels {
					olds[k] = s.items
					s.items = append(append([]*node{}, s.items[:i]...), s.items[i+1:]...)
				}
				return func() {
					for k, s := range sels {
						s.items = olds[k]
					}
				}
			}, same})
		}
	}
	for _, s := range sels {
		out = append(out, selectSteps(s)...)
	}
	return out
}

func collectSelects(q *query, out *[]*selectQ) {
	if q.sel != nil {
		*out = append(*out, q.sel)
		return
	}
	collectSelects(q.left, out)
	collectSelects(q.right, out)
}

func selectSteps(s *selectQ) []step {
	var out []step
	for i := range s.where {
		out = append(out, step{func() func() {
			old := s.where
			s.where = append(append([]*node{}, old[:i]...), old[i+1:]...)
			return func() { s.where = old }
		}, same})
	}
	if s.having != nil {
		out = append(out, step{func() func() {
			old := s.having
			s.having = nil
			return func() { s.having = old }
		}, same})
	}
	if s.distinct {
		out = append(out, step{func() func() {
			s.distinct = false
			return func() { s.distinct = true }
		}, same})
	}
	if n := len(s.from); n > 1 {
		out = append(out, step{func() func() {
			old := s.from
			s.from = old[:n-1]
			return func() { s.from = old }
		}, same})
		last := s.from[n-1]
		if last.join != "JOIN" {
			out = append(out, step{func() func() {
				old := last.join
				last.join = "JOIN"
				return func() { last.join = old }
			}, same})
		}
	}
	var nodes []*node
	for _, it := range s.items {
		collectNodes(it, &nodes)
	}
	for _, w := range s.where {
		collectNodes(w, &nodes)
	}
	if s.having != nil {
		collectNodes(s.having, &nodes)
	}
	for _, f := range s.from {
		if f.on != nil {
			collectNodes(f.on, &nodes)
		}
	}
	for _, n := range nodes {
		for _, c := range n.args {
			if c.typ == n.typ && c.agg == n.agg {
				out = append(out, step{func() func() {
					old := *n
					*n = *c
					return func() { *n = old }
				}, same})
			}
		}
		if n.sub != nil && n.sub.sel != nil {
			out = append(out, selectSteps(n.sub.sel)...)
		}
	}
	return out
}

func collectNodes(n *node, out *[]*node) {
	*out = append(*out, n)
	for _, a := range n.args {
		collectNodes(a, out)
	}
}
