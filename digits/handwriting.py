"""Real handwriting to train the reader on, in MNIST's form, and what is never trained on.

MNIST's writers are American; much of the world writes 1s with a flag and a foot, 7s with
a bar across the stem, 4s open at the top. The reader (digits/reader.keras) learns those
from two sets of real digits besides MNIST's:

- CVL's training digits (`CVL_DIR`/train.npz: 7,000 by 67 Austrian writers, the ICDAR 2013
  single-digit competition), each a 28x28 grey picture, dark ink on a light ground;
- the digits of real cheque amounts (`REALNUMBERS_DIR`: ORAND-CAR-A, a box and a label for
  each digit in boxes.tsv), cut from the pictures numbered below FIRST_MEASURED_AMOUNT.

Each digit goes through the same pipeline as a user's picture (digits.images), so the
reader learns them in the form it will see. The measures are never read here: CVL's
valid.npz (the competition's validation writers), the amounts from FIRST_MEASURED_AMOUNT
on, and the real single digits (`REALDIGITS_DIR`). tests/test_handwriting.py holds that.
"""

from __future__ import annotations

import csv
import os
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digits.data import IMAGE_SIZE, NUM_CLASSES, scale_pixels
from digits.errors import DigitsError

CVL_TRAIN = "train.npz"  # the only CVL file trained on; valid.npz is a measure
FIRST_MEASURED_AMOUNT = 900  # amounts 0900-1079 are held out: never trained on
BOXES = "boxes.tsv"


@dataclass(frozen=True)
class Handwriting:
    """Digits in MNIST's form with their labels and where each set came from.

    images: (n, 28, 28) float32 in [0, 1], white ink on black; labels: (n,) uint8 0-9.
    sources: {name: (start, stop)}, the rows each set fills.
    """

    images: np.ndarray
    labels: np.ndarray
    sources: dict[str, tuple[int, int]]

    def __len__(self) -> int:
        return len(self.labels)


def folder_from_env(variable: str) -> Path | None:
    """The folder an environment variable names, or None when it is unset or empty."""
    value = os.environ.get(variable)
    return Path(value) if value else None


