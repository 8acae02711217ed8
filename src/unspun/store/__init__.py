"""Store: the index on disk — one DuckDB file, its schema and format version, the codec
between records and rows."""

from .codec import change_from_dict
from .schema import FORMAT
from .store import Store

__all__ = ["FORMAT", "Store", "change_from_dict"]
