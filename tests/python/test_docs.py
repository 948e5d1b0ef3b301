"""Generated documentation stays in step with the code."""

from conftest import run_cli


def test_scenarios_md_is_current(ruralsim_bin, root):
    text = (root / "docs" / "scenarios.md").read_text()
    generated = run_cli(ruralsim_bin, "params", "--markdown").stdout
    assert generated.strip() and generated in text, "regenerate docs/scenarios.md with `ruralsim params --markdown`"
