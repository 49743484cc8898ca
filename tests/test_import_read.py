"""Reading a privacy statement (``waarborg.importer.read``): every format written as a
real file by the library that writes it, a web page served from the test itself, the
errors that name the file and the fix, and the sentences with their offsets."""

from __future__ import annotations

import http.server
import itertools
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import docx
import pytest
import trafilatura
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st
from odf import table as odf_table
from odf import text as odf_text
from odf.opendocument import OpenDocumentText

from waarborg.errors import StatementUnreadable
from waarborg.importer import read as reading
from waarborg.importer._pieces import Piece, clean
from waarborg.importer.model import Block, Text
from waarborg.importer.read import explain, read, read_bytes
from waarborg.importer.sentences import sentences

# One statement, written in every format below.
TITLE = "Privacyverklaring Bakkerij Voorbeeld B.V."
INTRO = (
    "Bakkerij Voorbeeld B.V., gevestigd aan de Dorpsstraat 1, 1234 AB Utrecht, is "
    "verantwoordelijk voor de verwerking van persoonsgegevens zoals weergegeven in deze "
    "privacyverklaring. Wij verwerken o.a. uw naam en e-mailadres."
)
HEADING = "Persoonsgegevens die wij verwerken"
LEAD = "Hieronder vindt u een overzicht van de persoonsgegevens die wij verwerken:"
ITEMS = ["Voor- en achternaam", "E-mailadres", "Telefoonnummer"]
RETENTION = "Hoe lang wij persoonsgegevens bewaren"
CELLS = ["Gegevens", "Bewaartermijn", "Facturen", "7 jaar"]
CONTACT = "U kunt een verzoek sturen naar privacy@voorbeeld.nl. Wij reageren binnen vier weken."


def _kinds(text: Text) -> dict[str, str]:
    return {text.quote(b.start, b.end): b.kind for b in text.blocks}


def _holds_the_statement(text: Text, *, cells: bool = True) -> None:
    """The statement's parts are there as blocks of the right kind, and the text is
    its blocks one blank line apart."""
    kinds = _kinds(text)
    assert kinds[HEADING] == "heading"
    assert kinds[RETENTION] == "heading"
    assert kinds[INTRO] == "paragraph"
    assert kinds[LEAD] == "paragraph"
    assert [kinds[item] for item in ITEMS] == ["item"] * 3
    if cells:
        assert [kinds[cell] for cell in CELLS] == ["cell"] * 4
    assert kinds[CONTACT] == "paragraph"
    _well_formed(text)
    assert text.lang == "nl"


def _well_formed(text: Text) -> None:
    assert text.blocks
    assert "\n\n".join(text.quote(b.start, b.end) for b in text.blocks) == text.text
    for block in text.blocks:
        piece = text.quote(block.start, block.end)
        assert piece and piece == piece.strip() and "\n\n" not in piece
        assert (block.kind == "heading") == (block.level > 0)


# --- the formats --------------------------------------------------------------------


def test_plain_text_finds_headings_paragraphs_and_list_items(tmp_path: Path) -> None:
    path = tmp_path / "privacy.txt"
    bullets = "\n".join(f"\u2022 {item}" for item in ITEMS)
    path.write_text(
        f"{TITLE}\n\n{INTRO}\n\n{HEADING}\n\n{LEAD}\n{bullets}\n\n{RETENTION}\n\n{CONTACT}\n",
        "utf-8",
    )
    text = read(path)
    _holds_the_statement(text, cells=False)
    assert (text.format, text.origin, text.title) == ("txt", str(path), TITLE)
    assert text.blocks[0] == Block("heading", 0, len(TITLE), 1)


def test_plain_text_in_windows_encoding_and_with_odd_spaces(tmp_path: Path) -> None:
    path = tmp_path / "verklaring.TXT"
    path.write_bytes(
        "Wij verwerken uw gegevens\u00a0 voor   de   cre\u00e9rende partij.\r\n".encode("cp1252")
    )
    text = read(path)
    assert text.text == "Wij verwerken uw gegevens voor de cre\u00e9rende partij."


def test_markdown_keeps_headings_lists_and_tables_without_markup(tmp_path: Path) -> None:
    path = tmp_path / "privacy.md"
    path.write_text(
        f"# {TITLE}\n\n{INTRO}\n\n## {HEADING}\n\n{LEAD}\n\n"
        + "".join(f"- {item}\n" for item in ITEMS)
        + f"\n## {RETENTION}\n\n| {CELLS[0]} | {CELLS[1]} |\n|---|---|\n"
        f"| {CELLS[2]} | {CELLS[3]} |\n\n"
        "U kunt een verzoek sturen naar [privacy@voorbeeld.nl](mailto:privacy@voorbeeld.nl). "
        "Wij reageren **binnen vier weken**.\n",
        "utf-8",
    )
    text = read(path)
    _holds_the_statement(text)
    assert text.title == TITLE
    assert [b.level for b in text.blocks if b.kind == "heading"] == [1, 2, 2]


