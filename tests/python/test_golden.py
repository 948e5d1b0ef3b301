"""Golden outputs: the reference runs of tests/golden/ reproduce their stored
manifests bit for bit (every dataset and attribute). A change meant to alter the
model's output regenerates them with scripts/golden, which says what changed."""

import json
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "golden"))
import golden  # noqa: E402


@pytest.mark.parametrize("case", sorted(golden.CASES))
def test_golden_output_is_bit_identical(ruralsim_bin, case, tmp_path):
    stored = json.loads((ROOT / "tests" / "golden" / f"{case}.json").read_text())
    new = golden.manifest(golden.run_case(ruralsim_bin, case, tmp_path))
    diff = golden.differences(stored, new)
    assert not diff, (f"{case} differs from its golden manifest (regenerate on purpose with scripts/golden):\n"
                      + "\n".join(diff))


def test_golden_comparison_can_fail(ruralsim_bin, tmp_path):
    """The comparison sees a change: baseline at another seed differs from the stored baseline."""
    stored = json.loads((ROOT / "tests" / "golden" / "baseline.json").read_text())
    scenario, _, threads, extra = golden.CASES["baseline"]
    golden.CASES["_other_seed"] = (scenario, 7, threads, extra)
    try:
        new = golden.manifest(golden.run_case(ruralsim_bin, "_other_seed", tmp_path))
    finally:
        del golden.CASES["_other_seed"]
    diff = golden.differences(stored, new, limit=10**6)
    assert any(line.startswith("dataset year/rural_retail_sales") for line in diff)
    assert any("attribute seed" in line for line in diff)
