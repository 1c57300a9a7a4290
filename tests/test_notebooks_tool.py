"""`socialties notebooks`: execution on a fresh kernel and normalisation that keeps diffs small."""

import nbformat
import pytest

from socialties import notebooks


def _notebook(tmp_path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"abc": {}}}}
    nb.cells[0].metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00"}
    path = tmp_path / "scratch.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_execute_and_normalise_give_the_same_file_twice(tmp_path):
    path = _notebook(tmp_path, "x = 6 * 7\nx", "import os\nprint(os.environ['SOCIALTIES_STATIC'])")
    assert notebooks.main([str(path)]) == 0
    first = path.read_text(encoding="utf-8")
    assert notebooks.main([str(path)]) == 0
    assert path.read_text(encoding="utf-8") == first
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].outputs[0]["data"]["text/plain"] == "42"
    assert nb.cells[1].outputs[0]["text"] == "1\n"  # executed with static rendering, as in the book
    assert "widgets" not in nb.metadata and "execution" not in nb.cells[0].metadata
    assert [c.execution_count for c in nb.cells] == [1, 2]


@pytest.mark.slow
def test_a_failing_notebook_is_reported_and_left_unchanged(tmp_path, capsys):
    path = _notebook(tmp_path, "1 / 0")
    before = path.read_text(encoding="utf-8")
    assert notebooks.main([str(path)]) == 1
    assert "FAILED" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == before
