"""Over-segmentation: a number's strokes cut into lines of writing and, within each line,
into segments, pieces no larger than a digit.

The strokes are cut into blobs; specks are dropped. Blobs at least MAJOR_HEIGHT of the
writing's height make the lines; smaller marks (a 5's bar, a dot, a comma) join the
nearest line. Blobs wider than CUT_MIN_WIDTH of the line's height (touching digits) are
cut at the valleys of their column profile and where their outline dips from above or
bulges from below (two zeros that touch). A digit may then be one segment or a few
adjacent ones (a broken stroke, a bar written apart); which is which is decided later,
when the classifier has scored the candidates (digits/images/lattice.py, search.py).
Blobs touching the picture's edge are kept: amounts on cheques are cropped tightly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from digits.errors import DigitsError
from digits.images._shared import box

# All lengths below are fractions of the writing's height H (see writing_height).
SPECK_AREA = 0.004  # of H^2: blobs with fewer stroke pixels are specks
MAJOR_HEIGHT = 0.5  # blobs at least this tall make lines of writing
LINE_REACH = 0.35  # a smaller mark joins a line when its middle is this near to it
CUT_MIN_WIDTH = 0.45  # blobs wider than this are searched for cuts
CUT_MARGIN = 0.12  # no cut this near a blob's side (a stroke's end, not a joint)
CUT_SPACING = 0.18  # cuts at least this far apart (narrower than any digit but a 1)
CUT_REACH = 0.25  # a valley is compared with the profile's peaks this far either side
CONTOUR_DEPTH = 0.1  # an outline's dip or bulge between two digits that touch
# A valley of the column profile at most half its neighbouring peaks: a thin join. Cutting
# at shallower valleys too reads fewer real cheque amounts: each piece it adds is one more
# the classifier may read, surely and wrongly, as a digit of its own.
CUT_DEPTH = 0.5
BIG_BLOB = 0.2  # of the largest blob's stroke pixels: blobs that measure the writing
MIN_WRITING_HEIGHT = 4.0  # pixels
HOLE_AREA = 0.01  # of H^2: a hole of ground this large inside a blob is a loop (loops.py)


@dataclass(frozen=True)
class Line:
    """One line of writing: its height H in pixels and its segments left to right, each
    the (rows, columns) int arrays of its stroke pixels."""

    height: float
    segments: list[tuple[np.ndarray, np.ndarray]]


def segment_lines(mask: np.ndarray) -> list[Line]:
    """The stroke pixels of a number, mask (h, w) bool, cut into lines (top to bottom) of
    segments (left to right). DigitsError when there is no ink or only specks."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    if count == 0:
        raise DigitsError("no digit found (no ink stands out from the ground)")
    boxes = [box(found) for found in ndimage.find_objects(labels)]
    areas = ndimage.sum_labels(mask, labels, np.arange(1, count + 1))
    heights = np.array([b[1] - b[0] for b in boxes], dtype=np.float64)
    writing = writing_height(heights, areas)
    kept = [b for b in range(count) if areas[b] >= SPECK_AREA * writing**2]
    if not kept:
        raise DigitsError("no digit found (only specks of ink)")
    lines = []
    for members in _group_lines(kept, boxes, writing):
        height = writing_height(heights[members], areas[members])
        lines.append(Line(height, _segments(labels, boxes, members, height)))
    return lines


def writing_height(heights: np.ndarray, areas: np.ndarray) -> float:
    """The height of the writing in pixels: the 75th percentile of the heights of the
    blobs with at least BIG_BLOB of the largest one's stroke pixels (marks, dots and
    broken pieces do not lower it; touching digits do not change it). (n,) -> float."""
    big = heights[areas >= BIG_BLOB * areas.max()]
    return max(float(np.percentile(big, 75)), MIN_WRITING_HEIGHT)


def _group_lines(blobs: list[int], boxes: list, writing: float) -> list[np.ndarray]:
    """Blobs (label - 1) grouped into lines, top to bottom.

    Blobs at least MAJOR_HEIGHT * H tall make the lines, the tallest first: a blob joins
    a line when its middle lies within the line's rows so far. Smaller ones join the
    nearest line within LINE_REACH * H, or are left out (a mark far from the writing).
    """
    major = [b for b in blobs if boxes[b][1] - boxes[b][0] >= MAJOR_HEIGHT * writing]
    lines: list[list[int]] = []
    spans: list[list[float]] = []
    # The tallest first: a digit's broken pieces then join the line their digit made.
    for blob in sorted(major, key=lambda b: boxes[b][0] - boxes[b][1]):
        top, bottom = boxes[blob][0], boxes[blob][1]
        middle = (top + bottom) / 2
        for line, span in zip(lines, spans, strict=True):
            if span[0] <= middle <= span[1]:
                line.append(blob)
                span[0], span[1] = min(span[0], top), max(span[1], bottom)
                break
        else:
            lines.append([blob])
            spans.append([top, bottom])
    for blob in sorted(set(blobs) - set(major)):
        middle = (boxes[blob][0] + boxes[blob][1]) / 2
        distance = [max(span[0] - middle, middle - span[1], 0.0) for span in spans]
        if distance and min(distance) <= LINE_REACH * writing:
            lines[int(np.argmin(distance))].append(blob)
    order = sorted(range(len(lines)), key=lambda i: spans[i][0])
    return [np.array(lines[i]) for i in order]


