import numpy as np
import pandas as pd
import pytest

from skmlkit.datasets import (
    fetch_mall_customers,
    fetch_wholesale_customers,
    load_customers_csv,
    load_mall_customers,
    load_wholesale_customers,
    make_customers,
)
from skmlkit.exceptions import InvalidParameterError


def test_make_customers_shape_and_columns():
    bunch = make_customers(n_samples=500, n_segments=5, random_state=0)
    assert bunch.data.shape == (500, 7)
    assert list(bunch.data.columns) == bunch.feature_names
    assert bunch.target.shape == (500,)
    assert sorted(np.unique(bunch.target)) == [0, 1, 2, 3, 4]
    assert len(bunch.target_names) == 5
    assert bunch.frame["segment"].isin(bunch.target_names).all()
    assert bunch.data.index.name == "customer_id"
    assert not bunch.data.isna().any().any()


def test_make_customers_values_are_plausible():
    X, _ = make_customers(n_samples=2000, n_segments=8, random_state=1, return_X_y=True)
    assert X["age"].between(18, 90).all()
    assert X["spending_score"].between(1, 100).all()
    assert X["online_share"].between(0, 1).all()
    assert (X["recency_days"] >= 0).all() and (X["annual_income"] > 0).all()
    assert X["age"].dtype == np.int64


def test_make_customers_is_deterministic():
    a = make_customers(n_samples=300, random_state=42)
    b = make_customers(n_samples=300, random_state=42)
    c = make_customers(n_samples=300, random_state=43)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert not a.data.equals(c.data)


def test_make_customers_segments_are_unequal_and_separable():
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score
    from sklearn.preprocessing import StandardScaler

    X, y = make_customers(n_samples=1000, n_segments=5, random_state=0, return_X_y=True)
    counts = np.bincount(y)
    assert counts.max() > 2 * counts.min()
    labels = KMeans(5, n_init=10, random_state=0).fit_predict(
        StandardScaler().fit_transform(X)
    )
    assert adjusted_rand_score(y, labels) > 0.8


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_samples": 0}, InvalidParameterError, r"'n_samples' parameter"),
        ({"n_segments": 9}, InvalidParameterError, r"range \[1, 8\]"),
        ({"n_samples": 3, "n_segments": 5}, ValueError, "at least n_segments"),
        ({"n_samples": 10.5}, TypeError, r"'n_samples' parameter .* int"),
    ],
)
def test_make_customers_bad_parameters(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_customers(**kwargs)


def test_fetch_mall_customers(data_home):
    mall = fetch_mall_customers(data_home=data_home)
    assert mall.data.shape == (200, 3)
    assert mall.frame.shape == (200, 4)
    assert mall.frame.index.name == "CustomerID"
    assert set(mall.frame["Genre"]) == {"Male", "Female"}
    assert mall.data["Annual Income (k$)"].between(15, 137).all()


def test_fetch_mall_customers_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"mall_customers\.csv not found"):
        fetch_mall_customers(data_home=tmp_path)


def test_load_mall_customers_is_deprecated_but_works(data_home):
    with pytest.warns(FutureWarning, match="use fetch_mall_customers"):
        mall = load_mall_customers(data_home=data_home)
    pd.testing.assert_frame_equal(
        mall.frame, fetch_mall_customers(data_home=data_home).frame
    )


@pytest.mark.parametrize("value", [True, False])
def test_download_if_missing_of_wholesale_is_deprecated(value):
    with pytest.warns(FutureWarning, match="download_if_missing.*no effect"):
        old = fetch_wholesale_customers(download_if_missing=value)
    pd.testing.assert_frame_equal(old.frame, fetch_wholesale_customers().frame)


def test_load_customers_csv(data_home):
    path = data_home / "customers" / "mall_customers.csv"
    frame = load_customers_csv(path, index_col="CustomerID")
    assert list(frame.columns) == [
        "Age",
        "Annual Income (k$)",
        "Spending Score (1-100)",
    ]
    chosen = load_customers_csv(path, numeric=["Annual Income (k$)", "Age"])
    assert chosen.shape == (200, 2)


