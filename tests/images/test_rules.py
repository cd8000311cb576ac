"""digits/images/rules.py: the rules of lined and squared paper, a number's baseline and box."""

import numpy as np
import pytest
from scipy import ndimage

from digits.images.rules import erase_baselines, remove_rules


def ruled_ink(height=240, width=320, tilt_degrees=2.0, spacing=30, squared=False):
    """Ink (h, w) in [0, 1]: thin tilted rules `spacing` apart, a thick stroke across them."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    slope = np.tan(np.radians(tilt_degrees))
    ink = (np.abs((y - slope * x) % spacing - spacing / 2) < 1.0).astype(np.float32) * 0.6
    if squared:
        ink = np.maximum(ink, (np.abs((x + slope * y) % spacing - spacing / 2) < 1.0) * 0.6)
    stroke = (np.abs(x - 150) < 6) & (y > 40) & (y < 200)  # a '1' crossing five rules
    return np.where(stroke, 1.0, ink).astype(np.float32), stroke


@pytest.mark.parametrize("squared", [False, True])
@pytest.mark.parametrize("tilt", [-4.0, 0.0, 2.5])
def test_rules_of_lined_and_squared_paper_are_erased_but_not_the_stroke(tilt, squared):
    ink, stroke = ruled_ink(tilt_degrees=tilt, squared=squared)
    clean = remove_rules(ink)
    # Away from the stroke no rule is left; along it the stroke is whole, not cut. (Near
    # the edges a tilted rule leaves the picture; what is left there is a border blob,
    # which isolate_digit drops.)
    away = ~ndimage.binary_dilation(stroke, iterations=4)
    away[:24] = away[-24:] = False
    away[:, :24] = away[:, -24:] = False
    assert (clean[away] > 0.2).mean() < 0.001
    assert (ink[away] > 0.2).mean() > 0.02  # there were rules to erase
    rows = np.flatnonzero(stroke.any(axis=1))
    assert (clean[rows][:, stroke.any(axis=0)] > 0.5).any(axis=1).all()  # no row cut
    assert (clean[stroke] > 0.5).mean() > 0.85  # a rule along its edge may take a sliver
    assert ink.shape == clean.shape and ink.dtype == clean.dtype


def test_long_strokes_that_are_not_a_family_of_rules_stay():
    seven = np.zeros((28, 28), dtype=np.float32)  # a frame-wide bar and a long diagonal
    seven[3:5, 1:27] = 1.0
    for row in range(5, 27):
        seven[row, 25 - row // 2 : 28 - row // 2] = 1.0
    np.testing.assert_array_equal(remove_rules(seven), seven)
    one = np.zeros((200, 100), dtype=np.float32)
    one[5:195, 45:50] = 1.0  # one stroke down 95% of a tight crop
    np.testing.assert_array_equal(remove_rules(one), one)


@pytest.mark.parametrize("tilt", [-2.0, 0.0, 3.0])
def test_a_baseline_is_erased_but_a_digit_crossing_it_is_kept(tilt):
    ink = np.zeros((100, 300), dtype=np.float32)
    columns = np.arange(20, 280)
    rows = np.rint(80 + np.tan(np.radians(tilt)) * (columns - 150)).astype(int)
    for thick in range(3):
        ink[rows + thick, columns] = 1.0  # the printed line the number is written on
    ink[20:95, 60:67] = 1.0  # a '1' written down through it
    ink[30:70, 150:190] = 1.0  # a digit above it, not touching
    clean = erase_baselines(ink)
    line = np.zeros_like(ink, dtype=bool)
    for thick in range(-1, 4):
        line[rows + thick, columns] = True
    away = line.copy()
    away[:, 55:72] = False
    away[:, :25] = away[:, 275:] = False  # between the tilts tried, an end pixel may stay
    assert ink[away].mean() > 0.5 and clean[away].max() == 0  # the line is gone ...
    assert (clean[20:95, 61:66] > 0.5).all()  # ... the '1' across it whole
    np.testing.assert_array_equal(clean[30:70, 150:190], 1.0)
    assert clean.shape == ink.shape and clean.dtype == np.float32


def test_a_box_edge_is_erased_but_a_digit_s_own_strokes_stay():
    ink = np.zeros((100, 300), dtype=np.float32)
    ink[2:99, 5:7] = 1.0  # the left edge of the amount's box, down the whole crop
    ink[15:85, 40:46] = 1.0  # a '1': 70% of the height
    ink[15:21, 80:200] = 1.0  # a long bar: 40% of the width
    clean = erase_baselines(ink)
    assert clean[:, :10].max() == 0
    np.testing.assert_array_equal(clean[:, 20:], ink[:, 20:])
