"""Real news: copy precision, recall, kind and origin on the hand-labelled pairs of
``news-pairs/``, scored on what a full scan of each corpus exports.

Each labelled set is scored on the index of a whole corpus, scanned as a user scans it
(``scanned.cached_scan``): ``labels.jsonl`` on the 680 syndication articles,
``labels-fresh.jsonl`` on the 27,554 never-tuned news-bias articles (or a sample of
them that keeps every labelled article). A pair's relation is the exported relation of
its two ids; no relation means "not a copy".

Definitions (see ``news-pairs/RUBRIC.md`` for the labels):

- a label is a copy when it is ``verbatim``, ``near-duplicate``, ``rewrite``,
  ``excerpt`` or ``digest``; a relation is a copy when its kind is in ``COPY_KINDS``.
  Precision: labelled copies among the pairs called copies; recall: labelled copies
  called copies.
- kind accuracy, over labelled copies called copies: the kind (and ``partial``) is right
  as ``EXPECTED`` says. ``partial`` means only a part of the *source* was reused, so it
  is required only of an excerpt (the copy is a short part of the source); a digest can
  carry a whole brief, a verbatim copy may lack a trailing paragraph, and an edited
  update may drop sentences, so those accept either.
- origin accuracy, over labelled copies whose label names the original (``a``/``b``):
  the relation's ``source`` is that article (not found, no source or the other article
  are all wrong).
- same family: both articles of a labelled copy are members of one family; glued: both
  articles of a labelled non-copy are.
- containment of two texts: the distinct word 5-grams (``unspun.text.words``) of the
  text with fewer of them that are also in the other, over that text's distinct
  5-grams (0 when it has none). Measured on the texts as given (the stored text before
  cleaning), so that a change to cleaning does not move the yardstick, and also on
  the cleaned texts the relations were judged on (``containment_clean``).

Every figure is given over all labels and over the high-confidence labels only.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import COPY_KINDS
from ..text import words

#: Development labels (``devlabels/README.md``): pairs of the same corpora, labelled the
#: same way, that rules may be tuned on; the ``news-pairs`` sets are for reporting only.
DEV_LABELS = Path(__file__).resolve().parent / "devlabels"
#: Held-out labels of our own (``heldlabels/README.md``), for reporting only, as the
#: ``news-pairs`` sets.
HELD_LABELS = Path(__file__).resolve().parent / "heldlabels"
#: Labelled set → (its labels file: in ``news-pairs/``, or in ``DEV_LABELS`` for the
#: development sets (``dev-…``) and ``HELD_LABELS`` for ``HELD``; the corpus whose full
#: scan it is scored on).
SETS: dict[str, tuple[str, str]] = {
    "syndication": ("labels.jsonl", "syndication"),
    "fresh": ("labels-fresh.jsonl", "fresh"),
    "fresh-called": ("labels-fresh-called.jsonl", "fresh"),
    "dev-syndication": ("labels-dev-syndication.jsonl", "syndication"),
    "dev-newsbias": ("labels-dev-newsbias.jsonl", "tuned"),
    "dev-called": ("labels-dev-called.jsonl", "tuned"),
    "dev-recall": ("labels-dev-recall.jsonl", "syndication"),
    "dev-called2": ("labels-dev-called2.jsonl", "tuned"),
    "dev-origin": ("labels-dev-origin.jsonl", "syndication"),
    "dev-called3": ("labels-dev-called3.jsonl", "tuned"),
}
HELD = frozenset({"fresh-called"})
#: The sets ``--split`` names as a group.
GROUPS = {"all": ("syndication", "fresh", "fresh-called"),
          "dev": ("dev-syndication", "dev-newsbias", "dev-called", "dev-recall",
                  "dev-called2", "dev-origin", "dev-called3")}
COPY_LABELS: frozenset[str] = frozenset(
    {"verbatim", "near-duplicate", "rewrite", "excerpt", "digest"})
#: Label → (kinds that are right, the ``partial`` required: True, or None for either).
EXPECTED: dict[str, tuple[frozenset[str], bool | None]] = {
    "verbatim": (frozenset({"verbatim"}), None),
    "near-duplicate": (frozenset({"near-duplicate"}), None),
    # Spinning, paraphrase and machine-translation round trips (RUBRIC.md).
    "rewrite": (frozenset({"spun", "translated"}), None),
    "excerpt": (frozenset({"verbatim", "near-duplicate"}), True),
    "digest": (frozenset({"verbatim", "near-duplicate"}), None),
}
SHINGLE = 5
LOW_CONTAINMENT = 0.2


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """One hand-labelled pair of articles (a line of a news-pairs labels file)."""

    pair: str
    a: str
    b: str
    relation: str
    source: str | None  # "a", "b", "unknown" or None (not a copy)
    confidence: str  # "high" or "low"
    note: str = ""

    @property
    def is_copy(self) -> bool:
        return self.relation in COPY_LABELS

    @property
    def source_id(self) -> str | None:
        """The id of the labelled original, when the label names one."""
        return {"a": self.a, "b": self.b}.get(self.source or "")


def load_labels(path: Path) -> list[LabelledPair]:
    with open(path, encoding="utf-8") as handle:
        return [LabelledPair(r["pair"], r["a"], r["b"], r["relation"], r.get("source"),
                             r.get("confidence", "high"), r.get("note", ""))
                for r in map(json.loads, filter(str.strip, handle))]


def kind_right(label: str, kind: str, partial: bool) -> bool:
    kinds, needs = EXPECTED[label]
    return kind in kinds and (needs is None or partial == needs)


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The distinct word 5-grams of a text."""
    toks = words(text)
    return frozenset(tuple(toks[i:i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1))


def containment(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Shared 5-grams over the 5-grams of the side with fewer (0 when it has none)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if small else 0.0


@dataclass(slots=True)
class Outcome:
    """What the scan made of one labelled pair."""

    label: LabelledPair
    relation: dict[str, Any] | None  # the exported relation, None when there is none
    same_family: bool
    containment: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def called(self) -> bool:
        return self.relation is not None and self.relation["kind"] in COPY_KINDS

    @property
    def found(self) -> str:
        """The relation as a short tag: "none", or the kind, "+partial" for excerpts."""
        if self.relation is None:
            return "none"
        return self.relation["kind"] + ("+partial" if self.relation["partial"] else "")

    @property
    def kind_right(self) -> bool | None:
        if not (self.label.is_copy and self.called):
            return None
        assert self.relation is not None
        return kind_right(self.label.relation, self.relation["kind"], self.relation["partial"])

    @property
    def origin_right(self) -> bool | None:
        if not self.label.is_copy or self.label.source_id is None:
            return None
        return self.called and self.relation is not None and (
            self.relation["source"] == self.label.source_id)


def outcomes(labels: Sequence[LabelledPair], relations: dict[tuple[str, str], dict[str, Any]],
             family_of: dict[str, str]) -> list[Outcome]:
    """Each label with its relation (keyed by the sorted ids) and family membership."""
    out = []
    for label in labels:
        key = (min(label.a, label.b), max(label.a, label.b))
        fam_a, fam_b = family_of.get(label.a), family_of.get(label.b)
        out.append(Outcome(label, relations.get(key), fam_a is not None and fam_a == fam_b))
    return out


def _share(hits: int, n: int) -> float | None:
    return round(hits / n, 4) if n else None


def score(rows: Iterable[Outcome]) -> dict[str, Any]:
    """Precision, recall, kind, origin and family figures of some outcomes."""
    rows = list(rows)
    copies = [o for o in rows if o.label.is_copy]
    called = [o for o in rows if o.called]
    found = [o for o in copies if o.called]
    named = [o for o in copies if o.label.source_id is not None]
    others = [o for o in rows if not o.label.is_copy]
    return {
        "pairs": len(rows),
        "copies": len(copies),
        "called": len(called),
        "true_copies_called": len(found),
        "precision": _share(len(found), len(called)),
        "recall": _share(len(found), len(copies)),
        "kind_accuracy": _share(sum(bool(o.kind_right) for o in found), len(found)),
        "kind_only_accuracy": _share(
            sum(o.relation is not None and o.relation["kind"] in EXPECTED[o.label.relation][0]
                for o in found), len(found)),
        "with_source": len(named),
        "origin_accuracy": _share(sum(bool(o.origin_right) for o in named), len(named)),
        "origin_accuracy_found": _share(sum(bool(o.origin_right) for o in named if o.called),
                                        sum(o.called for o in named)),
        "origin_reversed": sum(o.called and o.relation is not None
                               and o.relation["source"] not in (None, o.label.source_id)
                               for o in named),
        "same_family": _share(sum(o.same_family for o in copies), len(copies)),
        "non_copies": len(others),
        "non_copies_glued": sum(o.same_family for o in others),
        "glued_rate": _share(sum(o.same_family for o in others), len(others)),
    }


def score_set(rows: Sequence[Outcome]) -> dict[str, Any]:
    """Figures over all labels and over high-confidence labels, and the confusion of
    label against what was found (kind, +partial, or none)."""
    confusion: dict[str, Counter[str]] = {}
    for o in rows:
        confusion.setdefault(o.label.relation, Counter())[o.found] += 1
    return {"all": score(rows),
            "high": score(o for o in rows if o.label.confidence == "high"),
            "confusion": {k: dict(v.most_common()) for k, v in sorted(confusion.items())}}


class Texts:
    """Stored texts (as given and cleaned) and their 5-grams, read from an index."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.docs: dict[str, Any] = {}
        self.grams: dict[str, frozenset[tuple[str, ...]]] = {}
        self.clean_grams: dict[str, frozenset[tuple[str, ...]]] = {}

    def load(self, ids: Iterable[str]) -> None:
        missing = sorted(set(ids) - self.docs.keys())
        for doc in self.store.documents(missing) if missing else ():
            self.docs[doc.id] = doc
            self.grams[doc.id] = shingles(doc.raw_text or doc.text)
            self.clean_grams[doc.id] = shingles(doc.text)

    def containment(self, a: str, b: str, *, clean: bool = False) -> float | None:
        """Containment of the texts as given (``clean``: as cleaned); None if unknown."""
        self.load((a, b))
        grams = self.clean_grams if clean else self.grams
        if a not in grams or b not in grams:
            return None
        return round(containment(grams[a], grams[b]), 4)


def copy_containment(relations: Sequence[dict[str, Any]], texts: Texts,
                     threshold: float = LOW_CONTAINMENT) -> tuple[dict[str, Any], list[Any]]:
    """How many copy relations of a scan share under ``threshold`` of their 5-grams, and
    those relations (with their containment)."""
    copies = [r for r in relations if r["kind"] in COPY_KINDS]
    texts.load(x for r in copies for x in (r["a"], r["b"]))
    low = []
    under_clean = 0
    for r in copies:
        value = texts.containment(r["a"], r["b"])
        if value is not None and value < threshold:
            low.append((r, value))
        clean = texts.containment(r["a"], r["b"], clean=True)
        under_clean += clean is not None and clean < threshold
    by_kind = Counter(r["kind"] for r, _ in low)
    return ({"copy_relations": len(copies), "under": len(low),
             "share": _share(len(low), len(copies)), "threshold": threshold,
             "under_by_kind": dict(by_kind.most_common()), "under_clean": under_clean,
             "share_clean": _share(under_clean, len(copies))}, low)


def dump_row(texts: Texts, relation: dict[str, Any] | None, a: str, b: str,
             value: float | None, **extra: Any) -> dict[str, Any]:
    """A pair as the failure dumps show it: the relation found, both texts' heads."""
    texts.load((a, b))
    row: dict[str, Any] = dict(extra)
    row["a"], row["b"] = a, b
    row["found"] = None if relation is None else {
        k: relation[k] for k in ("kind", "partial", "source", "confidence", "coverage_a",
                                 "coverage_b", "direction_by", "reasons")}
    row["containment"] = value
    row["containment_clean"] = texts.containment(a, b, clean=True)
    for side, ident in (("a", a), ("b", b)):
        doc = texts.docs.get(ident)
        row[f"{side}_site"] = doc.site if doc else None
        row[f"{side}_title"] = doc.title if doc else None
        row[f"{side}_published"] = doc.published if doc else None
        row[f"{side}_head"] = doc.text[:300] if doc else None
        given = (doc.raw_text or doc.text) if doc else None
        row[f"{side}_given_head"] = given[:300] if given and given != doc.text else None
        row[f"{side}_removed"] = (dict(Counter(r.reason for r in doc.removed).most_common())
                                  if doc else None)
    return row


def _corpus(data_dir: Path, name: str, sample: int | None, seed: int,
            keep: Iterable[str]) -> tuple[str, list[dict[str, Any]]]:
    from .corpora import never_tuned_rows, sample_rows, syndication_rows, tuned_rows

    if name == "syndication":
        return "news-syndication", syndication_rows(data_dir)
    if name == "tuned":
        return "news-tuned", tuned_rows(data_dir)
    rows = sample_rows(never_tuned_rows(data_dir), sample, seed, keep)
    return ("news-fresh" if sample is None else f"news-fresh{sample}s{seed}"), rows


def evaluate(data_dir: Path, sets: Sequence[str] = tuple(SETS), *, sample: int | None = None,
             seed: int = 0, workers: int = 0, cache_dir: Path | None = None,
             dump_dir: Path | None = None, low_dump: int = 40) -> dict[str, Any]:
    """Scan each corpus (cached), score its labelled pairs; write the dumps if asked.

    ``sample`` scans that many never-tuned articles (plus the labelled ones) instead of
    all 27,554: quicker, but fewer neighbours and less corpus boilerplate to learn from,
    so its figures are not the full scan's.
    """
    from ..store import Store
    from .scanned import cached_scan

    result: dict[str, Any] = {"benchmark": "news", "split": "+".join(sets), "sample": sample,
                              "definitions": __doc__.split("Definitions")[1].strip()
                              if __doc__ else ""}
    for name in sets:
        if name not in SETS:
            raise ValueError(f"news sets are {', '.join(SETS)}, not {name!r}")
        file, corpus = SETS[name]
        folder = (DEV_LABELS if name.startswith("dev-") else HELD_LABELS if name in HELD
                  else data_dir / "news-pairs")
        labels = load_labels(folder / file)
        index_name, rows = _corpus(data_dir, corpus, sample, seed,
                                   (x for lab in labels for x in (lab.a, lab.b)))
        db = cached_scan(index_name, rows, cache_dir=cache_dir, workers=workers)
        with Store(db, read_only=True) as store:
            relations = store.relations()
            family_of = {m: f.family for f in store.families() for m in f.members}
            texts = Texts(store)
            found = outcomes(labels, {(r["a"], r["b"]): r for r in relations}, family_of)
            labelled = {x for lab in labels for x in (lab.a, lab.b)}
            texts.load(labelled)
            missing = sorted(labelled - texts.docs.keys())
            for o in found:
                o.containment = texts.containment(o.label.a, o.label.b)
            entry = {"documents": store.document_count(), "index": str(db),
                     **score_set(found)}
            shares, low = copy_containment(relations, texts)
            entry["copy_containment"] = shares
            entry["labelled_documents_missing"] = missing
            result[name] = entry
            if dump_dir is not None:
                _dump(Path(dump_dir), name, found, low, texts, low_dump, seed)
    return result


def _dump(folder: Path, name: str, found: list[Outcome], low: list[Any], texts: Texts,
          n_low: int, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"pairs-{name}.jsonl", "w", encoding="utf-8") as out:
        for o in found:
            lab = o.label
            row = dump_row(texts, o.relation, lab.a, lab.b, o.containment, set=name,
                           pair=lab.pair, label=lab.relation, label_source=lab.source,
                           label_source_id=lab.source_id, label_confidence=lab.confidence,
                           note=lab.note, called=o.called, kind_right=o.kind_right,
                           origin_right=o.origin_right, same_family=o.same_family)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    picked = random.Random(seed).sample(low, min(n_low, len(low)))
    with open(folder / f"low-containment-{name}.jsonl", "w", encoding="utf-8") as out:
        for relation, value in sorted(picked, key=lambda x: (x[0]["a"], x[0]["b"])):
            row = dump_row(texts, relation, relation["a"], relation["b"], value, set=name)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _cell(value: Any) -> str:
    return "" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def format_table(result: dict[str, Any]) -> Any:
    """A rich table of one ``evaluate`` result: a column per set and label confidence."""
    from rich.table import Table

    measures = ("pairs", "copies", "called", "precision", "recall", "kind_accuracy",
                "kind_only_accuracy", "with_source", "origin_accuracy", "origin_reversed",
                "same_family", "non_copies", "non_copies_glued")
    blocks = [(name, labels) for name in SETS if name in result for labels in ("all", "high")]
    table = Table(title=f"news pairs ({result['split']}"
                        + (f", sample {result['sample']}" if result.get("sample") else "") + ")")
    table.add_column("measure")
    for name, labels in blocks:
        table.add_column(f"{name} ({labels})", justify="right")
    for measure in measures:
        table.add_row(measure.replace("_", " "),
                      *(_cell(result[name][labels][measure]) for name, labels in blocks))
    caption = []
    for name in SETS:
        if name in result:
            c = result[name]["copy_containment"]
            caption.append(f"{name}: {c['under']} of {c['copy_relations']} copy relations "
                           f"({_cell(c['share'])}) share under {c['threshold']} of their "
                           f"5-grams ({c['under_clean']} once cleaned)")
    table.caption = "; ".join(caption)
    return table
