"""Output that is the same byte for byte on every build: Office files and zips with fixed
timestamps, and CSV that Excel opens as text (a cell never becomes a formula).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

#: OWASP's advice for CSV injection: a cell that a spreadsheet would read as a formula
#: (starting with = + - @, tab or carriage return) is prefixed with a single quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """A CSV cell that no spreadsheet will evaluate."""
    return "'" + value if value.startswith(FORMULA_START) else value


def excel_csv(rows: Iterable[list[str]]) -> bytes:
    """CSV that Excel opens as is: UTF-8 with BOM, CRLF line ends, no cell it would evaluate."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([[csv_safe(cell) for cell in row] for row in rows])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def office_bytes(document: Any, when: dt.datetime) -> bytes:
    """A python-docx or openpyxl document as reproducible bytes.

    Both libraries stamp the save time into the document properties; the build's time
    replaces it, and the archive gets fixed timestamps, so equal content gives equal bytes.
    """
    buffer = io.BytesIO()
    document.save(buffer)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return normalize_zip(
        buffer.getvalue(),
        when,
        {"docProps/core.xml": lambda xml: re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, xml)},
    )


def normalize_zip(
    data: bytes, when: dt.datetime, rewrite: dict[str, Callable[[bytes], bytes]] | None = None
) -> bytes:
    """Rewrite a zip archive with fixed timestamps and permissions, so equal content gives equal bytes.

    ``rewrite`` maps member names to functions that fix clock-dependent content inside them.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if rewrite and info.filename in rewrite:
                content = rewrite[info.filename](content)
            target.writestr(_entry(info.filename, when), content)
    return out.getvalue()


def zip_folder(folder: Path, when: dt.datetime, prefix: str = "") -> bytes:
    """A deterministic zip of a folder: sorted entries, fixed timestamps and permissions."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            target.writestr(_entry(prefix + path.relative_to(folder).as_posix(), when), path.read_bytes())
    return out.getvalue()


def _entry(name: str, when: dt.datetime) -> zipfile.ZipInfo:
    # Zip dates start in 1980.
    stamp = max(when, dt.datetime(1980, 1, 1))
    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info
