"""digits/handwriting.py: the real handwriting the reader trains on, and the measures it
never opens."""

import re

import numpy as np
import pytest
from amounts import write_amount

from digits.errors import DigitsError
from digits.handwriting import (
    FIRST_MEASURED_AMOUNT,
    amount_number,
    folder_from_env,
    load_amount_digits,
    load_cvl,
    reader_training_set,
)


def cvl_digits(count, seed=0):
    """CVL's form: (n, 28, 28) uint8, a dark vertical stroke (a 1) on a light ground."""
    rng = np.random.default_rng(seed)
    images = np.full((count, 28, 28), 245, np.uint8)
    for image in images:
        left = int(rng.integers(8, 18))
        image[3:25, left : left + 4] = 20
    return images, np.ones(count, np.uint8)


def write_cvl(folder, name, count, seed=0):
    images, labels = cvl_digits(count, seed)
    np.savez(folder / name, images=images, labels=labels, writers=np.zeros(count, np.int32))


@pytest.fixture
def data(tmp_path):
    """Folders like ../shared/cvl and ../shared/realnumbers, training and measured parts."""
    cvl, amounts = tmp_path / "cvl", tmp_path / "amounts"
    cvl.mkdir()
    amounts.mkdir()
    write_cvl(cvl, "train.npz", 5)
    write_cvl(cvl, "valid.npz", 7, seed=1)
    rows = (
        write_amount(amounts, 12, 3)[2]
        + write_amount(amounts, 345, 2)[2]
        + write_amount(amounts, FIRST_MEASURED_AMOUNT, 4)[2]
    )
    (amounts / "boxes.tsv").write_text("file\tdigit\tx\ty\twidth\theight\n" + "\n".join(rows))
    return cvl, amounts


def test_the_training_set_holds_cvl_train_and_the_training_amounts_only(data, opened_files):
    cvl, amounts = data
    real = reader_training_set(cvl, amounts)
    assert len(real) == 5 + 3 + 2  # CVL's 5 training digits, the digits of amounts 12 and 345
    assert real.sources == {"CVL train.npz": (0, 5), "amounts 0000-0899": (5, 10)}
    names = sorted(path.name for path in opened_files)
    assert names == ["0012_111.jpg", "0345_11.jpg", "train.npz"]  # never valid.npz, never 0900
    assert real.images.shape == (10, 28, 28) and real.images.dtype == np.float32
    assert real.labels.tolist() == [1] * 10


def test_every_digit_comes_out_in_mnist_form(data):
    cvl, amounts = data
    for images in (load_cvl(cvl / "train.npz")[0], load_amount_digits(amounts)[0]):
        assert images.min() >= 0 and images.max() <= 1
        for image in images:
            rows = np.flatnonzero(image.max(axis=1) > 0.1)
            assert 18 <= rows[-1] - rows[0] + 1 <= 22  # the longer side fitted to 20 pixels
            assert image[:2].max() == image[-2:].max() == 0  # white ink on black, centred


def test_the_measured_amounts_cannot_be_asked_for(data):
    _, amounts = data
    with pytest.raises(DigitsError, match="0900 on are a measure"):
        load_amount_digits(amounts, stop=FIRST_MEASURED_AMOUNT + 1)


def test_limit_takes_cvl_digits_spread_over_the_file_and_the_first_amounts(data, tmp_path):
    cvl, amounts = data
    real = reader_training_set(cvl, amounts, limit=1)
    assert real.sources == {"CVL train.npz": (0, 1), "amounts 0000-0899": (1, 4)}  # 0012 only
    # CVL's files are sorted by digit: a limit takes digits from all through the file.
    labels = np.repeat(np.arange(10, dtype=np.uint8), 3)
    images = np.repeat(cvl_digits(1)[0], 30, axis=0)
    np.savez(tmp_path / "sorted.npz", images=images, labels=labels)
    assert load_cvl(tmp_path / "sorted.npz", limit=10)[1].tolist() == list(range(10))


def test_bad_files_are_one_error_naming_them(tmp_path):
    (tmp_path / "train.npz").write_bytes(b"not a zip")
    with pytest.raises(DigitsError, match=r"train.npz: not a readable \.npz"):
        load_cvl(tmp_path / "train.npz")
    np.savez(tmp_path / "other.npz", pixels=np.zeros((2, 28, 28), np.uint8))
    with pytest.raises(DigitsError, match="other.npz: expected arrays 'images' and 'labels'"):
        load_cvl(tmp_path / "other.npz")
    np.savez(tmp_path / "objects.npz", images=np.array([None]), labels=np.array([None]))
    with pytest.raises(DigitsError, match=r"objects.npz: not a readable \.npz"):
        load_cvl(tmp_path / "objects.npz")  # pickled objects are refused, never loaded
    header = "file\tdigit\tx\ty\twidth\theight\n"
    (tmp_path / "boxes.tsv").write_text(header + "0001_5.jpg\t5\tx\n")
    with pytest.raises(DigitsError, match="boxes.tsv: line 2 is not file, digit"):
        load_amount_digits(tmp_path)
    for row in ("0001_5.jpg\t10\t1\t1\t5\t5", "0001_5.jpg\t5\t-1\t1\t5\t5"):
        (tmp_path / "boxes.tsv").write_text(header + row + "\n")
        with pytest.raises(DigitsError, match="boxes.tsv: line 2: digit .* out of range"):
            load_amount_digits(tmp_path)
    (tmp_path / "boxes.tsv").write_text(header + "0001_5.jpg\t5\t1\t1\t5\t5\n")
    with pytest.raises(DigitsError, match="0001_5.jpg: "):
        load_amount_digits(tmp_path)  # a box in a picture that is not there
    missing = re.escape(str(tmp_path / "nowhere" / "boxes.tsv"))
    with pytest.raises(DigitsError, match=f"{missing}: no such file"):
        load_amount_digits(tmp_path / "nowhere")


def test_amount_numbers_and_folders_from_the_environment(monkeypatch, tmp_path):
    assert amount_number("0899_4500.jpg") == 899
    monkeypatch.setenv("CVL_DIR", str(tmp_path))
    assert folder_from_env("CVL_DIR") == tmp_path
    monkeypatch.setenv("CVL_DIR", "")
    assert folder_from_env("CVL_DIR") is None


@pytest.mark.integration
def test_the_real_training_handwriting(cvl_dir, realnumbers_dir):
    real = reader_training_set(cvl_dir, realnumbers_dir, limit=100)
    start, stop = real.sources["CVL train.npz"]
    assert stop - start == 100
    counts = np.bincount(real.labels[stop:], minlength=10)
    assert counts.sum() >= 300 and (counts > 0).sum() >= 9  # the digits of 100 amounts
