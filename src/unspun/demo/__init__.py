"""The bundled demo corpus (real news-bias articles plus labelled simulated copies)."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..report.safe import shown, visible
from ..report.terminal import print_changes, print_sites, verdict
from ..signals.sites import site_stats
from ..store import Store

HERE = Path(__file__).resolve().parent

#: The ``meta`` entry that marks an index made by ``unspun demo``.
MARK = ("made_by", "unspun demo")


def corpus_path() -> Path:
    return HERE / "corpus" / "articles.jsonl"


def mark(db: str | Path) -> None:
    """Mark ``db`` as a demo index, which a later demo may replace."""
    with Store(db) as store:
        store.set_meta(*MARK)


def is_demo_index(path: str | Path) -> bool:
    """Whether ``path`` is an index that ``unspun demo`` made (anything else, a file of
    another kind included, is not)."""
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        rows = con.execute("SELECT value FROM meta WHERE key = ?", [MARK[0]]).fetchall()
    except duckdb.Error:
        return False
    finally:
        con.close()
    return rows == [(MARK[1],)]


def simulated_notes() -> dict[str, str]:
    """How each simulated copy was made, from the corpus file itself."""
    notes = {}
    with corpus_path().open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("simulated"):
                notes[row["id"]] = str(row["simulated"])
    return notes


def show(console: Console, db: str | Path, max_families: int = 12) -> None:
    """Print the stories, families, copies and a few changes the demo scan found."""
    notes = simulated_notes()
    with Store(db, read_only=True) as store:
        docs = {d.id: d for d in store.documents()}
        families = [f for f in store.families() if len(f.members) > 1]
        stories = [s for s in store.stories() if len(s.families) > 1]

        def label(doc_id: str) -> str:
            d = docs[doc_id]
            sim = " [SIMULATED]" if doc_id in notes else ""
            return visible(f"{doc_id} ({d.site or '?'}, {d.published or 'no date'}){sim}")

        console.rule("[bold]stories[/bold]: coverage of one event by several families")
        for s in stories:
            console.print(Text.assemble(shown(s.story, "bold"), f": {len(s.families)} families, "
                                        f"{len(s.members)} documents"))
            for f in s.families:
                origin = f.removeprefix("family:")
                console.print(shown(f"   {docs[origin].title or origin!r}  — {label(origin)}"))
        console.rule("[bold]families[/bold]: an origin and its copies")
        for f in sorted(families, key=lambda f: -len(f.members))[:max_families]:
            console.print(Text.assemble(("origin ", "bold"), label(f.origin), "  ",
                                        shown(docs[f.origin].title or "", "italic")))
            for member in f.members:
                if member == f.origin:
                    continue
                rel = store.relation(member, f.origin)
                line = Text("   copy ")
                line.append(label(member))
                if rel:
                    line.append("  ")
                    line.append(verdict(rel))
                else:
                    line.append("  (copy of a copy)")
                console.print(line)
                if rel:
                    print_changes(console, rel["changes"], limit=4)
        console.rule("[bold]sites[/bold]: content-farm signals, highest farm score first")
        print_sites(console, site_stats(store)[:5])
        if notes:
            console.rule("[bold]simulated copies[/bold]")
            console.print(Text("Documents marked [SIMULATED] are not real pages: "
                               "scripts/make_demo_corpus.py made them from real articles "
                               "(see unspun/demo/SOURCES.md):"))
            for doc_id, note in notes.items():
                console.print(shown(f"  {doc_id}: {note}"))
