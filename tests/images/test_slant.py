"""digits/images/slant.py: writing sheared upright, and candidates seen at other slants."""

import numpy as np
import pytest

from digits.images.slant import (
    AS_IS_WEIGHT,
    DESLANT_MIN,
    VIEW_SHEARS,
    deslant,
    sheared_views,
    view_weights,
)


def leaning_strokes(slant, height=80, width=200):
    """Three strokes 5 px wide leaning `slant` columns per row (top to the right)."""
    ink = np.zeros((height, width), dtype=np.float32)
    for left in (40, 90, 140):
        for row in range(10, height - 10):
            column = left + int(round(slant * (height - 1 - row)))
            ink[row, column : column + 5] = 1.0
    return ink


def test_writing_leaning_far_forward_is_sheared_upright():
    ink = leaning_strokes(DESLANT_MIN)
    upright = deslant(ink)
    assert upright.shape[0] == ink.shape[0] and upright.shape[1] > ink.shape[1]
    # Each stroke now stands in a few columns: the column profile has three narrow peaks.
    columns = (upright > 0.5).any(axis=0)
    assert columns.sum() <= 3 * 8
    assert (upright > 0.5).sum() > 0.9 * (ink > 0.5).sum()


def test_writing_leaning_a_little_stays_as_it_is():
    for slant in (0.0, DESLANT_MIN - 0.1, -0.2):
        ink = leaning_strokes(slant)
        assert deslant(ink) is ink


def test_each_candidate_is_also_seen_sheared_either_way():
    digits = np.zeros((2, 28, 28), dtype=np.float32)
    digits[:, 4:24, 13:15] = 1.0  # two upright bars
    views = sheared_views(digits)
    assert views.shape == (1 + len(VIEW_SHEARS), 2, 28, 28) and views.dtype == np.float32
    np.testing.assert_array_equal(views[0], digits)
    leans = []
    for view in views[1:]:
        top, bottom = view[0, 5].argmax(), view[0, 22].argmax()
        leans.append(int(top) - int(bottom))  # positive: the top leans right
        assert view[0, 14, 12:16].max() > 0.9  # about the centre row
    assert min(leans) <= -2 and max(leans) >= 2  # leaning either way
    assert np.sign(leans).tolist() == np.sign(VIEW_SHEARS).tolist()


def test_the_views_weigh_the_candidate_as_is_most():
    weights = view_weights()
    assert weights.shape == (1 + len(VIEW_SHEARS),) and weights.sum() == pytest.approx(1.0)
    assert weights[0] == pytest.approx(AS_IS_WEIGHT * weights[1])
    assert np.all(weights[0] > weights[1:])
