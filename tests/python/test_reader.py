"""The Python reader gives the same numbers as the file."""

import h5py
import numpy as np
import pandas as pd
import pytest

import ruralsim as rs


def test_open_run_frames(small_run):
    path, _ = small_run
    res = rs.open_run(path)
    year = res.indicators("year")
    assert list(year.index) == [2019, 2020, 2021, 2022, 2023, 2024, 2025]
    day = res.indicators("day")
    assert isinstance(day.index, pd.DatetimeIndex) and len(day) == 2557
    month = res.indicators("month")
    assert len(month) == 84 and month.index[0] == pd.Timestamp("2019-01-01")
    with h5py.File(path) as f:
        assert np.array_equal(year["rural_retail_sales"].to_numpy(), f["year/rural_retail_sales"][()])
    county = res.indicators("year", by="county")
    assert county.index.names == ["year", "county"] and len(county) == 7 * 38
    assert np.allclose(county.groupby(level="year")["urban_retail_sales"].sum().to_numpy(),
                       year["urban_retail_sales"].to_numpy(), rtol=1e-9)
    assert res.seed == 1 and "[run]" in res.scenario
    assert res.ledger_residual.shape == (2557,)


def test_open_run_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        rs.open_run(tmp_path / "missing.h5")
    bad = tmp_path / "bad.h5"
    bad.write_bytes(b"not hdf5")
    with pytest.raises(ValueError, match="not a readable HDF5"):
        rs.open_run(bad)
    with h5py.File(tmp_path / "other.h5", "w") as f:
        f["x"] = [1]
    with pytest.raises(ValueError, match="not a ruralsim run output"):
        rs.open_run(tmp_path / "other.h5")


def test_indicator_arguments(small_run):
    res = rs.open_run(small_run[0])
    with pytest.raises(ValueError, match="freq"):
        res.indicators("week")
    with pytest.raises(ValueError, match="by"):
        res.indicators("year", by="township")
    with pytest.raises(ValueError, match="county_daily"):
        res.indicators("day", by="county")
