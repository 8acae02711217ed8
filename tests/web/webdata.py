"""The hostile pages of the web tests and the demo corpus they join."""

from __future__ import annotations

import json
from pathlib import Path

import unspun

CORPUS = Path(unspun.__file__).parent / "demo" / "corpus" / "articles.jsonl"
#: Each payload would change the page's title or set window.pwned if any script ran.
PAYLOADS = ['<script>window.pwned=1;document.title="pwned"</script>',
            '<img src=x onerror="window.pwned=1">',
            '{{7*7}}{% raw %}',
            "\u202egro.swen-detsurt"]
HOSTILE_URL = "javascript:window.pwned=1//https://evil.example/a"
ORIGINAL = "2z3VCwRWRl1cRdua"


def demo_rows() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def hostile_rows() -> list[dict]:
    """A verbatim copy of a demo article whose title, site, URL and text carry payloads
    (in a chatbot's reply and a credit line too, which its signals quote), and an
    unrelated page with payloads everywhere."""
    source = next(r for r in demo_rows() if r["id"] == ORIGINAL)
    payload = " ".join(PAYLOADS)
    copy = {"id": "hostile-copy", "url": HOSTILE_URL, "site": f"{PAYLOADS[3]}<b>x</b>",
            "title": f"{payload} copy", "published": "2020-04-09",
            "text": f"As an AI language model, I cannot rewrite {PAYLOADS[1]}\n"
                    + source["text"] + f"\n\n{payload} was injected here.\n"
                    f"Source: {PAYLOADS[0]}"}
    other = {"id": f"hostile-{PAYLOADS[1]}", "url": "https://evil.example/<script>",
             "site": PAYLOADS[0], "title": payload, "published": "2020-04-09",
             "text": f"{payload}\n" + "Completely unrelated words about gardening. " * 12}
    return [copy, other]
