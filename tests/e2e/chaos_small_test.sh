#!/usr/bin/env bash
# The crash harness, small (docs/chaos.md): 200 diagnoses of the lab's sample
# domains through Redis (AOF, appendfsync always), a frontend and 4 workers,
# while a random worker is SIGKILLed and restarted every second and Redis is
# SIGKILLed and restarted once. Every job must end with exactly one terminal
# event, seen by its caller and stored in Redis: lost=0 duplicate_terminal=0
# violations=0 on the harness's summary line, exit status 0.
# shellcheck source=tests/e2e/stack.sh
source "$(dirname "$0")/stack.sh"
stack_init chaos_small
need_binary ndrdiag-chaos

# ~8 s of submissions at 25/s; a run that loses jobs waits for --timeout.
out="$("$BIN/ndrdiag-chaos" -n 200 --workers 4 --kill-interval 1s --rate 25 \
  --timeout 60s --seed "${NDRDIAG_CHAOS_SEED:-1}" --bin-dir "$BIN" \
  --work-dir "$STACK_DIR/chaos" --lab-resolver "$LAB_RESOLVER" \
  --lab-allow-cidr "$LAB_ALLOW_CIDR" 2>"$STACK_DIR/chaos.log")"
rc=$?
say "$out"
line="$(grep -E '^submitted=' <<<"$out" || true)"
expect_eq "$(grep -c . <<<"$line")" 1 "the harness printed one summary line"

field() { sed -n "s/^.* $1=\([0-9.]*\).*$/\1/p" <<<" $line"; }
expect_eq "$(field submitted)" 200 "submitted=200"
expect_eq "$(field lost)" 0 "lost=0 (every job reached one terminal event)"
expect_eq "$(field duplicate_terminal)" 0 "duplicate_terminal=0"
expect_eq "$(field violations)" 0 "violations=0 (no event repeated or missed after resumes)"
expect_eq "$(( $(field succeeded) + $(field failed) + $(field cancelled) ))" 200 \
  "every job succeeded, failed or was cancelled"
expect_eq "$rc" 0 "ndrdiag-chaos exits 0"
# What the harness did and saw (faults, retries, resumes) is in its log.
grep -E 'faults:|callers:|problems:|lost:' "$STACK_DIR/chaos.log" | sed "s/^/[$TEST_NAME] /"
stack_finish
