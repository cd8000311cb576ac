"""Step 10: erase printed straight lines where the writing does not cross them.

remove_rules (one digit, a number): the rules of lined or squared paper, a family of two
or more thin, parallel, straight lines running across at least RULE_SPAN of the picture,
slightly tilted (up to MAX_TILT) or not. One long bar alone may be a stroke (the top of
a 7) and stays.

erase_baselines (a number): a single printed line is enough. A number is wider than any
of its strokes, so a thin straight line across BASELINE_SPAN of its width is the line it
is written on, and one across BOX_EDGE_SPAN of its height is the edge of the box it is
written in (a cheque's amount box, tightly cropped).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from digits.images.contrast import INK_LEVEL

RULE_INK = 0.2  # a faint printed rule still stands out from the paper by this much (0-1)
RULE_SPAN = 0.8  # rules cross the page; no stroke of a digit spans 80% of its picture
MAX_TILT = 6.0  # degrees a page may be turned in the photo for its rules to be found
BASELINE_SPAN = 0.45  # of the width: no stroke of a number of 2+ digits runs so far straight
BOX_EDGE_SPAN = 0.85  # of the height: a box's edge; a 1 or a 7's stem is shorter
BASELINE_TILTS = (-3.0, -1.5, 0.0, 1.5, 3.0)  # degrees tried for a printed line's tilt
BASELINE_THICKNESS = 0.12  # of the height at most: a thicker band is writing, not a line


def remove_rules(ink: np.ndarray) -> np.ndarray:
    """Erase the rules of lined or squared paper, horizontal and vertical, keeping the digit.

    ink: (h, w) float32 in [0, 1]. Where a stroke crosses a rule the rule's pixels take
    the ink just above and below it (left and right for a vertical rule), so the stroke
    stays whole; elsewhere the rule becomes ground. Returns ink unchanged when no
    family of rules is found.
    """
    ink = _remove_horizontal_rules(ink)
    return _remove_horizontal_rules(ink.T).T


def _remove_horizontal_rules(ink: np.ndarray) -> np.ndarray:
    height, width = ink.shape
    mask = ink > RULE_INK
    if mask.any(axis=0).mean() < RULE_SPAN:  # no line crosses the picture: no rules
        return ink
    shifts = _rule_tilt(mask)
    # Straighten the rules: move each column up or down by its shift, a permutation of
    # its pixels into a taller array, so the way back loses nothing.
    pad = int(np.abs(shifts).max()) + 3
    rows = np.arange(height)[:, None] - shifts[None, :] + pad
    columns = np.arange(width)[None, :]
    level = np.zeros((height + 2 * pad, width), dtype=ink.dtype)
    level[rows, columns] = ink
    # A rule near the top or bottom leaves the picture part way when tilted: measure its
    # span against the part of its row that lies inside the picture.
    inside = np.zeros(level.shape, dtype=bool)
    inside[rows, columns] = True
    length = inside.sum(axis=1)
    across = ((level > RULE_INK).sum(axis=1) >= RULE_SPAN * length) & (length >= width / 2)
    labels, count = ndimage.label(across)
    bands = [found[0] for found in ndimage.find_objects(labels)]
    thin = [band for band in bands if band.stop - band.start <= max(4, 0.04 * height)]
    if len(thin) < 2:  # one long bar may be a stroke (a 7's top); rules come in families
        return ink
    for band in thin:
        # One row more each side for the blur; the ink two rows beyond stands for what
        # the rule covers: a crossing stroke on both sides, ground on one or the other.
        top, bottom = band.start - 1, band.stop + 1
        fill = np.minimum(level[max(top - 2, 0)], level[min(bottom + 1, len(level) - 1)])
        level[max(top, 0) : bottom] = fill
    return level[rows, columns]


def erase_baselines(ink: np.ndarray) -> np.ndarray:
    """Erase single printed lines: horizontal ones across BASELINE_SPAN of the width and
    longer than the picture is tall (the line a number is written on), vertical ones across
    BOX_EDGE_SPAN of the height (a box's edge), each straight and tilted by at most a few
    degrees.

    ink: (h, w) float32 in [0, 1], strokes above INK_LEVEL. Where a stroke crosses a line,
    the line's pixels take the ink just beyond it on both sides, so the stroke stays whole.
    Returns (h, w) float32.
    """
    # A baseline is also longer than the picture is tall: a 7's or a 5's bar, across a
    # picture of that one digit, is not.
    ink = _erase_long_lines(ink, BASELINE_SPAN, ink.shape[0])
    return np.ascontiguousarray(_erase_long_lines(ink.T, BOX_EDGE_SPAN).T)


def _erase_long_lines(ink: np.ndarray, span: float, at_least: int = 0) -> np.ndarray:
    """Horizontal straight runs of stroke pixels at least `span` of the width, and at least
    `at_least` pixels, erased."""
    height, width = ink.shape
    mask = ink > INK_LEVEL
    length = max(int(span * width), at_least) | 1  # odd, so the window is centred
    if length < 8 or not mask.any():
        return ink
    lines = np.zeros_like(mask)
    columns = np.arange(width)
    for angle in BASELINE_TILTS:
        # Straighten lines of this tilt (each column moved up or down by whole rows), keep
        # the runs at least `length` long (a 1-D erosion then dilation, whose cost does not
        # grow with the length), and move the columns back.
        shifts = np.rint(np.tan(np.radians(angle)) * (columns - width / 2)).astype(int)
        pad = int(np.abs(shifts).max())
        rows = np.arange(height)[:, None] - shifts[None, :] + pad
        level = np.zeros((height + 2 * pad, width), dtype=np.float32)
        level[rows, columns[None, :]] = mask
        full = ndimage.uniform_filter1d(level, length, axis=1, mode="constant") > 1 - 1e-3
        runs = ndimage.maximum_filter1d(full.astype(np.uint8), length, axis=1, mode="constant")
        lines |= runs[rows, columns[None, :]].astype(bool)
    lines = _thin_only(lines, max(3, int(BASELINE_THICKNESS * height)))
    if not lines.any():
        return ink
    # A row more above and below for the soft edge; each column's run of line pixels takes
    # the smaller of the ink two rows above and below it: a crossing stroke's on both sides.
    lines = ndimage.binary_dilation(lines, structure=np.ones((3, 1), dtype=bool))
    out = ink.copy()
    for column in np.flatnonzero(lines.any(axis=0)):
        rows = np.flatnonzero(lines[:, column])
        for run in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
            above = ink[run[0] - 2, column] if run[0] >= 2 else 0.0
            below = ink[run[-1] + 2, column] if run[-1] + 2 < height else 0.0
            out[run, column] = min(above, below)
    return out


def _thin_only(lines: np.ndarray, thickest: int) -> np.ndarray:
    """The blobs of `lines` (h, w) bool whose median thickness is at most `thickest` rows:
    a printed line is thin, a band of writing found straight across is not."""
    labels, _ = ndimage.label(lines, structure=np.ones((3, 3)))
    lines = lines.copy()
    for index, found in enumerate(ndimage.find_objects(labels), 1):
        part = labels[found] == index
        if np.median(part.sum(axis=0)[part.any(axis=0)]) > thickest:
            lines[found][part] = False
    return lines


def _rule_tilt(mask: np.ndarray) -> np.ndarray:
    """Per column, the row shift that makes near-horizontal rules level. (w,) int.

    Tries tilts up to MAX_TILT degrees either way and keeps the one whose row profile
    of ink is most sharply peaked: at the rules' own tilt each falls into one or two rows.
    """
    width = mask.shape[1]
    ys, xs = np.nonzero(mask)
    offsets = np.arange(width) - (width - 1) / 2
    best, best_score = np.zeros(width, dtype=int), -1.0
    if len(ys) == 0:
        return best
    for angle in np.arange(-MAX_TILT, MAX_TILT + 0.01, 0.25):
        shifts = np.rint(np.tan(np.radians(angle)) * offsets).astype(int)
        rows = ys - shifts[xs]
        profile = np.bincount(rows - rows.min()).astype(np.float64)
        score = float(np.square(profile).sum())
        if score > best_score:
            best, best_score = shifts, score
    return best
