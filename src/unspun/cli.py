"""The ``unspun`` command: parse, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from . import interrupt
from .errors import UnspunError
from .report.safe import json_safe, shown

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Find every copy of a news story, trace it to its source, "
                       "show what it changed.")
console = Console()
err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="The DuckDB index file.")]


def _fail(exc: Exception, code: int = 1) -> typer.Exit:
    # Messages name files and inputs: shown as text, never read as markup.
    err.print(Text.assemble(("error:", "bold red"), " ", shown(exc)))
    return typer.Exit(code)


def _warn(store: object) -> None:
    """What a read-only command should know about the index it reads."""
    if getattr(store, "warning", None):
        err.print(Text.assemble(("warning:", "bold yellow"), " ", shown(
            f"{store.warning} (reading it anyway: what it holds was computed with the files "
            "it records)")))


_RESUME = ("interrupted: the index keeps every batch written so far; "
           "run the same scan again to resume")


@contextmanager
def _stoppable(message: str = "interrupted") -> Iterator[None]:
    """Ctrl-C or SIGTERM inside: ``message`` and the signal's exit code (130, 143), not a
    traceback, also when the signal interrupted a DuckDB query."""
    try:
        yield
    except BaseException as exc:
        signum = interrupt.stopped_by(exc)
        if signum is None:
            raise
        err.print(message)
        raise typer.Exit(interrupt.exit_code(signum)) from None


class _Bars:
    """Rich progress bars fed by the library's progress callback."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, int] = {}

    def __call__(self, stage: str, advance: int, total: int | None) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], advance=advance, total=total)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=False,
                    disable=not err.is_terminal)


