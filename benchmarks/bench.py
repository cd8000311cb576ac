"""Benchmark: how fast and how accurate each training recipe is, on this machine.

    python -m benchmarks.bench               # full run, in one process, on the same data
    python -m benchmarks.bench --quick       # a slice of the data: checks the benchmark runs
    python -m benchmarks.bench --processes   # also time whole `python -m digits ...` processes
    python -m benchmarks.bench --serve       # also time POST /predict (benchmarks/serve_bench.py)

It trains the seed recipe (Keras defaults through `model.fit`: batch 32, constant Adam
learning rate), the default recipe, the shift recipe and the best recipe, and prints for each
the training wall time, samples per second, test accuracy and the ratio to the seed recipe;
then how each recipe's model reads the real handwritten digits in REALDIGITS_DIR, per kind;
then the prediction throughput, and the time the bare matrix products of one default
training run take in NumPy: a floor for the arithmetic alone.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from digits.config import RECIPES, TrainConfig, with_options
from digits.data import load_mnist, scale_pixels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="a slice of the data, 1 epoch each")
    parser.add_argument("--data-dir", type=Path, help="MNIST folder (default: $MNIST_DIR)")
    parser.add_argument("--processes", action="store_true", help="also time whole processes")
    parser.add_argument(
        "--torch-python", help="a Python with torch, for benchmarks/torch_reference.py"
    )
    parser.add_argument("--repeat", type=int, default=1, help="process timings: best of N runs")
    parser.add_argument(
        "--photos", type=int, default=300, help="test digits rendered per kind of picture"
    )
    parser.add_argument("--serve", action="store_true", help="also time POST /predict")
    parser.add_argument("--seed-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed_process:
        return _seed_process(args.data_dir)

    (x_train, y_train), (x_test, y_test) = load_mnist(args.data_dir)
    if args.quick:
        x_train, y_train, x_test, y_test = (
            x_train[:6000],
            y_train[:6000],
            x_test[:1000],
            y_test[:1000],
        )
    x_test_scaled = scale_pixels(x_test)
    recipes = ("seed", "default", "shift", "best")
    # --quick: one epoch of each, augmented where the recipe augments (no clean epochs).
    quick = {"epochs": 1, "clean_epochs": 0, "validation_size": 1000} if args.quick else {}

    rows, models = [], {}
    for name in recipes:
        config = with_options(RECIPES[name], **quick)
        runner = fit_seed_recipe if name == "seed" else _train_recipe
        seconds, models[name], _ = runner(x_train, y_train, config)
        accuracy = _accuracy(models[name], x_test_scaled, y_test)
        samples = (len(x_train) - config.validation_size) * config.epochs
        rows.append((name, config, seconds, samples / seconds, accuracy))

    print(
        f"MNIST: {len(x_train)} training images ({rows[0][1].validation_size} held out), "
        f"{len(x_test)} test images; {os.cpu_count()} CPU cores"
    )
    print(
        f"{'recipe':<8} {'epochs':>6} {'batch':>5} {'train s':>8} {'samples/s':>10} "
        f"{'test acc':>8} {'x seed':>7}"
    )
    for name, config, seconds, rate, accuracy in rows:
        print(
            f"{name:<8} {config.epochs:>6} {config.batch_size:>5} {seconds:>8.2f} {rate:>10,.0f} "
            f"{accuracy:>8.4f} {seconds / rows[0][2]:>7.2f}"
        )

    _real_digit_accuracy(models, per_kind=2 if args.quick else None)

    model = models["best"]
    per_second = _prediction_rate(model, x_test_scaled)
    print(f"prediction: {per_second:,.0f} images/s ({len(x_test)} test images, one call)")
    default = RECIPES["default"] if not args.quick else rows[1][1]
    floor = numpy_floor(len(x_train) - default.validation_size, default.batch_size, default.epochs)
    print(f"NumPy floor for the default recipe's matrix products: {floor:.2f} s")

    count = min(10 if args.quick else args.photos, len(x_test))
    if count:
        _photo_accuracy(models, x_test_scaled, y_test, count, args.quick)
    if args.processes:
        _time_processes(args)
    if args.serve:
        from benchmarks import serve_bench

        serve_bench.run(models["default"])
    return 0


def _photo_accuracy(
    models: dict, digits: np.ndarray, labels: np.ndarray, count: int, quick: bool
) -> None:
    """The picture pipeline's measurements (benchmarks/pictures.py): rendered pictures with
    the default recipe's model; everything, with the targets, with the reader that ships."""
    from benchmarks import pictures
    from digits.model import load_model

    print("picture pipeline, the default recipe's model:")
    pictures.rendered_accuracy(models["default"], digits[:count], labels[:count])
    print("picture pipeline, the reader that ships with digits:")
    pictures.report(load_model(), digits, labels, count, 20 if quick else 1000, quick)


def _real_digit_accuracy(models: dict, per_kind: int | None) -> None:
    """Accuracy of each recipe's model on the real digits in REALDIGITS_DIR, per kind.

    Each picture goes through load_digit_image once; a picture it cannot read counts as
    wrong for every model. per_kind: only the first so many digits of each kind.
    """
    from digits.model import predict_digits
    from examples.realdigits import KINDS, by_kind, load_manifest, read_digits, realdigits_dir

    folder = realdigits_dir()
    if folder is None:
        print("real handwriting: REALDIGITS_DIR is not set, skipped")
        return
    digits = [d for group in by_kind(load_manifest(folder), per_kind).values() for d in group]
    inputs, unread = read_digits(digits)
    labels = np.array([d.label for d in digits])
    kinds = np.array([d.kind for d in digits])
    print(
        f"real handwriting ({folder}): {len(digits)} digits, {unread.sum()} unreadable; "
        "accuracy of each recipe's model"
    )
    right = {
        name: (predict_digits(model, inputs)[0] == labels) & ~unread
        for name, model in models.items()
    }
    print(f"  {'kind (count)':<20} " + " ".join(f"{name:>8}" for name in models))
    for kind in (*KINDS, "all"):
        chosen = np.ones(len(digits), bool) if kind == "all" else kinds == kind
        cells = " ".join(f"{hits[chosen].mean():>8.4f}" for hits in right.values())
        print(f"  {f'{kind} ({chosen.sum()})':<20} {cells}")


