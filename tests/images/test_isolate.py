"""digits/images/isolate.py: the digit's blobs kept, specks and marks dropped."""

import numpy as np
import pytest

from digits.errors import DigitsError
from digits.images.isolate import isolate_digit

from .drawn import block


def test_the_digit_and_its_pieces_stay_specks_and_the_paper_edge_go():
    ink = np.zeros((300, 300), dtype=np.float32)
    block(ink, 40, 60, height=80, width=30)  # the digit
    block(ink, 125, 60, height=20, width=30)  # a piece of it, broken off below
    ink[20:23, 150:153] = 1.0  # a speck near it
    block(ink, 230, 220, height=40, width=30)  # a mark as large as the piece, far away
    ink[:, :8] = 1.0  # the paper's edge, a blob larger than the digit
    kept = isolate_digit(ink)
    assert kept.shape == ink.shape and kept.dtype == np.float32
    assert kept[80, 75] == 1.0 and kept[135, 75] == 1.0
    assert kept[20:23, 150:153].max() == 0 and kept[230:270, 220:250].max() == 0
    assert kept[:, :8].max() == 0


def test_the_soft_edge_of_a_kept_stroke_stays():
    ink = np.zeros((100, 100), dtype=np.float32)
    block(ink, 20, 40, height=60, width=10)
    ink[20:80, 39] = ink[20:80, 50] = 0.3  # the stroke's anti-aliased edges
    np.testing.assert_array_equal(isolate_digit(ink), ink)


def test_a_picture_of_specks_or_no_ink_has_no_digit():
    specks = np.zeros((100, 100), dtype=np.float32)
    specks[10, 10] = specks[50, 70] = 1.0
    with pytest.raises(DigitsError, match="only specks"):
        isolate_digit(specks)
    with pytest.raises(DigitsError, match="no ink stands out"):
        isolate_digit(np.zeros((100, 100), dtype=np.float32))
