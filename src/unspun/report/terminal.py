"""Terminal output: run summaries, relations with their alignment, demo findings.

Whatever came from an input reaches rich as a ``Text`` made ``visible`` (``report.safe``):
never as markup, never as control sequences.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..records import Relation
from .safe import shown, visible

#: One colour per kind of change, shared with the HTML report's legend.
CHANGE_STYLES = {
    "quote": "bold magenta",
    "name": "bold red",
    "number": "bold yellow",
    "inserted": "bold white on red",
    "omitted": "dim",
    "added": "cyan",
}


def print_summary(console: Console, summary: dict[str, Any]) -> None:
    table = Table(title=f"scan summary (run {summary['run']})", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")

    def row(what: str, value: str) -> None:
        # Site names are scraped: "[/b]Evil" is a site name, not markup.
        table.add_row(what, shown(value))

    row("documents added", str(summary["documents_added"]))
    row("documents in the index", str(summary["documents_total"]))
    skipped = summary["skipped"]
    row("skipped", ", ".join(f"{k}: {v}" for k, v in skipped.items()) or "none")
    repaired = summary.get("repaired") or {}
    if repaired:
        row("repaired on reading", ", ".join(f"{k}: {v}" for k, v in repaired.items()))
    removed = summary["removed"]
    row("removed by cleaning", ", ".join(f"{k}: {v}" for k, v in removed.items()) or "nothing")
    by_site = summary.get("removed_by_site") or {}
    if by_site:
        top = sorted(by_site.items(), key=lambda kv: -sum(kv[1].values()))[:5]
        row("removed, top sites", "; ".join(f"{site} {sum(c.values())}" for site, c in top)
            + (f" (all {len(by_site)} sites in --json)" if len(by_site) > 5 else ""))
    cands = summary["candidates"]
    row("candidate pairs", f"{cands.get('pairs', 0)} (" + ", ".join(
        f"{k}: {v}" for k, v in cands.items() if k != "pairs") + ")")
    row("relations by kind", ", ".join(
        f"{k}: {v}" for k, v in summary["relations"].items()) or "none")
    row("families with copies", str(summary["families_with_copies"]))
    row("stories (2+ families)", str(summary["stories_with_several_families"]))
    signals = dict((summary.get("stages") or {}).get("signals") or {})
    if signals:
        done = signals.pop("documents", 0)
        row("content-farm signals", f"{done} documents (re)computed" + (
            ": " + ", ".join(f"{k} {v}" for k, v in sorted(signals.items(),
                                                           key=lambda kv: -kv[1]))
            if signals else "") + " (unspun sites)")
    row("time per stage", ", ".join(f"{k} {v:.1f}s" for k, v in summary["seconds"].items()))
    console.print(table)


def verdict(relation: Relation | dict[str, Any]) -> Text:
    r = relation.to_dict() if isinstance(relation, Relation) else relation
    kind = r["kind"]
    style = "bold green" if kind in ("unrelated", "same-story") else "bold red"
    text = Text()
    text.append(kind, style=style)
    if r["partial"]:
        text.append(" (excerpt)")
    text.append(f"  confidence {r['confidence']:.2f}")
    if r.get("source"):
        text.append(f"  source: {visible(r['source'])}", style="bold")
        if r.get("direction_by"):
            text.append(f" (by {', '.join(r['direction_by'])})")
    return text


def print_relation(console: Console, relation: Relation, text_a: str, text_b: str,
                   *, name_a: str = "a", name_b: str = "b", max_pairs: int = 40,
                   max_passages: int = 5) -> None:
    """The verdict, its reasons, the copied passages' spans, the aligned sentence pairs
    and the changes."""
    from ..text import split_sentences

    console.print(verdict(relation))
    for reason in relation.reasons:
        console.print(shown(f"  - {reason}"))
    if relation.passages:
        spans = "; ".join(f"{name_a} {a0}–{a1} = {name_b} {b0}–{b1}"
                          for (a0, a1), (b0, b1) in relation.passages[:max_passages])
        more = len(relation.passages) - max_passages
        console.print(shown(f"  copied passages (characters): {spans}"
                            + (f"; … {more} more" if more > 0 else "")))
    if relation.alignment and relation.alignment.pairs:
        sa, sb = split_sentences(text_a), split_sentences(text_b)
        table = Table(title="aligned sentences", show_lines=True, expand=True)
        table.add_column(shown(name_a), ratio=1)
        table.add_column(shown(name_b), ratio=1)
        table.add_column("op / sim", no_wrap=True)
        for p in relation.alignment.pairs[:max_pairs]:
            left = " ".join(s.text for s in sa[p.a[0]:p.a[1]])
            right = " ".join(s.text for s in sb[p.b[0]:p.b[1]])
            table.add_row(shown(left, lines=True), shown(right, lines=True),
                          f"{p.op}\n{p.similarity:.2f}/{p.overlap:.2f}")
        console.print(table)
        if len(relation.alignment.pairs) > max_pairs:
            console.print(f"  … {len(relation.alignment.pairs) - max_pairs} more pairs")
    print_changes(console, [c.to_dict() for c in relation.changes])


def print_changes(console: Console, changes: list[dict[str, Any]], limit: int = 30) -> None:
    if not changes:
        return
    console.print("[bold]changes[/bold] (source → copy)")
    for c in changes[:limit]:
        style = CHANGE_STYLES.get(c["kind"], "")
        line = Text("  ")
        line.append(f"{c['kind']:<8}", style=style)
        src, cpy = _clip(c["source_text"]), _clip(c["copy_text"])
        if src and cpy:
            line.append(f" {_quoted(src)} → {_quoted(cpy)}")
        else:
            line.append(f" {_quoted(src or cpy)}")
        if c.get("note"):
            line.append(f"  ({visible(c['note'])})", style="dim")
        console.print(line)
    if len(changes) > limit:
        console.print(f"  … {len(changes) - limit} more changes")


def _quoted(text: str) -> str:
    # repr escapes controls as visible does (and every other unprintable character).
    return visible(repr(text))


def _clip(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


_INVISIBLE = dict.fromkeys([*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E,
                            0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], " ")


def plain(value: object) -> str:
    """Scraped text for a terminal line: control and bidi characters become spaces (an
    escape sequence or a right-to-left override in a title must not act)."""
    return " ".join(str(value).translate(_INVISIBLE).split())


def print_check(console: Console, name: str, result: Any) -> None:
    """What ``unspun check`` found for one page (a ``check.CheckResult``)."""
    head = Text()
    head.append(plain(name), style="bold")
    found = result.relations
    head.append(f": {len(found)} related indexed document{'s' if len(found) != 1 else ''}"
                f" ({result.candidates} candidates aligned, {result.seconds:.2f} s)")
    console.print(head)
    for note in result.notes:
        console.print(Text(f"  note: {note}", style="dim"))
    for m in found:
        line = Text("  ")
        line.append(m.kind, style="bold red" if m.relation.is_copy else "bold green")
        if m.partial:
            line.append(" (excerpt)")
        line.append(f"  {plain(m.id)}  {plain(m.document.site or '?')}  "
                    f"{m.document.published or 'no date'}  confidence {m.confidence:.2f}")
        if m.source == m.id:
            line.append("  the page copies it", style="bold")
        elif m.source is not None:
            line.append("  it copies the page", style="bold")
        console.print(line)
        if m.document.title:
            console.print(Text(f"      {plain(m.document.title)[:110]}", style="italic"))
        if m.changes:
            counts: dict[str, int] = {}
            for c in m.changes:
                counts[c.kind] = counts.get(c.kind, 0) + 1
            console.print(Text("      changes: " + ", ".join(
                f"{k} {n}" for k, n in counts.items()), style="dim"))


def print_sites(console: Console, stats: list[Any]) -> None:
    """Sites (``signals.sites.site_stats``) as a table: copies, the farm score with its
    interval, and the signals that weigh most in it."""
    from ..signals.rules import SIGNALS

    table = Table(title="sites by farm score", caption="signals: documents carrying each, "
                  "heaviest in the score first; --json gives every reason with example "
                  "documents")
    table.add_column("site", no_wrap=True, overflow="fold")
    for column in ("docs", "copies", "score", "95% interval"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("signals")
    for s in stats:
        low, high = s.farm_score_interval
        shown = sorted((name for name, k in s.signals.items() if k),
                       key=lambda name: (-SIGNALS[name].weight * s.signals[name], name))
        table.add_row(Text(plain(s.site), style="bold"), f"{s.documents:,}", f"{s.copies:,}",
                      f"{s.farm_score:.2f}", f"{low:.2f}\u2013{high:.2f}",
                      ", ".join(f"{name} {s.signals[name]}" for name in shown) or "none")
    console.print(table)
