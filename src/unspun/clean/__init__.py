"""Clean: remove boilerplate, repetition and injected spam, keeping what was removed.

Two layers: :func:`clean_document` looks at one document alone (``document.py``);
:class:`LineStats` + :func:`corpus_clean` remove lines that recur across unrelated
documents (``corpus.py``). Removal reasons (``Removal.reason``): see :data:`REASONS`.
"""

from .boilerplate import boilerplate_hashes
from .corpus import corpus_clean
from .document import REASONS, clean_document, clean_lines
from .emptied import EMPTIED, emptied
from .line_stats import LineStats
from .lines import kept_line_hashes, line_hash, line_hashes

__all__ = ["EMPTIED", "REASONS", "LineStats", "boilerplate_hashes", "clean_document",
           "clean_lines", "corpus_clean", "emptied", "kept_line_hashes", "line_hash",
           "line_hashes"]
