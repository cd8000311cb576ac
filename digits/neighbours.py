"""Training copies of MNIST digits as a digit cut from among others shows them: with
slivers of the digits beside them.

A digit cut from a picture of several (a photo of one digit of a form, a box of a cheque
amount) seldom stands alone: it keeps the end of a neighbour's stroke that touched it, or
the edge of a neighbour that overlapped it. MNIST's digits stand alone, so a classifier
trained on them alone reads such a digit badly. Each copy here is a
training digit with, on each side (with chance NEIGHBOUR_CHANCE), the nearer part of
another random training digit, up to MAX_PART of that digit's width, placed up to MAX_GAP
pixels apart or overlapping; the whole is put back in MNIST's form (cropped, fitted to 20
pixels, centred by mass) as the picture pipeline does. The label stays the digit's.

Only MNIST's training digits are used here.
"""

from __future__ import annotations

import numpy as np

from digits.images.field import centre_by_mass, crop_to_ink, fit_to_box

NEIGHBOUR_CHANCE = 0.7  # of a neighbour on each side
MAX_PART = 0.2  # of the neighbour's width: at most this sliver of it is kept
MAX_GAP = 3  # pixels between the digit and a sliver; negative: they overlap
INK = 0.05  # pixels above this (0-1 scale) are ink when the digits are cropped


def with_neighbours(
    images: np.ndarray,
    rng: np.random.Generator,
    chance: float = NEIGHBOUR_CHANCE,
    max_part: float = MAX_PART,
) -> np.ndarray:
    """Each digit with slivers of random others beside it, in MNIST's form.

    images: (n, 28, 28) float32 in [0, 1], the digits and where their neighbours come
    from. Returns (n, 28, 28) float32 in [0, 1], copy i made from images[i].
    """
    copies = np.empty_like(images, dtype=np.float32)
    for index, digit in enumerate(images):
        slivers = []
        for side in ("left", "right"):
            if rng.random() < chance:
                neighbour = images[rng.integers(len(images))]
                part = rng.uniform(0.05, max_part)
                gap = int(rng.integers(-MAX_GAP, MAX_GAP + 1))
                slivers.append((_sliver(neighbour, part, side), gap))
            else:
                slivers.append(None)
        row = _side_by_side(_columns_of_ink(digit), *slivers)
        copies[index] = centre_by_mass(fit_to_box(crop_to_ink(row)))
    return copies


def add_neighbour_copies(
    images: np.ndarray, labels: np.ndarray, share: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """The training set with round(share * n) copies of randomly chosen digits added, each
    with slivers of neighbours (with_neighbours), labelled as their digit.

    images: (n, 28, 28) uint8 in 0-255 or float32 in [0, 1]; the copies come in the same
    dtype, after the originals. labels: (n,) ints.
    """
    chosen = rng.permutation(len(images))[: round(share * len(images))]
    pixels = images[chosen]
    if images.dtype == np.uint8:
        copies = with_neighbours(pixels.astype(np.float32) / 255.0, rng)
        copies = np.rint(copies * 255.0).astype(np.uint8)
    else:
        copies = with_neighbours(pixels.astype(np.float32), rng).astype(images.dtype)
    return np.concatenate([images, copies]), np.concatenate([labels, labels[chosen]])


def _columns_of_ink(digit: np.ndarray) -> np.ndarray:
    """The digit's columns from its first to its last with ink: (28, w)."""
    columns = np.flatnonzero(digit.max(axis=0) > INK)
    if len(columns) == 0:
        return digit[:, :1]
    return digit[:, columns[0] : columns[-1] + 1]


def _sliver(neighbour: np.ndarray, part: float, side: str) -> np.ndarray:
    """The part of `neighbour` nearest the digit: its last columns of ink when it stands
    on the digit's left, its first when on the right. (28, k), k >= 1."""
    ink = _columns_of_ink(neighbour)
    width = max(1, round(part * ink.shape[1]))
    return ink[:, -width:] if side == "left" else ink[:, :width]


def _side_by_side(
    digit: np.ndarray,
    left: tuple[np.ndarray, int] | None,
    right: tuple[np.ndarray, int] | None,
) -> np.ndarray:
    """One row of ink: left sliver, digit, right sliver, each (piece, gap in pixels);
    where pieces overlap (a negative gap) the brighter ink wins. (28, total width)."""
    pieces = [(digit, 0)]
    if left is not None:
        pieces.insert(0, (left[0], 0))
        pieces[1] = (digit, left[1])
    if right is not None:
        pieces.append(right)
    width = sum(piece.shape[1] + max(gap, 0) for piece, gap in pieces)
    row = np.zeros((digit.shape[0], width), dtype=np.float32)
    at = 0
    for piece, gap in pieces:
        at = max(at + gap, 0)
        span = row[:, at : at + piece.shape[1]]
        row[:, at : at + piece.shape[1]] = np.maximum(span, piece[:, : span.shape[1]])
        at += piece.shape[1]
    return row
