"""Police and Crime Plans as configuration: the four built-in plans, and every kind of bad plan file."""

from __future__ import annotations

from pathlib import Path

import pytest

from csscore.config.plan import load_plan
from csscore.config.toml import available
from csscore.config.vocabulary import load_vocabulary
from csscore.errors import ConfigError
from csscore.model.plan import PLAN_KINDS

PLANS = ("kent-pcp-2015", "safer-in-kent-2017", "safer-in-kent-2019", "making-kent-safer-2022")

HEAD = 'name = "test-plan"\ntitle = "Test plan"\ntaxonomy = "community-safety"\n'


def priority(
    pid: str, kind: str = "chief-constable", covers: str = '["gangs"]', **extra: str
) -> str:
    lines = [
        "[[priority]]",
        f'id = "{pid}"',
        f'kind = "{kind}"',
        f'text = "Priority {pid}"',
        f"covers = {covers}",
        *(f"{k} = {v}" for k, v in extra.items()),
    ]
    if "reason" not in extra:
        lines.append('reason = "test"')
    return "\n".join(lines) + "\n"


def plan_file(tmp_path: Path, *priorities: str, head: str = HEAD) -> str:
    path = tmp_path / "plan.toml"
    path.write_text(head + "\n".join(priorities), encoding="utf-8")
    return str(path)


