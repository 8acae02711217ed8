"""The ``unspun eval`` entry points: run one benchmark, format its figures as a table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table

from .paths import data_dir as default_data_dir

BENCHMARKS = ("pan13", "mrpc", "semeval", "extraction", "news", "provenance", "signals")
#: The splits of each benchmark, its default first. news: both labelled sets or one;
#: provenance: its generator's ``seed`` says which copies (tune on 0, report another).
SPLITS = {"pan13": ("test", "train", "held"), "mrpc": ("test", "train"),
          "semeval": ("test", "train"), "extraction": ("test",),
          "news": ("all", "syndication", "fresh", "fresh-called", "dev", "dev-syndication",
                   "dev-newsbias", "dev-called", "dev-recall", "dev-called2", "dev-origin",
                   "dev-called3"),
          "provenance": ("test",), "signals": ("all", "never-tuned", "syndication")}
_FOLDERS = {"pan13": "pan13", "mrpc": "mrpc", "semeval": "semeval2022",
            "extraction": "article-extraction", "news": "news-pairs",
            "provenance": "news-bias", "signals": "news-bias"}


def run_eval(name: str, split: str | None = None, data_dir: Path | None = None,
             sample: int | None = None, workers: int = 2, **options: Any) -> dict[str, Any]:
    """The figures of benchmark ``name`` on ``split`` (``sample``: a fixed subset).

    ``data_dir`` defaults to ``$UNSPUN_DATA`` or ``<repo>/../shared/data``; ``split`` to
    the benchmark's first. ``options`` go to the news and provenance evaluations
    (``seed``, ``articles``, ``dump_dir``, ``cache_dir``). Raises ``ValueError`` for an
    unknown benchmark or split and ``FileNotFoundError`` when the data is missing.
    """
    if name not in BENCHMARKS:
        raise ValueError(f"unknown benchmark {name!r}: choose one of {', '.join(BENCHMARKS)}")
    split = split or SPLITS[name][0]
    if split not in SPLITS[name]:
        raise ValueError(f"{name} has splits {', '.join(SPLITS[name])}, not {split!r}")
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    folder = root / _FOLDERS[name]
    if not folder.exists():
        raise FileNotFoundError(f"{folder} does not exist: set UNSPUN_DATA to the folder "
                                "that holds " + ", ".join(f"{f}/" for f in _FOLDERS.values()))
    if name == "extraction":
        from ..clean import clean_document
        from .extraction import evaluate_extraction

        # Extraction with our per-page cleaning on top, as scans run it.
        result = evaluate_extraction(folder, clean=clean_document, workers=workers)
        return {"benchmark": name, "split": split, **result}
    if name == "news":
        from . import news

        sets = news.GROUPS.get(split, (split,))
        return news.evaluate(root, sets, sample=sample, workers=workers, **options)
    if name == "provenance":
        from . import provenance

        return provenance.evaluate(root, workers=workers, **options)
    if name == "signals":
        from . import signals

        return signals.evaluate(root, split, workers=workers,
                                cache_dir=options.get("cache_dir"))
    if name == "pan13":
        from . import pan13

        return pan13.evaluate(root, split, sample, workers)
    if name == "mrpc":
        from . import mrpc

        return mrpc.evaluate(root, split, sample)
    from . import semeval

    return semeval.evaluate(root, split, sample)


def _pct(value: Any) -> str:
    return "" if value is None else f"{value:.3f}"


def format_table(result: dict[str, Any]) -> Table:
    """A rich table of one ``run_eval`` result."""
    name = result.get("benchmark", "")
    if name == "news":
        from .news import format_table as news_table

        return news_table(result)
    if name == "provenance":
        from .provenance import format_table as provenance_table

        return provenance_table(result)
    if name == "signals":
        from .signals import format_table as signals_table

        return signals_table(result)
    unit = "pages" if "pages" in result else "pairs"
    title = f"{name} ({result.get('split', '')}, {result.get(unit, 0)} {unit})"
    if name != "pan13":
        table = Table(title=title)
        table.add_column("measure")
        table.add_column("value", justify="right")
        for key, value in result.items():
            if key not in {"benchmark", "split"}:
                table.add_row(key, _pct(value) if isinstance(value, float) else str(value))
        return table
    table = Table(title=title)
    for column in ("obfuscation", "pairs", "recall", "precision", "FP rate", "kind acc",
                   "kind+partial", "partial", "confusion"):
        table.add_column(column, justify="left" if column in {"obfuscation", "confusion"}
                         else "right")
    for obfuscation, row in result["types"].items():
        table.add_row(obfuscation, str(row["pairs"]), _pct(row.get("recall")),
                      _pct(row.get("precision")), _pct(row.get("false_positive_rate")),
                      _pct(row["kind_accuracy"]), _pct(row.get("kind_and_partial")),
                      _pct(row.get("partial_rate")),
                      ", ".join(f"{k} {n}" for k, n in row["confusion"].items()))
    p = result["plagdet_verbatim"]
    table.caption = (f"plagdet on {p['pairs']} verbatim pairs with offsets: "
                     f"precision {p['precision']:.3f}, recall {p['recall']:.3f}, "
                     f"granularity {p['granularity']:.3f}, plagdet {p['plagdet']:.3f}; "
                     f"{result['seconds_per_pair'] * 1000:.0f} ms per pair")
    return table
