"""``skmlkit mnist train|evaluate`` and ``skmlkit predict``."""

from pathlib import Path

from ..datasets._home import DATA_HOME_ENV

PRESETS = ["fast", "default", "accurate", "mlp"]


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
    train.add_argument("--preset", choices=PRESETS, default="fast")
    train.add_argument(
        "--architecture",
        choices=["cnn", "deep_cnn", "mlp"],
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
    train.add_argument("--random-state", type=int, default=0)
    _common(train)
    train.set_defaults(func=run_train)

    evaluate = jobs.add_parser("evaluate", help="score a saved model on MNIST test")
    evaluate.add_argument("model", help="model file written by 'mnist train'")
    evaluate.add_argument("--test-size", type=int)
    evaluate.add_argument("--confusion-matrix", metavar="PNG")
    _common(evaluate)
    evaluate.set_defaults(func=run_evaluate)

    predict = subparsers.add_parser(
        "predict",
        help="predict the digits in image files with a saved model",
        description="Read each image (any size, colour or grayscale, dark or "
        "light ink), normalise it like MNIST and print the predicted digit "
        "with its probability.",
    )
    predict.add_argument("model", help="model file written by 'mnist train'")
    predict.add_argument("images", nargs="+", help="image files (PNG, JPEG, ...)")
    predict.set_defaults(func=run_predict)


def _common(parser):
    parser.add_argument(
        "--data-home", help=f"data home (default: ${DATA_HOME_ENV} or ~/skmlkit_data)"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no epoch table")


def run_train(args):
    """Train, print accuracy, save the model and the confusion matrix."""
    from ..neural_network._jobs import train_mnist
    from ..plotting import save_confusion_matrix

    overrides = {}
    if args.architecture:
        overrides["architecture"] = args.architecture
    if args.epochs is not None:
        overrides["max_epochs"] = args.epochs
    print(
        f"Training preset {args.preset!r} on MNIST"
        f"{f' ({args.train_size} images)' if args.train_size else ''}..."
    )
    result = train_mnist(
        preset=args.preset,
        train_size=args.train_size,
        test_size=args.test_size,
        data_home=args.data_home,
        random_state=args.random_state,
        verbose=0 if args.quiet else 1,
        **overrides,
    )
    output = Path(args.output)
    result["classifier"].save(output)
    figure = args.confusion_matrix or output.with_name(f"{output.stem}_confusion.png")
    save_confusion_matrix(
        result["y_test"],
        result["y_pred"],
        figure,
        title=f"MNIST test, accuracy {result['accuracy']:.2%}",
    )
    print(
        f"Trained in {result['train_seconds']:.1f} s; test accuracy "
        f"{result['accuracy']:.2%} on {len(result['y_test'])} images."
    )
    print(f"Model saved to {output}; confusion matrix saved to {figure}.")
    return 0


def run_evaluate(args):
    """Score a saved model on the MNIST test set."""
    from sklearn.metrics import classification_report

    from ..neural_network import MNISTClassifier
    from ..neural_network._jobs import load_mnist_subset
    from ..plotting import save_confusion_matrix

    classifier = MNISTClassifier.load(args.model)
    X_test, y_test = load_mnist_subset("test", args.test_size, data_home=args.data_home)
    y_pred = classifier.predict(X_test)
    accuracy = float((y_pred == y_test).mean())
    if not args.quiet:
        print(classification_report(y_test, y_pred, digits=4))
    print(f"Test accuracy: {accuracy:.2%} on {len(y_test)} images.")
    if args.confusion_matrix:
        save_confusion_matrix(
            y_test,
            y_pred,
            args.confusion_matrix,
            title=f"MNIST test, accuracy {accuracy:.2%}",
        )
        print(f"Confusion matrix saved to {args.confusion_matrix}.")
    return 0


def run_predict(args):
    """Print the predicted digit and its probability for each image."""
    from ..neural_network import MNISTClassifier
    from ..neural_network._jobs import predict_files

    classifier = MNISTClassifier.load(args.model)
    labels, probabilities = predict_files(classifier, args.images)
    width = max(len(str(path)) for path in args.images)
    for path, label, probability in zip(
        args.images, labels, probabilities, strict=True
    ):
        print(f"{path:<{width}}  {label}  (p={probability:.3f})")
    return 0
