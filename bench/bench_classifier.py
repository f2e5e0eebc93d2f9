"""Time of ``IntentClassifier.classify()`` per message (targets: median <= 25 µs, p99 <= 100 µs).

Sentences: every golden case under tests/golden/intent_classifier plus the labelled sets in
tests/fixtures. Each sentence is classified once to warm up, then BLOCKS x ROUNDS times in
shuffled order (fixed seed); every call is timed on its own, in CPU time of this process (a
busy machine descheduling us does not count). Each block also times a bare ``str.lower()`` +
``str.split()`` of the same sentences, the baseline of "doing nothing" with the text.

Prints one line: the median and p99 per call of the block with the lowest median, its
baseline and their ratio, and the range of the blocks' medians. As ``timeit`` advises, the
fastest block is the figure: on a shared machine, interference (another virtual machine on
the same core, cache thrashing) only ever adds time, and a slow spell can last seconds.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import yaml

from resync.classifier.classifier import IntentClassifier

ROOT = Path(__file__).resolve().parents[1]

BLOCKS = 5
ROUNDS = 40  # per block


def sentences() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "tests/golden/intent_classifier").glob("*.yml")):
        found.append(yaml.safe_load(path.read_text())["input"])
    for path in sorted((ROOT / "tests/fixtures").glob("intent_*.yaml")):
        found.extend(case["input"] for case in yaml.safe_load(path.read_text()))
    return found


def per_call(function: object, texts: list[str], seed: int) -> list[float]:
    call = function  # a local name keeps the loop tight
    order = texts * ROUNDS
    random.Random(seed).shuffle(order)
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
    blocks = []  # (median, p99, baseline) per block
    for block in range(BLOCKS):
        timings = sorted(per_call(classifier.classify, texts, seed=7 + block))
        baseline = statistics.median(per_call(lambda t: t.lower().split(), texts, seed=block))
        p99 = timings[int(len(timings) * 0.99) - 1]
        blocks.append((statistics.median(timings), p99, baseline))
    median, p99, baseline = min(blocks)
    medians = sorted(block[0] for block in blocks)
    print(
        f"classify(): median {median:.1f} µs, p99 {p99:.1f} µs over {len(texts)} sentences "
        f"x {ROUNDS} (fastest of {BLOCKS} blocks; block medians {medians[0]:.1f}-"
        f"{medians[-1]:.1f} µs); lower+split baseline {baseline:.2f} µs, ratio "
        f"{median / baseline:.0f}x; build {build_ms:.0f} ms"
    )


if __name__ == "__main__":
    main()
