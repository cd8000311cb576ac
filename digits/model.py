"""The network, its saving and loading, and prediction with it.

The architecture is fixed: the 28x28 image is flattened to its 784 pixels, then
Dense(128, ReLU) -> Dense(10, softmax), trained with Adam on sparse categorical
cross-entropy and measured by accuracy.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from digits.backend import keras
from digits.data import IMAGE_SIZE, NUM_CLASSES
from digits.errors import DigitsError
from digits.model_file import check_model_file, load_keras_file

HIDDEN_UNITS = 128


def loss_function() -> keras.losses.Loss:
    """What training minimises: sparse categorical cross-entropy, averaged over a batch.

    The one definition: build_model compiles it (model.fit uses that), the training loop
    in digits/training.py calls the compiled `model.loss`, and evaluate_probabilities in
    digits/evaluate.py scores with it. Labels are digits (n,), predictions (n, 10)
    probabilities.
    """
    return keras.losses.SparseCategoricalCrossentropy(name="loss")


def accuracy_metric() -> keras.metrics.Metric:
    """What training reports: the share of images whose most probable digit is the label.

    Used by build_model's compile, the training loop and evaluate_probabilities, as above.
    """
    return keras.metrics.SparseCategoricalAccuracy(name="accuracy")


def build_model(
    learning_rate: float | keras.optimizers.schedules.LearningRateSchedule = 1e-3,
) -> keras.Model:
    """Input (28, 28) -> Flatten (784) -> Dense(128, ReLU) -> Dense(10, softmax), compiled
    with Adam at `learning_rate` (a float or a schedule), loss_function and accuracy_metric.
    """
    model = keras.Sequential(
        [
            keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE), name="image"),
            keras.layers.Flatten(name="pixels"),
            keras.layers.Dense(HIDDEN_UNITS, activation="relu", name="hidden"),
            keras.layers.Dense(NUM_CLASSES, activation="softmax", name="digit"),
        ],
        name="digits_mlp",
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=loss_function(),
        metrics=[accuracy_metric()],
    )
    return model


# The reader's convolutional network: two blocks of two 3x3 convolutions, each normalised
# over the batch before its ReLU (faster, steadier training), and a 2x2 max pool; then a
# dense layer, with dropout against memorising the few thousand real digits.
READER_FILTERS = (32, 64)
READER_DROPOUT = 0.3


def build_reader(
    learning_rate: float | keras.optimizers.schedules.LearningRateSchedule = 1e-3,
) -> keras.Model:
    """The reader that ships: Input (28, 28) -> (28, 28, 1) -> [Conv 3x3 -> BatchNorm ->
    ReLU, twice -> MaxPool 2x2] for 32 then 64 filters (4x4x64) -> Flatten -> Dropout ->
    Dense(128, ReLU) -> Dropout -> Dense(10, softmax); 197,674 trained weights (198,058
    with the normalisation's running means and variances). Compiled as build_model is.
    It takes and gives what the lesson's network does, so everything that reads with one
    reads with the other.
    """
    layers = [
        keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE), name="image"),
        keras.layers.Reshape((IMAGE_SIZE, IMAGE_SIZE, 1), name="channel"),
    ]
    for block, filters in enumerate(READER_FILTERS, start=1):
        for part in "ab":
            name = f"conv{block}{part}"
            layers += [
                # No bias: the normalisation that follows adds its own.
                keras.layers.Conv2D(filters, 3, use_bias=False, name=name),
                keras.layers.BatchNormalization(name=f"{name}_norm"),
                keras.layers.ReLU(name=f"{name}_relu"),
            ]
        layers.append(keras.layers.MaxPooling2D(name=f"pool{block}"))
    layers += [
        keras.layers.Flatten(name="features"),
        keras.layers.Dropout(READER_DROPOUT, name="dropout1"),
        keras.layers.Dense(HIDDEN_UNITS, activation="relu", name="hidden"),
        keras.layers.Dropout(READER_DROPOUT, name="dropout2"),
        keras.layers.Dense(NUM_CLASSES, activation="softmax", name="digit"),
    ]
    model = keras.Sequential(layers, name="digits_reader")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=loss_function(),
        metrics=[accuracy_metric()],
    )
    return model


def network_layout(model: keras.Model) -> list[tuple]:
    """The network as comparable tuples: the input shape, then each layer's kind, output
    shape and activation. Two models with the same layout are the same network."""
    layout: list[tuple] = [("Input", tuple(model.inputs[0].shape[1:]))]
    for layer in model.layers:
        activation = getattr(layer, "activation", None)
        kind, shape = type(layer).__name__, tuple(layer.output.shape[1:])
        layout.append((kind, shape, getattr(activation, "__name__", None)))
    return layout


def predict_digits(model: keras.Model, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Classify images.

    images: (n, 28, 28) float32 in [0, 1], white ink on black, as MNIST.
    Returns (digits, probabilities): (n,) int64 and (n, 10) float32 rows summing to 1.
    """
    images = np.asarray(images, dtype=np.float32)
    if images.ndim == 2:
        images = images[None]
    if images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise DigitsError(f"images of shape {images.shape[1:]}, expected (28, 28)")
    # Calling the model directly skips predict()'s dataset and progress machinery,
    # which costs more than the arithmetic for anything up to the whole test set.
    probabilities = np.asarray(model(images, training=False), dtype=np.float32)
    return probabilities.argmax(axis=1), probabilities


def save_model(model: keras.Model, path: str | os.PathLike) -> Path:
    """Write `model` to `path` (.keras) atomically: a temporary file renamed into place."""
    path = Path(path)
    if path.suffix != ".keras":
        raise DigitsError(f"{path}: a model file must end in .keras")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.tmp.keras")
    try:
        model.save(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def load_model(path: str | os.PathLike | None = None) -> keras.Model:
    """Load a `.keras` model with safe mode on and check it reads 28x28 and says 10 digits.

    path=None loads the reader that ships with the package (digits/reader.keras).
    """
    path = check_model_file(path)
    model = load_keras_file(path)
    input_shape = tuple(model.inputs[0].shape[1:]) if model.inputs else None
    output_shape = tuple(model.outputs[0].shape[1:]) if model.outputs else None
    if input_shape != (IMAGE_SIZE, IMAGE_SIZE):
        raise DigitsError(f"{path}: model takes input {input_shape}, expected (28, 28)")
    if output_shape != (NUM_CLASSES,):
        raise DigitsError(f"{path}: model outputs {output_shape}, expected (10,)")
    return model
