import re
import sys

import numpy as np
import pytest

from digits.backend import keras, tf
from digits.config import TrainConfig, with_options
from digits.data import scale_pixels
from digits.model import build_model, predict_digits
from digits.training import (
    GRID,
    _epoch_moves,
    augment_examples,
    random_warps,
    shift_images,
    split_validation,
    train,
    warp_images,
)

WARPS = dict(augment=True, rotation=10.0, zoom=0.1)  # the best recipe's augmentation


def synthetic_digits(count: int, seed: int = 0):
    """Ten easy classes: digit d lights up row band d, with noise. (n, 28, 28) uint8."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, count)
    images = rng.integers(0, 40, (count, 28, 28))
    for index, label in enumerate(labels):
        images[index, 2 + 2 * label : 4 + 2 * label, 4:24] = 255
    return images.astype(np.uint8), labels.astype(np.uint8)


def test_split_validation_is_seeded_and_disjoint():
    images = np.arange(100)[:, None].repeat(3, axis=1)
    labels = np.arange(100)
    (train_x, train_y), (val_x, val_y) = split_validation(images, labels, 10, seed=1)
    assert len(val_y) == 10 and len(train_y) == 90
    assert not set(train_y) & set(val_y)
    np.testing.assert_array_equal(train_x[:, 0], train_y)
    again = split_validation(images, labels, 10, seed=1)[1][1]
    np.testing.assert_array_equal(again, val_y)
    with pytest.raises(ValueError, match="leaves no training images"):
        split_validation(images, labels, 100, seed=1)


def test_shift_images_moves_each_image_by_its_own_offset():
    images = np.zeros((2, 28, 28), dtype=np.float32)
    images[:, 10, 10] = 1.0
    shifts = np.array([[1, 0], [-2, 2]], dtype=np.int32)
    moved = shift_images(tf.constant(images), tf.constant(shifts), max_shift=2).numpy()
    assert moved[0, 11, 10] == 1.0 and moved[0].sum() == 1.0
    assert moved[1, 8, 12] == 1.0 and moved[1].sum() == 1.0


def warp(images: np.ndarray, rows) -> np.ndarray:
    """warp_images on NumPy arrays: images (b, 28, 28), rows (b, 4)."""
    return warp_images(tf.constant(images), tf.constant(np.array(rows, np.float32))).numpy()


def centre_of_mass(image: np.ndarray) -> np.ndarray:
    """(row, column) of the ink's centre of mass."""
    rows, columns = np.indices(image.shape)
    return np.array([(rows * image).sum(), (columns * image).sum()]) / image.sum()


def test_warp_keeps_shapes_and_the_pixel_range():
    rng = np.random.default_rng(0)
    images = rng.random((16, 28, 28), dtype=np.float32)
    rows = random_warps(rng, 16, TrainConfig(rotation=30.0, zoom=0.3, max_shift=4))
    warped = warp(images, rows)
    assert warped.shape == (16, 28, 28) and warped.dtype == np.float32
    assert warped.min() >= 0.0 and warped.max() <= 1.0
    assert not np.allclose(warped, images)


def test_zero_strength_warp_is_exactly_the_identity():
    rng = np.random.default_rng(1)
    images = rng.random((8, 28, 28), dtype=np.float32)
    rows = random_warps(rng, 8, TrainConfig(max_shift=0))
    np.testing.assert_array_equal(rows, np.tile([0, 1, 0, 0], (8, 1)))
    np.testing.assert_array_equal(warp(images, rows), images)
    clean = _epoch_moves(rng, 8, TrainConfig(epochs=3, clean_epochs=1, **WARPS), clean=True)
    np.testing.assert_array_equal(warp(images, clean), images)


def test_random_warps_stay_within_the_strengths():
    rows = random_warps(np.random.default_rng(2), 5000, TrainConfig(rotation=10.0, zoom=0.1))
    angles, scales, shifts = np.degrees(rows[:, 0]), rows[:, 1], rows[:, 2:]
    assert np.abs(angles).max() <= 10.0 and np.abs(angles).max() > 9.5
    assert np.abs(scales - 1).max() <= 0.1 + 1e-6 and np.abs(scales - 1).max() > 0.095
    assert np.abs(shifts).max() <= 2.0 and np.abs(shifts).max() > 1.9