@app.command()
def scan(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (.txt, .html, .html.gz, "
                                                    ".jsonl[.gz], .warc[.gz]); - for stdin.")],
    db: DbOption = Path("unspun.duckdb"),
    config: Annotated[Path | None, typer.Option(help="A TOML file of settings.")] = None,
    workers: Annotated[int, typer.Option(help="Processes (Ray: actors); 0 = all cores.")] = 0,
    engine: Annotated[str, typer.Option(help="Where the per-document and per-pair stages run: "
                                             "local (a process pool) or ray.")] = "local",
    ray_address: Annotated[str | None, typer.Option(
        help="A running Ray cluster (ray://HEAD:10001 or HEAD:6379); default: RAY_ADDRESS, "
             "else Ray is started on this machine.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Ingest files into the index, find copies, classify them, group families and stories."""
    from .config import load_config
    from .pipeline import scan as run_scan
    from .report.terminal import print_summary

    try:
        settings = load_config(config)
        if workers:
            from dataclasses import replace

            settings = replace(settings, scan=replace(settings.scan, workers=workers))
        with _stoppable(_RESUME), _progress() as progress:
            summary = run_scan(paths, db, config=settings, engine=engine,
                               ray_address=ray_address, progress=_Bars(progress))
    except UnspunError as exc:
        raise _fail(exc) from None
    if as_json:
        print(json.dumps(summary.to_dict(), indent=2))
    else:
        print_summary(console, summary.to_dict())


@app.command()
def export(
    what: Annotated[str, typer.Option(
        help="documents, relations, families, stories, signals, sites, or keep (the "
             "keep/drop list: one row per document)")],
    db: DbOption = Path("unspun.duckdb"),
    format: Annotated[str, typer.Option("--format", help="jsonl, json or parquet")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File (default: stdout).")
                      ] = None,
) -> None:
    """Export documents, relations, families, stories, signals, sites or the keep/drop list
    from the index."""
    from .report.export import export as run_export
    from .store import Store

    try:
        with _stoppable(), Store(db, read_only=True) as store:
            _warn(store)
            n = run_export(store, what, format, output)
    except UnspunError as exc:
        raise _fail(exc) from None
    if output:
        err.print(shown(f"wrote {n} {what} to {output}"))


@app.command()
def sites(
    db: DbOption = Path("unspun.duckdb"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the statistics as JSON.")
                       ] = False,
    limit: Annotated[int | None, typer.Option(help="Show this many sites (default: 20 in "
                                                   "the table, all in JSON; 0: all).")
                     ] = None,
    sort: Annotated[str, typer.Option(help="score (the farm score), low (the low end of its "
                                           "interval), documents or copies")] = "score",
    min_documents: Annotated[int, typer.Option(help="Leave out sites with fewer documents.")
                             ] = 1,
    site: Annotated[list[str] | None, typer.Option(help="Only this site (repeatable).")
                    ] = None,
) -> None:
    """Per site: documents, copies, originals, signals, and the farm score with its reasons."""
    from .report.terminal import print_sites
    from .signals.sites import site_stats
    from .store import Store

    try:
        with Store(db, read_only=True) as store:
            _warn(store)
            stats = site_stats(store, site, sort=sort, min_documents=min_documents)
    except UnspunError as exc:
        raise _fail(exc) from None
    shown = limit if limit is not None else (0 if as_json else 20)
    stats = stats[:shown] if shown else stats
    if as_json:
        print(json.dumps([s.to_dict() for s in stats], indent=2, ensure_ascii=False))
    else:
        print_sites(console, stats)


@app.command()
def compare(
    a: Annotated[Path, typer.Argument(help="A file in any ingestible format; FILE#ID picks "
                                      "one document of a JSONL or WARC file.")],
    b: Annotated[Path, typer.Argument(help="Another file (or FILE#ID).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the relation as JSON.")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Also write an HTML report.")
                    ] = None,
) -> None:
    """Compare two files: the relation, the aligned sentences and the changes."""
    from .api import compare as run_compare
    from .api import load_document
    from .report.terminal import print_relation

    try:
        with _stoppable():
            doc_a, doc_b = load_document(a), load_document(b)
            relation = run_compare(doc_a, doc_b)
    except UnspunError as exc:
        raise _fail(exc) from None
    if html:
        from .report.html import relation_page

        html.write_text(relation_page(relation, doc_a, doc_b), encoding="utf-8")
        err.print(shown(f"wrote {html}"))
    if as_json:
        out = relation.to_dict()
        out["alignment"] = relation.alignment.to_dict() if relation.alignment else None
        print(json_safe(json.dumps(out, indent=2, ensure_ascii=False)))
    else:
        print_relation(console, relation, doc_a.text, doc_b.text, name_a=doc_a.id,
                       name_b=doc_b.id)


@app.command()
def report(
    html: Annotated[Path, typer.Option("--html", help="A folder: the whole index as linked "
                                       "pages. FILE.html: one family or story (--family, "
                                       "--story) in one self-contained page.")],
    db: DbOption = Path("unspun.duckdb"),
    family: Annotated[str | None, typer.Option(help="Only this family (FILE.html).")] = None,
    story: Annotated[str | None, typer.Option(help="Only this story (FILE.html).")] = None,
) -> None:
    """Write the index as HTML: a folder of linked pages, or one family or story as a file."""
    from .store import Store

    one_file = html.suffix.lower() in (".html", ".htm")
    try:
        if one_file and family is None and story is None:
            raise UnspunError(f"one file holds one family or story: add --family F or "
                              f"--story S, or give a folder for the whole index "
                              f"(unspun report --html {html.with_suffix('')}/)")
        if not one_file and (family is not None or story is not None):
            raise UnspunError("--family and --story write one self-contained page: give "
                              "--html FILE.html")
        with _stoppable(), Store(db, read_only=True) as store:
            _warn(store)
            if one_file:
                from .report.html import store_report

                page = store_report(store, family=family, story=story)
            else:
                from .report.static import export_site

                with _progress() as progress:
                    summary = export_site(store, html, progress=_Bars(progress))
    except UnspunError as exc:
        raise _fail(exc) from None
    if one_file:
        html.write_text(page, encoding="utf-8")
        err.print(shown(f"wrote {html}"))
    else:
        err.print(shown(f"wrote {sum(summary.pages.values()):,} pages to {html} in "
                        f"{summary.seconds:.1f} s: open {html / 'index.html'}"))


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Pages to check (any ingestible format; "
                                                     "the first document of each).")],
    db: DbOption = Path("unspun.duckdb"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    store: Annotated[bool, typer.Option("--store", help="Also add each page to the index.")
                     ] = False,
) -> None:
    """Check pages against the index: the indexed documents each copies or was copied by."""
    from .api import load_document
    from .check import check as run_check
    from .report.terminal import print_check

    results = []
    try:
        with _stoppable():
            checked = [(path, run_check(db, load_document(path), store=store)) for path in files]
        for path, result in checked:
            results.append({"file": str(path), **result.to_dict()})
            if not as_json:
                print_check(console, str(path), result)
    except UnspunError as exc:
        raise _fail(exc) from None
    if as_json:
        print(json_safe(json.dumps(results, indent=2, ensure_ascii=False)))


@app.command()
def serve(
    db: DbOption = Path("unspun.duckdb"),
    host: Annotated[str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it to "
                                           "this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Browse the index in a web browser and check pages over a JSON API (read-only)."""
    from .errors import MissingExtra

    try:
        import uvicorn

        from .web.app import create_app
    except ImportError as exc:
        raise _fail(MissingExtra(exc.name or "fastapi", "web")) from None
    try:
        application = create_app(db)
    except UnspunError as exc:
        raise _fail(exc) from None
    err.print(shown(f"serving {db} on http://{host}:{port}/ (API docs at /docs); Ctrl-C stops"))
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command("eval")
def evaluate(
    benchmark: Annotated[str, typer.Argument(
        help="pan13, mrpc, semeval, extraction, news, provenance or signals")],
    split: Annotated[str | None, typer.Option(
        help="pan13: test (default), train or held; news: all (default: syndication, "
             "fresh and fresh-called, the held-out labels), one of them, or dev (the "
             "development labels: dev-syndication, dev-newsbias, dev-called, dev-recall, "
             "dev-called2, dev-origin, dev-called3) or one of those; signals: all "
             "(default), never-tuned or syndication")] = None,
    sample: Annotated[int | None, typer.Option(
        help="Evaluate a fixed sample of this size (news: scan this many never-tuned "
             "articles, plus the labelled ones, instead of all).")] = None,
    seed: Annotated[int, typer.Option(
        help="provenance: the generator's seed (tune on 0, report another).")] = 1,
    articles: Annotated[int, typer.Option(
        help="provenance: how many never-tuned articles to copy from.")] = 300,
    dump: Annotated[Path | None, typer.Option(
        help="news, provenance: write per-pair JSONL dumps into this folder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Also write the JSON "
                      "here (default: eval-<benchmark>-<split>.json).")] = None,
) -> None:
    """Measure accuracy on the labelled data in ../shared/data (or $UNSPUN_DATA)."""
    from .eval.run import format_table, run_eval

    options: dict[str, object] = {}
    if benchmark in ("news", "provenance"):
        options["dump_dir"] = dump
    if benchmark == "provenance":
        options.update(seed=seed, articles=articles)
    try:
        with _stoppable():
            result = run_eval(benchmark, split, sample=sample, **options)
    except (ValueError, FileNotFoundError) as exc:
        raise _fail(exc, 2) from None
    except (UnspunError, ImportError) as exc:  # ImportError: an extra that is not installed
        raise _fail(exc) from None
    text = json.dumps(result, indent=2, ensure_ascii=False)
    name = result.get("split", split)
    if benchmark == "provenance":
        name = f"seed{seed}"
    (output or Path(f"eval-{benchmark}-{name}.json")).write_text(text + "\n", encoding="utf-8")
    if as_json:
        print(text)
    else:
        console.print(format_table(result))


#: Where ``unspun demo`` keeps its index unless told otherwise: a stable path, so that
#: ``unspun serve`` can open it afterwards.
DEMO_DB = Path("unspun-demo.duckdb")


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Keep the demo index in this file.")
                  ] = DEMO_DB,
    force: Annotated[bool, typer.Option("--force", help="Replace the --db file even if it is "
                                        "not a demo index.")] = False,
) -> None:
    """Scan the small corpus bundled with unspun, show what it finds and how to browse it."""
    import shlex

    from .demo import corpus_path, is_demo_index, mark, show
    from .pipeline import scan as run_scan
    from .report.terminal import print_summary

    if db.exists() and not force and not is_demo_index(db):
        err.print(Text.assemble(("error:", "bold red"), " ", shown(
            f"{db} exists and is not an index made by `unspun demo`: choose another --db "
            "file, or pass --force to replace it")))
        raise typer.Exit(2)
    if db.exists():
        db.unlink()
        for beside in (f"{db}.wal", f"{db}.usearch"):
            Path(beside).unlink(missing_ok=True)
    console.print(Text.assemble(("unspun demo", "bold"), ": ",
                                shown(f"scanning {corpus_path()} into {db}")))
    try:
        with _stoppable(), _progress() as progress:
            summary = run_scan([corpus_path()], db, progress=_Bars(progress))
    except UnspunError as exc:
        raise _fail(exc) from None
    mark(db)
    print_summary(console, summary.to_dict())
    show(console, db)
    console.rule("[bold]browse it[/bold]")
    console.print("Open the web app on the demo index (then http://127.0.0.1:8000/ in a "
                  "browser; Ctrl-C stops it):", highlight=False)
    console.print(f"  unspun serve --db {shlex.quote(str(db))}", markup=False, highlight=False)
    console.print("or write it as linked HTML pages:", highlight=False)
    console.print(f"  unspun report --db {shlex.quote(str(db))} --html unspun-demo-report/",
                  markup=False, highlight=False)


def main() -> None:
    # SIGTERM stops a run as Ctrl-C does; each command says what an interruption leaves.
    interrupt.install()
    app()


if __name__ == "__main__":
    main()
