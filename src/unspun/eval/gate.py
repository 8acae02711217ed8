"""The quality gate: fixed samples of PAN 2013, MRPC and SemEval *train*; extraction;
provenance on its tuning seed; floors.

The gate runs on every ``make test``, so what it reads becomes a development set: it
reads the train splits (the models are fitted there too: it guards against regressions,
it reports nothing), never PAN ``test`` or ``held`` or the MRPC and SemEval test files,
which ``unspun eval`` reports. The extraction benchmark has no split; it is both gated
and reported. Provenance is gated on seed 0 (the generator's tuning seed; seed 1 is
reported) over fewer articles than the report. The news development labels (a full scan
of two corpora, ~2 minutes) are gated in the slow suite only (``--slow``, ``-m slow``):
their floors are checked when they are measured.

``figures()`` measures; ``check()`` compares with the floors in ``baseline.json`` (beside
this file), which also records the splits, samples and margin they were set with
(checked against this code). The test suite never rewrites the floors. A floor goes
down only with ``python -m unspun.eval.gate --update-baseline --allow-lower`` and a new
last entry in ``CHANGES.md`` (beside this file) that names it and says why; floors of
figures no longer measured are kept.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .paths import data_dir

BASELINE = Path(__file__).resolve().parent / "baseline.json"
CHANGES = Path(__file__).resolve().parent / "CHANGES.md"
#: The split each benchmark is gated on.
SPLITS = {"pan13": "train", "mrpc": "train", "semeval": "train", "extraction": "test",
          "provenance": "seed 0"}
#: The fixed samples (PAN: about this many pairs spread over the five obfuscations;
#: provenance: articles copied from).
SAMPLES = {"pan13": 250, "mrpc": 600, "semeval": None, "provenance": 150}
#: Gated only with ``slow``: the news pairs' development labels, and their figures.
SLOW = {"news": "dev"}
NEWS_FIGURES = ("precision", "recall", "kind_accuracy", "origin_accuracy")
#: Floors sit this far under the measured figure, so noise-free reruns always pass.
MARGIN = 0.01


def figures(root: Path | None = None, workers: int = 2, *, slow: bool = False
            ) -> dict[str, float]:
    """The gated figures, flat (``pan13.random.recall``, ``mrpc.accuracy``, ...); with
    ``slow``, the news development figures too (``news.dev-newsbias.precision``, ...)."""
    from .run import run_eval

    root = root or data_dir()
    out: dict[str, float] = {}
    pan = run_eval("pan13", SPLITS["pan13"], root, SAMPLES["pan13"], workers)
    for obfuscation, row in pan["types"].items():
        for key in ("recall", "kind_accuracy"):
            if key in row:
                out[f"pan13.{obfuscation}.{key}"] = row[key]
        if "false_positive_rate" in row:
            # Stored as 1 - rate, so every gated figure is "higher is better".
            out[f"pan13.{obfuscation}.true_negative_rate"] = round(
                1 - row["false_positive_rate"], 4)
    out["pan13.plagdet"] = pan["plagdet_verbatim"]["plagdet"]
    mrpc = run_eval("mrpc", SPLITS["mrpc"], root, SAMPLES["mrpc"])
    out["mrpc.accuracy"], out["mrpc.f1"] = mrpc["accuracy"], mrpc["f1"]
    out["semeval.pearson"] = run_eval("semeval", SPLITS["semeval"], root,
                                      SAMPLES["semeval"])["pearson"]
    extraction = run_eval("extraction", SPLITS["extraction"], root, None, workers)
    out["extraction.f1"] = extraction["f1"]
    # Stored as 1 - lost, so every gated figure is "higher is better".
    out["extraction.kept_sentences"] = round(1 - extraction["lost_sentences_by_cleaning"], 4)
    provenance = run_eval("provenance", None, root, None, workers, seed=0,
                          articles=SAMPLES["provenance"])
    out["provenance.origin_accuracy"] = provenance["origin_accuracy"]
    out["provenance.source_accuracy"] = provenance["source_accuracy"]
    # Stored as the share of articles kept apart, so every figure is "higher is better".
    out["provenance.articles_apart"] = round(
        1 - provenance["families_joining_articles"] / provenance["articles"], 4)
    if slow:
        news = run_eval("news", SLOW["news"], root, None, workers)
        for name, result in news.items():
            if isinstance(result, dict) and "all" in result:
                for key in NEWS_FIGURES:
                    if result["all"].get(key) is not None:
                        out[f"news.{name}.{key}"] = result["all"][key]
    return out


def load_baseline(path: Path = BASELINE) -> dict[str, float]:
    """The floors; a ``GateError`` when they were set on other splits, samples or margin
    than this code measures (they would not be comparable)."""
    stored = json.loads(path.read_text(encoding="utf-8"))
    settings = {"splits": SPLITS, "samples": SAMPLES, "margin": MARGIN, "slow": SLOW}
    differ = [k for k, v in settings.items() if stored.get(k) != json.loads(json.dumps(v))]
    if differ:
        raise GateError(f"{path} was set with other {', '.join(differ)} than the gate uses "
                        f"({', '.join(f'{k} {settings[k]}' for k in differ)}): measure and "
                        "set the floors again with --update-baseline")
    return stored["floors"]


class GateError(Exception):
    """The floors cannot be used or changed as asked; the message says why."""


def check(measured: dict[str, float], floors: dict[str, float], *, slow: bool = False
          ) -> list[str]:
    """One message per figure under its floor (or missing; the slow ones only ``slow``)."""
    failures = []
    for name, floor in sorted(floors.items()):
        if not slow and name.split(".")[0] in SLOW:
            continue
        value = measured.get(name)
        if value is None:
            failures.append(f"{name}: not measured (floor {floor})")
        elif value < floor:
            failures.append(f"{name}: {value:.4f} is under its floor {floor:.4f}")
    return failures


def last_change(path: Path = CHANGES) -> str:
    """The last entry of CHANGES.md (its last top-level ``- `` item), or ""."""
    if not path.exists():
        return ""
    entries = path.read_text(encoding="utf-8").split("\n- ")
    return entries[-1] if len(entries) > 1 else ""


def update_baseline(measured: dict[str, float], allow_lower: bool, path: Path = BASELINE,
                    changes: Path = CHANGES) -> dict[str, float]:
    """New floors just under ``measured``, for the gate's current settings.

    A floor goes down only with ``allow_lower`` and when the last entry of ``changes``
    names it (saying why is that entry's job); otherwise it stays. Floors of figures no
    longer measured stay as they are.
    """
    old = json.loads(path.read_text(encoding="utf-8"))["floors"] if path.exists() else {}
    floors = {name: round(max(0.0, value - MARGIN), 4) for name, value in measured.items()}
    lowered = sorted(n for n, v in floors.items() if n in old and v < old[n])
    # Without allow_lower, floors measured above but within the margin stay as they are;
    # a figure under its floor is refused.
    under = sorted(n for n in lowered if measured[n] < old[n])
    if under and not allow_lower:
        raise GateError("these figures are under their floors: " + ", ".join(under)
                        + " (pass --allow-lower to lower them on purpose)")
    if not allow_lower:
        lowered = []
    entry = last_change(changes)
    unexplained = [n for n in lowered if n not in entry]
    if unexplained:
        raise GateError(f"lowering {', '.join(unexplained)} needs a new last entry in "
                        f"{changes} that names each of them and says why")
    if not allow_lower:
        floors = {n: max(v, old.get(n, v)) for n, v in floors.items()}
    floors = {**old, **floors}  # a figure no longer measured keeps its floor
    path.write_text(json.dumps({"splits": SPLITS, "samples": SAMPLES, "margin": MARGIN,
                                "slow": SLOW,
                                "floors": dict(sorted(floors.items()))},
                               indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return floors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="unspun's evaluation quality gate")
    parser.add_argument("--update-baseline", action="store_true")
    parser.add_argument("--allow-lower", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--slow", action="store_true",
                        help="also the news development labels (~2 minutes)")
    args = parser.parse_args(argv)
    measured = figures(workers=args.workers, slow=args.slow)
    print(json.dumps(measured, indent=1))
    try:
        if args.update_baseline:
            update_baseline(measured, args.allow_lower)
            print(f"wrote {BASELINE}")
            return 0
        failures = check(measured, load_baseline(), slow=args.slow)
    except GateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