def fit_seed_recipe(x_train, y_train, config: TrainConfig) -> tuple[float, object, dict]:
    """The project's starting point: `model.fit` with Keras' defaults (batch 32, constant rate).

    Returns (training seconds, model, history).
    """
    from digits.backend import keras
    from digits.model import build_model
    from digits.training import split_validation

    keras.utils.set_random_seed(config.seed)
    (x_fit, y_fit), (x_val, y_val) = split_validation(
        scale_pixels(x_train), y_train, config.validation_size, config.seed
    )
    started = time.perf_counter()
    model = build_model(config.learning_rate)
    history = model.fit(
        x_fit,
        y_fit,
        batch_size=config.batch_size,
        epochs=config.epochs,
        validation_data=(x_val, y_val),
        verbose=0,
    )
    return time.perf_counter() - started, model, history.history


def _train_recipe(x_train, y_train, config: TrainConfig) -> tuple[float, object, dict]:
    """The project's own training loop (digits/training.py): (training seconds, model, history)."""
    from digits.training import train

    started = time.perf_counter()
    model, history = train(x_train, y_train, config, verbose=0)
    return time.perf_counter() - started, model, history


def _accuracy(model, images: np.ndarray, labels: np.ndarray) -> float:
    from digits.model import predict_digits

    return float((predict_digits(model, images)[0] == labels).mean())


def _prediction_rate(model, images: np.ndarray) -> float:
    from digits.model import predict_digits

    predict_digits(model, images[:10])  # warm up
    best = min(_timed(predict_digits, model, images) for _ in range(5))
    return len(images) / best


def _timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def numpy_floor(samples: int, batch: int, epochs: int) -> float:
    """Seconds NumPy needs for the matrix products alone of one training run.

    Per batch: the forward products x @ W1 and h @ W2, and the backward ones for the
    weight gradients (x.T @ dh, h.T @ do) and the hidden gradient (do @ W2.T).
    """
    rng = np.random.default_rng(0)
    x = rng.random((batch, 784), dtype=np.float32)
    w1 = rng.random((784, 128), dtype=np.float32)
    w2 = rng.random((128, 10), dtype=np.float32)
    steps = samples // batch * epochs
    started = time.perf_counter()
    for _ in range(steps):
        h = x @ w1
        o = h @ w2
        dh = o @ w2.T
        _ = h.T @ o
        _ = x.T @ dh
    return time.perf_counter() - started


def _seed_process(data_dir) -> int:
    """What `python -m digits train` does, but training the seed recipe with model.fit."""
    from digits.evaluate import evaluate_model
    from digits.model import save_model
    from digits.plots import save_figures

    (x_train, y_train), (x_test, y_test) = load_mnist(data_dir)
    x_test = scale_pixels(x_test)
    seconds, model, history = fit_seed_recipe(x_train, y_train, RECIPES["seed"])
    evaluation = evaluate_model(model, x_test, y_test)
    with tempfile.TemporaryDirectory() as folder:
        save_model(model, Path(folder) / "seed.keras")
        save_figures(history, x_test, evaluation, folder)
    print(f"seed recipe: training {seconds:.1f} s, test accuracy: {evaluation.accuracy:.4f}")
    return 0


def _time_processes(args) -> None:
    here = Path(__file__).resolve().parent.parent
    data = ["--data-dir", str(args.data_dir)] if args.data_dir else []
    with tempfile.TemporaryDirectory() as folder:
        model = Path(folder) / "m.keras"
        commands = {
            "python -m digits train (seed recipe, model.fit)": [
                sys.executable,
                "-m",
                "benchmarks.bench",
                "--seed-process",
                *data,
            ],
            "python -m digits train": [
                sys.executable,
                "-m",
                "digits",
                "train",
                "--quiet",
                "--model-out",
                str(model),
                "--figures",
                folder,
                *data,
            ],
        }
        if args.torch_python:
            commands["plain PyTorch loop (benchmarks/torch_reference.py)"] = [
                args.torch_python,
                "-m",
                "benchmarks.torch_reference",
            ]
        times = {}
        for name, command in commands.items():
            times[name] = min(_run(command, here) for _ in range(args.repeat))
        image = Path(folder) / "seven.png"
        _write_example_digit(image)
        predict = [sys.executable, "-m", "digits", "predict", str(image), "--model", str(model)]
        times["python -m digits predict (one image)"] = min(
            _run(predict, here) for _ in range(args.repeat)
        )
    seed_time = times["python -m digits train (seed recipe, model.fit)"]
    print(f"whole processes, wall time (best of {args.repeat}):")
    for name, seconds in times.items():
        print(f"  {name:<55} {seconds:>6.2f} s  ({seconds / seed_time:.2f} x seed)")


def _run(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def _write_example_digit(path: Path) -> None:
    from PIL import Image

    picture = np.full((120, 100), 235, dtype=np.uint8)
    picture[20:30, 20:80] = 30
    picture[30:100, 60:70] = 30
    Image.fromarray(picture).save(path)


if __name__ == "__main__":
    sys.exit(main())
