"""Step 11: keep the digit's blobs of ink; drop specks, the paper's edge and other marks.

The digit is the largest connected blob of ink plus any blob nearly as large near it.
Blobs that touch the picture's border count only when no blob inside is large enough.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from digits.errors import DigitsError
from digits.images._shared import SOFT_EDGE, box
from digits.images.contrast import INK_LEVEL

# A blob inside the picture is large enough to be the digit with at least this many
# pixels, and at least this share of the picture's pixels (a large photo's specks are
# larger); otherwise the blobs touching the border are considered too.
MIN_DIGIT_AREA = 16  # pixels
MIN_DIGIT_SHARE = 0.0005  # of the picture's pixels
MIN_INK_AREA = 4  # pixels: the largest blob smaller than this is only specks, no digit
# Another blob at least this share of the largest one's area is a stroke of the same
# digit written in pieces, if it lies within the largest one's size of its box.
PIECE_AREA = 0.2  # of the largest blob's area


def isolate_digit(ink: np.ndarray) -> np.ndarray:
    """Keep the digit's blobs of ink; drop specks, marks and the paper's edge.

    ink: (h, w) float32 in [0, 1], as contrast_normalise gives it; returns the same
    shape with every pixel outside the kept blobs set to 0. DigitsError when no blob
    large enough is found.
    """
    mask = ink > INK_LEVEL
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    if count == 0:
        raise DigitsError("no digit found (no ink stands out from the ground)")
    index = np.arange(1, count + 1)
    areas = ndimage.sum_labels(mask, labels, index)
    # Blobs that touch the border are the frame, the table, the paper's edge, a shadow:
    # they count only when no blob of a useful size lies inside the picture.
    touching = np.zeros(count + 1, dtype=bool)
    for edge in (labels[0], labels[-1], labels[:, 0], labels[:, -1]):
        touching[edge] = True
    inner = ~touching[1:]
    useful = inner & (areas >= max(MIN_DIGIT_AREA, MIN_DIGIT_SHARE * mask.size))
    score = np.where(inner, areas, 0.0) if useful.any() else areas
    main = int(np.argmax(score))
    if areas[main] < MIN_INK_AREA:
        raise DigitsError("no digit found (only specks of ink)")
    keep = score >= PIECE_AREA * score[main]  # the other strokes of a digit written in pieces
    # ... but only blobs near the main one: within its size again of its box.
    boxes = ndimage.find_objects(labels)
    top, bottom, left, right = box(boxes[main])
    reach = max(bottom - top, right - left)
    for label in np.flatnonzero(keep):
        up, down, west, east = box(boxes[label])
        if up > bottom + reach or down < top - reach or west > right + reach or east < left - reach:
            keep[label] = False
    selected = np.concatenate([[False], keep])[labels]
    selected = ndimage.maximum_filter(selected, size=2 * SOFT_EDGE + 1)
    return np.where(selected, ink, 0.0).astype(np.float32)
