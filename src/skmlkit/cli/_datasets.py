"""``skmlkit datasets``: what the data home holds."""

from ._arguments import add_data_home


def add_parser(subparsers):
    """Register the ``datasets`` subcommand."""
    parser = subparsers.add_parser(
        "datasets",
        help="list the data home and the data sets it holds",
        description="List the data home and, for each known data file, its size "
        "and whether its checksum verifies.",
    )
    add_data_home(parser)
    parser.set_defaults(func=run)


def run(args):
    """Print the data home status table; exit 1 if a file is corrupt."""
    from .._workflows.datasets import report_data_home

    return report_data_home(args.data_home)
