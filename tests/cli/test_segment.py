import pandas as pd
import pytest

from skmlkit.cli import main

OUTPUTS = [
    "labels.csv",
    "profile.csv",
    "k_scores.csv",
    "k_selection.png",
    "silhouette.png",
    "profile.png",
]


def test_segment_mall_customers(data_home, tmp_path, capsys):
    out = tmp_path / "mall"
    csv = data_home / "customers" / "mall_customers.csv"
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


def test_segment_log_and_wholesale(data_home, tmp_path, capsys):
    csv = data_home / "customers" / "wholesale_customers.csv"
    columns = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]
    assert (
        main(
            [
                "segment",
                str(csv),
                "--columns",
                *columns,
                "--log",
                "--method",
                "silhouette",
                "--out",
                str(tmp_path / "w"),
            ]
        )
        == 0
    )
    assert "segments (method='silhouette'" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["segment", "{tmp}/missing.csv"], "No such CSV file"),
        (["segment", "{csv}", "--columns", "Income"], "not found"),
        (["segment", "{csv}", "--columns", "Genre"], "not numeric"),
        (["segment", "--k-min", "6", "--k-max", "3"], "--k-min 6 is larger"),
    ],
)
def test_segment_user_errors(data_home, tmp_path, capsys, argv, message):
    csv = data_home / "customers" / "mall_customers.csv"
    argv = [a.format(tmp=tmp_path, csv=csv) for a in argv]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("skmlkit: error:") and message in err
    assert "\n" not in err
