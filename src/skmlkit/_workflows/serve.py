"""``skmlkit serve``: a local draw-a-digit page and a small JSON API around a model.

Starlette and uvicorn (the ``serve`` extra) are imported only when the
server is built. The page is one HTML file from ``templates/`` with its
script and styles inline: nothing is loaded from elsewhere.
"""

import html
import logging

import numpy as np

from ._files import render_template
from .reading import read_digits

# Largest request body accepted (bytes): a phone photo fits, a flood does not.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
logger = logging.getLogger(__name__)


class RequestError(Exception):
    """A bad request: answered with its status and message as JSON."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def make_app(classifier, *, max_upload_bytes=MAX_UPLOAD_BYTES, title="skmlkit"):
    """Return the Starlette application serving the page and the API.

    Parameters
    ----------
    classifier : MNISTClassifier
        A fitted classifier of 28 x 28 digits.
    max_upload_bytes : int, default=10 MiB
        Largest request body accepted; larger ones get a 413 answer.
    title : str, default="skmlkit"
        Shown in the page's title (e.g. the model file's name).

    Returns
    -------
    app : starlette.applications.Starlette
        Routes: ``GET /`` (the page), ``POST /api/read`` (image bytes in the
        body; answers JSON), ``GET /api/health``.
    """
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Route

    page = render_template(
        "draw.html",
        title=html.escape(title),
        max_upload_mb=f"{max_upload_bytes / 2**20:g}",
        max_upload_bytes=str(max_upload_bytes),
    )
    classes = classifier.classes_

    async def index(request):
        return HTMLResponse(page)

    async def health(request):
        return JSONResponse({"status": "ok", "classes": [str(c) for c in classes]})

    async def read(request):
        body = await _read_body(request, max_upload_bytes)
        reading = await run_in_threadpool(_read_one, classifier, body)
        return JSONResponse(_as_json(reading, classes))

    async def request_error(request, exc):
        return JSONResponse({"error": str(exc)}, status_code=exc.status)

    async def http_error(request, exc):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    async def server_error(request, exc):
        logger.exception("skmlkit serve: unexpected error", exc_info=exc)
        return JSONResponse({"error": "internal error"}, status_code=500)

    return Starlette(
        routes=[
            Route("/", index),
            Route("/api/health", health),
            Route("/api/read", read, methods=["POST"]),
        ],
        exception_handlers={
            RequestError: request_error,
            HTTPException: http_error,
            Exception: server_error,
        },
    )


async def _read_body(request, limit):
    """Return the request body; 413 beyond ``limit`` bytes, 400 when empty."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise RequestError(400, "Content-Length is not a number.")
        if int(declared) > limit:
            raise RequestError(413, _too_large(limit))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError(413, _too_large(limit))
        chunks.append(chunk)
    if not size:
        raise RequestError(400, "Empty request: send the image file as the body.")
    return b"".join(chunks)


def _too_large(limit):
    return f"The image is larger than the {limit / 2**20:g} MiB this server accepts."


def _read_one(classifier, body):
    """Read one picture; 415 if it is not an image, 422 if it shows nothing."""
    (reading,) = read_digits(classifier, [body], ["upload"])
    if reading.digit is None:
        reason = reading.reason
        if reason.startswith("blank"):
            raise RequestError(422, "The picture is blank: draw or upload a digit.")
        if reason.startswith("too large"):
            raise RequestError(413, reason)
        raise RequestError(415, reason)
    return reading


def _as_json(reading, classes):
    return {
        "answer": reading.answer,
        "rejected": reading.rejected,
        "reason": reading.reason,
        "top": [{"label": label, "p": p} for label, p in reading.top(classes, 3)],
        "seen": np.asarray(reading.digit, dtype=int).tolist(),
    }


def serve_model(
    model,
    *,
    host=DEFAULT_HOST,
    port=DEFAULT_PORT,
    max_upload_bytes=MAX_UPLOAD_BYTES,
    log=print,
):
    """``skmlkit serve``: load a model and serve the page until interrupted.

    ``model`` None serves the model packaged with skmlkit.
    """
    from pathlib import Path

    from ..utils._optional import import_optional
    from .models import PACKAGED, open_model

    uvicorn = import_optional("uvicorn")
    import_optional("starlette")
    classifier = open_model(model, log)
    title = "skmlkit's packaged model" if model is None else Path(model).name
    app = make_app(classifier, max_upload_bytes=max_upload_bytes, title=title)
    log(f"Serving {model or PACKAGED} on http://{host}:{port}/ (Ctrl-C stops).")
    uvicorn.run(app, host=host, port=port, log_level="warning")
