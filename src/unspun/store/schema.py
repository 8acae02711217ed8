"""The index: one DuckDB file holding documents, fingerprints, relations and groups.

Layout (format version 6; ``meta.format`` says which; 4: document ids start with
their folder's name; 5: the ``signals`` and ``provenance`` tables; 6: line statistics by
document number, the vector graph saved, each copy's parent; 4 and 5 are upgraded when
a scan opens the file):

- ``documents``: one row per document; ``removed`` is JSON ``[{text, reason}]``;
  ``raw_text`` (the text before cleaning) is NULL where cleaning changed nothing;
  ``related`` turns true once the document's candidates were aligned, so an
  interrupted scan resumes where it stopped.
- ``signatures``: 128 MinHash values (UINTEGER[]) per document, see fingerprint.minhash.
- ``bands``: LSH keys, ``idx`` = ``text`` (MinHash bands of word 5-grams), ``anchors``
  (bands of names and numbers) or ``passages`` (sampled word 8-grams, band 0, many
  per document); equal (idx, band, key) means a candidate pair.
- ``vectors``: document vectors (FLOAT[]) for the ANN index; ``neighbour_keys``: the key
  of each non-zero one in the HNSW graph saved beside the file (``<db>.usearch``, usearch's
  own format; ``meta.neighbours`` = {vectors, bytes, crc32} of the saved file), see
  ``candidates.neighbours``.
- ``anchors``: the specific names and figures of each document (one row each).
- ``line_docs``: every document corpus cleaning observed (those it emptied too), numbered
  in order (``doc_no``), with its site (``""`` for none); ``lines``: one row per distinct
  line hash of each (``clean.lines.line_hash``, by ``doc_no``): the line statistics of
  corpus-aware boilerplate removal (``clean.LineStats``).
- ``candidates``: every pair proposed for alignment and the indexes (``via``) that
  proposed it.
- ``relations``: one row per aligned pair, a < b; ``source`` is a document id;
  ``reasons``, ``changes`` and ``alignment`` are JSON.
- ``families``, ``stories``: one row per member (``parent``: a copy's source in its
  family's tree, NULL for the origin); remade after each scan where its documents
  changed the relations (``meta.grouped_run``: the last run grouped).
- ``signals``: each document's content-farm signals (``unspun.signals``), one row per
  document and signal, with its evidence and weight; ``provenance``: one row per
  document whose signals were computed: its family origin then, whether that origin is
  another site's (``copy``), the document it copies (``source``, its parent in the
  family tree), how (``kind``), the credit it gives and the hours after the origin.
  A scan recomputes both for the documents whose origin, parent or relations changed.
- ``skips``: inputs that were not ingested, with a reason (documents already indexed
  are only counted, in the run's summary); ``runs``: run summaries, with
  ``"interrupted": true`` for a run that did not finish.

A document and its fingerprints are written in one transaction, so a killed scan never
leaves half a document behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

FORMAT = "6"

LINE_SCHEMA = """
CREATE TABLE IF NOT EXISTS line_docs (doc_no INTEGER, doc VARCHAR, site VARCHAR);
CREATE TABLE IF NOT EXISTS lines (hash BIGINT, doc_no INTEGER);
"""

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, url VARCHAR, site VARCHAR, title VARCHAR, published VARCHAR,
    author VARCHAR, language VARCHAR, origin VARCHAR, text VARCHAR, raw_text VARCHAR,
    removed VARCHAR, words INTEGER, run INTEGER, related BOOLEAN DEFAULT false);
CREATE TABLE IF NOT EXISTS signatures (doc VARCHAR PRIMARY KEY, minhash UINTEGER[]);
CREATE TABLE IF NOT EXISTS bands (idx VARCHAR, band SMALLINT, key UBIGINT, doc VARCHAR);
CREATE TABLE IF NOT EXISTS vectors (doc VARCHAR PRIMARY KEY, vec FLOAT[]);
CREATE TABLE IF NOT EXISTS neighbour_keys (key INTEGER, doc VARCHAR);
CREATE TABLE IF NOT EXISTS anchors (doc VARCHAR, token VARCHAR);
{LINE_SCHEMA}
CREATE TABLE IF NOT EXISTS candidates (a VARCHAR, b VARCHAR, score DOUBLE, via VARCHAR);
CREATE TABLE IF NOT EXISTS relations (
    a VARCHAR, b VARCHAR, kind VARCHAR, partial BOOLEAN, source VARCHAR,
    confidence DOUBLE, coverage_a DOUBLE, coverage_b DOUBLE, direction_by VARCHAR,
    reasons VARCHAR, changes VARCHAR, alignment VARCHAR, PRIMARY KEY (a, b));
CREATE TABLE IF NOT EXISTS families (
    family VARCHAR, origin VARCHAR, member VARCHAR, parent VARCHAR);
CREATE TABLE IF NOT EXISTS stories (story VARCHAR, family VARCHAR, member VARCHAR);
CREATE TABLE IF NOT EXISTS signals (doc VARCHAR, signal VARCHAR, evidence VARCHAR,
                                    weight DOUBLE);
CREATE TABLE IF NOT EXISTS provenance (
    doc VARCHAR PRIMARY KEY, origin VARCHAR, copy BOOLEAN, source VARCHAR, kind VARCHAR,
    credit VARCHAR, delay_hours DOUBLE);
CREATE TABLE IF NOT EXISTS skips (run INTEGER, origin VARCHAR, reason VARCHAR, detail VARCHAR);
CREATE TABLE IF NOT EXISTS runs (run INTEGER PRIMARY KEY, started VARCHAR, summary VARCHAR);
"""