def test_rotation_scale_and_shift_move_a_blob_where_expected():
    images = np.zeros((4, 28, 28), dtype=np.float32)
    images[:, 12:15, 19:22] = 1.0  # a 3x3 blob centred 6.5 pixels right of the centre
    turn, half = np.radians(90.0), np.radians(30.0)
    rows = [[turn, 1, 0, 0], [0, 1.5, 0, 0], [0, 1, 1.5, -2.0], [half, 1, 0, 0]]
    warped = warp(images, rows)
    centre = 13.5
    offset = np.array([-0.5, 6.5])  # (row, column) of the blob from the image centre
    expected = [
        centre + np.array([-6.5, -0.5]),  # a quarter turn counterclockwise: right goes up
        centre + 1.5 * offset,  # 1.5 times as far from the centre
        centre + offset + [1.5, -2.0],  # 1.5 down, 2 left
        # Counterclockwise as displayed, with rows growing downwards.
        centre + np.array([[np.cos(half), -np.sin(half)], [np.sin(half), np.cos(half)]]) @ offset,
    ]
    for image, place in zip(warped, expected, strict=True):
        np.testing.assert_allclose(centre_of_mass(image), place, atol=0.1)
    assert warped[1].sum() == pytest.approx(9 * 1.5**2, rel=0.05)  # area grows as scale squared


def test_elastic_bend_moves_ink_by_the_control_displacements():
    images = np.zeros((3, 28, 28), dtype=np.float32)
    images[:, 12:15, 19:22] = 1.0
    still = [0, 1, 0, 0] + [0.0] * (2 * GRID**2)
    up = [0, 1, 0, 0] + [1.0] * GRID**2 + [0.0] * GRID**2  # every pixel reads 1 below
    bent = np.array([0, 1, 0, 0] + list(np.random.default_rng(3).uniform(-2, 2, 2 * GRID**2)))
    warped = warp(images, [still, up, bent])
    np.testing.assert_array_equal(warped[0], images[0])
    np.testing.assert_allclose(warped[1], np.roll(images[1], -1, axis=0), atol=1e-6)
    assert not np.allclose(warped[2], images[2]) and warped[2].max() <= 1.0
    rows = random_warps(np.random.default_rng(4), 100, TrainConfig(elastic=1.5))
    assert rows.shape == (100, 4 + 2 * GRID**2)
    assert np.abs(rows[:, 4:]).max() <= 1.5 and np.abs(rows[:, 4:]).max() > 1.4


def test_augment_examples_is_seeded():
    images, _ = synthetic_digits(6)
    config = TrainConfig(seed=1, **WARPS)
    first = augment_examples(images, config, copies=3)
    assert first.shape == (6, 3, 28, 28) and first.dtype == np.float32
    assert first.min() >= 0.0 and first.max() <= 1.0
    np.testing.assert_array_equal(first, augment_examples(images, config, copies=3))
    other = augment_examples(images, with_options(config, seed=2), copies=3)
    assert not np.allclose(first, other)
    assert not np.allclose(first[:, 0], first[:, 1])  # each copy is warped its own way
    plain = augment_examples(images, with_options(config, augment=False), copies=2)
    np.testing.assert_array_equal(plain[:, 1], scale_pixels(images))


def test_training_learns_synthetic_classes_and_reports_history():
    images, labels = synthetic_digits(600)
    config = TrainConfig(epochs=3, batch_size=32, validation_size=100)
    model, history = train(images, labels, config, verbose=0)
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(values) == 3 for values in history.values())
    assert history["loss"][-1] < history["loss"][0]
    test_images, test_labels = synthetic_digits(200, seed=1)
    predicted, _ = predict_digits(model, scale_pixels(test_images))
    assert (predicted == test_labels).mean() > 0.9


