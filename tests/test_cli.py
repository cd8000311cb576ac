import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None, cwd=ROOT):
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, env=environment, capture_output=True, text=True
    )


def assert_one_line_error(result, *fragments):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_help_shows_options_and_defaults():
    result = run("digits", "train", "--help")
    assert result.returncode == 0
    for option in ("--epochs", "--batch-size", "--seed", "--data-dir", "--model-out", "--figures"):
        assert option in result.stdout
    assert "models/digits.keras" in result.stdout


def test_the_digits_command_is_python_m_digits():
    script = Path(sys.executable).parent / "digits"
    if not script.exists():
        pytest.skip("the project is not installed in this environment: no digits command")
    installed = subprocess.run(
        [str(script), "train", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    module = run("digits", "train", "--help")
    assert installed.returncode == module.returncode == 0
    assert installed.stdout.startswith("usage: digits train")
    assert module.stdout.startswith("usage: python -m digits train")
    options = installed.stdout.index("options:"), module.stdout.index("options:")
    assert installed.stdout[options[0] :] == module.stdout[options[1] :]


def test_train_with_bad_data_dir_fails_cleanly(tmp_path):
    model = tmp_path / "m.keras"
    result = run(
        "digits",
        "train",
        "--data-dir",
        str(tmp_path),
        "--model-out",
        str(model),
        "--figures",
        str(tmp_path / "figs"),
    )
    assert_one_line_error(result, str(tmp_path), "no MNIST files")
    assert not model.exists() and not (tmp_path / "figs").exists()


def test_train_refuses_a_model_path_that_is_not_keras(tmp_path):
    result = run("digits", "train", "--model-out", str(tmp_path / "m.h5"))
    assert_one_line_error(result, "m.h5", ".keras")


def test_a_recipe_that_cannot_be_run_is_one_line():
    result = run("digits", "train", "--recipe", "best", "--epochs", "5")
    assert_one_line_error(result, "--recipe best: 5 epochs with the last 10 clean")


def test_bad_option_value_is_a_usage_error():
    result = run("digits", "train", "--epochs", "zero")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_predict_without_a_model_says_how_to_train(tmp_path):
    picture = np.full((60, 60), 255, dtype=np.uint8)
    picture[10:50, 28:34] = 0
    Image.fromarray(picture).save(tmp_path / "one.png")
    result = run(
        "digits", "predict", str(tmp_path / "one.png"), "--model", str(tmp_path / "no.keras")
    )
    assert_one_line_error(result, "no.keras", "python -m digits train")


def test_predict_refuses_a_figure_that_is_not_a_png_before_reading_anything(tmp_path):
    result = run("digits", "predict", "missing.png", "--figure", str(tmp_path / "own.txt"))
    assert_one_line_error(result, "own.txt: --figure must be a .png file")


@pytest.mark.integration
def test_train_then_predict_end_to_end(mnist_dir, tmp_path):
    model = tmp_path / "models" / "digits.keras"
    figures = tmp_path / "figures"
    result = run(
        "digits",
        "train",
        "--epochs",
        "2",
        "--quiet",
        "--data-dir",
        str(mnist_dir),
        "--model-out",
        str(model),
        "--figures",
        str(figures),
    )
    assert result.returncode == 0, result.stderr
    accuracy = float(result.stdout.split("test accuracy: ")[1].split()[0])
    assert accuracy > 0.95
    assert sorted(p.name for p in figures.iterdir()) == [
        "accuracy.png",
        "confusion_matrix.png",
        "loss.png",
        "misclassified.png",
        "sample_predictions.png",
    ]
    assert [p.name for p in model.parent.iterdir()] == ["digits.keras"]

    from digits.data import load_mnist, scale_pixels
    from examples import synth

    _, (x_test, y_test) = load_mnist(mnist_dir)
    rng = np.random.default_rng(7)
    good = tmp_path / "photo.jpg"
    synth.render_photo(scale_pixels(x_test[0]), rng).save(good)
    (tmp_path / "bad.png").write_text("not an image")
    result = run(
        "digits",
        "predict",
        str(good),
        str(tmp_path / "bad.png"),
        "--model",
        str(model),
        "--figure",
        str(tmp_path / "own.png"),
    )
    assert result.returncode == 1
    assert result.stdout.startswith(f"{good}: {y_test[0]} (")
    assert_one_line_error(result, "bad.png", "not an image")
    assert (tmp_path / "own.png").exists()


@pytest.mark.integration
def test_predict_number_prints_the_number_and_one_line_errors(mnist, tmp_path):
    from digits.data import scale_pixels
    from examples import synth

    _, (x_test, y_test) = mnist
    rng = np.random.default_rng(3)
    picture, text = synth.render_number(scale_pixels(x_test), y_test, rng, [[0, 1, 2, 3]])
    picture.save(tmp_path / "number.jpg")
    (tmp_path / "bad.png").write_text("not an image")
    result = run(
        "digits", "predict", "--number", str(tmp_path / "number.jpg"), str(tmp_path / "bad.png")
    )
    assert result.stdout == f"{tmp_path / 'number.jpg'}: {text}\n"
    assert_one_line_error(result, "bad.png", "not an image")


def test_predict_number_with_a_digit_model_says_it_needs_a_line_reader(trained, tmp_path):
    from digits.model import save_model

    save_model(trained[0], tmp_path / "digit.keras")
    result = run(
        "digits", "predict", "--number", "examples/number_2026.jpg",
        "--model", str(tmp_path / "digit.keras"),
    )  # fmt: skip
    assert_one_line_error(result, "digit.keras: not a line reader", "train-lines")


def test_a_mistyped_model_path_is_refused_before_tensorflow_loads(tmp_path):
    code = (
        "import sys\n"
        "from digits.cli import main\n"
        f"status = main(['predict', 'photo.png', '--model', {str(tmp_path / 'typo.keras')!r}])\n"
        "print(status, 'tensorflow' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.stdout == "1 False\n", result.stderr  # exit status 1, TensorFlow not loaded
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "typo.keras: no such model file" in lines[0], result.stderr


def test_predict_and_predict_number_read_with_the_shipped_reader_by_default():
    result = run("digits", "predict", "examples/photo_7.jpg", "examples/canvas_5.png")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("examples/photo_7.jpg: 7 (")
    assert lines[1].startswith("examples/canvas_5.png: 5 (")
    result = run("digits", "predict", "--number", "examples/number_2026.jpg")
    assert result.stdout == "examples/number_2026.jpg: 2026\n", result.stderr


@pytest.mark.integration
def test_train_with_no_figures_writes_only_the_model(mnist_dir, tmp_path):
    model, figures = tmp_path / "m.keras", tmp_path / "figures"
    result = run(
        "digits", "train", "--epochs", "1", "--quiet", "--no-figures", "--data-dir",
        str(mnist_dir), "--model-out", str(model), "--figures", str(figures),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert model.is_file() and not figures.exists()
    assert f"saved {model}\n" in result.stdout


def test_the_reader_recipe_without_its_handwriting_is_one_line(tmp_path):
    model = tmp_path / "reader.keras"
    unset = {"CVL_DIR": "", "REALNUMBERS_DIR": ""}
    result = run("digits", "train", "--recipe", "reader", "--model-out", str(model), env=unset)
    assert_one_line_error(result, "--recipe reader learns from real handwriting", "--cvl-dir")
    result = run(
        "digits", "train", "--recipe", "reader", "--cvl-dir", str(tmp_path), "--amounts-dir",
        str(tmp_path), "--model-out", str(model), env=unset,
    )  # fmt: skip
    assert_one_line_error(result, str(tmp_path / "train.npz"), "no such file (--cvl-dir)")
    assert not model.exists()


@pytest.mark.integration
def test_the_reader_recipe_remakes_a_reader_end_to_end(
    mnist_dir, cvl_dir, realnumbers_dir, tmp_path
):
    from digits.model import load_model

    cvl, amounts = cvl_dir, realnumbers_dir
    model = tmp_path / "reader.keras"
    result = run(
        "digits", "train", "--recipe", "reader", "--limit", "200", "--epochs", "3",
        "--batch-size", "16",
        "--data-dir", str(mnist_dir), "--cvl-dir", str(cvl), "--amounts-dir", str(amounts),
        "--model-out", str(model), "--no-figures",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "real handwriting: CVL train.npz 200, amounts 0000-0899 " in result.stdout
    assert "network=cnn" in result.stdout
    accuracy = float(result.stdout.split("test accuracy: ")[1].split()[0])
    # 3 epochs on 200 MNIST digits and a little real writing, in batches of 16: enough
    # steps (about 900) for the batch normalisation's running statistics to settle.
    assert accuracy > 0.5
    assert load_model(model).name == "digits_reader"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["reader.keras"]


def test_train_lines_without_its_handwriting_is_one_line(tmp_path):
    model = tmp_path / "lines.keras"
    unset = {"CVL_DIR": "", "REALNUMBERS_DIR": ""}
    result = run("digits", "train-lines", "--model-out", str(model), env=unset)
    assert_one_line_error(result, "train-lines learns from real handwriting", "--cvl-dir")
    assert not model.exists()


@pytest.mark.integration
def test_train_lines_remakes_a_line_reader_end_to_end(
    mnist_dir, cvl_dir, realnumbers_dir, tmp_path
):
    from digits.line_reader import load_line_reader

    model = tmp_path / "lines.keras"
    result = run(
        "digits", "train-lines", "--limit", "40", "--epochs", "2", "--composed", "96",
        "--real-copies", "1", "--batch-size", "16",
        "--data-dir", str(mnist_dir), "--cvl-dir", str(cvl_dir),
        "--amounts-dir", str(realnumbers_dir), "--model-out", str(model), "--dev",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert (
        "digits to compose lines of: MNIST train 40, CVL train.npz 7000, amounts 0000-0799" in out
    )
    assert "real lines: 40 amounts (0000-0799)" in out
    dev = out.split("dev amounts 0800-0899 (kept out of training), read exactly: ")[1]
    assert dev.split("/")[1].startswith("100 ")  # every dev amount read, none trained on
    assert "epoch 1/2: CTC loss" in out and "epoch 2/2: CTC loss" in out
    share = float(out.split("lines composed of MNIST test digits, read exactly: ")[1].split()[0])
    assert 0.0 <= share <= 1.0
    assert load_line_reader(model).name == "line_reader"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["lines.keras"]


def test_train_offline_with_no_mnist_is_one_line_without_tensorflow_notes(tmp_path):
    offline = {  # no local MNIST, no cached download, and every download refused at once
        "MNIST_DIR": "",
        "KERAS_HOME": str(tmp_path / "keras"),
        "https_proxy": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
    }
    result = run(
        "digits", "train", "--model-out", str(tmp_path / "m.keras"), "--no-figures", env=offline
    )
    assert_one_line_error(result, "mnist.npz: download failed", "set MNIST_DIR")
    assert not (tmp_path / "m.keras").exists()


def _canvas_folder(folder: Path, count: int) -> list[Path]:
    """`count` drawings of a 1 or a 7 (synthetic strokes, 280x280 PNG), named in order,
    with an unreadable file among them."""
    folder.mkdir()
    for index in range(count):
        picture = np.full((280, 280), 255, dtype=np.uint8)
        shift = index % 40
        picture[40:240, 120 + shift : 150 + shift] = 0  # a stem
        if index % 2:
            picture[40:70, 60 + shift : 150 + shift] = 0  # a 7's bar
        Image.fromarray(picture).save(folder / f"{index:04d}.png")
    (folder / "0100.png").write_text("not a picture")
    return sorted(folder.iterdir())


def test_predict_reads_a_folder_in_worker_processes_as_in_one(tmp_path):
    from digits.cli import PARALLEL_DIGITS

    paths = _canvas_folder(tmp_path / "drawn", PARALLEL_DIGITS)
    alone = run("digits", "predict", str(tmp_path / "drawn"), "--jobs", "1")
    together = run("digits", "predict", str(tmp_path / "drawn"), "--jobs", "2")
    assert alone.returncode == together.returncode == 1  # the bad file
    assert together.stdout == alone.stdout
    assert together.stderr == alone.stderr
    assert together.stderr.strip().splitlines() == [
        f"error: {paths[100]}: not an image file Pillow can read"
    ]
    lines = together.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [str(p) for p in paths if p != paths[100]]
    digits = [line.split(": ")[1][0] for line in lines]
    assert digits.count("1") > 0.9 * len(paths) / 2 and digits.count("7") > 0.9 * len(paths) / 2


def test_predict_number_reads_a_folder_in_worker_processes_as_in_one(tmp_path):
    from digits.cli import PARALLEL_NUMBERS

    folder = tmp_path / "numbers"
    folder.mkdir()
    for index in range(PARALLEL_NUMBERS):
        suffix = ".jpg" if index % 2 else ".png"
        source = ROOT / "examples" / ("number_2026.jpg" if index % 2 else "canvas_5.png")
        (folder / f"{index:03d}{suffix}").write_bytes(source.read_bytes())
    alone = run("digits", "predict", "--number", str(folder), "--jobs", "1")
    together = run("digits", "predict", "--number", str(folder), "--jobs", "2")
    assert alone.returncode == together.returncode == 0, together.stderr
    assert together.stdout == alone.stdout
    answers = [line.split(": ")[1] for line in together.stdout.splitlines()]
    assert answers == ["5", "2026"] * (PARALLEL_NUMBERS // 2)


def test_predict_says_so_when_a_folder_holds_no_pictures(tmp_path):
    (tmp_path / "notes.txt").write_text("no pictures here")
    result = run("digits", "predict", str(tmp_path))
    assert_one_line_error(result, f"{tmp_path}: no pictures in this folder")


def test_export_writes_an_onnx_model_that_reads_as_its_keras_model(tmp_path):
    from digits.model import build_reader, save_model
    from digits.runtime import OnnxModel

    source = save_model(build_reader(), tmp_path / "mine.keras")
    result = run("digits", "export", "--model", str(source), "--out", str(tmp_path / "m.onnx"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"saved {tmp_path / 'm.onnx'} (from {source})\n"
    assert OnnxModel(tmp_path / "m.onnx").input_shape == (28, 28)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.onnx", "mine.keras"]


def test_export_refuses_what_it_cannot_do_in_one_line(tmp_path):
    assert_one_line_error(
        run("digits", "export", "--out", str(tmp_path / "m.onnx")), "--out needs --model"
    )
    assert_one_line_error(
        run("digits", "export", "--model", str(tmp_path / "none.keras")),
        "none.keras: no such model file",
    )
    assert list(tmp_path.iterdir()) == []


def _process_after_a_pause(path: Path) -> int:
    time.sleep(0.01)  # long enough that every worker is up before the work runs out
    return os.getpid()


def test_many_pictures_are_prepared_in_worker_processes_and_few_here():
    from digits.cli import PARALLEL_DIGITS, _prepared

    paths = [Path(f"{index}.png") for index in range(PARALLEL_DIGITS)]
    with _prepared(_process_after_a_pause, paths, 2, PARALLEL_DIGITS) as processes:
        workers = list(processes)
    assert len(workers) == len(paths)
    assert len(set(workers)) == 2 and os.getpid() not in workers
    with _prepared(_process_after_a_pause, paths[:-1], 2, PARALLEL_DIGITS) as processes:
        assert set(processes) == {os.getpid()}
