"""Page budgets: a page with too many elements, or too slow to extract, is skipped as
too-complex, in this process and in the scan's workers, and the scan goes on."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import unspun
from unspun.config import Config, ScanConfig
from unspun.errors import ConfigError
from unspun.extraction import extract_item
from unspun.limits import PageTimeout, count_tags, cpu_limit
from unspun.pipeline import extract_documents as extract_batch
from unspun.records import Document, RawItem, Skip

ARTICLE = ("<html><body><article><h1>Council votes on the budget</h1>"
           + "".join(f"<p>Paragraph {i}: the council met on Monday to vote on the city budget, "
                     "which the mayor said would fund schools and roads.</p>" for i in range(8))
           + "</article></body></html>")


def _flat(paragraphs: int) -> str:
    """Many short paragraphs, the shape that makes extraction slow."""
    return ("<html><body>" + "".join(f"<p>Paragraph {i} says a few words here.</p>"
                                     for i in range(paragraphs)) + "</body></html>")


def test_count_tags_counts_opening_tags() -> None:
    assert count_tags("<html><body><p>a</p><br/><p>b</p></body></html>") == 5
    assert count_tags(ARTICLE) == 12


def test_a_page_over_the_element_budget_is_not_parsed() -> None:
    page = "<html><body>" + "<p>x</p>" * 1_500_000 + "</body></html>"  # 12 MB, 1.5 M elements
    skip = extract_item(RawItem(id="big", origin="big", html=page))
    assert isinstance(skip, Skip) and skip.reason == "too-complex"
    assert skip.detail == "1500002 elements, over 50000"
    small = extract_item(RawItem(id="a", origin="a", html=ARTICLE), max_elements=12)
    assert isinstance(small, Document)
    assert isinstance(extract_item(RawItem(id="a", origin="a", html=ARTICLE), max_elements=11),
                      Skip)


def test_cpu_limit_interrupts_python_and_restores_the_handler() -> None:
    import signal

    before = signal.getsignal(signal.SIGPROF)
    with pytest.raises(PageTimeout), cpu_limit(0.05):
        while True:
            pass
    assert signal.getsignal(signal.SIGPROF) is before
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    with cpu_limit(0):  # no limit
        pass


def test_a_page_over_the_time_budget_is_skipped_and_the_batch_goes_on() -> None:
    scan = ScanConfig(max_page_seconds=0.2)
    items = [RawItem(id="slow", origin="slow", html=_flat(40_000)),
             RawItem(id="good", origin="good", html=ARTICLE)]
    slow, good = extract_batch(items, scan)
    assert isinstance(slow, Skip) and (slow.reason, slow.detail) == ("too-complex",
                                                                     "over 0.2 s of CPU")
    assert isinstance(good, Document) and "council" in good.text


def test_a_scan_skips_complex_pages_in_its_workers(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.html").write_text(ARTICLE)
    (folder / "slow.html").write_text(_flat(40_000))
    (folder / "huge.html").write_text("<div>" * 60_000)
    config = Config(scan=ScanConfig(workers=2, max_page_seconds=0.2))
    summary = unspun.scan([folder], db=str(tmp_path / "x.duckdb"), config=config)
    assert summary.documents_added == 1
    assert summary.skipped == {"too-complex": 2}


def test_page_budgets_are_checked() -> None:
    with pytest.raises(ConfigError):
        ScanConfig(max_page_elements=0)
    with pytest.raises(ConfigError):
        dataclasses.replace(ScanConfig(), max_page_seconds=-1.0)
