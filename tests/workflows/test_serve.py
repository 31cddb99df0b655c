"""``skmlkit serve``: the JSON API, its limits, memory, and the page in a real browser.

The server runs as ``skmlkit serve`` in a subprocess on 127.0.0.1. The
browser test drives Debian's Chromium through Selenium and chromedriver
(``.ci/run`` installs them); in CI a missing browser is a failure, elsewhere
a skip that says why.
"""

import http.client
import io
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
MAX_UPLOAD_MB = 1


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("content-type"), response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server(robust_model):
    _, model = robust_model
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "skmlkit",
            "serve",
            str(model),
            "--port",
            str(port),
            "--max-upload-mb",
            str(MAX_UPLOAD_MB),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            if _request(port, "GET", "/api/health")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"skmlkit serve did not start: {process.stdout.read()}")
        time.sleep(0.3)
    yield process, port
    process.terminate()
    process.wait(timeout=30)


def _png(draw=None, size=(120, 120)):
    picture = Image.new("RGB", size, "white")
    if draw:
        draw(ImageDraw.Draw(picture))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def _seven(pen):
    pen.line([(25, 20), (95, 20), (50, 105)], fill="black", width=10)


def test_page_is_self_contained(server):
    _, port = server
    status, kind, body = _request(port, "GET", "/")
    page = body.decode()
    assert status == 200 and kind.startswith("text/html")
    assert "<canvas" in page and "/api/read" in page
    assert "http://" not in page and "https://" not in page  # no CDN
    assert "src=" not in page  # no external script or image


def test_read_returns_answer_top3_and_what_the_model_saw(server):
    _, port = server
    status, kind, body = _request(port, "POST", "/api/read", _png(_seven))
    result = json.loads(body)
    assert status == 200 and kind == "application/json"
    assert result["answer"] == "7" and not result["rejected"]
    assert next(item["label"] for item in result["top"]) == "7"
    assert len(result["top"]) == 3
    assert len(result["seen"]) == 28 and len(result["seen"][0]) == 28


@pytest.mark.parametrize(
    ("body", "headers", "status", "message"),
    [
        (b"", {}, 400, "Empty"),
        (b"%PDF-1.4 not an image", {}, 415, "not a format"),
        (_png(), {}, 422, "blank"),
        (b"x" * (MAX_UPLOAD_MB * 2**20 + 1), {}, 413, "larger than"),
        (b"x", {"Content-Length": "99999999999"}, 413, "larger than"),
    ],
)
def test_bad_requests_get_json_4xx(server, body, headers, status, message):
    _, port = server
    got, kind, answer = _request(port, "POST", "/api/read", body, headers)
    assert got == status and kind == "application/json"
    assert message in json.loads(answer)["error"]
    assert _request(port, "GET", "/api/health")[0] == 200  # still serving


def test_unknown_routes_are_json(server):
    _, port = server
    assert _request(port, "GET", "/nope")[:2] == (404, "application/json")
    assert _request(port, "GET", "/api/read")[:2] == (405, "application/json")


def _resident_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.one_env
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_two_thousand_requests_keep_memory_flat(server):
    process, port = server
    digit, bad, blank = _png(_seven, (60, 60)), b"\x89PNG broken", _png(size=(40, 40))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def send(body):
        connection.request("POST", "/api/read", body=body)
        response = connection.getresponse()
        response.read()
        return response.status

    for _ in range(100):  # warm up: allocator pools, torch's caches
        send(digit)
    before = _resident_mb(process.pid)
    # One digit in eight: every request path is exercised; the loop stays short.
    bodies = (digit, bad, blank, bad, blank, bad, blank, bad)
    statuses = [send(bodies[i % 8]) for i in range(2000)]
    after = _resident_mb(process.pid)
    connection.close()
    assert statuses.count(200) == 250
    assert set(statuses) == {200, 415, 422}
    print(f"resident memory {before:.1f} -> {after:.1f} MB over 2,000 requests")
    assert after - before < 50, f"resident memory grew {after - before:.1f} MB"


def _browser():
    """A headless Chromium driven by Selenium, or a skip/fail saying why."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not (binary and driver_path):
        message = "needs Debian's chromium and chromium-driver (apt-get install)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: .ci/run installs them")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=900,700",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(driver_path), options=options)


# Stroke paths on the 280 x 280 pad: (x, y) points of each pen stroke.
DRAWINGS = {
    "7": [[(70, 60), (210, 60), (120, 240)]],
    "4": [[(110, 40), (80, 160), (200, 160)], [(170, 80), (170, 250)]],
}


@pytest.mark.one_env
def test_draw_two_digits_and_upload_in_a_browser(server, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _, port = server
    driver = _browser()
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        driver.get(f"http://127.0.0.1:{port}/")
        pad = driver.find_element(By.ID, "pad")

        def answer():
            WebDriverWait(driver, 30).until(
                lambda d: (
                    d.find_element(By.TAG_NAME, "body").get_attribute("data-state")
                    == "done"
                )
            )
            driver.execute_script("document.body.dataset.state = ''")
            return driver.find_element(By.ID, "answer").text

        for label, strokes in DRAWINGS.items():
            driver.find_element(By.ID, "clear").click()
            chain = ActionChains(driver)
            for stroke in strokes:
                x, y = stroke[0]
                chain.move_to_element_with_offset(pad, x - 140, y - 140)
                chain.click_and_hold()
                for (xa, ya), (xb, yb) in itertools.pairwise(stroke):
                    for step in range(1, 9):
                        chain.move_to_element_with_offset(
                            pad,
                            xa + (xb - xa) * step / 8 - 140,
                            ya + (yb - ya) * step / 8 - 140,
                        )
                chain.release()
            chain.perform()  # the page reads the pad 0.7 s after the last stroke
            assert answer() == label
            rows = driver.find_elements(By.CSS_SELECTOR, "#top tr")
            assert len(rows) == 3 and rows[0].text.startswith(label)
            driver.save_screenshot(str(ARTIFACTS / f"serve_drawn_{label}.png"))
        upload = tmp_path / "seven.png"
        upload.write_bytes(_png(_seven))
        driver.find_element(By.ID, "file").send_keys(str(upload))
        assert answer() == "7"
        driver.save_screenshot(str(ARTIFACTS / "serve_upload.png"))
        driver.find_element(By.ID, "clear").click()
        driver.find_element(By.ID, "read").click()  # an empty pad
        assert "empty" in driver.find_element(By.ID, "error").text
        driver.save_screenshot(str(ARTIFACTS / "serve_empty_pad.png"))
    finally:
        driver.quit()


def test_serve_help_needs_no_web_dependencies():
    code = (
        "import sys; sys.modules['starlette'] = None; sys.modules['uvicorn'] = None\n"
        "from skmlkit.cli import main\n"
        "try:\n"
        "    main(['serve', '--help'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0\n"
        "assert main(['serve', 'missing.skmlkit']) == 1\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "--host" in result.stdout and "127.0.0.1" in result.stdout
    assert "skmlkit[serve]" in result.stderr
