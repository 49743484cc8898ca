"""Documents where copies of identity documents live: PDFs (text and scanned), Word,
OpenDocument and Excel files, and images read by OCR; ``redact`` blacking out the
BSN and the photo area on images and PDFs.

The tests draw their own copies of identity documents (Pillow, with Debian's DejaVu
font) and write their own PDFs (fpdf2), Word, OpenDocument and Excel files. OCR is
Debian's Tesseract with its Dutch model: without it these tests skip, and in CI
(``CI=true``) they fail.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from waarborg.cli import main
from waarborg.scan import ocr
from waarborg.scan.blackout import PHOTO, faces, redact_document
from waarborg.scan.documents import frames, open_image
from waarborg.scan.engine import Scanner
from waarborg.scan.findings import Place, Scan
from waarborg.scan.sources.files import scan_file, scan_path

from .requirements import missing

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BSN = "123456782"
NAME = "Jan Jansen"


def _tesseract() -> None:
    why = ocr.missing()
    if why is None and "nld" not in ocr.language():
        why = "Tesseract's Dutch model is not installed (apt-get install tesseract-ocr-nld)"
    if why is None and not FONT.exists():
        why = f"{FONT} is missing (apt-get install fonts-dejavu-core)"
    if why is not None:
        missing(why, "scripts/test installs them when run as root")


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner.build()


@pytest.fixture(autouse=True)
def _needs_ocr() -> None:
    _tesseract()


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _face(draw: ImageDraw.ImageDraw, left: int, top: int, width: int, height: int) -> None:
    """A drawn passport photo: a grey background, hair, a face with eyes, brows, a nose
    and a mouth (OpenCV's frontal-face cascade finds it once blurred a little)."""
    draw.rectangle((left, top, left + width, top + height), fill=(200, 200, 200))
    cx, cy = left + width // 2, top + height // 2
    draw.ellipse((cx - 95, cy - 140, cx + 95, cy - 60), fill=(60, 40, 30))
    draw.ellipse((cx - 85, cy - 90, cx + 85, cy + 115), fill=(210, 170, 140))
    for ex in (cx - 40, cx + 40):
        draw.ellipse((ex - 22, cy - 30, ex + 22, cy - 10), fill=(250, 250, 250))
        draw.ellipse((ex - 9, cy - 29, ex + 9, cy - 11), fill=(40, 30, 20))
        draw.line((ex - 28, cy - 45, ex + 28, cy - 45), fill=(60, 40, 30), width=7)
    draw.polygon([(cx, cy - 10), (cx - 14, cy + 35), (cx + 14, cy + 35)], fill=(180, 135, 110))
    draw.ellipse((cx - 40, cy + 55, cx + 40, cy + 75), fill=(150, 60, 60))


#: Where the drawn photo stands on the card.
PHOTO_BOX = (60, 120, 320, 460)


def id_card(bsn: str = BSN, face: bool = True) -> Image.Image:
    """A copy of an identity card, as a scan of it: the holder's name, date of birth,
    BSN (``Persoonsnummer``) and document number beside a photo."""
    image = Image.new("RGB", (1012, 638), (225, 235, 245))
    draw = ImageDraw.Draw(image)
    big, small = _font(34), _font(22)
    draw.text((360, 40), "IDENTITEITSKAART", fill="black", font=big)
    rows = [
        ("Naam / Surname", "Jansen"),
        ("Voornamen / Given names", "Jan Pieter"),
        ("Geboortedatum / Date of birth", "12 MAA/MAR 1985"),
        ("Persoonsnummer / Personal No.", bsn),
        ("Documentnummer", "IZR8F1K23"),
    ]
    y = 110
    for label, value in rows:
        draw.text((360, y), label, fill=(60, 60, 60), font=small)
        draw.text((360, y + 24), value, fill="black", font=big)
        y += 85
    if face:
        left, top, right, bottom = PHOTO_BOX
        _face(draw, left, top, right - left, bottom - top)
    return image.filter(ImageFilter.GaussianBlur(1.5))


def letter(lines: list[str]) -> Image.Image:
    """A scanned A4 letter at 300 dpi, in 12 points."""
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    font = _font(50)
    for index, line in enumerate(lines):
        draw.text((240, 300 + 90 * index), line, fill=0, font=font)
    return image


LETTER = [
    "Gemeente Hengelo",
    "Betreft: uw aanvraag",
    "Geachte heer Jansen,",
    f"Uw burgerservicenummer {BSN} is bij ons bekend.",
    "Met vriendelijke groet,",
]


def text_pdf(path: Path, lines: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def scanned_pdf(path: Path, pages: list[Image.Image]) -> Path:
    """A PDF of images only, as a scanner writes it."""
    first, *rest = [page.convert("RGB") for page in pages]
    first.save(path, "PDF", resolution=300, save_all=True, append_images=rest)
    return path


def _kinds(scan: Scan, source: Path | str) -> dict[str, list[Place]]:
    kinds: dict[str, list[Place]] = {}
    for finding in scan.findings:
        if finding.place.source == str(source):
            kinds.setdefault(finding.kind, []).append(finding.place)
    return kinds


def _ocr_text(path: Path) -> str:
    with open_image(path) as image:
        return "\n".join(ocr.read(frame).text for frame in frames(image))


# Scanning -------------------------------------------------------------------------------


def test_a_scanned_id_copy_gives_its_bsn_and_name_with_their_boxes(
    tmp_path: Path, scanner: Scanner
) -> None:
    path = tmp_path / "paspoort.png"
    id_card().save(path)
    scan = scan_file(scanner, path)
    assert not scan.not_scanned
    kinds = _kinds(scan, path)
    assert "bsn" in kinds and "person_name" in kinds, kinds
    box = kinds["bsn"][0].box
    assert box is not None
    # The BSN is written at (360, 389) to about (540, 425) on the card.
    assert 340 <= box[0] <= 380 and 370 <= box[1] <= 400 and box[2] <= 600, box
    assert f"at ({box[0]},{box[1]})" in str(kinds["bsn"][0])
    # A scan's state (--resume) and its JSON report keep the box.
    assert Scan.from_dict(json.loads(json.dumps(scan.as_dict()))) == scan


def test_a_jpeg_and_a_tiff_of_two_pages_are_read_page_by_page(
    tmp_path: Path, scanner: Scanner
) -> None:
    jpeg = tmp_path / "kopie.jpg"
    id_card().save(jpeg, quality=85)
    tiff = tmp_path / "scan.tiff"
    letter(["Gemeente Hengelo", "Geachte heer,"]).save(
        tiff, save_all=True, append_images=[id_card().convert("L")]
    )
    scan = scan_path(scanner, tmp_path)
    assert "bsn" in _kinds(scan, jpeg)
    bsn = _kinds(scan, tiff)["bsn"]
    assert [place.page for place in bsn] == [2]


def test_heic_is_read_through_pillow_heif(tmp_path: Path, scanner: Scanner) -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()
    path = tmp_path / "foto.heic"
    id_card().save(path, quality=95)
    assert "bsn" in _kinds(scan_file(scanner, path), path)


def test_a_text_pdf_is_read_by_its_text_layer_and_names_the_page(
    tmp_path: Path, scanner: Scanner
) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.cell(0, 8, "Gemeente Hengelo, afdeling Burgerzaken, aan de heer Jansen")
    pdf.add_page()
    pdf.cell(0, 8, f"Uw burgerservicenummer is {BSN}, IBAN NL91ABNA0417164300.")
    path = tmp_path / "brief.pdf"
    pdf.output(str(path))
    scan = scan_file(scanner, path)
    kinds = _kinds(scan, path)
    assert [p.page for p in kinds["bsn"]] == [2]
    assert [p.page for p in kinds["iban"]] == [2]
    assert str(kinds["bsn"][0]) == f"{path} page 2"


def test_a_scanned_pdf_is_read_by_ocr_page_by_page(tmp_path: Path, scanner: Scanner) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", [letter(["Gemeente Hengelo"]), letter(LETTER)])
    scan = scan_file(scanner, path)
    assert not scan.not_scanned
    assert [p.page for p in _kinds(scan, path)["bsn"]] == [2]


def _dossier(folder: Path, line: str) -> Path:
    """A PDF of a line of text and, below it, a pasted copy of an identity card."""
    from fpdf import FPDF

    card = folder / "card.png"
    id_card().save(card)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 8, line)
    pdf.image(str(card), x=10, y=30, w=150)
    path = folder / "dossier.pdf"
    pdf.output(str(path))
    return path


def test_a_pdf_with_a_pasted_id_copy_reads_both_text_and_picture(
    tmp_path: Path, scanner: Scanner
) -> None:
    path = _dossier(tmp_path, "Kopie identiteitsbewijs van de nieuwe medewerker, per mail.")
    assert "bsn" in _kinds(scan_file(scanner, path), path)


def test_a_value_in_both_text_layer_and_picture_is_counted_once(
    tmp_path: Path, scanner: Scanner
) -> None:
    path = _dossier(tmp_path, f"Kopie identiteitsbewijs, persoonsnummer {BSN}, per mail.")
    (bsn,) = [f for f in scan_file(scanner, path).findings if f.kind == "bsn"]
    assert bsn.count == 1


def test_a_corrupt_pdf_is_not_scanned_and_the_folder_scan_goes_on(
    tmp_path: Path, scanner: Scanner
) -> None:
    good = text_pdf(tmp_path / "a-brief.pdf", [f"BSN {BSN}"])
    broken = tmp_path / "b-kapot.pdf"
    broken.write_bytes(good.read_bytes()[:300])
    (tmp_path / "c-notities.txt").write_text(f"Klant {NAME}, BSN {BSN}.\n", "utf-8")
    scan = scan_path(scanner, tmp_path)
    assert [(n.source, n.reason) for n in scan.not_scanned] == [(str(broken), "unparsable")]
    assert "bsn" in _kinds(scan, good)
    assert "bsn" in _kinds(scan, tmp_path / "c-notities.txt")


def test_an_image_that_is_not_one_is_not_scanned(tmp_path: Path, scanner: Scanner) -> None:
    path = tmp_path / "foto.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"not a jpeg at all" * 10)
    scan = scan_file(scanner, path)
    assert [n.reason for n in scan.not_scanned] == ["unparsable"]


def _docx(path: Path, picture: Path | None = None) -> Path:
    from docx import Document

    document = Document()
    document.sections[0].header.paragraphs[0].text = "Personeelsdossier"
    document.add_paragraph("Gegevens van de nieuwe medewerker")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Naam", NAME
    table.cell(1, 0).text, table.cell(1, 1).text = "BSN", BSN
    document.add_paragraph("E-mail: jan.jansen@example.nl")
    if picture is not None:
        document.add_picture(str(picture))
    document.save(str(path))
    return path


def test_word_reads_paragraphs_tables_and_the_pictures_inside(
    tmp_path: Path, scanner: Scanner
) -> None:
    card = tmp_path / "card.png"
    id_card(bsn="111222333").save(card)
    path = _docx(tmp_path / "dossier.docx", card)
    card.unlink()
    scan = scan_file(scanner, path)
    kinds = _kinds(scan, path)
    assert {"bsn", "email", "person_name"} <= set(kinds), kinds
    inner = [f for f in scan.findings if f.place.source.startswith(f"{path}!word/media/")]
    (bsn,) = [f for f in inner if f.kind == "bsn"]
    assert bsn.example.endswith("33") and bsn.place.box is not None


def _odt(path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Aanvraag"))
    document.text.addElement(P(text=f"Aanvrager {NAME}, BSN {BSN}, telefoon 06-12345678."))
    document.save(str(path))
    return path


def _ods(path: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Klanten")
    rows = [
        ["naam", "nummer"],
        ["Jan Jansen", "123456782"],
        ["Piet de Vries", "111222333"],
        ["Kees Bakker", "999999990"],
        ["Anna Visser", "232262536"],
        ["Henk Smit", "100000009"],
    ]
    for values in rows:
        row = TableRow()
        for value in values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        row.addElement(TableCell(numbercolumnsrepeated=16000))
        table.addElement(row)
    table.addElement(TableRow(numberrowsrepeated=1_000_000))
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def test_opendocument_text_and_spreadsheet(tmp_path: Path, scanner: Scanner) -> None:
    odt, ods = _odt(tmp_path / "aanvraag.odt"), _ods(tmp_path / "klanten.ods")
    scan = scan_path(scanner, tmp_path)
    assert {"bsn", "phone", "person_name"} <= set(_kinds(scan, odt))
    (bsn,) = [f for f in scan.findings if f.place.source == str(ods) and f.kind == "bsn"]
    assert (bsn.place.table, bsn.place.column, bsn.count) == ("Klanten", "nummer", 5)


def test_old_excel_is_read_per_sheet_and_column(tmp_path: Path, scanner: Scanner) -> None:
    import datetime

    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Personeel")
    dates = xlwt.easyxf(num_format_str="DD-MM-YYYY")
    for column, name in enumerate(["naam", "nummer", "geboren"]):
        sheet.write(0, column, name)
    people = [("Jan Jansen", 123456782), ("Piet de Vries", 111222333), ("Kees Bakker", 999999990),
              ("Anna Visser", 232262536), ("Henk Smit", 100000009)]  # fmt: skip
    for row, (name, number) in enumerate(people, start=1):
        sheet.write(row, 0, name)
        sheet.write(row, 1, number)  # a number cell: 123456782.0 to xlrd
        sheet.write(row, 2, datetime.date(1950 + 7 * row, row, 10 + row), dates)
    path = tmp_path / "oud.xls"
    book.save(str(path))
    scan = scan_file(scanner, path)
    found = {(f.place.table, f.place.column, f.kind, f.count) for f in scan.findings}
    assert ("Personeel", "nummer", "bsn", 5) in found
    assert ("Personeel", "naam", "person_name", 5) in found
    assert ("Personeel", "geboren", "date_of_birth", 5) in found


def test_a_broken_old_excel_file_is_not_scanned(tmp_path: Path, scanner: Scanner) -> None:
    path = tmp_path / "oud.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (not_scanned,) = scan_file(scanner, path).not_scanned
    assert not_scanned.reason == "unparsable"


def test_old_word_is_not_scanned_and_says_why(tmp_path: Path, scanner: Scanner) -> None:
    path = tmp_path / "brief.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (not_scanned,) = scan_file(scanner, path).not_scanned
    assert not_scanned.reason == "unparsable" and "save it as .docx" in not_scanned.detail


def _xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["naam", "bsn", "postcode"])
    sheet.append([NAME, BSN, "7551 AB"])
    book.save(path)
    return path


def mixed_folder(folder: Path) -> Path:
    """A folder mixing PDFs (text and scanned), a scan (PNG), Word, OpenDocument, Excel
    and text files."""
    folder.mkdir(parents=True, exist_ok=True)
    text_pdf(folder / "brief-gemeente.pdf", LETTER)
    scanned_pdf(folder / "scan-brief.pdf", [letter(LETTER)])
    id_card().save(folder / "kopie-id.png")
    _docx(folder / "personeelsdossier.docx")
    _odt(folder / "aanvraag.odt")
    _xlsx(folder / "klanten.xlsx")
    (folder / "notities.txt").write_text(f"Gebeld met {NAME}, mail jan@example.nl.\n", "utf-8")
    return folder


def test_a_folder_mixing_documents_gives_findings_per_file(tmp_path: Path) -> None:
    folder = mixed_folder(tmp_path / "map")
    result = CliRunner().invoke(
        main, ["scan", "--format", "json", "--jobs", "2", "--no-progress", str(folder)]
    )
    report = json.loads(result.output)
    assert report["not_scanned"] == []
    kinds: dict[str, set[str]] = {}
    for finding in report["findings"]:
        kinds.setdefault(Path(finding["place"]["source"]).name, set()).add(finding["kind"])
    expected = {
        "aanvraag.odt": {"bsn", "person_name", "phone"},
        "brief-gemeente.pdf": {"bsn", "person_name"},
        "kopie-id.png": {"bsn", "person_name", "id_card"},
        "klanten.xlsx": {"bsn", "person_name", "postcode"},
        "notities.txt": {"email", "person_name"},
        "personeelsdossier.docx": {"bsn", "email", "person_name"},
        "scan-brief.pdf": {"bsn", "person_name"},
    }
    assert set(kinds) == set(expected)
    for name, held in expected.items():
        assert held <= kinds[name], (name, kinds[name])
    pages = {
        Path(f["place"]["source"]).name: f["place"].get("page")
        for f in report["findings"]
        if f["kind"] == "bsn"
    }
    assert pages["brief-gemeente.pdf"] == 1 and pages["scan-brief.pdf"] == 1


def test_without_tesseract_a_scan_is_not_scanned_and_says_what_to_install(
    tmp_path: Path, scanner: Scanner, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = tmp_path / "kopie.png"
    id_card().save(image)
    pdf = scanned_pdf(tmp_path / "scan.pdf", [letter(LETTER), letter(LETTER)])
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    ocr.missing.cache_clear()
    try:
        scan = scan_path(scanner, tmp_path)
    finally:
        monkeypatch.undo()
        ocr.missing.cache_clear()
    details = {Path(n.source).name: n.detail for n in scan.not_scanned}
    assert "tesseract-ocr-nld" in details["kopie.png"]
    assert details["scan.pdf"].startswith("pages 1-2: ")
    assert str(pdf) in scan.sources


# Redacting -----------------------------------------------------------------------------


def test_redacting_an_id_copy_blacks_out_the_bsn_and_the_photo(
    tmp_path: Path, scanner: Scanner
) -> None:
    source, target = tmp_path / "kopie.png", tmp_path / "kopie-zwart.png"
    id_card().save(source)
    assert BSN in _ocr_text(source)
    outcome = redact_document(scanner, source, target, keep=("person_name",))
    assert outcome.complete and not outcome.no_face
    assert {"bsn", PHOTO} <= set(outcome.counts())
    assert BSN not in _ocr_text(target)
    assert "bsn" not in _kinds(scan_file(scanner, target), target)
    (photo,) = [b.box for b in outcome.done if b.kind == PHOTO]
    # The whole drawn photo is inside the black area.
    assert photo[0] <= PHOTO_BOX[0] + 10 and photo[1] <= PHOTO_BOX[1] + 10
    assert photo[2] >= PHOTO_BOX[2] - 10 and photo[3] >= PHOTO_BOX[3] - 30
    with Image.open(target) as redacted:
        centre = ((PHOTO_BOX[0] + PHOTO_BOX[2]) // 2, (PHOTO_BOX[1] + PHOTO_BOX[3]) // 2)
        assert redacted.convert("RGB").getpixel(centre) == (0, 0, 0)


def test_a_copy_without_a_face_says_so_and_claims_no_photo(
    tmp_path: Path, scanner: Scanner
) -> None:
    source, target = tmp_path / "kopie.png", tmp_path / "uit.png"
    id_card(face=False).save(source)
    outcome = redact_document(scanner, source, target)
    assert outcome.no_face == [1]
    assert PHOTO not in outcome.counts()
    assert faces(Image.open(source)) == []


def test_a_redacted_pdf_keeps_no_text_layer_and_ocr_reads_no_bsn(
    tmp_path: Path, scanner: Scanner
) -> None:
    from pypdf import PdfReader

    source = text_pdf(tmp_path / "brief.pdf", LETTER)
    assert BSN in PdfReader(source).pages[0].extract_text()
    target = tmp_path / "brief-zwart.pdf"
    outcome = redact_document(scanner, source, target, photo=False)
    # One BSN, placed by the text layer and by OCR: blacked out, and counted, once.
    assert outcome.complete and outcome.counts()["bsn"] == 1
    assert len([b for b in outcome.done if b.kind == "bsn"]) == 2
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    assert reader.pages[0].extract_text().strip() == ""
    assert BSN.encode() not in target.read_bytes()
    assert "bsn" not in _kinds(scan_file(scanner, target), target)
    with Image.open(io.BytesIO(reader.pages[0].images[0].data)) as page:
        assert "Gemeente Hengelo" in ocr.read(page).text


def test_a_redacted_scanned_pdf_of_two_pages(tmp_path: Path, scanner: Scanner) -> None:
    source = scanned_pdf(tmp_path / "scan.pdf", [letter(LETTER), id_card()])
    target = tmp_path / "scan-zwart.pdf"
    outcome = redact_document(scanner, source, target)
    assert outcome.pages == 2 and outcome.complete
    assert {(b.page, b.kind) for b in outcome.done} >= {(1, "bsn"), (2, "bsn"), (2, PHOTO)}
    assert outcome.no_face == [1]
    assert "bsn" not in _kinds(scan_file(scanner, target), target)


def test_the_redact_command_on_an_image_and_its_honest_report(tmp_path: Path) -> None:
    source = tmp_path / "kopie.jpg"
    id_card(face=False).save(source, quality=90)
    target = tmp_path / "zwart.jpg"
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "blacked out 1 bsn" in result.output
    assert "no face found (page 1): no photo area blacked out" in result.output
    assert "photo area" not in result.output.split("no face found")[0]
    assert BSN not in _ocr_text(target)


def test_the_redact_command_needs_an_output_for_a_document(tmp_path: Path) -> None:
    source = tmp_path / "kopie.png"
    id_card().save(source)
    result = CliRunner().invoke(main, ["redact", str(source)])
    assert result.exit_code != 0
    assert "give --output FILE" in result.output


def test_a_tiff_of_two_pages_cannot_be_redacted_into_one_jpeg(tmp_path: Path) -> None:
    source = tmp_path / "scan.tif"
    id_card().save(source, save_all=True, append_images=[id_card()])
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(tmp_path / "x.jpg")])
    assert result.exit_code != 0 and "write it to a .tif or .pdf file" in result.output
    assert not (tmp_path / "x.jpg").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".redact-")]


def test_the_redact_command_speaks_dutch(tmp_path: Path) -> None:
    source = tmp_path / "kopie.png"
    id_card(face=False).save(source)
    result = CliRunner().invoke(
        main, ["redact", "--lang", "nl", str(source), "-o", str(tmp_path / "zwart.png")]
    )
    assert result.exit_code == 0, result.output
    assert "zwart gemaakt: 1 bsn" in result.output
    assert "geen gezicht gevonden (pagina 1): geen pasfoto zwart gemaakt" in result.output


def test_a_corrupt_pdf_cannot_be_redacted_and_says_so_in_one_line(tmp_path: Path) -> None:
    good = text_pdf(tmp_path / "brief.pdf", LETTER)
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(good.read_bytes()[:300])
    result = CliRunner().invoke(main, ["redact", str(broken), "-o", str(tmp_path / "uit.pdf")])
    assert result.exit_code == 2
    assert "not a PDF that can be read" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "uit.pdf").exists()
