"""The packaged model files an index depends on, and the check that an index was made
with the same ones.

An index stores fingerprints and relations computed with these files: document vectors
from the embedding model (centred on the background vector), word rarity from its
vocabulary, specific names from the common-names list and kinds from the kind model
(both in ``relate.json``). New documents computed with other files would be compared
with stored ones on other terms, so a scan refuses such an index; commands that only
read it (export, report) open it with a warning, as what it holds is still what was
computed then.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from .errors import ModelError

_MODELS = Path(__file__).resolve().parent / "models"
#: The files, by the name the index records them under.
FILES: dict[str, Path] = {
    "kind model and common names": _MODELS / "relate.json",
    "background vector": _MODELS / "minilm-static" / "background.npy",
    "embedding model": _MODELS / "minilm-static" / "model.safetensors",
    "embedding vocabulary": _MODELS / "minilm-static" / "tokenizer.json",
}
#: The ``meta`` key that holds ``fingerprints()`` as JSON.
META_KEY = "model_files"


@cache
def fingerprints() -> dict[str, str]:
    """SHA-256 of each file (hashed once per process, ~20 ms for all)."""
    out = {}
    for name, path in FILES.items():
        try:
            with path.open("rb") as handle:
                out[name] = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            raise ModelError(f"the packaged {name} ({path}) cannot be read ({exc.strerror}): "
                             "reinstall unspun") from None
    return out


def as_meta() -> str:
    """``fingerprints()`` as the ``meta`` table stores them."""
    return json.dumps(fingerprints(), sort_keys=True)


def mismatch(db: str, value: str | None) -> str | None:
    """Why an index whose ``meta`` holds ``value`` was made with other model files than
    these (None when it was not)."""
    if value is None:
        return (f"{db} records no model files (it was made by an older unspun): scan into a "
                "new index, `unspun scan PATH... --db NEW.duckdb`")
    try:
        recorded = json.loads(value)
    except ValueError:
        recorded = {}
    ours = fingerprints()
    changed = sorted(name for name in ours.keys() | recorded.keys()
                     if ours.get(name) != recorded.get(name))
    if not changed:
        return None
    return (f"{db} was made with other model files than this unspun has "
            f"({', '.join(changed)} differ): its fingerprints and relations cannot be mixed "
            "with new ones. Scan into a new index: `unspun scan PATH... --db NEW.duckdb`")
