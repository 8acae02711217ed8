"""Provenance on farm copies of never-tuned articles: is the original named?

``evaluate`` picks ``articles`` originals at random (by ``seed``) among the news-bias
articles no threshold was ever fitted on (``corpora.never_tuned_rows``), makes farm
copies of them (``farm.make_copies``, same seed), scans originals and copies together as
one JSONL file through ``unspun.scan`` (no dates anywhere: provenance must come from the
texts), and scores what the index says:

- for each copy of one article (scrape, truncated scrape, spun, translated, teaser):
  found (the relation of article and copy is a copy kind), kind right (``EXPECTED``),
  source right (the relation's ``source`` is the article), origin right (the copy's
  family has the article as its origin);
- for each digest, the same per article it excerpts (origin right: the article's family
  origin is the article, never the digest);
- for each quote-share page: whether it was called a copy of the article it quotes
  (wrong) or put in its family (wrong);
- families that join two different originals (through their copies or a digest).

Tune on seed 0; report another seed.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..records import COPY_KINDS
from .farm import GENERATED_KINDS, SINGLE_KINDS, Article, GeneratedDoc, body_paragraphs

#: Generated kind → (kinds that are right, ``partial`` required: True/False, None: either).
EXPECTED: dict[str, tuple[frozenset[str], bool | None]] = {
    "scrape": (frozenset({"verbatim"}), False),  # once cleaned, the article itself
    "truncated-scrape": (frozenset({"verbatim"}), True),
    "spun": (frozenset({"spun"}), None),
    "translated": (frozenset({"translated"}), None),
    "teaser": (frozenset({"verbatim", "near-duplicate"}), True),
    "digest": (frozenset({"verbatim", "near-duplicate"}), True),
}
MIN_CHARS, MAX_CHARS, MIN_PARAGRAPHS = 1500, 15000, 4
DUPLICATE_CONTAINMENT = 0.5


def pick_articles(rows: Sequence[dict[str, Any]], n: int, seed: int
                  ) -> tuple[list[Article], list[Article]]:
    """``n`` originals and ``n`` fillers (for quote-share pages), drawn at random from
    article-length rows; an article sharing over half of its 5-grams with one already
    drawn (a republication in the data) is skipped."""
    from .news import containment, shingles

    fit = [r for r in rows if r.get("title") and MIN_CHARS <= len(r["text"]) <= MAX_CHARS]
    rng = random.Random(seed)
    order = rng.sample(range(len(fit)), len(fit))
    chosen: list[Article] = []
    grams: list[frozenset[tuple[str, ...]]] = []
    for i in order:
        r = fit[i]
        article = Article(r["id"], r["title"], r["text"], r.get("url"), r.get("site"))
        if len(body_paragraphs(article)) < MIN_PARAGRAPHS:
            continue
        g = shingles(r["text"])
        if any(containment(g, other) > DUPLICATE_CONTAINMENT for other in grams):
            continue
        chosen.append(article)
        grams.append(g)
        if len(chosen) == 2 * n:
            break
    return chosen[:n], chosen[n:]


def _kind_right(kind: str, relation: dict[str, Any]) -> bool:
    kinds, partial = EXPECTED[kind]
    return relation["kind"] in kinds and (partial is None or relation["partial"] == partial)


def score(originals: Sequence[str], docs: Sequence[GeneratedDoc],
          relations: dict[tuple[str, str], dict[str, Any]], family_of: dict[str, str],
          origin_of: dict[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The figures, and one row per (generated page, article) link for the dump."""
    def relation(x: str, y: str) -> dict[str, Any] | None:
        return relations.get((min(x, y), max(x, y)))

    links = []
    for doc in docs:
        for article in doc.copies or ((doc.shares_quote_with,) if doc.shares_quote_with
                                      else ()):
            rel = relation(article, doc.id)
            called = rel is not None and rel["kind"] in COPY_KINDS
            row = {"kind": doc.kind, "doc": doc.id, "article": article, "called": called,
                   "found": None if rel is None else rel["kind"] + (
                       "+partial" if rel["partial"] else ""),
                   "source": None if rel is None else rel["source"],
                   "same_family": family_of.get(doc.id) == family_of.get(article),
                   "family_origin": origin_of.get(family_of.get(doc.id, "")),
                   "article_family_origin": origin_of.get(family_of.get(article, ""))}
            if doc.kind == "quote-share":
                row["right"] = not called and not row["same_family"]
            else:
                row["kind_right"] = called and rel is not None and _kind_right(doc.kind, rel)
                row["source_right"] = called and row["source"] == article
                row["origin_right"] = (row["article_family_origin"] == article and (
                    doc.kind == "digest" or row["family_origin"] == article))
            row["relation"] = rel
            links.append(row)
    types: dict[str, Any] = {}
    for kind in GENERATED_KINDS:
        rows = [r for r in links if r["kind"] == kind]
        if not rows:
            continue
        n = len(rows)
        found = [r for r in rows if r["called"]]
        entry: dict[str, Any] = {"links": n, "found": round(len(found) / n, 4),
                                 "confusion": dict(Counter(r["found"] or "none"
                                                           for r in rows).most_common())}
        if kind == "quote-share":
            entry["called_copy"] = len(found)
            entry["glued"] = sum(r["same_family"] for r in rows)
            entry["right"] = round(sum(r["right"] for r in rows) / n, 4)
        else:
            entry["kind_accuracy"] = (round(sum(r["kind_right"] for r in found) / len(found), 4)
                                      if found else None)
            entry["source_right"] = round(sum(r["source_right"] for r in rows) / n, 4)
            entry["origin_right"] = round(sum(r["origin_right"] for r in rows) / n, 4)
        types[kind] = entry
    single = [r for r in links if r["kind"] in SINGLE_KINDS]
    article_of = {a: a for a in originals}
    article_of.update({d.id: d.copies[0] for d in docs if d.kind in SINGLE_KINDS})
    members: dict[str, set[str]] = {}
    for ident, fam in family_of.items():
        if ident in article_of:
            members.setdefault(fam, set()).add(article_of[ident])
    joined = sorted(fam for fam, arts in members.items() if len(arts) > 1)
    return {
        "origin_accuracy": round(sum(r["origin_right"] for r in single) / len(single), 4)
        if single else None,
        "source_accuracy": round(sum(r["source_right"] for r in single) / len(single), 4)
        if single else None,
        "copies": len(single),
        "families_joining_articles": len(joined),
        "joined_examples": [sorted(members[f]) for f in joined[:10]],
        "types": types,
    }, links


