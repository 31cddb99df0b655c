"""Arguments shared by several subcommands."""

from ..datasets._home import DATA_HOME_ENV


def add_data_home(parser):
    """Add ``--data-home``."""
    parser.add_argument(
        "--data-home",
        default=None,
        help=f"data home (default: ${DATA_HOME_ENV} or ~/skmlkit_data)",
    )


def add_quiet(parser, what="no epoch table"):
    """Add ``--quiet`` / ``-q``."""
    parser.add_argument("--quiet", "-q", action="store_true", help=what)


def add_random_state(parser):
    """Add ``--random-state`` (default 0: runs are reproducible)."""
    parser.add_argument(
        "--random-state", type=int, default=0, help="seed (default: %(default)s)"
    )
