"""Train the network with the settings of a TrainConfig (digits/config.py).

Why a loop of our own rather than `model.fit`: on this small model `fit` spends most of
its time around the arithmetic, fetching each batch from a `tf.data` iterator and
launching one step at a time (measured by `python -m benchmarks.bench`). Here the training
images live in memory once, as uint8; each epoch is a single XLA-compiled call that
gathers its batches by index and runs every training step of the epoch; and the
validation images are scored with one direct call. Same model, same Adam, same loss,
same metric. Progress is shown with Keras' own progress bar, and the returned history
has the keys of `History.history`.
"""

from __future__ import annotations

import numpy as np

from digits.backend import keras, tf
from digits.config import RECIPES, TrainConfig
from digits.data import scale_pixels
from digits.model import accuracy_metric, build_model


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
) -> tuple[keras.Model, dict[str, list[float]]]:
    """Train a fresh model on MNIST training images; return it and its history.

    images: (n, 28, 28) uint8 in 0-255 (or float32 in [0, 1]); labels: (n,) ints 0-9.
    `config.validation_size` of them are held out (seeded) and scored after every epoch.
    history: {"loss", "accuracy", "val_loss", "val_accuracy"} -> one value per epoch.
    verbose: 0 silent, 1 Keras' progress bar with one line per epoch.
    """
    config = config or TrainConfig()
    keras.utils.set_random_seed(config.seed)
    # Split and store the uint8 pixels (a quarter of the bytes of float32); each batch
    # is scaled to [0, 1] inside the compiled step, where it costs nothing measurable.
    (x_fit, y_fit), (x_val, y_val) = split_validation(
        images, labels, config.validation_size, config.seed
    )
    x_val = scale_pixels(x_val) if x_val.dtype == np.uint8 else x_val
    # Whole batches only: one compiled shape. The few images left over differ every
    # epoch, because the order is reshuffled.
    batch = min(config.batch_size, len(x_fit))
    steps_per_epoch = len(x_fit) // batch
    model = build_model(learning_rate_for(config, steps_per_epoch * config.epochs))
    run_epoch = _epoch_function(model, x_fit, y_fit, config, batch, steps_per_epoch)
    rng = np.random.default_rng(config.seed)
    history: dict[str, list[float]] = {"loss": [], "accuracy": []}
    if len(x_val):
        history.update(val_loss=[], val_accuracy=[])
    for epoch in range(config.epochs):
        if verbose:
            print(f"Epoch {epoch + 1}/{config.epochs}")
            bar = keras.utils.Progbar(steps_per_epoch, stateful_metrics=list(history))
        order = rng.permutation(len(x_fit)).astype(np.int32)
        shifts = rng.integers(-config.max_shift, config.max_shift + 1, (len(x_fit), 2))
        loss, accuracy = (float(v) for v in run_epoch(order, shifts.astype(np.int32)))
        results = {"loss": loss, "accuracy": accuracy}
        if len(x_val):
            results.update(_score(model, x_val, y_val, prefix="val_"))
        for key, value in results.items():
            history[key].append(value)
        if verbose:
            bar.update(steps_per_epoch, values=list(results.items()), finalize=True)
    return model, history


def _epoch_function(
    model: keras.Model,
    images: np.ndarray,
    labels: np.ndarray,
    config: TrainConfig,
    batch: int,
    steps: int,
):
    """Build one XLA-compiled call that runs a whole epoch in the given order.

    Returns f(order (n,) int32, shifts (n, 2) int32) -> (mean loss, accuracy), where
    each of the `steps` batches takes the next `batch` indices of `order`.
    """
    x = tf.constant(images)
    y = tf.constant(labels.astype(np.int32))
    scale = 1.0 / 255.0 if images.dtype == np.uint8 else 1.0
    loss_fn = model.loss  # the loss build_model compiled (digits.model.loss_function)
    accuracy = accuracy_metric()
    optimizer = model.optimizer
    weights = model.trainable_variables

    # Plain Python, traced once: no autograph, whose source rewriting costs half a
    # second of start-up and buys nothing here.
    @tf.function(jit_compile=True, autograph=False)
    def run_epoch(order, shifts):
        accuracy.reset_state()

        def step(i, total_loss):
            index = tf.slice(order, [i * batch], [batch])  # (batch,) int32
            x_batch = tf.cast(tf.gather(x, index), tf.float32) * scale
            if config.augment:
                x_batch = shift_images(x_batch, tf.gather(shifts, index), config.max_shift)
            y_batch = tf.gather(y, index)
            with tf.GradientTape() as tape:
                probabilities = model(x_batch, training=True)
                loss = loss_fn(y_batch, probabilities)
            optimizer.apply(tape.gradient(loss, weights), weights)
            accuracy.update_state(y_batch, probabilities)
            return i + 1, total_loss + loss

        start = (tf.constant(0), tf.constant(0.0))
        _, total_loss = tf.while_loop(lambda i, _: i < steps, step, start)
        return total_loss / steps, accuracy.result()

    return run_epoch


def _score(model: keras.Model, images: np.ndarray, labels: np.ndarray, prefix: str = "") -> dict:
    """Mean loss and accuracy of `model` on float32 images, with one direct call."""
    from digits.evaluate import evaluate_probabilities

    probabilities = np.asarray(model(images, training=False))
    result = evaluate_probabilities(labels, probabilities)
    return {f"{prefix}loss": result.loss, f"{prefix}accuracy": result.accuracy}


__all__ = ["RECIPES", "TrainConfig", "split_validation", "shift_images", "train"]
