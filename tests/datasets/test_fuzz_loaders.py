"""Fuzzing the loaders: IDX bytes, customer CSVs, data homes, make_customers."""

import gzip
import struct

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from skmlkit.datasets import fetch_mnist, load_customers_csv, make_customers, read_idx
from skmlkit.datasets._idx import parse_idx

from ..strategies import expect_clean, fuzz_settings

# Trains, fuzzes or starts processes: outside the quick run (-m "not slow").
pytestmark = pytest.mark.slow

FUZZ = fuzz_settings(200)
IDX_DTYPES = {
    0x08: np.uint8,
    0x09: np.int8,
    0x0B: ">i2",
    0x0C: ">i4",
    0x0D: ">f4",
    0x0E: ">f8",
}


@st.composite
def idx_files(draw):
    """Valid IDX files, then mutated: header fields, lengths, random bytes."""
    code = draw(st.sampled_from(sorted(IDX_DTYPES)))
    dims = draw(st.lists(st.integers(0, 5), min_size=1, max_size=3))
    data = np.zeros(dims, dtype=IDX_DTYPES[code]).tobytes()
    content = (
        struct.pack(">HBB", 0, code, len(dims))
        + struct.pack(f">{len(dims)}I", *dims)
        + data
    )
    mutation = draw(st.sampled_from(["none", "flip", "truncate", "extend", "random"]))
    if mutation == "flip" and content:
        at = draw(st.integers(0, len(content) - 1))
        content = (
            content[:at]
            + bytes([content[at] ^ draw(st.integers(1, 255))])
            + content[at + 1 :]
        )
    elif mutation == "truncate":
        content = content[: draw(st.integers(0, len(content)))]
    elif mutation == "extend":
        content += draw(st.binary(min_size=1, max_size=8))
    elif mutation == "random":
        content = draw(st.binary(max_size=64))
    return mutation, dims, content


@FUZZ
@given(idx_files())
def test_idx_parser_reads_or_names_the_problem(case):
    mutation, dims, content = case
    outcome = expect_clean(lambda: parse_idx(content, "fuzz.idx"), "parse_idx")
    if mutation == "none":
        assert isinstance(outcome, np.ndarray) and outcome.shape == tuple(dims)
    elif isinstance(outcome, Exception):
        assert "fuzz.idx" in str(outcome)


@FUZZ
@given(content=st.binary(max_size=200), compress=st.booleans())
def test_idx_files_on_disk(tmp_path_factory, content, compress):
    path = tmp_path_factory.mktemp("idx") / ("f.idx.gz" if compress else "f.idx")
    path.write_bytes(gzip.compress(content) if compress else content)
    expect_clean(lambda: read_idx(path), "read_idx")


CSV_CELLS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats().map(str),
    st.text(max_size=6),
    st.just(""),
    st.just("NA"),
)


@st.composite
def csv_texts(draw):
    """Customer-like CSV text: headers and cells of any kind, or raw text."""
    if draw(st.booleans()):
        return draw(st.text(max_size=120))
    n_columns = draw(st.integers(1, 4))
    header = draw(
        st.lists(
            st.text(min_size=0, max_size=5), min_size=n_columns, max_size=n_columns
        )
    )
    rows = draw(
        st.lists(
            st.lists(CSV_CELLS, min_size=n_columns, max_size=n_columns), max_size=6
        )
    )
    return "\n".join(",".join(cells) for cells in [header, *rows])


@FUZZ
@given(
    text=csv_texts(),
    columns=st.one_of(st.none(), st.lists(st.text(max_size=4), min_size=1, max_size=2)),
)
def test_customer_csv_loads_numbers_or_names_the_problem(
    tmp_path_factory, text, columns
):
    path = tmp_path_factory.mktemp("csv") / "customers.csv"
    path.write_text(text, encoding="utf-8")
    frame = expect_clean(
        lambda: load_customers_csv(path, numeric=columns), "load_customers_csv"
    )
    if isinstance(frame, pd.DataFrame):
        assert frame.shape[1] >= 1
        assert all(pd.api.types.is_numeric_dtype(t) for t in frame.dtypes)


@FUZZ
@given(
    files=st.dictionaries(
        st.sampled_from(
            [
                "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte",
            ]
        ),
        st.binary(max_size=100),
        max_size=2,
    )
)
def test_fetch_mnist_from_a_garbage_home(tmp_path_factory, files):
    home = tmp_path_factory.mktemp("home")
    (home / "mnist").mkdir()
    for name, content in files.items():
        (home / "mnist" / name).write_bytes(content)
    try:
        fetch_mnist(subset="test", data_home=home, download_if_missing=False)
    except (ValueError, FileNotFoundError) as exc:
        assert str(exc).strip()
    else:
        raise AssertionError("garbage files were accepted as MNIST")


@FUZZ
@given(
    n_samples=st.one_of(st.integers(-5, 300), st.floats(), st.text(max_size=3)),
    n_segments=st.one_of(st.integers(-2, 10), st.none(), st.just(2.5)),
)
def test_make_customers_parameters(n_samples, n_segments):
    kwargs = {} if n_segments is None else {"n_segments": n_segments}
    result = expect_clean(
        lambda: make_customers(n_samples=n_samples, random_state=0, **kwargs),
        "make_customers",
    )
    if not isinstance(result, Exception):
        assert len(result.data) == n_samples
        assert np.isfinite(result.data.to_numpy(dtype=float)).all()
