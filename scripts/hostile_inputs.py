"""Hostile inputs for the loader, the CLI and the dashboard's upload path, and a tally of what became of them.

``cases()`` generates every input in memory (nothing large is committed); the
hostile test suite writes them to a temporary folder for the CLI and passes the
same bytes to the upload functions. Run as a module for the summary the issue
asks for (inputs tried, analysed, rejected by reason, lost):

    python -m scripts.hostile_inputs
"""

from __future__ import annotations

import argparse
import codecs
import json
import logging
import re
import subprocess
import sys
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.config import DEFAULT_MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
GOOD_NAME = "good_article.txt"
GOOD_TEXT = (
    "Talks resume in Tbilisi\n\n"
    "Delegations from Armenia and Azerbaijan met in Tbilisi on Monday. Haji Namazov said the talks in Gyumri "
    "and Baku had been useful, and Nikol Pashinyan thanked Georgia for hosting them."
)
SENTENCE = "Delegations from Armenia and Azerbaijan met in Tbilisi on Monday to discuss the border."
ACCENTED = "Café talks in Gyumri: “naïve” hopes and déjà vu for the résumé of the border commission."
ANALYSED = "analysed"
REJECTED = "rejected"
_BOMB_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class HostileInput:
    """One hostile input: the name it is uploaded under, the name it has on disk, its bytes and what must happen.

    ``expect`` is ANALYSED when the file must yield documents (``keeps`` then names text
    that must survive into them, ``rows_rejected`` how many of its rows must be reported),
    REJECTED when it must be reported whole with a reason containing ``reason``.
    ``disk_expect`` and ``disk_reason`` say what happens instead when the file is found
    in a folder (a name starting with a dot is a hidden file there, and is reported).
    """

    case: str
    name: str
    data: bytes
    expect: str
    reason: str = ""
    keeps: str = ""
    rows_rejected: int = 0
    disk_name: str = ""
    disk_expect: str = ""
    disk_reason: str = ""

    @property
    def file_name(self) -> str:
        return self.disk_name or self.name

    def on_disk(self) -> tuple[str, str]:
        """What must happen to the file in a folder: (ANALYSED or REJECTED, the reason's words)."""
        return (self.disk_expect, self.disk_reason) if self.disk_expect else (self.expect, self.reason)


