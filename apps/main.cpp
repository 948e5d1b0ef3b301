// The `ruralsim` command-line program: run, validate, params.

#include <unistd.h>

#include <boost/program_options.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "compare.hpp"
#include "ruralsim/models/model.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/models/targets.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/isolate.hpp"
#include "ruralsim/sim/resources.hpp"

namespace po = boost::program_options;
using namespace ruralsim;

namespace {

const char* kUsage =
    "usage: ruralsim <command> [options]\n\n"
    "commands:\n"
    "  run SCENARIO       run a scenario and write its HDF5 output\n"
    "  resume CHECKPOINT  continue a run from its checkpoint (run --checkpoint) to the end\n"
    "  validate SCENARIO  check a scenario file without running it\n"
    "  compare A.h5 B.h5  yearly indicators and targets side by side, paired differences\n"
    "  params             list every scenario key (--markdown for docs)\n\n"
    "`ruralsim <command> --help` describes each command's options.\n";

/// Applies `--set key=value` overrides.
void apply_overrides(sim::Scenario& sc, const std::vector<std::string>& sets) {
    for (const auto& kv : sets) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) throw Error("--set expects KEY=VALUE, got '" + kv + "'");
        sc.set(kv.substr(0, eq), kv.substr(eq + 1));
    }
}

