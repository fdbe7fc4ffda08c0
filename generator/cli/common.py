"""What every command shares: paths shown as an editor would type them."""

from __future__ import annotations

from pathlib import Path


def shown(path: Path) -> str:
    """A path as an editor would type it: relative to the current folder when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