def test_markdown_front_matter_gives_the_title_and_is_no_part_of_the_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "privacy.markdown"
    path.write_text(
        "---\nlayout: page\ntitle: Privacyverklaring\npermalink: /privacy/\n---\n"
        f"{INTRO}\n\n## Contact\nPostadres:\nVolkstuinvereniging Ontspanning na Arbeid (ONA)\n"
        "Postbus 109, 9670 AC Winschoten\nE-mail: info@voorbeeld.nl\n",
        "utf-8",
    )
    text = read(path)
    assert text.title == "Privacyverklaring"
    assert text.text.startswith(INTRO)
    found = [text.quote(start, end) for start, end in sentences(text)][-4:]
    assert found == [
        "Postadres:",
        "Volkstuinvereniging Ontspanning na Arbeid (ONA)",
        "Postbus 109, 9670 AC Winschoten",
        "E-mail: info@voorbeeld.nl",
    ]


def _page(extra: str = "") -> str:
    items = "".join(f"<li>{item}</li>" for item in ITEMS)
    return (
        f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>{TITLE}</title>"
        "</head><body><nav><a href='/'>Home</a> <a href='/winkel'>Winkel</a></nav><main>"
        f"<h1>{TITLE}</h1><p>{INTRO}</p><h2>{HEADING}</h2><p>{LEAD}</p><ul>{items}</ul>"
        f"<h2>{RETENTION}</h2><table><tr><th>{CELLS[0]}</th><th>{CELLS[1]}</th></tr>"
        f"<tr><td>{CELLS[2]}</td><td>{CELLS[3]}</td></tr></table>"
        "<p>U kunt een verzoek sturen naar <a href='mailto:privacy@voorbeeld.nl'>"
        "privacy@voorbeeld.nl</a>. Wij reageren <strong>binnen vier weken</strong>.</p>"
        f"{extra}</main><footer>Volg ons op sociale media</footer>"
        "<script>var tracking = 'geen tekst';</script></body></html>"
    )


def test_html_takes_the_main_text_and_leaves_out_menu_footer_and_scripts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "privacy.html"
    path.write_text(_page(), "utf-8")
    text = read(path)
    _holds_the_statement(text)
    assert text.format == "html"
    assert text.title == TITLE
    for left_out in ("Winkel", "sociale media", "tracking"):
        assert left_out not in text.text


def test_html_keeps_the_sections_about_cookies_and_labels_with_their_values(
    tmp_path: Path,
) -> None:
    extra = (
        "<section id='cookies' class='cookie-section'><h2>Cookies</h2>"
        "<p>Wij gebruiken alleen analytische cookies.</p></section>"
        "<div class='newsletter'><h2>Nieuwsbrief</h2><p>U kunt zich altijd afmelden.</p></div>"
        "<dl><dt>Adres</dt><dd>Dorpsstraat 1, 1234 AB Utrecht</dd>"
        "<dt>E-mail</dt><dd>privacy@voorbeeld.nl</dd><dd>fg@voorbeeld.nl</dd></dl>"
    )
    banner = "<div id='cookie-banner'><p>Deze site gebruikt cookies. Akkoord?</p></div>"
    path = tmp_path / "privacy.html"
    path.write_text(_page(extra).replace("<body>", f"<body>{banner}"), "utf-8")
    kinds = _kinds(read(path))
    assert kinds["Cookies"] == kinds["Nieuwsbrief"] == "heading"
    assert kinds["Wij gebruiken alleen analytische cookies."] == "paragraph"
    assert kinds["U kunt zich altijd afmelden."] == "paragraph"
    assert kinds["Adres: Dorpsstraat 1, 1234 AB Utrecht"] == "item"
    assert kinds["E-mail: privacy@voorbeeld.nl\nfg@voorbeeld.nl"] == "item"
    assert not any("Akkoord" in block for block in kinds)


def test_a_page_without_main_content_markup_keeps_its_cookie_section_too(
    tmp_path: Path,
) -> None:
    body = " ".join([INTRO] * 3)
    path = tmp_path / "privacy.html"
    path.write_text(
        "<html><body><div id='cookie-notice' role='dialog'><p>Wij gebruiken cookies.</p>"
        "<button>Akkoord</button></div><div class='content'>"
        f"<h1>{TITLE}</h1><p>{body}</p>"
        "<div id='cookies'><h2>Cookies</h2><p>Wij plaatsen alleen functionele cookies. "
        "Daarvoor is geen toestemming nodig.</p></div>"
        f"<p>{CONTACT}</p></div></body></html>",
        "utf-8",
    )
    kinds = _kinds(read(path))
    assert kinds["Cookies"] == "heading"
    assert "Akkoord" not in " ".join(kinds)


def test_html_keeps_an_address_block_and_the_articles_own_footer(tmp_path: Path) -> None:
    path = tmp_path / "privacy.html"
    path.write_text(
        f"<html><body><main><article><h1>{TITLE}</h1><p>{INTRO}</p><h2>Contact</h2>"
        "<address>Bakkerij Voorbeeld B.V.<br>Dorpsstraat 1<br>1234 AB Utrecht</address>"
        f"<p>{CONTACT}</p><footer><p>Laatst gewijzigd op 1 maart 2024.</p></footer>"
        "</article></main><footer><p>Volg ons op sociale media</p></footer></body></html>",
        "utf-8",
    )
    text = read(path).text
    for line in ("Bakkerij Voorbeeld B.V.", "Dorpsstraat 1", "Laatst gewijzigd op 1 maart 2024."):
        assert line in text
    assert "sociale media" not in text


