"""Lines of writing: a number's ink cut into its lines, each in the line reader's form.

The line reader (digits/line_reader.py) reads one line of writing at a time, scaled to
LINE_HEIGHT pixels and laid left-aligned on a black field LINE_WIDTH pixels wide. The
ink is cut into blobs; specks are dropped. Blobs at least MAJOR_HEIGHT of the writing's
height make the lines; smaller marks (a 5's bar, a dot, a comma) join the nearest line
or, far from every line, are left out. Blobs touching the picture's edge are kept:
amounts on cheques are cropped tightly.
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

from digits.errors import DigitsError
from digits.images._shared import SOFT_EDGE, box, resized
from digits.images.strokes import thicken_strokes

LINE_HEIGHT = 32  # pixels: the line reader's input is (LINE_HEIGHT, LINE_WIDTH)
LINE_WIDTH = 256  # 8 heights: room for 8 digits and their marks; longer lines are squeezed
# All lengths below are fractions of the writing's height H (see writing_height).
SPECK_AREA = 0.004  # of H^2: blobs with fewer stroke pixels are specks
MAJOR_HEIGHT = 0.5  # blobs at least this tall make lines of writing
LINE_REACH = 0.35  # a smaller mark joins a line when its middle is this near to it
BIG_BLOB = 0.2  # of the largest blob's stroke pixels: blobs that measure the writing
MIN_WRITING_HEIGHT = 4.0  # pixels
STROKE_LEVEL = 0.5  # ink at least this strong is stroke (digits.images.contrast.INK_LEVEL)
MARK_STROKES = 1.5  # a line no taller than this many stroke widths is a mark, not writing
EDGE_LEVEL = 0.3  # a line is cropped to its ink at least this strong: soft edges kept
# Strokes thinner than this share of the line's height (a fine pen on a large drawing) are
# grown to it before the line is scaled down, where they would fade to a faint thread.
LINE_STROKE = 0.08


def split_lines(ink: np.ndarray) -> list[np.ndarray]:
    """A number's ink (h, w) float in [0, 1] -> each line's ink, top to bottom: (h', w')
    float32 cropped to the line's blobs and their soft edges, every other blob blanked.
    DigitsError when there is no ink or only specks."""
    mask = ink >= STROKE_LEVEL
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
    # Soft edges belong to the blob they surround: each ground pixel to its nearest blob.
    nearest = ndimage.distance_transform_edt(labels == 0, return_indices=True)[1]
    owner = labels[nearest[0], nearest[1]]
    lines = []
    for members in _group_lines(kept, boxes, writing):
        # The line's blobs' box and SOFT_EDGE pixels around it, within the picture.
        top = max(0, min(boxes[b][0] for b in members) - SOFT_EDGE)
        bottom = min(ink.shape[0], max(boxes[b][1] for b in members) + SOFT_EDGE)
        left = max(0, min(boxes[b][2] for b in members) - SOFT_EDGE)
        right = min(ink.shape[1], max(boxes[b][3] for b in members) + SOFT_EDGE)
        part = owner[top:bottom, left:right]
        mine = np.isin(part, members + 1)
        line = np.where(mine, ink[top:bottom, left:right], 0.0).astype(np.float32)
        if not _is_mark(line):
            lines.append(line)
    if not lines:  # a dash, a dot, slivers: nothing a few strokes tall
        raise DigitsError("no digit found (only marks that are no digit)")
    return lines


def _is_mark(line: np.ndarray) -> bool:
    """A line no taller than MARK_STROKES stroke widths is a mark (a dash, a dot, a bar), not
    writing: a digit is several strokes tall. The stroke width is twice the 90th percentile
    of the stroke pixels' distance to the ground."""
    mask = line >= STROKE_LEVEL
    if not mask.any():
        return True
    rows = np.flatnonzero(mask.any(axis=1))
    depth = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
    width = 2.0 * float(np.percentile(depth[mask], 90))
    return rows[-1] - rows[0] + 1 <= MARK_STROKES * width


def writing_height(heights: np.ndarray, areas: np.ndarray) -> float:
    """The height of the writing in pixels: the 75th percentile of the heights of the
    blobs with at least BIG_BLOB of the largest one's stroke pixels (marks, dots and
    broken pieces do not lower it; touching digits do not change it). (n,) -> float."""
    big = heights[areas >= BIG_BLOB * areas.max()]
    return max(float(np.percentile(big, 75)), MIN_WRITING_HEIGHT)


def _group_lines(blobs: list[int], boxes: list, writing: float) -> list[np.ndarray]:
    """Blobs (label - 1) grouped into lines, top to bottom.

    Blobs at least MAJOR_HEIGHT * H tall make the lines, the tallest first: a blob joins
    a line when its rows overlap the line's rows so far (a 4's stem drawn apart below its
    bar, a 3 broken in two, are one line; lines of writing have a gap between them).
    Smaller ones join the nearest line within LINE_REACH * H, or are left out (a mark far
    from the writing).
    """
    major = [b for b in blobs if boxes[b][1] - boxes[b][0] >= MAJOR_HEIGHT * writing]
    lines: list[list[int]] = []
    spans: list[list[float]] = []
    # The tallest first: a digit's broken pieces then join the line their digit made.
    for blob in sorted(major, key=lambda b: boxes[b][0] - boxes[b][1]):
        top, bottom = boxes[blob][0], boxes[blob][1]
        for line, span in zip(lines, spans, strict=True):
            if top < span[1] and bottom > span[0]:
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


def line_form(ink: np.ndarray, stretch: float = 1.0) -> np.ndarray:
    """One line's ink (h, w) float in [0, 1] -> (LINE_HEIGHT, LINE_WIDTH) float32 in
    [0, 1]: cropped to its ink, strokes thinner than LINE_STROKE of its height grown to it,
    scaled to LINE_HEIGHT rows (its width by the same factor, times `stretch`, at most
    LINE_WIDTH), left-aligned on black. All black if no ink."""
    field = np.zeros((LINE_HEIGHT, LINE_WIDTH), np.float32)
    if ink.size == 0:
        return field
    rows = np.flatnonzero(ink.max(axis=1) >= EDGE_LEVEL)
    columns = np.flatnonzero(ink.max(axis=0) >= EDGE_LEVEL)
    if not len(rows):
        return field
    ink = ink[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]
    ink = thicken_strokes(ink, LINE_STROKE * ink.shape[0])
    height, width = ink.shape
    width = min(LINE_WIDTH, max(1, round(width * LINE_HEIGHT / height * stretch)))
    scaled = resized(ink, (width, LINE_HEIGHT), Image.Resampling.BILINEAR)
    field[:, :width] = np.clip(scaled, 0.0, 1.0)
    return field
