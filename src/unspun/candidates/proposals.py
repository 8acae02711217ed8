"""The pairs proposed for alignment, each once, with every index that proposed it."""

from __future__ import annotations

from ..records import Candidate


class Proposals(dict[tuple[str, str], Candidate]):
    """Candidates by their (a, b) key, a < b."""

    def offer(self, a: str, b: str, score: float, via: str) -> None:
        """Propose a pair: a new candidate, or one more index (and the best score) for a
        known one."""
        key = (a, b) if a < b else (b, a)
        if key in self:
            c = self[key]
            c.score = max(c.score, score)
            if via not in c.via.split(","):
                c.via += "," + via
        else:
            self[key] = Candidate(key[0], key[1], score, via)
