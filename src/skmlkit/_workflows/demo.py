"""The main job: both halves of the package on their defaults, with a report.

Trains the default MNISTClassifier preset on MNIST from the data home (or on
scikit-learn's bundled 8x8 digits when MNIST cannot be had), segments the
customers of the CDNOW transaction log by RFM (or, when the data home lacks it,
a synthetic customer table) with AutoKMeans, and writes a report folder.
"""

import html
import platform
import time
from datetime import datetime
from pathlib import Path

from sklearn.utils import Bunch

from .._version import __version__
from ..neural_network._presets import DEFAULT_PRESET
from ._files import render_template, save_figure
from .segment import summarize_segments

# The stand-in for MNIST has 1,347 8x8 training images: the default preset's
# epochs of 256-image batches would make few updates, so it trains longer on
# small batches, without augmentation (made for 28x28 digits) and so without
# test-time augmentation (which only helps models trained with it).
FALLBACK_PARAMS = {"max_epochs": 40, "batch_size": 64, "augment": None, "tta": False}


def run_demo(
    out_dir="skmlkit_demo",
    *,
    data_home=None,
    download=True,
    train_size=None,
    test_size=None,
    n_customers=1000,
    random_state=None,
    verbose=1,
    log=print,
):
    """Run the digit classifier and the customer segmentation; write a report.

    Parameters
    ----------
    out_dir : str or path-like, default="skmlkit_demo"
        Report folder, created if needed.
    data_home : str or path-like, default=None
        Data home holding MNIST; see :func:`skmlkit.datasets.get_data_home`.
    download : bool, default=True
        Download MNIST when it is not in the data home.
    train_size, test_size : int, default=None
        Stratified MNIST subsets (all 60,000 / 10,000 images if None).
    n_customers : int, default=1000
        Rows of the synthetic customer table used when the data home has no
        CDNOW log.
        Rows of the synthetic customer table.
    random_state : int, default=0
        Seed of every step.
    verbose : int, default=1
        1 prints the classifier's epoch table; 0 only the step lines.
    log : callable, default=print
        Receives each progress line.

    Returns
    -------
    result : :class:`~sklearn.utils.Bunch`
        ``digits`` (``"mnist"`` or ``"sklearn 8x8 digits"``), ``accuracy``,
        ``train_seconds``, ``n_segments``, ``report`` (path of ``index.html``)
        and ``files`` (every written file by role).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    log("[1/3] Digits: loading MNIST")
    digits = _load_digits(data_home, download, train_size, test_size, random_state, log)
    digit_files, digit_result = _classify_digits(
        digits, out, random_state, verbose, log
    )

    segmentation = _segment_customers(
        out / "segments", data_home, n_customers, random_state, log
    )
    summary = summarize_segments(segmentation)
    segment_files = dict(segmentation.files)
    segment_files["segment_report"] = segment_files.pop("report")

    log("[3/3] Report")
    files = {**digit_files, **segment_files}
    result = Bunch(
        digits=digits.name,
        accuracy=digit_result["accuracy"],
        train_seconds=digit_result["train_seconds"],
        n_segments=int(segmentation.model.n_clusters_),
        seconds=time.perf_counter() - start,
        files=files,
    )
    result.report = _write_report(out, result, digits, segmentation, summary)
    files["report"] = result.report
    log(f"      Done in {result.seconds:.0f} s. Open {result.report}")
    return result


def _segment_customers(out, data_home, n_customers, random_state, log):
    """RFM segments of the CDNOW log when the data home has it, else synthetic."""
    from ..datasets import fetch_cdnow, make_customers
    from .segment import segment_table, segment_transactions

    def indented(text):
        for line in str(text).splitlines():
            log(f"      {line}")

    try:
        fetch_cdnow(data_home=data_home, download_if_missing=False)
    except FileNotFoundError:
        log(
            "[2/3] Customers: NOTICE: the CDNOW transaction log is not in the data "
            "home; segmenting a synthetic customer table instead"
        )
        customers = make_customers(n_samples=n_customers, random_state=random_state)
        return segment_table(
            customers=customers.data,
            source=f"synthetic customers (make_customers, {n_customers} rows)",
            out_dir=out,
            random_state=random_state,
            log=indented,
        )
    log("[2/3] Customers: RFM segmentation of the CDNOW transaction log")
    return segment_transactions(
        data_home=data_home,
        download=False,
        out_dir=out,
        random_state=random_state,
        log=indented,
    )


def _load_digits(data_home, download, train_size, test_size, random_state, log):
    """MNIST from the data home, else the 8x8 digits as 28x28, with a notice."""
    import warnings

    from ..datasets import fetch_mnist_or_digits
    from ..exceptions import DataFallbackWarning
    from .mnist import check_subset_size

    # Checked first: the fallback must only stand in for unavailable data.
    check_subset_size(train_size)
    check_subset_size(test_size)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataFallbackWarning)  # logged below
        digits = fetch_mnist_or_digits(
            n_train=train_size,
            n_test=test_size,
            data_home=data_home,
            download_if_missing=download,
            random_state=random_state,
        )
    log(f"      {digits.description}")
    digits.params = {} if digits.is_mnist else FALLBACK_PARAMS
    return digits


def _classify_digits(digits, out, random_state, verbose, log):
    """Train the default preset, save the model and the digit figures."""
    from ..neural_network import MNISTClassifier
    from ..plotting import plot_misclassified_digits
    from .mnist import fit_and_score, write_confusion_matrix

    n_train = len(digits.y_train)
    log(f"      Training the {DEFAULT_PRESET!r} preset on {n_train} images...")
    classifier = MNISTClassifier.preset(
        DEFAULT_PRESET, random_state=random_state, verbose=verbose, **digits.params
    )
    result = fit_and_score(
        classifier, digits.X_train, digits.y_train, digits.X_test, digits.y_test
    )
    accuracy, y_pred = result["accuracy"], result["y_pred"]
    log(
        f"      Trained in {result['train_seconds']:.1f} s; test accuracy "
        f"{accuracy:.2%} on {len(digits.y_test)} {digits.name} images"
    )
    files = {
        "model": out / "digits.skmlkit",
        "confusion_matrix": out / "confusion_matrix.png",
        "misclassified": out / "misclassified.png",
    }
    classifier.save(files["model"])
    write_confusion_matrix(
        digits.y_test, y_pred, files["confusion_matrix"], data_name=digits.name
    )
    save_figure(
        plot_misclassified_digits(
            digits.X_test,
            digits.y_test,
            y_pred,
            proba=result["proba"].max(axis=1),
        ),
        files["misclassified"],
    )
    return files, result


def _write_report(out, result, digits, segmentation, summary):
    """Write ``index.html`` (plots linked by relative paths) and return its path."""
    links = {
        role: html.escape(path.relative_to(out).as_posix())
        for role, path in result.files.items()
    }
    notice = "" if digits.name == "mnist" else render_template("fallback_notice.html")
    page = render_template(
        "demo_report.html",
        css=render_template("report.css"),
        date=f"{datetime.now():%Y-%m-%d %H:%M}",
        version=html.escape(__version__),
        python=platform.python_version(),
        machine=html.escape(platform.machine()),
        seconds=f"{result.seconds:.0f}",
        notice=notice,
        digits=html.escape(digits.name),
        n_train=len(digits.y_train),
        n_test=len(digits.y_test),
        train_seconds=f"{result.train_seconds:.1f}",
        accuracy=f"{result.accuracy:.2%}",
        summary=html.escape(summary),
        segment_source=html.escape(segmentation.source),
        profile_table=segmentation.profile.round(2).to_html(border=0),
        **links,
    )
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
