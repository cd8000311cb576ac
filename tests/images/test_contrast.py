"""digits/images/contrast.py: firm ink on an empty ground, also on a textured one."""

import numpy as np
import pytest

from digits.errors import DigitsError
from digits.images.contrast import INK_LEVEL, contrast_normalise, contrast_textured, otsu_threshold


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


def test_fine_wavy_lines_behind_the_strokes_are_removed_but_not_the_strokes():
    # A cheque's security ground: wavy lines 1 px wide, as strong as faint ink, all over;
    # the strokes of a digit written over them, 6 px wide, one with a 1-px thin stretch.
    y, x = np.mgrid[0:120, 0:200].astype(np.float32)
    wavy = (np.abs((y + 4 * np.sin(x / 7)) % 8 - 4) < 0.5) * 0.45
    ink = wavy.astype(np.float32)
    ink[20:100, 40:46] = 0.9  # a stroke down
    ink[20:26, 46:120] = 0.9  # a stroke across ...
    ink[21:23, 80:84] = 0.9  # ... pinched to 2 px here, where the pen skipped
    ink[20, 80:84] = ink[23:26, 80:84] = 0.0
    strokes = contrast_textured(ink) > INK_LEVEL
    assert (contrast_normalise(ink) > INK_LEVEL)[wavy > 0].mean() > 0.5  # not removed there
    assert not strokes[40:120, 60:200].any()  # no wavy line left away from the strokes
    assert strokes[20:100, 41:45].all() and strokes[21:25, 47:119].any(axis=0).all()
    assert strokes[21:23, 80:84].all()  # the thin stretch grew back


def test_a_blank_textured_picture_has_no_digit():
    with pytest.raises(DigitsError, match="blank or has too little contrast"):
        contrast_textured(np.full((50, 50), 0.05, dtype=np.float32))


def test_only_lines_finer_than_a_pen_on_a_textured_ground_is_no_digit():
    ink = np.zeros((60, 60), np.float32)
    ink[::6, :] = 0.8  # a fine pattern, one pixel lines, and nothing else
    with pytest.raises(DigitsError, match="no stroke wider"):
        contrast_textured(ink)
