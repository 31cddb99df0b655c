"""``skmlkit demo``: the main job, both halves of the package with a report."""

from ._arguments import add_data_home, add_quiet, add_random_state


def add_parser(subparsers):
    """Register the ``demo`` subcommand."""
    parser = subparsers.add_parser(
        "demo",
        help="train the default digit classifier and segment customers; "
        "write an HTML report",
        description="Train MNISTClassifier's 'robust' preset on MNIST from the data "
        "home (downloading it when online; scikit-learn's 8x8 digits when MNIST "
        "cannot be had), segment the customers of the CDNOW transaction log by "
        "RFM with AutoKMeans (a synthetic customer table when the data home "
        "lacks the log), and write a report folder with the plots.",
    )
    parser.add_argument(
        "--out",
        default="skmlkit_demo",
        metavar="DIR",
        help="report folder (default: %(default)s)",
    )
    add_data_home(parser)
    parser.add_argument(
        "--no-download",
        action="store_true",
        help="never download MNIST; fall back to the 8x8 digits",
    )
    parser.add_argument(
        "--train-size", type=int, help="train on a stratified MNIST subset of this size"
    )
    parser.add_argument(
        "--test-size",
        type=int,
        help="evaluate on a stratified MNIST subset of this size",
    )
    add_random_state(parser)
    add_quiet(parser, "no epoch table, only the step lines")
    parser.set_defaults(func=run)


def run(args):
    """Run the demo and print where the report is."""
    from .._workflows.demo import run_demo

    run_demo(
        args.out,
        data_home=args.data_home,
        download=not args.no_download,
        train_size=args.train_size,
        test_size=args.test_size,
        random_state=args.random_state,
        verbose=0 if args.quiet else 1,
        log=lambda line: print(line, flush=True),
    )
    return 0
