"""Entry point of the ``skmlkit`` command: parsing and error reporting only."""

import argparse
import sys

from .._version import __version__
from ..exceptions import ClusterError
from . import _datasets, _demo, _mnist, _segment, _serve
from ._errors import as_cli_message

# Each subcommand module has ``add_parser(subparsers)``, which registers the
# subcommand and sets ``func`` (the callable that does the work) on it.
SUBCOMMANDS = [_demo, _datasets, _mnist, _segment, _serve]

# Errors raised on purpose for bad input (scikit-learn's convention:
# ValueError, InvalidParameterError among them) and unreadable or missing
# files: one line, no traceback. Anything else, a TypeError or KeyError from
# inside the package say, is a bug and keeps its traceback.
# A Dask cluster that could not finish a run says why in one line as well.
USER_ERRORS = (ValueError, OSError, ClusterError)


def build_parser():
    """Return the argument parser of the ``skmlkit`` command."""
    parser = argparse.ArgumentParser(
        prog="skmlkit",
        description="scikit-learn estimators for neural digit classification "
        "and automatic K-Means customer segmentation.",
    )
    parser.add_argument("--version", action="version", version=f"skmlkit {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show full tracebacks on errors"
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.add_parser(subparsers)
    return parser


def main(argv=None):
    """Run the ``skmlkit`` command and return its exit status."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    # Lists of files may continue after options ("predict --number a.png
    # b.png"): argparse leaves such files over; commands that take them say
    # so with ``trailing_files``.
    files = [arg for arg in extra if not arg.startswith("-")]
    if extra and (files != extra or not getattr(args, "trailing_files", None)):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if files:
        setattr(
            args, args.trailing_files, [*getattr(args, args.trailing_files), *files]
        )
    if not hasattr(args, "func"):
        parser.print_help()
        return 0
    try:
        return args.func(args) or 0
    except KeyboardInterrupt as exc:
        detail = f": {exc}" if str(exc) else ""
        print(f"skmlkit: interrupted{detail}", file=sys.stderr)
        return 130
    except USER_ERRORS as exc:
        if args.debug:
            raise
        lines = str(exc).strip().splitlines() or [type(exc).__name__]
        more = " (run with --debug for details)" if len(lines) > 1 else ""
        print(f"skmlkit: error: {as_cli_message(lines[0])}{more}", file=sys.stderr)
        return 1
