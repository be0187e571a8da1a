"""Text bound for an XML file (.xlsx, .docx, GraphML, GEXF): every character XML 1.0 refuses is
replaced, so a writer never fails on a name and a reader never fails on the file."""

from __future__ import annotations

import io
from xml.dom import minidom

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csscore.render.graph_files import gexf_text, graphml_text
from csscore.render.safety import xml_text


def test_what_xml_refuses_becomes_the_replacement_character() -> None:
    assert xml_text("a\x00b\x1bc\x7f") == "a\ufffdb\ufffdc\x7f"  # DEL is a legal XML character
    assert xml_text("so\udcfe\udcffuth") == "so\ufffd\ufffduth"  # a file name that is not UTF-8
    assert xml_text("x\ufffey\uffff") == "x\ufffdy\ufffd"
    assert xml_text("tab\tline\ncr\r \U0001f600 \u00e9") == "tab\tline\ncr\r \U0001f600 \u00e9"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec=None)))
def test_any_text_made_safe_parses_as_xml(text: str) -> None:
    safe = xml_text(text)
    escaped = safe.replace("&", "&amp;").replace("<", "&lt;")
    document = minidom.parseString(f"<a>{escaped}</a>".encode("utf-8", "surrogatepass"))
    assert len(safe) == len(text)
    assert document.documentElement is not None


@pytest.mark.parametrize("write", [graphml_text, gexf_text])
def test_a_graph_with_hostile_names_is_well_formed(write: object) -> None:
    graph = nx.Graph(name="t\x1bitle")
    graph.add_node("Bur\ufffeglary", label="so\udcfeuth", kind="issue")
    graph.add_node("p1", label="Tackle \x07abuse", kind="priority")
    graph.add_edge("Bur\ufffeglary", "p1", reason="\x00")
    assert callable(write)
    text = write(graph)
    parsed = minidom.parseString(text.encode("utf-8"))
    assert parsed.documentElement is not None
    assert "&#65533;" in text or "\ufffd" in text


def test_a_workbook_cell_holds_hostile_text() -> None:
    import openpyxl

    from csscore.render.formats.workbook_sheets import append_row

    book = openpyxl.Workbook()
    append_row(book.active, ["=x\ufffe\x1b"])
    out = io.BytesIO()
    book.save(out)  # openpyxl and lxml refuse the raw characters
    cell = openpyxl.load_workbook(out).active["A1"]
    assert cell.value == "=x\ufffd\ufffd"  # kept, as text: a string cell, quote prefixed
    assert cell.data_type == "s" and cell.quotePrefix
