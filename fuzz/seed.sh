#!/bin/sh
# Seeds fuzz/corpus/<target>/ from the sample corpus (corpus/), the typography cases and
# the hostile files of tests/torture/. The first byte of a seed picks a mode where the
# target has one (configuration, unit, encoding). Run from anywhere; rerunning is harmless.
set -eu
cd "$(dirname "$0")"
root=..
for t in pipeline_bytes pipeline_str jsonl_reader text_reader decode; do
    mkdir -p "corpus/$t"
done

# seed TARGET NAME PICK FILE: PICK as the first byte (none when empty), then FILE.
seed() {
    out="corpus/$1/$2"
    if [ -n "$3" ]; then
        printf "\\$(printf '%03o' "$3")" > "$out"
    else
        : > "$out"
    fi
    cat "$4" >> "$out"
}

n=0
for f in "$root"/corpus/*.txt "$root"/tests/torture/*.txt; do
    n=$((n + 1))
    seed pipeline_str "s$n" "" "$f"
    seed pipeline_bytes "s$n" $((n % 4)) "$f"
    seed text_reader "s$n" $((n % 256)) "$f"
    seed decode "s$n" $((n % 8)) "$f"
done
for f in "$root"/tests/torture/*.jsonl; do
    n=$((n + 1))
    seed jsonl_reader "s$n" $((n % 2)) "$f"
    seed decode "s$n" 0 "$f"
done

# Each typography case (its input column) as a seed of its own.
i=0
tail -n +2 "$root/tests/data/typography_cases.tsv" | cut -f3 | while IFS= read -r line; do
    i=$((i + 1))
    printf '%s' "$line" > "corpus/pipeline_str/t$i"
    printf '\000%s' "$line" > "corpus/pipeline_bytes/t$i"
done
echo "seeded: $(ls corpus/* | wc -l) files in fuzz/corpus/"
