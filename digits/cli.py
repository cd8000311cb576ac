"""The command line: `python -m digits train`, `predict` and `serve`.

Heavy modules (TensorFlow, matplotlib) are imported inside the commands, after the
options and input files have been checked, so `--help` and most mistakes answer at once.
Any DigitsError becomes one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from digits.errors import DigitsError
from digits.model_file import READER, check_model_file

DEFAULT_MODEL = Path("models/digits.keras")  # where `train` writes
DEFAULT_LINE_MODEL = Path("models/lines.keras")  # where `train-lines` writes
DEFAULT_FIGURES = Path("figures")
# `predict` and `serve` read with the model that ships inside the package unless told.
MODEL_HELP = "a .keras model; the default is the reader that ships with digits"


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
    import matplotlib

    matplotlib.use("Agg")  # the command line writes files; it never opens a window
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except DigitsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


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
    train.set_defaults(run=_train)

    _add_train_lines(commands)

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
    predict.set_defaults(run=_predict)

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
    serve.set_defaults(run=_serve)
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
    lines.set_defaults(run=_train_lines, recipe="lines")


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
    if args.number:
        return _predict_numbers(args)
    if args.figure and (args.figure.suffix != ".png" or args.figure.is_dir()):
        raise DigitsError(f"{args.figure}: --figure must be a .png file")
    model = _load_model(args.model)
    from digits.images import load_digit_image
    from digits.model import predict_digits

    loaded, failed = {}, 0
    for path in args.images:
        try:
            loaded[path] = load_digit_image(path)
        except DigitsError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
    if loaded:
        import numpy as np

        inputs = np.stack(list(loaded.values()))
        digits, probabilities = predict_digits(model, inputs)
        for path, digit, probs in zip(loaded, digits, probabilities, strict=True):
            print(f"{path}: {_describe(int(digit), probs)}")
        if args.figure:
            _save_own_figure(list(loaded), inputs, probabilities, args.figure)
    return 1 if failed else 0


def _predict_numbers(args: argparse.Namespace) -> int:
    """`predict --number`: print `IMAGE: 2026` per image; bad images as one-line errors.
    Numbers are read by the line reader: the one that ships, or --model's."""
    if args.figure:
        raise DigitsError(f"{args.figure}: --figure shows single digits; not with --number")
    reader = None
    if args.model != READER:
        check_model_file(args.model)
        from digits.line_reader import load_line_reader

        reader = load_line_reader(args.model)
    from digits.reading import read_number

    failed = 0
    for path in args.images:
        try:
            number = read_number(path, reader)
        except DigitsError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        print(f"{path}: {' '.join(number.splitlines())}")  # lines of writing: space apart
    return 1 if failed else 0


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


def _save_own_figure(paths: list[Path], inputs, probabilities, figure: Path) -> None:
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
    import contextlib

    model = _load_model(args.model)
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
