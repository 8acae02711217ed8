"""What a scan's pool workers load before their first batch, loaded once.

The local engine's forkserver imports this module (``LocalEngine(preload=...)``): each
stage's modules, the encoder, the language identifier, the tables and the compiled
patterns are then loaded in the server, once, while the scan starts up, and every worker
it forks starts with them (shared, copy-on-write) instead of loading its own copy: 2,000
news articles scan in ~2.8 s instead of ~3.05 s (``benchmarks/throughput.py``).
"""

from __future__ import annotations


def warm_up() -> None:
    """Run each worker stage once on a short text: what they load on first use stays."""
    from ..config import Config
    from ..records import Document, RawItem
    from .stages import Fingerprint, Relate, Task, document_task

    text = ("The minister said on Monday that the plan would cost $2 billion.\n"
            "Critics in Paris called it unrealistic. \"We will see,\" said Anna Weber.")
    config = Config()
    document_task()([RawItem(id="a", origin="warm-up", text=text, url="https://example.com/a")])
    Task((Fingerprint(config),))([text])
    docs = {i: Document(id=i, text=text + " x" * (i == "b")) for i in ("a", "b")}
    Task((Relate(config),))(([("a", "b")], docs, {}, {}))


try:
    warm_up()
except Exception:  # noqa: BLE001 - each worker then loads what it needs, and reports failures
    pass
