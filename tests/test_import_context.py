"""The reading context of the importer's rules: a value's evidence recorded once per
sentence, and the reader's headings known by the sentences inside them."""

from __future__ import annotations

from waarborg.importer.model import Block, Evidence, Text
from waarborg.importer.rules._context import Context

SOURCE = (
    "Bewaren\n\nWij bewaren je naam een jaar. Daarna wissen wij hem.\n\n"
    "Rechten\n\nJe mag alles zien."
)


def _context() -> Context:
    blocks = []
    for kind, words in (
        ("heading", "Bewaren"),
        ("paragraph", "Wij bewaren je naam een jaar. Daarna wissen wij hem."),
        ("heading", "Rechten"),
        ("paragraph", "Je mag alles zien."),
    ):
        start = SOURCE.index(words)
        blocks.append(Block(kind, start, start + len(words), level=2 if kind == "heading" else 0))  # type: ignore[arg-type]
    return Context.of(Text(SOURCE, tuple(blocks), "made-up.txt", "txt"))


def test_a_sentence_is_cited_once_per_value() -> None:
    ctx = _context()
    first, second = ctx.sentences[1], ctx.sentences[2]
    ctx.put(("retention", "naam"), "P1Y", first, "made-up")
    ctx.cite(("retention", "naam"), "P1Y", [first, second], "made-up")
    ctx.cite(("retention", "naam"), "P1Y", first, "made-up")
    assert [(e.path, e.start) for e in ctx.evidence] == [
        (("retention", "naam"), first.start),
        (("retention", "naam"), second.start),
    ]
    # Evidence a rule adds or takes out itself counts too.
    ctx.evidence.append(Evidence(("rights",), True, "x", 0, 1, "made-up"))
    ctx.cite(("rights",), True, ctx.sentence_at(0), "made-up")
    assert len(ctx.evidence) == 3
    ctx.evidence.clear()
    ctx.cite(("retention", "naam"), "P1Y", first, "made-up")
    assert [(e.path, e.start) for e in ctx.evidence] == [(("retention", "naam"), first.start)]


def test_the_readers_headings_head_their_sections() -> None:
    ctx = _context()
    assert [s.text for s in ctx.sentences if ctx.is_heading(s)] == ["Bewaren", "Rechten"]
    assert [ctx.heading(s) for s in ctx.sentences] == [
        "Bewaren", "Bewaren", "Bewaren", "Rechten", "Rechten",
    ]  # fmt: skip
