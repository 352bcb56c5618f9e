#!/usr/bin/env bash
# Runs every Fuzz target in the module for $FUZZTIME (default 30s) each.
set -euo pipefail
cd "$(dirname "$0")/.."
GO="${GO:-go}"
FUZZTIME="${FUZZTIME:-30s}"
rc=0
n=0
while IFS= read -r file; do
  dir="./$(dirname "$file")"
  for name in $(grep -oE '^func (Fuzz[A-Za-z0-9_]*)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]*)\(/\1/'); do
    n=$((n + 1))
    echo "== $dir $name ($FUZZTIME)"
    "$GO" test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" "$dir" || rc=1
  done
done < <(grep -rlE '^func Fuzz[A-Za-z0-9_]*\(' --include='*_test.go' . | sed 's#^\./##' | sort)
echo "fuzz: $n targets"
exit $rc
