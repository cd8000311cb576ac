"""Lines of writing to train the line reader on: real cheque amounts and composed lines.

Real lines: the cheque amounts numbered below FIRST_MEASURED_AMOUNT, each put through
the same steps as a user's picture of a number (digits.images.number.number_lines_ink).
There are only 900, so most lines are composed: 1 to MAX_DIGITS digits drawn from
MNIST's training set, CVL's and the amounts' own digits (cut by boxes.tsv, at their
natural size and stroke), set side by side touching, overlapping or spaced, with the
dots, commas and dashes amounts carry, and the remnants a cleaned ground leaves (a
dotted printed line, specks). The measures are never read here: CVL's valid.npz, the
amounts from FIRST_MEASURED_AMOUNT on, the real single digits (tests/test_line_data.py).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

from digits.config import MAX_DIGITS
from digits.errors import DigitsError
from digits.handwriting import (
    CVL_TRAIN,
    FIRST_MEASURED_AMOUNT,
    _read_boxes,
    amount_number,
    training_stop,
)
from digits.images._shared import resized
from digits.images.lines import EDGE_LEVEL, line_form

MANIFEST = "manifest.tsv"
WORK_HEIGHT = 64  # pixels: lines are composed this tall, then scaled to LINE_HEIGHT
# How many digits a composed line carries, 1 to MAX_DIGITS: amounts mostly carry 4-6.
LENGTH_ODDS = (0.04, 0.08, 0.14, 0.22, 0.24, 0.14, 0.08, 0.06)
# Gaps between digits, as fractions of the writing's height: a line's mean gap is drawn
# from GAP_RANGE (below 0: digits overlap), or for one line in SPACED_CHANCE from
# SPACED_RANGE (digits written apart), each gap varying about it by GAP_SPREAD.
GAP_RANGE = (-0.08, 0.2)
SPACED_RANGE = (0.2, 0.9)
SPACED_CHANCE = 0.2
GAP_SPREAD = 0.05
STRETCH_RANGE = (0.85, 1.15)  # a line's width scaled by this much, its height kept


@dataclass(frozen=True)
class Glyphs:
    """Digits cropped to their ink: a list of (h, w) float32 in [0, 1], white on black, and
    their labels (n,) uint8."""

    images: list[np.ndarray]
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)


def crop_ink(ink: np.ndarray) -> np.ndarray | None:
    """(h, w) float ink -> cropped to its pixels at least EDGE_LEVEL, or None if none is."""
    rows = np.flatnonzero(ink.max(axis=1) >= EDGE_LEVEL)
    columns = np.flatnonzero(ink.max(axis=0) >= EDGE_LEVEL)
    if not len(rows):
        return None
    return ink[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]


def glyphs(images: np.ndarray, labels: np.ndarray) -> Glyphs:
    """(n, h, w) white ink on black in [0, 1] (MNIST's, or CVL's inverted) -> Glyphs."""
    kept = [(crop_ink(image), label) for image, label in zip(images, labels, strict=True)]
    kept = [(image, label) for image, label in kept if image is not None]
    return Glyphs([image for image, _ in kept], np.array([label for _, label in kept], np.uint8))


def cvl_glyphs(folder: str | os.PathLike) -> Glyphs:
    """CVL's training digits (folder/train.npz: 28x28 uint8, dark ink on a light ground) as
    white ink on black, each stretched from its ground (median) to its darkest ink."""
    path = Path(folder) / CVL_TRAIN
    try:
        with np.load(path, allow_pickle=False) as npz:
            images, labels = npz["images"], npz["labels"]
    except (OSError, KeyError, ValueError) as error:
        raise DigitsError(f"{path}: not a readable .npz of digits ({error})") from None
    ink = 1.0 - images.astype(np.float32) / 255.0
    ground = np.median(ink, axis=(1, 2), keepdims=True)
    darkest = ink.max(axis=(1, 2), keepdims=True)
    return glyphs(np.clip((ink - ground) / np.maximum(darkest - ground, 1e-3), 0, 1), labels)


def amount_glyphs(
    folder: str | os.PathLike, limit: int | None = None, stop: int = FIRST_MEASURED_AMOUNT
) -> Glyphs:
    """The digits of the amounts numbered below `stop` (at most FIRST_MEASURED_AMOUNT), cut
    by boxes.tsv from each picture's cleaned ink at their natural size (limit: the first
    so many pictures' digits)."""
    from digits.handwriting import amount_digits_ink

    folder = Path(folder)
    images, labels = [], []
    for name, rows in list(_read_boxes(folder / "boxes.tsv", training_stop(stop)).items())[:limit]:
        cut = amount_digits_ink(folder / name, [box for _, box in rows])
        for (digit, _), ink in zip(rows, cut, strict=True):
            cropped = crop_ink(ink)
            if cropped is not None and min(cropped.shape) > 2:
                images.append(cropped)
                labels.append(digit)
    return Glyphs(images, np.array(labels, np.uint8))


