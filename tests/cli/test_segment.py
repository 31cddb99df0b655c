import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from skmlkit.cli import main
from skmlkit.cluster import segment_customers

OUTPUTS = [
    "labels.csv",
    "profile.csv",
    "k_scores.csv",
    "k_selection.png",
    "silhouette.png",
    "profile.png",
]


def test_segment_mall_customers(mall_csv, tmp_path, capsys):
    out = tmp_path / "mall"
    csv = mall_csv
    assert (
        main(
            [
                "segment",
                str(csv),
                "--columns",
                "Annual Income (k$)",
                "Spending Score (1-100)",
                "--index-col",
                "CustomerID",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "5 segments" in text
    for name in OUTPUTS:
        assert (out / name).is_file(), name
    labels = pd.read_csv(out / "labels.csv", index_col="CustomerID")
    assert len(labels) == 200 and labels["segment"].nunique() == 5
    profile = pd.read_csv(out / "profile.csv", index_col="segment")
    assert profile["size"].sum() == 200


def test_segment_embedded_default(tmp_path, capsys):
    out = tmp_path / "default"
    assert main(["segment", "--out", str(out), "--k-max", "8"]) == 0
    text = capsys.readouterr().out
    assert "synthetic customers" in text and "segment 0:" in text
    assert all((out / name).is_file() for name in OUTPUTS)


SPENDING = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]


def _segment_labels(csv, out, *options):
    argv = ["segment", str(csv), "--columns", *SPENDING, "--k-max", "6"]
    argv += ["--method", "silhouette"]
    assert main([*argv, *options, "--out", str(out)]) == 0
    return pd.read_csv(out / "labels.csv", index_col=0)["segment"].to_numpy()


@pytest.mark.parametrize(
    ("options", "log", "scale"),
    [
        ((), False, "standard"),
        (("--log",), True, "standard"),
        (("--log", "--scale", "minmax"), True, "minmax"),
        (("--scale", "none"), False, "none"),
    ],
)
def test_segment_options_reach_the_pipeline(
    wholesale_csv, tmp_path, capsys, options, log, scale
):
    labels = _segment_labels(wholesale_csv, tmp_path / "out", *options)
    frame = pd.read_csv(wholesale_csv)[SPENDING]
    expected = segment_customers(
        frame,
        log=log,
        scale=scale,
        k_range=range(2, 7),
        method="silhouette",
        random_state=0,
    )
    np.testing.assert_array_equal(labels, expected.labels.to_numpy())
    steps = [type(step).__name__ for step in expected.pipeline[:-1]]
    assert ("FunctionTransformer" in steps) == log
    assert capsys.readouterr().out.count("segments (method='silhouette'") == 1


def test_segment_log_changes_the_segments(wholesale_csv, tmp_path):
    plain = _segment_labels(wholesale_csv, tmp_path / "plain")
    logged = _segment_labels(wholesale_csv, tmp_path / "log", "--log")
    assert adjusted_rand_score(plain, logged) < 0.9  # heavy tails: log matters


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["segment", "{tmp}/missing.csv"], "No such CSV file"),
        (["segment", "{csv}", "--columns", "Income"], "not found"),
        (["segment", "{csv}", "--columns", "Channel"], "not numeric"),
        (["segment", "--k-min", "6", "--k-max", "3"], "--k-min 6 is larger"),
    ],
)
def test_segment_user_errors(wholesale_csv, tmp_path, capsys, argv, message):
    csv = tmp_path / "customers.csv"
    frame = pd.read_csv(wholesale_csv)
    frame["Channel"] = frame["Channel"].map({1: "Horeca", 2: "Retail"})
    frame.to_csv(csv, index=False)
    argv = [a.format(tmp=tmp_path, csv=csv) for a in argv]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("skmlkit: error:") and message in err
    assert "\n" not in err
