package ast

import "strings"

type printer struct {
	b *strings.Builder
}

func (p *printer) node(n Node) {}

func identNeedsQuotes(s string) bool { return true }
