"""digits/line_data.py: the lines the line reader learns from, and the measures it never
opens."""

import numpy as np
import pytest
from amounts import write_amount

from digits.errors import DigitsError
from digits.handwriting import FIRST_MEASURED_AMOUNT
from digits.images.lines import LINE_HEIGHT, LINE_WIDTH
from digits.line_data import (
    Glyphs,
    compose_line,
    cvl_glyphs,
    training_amounts,
    training_lines,
)
from digits.line_training import load_sources


@pytest.fixture
def data(tmp_path):
    """Folders like ../shared/cvl and ../shared/realnumbers, training and measured parts."""
    cvl, amounts = tmp_path / "cvl", tmp_path / "amounts"
    cvl.mkdir()
    amounts.mkdir()
    for name, count in (("train.npz", 5), ("valid.npz", 7)):
        images = np.full((count, 28, 28), 240, np.uint8)
        images[:, 4:24, 12:16] = 20
        np.savez(cvl / name, images=images, labels=np.ones(count, np.uint8))
    written = [
        write_amount(amounts, n, d) for n, d in ((12, 3), (345, 2), (FIRST_MEASURED_AMOUNT, 4))
    ]
    (amounts / "boxes.tsv").write_text(
        "file\tdigit\tx\ty\twidth\theight\n" + "\n".join(r for *_, rows in written for r in rows)
    )
    (amounts / "manifest.tsv").write_text(
        "file\tdigits\n" + "".join(f"{name}\t{digits}\n" for name, digits, _ in written)
    )
    return cvl, amounts


def test_the_sources_hold_training_parts_only(data, opened_files):
    cvl, amounts = data
    mnist = (np.zeros((4, 28, 28), np.uint8), np.arange(4, dtype=np.uint8))
    mnist[0][:, 5:20, 12:15] = 255
    sources = load_sources(mnist, cvl, amounts)
    assert [len(pool) for pool in sources.pools] == [4, 5, 3 + 2]
    assert sources.real[1] == ["111", "11"]  # amounts 0012 and 0345, never 0900
    names = sorted({path.name for path in opened_files})
    assert names == ["0012_111.jpg", "0345_11.jpg", "train.npz"]  # never valid.npz


def test_cvl_digits_become_white_ink_on_black_cropped_to_it(data):
    cvl, _ = data
    pool = cvl_glyphs(cvl)
    assert len(pool) == 5 and (pool.labels == 1).all()
    assert pool.images[0].shape == (20, 4)  # the stroke's box
    assert pool.images[0].min() == pytest.approx(1.0)


def test_amounts_from_the_measured_ones_on_are_never_listed(data):
    _, amounts = data
    assert training_amounts(amounts) == [("0012_111.jpg", "111"), ("0345_11.jpg", "11")]
    with (amounts / "manifest.tsv").open("a") as manifest:
        manifest.write("0950_1x.jpg\t1x\n")  # a measure's label, never even checked
    assert len(training_amounts(amounts)) == 2
    (amounts / "manifest.tsv").write_text("file\tdigits\n0001_12a.jpg\t12a\n")
    with pytest.raises(DigitsError, match=r"manifest.tsv: line 2: '12a' is not 1-8 digits"):
        training_amounts(amounts)


def pool_of_bars():
    """Glyphs: a bar (1) 30x6 and a ring-ish block (0) 30x20."""
    zero = np.ones((30, 20), np.float32)
    zero[6:24, 5:15] = 0.0
    return Glyphs([np.ones((30, 6), np.float32), zero], np.array([1, 0], np.uint8))


def test_a_composed_line_carries_one_to_eight_digits_of_its_pool_and_repeats_by_seed():
    pools, odds = [pool_of_bars()], np.ones(1)
    texts = []
    for seed in range(300):
        ink, text = compose_line(np.random.default_rng(seed), pools, odds)
        assert ink.dtype == np.float32 and ink.ndim == 2 and 0 <= ink.min() <= ink.max() <= 1
        assert set(text) <= {"0", "1"}
        texts.append(text)
    assert {len(text) for text in texts} == set(range(1, 9))
    again, text = compose_line(np.random.default_rng(7), pools, odds)
    assert text == texts[7] and np.array_equal(
        again, compose_line(np.random.default_rng(7), pools, odds)[0]
    )


def test_an_epoch_holds_the_composed_lines_and_the_real_ones_copied():
    real = ([np.ones((40, 90), np.float32)], ["123"])
    lines, strings = training_lines(
        np.random.default_rng(0), [pool_of_bars()], (1.0,), real, composed=10, real_copies=3
    )
    assert lines.shape == (13, LINE_HEIGHT, LINE_WIDTH) and lines.dtype == np.float32
    assert len(strings) == 13 and strings.count("123") == 3
    assert all(line.max() > 0.5 for line in lines)
