"""Store: the index on disk, one DuckDB file (schema and format version, store, codec).

``schema`` defines every table and the format version (and how an earlier format is
upgraded), ``store`` reads and writes them, ``codec`` turns records into rows and back.
"""

from .codec import change_from_dict
from .schema import FORMAT
from .store import Store

__all__ = ["FORMAT", "Store", "change_from_dict"]
