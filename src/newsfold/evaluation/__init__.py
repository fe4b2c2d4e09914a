"""Quality evaluation against gold data in ../shared/eval (read at run time, never copied)."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import NotFound


def shared_dir() -> Path:
    """The ../shared folder: NEWSFOLD_SHARED, else beside the current directory or the checkout."""
    env = os.environ.get("NEWSFOLD_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [Path.cwd() / ".." / "shared", Path(__file__).resolve().parents[3] / ".." / "shared",
                   Path.cwd() / "shared"]
    for c in candidates:
        if (c / "seeds").is_dir() or (c / "eval").is_dir():
            return c.resolve()
    raise NotFound("../shared not found (set NEWSFOLD_SHARED to the folder holding seeds/ and eval/)")
