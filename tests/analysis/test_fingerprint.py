"""Cache fingerprints derived from imports: a change to a part's code invalidates that part, not another."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from analysis.fingerprint import module_sources
from tests.conftest import ROOT

PARTS = {
    "entities": "analysis.parts.entities",
    "keywords": "analysis.parts.keywords",
    "quotes": "analysis.parts.quotes",
}
PRINT_FINGERPRINTS = (
    "import json; from analysis import Settings; from analysis.per_document import part_fingerprints, "
    "quotes_fingerprint; print(json.dumps({**part_fingerprints(Settings()), 'quotes': quotes_fingerprint(Settings())}))"
)


def run(code: str, *, cwd) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_each_part_depends_on_the_files_its_module_imports_and_not_on_another_parts():
    entities, keywords, quotes = (set(module_sources(module)) for module in PARTS.values())
    assert {"entities.py", "geo/recognise.py", "geo/gazetteer.py", "nlp.py", "russian.py"} <= entities
    assert {"geo/data", "data"} <= entities, "data files read through importlib.resources count"
    assert {"keywords/extract.py", "keywords/statistics.py"} <= keywords
    assert {"quotes.py", "attribution.py", "reported.py", "quote_marks.py"} <= quotes
    assert not keywords & {"entities.py", "nlp.py", "geo/gazetteer.py", "quotes.py", "parts/entities.py"}
    assert not entities & {"keywords/statistics.py", "quotes.py", "parts/keywords.py"}


def test_every_module_a_part_loads_is_among_its_sources():
    # What Python really imports, minus what importing the package itself brings (it only re-exports).
    code = "import sys, importlib; before = set(sys.modules); importlib.import_module({!r}); " + (
        "print('\\n'.join(m for m in set(sys.modules) - before if m.startswith('analysis.')))"
    )
    for module in PARTS.values():
        loaded = run(f"import analysis; {code.format(module)}", cwd=ROOT).split()
        files = set(module_sources(module))
        missing = [
            m for m in loaded if not {m.split(".", 1)[1].replace(".", "/") + s for s in (".py", "/__init__.py")} & files
        ]
        assert not missing, f"{module} loads {missing}, which its fingerprint leaves out"


def test_changing_a_file_changes_the_fingerprints_of_the_parts_that_import_it_only(tmp_path):
    shutil.copytree(ROOT / "analysis", tmp_path / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    before = json.loads(run(PRINT_FINGERPRINTS, cwd=tmp_path))
    changes = {
        "geo/recognise.py": {"entities", "quotes"},  # the quotes part is made from the entities part's results
        "keywords/statistics.py": {"keywords"},
        "reported.py": {"quotes"},
    }
    for source, parts in changes.items():
        with (tmp_path / "analysis" / source).open("a", encoding="utf-8") as file:
            file.write("\n# changed\n")
        after = json.loads(run(PRINT_FINGERPRINTS, cwd=tmp_path))
        assert {part for part in before if before[part] != after[part]} == parts, source
        before = after
