"""The web app (``unspun serve``) and the pages it shares with the static export.

``queries``, ``documents`` and ``details`` read the index (no FastAPI there); ``present``
and ``links`` turn rows into what templates show and where they link; ``pages`` makes
each page's template context; ``report.render`` holds the one Jinja2 environment that
the app, the static export (``unspun report --html DIR``) and the standalone evidence
page (``unspun compare --html``) all use. FastAPI and uvicorn (the
``web`` extra) are imported only by ``app`` and ``api``.
"""
