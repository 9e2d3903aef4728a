#!/usr/bin/env bash
# A tour of attache on the bundled story (a made-up negotiation over the
# Orlen river, March–September 2026): build, read the 37 articles into a
# record, then ask it who stands where, who moved, how one issue went and
# where two issues are heading.
#
# Usage: bash examples/story/tour.sh [RECORD]
#   RECORD: the SQLite file to write (default: a new one in a temporary folder)
#   ATTACHE=path/to/attache uses that binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${ATTACHE:-}" ]; then
  cargo build --release -p attache-cli
  attache() { cargo run --release -q -p attache-cli -- "$@"; }
else
  attache() { "$ATTACHE" "$@"; }
fi
db=${1:-$(mktemp -d "${TMPDIR:-/tmp}/attache-story.XXXXXX")/story.db}
work=$(mktemp -d "${TMPDIR:-/tmp}/attache-tour.XXXXXX")
trap 'rm -rf "$work"' EXIT
step() { printf '\n== %s\n$ attache %s\n\n' "$1" "$2"; }

step "Read the story into a record" \
  "ingest --knowledge examples/story/knowledge --issues catalogues/orlen-2026.toml examples/story/articles"
attache ingest --db "$db" --knowledge examples/story/knowledge --issues catalogues/orlen-2026.toml \
  examples/story/articles

step "Who stands where: each state's latest stance per issue, and who spoke for it" "positions --by state"
attache positions --db "$db" --by state

step "Who moved: every change of stance, with the sentence before and after" "positions --changes"
attache positions --db "$db" --changes

step "One issue over time: every statement on a minimum flow at the borders" "timeline --issue minimum_flow"
attache timeline --db "$db" --issue minimum_flow

step "Where it is heading: the record as a scenario, solved by every model" \
  "scenario --issues minimum_flow filling_pause --out orlen.toml && attache forecast orlen.toml"
attache scenario --db "$db" --issues minimum_flow filling_pause --out "$work/orlen.toml"
# each model's forecast and spread; the EUM's and SMP's rounds left out
attache forecast "$work/orlen.toml" | grep -v '^ *round '

printf "\n== All of it in a browser, each stance with its sentence (from the repository's root)\n"
printf '$ cargo run --release -- serve --db %s --issues catalogues/orlen-2026.toml\n' "$db"
printf '  then open http://127.0.0.1:8080\n'
