#!/usr/bin/env bash
# Rebuilds annotations/*.jsonl from annotations/sample-review.tsv through the real `kanun annotate` commands, then
# adds a few replies and status changes. Run from the repository root: bash annotations/make-sample-review.sh
set -euo pipefail
cd "$(dirname "$0")/.."
kanun=${KANUN:-target/debug/kanun}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
run() { "$kanun" --data "$data" --annotations /nonexistent "$@"; }
ids=()
while IFS=$'\t' read -r work eid lang asof kind priority tags author quote body; do
  [[ -z "$work" || "$work" == \#* ]] && continue
  args=(annotate add --work "$work" --eid "$eid" --lang "$lang" --type "$kind" --priority "$priority" --author "$author" --body "$body")
  [[ "$asof" != "-" ]] && args+=(--asof "$asof")
  [[ "$quote" != "-" ]] && args+=(--quote "$quote")
  for t in $tags; do args+=(--tag "$t"); done
  ids+=("$(run "${args[@]}")")
done < annotations/sample-review.tsv
run annotate reply "${ids[0]}" --author "I. Petrov (Ministry of Labour)" --body "The Ministry is drafting a deinstitutionalisation plan for 2027–2031; we propose to reference it in Article 4."
run annotate reply "${ids[0]}" --author "M. Keller (consultant)" --body "Referencing a plan is not enough: the Law should set the obligation and the review cycle."
run annotate reply "${ids[4]}" --author "A. Durdyýewa (Mejlis)" --body "Agreed by the working group on 12 November 2026; see the draft, Article 10-1."
run annotate set-status "${ids[4]}" accepted
run annotate set-status "${ids[7]}" implemented
run annotate set-status "${ids[8]}" accepted
run annotate set-status "${ids[11]}" resolved
run annotate set-status "${ids[18]}" rejected
run annotate reply "${ids[18]}" --author "I. Petrov (Ministry of Labour)" --body "Electronic applications are regulated by the e-government rules, not by this Law."
run annotations export --dir annotations