def load_cvl(path: str | os.PathLike, limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """CVL digits from an .npz (`images` (n, 28, 28) uint8, ink dark; `labels` (n,)), each
    put in MNIST's form by the picture pipeline. Returns (n, 28, 28) float32 in [0, 1] and
    (n,) uint8; limit: only so many, evenly spaced through the file (CVL's files are sorted
    by digit: the first ones are all zeros). Raises DigitsError naming the file when it is
    not such an .npz."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            if not {"images", "labels"} <= set(npz.files):
                raise DigitsError(f"{path}: expected arrays 'images' and 'labels'")
            images, labels = npz["images"], npz["labels"]
    except DigitsError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise DigitsError(f"{path}: not a readable .npz of digits ({error})") from None
    if images.ndim != 3 or images.dtype != np.uint8 or len(images) != len(labels):
        raise DigitsError(f"{path}: images {images.shape} {images.dtype}, labels {labels.shape}")
    if len(labels) and (labels.min() < 0 or labels.max() >= NUM_CLASSES):
        raise DigitsError(f"{path}: labels outside 0-9")
    if limit is not None and limit < len(labels):
        chosen = np.linspace(0, len(labels) - 1, limit).round().astype(int)
        images, labels = images[chosen], labels[chosen]
    return _normalised(scale_pixels(images), path), labels.astype(np.uint8)


def amount_number(name: str) -> int:
    """The number of an amount's picture, from its file name: '0123_4500.jpg' -> 123."""
    return int(name.split("_", 1)[0])


def load_amount_digits(
    folder: str | os.PathLike, stop: int = FIRST_MEASURED_AMOUNT, limit: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The digits of the cheque amounts numbered below `stop`, cut by `folder`/boxes.tsv,
    each put in MNIST's form by the picture pipeline. Returns (n, 28, 28) float32 in
    [0, 1] and (n,) uint8; limit: only the digits of the first so many pictures.
    `stop` may not pass FIRST_MEASURED_AMOUNT: those are measures.
    """
    folder = Path(folder)
    boxes = _read_boxes(folder / BOXES, training_stop(stop))
    images, labels = [], []
    for name, rows in list(boxes.items())[:limit]:
        cut = amount_digits(folder / name, [box for _, box in rows])
        for (digit, _), image in zip(rows, cut, strict=True):
            if image is not None:
                images.append(image)
                labels.append(digit)
    if not images:
        return np.zeros((0, IMAGE_SIZE, IMAGE_SIZE), np.float32), np.zeros(0, np.uint8)
    return np.stack(images), np.array(labels, np.uint8)


def training_stop(stop: int) -> int:
    """`stop`, the first amount left out of a training set; refused when it would take in
    amounts that are a measure (FIRST_MEASURED_AMOUNT on)."""
    if stop > FIRST_MEASURED_AMOUNT:
        raise DigitsError(
            f"amounts from {FIRST_MEASURED_AMOUNT:04d} on are a measure, never trained on"
        )
    return stop


def amount_digits(path: Path, boxes: list[tuple[int, ...]]) -> list[np.ndarray | None]:
    """The digits in `boxes` (x, y, width, height) of an amount's picture in MNIST's form,
    each cut from the picture's cleaned ink (amount_digits_ink), its digit's blobs kept,
    cropped, thickened, fitted and centred. Each (28, 28) float32 in [0, 1], or None where
    the cleaning left no ink in the box (a hairline stroke taken for the pattern)."""
    from digits.images.isolate import isolate_digit

    digits = []
    for part in amount_digits_ink(path, boxes):
        try:
            digits.append(_mnist_form(isolate_digit(part)))
        except DigitsError:
            digits.append(None)
    return digits


def amount_digits_ink(path: Path, boxes: list[tuple[int, ...]]) -> list[np.ndarray]:
    """The ink in `boxes` (x, y, width, height) of an amount's picture, cleaned of its
    security pattern and printed lines (digits.images.number.clean_ink, on the picture
    enlarged by a whole factor, so the boxes scale exactly): (h, w) float32 in [0, 1] each,
    white on black, at the enlarged picture's scale."""
    from digits.images.decode import open_image, to_grey
    from digits.images.frame import enlarge
    from digits.images.number import MAX_ENLARGE, WORK_SIDE, clean_ink

    grey = to_grey(open_image(path))
    ink = clean_ink(enlarge(grey, side=WORK_SIDE, max_factor=MAX_ENLARGE))
    factor = ink.shape[0] // grey.shape[0]  # the whole factor enlarge chose: boxes scale by it
    return [
        ink[y * factor : (y + height) * factor, x * factor : (x + width) * factor]
        for x, y, width, height in boxes
    ]


def _mnist_form(part: np.ndarray) -> np.ndarray:
    """A digit's ink (h, w) float32, ground 0 -> (28, 28) float32 in MNIST's form: cropped,
    thin strokes brought up to MNIST's width, fitted to 20 px and centred by mass."""
    from digits.images.field import centre_by_mass, crop_to_ink, fit_to_box
    from digits.images.frame import enlarge
    from digits.images.strokes import thicken_strokes

    return centre_by_mass(fit_to_box(thicken_strokes(enlarge(crop_to_ink(part)))))


def _read_boxes(path: Path, stop: int) -> dict[str, list[tuple[int, tuple[int, ...]]]]:
    """{file: [(digit, (x, y, width, height)), ...]} of boxes.tsv, files numbered < stop."""
    if not path.is_file():
        raise DigitsError(f"{path}: no such file (a box and label for each digit)")
    boxes: dict[str, list] = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as rows:
        for line, row in enumerate(csv.DictReader(rows, delimiter="\t"), start=2):
            try:
                if amount_number(row["file"]) >= stop:
                    continue
                box = tuple(int(float(row[key])) for key in ("x", "y", "width", "height"))
                digit = int(row["digit"])
            except (KeyError, ValueError, TypeError):
                raise DigitsError(
                    f"{path}: line {line} is not file, digit, x, y, width, height"
                ) from None
            if not 0 <= digit < NUM_CLASSES or min(box[:2]) < 0 or min(box[2:]) < 1:
                raise DigitsError(f"{path}: line {line}: digit {digit}, box {box} out of range")
            boxes[row["file"]].append((digit, box))
    return dict(boxes)


def _normalised(pictures: np.ndarray, source: Path) -> np.ndarray:
    """Each grey picture (n, h, w) in [0, 1] in MNIST's form (digits.images.normalise_digit);
    one that holds no digit is a DigitsError naming it."""
    from digits.images import normalise_digit

    out = np.zeros((len(pictures), IMAGE_SIZE, IMAGE_SIZE), np.float32)
    for index, picture in enumerate(pictures):
        try:
            out[index] = normalise_digit(picture)
        except DigitsError as error:
            raise DigitsError(f"{source}: digit {index}: {error}") from None
    return out


def reader_training_set(
    cvl_dir: str | os.PathLike, amounts_dir: str | os.PathLike, limit: int | None = None
) -> Handwriting:
    """The real handwriting the reader trains on besides MNIST: CVL's train.npz and the
    amounts' digits below FIRST_MEASURED_AMOUNT. limit: a quick check, so many CVL digits
    (spread over the file) and the digits of the first so many amounts. Nothing else in
    either folder is opened."""
    parts = {
        "CVL train.npz": load_cvl(Path(cvl_dir) / CVL_TRAIN, limit),
        f"amounts 0000-{FIRST_MEASURED_AMOUNT - 1:04d}": load_amount_digits(
            amounts_dir, limit=limit
        ),
    }
    sources, start = {}, 0
    for name, (_, labels) in parts.items():
        sources[name] = (start, start + len(labels))
        start += len(labels)
    return Handwriting(
        np.concatenate([images for images, _ in parts.values()]),
        np.concatenate([labels for _, labels in parts.values()]),
        sources,
    )
