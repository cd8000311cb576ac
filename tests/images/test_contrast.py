"""digits/images/contrast.py: firm ink on an empty ground."""

import numpy as np
import pytest

from digits.errors import DigitsError
from digits.images.contrast import contrast_normalise, otsu_threshold


def test_faint_ink_joined_to_a_firm_stroke_is_kept_and_made_firm():
    ink = np.zeros((120, 120), dtype=np.float32)
    ink[20:100, 30:36] = 0.8  # a firm stroke
    ink[20:26, 36:90] = 0.2  # its faint continuation (the top of a 5, in pencil)
    ink[90:96, 70:100] = 0.2  # a faint mark on its own, as faint
    normal = contrast_normalise(ink)
    assert normal[60, 33] > 0.9
    assert normal[23, 60] > 0.9
    assert normal[93, 85] < 0.5


def test_otsu_threshold_falls_between_two_classes():
    rng = np.random.default_rng(0)
    values = np.concatenate([rng.normal(0.1, 0.02, 900), rng.normal(0.7, 0.05, 100)])
    assert 0.15 < otsu_threshold(values) < 0.6


def test_a_blank_picture_has_no_digit():
    with pytest.raises(DigitsError, match="blank or has too little contrast"):
        contrast_normalise(np.full((50, 50), 0.05, dtype=np.float32))
