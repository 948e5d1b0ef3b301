"""Funding: per-county earmarks and central / municipal / county co-financing (docs/ODD.md, Disbursement)."""

import numpy as np
import pytest
import xarray as xr

from conftest import run_cli

SHORT = ["--scale", "2000", "--seed", "3", "-q", "--set", "run.end=2022-12-31"]
PROJECTS = ("ecommerce", "logistics", "facilities", "sericulture", "exports", "assistance")
SOUTH_EAST = ["Qianjiang", "Wulong", "Shizhu", "Xiushan", "Youyang", "Pengshui"]  # group SE in data/counties.csv


def scenario(root, tmp_path, name, text, parent="baseline"):
    path = tmp_path / f"{name}.toml"
    path.write_text(f'extends = "{root / "scenarios" / (parent + ".toml")}"\n{text}')
    return path


def run(ruralsim_bin, path):
    out = path.with_suffix(".h5")
    r = run_cli(ruralsim_bin, "run", path, "-o", out, *SHORT)
    assert r.returncode == 0, r.stderr
    return (xr.open_dataset(out, engine="h5netcdf", group="year"),
            xr.open_dataset(out, engine="h5netcdf", group="county/year"))


def spent(y):
    return sum(float(y[f"spending_{p}"].sum()) for p in PROJECTS)


def test_earmark_lands_only_in_its_county(ruralsim_bin, root, tmp_path):
    """Every project's money earmarked for Xiushan is spent there and nowhere else; what it cannot
    spend is carried and reported as Xiushan's unspent earmark."""
    budgets = "".join(f"{p} = 1.0e7\n" for p in PROJECTS)
    y, c = run(ruralsim_bin, scenario(root, tmp_path, "xs", f"[budget]\n{budgets}[budget.county.Xiushan]\n{budgets}"))
    for p in PROJECTS:
        by_county = c[f"spending_{p}"].sel(year=2022)
        assert float(by_county.drop_sel(county="Xiushan").sum()) == 0, p
    # Xiushan has no exporter of the initial firms, so only the export earmark waits unspent.
    for p in ("ecommerce", "logistics", "facilities", "sericulture", "assistance"):
        assert float(c[f"spending_{p}"].sel(county="Xiushan", year=2022)) > 0, p
    unspent = c.budget_unspent.sel(year=2022)
    assert float(unspent.sel(county="Xiushan")) == pytest.approx(float(y.budget_unspent.sel(year=2022)), rel=1e-9)
    assert float(unspent.sel(county="Xiushan")) >= 1.0e7  # the export earmark at least
    assert float(unspent.drop_sel(county="Xiushan").sum()) == 0
    assert spent(y) + float(y.budget_unspent.values[-1]) == pytest.approx(6 * 1.0e7, rel=1e-9)


def test_earmark_comes_out_of_the_city_pot(ruralsim_bin, root, tmp_path):
    """A part earmarked for a county raises its spending; the total released stays the budget."""
    base = "[budget]\nlogistics = 6.0e7\nfacilities = 6.0e7\n"
    a, ca = run(ruralsim_bin, scenario(root, tmp_path, "city", base))
    earmarks = "[budget.county.Wuxi]\nlogistics = 2.0e7\nfacilities = 3.0e7\n"
    b, cb = run(ruralsim_bin, scenario(root, tmp_path, "ear", base + earmarks))
    for p in ("logistics", "facilities"):
        wuxi = {"county": "Wuxi", "year": 2022}
        assert float(cb[f"spending_{p}"].sel(**wuxi)) > float(ca[f"spending_{p}"].sel(**wuxi))
    for y in (a, b):
        assert spent(y) + float(y.budget_unspent.values[-1]) == pytest.approx(1.2e8, rel=1e-9)


def test_unknown_county_names_file_line_key_and_valid_names(ruralsim_bin, root, tmp_path):
    path = scenario(root, tmp_path, "typo", "[budget]\nlogistics = 3e7\n\n[budget.county.Xiushn]\nlogistics = 2e7\n")
    r = run_cli(ruralsim_bin, "validate", path)
    assert r.returncode != 0
    assert f"{path}:5" in r.stderr and "budget.county.Xiushn" in r.stderr
    assert "unknown county 'Xiushn'" in r.stderr and "did you mean 'budget.county.Xiushan'" in r.stderr
    assert "Wanzhou" in r.stderr and "Youyang" in r.stderr  # the valid names are listed
    r = run_cli(ruralsim_bin, "validate", scenario(root, tmp_path, "proj", "[budget.county.Xiushan]\nlogistic = 1\n"))
    assert r.returncode != 0 and "did you mean 'budget.county.Xiushan.logistics'" in r.stderr


