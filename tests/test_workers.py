"""Pages read in worker processes, or on a Dask cluster, give what one process gives: the same
articles under the same ids, the same events and stories, the same skips and repeats."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svodka.engine import Engine
from svodka.cli import app
from svodka.store import SqliteStore
from svodka.workers import InProcess, Processes, ordered
from tests.conftest import EXAMPLES, SAMPLES

DATA = Path(__file__).parent / "data"
runner = CliRunner()


@pytest.fixture(scope="module")
def pile(tmp_path_factory) -> Path:
    """The bundled example, the Geneva pages, a page twice under two names (a reprint), a JSONL
    record repeated in the same file (read once), a record with no text and an empty page."""
    folder = tmp_path_factory.mktemp("pile")
    shutil.copytree(EXAMPLES, folder / "corpus")
    for name in ("geneva_background.txt", "geneva_call.txt"):
        shutil.copy(DATA / name, folder / name)
    if SAMPLES.is_dir():
        shutil.copytree(SAMPLES, folder / "samples")
    shutil.copy(EXAMPLES / "teploset" / "02_ozersk24.txt", folder / "zz_copy_of_ozersk24.txt")
    records = (EXAMPLES / "exports" / "feeds.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "again.jsonl").write_text("\n".join([records[0], records[1], records[0],
                                                   json.dumps({"id": "blank", "text": "  "})]) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def _run(pile: Path, out: Path, *flags: str):
    result = runner.invoke(app, ["run", str(pile), "--out", str(out / "o"), "--db", str(out / "s.db"), "-q", *flags],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with SqliteStore(out / "s.db") as store:
        placed = store.clustered()
    summary = next(line for line in result.output.splitlines() if " items read: " in line)
    return summary, placed, (out / "o" / "articles.jsonl").read_text(encoding="utf-8"), \
        (out / "o" / "stories.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def one_process(pile, tmp_path_factory):
    return _run(pile, tmp_path_factory.mktemp("w1"), "--workers", "1")


def test_two_worker_processes_store_and_group_as_one_process_does(pile, one_process, tmp_path):
    summary, placed, articles, stories = one_process
    # the example's reprint and the copy; the two records again.jsonl repeats from the example, and
    # its own repeat; the record with no text and the empty page
    assert "2 reprints, 3 already stored, 2 skipped (1 no-text, 1 empty)" in summary
    assert len(placed) >= 12 and len({story for _, story in placed.values()}) >= 4
    two = _run(pile, tmp_path, "--workers", "2")
    assert two == one_process


def test_a_dask_cluster_of_two_workers_gives_the_same_result(pile, one_process, tmp_path):
    distributed = pytest.importorskip("distributed", reason="Dask distributed is the svodka[dask] extra")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = _run(pile, tmp_path, "--scheduler", cluster.scheduler_address)
    assert result == one_process


def test_a_scheduler_that_does_not_answer_is_one_line(pile, tmp_path):
    pytest.importorskip("distributed", reason="Dask distributed is the svodka[dask] extra")
    result = runner.invoke(app, ["run", str(pile), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.db"),
                                 "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in result.output and "Traceback" not in result.output


def _boom(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n * n


def test_ordered_gives_results_in_input_order_and_a_workers_error_at_its_place():
    pool = Processes(2)
    try:
        got = ordered(pool, _boom, range(3))
        assert list(got) == [0, 1, 4]
        with pytest.raises(ValueError, match="three"):
            list(ordered(pool, _boom, range(6)))
    finally:
        pool.close()
    assert list(ordered(InProcess(), _boom, [5, 2])) == [25, 4]


def test_a_page_read_twice_in_one_run_is_read_once(tmp_path):
    page = (EXAMPLES / "teploset" / "01_vesti-ozersk.txt").read_text(encoding="utf-8")
    record = json.dumps({"id": "x1", "url": "https://vesti-ozersk.example/a", "text": page}, ensure_ascii=False)
    feed = tmp_path / "twice.jsonl"
    feed.write_text(record + "\n" + record + "\n", encoding="utf-8")
    with SqliteStore(tmp_path / "s.db") as store:
        report = Engine(store, workers=InProcess()).run([feed])
        assert (len(report.added), report.already) == (1, 1) and len(store.docs()) == 1


def test_embeddings_made_in_the_workers_are_the_ones_made_here(tmp_path):
    import numpy as np

    from svodka.embed import MODEL

    got = []
    for n in ("1", "2"):
        out = tmp_path / n
        result = runner.invoke(app, ["run", str(EXAMPLES), "--out", str(out / "o"), "--db", str(out / "s.db"), "-q",
                                     "--embeddings", "--workers", n], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        with SqliteStore(out / "s.db") as store:
            got.append((store.embeddings(MODEL), store.clustered()))
    (one, placed_one), (two, placed_two) = got
    assert one.keys() == two.keys() and len(one) >= 10
    assert all(np.allclose(one[k], two[k], atol=1e-6) for k in one) and placed_one == placed_two
