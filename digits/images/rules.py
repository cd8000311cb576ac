"""Step 10: erase the printed lines of lined or squared paper where the digit does not
cross them.

Rules are a family of two or more thin, parallel, straight lines running across at
least RULE_SPAN of the picture, slightly tilted (up to MAX_TILT) or not. One long bar
alone may be a stroke (the top of a 7) and stays.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

RULE_INK = 0.2  # a faint printed rule still stands out from the paper by this much (0-1)
RULE_SPAN = 0.8  # rules cross the page; no stroke of a digit spans 80% of its picture
MAX_TILT = 6.0  # degrees a page may be turned in the photo for its rules to be found


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
