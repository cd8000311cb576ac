"""The command line: `python -m digits train`, `train-lines`, `export`, `predict` and
`serve`.

Heavy modules (TensorFlow, matplotlib) are imported inside the commands, after the
options and input files have been checked, so `--help` and most mistakes answer at once.
`predict` and `serve` with the shipped readers run on ONNX Runtime and never import
TensorFlow: they work in the reading install (`pip install .`), where the training
commands say in one line which install they need. Any DigitsError becomes one line on
stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from digits.errors import DigitsError
from digits.machine import usable_cores
from digits.model_file import READER, check_model_file

if TYPE_CHECKING:
    import numpy as np

DEFAULT_MODEL = Path("models/digits.keras")  # where `train` writes
DEFAULT_LINE_MODEL = Path("models/lines.keras")  # where `train-lines` writes
DEFAULT_FIGURES = Path("figures")
# `predict` and `serve` read with the model that ships inside the package unless told.
MODEL_HELP = "a .keras model; the default is the reader that ships with digits"
# What only the full install (pip install -r requirements.txt) has: training, plots, export.
FULL_INSTALL = ("tensorflow", "keras", "matplotlib", "onnx", "tf2onnx")
# `predict` prepares pictures in worker processes from this many on: starting a worker
# costs about 0.6 s here (a fresh Python importing the picture code), a canvas digit about
# 6 ms and a number about 25 ms, so fewer pictures are read sooner in this process alone.
PARALLEL_DIGITS = 200
PARALLEL_NUMBERS = 50
MAX_WORKERS = 61  # Windows' limit for a process pool
PREDICT_BATCH = 256  # pictures read by the network at once
PICTURES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp")


def run() -> None:
    """The `digits` command and `python -m digits`: run main() and exit with its status."""
    status = main()
    # Every file is written, closed and renamed into place by now. Skip the interpreter's
    # teardown: with TensorFlow loaded it takes about two seconds (measured: a process
    # that has imported Keras and run a model exits 1.9 s sooner) and does nothing we need.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except DigitsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ModuleNotFoundError as error:  # the reading install, asked for more
        name = (error.name or "").split(".")[0]
        if name not in FULL_INSTALL:
            raise
        print(f"error: {_needs_full_install(args.command, name)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `digits predict scans/ | head`: the reader stopped listening
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _parser() -> argparse.ArgumentParser:
    from digits.config import RECIPES

    defaults = RECIPES["default"]
    # The same commands answer to `digits` (the installed script) and `python -m digits`.
    prog = "python -m digits" if Path(sys.argv[0]).name == "__main__.py" else "digits"
    parser = argparse.ArgumentParser(
        prog=prog, description="Handwritten digit recognition on MNIST."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    train = commands.add_parser(
        "train",
        help="train on MNIST, report test accuracy, save the model and figures",
        formatter_class=_HelpFormatter,
    )
    train.add_argument(
        "--recipe",
        choices=sorted(RECIPES),
        default="default",
        help="starting settings: default (fast), best (rotated, scaled and shifted copies, "
        "long), reader (the small CNN that ships, on MNIST and real handwriting: needs "
        "--cvl-dir and --amounts-dir), shift (shifted copies, 40 epochs), "
        "seed (Keras defaults: batch 32, constant learning rate)",
    )
    # No default shown for these: each recipe has its own (the default recipe's given).
    train.add_argument(
        "--epochs",
        type=_positive,
        default=argparse.SUPPRESS,
        help=f"epochs (the recipe's; default recipe: {defaults.epochs})",
    )
    train.add_argument(
        "--batch-size",
        type=_positive,
        default=argparse.SUPPRESS,
        help=f"batch size (the recipe's; default recipe: {defaults.batch_size})",
    )
    train.add_argument(
        "--learning-rate",
        type=_positive_float,
        default=argparse.SUPPRESS,
        help=f"peak Adam learning rate (the recipe's; default recipe: {defaults.learning_rate})",
    )
    train.add_argument(
        "--augment",
        action=argparse.BooleanOptionalAction,
        default=argparse.SUPPRESS,
        help="train on randomly moved copies (the recipe's: on for shift, best and reader)",
    )
    train.add_argument("--seed", type=int, default=0, help="random seed: same seed, same run")
    train.add_argument(
        "--data-dir",
        type=Path,
        help="folder with the MNIST IDX files or mnist.npz "
        "(default: $MNIST_DIR, else Keras' download)",
    )
    train.add_argument(
        "--cvl-dir",
        type=Path,
        help="reader recipe: the CVL digits folder; only its train.npz is trained on "
        "(default: $CVL_DIR)",
    )
    train.add_argument(
        "--amounts-dir",
        type=Path,
        help="reader recipe: the cheque amounts folder with boxes.tsv; only amounts "
        "0000-0899 are trained on (default: $REALNUMBERS_DIR)",
    )
    train.add_argument(
        "--limit",
        type=_positive,
        help="a quick check: the first N MNIST digits, N CVL digits spread over the file and "
        "the digits of the first N amounts",
    )
    train.add_argument(
        "--model-out", type=Path, default=DEFAULT_MODEL, help="where to save the model (.keras)"
    )
    train.add_argument(
        "--figures", type=Path, default=DEFAULT_FIGURES, help="folder for the PNG figures"
    )
    train.add_argument("--no-figures", action="store_true", help="save no figures")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    train.set_defaults(run=_train, command="train")

    _add_train_lines(commands)

    export = commands.add_parser(
        "export",
        help="write a .keras reader as ONNX, to read without TensorFlow (default: both "
        "shipped readers, digits/reader.onnx and digits/lines.onnx)",
        formatter_class=_HelpFormatter,
    )
    export.add_argument("--model", type=Path, help="a .keras model to export")
    export.add_argument("--out", type=Path, help="where to write it (default: beside it, .onnx)")
    export.set_defaults(run=_export, command="export")

    predict = commands.add_parser(
        "predict",
        help="read the digit in your own images (photos, scans, drawings)",
        formatter_class=_HelpFormatter,
    )
    predict.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    predict.add_argument(
        "--model",
        type=Path,
        default=READER,
        help=MODEL_HELP + "; with --number, a line reader (train-lines), the one that ships",
    )
    predict.add_argument(
        "--figure", type=Path, help="also save a figure of each image, its 28x28 and the odds"
    )
    predict.add_argument(
        "--number",
        action="store_true",
        help="read every digit in each image: a number (lines of writing space apart)",
    )
    predict.add_argument(
        "--jobs",
        type=_positive,
        default=usable_cores(),
        help="processes preparing the pictures, when there are many (1: this one only)",
    )
    predict.set_defaults(run=_predict, command="predict")

    serve = commands.add_parser(
        "serve",
        help="a web page to draw a digit on and watch the model read it",
        formatter_class=_HelpFormatter,
    )
    serve.add_argument("--model", type=Path, default=READER, help=MODEL_HELP)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every network)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (0: any free)")
    serve.set_defaults(run=_serve, command="serve")
    return parser


def _add_train_lines(commands) -> None:
    from digits.config import LineConfig

    defaults = LineConfig()
    lines = commands.add_parser(
        "train-lines",
        help="train the line reader that reads whole numbers (MNIST, CVL and cheque amounts)",
        formatter_class=_HelpFormatter,
    )
    lines.add_argument("--epochs", type=_positive, default=defaults.epochs, help="epochs")
    lines.add_argument(
        "--composed",
        type=_positive,
        default=defaults.composed,
        help="lines composed from single digits, fresh each epoch",
    )
    lines.add_argument(
        "--real-copies",
        type=int,
        default=defaults.real_copies,
        help="roughened copies of each real amount's line each epoch",
    )
    lines.add_argument("--batch-size", type=_positive, default=defaults.batch_size)
    lines.add_argument(
        "--learning-rate",
        type=_positive_float,
        default=defaults.learning_rate,
        help="peak Adam learning rate, falling along a cosine to 0",
    )
    lines.add_argument("--seed", type=int, default=defaults.seed, help="same seed, same run")
    lines.add_argument(
        "--data-dir",
        type=Path,
        help="folder with the MNIST IDX files or mnist.npz "
        "(default: $MNIST_DIR, else Keras' download)",
    )
    lines.add_argument(
        "--cvl-dir",
        type=Path,
        help="the CVL digits folder; only its train.npz is trained on (default: $CVL_DIR)",
    )
    lines.add_argument(
        "--amounts-dir",
        type=Path,
        help="the cheque amounts folder with manifest.tsv and boxes.tsv; only amounts "
        "0000-0899 are trained on (default: $REALNUMBERS_DIR)",
    )
    lines.add_argument(
        "--limit",
        type=_positive,
        help="a quick check: the first N MNIST digits and the first N amounts",
    )
    lines.add_argument(
        "--model-out",
        type=Path,
        default=DEFAULT_LINE_MODEL,
        help="where to save the line reader (.keras)",
    )
    lines.add_argument(
        "--dev",
        action="store_true",
        help="to choose settings: train on amounts 0000-0799 only, then read 0800-0899",
    )
    lines.add_argument("--quiet", action="store_true", help="no line per epoch")
    lines.set_defaults(run=_train_lines, recipe="lines", command="train-lines")


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """--help with each option's default, but none where there is none to show."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default is None or action.default is False:
            return action.help
        return super()._get_help_string(action)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return value


