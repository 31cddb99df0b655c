import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from skmlkit.cli import main
from skmlkit.datasets import make_transactions

from ..by_hand import invoice_rfm_by_hand, scale_by_hand

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


@pytest.mark.slow
def test_segment_embedded_default(tmp_path, capsys):
    out = tmp_path / "default"
    assert main(["segment", "--out", str(out), "--k-max", "8"]) == 0
    text = capsys.readouterr().out
    assert "synthetic customers" in text and 'segment 0 "' in text
    assert all((out / name).is_file() for name in OUTPUTS)


SPENDING = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]


def _segment_labels(csv, out, *options):
    argv = ["segment", str(csv), "--numeric", *SPENDING, "--k-max", "6"]
    argv += ["--method", "silhouette"]
    assert main([*argv, *options, "--out", str(out)]) == 0
    return pd.read_csv(out / "labels.csv", index_col=0)["segment"].to_numpy()


@pytest.fixture
def fitted_pipelines(monkeypatch):
    """The Pipelines that ``skmlkit segment`` itself fits, in call order."""
    import skmlkit.cluster

    fitted, original = [], skmlkit.cluster.segment_customers

    def spy(*args, **kwargs):
        result = original(*args, **kwargs)
        fitted.append(result.pipeline)
        return result

    monkeypatch.setattr(skmlkit.cluster, "segment_customers", spy)
    return fitted


def _expected_features(frame, log, scale):
    values = frame.to_numpy(dtype=float)
    if log:
        values = np.sign(values) * np.log1p(np.abs(values))
    return scale_by_hand(values, scale)


@pytest.mark.parametrize(
    ("options", "log", "scale"),
    [
        ((), False, "standard"),
        pytest.param(("--log",), True, "standard", marks=pytest.mark.slow),
        (("--log", "--scale", "minmax"), True, "minmax"),
        pytest.param(("--scale", "none"), False, "none", marks=pytest.mark.slow),
    ],
)
def test_segment_options_reach_the_pipeline(
    wholesale_csv, tmp_path, capsys, fitted_pipelines, options, log, scale
):
    labels = _segment_labels(wholesale_csv, tmp_path / "out", *options)
    frame = pd.read_csv(wholesale_csv)[SPENDING]
    # The CLI's own fitted pipeline: the features its clusterer saw.
    (pipeline,) = fitted_pipelines
    np.testing.assert_allclose(
        pipeline[:-1].transform(frame), _expected_features(frame, log, scale)
    )
    np.testing.assert_array_equal(labels, pipeline.predict(frame))
    assert pipeline["cluster"].method == "silhouette"
    assert list(pipeline["cluster"].k_range) == list(range(2, 7))
    assert capsys.readouterr().out.count("segments (method='silhouette'") == 1


@pytest.mark.slow
def test_segment_log_changes_the_segments(wholesale_csv, tmp_path):
    plain = _segment_labels(wholesale_csv, tmp_path / "plain")
    logged = _segment_labels(wholesale_csv, tmp_path / "log", "--log")
    assert adjusted_rand_score(plain, logged) < 0.9  # heavy tails: log matters


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["segment", "{tmp}/missing.csv"], "No such file"),
        (["segment", "{csv}", "--columns", "Income"], "not found"),
        (["segment", "{csv}", "--columns", "Channel"], "use --categorical;"),
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


# -- transaction logs (--rfm), European files, missing values, bad input ------

RFM_COLUMNS = ["recency", "frequency", "monetary", "tenure", "segment", "segment_name"]


@pytest.fixture(scope="module")
def log_csv(tmp_path_factory):
    """A synthetic transaction log written as a plain CSV file."""
    from skmlkit.datasets import make_transactions

    path = tmp_path_factory.mktemp("logs") / "transactions.csv"
    log = make_transactions(n_samples=600, random_state=0).data
    log.rename(
        columns={"customer_id": "client", "date": "day", "amount": "paid"}
    ).to_csv(path, index=False)
    return path


