"""Train the network with the settings of a TrainConfig (digits/config.py).

Why a loop of our own rather than `model.fit`: on this small model `fit` spends most of
its time around the arithmetic, fetching each batch from a `tf.data` iterator and
launching one step at a time (measured by `python -m benchmarks.bench`). Here the training
images live in memory once, as uint8; each epoch is a single XLA-compiled call that
gathers its batches by index, moves or warps them when the recipe augments, and runs
every training step of the epoch; and the validation images are scored with one direct
call. Same model, same Adam, same loss,
same metric. Progress is shown with Keras' own progress bar, and the returned history
has the keys of `History.history`.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from digits.backend import keras, tf
from digits.config import TrainConfig
from digits.data import scale_pixels
from digits.model import accuracy_metric, build_model, build_reader
from digits.neighbours import add_neighbour_copies

NEIGHBOURS_STREAM = 1  # the neighbour copies draw from (seed, this): apart from the run's


def split_validation(
    images: np.ndarray, labels: np.ndarray, size: int, seed: int
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Hold out `size` random images (seeded) for validation; return (train, validation)."""
    if size >= len(images):
        raise ValueError(f"validation size {size} leaves no training images of {len(images)}")
    order = np.random.default_rng(seed).permutation(len(images))
    held, kept = order[:size], order[size:]
    return (images[kept], labels[kept]), (images[held], labels[held])


def shift_images(images: tf.Tensor, shifts: tf.Tensor, max_shift: int) -> tf.Tensor:
    """Move each image by its own (dy, dx) whole pixels, filling with black.

    images: (b, 28, 28) float32; shifts: (b, 2) int32 in [-max_shift, max_shift].
    Done as one gather from a zero-padded copy, so a batch costs one vectorised op.
    """
    size = images.shape[1]
    padded = tf.pad(images, [[0, 0], [max_shift, max_shift], [max_shift, max_shift]])
    width = size + 2 * max_shift
    grid = tf.range(size)
    rows = max_shift - shifts[:, 0:1] + grid[None, :]  # (b, 28)
    columns = max_shift - shifts[:, 1:2] + grid[None, :]  # (b, 28)
    flat = rows[:, :, None] * width + columns[:, None, :]  # (b, 28, 28)
    return tf.gather(tf.reshape(padded, [-1, width * width]), flat, batch_dims=1)


# Elastic distortion: random displacements at a GRID x GRID lattice of control points
# spread over the image, interpolated linearly to every pixel: a smooth random bend.
GRID = 4


def warp_images(images: tf.Tensor, warps: tf.Tensor) -> tf.Tensor:
    """Rotate, scale, shift and bend each image by its own amounts, filling with black.

    images: (b, 28, 28) float32; warps: (b, 4) or (b, 4 + 2 * GRID**2) float32 rows of
    (angle in radians, counterclockwise as displayed; scale factor, 1 = unchanged; dy,
    dx in pixels, down and right), then, if given, the elastic displacements in pixels
    of the GRID x GRID control points, all rows (dy) then all columns (dx). Each output
    pixel is read from where the inverse warp puts it, by bilinear interpolation of its
    four neighbours: four gathers for the whole batch, so XLA compiles it. The row
    (0, 1, 0, 0, 0...) returns its image exactly.
    """
    size = images.shape[1]
    centre = (size - 1) / 2
    angle, scale, dy, dx = (warps[:, k, None, None] for k in range(4))  # each (b, 1, 1)
    grid = tf.range(size, dtype=tf.float32) - centre
    u = grid[None, None, :] - dx  # (b, 1, 28): output column, from the centre
    v = grid[None, :, None] - dy  # (b, 28, 1): output row, from the centre
    cos, sin = tf.cos(angle), tf.sin(angle)
    source_x = (cos * u - sin * v) / scale + centre  # (b, 28, 28)
    source_y = (sin * u + cos * v) / scale + centre
    if warps.shape[1] > 4:
        bend_y, bend_x = _elastic_field(warps[:, 4:], size)
        source_x, source_y = source_x + bend_x, source_y + bend_y
    # One black pixel of padding: any source outside the image reads only padding.
    padded = tf.reshape(tf.pad(images, [[0, 0], [1, 1], [1, 1]]), [-1, (size + 2) ** 2])
    x0, y0 = tf.floor(source_x), tf.floor(source_y)
    fx, fy = source_x - x0, source_y - y0

    def pixels(y, x):
        y = tf.cast(tf.clip_by_value(y, -1.0, float(size)), tf.int32) + 1
        x = tf.cast(tf.clip_by_value(x, -1.0, float(size)), tf.int32) + 1
        return tf.gather(padded, y * (size + 2) + x, batch_dims=1)

    top = pixels(y0, x0) * (1 - fx) + pixels(y0, x0 + 1) * fx
    bottom = pixels(y0 + 1, x0) * (1 - fx) + pixels(y0 + 1, x0 + 1) * fx
    return top * (1 - fy) + bottom * fy


