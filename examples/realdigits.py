"""Real handwritten digits that people published: the test set for the picture pipeline.

The folder (`REALDIGITS_DIR`, in CI `../shared/realdigits`) holds single digits from public
repositories: phone photos, drawing-app images, small hand-drawn 28x28 ones and digits
their authors already put in MNIST's form. Its `manifest.tsv` gives each file's label,
kind and source. The images are never copied into this repository.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from examples.manifest import folder_from_env, manifest_rows

KINDS = ("photo", "canvas-drawing", "small-drawing", "mnist-style")


@dataclass(frozen=True)
class RealDigit:
    path: Path
    label: int
    kind: str  # one of KINDS
    source: str  # the public repository it came from


def realdigits_dir() -> Path | None:
    """The folder named by REALDIGITS_DIR, or None when it is not set."""
    return folder_from_env("REALDIGITS_DIR")


def load_manifest(folder: str | os.PathLike) -> list[RealDigit]:
    """Every digit listed in `folder`/manifest.tsv, in the manifest's order."""
    folder = Path(folder)
    rows = manifest_rows(folder)
    return [
        RealDigit(folder / row["file"], int(row["label"]), row["kind"], row["repo"]) for row in rows
    ]


def by_kind(digits: list[RealDigit], per_kind: int | None = None) -> dict[str, list[RealDigit]]:
    """The digits of each kind, in KINDS order: all of them, or the first `per_kind`."""
    return {kind: [digit for digit in digits if digit.kind == kind][:per_kind] for kind in KINDS}


def read_digits(digits: list[RealDigit]) -> tuple[np.ndarray, np.ndarray]:
    """Each picture through digits.images.load_digit_image, as a measurement wants it.

    Returns (n, 28, 28) float32 inputs and (n,) bool, True where the picture could not
    be read (its input left black, to be counted as a miss).
    """
    from digits.errors import DigitsError
    from digits.images import load_digit_image

    inputs, unread = np.zeros((len(digits), 28, 28), np.float32), np.zeros(len(digits), bool)
    for index, digit in enumerate(digits):
        try:
            inputs[index] = load_digit_image(digit.path)
        except DigitsError:
            unread[index] = True
    return inputs, unread
