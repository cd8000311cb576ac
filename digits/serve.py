"""The drawing pad: a small web app that reads a digit while it is drawn.

    python -m digits serve          # then open http://127.0.0.1:8000/

`GET /` serves the page from digits/static/ (its script and style sheet too; nothing
comes from elsewhere). `POST /predict` takes an image file's bytes as the body, with an
image Content-Type, and answers JSON: the digit, the ten probabilities and the 28x28
image the model saw, as a PNG data URL. Bad input gets a 4xx and `{"error": "..."}`.
Nothing is written to disk.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from digits.errors import DigitsError
from digits.machine import usable_cores
from digits.runtime import digit_reader

if TYPE_CHECKING:  # the model type only: importing Keras here would load TensorFlow
    from keras import Model

MAX_BODY = 10 * 1024 * 1024  # bytes; a phone photo is 2-6 MB
STATIC = Path(__file__).with_name("static")  # shipped as package data
DEFAULT_NAME = "upload"

# The page needs nothing from elsewhere; say so to the browser, so a page changed by
# mistake to fetch from a CDN fails here as it would offline.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
        b"base-uri 'none'; form-action 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class DigitReader:
    """Image bytes -> the digit, its probabilities and the 28x28 the model saw.

    model: None, the shipped reader on ONNX Runtime; or a Keras model, traced before any
    request (digits.runtime.TracedModel). Either way requests in many threads share it.
    """

    def __init__(self, model: Model | None = None) -> None:
        self._model = digit_reader(model)
        # A decoded 64-megapixel picture takes hundreds of MB on its way to grey: as many
        # at once as there are usable cores (at most 4), the others wait their turn instead
        # of piling up in memory.
        self._slots = threading.BoundedSemaphore(min(usable_cores(), 4))

    def probabilities(self, digits: np.ndarray) -> np.ndarray:
        """(n, 28, 28) float32 in [0, 1] -> (n, 10) float64, through the reading model."""
        return self._model.probabilities(digits)

    def read(self, data: bytes, name: str = DEFAULT_NAME) -> dict:
        """{"digit": int, "probabilities": 10 floats, "image": PNG data URL of the 28x28}.

        Raises DigitsError naming `name` for an empty, unreadable or blank image.
        """
        from digits.images import decode_image, read_digit

        with self._slots:
            digit = read_digit(decode_image(data, name), name)  # (28, 28) float32 in [0, 1]
        return self._model.read(digit).answer()


def create_app(model: Model | None = None) -> Starlette:
    """The web app around `model`: a Keras model reading (n, 28, 28) float32, or None for
    the shipped reader on ONNX Runtime (no TensorFlow)."""
    app = Starlette(
        routes=[
            Route("/predict", _predict, methods=["POST"]),
            # StaticFiles normalises the path and refuses anything outside its folder.
            Mount("/", StaticFiles(directory=str(STATIC), html=True)),
        ],
        middleware=[Middleware(_SecurityHeaders)],
    )
    app.state.reader = DigitReader(model)
    return app


class _SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every response."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(Exception):
    pass


async def _predict(request: Request) -> JSONResponse:
    name = _upload_name(request.query_params.get("name"))
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not kind.startswith("image/"):
        return _error(
            415,
            f"{name}: Content-Type {kind or 'missing'} is not an image; "
            "send the file's bytes as image/png, image/jpeg, ...",
        )
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY:
        return _error(413, f"{name}: {int(length):,} bytes is over the {MAX_BODY:,} byte limit")
    try:
        data = await _read_body(request)
    except _TooLarge:
        return _error(413, f"{name}: over the {MAX_BODY:,} byte limit")
    except ClientDisconnect:
        return _error(400, f"{name}: the upload was cut off")
    try:
        answer = await run_in_threadpool(request.app.state.reader.read, data, name)
    except DigitsError as error:
        return _error(400, str(error))
    return JSONResponse(answer)


async def _read_body(request: Request) -> bytes:
    """The body, counted while it streams in: a lying or missing Content-Length cannot
    make us hold more than MAX_BODY bytes."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _upload_name(name: str | None) -> str:
    """The file name the page sends along, made safe to put in a one-line message."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    return name[:80] or DEFAULT_NAME


def _error(status: int, message: str) -> JSONResponse:
    headers = {"connection": "close"} if status == 413 else None  # the rest stays unread
    return JSONResponse({"error": message.splitlines()[0]}, status_code=status, headers=headers)


def is_loopback(host: str) -> bool:
    """True when `host` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """A TCP socket listening on host:port (port 0: any free port). DigitsError if refused."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        # IPPROTO_TCP said outright: asyncio turns Nagle's algorithm off only on sockets
        # that say so, and with it on every response waits 40 ms for a delayed ACK.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    except OSError as error:
        raise DigitsError(f"{host}: cannot listen there ({error.strerror or error})") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)  # connections queue from now on, before the server loop starts
    except OSError as error:
        sock.close()
        raise DigitsError(f"{host}:{port}: cannot listen ({error.strerror or error})") from None
    return sock


def address(sock: socket.socket) -> str:
    """The http://host:port/ URL a bound socket answers at."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _server(app: Starlette):
    import uvicorn

    # log_config=None leaves the process's logging alone (a notebook's, say); uvicorn's
    # own warnings and errors still reach stderr through Python's last-resort handler.
    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=3,
        # Each request may hold a 10 MB body: past this many at once, new ones get 503
        # rather than memory.
        limit_concurrency=32,
    )
    return uvicorn.Server(config)


def run_server(
    model: Model | None = None, host: str = "127.0.0.1", port: int = 8000, on_ready=None
) -> None:
    """Serve the pad in this thread until Ctrl-C (KeyboardInterrupt is raised after a
    graceful shutdown). `on_ready(url)` is called once the socket is bound."""
    app = create_app(model)
    sock = listen(host, port)
    if on_ready is not None:
        on_ready(address(sock))
    try:
        _server(app).run(sockets=[sock])
    finally:
        sock.close()


@dataclass
class BackgroundServer:
    """The pad served from a background thread: open `.url`, then call `.stop()`."""

    url: str
    _server: object = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _socket: socket.socket = field(repr=False)

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the requests under way, close the socket, end the thread."""
        self._server.should_exit = True
        self._thread.join(timeout)
        self._socket.close()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def __enter__(self) -> BackgroundServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def serve_in_background(
    model: Model | None = None, host: str = "127.0.0.1", port: int = 0, timeout: float = 30.0
) -> BackgroundServer:
    """Start the drawing pad for `model` (None: the shipped reader) in a daemon thread;
    return once it answers.

    port=0 picks a free port; the handle's `.url` says which. Call `.stop()` when done
    (or use it in a `with` block); the thread never keeps the process alive.
    """
    app = create_app(model)
    sock = listen(host, port)
    url = address(sock)
    server = _server(app)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="digits-pad", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise DigitsError(f"{url}: the server did not start")
        time.sleep(0.01)
    return BackgroundServer(url, server, thread, sock)