def _elastic_field(points: tf.Tensor, size: int) -> tuple[tf.Tensor, tf.Tensor]:
    """Per-pixel displacements (dy, dx), each (b, size, size), from (b, 2 * GRID**2) ones
    at the control points: linear interpolation as two small matrix products."""
    lattice = np.linspace(0, size - 1, GRID)
    spread = np.stack([np.interp(np.arange(size), lattice, one) for one in np.eye(GRID)], 1)
    spread = tf.constant(spread, tf.float32)  # (size, GRID): each pixel's weights
    points = tf.reshape(points, [-1, 2, GRID, GRID])
    field = tf.einsum("ip,bcpq,jq->bcij", spread, points, spread)  # (b, 2, size, size)
    return field[:, 0], field[:, 1]


def random_warps(rng: np.random.Generator, count: int, config: TrainConfig) -> np.ndarray:
    """(count, 4) float32 warps for warp_images, uniform within the config's strengths.

    Angles within +-`rotation` degrees, scale factors within 1 +- `zoom`, shifts within
    +-`max_shift` pixels (not whole pixels here); with `elastic` > 0, (count, 4 + 2 *
    GRID**2), the control points moved within +-`elastic` pixels.
    """
    angle = np.radians(rng.uniform(-config.rotation, config.rotation, count))
    scale = 1 + rng.uniform(-config.zoom, config.zoom, count)
    shifts = rng.uniform(-config.max_shift, config.max_shift, (count, 2))
    columns = [angle, scale, shifts]
    if config.elastic > 0:
        columns.append(rng.uniform(-config.elastic, config.elastic, (count, 2 * GRID**2)))
    return np.column_stack(columns).astype(np.float32)


def augment_examples(images: np.ndarray, config: TrainConfig, copies: int = 1) -> np.ndarray:
    """Random training copies of `images`, as the recipe `config` makes them (seeded).

    images: (n, 28, 28) uint8 or float32 in [0, 1]. Returns (n, copies, 28, 28) float32
    in [0, 1]; with `config.augment` off, the images unchanged.
    """
    images = np.asarray(images)
    pixels = scale_pixels(images) if images.dtype == np.uint8 else images.astype(np.float32)
    repeated = np.repeat(pixels, copies, axis=0)
    rng = np.random.default_rng(config.seed)
    if not config.augment:
        out = repeated
    elif config.warps:
        out = warp_images(
            tf.constant(repeated), tf.constant(random_warps(rng, len(repeated), config))
        )
    else:
        shifts = rng.integers(-config.max_shift, config.max_shift + 1, (len(repeated), 2))
        out = shift_images(
            tf.constant(repeated), tf.constant(shifts.astype(np.int32)), config.max_shift
        )
    return np.asarray(out).reshape(len(images), copies, *images.shape[1:])


def learning_rate_for(config: TrainConfig, steps: int):
    """A float for a constant rate, or Keras' CosineDecay from the peak to 0 over `steps`."""
    if config.schedule == "constant":
        return config.learning_rate
    return keras.optimizers.schedules.CosineDecay(config.learning_rate, decay_steps=steps)


