package parser

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Caret renders psql's error context for a 1-based character position:
//
//	LINE 1: SELECT * FORM t
//	                 ^
//
// Tabs are expanded to spaces so the caret lines up. It returns "" if pos
// is out of range.
func Caret(sql string, pos int) string {
	if pos <= 0 || pos > utf8.RuneCountInString(sql)+1 {
		return ""
	}
	// Find the byte offset of the pos-th character.
	off, n := 0, 1
	for off < len(sql) && n < pos {
		_, size := utf8.DecodeRuneInString(sql[off:])
		off += size
		n++
	}
	lineStart := strings.LastIndexByte(sql[:off], '\n') + 1
	lineNo := strings.Count(sql[:lineStart], "\n") + 1
	lineEnd := strings.IndexByte(sql[off:], '\n')
	if lineEnd < 0 {
		lineEnd = len(sql)
	} else {
		lineEnd += off
	}
	line := strings.ReplaceAll(strings.TrimRight(sql[lineStart:lineEnd], "\r"), "\t", " ")
	prefix := "LINE " + strconv.Itoa(lineNo) + ": "
	col := utf8.RuneCountInString(strings.ReplaceAll(sql[lineStart:off], "\t", " "))
	return prefix + line + "\n" + strings.Repeat(" ", len(prefix)+col) + "^"
}
