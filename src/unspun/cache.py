"""Arrays derived from installed files, unpacked once per machine instead of per process.

Every pool worker would otherwise pay again for what it derives from files that never
change between runs: py3langid's model ships LZMA-compressed (0.4 s of CPU to unpack,
68 MB), and the word-character table of ``text`` takes 0.14 s to build. Kept as
``.npy`` files and memory-mapped, they open in about a millisecond, and all processes
share one copy in the page cache.

Folder: ``$UNSPUN_CACHE``, else ``$XDG_CACHE_HOME/unspun``, else ``~/.cache/unspun``;
one sub-folder per entry, named ``{family}-{key}``. Nothing in it is needed: when the
folder cannot be written or read, the arrays are built in memory (only slower).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

_NAME = re.compile(r"[A-Za-z0-9._+-]+")


def cache_root() -> Path:
    if folder := os.environ.get("UNSPUN_CACHE"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "unspun"


def cached_arrays(family: str, key: str, build: Callable[[], Mapping[str, np.ndarray]]
                  ) -> dict[str, np.ndarray]:
    """The arrays ``build`` returns (read-only), from the cache entry ``family-key``.

    ``key`` must change whenever what ``build`` reads changes (put versions, sizes and
    modification times in it); saving an entry removes the family's other entries.
    """
    if not (_NAME.fullmatch(family) and _NAME.fullmatch(key)):
        raise ValueError(f"cache names are letters, digits and ._+-: {family!r}, {key!r}")
    root = cache_root()
    folder = root / f"{family}-{key}"
    if folder.is_dir():
        try:
            return _load(folder)
        except (OSError, ValueError):  # damaged (a disk filled up, a file removed)
            shutil.rmtree(folder, ignore_errors=True)
    arrays = {name: np.asarray(a) for name, a in build().items()}
    for a in arrays.values():
        a.flags.writeable = False  # as the memory-mapped ones
    try:
        _save(root, folder, family, arrays)
    except OSError:
        pass
    return arrays


def _load(folder: Path) -> dict[str, np.ndarray]:
    names = (folder / "arrays").read_text().split()
    return {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            for name in names}


def _save(root: Path, folder: Path, family: str, arrays: dict[str, np.ndarray]) -> None:
    """Writes a whole entry under a temporary name and renames it into place, so a
    reader never sees half of one; when processes race, the first rename wins."""
    root.mkdir(parents=True, exist_ok=True)
    for old in root.glob(f"{family}-*"):
        if old != folder and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{family}-", dir=root))
    try:
        for name, a in arrays.items():
            np.save(tmp / f"{name}.npy", a, allow_pickle=False)
        (tmp / "arrays").write_text("\n".join(arrays))  # written last: the entry is whole
        tmp.rename(folder)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not folder.is_dir():
            raise