def _segments(labels: np.ndarray, boxes: list, members: np.ndarray, height: float) -> list:
    """The line's blobs, wide ones cut by vertical lines at the valleys of their column
    profile, as (rows, columns) of stroke pixels ordered by their mean column."""
    pieces = []
    for blob in members:
        top, bottom, left, right = boxes[blob]
        rows, columns = np.nonzero(labels[top:bottom, left:right] == blob + 1)
        rows, columns = rows + top, columns + left
        cuts = []
        if right - left > CUT_MIN_WIDTH * height:
            found = cut_columns(columns - left, right - left, height)
            found += contour_cuts(rows - top, columns - left, right - left, height)
            found += hole_cuts(rows - top, columns - left, (bottom - top, right - left), height)
            cuts = [left + cut for cut in _spaced(sorted(set(found)), height)]
        edges = [left, *cuts, right]
        for start, stop in zip(edges[:-1], edges[1:], strict=True):
            chosen = (columns >= start) & (columns < stop)
            if chosen.any():
                pieces.append((rows[chosen], columns[chosen]))
    pieces.sort(key=lambda piece: float(piece[1].mean()))
    return pieces


def cut_columns(columns: np.ndarray, width: int, height: float) -> list[int]:
    """Where to cut a blob: the valleys of its column profile, deepest first, at least
    CUT_SPACING * H apart.

    columns: (n,) int, its stroke pixels' columns from its left edge; width: its width in
    pixels; height: H in pixels. A valley is a column whose (lightly smoothed) count of
    stroke pixels is at most CUT_DEPTH of the lower of the peaks within CUT_REACH * H on
    either side, and at least CUT_MARGIN * H in from the blob's sides. Sorted, relative to
    the blob's left edge.
    """
    profile = np.bincount(columns, minlength=width).astype(np.float64)
    smooth = np.convolve(profile, [0.25, 0.5, 0.25], mode="same")
    margin = max(1, int(CUT_MARGIN * height))
    reach = max(2, int(CUT_REACH * height))
    valleys = []
    for x in range(margin, width - margin):
        peaks = min(smooth[max(0, x - reach) : x].max(), smooth[x + 1 : x + 1 + reach].max())
        if smooth[x] <= CUT_DEPTH * peaks:
            valleys.append((smooth[x] / max(peaks, 1e-6), x))
    return _spaced([x for _, x in sorted(valleys)], height)


def contour_cuts(rows: np.ndarray, columns: np.ndarray, width: int, height: float) -> list[int]:
    """Where two touching digits meet: the columns where the blob's upper outline dips
    down or its lower outline bulges up by at least CONTOUR_DEPTH * H against the
    outline's extremes within CUT_REACH * H on either side (two zeros side by side touch
    where their round tops and bottoms meet; the column profile has no valley there).

    rows, columns: (n,) int, the blob's stroke pixels from its top-left corner (a blob
    is connected, so every column from 0 to width - 1 holds some).
    """
    upper = np.full(width, np.inf)
    lower = np.full(width, -np.inf)
    np.minimum.at(upper, columns, rows)
    np.maximum.at(lower, columns, rows)
    margin = max(1, int(CUT_MARGIN * height))
    reach = max(2, int(CUT_REACH * height))
    depth = CONTOUR_DEPTH * height
    found = []
    for x in range(margin, width - margin):
        before, after = slice(max(0, x - reach), x), slice(x + 1, x + 1 + reach)
        # The lowest point of the upper outline nearby, at least `depth` below its highest
        # on both sides; or the highest point of the lower outline, likewise.
        dips = upper[x] >= max(upper[before].max(), upper[after].max()) and depth <= min(
            upper[x] - upper[before].min(), upper[x] - upper[after].min()
        )
        bulges = lower[x] <= min(lower[before].min(), lower[after].min()) and depth <= min(
            lower[before].max() - lower[x], lower[after].max() - lower[x]
        )
        if dips or bulges:
            found.append(x)
    return found


def hole_cuts(
    rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int], height: float
) -> list[int]:
    """Where two loops side by side meet: the column midway between the holes of two
    neighbouring loops (at least HOLE_AREA * H^2 of ground each) whose columns do not
    overlap. Zeros that only touch are cut where they touch, with no valley in the column
    profile; zeros that overlap leave three holes (the one they share in the middle) and
    are cut inside the overlap, each then read whole as a ring (digits/images/loops.py).

    rows, columns: (n,) int, the blob's stroke pixels from its top-left corner; shape:
    its box (height, width) in pixels.
    """
    blob = np.zeros(shape, dtype=bool)
    blob[rows, columns] = True
    holes, count = ndimage.label(ndimage.binary_fill_holes(blob) & ~blob)
    if count < 2:
        return []
    areas = np.bincount(holes.ravel())[1:]
    spans = sorted(
        (found[1].start, found[1].stop)
        for found, area in zip(ndimage.find_objects(holes), areas, strict=True)
        if area >= HOLE_AREA * height**2
    )
    return [
        (stop + start) // 2
        for (_, stop), (start, _) in zip(spans[:-1], spans[1:], strict=True)
        if stop <= start
    ]


def _spaced(cuts: list[int], height: float) -> list[int]:
    """The cuts, taken in the order given (the most wanted first), each kept when it is
    at least CUT_SPACING * H from those kept before it. Sorted."""
    spacing = max(2, int(CUT_SPACING * height))
    kept: list[int] = []
    for x in cuts:
        if all(abs(x - other) >= spacing for other in kept):
            kept.append(x)
    return sorted(kept)