def test_html_in_nested_containers_keeps_its_blocks_apart(tmp_path: Path) -> None:
    items = "".join(f"<li>{item}</li>" for item in ITEMS)
    path = tmp_path / "privacy.html"
    path.write_text(
        "<html><body><header><nav><a href='/'>Home</a></nav></header>"
        "<section class='page-header'><div class='container'><h1>Privacy</h1></div></section>"
        "<section class='section'><div class='container'><div class='fade-in'>"
        f"<h2>{HEADING}</h2><p>\n  {LEAD}\n</p><ul>{items}</ul><h2>{RETENTION}</h2>"
        f"<p>{INTRO}</p><p style='font-size: small'>Laatst bijgewerkt: februari 2026</p>"
        "</div></div></section><footer><p>&copy; 2026</p></footer></body></html>",
        "utf-8",
    )
    kinds = _kinds(read(path))
    assert kinds[HEADING] == kinds[RETENTION] == "heading"
    assert kinds[LEAD] == kinds[INTRO] == "paragraph"
    assert [kinds[item] for item in ITEMS] == ["item"] * 3
    assert kinds["Laatst bijgewerkt: februari 2026"] == "paragraph"


def test_a_tiny_html_page_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "kort.htm"
    path.write_text("<html><body><h2>Contact</h2><p>Mail ons.</p></body></html>", "utf-8")
    text = read(path)
    assert _kinds(text) == {"Contact": "heading", "Mail ons.": "paragraph"}


