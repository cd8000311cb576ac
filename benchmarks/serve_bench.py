"""Serving benchmark: POST /predict end to end, through a real server on the loopback.

    python -m benchmarks.serve_bench --model models/digits.keras
    python -m benchmarks.bench --serve      # the same, after the recipes, on their model

Prints the median latency of one request (HTTP, decode, picture pipeline, model, JSON)
for a 280x280 canvas drawing and for phone photos, with the picture pipeline's share;
then requests per second with 8 clients at once; then one model call, eager against the
traced function the server uses.
"""

from __future__ import annotations

import argparse
import http.client
import io
import socket
import statistics
import threading
import time
from contextlib import closing
from pathlib import Path

import numpy as np
from PIL import Image

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def pictures() -> dict[str, tuple[bytes, str]]:
    """name -> (file bytes, Content-Type): a canvas drawing and phone photos."""
    photo = Image.open(EXAMPLES / "photo_7.jpg").resize((4032, 3024), Image.Resampling.BICUBIC)
    # A phone camera's 12 megapixels with its sensor noise, JPEG as the phone saves it.
    noise = np.random.default_rng(0).normal(0, 3, (3024, 4032, 1))
    pixels = np.clip(np.asarray(photo, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=90)
    return {
        "canvas 280x280 PNG": ((EXAMPLES / "canvas_5.png").read_bytes(), "image/png"),
        "photo 640x480 JPEG": ((EXAMPLES / "photo_7.jpg").read_bytes(), "image/jpeg"),
        "photo 4032x3024 JPEG": (buffer.getvalue(), "image/jpeg"),
    }


def connect(host: str, port: int) -> http.client.HTTPConnection:
    """A keep-alive connection with Nagle's algorithm off, as browsers have it."""
    connection = http.client.HTTPConnection(host, port, timeout=120)
    connection.connect()
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection


def post(
    connection: http.client.HTTPConnection, body: bytes, content_type: str, status: int = 200
) -> None:
    connection.request("POST", "/predict", body=body, headers={"Content-Type": content_type})
    response = connection.getresponse()
    answer = response.read()
    if response.status != status:
        raise RuntimeError(f"POST /predict answered {response.status}: {answer[:200]!r}")


def median_ms(action, repeat: int) -> float:
    action()  # warm: first-call costs are not what a user waits for on every stroke
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def requests_per_second(host: str, port: int, body: bytes, kind: str, clients: int, each: int):
    errors: list[Exception] = []

    def client() -> None:
        connection = connect(host, port)
        try:
            for _ in range(each):
                post(connection, body, kind)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} of {clients} clients failed: {errors[0]}")
    return clients * each / seconds


def run(model, repeat: int = 30, clients: int = 8) -> None:
    """Serve `model` in the background and print the serving timings."""
    from digits.images import decode_image, normalise_digit, to_grey
    from digits.serve import DigitReader, serve_in_background

    server = serve_in_background(model)
    host, port = server.url.split("//")[1].rstrip("/").rsplit(":", 1)
    try:
        print(f"serving: POST /predict end to end over HTTP, median of {repeat} (keep-alive):")
        for name, (body, kind) in pictures().items():
            # A fresh connection each: the server closes one left idle for 5 s.
            with closing(connect(host, int(port))) as connection:
                total = median_ms(lambda c=connection, b=body, k=kind: post(c, b, k), repeat)
            pipeline = median_ms(
                lambda body=body: normalise_digit(to_grey(decode_image(body))), repeat
            )
            print(
                f"  {name:<22} {len(body) / 1e6:5.2f} MB  {total:7.1f} ms"
                f"  (picture pipeline {pipeline:.1f} ms)"
            )
        canvas, kind = pictures()["canvas 280x280 PNG"]
        with closing(connect(host, int(port))) as connection:
            # Refused for its Content-Type before any decoding: HTTP, routing and JSON alone.
            bare = median_ms(lambda: post(connection, canvas, "text/plain", 415), repeat)
        print(f"  {'the server alone (a 415)':<33}{bare:7.1f} ms")
        rate = requests_per_second(host, int(port), canvas, kind, clients, max(2, repeat // 4))
        print(f"  {clients} clients at once, canvas PNG: {rate:.1f} requests/s, no errors")
    finally:
        server.stop()
    one = np.zeros((1, 28, 28), np.float32)
    reader = DigitReader(model)
    eager = median_ms(lambda: np.asarray(model(one, training=False)), 200)
    traced = median_ms(lambda: reader.probabilities(one), 200)
    print(f"  one model call: eager {eager:.2f} ms, traced (as served) {traced:.2f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.serve_bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--model", type=Path, default=Path("models/digits.keras"))
    parser.add_argument("--repeat", type=int, default=30, help="requests per median")
    args = parser.parse_args(argv)
    from digits.model import load_model

    run(load_model(args.model), repeat=args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
