"""Typed settings with defaults; a user TOML file is laid over them.

Thresholds that decide a relation's kind were chosen on the PAN 2013 ``train`` split
(see ``unspun eval``); none was chosen on a split that the README reports.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError


def _check_unit(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"{name} = {value!r}: it must lie between 0 and 1")


@dataclass(frozen=True, slots=True)
class AlignConfig:
    threshold: float = 0.5  # combined score for two sentences to align
    semantic_weight: float = 0.6
    semantic_floor: float = 0.45  # cosine of typical unrelated sentences (static model)
    edited_dice: float = 0.6  # above this, an aligned pair is an edit, not a paraphrase
    condensed_containment: float = 0.6
    min_words: int = 3

    def __post_init__(self) -> None:
        for name in ("threshold", "semantic_weight", "semantic_floor", "edited_dice",
                     "condensed_containment"):
            _check_unit(name, getattr(self, name))


@dataclass(frozen=True, slots=True)
class RelateConfig:
    min_aligned_chars: int = 150  # less aligned text than this is no copy
    # A pair with fewer aligned sentence pairs and fewer sentences held by a window of
    # the other text than these is no copy: it is not measured (the fast path).
    min_aligned_pairs: int = 1
    min_cover_hits: int = 1
    # At least this many aligned pairs covering this share of either text: a copy by rule.
    copy_pairs: int = 3
    copy_coverage: float = 0.5
    partial_below: float = 0.8  # source coverage under this marks an excerpt
    verbatim_same: float = 0.85  # share of aligned copy text in identical sentences
    summary_ratio: float = 0.65  # aligned copy text / aligned source text
    summary_run: int = 2  # condensed copy sentences in the source's order for a summary
    # Same-story coverage: centred document cosine (news background removed), shared
    # specific names/figures, and publication within a few days when both dates exist.
    story_similarity: float = 0.45
    story_names: int = 2
    story_days: int = 4

    def story_possible(self, shared_names: int, days: int | None) -> bool:
        """Whether two articles sharing this many specific names/figures, published this
        many days apart (None: unknown), can cover one story, their subjects aside."""
        return shared_names >= self.story_names and (days is None or days <= self.story_days)

    def __post_init__(self) -> None:
        for name in ("copy_coverage", "partial_below", "verbatim_same", "summary_ratio",
                     "story_similarity"):
            _check_unit(name, getattr(self, name))
        if min(self.story_days, self.story_names) < 0 or self.min_cover_hits < 1:
            raise ConfigError("story_days and story_names must be >= 0, min_cover_hits >= 1")


@dataclass(frozen=True, slots=True)
class CandidateConfig:
    shingle: int = 5
    bands: int = 42  # 42 x 3 rows: half of pairs at Jaccard 0.29 collide
    rows: int = 3
    # Names and numbers: spun and translated news copies keep 0.5-0.9 of them (Jaccard),
    # unrelated articles rarely 0.2. 20 x 4 puts the LSH threshold near 0.45.
    anchor_bands: int = 20
    anchor_rows: int = 4
    min_shared_passages: int = 2  # sampled 8-grams two documents must share
    max_bucket: int = 200  # a bucket larger than this is boilerplate, not a story
    # Centred document vectors (see fingerprint.stage): on 4,000 news-bias articles a
    # document's nearest neighbour has a median cosine of 0.56; 0.6 keeps about one
    # candidate per document while same-story coverage mostly scores above it.
    ann_neighbours: int = 5
    ann_similarity: float = 0.6
    ann_min_anchors: int = 1  # specific names/figures a neighbour-only pair must share
    # A neighbour-only pair that cannot be the same story (see RelateConfig) is aligned
    # as a possible rewrite only if it shares this share of the smaller side's specific
    # names/figures: spun and translated copies keep most of them.
    ann_rewrite_anchors: float = 0.5

    def __post_init__(self) -> None:
        if max(self.bands * self.rows, self.anchor_bands * self.anchor_rows) > 128:
            raise ConfigError("bands * rows must be at most 128 (the MinHash signature length)")
        if self.shingle < 1:
            raise ConfigError(f"shingle = {self.shingle}: use a positive word count, e.g. 5")
        _check_unit("ann_similarity", self.ann_similarity)
        _check_unit("ann_rewrite_anchors", self.ann_rewrite_anchors)


@dataclass(frozen=True, slots=True)
class ScanConfig:
    workers: int = 0  # 0: all cores
    batch_size: int = 256
    # Per page (file, JSONL line or WARC record, as read and as decompressed); larger
    # pages are skipped as too-large.
    max_page_bytes: int = 20_000_000
    # Tags of a page (its "<" that open an element), and CPU seconds to extract and
    # clean it; over either, a page is skipped as too-complex. The extraction benchmark's
    # 181 pages open at most 1,800 elements and take at most ~0.7 s.
    max_page_elements: int = 50_000
    max_page_seconds: float = 20.0
    min_words: int = 20  # shorter documents are kept but not fingerprinted
    # Memory DuckDB may use for the index while scanning (its memory_limit; beyond it,
    # DuckDB writes to a temporary folder beside the index). Its default, 80% of the
    # machine's memory, let it grow with what the scan wrote.
    index_memory: str = "1GB"

    def __post_init__(self) -> None:
        if min(self.max_page_bytes, self.max_page_elements) < 1 or self.max_page_seconds < 0:
            raise ConfigError("max_page_bytes and max_page_elements must be positive, "
                              "max_page_seconds at least 0 (0: no time limit)")
        if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", self.index_memory):
            raise ConfigError(f"index_memory = {self.index_memory!r}: give a size such as "
                              "'1GB' or '512MiB'")


@dataclass(frozen=True, slots=True)
class Config:
    align: AlignConfig = field(default_factory=AlignConfig)
    relate: RelateConfig = field(default_factory=RelateConfig)
    candidates: CandidateConfig = field(default_factory=CandidateConfig)
    scan: ScanConfig = field(default_factory=ScanConfig)


def _overlay(base: Any, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(base)}
    updates: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"unknown setting {where}{key}: known are {', '.join(known)}")
        current = getattr(base, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}{key} must be a table [{where}{key}]")
            updates[key] = _overlay(current, value, f"{where}{key}.")
        else:
            expected = type(current)
            if expected is float and isinstance(value, int):
                value = float(value)
            if not isinstance(value, expected):
                raise ConfigError(
                    f"{where}{key} = {value!r}: expected a {expected.__name__}"
                )
            updates[key] = value
    return replace(base, **updates)


def load_config(path: str | Path | None = None) -> Config:
    """Packaged defaults, with a user TOML file (if given) laid over them."""
    config = Config()
    if path is None:
        return config
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    return _overlay(config, data, "")