def error(path: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_plan(path)
    return info.value


# ---------------------------------------------------------------------------- the built-in plans


def test_the_four_plans_are_built_in():
    assert set(PLANS) <= set(available("plans"))


@pytest.mark.parametrize("name", PLANS)
def test_every_built_in_plan_loads_and_documents_its_links(name):
    plan = load_plan(name)
    vocabulary = load_vocabulary()
    assert plan.name == name
    assert plan.priorities
    assert len({p.id for p in plan.priorities}) == len(plan.priorities)
    for p in plan.priorities:
        assert p.kind in PLAN_KINDS
        assert set(p.covers) <= set(vocabulary.ids)
        assert p.source, p.id
        assert p.reason.strip(), f"{name} {p.id}: a reason for every item, links or not"


def test_safer_in_kent_2017_as_printed():
    plan = load_plan("safer-in-kent-2017")
    assert plan.period == "April 2017 to March 2021"
    assert plan.kinds() == ("guiding-principle", "chief-constable", "commissioner")
    chief = [p.text for p in plan.priorities if p.kind == "chief-constable"]
    assert chief == [
        "Put victims first",
        "Fight crime and antisocial behaviour",
        "Tackle abuse, exploitation and violence",
        "Combat organised crime and gangs",
        "Provide visible neighbourhood policing and effective roads policing",
        "Deliver an efficient service",
    ]
    assert plan.get("cc-4").covers == ("gangs", "organised-crime-groups", "cyber-crime")
    assert plan.get("cc-6").covers == ()
    assert [p.id for p in plan.linked] == [
        "gp-1", "gp-2", "gp-3", "cc-1", "cc-2", "cc-3", "cc-4", "cc-5", "pcc-2", "pcc-3", "pcc-4",
    ]  # fmt: skip


def test_making_kent_safer_2022_has_the_national_measures():
    plan = load_plan("making-kent-safer-2022")
    measures = [p for p in plan.priorities if p.kind == "national-measure"]
    assert [p.id for p in measures] == [f"ncpm-{n}" for n in range(1, 7)]
    assert measures[4].text == "Tackle cyber-crime"
    assert plan.kinds()[-1] == "national-measure"


def test_the_2015_plan_uses_core_priorities_and_commitments():
    plan = load_plan("kent-pcp-2015")
    assert plan.kinds() == ("core", "commitment")
    assert plan.get("core-1").text == "Cut crime and catch criminals"


def test_a_plan_by_path_is_the_same_as_by_name():
    from importlib import resources

    path = resources.files("csscore.builtin") / "plans" / "safer-in-kent-2017.toml"
    by_path = load_plan(str(path))
    by_name = load_plan("safer-in-kent-2017")
    assert by_path.priorities == by_name.priorities
    assert by_path.sha256 == by_name.sha256
    assert by_name.file == "safer-in-kent-2017 (built in)"


# ----------------------------------------------------------------------------------- bad input


def test_an_unknown_built_in_plan_suggests_the_nearest():
    message = str(error("making-kent-safe"))
    assert "no built-in plans file named 'making-kent-safe'" in message
    assert 'did you mean "making-kent-safer-2022"?' in message


def test_none_is_offered_beside_the_built_in_plans_and_csas():
    from csscore.config.csa import load_csa

    assert 'did you mean "none"?' in str(error("nonee"))
    assert str(error("xyz")).endswith(
        "(available: kent-pcp-2015, making-kent-safer-2022, safer-in-kent-2017, "
        "safer-in-kent-2019, or none)"
    )
    with pytest.raises(ConfigError) as caught:
        load_csa("non")
    assert str(caught.value).endswith("""no built-in csa file named 'non' (did you mean "none"?)""")


def test_an_issue_the_taxonomy_lacks_is_named_with_did_you_mean(tmp_path):
    path = plan_file(tmp_path, priority("cc-1", covers='["gang", "road-safety"]'))
    exc = error(path)
    assert len(exc.problems) == 1
    message = str(exc)
    assert message.startswith(f"{path}:priority[0].covers: ")
    assert "issue 'gang' is not in the community-safety taxonomy" in message
    assert 'did you mean "gangs"?' in message


def test_a_synonym_instead_of_an_id_points_to_the_id(tmp_path):
    message = str(error(plan_file(tmp_path, priority("cc-1", covers='["OCGs"]'))))
    assert "issue 'OCGs' is not in the community-safety taxonomy" in message
    assert 'did you mean "organised-crime-groups"?' in message


def test_a_duplicate_priority_id_names_both_places(tmp_path):
    path = plan_file(
        tmp_path,
        priority("cc-1"),
        priority("cc-2"),
        priority("pcc-1", "commissioner"),
        priority("cc-2", covers='["road-safety"]'),
    )
    exc = error(path)
    assert len(exc.problems) == 1
    assert str(exc) == (
        f"{path}:priority[3]: duplicate priority id 'cc-2' at priority[1] and priority[3]"
    )


def test_an_unknown_kind_suggests_the_nearest(tmp_path):
    message = str(error(plan_file(tmp_path, priority("cc-1", kind="chief-constabel"))))
    assert "priority[0].kind: unknown kind 'chief-constabel'" in message
    assert 'did you mean "chief-constable"?' in message


def test_a_kind_nothing_like_a_known_one_lists_the_kinds(tmp_path):
    message = str(error(plan_file(tmp_path, priority("x-1", kind="aspiration"))))
    assert "unknown kind 'aspiration' (kinds: guiding-principle, core, chief-constable" in message


def test_an_unknown_key_suggests_the_nearest(tmp_path):
    text = priority("cc-1").replace("covers =", "cover =")
    exc = error(plan_file(tmp_path, text))
    messages = [str(p) for p in exc.problems]
    assert any("unknown key 'cover'" in m and 'did you mean "covers"?' in m for m in messages)
    assert any("missing required key 'covers'" in m for m in messages)


def test_an_unknown_top_level_key(tmp_path):
    message = str(error(plan_file(tmp_path, priority("cc-1"), head=HEAD + 'perod = "2020"\n')))
    assert "(top level): unknown key 'perod' (did you mean \"period\"?)" in message


def test_links_without_a_reason_are_refused(tmp_path):
    text = priority("cc-1", reason='""')
    message = str(error(plan_file(tmp_path, text)))
    assert "priority[0].reason: give the reason for the links as text" in message
    # An item with no links needs no reason.
    assert load_plan(plan_file(tmp_path, priority("cc-1", covers="[]", reason='""'))).priorities


def test_covers_must_be_a_list_of_ids(tmp_path):
    message = str(error(plan_file(tmp_path, priority("cc-1", covers='"gangs"'))))
    assert "priority[0].covers: must be a list of issue ids" in message


def test_an_issue_listed_twice(tmp_path):
    message = str(error(plan_file(tmp_path, priority("cc-1", covers='["gangs", "gangs"]'))))
    assert "issue 'gangs' is listed twice" in message


def test_every_problem_is_reported_at_once(tmp_path):
    path = plan_file(
        tmp_path,
        priority("cc-1", covers='["gang"]'),
        priority("cc-1"),
        priority("cc-2", kind="chief"),
    )
    exc = error(path)
    assert len(exc.problems) == 3
    assert str(exc).endswith("(and 2 more problems)")


def test_a_toml_syntax_error_is_one_located_line(tmp_path):
    message = str(error(plan_file(tmp_path, "[[priority]\nid = 1\n")))
    assert message.startswith(f"{tmp_path / 'plan.toml'}: TOML syntax error")
