"""The scenario family, targets in the output, and `ruralsim compare`."""

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import run_cli

FAMILY = ["baseline", "plan2022", "ecommerce_first", "logistics_first", "facilities_first", "sericulture_first",
          "equal_split", "plan2022_xiushan"]


@pytest.mark.parametrize("name", FAMILY)
def test_family_validates(ruralsim_bin, root, name):
    path = root / "scenarios" / f"{name}.toml"
    r = run_cli(ruralsim_bin, "validate", path)
    assert r.returncode == 0, r.stderr
    head = path.read_text().splitlines()[0]
    assert head.startswith(f"# {name}:"), "each file's header says what it represents"


def resolved_budget(root, name):
    """The [budget] table of a scenario file with everything it extends merged in (child wins)."""
    import tomllib

    data = tomllib.loads((root / "scenarios" / f"{name}.toml").read_text())
    parent = data.get("extends")
    out = resolved_budget(root, parent.removesuffix(".toml")) if parent else {"county": {}}
    for k, v in data.get("budget", {}).items():
        if k == "county":
            for county, projects in v.items():
                out["county"].setdefault(county, {}).update(projects)
        else:
            out[k] = v
    return out


PROJECTS = ("ecommerce", "logistics", "facilities", "sericulture", "exports", "assistance")


def test_alternatives_spend_plan2022_total(root):
    def total(b):
        return sum(float(b.get(p, 0.0)) for p in PROJECTS)

    plan = resolved_budget(root, "plan2022")
    assert total(plan) > 0
    for alt in ("ecommerce_first", "logistics_first", "facilities_first", "sericulture_first", "equal_split",
                "plan2022_xiushan"):
        b = resolved_budget(root, alt)
        assert total(b) == pytest.approx(total(plan)), alt
        # Earmarks are part of their project's budget, so they never add to the total.
        for p in PROJECTS:
            earmarked = sum(float(c.get(p, 0.0)) for c in b["county"].values())
            assert earmarked <= float(b.get(p, 0.0)), (alt, p)
    assert resolved_budget(root, "plan2022_xiushan")["county"]["Xiushan"]["logistics"] > 0


@pytest.fixture(scope="module")
def pair(ruralsim_bin, root, tmp_path_factory):
    d = tmp_path_factory.mktemp("pair")
    out = {}
    for name in ("baseline", "plan2022"):
        for seed in (1, 2):
            p = d / f"{name}-{seed}.h5"
            r = run_cli(ruralsim_bin, "run", root / "scenarios" / f"{name}.toml", "-o", p, "--scale", 1000,
                        "--seed", seed, "-q")
            assert r.returncode == 0, r.stderr
            out[name, seed] = p
    return out


def test_targets_written(pair):
    t = xr.open_dataset(pair["baseline", 1], engine="h5netcdf", group="targets")
    assert list(t.target.values) == [f"T{i}" for i in range(1, 9)]
    assert set(np.unique(t.met.values)) <= {-1, 0, 1}
    # T1 is the average growth of rural online retail 2021-2025.
    y = xr.open_dataset(pair["baseline", 1], engine="h5netcdf", group="year")
    ro = y.rural_online_retail.sel(year=[2021, 2025]).values
    assert t.value.sel(target="T1") == pytest.approx(100 * ((ro[1] / ro[0]) ** 0.25 - 1))
    assert t.met.sel(target="T1") == int(t.value.sel(target="T1") >= 10)
    t8 = xr.open_dataset(pair["baseline", 1], engine="h5netcdf", group="targets/T8")
    assert list(t8.year.values) == list(range(2019, 2026))
    assert t8.met.values[0] == -1  # no growth for the first year
    gap = y.rural_urban_growth_gap.values[1:]
    assert list(t8.met.values[1:]) == [int(g > 0) for g in gap]
    plan = y.rural_urban_growth_gap.sel(year=[2022, 2023, 2024, 2025]).values  # T8 covers the plan years
    assert t.met.sel(target="T8") == int((plan > 0).all())
    assert t.value.sel(target="T8") == pytest.approx(plan.min())


def test_common_random_numbers(pair):
    """plan2022 differs from baseline only in its budgets: everything upstream of
    them (incomes, and every day before funding starts) is identical at the same seed."""
    with h5py.File(pair["baseline", 1]) as a, h5py.File(pair["plan2022", 1]) as b:
        assert np.array_equal(a["day/income_per_capita_rural"][()], b["day/income_per_capita_rural"][()])
        assert np.array_equal(a["day/income_per_capita_urban"][()], b["day/income_per_capita_urban"][()])
        before = 1096  # funding starts 2022-01-01: all of 2019-2021 is identical
        for name in ("rural_retail_sales", "urban_retail_sales", "village_stores", "digital_adoption_rural"):
            assert np.array_equal(a[f"day/{name}"][:before], b[f"day/{name}"][:before]), name
            assert not np.array_equal(a[f"day/{name}"][before:], b[f"day/{name}"][before:]) or name == "village_stores"
        assert b["year/spending_facilities"][3] > 0 and a["year/spending_facilities"][()].max() == 0


