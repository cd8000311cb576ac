"""The reader that ships with the package, and the checks on a model path."""

import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from digits.errors import DigitsError, first_line
from digits.model_file import READER, check_model_file, load_keras_file

ROOT = Path(__file__).resolve().parent.parent


def test_no_path_means_the_shipped_reader():
    assert check_model_file(None) == READER
    assert READER.is_file() and READER.parent.name == "digits"


def test_bad_paths_are_refused_naming_them(tmp_path):
    (tmp_path / "text.keras").write_text("not a zip")
    (tmp_path / "folder.keras").mkdir()
    cases = {
        "m.h5": "only .keras model files",
        "none.keras": "no such model file",
        "text.keras": "not a .keras zip archive",
        "folder.keras": "not a file",
    }
    for name, reason in cases.items():
        with pytest.raises(DigitsError, match=rf"{name}: .*{reason}"):
            check_model_file(tmp_path / name)


def test_an_error_is_quoted_by_its_first_line():
    assert first_line(ValueError("  bad shape\n  at layer 3\n")) == "bad shape"
    assert first_line(KeyError()) == "KeyError"  # says nothing: its type's name


def test_a_file_keras_cannot_load_is_refused_in_one_line(tmp_path):
    # A zip archive that is no Keras model: Keras' own long error becomes one line naming
    # the file, for each loader that uses this (load_model, load_line_reader, export_onnx).
    path = tmp_path / "empty.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("nothing.txt", "")
    with pytest.raises(DigitsError) as caught:
        load_keras_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot load model (") and "\n" not in message


def test_checking_a_path_imports_no_tensorflow():
    # The command line checks --model with this module before it imports TensorFlow; and
    # serving pages imports the model code only when it reads.
    code = (
        "import sys\n"
        "import digits.model_file, digits.serve\n"
        "digits.model_file.check_model_file()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_the_shipped_reader_is_a_small_file():
    assert READER.stat().st_size <= 5 * 2**20  # 5 MB: it ships inside the package


# Floors for the reader that ships, a little under what it reads (docs/reader.md gives
# the figures; python -m benchmarks.pictures prints them beside the targets). Each is on
# data it never trained on.
READER_FLOORS = {
    "mnist-test": 0.994,
    "cvl-valid": 0.975,
    "cvl-valid-digit": 0.95,
    "real-digits-kind": 0.95,
}


@pytest.fixture(scope="module")
def reader():
    from digits.model import load_model

    return load_model()


@pytest.mark.integration
def test_the_shipped_reader_loads_in_safe_mode_and_reads_mnist_test(mnist, reader):
    from digits.backend import keras
    from digits.data import scale_pixels
    from digits.evaluate import evaluate_model
    from digits.model import build_reader, network_layout

    # load_model always loads with safe mode on; say it outright here too.
    keras.saving.load_model(READER, safe_mode=True, compile=False)
    assert network_layout(reader) == network_layout(build_reader())
    _, (x_test, y_test) = mnist
    evaluation = evaluate_model(reader, scale_pixels(x_test), y_test)
    assert evaluation.accuracy >= READER_FLOORS["mnist-test"], evaluation.accuracy
    assert np.bincount(evaluation.predictions, minlength=10).min() > 850  # reads every digit


@pytest.mark.integration
def test_the_shipped_reader_reads_writers_it_never_saw(cvl_dir, reader):
    from digits.handwriting import load_cvl
    from digits.model import predict_digits

    images, labels = load_cvl(cvl_dir / "valid.npz")  # 60 writers, never trained on
    right = predict_digits(reader, images)[0] == labels
    assert right.mean() >= READER_FLOORS["cvl-valid"], right.mean()
    per_digit = [right[labels == digit].mean() for digit in range(10)]
    assert min(per_digit) >= READER_FLOORS["cvl-valid-digit"], per_digit


@pytest.mark.integration
def test_the_shipped_reader_reads_real_single_digits_of_every_kind(realdigits_dir, reader):
    from digits.model import predict_digits
    from examples.realdigits import by_kind, load_manifest, read_digits

    for kind, chosen in by_kind(load_manifest(realdigits_dir)).items():
        inputs, unread = read_digits(chosen)
        predicted = predict_digits(reader, inputs)[0]
        labels = np.array([digit.label for digit in chosen])
        accuracy = ((predicted == labels) & ~unread).mean()
        assert accuracy >= READER_FLOORS["real-digits-kind"], (kind, accuracy)
