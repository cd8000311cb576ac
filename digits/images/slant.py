"""Slant: writing sheared upright, and digits shown to the classifier at other slants.

deslant (a number): people's writing leans; MNIST's digits lean a little. Writing that
leans much more is sheared upright, by the shear whose column profile of stroke pixels is
most sharply peaked: upright strokes fall into few columns.

sheared_views (a number's candidate digits): each 28x28 candidate also sheared either way,
so the caller can average the classifier's probabilities over the slants (view_weights).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from digits.images.contrast import INK_LEVEL
from digits.images.field import CENTRE

# Shears tried, in columns moved per row (positive: the top leans right, forward).
SLANTS = tuple(np.round(np.arange(-0.2, 0.61, 0.1), 2))
# Only writing leaning this much or more (columns per row) is sheared upright: MNIST's
# digits lean too, and a classifier trained on them reads a lean below this well.
DESLANT_MIN = 0.6
# The extra views of each candidate digit, in columns per row. Wide shears read writing
# that leans unlike MNIST's; the candidate as it is counts AS_IS_WEIGHT times as much as
# each sheared view, so upright digits are not blurred by them.
VIEW_SHEARS = (-0.6, -0.3, 0.3, 0.6)
AS_IS_WEIGHT = 3.0


def deslant(ink: np.ndarray) -> np.ndarray:
    """The writing sheared upright when it leans at least DESLANT_MIN.

    ink: (h, w) float32 in [0, 1], strokes above INK_LEVEL. Of the shears in SLANTS, the
    one whose column profile of stroke pixels is most peaked (its sum of squares largest;
    ties to the smaller shear) is the writing's slant. Returns ink unchanged, or sheared
    about its middle row: (h, w + 2 * pad) float32, pad columns added each side.
    """
    ys, xs = np.nonzero(ink > INK_LEVEL)
    if len(ys) == 0:
        return ink
    middle = (ink.shape[0] - 1) / 2
    best, best_score = 0.0, -1.0
    for slant in SLANTS:
        columns = np.rint(xs + slant * (ys - middle)).astype(int)
        profile = np.bincount(columns - columns.min()).astype(np.float64)
        score = float(np.square(profile).sum())
        tie = abs(score - best_score) < 1e-9
        if score > best_score + 1e-9 or (tie and abs(slant) < abs(best)):
            best, best_score = float(slant), score
    if best < DESLANT_MIN:
        return ink
    height, width = ink.shape
    pad = int(np.ceil(best * middle)) + 1
    # The output's (row, column) reads the input's (row, column - pad - best * (row - middle)).
    matrix = np.array([[1.0, 0.0], [-best, 1.0]])
    offset = np.array([0.0, best * middle - pad])
    sheared = ndimage.affine_transform(
        ink, matrix, offset=offset, output_shape=(height, width + 2 * pad), order=1
    )
    return sheared.astype(np.float32)


def sheared_views(digits: np.ndarray) -> np.ndarray:
    """Each digit as is and sheared by each of VIEW_SHEARS about MNIST's centre row.

    digits: (n, 28, 28) float32 in [0, 1]. Returns (1 + len(VIEW_SHEARS), n, 28, 28)
    float32; the caller averages the classifier's probabilities over the first axis.
    """
    views = [digits]
    for shear in VIEW_SHEARS:
        matrix = np.array([[1.0, 0.0], [shear, 1.0]])
        offset = np.array([0.0, -shear * CENTRE])
        views.append(
            np.stack([ndimage.affine_transform(d, matrix, offset=offset, order=1) for d in digits])
        )
    return np.stack(views).astype(np.float32)


def view_weights() -> np.ndarray:
    """The weight of each view of sheared_views in the average of the classifier's
    probabilities: (1 + len(VIEW_SHEARS),) float64 summing to 1, the view as is first."""
    weights = np.array([AS_IS_WEIGHT] + [1.0] * len(VIEW_SHEARS))
    return weights / weights.sum()
