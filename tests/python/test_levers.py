"""Each lever moves its indicators the right way, everything else fixed (same seed)."""

import pytest
import xarray as xr

from conftest import run_cli

SHORT = ["--scale", "1000", "--seed", "3", "-q", "--set", "run.start=2021-01-01", "--set", "run.end=2023-12-31"]


def run(ruralsim_bin, root, tmp_path, name, *sets, scenario="baseline"):
    out = tmp_path / f"{name}.h5"
    args = ["run", root / "scenarios" / f"{scenario}.toml", "-o", out, *SHORT]
    for s in sets:
        args += ["--set", s]
    r = run_cli(ruralsim_bin, *args)
    assert r.returncode == 0, r.stderr
    return xr.open_dataset(out, engine="h5netcdf", group="year"), xr.open_dataset(out, engine="h5netcdf", group="month")


def test_joint_distribution_lowers_cost_per_parcel(ruralsim_bin, root, tmp_path):
    a, _ = run(ruralsim_bin, root, tmp_path, "separate", "logistics.joint_share_initial=0")
    b, _ = run(ruralsim_bin, root, tmp_path, "joint", "logistics.joint_share_initial=1")
    assert (b.cost_per_parcel.values < a.cost_per_parcel.values).all()
    assert (b.village_delivery_coverage.values >= a.village_delivery_coverage.values).all()


def test_seller_training_raises_rural_online_retail(ruralsim_bin, root, tmp_path):
    a, _ = run(ruralsim_bin, root, tmp_path, "none")
    b, _ = run(ruralsim_bin, root, tmp_path, "trained", "budget.ecommerce=3e8", "ecommerce.seller_training_share=1")
    assert a.rural_online_retail.values[0] == b.rural_online_retail.values[0]  # 2021: before funding
    assert (b.rural_online_retail.values[1:] > a.rural_online_retail.values[1:]).all()
    assert (b.agri_online_retail.values[1:] > a.agri_online_retail.values[1:]).all()
    assert b.sellers_trained.values[1:].sum() > 0 and a.sellers_trained.values.sum() == 0


def test_store_upgrades_raise_village_store_sales(ruralsim_bin, root, tmp_path):
    only_stores = ["facilities.township_share=0", "facilities.district_share=0", "facilities.station_share=0"]
    a, _ = run(ruralsim_bin, root, tmp_path, "plain", *only_stores)
    b, _ = run(ruralsim_bin, root, tmp_path, "upgraded", "budget.facilities=2e8", *only_stores)
    assert (b.upgraded_village_stores.values[1:] > 0).all()
    assert (b.village_store_sales.values[1:] > a.village_store_sales.values[1:]).all()


def test_no_delivery_means_no_online_purchases(ruralsim_bin, root, tmp_path):
    # No route pays (trips cost a fortune) and nobody can fetch parcels from the township.
    _, m = run(ruralsim_bin, root, tmp_path, "cut", "logistics.lastmile_trip_cost=100000", "logistics.max_pickup_km=0")
    # Service is decided at the end of each month (the month's last value is after the decision):
    # from the end of January 2021 no village is served.
    assert (m.village_delivery_coverage.values == 0).all()
    buys = m.rural_household_online_purchases.values
    assert buys[0] > 0 and (buys[1:] == 0).all()
    assert (m.parcels_up.values[1:] == 0).all()


def test_online_buying_from_outside_lowers_rural_retail(ruralsim_bin, root, tmp_path):
    """MODEL.md section 6: when rural sellers do not sell online, rural households shopping
    online (from sellers elsewhere) takes sales away from rural outlets: rural retail falls."""
    no_sellers = ["ecommerce.seller_share_initial=0", "ecommerce.seller_p=0", "online.rural_seller_share=0",
                  "ecommerce.seller_training_share=0"]
    a, _ = run(ruralsim_bin, root, tmp_path, "untrained", *no_sellers)
    b, _ = run(ruralsim_bin, root, tmp_path, "shoppers", "budget.ecommerce=3e8", *no_sellers)
    assert (b.rural_household_online_purchases.values[1:] > a.rural_household_online_purchases.values[1:]).all()
    assert (b.rural_online_retail.values == 0).all()
    assert (b.rural_retail_sales.values[1:] < a.rural_retail_sales.values[1:]).all()


def test_budget_is_spent_or_carried(ruralsim_bin, root, tmp_path):
    """Every yuan released is either spent or still unspent; alternatives release plan2022's total."""
    import tomllib

    y, _ = run(ruralsim_bin, root, tmp_path, "lf", scenario="logistics_first")
    projects = ("ecommerce", "logistics", "facilities", "sericulture", "exports", "assistance")
    spent = sum(float(y[f"spending_{p}"].sum()) for p in projects)
    assert all(float(y[f"spending_{p}"].sum()) > 0 for p in projects)
    budget = tomllib.loads((root / "scenarios" / "logistics_first.toml").read_text())["budget"]
    # The Xiushan package (plan2022's, inherited) is project 6 money too.
    package = tomllib.loads((root / "scenarios" / "plan2022.toml").read_text())["assistance"]["xiushan_package"]
    released = (sum(budget[p] for p in projects) + package) * 2  # 2022 and 2023
    assert spent + float(y.budget_unspent.values[-1]) == pytest.approx(released, rel=1e-9)
    assert y.spending_logistics.values[0] == 0  # nothing before the plan starts
