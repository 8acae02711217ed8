"""The quality gate: fixed samples of PAN 2013, MRPC and SemEval test; extraction; floors.

``figures()`` measures; ``check()`` compares with the floors in ``baseline.json`` (beside
this file). The test suite never rewrites the floors; lowering one takes
``python -m unspun.eval.gate --update-baseline --allow-lower``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .paths import data_dir

BASELINE = Path(__file__).resolve().parent / "baseline.json"
#: The fixed samples (PAN: about this many pairs spread over the five obfuscations).
SAMPLES = {"pan13": 150, "mrpc": 600, "semeval": None}
#: Floors sit this far under the measured figure, so noise-free reruns always pass.
MARGIN = 0.01


def figures(root: Path | None = None, workers: int = 2) -> dict[str, float]:
    """The gated figures, flat (``pan13.random.recall``, ``mrpc.accuracy``, ...)."""
    from .run import run_eval

    root = root or data_dir()
    out: dict[str, float] = {}
    pan = run_eval("pan13", "test", root, SAMPLES["pan13"], workers)
    for obfuscation, row in pan["types"].items():
        for key in ("recall", "kind_accuracy"):
            if key in row:
                out[f"pan13.{obfuscation}.{key}"] = row[key]
        if "false_positive_rate" in row:
            # Stored as 1 - rate, so every gated figure is "higher is better".
            out[f"pan13.{obfuscation}.true_negative_rate"] = round(
                1 - row["false_positive_rate"], 4)
    out["pan13.plagdet"] = pan["plagdet_verbatim"]["plagdet"]
    mrpc = run_eval("mrpc", "test", root, SAMPLES["mrpc"])
    out["mrpc.accuracy"], out["mrpc.f1"] = mrpc["accuracy"], mrpc["f1"]
    out["semeval.pearson"] = run_eval("semeval", "test", root, SAMPLES["semeval"])["pearson"]
    extraction = run_eval("extraction", "test", root, None, workers)
    out["extraction.f1"] = extraction["f1"]
    # Stored as 1 - lost, so every gated figure is "higher is better".
    out["extraction.kept_sentences"] = round(1 - extraction["lost_sentences_by_cleaning"], 4)
    return out


def load_baseline(path: Path = BASELINE) -> dict[str, float]:
    return json.loads(path.read_text(encoding="utf-8"))["floors"]


def check(measured: dict[str, float], floors: dict[str, float]) -> list[str]:
    """One message per figure under its floor (or missing)."""
    failures = []
    for name, floor in sorted(floors.items()):
        value = measured.get(name)
        if value is None:
            failures.append(f"{name}: not measured (floor {floor})")
        elif value < floor:
            failures.append(f"{name}: {value:.4f} is under its floor {floor:.4f}")
    return failures


def update_baseline(measured: dict[str, float], allow_lower: bool,
                    path: Path = BASELINE) -> dict[str, float]:
    """New floors just under ``measured``; refuses to lower one without ``allow_lower``."""
    old = load_baseline(path) if path.exists() else {}
    floors = {name: round(max(0.0, value - MARGIN), 4) for name, value in measured.items()}
    lowered = [n for n, v in floors.items() if n in old and v < old[n]]
    if lowered and not allow_lower:
        raise SystemExit("these floors would go down: " + ", ".join(lowered)
                         + " (pass --allow-lower to lower them on purpose)")
    if not allow_lower:
        floors = {n: max(v, old.get(n, v)) for n, v in floors.items()}
    path.write_text(json.dumps({"samples": SAMPLES, "margin": MARGIN, "floors": floors},
                               indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return floors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="unspun's evaluation quality gate")
    parser.add_argument("--update-baseline", action="store_true")
    parser.add_argument("--allow-lower", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    measured = figures(workers=args.workers)
    print(json.dumps(measured, indent=1))
    if args.update_baseline:
        update_baseline(measured, args.allow_lower)
        print(f"wrote {BASELINE}")
        return 0
    failures = check(measured, load_baseline())
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