def _sha(path):
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_segment_rfm_writes_report_and_customers(log_csv, tmp_path, capsys):
    out = tmp_path / "rfm"
    before = _sha(log_csv)
    argv = [
        "segment",
        str(log_csv),
        "--rfm",
        "--customer-id",
        "client",
        "--date",
        "day",
    ]
    argv += ["--amount", "paid", "--k-max", "6", "--out", str(out)]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "RFM features of 600 customers" in text and "bootstrap stability ARI" in text
    customers = pd.read_csv(out / "customers.csv", index_col=0)
    assert customers.index.name == "client" and len(customers) == 600
    assert customers.columns.tolist() == RFM_COLUMNS
    names = customers.groupby("segment")["segment_name"].unique()
    assert all(len(n) == 1 for n in names) and customers[
        "segment_name"
    ].nunique() == len(names)
    page = (out / "report.html").read_text()
    for part in [
        "Number of segments",
        "Stability",
        "adjusted Rand index",
        "snake.png",
        "radar.png",
        "customers.csv",
        names.iloc[0][0],
    ]:
        assert part in page, part
    assert _sha(log_csv) == before  # the input is only read


@pytest.mark.slow
def test_segment_rfm_without_file_uses_cdnow(tmp_path, capsys):
    from tests.conftest import _require

    _require(["customers/cdnow_master.txt.gz"])
    out = tmp_path / "cdnow"
    assert main(["segment", "--rfm", "--k-max", "5", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "CDNOW" in text and "69,659 transactions" in text
    customers = pd.read_csv(out / "customers.csv")
    assert len(customers) == 23_570


def test_european_csv_files(tmp_path, capsys):
    from skmlkit.datasets import make_transactions

    log = make_transactions(n_samples=200, random_state=1).data
    log = log.assign(Datum=log["date"].dt.strftime("%d/%m/%Y"), Région="Île")
    log = log.rename(columns={"customer_id": "Kunde", "amount": "Betrag"})
    path = tmp_path / "export.csv"
    log[["Kunde", "Datum", "Betrag", "Région"]].to_csv(
        path, sep=";", decimal=",", index=False, encoding="cp1252"
    )
    argv = [
        "segment",
        str(path),
        "--rfm",
        "--customer-id",
        "Kunde",
        "--date",
        "Datum",
        "--amount",
        "Betrag",
        "--date-format",
        "%d/%m/%Y",
        "--k-max",
        "4",
        "--out",
        str(tmp_path / "out"),
    ]
    assert main(argv) == 0
    page = (tmp_path / "out" / "report.html").read_text()
    assert "text (cp1252, separator &#x27;;&#x27;, decimal mark &#x27;,&#x27;)" in page
    assert main([*argv[:2], "--encoding", "utf-8", *argv[2:]]) == 1
    assert "--encoding" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("policy", "code", "expected"),
    [
        ("impute", 0, "3 missing values were imputed"),
        ("drop", 0, "2 rows with missing values were dropped"),
        ("error", 1, "Missing values in Milk (2), Region (1)"),
    ],
)
def test_segment_missing_policies(
    wholesale_csv, tmp_path, capsys, policy, code, expected
):
    frame = pd.read_csv(wholesale_csv)
    frame.loc[[0, 1], "Milk"] = np.nan
    frame.loc[[1], "Region"] = np.nan
    csv = tmp_path / "gaps.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / policy
    argv = [
        "segment",
        str(csv),
        "--columns",
        *SPENDING,
        "--categorical",
        "Region",
        "--log",
        "--k-max",
        "4",
        "--missing",
        policy,
        "--out",
        str(out),
    ]
    assert main(argv) == code
    captured = capsys.readouterr()
    if code:
        assert expected in captured.err and "\n" not in captured.err.strip()
    else:
        assert expected in (out / "report.html").read_text()


def _log_file(tmp_path, rows, name="log.csv"):
    path = tmp_path / name
    pd.DataFrame(rows, columns=["customer_id", "date", "amount"]).to_csv(
        path, index=False
    )
    return path


@pytest.mark.parametrize(
    ("rows", "options", "message"),
    [
        (
            [[1, "someday", 5.0], [2, "2024-01-02", 3.0]] * 3,
            [],
            "Cannot read column 'date' as dates",
        ),
        (
            [[1, "2024-01-01", 5.0], [2, "2024-01-02", 3.0]] * 3,
            ["--amount", "Betrag"],
            "['Betrag'] not found",
        ),
        ([[1, "2024-01-01", 5.0], [1, "2024-01-05", 3.0]], [], "at least 3 customers"),
        (
            [[i, "2024-01-01", 5.0] for i in range(10)],
            [],
            "the customers do not differ",
        ),
        (
            [[1, "2024-01-01", -5.0], [2, "2024-01-02", 3.0]] * 3,
            ["--returns", "error"],
            "negative amounts",
        ),
        (
            [[1, "2024-01-01", 5.0]] * 3,
            ["--columns", "amount"],
            "apply to customer tables",
        ),
    ],
    ids=["dates", "column", "one-customer", "identical", "returns", "table-option"],
)
def test_segment_rfm_bad_input(tmp_path, capsys, rows, options, message):
    path = _log_file(tmp_path, rows)
    before = _sha(path)
    argv = ["segment", str(path), "--rfm", *options, "--out", str(tmp_path / "out")]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("skmlkit: error:") and message in err and "\n" not in err
    assert _sha(path) == before


def test_segment_rfm_without_the_log_says_where_to_put_it(
    tmp_path, capsys, monkeypatch
):
    from skmlkit.datasets import _cdnow

    monkeypatch.setattr(
        _cdnow, "CDNOW_MIRRORS", ("http://127.0.0.1:9/CDNOW_master.txt",)
    )
    home = tmp_path / "empty_home"
    argv = ["segment", "--rfm", "--data-home", str(home), "--out", str(tmp_path / "o")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "save CDNOW_master.txt" in err and str(home / "customers") in err


@pytest.fixture
def european_log(tmp_path):
    """A log as a European spreadsheet writes it: ';', decimal commas, cp1252."""
    from skmlkit.datasets import make_transactions

    log = make_transactions(n_samples=150, random_state=3).data
    log["Stück"] = np.arange(len(log)) % 4 + 1
    path = tmp_path / "export.csv"
    log.rename(columns={"customer_id": "Kunde", "amount": "Betrag"}).to_csv(
        path, sep=";", decimal=",", index=False, encoding="cp1252"
    )
    return path, log


def _rfm_argv(path, out, *options):
    argv = ["segment", str(path), "--rfm", "--customer-id", "Kunde"]
    return [*argv, "--amount", "Betrag", "--k-max", "4", *options, "--out", str(out)]


def test_segment_sep_and_decimal_reach_the_reader(european_log, tmp_path, capsys):
    path, log = european_log
    out = tmp_path / "given"
    assert main(_rfm_argv(path, out, "--sep", ";", "--decimal", ",")) == 0
    customers = pd.read_csv(out / "customers.csv", index_col=0)
    spend = log.groupby("customer_id")["amount"].sum().clip(lower=0)
    np.testing.assert_allclose(customers["monetary"], spend.loc[customers.index])
    page = (out / "report.html").read_text()
    assert "separator &#x27;;&#x27;, decimal mark &#x27;,&#x27;" in page
    capsys.readouterr()
    # A wrong separator or decimal mark given explicitly is used, not guessed.
    assert main(_rfm_argv(path, tmp_path / "sep", "--sep", ",")) == 1
    assert "not found" in capsys.readouterr().err
    assert main(_rfm_argv(path, tmp_path / "dec", "--decimal", ".")) == 1
    assert "Betrag" in capsys.readouterr().err


def test_segment_quantity_column_is_read(european_log, tmp_path, capsys, monkeypatch):
    import skmlkit.preprocessing

    seen, original = [], skmlkit.preprocessing.RFMFeatures

    class Recorded(original):
        def fit(self, X, y=None):
            if self.quantity in X:
                seen.append((self.quantity, X[self.quantity].sum()))
            return super().fit(X, y)

    monkeypatch.setattr(skmlkit.preprocessing, "RFMFeatures", Recorded)
    path, log = european_log
    assert main(_rfm_argv(path, tmp_path / "q", "--quantity", "Stück")) == 0
    assert seen == [("Stück", log["Stück"].sum())]
    capsys.readouterr()
    assert main(_rfm_argv(path, tmp_path / "q2", "--quantity", "Menge")) == 1
    assert "['Menge'] not found" in capsys.readouterr().err


def test_segment_reference_date_sets_recency(european_log, tmp_path, capsys):
    path, log = european_log
    out = tmp_path / "ref"
    assert main(_rfm_argv(path, out, "--reference-date", "2031-06-30")) == 0
    assert "as of 2031-06-30" in capsys.readouterr().out
    customers = pd.read_csv(out / "customers.csv", index_col=0)
    buys = log[log["amount"] >= 0].groupby("customer_id")["date"]
    last = buys.max().dt.normalize()
    expected = (pd.Timestamp("2031-06-30") - last).dt.days
    np.testing.assert_array_equal(customers["recency"], expected.loc[customers.index])
    first = buys.min().dt.normalize()
    tenure = (pd.Timestamp("2031-06-30") - first).dt.days
    np.testing.assert_array_equal(customers["tenure"], tenure.loc[customers.index])


def test_segment_k_fixes_the_number_of_segments(tmp_path, capsys):
    out = tmp_path / "k4"
    argv = ["segment", "--k", "4", "--k-max", "6", "--out", str(out)]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "4 segments (method='auto'" in text
    assert pd.read_csv(out / "profile.csv").shape[0] == 4
    assert main(["segment", "--k", "0", "--out", str(tmp_path / "bad")]) == 1
    assert "--k" in capsys.readouterr().err


def test_segment_price_times_quantity_and_ids_as_written(tmp_path, capsys):
    rng = np.random.RandomState(0)
    n = 400
    lines = pd.DataFrame(
        {
            "CustomerID": np.where(
                rng.rand(n) < 0.1, np.nan, 12000 + rng.randint(60, size=n)
            ),
            "InvoiceDate": pd.Timestamp("2011-01-01")
            + pd.to_timedelta(rng.randint(300, size=n), unit="D"),
            "Quantity": rng.randint(1, 20, size=n),
            "UnitPrice": np.round(rng.uniform(0.5, 10, size=n), 2),
        }
    )
    path = tmp_path / "invoices.csv"
    lines.to_csv(path, index=False)
    base = ["segment", str(path), "--rfm", "--customer-id", "CustomerID"]
    base += ["--date", "InvoiceDate", "--quantity", "Quantity", "--k-max", "4"]
    out = tmp_path / "priced"
    assert main([*base, "--price", "UnitPrice", "--out", str(out)]) == 0
    customers = pd.read_csv(out / "customers.csv", dtype=str)
    assert not customers["CustomerID"].str.contains(r"\.").any()  # 12046, not 12046.0
    page = (out / "report.html").read_text()
    assert "Amounts are Quantity x UnitPrice" in page
    spend = (lines["Quantity"] * lines["UnitPrice"]).groupby(lines["CustomerID"]).sum()
    monetary = pd.read_csv(out / "customers.csv", index_col=0)["monetary"]
    np.testing.assert_allclose(monetary.sort_index(), spend.sort_index().to_numpy())
    # The unit price given as the amount: the report says it looks like one.
    unpriced = tmp_path / "unpriced"
    assert main([*base, "--amount", "UnitPrice", "--out", str(unpriced)]) == 0
    assert "if it is a unit price" in (unpriced / "report.html").read_text()
    capsys.readouterr()


@pytest.fixture(scope="module")
def invoice_lines():
    return make_transactions(
        n_samples=80, invoice_lines=True, cancellations=0.05, missing_ids=0.1,
        date_format="%m/%d/%Y %H:%M", random_state=3,
    ).data  # fmt: skip


INVOICE_OPTIONS = [
    "--rfm", "--customer-id", "customer_id", "--date", "date", "--price",
    "price", "--quantity", "quantity", "--invoice", "invoice",
    "--cancel-prefix", "C", "--k-max", "4", "--random-state", "0",
]  # fmt: skip


def _write_log(lines, path):
    if path.suffix == ".parquet":
        lines.to_parquet(path)
    elif path.suffix == ".xlsx":
        lines.to_excel(path, index=False)
    else:
        lines.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    "name",
    [
        "lines.csv.gz",
        pytest.param("lines.xlsx", marks=pytest.mark.slow),
        pytest.param("lines.parquet", marks=pytest.mark.slow),
    ],
)
def test_invoice_lines_as_they_come(invoice_lines, tmp_path, capsys, name):
    path = _write_log(invoice_lines, tmp_path / name)
    out = tmp_path / "out"
    assert main(["segment", str(path), *INVOICE_OPTIONS, "--out", str(out)]) == 0
    customers = pd.read_csv(out / "customers.csv", dtype={"customer_id": str})
    assert customers["customer_id"].str.fullmatch(r"[1-9]\d*").all()  # not 12.0
    lines = invoice_lines.assign(
        date=pd.to_datetime(invoice_lines["date"], format="%m/%d/%Y %H:%M")
    )
    reference = lines["date"].max().normalize() + pd.Timedelta(days=1)
    expected = invoice_rfm_by_hand(lines, reference)
    got = customers.set_index(customers["customer_id"].astype(int))
    np.testing.assert_array_equal(got["frequency"], expected["frequency"])
    np.testing.assert_array_equal(got["recency"], expected["recency"])
    np.testing.assert_allclose(got["monetary"], expected["monetary"], rtol=1e-9)
    page = (out / "report.html").read_text()
    cancelled = invoice_lines.dropna(subset=["customer_id"])["invoice"]
    for note in [
        "month/day/year (US) dates",
        "Frequency counts distinct invoices",
        f"{cancelled.str.startswith('C').sum():,} lines of invoices starting with",
        f"{invoice_lines['customer_id'].isna().sum():,} transactions without",
        "Amounts are quantity x price",
    ]:
        assert note in page
    capsys.readouterr()


def _locked(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    return path


@pytest.mark.parametrize(
    ("make", "options", "message"),
    [
        (lambda t, p: p, ["--date-format", "%Y"],
         "do not match --date-format '%Y'"),
        (lambda t, p: _write_log(t.assign(date=t["date"].str[:10].str.replace(
            r"^(\d\d)/(\d\d)", r"\1/01", regex=True)), p),
         [], "no day in them is above 12. Give --date-format ('%d/%m/%Y'"),
        (lambda t, p: _write_log(t.assign(price="ask"), p), [],
         "Column 'price' must hold numbers"),
        (lambda t, p: _write_log(t.drop(columns="invoice"),
                                 p.with_suffix(".parquet")), [],
         "Columns ['invoice'] not found in"),
        (lambda t, p: _locked(p.with_suffix(".xlsx")), [],
         "password-protected workbook"),
        (lambda t, p: p.with_name("*.parquet"), [], "No file matches"),
        (lambda t, p: p, ["--sheet", "Lines"], None),
    ],
    ids=["format", "ambiguous", "text-price", "parquet-column", "locked", "glob",
         "sheet-of-csv"],
)  # fmt: skip
def test_invoice_log_bad_input(invoice_lines, tmp_path, capsys, make, options, message):
    path = make(invoice_lines, _write_log(invoice_lines, tmp_path / "lines.csv"))
    files = {p: _sha(p) for p in tmp_path.iterdir()}
    argv = ["segment", str(path), *INVOICE_OPTIONS, *options]
    code = main([*argv, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    if message is None:  # --sheet means nothing for a CSV file: ignored
        assert code == 0
        return
    assert code == 1
    assert err.startswith("skmlkit: error:") and message in err and "\n" not in err
    assert {p: _sha(p) for p in tmp_path.iterdir()} == files  # nothing written
