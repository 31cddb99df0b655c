import gzip
import struct

import numpy as np
import pytest

from skmlkit.datasets import read_idx
from skmlkit.datasets._idx import IDX_DTYPES


def idx_bytes(array, code):
    header = bytes([0, 0, code, array.ndim])
    header += struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(IDX_DTYPES[code]).tobytes()


@pytest.mark.parametrize("code", sorted(IDX_DTYPES))
@pytest.mark.parametrize("compress", [False, True])
def test_round_trip_every_dtype(tmp_path, code, compress):
    array = np.arange(24).reshape(2, 3, 4)
    content = idx_bytes(array, code)
    path = tmp_path / "data-idx3"
    path.write_bytes(gzip.compress(content) if compress else content)
    result = read_idx(path)
    assert result.shape == (2, 3, 4)
    assert result.dtype == IDX_DTYPES[code].newbyteorder("=")
    np.testing.assert_array_equal(result, array)


def test_wrong_magic(tmp_path):
    path = tmp_path / "bad"
    path.write_bytes(b"\x01\x02\x08\x01" + struct.pack(">I", 1) + b"\x00")
    with pytest.raises(ValueError, match="magic number"):
        read_idx(path)


def test_wrong_dtype_code(tmp_path):
    path = tmp_path / "bad"
    path.write_bytes(b"\x00\x00\x07\x01" + struct.pack(">I", 1) + b"\x00")
    with pytest.raises(ValueError, match="dtype code 0x07"):
        read_idx(path)


def test_short_data(tmp_path):
    content = idx_bytes(np.zeros((10, 28, 28)), 0x08)
    path = tmp_path / "short"
    path.write_bytes(content[:-100])
    with pytest.raises(ValueError, match="truncated"):
        read_idx(path)


def test_trailing_bytes(tmp_path):
    path = tmp_path / "long"
    path.write_bytes(idx_bytes(np.zeros(3), 0x08) + b"\x00")
    with pytest.raises(ValueError, match="trailing bytes"):
        read_idx(path)


def test_truncated_header(tmp_path):
    path = tmp_path / "header"
    path.write_bytes(b"\x00\x00\x08\x03" + struct.pack(">I", 10))
    with pytest.raises(ValueError, match="truncated IDX header"):
        read_idx(path)


@pytest.mark.parametrize("content", [b"", b"\x00\x00"])
def test_too_short_for_header(tmp_path, content):
    path = tmp_path / "tiny"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="too short"):
        read_idx(path)


def test_zero_dimensions(tmp_path):
    path = tmp_path / "zero"
    path.write_bytes(b"\x00\x00\x08\x00")
    with pytest.raises(ValueError, match="0 dimensions"):
        read_idx(path)


def test_truncated_gzip(tmp_path):
    compressed = gzip.compress(idx_bytes(np.arange(1000) % 256, 0x08))
    path = tmp_path / "cut.gz"
    path.write_bytes(compressed[: len(compressed) // 2])
    with pytest.raises(ValueError, match="corrupt or truncated gzip"):
        read_idx(path)
