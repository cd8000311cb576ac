"""Benchmark of reading without TensorFlow: whole `digits` processes, start to answer.

    python -m benchmarks.reading                 # with MNIST_DIR set
    python -m benchmarks.reading --install       # also build the reading install, size it

It prints, each beside its target: the median wall time of `digits predict
examples/photo_7.jpg`, start to exit; of `digits serve`, start to its first answer (both
with the reading install's python under --install, else with this one); the
pictures per second of one `digits predict` over a folder of 280x280 canvas PNGs (MNIST
test digits, examples/synth.py), against the same folder read the way predict read before
it ran on ONNX Runtime (Keras, one process: `--model digits/reader.keras --jobs 1`), with
the answers compared; and, with --install, the size on disk of a fresh venv holding the
reading install (`pip install .`, the lock's versions).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PHOTO = ROOT / "examples" / "photo_7.jpg"
CANVAS = ROOT / "examples" / "canvas_5.png"
KERAS_READER = ROOT / "digits" / "reader.keras"
AT_MOST = {"predict": 0.6, "serve": 1.5, "install": 400.0}  # seconds, seconds, MB
AT_LEAST_SPEEDUP = 1.6  # pictures per second, against Keras in one process
SERVING = re.compile(r"serving the drawing pad at (\S+)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.reading", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--repeat", type=int, default=7, help="runs of each timed command")
    parser.add_argument("--pictures", type=int, default=1000, help="canvas PNGs in the folder")
    parser.add_argument("--data-dir", type=Path, help="MNIST folder (default: $MNIST_DIR)")
    parser.add_argument(
        "--install", action="store_true", help="also build the reading install and size it"
    )
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        python = Path(sys.executable)
        if args.install:
            python = reading_install(Path(folder))
            install_size(Path(folder) / "venv")
        print(f"python: {python}")
        # Run from elsewhere than the project folder, so that `python -m digits` imports
        # the installed package, not the checkout's.
        predict_time(python, args.repeat, Path(folder))
        serve_time(python, args.repeat, Path(folder))
    folder_speed(args.pictures, args.data_dir, max(1, args.repeat // 2))
    return 0


def verdict(value: float, target: float, at_most: bool = True) -> str:
    met = value <= target if at_most else value >= target
    sign = "<=" if at_most else ">="
    return f"  [target {sign} {target:g}: {'met' if met else 'NOT met'}]"


def digits_command(*arguments: str, python: Path | str = sys.executable) -> list[str]:
    return [str(python), "-m", "digits", *arguments]


def predict_time(python: Path, repeat: int, cwd: Path) -> float:
    """Median seconds of `digits predict examples/photo_7.jpg`, start to exit."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            digits_command("predict", str(PHOTO), python=python),
            check=True,
            capture_output=True,
            cwd=cwd,
        )
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(
        f"digits predict {PHOTO.name}: {median:.2f} s median of {repeat} (start to exit)"
        + verdict(median, AT_MOST["predict"])
    )
    return median


def serve_time(python: Path, repeat: int, cwd: Path) -> float:
    """Median seconds from starting `digits serve --port 0` to its first answer."""
    import urllib.request

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        server = subprocess.Popen(
            digits_command("serve", "--port", "0", python=python),
            stdout=subprocess.PIPE,
            text=True,
            cwd=cwd,
        )
        try:
            url = SERVING.search(server.stdout.readline()).group(1)
            request = urllib.request.Request(
                url + "predict", data=CANVAS.read_bytes(), headers={"Content-Type": "image/png"}
            )
            with urllib.request.urlopen(request, timeout=30) as answer:
                answer.read()
            times.append(time.perf_counter() - started)
        finally:
            server.terminate()
            server.wait(30)
    median = statistics.median(times)
    print(
        f"digits serve: first answer {median:.2f} s after start, median of {repeat}"
        + verdict(median, AT_MOST["serve"])
    )
    return median


def folder_speed(count: int, data_dir: Path | None, repeat: int) -> float:
    """Pictures per second of one `digits predict FOLDER` over `count` canvas PNGs (the
    median of `repeat` runs), and against Keras in one process; the answers compared."""
    from digits.data import load_mnist, scale_pixels
    from examples import synth

    _, (x_test, _) = load_mnist(data_dir)
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as folder:
        for index, digit in enumerate(scale_pixels(x_test[:count])):
            synth.render_canvas(digit, rng).save(Path(folder) / f"{index:05d}.png")
        runs = {
            "Keras, one process (as before ONNX)": ("--model", str(KERAS_READER), "--jobs", "1"),
            "ONNX Runtime, one process": ("--jobs", "1"),
            "ONNX Runtime, the default": (),
        }
        times, answers = {name: [] for name in runs}, {}
        for _ in range(repeat):  # taken in turn, so the machine's drift falls on each alike
            for name, options in runs.items():
                started = time.perf_counter()
                done = subprocess.run(
                    digits_command("predict", folder, *options),
                    check=True,
                    capture_output=True,
                    text=True,
                )
                times[name].append(time.perf_counter() - started)
                answers[name] = [x.split(": ")[1].split()[0] for x in done.stdout.splitlines()]
        rates = {name: count / statistics.median(taken) for name, taken in times.items()}
    before = "Keras, one process (as before ONNX)"
    print(
        f"digits predict over a folder of {count} 280x280 canvas PNGs, start to exit, "
        f"median of {repeat}:"
    )
    for name, rate in rates.items():
        same = sum(a == b for a, b in zip(answers[name], answers[before], strict=True))
        line = f"  {name:<36} {rate:7.1f} pictures/s, {same}/{count} answers as Keras'"
        if name == "ONNX Runtime, the default":
            line += f"; {rate / rates[before]:.2f}x" + verdict(
                rate / rates[before], AT_LEAST_SPEEDUP, at_most=False
            )
        print(line)
    return rates["ONNX Runtime, the default"] / rates[before]


def reading_install(folder: Path) -> Path:
    """A fresh venv in `folder` with the reading install (`pip install .` of a copy of the
    package, the lock's versions); returns its python."""
    source = folder / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "digits", source / "digits", ignore=shutil.ignore_patterns("__pycache__")
    )
    lock = (ROOT / "requirements.lock").read_text().splitlines()
    constraints = folder / "constraints.txt"  # the lock's pins; it also says `-e .`
    constraints.write_text("\n".join(x for x in lock if "==" in x and not x.startswith("#")))
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run(  # CalledProcessError on failure, pip's output in it
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        + ["-c", str(constraints), str(source)],
        check=True,
        capture_output=True,
        text=True,
    )
    return python


def install_size(venv: Path) -> float:
    """MB on disk of a venv (the reading install)."""
    files = (p for p in venv.rglob("*") if p.is_file() and not p.is_symlink())
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    print(
        f"the reading install (pip install .): {megabytes:.0f} MB in a fresh venv, "
        "no TensorFlow" + verdict(megabytes, AT_MOST["install"])
    )
    return megabytes


if __name__ == "__main__":
    sys.exit(main())
