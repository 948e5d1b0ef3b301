"""Generated documentation stays in step with the code."""

from conftest import run_cli
from ruralsim.analysis import assumptions, odd_tables


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
    """docs/assumptions.md lists exactly the registry's parameters whose typed provenance is an assumption."""
    params = assumptions.registry(ruralsim_bin)
    text = (root / "docs" / "assumptions.md").read_text()
    fitted = assumptions.fitted_keys(root / "scenarios" / "calibrated.toml")
    assert text == assumptions.render(params, fitted), "regenerate docs/assumptions.md with scripts/gen-docs"
    rows = {p["key"]: p for p in params}
    listed = {line.split("`")[1] for line in text.splitlines() if line.startswith("| `")}
    assert listed == {k for k, p in rows.items() if p["provenance"]["kind"] == "assumption"}
    # a sourced parameter is not listed; a bare assumption and a calibrated one are told apart
    assert "household.wealth_spend" in listed and "sericulture.cocoon_per_box" not in listed
    assert rows["sericulture.cocoon_per_box"]["provenance"]["kind"] == "source"
    assert "macro.shock1.spending" not in listed
    assert rows["macro.shock1.spending"]["provenance"]["kind"] == "calibrated"
    assert rows["budget.ecommerce"]["provenance"]["kind"] == "lever"


def test_odd_parameter_tables_are_current(ruralsim_bin, root):
    """The ODD's parameter tables are generated from the registry, one per group, and current."""
    registry = odd_tables.registry(ruralsim_bin)
    text = (root / "docs" / "ODD.md").read_text()
    assert text == odd_tables.render(text, registry), "regenerate the ODD's parameter tables with scripts/gen-docs"
    # every group has its table (render refuses otherwise) and the tables show the registry's ranges
    assert "| `channel.asc_township` | -0.2 | utils | [-1.5, 0.5] |" in text