std::string fmt(double v, const char* f) {
    if (!std::isfinite(v)) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

void print_summary(const models::Model& m, const std::string& name, std::uint64_t seed, const std::string& out) {
    std::printf("\nruralsim: scenario %s, seed %llu, %zu household agents, %d threads, %.1f s\n", name.c_str(),
                static_cast<unsigned long long>(seed), m.household_agents(), m.threads(), m.wall_seconds());
    std::printf("retail sales of consumer goods, counted where the seller is (100 million yuan; growth in %%)\n\n");
    std::printf("  year   rural retail  growth   urban retail  growth   gap (pp)  rural online  village stores\n");
    for (const auto& r : m.yearly()) {
        std::printf("  %4d  %12s  %6s  %13s  %6s  %9s  %12s  %14s\n", r.year, fmt(r.rural_retail / 1e8, "%.1f").c_str(),
                    fmt(r.rural_growth, "%+.1f").c_str(), fmt(r.urban_retail / 1e8, "%.1f").c_str(),
                    fmt(r.urban_growth, "%+.1f").c_str(), fmt(r.gap, "%+.2f").c_str(),
                    fmt(r.rural_online / 1e8, "%.1f").c_str(), fmt(r.village_stores, "%.0f").c_str());
    }
    double worst = 0;
    for (double r : m.ledger_residual()) worst = std::max(worst, r);
    const models::TargetReport report = models::evaluate_targets(m.indicators());
    int above = 0, years = 0;
    for (const auto& y : report.t8)
        if (y.year > models::kPlanBaseYear && y.year <= models::kPlanTargetYear && y.met >= 0) {
            ++years;
            above += y.met;
        }
    std::printf("\n  rural retail growth above urban in %d of %d plan years %d-%d (target T8: every year)\n", above,
                years, models::kPlanBaseYear + 1, models::kPlanTargetYear);
    std::printf(
        "\n  targets for 2025                                                         value   threshold  met\n");
    for (const auto& t : report.targets)
        std::printf("  %-3s %-68.68s %9s %11s  %s\n", t.id.c_str(), t.description.c_str(), fmt(t.value, "%.4g").c_str(),
                    fmt(t.threshold, "%.4g").c_str(),
                    t.met == 1   ? "yes"
                    : t.met == 0 ? "no"
                                 : "n/a (not modelled yet)");
    std::printf("  ledger: largest daily money imbalance %.3g yuan\n", worst);
    if (!out.empty()) std::printf("  output: %s\n", out.c_str());
}

/// Fails before the run, not after it, when `path` cannot be written.
void check_writable(const std::string& path, const char* what) {
    const auto dir = std::filesystem::path(path).parent_path();
    if (!dir.empty() && !std::filesystem::is_directory(dir))
        throw Error(std::string(what) + " folder '" + dir.string() + "' does not exist");
    if (std::filesystem::is_directory(path))
        throw Error(std::string(what) + " '" + path + "' is a folder; give a file name");
}

/// Runs (or continues) the model with a progress bar on a terminal.
void run_model(models::Model& model, bool quiet, const models::Checkpointing* checkpoint) {
    const bool tty = !quiet && ::isatty(2);
    int last = -1;
    model.run(
        [&](int day, int days) {
            if (!tty) return;
            const int pct = 100 * day / days;
            if (pct == last) return;
            last = pct;
            const int w = 40, fill = w * day / days;
            std::fprintf(stderr, "\r[%.*s%*s] %3d%%  %s", fill, "########################################", w - fill,
                         "", pct, model.calendar().date(day - 1).iso().c_str());
            if (day == days) std::fprintf(stderr, "\n");
        },
        checkpoint);
}

int cmd_run(const std::vector<std::string>& args) {
    po::options_description opts("ruralsim run SCENARIO [options]");
    std::string scenario, output;
    std::string seed_text = "1";
    int threads = 0;
    double scale = 0;
    std::vector<std::string> sets;
    std::string checkpoint, every, memory;
    opts.add_options()("help,h", "show this help")(
        "output,o", po::value(&output),
        "HDF5 output file (default: the scenario file's name with .h5, in the current folder)")(
        "seed", po::value(&seed_text)->default_value("1"),
        "random seed, 0 or more (same seed + scenario = identical output)")(
        "threads", po::value(&threads)->default_value(0),
        "worker threads (0 = all cores); output does not depend on it")(
        "scale", po::value(&scale), "real households per agent (overrides run.scale)")(
        "set", po::value(&sets)->composing(), "override a scenario key: --set household.mpc_rural=0.8 (repeatable)")(
        "no-output", "do not write an HDF5 file")("quiet,q", "no progress bar and no summary")(
        "timings", "print the wall time of each phase (to stderr)")(
        "checkpoint", po::value(&checkpoint),
        "save the complete model state to this HDF5 file every --checkpoint-every "
        "(replaced atomically); continue with `ruralsim resume FILE`")(
        "checkpoint-every", po::value(&every), "checkpoint period: 90d (days), 6m (calendar months), 1y (years)")(
        "memory-limit", po::value(&memory),
        "refuse runs estimated above this many bytes (512M, 2G; default "
        "RURALSIM_MEMORY_LIMIT, else the available memory)");
    po::options_description hidden;
    hidden.add_options()("scenario", po::value(&scenario));
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("scenario", 1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << opts
                  << "\nRuns SCENARIO (a TOML file) from its start to its end date and prints the yearly\n"
                     "rural vs urban retail table. The file appears only when complete.\n";
        return 0;
    }
    if (scenario.empty()) throw Error("run: missing SCENARIO (try `ruralsim run --help`)");
    if (threads < 0) throw Error("--threads must be 0 (all cores) or more");
    std::uint64_t seed = 0;
    {
        const char* b = seed_text.data();
        const auto [end, ec] = std::from_chars(b, b + seed_text.size(), seed);
        if (ec != std::errc() || end != b + seed_text.size())
            throw Error("--seed expects a whole number from 0 to 18446744073709551615, got '" + seed_text + "'");
    }
    if (vm.count("no-output") && vm.count("output")) throw Error("--no-output and --output (-o) contradict each other");
    if (vm.count("checkpoint") != vm.count("checkpoint-every"))
        throw Error("--checkpoint FILE and --checkpoint-every PERIOD go together");
    models::Checkpointing plan;
    if (!checkpoint.empty()) {
        plan.path = checkpoint;
        plan.every = sim::checkpoint::Period::parse(every);
        check_writable(checkpoint, "checkpoint");
    }
    const std::uint64_t memory_limit = memory.empty() ? 0 : sim::parse_bytes(memory, "--memory-limit");

    sim::Scenario sc = sim::Scenario::load(scenario, models::registry());
    apply_overrides(sc, sets);
    if (vm.count("scale")) sc.set_number(models::kScaleKey, scale);
    const bool quiet = vm.count("quiet") > 0;
    if (output.empty() && !vm.count("no-output")) output = std::filesystem::path(scenario).stem().string() + ".h5";
    if (!output.empty()) check_writable(output, "output");
    if (!checkpoint.empty() && !output.empty() &&
        std::filesystem::absolute(checkpoint) == std::filesystem::absolute(output))
        throw Error("--checkpoint and the output must be different files");

    models::Model model(sc, seed, threads, memory_limit);
    run_model(model, quiet, checkpoint.empty() ? nullptr : &plan);
    if (vm.count("timings")) {
        std::fprintf(stderr, "phase timings (wall seconds, %d threads):\n", model.threads());
        for (const auto& t : model.phase_times()) std::fprintf(stderr, "  %-16s %8.3f\n", t.name.c_str(), t.seconds);
    }
    if (!output.empty()) model.write(output);
    if (!quiet) print_summary(model, model.params().name, seed, output);
    return 0;
}

int cmd_resume(const std::vector<std::string>& args) {
    po::options_description opts("ruralsim resume CHECKPOINT -o FILE [options]");
    std::string file, output, memory;
    int threads = 0;
    opts.add_options()("help,h", "show this help")("output,o", po::value(&output), "HDF5 output file (required)")(
        "threads", po::value(&threads)->default_value(0),
        "worker threads (0 = all cores); output does not depend on it")("quiet,q", "no progress bar and no summary")(
        "memory-limit", po::value(&memory), "refuse runs estimated above this many bytes (512M, 2G)");
    po::options_description hidden;
    hidden.add_options()("checkpoint", po::value(&file));
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("checkpoint", 1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << opts
                  << "\nContinues the run saved in CHECKPOINT (written by `ruralsim run --checkpoint`) to its end\n"
                     "date and writes the same output as the uninterrupted run would. It keeps saving to\n"
                     "CHECKPOINT at the same period.\n";
        return 0;
    }
    if (file.empty()) throw Error("resume: missing CHECKPOINT (try `ruralsim resume --help`)");
    if (output.empty()) throw Error("resume: missing -o FILE (the output file)");
    if (threads < 0) throw Error("--threads must be 0 (all cores) or more");
    check_writable(output, "output");
    if (std::filesystem::absolute(file) == std::filesystem::absolute(output))
        throw Error("the checkpoint and the output must be different files");
    const std::uint64_t memory_limit = memory.empty() ? 0 : sim::parse_bytes(memory, "--memory-limit");
    models::Checkpointing plan;
    // A crafted checkpoint crashes or hangs the child, not this run (isolate.hpp).
    sim::probe_in_child(
        file,
        [&] {
            models::Checkpointing p;
            models::Model::resume(file, 1, &p, memory_limit);
        },
        600);
    auto model = models::Model::resume(file, threads, &plan, memory_limit);
    const bool quiet = vm.count("quiet") > 0;
    if (!quiet)
        std::fprintf(stderr, "resuming %s from %s (day %d of %d)\n", file.c_str(),
                     model->calendar().date(model->days_done() - 1).iso().c_str(), model->days_done(),
                     model->calendar().days());
    run_model(*model, quiet, plan.every.count > 0 ? &plan : nullptr);
    model->write(output);
    if (!quiet) print_summary(*model, model->params().name, model->seed(), output);
    return 0;
}

int cmd_validate(const std::vector<std::string>& args) {
    po::options_description opts("ruralsim validate SCENARIO");
    std::string scenario;
    std::vector<std::string> sets;
    opts.add_options()("help,h", "show this help")("set", po::value(&sets)->composing(), "override KEY=VALUE");
    po::options_description hidden;
    hidden.add_options()("scenario", po::value(&scenario));
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("scenario", 1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << opts << "\nChecks every key, type and range (and the files it names) without running.\n";
        return 0;
    }
    if (scenario.empty()) throw Error("validate: missing SCENARIO (try `ruralsim validate --help`)");
    sim::Scenario sc = sim::Scenario::load(scenario, models::registry());
    apply_overrides(sc, sets);
    const auto p = models::read_params(sc);
    (void)models::load_counties(p.counties_file);
    std::printf("%s: valid (%s to %s, scale %g)\n", scenario.c_str(), p.start.iso().c_str(), p.end.iso().c_str(),
                p.scale);
    return 0;
}

int cmd_params(const std::vector<std::string>& args) {
    po::options_description opts("ruralsim params");
    opts.add_options()("help,h", "show this help")("markdown", "Markdown tables (docs/scenarios.md)")(
        "json",
        "JSON: every key with its group "
        "and typed provenance")("resolved", "the default scenario as TOML");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(opts).run(), vm);
    if (vm.count("help")) {
        std::cout << opts;
        return 0;
    }
    if (vm.count("resolved"))
        std::cout << sim::Scenario(models::registry()).resolved_toml();
    else if (vm.count("json"))
        std::cout << models::parameters_json();
    else
        std::cout << models::parameters_markdown();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    const std::string cmd = argv[1];
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
        if (cmd == "run") return cmd_run(args);
        if (cmd == "resume") return cmd_resume(args);
        if (cmd == "validate") return cmd_validate(args);
        if (cmd == "params") return cmd_params(args);
        if (cmd == "compare") return apps::cmd_compare(args);
        std::cerr << "ruralsim: unknown command '" << cmd << "'\n\n" << kUsage;
        return 2;
    } catch (const po::error& e) {
        std::cerr << "ruralsim " << cmd << ": " << e.what() << " (try `ruralsim " << cmd << " --help`)\n";
        return 2;
    } catch (const Error& e) {
        std::cerr << "ruralsim: error: " << e.what() << "\n";
        return 2;
    } catch (const std::bad_alloc&) {
        std::cerr << "ruralsim: error: out of memory (try a larger --scale)\n";
        return 3;
    } catch (const std::exception& e) {
        std::cerr << "ruralsim: internal error: " << e.what() << "\n";
        return 3;
    }
}
