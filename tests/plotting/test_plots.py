import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import make_blobs

from skmlkit import AutoKMeans
from skmlkit.cluster import segment_profile
from skmlkit.plotting import (
    KSelectionDisplay,
    SegmentProfileDisplay,
    SegmentRadarDisplay,
    SegmentSizesDisplay,
    SilhouetteDisplay,
    SnakeDisplay,
    plot_confusion_matrix,
    save_confusion_matrix,
)


def test_k_selection_marks_chosen_k():
    X, _ = make_blobs(n_samples=300, centers=3, random_state=0)
    model = AutoKMeans(random_state=0).fit(X)
    display = KSelectionDisplay.from_estimator(model)
    fig = display.figure_
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 7  # six criteria and the mixture BIC
    assert display.ax_ is visible[0]
    for ax in visible:
        dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
        assert dashed and dashed[0].get_xdata()[0] == model.n_clusters_
    assert "K=3" in fig._suptitle.get_text()
    plt.close(fig)


def test_silhouette_plot_has_one_band_per_cluster():
    X, _ = make_blobs(n_samples=300, centers=4, random_state=0)
    labels = AutoKMeans(random_state=0).fit_predict(X)
    ax = SilhouetteDisplay.from_predictions(X, labels, sample_size=200).ax_
    assert len(ax.collections) == 4
    plt.close(ax.figure)


def test_profile_heatmap_and_confusion_matrix(tmp_path):
    X, _ = make_blobs(n_samples=200, centers=3, random_state=0)
    profile = segment_profile(X + 10, AutoKMeans(random_state=0).fit_predict(X))
    ax = SegmentProfileDisplay(profile=profile).plot().ax_
    assert len(ax.get_yticklabels()) == 3
    assert "n=" in ax.get_yticklabels()[0].get_text()
    plt.close(ax.figure)
    figure = plot_confusion_matrix(np.arange(10) % 3, np.arange(10) % 2, title="t")
    ax = figure.axes[0]
    assert ax.get_title() == "t"
    # 3 true classes x 3 predicted labels (union of both label sets), in counts
    cells = [text.get_text() for text in ax.texts]
    assert len(cells) == 9 and sum(int(c) for c in cells) == 10
    plt.close(figure)


def test_save_confusion_matrix_is_deprecated_but_works(tmp_path):
    with pytest.warns(FutureWarning, match="plot_confusion_matrix"):
        path = save_confusion_matrix([0, 1, 1], [0, 1, 0], tmp_path / "cm.png")
    assert path.stat().st_size > 1000


def test_segment_displays_draw_what_they_promise():
    from skmlkit.cluster import name_segments
    from skmlkit.datasets import make_customers

    customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    profile = segment_profile(customers.data, customers.target)
    names = name_segments(profile)
    ax = SnakeDisplay.from_predictions(
        customers.data, customers.target, names=names
    ).ax_
    assert len(ax.get_lines()) == 3 + 1  # segments + the zero line
    assert ax.get_legend().get_texts()[0].get_text().startswith(f"{profile.index[0]}: ")
    radar = SegmentRadarDisplay(profile=profile, names=names).plot().ax_
    assert radar.name == "polar" and len(radar.get_lines()) == 3
    sizes = SegmentSizesDisplay(profile=profile, names=names).plot().ax_
    assert [round(p.get_width()) for p in sizes.patches] == profile["size"].tolist()
    heat = SegmentProfileDisplay(profile=profile, names=names).plot().ax_
    assert names.iloc[0] in heat.get_yticklabels()[0].get_text()
    with pytest.raises(ValueError, match="at least 3 features"):
        SegmentRadarDisplay(profile=profile).plot(features=["age", "annual_income"])
    with pytest.raises(ValueError, match="labels has 2 entries"):
        SnakeDisplay.from_predictions(customers.data, [0, 1])
    plt.close("all")