def test_earmarks_above_the_budget_and_shares_not_adding_to_one_are_errors(ruralsim_bin, root, tmp_path):
    path = scenario(root, tmp_path, "over", "[budget]\nexports = 1e7\n[budget.county.Wanzhou]\nexports = 2e7\n")
    r = run_cli(ruralsim_bin, "validate", path)
    assert r.returncode != 0 and f"{path}:5" in r.stderr and "more than budget.exports" in r.stderr
    path = scenario(root, tmp_path, "shares", "[funding]\ncentral_share = 0.3\nmunicipal_share = 0.5\n")
    r = run_cli(ruralsim_bin, "validate", path)
    assert r.returncode != 0 and f"{path}:4" in r.stderr and "must add up to 1" in r.stderr


@pytest.fixture(scope="module")
def cofinanced(ruralsim_bin, root, tmp_path_factory):
    d = tmp_path_factory.mktemp("cofinance")
    shares = "[funding]\ncentral_share = 0.3\nmunicipal_share = 0.5\ncounty_share = 0.2\n"
    out = {}
    for name, text in (("pooled", ""), ("shared", shares), ("no_se", shares + "county_capacity_se = 0\n")):
        out[name] = run(ruralsim_bin, scenario(root, d, name, text, parent="plan2022"))
    return out


def test_spending_by_source_adds_up_to_spending(cofinanced):
    for name, (_, c) in cofinanced.items():
        total = sum(c[f"spending_{p}"] for p in PROJECTS)
        by_source = c.spending_central + c.spending_municipal + c.spending_county
        assert np.allclose(by_source.values, total.values, rtol=1e-9, atol=1e-3), name
        assert float(total.sum()) > 0
    y, c = cofinanced["shared"]
    total = sum(float(y[f"spending_{p}"].sum()) for p in PROJECTS)
    assert float(y.spending_county.sum()) == pytest.approx(0.2 * total, rel=1e-9)
    assert float(y.spending_central.sum()) == pytest.approx(0.3 * total, rel=1e-9)
    y, _ = cofinanced["pooled"]  # the default: central and municipal funds only
    assert float(y.spending_county.sum()) == 0 and float(y.spending_central.sum()) > 0


def test_county_without_capacity_gets_no_cofinanced_money(cofinanced):
    _, pooled = cofinanced["pooled"]
    y, c = cofinanced["no_se"]
    for p in PROJECTS:
        assert float(c[f"spending_{p}"].sel(county=SOUTH_EAST).sum()) == 0, p
    # Without co-financing those counties do get money, and the other counties still do.
    assert sum(float(pooled[f"spending_{p}"].sel(county=SOUTH_EAST).sum()) for p in PROJECTS) > 0
    assert spent(y) > 0
    # What they could not take stays released and unspent (or goes to other counties).
    released = 1.2e9 + 2e7  # plan2022's six budgets and its Xiushan package for 2022
    assert spent(y) + float(y.budget_unspent.values[-1]) == pytest.approx(released, rel=1e-9)


def test_earmark_follows_its_project_timing(ruralsim_bin, root, tmp_path):
    path = scenario(root, tmp_path, "late", "[budget]\nlogistics = 2.0e7\nlogistics_start = 2023-01-01\n"
                                            "[budget.county.Xiushan]\nlogistics = 2.0e7\n")
    out = path.with_suffix(".h5")
    r = run_cli(ruralsim_bin, "run", path, "-o", out, *SHORT[:-1], "run.end=2023-12-31")
    assert r.returncode == 0, r.stderr
    y = xr.open_dataset(out, engine="h5netcdf", group="year")
    c = xr.open_dataset(out, engine="h5netcdf", group="county/year")
    assert float(c.spending_logistics.sel(year=2022).sum()) == 0 and float(y.budget_unspent.sel(year=2022)) == 0
    assert float(c.spending_logistics.sel(county="Xiushan", year=2023)) > 0
    assert float(c.spending_logistics.sel(year=2023).drop_sel(county="Xiushan").sum()) == 0
    assert float(y.spending_logistics.sum()) + float(y.budget_unspent.values[-1]) == pytest.approx(2.0e7, rel=1e-9)
