"""``skmlkit mnist train|evaluate`` and ``skmlkit predict``."""

import argparse

from ..images import NORMALIZATION_STEPS
from ..neural_network._architectures import ARCHITECTURE_NAMES
from ..neural_network._presets import DEFAULT_PRESET, PRESETS
from ._arguments import add_data_home, add_quiet, add_random_state


def add_parser(subparsers):
    """Register the ``mnist`` and ``predict`` subcommands."""
    mnist = subparsers.add_parser(
        "mnist",
        help="train or evaluate a digit classifier on MNIST",
        description="Train or evaluate an MNISTClassifier on MNIST from the data home.",
    )
    jobs = mnist.add_subparsers(title="jobs", metavar="JOB", required=True)

    train = jobs.add_parser(
        "train",
        help="train a preset, report test accuracy, "
        "save the model and a confusion matrix",
    )
    train.add_argument(
        "--preset",
        choices=list(PRESETS),
        default=DEFAULT_PRESET,
        help="parameter set (default: %(default)s, trained for digit files "
        "that are not MNIST's)",
    )
    train.add_argument(
        "--architecture",
        choices=list(ARCHITECTURE_NAMES),
        help="override the preset's architecture",
    )
    train.add_argument("--epochs", type=int, help="override the preset's epochs")
    train.add_argument(
        "--train-size",
        type=int,
        help="train on a stratified subset of this many images",
    )
    train.add_argument(
        "--test-size",
        type=int,
        help="evaluate on a stratified subset of this many images",
    )
    train.add_argument(
        "--output",
        "-o",
        default="mnist.skmlkit",
        help="model file to write (default: %(default)s)",
    )
    train.add_argument(
        "--confusion-matrix",
        metavar="PNG",
        help="confusion-matrix image (default: next to the model)",
    )
    add_random_state(train)
    add_data_home(train)
    add_quiet(train)
    train.set_defaults(func=run_train)

    evaluate = jobs.add_parser("evaluate", help="score a saved model on MNIST test")
    evaluate.add_argument(
        "model",
        nargs="?",
        help="model file written by 'mnist train' (default: the model packaged "
        "with skmlkit)",
    )
    evaluate.add_argument("--test-size", type=int)
    evaluate.add_argument("--confusion-matrix", metavar="PNG")
    add_data_home(evaluate)
    add_quiet(evaluate, "no per-class report")
    evaluate.set_defaults(func=run_evaluate)

    predict = subparsers.add_parser(
        "predict",
        help="predict the digits in image files with a saved model",
        description="Read each image (any size, colour or grayscale, dark or "
        "light ink), normalise it like MNIST and print one line per file: the "
        "predicted digit with its probability, or '?' and the reason when the "
        "model abstains or the file is blank or unreadable (the exit status "
        "stays 0).",
    )
    # Two positionals, not one list, so that options may come between them
    # ("predict model.skmlkit --number house.png").
    predict.add_argument(
        "first",
        metavar="[MODEL.skmlkit]",
        help="a model file written by 'mnist train', recognised by its "
        ".skmlkit suffix (default: the model packaged with skmlkit)",
    )
    predict.add_argument(
        "images", nargs="*", metavar="IMAGE", help="image files (PNG, JPEG, ...)"
    )
    predict.add_argument(
        "--tta",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="average the predictions of 5 slightly moved copies of each image "
        "(default: as the model was trained; on for the robust preset)",
    )
    predict.add_argument(
        "--abstain",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="print '?' and the reason where the model is not sure or the "
        "picture does not look like a digit (default: on); --no-abstain "
        "prints the best guess for every readable picture",
    )
    predict.add_argument(
        "--number",
        action="store_true",
        help="read each picture as a number of several digits, left to right",
    )
    predict.add_argument(
        "--show",
        metavar="PNG",
        help="write a picture of each file, the 28x28 image the model saw and "
        "its top-3 probabilities",
    )
    for step in NORMALIZATION_STEPS:
        predict.add_argument(
            f"--{step.replace('_', '-')}",
            action=argparse.BooleanOptionalAction,
            default=None,
            help=f"switch the {step!r} normalisation step on or off "
            "(default: as skmlkit.images.normalize_digit)",
        )
    predict.set_defaults(func=run_predict, trailing_files="images")


def run_train(args):
    """Train, print accuracy, save the model and the confusion matrix."""
    from .._workflows.mnist import train_and_save

    overrides = {}
    if args.architecture:
        overrides["architecture"] = args.architecture
    if args.epochs is not None:
        overrides["max_epochs"] = args.epochs
    train_and_save(
        preset=args.preset,
        output=args.output,
        confusion_matrix=args.confusion_matrix,
        train_size=args.train_size,
        test_size=args.test_size,
        data_home=args.data_home,
        random_state=args.random_state,
        verbose=0 if args.quiet else 1,
        **overrides,
    )
    return 0


def run_evaluate(args):
    """Score a saved model on the MNIST test set."""
    from .._workflows.mnist import evaluate_saved_model

    evaluate_saved_model(
        args.model,
        test_size=args.test_size,
        confusion_matrix=args.confusion_matrix,
        data_home=args.data_home,
        verbose=0 if args.quiet else 1,
    )
    return 0


def run_predict(args):
    """Print the predicted digit and its probability for each image."""
    from .._workflows.reading import predict_image_files

    steps = {
        step: getattr(args, step)
        for step in NORMALIZATION_STEPS
        if getattr(args, step) is not None
    }
    if args.number and (args.show or steps):
        raise ValueError(
            "--number reads whole numbers with its own splitting; --show and "
            "the normalisation switches apply to single digits."
        )
    model, images = None, [args.first, *args.images]
    if images[0].lower().endswith(".skmlkit"):
        model, images = images[0], images[1:]
    if not images:
        raise ValueError("Give at least one image file after the model file.")
    predict_image_files(
        model,
        images,
        tta=args.tta,
        abstain=args.abstain,
        number=args.number,
        show=args.show,
        **steps,
    )
    return 0
