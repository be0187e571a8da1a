"""config.load: a name, a path or a loaded object resolve to the same model."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from csscore.config.csa import load_csa
from csscore.config.folder import sample_folder
from csscore.config.load import (
    available_matrices,
    district_inputs,
    folder_inputs,
    read_district,
    read_district_folder,
    read_file_or_folder,
    resolve_csa,
    resolve_matrix,
    resolve_plan,
)
from csscore.config.matrix import load_matrix
from csscore.defaults import DEFAULT_MATRIX
from csscore.errors import CsscoreError
from support import csv_as_xlsx, write


def test_a_loaded_object_is_returned_as_it_is() -> None:
    matrix = load_matrix("risk-5x5")
    assert resolve_matrix(matrix) is matrix
    csa = load_csa("kent-2017")
    assert resolve_csa(csa) is csa
    plan = resolve_plan("safer-in-kent-2017")
    assert plan is not None and resolve_plan(plan) is plan


def test_defaults_and_declared_matrix() -> None:
    assert resolve_matrix(None).name == DEFAULT_MATRIX
    assert resolve_matrix(None, "risk-5x5").name == "risk-5x5"
    assert resolve_matrix("morile-csp", "risk-5x5").name == "morile-csp"  # given beats declared


def test_no_csa_or_plan_is_none_not_kent() -> None:
    for ref in (None, "none", "None", " none "):
        assert resolve_csa(ref) is None
        assert resolve_plan(ref) is None


def test_a_path_is_read_like_a_name(tmp_path: Path) -> None:
    from importlib import resources

    text = resources.files("csscore.builtin").joinpath("matrices", "risk-5x5.toml").read_bytes()
    (tmp_path / "mine.toml").write_bytes(text)
    built_in = load_matrix("risk-5x5")
    for ref in (tmp_path / "mine.toml", str(tmp_path / "mine.toml")):
        assert resolve_matrix(ref).sha256 == built_in.sha256


def test_one_district_file_and_its_errors(tmp_path: Path) -> None:
    folder = sample_folder()
    dover = read_district(folder / "dover.csv")
    assert dover.district.name == "Dover"  # named by the manifest, not the file
    with pytest.raises(CsscoreError, match="no such file"):
        read_district(tmp_path / "none.csv")
    with pytest.raises(CsscoreError, match="is a folder"):
        read_district(tmp_path)


def test_a_folder_and_its_inputs() -> None:
    folder = read_district_folder(None)
    assert folder.path == sample_folder()
    assert len(folder.assessments) == len(folder.listing.entries) == 13
    assert folder.matrix.name == DEFAULT_MATRIX
    kinds = [kind for kind, _, _ in folder_inputs(folder, load_csa("kent-2017"))]
    # Sevenoaks is graded in two files, one per partner
    assert kinds.count("district") == 14 and kinds[-2:] == ["manifest", "csa"]


def test_file_or_folder() -> None:
    assessments, csa, inputs = read_file_or_folder(sample_folder() / "thanet.csv")
    assert len(assessments) == 1 and csa is None and inputs[0][0] == "district"
    assessments, csa, _ = read_file_or_folder(sample_folder())
    # the CSA the sample's manifest declares
    assert len(assessments) == 13 and csa is not None and csa.name == "kent-2017"
    with pytest.raises(CsscoreError, match="no such file or folder"):
        read_file_or_folder(sample_folder() / "nowhere")


def test_available_matrices_are_loaded_in_name_order() -> None:
    names = [m.name for m in available_matrices()]
    assert DEFAULT_MATRIX in names and "risk-5x5" in names


def test_a_lone_workbook_is_named_by_its_file_with_its_digest(tmp_path: Path) -> None:
    # its problems name file[sheet]; the provenance names the file read, beside its digest
    book = csv_as_xlsx(write(tmp_path, "thanet.csv", (sample_folder() / "thanet.csv").read_text()))
    digest = hashlib.sha256(book.read_bytes()).hexdigest()
    assessment = read_file_or_folder(book)[0][0]
    assert assessment.source == f"{book}[Grades]"
    assert district_inputs(assessment) == [("district", str(book), digest)]
