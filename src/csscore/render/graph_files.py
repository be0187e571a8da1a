"""Writing the overlap graph: GraphML, GEXF, node-link JSON or DOT, chosen by the file's extension.

Every attribute of the graph is a scalar (lists are joined with "; " before they get here), so
each format holds the whole graph. DOT is written here as text, so it needs no pydot.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from csscore.render.output import write_file
from csscore.render.safety import xml_text

#: Extension -> format name, in the order they are listed to the user.
GRAPH_FORMATS: dict[str, str] = {
    ".graphml": "GraphML",
    ".gexf": "GEXF",
    ".json": "node-link JSON",
    ".dot": "DOT (Graphviz)",
}


def formats_help() -> str:
    return ", ".join(f"{ext} ({name})" for ext, name in GRAPH_FORMATS.items())


def graph_format(path: Path) -> str | None:
    """The extension of a graph file if csscore can write it, else None."""
    ext = path.suffix.lower()
    return ext if ext in GRAPH_FORMATS else None


def _xml_safe(graph: nx.Graph) -> nx.Graph:
    """A copy whose every text (node names and attributes) an XML file can hold."""

    def safe(value: Any) -> Any:
        return xml_text(value) if isinstance(value, str) else value

    out = graph.__class__()
    out.graph.update({k: safe(v) for k, v in graph.graph.items()})
    out.add_nodes_from(
        (safe(n), {k: safe(v) for k, v in d.items()}) for n, d in graph.nodes(data=True)
    )
    out.add_edges_from(
        (safe(a), safe(b), {k: safe(v) for k, v in d.items()}) for a, b, d in graph.edges(data=True)
    )
    return out


def graphml_text(graph: nx.Graph) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(_xml_safe(graph))) + "\n"


def gexf_text(graph: nx.Graph) -> str:
    """GEXF, without the date of the run networkx stamps on it (the same graph, the same bytes)."""
    import networkx as nx

    text = "\n".join(nx.generate_gexf(_xml_safe(graph))) + "\n"
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)


def node_link_text(graph: nx.Graph) -> str:
    import networkx as nx

    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _quote(value: Any) -> str:
    """A DOT double-quoted string (backslash, quote and line ends escaped)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n") + '"'


def _attrs(data: dict[str, Any]) -> str:
    if not data:
        return ""
    parts = []
    for key, value in data.items():
        text = (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        )
        parts.append(f"{_quote(key)}={text if text is not None else _quote(value)}")
    return " [" + ", ".join(parts) + "]"


def dot_text(graph: nx.Graph) -> str:
    """The graph as Graphviz DOT: one statement a line, every id and text value quoted."""
    kind = "digraph" if graph.is_directed() else "graph"
    joint = "->" if graph.is_directed() else "--"
    lines = [f"strict {kind} {_quote(graph.graph.get('name', 'G'))} {{"]
    for key, value in graph.graph.items():
        if key != "name":
            lines.append(f"  {_quote(key)}={_quote(value)};")
    lines.append("  rankdir=LR;")
    lines.append('  node [shape=box, style=rounded, fontname="Helvetica"];')
    for node, data in graph.nodes(data=True):
        lines.append(f"  {_quote(node)}{_attrs(data)};")
    for u, v, data in graph.edges(data=True):
        lines.append(f"  {_quote(u)} {joint} {_quote(v)}{_attrs(data)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Callable[[nx.Graph], str]] = {
    ".graphml": graphml_text,
    ".gexf": gexf_text,
    ".json": node_link_text,
    ".dot": dot_text,
}


def graph_text(graph: nx.Graph, path: Path) -> str:
    """The graph in the format ``path``'s extension names."""
    ext = graph_format(path)
    if ext is None:
        raise ValueError(f"unknown graph format {path.suffix!r}; use {formats_help()}")
    return WRITERS[ext](graph)


def write_graph(graph: nx.Graph, path: Path, force: bool = False) -> None:
    """Write the graph atomically (never over an existing file without ``force``)."""
    write_file(path, graph_text(graph, path), force)