def real_lines(
    folder: str | os.PathLike,
    limit: int | None = None,
    start: int = 0,
    stop: int = FIRST_MEASURED_AMOUNT,
) -> tuple[list[np.ndarray], list[str]]:
    """The amounts numbered from `start` to below `stop` (at most FIRST_MEASURED_AMOUNT) as
    the reader sees them: each picture's line of ink (digits.images.number.number_lines_ink),
    not yet in the line reader's form, and its digits; a picture whose ink is found as no
    line or as several is left out (its digits would not match). limit: the first so many
    pictures."""
    from digits.images.decode import open_image, to_grey
    from digits.images.number import number_lines_ink

    folder = Path(folder)
    inks, strings = [], []
    chosen = [(name, digits) for name, digits in training_amounts(folder, stop)]
    for name, digits in [(n, d) for n, d in chosen if amount_number(n) >= start][:limit]:
        try:
            lines = number_lines_ink(to_grey(open_image(folder / name)))
        except DigitsError:
            continue  # the cleaning left no ink: nothing to learn from
        if len(lines) == 1:
            inks.append(lines[0])
            strings.append(digits)
    return inks, strings


def training_amounts(folder: Path, stop: int = FIRST_MEASURED_AMOUNT) -> list[tuple[str, str]]:
    """(file, digits) of each amount in folder/manifest.tsv numbered below `stop` (at most
    FIRST_MEASURED_AMOUNT), in the manifest's order."""
    stop = training_stop(stop)
    path = folder / MANIFEST
    if not path.is_file():
        raise DigitsError(f"{path}: no such file (each amount's file and digits)")
    amounts = []
    with path.open(newline="", encoding="utf-8") as rows:
        for line, row in enumerate(csv.DictReader(rows, delimiter="\t"), start=2):
            try:
                name, digits = row["file"], row["digits"]
                number = amount_number(name)
            except (KeyError, ValueError, TypeError, AttributeError):
                raise DigitsError(f"{path}: line {line} has no file and digits") from None
            if number >= stop:
                continue  # a measure (or a kept-out dev amount): not even its label is read
            if not (digits.isdigit() and 0 < len(digits) <= MAX_DIGITS):
                raise DigitsError(f"{path}: line {line}: {digits!r} is not 1-8 digits")
            amounts.append((name, digits))
    return amounts


def compose_line(rng: np.random.Generator, pools: list[Glyphs], odds: np.ndarray):
    """A composed line: (h, w) float32 ink and its digits. pools: where digits come from,
    chosen by `odds` for the line (and again for one digit in seven)."""
    count = int(rng.choice(np.arange(1, MAX_DIGITS + 1), p=LENGTH_ODDS))
    height = WORK_HEIGHT * rng.uniform(0.7, 0.9)
    mean_gap = rng.uniform(*(SPACED_RANGE if rng.random() < SPACED_CHANCE else GAP_RANGE))
    separator = str(rng.choice([".", ","])) if count >= 4 and rng.random() < 0.5 else None
    pool = pools[rng.choice(len(pools), p=odds)]
    parts, text, x = [], "", 0.0  # parts: (ink, left, bottom)
    for index in range(count):
        if rng.random() < 1 / 7:
            pool = pools[rng.choice(len(pools), p=odds)]
        chosen = int(rng.integers(len(pool)))
        glyph = pool.images[chosen]
        tall = height * rng.uniform(0.88, 1.1)
        wide = max(2.0, glyph.shape[1] * tall / glyph.shape[0] * rng.uniform(0.9, 1.1))
        glyph = resized(glyph, (round(wide), round(tall)), Image.Resampling.BILINEAR)
        if parts:
            x += (mean_gap + rng.normal(0, GAP_SPREAD)) * height
        parts.append((glyph, x, height * (1 + rng.normal(0, 0.03))))
        text += str(pool.labels[chosen])
        x += glyph.shape[1]
        left = count - index - 1
        if separator and left and left % 3 == 0:  # a thousands' mark
            x += _mark(rng, separator, height, x, parts)
    if rng.random() < 0.4:  # the end of an amount: "-", ".-", "=", ".", ",-"
        for kind in (("-",), (".", "-"), ("=",), (".",), (",", "-"))[int(rng.integers(5))]:
            x += _mark(rng, kind, height, x, parts)
    return _paste(rng, parts), text