def _train(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    _require_full_install("train", ("tensorflow", "keras", "matplotlib"))
    if args.model_out.suffix != ".keras":
        raise DigitsError(f"{args.model_out}: --model-out must end in .keras")
    if not args.no_figures and args.figures.exists() and not args.figures.is_dir():
        raise DigitsError(f"{args.figures}: --figures must be a folder")

    from digits.config import RECIPES, with_options

    try:
        config = with_options(
            RECIPES[args.recipe],
            epochs=getattr(args, "epochs", None),
            batch_size=getattr(args, "batch_size", None),
            learning_rate=getattr(args, "learning_rate", None),
            augment=getattr(args, "augment", None),
            seed=args.seed,
        )
    except ValueError as error:
        raise DigitsError(f"--recipe {args.recipe}: {error}") from None
    if config.handwriting:
        _check_handwriting_folders(args, f"--recipe {args.recipe}")

    from digits.data import load_mnist, scale_pixels

    (x_train, y_train), (x_test, y_test) = load_mnist(args.data_dir)
    x_train, y_train = x_train[: args.limit], y_train[: args.limit]
    if config.validation_size >= len(x_train):
        config = with_options(config, validation_size=len(x_train) // 10)
    handwriting = None
    if config.handwriting:
        from digits.handwriting import reader_training_set

        real = reader_training_set(args.cvl_dir, args.amounts_dir, args.limit)
        handwriting = (real.images, real.labels)
        if not args.quiet:
            sources = real.sources.items()
            parts = ", ".join(f"{name} {stop - start}" for name, (start, stop) in sources)
            print(f"real handwriting: {parts} digits, {config.handwriting} copies an epoch")

    from digits.training import train

    if not args.quiet:
        print(f"training: {config.describe()}")
    train_started = time.perf_counter()
    model, history = train(
        x_train, y_train, config, verbose=0 if args.quiet else 1, handwriting=handwriting
    )
    train_seconds = time.perf_counter() - train_started

    _use_agg()
    from digits.evaluate import evaluate_model
    from digits.model import save_model
    from digits.plots import save_figures

    x_test = scale_pixels(x_test)
    evaluation = evaluate_model(model, x_test, y_test)
    save_model(model, args.model_out)
    print(f"training time: {train_seconds:.1f} s")
    if args.no_figures:
        print(f"saved {args.model_out}")
    else:
        saved = save_figures(history, x_test, evaluation, args.figures)
        print(f"saved {args.model_out} and {len(saved)} figures in {args.figures}/")
    print(f"test loss: {evaluation.loss:.4f}")
    print(f"test accuracy: {evaluation.accuracy:.4f}")
    if not args.quiet:
        print(f"total time: {time.perf_counter() - started:.1f} s")
    return 0


def _train_lines(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    _require_full_install("train-lines", ("tensorflow", "keras"))
    if args.model_out.suffix != ".keras":
        raise DigitsError(f"{args.model_out}: --model-out must end in .keras")
    if args.real_copies < 0:
        raise DigitsError(f"--real-copies must be 0 or more, got {args.real_copies}")
    _check_handwriting_folders(args, "train-lines")
    from digits.config import LineConfig
    from digits.data import load_mnist
    from digits.line_training import (
        DEV_AMOUNTS,
        composed_test_accuracy,
        dev_lines,
        load_sources,
        read_lines,
        train_line_reader,
    )

    config = LineConfig(
        epochs=args.epochs,
        composed=args.composed,
        real_copies=args.real_copies,
        batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        seed=args.seed,
    )
    (x_train, y_train), (x_test, y_test) = load_mnist(args.data_dir)
    stop = DEV_AMOUNTS[0] if args.dev else None
    sources = load_sources(
        (x_train, y_train),
        args.cvl_dir,
        args.amounts_dir,
        args.limit,
        **({"stop": stop} if stop else {}),
    )
    if not args.quiet:
        sizes = ", ".join(f"{name} {len(pool)}" for name, pool in sources.named_pools())
        print(f"digits to compose lines of: {sizes}")
        last = (stop or 900) - 1
        print(f"real lines: {len(sources.real[1])} amounts (0000-{last:04d})")
    log = (lambda line: None) if args.quiet else (lambda line: print(line, flush=True))
    train_started = time.perf_counter()
    model, _ = train_line_reader(config, sources, log)
    train_seconds = time.perf_counter() - train_started

    from digits.model import save_model

    save_model(model, args.model_out)
    exact = composed_test_accuracy(model, x_test, y_test, seed=args.seed)
    print(f"training time: {train_seconds:.1f} s")
    print(f"saved {args.model_out}")
    print(f"lines composed of MNIST test digits, read exactly: {exact:.4f}")
    if args.dev:
        lines, strings = dev_lines(args.amounts_dir)
        read = read_lines(model, lines)
        right = sum(got == text for got, text in zip(read, strings, strict=True))
        print(
            f"dev amounts {DEV_AMOUNTS[0]:04d}-{DEV_AMOUNTS[1] - 1:04d} (kept out of training), "
            f"read exactly: {right}/{len(strings)} ({right / max(len(strings), 1):.4f})"
        )
    if not args.quiet:
        print(f"total time: {time.perf_counter() - started:.1f} s")
    return 0


def _check_handwriting_folders(args: argparse.Namespace, command: str) -> None:
    """The folders of real handwriting `command` learns from, checked before anything slow
    starts."""
    from digits.handwriting import BOXES, CVL_TRAIN, folder_from_env

    args.cvl_dir = args.cvl_dir or folder_from_env("CVL_DIR")
    args.amounts_dir = args.amounts_dir or folder_from_env("REALNUMBERS_DIR")
    for option, variable, folder, needed in (
        ("--cvl-dir", "CVL_DIR", args.cvl_dir, CVL_TRAIN),
        ("--amounts-dir", "REALNUMBERS_DIR", args.amounts_dir, BOXES),
    ):
        if folder is None:
            raise DigitsError(
                f"{command} learns from real handwriting: give {option} or set {variable}"
            )
        if not (folder / needed).is_file():
            raise DigitsError(f"{folder / needed}: no such file ({option})")


def _predict(args: argparse.Namespace) -> int:
    if args.figure and (args.figure.suffix != ".png" or args.figure.is_dir()):
        raise DigitsError(f"{args.figure}: --figure must be a .png file")
    if args.number:
        return _predict_numbers(args)
    if args.figure:
        _require_full_install("predict --figure", ("matplotlib",))
    import numpy as np

    # The shipped reader runs on ONNX Runtime; a model of the user's, through Keras.
    model = None if args.model == READER else _load_model(args.model)
    paths, failed = _image_paths(args.images), 0
    shown = {}  # path -> ((28, 28) digit, its probabilities), for --figure
    # The workers start before this process loads the reader, and work while it does.
    with _prepared(_load_digit, paths, args.jobs, PARALLEL_DIGITS) as prepared:
        from digits.runtime import digit_reader

        reader = digit_reader(model)
        for batch in _batches(prepared, PREDICT_BATCH):
            loaded = []
            for path, digit, error in batch:
                if error is not None:
                    print(f"error: {error}", file=sys.stderr)
                    failed += 1
                else:
                    loaded.append((path, digit))
            if loaded:
                inputs = np.stack([digit for _, digit in loaded])
                for (path, digit), odds in zip(loaded, reader.probabilities(inputs), strict=True):
                    print(f"{path}: {_describe(int(odds.argmax()), odds)}")
                    if args.figure:
                        shown[path] = (digit, odds)
    if shown:
        inputs = np.stack([digit for digit, _ in shown.values()])
        probabilities = np.stack([odds for _, odds in shown.values()])
        _save_own_figure(list(shown), inputs, probabilities, args.figure)
    return 1 if failed else 0


def _predict_numbers(args: argparse.Namespace) -> int:
    """`predict --number`: print `IMAGE: 2026` per image; bad images as one-line errors.
    Numbers are read by the line reader: the one that ships, or --model's (through Keras,
    in this process)."""
    if args.figure:
        raise DigitsError(f"{args.figure}: --figure shows single digits; not with --number")
    paths, failed = _image_paths(args.images), 0
    if args.model != READER:
        check_model_file(args.model)
        from digits.line_reader import load_line_reader

        reader = load_line_reader(args.model)
        read = functools.partial(_read_number, reader=reader)
        jobs = 1  # a Keras model stays in this process
    else:
        read, jobs = _read_number, args.jobs
    with _prepared(read, paths, jobs, PARALLEL_NUMBERS) as results:
        for path, number, error in results:
            if error is not None:
                print(f"error: {error}", file=sys.stderr)
                failed += 1
            else:
                print(f"{path}: {' '.join(number.splitlines())}")  # lines: space apart
    return 1 if failed else 0


def _image_paths(arguments: list[Path]) -> list[Path]:
    """The pictures named: a folder stands for its picture files, by name."""
    paths = []
    for argument in arguments:
        if argument.is_dir():
            try:
                inside = sorted(p for p in argument.iterdir() if p.suffix.lower() in PICTURES)
            except OSError as error:
                raise DigitsError(f"{argument}: cannot list it ({error.strerror})") from None
            if not inside:
                raise DigitsError(f"{argument}: no pictures in this folder")
            paths += inside
        else:
            paths.append(argument)
    return paths


def _load_digit(path: Path) -> tuple[Path, np.ndarray | None, str | None]:
    """(path, (28, 28) float32 digit or None, error message or None): one picture made
    ready for the reader, in whichever process runs it."""
    from digits.images import load_digit_image

    try:
        return path, load_digit_image(path), None
    except DigitsError as error:
        return path, None, str(error)


def _read_number(path: Path, reader=None) -> tuple[Path, str | None, str | None]:
    """(path, the number read or None, error message or None)."""
    from digits.reading import read_number

    try:
        return path, read_number(path, reader), None
    except DigitsError as error:
        return path, None, str(error)


@contextlib.contextmanager
def _prepared(work, paths: list[Path], jobs: int, worth: int):
    """An iterator of work(path) for each path, in input order: from `worth` pictures on,
    in up to `jobs` worker processes started at once; else in this process, as it is
    iterated. Leaving the block, however early (an error, Ctrl-C), stops the workers.

    Workers are started fresh (spawn), as on macOS and Windows, so they never inherit a
    half-held lock of this process, and they leave Ctrl-C to it: no traceback from each.
    """
    jobs = min(jobs, MAX_WORKERS) if len(paths) >= worth else 1
    if jobs < 2:
        yield map(work, paths)
        return
    import concurrent.futures
    import multiprocessing

    pool = concurrent.futures.ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_leave_interrupts
    )
    try:
        yield pool.map(work, paths, chunksize=max(1, min(32, len(paths) // (jobs * 8))))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _leave_interrupts() -> None:
    """In a worker: Ctrl-C is for the main process, which stops the workers."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _batches(items, size: int):
    """Lists of up to `size` items, in order."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load_model(path: Path):
    """The model at `path`, loaded in safe mode. The path is checked first, so a mistyped
    one is refused at once rather than after three seconds of importing TensorFlow."""
    check_model_file(path)
    from digits.model import load_model

    return load_model(path)  # a file Keras cannot load: one line naming it


def _describe(digit: int, probabilities) -> str:
    """'7 (98.1%)', and the runner-up when the model is unsure: '7 (61.0%, else 1 30.2%)'."""
    text = f"{digit} ({probabilities[digit]:.1%}"
    if probabilities[digit] < 0.9:
        runner_up = int(probabilities.argsort()[-2])
        text += f", else {runner_up} {probabilities[runner_up]:.1%}"
    return text + ")"


def _needs_full_install(command: str, missing: str) -> str:
    return (
        f"digits {command} needs the full install ({missing} is missing): "
        "pip install -r requirements.txt"
    )


def _require_full_install(command: str, modules: tuple[str, ...]) -> None:
    """DigitsError at once, before any data is read, when the reading install (no
    TensorFlow) is asked to train or export."""
    import importlib.util

    for name in modules:
        if importlib.util.find_spec(name) is None:
            raise DigitsError(_needs_full_install(command, name))


def _export(args: argparse.Namespace) -> int:
    """Write ONNX models: --model's, or both shipped readers (each from its .keras file)."""
    if args.out is not None and args.model is None:
        raise DigitsError(f"{args.out}: --out needs --model (the shipped readers go beside theirs)")
    if args.model is not None:
        check_model_file(args.model)
    _require_full_install("export", ("tensorflow", "keras", "onnx", "tf2onnx"))
    from digits.export import SHIPPED, export_onnx

    sources = {args.model: args.out} if args.model is not None else SHIPPED
    for source, target in sources.items():
        print(f"saved {export_onnx(source, target)} (from {source})")
    return 0


def _use_agg() -> None:
    """matplotlib draws into files here: the command line never opens a window."""
    import matplotlib

    matplotlib.use("Agg")


def _save_own_figure(paths: list[Path], inputs, probabilities, figure: Path) -> None:
    _use_agg()
    import matplotlib.pyplot as plt

    from digits.images import read_picture
    from digits.plots import plot_own_digits, save_figure

    fig = plot_own_digits(
        [read_picture(path) for path in paths], inputs, probabilities, [p.name for p in paths]
    )
    save_figure(fig, figure)
    plt.close(fig)
    print(f"saved {figure}")


def _serve(args: argparse.Namespace) -> int:
    # The shipped reader runs on ONNX Runtime; a model of the user's, through Keras.
    model = None if args.model == READER else _load_model(args.model)
    from digits.serve import is_loopback, run_server

    def ready(url: str) -> None:
        if not is_loopback(args.host):
            print(
                f"warning: listening on {args.host}, not only this machine: anyone who can "
                "reach it on the network can use the pad",
                file=sys.stderr,
            )
        print(f"serving the drawing pad at {url} (Ctrl-C to stop)", flush=True)

    # Ctrl-C is how a server is meant to stop: it has shut down by then; no traceback.
    with contextlib.suppress(KeyboardInterrupt):
        run_server(model, args.host, args.port, on_ready=ready)
    print("stopped")
    return 0
