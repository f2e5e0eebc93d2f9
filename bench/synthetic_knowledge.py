"""Deterministic synthetic documents and questions for the knowledge benchmarks, built from
the starter corpus's own vocabulary (so term statistics look like real TWS prose)."""

from __future__ import annotations

import random
import re

from resync.knowledge.service import CORPUS_DIR

STATES = ["ABEND", "HOLD", "FAIL", "READY", "EXEC", "SUCC", "STUCK", "PEND"]
CODES = ["AWSBHT001E", "AWSJPL017E", "AWSJCL001E", "S0C4", "S806", "SB37", "U0016"]


def vocabulary() -> list[str]:
    text = " ".join(p.read_text() for p in sorted(CORPUS_DIR.glob("*.md")))
    return sorted({w for w in re.findall(r"[^\W\d_]{3,}", text.lower())})


def documents(count: int, sections: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """``count`` Markdown documents of ``sections`` sections (one chunk each)."""
    rng = random.Random(seed)
    words = vocabulary()
    docs = []
    for n in range(count):
        lines = [f"# Runbook {n} {rng.choice(words)}", ""]
        for s in range(sections):
            lines += [f"## {rng.choice(words).title()} {s}", ""]
            body = rng.choices(words, k=rng.randint(60, 120))
            body.insert(rng.randrange(len(body)), rng.choice(STATES))
            if rng.random() < 0.3:
                body.insert(rng.randrange(len(body)), rng.choice(CODES))
            lines += [" ".join(body) + ".", ""]
        docs.append((f"runbook-{n:05d}.md", "\n".join(lines).encode()))
    return docs


def questions(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    words = vocabulary()
    asked = []
    for _ in range(count):
        q = rng.choices(words, k=rng.randint(2, 6))
        if rng.random() < 0.3:
            q.append(rng.choice(STATES + CODES))
        asked.append(" ".join(q))
    return asked
