import zipfile

import numpy as np
import pytest

from digits.backend import keras
from digits.errors import DigitsError
from digits.model import build_model, load_model, predict_digits, save_model


def test_architecture_is_flatten_dense128_dense10():
    model = build_model()
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Flatten", "Dense", "Dense"]
    assert model.input_shape == (None, 28, 28)
    assert model.layers[0].output.shape[1:] == (784,)
    assert model.layers[1].units == 128 and model.layers[1].activation.__name__ == "relu"
    assert model.layers[2].units == 10 and model.layers[2].activation.__name__ == "softmax"
    assert model.count_params() == 784 * 128 + 128 + 128 * 10 + 10
    assert isinstance(model.optimizer, keras.optimizers.Adam)


def test_predict_digits_returns_digits_and_probabilities():
    images = np.random.default_rng(0).random((5, 28, 28), dtype=np.float32)
    digits, probabilities = predict_digits(build_model(), images)
    assert digits.shape == (5,) and probabilities.shape == (5, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(digits, probabilities.argmax(axis=1))


def test_evaluate_probabilities_gives_what_model_evaluate_gives():
    from digits.evaluate import evaluate_model

    rng = np.random.default_rng(2)
    images = rng.random((50, 28, 28), dtype=np.float32)
    labels = rng.integers(0, 10, 50)
    model = build_model()
    loss, accuracy = model.evaluate(images, labels, verbose=0)
    ours = evaluate_model(model, images, labels)
    assert ours.loss == pytest.approx(loss, rel=1e-5)
    assert ours.accuracy == pytest.approx(accuracy, abs=1e-7)


def test_predict_digits_rejects_wrong_shape():
    with pytest.raises(DigitsError, match=r"expected \(28, 28\)"):
        predict_digits(build_model(), np.zeros((2, 32, 32), dtype=np.float32))


def test_save_then_load_gives_the_same_predictions(tmp_path):
    model = build_model()
    images = np.random.default_rng(1).random((3, 28, 28), dtype=np.float32)
    path = save_model(model, tmp_path / "sub" / "m.keras")
    assert sorted(p.name for p in path.parent.iterdir()) == ["m.keras"]  # no temp left
    loaded = load_model(path)
    np.testing.assert_allclose(predict_digits(loaded, images)[1], predict_digits(model, images)[1])


def test_load_model_refuses_bad_files(tmp_path):
    with pytest.raises(DigitsError, match=r"m.h5: only .keras model files"):
        load_model(tmp_path / "m.h5")
    with pytest.raises(DigitsError, match=r"none.keras: no such model file; train one"):
        load_model(tmp_path / "none.keras")
    (tmp_path / "text.keras").write_text("not a model")
    with pytest.raises(DigitsError, match=r"text.keras: not a Keras model file"):
        load_model(tmp_path / "text.keras")
    with zipfile.ZipFile(tmp_path / "empty.keras", "w") as archive:
        archive.writestr("nothing.txt", "")
    with pytest.raises(DigitsError, match=r"empty.keras: cannot load model"):
        load_model(tmp_path / "empty.keras")


def test_load_model_checks_input_and_output_shapes(tmp_path):
    wrong = keras.Sequential(
        [keras.Input((32, 32)), keras.layers.Flatten(), keras.layers.Dense(10)]
    )
    wrong.save(tmp_path / "wrong_in.keras")
    with pytest.raises(DigitsError, match=r"takes input \(32, 32\), expected \(28, 28\)"):
        load_model(tmp_path / "wrong_in.keras")
    wrong = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(3)])
    wrong.save(tmp_path / "wrong_out.keras")
    with pytest.raises(DigitsError, match=r"outputs \(3,\), expected \(10,\)"):
        load_model(tmp_path / "wrong_out.keras")


def test_save_model_requires_keras_suffix(tmp_path):
    with pytest.raises(DigitsError, match=r"must end in .keras"):
        save_model(build_model(), tmp_path / "m.h5")
    assert not list(tmp_path.iterdir())
