"""Step 16: ink of several digits cut into digits, in lines of writing.

The ink is cut into blobs; blobs touching the picture's edge and specks are dropped;
blobs sharing their columns (the bar of a 5, a broken stroke) and small pieces inside a
digit's box make one digit, and so does a piece much shorter than the writing that nearly
touches a digit (a 5's bar written apart, a stroke broken off); digits form lines by
their rows.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from digits.errors import DigitsError
from digits.images._shared import box
from digits.images.contrast import INK_LEVEL

# The writing's height, which the rules below measure against: this percentile of the
# heights of the blobs inside the picture (specks and pieces are shorter than digits).
WRITING_PERCENTILE = 75
MIN_DIGIT_SIDE = 0.3  # of the writing's height: a blob with no side this long is a speck
# Two blobs are one digit when they share this much of the narrower one's columns and
# fewer rows than STROKE_GAP lie between them (a broken stroke) ...
SHARED_COLUMNS = 0.5  # of the narrower blob's width
STROKE_GAP = 0.3  # of the writing's height
# ... or when one sits on the other sharing BAR_COLUMNS of the narrower one's columns,
# their rows overlapping by at most BAR_OVERLAP or apart by less than BAR_GAP (the bar
# of a 5 or a 7).
BAR_COLUMNS = 0.25  # of the narrower blob's width
BAR_OVERLAP = 0.3  # of the shorter blob's height
BAR_GAP = 0.15  # of the writing's height
# A digit shorter than SHORT_PIECE is a piece of the nearest whole digit closer than
# PIECE_GAP (a 5's bar written apart, a stroke broken off).
SHORT_PIECE = 0.5  # of the writing's height
PIECE_GAP = 0.2  # of the writing's height
SMALL_REACH = 0.1  # of the writing's height: a small blob this near a digit's box joins it
SOFT_EDGE = 2  # pixels: each digit's blobs grow by this much so their soft edges stay


def split_digits(ink: np.ndarray) -> list[list[np.ndarray]]:
    """Cut ink (h, w) float in [0, 1] into digits: lines top to bottom, digits left to right.

    Each digit is the ink of its own blobs only, (h, w) float32 with the picture's shape.
    Blobs one above the other (the bar of a 5, a broken stroke) are one digit, and so is
    a piece much shorter than the writing with the digit it nearly touches; specks, much
    smaller than the writing, and blobs touching the picture's edge are not digits.
    """
    mask = ink > INK_LEVEL
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    boxes = [box(found) for found in ndimage.find_objects(labels)]
    inside = [b for b in range(count) if _inside(boxes[b], mask.shape)]
    if not inside:
        raise DigitsError("no digit found (no ink stands out from the ground)")
    heights = [boxes[b][1] - boxes[b][0] for b in inside]
    height = float(np.percentile(heights, WRITING_PERCENTILE))
    blobs = [b for b in inside if max(_sides(boxes[b])) >= MIN_DIGIT_SIDE * height]
    groups = _join_short_pieces(_join_sharing_columns(blobs, boxes, height), boxes, height)
    _attach_small(inside, blobs, groups, boxes, height)
    lines = _lines([_union(boxes, group) for group in groups])
    return [[_digit_ink(ink, labels, groups[index]) for index in line] for line in lines]


def _digit_ink(ink: np.ndarray, labels: np.ndarray, group: list[int]) -> np.ndarray:
    """The ink of the blobs in `group` (indices into `labels`, less one) and their soft
    edges; the rest of the picture 0. (h, w) float32."""
    chosen = np.zeros(labels.max() + 1, dtype=bool)
    chosen[[b + 1 for b in group]] = True
    own = ndimage.binary_dilation(chosen[labels], iterations=SOFT_EDGE)
    return np.where(own, ink, 0.0).astype(np.float32)


def _inside(span: tuple[int, int, int, int], shape: tuple[int, int]) -> bool:
    top, bottom, left, right = span
    return top > 0 and left > 0 and bottom < shape[0] and right < shape[1]


def _sides(span: tuple[int, int, int, int]) -> tuple[int, int]:
    return span[1] - span[0], span[3] - span[2]


def _union(boxes: list, group: list[int]) -> tuple[int, int, int, int]:
    chosen = [boxes[b] for b in group]
    return (
        min(b[0] for b in chosen),
        max(b[1] for b in chosen),
        min(b[2] for b in chosen),
        max(b[3] for b in chosen),
    )


def _join_sharing_columns(blobs: list[int], boxes: list, height: float) -> list[list[int]]:
    """Blobs one above the other sharing their columns (a broken stroke, the bar of a 5)
    joined, until no two groups are pieces of one digit: (indices of blobs) per digit."""
    groups = [[b] for b in blobs]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if _one_digit(_union(boxes, groups[i]), _union(boxes, groups[j]), height):
                    groups[i] += groups.pop(j)
                    merged = True
                    break
            if merged:
                break
    return groups


def _join_short_pieces(groups: list[list[int]], boxes: list, height: float) -> list[list[int]]:
    """A piece much shorter than the writing is part of the digit it nearly touches: a
    5's bar written apart from its body, a stroke broken off the side of a 4 or a 7.

    A piece joins the nearest whole digit within PIECE_GAP of the writing's height; a
    digit written small keeps more room than that from its neighbours and stays a digit. A flat
    piece (a bar) is measured from its left end, where a bar leaves its own digit, not
    from its right end, which may reach towards the next digit.
    """
    spans = [_union(boxes, group) for group in groups]
    short = [_sides(span)[0] < SHORT_PIECE * height for span in spans]
    whole = [i for i in range(len(groups)) if not short[i]]
    taken = set()
    for piece in (i for i in range(len(groups)) if short[i]):
        top, bottom, left, right = spans[piece]
        if right - left > bottom - top:  # flat: a bar
            right = left + 1
        near = [(_gap((top, bottom, left, right), spans[digit]), digit) for digit in whole]
        if near and min(near)[0] < PIECE_GAP * height:
            groups[min(near)[1]] += groups[piece]
            taken.add(piece)
    return [group for i, group in enumerate(groups) if i not in taken]


def _gap(a: tuple, b: tuple) -> float:
    """The shortest distance between boxes a and b (top, bottom, left, right); 0 if they meet."""
    rows = max(0, a[0] - b[1], b[0] - a[1])
    columns = max(0, a[2] - b[3], b[2] - a[3])
    return float(np.hypot(rows, columns))


def _one_digit(a: tuple, b: tuple, height: float) -> bool:
    """Are boxes a and b (top, bottom, left, right) pieces of one digit? Yes when they
    share most of their columns with few rows between them (a broken stroke), or when one
    sits just above the other sharing a quarter of its columns (the bar of a 5 or a 7)."""
    overlap = min(a[3], b[3]) - max(a[2], b[2])
    narrower = min(a[3] - a[2], b[3] - b[2])
    gap = max(a[0], b[0]) - min(a[1], b[1])  # negative: their rows overlap
    shorter = min(a[1] - a[0], b[1] - b[0])
    if overlap >= SHARED_COLUMNS * narrower and gap < STROKE_GAP * height:
        return True
    stacked = -BAR_OVERLAP * shorter <= gap < BAR_GAP * height
    return stacked and overlap >= BAR_COLUMNS * narrower


def _attach_small(
    inside: list[int], blobs: list[int], groups: list[list[int]], boxes: list, height: float
) -> None:
    """Small blobs within a digit's box (a broken stroke's pieces) join that digit;
    the others, specks on the paper, are left out."""
    reach = SMALL_REACH * height
    for small in set(inside) - set(blobs):
        top, bottom, left, right = boxes[small]
        for group in groups:
            up, down, west, east = _union(boxes, group)
            within_rows = top >= up - reach and bottom <= down + reach
            if within_rows and left >= west - reach and right <= east + reach:
                group.append(small)
                break


def _lines(boxes: list[tuple[int, int, int, int]]) -> list[list[int]]:
    """Digit boxes grouped into lines of writing, top to bottom, each left to right.

    A digit belongs to a line when its middle lies within the line's rows so far.
    """
    lines: list[list[int]] = []
    spans: list[list[float]] = []
    for index in sorted(range(len(boxes)), key=lambda i: boxes[i][0] + boxes[i][1]):
        top, bottom = boxes[index][0], boxes[index][1]
        middle = (top + bottom) / 2
        for line, span in zip(lines, spans, strict=True):
            if span[0] <= middle <= span[1]:
                line.append(index)
                span[0], span[1] = min(span[0], top), max(span[1], bottom)
                break
        else:
            lines.append([index])
            spans.append([top, bottom])
    order = sorted(range(len(lines)), key=lambda i: spans[i][0])
    return [sorted(lines[i], key=lambda d: boxes[d][2]) for i in order]
