"""The CSA set against the Police and Crime Plan: the 2017 links, a hand-checked small example,
the graph in every format read back with networkx, plan against plan, and the command.

The small example (written to tmp_path):

    CSA priority da      covers domestic-abuse, sexual-offences
    CSA priority soc     covers gangs, organised-crime-groups
    CSA priority rs      covers road-safety
    cross-cutting victims covers vulnerable-people
    plan p1 (chief-constable) covers domestic-abuse, vulnerable-people
    plan p2 (chief-constable) covers gangs
    plan p3 (commissioner)    covers rural-crime
    plan p4 (commissioner)    covers nothing

Links (weight 1 each): da-p1 (domestic abuse), soc-p2 (gangs), victims-p1 (vulnerable people).
Gaps: plan p3 (rural crime, which no CSA item covers); CSA rs (no plan link).
Shares: CSA priorities linked 2/3; plan priorities with links the CSA covers 2/3 (p1, p2 of p1-p3);
plan issues the CSA covers 3/4.
Link graph: 4 CSA items + 4 plan priorities + 7 issues = 15 nodes, so normalised betweenness is
the number of node pairs whose shortest path passes through the node over 14*13/2 = 91.
- the path sexual-offences - da - domestic-abuse - p1 - vulnerable-people - victims:
  domestic-abuse separates 2 nodes from 3: 6/91; vulnerable-people separates 4 from 1: 4/91;
- the path p2 - gangs - soc - organised-crime-groups: gangs separates 1 from 2: 2/91;
- every other issue is at the end of a path: 0.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.csa import load_csa
from csscore.config.plan import load_plan
from csscore.errors import ConfigError
from csscore.overlap.graph import DistrictIssues, build_graph, compare_plans, districts_of, overlap
from csscore.render.graph_files import GRAPH_FORMATS, dot_text, write_graph
from support import ASHFORD

CSA_TOML = """
name = "small-csa"
title = "Small CSA"
[[priority]]
id = "da"
name = "Domestic Abuse"
covers = ["domestic-abuse", "sexual-offences"]
[[priority]]
id = "soc"
name = "Serious and Organised Crime"
covers = ["gangs", "organised-crime-groups"]
[[priority]]
id = "rs"
name = "Road Safety"
covers = ["road-safety"]
[[cross_cutting_theme]]
id = "victims"
name = "Supporting \\"victims\\""
covers = ["vulnerable-people"]
"""

PLAN_TOML = """
name = "small-plan"
title = "Small plan"
period = "2026"
[[priority]]
id = "p1"
kind = "chief-constable"
text = "Tackle abuse"
covers = ["domestic-abuse", "vulnerable-people"]
reason = "test"
[[priority]]
id = "p2"
kind = "chief-constable"
text = "Combat gangs"
covers = ["gangs"]
reason = "test"
[[priority]]
id = "p3"
kind = "commissioner"
text = "Tackle rural crime"
covers = ["rural-crime"]
reason = "test"
[[priority]]
id = "p4"
kind = "commissioner"
text = "Deliver an efficient service"
covers = []
"""

DISTRICTS = (
    DistrictIssues("north", "North", "North CSP", ("domestic-abuse", "gangs")),
    DistrictIssues("south", "South", "South CSP", ("domestic-abuse", "Bin fires")),
)


@pytest.fixture
def small(tmp_path):
    (tmp_path / "csa.toml").write_text(CSA_TOML, encoding="utf-8")
    (tmp_path / "plan.toml").write_text(PLAN_TOML, encoding="utf-8")
    return load_csa(str(tmp_path / "csa.toml")), load_plan(str(tmp_path / "plan.toml"))


@pytest.fixture(scope="module")
def kent():
    return load_csa("kent-2017"), load_plan("safer-in-kent-2017")


def links_of(o):
    return {(k.csa, k.plan): (k.weight, k.issues) for k in o.links}


# ------------------------------------------------------------------------------ the 2017 mapping


def test_2017_links_are_the_ones_an_analyst_would_draw(kent):
    o = overlap(*kent)
    links = links_of(o)
    assert links["domestic-abuse", "cc-3"] == (1, ("domestic-abuse",))
    assert links["domestic-abuse", "pcc-2"] == (2, ("domestic-abuse", "sexual-offences"))
    assert links["serious-organised-crime", "cc-4"] == (
        3,
        ("gangs", "organised-crime-groups", "cyber-crime"),
    )
    assert links["road-safety", "cc-5"] == (1, ("road-safety",))
    assert links["safeguarding-vulnerable-people", "cc-3"] == (
        2,
        ("child-sexual-exploitation", "modern-slavery"),
    )
    # Road Safety meets nothing else; "Combat organised crime and gangs" meets only SOC.
    assert [p for c, p in links if c == "road-safety"] == ["cc-5"]
    assert [c for c, p in links if p == "cc-4"] == ["serious-organised-crime"]
    assert o.links[0].weight == 3  # heaviest first


def test_2017_matrix_matches_the_links(kent):
    o = overlap(*kent)
    rows = [r.id for r in o.rows]
    columns = [p.id for p in o.columns]
    assert rows[:6] == [
        "anti-social-behaviour", "domestic-abuse", "substance-misuse",
        "safeguarding-vulnerable-people", "serious-organised-crime", "road-safety",
    ]  # fmt: skip
    assert "cc-6" not in columns  # organisational: no issue links
    assert o.matrix[rows.index("serious-organised-crime")][columns.index("cc-4")] == 3
    assert sum(map(sum, o.matrix)) == sum(k.weight for k in o.links)


def test_2017_gaps_and_coverage(kent):
    o = overlap(*kent)
    assert [i.id for i in o.csa_gaps] == ["early-intervention-prevention-education"]
    assert [p.id for p in o.plan_gaps] == ["gp-2"]  # rural crime, which no CSA item covers
    assert dict((p.id, i) for p, i in o.outside) == {
        "gp-2": ("rural-crime",),
        "gp-3": ("hate-crime",),
        "pcc-2": ("hate-crime",),
        "pcc-4": ("young-people",),
    }
    assert (o.csa_linked, o.csa_share) == (6, 1.0)
    assert (o.plan_covered, len(o.plan.linked)) == (10, 11)
    assert o.bridges[0].issue == "vulnerable-people"
    assert o.bridges[0].degree == 6


# -------------------------------------------------------------------------- the small example


def test_small_example_links_gaps_and_shares(small):
    o = overlap(*small)
    assert [(k.csa, k.plan, k.issues) for k in o.links] == [
        ("da", "p1", ("domestic-abuse",)),
        ("soc", "p2", ("gangs",)),
        ("victims", "p1", ("vulnerable-people",)),
    ]
    assert [p.id for p in o.columns] == ["p1", "p2", "p3"]
    assert o.matrix == ((1, 0, 0), (0, 1, 0), (0, 0, 0), (1, 0, 0))
    assert [p.id for p in o.plan_gaps] == ["p3"]
    assert [(p.id, i) for p, i in o.outside] == [("p3", ("rural-crime",))]
    assert [i.id for i in o.csa_gaps] == ["rs"]
    assert o.csa_share == pytest.approx(2 / 3)
    assert o.plan_share == pytest.approx(2 / 3)
    assert o.issue_share == pytest.approx(3 / 4)
    assert o.shared_issues == ("domestic-abuse", "vulnerable-people", "gangs")


def test_small_example_bridging_issues(small):
    o = overlap(*small, DISTRICTS)
    got = {b.issue: (b.degree, b.betweenness, b.districts) for b in o.bridges}
    assert got["domestic-abuse"] == (2, pytest.approx(6 / 91), 2)
    assert got["vulnerable-people"] == (2, pytest.approx(4 / 91), 0)
    assert got["gangs"] == (2, pytest.approx(2 / 91), 1)
    for issue in ("sexual-offences", "organised-crime-groups", "road-safety", "rural-crime"):
        assert got[issue][:2] == (1, 0.0)
    assert [b.issue for b in o.bridges[:3]] == ["domestic-abuse", "vulnerable-people", "gangs"]
    assert o.bridges[0].csa == ("Domestic Abuse",)
    assert o.bridges[0].plan == ("p1",)
    assert len(o.bridges) == 7  # districts' issues are not in the link graph


def test_small_example_graph(small):
    graph = build_graph(small[0], [small[1]], DISTRICTS)
    nodes = dict(graph.nodes(data=True))
    assert nodes["csa:da"] == {
        "label": "Domestic Abuse", "type": "csa-priority", "kind": "priority", "source": "",
    }  # fmt: skip
    assert nodes["theme:victims"]["type"] == "cross-cutting-theme"
    assert nodes["plan:p4"]["kind"] == "commissioner"
    assert nodes["plan:p4"]["plan"] == "small-plan"
    assert nodes["issue:gangs"]["label"] == "Gangs"
    assert nodes["issue:Bin fires"]["kind"] == "unclassified issue"
    assert nodes["district:north"]["csp"] == "North CSP"
    assert graph.degree("plan:p4") == 0
    relations: dict[str, int] = {}
    for _, _, data in graph.edges(data=True):
        relations[data["relation"]] = relations.get(data["relation"], 0) + 1
    assert relations == {"covers": 6, "links": 4, "shares": 3, "identifies": 4}
    assert graph.edges["csa:da", "plan:p1"] == {
        "relation": "shares", "weight": 1, "issues": "domestic-abuse",
    }  # fmt: skip
    for _, data in graph.nodes(data=True):
        assert all(isinstance(v, str) for v in data.values())


def test_kent_shares_edges_carry_the_issues(kent):
    graph = build_graph(kent[0], [kent[1]])
    edge = graph.edges["csa:serious-organised-crime", "plan:cc-4"]
    assert edge["weight"] == 3
    assert edge["issues"] == "gangs; organised-crime-groups; cyber-crime"


def test_two_plans_in_one_graph_are_namespaced_by_plan(kent):
    graph = build_graph(kent[0], [kent[1], load_plan("making-kent-safer-2022")])
    assert "plan:safer-in-kent-2017:cc-4" in graph
    assert "plan:making-kent-safer-2022:ncpm-5" in graph
    assert graph.graph["plans"] == "safer-in-kent-2017; making-kent-safer-2022"


def test_a_plan_on_another_taxonomy_cannot_be_compared(tmp_path, kent):
    (tmp_path / "tax.toml").write_text(
        'name = "other"\n[[issue]]\nid = "gangs"\nlabel = "Gangs"\n', encoding="utf-8"
    )
    plan = PLAN_TOML.replace(
        'title = "Small plan"', f'title = "x"\ntaxonomy = "{tmp_path / "tax.toml"}"'
    )
    plan = (
        plan.split("[[priority]]")[0]
        + '[[priority]]\nid = "p"\nkind = "core"\ntext = "t"\ncovers = ["gangs"]\nreason = "r"\n'
    )
    (tmp_path / "plan.toml").write_text(plan, encoding="utf-8")
    with pytest.raises(ConfigError, match="'other' taxonomy but the CSA 'kent-2017' uses"):
        overlap(kent[0], load_plan(str(tmp_path / "plan.toml")))


# -------------------------------------------------------------------------------- districts


def test_districts_identified_as_the_county_aggregation_does():
    from csscore.api import aggregate, overlap_study

    csa = load_csa("kent-2017")
    fast = overlap_study(csa, [], top=5).districts
    county = districts_of(aggregate(None, "kent-2017", 5, "theme", 0.5))
    assert fast == county
    assert len(fast) == 12  # Medway is outside the Kent CSA
    assert "medway" not in {d.id for d in fast}


# ------------------------------------------------------------------------- graph file formats


def parse_dot(text: str) -> tuple[dict[str, dict[str, str]], dict[frozenset[str], dict[str, str]]]:
    """Read back the DOT csscore writes: one quoted statement a line."""
    quoted = r'"((?:[^"\\]|\\.)*)"'
    value = rf"(?:{quoted}|(-?[0-9.]+))"
    attr = re.compile(rf"{quoted}={value}")

    def attrs(body: str) -> dict[str, str]:
        return {
            m.group(1): (
                m.group(3) if m.group(3) is not None else re.sub(r"\\(.)", r"\1", m.group(2))
            )
            for m in attr.finditer(body)
        }

    nodes, edges = {}, {}
    for line in text.splitlines():
        edge = re.fullmatch(rf"  {quoted} -- {quoted}(?: \[(.*)\])?;", line)
        node = re.fullmatch(rf"  {quoted}(?: \[(.*)\])?;", line)
        if edge:
            u, v = (re.sub(r"\\(.)", r"\1", x) for x in edge.group(1, 2))
            edges[frozenset((u, v))] = attrs(edge.group(3) or "")
        elif node:
            nodes[re.sub(r"\\(.)", r"\1", node.group(1))] = attrs(node.group(2) or "")
    return nodes, edges


def read_back(path: Path):
    if path.suffix == ".graphml":
        return nx.read_graphml(path)
    if path.suffix == ".gexf":
        return nx.read_gexf(path)
    if path.suffix == ".json":
        return nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="edges")
    raise AssertionError(path)


@pytest.mark.parametrize("ext", list(GRAPH_FORMATS))
def test_graph_round_trip(tmp_path, small, ext):
    graph = build_graph(small[0], [small[1]], DISTRICTS)
    path = tmp_path / f"overlap{ext}"
    write_graph(graph, path)
    weights = {frozenset((u, v)): d["weight"] for u, v, d in graph.edges(data=True)}
    if ext == ".dot":
        nodes, edges = parse_dot(path.read_text("utf-8"))
        assert set(nodes) == set(graph.nodes)
        assert {e: float(d["weight"]) for e, d in edges.items()} == weights
        assert nodes["theme:victims"]["label"] == 'Supporting "victims"'
        assert nodes["plan:p1"] == {k: str(v) for k, v in graph.nodes["plan:p1"].items()}
        try:
            import pydot  # noqa: F401
        except ImportError:
            return
        back = nx.nx_pydot.read_dot(path)
    else:
        back = read_back(path)
    assert set(back.nodes) == set(graph.nodes)
    assert {frozenset((u, v)) for u, v in back.edges} == set(weights)
    for u, v, data in back.edges(data=True):
        assert float(data["weight"]) == weights[frozenset((u, v))]
    for node, data in graph.nodes(data=True):
        for key in ("label", "type", "kind"):
            assert back.nodes[node][key] == data[key], (ext, node, key)
    shares = back.edges["csa:da", "plan:p1"]
    assert shares["relation"] == "shares"
    assert shares["issues"] == "domestic-abuse"


def test_dot_quotes_everything(small):
    text = dot_text(build_graph(small[0], [small[1]]))
    assert text.startswith('strict graph "csscore overlap" {\n')
    assert (
        '  "csa:da" -- "plan:p1" ["relation"="shares", "weight"=1, "issues"="domestic-abuse"];'
        in text
    )
    assert 'label"="Supporting \\"victims\\""' in text
    assert text.endswith("}\n")


def test_write_graph_refuses_to_overwrite(tmp_path, small):
    from csscore.errors import OutputError

    path = tmp_path / "g.json"
    path.write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists; use --force"):
        write_graph(build_graph(small[0], [small[1]]), path)
    assert path.read_text("utf-8") == "keep"
    write_graph(build_graph(small[0], [small[1]]), path, force=True)
    assert json.loads(path.read_text("utf-8"))["nodes"]


# ---------------------------------------------------------------------------- plan against plan


def test_2017_against_2022():
    csa = load_csa("kent-2017")
    diff = compare_plans(csa, load_plan("safer-in-kent-2017"), load_plan("making-kent-safer-2022"))
    status = {item.id: s for item, s in zip(diff.a.rows, diff.status, strict=True)}
    assert status["substance-misuse"] == "a"  # 2022 names no drug or alcohol misuse
    assert status["early-intervention-prevention-education"] == "neither"
    assert status["road-safety"] == "both"
    assert diff.only_a == ("substance-misuse", "gangs")
    assert diff.only_b == (
        "stalking-and-harassment", "vawg", "online-safety", "acquisitive-crime", "robbery",
        "county-lines", "fraud-and-scams",
    )  # fmt: skip
    assert "rural-crime" in diff.both
    b = links_of(diff.b)
    assert b["domestic-abuse", "cc-2"] == (
        4,
        ("vawg", "domestic-abuse", "stalking-and-harassment", "sexual-offences"),
    )
    assert b["road-safety", "cc-6"] == (1, ("road-safety",))
    assert diff.a.csa_linked == 6
    assert diff.b.csa_linked == 5


# ------------------------------------------------------------------------------- the command


def run(*args: str):
    return CliRunner().invoke(cli, ["overlap", *args])


def test_overlap_default_tables():
    result = run()
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for title in (
        "Coverage:",
        "Overlap matrix",
        "Links, heaviest first",
        "Gaps",
        "Bridging issues",
    ):
        assert title in out
    assert "Combat organised crime and gangs" in out
    assert "Safer in Kent" in out


def test_overlap_json():
    result = run("--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["plan"]["name"] == "safer-in-kent-2017"
    assert {"csa": "serious-organised-crime", "plan": "cc-4", "weight": 3,
            "issues": ["gangs", "organised-crime-groups", "cyber-crime"]} in data["links"]  # fmt: skip
    assert data["gaps"] == {
        "csa": ["early-intervention-prevention-education"],
        "plan": ["gp-2"],
        "plan_issues_outside_csa": [
            {"plan": "gp-2", "issues": ["rural-crime"]},
            {"plan": "gp-3", "issues": ["hate-crime"]},
            {"plan": "pcc-2", "issues": ["hate-crime"]},
            {"plan": "pcc-4", "issues": ["young-people"]},
        ],
    }
    assert data["coverage"]["csa_share"] == 1
    assert len(data["districts"]) == 12
    assert data["provenance"]["plans"][0]["sha256"]


def test_overlap_without_districts():
    data = json.loads(run("--format", "json", "--no-districts").stdout)
    assert data["districts"] == []
    assert all(b["districts"] == 0 for b in data["bridges"])


def test_overlap_github_and_output_file(tmp_path):
    out = tmp_path / "overlap.md"
    result = run("--format", "github", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text("utf-8").startswith("## Coverage:")


def test_overlap_writes_every_graph_format(tmp_path):
    for ext in GRAPH_FORMATS:
        path = tmp_path / f"g{ext}"
        result = run("--graph-out", str(path), "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert f"wrote {path}" in result.stderr
        assert path.stat().st_size > 0
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.nodes["district:ashford"]["type"] == "district"
    assert back.edges["csa:serious-organised-crime", "plan:cc-4"]["weight"] == 3


def test_unknown_graph_extension_is_a_usage_error(tmp_path):
    path = tmp_path / "graph.txt"
    result = run("--graph-out", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for '--graph-out'" in result.stderr
    assert ".graphml, .gexf, .json, .dot" in result.stderr
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_graph_out_never_overwrites_without_force(tmp_path):
    path = tmp_path / "g.dot"
    path.write_text("keep", encoding="utf-8")
    result = run("--graph-out", str(path))
    assert result.exit_code == 2
    assert "already exists; use --force" in result.stderr
    assert result.stdout == ""
    assert path.read_text("utf-8") == "keep"
    assert run("--graph-out", str(path), "--force").exit_code == 0
    assert path.read_text("utf-8").startswith("strict graph")


def test_two_plans_compare(tmp_path):
    result = run("--plan", "safer-in-kent-2017", "--plan", "making-kent-safer-2022")
    assert result.exit_code == 0, result.stderr
    assert "Issues only one plan covers" in result.stdout
    assert "safer-in-kent-2017 only" in result.stdout
    data = json.loads(
        run(
            "--plan", "safer-in-kent-2017", "--plan", "making-kent-safer-2022", "--format", "json"
        ).stdout
    )
    assert data["issues"]["only_a"] == ["substance-misuse", "gangs"]
    item = next(i for i in data["items"] if i["id"] == "substance-misuse")
    assert item["status"] == "a"
    assert item["a"] == {"plan_priorities": ["pcc-4"], "issues": ["substance-misuse"]}
    assert item["b"] == {"plan_priorities": [], "issues": []}
    graph = tmp_path / "two.json"
    run(
        "--plan",
        "safer-in-kent-2017",
        "--plan",
        "making-kent-safer-2022",
        "--graph-out",
        str(graph),
    )
    nodes = {n["id"] for n in json.loads(graph.read_text("utf-8"))["nodes"]}
    assert {"plan:safer-in-kent-2017:cc-4", "plan:making-kent-safer-2022:cc-4"} <= nodes


def test_three_plans_is_a_usage_error():
    result = run(
        "--plan", "kent-pcp-2015", "--plan", "safer-in-kent-2017", "--plan", "safer-in-kent-2019"
    )
    assert result.exit_code == 2
    assert "at most twice" in result.stderr


def test_a_bad_plan_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'name = "bad"\n[[priority]]\nid = "a"\nkind = "core"\ntext = "t"\ncovers = ["gang"]\nreason = "r"\n',
        encoding="utf-8",
    )
    result = run("--plan", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {path}:priority[0].covers: issue 'gang' is not in the community-safety "
        'taxonomy (did you mean "gangs"?)\n'
    )


def test_plot_png_svg_and_pdf(tmp_path):
    png, svg, pdf = tmp_path / "o.png", tmp_path / "o.svg", tmp_path / "o.pdf"
    assert run("--plot", str(png), "--format", "json").exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert run("--plot", str(svg), "--format", "json").exit_code == 0
    assert b"<svg" in svg.read_bytes()[:400]
    assert run("--plot", str(pdf), "--format", "json").exit_code == 0
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_plot_with_an_unknown_extension_is_a_usage_error(tmp_path):
    result = run("--plot", str(tmp_path / "o.jpg"))
    assert result.exit_code == 2
    assert ".png, .svg, .pdf" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_svg_needs_no_plotting_library(tmp_path, monkeypatch):
    for name in ("matplotlib", "PIL"):
        monkeypatch.setitem(sys.modules, name, None)
    svg = tmp_path / "o.svg"
    result = run("--plot", str(svg), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert b"Tackle abuse, exploitation and violence" in svg.read_bytes()


@pytest.mark.parametrize(
    ("suffix", "missing", "hint"),
    [
        (".png", "PIL", "PNG drawing needs Pillow and the DejaVu Sans font"),
        (".pdf", "matplotlib", "PDF drawing needs matplotlib"),
    ],
)
def test_plot_without_its_library_says_how_to_install(tmp_path, monkeypatch, suffix, missing, hint):
    monkeypatch.setitem(sys.modules, missing, None)
    graph = tmp_path / "g.graphml"
    result = run("--plot", str(tmp_path / f"o{suffix}"), "--graph-out", str(graph))
    assert result.exit_code == 2
    assert result.stderr == f"error: --plot: {hint}: pip install 'csscore[plot]'\n"
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # nothing written, not even the graph


def test_png_without_the_font_says_how_to_install(tmp_path, monkeypatch):
    from csscore.render.drawing import fonts

    monkeypatch.setattr(fonts, "font_file", lambda bold: None)
    result = run("--plot", str(tmp_path / "o.png"))
    assert result.exit_code == 2
    assert "PNG drawing needs Pillow and the DejaVu Sans font" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_a_plot_that_fails_leaves_no_graph_and_no_table_file(tmp_path, monkeypatch, suffix):
    from csscore.errors import OutputError
    from csscore.render.drawing import overlap as plot_overlap

    def fail(scene, fmt):
        raise OutputError.at("--plot", "cannot draw")

    monkeypatch.setattr(plot_overlap, "draw_scene", fail)
    result = run(
        "--plot", str(tmp_path / f"o{suffix}"), "--graph-out", str(tmp_path / "g.gexf"),
        "-o", str(tmp_path / "t.txt"),
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == "error: --plot: cannot draw\n"
    assert list(tmp_path.iterdir()) == []


def test_overlap_is_listed_in_help():
    result = CliRunner().invoke(cli, ["--help"])
    assert "overlap" in result.stdout


@pytest.mark.parametrize(
    "args",
    [["--help"], ["score", str(ASHFORD), "--format", "json"], ["aggregate", "--format", "json"]],
    ids=["help", "score", "aggregate"],
)
def test_networkx_is_imported_only_by_overlap(tmp_path, args):
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['csscore', *{args!r}]\n"
        "try:\n"
        "    runpy.run_module('csscore', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('NX=' + str('networkx' in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("NX=False")


def test_the_same_plan_twice_is_a_usage_error():
    result = run("--plan", "safer-in-kent-2017", "--plan", "safer-in-kent-2017")
    assert result.exit_code == 2
    assert "both --plan options name the plan 'safer-in-kent-2017'" in result.stderr
