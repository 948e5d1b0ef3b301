"""Generated documentation stays in step with the code."""

from conftest import run_cli
from ruralsim.analysis import assumptions


def test_scenarios_md_is_current(ruralsim_bin, root):
    text = (root / "docs" / "scenarios.md").read_text()
    generated = run_cli(ruralsim_bin, "params", "--markdown").stdout
    assert generated.strip() and generated in text, "regenerate docs/scenarios.md with `ruralsim params --markdown`"


def test_every_parameter_is_in_the_odd(ruralsim_bin, root):
    """docs/ODD.md documents every scenario key (with default, range and source)."""
    odd = (root / "docs" / "ODD.md").read_text()
    table = run_cli(ruralsim_bin, "params", "--markdown").stdout
    keys = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    assert len(keys) > 50
    missing = [k for k in keys if f"`{k}`" not in odd]
    assert not missing, f"parameters missing from docs/ODD.md: {missing}"


def test_assumptions_md_is_current(ruralsim_bin, root):
    """docs/assumptions.md lists exactly the registry's parameters resting on an assumption."""
    table = run_cli(ruralsim_bin, "params", "--markdown").stdout
    text = (root / "docs" / "assumptions.md").read_text()
    fitted = assumptions.fitted_keys(root / "scenarios" / "calibrated.toml")
    assert text == assumptions.render(table, fitted), "regenerate docs/assumptions.md with scripts/gen-docs"
    rows = {r["key"]: r for r in assumptions.parse(table)}
    listed = {line.split("`")[1] for line in text.splitlines() if line.startswith("| `")}
    assert listed == {k for k, r in rows.items() if assumptions.group(r)}
    # a sourced parameter is not listed; a bare assumption and a calibrated one are told apart
    assert "household.wealth_spend" in listed and "sericulture.cocoon_per_box" not in listed
    assert "macro.shock1.spending" not in listed
