"""Generated documentation stays in step with the code."""

from conftest import run_cli


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
