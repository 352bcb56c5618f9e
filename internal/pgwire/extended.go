package pgwire

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tributarydb/tributary/internal/base"
)

// extended handles Parse, Bind, Describe, Execute and Close. Messages are
// flyweights of pgproto3 valid until the next Receive: everything kept is
// copied.
func (c *conn) extended(ctx context.Context, msg pgproto3.FrontendMessage) error {
	switch m := msg.(type) {
	case *pgproto3.Parse:
		return c.parse(ctx, m)
	case *pgproto3.Bind:
		return c.bind(ctx, m)
	case *pgproto3.Describe:
		return c.describe(m)
	case *pgproto3.Execute:
		return c.execute(ctx, m)
	case *pgproto3.Close:
		if m.ObjectType == 'S' {
			c.closeStatementNamed(m.Name)
		} else if m.ObjectType == 'P' {
			c.closePortal(m.Name)
		} else {
			return protocolError("invalid CLOSE message subtype %d", m.ObjectType)
		}
		c.send(&pgproto3.CloseComplete{})
	}
	return nil
}

func (c *conn) parse(ctx context.Context, m *pgproto3.Parse) error {
	if m.Name != "" {
		if _, ok := c.stmts[m.Name]; ok {
			return base.Errorf("42P05", "prepared statement %q already exists", m.Name)
		}
	}
	var stmts []Statement
	err := c.safe(func() error {
		var err error
		stmts, err = c.sess.Parse(ctx, m.Query)
		return err
	})
	if err != nil {
		return err
	}
	if len(stmts) > 1 {
		for _, st := range stmts {
			c.closeStatement(st)
		}
		return base.Errorf(base.CodeSyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	hints := make([]base.Type, len(m.ParameterOIDs))
	for i, oid := range m.ParameterOIDs {
		hints[i] = TypeForOID(oid)
	}
	ps := &prepared{name: m.Name, params: hints}
	if len(stmts) == 1 {
		ps.st = stmts[0]
		var params []base.Type
		var cols []Column
		err := c.safe(func() error {
			var err error
			params, cols, err = c.sess.Describe(ctx, ps.st, hints)
			return err
		})
		if err != nil {
			c.closeStatement(ps.st)
			return err
		}
		// The client is owed at least one type per hint it sent.
		for i := range params {
			if i < len(ps.params) {
				if params[i].Kind != base.KindUnknown {
					ps.params[i] = params[i]
				}
			} else {
				ps.params = append(ps.params, params[i])
			}
		}
		ps.cols = cols
	}
	c.closeStatementNamed(m.Name) // only the unnamed one can exist here
	c.stmts[m.Name] = ps
	c.send(&pgproto3.ParseComplete{})
	return nil
}

func (c *conn) bind(ctx context.Context, m *pgproto3.Bind) error {
	ps, ok := c.stmts[m.PreparedStatement]
	if !ok {
		return undefinedStatement(m.PreparedStatement)
	}
	if m.DestinationPortal != "" {
		if _, ok := c.portals[m.DestinationPortal]; ok {
			return base.Errorf("42P03", "portal %q already exists", m.DestinationPortal)
		}
	}
	if len(m.Parameters) != len(ps.params) {
		return protocolError("bind message supplies %d parameters, but prepared statement %q requires %d",
			len(m.Parameters), m.PreparedStatement, len(ps.params))
	}
	pf := m.ParameterFormatCodes
	if len(pf) > 1 && len(pf) != len(m.Parameters) {
		return protocolError("bind message has %d parameter formats but %d parameters", len(pf), len(m.Parameters))
	}
	loc := c.location()
	params := make([]base.Datum, len(m.Parameters))
	for i, v := range m.Parameters {
		t := ps.params[i]
		if v == nil {
			params[i] = base.NullOf(t.Kind)
			continue
		}
		f := int16(0)
		if len(pf) == 1 {
			f = pf[0]
		} else if len(pf) > 1 {
			f = pf[i]
		}
		var d base.Datum
		var err error
		switch f {
		case 0:
			err = c.safe(func() error {
				var err error
				d, err = base.ParseText(t, string(v), loc)
				return err
			})
		case 1:
			err = c.safe(func() error {
				var err error
				d, err = DecodeBinary(t, v, loc)
				return err
			})
			if e, ok := err.(*base.Error); ok && e.Code == "22P03" {
				err = base.Errorf("22P03", "incorrect binary data format in bind parameter %d", i+1)
			}
		default:
			err = base.Errorf(base.CodeInvalidParameterValue, "unsupported format code: %d", f)
		}
		if err != nil {
			return err
		}
		params[i] = d
	}
	rf := m.ResultFormatCodes
	var formats []int16
	switch {
	case len(rf) == 0:
	case len(rf) == 1:
		formats = make([]int16, len(ps.cols))
		for i := range formats {
			formats[i] = rf[0]
		}
	case len(rf) == len(ps.cols):
		formats = append([]int16(nil), rf...)
	default:
		return protocolError("bind message has %d result formats but query has %d columns", len(rf), len(ps.cols))
	}
	for _, f := range formats {
		if f != 0 && f != 1 {
			return base.Errorf(base.CodeInvalidParameterValue, "unsupported format code: %d", f)
		}
	}
	c.closePortal(m.DestinationPortal)
	c.portals[m.DestinationPortal] = &portal{name: m.DestinationPortal, ps: ps, params: params, formats: formats}
	c.send(&pgproto3.BindComplete{})
	return nil
}

func undefinedStatement(name string) error {
	if name == "" {
		return base.Errorf("26000", "unnamed prepared statement does not exist")
	}
	return base.Errorf("26000", "prepared statement %q does not exist", name)
}

func undefinedPortal(name string) error {
	if name == "" {
		return base.Errorf("34000", "portal \"\" does not exist")
	}
	return base.Errorf("34000", "portal %q does not exist", name)
}

func (c *conn) describe(m *pgproto3.Describe) error {
	switch m.ObjectType {
	case 'S':
		ps, ok := c.stmts[m.Name]
		if !ok {
			return undefinedStatement(m.Name)
		}
		oids := make([]uint32, len(ps.params))
		for i, t := range ps.params {
			oids[i] = paramOID(t)
		}
		c.send(&pgproto3.ParameterDescription{ParameterOIDs: oids})
		c.sendRowDescription(ps.cols, nil)
	case 'P':
		p, ok := c.portals[m.Name]
		if !ok {
			return undefinedPortal(m.Name)
		}
		c.sendRowDescription(p.ps.cols, p.formats)
	default:
		return protocolError("invalid DESCRIBE message subtype %d", m.ObjectType)
	}
	return nil
}

// paramOID reports an uninferred parameter as text, which every client
// can send (PostgreSQL would have failed to infer it instead).
func paramOID(t base.Type) uint32 {
	if t.Kind == base.KindUnknown {
		return base.OidText
	}
	return t.OID()
}

func (c *conn) sendRowDescription(cols []Column, formats []int16) {
	if cols == nil {
		c.send(&pgproto3.NoData{})
		return
	}
	c.send(rowDescription(cols, formats))
}

func (c *conn) execute(ctx context.Context, m *pgproto3.Execute) error {
	p, ok := c.portals[m.Portal]
	if !ok {
		return undefinedPortal(m.Portal)
	}
	if p.ps.st == nil {
		c.send(&pgproto3.EmptyQueryResponse{})
		return nil
	}
	if p.done {
		// Re-running a finished portal yields nothing more.
		c.send(&pgproto3.CommandComplete{CommandTag: []byte(p.tag)})
		return nil
	}
	if p.res == nil {
		var res Result
		err := c.safe(func() error {
			var err error
			res, err = c.sess.Execute(ctx, p.ps.st, p.params)
			return err
		})
		if err == nil && res == nil {
			err = errors.New("session returned no result")
		}
		if err != nil {
			p.done = true
			return err
		}
		p.res = res
		if done, err := c.runCopy(ctx, res); done {
			c.finishPortal(p)
			return err
		}
	}
	var cols []Column
	_ = c.safe(func() error { cols = p.res.Columns(); return nil })
	if cols == nil {
		cols = p.ps.cols
	}
	suspended, err := c.sendRows(ctx, p.res, cols, p.formats, int(m.MaxRows))
	if err != nil {
		c.finishPortal(p)
		return err
	}
	if suspended {
		c.send(&pgproto3.PortalSuspended{})
		return nil
	}
	_ = c.safe(func() error { p.tag = p.res.Tag(); return nil })
	c.finishPortal(p)
	c.send(&pgproto3.CommandComplete{CommandTag: []byte(p.tag)})
	c.drain()
	return nil
}

func (c *conn) finishPortal(p *portal) {
	c.closePortalRes(p)
	p.done = true
}

func (c *conn) closePortalRes(p *portal) {
	if p.res != nil {
		res := p.res
		p.res = nil
		_ = c.safe(res.Close)
	}
}

func (c *conn) closePortal(name string) {
	if p, ok := c.portals[name]; ok {
		c.closePortalRes(p)
		delete(c.portals, name)
	}
}

// closeStatementNamed drops a prepared statement and the portals made from
// it, as PostgreSQL does.
func (c *conn) closeStatementNamed(name string) {
	ps, ok := c.stmts[name]
	if !ok {
		return
	}
	for pn, p := range c.portals {
		if p.ps == ps {
			c.closePortalRes(p)
			delete(c.portals, pn)
		}
	}
	delete(c.stmts, name)
	c.closeStatement(ps.st)
}
