#!/usr/bin/env python3
"""The household retail core of ruralsim, written with Mesa 3 in the usual idiom.

Agents are Python objects (`mesa.Agent`): households, places (a village with
its convenience store, or an urban neighbourhood), township centres, county
business districts and the online sellers; the model (`mesa.Model`) steps them
by type with AgentSet.do each day. Same geography, parameters and equations as
models/src/*.cpp (see common.py; the geography is drawn with NumPy and then
turned into agents); per-agent draws use Mesa's `self.random` (Python's
Mersenne Twister), as Mesa models do.

    python3 benchmarks/peers/mesa_peer.py scenarios/baseline.toml --scale 20000 --set run.end=2021-12-31 --core

prints a JSON object like numpy_peer.py. Mesa is slow: measure it at coarse
scales only.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import mesa
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as cm  # noqa: E402

MONTH_DAYS = 365.25 / 12.0
PEER_PRIOR = 20.0


def logit(u, avail):
    top = max(x for x, a in zip(u, avail, strict=True) if a)
    e = [math.exp(x - top) if a else 0.0 for x, a in zip(u, avail, strict=True)]
    s = sum(e)
    return [x / s for x in e]


class Household(mesa.Agent):
    def __init__(self, model, place, income, wealth, adopted):
        super().__init__(model)
        self.place = place
        self.income = income
        self.wealth = wealth
        self.adopted = adopted

    def step(self):
        m, pl = self.model, self.place
        y = self.income * pl.gf
        excess = max(0.0, self.wealth - m.p.buffer_months * y * MONTH_DAYS)
        sigma = m.p.spending_noise
        c = (pl.mpc * y + m.p.wealth_spend * excess / MONTH_DAYS) * m.today.season * \
            math.exp(sigma * self.random.gauss(0.0, 1.0) - 0.5 * sigma * sigma)
        c = min(c, self.wealth + y)
        self.wealth += y - c
        if self.adopted:
            pl.goods_a += c * pl.goods_share
        else:
            pl.goods_o += c * pl.goods_share

    def consider_adopting(self, bass):
        if not self.adopted and self.random.random() < bass:
            self.adopted = True


class TownshipCentre(mesa.Agent):
    def __init__(self, model, county, urban, county_km):
        super().__init__(model)
        self.county, self.urban, self.county_km = county, urban, county_km
        self.cash = 0.0

    def sell(self, amount):
        self.cash += amount - amount / (1.0 + self.model.p.township_markup)
        self.model.today_sales["township"] += amount

    def month_end(self):
        if not self.urban:
            self.cash -= self.model.p.township_fixed_cost


class CountyDistrict(mesa.Agent):
    def __init__(self, model, county):
        super().__init__(model)
        self.county = county
        self.cash = 0.0

    def sell(self, amount):
        self.cash += amount - amount / (1.0 + self.model.p.district_markup)
        self.model.today_sales["district"] += amount


class OnlineSellers(mesa.Agent):
    """Chongqing's rural and urban online sellers: the local purchases split, plus the urban
    sellers' outside buyers (rural sellers' own outside sales are not in the core)."""

    def __init__(self, model):
        super().__init__(model)
        self.rural_sales = self.urban_sales = self.outside = 0.0
        self.local = 0.0

    def buy_from(self, amount, rural_buyer, county):
        p = self.model.p
        local = amount * p.local_seller_share
        self.local += local
        self.outside += amount - local
        self.model.county_parcels[county] += amount / p.parcel_value_down
        if rural_buyer:
            self.model.today_sales["rural_household_online"] += amount

    def settle(self, day):
        p, m = self.model.p, self.model
        g = cm.growth_factor(p.external_online_growth, day.index) * day.external_season / 365.0 * \
            (1.0 + p.external_peak_boost if day.online_peak else 1.0)
        self.rural_sales = self.local * p.rural_seller_share
        self.urban_sales = self.local * (1.0 - p.rural_seller_share) + p.external_urban_online * g * m.ext_urban_w
        self.local = 0.0


class Place(mesa.Agent):
    """A village (with its convenience store) or an urban neighbourhood."""

    def __init__(self, model, township, district, urban, households, km, u0, fetch, weight, service):
        super().__init__(model)
        p = model.p
        self.township, self.district, self.urban = township, district, urban
        self.real_households, self.km, self.weight = households, km, weight
        self.u0, self.fetch = list(u0), fetch
        self.service = service  # parcel service (cm.DAILY ...)
        self.residents = []
        self.mpc = p.mpc_urban if urban else p.mpc_rural
        self.goods_share = p.goods_share_urban if urban else p.goods_share_rural
        self.gf = 0.0
        self.goods_a = self.goods_o = 0.0
        self.adoption = 0.0
        self.month_goods = 0.0
        # the village store
        self.open = self.upgraded = False
        self.loss_months = 0
        self.stock = self.cash = self.sales_ema = self.month_profit = 0.0
        self.restock_km = km + township.county_km

    def shares(self, store_open, upgraded, peak):
        p = self.model.p
        u = list(self.u0)
        if upgraded:
            u[cm.VILLAGE] += p.beta_variety * p.store_upgrade_variety
        days = p.delivery_days_base + self.model.extra_days[self.district.county]
        if not self.urban:
            if self.service != cm.DAILY:
                days += p.delivery_days_periodic
            if self.service == cm.PICKUP:
                u[cm.ONLINE] -= self.fetch
        u[cm.ONLINE] -= p.beta_delivery * days
        if peak:
            u[cm.ONLINE] += p.online_peak_utility
        avail = [False, False, True, True] if self.urban else [store_open, True, True, self.service != cm.NO_SERVICE]
        adopter = logit(u, avail)
        avail[cm.ONLINE] = False
        return adopter, logit(u, avail)

    def adopt(self):
        if not self.residents:
            return
        m, p = self.model, self.model.p
        n = len(self.residents)
        t = self.township
        peers = (n * self.adoption + PEER_PRIOR * m.township_adoption[t.unique_id]) / (n + PEER_PRIOR)
        bass = p.bass_p + p.bass_q * peers
        for h in self.residents:
            h.consider_adopting(bass)
        self.adoption = sum(h.adopted for h in self.residents) / n

    def begin_day(self):
        m = self.model
        self.gf = m.gf_urban if self.urban else m.gf_rural
        self.goods_a = self.goods_o = 0.0
        if m.today.month_start:
            self.month_goods = 0.0

    def trade(self):
        if not self.residents:
            return
        m, p = self.model, self.model.p
        adopter, other = self.shares(self.open, self.upgraded, m.today.online_peak)
        demand = [(self.goods_a * a + self.goods_o * o) * self.weight for a, o in zip(adopter, other, strict=True)]
        self.month_goods += (self.goods_a + self.goods_o) * self.weight
        sales = 0.0
        if self.open:
            mk = 1.0 + p.store_markup
            sales = min(demand[cm.VILLAGE], max(0.0, self.stock) * mk)
            self.stock -= sales / mk
            self.cash += sales
            self.month_profit += sales - sales / mk
            self.sales_ema = 0.9 * self.sales_ema + 0.1 * demand[cm.VILLAGE] / mk
            m.today_sales["village"] += sales
        self.township.sell(demand[cm.TOWNSHIP] + demand[cm.VILLAGE] - sales)
        self.district.sell(demand[cm.DISTRICT])
        m.online.buy_from(demand[cm.ONLINE], not self.urban, self.district.county)

    def restock(self):
        if not self.open:
            return
        p = self.model.p
        order = max(0.0, p.store_stock_days * self.sales_ema - self.stock)
        if order <= 0.0:
            return
        trip = p.restock_trip_cost + p.restock_cost_per_km * self.restock_km
        self.stock += order
        self.cash -= order + trip
        self.month_profit -= trip

    def month_end(self):
        if self.urban:
            return
        p = self.model.p
        mk = 1.0 + p.store_markup
        if self.open:
            self.cash -= p.store_fixed_cost
            profit = self.month_profit - p.store_fixed_cost
            self.month_profit = 0.0
            self.loss_months = self.loss_months + 1 if profit < 0 else 0
            if self.loss_months >= p.store_exit_months:
                self.open = self.upgraded = False
        elif self.residents:
            adopter, other = self.shares(True, False, False)
            a = self.adoption
            share = a * adopter[cm.VILLAGE] + (1 - a) * other[cm.VILLAGE]
            margin = self.month_goods * share * (1.0 - 1.0 / mk)
            costs = p.store_fixed_cost + 4.35 * (p.restock_trip_cost + p.restock_cost_per_km * self.restock_km)
            if margin > costs and self.random.random() < p.store_entry_rate:
                self.open = True
                self.loss_months = 0
                self.month_profit = self.stock = 0.0
                self.sales_ema = self.month_goods * share / mk / 30.0


class RetailModel(mesa.Model):
    def __init__(self, p: cm.Params, seed: int = 1):
        super().__init__(seed=seed)
        self.p = p
        rng = np.random.default_rng(seed)
        geo = cm.build_geography(cm.load_counties(p.counties_file), p, rng)
        agents, weight = cm.agents_per_place(geo, p)
        u0, fetch = cm.place_utilities(p, geo)
        service = cm.initial_service(geo, p)
        mean_income = cm.place_mean_income(geo, p)
        self.ext_urban_w = cm.urban_weight(geo)
        self.geo = geo
        # Sorting centres: capacity and today's parcels per county; overload days for tomorrow.
        self.sorting_cap = p.sorting_capacity * cm.county_households(geo)
        self.county_parcels = [0.0] * len(geo.counties)
        self.extra_days = [0.0] * len(geo.counties)
        self.districts = [CountyDistrict(self, c) for c in range(len(geo.counties))]
        self.townships = [TownshipCentre(self, int(c), bool(u), float(k))
                          for c, u, k in zip(geo.township_county, geo.township_urban, geo.township_km, strict=True)]
        self.online = OnlineSellers(self)
        self.places = []
        for i in range(geo.places):
            urban = bool(geo.place_urban[i])
            pl = Place(self, self.townships[geo.place_township[i]], self.districts[geo.place_county[i]], urban,
                       float(geo.place_households[i]), float(geo.place_km[i]), u0[i], float(fetch[i]),
                       float(weight[i]), int(service[i]))
            self.places.append(pl)
            a0 = p.adoption_urban0 if urban else p.adoption_rural0
            for _ in range(agents[i]):
                y = float(np.float32(mean_income[i] * math.exp(p.income_sigma * self.random.gauss(0, 1)
                                                               - 0.5 * p.income_sigma ** 2)))
                w0 = p.initial_wealth_months * y * p.persons / 12.0
                w = w0 * math.exp(p.wealth_sigma * self.random.gauss(0, 1) - 0.5 * p.wealth_sigma ** 2)
                pl.residents.append(Household(self, pl, y, w, self.random.random() < a0))
            if pl.residents:
                pl.adoption = sum(h.adopted for h in pl.residents) / len(pl.residents)
            if not urban and self.random.random() < p.store_initial_presence:
                pl.open = True
                daily = (pl.real_households * p.income_rural * p.persons / 365.0 * p.mpc_rural * p.goods_share_rural
                         / 3.0)
                pl.sales_ema = daily / (1.0 + p.store_markup)
                pl.stock = p.store_stock_days * pl.sales_ema
                pl.cash = 10.0 * pl.sales_ema
        self.calendar = cm.calendar(p)
        self.today = self.calendar[0]
        self.years = cm.years(p)
        self.yearly = {k: [0.0] * len(self.years) for k in cm.AGGREGATES}
        self.today_sales = {}
        self.township_adoption = {}

    def step(self):
        day = self.today = self.calendar[self.steps - 1]  # Mesa 3 counts steps from 1
        p = self.p
        self.gf_urban = cm.growth_factor(p.income_growth_urban, day.index) * p.persons / 365.0
        self.gf_rural = cm.growth_factor(p.income_growth_rural, day.index) * p.persons / 365.0
        self.today_sales = dict.fromkeys(["village", "township", "district", "rural_household_online"], 0.0)
        places = self.agents_by_type[Place]
        if day.month_start and day.index > 0:
            num, den = {}, {}
            for pl in places:
                n = len(pl.residents)
                k = pl.township.unique_id
                num[k] = num.get(k, 0.0) + pl.adoption * n
                den[k] = den.get(k, 0.0) + n
            self.township_adoption = {k: num[k] / den[k] if den[k] else 0.0 for k in num}
            places.do("adopt")
        places.do("begin_day")
        self.agents_by_type[Household].do("step")
        places.do("trade")
        if day.week_start:
            places.do("restock")
        self.online.settle(day)
        self.extra_days = [float(x) for x in cm.sorting_extra_days(np.array(self.county_parcels), self.sorting_cap)]
        self.county_parcels = [0.0] * len(self.county_parcels)
        if day.month_end:
            for pl, s in zip(self.places, cm.monthly_service(self.geo, p), strict=True):
                pl.service = int(s)
            self.agents_by_type[TownshipCentre].do("month_end")
            places.do("month_end")
        s, y = self.today_sales, self.yearly
        y["rural_retail_sales"][day.year] += s["village"] + s["township"] + self.online.rural_sales
        y["urban_retail_sales"][day.year] += s["district"] + self.online.urban_sales
        y["rural_household_online_purchases"][day.year] += s["rural_household_online"]
        y["village_store_sales"][day.year] += s["village"]
        y["township_centre_sales"][day.year] += s["township"]
        y["county_district_sales"][day.year] += s["district"]

    def run(self) -> dict:
        for _ in self.calendar:
            self.step()
        return dict(self.yearly, year=self.years)


def main(argv=None):
    cm.cli(argv, __doc__, "mesa", RetailModel, lambda model: len(model.agents_by_type[Household]),
           lambda model, p: len(model.calendar))

if __name__ == "__main__":
    main()
