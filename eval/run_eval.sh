#!/usr/bin/env bash
# Scores `attache analyze` against ../shared: news-dev and PolNeAR dev.
# usage: eval/run_eval.sh [SHARED_DIR]   (default ../shared beside the repo)
# Fails when a score falls below the floors in eval/floors.env.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$repo/../shared}
bin=$repo/target/release/attache
source "$repo/eval/floors.env"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

score() { # name gold_dir min-f1...
  local name=$1 gold=$2
  mkdir -p "$work/$name-pred"
  "$bin" analyze --issues "$repo/catalogues/ukraine-2025.toml" --out-dir "$work/$name-pred" "$gold"/*.json
  echo "== $name"
  python3 "$shared/eval/score.py" "$gold" "$work/$name-pred" --min-f1 "${@:3}"
}

status=0
score news-dev "$shared/corpus/news-dev" "quote+speaker=$NEWS_DEV_QUOTE_SPEAKER" \
  "position=$NEWS_DEV_POSITION" "position_aff=$NEWS_DEV_POSITION_AFF" || status=1
echo "== the record of news-dev: actor x issue matrix against the gold"
"$bin" ingest --db "$work/record.db" --issues "$repo/catalogues/ukraine-2025.toml" "$shared/corpus/news-dev"
"$bin" positions --db "$work/record.db" --format json > "$work/positions.json"
python3 "$repo/eval/score_record.py" "$shared" "$work/positions.json"
issues=$(grep -o '^id = "[a-z_]*"' "$repo/catalogues/ukraine-2025.toml" | cut -d'"' -f2)
"$bin" scenario --db "$work/record.db" --issues $issues --out "$work/scenario.toml"
if "$bin" forecast --model mean "$work/scenario.toml" > /dev/null; then
  echo "scenario from the record: runs in attache forecast"
else
  echo "scenario from the record: attache forecast FAILED on it"
  status=1
fi
python3 "$shared/eval/polnear_to_gold.py" "$shared/data/polnear/dev" "$work/polnear-gold" >/dev/null
score polnear-dev "$work/polnear-gold" "quote+speaker=$POLNEAR_DEV_QUOTE_SPEAKER" || status=1
echo "== polnear-dev without the quotes in doubled apostrophes (''…''), which the gold conversion skips (see docs/evaluation.md)"
python3 "$repo/eval/drop_doubled_apostrophe_quotes.py" "$work/polnear-dev-pred" "$work/polnear-gold" "$work/polnear-dev-pred-nodouble"
python3 "$shared/eval/score.py" "$work/polnear-gold" "$work/polnear-dev-pred-nodouble" | grep -E "^quote"
exit $status
