"""Report: an index as a terminal summary, exports (JSONL, JSON, Parquet) and HTML pages.

``terminal`` prints a run's summary, ``export`` writes a table or the keep/drop list
(``keep``), ``render``, ``html``, ``evidence`` and ``static`` make the HTML reports.
"""
