"""The documented Python API (README "Python API"), as a user's script calls it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import unspun

_SCRIPT = r"""
import sys
import unspun

html = ("<html><head><title>Storm hits the coast</title></head><body><article>"
        "<p>A storm hit the coast of Maine on Friday, leaving thousands of homes without "
        "power for the weekend. Utility crews worked through the night to restore service "
        "across the region, the governor said.</p></article></body></html>")
a = ("The mayor of Springfield announced a new budget on Tuesday. The council will vote "
     "next week on the plan, which raises taxes by two percent and hires ten teachers. "
     "Critics said the increase would hurt small businesses on Main Street. The mayor "
     "replied that the schools could not wait another year for the money.")
b = a + " Subscribe to our newsletter for more local news."
if __name__ == "__main__":
    for _ in range(2):
        doc = unspun.extract(html, url="https://example.com/storm")
        assert "storm" in doc.text.lower() and doc.site == "example.com", doc
        rel = unspun.compare(a, b)
        assert rel.kind == "verbatim", rel.kind
        summary = unspun.scan([sys.argv[1]], db=sys.argv[2])
        assert summary.documents_total == 1, summary
    print("ok")
"""


def test_every_api_function_works_twice_in_a_fresh_interpreter(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(
        "A storm hit the coast of Maine on Friday, leaving thousands of homes without power "
        "for the weekend. Utility crews worked through the night to restore service across "
        "the region, the governor said.\n", encoding="utf-8")
    script = tmp_path / "use_api.py"
    script.write_text(_SCRIPT, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(folder), str(tmp_path / "i.duckdb")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_no_submodule_shadows_an_api_function() -> None:
    # Importing a submodule sets it as an attribute of the package: one named like an
    # API function would replace that function for the rest of the process.
    submodules = {m.name for m in pkgutil.iter_modules(unspun.__path__)}
    assert not submodules & set(unspun.__all__), submodules & set(unspun.__all__)
