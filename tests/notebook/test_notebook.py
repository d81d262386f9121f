"""examples/notebook.ipynb, executed with nbclient in a real kernel against the emulator.

Runs only where the extra ``notebook`` is installed (.ci/run's notebook step,
on the newest Python); elsewhere it is skipped, and the skip says why. The
Jupyter libraries issue deprecation warnings of their own: they are ignored
here, and only here (pytest turns every other warning into an error).
"""

import json
import pathlib
import warnings

import pytest

NOTEBOOK = pathlib.Path(__file__).resolve().parents[2] / "examples" / "notebook.ipynb"
JUPYTER_WARNINGS = (DeprecationWarning, PendingDeprecationWarning)

with warnings.catch_warnings():
    for category in JUPYTER_WARNINGS:
        warnings.simplefilter("ignore", category)
    nbclient = pytest.importorskip("nbclient", reason="needs the extra `notebook` (nbclient)")
    nbformat = pytest.importorskip("nbformat", reason="needs the extra `notebook` (nbformat)")
    pytest.importorskip("ipykernel", reason="needs the extra `notebook` (ipykernel)")
    pytest.importorskip("pandas", reason="needs the extra `notebook` (pandas)")

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::PendingDeprecationWarning"),
]


def test_the_notebook_is_committed_without_outputs():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    notebook = nbformat.read(str(NOTEBOOK), as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path_factory.mktemp("notebook"))}},
    )
    client.execute()  # a cell that raises fails here, with the cell and its traceback
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def _texts(cell):
    texts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            texts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            texts.append(output.data.get("text/plain", ""))
            texts.append(output.data.get("text/html", ""))
    return "\n".join(texts)


def test_it_runs_and_renders_the_task(executed):
    submit = executed[1]
    assert "(30, 7, 1)" in _texts(submit)  # done with failed frames: 7 done, 1 failed


def test_progress_is_a_tqdm_widget_in_the_notebook(executed):
    kinds = {key for output in executed[1].outputs for key in getattr(output, "data", {}) or {}}
    assert "application/vnd.jupyter.widget-view+json" in kinds  # tqdm.auto chose its widget
    assert not any(
        output.output_type == "stream" and output.name == "stderr" and "TqdmWarning" in output.text
        for output in executed[1].outputs
    )


def test_the_frames_table_has_datetime_columns(executed):
    table = _texts(executed[2])
    assert "<table" in table  # pandas' HTML
    assert "+00:00" in table and "0 days 00:00:06" in table  # aware times, a frame's duration


def test_the_failed_frame_is_restarted_and_the_task_ends_done(executed):
    text = _texts(executed[3])
    assert "failed frames: ['4']" in text
    assert "(25, 8)" in text