def cases() -> list[HostileInput]:
    """Every hostile input of issue 7, with what must happen to it."""
    utf8 = ACCENTED.encode()
    return [
        HostileInput("png image", "photo.png", _png(), REJECTED, reason="unsupported file type"),
        HostileInput("png named .txt", "photo.txt", _png(), REJECTED, reason="PNG"),
        HostileInput("executable (ELF)", "tool.txt", _elf(), REJECTED, reason="executable"),
        HostileInput(
            "executable (Windows)",
            "setup.exe",
            b"MZ\x90\x00" + bytes(range(256)) * 8,
            REJECTED,
            reason="unsupported file type",
        ),
        HostileInput(
            "executable (Windows) named .md",
            "setup.md",
            b"MZ\x90\x00" + bytes(range(256)) * 8,
            REJECTED,
            reason="executable",
        ),
        HostileInput("empty", "empty.txt", b"", REJECTED, reason="empty"),
        HostileInput("whitespace only", "blank.txt", b" \t\r\n \n\t  \n", REJECTED, reason="empty"),
        HostileInput(
            "unicode whitespace only",
            "blank_unicode.txt",
            "\u00a0\u2003\u3000\n\u2029".encode(),
            REJECTED,
            reason="empty",
        ),
        HostileInput(
            "over the size limit",
            "huge.txt",
            (SENTENCE + "\n").encode() * (DEFAULT_MAX_BYTES // len(SENTENCE) + 2),
            REJECTED,
            reason="too large",
        ),
        HostileInput("5 MB single line", "one_line.txt", _one_line(5_000_000), REJECTED, reason="too long"),
        HostileInput(
            "latin-1",
            "latin1.txt",
            ACCENTED.replace("“", '"').replace("”", '"').encode("latin-1"),
            ANALYSED,
            keeps="naïve",
        ),
        HostileInput("cp1252", "cp1252.txt", ACCENTED.encode("cp1252"), ANALYSED, keeps="“naïve”"),
        HostileInput("UTF-16 with BOM", "utf16.txt", ACCENTED.encode("utf-16"), ANALYSED, keeps="naïve"),
        HostileInput("UTF-16 without BOM", "utf16_nobom.txt", ACCENTED.encode("utf-16-le"), ANALYSED, keeps="naïve"),
        HostileInput("UTF-8 with BOM", "utf8_bom.txt", codecs.BOM_UTF8 + utf8, ANALYSED, keeps="Café"),
        HostileInput("UTF-32 with BOM", "utf32.txt", ACCENTED.encode("utf-32"), ANALYSED, keeps="naïve"),
        HostileInput(
            "bad UTF-16 after a BOM",
            "bad_bom.txt",
            codecs.BOM_UTF16_LE + b"\x00\xd8A",
            REJECTED,
            reason="byte-order mark",
        ),
        HostileInput(
            "a few NUL bytes",
            "some_nul.txt",
            (SENTENCE + "\x00 " + SENTENCE).encode() * 20,
            ANALYSED,
            keeps="Tbilisi on Monday",
        ),
        HostileInput("mostly NUL bytes", "nul.txt", b"abc\x00\x00\x00\x00\x01" * 200, REJECTED, reason="binary"),
        HostileInput(
            "mixed newlines",
            "newlines.txt",
            ("Talks\r\n\r\n" + SENTENCE + "\r" + SENTENCE + "\n" + SENTENCE + "\r\n").encode(),
            ANALYSED,
            keeps="Tbilisi",
        ),
        HostileInput("HTML with script and img onerror", "page.html", _html(), ANALYSED, keeps="Tbilisi"),
        HostileInput("script tags in a text file", "script.txt", _script_text().encode(), ANALYSED, keeps="<script>"),
        HostileInput("Markdown image to an outside URL", "image.md", _markdown().encode(), ANALYSED, keeps="Tbilisi"),
        HostileInput(
            "CSV without a text column",
            "table.csv",
            b"id,headline,outlet\n1,Talks,JAMnews\n2,More talks,Sputnik\n",
            REJECTED,
            reason="no text column",
        ),
        HostileInput("CSV with quoted newlines", "quoted.csv", _csv_quoted(), ANALYSED, keeps="second line"),
        HostileInput(
            "CSV with a huge field", "huge_field.csv", _csv_huge_field(), ANALYSED, keeps="Tbilisi", rows_rejected=1
        ),
        HostileInput(
            "CSV with semicolons",
            "semicolons.csv",
            f'id;text;outlet\n1;"{SENTENCE}";JAMnews\n'.encode(),
            ANALYSED,
            keeps="Tbilisi",
        ),
        HostileInput(
            "CSV with tabs named .csv",
            "tabs.csv",
            f"id\ttext\n1\t{SENTENCE}\n2\t{SENTENCE} Again.\n".encode(),
            ANALYSED,
            keeps="Tbilisi",
        ),
        HostileInput("CSV header only", "header.csv", b"id,text\n", REJECTED, reason="no rows"),
        HostileInput(
            "CSV with an unclosed quote",
            "unclosed.csv",
            f'id,text\n1,"{SENTENCE}\n2,{SENTENCE}\n'.encode(),
            ANALYSED,
            keeps="Tbilisi",
        ),
        HostileInput("JSONL with one bad line", "rows.jsonl", _jsonl(), ANALYSED, keeps="Gyumri", rows_rejected=1),
        HostileInput("JSON that is not a list of objects", "scalar.json", b"42", REJECTED, reason="text"),
        HostileInput("deeply nested JSON", "nested.json", b"[" * 100_000 + b"]" * 100_000, REJECTED, reason="JSON"),
        HostileInput("gzip bomb", "bomb.txt.gz", _gzip_bomb(), REJECTED, reason="compressed"),
        HostileInput("gzip bomb named .txt", "bomb.txt", _gzip_bomb(), REJECTED, reason="compressed"),
        HostileInput("zip named .csv", "archive.csv", b"PK\x03\x04" + bytes(200), REJECTED, reason="compressed"),
        HostileInput(
            "unsupported type", "slides.pdf", b"%PDF-1.7\n" + bytes(100), REJECTED, reason="unsupported file type"
        ),
        HostileInput("no suffix", "README", SENTENCE.encode(), REJECTED, reason="unsupported file type"),
        HostileInput(
            "only boilerplate",
            "boilerplate.txt",
            b"Follow us on Twitter\nSee also: more news\nSubscribe to our newsletter\n",
            REJECTED,
            reason="boilerplate",
        ),
        HostileInput(
            "name with ..",
            "../../etc/passwd.txt",
            SENTENCE.encode(),
            ANALYSED,
            keeps="Tbilisi",
            disk_name="..passwd.txt",
            disk_expect=REJECTED,
            disk_reason="hidden file",
        ),
        HostileInput("name with .. inside", "report..final.txt", SENTENCE.encode(), ANALYSED, keeps="Tbilisi"),
        HostileInput(
            "name with dots only",
            "...txt",
            SENTENCE.encode(),
            ANALYSED,
            keeps="Tbilisi",
            disk_expect=REJECTED,
            disk_reason="hidden file",
        ),
        HostileInput(
            "name with slashes",
            "a/b\\c/article.txt",
            SENTENCE.encode(),
            ANALYSED,
            keeps="Tbilisi",
            disk_name="a\\b\\c.txt",
        ),
        HostileInput(
            "name with control characters",
            "bell\x07\x1b[31mred\r\nline.txt",
            SENTENCE.encode(),
            ANALYSED,
            keeps="Tbilisi",
        ),
        HostileInput(
            "name with right-to-left override", "report\u202etxt.exe.txt", SENTENCE.encode(), ANALYSED, keeps="Tbilisi"
        ),
        HostileInput(
            "very long name",
            "n" * 5000 + ".txt",
            SENTENCE.encode(),
            ANALYSED,
            keeps="Tbilisi",
            disk_name="n" * 240 + ".txt",
        ),
        HostileInput(
            "name of a bundled seed", "000_6c6c6295ee53b3af.txt", SENTENCE.encode(), ANALYSED, keeps="Tbilisi"
        ),
        HostileInput(
            "Markdown in the name",
            "![x](http:⧸⧸outside.example⧸p.png) <b>.txt",
            SENTENCE.encode(),
            ANALYSED,
            keeps="Tbilisi",
        ),
    ]


def good() -> HostileInput:
    """An ordinary article that goes in alongside the hostile ones: it must come out whole."""
    return HostileInput("good article", GOOD_NAME, GOOD_TEXT.encode(), ANALYSED, keeps="Haji Namazov")


def write(inputs: Iterable[HostileInput], folder: Path) -> Path:
    """Write ``inputs`` under their disk names into ``folder`` (created); return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for item in inputs:
        (folder / item.file_name).write_bytes(item.data)
    return folder


def reason_kind(reason: str) -> str:
    """A rejection reason without its details ("binary file: looks like a PNG image" -> "binary file")."""
    return re.split(r"[:;(,'\"]|\s\d", reason, maxsplit=1)[0].strip()


@dataclass(frozen=True, slots=True)
class Tally:
    """What became of a set of inputs (files and the rows inside them)."""

    tried: int
    analysed: int
    rejected: Counter[str]
    lost: int

    def lines(self, title: str) -> list[str]:
        rejected = sum(self.rejected.values())
        out = [f"{title}: tried {self.tried}, analysed {self.analysed}, rejected {rejected}, lost {self.lost}"]
        out += [f"  rejected, {kind}: {n}" for kind, n in sorted(self.rejected.items(), key=lambda kv: (-kv[1], kv[0]))]
        return out


def tally(
    inputs: Sequence[HostileInput], *, analysed_sources: Iterable[str], errors: Iterable[tuple[str, str]], label
) -> Tally:
    """Count each input as analysed (at least one document came from it), rejected (an error names it and
    no document does) or lost (neither). ``label(item)`` is the source label the run gives an input."""
    documents = Counter(_file_of(s) for s in analysed_sources)
    rejections: dict[str, list[str]] = {}
    for source, reason in errors:
        rejections.setdefault(_file_of(source), []).append(reason)
    analysed = 0
    rejected: Counter[str] = Counter()
    lost = 0
    for item in inputs:
        key = label(item)
        if documents[key]:
            analysed += 1
        elif key in rejections:
            rejected[reason_kind(rejections[key][0])] += 1
        else:
            lost += 1
    return Tally(tried=len(inputs), analysed=analysed, rejected=rejected, lost=lost)


def _file_of(source: str) -> str:
    return source.split(" row ")[0]


def run_cli(folder: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "build", str(folder), "--out", str(out), "--quiet", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.hostile_inputs", description="Hostile inputs through the CLI and the upload path."
    )
    parser.add_argument("--keep", type=Path, help="write the inputs and the build here instead of a temporary folder")
    args = parser.parse_args(argv)
    # The upload functions' caches warn on every call outside a running app.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from analysis import read_tables
    from dashboard import data

    inputs = [*cases(), good()]
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        result = run_cli(write(inputs, base / "hostile"), base / "out")
        if result.returncode != 0:
            print(f"the build failed (exit code {result.returncode}):\n{result.stderr}", file=sys.stderr)
            return 1
        manifest = json.loads((base / "out" / "manifest.json").read_text())
        cli = tally(
            inputs,
            analysed_sources=read_tables(base / "out").documents["source"],
            errors=[(e["source"], e["reason"]) for e in manifest["errors"]],
            label=lambda item: disk_label(item, folder="hostile"),
        )
    corpus = data.load_uploads([(item.name, item.data) for item in inputs])
    tables = data.analyse_uploads(corpus)
    upload = tally(
        inputs,
        analysed_sources=tables.documents["source"],
        errors=[(e.source, e.reason) for e in corpus.errors],
        label=upload_label,
    )
    traceback = "Traceback" in result.stderr + result.stdout
    print(f"CLI exit code {result.returncode}; traceback in its output: {'yes' if traceback else 'no'}")
    print(
        f"CLI rows: {manifest['counts']['documents']} documents + {len(manifest['errors'])} rejected "
        f"= {manifest['counts']['inputs']} inputs"
    )
    print("\n".join(cli.lines("CLI (python -m analysis build), files")))
    print("\n".join(upload.lines("Dashboard upload (load_uploads + analyse_uploads), files")))
    return 0 if cli.lost == upload.lost == 0 and not traceback else 1


def disk_label(item: HostileInput, *, folder: str) -> str:
    """The source label a build gives ``item`` found in ``folder``: its path from the folder, control
    characters as "?"."""
    return f"{folder}/" + "".join(ch if ch.isprintable() else "?" for ch in item.file_name)


def upload_label(item: HostileInput) -> str:
    """The source label an upload of ``item`` gets: its name made safe to show."""
    from analysis.loading import display_name

    return display_name(item.name)


def _png() -> bytes:
    chunk = b"IHDR" + (1).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00"
    return (
        b"\x89PNG\r\n\x1a\n"
        + len(chunk[4:]).to_bytes(4, "big")
        + chunk
        + zlib.crc32(chunk).to_bytes(4, "big")
        + bytes(64)
    )


def _elf() -> bytes:
    for candidate in (Path("/bin/true"), Path("/usr/bin/true")):
        if candidate.is_file():
            return candidate.read_bytes()
    return b"\x7fELF\x02\x01\x01" + bytes(9) + bytes(range(256)) * 16


def _one_line(size: int) -> bytes:
    words = SENTENCE.replace(".", "").split()
    line = " ".join(words[i % len(words)] for i in range(size // 6))
    return line.encode()[:size]


def _html() -> bytes:
    return (
        "<html><head><title>Talks resume</title><script>window.__pwned = 1; alert('head')</script></head><body>"
        "<article><h1>Talks resume in Tbilisi</h1>"
        f"<p>{SENTENCE}</p><img src=x onerror=\"window.__pwned = 1\"><script>fetch('http://outside.example/steal')</script>"
        f"<p>{SENTENCE} They agreed to meet again.</p></article></body></html>"
    ).encode()


def _script_text() -> str:
    return (
        "Talks resume <script>window.__pwned = 1</script>\n\n"
        f'{SENTENCE} <img src=x onerror="window.__pwned = 1"> ![map](http://outside.example/map.png)\n'
        '[click](javascript:alert(1)) <iframe src="http://outside.example/"></iframe>'
    )


def _markdown() -> str:
    return (
        "# Talks resume in Tbilisi\n\n![satellite view](http://outside.example/satellite.png)\n\n"
        f"{SENTENCE} See the [report](http://outside.example/report) for details.\n\n"
        '<img src="http://outside.example/pixel.gif" onerror="window.__pwned = 1">\n'
    )


def _csv_quoted() -> bytes:
    return (
        f'id,text,outlet\nq1,"{SENTENCE}\nAnd a second line, with a comma.",JAMnews\n'
        f'q2,"Say ""hello""\r\nto {SENTENCE}",Sputnik\n'
    ).encode()


def _csv_huge_field() -> bytes:
    return f'id,text\nsmall,"{SENTENCE}"\nbig,"{"x" * 3_000_000}"\n'.encode()


def _jsonl() -> bytes:
    rows = [
        json.dumps({"id": "j1", "text": "Haji Namazov arrived in Gyumri on Monday.", "outlet": "JAMnews"}),
        '{"id": "j2", "text": "unterminated',
        json.dumps({"id": "j3", "text": SENTENCE, "published": "2023-06"}),
    ]
    return "\n".join(rows).encode()


def _gzip_bomb() -> bytes:
    """64 MB of zeros compressed to about 64 kB (a 1000:1 ratio), made in chunks to keep memory small."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(_BOMB_BYTES // len(chunk))]
    data = b"".join(parts) + compressor.flush()
    return data


if __name__ == "__main__":
    sys.exit(main())
