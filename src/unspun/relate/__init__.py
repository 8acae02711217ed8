"""Relate: from an aligned pair to a relation — kind, excerpt, direction, confidence, why.

``features`` measures a pair read source → copy (``overlap``: what two texts share;
``rewrite``: how aligned sentences were reworded), ``kind`` decides how the copy was
made, ``story`` what a pair that is no copy is, ``direction`` which side is the source,
and ``relation`` puts them together with the reasons and the changes. ``evidence`` and
``gates`` set apart what is no copy: text both quote (``material``: quotations, tweets,
captions; ``blocks``: whole paragraphs of somebody's words) or a site's template; ``pages`` says what a page is (a live blog, a digest)
and whom it credits, for the direction.
"""

from .features import FEATURE_NAMES, Features, features
from .kind import CLASS_KIND, CLASSES, class_probabilities, copy_kind
from .overlap import centred_cosine, seed_specific_anchors, specific_anchors
from .relation import Analysis, analyse, relate
from .story import story_decision

__all__ = [
    "CLASSES", "CLASS_KIND", "FEATURE_NAMES", "Analysis", "Features", "analyse",
    "centred_cosine", "class_probabilities", "copy_kind", "features", "relate",
    "seed_specific_anchors", "specific_anchors", "story_decision",
]
