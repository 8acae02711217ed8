"""Pipeline: the scan, ingest to group, as stages over batches on an engine into the index.

The stages: ingest → extract → clean → fingerprint → candidates → align → relate →
group.

``stages`` holds the worker stages (each a small object with one ``run`` and its
counters), ``documents`` and ``pairs`` the two halves of a scan and how they keep the
workers busy, ``grouping`` the families and stories the run changed, ``run`` the whole
scan, ``summary`` what it reports, ``warm`` what workers load first.
"""

from .grouping import group
from .run import scan
from .stages import extract_documents
from .summary import ScanSummary

__all__ = ["ScanSummary", "extract_documents", "group", "scan"]
