"""A statement's web page (or an HTML file) as pieces: trafilatura finds the page's
main text, leaving out the menu, the footer and the cookie banner, and gives it as
headings, paragraphs, list items and table cells. A page too small for trafilatura to
call anything its main text is read whole, element by element."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import trafilatura
from lxml import etree, html

from ._pieces import Piece, bold_heading, clean, link_host

__all__ = ["html_pieces"]

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Elements whose text is never part of the statement.
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "button", "form"}
_BLOCKS = {"p", "li", "td", "th", "dd", "dt", "blockquote", "pre", "address", "caption"}
_BLOCKS |= set(_HEADINGS)


def _title(tree: html.HtmlElement) -> str | None:
    for xpath in ("//title", "//h1"):
        for found in tree.xpath(xpath):
            text = clean(found.text_content()).replace("\n", " ")
            if text:
                return text
    return None


def _own_text(element: etree._Element, nested: set[str]) -> str:
    """The text of ``element`` without that of nested elements named in ``nested``
    (a list inside a list item, a table inside a cell); ``lb`` is a line break."""
    parts: list[str] = [_flat(element.text)]
    for child in element:
        if child.tag in nested or child.tag in ("lb", "br"):
            parts.append("\n")
        elif isinstance(child.tag, str):  # not a comment
            parts.append(_own_text(child, nested))
        parts.append(_flat(child.tail))
    return "".join(parts)


def _flat(text: str | None) -> str:
    """Text as a browser shows it: line breaks in the source are spaces."""
    return re.sub(r"\s+", " ", text) if text else ""


def _all_bold(element: etree._Element, tag: str, text: str) -> bool:
    """Whether all of ``element``'s ``text`` is set in bold: in trafilatura's XML
    (``hi rend="#b"``) or in the page (``strong``, ``b``)."""
    if tag == "hi":
        bold = [c for c in element if c.tag == "hi" and "#b" in str(c.get("rend") or "")]
    else:
        bold = [c for c in element.iter("strong", "b") if c is not element]
    words = "".join(_own_text(b, set()) for b in bold)
    return bool(bold) and re.sub(r"\s", "", words) == re.sub(r"\s", "", text)


def _bold_first_line(element: etree._Element, tag: str, text: str, last: int) -> list[Piece] | None:
    """A paragraph whose first line, up to a line break, is in bold and reads as a
    heading ("<p><strong>Bewaartermijn</strong><br>Wij bewaren ...</p>"): that heading
    and the paragraph after it."""
    if "\n" not in text:
        return None
    first, rest = text.split("\n", 1)
    bold: list[str] = []
    for child in element:
        if child.tag in ("lb", "br"):
            break
        is_bold = (tag == "hi" and "#b" in str(child.get("rend") or "")) or (
            tag != "hi" and child.tag in ("strong", "b")
        )
        if is_bold:
            bold.append(_own_text(child, set()))
    level = bold_heading(first, last)
    if not level or re.sub(r"\s", "", "".join(bold)) != re.sub(r"\s", "", first):
        return None
    return [Piece("heading", first, level), Piece("paragraph", rest)]


_XML_BLOCKS = ("head", "p", "item", "cell", "quote", "code")


def _from_xml(document: etree._Element) -> Iterator[Piece]:
    """Pieces from trafilatura's XML (``head``, ``p``, ``list``/``item``, ``table``,
    ``row``, ``cell``, ``quote``, ``code``), and text it leaves loose between them
    (the first line of an ``<address>``) as a paragraph."""
    main = document.find("main")
    yield from _xml_container(main if main is not None else document, [0])


def _xml_container(root: etree._Element, last: list[int]) -> Iterator[Piece]:
    """The blocks in ``root`` in order, with the text between them as paragraphs;
    ``last`` holds the level of the heading before."""
    loose: list[str] = [_flat(root.text)]

    def flush() -> Iterator[Piece]:
        text = clean("".join(loose))
        if text:
            yield Piece("paragraph", text)

    for child in root:
        if not isinstance(child.tag, str):
            loose.append(_flat(child.tail))
            continue
        if child.tag in (*_XML_BLOCKS, "list", "table", "row"):
            yield from flush()
            yield from _xml_blocks(child, last)
        elif any(True for _ in child.iter(*_XML_BLOCKS, "list", "table")):
            yield from flush()  # a container (a div) around blocks
            yield from _xml_container(child, last)
        else:  # inline: a line break, text in bold, a link
            loose.append("\n" if child.tag == "lb" else _own_text(child, set()))
            loose.append(_flat(child.tail))
            continue
        loose = [_flat(child.tail)]
    yield from flush()


def _xml_blocks(top: etree._Element, last: list[int]) -> Iterator[Piece]:
    for element in top.iter(*_XML_BLOCKS):
        if element.tag in ("p", "quote", "code") and any(
            ancestor.tag in ("item", "cell", "quote") for ancestor in element.iterancestors()
        ):
            continue
        text = clean(_own_text(element, {"list", "table"}))
        if not text:
            continue
        if element.tag == "head":
            rend = str(element.get("rend") or "h2")
            last[0] = int(rend[1]) if rend[:1] == "h" and rend[1:].isdigit() else 2
            yield Piece("heading", text, last[0])
        elif element.tag == "p" and _all_bold(element, "hi", text) and bold_heading(text, last[0]):
            yield Piece("heading", text, bold_heading(text, last[0]))
        elif element.tag == "p" and (split := _bold_first_line(element, "hi", text, last[0])):
            yield from split
        elif element.tag == "item":
            yield Piece("item", text)
        elif element.tag == "cell":
            yield Piece("cell", text)
        else:
            yield Piece("paragraph", text)


def _from_dom(tree: html.HtmlElement) -> Iterator[Piece]:
    """Pieces from the page itself, for a page trafilatura finds no main text in."""
    body = tree.find("body")
    root = body if body is not None else tree
    last = 0  # the level of the heading before
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if any(a.tag in _SKIP for a in element.iterancestors()):
            continue
        if element.tag == "p" and any(a.tag in _BLOCKS for a in element.iterancestors()):
            continue
        text = clean(_own_text(element, {"ul", "ol", "table", "script", "style"}))
        if not text:
            continue
        if element.tag in _HEADINGS:
            last = _HEADINGS[element.tag]
            yield Piece("heading", text, last)
        elif element.tag == "p" and _all_bold(element, "strong", text) and bold_heading(text, last):
            yield Piece("heading", text, bold_heading(text, last))
        elif element.tag == "p" and (split := _bold_first_line(element, "strong", text, last)):
            yield from split
        elif element.tag in ("li", "dd", "dt"):
            yield Piece("item", text)
        elif element.tag in ("td", "th", "caption"):
            yield Piece("cell", text)
        else:
            yield Piece("paragraph", text)


# Words in an id or class that trafilatura takes for a cookie banner or a newsletter
# box, and that a privacy statement's own sections about cookies, consent and the
# newsletter carry.
_TOPICS = re.compile(r"cookie|consent|newsletter|syndication|permission|options", re.I)
# Within the main content, a footer is the article's own (its date, its version).
_MAIN_TOPICS = re.compile(f"{_TOPICS.pattern}|footer", re.I)


def _keep_topics(tree: html.HtmlElement) -> None:
    """Take those words out of ids and classes where they mark the statement's own
    sections, so that trafilatura does not drop the sections on cookies and the
    newsletter as a banner: everywhere within the page's main content (``<main>``,
    ``<article>``, ``role="main"``), and elsewhere on a block with a heading and no
    button or form (a cookie banner has buttons to accept; a section has a heading)."""
    # The elements are held in a list so that lxml keeps one proxy, and one id, each.
    members = [e for c in tree.xpath("//main|//article|//*[@role='main']") for e in c.iter()]
    inside = {id(e) for e in members}
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if id(element) in inside and element.tag == "footer":
            element.tag = "div"  # an article's own footer: when it was last changed
        topics = _TOPICS if id(element) not in inside else _MAIN_TOPICS
        marked = [name for name in ("id", "class") if topics.search(element.get(name) or "")]
        if not marked:
            continue
        if id(element) not in inside and not _section(element):
            continue
        for name in marked:
            element.set(name, topics.sub("topic", element.get(name) or ""))
    del members


def _section(element: html.HtmlElement) -> bool:
    """Whether ``element`` reads as a section of the text rather than a banner: it has
    a heading, and nothing to click or fill in."""
    if element.get("role") in ("dialog", "alertdialog") or element.get("aria-modal"):
        return False
    found = element.xpath(
        ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"
        " | .//button | .//input | .//form | .//*[@role='button' or @role='dialog']"
    )
    headings = [e for e in found if e.tag in _HEADINGS]
    return bool(headings) and len(headings) == len(found)


def _definitions(tree: html.HtmlElement) -> None:
    """A definition list (``<dl>``, as in "Adres: Dorpsstraat 1") as a list whose
    items read "term: definition", so that a value keeps its label (trafilatura reads
    a ``<dl>`` as loose items and loses all but its first term)."""
    for listing in list(tree.iter("dl")):
        items = html.Element("ul")
        item: html.HtmlElement | None = None
        for child in listing:
            if not isinstance(child.tag, str):
                continue
            text = _flat(child.text_content()).strip()
            if not text:
                continue
            if child.tag == "dt" or item is None:
                item = html.Element("li")
                item.text = f"{text}:" if child.tag == "dt" else text
                items.append(item)
                fresh = child.tag == "dt"
            elif fresh:
                item.text = f"{item.text} {text}"
                fresh = False
            else:
                line = html.Element("br")
                line.tail = text
                item.append(line)
        items.tail = listing.tail
        parent = listing.getparent()
        if parent is not None:
            parent.replace(listing, items)


def _load(content: bytes | str) -> html.HtmlElement | None:
    """The page as a tree: trafilatura's loader (which finds the encoding), or lxml's
    own for a fragment that loader does not take for a page (``<p>...</p>``)."""
    tree = trafilatura.utils.load_html(content)
    if tree is None:
        # Decoded as trafilatura decodes a page (UTF-8 where the bytes are): lxml would
        # take a fragment's bytes, with no charset named, for Latin-1.
        decoded = trafilatura.utils.decode_file(content) if isinstance(content, bytes) else content
        for source in (decoded, content):
            try:
                tree = html.document_fromstring(source)
                break
            except (etree.ParserError, ValueError):  # a declared encoding, in a str
                continue
        else:
            return None
    _definitions(tree)
    return tree


def _anchors(tree: html.HtmlElement) -> dict[str, list[str]]:
    """The id of each heading's section (``<section id="purpose-newsletter">``, as a
    statement Waarborg renders marks each purpose), or the heading's own id, by the
    heading's text, in the page's order."""
    found: dict[str, list[str]] = {}
    for heading in tree.iter(*_HEADINGS):
        section = next((a for a in heading.iterancestors("section") if a.get("id")), None)
        anchor = (section.get("id") if section is not None else heading.get("id")) or ""
        text = clean(_own_text(heading, set()))
        if anchor and text:
            found.setdefault(text, []).append(anchor)
    return found


def _anchored(pieces: list[Piece], anchors: dict[str, list[str]]) -> list[Piece]:
    """The headings among ``pieces`` with the anchor of the page's heading of the same
    text."""
    if not anchors:
        return pieces
    out: list[Piece] = []
    for piece in pieces:
        waiting = anchors.get(piece.text) if piece.kind == "heading" else None
        out.append(replace(piece, anchor=waiting.pop(0)) if waiting else piece)
    return out


def _links(tree: html.HtmlElement) -> list[tuple[str, str]]:
    """The page's links to other sites in its order, each as its words and the host it
    points to (the text read from the page keeps a link's words, not its address): those
    in the page's main content (``<main>``, ``<article>``) where it marks one."""
    found: list[tuple[str, str]] = []
    main = tree.xpath("//main|//article|//*[@role='main']")
    for link in (a for root in main or [tree] for a in root.iter("a")):
        host = link_host(str(link.get("href") or ""))
        words = clean(link.text_content()).replace("\n", " ")
        if host and words:
            found.append((words, host))
    return found


def _linked(pieces: list[Piece], links: list[tuple[str, str]]) -> list[Piece]:
    """``pieces`` with each link of the page given to the piece its words stand in:
    the first piece, from the one the link before was given to on, whose text holds
    the words whole (a link in a menu or footer, outside the pieces, is given to none)."""
    if not links:
        return pieces
    given: list[list[tuple[str, str]]] = [[] for _ in pieces]
    at = 0
    for words, host in links:
        pattern = re.compile(rf"(?<!\w){re.escape(words)}(?!\w)")
        for index in range(at, len(pieces)):
            if pattern.search(pieces[index].text.replace("\n", " ")):
                given[index].append((words, host))
                at = index
                break
    return [replace(p, links=tuple(g)) if g else p for p, g in zip(pieces, given, strict=True)]


# How much of the text after a heading is held against the pieces to place it.
_LEAD = 40


def _heading_leads(tree: html.HtmlElement) -> list[tuple[str, int, str]]:
    """The page's headings in order, each as its text, its level and the first words
    that follow it (without spaces, up to the next heading)."""
    found: list[tuple[str, int, str]] = []
    after: list[str] = []

    def walk(element: etree._Element) -> None:
        if not isinstance(element.tag, str) or element.tag in _SKIP:
            return
        if element.tag in _HEADINGS:
            text = clean(_own_text(element, set())).replace("\n", " ")
            if text:
                after.clear()
                found.append((text, _HEADINGS[element.tag], ""))
            return
        if element.text:
            after.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                after.append(child.tail)
            if found and not found[-1][2]:
                lead = re.sub(r"\s", "", "".join(after))
                if len(lead) >= _LEAD:
                    found[-1] = (*found[-1][:2], lead[:_LEAD])

    walk(tree)
    if found and not found[-1][2]:
        found[-1] = (*found[-1][:2], re.sub(r"\s", "", "".join(after))[:_LEAD])
    return found


def _with_headings(pieces: list[Piece], leads: list[tuple[str, int, str]]) -> list[Piece]:
    """``pieces`` with the page's headings that the extraction left out put back, each
    before the piece that begins with the words that follow it on the page (trafilatura
    drops every heading of a page whose main text it finds in no frame it knows, such
    as sections of ``<div>`` and ``<p>`` without ``<main>`` or ``<article>``). A
    heading whose text was left out with it (a menu's, a footer's) stays out."""
    if not leads:
        return pieces
    out = list(pieces)
    at = 0
    for text, level, lead in leads:
        kept = next(
            (
                i
                for i in range(at, len(out))
                if out[i].kind == "heading" and out[i].text.replace("\n", " ") == text
            ),
            None,
        )
        if kept is not None:
            at = kept + 1
            continue
        if len(lead) < 8:
            continue
        for index in range(at, len(out)):
            words = re.sub(r"\s", "", out[index].text)
            size = min(len(words), len(lead))
            if size < 8 or words[:size] != lead[:size]:
                continue
            before = out[index - 1] if index > at else None
            if (
                before is not None
                and before.kind == "paragraph"
                and before.text.replace("\n", " ") == text
            ):
                out[index - 1] = Piece("heading", before.text, level)
                at = index
            else:
                out.insert(index, Piece("heading", text, level))
                at = index + 1
            break
    return out


def html_pieces(content: bytes | str) -> tuple[list[Piece], str | None]:
    """The pieces of an HTML page and its title (``<title>`` or else its first
    ``<h1>``); an empty list when the page holds no text."""
    tree = _load(content)
    if tree is None:
        return [], None
    title = _title(tree)
    anchors = _anchors(tree)
    links = _links(tree)
    leads = _heading_leads(tree)
    _keep_topics(tree)
    extracted = trafilatura.extract(
        tree,
        output_format="xml",
        include_tables=True,
        include_comments=False,
        include_formatting=True,  # bold, to tell a paragraph in bold alone
        include_links=False,
        include_images=False,
        favor_recall=True,
    )
    pieces: list[Piece] = []
    if extracted:
        pieces = list(_from_xml(etree.fromstring(extracted.encode("utf-8"))))
    if pieces:
        return _linked(_anchored(_with_headings(pieces, leads), anchors), links), title
    whole = _load(content)  # extract() may have pruned the tree
    if whole is None:
        return [], title
    for skipped in whole.xpath("//script|//style|//noscript|//template"):
        skipped.drop_tree()
    return _linked(_anchored(list(_from_dom(whole)), anchors), links), title
