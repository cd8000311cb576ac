"""digits/images/number.py: a picture of a number to its 28x28 digits."""

import numpy as np
import pytest
from scipy import ndimage

from digits.errors import DigitsError
from digits.images.number import load_number_image

from .drawn import block, save


def test_a_number_is_read_as_28x28_digits_line_by_line(tmp_path):
    ink = np.zeros((200, 300), dtype=np.float32)
    for left in (20, 80, 140):
        block(ink, 30, left)  # a line of three digits
    block(ink, 120, 40)  # and a line of two
    block(ink, 120, 200)
    lines = load_number_image(save(1.0 - 0.9 * ink, tmp_path / "number.png"))
    assert [len(line) for line in lines] == [3, 2]
    for digit in (digit for line in lines for digit in line):
        assert digit.shape == (28, 28) and digit.dtype == np.float32
        assert digit.min() >= 0 and digit.max() <= 1 and digit.max() > 0.9
        # Whole-pixel shifts: the centre of mass within half a pixel of (14, 14).
        np.testing.assert_allclose(ndimage.center_of_mass(digit), 14.0, atol=0.5 + 1e-6)


def test_load_number_image_names_the_file_when_there_is_no_digit(tmp_path):
    save(np.ones((100, 100)), tmp_path / "blank.png")
    with pytest.raises(DigitsError, match="blank.png: no digit found"):
        load_number_image(tmp_path / "blank.png")
