"""The drawing pad's web app: the page, POST /predict, bad input, concurrency, the CLI."""

import asyncio
import base64
import io
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from starlette.requests import Request
from starlette.testclient import TestClient

from digits import machine, serve
from digits.images import decode_image, normalise_digit, to_grey
from digits.model import build_model, save_model

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CANVAS = (EXAMPLES / "canvas_5.png").read_bytes()


@pytest.fixture(scope="module")
def model():
    return build_model()  # untrained: the answers' form, not their truth, is tested here


@pytest.fixture(scope="module")
def client(model):
    with TestClient(serve.create_app(model)) as client:
        yield client


@pytest.fixture(scope="module")
def background(model):
    with serve.serve_in_background(model) as server:
        yield server


def post(client, data: bytes, content_type: str = "image/png", name: str | None = None):
    params = {"name": name} if name else None
    return client.post(
        "/predict", content=data, headers={"Content-Type": content_type}, params=params
    )


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def decode_data_url(url: str) -> np.ndarray:
    prefix = "data:image/png;base64,"
    assert url.startswith(prefix)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(url[len(prefix) :]))))


def test_page_has_the_pad_and_its_parts(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    for element in ("pad", "digit", "probabilities", "seen", "clear", "upload"):
        assert re.search(rf'id="{element}"', response.text), element
    assert '<canvas id="pad"' in response.text and 'type="file" id="upload"' in response.text


def test_page_fetches_nothing_from_elsewhere(client):
    page = client.get("/").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "app.js" in assets and "style.css" in assets
    for asset in ("app.js", "pad.js", "style.css"):
        response = client.get(f"/{asset}")
        assert response.status_code == 200
        text = response.text
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", text), asset
    assert not re.search(r"https?://", page)
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy


def test_predict_answers_digit_probabilities_and_the_28x28(client, model):
    response = post(client, CANVAS)
    assert response.status_code == 200
    answer = response.json()
    assert set(answer) == {"digit", "probabilities", "image"}
    probabilities = np.array(answer["probabilities"])
    assert probabilities.shape == (10,)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    assert answer["digit"] == int(probabilities.argmax())
    # The image is the pipeline's 28x28 and the probabilities are the model's for it.
    expected = normalise_digit(to_grey(decode_image(CANVAS, "canvas")))
    seen = decode_data_url(answer["image"])
    assert seen.shape == (28, 28) and seen.dtype == np.uint8
    np.testing.assert_allclose(seen / 255.0, expected, atol=1 / 255)
    direct = np.asarray(model(expected[None], training=False))[0]
    np.testing.assert_allclose(probabilities, direct, rtol=1e-4, atol=1e-6)


def bomb() -> bytes:
    return png(Image.new("1", (9000, 9000)))  # 81 megapixels in a few kilobytes


def blank() -> bytes:
    return png(Image.new("RGB", (280, 280), "white"))


BAD_INPUTS = {
    "empty": (b"", "image/png", 400, "empty"),
    "not an image": (b"just some text, no pixels", "image/png", 400, "not an image"),
    "truncated": (CANVAS[: len(CANVAS) // 2], "image/png", 400, "truncated"),
    "bomb": (bomb, "image/png", 400, "decompression bomb"),
    "text content type": (CANVAS, "text/plain", 415, "not an image"),
    "no content type": (CANVAS, "", 415, "missing"),
    "blank drawing": (blank, "image/png", 400, "no digit found"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_gets_a_one_line_error_and_the_server_keeps_serving(client, case):
    data, content_type, status, fragment = BAD_INPUTS[case]
    data = data() if callable(data) else data
    response = post(client, data, content_type, name="my file.png")
    assert response.status_code == status
    error = response.json()["error"]
    assert fragment in error and "\n" not in error
    assert error.startswith("my file.png: ")
    assert post(client, CANVAS).status_code == 200


def test_body_over_the_limit_is_refused_by_its_length(client):
    # The declared length alone decides: the 20 bytes sent are never read.
    response = client.post(
        "/predict",
        content=b"x" * 20,
        headers={"Content-Type": "image/png", "Content-Length": str(serve.MAX_BODY + 1)},
    )
    assert response.status_code == 413
    assert "limit" in response.json()["error"]
    assert post(client, CANVAS).status_code == 200


def test_body_over_the_limit_is_counted_while_it_streams():
    """Without a Content-Length the body is read chunk by chunk and refused past the limit."""
    chunk, total = b"\0" * (1 << 20), 50
    consumed = []

    async def receive():
        consumed.append(1)
        return {"type": "http.request", "body": chunk, "more_body": len(consumed) < total}

    request = Request({"type": "http", "method": "POST", "headers": []}, receive)
    with pytest.raises(serve._TooLarge):
        asyncio.run(serve._read_body(request))
    assert len(consumed) == serve.MAX_BODY // len(chunk) + 1  # stopped at the limit


def test_a_lying_length_is_answered_at_once_over_the_network(background):
    """A client announcing 20 MB gets 413 before sending them: nothing waits for the body."""
    host, port = background.url.split("//")[1].rstrip("/").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            b"POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
            b"Content-Length: 20000000\r\n\r\n" + b"\x89PNG"
        )
        reply = connection.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413")


@pytest.mark.parametrize(
    "path",
    [
        "/../serve.py",
        "/../../digits/serve.py",
        "/%2e%2e/serve.py",
        "/..%2fserve.py",
        "/static/../../serve.py",
        "//etc/passwd",
    ],
)
def test_nothing_outside_the_static_folder_is_served(background, path):
    host, port = background.url.split("//")[1].rstrip("/").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        reply = b""
        while data := connection.recv(65536):
            reply += data
    assert reply.startswith(b"HTTP/1.1 404"), reply[:100]
    assert b"import" not in reply and b"root:" not in reply


def test_eight_clients_at_once_get_the_answers_one_client_gets(client):
    pictures = [CANVAS] + [
        (EXAMPLES / name).read_bytes() for name in ("photo_2.jpg", "photo_4.jpg", "photo_7.jpg")
    ]
    expected = [post(client, data, "image/jpeg").json() for data in pictures]
    answers, errors = {}, []

    def ask(index: int) -> None:
        try:
            response = post(client, pictures[index % 4], "image/jpeg")
            answers[index] = (response.status_code, response.json())
        except Exception as error:  # noqa: BLE001 - collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert len(answers) == 8
    for index, (status, answer) in answers.items():
        assert status == 200
        assert answer["digit"] == expected[index % 4]["digit"]
        assert answer["image"] == expected[index % 4]["image"]
        np.testing.assert_allclose(
            answer["probabilities"], expected[index % 4]["probabilities"], rtol=1e-5
        )


def test_serving_writes_no_files(client, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    static = sorted(p.name for p in serve.STATIC.iterdir())
    for data in (CANVAS, b"", b"junk", blank()):
        post(client, data)
    client.get("/")
    assert list(tmp_path.iterdir()) == []
    assert sorted(p.name for p in serve.STATIC.iterdir()) == static


def test_background_server_answers_then_stops_and_frees_its_port(model):
    server = serve.serve_in_background(model, port=0)
    assert server.url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(server.url, timeout=10) as page:
        assert b'id="pad"' in page.read()
    request = urllib.request.Request(
        server.url + "predict", data=CANVAS, headers={"Content-Type": "image/png"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
    server.stop()
    assert not server.running
    port = int(server.url.rstrip("/").rsplit(":", 1)[1])
    serve.listen("127.0.0.1", port).close()  # the port is free again


def test_listening_socket_is_marked_tcp_so_replies_are_not_held_back():
    # asyncio disables Nagle's algorithm only on sockets marked IPPROTO_TCP; unmarked,
    # every answer would wait about 40 ms for a delayed ACK.
    sock = serve.listen("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_loopback_is_told_from_wider_addresses():
    assert serve.is_loopback("127.0.0.1") and serve.is_loopback("localhost")
    assert serve.is_loopback("::1")
    assert not serve.is_loopback("0.0.0.0") and not serve.is_loopback("192.168.1.10")


def run_cli(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "digits", "serve", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


@pytest.mark.parametrize("content", [None, b"not a zip"])
def test_serve_with_a_missing_or_bad_model_fails_in_one_line(tmp_path, content):
    path = tmp_path / "model.keras"
    if content is not None:
        path.write_bytes(content)
    result = run_cli("--model", str(path), "--port", "0")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "model.keras" in lines[0], result.stderr


def test_serve_prints_its_address_warns_when_wide_and_stops_on_ctrl_c(tmp_path, model):
    path = save_model(model, tmp_path / "model.keras")
    process = subprocess.Popen(
        [sys.executable, "-m", "digits", "serve", "--model", str(path)]
        + ["--host", "0.0.0.0", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        url = re.search(r"http://0\.0\.0\.0:(\d+)/", line)
        assert url, line
        with urllib.request.urlopen(f"http://127.0.0.1:{url[1]}/", timeout=10) as page:
            assert page.status == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Traceback" not in err
    assert "warning" in err and "0.0.0.0" in err
    assert "stopped" in out


@pytest.mark.integration
def test_a_trained_model_reads_the_example_pictures(trained):
    model, _ = trained
    with TestClient(serve.create_app(model)) as client:
        for name, digit in (("photo_7.jpg", 7), ("canvas_5.png", 5), ("photo_2.jpg", 2)):
            data = (EXAMPLES / name).read_bytes()
            content_type = "image/png" if name.endswith(".png") else "image/jpeg"
            answer = post(client, data, content_type, name=name).json()
            assert answer["digit"] == digit, (name, answer)
            assert max(answer["probabilities"]) > 0.5


def test_serving_benchmark_prints_its_timings(model, capsys):
    from benchmarks import serve_bench

    serve_bench.run(model, repeat=1, clients=2)
    lines = capsys.readouterr().out.splitlines()
    timed = [line.split()[0] for line in lines if re.search(r"\d ms  \(picture pipeline", line)]
    assert timed == ["canvas", "photo", "photo"]
    assert any(re.search(r"2 clients at once, .* [\d.]+ requests/s, no errors", x) for x in lines)
    assert any(re.search(r"eager [\d.]+ ms, traced .* [\d.]+ ms", line) for line in lines)


def test_usable_cores_without_sched_getaffinity(monkeypatch, model):
    # macOS and Windows have no os.sched_getaffinity: the count falls back to the machine's.
    assert machine.usable_cores() >= 1
    monkeypatch.delattr(machine.os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(machine.os, "cpu_count", lambda: 3)
    assert machine.usable_cores() == 3
    monkeypatch.setattr(machine.os, "cpu_count", lambda: None)  # "cannot tell"
    assert machine.usable_cores() == 1
    serve.DigitReader(model)  # and the reader starts without it
