"""What a scan did: the run summary, and the wall time of each of its steps."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class ScanSummary:
    """What a scan did; printed by the CLI and stored in the ``runs`` table."""

    run: int = 0
    documents_added: int = 0
    documents_total: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    repaired: dict[str, int] = field(default_factory=dict)  # inputs kept after a repair
    removed: dict[str, int] = field(default_factory=dict)  # cleaning removals by reason
    removed_by_site: dict[str, dict[str, int]] = field(default_factory=dict)
    candidates: dict[str, int] = field(default_factory=dict)  # by index that proposed them
    relations: dict[str, int] = field(default_factory=dict)  # by kind, whole index
    families_with_copies: int = 0
    stories_with_several_families: int = 0
    #: Each worker stage's counters, summed over its batches (see ``stages.Stage``).
    stages: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def count(self, counts: dict[str, Counter[str]]) -> None:
        """Add one task's stage counters."""
        for stage, counter in counts.items():
            mine = self.stages.setdefault(stage, {})
            for key, n in counter.items():
                mine[key] = mine.get(key, 0) + n

    def add_seconds(self, step: str, seconds: float) -> None:
        self.seconds[step] = round(self.seconds.get(step, 0) + seconds, 3)

    def timed(self, step: str) -> Timed:
        """``with summary.timed("step"):`` adds the block's wall time to the step."""
        return Timed(self, step)


class Timed:
    def __init__(self, summary: ScanSummary, step: str) -> None:
        self.summary, self.step = summary, step

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.summary.add_seconds(self.step, time.perf_counter() - self.start)