class _Pdf(FPDF):
    """A PDF with a running header and page numbers, as word processors write them."""

    running = False

    def header(self) -> None:
        if self.running:
            self.set_font("helvetica", size=8)
            self.cell(0, 6, "Bakkerij Voorbeeld - privacyverklaring", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        if self.running:
            self.set_y(-15)
            self.set_font("helvetica", size=8)
            self.cell(0, 6, f"Pagina {self.page_no()} van 3", align="C")


def _pdf_document(running: bool = False) -> _Pdf:
    pdf = _Pdf()
    pdf.running = running
    pdf.set_title(TITLE)
    return pdf


def test_pdf_puts_its_lines_back_into_paragraphs_items_and_headings(tmp_path: Path) -> None:
    pdf = _pdf_document(running=True)
    long_paragraph = " ".join([INTRO] + ["Dit is een zin om de pagina te vullen."] * 3)
    for page in range(3):
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        if page == 0:
            pdf.set_font("helvetica", "B", 14)
            pdf.cell(0, 10, HEADING, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("helvetica", size=11)
            pdf.multi_cell(0, 6, long_paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
            pdf.multi_cell(0, 6, LEAD, new_x="LMARGIN", new_y="NEXT")
            for item in ITEMS:
                pdf.cell(0, 6, f"- {item}", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(0, 6, CONTACT, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "privacy.pdf"
    pdf.output(str(path))
    text = read(path)
    kinds = _kinds(text)
    assert kinds[HEADING] == "heading"
    assert kinds[long_paragraph] == "paragraph"  # its wrapped lines joined again
    assert kinds[LEAD] == "paragraph"
    assert [kinds[item] for item in ITEMS] == ["item"] * 3
    assert text.text.count(CONTACT) == 2
    assert "Pagina" not in text.text and "Bakkerij Voorbeeld -" not in text.text
    assert (text.format, text.title, text.lang) == ("pdf", TITLE, "nl")
    _well_formed(text)


def test_pdf_headings_are_told_by_their_size_or_else_by_bold(tmp_path: Path) -> None:
    pdf = _pdf_document()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 20)
    pdf.cell(0, 10, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=14)
    lead = "Hier leest u hoe Bakkerij Voorbeeld B.V. met uw persoonsgegevens omgaat. " * 2
    pdf.multi_cell(0, 7, lead.strip(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 6, "Inhoud", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"1. {HEADING}", new_x="LMARGIN", new_y="NEXT")  # the contents
    pdf.cell(0, 6, f"2. {RETENTION}", new_x="LMARGIN", new_y="NEXT")
    for number, heading in ((1, HEADING), (2, RETENTION)):
        pdf.set_font("helvetica", "B", 16)
        pdf.cell(0, 9, f"{number}. {heading}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, CONTACT, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "koppen.pdf"
    pdf.output(str(path))
    text = read(path)
    headings = [(b.level, text.quote(b.start, b.end)) for b in text.blocks if b.level]
    assert headings == [(1, TITLE), (2, f"1. {HEADING}"), (2, f"2. {RETENTION}")]
    assert _kinds(text)[lead.strip()] == "paragraph"  # set large, but a sentence
    assert _kinds(text)[f"1. {HEADING}"] == "heading"

    plain = _pdf_document()  # one size throughout: the headings are in bold
    plain.add_page()
    for heading in (HEADING, RETENTION):
        plain.set_font("helvetica", "B", 11)
        plain.cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        plain.set_font("helvetica", size=11)
        plain.multi_cell(0, 6, CONTACT, new_x="LMARGIN", new_y="NEXT")
    plain.output(str(path))
    text = read(path)
    assert [text.quote(b.start, b.end) for b in text.blocks if b.kind == "heading"] == [
        HEADING,
        RETENTION,
    ]


def test_a_locked_pdf_and_a_scanned_pdf_say_what_to_do(tmp_path: Path) -> None:
    locked = _pdf_document()
    locked.set_encryption(owner_password="eigenaar", user_password="geheim")
    locked.add_page()
    locked.set_font("helvetica", size=11)
    locked.cell(0, 6, INTRO[:60])
    locked_path = tmp_path / "beveiligd.pdf"
    locked.output(str(locked_path))
    with pytest.raises(StatementUnreadable) as caught:
        read(locked_path)
    assert caught.value.reason == "encrypted"
    assert str(locked_path) in str(caught.value) and "password" in str(caught.value)

    scan = _pdf_document()
    scan.add_page()
    scan.set_fill_color(40, 40, 40)
    scan.rect(20, 20, 170, 250, style="F")  # a page of ink and no text, as a scan is
    scan_path = tmp_path / "scan.pdf"
    scan.output(str(scan_path))
    with pytest.raises(StatementUnreadable) as caught:
        read(scan_path)
    assert caught.value.reason == "no_text"
    assert "OCR" in str(caught.value)
    assert "tekstherkenning" in explain(caught.value, "nl")


def test_a_pdf_with_an_empty_user_password_is_read(tmp_path: Path) -> None:
    pdf = _pdf_document()
    pdf.set_encryption(owner_password="eigenaar")  # opens without a password
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, CONTACT)
    path = tmp_path / "open.pdf"
    pdf.output(str(path))
    assert _kinds(read(path)) == {CONTACT: "paragraph"}


def test_word_reads_heading_styles_list_paragraphs_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = TITLE
    document.add_heading(TITLE, level=1)
    document.add_paragraph(INTRO)
    document.add_heading(HEADING, level=2)
    document.add_paragraph(LEAD)
    for item in ITEMS:
        document.add_paragraph(item, style="List Bullet")
    document.add_heading(RETENTION, level=2)
    grid = document.add_table(rows=2, cols=2)
    for index, cell in enumerate(CELLS):
        grid.cell(index // 2, index % 2).text = cell
    paragraph = document.add_paragraph("U kunt een verzoek sturen naar privacy@voorbeeld.nl. ")
    paragraph.add_run("Wij reageren ")
    paragraph.add_run("binnen vier weken").bold = True
    paragraph.add_run(".")
    path = tmp_path / "privacy.docx"
    document.save(str(path))
    text = read(path)
    _holds_the_statement(text)
    assert (text.format, text.title) == ("docx", TITLE)
    assert [b.level for b in text.blocks if b.kind == "heading"] == [1, 2, 2]


def test_opendocument_reads_headings_lists_and_tables(tmp_path: Path) -> None:
    document = OpenDocumentText()
    body = document.text
    body.addElement(odf_text.H(outlinelevel=1, text=TITLE))
    body.addElement(odf_text.P(text=INTRO))
    body.addElement(odf_text.H(outlinelevel=2, text=HEADING))
    body.addElement(odf_text.P(text=LEAD))
    listing = odf_text.List()
    for item in ITEMS:
        entry = odf_text.ListItem()
        entry.addElement(odf_text.P(text=item))
        listing.addElement(entry)
    body.addElement(listing)
    body.addElement(odf_text.H(outlinelevel=2, text=RETENTION))
    grid = odf_table.Table(name="Bewaartermijnen")
    grid.addElement(odf_table.TableColumn(numbercolumnsrepeated=2))
    for row_cells in (CELLS[:2], CELLS[2:]):
        row = odf_table.TableRow()
        for value in row_cells:
            cell = odf_table.TableCell()
            cell.addElement(odf_text.P(text=value))
            row.addElement(cell)
        grid.addElement(row)
    body.addElement(grid)
    body.addElement(odf_text.P(text=CONTACT))
    path = tmp_path / "privacy.odt"
    document.save(str(path))
    text = read(path)
    _holds_the_statement(text)
    assert text.format == "odt"
    assert [b.level for b in text.blocks if b.kind == "heading"] == [1, 2, 2]


def test_wrapped_source_lines_are_one_line_as_a_reader_sees_them(tmp_path: Path) -> None:
    markdown = tmp_path / "privacy.md"
    markdown.write_text(
        "Wij delen gegevens\nop grond van\nhet Privacy Shield.  \nRegel twee.", "utf-8"
    )
    assert read(markdown).text == "Wij delen gegevens op grond van het Privacy Shield.\nRegel twee."
    page = tmp_path / "privacy.html"
    page.write_text(
        "<html><body><main><p>Wij delen\n   gegevens met <em>onze\n  verwerkers</em>:<br>"
        "Bakkerij Voorbeeld B.V.</p></main></body></html>",
        "utf-8",
    )
    assert read(page).text == "Wij delen gegevens met onze verwerkers:\nBakkerij Voorbeeld B.V."


def test_a_paragraph_wholly_in_bold_reads_as_a_heading_in_every_format(
    tmp_path: Path,
) -> None:
    """Statements from generators and word processors often set their headings as a
    paragraph in bold. One short line in bold is a heading, one below the heading
    before; a bold label before its value ("Adres: ...") and a bold lead-in ending in
    a colon are not."""
    label = "Adres: Dorpsstraat 1, 1234 AB Utrecht"
    page = tmp_path / "privacy.html"
    page.write_text(
        f"<html><body><main><h2>{HEADING}</h2><p><strong>{RETENTION}</strong><br>"
        f"{INTRO}</p><p><b>Adres:</b> Dorpsstraat 1, 1234 AB Utrecht</p>"
        f"<p><b>Neem contact op:</b></p><p>{CONTACT}</p></main></body></html>",
        "utf-8",
    )
    markdown = tmp_path / "privacy.md"
    markdown.write_text(
        f"## {HEADING}\n\n**{RETENTION}**\n\n{INTRO}\n\n**Adres:** Dorpsstraat 1, "
        f"1234 AB Utrecht\n\n**Neem contact op:**\n\n{CONTACT}\n",
        "utf-8",
    )
    document = docx.Document()
    document.add_heading(HEADING, level=2)
    document.add_paragraph().add_run(RETENTION).bold = True
    document.add_paragraph(INTRO)
    labelled = document.add_paragraph()
    labelled.add_run("Adres:").bold = True
    labelled.add_run(" Dorpsstraat 1, 1234 AB Utrecht")
    document.add_paragraph().add_run("Neem contact op:").bold = True
    document.add_paragraph(CONTACT)
    word = tmp_path / "privacy.docx"
    document.save(str(word))
    for path in (page, markdown, word):
        text = read(path)
        headings = [(b.level, text.quote(b.start, b.end)) for b in text.blocks if b.level]
        assert headings == [(2, HEADING), (3, RETENTION)], path.suffix
        kinds = _kinds(text)
        assert kinds[label] == kinds["Neem contact op:"] == "paragraph", path.suffix


def test_an_english_statement_is_detected_as_english(tmp_path: Path) -> None:
    path = tmp_path / "privacy.txt"
    path.write_text(
        "Privacy statement\n\nWe process your personal data when you use our services. "
        "You can ask us for a copy of the data we have about you.\n",
        "utf-8",
    )
    assert read(path).lang == "en"
    path.write_text("Wij verwerken uw persoonsgegevens als u onze diensten gebruikt.", "utf-8")
    assert read(path).lang == "nl"


# --- a web address ------------------------------------------------------------------


class _Site(http.server.BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:
        status, content_type, body = self.pages.get(self.path, (404, "text/html", b"weg"))
        self.send_response(status)
        if status in (301, 302):
            self.send_header("Location", body.decode())
            body = b""
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def site() -> Iterator[str]:
    _Site.pages = {
        "/privacy": (200, "text/html; charset=utf-8", _page().encode("utf-8")),
        "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
        "/groot": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
        "/kapot": (500, "text/html", b"fout"),
        "/oud": (301, "text/html", b"/privacy"),
        "/stiekem": (302, "text/html", b"file:///etc/passwd"),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_statement_is_read_from_its_web_address(site: str) -> None:
    text = read(f"{site}/privacy")
    _holds_the_statement(text)
    assert (text.format, text.origin, text.title) == ("html", f"{site}/privacy", TITLE)


@pytest.mark.parametrize(
    ("path", "reason", "words"),
    [
        ("/logo.png", "not_html", "image/png"),
        ("/kapot", "http_status", "500"),
        ("/bestaat-niet", "http_status", "404"),
    ],
)
def test_a_web_address_that_gives_no_page_says_so(
    site: str, path: str, reason: str, words: str
) -> None:
    with pytest.raises(StatementUnreadable) as caught:
        read(site + path)
    assert caught.value.reason == reason
    assert site + path in str(caught.value) and words in str(caught.value)


def test_a_redirect_is_followed_to_a_web_page_only(site: str) -> None:
    assert _kinds(read(f"{site}/oud"))[HEADING] == "heading"
    with pytest.raises(StatementUnreadable) as caught:
        read(f"{site}/stiekem")  # to a file on the server: never followed
    assert (caught.value.reason, caught.value.details) == ("http_status", {"status": "302"})


def test_an_address_a_form_gives_must_be_public(site: str) -> None:
    """The admin reads a statement from an address its user gives: one inside the
    network Waarborg runs in (here the test's own server) is refused, by name too."""
    for url in (f"{site}/privacy", site.replace("127.0.0.1", "localhost") + "/privacy"):
        with pytest.raises(StatementUnreadable) as caught:
            read(url, public_only=True)
        assert caught.value.reason == "private_address"
        assert "127.0.0.1" in str(caught.value) or "::1" in str(caught.value)
        assert "upload" in str(caught.value)


def test_a_page_over_the_limit_is_refused(site: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    with pytest.raises(StatementUnreadable) as caught:
        read(f"{site}/groot")
    assert caught.value.reason == "too_large"


def test_an_address_nobody_answers_is_unreachable() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    with pytest.raises(StatementUnreadable) as caught:
        read(f"http://127.0.0.1:{port}/privacy")
    assert caught.value.reason == "unreachable"
    assert "save the page" in str(caught.value)


# --- files that cannot be read ------------------------------------------------------


def test_files_that_cannot_be_read_name_the_file_and_the_fix(tmp_path: Path) -> None:
    cases: list[tuple[Path | str, str, str]] = []
    cases.append((tmp_path / "weg.txt", "missing", "no such file"))
    cases.append((tmp_path, "not_a_file", "folder"))
    empty = tmp_path / "leeg.txt"
    empty.write_text("  \n\n ", "utf-8")
    cases.append((empty, "empty", "holds no text"))
    spreadsheet = tmp_path / "privacy.xlsx"
    spreadsheet.write_bytes(b"PK\x03\x04")
    cases.append((spreadsheet, "unsupported", ".xlsx"))
    broken = tmp_path / "kapot.docx"
    broken.write_bytes(b"dit is geen Word-bestand")
    cases.append((broken, "damaged", "docx"))
    broken_odt = tmp_path / "kapot.odt"
    broken_odt.write_bytes(b"ook geen OpenDocument")
    cases.append((broken_odt, "damaged", "odt"))
    broken_pdf = tmp_path / "kapot.pdf"
    broken_pdf.write_bytes(b"%PDF-1.4\nniets\n")
    cases.append((broken_pdf, "damaged", "pdf"))
    cases.append(("ftp://voorbeeld.nl/privacy.txt", "bad_url", "http"))
    for source, reason, words in cases:
        with pytest.raises(StatementUnreadable) as caught:
            read(source)
        assert (caught.value.reason, caught.value.source) == (reason, str(source))
        assert str(source) in str(caught.value) and words in str(caught.value)
        assert str(source) in explain(caught.value, "nl")


def test_a_word_file_that_unpacks_to_too_much_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = docx.Document()
    document.add_paragraph(INTRO * 50)
    path = tmp_path / "groot.docx"
    document.save(str(path))
    assert read(path).blocks
    monkeypatch.setattr(reading, "MAX_UNPACKED", 10_000)
    with pytest.raises(StatementUnreadable) as caught:
        read(path)
    assert caught.value.reason == "too_large"


def test_a_text_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_CHARS", 100)
    with pytest.raises(StatementUnreadable) as caught:
        read_bytes(("Wij verwerken gegevens. " * 10).encode(), "txt", "upload.txt")
    assert caught.value.reason == "too_long"
    assert read_bytes(b"Wij verwerken gegevens.", "txt", "upload.txt").text == (
        "Wij verwerken gegevens."
    )


# --- sentences ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Wij verwerken o.a. uw naam. Dat doen wij bijv. voor de factuur.",
            ["Wij verwerken o.a. uw naam.", "Dat doen wij bijv. voor de factuur."],
        ),
        (
            "Stuur uw verzoek t.a.v. de FG naar dhr. J. Jansen. Wij reageren z.s.m.",
            ["Stuur uw verzoek t.a.v. de FG naar dhr. J. Jansen.", "Wij reageren z.s.m."],
        ),
        (
            "Acme B.V. is verantwoordelijk. Wij zijn Acme B.V. Wij verwerken gegevens.",
            ["Acme B.V. is verantwoordelijk.", "Wij zijn Acme B.V.", "Wij verwerken gegevens."],
        ),
        (
            "Wij zijn ingeschreven onder nr. 12345678. Zie art. 6 lid 1 AVG.",
            ["Wij zijn ingeschreven onder nr. 12345678.", "Zie art. 6 lid 1 AVG."],
        ),
        (
            "Wij bewaren dit 7 jaar. Daarna verwijderen wij het! Vragen? Mail ons.",
            ["Wij bewaren dit 7 jaar.", "Daarna verwijderen wij het!", "Vragen?", "Mail ons."],
        ),
        (
            'Wij noemen dit "de dienst." De dienst (zie hieronder.) is gratis.',
            ['Wij noemen dit "de dienst."', "De dienst (zie hieronder.) is gratis."],
        ),
        (
            "Bezoek www.acme.nl of mail info@acme.nl. Bel 030-1234567.",
            ["Bezoek www.acme.nl of mail info@acme.nl.", "Bel 030-1234567."],
        ),
        (
            "We use e.g. your name, i.e. what you tell us. Acme Ltd. is based in Utrecht.",
            ["We use e.g. your name, i.e. what you tell us.", "Acme Ltd. is based in Utrecht."],
        ),
        (
            "Acme B.V.\nDorpsstraat 1\n1234 AB Utrecht\nKvK: 12345678",
            ["Acme B.V.", "Dorpsstraat 1", "1234 AB Utrecht", "KvK: 12345678"],
        ),
        (
            "Wij verwerken gegevens die u\nons geeft, zoals uw naam,\nUw adres en uw e-mail.",
            ["Wij verwerken gegevens die u\nons geeft, zoals uw naam,\nUw adres en uw e-mail."],
        ),
        ("wij verwerken 1.000 namen. en meer", ["wij verwerken 1.000 namen. en meer"]),
        (
            "Deze verklaring geldt vanaf 1 jan. 2024. Zij vervangt die van 3 okt. 2019, c.q. "
            "die van de rechtsvoorganger.",
            [
                "Deze verklaring geldt vanaf 1 jan. 2024.",
                "Zij vervangt die van 3 okt. 2019, c.q. die van de rechtsvoorganger.",
            ],
        ),
        (
            "Wij delen gegevens met onze verwerker in de Verenigde Staten op grond van het\n"
            "Privacy Shield. Dat is niet meer geldig.\nDorpsstraat 1, Utrecht\n"
            "Telefoon: 030-1234567",
            [
                "Wij delen gegevens met onze verwerker in de Verenigde Staten op grond van het\n"
                "Privacy Shield.",
                "Dat is niet meer geldig.",
                "Dorpsstraat 1, Utrecht",
                "Telefoon: 030-1234567",
            ],
        ),
    ],
)
def test_sentences_end_where_a_sentence_ends_in_dutch_and_english(
    paragraph: str, expected: list[str]
) -> None:
    text = Text(paragraph, (Block("paragraph", 0, len(paragraph)),), "x.txt", "txt")
    assert [paragraph[start:end] for start, end in sentences(text)] == expected


def test_each_list_item_heading_and_cell_is_a_sentence_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "privacy.md"
    path.write_text(
        "## Wat wij verwerken\n\nWij verwerken:\n\n- uw naam\n- uw adres; en\n- uw e-mail\n\n"
        "| Gegevens | Termijn |\n|---|---|\n| Facturen | 7 jaar |\n",
        "utf-8",
    )
    text = read(path)
    found = [text.quote(start, end) for start, end in sentences(text)]
    assert found == [
        "Wat wij verwerken",
        "Wij verwerken:",
        "uw naam",
        "uw adres; en",
        "uw e-mail",
        "Gegevens",
        "Termijn",
        "Facturen",
        "7 jaar",
    ]
    for start, end in sentences(text):
        assert any(b.start <= start and end <= b.end for b in text.blocks)


_WORDS = st.sampled_from(
    [
        "Wij",
        "verwerken",
        "uw",
        "naam",
        "o.a.",
        "B.V.",
        "nr.",
        "7",
        "jaar.",
        "Vragen?",
        "e-mail",
        "(zie",
        "art.",
        "6)",
        "Acme",
        "J.",
        "Jansen.",
        "\u2022",
        "-",
        ":",
        "\n",
        "  ",
        "...",
        '"',
    ]
)


@given(st.lists(st.lists(_WORDS, min_size=1, max_size=30), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_sentences_cover_each_block_in_order_and_never_cross_one(
    chunks: list[list[str]],
) -> None:
    pieces = [Piece("paragraph", clean(" ".join(words))) for words in chunks]
    pieces = [piece for piece in pieces if piece.text]
    if not pieces:
        return
    text = reading._assemble(pieces, "x.txt", "txt", None)
    spans = sentences(text)
    assert spans == sorted(spans)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start
    for start, end in spans:
        quote = text.quote(start, end)
        assert quote and quote == quote.strip()
        assert any(b.start <= start and end <= b.end for b in text.blocks)
    covered = "".join(text.quote(start, end) for start, end in spans)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text.text)


# A statement in sections of headings and paragraphs with nothing around them that
# trafilatura knows for a frame of main text (no <main>, <article>, "content" class).
_SECTIONS = [
    (
        "1. Wie zijn wij?",
        [
            "Bakkerij Voorbeeld B.V. is verantwoordelijk voor de verwerking van "
            "persoonsgegevens zoals beschreven in deze verklaring. Wij bakken brood en "
            "bezorgen het in de regio.",
            "Heeft u een vraag over uw gegevens? Stuur een bericht naar de "
            "klantenservice, die binnen twee werkdagen antwoordt.",
        ],
    ),
    (
        "2. Welke gegevens wij verwerken",
        [
            "Wij verwerken alleen de gegevens die u zelf geeft, meestal via het "
            "bestelformulier op de website.",
            "Van klanten verwerken wij de naam, het adres voor de bezorging, het "
            "e-mailadres en het telefoonnummer, en welke producten zij bestellen.",
            "Van leveranciers verwerken wij de naam van de contactpersoon, het "
            "bankrekeningnummer en de facturen die zij ons sturen voor hun graan.",
            "Bij een bezoek aan de website worden enkele technische gegevens verwerkt, "
            "zoals het type browser en het tijdstip van het bezoek, om de site veilig "
            "te houden en storingen op te sporen.",
        ],
    ),
    (
        "3. Waarom wij uw gegevens verwerken",
        [
            "Wij gebruiken uw gegevens om de bestelling te bezorgen, om u te bellen "
            "als de bezorger u niet thuis treft en om de betaling af te handelen.",
            "Met uw toestemming sturen wij u eens per maand een bericht over nieuwe "
            "broden en taarten; u kunt zich daarvoor altijd weer afmelden via de link "
            "onderaan elk bericht.",
        ],
    ),
    (
        "4. Hoe lang wij uw gegevens bewaren",
        [
            "Facturen bewaren wij zeven jaar, omdat de belastingwet dat vraagt. "
            "Gegevens van een bestelling verwijderen wij een jaar na de bezorging.",
            "Wie zich afmeldt voor de berichten, staat binnen een week niet meer op "
            "de verzendlijst; wij houden alleen bij dat u zich afmeldde.",
        ],
    ),
    (
        "5. Met wie wij uw gegevens delen",
        [
            "Wij verkopen uw gegevens nooit. De bezorgdienst krijgt uw naam en adres, "
            "de bank krijgt wat nodig is voor de betaling en onze boekhouder ziet de "
            "facturen; met ieder van hen sloten wij een verwerkersovereenkomst.",
            "Buiten de Europese Unie komen uw gegevens niet: de bezorgdienst, de bank "
            "en de boekhouder werken allemaal vanuit Nederland.",
        ],
    ),
    (
        "6. Uw rechten",
        [
            "U mag de gegevens die wij van u hebben inzien, laten verbeteren of laten "
            "wissen, en u mag bezwaar maken tegen het gebruik ervoor. Wij antwoorden "
            "binnen een maand op elk verzoek dat u ons stuurt.",
            "Bent u het niet eens met hoe wij met uw gegevens omgaan, dan kunt u een "
            "klacht indienen bij de Autoriteit Persoonsgegevens.",
        ],
    ),
    (
        "7. Beveiliging",
        [
            "De website gebruikt een versleutelde verbinding, alleen medewerkers die "
            "de gegevens nodig hebben voor hun werk kunnen erbij en wij maken elke "
            "nacht een reservekopie die wij op een andere plek bewaren.",
        ],
    ),
    (
        "8. Wijzigingen",
        [
            "Verandert er iets in hoe wij met uw gegevens omgaan, dan passen wij deze "
            "verklaring aan en zetten wij de datum van de nieuwe versie bovenaan.",
            "Bij een grote verandering, zoals een nieuw doel voor uw gegevens, sturen "
            "wij klanten die een account hebben daarover eerst een bericht.",
        ],
    ),
]


def _sections_page() -> str:
    """A page of sections of ``<div>``, headings and paragraphs with a menu and a
    footer: trafilatura finds no frame for its main text, gathers the paragraphs one by
    one and, the text being longer than 2,500 characters, keeps what it gathered
    without comparing it with another extractor's: every heading is left out."""
    style = " class='reveal' style='margin:30px 0 12px;'"
    sections = "".join(
        f"<h2{style}>{heading}</h2>" + "".join(f"<p{style}>{p}</p>" for p in paragraphs)
        for heading, paragraphs in _SECTIONS
    )
    return (
        "<html lang='nl'><head><meta charset='utf-8'><title>Privacy</title></head><body>"
        "<div class='nav-outer'><div class='wrap'><nav class='nav'><a href='/'>Home</a>"
        "<a href='/winkel'>Winkel</a></nav></div></div>"
        f"<section class='sec'><div class='wrap'><div>{sections}</div></div></section>"
        "<footer class='footer'><div class='footer-col'><h4>Snel naar</h4>"
        "<p>Alle winkels en de openingstijden.</p></div></footer></body></html>"
    )


def test_html_without_a_content_frame_keeps_its_headings_as_headings(tmp_path: Path) -> None:
    page = _sections_page()
    extracted = trafilatura.extract(page, output_format="xml", favor_recall=True)
    assert extracted is not None and "<head" not in extracted  # the case at hand
    path = tmp_path / "privacy.html"
    path.write_text(page, "utf-8")
    text = read(path)
    blocks = [(b.kind, text.text[b.start : b.end]) for b in text.blocks]
    for heading, paragraphs in _SECTIONS:
        # Each heading is a heading and stands before the paragraph after it on the page.
        at = blocks.index(("heading", heading))
        assert blocks[at + 1] == ("paragraph", paragraphs[0])
    for left_out in ("Winkel", "Snel naar", "openingstijden"):
        assert left_out not in text.text


def test_html_heading_kept_by_the_extraction_is_not_given_twice(tmp_path: Path) -> None:
    path = tmp_path / "privacy.html"
    path.write_text(_page(), "utf-8")
    text = read(path)
    headings = [text.text[b.start : b.end] for b in text.blocks if b.kind == "heading"]
    assert headings.count(HEADING) == headings.count(RETENTION) == 1


def test_an_html_fragment_without_a_charset_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "privacy.html"
    path.write_bytes(
        "<section><h1>Privacyverklaring \u2013 Bakkerij</h1><p>Wij bewaren uw gegevens voor de "
        "financiële administratie zeven jaar.</p></section>".encode()
    )
    text = read(path).text
    assert "Privacyverklaring \u2013 Bakkerij" in text
    assert "financiële administratie" in text
