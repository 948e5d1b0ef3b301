#!/usr/bin/env python3
"""Performance of ruralsim side by side with the tools economists would use instead (issue #7).

One command, one machine, one invocation:

  * peers: ruralsim vs the Mesa peer and the NumPy peer (benchmarks/peers/) on the
    same workload, the neutral-core workload (baseline scenario with the overrides
    common.CORE_SETS that switch off what is not in the peers' household retail
    core, passed with --set to all three; same scale and days); wall time per
    household-day and the ratios. Simulation-loop times (ruralsim's own
    wall_seconds attribute; the peers' loop timer; setup excluded in all three)
    and end-to-end process times (hyperfine) are both reported;
  * ruralsim throughput (household-days/s) of the full default model (baseline,
    no overrides) at 1:1000, 1:100, 1:10 with 1 and 2 threads, the 2-thread speed-up, peak resident
    memory (GNU time %M) and bytes per additional household agent;
  * a STREAM-style triad bandwidth (benchmarks/triad.c compiled on the fly) and
    the bytes a household-day touches from the agent table layout, so the
    household phase can be placed against the memory roofline;
  * a phase profile (`ruralsim run --timings`) at the finest throughput scale, at 1:100
    and on the peers' workload: what limits each figure;
  * the 1-minute load average next to each absolute figure (the machine may be shared);
  * a 1:1 run (run.scale=1) of one simulated year (or the full 2021-2025 run);
  * the goals of issue #7, each met or not, with the measured figure.

    python3 benchmarks/harness.py                 # full (~4 min on 2 quiet cores), writes benchmarks/RESULTS.md
    python3 benchmarks/harness.py --quick         # CI: 1:1000 only, short Mesa run, ~1 min, prints only
    python3 benchmarks/harness.py --one-to-one full   # also the full 1:1 2021-2025 run (~2.5 min more)

The binary: --bin, else env RURALSIM_BIN, else build/release/apps/ruralsim, else
build-bench/apps/ruralsim.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
SCENARIO = ROOT / "scenarios" / "baseline.toml"
# The shipped baseline starts in 2019 (fitted on 2019-2021); every run of the full model here
# starts on the plan's base year, as the peer workload does (cm.CORE_SETS).
START = "2021-01-01"
PEERS = BENCH / "peers"
sys.path.insert(0, str(PEERS))
import common as cm  # noqa: E402

# Bytes of the household agent table touched per household-day in the household phase
# (models/include/ruralsim/models/model.hpp Households): income float (4 B read),
# wealth double (8 B read + 8 B written back), adopted uint8 (1 B read). Per-place data
# (weights, shares, rows) is amortised over a place's agents and is negligible at 1:100 and finer.
HH_BYTES_READ = 4 + 8 + 1
HH_BYTES_WRITTEN = 8
HH_BYTES_TOUCHED = HH_BYTES_READ + HH_BYTES_WRITTEN
HH_BYTES_HELD = 4 + 8 + 1  # Model::bytes_per_household()

GOALS = {
    "throughput": 30e6, "speedup": 1.8, "bytes": 200, "full_minutes": 10, "mesa": 100, "numpy": 5,
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def find_binary(arg):
    for cand in (arg, os.environ.get("RURALSIM_BIN"), ROOT / "build/release/apps/ruralsim",
                 ROOT / "build-bench/apps/ruralsim"):
        if cand and os.access(cand, os.X_OK):
            return str(cand)
    sys.exit("ruralsim binary not found: build it (see benchmarks/README.md) or pass --bin / set RURALSIM_BIN")


def machine():
    cpu = platform.processor()
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {mem:.0f} GiB, {cpu}, {platform.system()} {platform.release()}"


# --------------------------------------------------------------------------- ruralsim runs

def set_args(sets):
    return [a for kv in sets for a in ("--set", kv)]


def ruralsim(binary, scale, threads, end, out, seed=1, sets=()):
    """One run under GNU time: (agents, days, engine wall seconds, process seconds, peak RSS bytes,
    1-minute load average at the end).
    `sets`: extra overrides (cm.CORE_SETS for the peer workload; none for the full model)."""
    cmd = [binary, "run", str(SCENARIO), "-o", out, "-q", "--seed", str(seed), "--scale", str(scale),
           "--threads", str(threads), "--set", f"run.start={START}", "--set", f"run.end={end}", *set_args(sets)]
    timer = ["/usr/bin/time", "-f", "%M %e"] if os.access("/usr/bin/time", os.X_OK) else []
    t0 = time.perf_counter()
    proc = subprocess.run(timer + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"run failed: {' '.join(cmd)}\n{proc.stderr}")
    rss = int(proc.stderr.strip().splitlines()[-1].split()[0]) * 1024 if timer else float("nan")
    with h5py.File(out) as f:
        return (int(f.attrs["households"]), int(f.attrs["days"]), float(f.attrs["wall_seconds"]), elapsed, rss,
                os.getloadavg()[0])


def ruralsim_aggregates(path):
    with h5py.File(path) as f:
        return {k: [float(x) for x in f["year"][k][:]] for k in cm.AGGREGATES}


def throughput(binary, scales, repeats, end, tmp):
    rows = []
    for scale in scales:
        for threads in (1, 2):
            runs = [ruralsim(binary, scale, threads, end, os.path.join(tmp, "t.h5")) for _ in range(repeats[scale])]
            agents, days = runs[0][0], runs[0][1]
            secs = statistics.median(r[2] for r in runs)
            rss = max(r[4] for r in runs)
            rows.append(dict(scale=scale, threads=threads, agents=agents, days=days, seconds=secs,
                             rate=agents * days / secs, rss=rss, repeats=len(runs), load=os.getloadavg()[0]))
            log(f"  ruralsim 1:{scale:g} {threads}T: {agents} agents, {secs:.3f} s, "
                f"{agents * days / secs:.3g} hh-days/s")
    return rows


def phase_profile(binary, scale, threads, end, sets=()):
    """Wall seconds per phase (`ruralsim run --timings`), largest first."""
    cmd = [binary, "run", str(SCENARIO), "--no-output", "-q", "--timings", "--scale", str(scale),
           "--threads", str(threads), "--set", f"run.start={START}", "--set", f"run.end={end}",
           *set_args(sets)]
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"run failed: {' '.join(cmd)}\n{proc.stderr}")
    phases = []
    for line in proc.stderr.splitlines():
        parts = line.split()
        if len(parts) == 2 and line.startswith("  "):
            try:
                phases.append((parts[0], float(parts[1])))
            except ValueError:
                pass
    return dict(scale=scale, threads=threads, sets=bool(sets), load=os.getloadavg()[0],
                phases=sorted(phases, key=lambda x: -x[1]))


# --------------------------------------------------------------------------- triad

def triad(tmp, log2n):
    exe = os.path.join(tmp, "triad")
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        return None
    r = subprocess.run([cc, "-O3", "-march=native", "-fopenmp", str(BENCH / "triad.c"), "-o", exe],
                       capture_output=True, text=True)
    if r.returncode != 0:
        log(f"triad: compile failed: {r.stderr}")
        return None
    out = {}
    for threads in (1, 2):
        env = dict(os.environ, OMP_NUM_THREADS=str(threads), OMP_PROC_BIND="spread")
        out[threads] = float(subprocess.run([exe, str(log2n)], capture_output=True, text=True, env=env,
                                            check=True).stdout.split()[0])
    return out


# --------------------------------------------------------------------------- peers

def hyperfine(commands, runs, tmp, name):
    """End-to-end seconds (median) per command, with hyperfine when present."""
    if shutil.which("hyperfine"):
        js = os.path.join(tmp, f"{name}.json")
        cmd = ["hyperfine", "--style", "none", "--export-json", js]
        out = {}
        for label, (command, n) in commands.items():
            subprocess.run(cmd + ["--runs", str(n), "-n", label, command], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            with open(js) as f:
                out[label] = json.load(f)["results"][0]["median"]
        return out, "hyperfine"
    out = {}
    for label, (command, n) in commands.items():
        ts = []
        for _ in range(n):
            t0 = time.perf_counter()
            subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL)
            ts.append(time.perf_counter() - t0)
        out[label] = statistics.median(ts)
    return out, "perf_counter (hyperfine not found)"


def compare(binary, peer, scale, end, runs_peer, runs_rs, tmp):
    """ruralsim (1 and 2 threads) vs one peer on one workload (the neutral core: cm.CORE_SETS)."""
    q = lambda s: "'" + str(s) + "'"  # noqa: E731
    core = " ".join(f"--set {q(kv)}" for kv in cm.CORE_SETS)
    lines = os.path.join(tmp, f"{peer}_{scale}.jsonl")
    if os.path.exists(lines):
        os.remove(lines)
    peer_cmd = (f"{q(sys.executable)} {q(PEERS / f'{peer}_peer.py')} {q(SCENARIO)} --scale {scale} "
                f"--set run.end={end} {core} --bin {q(binary)} --out {q(lines)}")
    rs_out = os.path.join(tmp, f"rs_{scale}.h5")
    rs_cmd = lambda t: (f"{q(binary)} run {q(SCENARIO)} -o {q(rs_out)} -q --scale {scale} --threads {t} "  # noqa: E731
                        f"--set run.end={end} {core}")
    e2e, tool = hyperfine({peer: (peer_cmd, runs_peer), "ruralsim 1T": (rs_cmd(1), runs_rs),
                           "ruralsim 2T": (rs_cmd(2), runs_rs)}, None, tmp, f"{peer}_{scale}")
    with open(lines) as f:
        peer_runs = [json.loads(x) for x in f]
    loop = {peer: statistics.median(r["wall_seconds"] for r in peer_runs)}
    agents = peer_runs[0]["households"]
    days = peer_runs[0]["days"]
    for t in (1, 2):
        rs = [ruralsim(binary, scale, t, end, rs_out, sets=cm.CORE_SETS) for _ in range(runs_rs)]
        loop[f"ruralsim {t}T"] = statistics.median(r[2] for r in rs)
        # Same layout rule; drawn village sizes differ, so rounding may differ by a few agents (< 0.1 %).
        assert abs(rs[0][0] - agents) <= 1e-3 * agents, f"agents differ: ruralsim {rs[0][0]}, {peer} {agents}"
        rs_agents = rs[0][0]
    agg_rs = ruralsim_aggregates(rs_out)
    agree = {k: peer_runs[-1]["yearly"][k][0] / agg_rs[k][0] - 1 for k in cm.AGGREGATES}
    hd = {k: (agents if k == peer else rs_agents) * days for k in loop}
    res = dict(peer=peer, scale=scale, end=end, agents=agents, days=days, loop=loop, e2e=e2e, tool=tool,
               agree=agree, runs_peer=len(peer_runs), runs_rs=runs_rs, load=os.getloadavg()[0],
               ns_per_hd={k: v / hd[k] * 1e9 for k, v in loop.items()})
    # Ratios per household-day (agent counts may differ by a few).
    loop = {k: v / hd[k] * hd[peer] for k, v in loop.items()}
    res["loop"] = loop
    log(f"  {peer} 1:{scale:g} ({agents} agents x {days} days): loop {loop[peer]:.3f} s vs ruralsim 2T "
        f"{loop['ruralsim 2T']:.3f} s -> {loop[peer] / loop['ruralsim 2T']:.1f}x")
    return res


# --------------------------------------------------------------------------- report

def fmt_rate(x):
    return f"{x / 1e6:.1f}M"


def report(meta, tp, comps, tri, one, full, one1=None):
    L = []
    w = L.append
    w("# Benchmark results\n")
    w(f"Machine: {meta['machine']}; date: {meta['date']}.")
    w(f"Load average (1 min) at start / end: {meta['load'][0]:.2f} / {meta['load'][1]:.2f} "
      "(the machine is shared; a load above the core count means the timings include contention).")
    w(f"Binary: `{meta['binary']}` ({meta['build']}). Mode: {meta['mode']}. "
      f"Command: `{meta['command']}`. Total harness time {meta['total']:.0f} s.\n")
    w("All figures come from this one invocation on this machine. Workload: `scenarios/baseline.toml` "
      "from 2021-01-01, seed 1; *household-days* = household agents x simulated days. ruralsim throughput "
      "and the 1:1 runs are the full default model; ruralsim vs peers is the neutral-core workload "
      "(below).\n")

    w("## Goals (issue #7)\n")
    w("| goal | measured | met |")
    w("|---|---|---|")
    for g in meta["goals"]:
        w(f"| {g[0]} | {g[1]} | {g[2]} |")
    w("")

    w("## ruralsim vs peers (same workload)\n")
    w("Workload: the household retail core. Baseline with the overrides `benchmarks/peers/common.py` "
      "`CORE_SETS` (passed with `--set` to ruralsim and to the peers) that switch off what the peers do not "
      "model: rural online sellers, route costs of village parcel service (every village served daily), "
      "sorting-centre overload, upgraded township centres and business districts, the production modules' "
      "payments to households: `" + " ".join(cm.CORE_SETS) + "`.\n")
    w("Simulation-loop time (setup and output excluded for all: ruralsim's `wall_seconds` attribute, the "
      "peers' timer around their day loop), median over runs; end-to-end = whole process incl. start-up, "
      "set-up and output, median, timed by " + (comps[0]["tool"] if comps else "-") + ". The peers compute "
      "only the six city-wide yearly aggregates; ruralsim also keeps the ledger and ~25 indicators per "
      "county per day, so the comparison flatters the peers. NumPy is single-threaded.\n")
    w("| peer | scale | agents x days | peer ns/hh-day | ruralsim 1T ns/hh-day | ruralsim 2T ns/hh-day | "
      "loop ratio 1T | loop ratio 2T | end-to-end ratio 2T | runs peer/ruralsim | load |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    for c in comps:
        n = c["ns_per_hd"]
        w(f"| {c['peer']} | 1:{c['scale']:g} | {c['agents']} x {c['days']} | {n[c['peer']]:.0f} | "
          f"{n['ruralsim 1T']:.1f} | {n['ruralsim 2T']:.1f} | {c['loop'][c['peer']] / c['loop']['ruralsim 1T']:.1f}x | "
          f"{c['loop'][c['peer']] / c['loop']['ruralsim 2T']:.1f}x | "
          f"{c['e2e'][c['peer']] / c['e2e']['ruralsim 2T']:.1f}x | {c['runs_peer']}/{c['runs_rs']} | "
          f"{c['load']:.1f} |")
    w("")
    w("Equal work: the peers' yearly aggregates vs ruralsim's (same scale and days, seed 1 for both, different "
      "random generators; relative difference). `tests/python/test_peers.py` checks the agreement over "
      "several seeds with a tolerance derived from the seed-to-seed variation (below).\n")
    w("| peer | scale | " + " | ".join(cm.AGGREGATES) + " |")
    w("|---|---|" + "---|" * len(cm.AGGREGATES))
    for c in comps:
        w(f"| {c['peer']} | 1:{c['scale']:g} | " + " | ".join(f"{c['agree'][k]:+.2%}" for k in cm.AGGREGATES) + " |")
    w("")

    w("## ruralsim throughput\n")
    w("```")
    w(f"{'scale':>7} {'threads':>7} {'agents':>10} {'days':>5} {'seconds':>8} {'hh-days/s':>10} {'peak MiB':>9} "
      f"{'2T/1T':>6} {'runs':>4} {'load':>5}")
    for r in tp:
        sp = ""
        if r["threads"] == 2:
            one_t = next(x for x in tp if x["scale"] == r["scale"] and x["threads"] == 1)
            sp = f"{one_t['seconds'] / r['seconds']:.2f}"
        w(f"{r['scale']:>7g} {r['threads']:>7} {r['agents']:>10} {r['days']:>5} {r['seconds']:>8.3f} "
          f"{r['rate']:>10.3g} {r['rss'] / 2**20:>9.1f} {sp:>6} {r['repeats']:>4} {r['load']:>5.1f}")
    w("```\n")
    w("(load: 1-minute load average after the runs of the row; 2 cores.)\n")
    w(meta["bytes_text"] + "\n")

    if one or full:
        w("## 1:1 runs (run.scale=1, one household agent per real household)\n")
        w("| run | agents | days | engine seconds | process seconds | hh-days/s | peak MiB | load |")
        w("|---|---|---|---|---|---|---|---|")
        for label, r in (("2021 (one year), 1 thread", one1), ("2021 (one year), 2 threads", one),
                         ("2021-2025 (full), 2 threads", full)):
            if r:
                w(f"| {label} | {r[0]} | {r[1]} | {r[2]:.1f} | {r[3]:.1f} | {fmt_rate(r[0] * r[1] / r[2])} | "
                  f"{r[4] / 2**20:.0f} | {r[5]:.1f} |")
        w("")

    if meta.get("profiles"):
        w("## What limits each figure: phase profile\n")
        w("Wall seconds per phase (`ruralsim run --timings`, the scheduler's own timers), largest first, "
          "with the share of the simulation loop.\n")
        for pr in meta["profiles"]:
            total = sum(t for _, t in pr["phases"]) or 1.0
            what = "neutral-core workload (peers)" if pr["sets"] else "full default model"
            w(f"- 1:{pr['scale']:g}, {pr['threads']} thread{'s' if pr['threads'] > 1 else ''}, {what}, 2021 "
              f"(load {pr['load']:.1f}): " + ", ".join(f"{n} {t:.3f} s ({t / total:.0%})" for n, t in pr["phases"][:5]))
        w("")
    w("## Memory bandwidth and the household phase\n")
    if tri:
        w(f"STREAM-style triad (`benchmarks/triad.c`, gcc -O3 -march=native -fopenmp, 3 arrays of "
          f"{meta['triad_mib']} MiB, best of 10, 24 B/element): **{tri[1] / 1e9:.1f} GB/s** with 1 thread, "
          f"**{tri[2] / 1e9:.1f} GB/s** with 2.\n")
    w(f"Bytes a household-day touches in the agent table (model.hpp `Households`): income float 4 B + wealth "
      f"double 8 B + adopted uint8 1 B read, wealth 8 B written: **{HH_BYTES_TOUCHED} B/household-day** "
      f"({HH_BYTES_HELD} B held per agent). Per-place rows, shares and weights are amortised over a place's "
      f"agents (about {meta['agents_per_place']:.1f} agents per place at 1:{meta['big_scale']:g}).\n")
    w(meta["roofline_text"] + "\n")
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin")
    ap.add_argument("--quick", action="store_true", help="CI mode: 1:1000 only, short Mesa run (~1 min); prints, "
                                                         "writes RESULTS.md only with --results")
    ap.add_argument("--one-to-one", choices=["none", "year", "full"], default=None,
                    help="1:1 run: one year (default in full mode), the full 2021-2025 run, or none (quick default)")
    ap.add_argument("--results", help="write the report here (default benchmarks/RESULTS.md in full mode)")
    args = ap.parse_args()
    t_start = time.perf_counter()
    load0 = os.getloadavg()[0]
    binary = find_binary(args.bin)
    quick = args.quick
    one_to_one = args.one_to_one or ("none" if quick else "year")
    results = args.results or (None if quick else str(BENCH / "RESULTS.md"))
    year_end = "2021-12-31"
    if quick:
        scales, repeats = [1000], {1000: 3}
        peer_plan = [("numpy", 5000, year_end, 3, 3), ("mesa", 5000, "2021-02-28", 1, 3)]
        triad_log2 = 25
    else:
        scales, repeats = [1000, 100, 10], {1000: 5, 100: 3, 10: 1}
        peer_plan = [("mesa", 5000, year_end, 1, 5), ("numpy", 5000, year_end, 3, 5),
                     ("numpy", 100, year_end, 3, 5), ("numpy", 10, year_end, 1, 1)]
        triad_log2 = 26

    with tempfile.TemporaryDirectory() as tmp:
        log("triad bandwidth ...")
        tri = triad(tmp, triad_log2)
        log("ruralsim throughput ...")
        tp = throughput(binary, scales, repeats, year_end, tmp)
        log("peers ...")
        comps = [compare(binary, peer, scale, end, rp, rr, tmp) for peer, scale, end, rp, rr in peer_plan]
        log("phase profiles ...")
        prof_scales = [(scales[-1], ()), (5000, cm.CORE_SETS)] if quick else \
            [(scales[-1], ()), (100, ()), (5000, cm.CORE_SETS)]
        profiles = [phase_profile(binary, sc, 2, year_end, sets) for sc, sets in prof_scales]
        one = full = one1 = None
        if one_to_one in ("year", "full"):
            log("1:1 one year (1 and 2 threads) ...")
            one1 = ruralsim(binary, 1, 1, year_end, os.path.join(tmp, "one.h5"))
            one = ruralsim(binary, 1, 2, year_end, os.path.join(tmp, "one.h5"))
        if one_to_one == "full":
            log("1:1 full 2021-2025 (2 threads) ...")
            full = ruralsim(binary, 1, 2, "2025-12-31", os.path.join(tmp, "full.h5"))

    # Bytes per additional agent: smallest vs largest agent count at 1 thread (1:1 when measured).
    one_t = sorted((r for r in tp if r["threads"] == 1), key=lambda r: r["agents"])
    pts = [(r["agents"], r["rss"]) for r in one_t] + ([(one[0], one[4])] if one else [])
    pts.sort()
    bpa = (pts[-1][1] - pts[0][1]) / (pts[-1][0] - pts[0][0]) if len(pts) >= 2 and pts[-1][0] > pts[0][0] else None
    bytes_text = (f"Bytes per additional household agent (peak RSS difference between {pts[0][0]} and {pts[-1][0]} "
                  f"agents): **{bpa:.0f} B** (the agent table itself holds {HH_BYTES_HELD} B per agent)."
                  if bpa is not None else "Bytes per additional household agent: needs two scales (full mode).")

    big = max(tp, key=lambda r: (r["agents"], r["threads"]))
    big1 = next(r for r in tp if r["scale"] == big["scale"] and r["threads"] == 1)
    rate2 = big["rate"]
    speedup = big1["seconds"] / big["seconds"]
    roof = tri[2] / HH_BYTES_TOUCHED if tri else None
    roofline_text = (f"Memory roofline for the household phase at 2 threads: {tri[2] / 1e9:.1f} GB/s / "
                     f"{HH_BYTES_TOUCHED} B = {fmt_rate(roof)} household-days/s. Measured (whole model, "
                     f"1:{big['scale']:g}, 2 threads): {fmt_rate(rate2)} household-days/s, i.e. "
                     f"{rate2 * HH_BYTES_TOUCHED / 1e9:.2f} GB/s of agent-table traffic, {rate2 / roof:.0%} of the "
                     f"triad bandwidth: the household phase is bound by "
                     f"arithmetic (per household-day one Philox4x32-10 block and a polynomial log, sqrt, cos and "
                     f"exp, vectorised over batches of households, about half the phase; the budgets, eight households "
                     f"at a time with AVX-512; then the per-place sums in household order, a chain of additions that "
                     f"cannot be reordered without changing the bits) and, at coarse scales, by the per-place and "
                     f"serial phases (profile above), not by memory." if tri else "Triad: no C compiler found.")
    goals = []
    goals.append(("≥ 30M household-days/s with 2 threads", f"{fmt_rate(rate2)} at 1:{big['scale']:g}"
                  + (f"; {fmt_rate(one[0] * one[1] / one[2])} at 1:1" if one else ""),
                  "yes" if rate2 >= GOALS["throughput"] else "no"))
    # Thread scaling at the finest scale measured: 1:1 (one year) when run, else the finest throughput scale.
    speedup1 = one1[2] / one[2] if one1 and one else None
    best = speedup1 if speedup1 is not None else speedup
    goals.append(("≥ 1.8x from 1 to 2 threads", f"{speedup:.2f}x at 1:{big['scale']:g}"
                  + (f"; {speedup1:.2f}x at 1:1 (engine seconds {one1[2]:.1f} / {one[2]:.1f})" if speedup1 else ""),
                  "yes" if best >= GOALS["speedup"] else "no"))
    goals.append(("≤ 200 bytes per additional household", f"{bpa:.0f} B" if bpa is not None else "not measured",
                  ("yes" if bpa <= GOALS["bytes"] else "no") if bpa is not None else "not measured"))
    if full:
        goals.append(("1:1 full 2021-2025 run < 10 min", f"{full[3] / 60:.1f} min ({full[0]} agents, {full[1]} days, "
                      f"{full[4] / 2**30:.2f} GiB peak)", "yes" if full[3] < 600 else "no"))
    else:
        goals.append(("1:1 full 2021-2025 run < 10 min", "not measured in this invocation ("
                      + (f"1:1 one year: {one[3]:.0f} s" if one else "no 1:1 run") + "); run with --one-to-one full",
                      "not measured"))
    for peer, target in (("mesa", GOALS["mesa"]), ("numpy", GOALS["numpy"])):
        cs = [c for c in comps if c["peer"] == peer]
        if cs:
            ratios = [(c["loop"][peer] / c["loop"]["ruralsim 2T"], c["scale"]) for c in cs]
            worst = min(ratios)
            goals.append((f"≥ {target}x faster than {'Mesa' if peer == 'mesa' else 'NumPy'} per household-day",
                          ", ".join(f"{r:.3g}x at 1:{s:g}" for r, s in ratios) + " (2 threads, simulation loop; "
                          + ", ".join(f"{c['loop'][peer] / c['loop']['ruralsim 1T']:.3g}x at 1:{c['scale']:g}"
                                      for c in cs) + " with 1 thread)",
                          "yes" if worst[0] >= target else "no"))
    build = "unknown build"
    cache = Path(binary).resolve().parents[1] / "CMakeCache.txt"
    if cache.exists():
        lines = cache.read_text().splitlines()
        bt = [line.split("=", 1)[1] for line in lines if line.startswith("CMAKE_BUILD_TYPE:")]
        cxx = [line.split("=", 1)[1] for line in lines if line.startswith("CMAKE_CXX_COMPILER:")]
        build = f"CMAKE_BUILD_TYPE={bt[0] if bt else '?'}, {cxx[0] if cxx else '?'}"
    agents_per_place = big["agents"] / 8736 if big else 0
    try:
        p = cm.load(SCENARIO, cm.CORE_SETS, binary=binary)
        geo = cm.build_geography(cm.load_counties(p.counties_file), p, __import__("numpy").random.default_rng(1))
        agents_per_place = big["agents"] / geo.places
    except Exception:  # noqa: BLE001
        pass
    meta = dict(machine=machine(), date=dt.date.today().isoformat(), binary=os.path.relpath(binary, ROOT),
                build=build, mode="quick" if quick else "full",
                command="python3 benchmarks/harness.py " + " ".join(sys.argv[1:]),
                total=time.perf_counter() - t_start, load=(load0, os.getloadavg()[0]), goals=goals,
                bytes_text=bytes_text, roofline_text=roofline_text, profiles=profiles,
                triad_mib=2 ** triad_log2 * 8 // 2**20, agents_per_place=agents_per_place, big_scale=big["scale"])
    text = report(meta, tp, comps, tri, one, full, one1)
    print(text)
    if results:
        Path(results).write_text(text + "\n")
        log(f"written {results}")


if __name__ == "__main__":
    main()
