"""digits/line_training.py: the line reader's training loop."""

import numpy as np
import pytest

from digits.config import LineConfig
from digits.line_data import Glyphs
from digits.line_training import LineSources, read_lines, train_line_reader


def sources():
    """Two kinds of glyph (a bar, 1, and a ring, 0) and two real lines."""
    ring = np.ones((30, 20), np.float32)
    ring[6:24, 5:15] = 0.0
    pool = Glyphs([np.ones((30, 6), np.float32), ring], np.array([1, 0], np.uint8))
    real = ([np.pad(np.ones((30, 6), np.float32), ((0, 0), (0, 30))) + 0.0], ["1"])
    return LineSources([pool], real)


def trained(seed):
    config = LineConfig(epochs=2, composed=48, real_copies=1, batch_size=16, seed=seed, odds=(1.0,))
    return train_line_reader(config, sources(), log=lambda line: None)


def test_one_seed_gives_the_same_run_and_another_seed_another():
    first, losses = trained(0)
    again, losses_again = trained(0)
    other, _ = trained(1)
    assert losses == losses_again and len(losses) == 2 and all(np.isfinite(losses))
    weights = [w.numpy() for w in first.weights]
    assert all(np.array_equal(a, w.numpy()) for a, w in zip(weights, again.weights, strict=True))
    assert not all(
        np.array_equal(a, w.numpy()) for a, w in zip(weights, other.weights, strict=True)
    )


def test_a_config_refuses_what_cannot_train():
    with pytest.raises(ValueError, match="epochs"):
        LineConfig(epochs=0)
    with pytest.raises(ValueError, match="real_copies"):
        LineConfig(real_copies=-1)


def test_read_lines_reads_in_batches_and_keeps_the_order():
    model, _ = trained(0)
    lines = np.random.default_rng(0).random((5, 32, 256), np.float32)
    whole = read_lines(model, lines)
    assert read_lines(model, lines, batch_size=2) == whole and len(whole) == 5