# What brings an index of format 4 to this one.
_FROM_4 = (
    # Line statistics were (hash, document, site) rows, in the order documents were added;
    # documents are numbered in that order, their site that of their first row.
    """INSERT INTO line_docs SELECT (row_number() OVER (ORDER BY first_row) - 1)::INTEGER,
           doc, site FROM (SELECT doc, min(rowid) AS first_row,
                           arg_min(coalesce(site, ''), rowid) AS site
                           FROM line_stats GROUP BY doc)""",
    """INSERT INTO lines SELECT s.hash, d.doc_no FROM line_stats s
           JOIN line_docs d USING (doc) ORDER BY d.doc_no, s.rowid""",
    "DROP TABLE line_stats",
    # A scan of format 4 built its graph from the stored vectors in id order.
    """INSERT INTO neighbour_keys SELECT (row_number() OVER (ORDER BY doc) - 1)::INTEGER,
           doc FROM vectors WHERE list_dot_product(vec, vec) > 0""",
    # Filled by the next scan's grouping (of everything: an index of format 4 has no
    # record of its last one).
    "ALTER TABLE families ADD COLUMN IF NOT EXISTS parent VARCHAR",
)

#: Statements that bring an index of an earlier format to this one (format 5 only added
#: tables, which ``SCHEMA`` creates).
UPGRADES: dict[str, tuple[str, ...]] = {"4": _FROM_4, "5": _FROM_4}


def format_error(path: str, found: str | None, *, reading: bool) -> str | None:
    """Why an index of format ``found`` cannot be used as it is (``reading``: without
    writing to it), or None."""
    if found == FORMAT or (found in UPGRADES and not reading):
        return None
    if found in UPGRADES:
        return (f"{path} has index format {found}, this unspun reads {FORMAT}: a scan "
                f"upgrades it in place (`unspun scan PATH --db {path}`, with new files or "
                f"an empty folder), then read it again")
    return f"{path} has index format {found}, this unspun reads {FORMAT}: scan into a new --db file"


def upgrade(con: duckdb.DuckDBPyConnection, found: str) -> None:
    """Bring an index of format ``found`` to this one (inside the caller's transaction)."""
    for statement in UPGRADES[found]:
        con.execute(statement)
    con.execute("UPDATE meta SET value = ? WHERE key = 'format'", [FORMAT])