def test_load_customers_csv_errors(data_home, tmp_path):
    path = data_home / "customers" / "mall_customers.csv"
    with pytest.raises(ValueError, match=r"\['Income'\] not found.*available"):
        load_customers_csv(path, numeric=["Income"])
    with pytest.raises(ValueError, match="not numeric"):
        load_customers_csv(path, numeric=["Genre"])
    with pytest.raises(FileNotFoundError, match="No such file"):
        load_customers_csv(tmp_path / "nope.csv")
    text = tmp_path / "text.csv"
    text.write_text("name,city\na,b\n")
    with pytest.raises(ValueError, match="no numeric column"):
        load_customers_csv(text)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\xfa" * 20)
    with pytest.raises(ValueError, match="Could not read"):
        load_customers_csv(binary)


def _check_wholesale(bunch):
    assert bunch.data.shape == (440, 6)
    assert bunch.target.value_counts().to_dict() == {"Horeca": 298, "Retail": 142}
    assert set(bunch.region) == {"Lisbon", "Oporto", "Other"}
    assert int(bunch.data["Fresh"].sum()) == 5280131


def test_bundled_wholesale_customers_needs_no_data_home():
    _check_wholesale(load_wholesale_customers())
    X, y = load_wholesale_customers(return_X_y=True, as_frame=False)
    assert isinstance(X, np.ndarray) and X.shape == (440, 6) and y.shape == (440,)


def test_fetch_wholesale_customers_reads_the_data_home(data_home, monkeypatch):
    from skmlkit.datasets import _customers

    read, verify = [], _customers.verify_wholesale

    def spy(path):
        read.append(path)
        return verify(path)

    def bundled(**kwargs):
        raise AssertionError("the bundled copy was read, not the data home's")

    monkeypatch.setattr(_customers, "verify_wholesale", spy)
    monkeypatch.setattr(_customers, "load_wholesale_customers", bundled)
    _check_wholesale(fetch_wholesale_customers(data_home=data_home))
    assert read == [data_home / "customers" / "wholesale_customers.csv"]
    # Through $SKMLKIT_DATA as well, with no argument.
    monkeypatch.setenv("SKMLKIT_DATA", str(data_home))
    _check_wholesale(fetch_wholesale_customers())
    assert len(read) == 2 and read[1] == read[0]


def test_fetch_wholesale_customers_falls_back_to_the_bundled_copy(tmp_path):
    _check_wholesale(fetch_wholesale_customers(data_home=tmp_path / "none"))
    assert not (tmp_path / "none").exists()  # nothing downloaded or written


def test_wrong_wholesale_table_in_the_data_home_is_refused(tmp_path):
    (tmp_path / "customers").mkdir()
    (tmp_path / "customers" / "wholesale_customers.csv").write_text(
        "Channel,Region,Fresh\n1,2,3\n"
    )
    with pytest.raises(ValueError, match="not the expected table"):
        fetch_wholesale_customers(data_home=tmp_path)


def test_load_customers_from_a_workbook_and_parquet(tmp_path):
    table = load_wholesale_customers().frame.rename_axis("id").reset_index()
    table["id"] = table["id"].map("C{:04d}".format)  # text ids
    path = tmp_path / "customers.xlsx"
    with pd.ExcelWriter(path) as book:
        table.head(3).to_excel(book, sheet_name="Notes", index=False)
        table.to_excel(book, sheet_name="Customers", index=False)
    frame = load_customers_csv(path, sheet="Customers", index_col="id")
    assert len(frame) == 440 and frame.index[0] == "C0000"
    table.to_parquet(tmp_path / "customers.parquet")
    same = load_customers_csv(tmp_path / "customers.parquet", index_col="id")
    pd.testing.assert_frame_equal(
        frame, same, check_dtype=False, check_index_type=False
    )
