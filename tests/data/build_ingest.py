"""Rebuild the ingest test files from the article-extraction benchmark (MIT, Scrapinghub).

Run from the repo root: ``python tests/data/build_ingest.py``. Needs ../shared/data and warcio.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent / "ingest"
SOURCE = HERE.parents[3] / "shared" / "data" / "article-extraction" / "html"
PAGES = {  # benchmark sha256 → (file name here, url)
    "7916ecca969ffdd8f6fc32d171fbe0dd63db40fe4c1d2ade02b1dec5929a162f": (
        "aljazeera.html",
        "https://www.aljazeera.com/news/2019/11/service-members-killed-afghanistan-helicopter-crash-191120070028895.html",
    ),
    "359fee228518d55b921194561e9ca88e428df81940246f8fac7a75398377daea": (
        "sciencealert.html.gz",
        "https://www.sciencealert.com/we-finally-have-a-global-geological-map-of-saturn-s-moon-titan",
    ),
    "b6fb53e9fb043c98eb1e6530a1074c40922e29025f5454809f3938a7c174faa3": (
        "remember8090-it.htm.gz",
        "http://www.remember8090.it/remake-serie-animata-de-i-cavalieri-dello-zodiaco-per-netflix/",
    ),
}
NO_ARTICLE = b"""<!DOCTYPE html><html><head><title>Login</title></head><body>
<nav><a href="/">Home</a> <a href="/login">Log in</a></nav><form><input name="q"></form>
<footer>Copyright 2024</footer></body></html>"""
LATIN1 = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>Fête de la musique à Montréal</title></head><body><article><h1>Fête de la musique à Montréal</h1>
<p>La fête de la musique a réuni des milliers de personnes dans les rues de Montréal samedi,
malgré une météo capricieuse. Les organisateurs se disent très satisfaits de la journée.</p>
<p>« C'était une réussite », a déclaré la coordonnatrice de l'événement, qui prévoit déjà
l'édition de l'an prochain. Des scènes étaient installées près du Vieux-Port et du marché.</p>
<p>Plusieurs artistes québécois ont participé, dont des chorales, des fanfares et des
groupes de jeunes musiciens venus des quatre coins de la province pour l'occasion.</p>
</article></body></html>"""
TEXT = "Plain text story.\n\nA short article with two paragraphs, written as plain text.\n"


def page(sha: str) -> bytes:
    return gzip.decompress((SOURCE / f"{sha}.html.gz").read_bytes())


def write_warc(path: Path, compress: bool) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)
        for sha, (_name, url) in list(PAGES.items())[:2]:
            request = b"GET / HTTP/1.1\r\nHost: example\r\n\r\n"
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "request",
                    payload=io.BytesIO(request),
                    warc_content_type="application/http; msgtype=request",
                )
            )
            headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Date", "Wed, 20 Nov 2019 10:00:00 GMT"),
                ],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(page(sha)), http_headers=headers
                )
            )
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://www.example.com/logo.png",
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(200)),
                http_headers=image,
            )
        )


def main() -> None:
    for sha, (name, _url) in PAGES.items():
        data = page(sha)
        (HERE / name).write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    write_warc(HERE / "crawl.warc.gz", compress=True)
    write_warc(HERE / "crawl.warc", compress=False)
    whole = (HERE / "crawl.warc.gz").read_bytes()
    (HERE / "truncated.warc.gz").write_bytes(whole[: int(len(whole) * 0.6)])
    plain = (HERE / "crawl.warc").read_bytes()
    # Cut inside the second response record's payload.
    (HERE / "truncated.warc").write_bytes(plain[: plain.index(b"WARC-Type: response", 1000) + 9000])
    article = gzip.compress(page(next(iter(PAGES))), mtime=0)
    (HERE / "truncated.html.gz").write_bytes(article[: len(article) // 2])
    (HERE / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (HERE / "empty.txt").write_bytes(b"")
    (HERE / "blank.html").write_bytes(b"  \n\t\n")
    (HERE / "no-article.html").write_bytes(NO_ARTICLE)
    (HERE / "latin1.html").write_bytes(LATIN1.encode("latin-1"))
    (HERE / "invalid-utf8.txt").write_bytes(
        "Caf\u00e9 na\u00efve \u2014 a story about r\u00e9sum\u00e9s.\n".encode() * 3
        + b"Broken bytes here: \xff\xfe\xc3(\n"
    )
    (HERE / "mojibake.txt").write_bytes(
        "It\u2019s the mayor\u2019s caf\u00e9 \u2014 it\u2019s new.\n".encode()
        .decode("cp1252")
        .encode("utf-8")
    )
    (HERE / "story.txt").write_text(TEXT)
    (HERE / "logo.xyz").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    lines = [
        json.dumps(
            {
                "id": "a1",
                "url": "https://www.example.com/a1",
                "published": "2024-03-01",
                "text": "First story.\nIt has two paragraphs.",
            }
        ),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a2", "url": "https://news.example.co.uk/a2"}),
        json.dumps({"id": "a1", "text": "Same id again: a duplicate."}),
        "",
        json.dumps(
            {
                "url": "https://www.example.com/x",
                "date": "Fri, 01 Mar 2024 10:00:00 GMT",
                "html": LATIN1,
            }
        ),
    ]
    (HERE / "docs.jsonl").write_text("\n".join(lines) + "\n")
    (HERE / "docs.jsonl.gz").write_bytes(gzip.compress((HERE / "docs.jsonl").read_bytes(), mtime=0))
    whole = (HERE / "docs.jsonl.gz").read_bytes()
    (HERE / "truncated.jsonl.gz").write_bytes(whole[: len(whole) - 60])


if __name__ == "__main__":
    main()
