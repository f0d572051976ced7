"""examples/python/dask_evaluate.py on a LocalCluster gives exactly the single-process CSV: the file
read in blocks of 1,000 bytes (three blocks), shuffled by the series' partition hash."""
import pathlib
import subprocess
import sys

import pytest

from conftest import SOURCE_DIR

pytest.importorskip("distributed")


def test_dask_partitions_equal_single_run(tmp_path: pathlib.Path):
    data = SOURCE_DIR / "tests" / "cli"
    out = tmp_path / "merged.csv"
    subprocess.run([sys.executable, str(SOURCE_DIR / "examples" / "python" / "dask_evaluate.py"),
                    str(data / "table_indicators.csv"), str(data / "table_observations.csv"), str(out),
                    "--partitions", "3", "--workers", "2", "--blocksize", "1000"], check=True, timeout=300)
    assert out.read_bytes() == (data / "table_expected.csv").read_bytes()
