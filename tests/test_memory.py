"""Peak memory of a scan: bounded by the limits (``ScanConfig``, ``unspun.limits``) whatever
its inputs decompress to. Measured as each process's VmHWM (peak resident set), polled
from /proc while the scan runs in a child process: its workers are the forkserver's
children, which getrusage does not see."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from processes import descendants

MiB = 1 << 20
ARTICLE = ("<html><body><article><h1>Council votes on the budget</h1>"
           + "".join(f"<p>Paragraph {i}: the council met on Monday to vote on the city budget, "
                     "which the mayor said would fund schools and roads.</p>" for i in range(8))
           + "</article></body></html>")


def _peaks(args: list[str]) -> tuple[int, dict[int, int], str]:
    """Run ``unspun`` with ``args``; its exit code, the peak resident MiB of it and of each
    process under it (the main process under its own pid), and its output."""
    proc = subprocess.Popen([sys.executable, "-m", "unspun.cli", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        for pid in [proc.pid, *descendants(proc.pid)]:
            try:
                with open(f"/proc/{pid}/status") as fh:
                    kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
            except (OSError, StopIteration):
                continue
            peaks[pid] = max(peaks.get(pid, 0), kb // 1024)
        time.sleep(0.02)
    out = proc.stdout.read() if proc.stdout else ""
    return proc.returncode, {("main" if pid == proc.pid else pid): mb
                             for pid, mb in peaks.items()}, out  # type: ignore[misc]


def _deflated(head: bytes, filler: bytes, total: int, wbits: int) -> bytes:
    """``head`` then ``filler`` repeated to ``total`` bytes, deflated (level 1: fast)."""
    packer = zlib.compressobj(1, zlib.DEFLATED, wbits)
    parts = [packer.compress(head)]
    parts += [packer.compress(filler) for _ in range(total // len(filler))]
    return b"".join(parts) + packer.flush()


def _warc_record(body: bytes, headers: list[tuple[str, str]]) -> bytes:
    block = (b"HTTP/1.1 200 OK\r\n" + b"".join(f"{k}: {v}\r\n".encode() for k, v in headers)
             + b"\r\n" + body)
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/\r\n"
            b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response"
            b"\r\nContent-Length: " + str(len(block)).encode() + b"\r\n\r\n" + block + b"\r\n\r\n")


def test_inputs_that_inflate_to_a_gibibyte_each_stay_within_the_limits(tmp_path: Path) -> None:
    """A WARC record, an .html.gz and a .jsonl.gz line that each decompress to 1 GiB (from
    ~1 MB): each stops at max_page_bytes as too-large, and no process comes near holding
    it (before: 3.2 GB in the main process and 2.2 GB in a worker for the WARC record)."""
    folder = tmp_path / "in"
    folder.mkdir()
    spaces = b" " * MiB
    body = _deflated(b"<html><body><p>", spaces, 1 << 30, 31)
    (folder / "bomb.warc").write_bytes(_warc_record(body, [("Content-Type", "text/html"),
                                                           ("Content-Encoding", "gzip")]))
    (folder / "bomb.html.gz").write_bytes(body)
    (folder / "bomb.jsonl.gz").write_bytes(
        _deflated(b'{"id": "bomb", "text": "', b"word " * (MiB // 5), 1 << 30, 31)
        + gzip.compress(b'"}\n{"id": "after", "text": "A story after the bomb, kept."}\n'))
    (folder / "good.html").write_text(ARTICLE)
    code, peaks, out = _peaks(["scan", str(folder), "--db", str(tmp_path / "x.duckdb"),
                               "--json"])
    assert code == 0, out
    summary = json.loads(out[out.index("{"):])
    assert summary["skipped"] == {"too-large": 3} and summary["documents_added"] == 2
    assert peaks["main"] < 500, peaks  # ~220 MB here
    assert max(mb for pid, mb in peaks.items() if pid != "main") < 500, peaks  # ~205 MB


def _random_texts(n: int, chars: int, seed: int = 0) -> list[str]:
    """Texts of sentences of random words (each text its own vocabulary, so that no two
    are alike and cleaning keeps them whole)."""
    rnd = random.Random(seed)
    texts = []
    for i in range(n):
        vocab = [f"{rnd.choice('bcdfghjklmnpqrstvwz')}{rnd.choice('aeiou')}{w}x{i}"
                 for w in range(400)]
        lines, size = [], 0
        while size < chars:
            line = " ".join(rnd.choice(vocab) for _ in range(14)).capitalize() + "."
            lines.append(line)
            size += len(line) + 1
        texts.append("\n".join(lines))
    return texts


@pytest.mark.slow
def test_many_large_documents_stay_within_the_limits(tmp_path: Path) -> None:
    """400 documents of 750 KB of text (300 MB): the main process holds a bounded part of
    them at a time (pages in flight, three chunks, DuckDB's index_memory)."""
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wt", compresslevel=1) as out:
        for i, text in enumerate(_random_texts(400, 750_000)):
            out.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
    code, peaks, out = _peaks(["scan", str(path), "--db", str(tmp_path / "x.duckdb"), "--json"])
    assert code == 0, out
    summary = json.loads(out[out.index("{"):])
    assert summary["documents_added"] == 400
    assert peaks["main"] < 1500, peaks  # 992 MB here
    assert max(mb for pid, mb in peaks.items() if pid != "main") < 600, peaks  # 339 MB