def train(
    images: np.ndarray,
    labels: np.ndarray,
    config: TrainConfig | None = None,
    verbose: int = 1,
    handwriting: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[keras.Model, dict[str, list[float]]]:
    """Train a fresh model on MNIST training images; return it and its history.

    images: (n, 28, 28) uint8 in 0-255 (or float32 in [0, 1]); labels: (n,) ints 0-9.
    `config.validation_size` of them are held out (seeded) and scored after every epoch.
    handwriting: real digits (m, 28, 28) float32 in [0, 1] and (m,) labels, in MNIST's
    form (digits.handwriting.reader_training_set), added `config.handwriting` times to
    the training digits; required when the config asks for them.
    history: {"loss", "accuracy", "val_loss", "val_accuracy"} -> one value per epoch.
    verbose: 0 silent, 1 Keras' progress bar with one line per epoch; when stdout is a
    file or a pipe rather than a terminal or a notebook, one plain line per epoch instead.
    """
    config = config or TrainConfig()
    keras.utils.set_random_seed(config.seed)
    # Split and store the uint8 pixels (a quarter of the bytes of float32); each batch
    # is scaled to [0, 1] inside the compiled step, where it costs nothing measurable.
    (x_fit, y_fit), (x_val, y_val) = split_validation(
        images, labels, config.validation_size, config.seed
    )
    x_val = scale_pixels(x_val) if x_val.dtype == np.uint8 else x_val
    if config.neighbours > 0:  # from a stream of its own: the run's shuffles stay the same
        stream = np.random.default_rng((config.seed, NEIGHBOURS_STREAM))
        x_fit, y_fit = add_neighbour_copies(x_fit, y_fit, config.neighbours, stream)
    if config.handwriting:
        if handwriting is None:
            raise ValueError("this recipe trains on real handwriting too: none was given")
        x_fit, y_fit = _with_handwriting(x_fit, y_fit, *handwriting, config.handwriting)
    # Whole batches only: one compiled shape. The few images left over differ every
    # epoch, because the order is reshuffled.
    batch = min(config.batch_size, len(x_fit))
    steps_per_epoch = len(x_fit) // batch
    build = build_reader if config.network == "cnn" else build_model
    model = build(learning_rate_for(config, steps_per_epoch * config.epochs))
    run_epoch = _epoch_function(model, x_fit, y_fit, config, batch, steps_per_epoch)
    rng = np.random.default_rng(config.seed)
    history: dict[str, list[float]] = {"loss": [], "accuracy": []}
    if len(x_val):
        history.update(val_loss=[], val_accuracy=[])
    live = verbose and _live_display()
    for epoch in range(config.epochs):
        started = time.perf_counter()
        if live:
            print(f"Epoch {epoch + 1}/{config.epochs}")
            bar = keras.utils.Progbar(steps_per_epoch, stateful_metrics=list(history))
        order = rng.permutation(len(x_fit)).astype(np.int32)
        moves = _epoch_moves(
            rng, len(x_fit), config, clean=epoch >= config.epochs - config.clean_epochs
        )
        loss, accuracy = (float(v) for v in run_epoch(order, moves))
        results = {"loss": loss, "accuracy": accuracy}
        if len(x_val):
            results.update(_score(model, x_val, y_val, prefix="val_"))
        for key, value in results.items():
            history[key].append(value)
        if live:
            bar.update(steps_per_epoch, values=list(results.items()), finalize=True)
        elif verbose:
            scores = " - ".join(f"{key}: {value:.4f}" for key, value in results.items())
            seconds = time.perf_counter() - started
            print(f"Epoch {epoch + 1}/{config.epochs} - {seconds:.1f}s - {scores}", flush=True)
    return model, history


def _with_handwriting(
    images: np.ndarray, labels: np.ndarray, real: np.ndarray, real_labels: np.ndarray, copies: int
) -> tuple[np.ndarray, np.ndarray]:
    """MNIST's training digits with `copies` of the real ones after them, in the dtype and
    scale of `images` (uint8 keeps the set a quarter of the size of float32); either may
    be uint8 in 0-255 or float32 in [0, 1]."""
    real = np.asarray(real)
    if real.dtype == np.uint8:
        real = scale_pixels(real)
    if images.dtype == np.uint8:
        real = np.round(np.clip(real, 0.0, 1.0) * 255).astype(np.uint8)
    extra = np.concatenate([real] * copies).astype(images.dtype)
    more = np.concatenate([np.asarray(real_labels)] * copies).astype(labels.dtype)
    return np.concatenate([images, extra]), np.concatenate([labels, more])


def _live_display() -> bool:
    """True when stdout shows Keras' progress bar as a bar: a terminal or a notebook.

    The bar redraws itself with backspaces, carriage returns and colour codes, which a
    file or a pipe (`digits train > log.txt`) would keep as raw bytes.
    """
    # pythonw on Windows runs with no stdout at all (None).
    isatty = getattr(sys.stdout, "isatty", None)
    return (isatty is not None and isatty()) or "ipykernel" in sys.modules


def _epoch_moves(
    rng: np.random.Generator, count: int, config: TrainConfig, clean: bool
) -> np.ndarray:
    """One epoch's random moves, one row per training image, drawn from `rng`.

    Warps (count, 4) float32 for warp_images when the config rotates or zooms, with
    2 * GRID**2 more columns when it also bends (elastic); else whole-pixel shifts
    (count, 2) int32 for shift_images. A clean epoch gets the
    moves that leave every image as it is.
    """
    if not config.warps:
        shifts = rng.integers(-config.max_shift, config.max_shift + 1, (count, 2))
        return np.zeros_like(shifts, np.int32) if clean else shifts.astype(np.int32)
    warps = random_warps(rng, count, config)
    if clean:
        warps[:] = 0
        warps[:, 1] = 1
    return warps


def _epoch_function(
    model: keras.Model,
    images: np.ndarray,
    labels: np.ndarray,
    config: TrainConfig,
    batch: int,
    steps: int,
):
    """Build one call that runs a whole epoch in the given order: XLA-compiled whole for
    the lesson's network, one traced step per batch for the CNN.

    Returns f(order (n,) int32, moves) -> (mean loss, accuracy), where each of the
    `steps` batches takes the next `batch` indices of `order`, and moves are the
    per-image rows of _epoch_moves.
    """
    x = tf.constant(images)
    y = tf.constant(labels.astype(np.int32))
    scale = 1.0 / 255.0 if images.dtype == np.uint8 else 1.0
    loss_fn = model.loss  # the loss build_model compiled (digits.model.loss_function)
    accuracy = accuracy_metric()
    optimizer = model.optimizer
    weights = model.trainable_variables

    def step(i, total_loss, order, moves):
        index = tf.slice(order, [i * batch], [batch])  # (batch,) int32
        x_batch = tf.cast(tf.gather(x, index), tf.float32) * scale
        if config.augment and config.warps:
            x_batch = warp_images(x_batch, tf.gather(moves, index))
        elif config.augment:
            x_batch = shift_images(x_batch, tf.gather(moves, index), config.max_shift)
        y_batch = tf.gather(y, index)
        with tf.GradientTape() as tape:
            probabilities = model(x_batch, training=True)
            loss = loss_fn(y_batch, probabilities)
        optimizer.apply(tape.gradient(loss, weights), weights)
        accuracy.update_state(y_batch, probabilities)
        return i + 1, total_loss + loss

    # Plain Python, traced once: no autograph, whose source rewriting costs half a
    # second of start-up and buys nothing here.
    if config.network == "mlp":

        @tf.function(jit_compile=True, autograph=False)
        def run_epoch(order, moves):
            accuracy.reset_state()
            start = (tf.constant(0), tf.constant(0.0))
            body = lambda i, total: step(i, total, order, moves)  # noqa: E731
            _, total_loss = tf.while_loop(lambda i, _: i < steps, body, start)
            return total_loss / steps, accuracy.result()

        return run_epoch

    # XLA compiles convolutions for the CPU slower than TensorFlow's own kernels run them
    # (measured: 10.7 s against 4.1 s for 100 batches of 128), so the CNN runs one traced
    # step per batch.
    one_step = tf.function(step, autograph=False)

    def run_epoch(order, moves):
        accuracy.reset_state()
        order, moves = tf.constant(order), tf.constant(moves)
        i, total_loss = tf.constant(0), tf.constant(0.0)
        for _ in range(steps):
            i, total_loss = one_step(i, total_loss, order, moves)
        return total_loss / steps, accuracy.result()

    return run_epoch


def _score(model: keras.Model, images: np.ndarray, labels: np.ndarray, prefix: str = "") -> dict:
    """Mean loss and accuracy of `model` on float32 images, with one direct call."""
    from digits.evaluate import evaluate_model

    result = evaluate_model(model, images, labels)
    return {f"{prefix}loss": result.loss, f"{prefix}accuracy": result.accuracy}


__all__ = [
    "augment_examples",
    "random_warps",
    "shift_images",
    "split_validation",
    "train",
    "warp_images",
]
