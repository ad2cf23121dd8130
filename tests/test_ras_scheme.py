"""A council edits its scheme file, so a broken one is explained, line by line, not crashed on."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from portal.ras.scheme import SchemeError, read_scheme
from tests.ras_schemes import BANDED, PRICED, as_yaml, scheme

DEMO = Path(__file__).resolve().parents[1] / "portal" / "ras" / "schemes" / "brackenshire-2026.yaml"


def problems_with(data: dict) -> list[str]:
    with pytest.raises(SchemeError) as error:
        read_scheme(as_yaml(data))
    return error.value.problems


def broken(change) -> dict:
    data = copy.deepcopy(BANDED)
    change(data)
    return data


def test_the_demo_scheme_has_eight_domains_each_answer_with_an_example_and_easy_read() -> None:
    demo = read_scheme(DEMO.read_text())
    assert len(demo.domains) == 8
    assert all(d.example and d.easy_read for q in demo.questions for d in q.descriptors)
    assert [s.id for s in demo.streams] == ["social_care", "education", "health"]


def test_a_descriptor_without_points_is_named_with_its_line() -> None:
    data = broken(lambda d: d["domains"][0]["questions"][0]["descriptors"][1].pop("points"))
    [problem] = problems_with(data)
    assert "domains[0].questions[0].descriptors[1]: 'points' is missing" in problem
    assert problem.startswith("line ")


def test_overlapping_bands_are_explained() -> None:
    data = broken(lambda d: d["money"]["bands"][1].update(from_points=8))
    [problem] = problems_with(data)
    assert "money.bands[1]" in problem
    assert "starts at 8 points, so it overlaps the band before: it should start at 10" in problem


def test_a_gap_between_bands_is_explained() -> None:
    data = broken(lambda d: d["money"]["bands"][2].update(from_points=25))
    assert any("leaves a gap: it should start at 20" in p for p in problems_with(data))


def test_a_band_paying_less_than_the_one_before_is_refused() -> None:
    data = broken(lambda d: d["money"]["bands"][2].update(amount=500))
    assert any("more need must never mean less money" in p for p in problems_with(data))


def test_an_unknown_stream_is_named_with_the_streams_there_are() -> None:
    data = broken(lambda d: d["domains"][0].update(weights={"housing": 100}))
    [problem] = problems_with(data)
    assert "unknown stream 'housing' (the streams are education, health, social_care)" in problem


def test_weights_must_add_up_to_a_hundred() -> None:
    data = broken(lambda d: d["domains"][1]["questions"][0].update(weights={"education": 60}))
    assert any("adding up to 100" in p for p in problems_with(data))


def test_descriptors_must_rise_in_points() -> None:
    def swap(d: dict) -> None:
        d["domains"][0]["questions"][0]["descriptors"][1]["points"] = 9

    assert any("from least to most support" in p for p in problems_with(broken(swap)))


def test_age_bands_must_cover_every_age_without_overlap() -> None:
    data = broken(lambda d: d["age_bands"][1].update(from_age=10))
    problems = problems_with(data)
    assert any("starts at age 10, so it overlaps the one before" in p for p in problems)
    data = broken(lambda d: d["age_bands"][1].update(to_age=20))
    assert any("must cover every age up to 25" in p for p in problems_with(data))


def test_a_repeated_question_id_is_refused() -> None:
    data = broken(lambda d: d["domains"][1]["questions"][0].update(id="washing"))
    assert any("question id 'washing' is used more than once" in p for p in problems_with(data))


def test_bands_and_a_price_per_point_cannot_both_be_given() -> None:
    data = broken(lambda d: d["money"].update(price_per_point=10))
    assert any("either 'bands' or 'price_per_point'" in p for p in problems_with(data))


def test_money_must_be_pounds() -> None:
    data = copy.deepcopy(PRICED)
    data["money"]["price_per_point"] = "lots"
    assert any("must be an amount in pounds" in p for p in problems_with(data))
    data["money"]["price_per_point"] = "10.001"
    assert any("must be an amount in pounds" in p for p in problems_with(data))


def test_a_field_with_a_typo_is_named() -> None:
    data = broken(lambda d: d["domains"][0]["questions"][0].update(weight={"health": 100}))
    assert any("unknown field ('weight' was unexpected)" in p for p in problems_with(data))


def test_wrong_types_are_explained_in_words() -> None:
    data = broken(lambda d: d["domains"][0]["questions"][0]["descriptors"][0].update(points="x"))
    assert any("points: must be a whole number" in p for p in problems_with(data))


def test_a_file_that_is_not_yaml_says_where() -> None:
    with pytest.raises(SchemeError) as error:
        read_scheme("scheme: x\n  title: [unclosed\n")
    assert error.value.problems[0].startswith("line 2")


@pytest.mark.parametrize("text", ["", "- a list", "just words"])
def test_a_file_that_is_not_a_mapping_is_explained(text) -> None:
    with pytest.raises(SchemeError) as error:
        read_scheme(text)
    assert "must be a mapping" in error.value.problems[0]


def test_several_problems_are_all_reported() -> None:
    def many(d: dict) -> None:
        d["domains"][0]["questions"][0]["descriptors"][0].pop("example")
        d.pop("title")

    assert len(problems_with(broken(many))) == 2


def test_a_scheme_written_as_json_reads_the_same_as_yaml() -> None:
    assert read_scheme(json.dumps(BANDED)) == scheme()
