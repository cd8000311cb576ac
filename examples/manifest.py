"""The folders of real pictures the tests and benchmarks read: named by an environment
variable, each with a manifest.tsv (a header row, then a row per picture, tab-separated).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from digits.handwriting import folder_from_env

__all__ = ["folder_from_env", "manifest_rows"]


def manifest_rows(folder: str | os.PathLike) -> list[dict[str, str]]:
    """The rows of `folder`/manifest.tsv, in its order, each keyed by the header's names."""
    with open(Path(folder) / "manifest.tsv", newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file, delimiter="\t"))