def evaluate(data_dir: Path, *, articles: int = 300, seed: int = 1, workers: int = 0,
             cache_dir: Path | None = None, dump_dir: Path | None = None) -> dict[str, Any]:
    """Generate, scan (cached per code version) and score; write the dump if asked."""
    from ..store import Store
    from .corpora import never_tuned_rows
    from .farm import make_copies
    from .scanned import cached_scan

    originals, fillers = pick_articles(never_tuned_rows(data_dir), articles, seed)
    docs = make_copies(originals, seed, fillers=fillers)
    rows = [{"id": a.id, "url": a.url, "site": a.site, "title": a.title, "text": a.text}
            for a in originals] + [d.to_row() for d in docs]
    db = cached_scan(f"provenance-n{articles}-s{seed}", rows, cache_dir=cache_dir,
                     workers=workers)
    with Store(db, read_only=True) as store:
        relations = {(r["a"], r["b"]): r for r in store.relations()}
        families = store.families()
        documents = store.document_count()
    family_of = {m: f.family for f in families for m in f.members}
    origin_of = {f.family: f.origin for f in families}
    figures, links = score([a.id for a in originals], docs, relations, family_of, origin_of)
    if dump_dir is not None:
        _dump(Path(dump_dir), seed, links, docs, originals)
    return {"benchmark": "provenance", "split": f"seed {seed}", "seed": seed,
            "articles": len(originals), "generated": len(docs), "documents": documents,
            "index": str(db), **figures}


def _dump(folder: Path, seed: int, links: list[dict[str, Any]], docs: Sequence[GeneratedDoc],
          originals: Sequence[Article]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    by_id = {d.id: d for d in docs}
    texts = {a.id: a for a in originals}
    with open(folder / f"provenance-seed{seed}.jsonl", "w", encoding="utf-8") as out:
        for row in links:
            doc, article = by_id[row["doc"]], texts.get(row["article"])
            rel = row.pop("relation")
            row["relation"] = None if rel is None else {
                k: rel[k] for k in ("kind", "partial", "source", "confidence", "coverage_a",
                                    "coverage_b", "direction_by", "reasons")}
            row["note"], row["changes"] = doc.note, doc.changes
            row["doc_head"] = doc.text[:300]
            row["article_head"] = article.text[:300] if article else None
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def format_table(result: dict[str, Any]) -> Any:
    """A rich table of one ``evaluate`` result: a row per generated kind (the kinds
    found are in the JSON's ``confusion``)."""
    from rich.table import Table

    table = Table(title=f"provenance (seed {result['seed']}, {result['articles']} articles, "
                        f"{result['generated']} generated pages)")
    for column in ("kind", "links", "found", "kind acc", "source right", "origin right"):
        table.add_column(column, justify="left" if column == "kind" else "right")

    def cell(value: Any) -> str:
        return "" if value is None else f"{value:.3f}" if isinstance(value, float) else str(
            value)
    for kind, row in result["types"].items():
        if kind == "quote-share":  # found: wrongly called a copy
            table.add_row(kind, cell(row["links"]), cell(row["found"]), "", "",
                          f"glued {row['glued']}")
        else:
            table.add_row(kind, cell(row["links"]), cell(row["found"]),
                          cell(row["kind_accuracy"]), cell(row["source_right"]),
                          cell(row["origin_right"]))
    table.caption = (f"origin named right for {cell(result['origin_accuracy'])} of "
                     f"{result['copies']} single-article copies (relation source "
                     f"{cell(result['source_accuracy'])}); families joining two articles: "
                     f"{result['families_joining_articles']}")
    return table
