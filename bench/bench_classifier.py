"""Time of ``IntentClassifier.classify()`` per message (targets: median <= 25 µs, p99 <= 100 µs).

Sentences: every golden case under tests/golden/intent_classifier plus the labelled sets in
tests/fixtures. Each sentence is classified once to warm up, then ROUNDS times in shuffled
order (fixed seed); every call is timed on its own, in CPU time of this process (a busy
machine descheduling us does not count). Prints one line: median and p99 per
call, and the median of a bare ``str.lower()`` + ``str.split()`` of the same sentences as the
baseline of "doing nothing" with the text.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import yaml

from resync.routing.classifier import IntentClassifier

ROOT = Path(__file__).resolve().parents[1]

ROUNDS = 200


def sentences() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "tests/golden/intent_classifier").glob("*.yml")):
        found.append(yaml.safe_load(path.read_text())["input"])
    for path in sorted((ROOT / "tests/fixtures").glob("intent_*.yaml")):
        found.extend(case["input"] for case in yaml.safe_load(path.read_text()))
    return found


def per_call(function: object, texts: list[str]) -> list[float]:
    call = function  # a local name keeps the loop tight
    order = texts * ROUNDS
    random.Random(7).shuffle(order)
    timings = []
    clock = time.process_time_ns  # CPU time of this process: robust to a busy machine
    for text in order:
        started = clock()
        call(text)  # type: ignore[operator]
        timings.append((clock() - started) / 1000)
    return timings


def main() -> None:
    texts = sentences()
    started = time.perf_counter()
    classifier = IntentClassifier()
    build_ms = (time.perf_counter() - started) * 1000
    for text in texts:
        classifier.classify(text)
    timings = sorted(per_call(classifier.classify, texts))
    baseline = statistics.median(per_call(lambda t: t.lower().split(), texts))
    median = statistics.median(timings)
    p99 = timings[int(len(timings) * 0.99) - 1]
    print(
        f"classify(): median {median:.1f} µs, p99 {p99:.1f} µs over {len(texts)} sentences "
        f"x {ROUNDS} (lower+split baseline {baseline:.2f} µs; build {build_ms:.0f} ms)"
    )


if __name__ == "__main__":
    main()