@pytest.mark.parametrize("augmentation", [dict(augment=True), WARPS], ids=["shift", "warp"])
def test_same_seed_same_run_other_seed_other_run(augmentation):
    images, labels = synthetic_digits(300)
    config = TrainConfig(epochs=2, batch_size=32, validation_size=50, seed=3, **augmentation)
    first, history_a = train(images, labels, config, verbose=0)
    second, history_b = train(images, labels, config, verbose=0)
    third, _ = train(images, labels, with_options(config, seed=4), verbose=0)
    for a, b in zip(first.get_weights(), second.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert history_a == history_b
    assert not np.array_equal(first.get_weights()[0], third.get_weights()[0])


@pytest.mark.parametrize(
    ("batch_size", "steps_per_epoch"),
    [(128, 1), (30, 1), (8, 3), (7, 4), (1, 30)],  # 30 training images; whole batches only
)
def test_one_optimizer_step_per_whole_batch(batch_size, steps_per_epoch):
    images, labels = synthetic_digits(40)
    config = TrainConfig(epochs=2, batch_size=batch_size, validation_size=10)
    model, history = train(images, labels, config, verbose=0)
    assert len(history["loss"]) == 2
    assert int(model.optimizer.iterations) == 2 * steps_per_epoch
    # Accuracy counts the images of those batches: a multiple of 1/(steps * batch).
    seen = steps_per_epoch * min(batch_size, 30)
    hits = np.array(history["accuracy"]) * seen
    np.testing.assert_allclose(hits, np.round(hits), atol=1e-4)
    assert predict_digits(model, scale_pixels(images[:3]))[1].shape == (3, 10)


def test_neighbour_copies_add_to_the_training_images():
    images, labels = synthetic_digits(40)
    config = TrainConfig(epochs=1, batch_size=5, validation_size=10, neighbours=0.5)
    model, history = train(images, labels, config, verbose=0)
    assert int(model.optimizer.iterations) == 9  # 30 training images + 15 copies, 5 a batch
    assert len(history["val_accuracy"]) == 1


def test_own_loop_takes_the_same_steps_as_model_fit():
    """The loop minimises the loss build_model compiles: same start, same batches, same weights."""
    images, labels = synthetic_digits(64)
    config = TrainConfig(
        epochs=3, batch_size=64, validation_size=0, learning_rate=0.01, schedule="constant"
    )
    own, history = train(images, labels, config, verbose=0)
    keras.utils.set_random_seed(config.seed)  # as train() does: the same initial weights
    fitted = build_model(config.learning_rate)
    # One batch holding every image: the order of the images cannot matter.
    fit = fitted.fit(
        scale_pixels(images), labels, batch_size=64, epochs=3, shuffle=False, verbose=0
    )
    for a, b in zip(own.get_weights(), fitted.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(history["loss"], fit.history["loss"], rtol=1e-4)
    np.testing.assert_allclose(history["accuracy"], fit.history["accuracy"], atol=1e-6)


@pytest.mark.integration
def test_short_training_on_real_mnist_learns(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    model, history = train(x_train, y_train, TrainConfig(epochs=2), verbose=0)
    predicted, _ = predict_digits(model, scale_pixels(x_test))
    assert (predicted == y_test).mean() > 0.95
    assert history["val_accuracy"][-1] > 0.95


@pytest.mark.integration
def test_default_recipe_reaches_98_percent(trained, mnist):
    model, _ = trained
    _, (x_test, y_test) = mnist
    predicted, _ = predict_digits(model, scale_pixels(x_test))
    assert (predicted == y_test).mean() >= 0.978


def test_progress_to_a_file_or_pipe_is_one_plain_line_per_epoch(capsys, monkeypatch):
    # capsys' stdout is no terminal, as with `digits train > log.txt`; not in a notebook.
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    images, labels = synthetic_digits(300)
    config = TrainConfig(epochs=2, batch_size=32, validation_size=60)
    _, history = train(images, labels, config, verbose=1)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2, lines
    for epoch, line in enumerate(lines):
        assert re.fullmatch(
            rf"Epoch {epoch + 1}/2 - \d+\.\ds - loss: [\d.]+ - accuracy: [\d.]+"
            r" - val_loss: [\d.]+ - val_accuracy: [\d.]+",
            line,
        ), line
        assert f"val_accuracy: {history['val_accuracy'][epoch]:.4f}" in line


def test_no_stdout_at_all_means_no_live_progress_bar(monkeypatch):
    # pythonw on Windows runs with sys.stdout None; the check must not fail there.
    from digits import training

    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    monkeypatch.setattr(sys, "stdout", None)
    assert training._live_display() is False


def test_real_handwriting_copies_join_the_training_images():
    images, labels = synthetic_digits(40)
    real, real_labels = synthetic_digits(6, seed=2)
    config = TrainConfig(epochs=1, batch_size=5, validation_size=10, handwriting=2)
    model, _ = train(
        images, labels, config, verbose=0, handwriting=(scale_pixels(real), real_labels)
    )
    assert int(model.optimizer.iterations) == 8  # 30 training images + 2 x 6 real, 5 a batch
    with pytest.raises(ValueError, match="real handwriting"):
        train(images, labels, config, verbose=0)  # the recipe asks for them: none given


def test_the_reader_network_learns_synthetic_classes_and_is_seeded():
    images, labels = synthetic_digits(400)
    # Reading uses the batch normalisation's running statistics, which move 1% a step
    # (Keras' default momentum): small batches give the 450 steps they need to settle.
    config = TrainConfig(epochs=12, batch_size=8, validation_size=100, network="cnn")
    model, history = train(images, labels, config, verbose=0)
    again, history_again = train(images, labels, config, verbose=0)
    assert model.name == "digits_reader"
    assert history["loss"][-1] < history["loss"][0]
    assert history == history_again
    for a, b in zip(model.get_weights(), again.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    test_images, test_labels = synthetic_digits(200, seed=1)
    predicted, _ = predict_digits(model, scale_pixels(test_images))
    assert (predicted == test_labels).mean() > 0.9
