"""digits/reading.py: numbers read from pictures by the line reader."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digits.data import scale_pixels
from digits.errors import DigitsError
from digits.reading import read_number, read_number_picture
from examples import synth

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.integration
def test_numbers_rendered_from_test_digits_are_read(mnist, tmp_path):
    # The line reader that ships: its weights are the same on every machine, where a model
    # trained here differs from CPU to CPU by more than a few numbers in 40.
    _, (x_test, y_test) = mnist
    rng = np.random.default_rng(9)
    digits = scale_pixels(x_test)
    exact = lines_apart = 0
    for number in range(40):
        picture, text = synth.render_number(digits, y_test, rng)
        picture.save(tmp_path / f"{number}.jpg")
        read = read_number(tmp_path / f"{number}.jpg")
        exact += read == text
        lines_apart += read.count("\n") == text.count("\n")
    assert exact >= 34  # of 40 numbers of 1-2 rows of 2-6 digits; it reads about 91%
    assert lines_apart == 40


def test_read_number_names_the_file_when_there_is_no_digit(tmp_path):
    Image.new("L", (100, 100), 255).save(tmp_path / "blank.png")
    with pytest.raises(DigitsError, match="blank.png: no digit found"):
        read_number(tmp_path / "blank.png")


def test_a_picture_of_marks_that_are_no_digit_is_an_error_naming_it(tmp_path):
    picture = Image.new("L", (200, 80), 255)
    ImageDraw.Draw(picture).line((60, 40, 140, 40), fill=0, width=6)  # a dash, nothing else
    picture.save(tmp_path / "dash.png")
    with pytest.raises(DigitsError, match=r"dash.png: no digit found \(only marks"):
        read_number(tmp_path / "dash.png")
    grey = np.asarray(picture, dtype=np.float32) / 255
    with pytest.raises(DigitsError, match=r"^no digit found \(only marks"):
        read_number_picture(grey)


def test_each_picture_of_one_digit_in_examples_reads_as_that_digit_as_a_number():
    from digits.images import load_digit_image
    from digits.model import load_model, predict_digits

    model = load_model()
    pictures = [p for p in EXAMPLES.iterdir() if p.suffix in (".png", ".jpg")]
    singles = [p for p in pictures if not p.name.startswith("number")]
    assert len(singles) >= 8
    for path in singles:
        digit = int(predict_digits(model, load_digit_image(path)[None])[0][0])
        assert digit == int(path.stem.split("_")[-1]), path.name
        assert read_number(path) == str(digit), path.name


@pytest.mark.integration
def test_a_tiny_drawing_of_two_digits_is_read_as_two_digits(mnist):
    _, (x_test, y_test) = mnist
    digits = scale_pixels(x_test)
    exact = 0
    for first in range(0, 60, 2):
        picture = synth.tiny_pair(digits, first, first + 1)
        exact += read_number_picture(picture) == f"{y_test[first]}{y_test[first + 1]}"
    assert exact >= 27  # of 30 pairs; it reads about 97% of such pairs


# Floors on the held-out real cheque amounts (0900-1079: the line reader never trained on
# them) read by the line reader that ships, a little under what it reads today; the
# benchmark prints the targets and misses.
REAL_NUMBER_FLOORS = {"exact": 0.75, "characters": 0.92}
ONE_DIGIT_FLOOR = 0.99  # of the real single digits, read as the same digit with --number


@pytest.mark.integration
def test_held_out_real_cheque_amounts_are_read_by_the_shipped_line_reader(realnumbers_dir):
    from digits.handwriting import FIRST_MEASURED_AMOUNT, amount_number
    from examples.realnumbers import load_manifest, read_numbers, scores

    numbers = [
        number
        for number in load_manifest(realnumbers_dir)
        if amount_number(number.path.name) >= FIRST_MEASURED_AMOUNT
    ]
    assert len(numbers) >= 150, "too few held-out real numbers in the manifest"
    exact, characters = scores(numbers, read_numbers(numbers)[0])
    assert exact >= REAL_NUMBER_FLOORS["exact"]
    assert characters >= REAL_NUMBER_FLOORS["characters"]


@pytest.mark.integration
def test_real_single_digits_read_as_the_same_digit_with_and_without_number(realdigits_dir):
    from digits.images import load_digit_image
    from digits.model import load_model, predict_digits
    from examples.realdigits import load_manifest

    model = load_model()
    real = load_manifest(realdigits_dir)
    images = np.stack([load_digit_image(digit.path) for digit in real])
    predicted = predict_digits(model, images)[0]
    same = []
    for digit, alone in zip(real, predicted, strict=True):
        try:
            same.append(read_number(digit.path) == str(alone))
        except DigitsError:
            same.append(False)
    missed = [digit.path.name for digit, right in zip(real, same, strict=True) if not right]
    assert np.mean(same) >= ONE_DIGIT_FLOOR, missed
