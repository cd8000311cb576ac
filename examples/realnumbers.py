"""Real handwritten numbers: cheque amounts, the test set for reading whole numbers.

The folder (`REALNUMBERS_DIR`, in CI `../shared/realnumbers`) holds the courtesy-amount
fields of real bank cheques (ORAND-CAR-A, labelled digit by digit). Its `manifest.tsv`
gives each file's digits, the string to read, and its `boxes.tsv` a box per digit. The
reader trains on the digits of the amounts numbered below 0900 (digits/handwriting.py)
and the line reader on those amounts whole (digits/line_data.py); the amounts from 0900 on
are for measuring only. None is copied into this repository.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from examples.manifest import folder_from_env, manifest_rows


@dataclass(frozen=True)
class RealNumber:
    path: Path
    digits: str  # what a reader should return: "25441"


def realnumbers_dir() -> Path | None:
    """The folder named by REALNUMBERS_DIR, or None when it is not set."""
    return folder_from_env("REALNUMBERS_DIR")


def load_manifest(folder: str | os.PathLike) -> list[RealNumber]:
    """Every number listed in `folder`/manifest.tsv, in the manifest's order."""
    folder = Path(folder)
    rows = manifest_rows(folder)
    return [RealNumber(folder / row["file"], row["digits"]) for row in rows]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: the fewest insertions, deletions and substitutions from a to b."""
    row = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        diagonal, row[0] = row[0], i
        for j, other in enumerate(b, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (char != other))
    return row[-1]


def characters_right(read: str, truth: str) -> float:
    """The share of `truth`'s characters read right: 1 - edit distance / length, at least 0
    (a reading full of extra characters scores 0, not below)."""
    return max(0.0, 1.0 - edit_distance(read, truth) / len(truth))


def read_numbers(numbers: list[RealNumber], reader=None) -> tuple[list[str], np.ndarray]:
    """Each picture through digits.reading.read_number, as a measurement wants it.

    Returns what was read ("" where no digit was found, every character then missed) and
    (n,) float64 seconds per picture, decoding included.
    """
    import time

    from digits.errors import DigitsError
    from digits.reading import read_number

    readings, seconds = [], np.zeros(len(numbers))
    for index, number in enumerate(numbers):
        started = time.perf_counter()
        try:
            readings.append(read_number(number.path, reader))
        except DigitsError:
            readings.append("")
        seconds[index] = time.perf_counter() - started
    return readings, seconds


def scores(numbers: list[RealNumber], readings: list[str]) -> tuple[float, float]:
    """(share read exactly, mean share of characters read right) of `readings`."""
    exact = np.mean([read == number.digits for number, read in zip(numbers, readings, strict=True)])
    right = [characters_right(read, n.digits) for n, read in zip(numbers, readings, strict=True)]
    return float(exact), float(np.mean(right))


@dataclass(frozen=True)
class MissKinds:
    """The misses of a reading, by kind: what each kind asks of the reader differs."""

    misread: int  # as many digits as the truth, only some of them read wrong
    short: int  # digits lost: touching digits read as one, small ones left out
    long: int  # digits added: a digit cut in two, a mark read as a digit
    shifted: int  # as many digits, but one lost and another added elsewhere
    several_lines: int  # one number read as two or more lines
    # Over the misread ones: (truth digit, digit read) -> how often, e.g. ("1", "7") -> 22
    swaps: Counter[tuple[str, str]]


def miss_kinds(numbers: list[RealNumber], readings: list[str]) -> MissKinds:
    """Sort the misses among `readings` (one per number) by kind (MissKinds)."""
    kinds: Counter[str] = Counter()
    swaps: Counter[tuple[str, str]] = Counter()
    for number, read in zip(numbers, readings, strict=True):
        truth = number.digits
        if read == truth:
            continue
        if "\n" in read:
            kinds["several_lines"] += 1
        elif len(read) < len(truth):
            kinds["short"] += 1
        elif len(read) > len(truth):
            kinds["long"] += 1
        else:
            pairs = [(a, b) for a, b in zip(truth, read, strict=True) if a != b]
            # Only digits read wrong, or a digit lost and another added (15700 -> 57000:
            # position by position three digits differ, none of them misread)? Where the
            # two take as many edits, the digits read wrong are the simpler account.
            if edit_distance(read, truth) == len(pairs):
                kinds["misread"] += 1
                swaps.update(pairs)
            else:
                kinds["shifted"] += 1
    return MissKinds(
        kinds["misread"],
        kinds["short"],
        kinds["long"],
        kinds["shifted"],
        kinds["several_lines"],
        swaps,
    )
