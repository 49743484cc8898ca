"""GitHub annotations: what would cut a workflow command short is escaped."""

from __future__ import annotations

from waarborg.annotations import github_annotation


def test_a_plain_annotation() -> None:
    line = github_annotation(
        "error", "no basis", file="privacy.yaml", line=3, col=5, title="basis-missing"
    )
    assert line == "::error file=privacy.yaml,line=3,col=5,title=basis-missing::no basis"


def test_percent_newlines_colons_and_commas_are_escaped() -> None:
    line = github_annotation(
        "warning", "100% sure\nsecond line", file="a,b:c.yaml", line=1, title="x"
    )
    assert line == "::warning file=a%2Cb%3Ac.yaml,line=1,title=x::100%25 sure%0Asecond line"


def test_without_a_file_the_line_and_column_are_left_out() -> None:
    assert github_annotation("notice", "m", line=4, col=2) == "::notice ::m"
