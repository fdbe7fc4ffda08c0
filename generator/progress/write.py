"""A round file as written: canonical key order, defaults left out, paragraphs as literal blocks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from generator.progress.model import DEFAULT_HEADER, Entry
from generator.yamlio import dump_text_data


def entry_data(entry: Entry) -> dict[str, Any]:
    """An entry as the YAML file holds it: fixed key order, defaults left out."""
    data: dict[str, Any] = {
        "task": entry.task,
        "unit": entry.unit,
        "status": entry.status,
        "date": entry.date,
        "text": entry.text,
    }
    if entry.evidence:
        data["evidence"] = [{"title": e.title, "url": e.url} for e in entry.evidence]
    if entry.example:
        data["example"] = True
    return data


def dump_round(
    name: str, as_of: dt.date, entries: Iterable[Entry], *, open: bool = False, header: str | None = None
) -> str:
    """A round file's text: canonical layout, multi-line text as a literal block.

    ``header`` is the comment lines put first (default: the schema line for ``data/progress/``).
    """
    data: dict[str, Any] = {"name": name, "as_of": as_of}
    if open:
        data["open"] = True
    data["entries"] = [entry_data(e) for e in entries]
    body = dump_text_data(data)
    return (DEFAULT_HEADER if header is None else header) + body


def leading_comments(text: str) -> str:
    """The comment lines a round file starts with (kept when the file is rewritten)."""
    lines = text.splitlines(keepends=True)
    kept = []
    for line in lines:
        if not line.startswith("#"):
            break
        kept.append(line if line.endswith("\n") else line + "\n")
    return "".join(kept)
