"""The ``unspun`` command: parse, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
import tempfile
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
    workers: Annotated[int, typer.Option(help="Processes; 0 = all cores.")] = 0,
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
            summary = run_scan(paths, db, config=settings, progress=_Bars(progress))
    except UnspunError as exc:
        raise _fail(exc) from None
    if as_json:
        print(json.dumps(summary.to_dict(), indent=2))
    else:
        print_summary(console, summary.to_dict())


@app.command()
def export(
    what: Annotated[str, typer.Option(help="documents, relations, families or stories")],
    db: DbOption = Path("unspun.duckdb"),
    format: Annotated[str, typer.Option("--format", help="jsonl, json or parquet")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File (default: stdout).")
                      ] = None,
) -> None:
    """Export documents, relations, families or stories from the index."""
    from .report.export import export as run_export
    from .store import Store

    try:
        with _stoppable(), Store(db, read_only=True) as store:
            n = run_export(store, what, format, output)
    except UnspunError as exc:
        raise _fail(exc) from None
    if output:
        err.print(shown(f"wrote {n} {what} to {output}"))


@app.command()
def compare(
    a: Annotated[Path, typer.Argument(help="A file in any ingestible format.")],
    b: Annotated[Path, typer.Argument(help="Another file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the relation as JSON.")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Also write an HTML report.")
                    ] = None,
) -> None:
    """Compare two files: the relation, the aligned sentences and the changes."""
    from .api import compare as run_compare
    from .pipeline import load_document
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
    html: Annotated[Path, typer.Option("--html", help="Write the report to this HTML file.")],
    db: DbOption = Path("unspun.duckdb"),
    family: Annotated[str | None, typer.Option(help="Only this family.")] = None,
    story: Annotated[str | None, typer.Option(help="Only this story.")] = None,
) -> None:
    """Write a self-contained HTML report of the index: all, one family or one story."""
    from .report.html import store_report
    from .store import Store

    try:
        with _stoppable(), Store(db, read_only=True) as store:
            page = store_report(store, family=family, story=story)
    except UnspunError as exc:
        raise _fail(exc) from None
    html.write_text(page, encoding="utf-8")
    err.print(shown(f"wrote {html}"))


@app.command("eval")
def evaluate(
    benchmark: Annotated[str, typer.Argument(help="pan13, mrpc, semeval or extraction")],
    split: Annotated[str, typer.Option(help="train, test or held (pan13 only)")] = "test",
    sample: Annotated[int | None, typer.Option(help="Evaluate a fixed sample of this size.")
                      ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Also write the JSON "
                      "here (default: eval-<benchmark>-<split>.json).")] = None,
) -> None:
    """Measure accuracy on the labelled data in ../shared/data (or $UNSPUN_DATA)."""
    from .eval.run import format_table, run_eval

    try:
        with _stoppable():
            result = run_eval(benchmark, split, sample=sample)
    except (ValueError, FileNotFoundError) as exc:
        raise _fail(exc, 2) from None
    text = json.dumps(result, indent=2)
    (output or Path(f"eval-{benchmark}-{split}.json")).write_text(text + "\n", encoding="utf-8")
    if as_json:
        print(text)
    else:
        console.print(format_table(result))


@app.command()
def demo(
    db: Annotated[Path | None, typer.Option("--db", help="Keep the demo index in this file.")
                  ] = None,
) -> None:
    """Scan the small corpus bundled with unspun and show what it finds."""
    from .demo import corpus_path, show
    from .pipeline import scan as run_scan
    from .report.terminal import print_summary

    with tempfile.TemporaryDirectory() as tmp:
        target = db or Path(tmp) / "demo.duckdb"
        if target.exists():
            target.unlink()
        console.print(Text.assemble(("unspun demo", "bold"), ": ",
                                    shown(f"scanning {corpus_path()} into {target}")))
        try:
            with _stoppable(), _progress() as progress:
                summary = run_scan([corpus_path()], target, progress=_Bars(progress))
        except UnspunError as exc:
            raise _fail(exc) from None
        print_summary(console, summary.to_dict())
        show(console, target)


def main() -> None:
    # SIGTERM stops a run as Ctrl-C does; each command says what an interruption leaves.
    interrupt.install()
    app()


if __name__ == "__main__":
    main()
