"""The Display contract: from_estimator = from_predictions, plot(ax=), figure_/ax_,
and the deprecated plot_* functions that still draw the same, with a warning."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmlkit import AutoKMeans
from skmlkit.cluster import segment_profile
from skmlkit.plotting import (
    KSelectionDisplay,
    SegmentProfileDisplay,
    SegmentRadarDisplay,
    SegmentSizesDisplay,
    SilhouetteDisplay,
    SnakeDisplay,
    plot_k_selection,
    plot_segment_profile,
    plot_segment_radar,
    plot_segment_sizes,
    plot_silhouette,
    plot_snake,
)


@pytest.fixture(scope="module")
def fitted():
    X, _ = make_blobs(n_samples=240, n_features=3, centers=3, random_state=0)
    X = X * [1, 10, 100] + 50
    pipeline = make_pipeline(
        StandardScaler(), AutoKMeans(k_range=range(2, 5), random_state=0)
    ).fit(X)
    return X, pipeline


def _drawn(display):
    """What a Display drew: lines, patches, images and tick labels of ax_."""
    ax = display.ax_
    return (
        [
            np.round(np.asarray(line.get_ydata(), float), 9).tolist()
            for line in ax.get_lines()
        ],
        [
            np.round(p.get_patch_transform().transform(p.get_path().vertices), 6)
            .sum()
            .tolist()
            for p in ax.patches
        ],
        [t.get_text() for t in ax.get_yticklabels()],
        [c.get_paths()[0].vertices.sum().round(6) for c in ax.collections],
    )


@pytest.mark.parametrize(
    "Display",
    [SegmentProfileDisplay, SegmentRadarDisplay, SegmentSizesDisplay, SnakeDisplay],
)
def test_from_estimator_equals_from_predictions(fitted, Display):
    X, pipeline = fitted
    by_model = Display.from_estimator(pipeline, X)
    by_labels = Display.from_predictions(X, pipeline.predict(X))
    assert _drawn(by_model) == _drawn(by_labels)
    assert by_model.figure_ is by_model.ax_.figure
    plt.close("all")


def test_silhouettes_of_a_pipeline_are_in_its_own_space(fitted):
    X, pipeline = fitted
    by_model = SilhouetteDisplay.from_estimator(pipeline, X)
    Xt = pipeline[:-1].transform(X)
    by_labels = SilhouetteDisplay.from_predictions(Xt, pipeline.predict(X))
    np.testing.assert_allclose(by_model.values, by_labels.values)
    raw = SilhouetteDisplay.from_predictions(X, pipeline.predict(X))
    assert not np.allclose(raw.values, by_model.values)  # scaling matters
    plt.close("all")


@pytest.mark.parametrize(
    "draw",
    [
        lambda X, p, ax: SilhouetteDisplay.from_estimator(p, X, ax=ax),
        lambda X, p, ax: SnakeDisplay.from_estimator(p, X, ax=ax),
        lambda X, p, ax: SegmentProfileDisplay.from_estimator(p, X, ax=ax),
        lambda X, p, ax: SegmentSizesDisplay.from_estimator(p, X, ax=ax),
    ],
)
def test_plot_draws_on_the_given_axes(fitted, draw):
    X, pipeline = fitted
    figure, (left, right) = plt.subplots(1, 2)
    display = draw(X, pipeline, right)
    assert display.ax_ is right and display.figure_ is figure
    assert right.has_data() and not left.has_data()
    plt.close(figure)


def test_radar_needs_polar_axes_and_k_selection_enough_panels(fitted):
    X, pipeline = fitted
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="polar"):
        SegmentRadarDisplay.from_estimator(pipeline, X, ax=ax)
    polar = plt.figure().add_subplot(projection="polar")
    assert SegmentRadarDisplay.from_estimator(pipeline, X, ax=polar).ax_ is polar
    _, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="2 panels for 7 criteria"):
        KSelectionDisplay.from_estimator(pipeline[-1], axes=axes)
    display = KSelectionDisplay.from_estimator(
        pipeline[-1], criteria=["silhouette", "gap"], axes=axes
    )
    assert list(display.axes_) == list(axes)
    plt.close("all")


@pytest.mark.parametrize(
    ("old", "display", "kind"),
    [
        (lambda X, p, prof: plot_k_selection(p[-1]), "KSelectionDisplay", "figure"),
        (
            lambda X, p, prof: plot_silhouette(X, p.predict(X)),
            "SilhouetteDisplay",
            "axes",
        ),
        (
            lambda X, p, prof: plot_segment_profile(prof),
            "SegmentProfileDisplay",
            "axes",
        ),
        (lambda X, p, prof: plot_snake(X, p.predict(X)), "SnakeDisplay", "axes"),
        (lambda X, p, prof: plot_segment_radar(prof), "SegmentRadarDisplay", "axes"),
        (lambda X, p, prof: plot_segment_sizes(prof), "SegmentSizesDisplay", "axes"),
    ],
)
def test_plot_functions_warn_and_still_draw(fitted, old, display, kind):
    X, pipeline = fitted
    profile = segment_profile(X, pipeline)
    with pytest.warns(FutureWarning, match=f"deprecated.*0.3.*{display}"):
        drawn = old(X, pipeline, profile)
    expected = matplotlib.figure.Figure if kind == "figure" else matplotlib.axes.Axes
    assert isinstance(drawn, expected)
    ax = drawn.axes[0] if kind == "figure" else drawn
    assert ax.has_data()
    plt.close("all")
