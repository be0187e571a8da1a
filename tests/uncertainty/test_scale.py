"""The fast Monte Carlo: the same bytes whatever --jobs and chunking, probabilities against the
plain numpy floor, the draws limit, Ctrl-C and the progress bar."""

from __future__ import annotations

import importlib.util
import io
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.folder import load_folder
from csscore.config.matrix import load_matrix
from csscore.model.district import DistrictAssessment
from csscore.uncertainty.montecarlo import simulate
from support import ASHFORD, SAMPLE

REPO = Path(__file__).resolve().parents[2]


def floor_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "floor_montecarlo", REPO / "benchmarks" / "floor_montecarlo.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample() -> list[DistrictAssessment]:
    return load_folder(SAMPLE, load_matrix("morile-csp"))[1]


def same_size(assessments: list[DistrictAssessment], n: int) -> list[DistrictAssessment]:
    """The first n issues of each district (the floor wants districts of one size)."""
    return [
        replace(a, issues=a.issues[:n], levels=a.levels[:n], confidence=a.confidence[:n],
                selected=a.selected[:n], notes=a.notes[:n], rows=a.rows[:n])
        for a in assessments
    ]  # fmt: skip


def test_probabilities_agree_with_the_plain_floor(sample: list[DistrictAssessment]) -> None:
    districts = same_size(sample, 16)
    draws = 40_000
    sim = simulate(districts, draws, 3, 5)
    plain = floor_module().floor(districts, draws, 11)
    for ours, theirs in ((sim.p_top, plain.p_top(5)), (sim.p_high_band, plain.high_band / draws)):
        mean = (ours + theirs) / 2
        se = np.sqrt(np.maximum(mean * (1 - mean), 1 / draws) * 2 / draws)
        assert np.all(np.abs(ours - theirs) <= 5 * se), np.max(np.abs(ours - theirs) / se)
    cdf = np.cumsum(sim.rank_hist, axis=1) / draws
    plain_cdf = np.cumsum(plain.rank_hist, axis=1) / draws
    assert np.max(np.abs(cdf - plain_cdf)) < 6 * np.sqrt(0.5 / draws)


def test_same_counts_whatever_the_jobs_and_chunks(sample: list[DistrictAssessment]) -> None:
    one = simulate(sample, 1000, 8, 5)
    for jobs, chunk in ((2, 1), (3, 2), (16, 4)):
        other = simulate(sample, 1000, 8, 5, chunk_blocks=chunk, jobs=jobs)
        assert np.array_equal(one.rank_hist, other.rank_hist)
        assert np.array_equal(one.high_band, other.high_band)
    # the first draws do not depend on how many follow
    short = simulate(sample[:1], 100, 8, 5)
    longer = simulate(sample[:1], 164, 8, 5)
    first = simulate(sample[:1], 64, 8, 5)
    assert np.all(short.rank_hist >= first.rank_hist)
    assert np.all(longer.rank_hist >= short.rank_hist)


def test_cli_same_bytes_for_every_jobs() -> None:
    runner = CliRunner()
    outputs = set()
    for jobs in ("1", "2", "3"):
        for fmt in ("json", "csv"):
            args = ["sensitivity", str(SAMPLE), "--draws", "700", "--seed", "5", "--jobs", jobs]
            result = runner.invoke(cli, [*args, "--format", fmt])
            assert result.exit_code == 0, result.stderr
            outputs.add((fmt, result.stdout))
    assert len(outputs) == 2


def test_draws_above_the_maximum_are_refused_in_one_line() -> None:
    result = CliRunner().invoke(cli, ["sensitivity", str(ASHFORD), "--draws", "1000001"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: --draws: 1,000,001 is more than the 1,000,000 draws allowed"
    ]
    assert result.stdout == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_and_writes_nothing(tmp_path: Path, jobs: str) -> None:
    target = tmp_path / "out.txt"
    args = [sys.executable, "-m", "csscore", "sensitivity", str(SAMPLE), "--draws", "1000000"]
    process = subprocess.Popen(
        [*args, "--jobs", jobs, "-o", str(target)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    time.sleep(3)
    assert process.poll() is None, process.communicate()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip() == "interrupted"
    assert out == ""
    assert not target.exists()


def test_progress_bars_respect_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    from csscore.cli.options import progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar("drawing", 10, quiet=True) as update:
        assert update is None
    with progress_bar("weights", 3) as update:
        assert update is not None
        update(3)
    assert "weights" in terminal.getvalue() and "drawing" not in terminal.getvalue()


def test_score_districts_ranks_as_one_district_at_a_time(sample: list[DistrictAssessment]) -> None:
    from csscore.scoring.score import rank_issues, score_districts

    odd = replace(
        sample[0], issues=tuple(n.upper() if k % 2 else n for k, n in enumerate(sample[0].issues))
    )
    for a, s in zip([odd, *sample], score_districts([odd, *sample]), strict=True):
        order, rank = rank_issues(s.scores.risk, s.scores.harm, s.scores.likelihood, a.issues)
        assert np.array_equal(s.order, order) and np.array_equal(s.rank, rank)
