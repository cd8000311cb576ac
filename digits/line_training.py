"""Training the line reader (digits/line_reader.py): `python -m digits train-lines`.

Each epoch composes fresh lines (digits/line_data.py) from a seeded stream (the next
epoch's while this one fits), adds copies of the real amounts' lines, and fits once
through them with Adam, its learning rate falling along a cosine from the config's peak
to zero over the run and each step's gradient norm clipped to the config's clip_norm:
CTC's gradients spike on lines it cannot yet align, and unclipped they undo what earlier
epochs learned.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from digits.backend import keras
from digits.config import LineConfig
from digits.handwriting import FIRST_MEASURED_AMOUNT
from digits.line_data import Glyphs, amount_glyphs, cvl_glyphs, glyphs, real_lines
from digits.line_data import training_lines as compose_epoch
from digits.line_reader import build_line_reader, ctc_loss, encode_strings, greedy_decode

# Amounts a settings search may keep out of training to read them instead (train-lines
# --dev): the last hundred of the training amounts. The measure (0900 on) stays unread.
DEV_AMOUNTS = (800, FIRST_MEASURED_AMOUNT)
POOL_NAMES = ("MNIST train", "CVL train.npz", "amounts")
TEST_LINES = 1000  # lines composed of MNIST's test digits that train-lines reads at the end


@dataclass(frozen=True)
class LineSources:
    """What the line reader learns from: digit pools to compose lines of, and real lines
    (their ink, uncropped, and their digit strings)."""

    pools: list[Glyphs]
    real: tuple[list[np.ndarray], list[str]]
    stop: int = FIRST_MEASURED_AMOUNT  # the amounts below this are trained on

    def named_pools(self) -> list[tuple[str, Glyphs]]:
        names = (*POOL_NAMES[:2], f"amounts 0000-{self.stop - 1:04d}")
        return list(zip(names, self.pools, strict=True))


def load_sources(
    mnist: tuple[np.ndarray, np.ndarray],
    cvl_dir: str | os.PathLike,
    amounts_dir: str | os.PathLike,
    limit: int | None = None,
    stop: int = FIRST_MEASURED_AMOUNT,
) -> LineSources:
    """The pools (MNIST's training digits (n, 28, 28) uint8 and labels; CVL's train.npz;
    the amounts' digits below `stop`) and the real amounts' lines below `stop` (0900, or
    DEV_AMOUNTS[0] to keep the dev amounts out). limit: a quick check, so many MNIST
    digits and the first so many amounts."""
    images, labels = mnist
    images, labels = images[:limit], labels[:limit]
    pools = [
        glyphs(images.astype(np.float32) / 255.0, labels),
        cvl_glyphs(cvl_dir),
        amount_glyphs(amounts_dir, limit, stop),
    ]
    return LineSources(pools, real_lines(amounts_dir, limit, stop=stop), stop)


def dev_lines(amounts_dir: str | os.PathLike) -> tuple[np.ndarray, list[str]]:
    """The dev amounts (DEV_AMOUNTS) in the line reader's form: (n, LINE_HEIGHT, LINE_WIDTH)
    float32 and their digits, for choosing settings when they are kept out of training."""
    from digits.images.lines import LINE_HEIGHT, LINE_WIDTH, line_form

    inks, strings = real_lines(amounts_dir, start=DEV_AMOUNTS[0], stop=DEV_AMOUNTS[1])
    lines = np.zeros((len(inks), LINE_HEIGHT, LINE_WIDTH), np.float32)
    for row, ink in enumerate(inks):
        lines[row] = line_form(ink)
    return lines, strings


def train_line_reader(
    config: LineConfig,
    sources: LineSources,
    log: Callable[[str], None] = print,
) -> tuple[keras.Model, list[float]]:
    """A line reader trained as `config` says; returns it and each epoch's mean loss."""
    keras.utils.set_random_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    model = build_line_reader()
    per_epoch = config.composed + config.real_copies * len(sources.real[1])
    steps = config.epochs * -(-per_epoch // config.batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(config.learning_rate, steps)
    optimizer = keras.optimizers.Adam(schedule, clipnorm=config.clip_norm)
    model.compile(optimizer=optimizer, loss=ctc_loss, jit_compile=True)

    def compose():
        return compose_epoch(
            rng, sources.pools, config.odds, sources.real, config.composed, config.real_copies
        )

    losses = []
    # The next epoch's lines are composed while this one fits: the network's arithmetic
    # leaves the Python thread idle. One worker draws from `rng` in the same order as a
    # loop would, so the lines are the same.
    with ThreadPoolExecutor(max_workers=1) as worker:
        upcoming = worker.submit(compose)
        for epoch in range(config.epochs):
            started = time.perf_counter()
            lines, strings = upcoming.result()
            if epoch + 1 < config.epochs:
                upcoming = worker.submit(compose)
            history = model.fit(
                lines, encode_strings(strings), batch_size=config.batch_size, epochs=1, verbose=0
            )
            losses.append(float(history.history["loss"][0]))
            seconds = time.perf_counter() - started
            log(f"epoch {epoch + 1}/{config.epochs}: CTC loss {losses[-1]:.3f} ({seconds:.0f} s)")
    return model, losses


def read_lines(model: keras.Model, lines: np.ndarray, batch_size: int = 256) -> list[str]:
    """(n, LINE_HEIGHT, LINE_WIDTH) float32 in [0, 1] -> n digit strings (greedy CTC)."""
    strings = []
    for start in range(0, len(lines), batch_size):
        logits = model(np.asarray(lines[start : start + batch_size], np.float32), training=False)
        strings += greedy_decode(np.asarray(logits))
    return strings


def composed_test_accuracy(
    model: keras.Model, x_test: np.ndarray, y_test: np.ndarray, seed: int = 0
) -> float:
    """The share of TEST_LINES lines composed of MNIST's test digits (n, 28, 28) uint8 that
    `model` reads exactly: a check on digits it never saw, no measure of real writing."""
    from digits.images.lines import line_form
    from digits.line_data import compose_line

    rng = np.random.default_rng(seed + 1)
    pool = glyphs(x_test.astype(np.float32) / 255.0, y_test)
    lines = [compose_line(rng, [pool], np.ones(1)) for _ in range(TEST_LINES)]
    read = read_lines(model, np.stack([line_form(ink) for ink, _ in lines]))
    return float(np.mean([got == text for got, (_, text) in zip(read, lines, strict=True)]))
