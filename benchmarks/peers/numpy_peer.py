#!/usr/bin/env python3
"""The household retail core of ruralsim, written as vectorised NumPy.

The way an economist would write the model in NumPy: households as arrays (one
element per agent, ordered by place), places (villages and urban
neighbourhoods, each with its village store) as arrays, one day = a handful
of whole-array operations; per-place sums with np.bincount. Same geography,
parameters and equations as models/src/*.cpp (see common.py); NumPy's own
random generator.

    python3 benchmarks/peers/numpy_peer.py scenarios/baseline.toml --scale 5000 --set run.end=2021-12-31 --core

(--core adds the neutral-core overrides common.CORE_SETS; without them the baseline
switches on mechanisms outside the core and the peer refuses it.)

prints a JSON object: households, days, wall seconds of the simulation loop
(setup excluded, as ruralsim's wall_seconds), and the yearly aggregates.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as cm  # noqa: E402


class NumpyModel:
    def __init__(self, p: cm.Params, seed: int = 1):
        self.p = p
        self.rng = np.random.default_rng(seed)
        self.geo = geo = cm.build_geography(cm.load_counties(p.counties_file), p, self.rng)
        P = geo.places
        self.agents, self.weight = cm.agents_per_place(geo, p)
        self.has = self.agents > 0
        # Households (setup_households): one array element per agent, ordered by place.
        self.place_h = np.repeat(np.arange(P), self.agents)
        n = self.n = len(self.place_h)
        self.urban_h = geo.place_urban[self.place_h]
        mean_income = cm.place_mean_income(geo, p)[self.place_h]
        self.income = cm.lognormal_mean(self.rng, mean_income, p.income_sigma, n).astype(np.float32)
        self.wealth = cm.lognormal_mean(self.rng,
                                        p.initial_wealth_months * self.income.astype(float) * p.persons / 12.0,
                                        p.wealth_sigma, n)
        self.adopted = self.rng.random(n) < np.where(self.urban_h, p.adoption_urban0, p.adoption_rural0)
        self.mpc_h = np.where(self.urban_h, p.mpc_urban, p.mpc_rural)
        self.goods_share_h = np.where(self.urban_h, p.goods_share_urban, p.goods_share_rural)
        self.village_adoption = self._adoption_share()
        # Village stores (setup_stores).
        rural = ~geo.place_urban
        self.open = rural & (self.rng.random(P) < p.store_initial_presence)
        self.upgraded = np.zeros(P, bool)
        self.loss_months = np.zeros(P, np.int64)
        daily_goods = (geo.place_households * p.income_rural * p.persons / 365.0 * p.mpc_rural * p.goods_share_rural
                       / 3.0)
        self.sales_ema = np.where(self.open, daily_goods / (1.0 + p.store_markup), 0.0)
        self.stock = p.store_stock_days * self.sales_ema
        self.cash = 10.0 * self.sales_ema
        self.month_profit = np.zeros(P)
        self.month_goods = np.zeros(P)
        self.restock_km = geo.place_km + geo.township_km[geo.place_township]
        self.township_cash = np.zeros(len(geo.township_county))
        self.district_cash = np.zeros(len(geo.counties))
        self.u0, self.fetch = cm.place_utilities(p, geo)
        self.ext_urban_w = cm.urban_weight(geo)
        # Parcel service per place and sorting-centre overload days per county (logistics.cpp).
        self.service = cm.initial_service(geo, p)
        self.sorting_cap = p.sorting_capacity * cm.county_households(geo)
        self.extra_days = np.zeros(len(geo.counties))

    def _adoption_share(self):
        adopters = np.bincount(self.place_h, weights=self.adopted, minlength=self.geo.places)
        return np.divide(adopters, self.agents, out=np.zeros(self.geo.places), where=self.has)

    def adoption(self, day: cm.Day):
        """Bass adoption, monthly, peers shrunk towards the township share (phase_adoption)."""
        geo, p = self.geo, self.p
        T = len(geo.township_county)
        t_adopt = np.bincount(geo.place_township, weights=self.village_adoption * self.agents, minlength=T)
        t_agents = np.bincount(geo.place_township, weights=self.agents, minlength=T)
        k = 20.0
        t_share = np.divide(t_adopt, t_agents, out=np.zeros(T), where=t_agents > 0)[geo.place_township]
        peers = (self.agents * self.village_adoption + k * t_share) / (self.agents + k)
        bass = (p.bass_p + p.bass_q * peers)[self.place_h]
        self.adopted |= self.rng.random(self.n) < bass
        self.village_adoption = np.where(self.has, self._adoption_share(), self.village_adoption)

    def households(self, day: cm.Day):
        """Income, buffer-stock consumption with seasonality and noise, channel demand, store sales."""
        p, geo = self.p, self.geo
        month_days = 365.25 / 12.0
        sigma = p.spending_noise
        if day.month_start:
            self.month_goods[:] = 0.0
        gf_u = cm.growth_factor(p.income_growth_urban, day.index) * p.persons / 365.0
        gf_r = cm.growth_factor(p.income_growth_rural, day.index) * p.persons / 365.0
        y = self.income * np.where(self.urban_h, gf_u, gf_r)
        w = self.wealth
        excess = np.maximum(0.0, w - p.buffer_months * y * month_days)
        noise = np.exp(sigma * self.rng.standard_normal(self.n) - 0.5 * sigma * sigma)
        c = (self.mpc_h * y + p.wealth_spend * excess / month_days) * day.season * noise
        c = np.minimum(c, w + y)
        self.wealth = w + y - c
        goods = c * self.goods_share_h
        P = geo.places
        goods_all = np.bincount(self.place_h, weights=goods, minlength=P)
        goods_a = np.bincount(self.place_h, weights=goods * self.adopted, minlength=P)
        goods_o = goods_all - goods_a
        sh_a, sh_o = cm.place_shares(p, geo, self.u0, self.fetch, self.open, self.upgraded, day.online_peak,
                                     self.service, self._days())
        demand = (goods_a[:, None] * sh_a + goods_o[:, None] * sh_o) * self.weight[:, None]
        self.month_goods += goods_all * self.weight
        # Village stores sell from stock; the rest of their demand goes to the township centre.
        m = 1.0 + p.store_markup
        sell = self.open & self.has
        sales = np.where(sell, np.minimum(demand[:, cm.VILLAGE], np.maximum(0.0, self.stock) * m), 0.0)
        self.stock -= sales / m
        self.cash += sales
        self.month_profit += sales - sales / m
        self.sales_ema = np.where(sell, 0.9 * self.sales_ema + 0.1 * demand[:, cm.VILLAGE] / m, self.sales_ema)
        return demand, sales

    def _days(self):
        return cm.delivery_days(self.p, self.geo, self.service, self.extra_days[self.geo.place_county])

    def restock(self):
        p = self.p
        target = p.store_stock_days * self.sales_ema
        order = np.where(self.open, np.maximum(0.0, target - self.stock), 0.0)
        go = order > 0
        trip = np.where(go, p.restock_trip_cost + p.restock_cost_per_km * self.restock_km, 0.0)
        self.stock += order
        self.cash -= order + trip
        self.month_profit -= trip

    def markets(self, day, demand, sales, acc):
        """Township centres, county districts, online sellers (local split, urban sellers' outside demand)."""
        p, geo = self.p, self.geo
        township = demand[:, cm.TOWNSHIP] + demand[:, cm.VILLAGE] - sales
        district = demand[:, cm.DISTRICT]
        online = demand[:, cm.ONLINE]
        mt, md = 1.0 + p.township_markup, 1.0 + p.district_markup
        self.township_cash += np.bincount(geo.place_township, weights=township - township / mt,
                                          minlength=len(self.township_cash))
        self.district_cash += np.bincount(geo.place_county, weights=district - district / md,
                                          minlength=len(self.district_cash))
        local = online.sum() * p.local_seller_share
        g = cm.growth_factor(p.external_online_growth, day.index) * day.external_season / 365.0 * \
            (1.0 + p.external_peak_boost if day.online_peak else 1.0)
        rural_online = local * p.rural_seller_share
        urban_online = local * (1.0 - p.rural_seller_share) + p.external_urban_online * g * self.ext_urban_w
        if day.month_end:
            self.township_cash[~geo.township_urban] -= p.township_fixed_cost
        vs, ts, ds = sales.sum(), township.sum(), district.sum()
        acc["rural_retail_sales"] += vs + ts + rural_online
        acc["urban_retail_sales"] += ds + urban_online
        acc["rural_household_online_purchases"] += online[~geo.place_urban].sum()
        acc["village_store_sales"] += vs
        acc["township_centre_sales"] += ts
        acc["county_district_sales"] += ds

    def logistics(self, day, demand):
        """Sorting-centre load (parcels bought online, rural and urban) sets tomorrow's extra
        delivery days; at month end the village services for the next month."""
        parcels = np.bincount(self.geo.place_county, weights=demand[:, cm.ONLINE] / self.p.parcel_value_down,
                              minlength=len(self.geo.counties))
        self.extra_days = cm.sorting_extra_days(parcels, self.sorting_cap)
        if day.month_end:
            self.service = cm.monthly_service(self.geo, self.p)

    def store_dynamics(self):
        """Month end: fixed costs, exit after losses, entry where demand covers the costs."""
        p, geo = self.p, self.geo
        m = 1.0 + p.store_markup
        rural = ~geo.place_urban
        was_open = self.open & rural
        self.cash[was_open] -= p.store_fixed_cost
        profit = self.month_profit - p.store_fixed_cost
        self.month_profit[was_open] = 0.0
        self.loss_months = np.where(was_open, np.where(profit < 0, self.loss_months + 1, 0), self.loss_months)
        close = was_open & (self.loss_months >= p.store_exit_months)
        cand = rural & ~self.open & self.has
        self.open[close] = False
        self.upgraded[close] = False
        if cand.any():
            sh_a, sh_o = cm.place_shares(p, geo, self.u0, self.fetch, np.ones(geo.places, bool),
                                         np.zeros(geo.places, bool), False, self.service, self._days())
            a = self.village_adoption
            share = a * sh_a[:, cm.VILLAGE] + (1 - a) * sh_o[:, cm.VILLAGE]
            margin = self.month_goods * share * (1.0 - 1.0 / m)
            costs = p.store_fixed_cost + 4.35 * (p.restock_trip_cost + p.restock_cost_per_km * self.restock_km)
            enter = cand & (margin > costs) & (self.rng.random(geo.places) < p.store_entry_rate)
            self.open[enter] = True
            self.loss_months[enter] = 0
            self.month_profit[enter] = 0.0
            self.stock[enter] = 0.0
            self.sales_ema[enter] = (self.month_goods * share / m / 30.0)[enter]

    def run(self) -> dict:
        p = self.p
        years = cm.years(p)
        out = {k: [0.0] * len(years) for k in cm.AGGREGATES}
        for day in cm.calendar(p):
            acc = dict.fromkeys(cm.AGGREGATES, 0.0)
            if day.month_start and day.index > 0:
                self.adoption(day)
            demand, sales = self.households(day)
            if day.week_start:
                self.restock()
            self.markets(day, demand, sales, acc)
            self.logistics(day, demand)
            if day.month_end:
                self.store_dynamics()
            for k, v in acc.items():
                out[k][day.year] += float(v)
        out["year"] = years
        return out


def main(argv=None):
    cm.cli(argv, __doc__, "numpy", NumpyModel, lambda model: int(model.n), lambda model, p: (p.end - p.start).days + 1)

if __name__ == "__main__":
    main()