def _mark(rng, kind: str, height: float, x: float, parts: list) -> float:
    """Put a mark that is no digit after x; return the width it and its gaps take."""
    stroke = max(2, round(height * rng.uniform(0.06, 0.12)))
    before = height * rng.uniform(0.03, 0.2)
    if kind == ".":
        picture = Image.new("F", (2 * stroke + 2, 2 * stroke + 2), 0)
        ImageDraw.Draw(picture).ellipse([1, 1, 2 * stroke, 2 * stroke], fill=1.0)
        bottom = height
    elif kind == ",":
        tall = round(height * rng.uniform(0.15, 0.3))
        picture = Image.new("F", (3 * stroke + 4, tall + 2), 0)
        ImageDraw.Draw(picture).line([(2 * stroke + 1, 1), (2, tall)], fill=1.0, width=stroke)
        bottom = height + tall / 2
    else:  # "-" or "="
        wide = round(height * rng.uniform(0.15, 0.5))
        picture = Image.new("F", (wide + 2, 3 * stroke + 4), 0)
        draw = ImageDraw.Draw(picture)
        tilt = int(rng.integers(-stroke, stroke + 1))
        draw.line([(1, 1 + stroke), (wide, 1 + stroke + tilt)], fill=1.0, width=stroke)
        if kind == "=":
            draw.line([(1, 1 + 3 * stroke), (wide, 1 + 3 * stroke)], fill=1.0, width=stroke)
        bottom = height * rng.uniform(0.5, 0.75)
    ink = np.asarray(picture, np.float32)
    parts.append((ink, x + before, bottom))
    return before + ink.shape[1] + height * rng.uniform(0.0, 0.1)


def _paste(rng: np.random.Generator, parts: list) -> np.ndarray:
    """The parts (ink, left, bottom) on one black field, along a slightly sloping baseline."""
    left = min(x for _, x, _ in parts)
    right = max(x + ink.shape[1] for ink, x, _ in parts)
    top = min(bottom - ink.shape[0] for ink, _, bottom in parts)
    lowest = max(bottom for _, _, bottom in parts)
    width = int(np.ceil(right - left)) + 2
    slope = rng.normal(0, 0.03)
    rise = abs(slope) * width
    field = np.zeros((int(np.ceil(lowest - top + rise)) + 2, width), np.float32)
    for ink, x, bottom in parts:
        column = round(x - left)
        row = round(bottom - top - ink.shape[0] + (x - left) * slope + (rise if slope < 0 else 0))
        row = min(max(row, 0), field.shape[0] - ink.shape[0])
        place = field[row : row + ink.shape[0], column : column + ink.shape[1]]
        np.maximum(place, ink[: place.shape[0], : place.shape[1]], out=place)
    return field


def roughen(rng: np.random.Generator, ink: np.ndarray) -> np.ndarray:
    """A copy of a line's ink with what real lines vary in: the pen's width (thicker or
    thinner), a dotted remnant of a printed line beneath it, a few specks."""
    chance = rng.random()
    if chance < 0.2:
        ink = ndimage.grey_dilation(ink, size=(3, 3))
    elif chance < 0.35:
        ink = ndimage.grey_erosion(ink, size=(2, 2))
    else:
        ink = ink.copy()
    height, width = ink.shape
    if rng.random() < 0.3:
        row = int(rng.integers(int(height * 0.7), height))
        dots = rng.random(width) < rng.uniform(0.1, 0.5)
        ink[row] = np.maximum(ink[row], dots * rng.uniform(0.4, 1.0))
    if rng.random() < 0.3:
        count = int(rng.integers(1, 8))
        ink[rng.integers(0, height, count), rng.integers(0, width, count)] = rng.uniform(
            0.5, 1.0, count
        )
    return ink


def training_lines(
    rng: np.random.Generator,
    pools: list[Glyphs],
    odds: tuple[float, ...],
    real: tuple[list[np.ndarray], list[str]],
    composed: int,
    real_copies: int,
) -> tuple[np.ndarray, list[str]]:
    """One epoch's lines, shuffled: `composed` composed lines and `real_copies` roughened
    copies of each real one. Returns (n, LINE_HEIGHT, LINE_WIDTH) float32 and n strings."""
    odds_array = np.asarray(odds, np.float64) / np.sum(odds)
    lines = [compose_line(rng, pools, odds_array) for _ in range(composed)]
    lines += [(ink, text) for _ in range(real_copies) for ink, text in zip(*real, strict=True)]
    order = rng.permutation(len(lines))
    images = np.stack(
        [line_form(roughen(rng, lines[i][0]), rng.uniform(*STRETCH_RANGE)) for i in order]
    )
    return images, [lines[i][1] for i in order]
