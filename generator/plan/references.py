"""Documents the plan cites in 《》, derived from the text (never stored)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.plan.model import Plan

PREAMBLE = 0
"""Location number used for the preamble (tasks are numbered from 1)."""


@dataclass(frozen=True)
class CitedDocument:
    title: str
    """The title as written inside 《》, nested 〈〉 included."""
    locations: tuple[int, ...]
    """Where it is cited: 0 for the preamble, otherwise task numbers, in order."""


def find_titles(text: str) -> list[str]:
    """Titles in 《…》, respecting nesting (《…〈…〉…》 and 《…《…》…》)."""
    titles: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                titles.append(text[start:i])
    return titles


def cited_documents(plan: Plan) -> list[CitedDocument]:
    """Every cited document, in order of first citation, with where it is cited."""
    found: dict[str, list[int]] = {}
    for paragraph in plan.preamble:
        for title in find_titles(paragraph):
            found.setdefault(title, []).append(PREAMBLE)
    for ref in plan.tasks:
        for title in find_titles(f"{ref.task.title}。{ref.task.text}"):
            locations = found.setdefault(title, [])
            if ref.number not in locations:
                locations.append(ref.number)
    return [CitedDocument(title, tuple(locations)) for title, locations in found.items()]