def test_compare_table(ruralsim_bin, pair):
    files = [pair["baseline", 1], pair["baseline", 2], pair["plan2022", 1], pair["plan2022", 2]]
    r = run_cli(ruralsim_bin, "compare", *files)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "baseline" in out and "plan2022" in out and "seeds: 1 2" in out
    assert "paired by seed" in out and "P(diff > 0)" in out
    assert "targets: share of runs" in out and "T8" in out
    assert "effect per 100 million yuan of extra public spending" in out
    assert "plan2022: extra spending over the run" in out and "change per 1e8 yuan" in out
    # The upgraded-store difference in 2025 equals the mean of the paired file differences.
    diffs = []
    for seed in (1, 2):
        with h5py.File(pair["baseline", seed]) as a, h5py.File(pair["plan2022", seed]) as b:
            diffs.append(b["year/upgraded_village_stores"][-1] - a["year/upgraded_village_stores"][-1])
    rows = [row for row in out.splitlines() if row.strip().startswith("2025")]
    assert any(f"{np.median(diffs):.0f}" in row for row in rows)


def test_compare_errors(ruralsim_bin, pair, tmp_path):
    r = run_cli(ruralsim_bin, "compare", pair["baseline", 1])
    assert r.returncode == 2 and "at least two" in r.stderr
    bad = tmp_path / "bad.h5"
    bad.write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 100)
    r = run_cli(ruralsim_bin, "compare", pair["baseline", 1], bad)
    assert r.returncode == 2 and "bad.h5" in r.stderr
    r = run_cli(ruralsim_bin, "compare", pair["baseline", 1], tmp_path / "missing.h5")
    assert r.returncode == 2 and "no such file" in r.stderr
    r = run_cli(ruralsim_bin, "compare", pair["baseline", 1], pair["baseline", 1])
    assert r.returncode == 2 and "repeats" in r.stderr


@pytest.fixture(scope="module")
def family(ruralsim_bin, root, tmp_path_factory):
    d = tmp_path_factory.mktemp("family")
    out = {}
    for name in FAMILY:
        p = d / f"{name}.h5"
        r = run_cli(ruralsim_bin, "run", root / "scenarios" / f"{name}.toml", "-o", p, "--scale", 1000, "--seed", 5,
                    "-q")
        assert r.returncode == 0, r.stderr
        out[name] = xr.open_dataset(p, engine="h5netcdf", group="year")
    return out


@pytest.mark.slow
def test_family_directions(family):
    """Each alternative moves most what its name promises (same seed, same total budget)."""
    alts = ["ecommerce_first", "logistics_first", "facilities_first", "sericulture_first", "equal_split"]
    y2022, y2025 = 3, 6  # the run starts in 2019
    b = family["baseline"]
    assert b.filling_station_centres.values.max() == 0 and b.spending_facilities.values.sum() == 0
    assert family["plan2022"].filling_station_centres.values[-1] >= 150
    # logistics_first: the largest logistics spending and the cheapest parcels in the first funded year.
    lf = family["logistics_first"]
    assert all(lf.spending_logistics.sum() > family[a].spending_logistics.sum() for a in alts if a != "logistics_first")
    assert all(lf.cost_per_parcel.values[y2022] < family[a].cost_per_parcel.values[y2022]
               for a in alts if a != "logistics_first")
    # ecommerce_first: the most rural online retail by 2025.
    ef = family["ecommerce_first"]
    assert all(ef.rural_online_retail.values[y2025] > family[a].rural_online_retail.values[y2025]
               for a in alts if a != "ecommerce_first")
    # facilities_first: the widest coverage of upgraded township centres by 2025.
    ff = family["facilities_first"]
    assert all(ff.township_centre_coverage.values[y2025] > family[a].township_centre_coverage.values[y2025]
               for a in alts if a != "facilities_first")
    # sericulture_first: the most high-standard mulberry garden by 2025.
    sf = family["sericulture_first"]
    assert all(sf.mulberry_area_high_standard.values[y2025] > family[a].mulberry_area_high_standard.values[y2025]
               for a in alts if a != "sericulture_first")
    # Every funded scenario beats the baseline on parcel cost and village delivery coverage.
    for a in alts + ["plan2022"]:
        assert family[a].cost_per_parcel.values[y2025] < b.cost_per_parcel.values[y2025]
        assert family[a].village_delivery_coverage.values[y2025] >= b.village_delivery_coverage.values[y2025]


def test_xiushan_package_reaches_xiushan(ruralsim_bin, root, tmp_path):
    out = {}
    for name in ("plan2022", "plan2022_xiushan"):
        p = tmp_path / f"{name}.h5"
        r = run_cli(ruralsim_bin, "run", root / "scenarios" / f"{name}.toml", "-o", p, "--scale", 2000, "--seed", 5,
                    "-q", "--set", "run.end=2022-12-31")
        assert r.returncode == 0, r.stderr
        out[name] = xr.open_dataset(p, engine="h5netcdf", group="county/year")
    a, b = out["plan2022"].procurement_received, out["plan2022_xiushan"].procurement_received
    assert float(b.sel(county="Xiushan", year=2022)) > float(a.sel(county="Xiushan", year=2022))
    others = [c for c in a.county.values if c != "Xiushan"]
    assert np.allclose(b.sel(county=others, year=2021), a.sel(county=others, year=2021))
    # The earmarks of plan2022_xiushan land in Xiushan on top of what the city-wide rules give it.
    for p in ("logistics", "ecommerce"):
        name = f"spending_{p}"
        assert float(out["plan2022_xiushan"][name].sel(county="Xiushan", year=2022)) > float(
            out["plan2022"][name].sel(county="Xiushan", year=2022)), p
