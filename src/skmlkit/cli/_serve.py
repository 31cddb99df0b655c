"""``skmlkit serve``: the draw-a-digit page (web dependencies imported lazily)."""

import sys

from .._workflows.serve import DEFAULT_HOST, DEFAULT_PORT, MAX_UPLOAD_BYTES


def add_parser(subparsers):
    """Register the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="serve a page where you draw or upload a digit and see the model read it",
        description="Start a local web server with a page to draw a digit (mouse or "
        "finger) or upload an image, showing the prediction, the top-3 "
        "probabilities, the 28x28 image the model saw and 'not sure' when it "
        "abstains. JSON API: POST /api/read with the image file as the body. "
        "Needs the 'serve' extra (pip install 'skmlkit[serve]').",
    )
    parser.add_argument(
        "model",
        nargs="?",
        help="model file written by 'mnist train' (default: the model packaged "
        "with skmlkit)",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}"
    )
    parser.add_argument(
        "--max-upload-mb",
        type=float,
        default=MAX_UPLOAD_BYTES / 2**20,
        help="largest image accepted, in MiB (default: %(default)g)",
    )
    parser.set_defaults(func=run)


def run(args):
    """Serve until interrupted."""
    from .._workflows.serve import serve_model

    if not 0 < args.max_upload_mb <= 1024:
        raise ValueError(
            f"--max-upload-mb must be in (0, 1024], got {args.max_upload_mb}."
        )
    if not 0 <= args.port <= 65535:
        raise ValueError(f"--port must be in 0-65535, got {args.port}.")
    try:
        serve_model(
            args.model,
            host=args.host,
            port=args.port,
            max_upload_bytes=int(args.max_upload_mb * 2**20),
        )
    except ImportError as exc:
        print(f"skmlkit: error: {exc}", file=sys.stderr)
        return 1
    return 0
