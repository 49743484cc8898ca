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
from collections.abc import Callable
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
from waarborg.scan.folder import scan_files
from waarborg.scan.sources.files import files, scan_file, scan_path
from waarborg.scan.state import State

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


def shaded_face(width: int, height: int, seed: int = 3) -> Image.Image:
    """A passport photo as light falls on a head: a grey backdrop, dark hair, a face
    shaded as a sphere lit from the left, eye sockets, eyes, brows, a nose's shadow, a
    mouth, a neck and shoulders, and a scanner's noise (OpenCV's frontal-face cascade
    finds it)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(float)
    cx, cy, rx, ry = width / 2, height * 0.52, width * 0.32, height * 0.34
    pixels = np.full((height, width), 205.0) - 25 * (y / height)
    pixels[((x - cx) / (rx * 1.12)) ** 2 + ((y - cy + ry * 0.22) / (ry * 1.02)) ** 2 <= 1] = 55
    distance = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2
    face = distance <= 1
    skin = face & (y > cy - ry * 0.62)
    pixels[skin] = (200 - 70 * distance - 20 * ((x - cx) / rx))[skin]

    def shadow(px: float, py: float, sx: float, sy: float, depth: float) -> object:
        return depth * np.exp(-(((x - px) / sx) ** 2 + ((y - py) / sy) ** 2)) * face

    eyes = cy - ry * 0.18
    for ex in (cx - rx * 0.4, cx + rx * 0.4):
        pixels -= shadow(ex, eyes, rx * 0.28, ry * 0.12, 70)
        pixels -= shadow(ex, eyes, rx * 0.08, ry * 0.05, 90)
        pixels -= shadow(ex, eyes - ry * 0.2, rx * 0.25, ry * 0.03, 60)
    pixels -= shadow(cx, cy + ry * 0.15, rx * 0.08, ry * 0.2, 35)
    pixels -= shadow(cx, cy + ry * 0.3, rx * 0.16, ry * 0.05, 55)
    pixels -= shadow(cx, cy + ry * 0.55, rx * 0.3, ry * 0.06, 70)
    pixels += rng.normal(0, 4, pixels.shape)
    pixels[(abs(x - cx) < rx * 0.45) & (y > cy + ry * 0.8)] = 160
    pixels[y > cy + ry * 1.25] = 70
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).convert("RGB")


#: Where the photo stands on the card.
PHOTO_BOX = (60, 120, 320, 460)


def _fields(
    image: Image.Image,
    left: int,
    title: str,
    rows: list[tuple[str, str]],
    *,
    sizes: tuple[int, int],
    step: int,
) -> ImageDraw.ImageDraw:
    """Draw an identity document's title and, below it, its fields: each label in grey
    and small, its value below it in black."""
    draw = ImageDraw.Draw(image)
    big, small = _font(sizes[0]), _font(sizes[1])
    draw.text((left, 40), title, fill="black", font=big)
    for index, (label, value) in enumerate(rows):
        y = 110 + step * index
        draw.text((left, y), label, fill=(60, 60, 60), font=small)
        draw.text((left, y + sizes[1] + 2), value, fill="black", font=big)
    return draw


def id_card(bsn: str = BSN, face: bool | str = True) -> Image.Image:
    """A copy of an identity card, as a scan of it: the holder's name, date of birth,
    BSN (``Persoonsnummer``) and document number beside a photo; ``face`` False leaves
    the photo's place empty, ``"turned"`` turns the face on its side (the cascade finds
    no face in it)."""
    image = Image.new("RGB", (1012, 638), (225, 235, 245))
    rows = [
        ("Naam / Surname", "Jansen"),
        ("Voornamen / Given names", "Jan Pieter"),
        ("Geboortedatum / Date of birth", "12 MAA/MAR 1985"),
        ("Persoonsnummer / Personal No.", bsn),
        ("Documentnummer", "IZR8F1K23"),
    ]
    _fields(image, 360, "IDENTITEITSKAART", rows, sizes=(34, 22), step=85)
    if face:
        left, top, right, bottom = PHOTO_BOX
        photo = shaded_face(right - left, bottom - top)
        if face == "turned":
            photo = photo.rotate(90, expand=True).resize(photo.size)
        image.paste(photo, (left, top))
    return image.filter(ImageFilter.GaussianBlur(1.5))


MONO = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
#: Where the photo stands on the passport's data page.
PASSPORT_PHOTO = (80, 140, 460, 620)


def mrz_td3(number: str = "SPECI2014", born: str = "850312", bsn: str = BSN) -> list[str]:
    """The machine-readable zone of a Dutch passport (ICAO 9303, TD3): the name, then the
    document number, nationality, date of birth, sex, expiry and the BSN as the
    personal number, each with its check digit, and the composite check digit."""
    from waarborg.scan.recognizers.mrz import check_digit

    first = "P<NLDJANSEN<<JAN<PIETER".ljust(44, "<")
    personal, expiry = bsn.ljust(14, "<"), "310101"
    body = (
        f"{number}{check_digit(number)}NLD{born}{check_digit(born)}M{expiry}"
        f"{check_digit(expiry)}{personal}{check_digit(personal)}"
    )
    return [first, body + check_digit(body[0:10] + body[13:20] + body[21:43])]


def mrz_td1(number: str = "SPECI2021", born: str = "850312", bsn: str = BSN) -> list[str]:
    """The machine-readable zone on the back of a Dutch identity card (ICAO 9303, TD1):
    the document number and the BSN (optional data), then the date of birth, sex,
    expiry and nationality, then the name."""
    from waarborg.scan.recognizers.mrz import check_digit

    first = f"I<NLD{number}{check_digit(number)}{bsn}".ljust(30, "<")
    expiry = "310101"
    second = f"{born}{check_digit(born)}M{expiry}{check_digit(expiry)}NLD".ljust(29, "<")
    composite = check_digit(first[5:30] + second[0:7] + second[8:15] + second[18:29])
    return [first, second + composite, "JANSEN<<JAN<PIETER".ljust(30, "<")]


def card_back() -> Image.Image:
    """A scan of the back of a Dutch identity card: a line of text and the zone."""
    image = Image.new("RGB", (1012, 638), (225, 235, 245))
    draw = ImageDraw.Draw(image)
    draw.text((60, 60), "Houder / Holder: zie voorzijde", fill="black", font=_font(28))
    mono = ImageFont.truetype(str(MONO), 48)
    for index, line in enumerate(mrz_td1()):
        draw.text((60, 420 + 64 * index), line, fill="black", font=mono)
    return image.filter(ImageFilter.GaussianBlur(1.2))


def passport(
    face: bool = True,
    *,
    printed_bsn: bool = True,
    labels: bool = True,
    zone: list[str] | None = None,
) -> Image.Image:
    """A scan of a Dutch passport's data page: the fields beside the photo and, below,
    the machine-readable zone (in DejaVu Sans Mono for OCR-B), which holds the BSN
    whether or not the page prints it (``printed_bsn``). Without ``labels`` the page
    shows its values alone (labels OCR cannot read); ``zone`` replaces the zone."""
    image = Image.new("RGB", (1500, 1056), (235, 230, 240))
    rows = [
        ("Naam / Surname", "JANSEN"),
        ("Voornamen / Given names", "JAN PIETER"),
        ("Geboortedatum / Date of birth", "12 MAA/MAR 1985"),
        ("Geslacht / Sex", "M"),
        ("Documentnummer / Document No.", "SPECI2014"),
    ]
    if printed_bsn:
        rows.insert(3, ("Persoonsnummer / Personal No.", BSN))
    if not labels:
        rows = [("", value) for _, value in rows]
    draw = _fields(image, 520, "PASPOORT / PASSPORT", rows, sizes=(32, 20), step=110)
    if face:
        left, top, right, bottom = PASSPORT_PHOTO
        image.paste(shaded_face(right - left, bottom - top, seed=5), (left, top))
    mono = ImageFont.truetype(str(MONO), 52)
    for index, line in enumerate(zone or mrz_td3()):
        draw.text((60, 840 + 80 * index), line, fill="black", font=mono)
    return image.filter(ImageFilter.GaussianBlur(1.2))


def application_form() -> Image.Image:
    """A scanned application form: the municipality's name at the left, bilingual field
    labels as an identity document has them, values filled in, and no zone, no
    photo, no document number."""
    image = Image.new("RGB", (1012, 638), (250, 250, 250))
    rows = [
        ("Naam / Surname", "Jansen"),
        ("Voornamen / Given names", "Jan Pieter"),
        ("Geboortedatum / Date of birth", "12-03-1985"),
        ("Nationaliteit / Nationality", "Nederlandse"),
    ]
    draw = _fields(
        image, 360, "AANVRAAGFORMULIER / APPLICATION FORM", rows, sizes=(30, 22), step=85
    )
    for index, line in enumerate(["Gemeente", "Hengelo", "Burgerzaken", "Postbus 18"]):
        draw.text((40, 140 + 60 * index), line, fill="black", font=_font(30))
    return image.filter(ImageFilter.GaussianBlur(1.2))


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


def test_a_scanned_id_copy_gives_its_bsn_names_and_date_of_birth_with_their_boxes(
    tmp_path: Path, scanner: Scanner
) -> None:
    path = tmp_path / "paspoort.png"
    id_card().save(path)
    scan = scan_file(scanner, path)
    assert not scan.not_scanned
    kinds = _kinds(scan, path)
    assert "bsn" in kinds and "person_name" in kinds, kinds
    (names,) = [f for f in scan.findings if f.kind == "person_name"]
    assert names.count == 2  # "Jansen" alone on its line, and "Jan Pieter"
    (born,) = [f for f in scan.findings if f.kind == "date_of_birth"]
    assert born.example.endswith("85") and born.place.box is not None  # 12 MAA/MAR 1985
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
    assert [(n.source, n.reason) for n in scan.not_scanned] == [(str(broken), "damaged")]
    assert "bsn" in _kinds(scan, good)
    assert "bsn" in _kinds(scan, tmp_path / "c-notities.txt")


def test_an_image_that_is_not_one_is_not_scanned(tmp_path: Path, scanner: Scanner) -> None:
    path = tmp_path / "foto.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"not a jpeg at all" * 10)
    scan = scan_file(scanner, path)
    assert [n.reason for n in scan.not_scanned] == ["damaged"]


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
    assert not_scanned.reason == "damaged" and not_scanned.detail.startswith("XLS: ")


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


def _broken(folder: Path) -> dict[str, str]:
    """Beside each good file in ``folder``, a broken one of its kind (its first third,
    as a copy cut short leaves it; a text file holding binary data), a PDF and a Word
    file protected by a password: the reason each is not scanned, by name."""
    from msoffcrypto.format.ooxml import OOXMLFile
    from pypdf import PdfWriter

    reasons: dict[str, str] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        name = f"kapot-{path.name}"
        if path.suffix in (".csv", ".txt"):
            (folder / name).write_bytes(b"\x00\x01\x02 geen tekst" * 40)
        else:
            data = path.read_bytes()
            (folder / name).write_bytes(data[: len(data) // 3])
        reasons[name] = "damaged"
    writer = PdfWriter(clone_from=folder / "brief-gemeente.pdf")
    writer.encrypt("geheim", algorithm="AES-256")
    writer.write(folder / "beveiligd.pdf")
    with open(folder / "personeelsdossier.docx", "rb") as plain:
        with open(folder / "beveiligd.docx", "wb") as sealed:
            OOXMLFile(plain).encrypt("geheim", sealed)
    reasons["beveiligd.pdf"] = reasons["beveiligd.docx"] = "unparsable"
    return reasons


def test_a_folder_of_every_kind_with_a_broken_file_of_each_loses_no_scan(
    tmp_path: Path, scanner: Scanner
) -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()
    folder = mixed_folder(tmp_path / "map")
    id_card().save(folder / "kopie.jpg", quality=85)
    id_card().save(folder / "kopie.tif", save_all=True, append_images=[card_back()])
    id_card().save(folder / "kopie.heic")
    _ods(folder / "lijst.ods")
    (folder / "klanten.csv").write_text(f"naam;bsn\n{NAME};{BSN}\n", "utf-8")
    good = {p.name for p in folder.iterdir()}
    reasons = _broken(folder)
    result = CliRunner().invoke(
        main, ["scan", "--format", "json", "--jobs", "2", "--no-progress", str(folder)]
    )
    report = json.loads(result.output)
    found = {(n["source"], n["reason"]) for n in report["not_scanned"]}
    assert found == {(str(folder / name), reason) for name, reason in reasons.items()}
    assert all(n["detail"] for n in report["not_scanned"])
    scanned = {Path(f["place"]["source"].split("!")[0]).name for f in report["findings"]}
    assert scanned == good, "every good file gives its findings"
    pages = {
        f["place"].get("page") for f in report["findings"] if f["place"]["source"].endswith("tif")
    }
    assert pages == {1, 2}

    # Stopped half-way and resumed: the same findings as in one go.
    listed = list(files(folder))
    key = {"paths": [str(folder)], "recognizers": [], "sample": 1000}
    state = State(tmp_path / "state", key)
    first = scan_files(scanner, listed[: len(listed) // 2], jobs=2, state=state)
    state.close(complete=False)
    resumed = State(tmp_path / "state", key, resume=True)
    again = scan_files(scanner, listed, jobs=2, state=resumed)
    resumed.close(complete=True)
    assert first.findings and not (tmp_path / "state").exists()
    assert [f.as_dict() for f in again.findings] == report["findings"]
    assert {(n.source, n.reason) for n in again.not_scanned} == found


def test_a_file_not_scanned_says_why_in_dutch_and_english(tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    text_pdf(folder / "brief-gemeente.pdf", LETTER)
    _docx(folder / "personeelsdossier.docx")
    (folder / "notities.txt").write_text("Niets.\n", "utf-8")
    reasons = _broken(folder)
    (folder / "brief-gemeente.pdf").unlink()
    (folder / "personeelsdossier.docx").unlink()
    (folder / "notities.txt").unlink()
    outputs = {
        lang: CliRunner().invoke(main, ["scan", "--lang", lang, "--no-progress", str(folder)])
        for lang in ("en", "nl")
    }
    english, dutch = outputs["en"].output, outputs["nl"].output
    where = f"{folder / 'kapot-brief-gemeente.pdf'}: scan-not-scanned [Art. 5(2)]: "
    assert (
        where + "not scanned: the file is damaged or cut short, or is not what its name says "
        "(PDF: " in english
    )
    assert where + "niet gescand: het bestand is beschadigd of afgebroken" in dutch
    assert "protected by a password: save a copy without one" in english
    assert "TXT: it holds binary data (NUL bytes), not text" in english
    assert english.rstrip().endswith(f"{len(reasons)} not scanned")
    assert dutch.rstrip().endswith(f"{len(reasons)} niet gescand")
    assert "Traceback" not in english + dutch


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


def _inside(box: tuple[int, int, int, int], areas: list[tuple[int, int, int, int]]) -> bool:
    """Whether ``box`` is inside one of ``areas`` (to 10 pixels)."""
    return any(
        a[0] <= box[0] + 10 and a[1] <= box[1] + 10 and a[2] >= box[2] - 10 and a[3] >= box[3] - 10
        for a in areas
    )


def test_a_face_the_cascade_misses_is_blacked_out_by_the_cards_layout(
    tmp_path: Path, scanner: Scanner
) -> None:
    source, target = tmp_path / "kopie.png", tmp_path / "uit.png"
    id_card(face="turned").save(source)
    assert faces(Image.open(source)) == []
    outcome = redact_document(scanner, source, target, keep=("person_name",))
    assert outcome.no_face == [1] and outcome.by_layout == [1]
    assert outcome.counts()[PHOTO] == 1
    assert _inside(PHOTO_BOX, [b.box for b in outcome.done if b.kind == PHOTO])
    with Image.open(target) as redacted:
        centre = ((PHOTO_BOX[0] + PHOTO_BOX[2]) // 2, (PHOTO_BOX[1] + PHOTO_BOX[3]) // 2)
        assert redacted.convert("RGB").getpixel(centre) == (0, 0, 0)
        # The fields right of the photo stay: the names are kept here.
        assert "Pieter" in ocr.read(redacted).text


def test_the_photo_of_a_passport_stands_above_the_left_of_its_mrz() -> None:
    from waarborg.scan.layout import layout_areas

    # The boxes OCR gives the two lines of the zone on ``passport()``.
    zone = [(60, 848, 1432, 890), (60, 928, 1432, 970)]
    (area,) = layout_areas(ocr.Page(), [zone], (1500, 1056))
    assert _inside(PASSPORT_PHOTO, [area])
    assert area[2] < 700, "the fields right of the photo stay"
    # The back of an identity card (a zone of three lines) holds no photo.
    td1 = [(60, 500, 900, 540), (60, 560, 900, 600), (60, 620, 900, 660)]
    assert layout_areas(ocr.Page(), [td1], (1012, 700)) == []


def test_a_copy_without_an_identity_documents_layout_claims_no_photo(
    tmp_path: Path, scanner: Scanner
) -> None:
    source, target = tmp_path / "brief.png", tmp_path / "uit.png"
    letter(LETTER).save(source)
    outcome = redact_document(scanner, source, target)
    assert outcome.no_face == [1] and outcome.by_layout == []
    assert PHOTO not in outcome.counts()


@pytest.mark.parametrize("document", [passport, card_back])
def test_a_zone_scanned_at_half_size_and_saved_as_a_poor_jpeg_is_still_read(
    tmp_path: Path, scanner: Scanner, document: Callable[[], Image.Image]
) -> None:
    image = document()
    path = tmp_path / "kopie.jpg"
    image.resize((image.width // 2, image.height // 2)).save(path, quality=50)
    assert "mrz" in _kinds(scan_file(scanner, path), path)


def test_the_back_of_an_identity_card_gives_its_mrz_and_claims_no_photo(
    tmp_path: Path, scanner: Scanner
) -> None:
    source, target = tmp_path / "achterkant.png", tmp_path / "achterkant-zwart.png"
    card_back().save(source)
    assert "\n".join(mrz_td1()) in _ocr_text(source)
    assert "mrz" in _kinds(scan_file(scanner, source), source)
    outcome = redact_document(scanner, source, target)
    assert outcome.complete and outcome.counts() == {"mrz": 1, "bsn": 1}
    assert outcome.no_face == [1] and outcome.by_layout == []
    after = _ocr_text(target)
    assert BSN not in after and "<<" not in after and "Houder" in after


def test_a_passport_page_gives_its_mrz_and_redact_blacks_it_out(
    tmp_path: Path, scanner: Scanner
) -> None:
    source, target = tmp_path / "paspoort.png", tmp_path / "paspoort-zwart.png"
    # The page prints no BSN: the zone alone holds it.
    passport(face=False, printed_bsn=False).save(source)
    zone = "\n".join(mrz_td3())
    assert zone in _ocr_text(source)
    kinds = _kinds(scan_file(scanner, source), source)
    # The BSN stands in the zone alone, and is reported as a BSN at its place there.
    assert "mrz" in kinds and "bsn" in kinds
    ((bsn,),) = [kinds["bsn"]]
    assert bsn.box is not None and bsn.box[1] > 900 and bsn.box[0] > 900
    outcome = redact_document(scanner, source, target, keep=("person_name",))
    assert outcome.complete and outcome.counts()["mrz"] == 1 and outcome.counts()["bsn"] == 1
    assert outcome.by_layout == [1]
    assert _inside(PASSPORT_PHOTO, [b.box for b in outcome.done if b.kind == PHOTO])
    after = _ocr_text(target)
    # The zone is gone; the fields stay (KopieID, too, leaves the document number).
    assert BSN not in after and "<<" not in after and "SPECI20142NLD" not in after
    assert "PASPOORT" in after and "12 MAA/MAR 1985" in after
    assert outcome.counts()[PHOTO] == 1
    assert "mrz" not in _kinds(scan_file(scanner, target), target)


def _zone_kinds(scanner: Scanner, zone: list[str]) -> dict[str, list[Place]]:
    from waarborg.scan.sources.text import scan_text

    text = "Kopie paspoort:\n" + "\n".join(zone) + "\n"
    return _kinds(scan_text(scanner, text, "kopie.txt"), "kopie.txt")


@pytest.mark.parametrize(("zone", "line", "col"), [(mrz_td1, 2, 16), (mrz_td3, 3, 29)])
def test_the_bsn_in_a_dutch_zone_is_a_bsn_at_its_own_place(
    scanner: Scanner, zone: Callable[..., list[str]], line: int, col: int
) -> None:
    kinds = _zone_kinds(scanner, zone())
    assert kinds["mrz"] == [Place("kopie.txt", line=2, col=1)]
    assert kinds["bsn"] == [Place("kopie.txt", line=line, col=col)]
    # Not a BSN: nine digits that fail the 11-test are no finding of their own.
    assert "bsn" not in _zone_kinds(scanner, zone(bsn="123456789"))


def test_a_zones_check_digits_and_issuer_decide_what_it_holds(scanner: Scanner) -> None:
    from waarborg.scan.recognizers.mrz import check_digit

    # ICAO 9303's own example: 7-3-1 weights over the characters' values (< is 0).
    assert check_digit("L898902C3") == "6" and check_digit("740812") == "2"
    first, second = mrz_td3()
    # A wrong check digit of the document number: no zone at all.
    wrong = second[:9] + str((int(second[9]) + 1) % 10) + second[10:]
    assert _zone_kinds(scanner, [first, wrong]) == {}
    # A wrong check digit of the personal number: the zone, but not the BSN in it.
    wrong = second[:42] + str((int(second[42]) + 1) % 10) + second[43]
    assert set(_zone_kinds(scanner, [first, wrong])) == {"mrz"}
    # A zone another state issued: its optional data is not read as a BSN.
    belgian = [first.replace("P<NLD", "P<BEL"), second]
    assert set(_zone_kinds(scanner, belgian)) == {"mrz"}


def test_a_zone_as_ocr_misreads_it_is_still_a_zone_with_its_bsn(scanner: Scanner) -> None:
    first, second = mrz_td3()
    # 0 read as O and Q where the zone holds digits, a stray mark read into the line.
    misread = second.replace("<<<<<0", "<<<<<Q").replace("M310", "M3IO")
    assert misread != second
    kinds = _zone_kinds(scanner, [first, "¥" + misread.replace("NLD", "NLD ")])
    assert set(kinds) == {"mrz", "bsn"}
    # The name's line lost to a printed background: the second line alone, whose four
    # check digits all hold, is the zone; the issuer unread, its nationality tells.
    kinds = _zone_kinds(scanner, ["P<NLOMEULENDIJK<<LOES <ALGERTINE<<<4<eececedd", second])
    assert kinds["mrz"] == [Place("kopie.txt", line=3, col=1)] and "bsn" in kinds
    # Alone, the second line needs all four: a wrong expiry's check digit, no zone.
    wrong = second[:27] + str((int(second[27]) + 1) % 10) + second[28:]
    assert _zone_kinds(scanner, ["Kopie", wrong]) == {}


def test_a_small_copy_of_a_passport_is_read_enlarged(tmp_path: Path, scanner: Scanner) -> None:
    page = passport(face=False, printed_bsn=False)
    small = page.resize((480, round(480 * page.height / page.width)))
    path = tmp_path / "paspoort-klein.jpg"
    small.save(path, quality=85)
    assert ocr.scale(small) == 1400 / 480
    kinds = _kinds(scan_file(scanner, path), path)
    assert {"mrz", "bsn"} <= set(kinds)
    # The box is given on the small image itself.
    (bsn,) = kinds["bsn"]
    assert bsn.box is not None and bsn.box[2] <= 480


def test_a_passport_without_readable_labels_is_found_by_its_zone_alone(
    tmp_path: Path, scanner: Scanner
) -> None:
    source, target = tmp_path / "paspoort.png", tmp_path / "paspoort-zwart.png"
    first, second = mrz_td3()
    # OCR's misreading, drawn: the date of birth's check digit no longer holds.
    misread = second[:19] + str((int(second[19]) + 1) % 10) + second[20:]
    passport(face=False, printed_bsn=False, labels=False, zone=[first, misread]).save(source)
    read = _ocr_text(source)
    assert misread in read and "Surname" not in read
    assert "mrz" not in _kinds(scan_file(scanner, source), source)
    outcome = redact_document(scanner, source, target, keep=("person_name",))
    assert outcome.by_layout == [1]
    assert outcome.counts() == {"mrz": 1, PHOTO: 1}
    assert _inside(PASSPORT_PHOTO, [b.box for b in outcome.done if b.kind == PHOTO])
    after = _ocr_text(target)
    assert BSN not in after and "<<" not in after and "JANSEN" in after


def _page(lines: list[str]) -> ocr.Page:
    """What OCR gives for ``lines``: each word's box, 30 pixels a character, a line
    60 pixels below the one before."""
    page = ocr.Page(text="\n".join(lines))
    offset = 0
    for row, line in enumerate(lines):
        column = 0
        for word in line.split(" "):
            box = (30 * column, 60 * row, 30 * (column + len(word)), 60 * row + 40)
            page.words.append((offset + column, offset + column + len(word), box))
            column += len(word) + 1
        offset += len(line) + 1
    return page


def test_the_bsn_of_the_zone_is_blacked_out_where_the_page_prints_it_without_a_label(
    tmp_path: Path, scanner: Scanner
) -> None:
    source, target = tmp_path / "paspoort.png", tmp_path / "paspoort-zwart.png"
    passport(face=False, labels=False).save(source)
    read = _ocr_text(source)
    assert read.count(BSN) == 2, "printed among the fields, and in the zone"
    assert "Personal" not in read
    outcome = redact_document(scanner, source, target, keep=("person_name",))
    assert outcome.counts()["bsn"] == 1
    assert BSN not in _ocr_text(target)


def test_a_card_zone_read_in_part_is_blacked_out_whole_and_places_no_photo() -> None:
    from waarborg.scan.layout import layout_areas, zone_lines

    first, second, _ = mrz_td1()
    # OCR read the first line with a small letter in it and lost the third.
    page = _page(["Houder", first[:26].replace("<", "e", 1), second])
    (zone,) = zone_lines(page)
    # The lines it read, as wide as the widest, and the places of a line above and below.
    assert len(zone) == 4 and {(b[0], b[2]) for b in zone} == {(0, 900)}
    assert zone[0][1] < 60 and zone[-1][3] > 160
    assert layout_areas(page, [zone], (1000, 400)) == [], "a card's back holds no photo"
    # A passport's (44 characters) places the photo above it.
    passport_zone = zone_lines(_page(["Paspoort", *mrz_td3()]))
    assert len(layout_areas(ocr.Page(), passport_zone, (1500, 1000))) == 1


def test_an_application_form_with_bilingual_labels_is_not_an_identity_document(
    tmp_path: Path, scanner: Scanner
) -> None:
    from waarborg.scan.layout import label_area

    source, target = tmp_path / "aanvraag.png", tmp_path / "aanvraag-zwart.png"
    application_form().save(source)
    with Image.open(source) as image:
        read = ocr.read(image)
        # The labels alone would place a photo left of them: they are not enough.
        assert label_area(read, image.size) is not None
    outcome = redact_document(scanner, source, target, keep=("person_name", "date_of_birth"))
    assert outcome.no_face == [1] and outcome.by_layout == []
    assert PHOTO not in outcome.counts() and not outcome.done
    assert "Hengelo" in _ocr_text(target)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Geboortedatum / Date of birth\n12 MAA/MAR 1985", "12 MAA/MAR 1985"),
        ("Geboortedatum/Date of birth\n03 OKT/OCT 1990", "03 OKT/OCT 1990"),
        ("Date de naissance / Geboortedatum\n01 JAN/JAN/JAN 1960", "01 JAN/JAN/JAN 1960"),
        ("geboren 5 FÉV/FEB 1970", "5 FÉV/FEB 1970"),
        ("Geboortedatum / Date of birth\n12 MAA/OKT 1985", None),  # two months: no date
        ("Factuurdatum\n12 MAA/MAR 1985", None),  # no word for a birth
    ],
)
def test_dates_as_identity_documents_print_them(scanner: Scanner, text: str, found: str) -> None:
    dates = [text[s:e] for s, e, kind in scanner.find(text) if kind == "date_of_birth"]
    assert dates == ([found] if found else [])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Naam / Surname\nJansen\nVoornamen / Given names\nJan Pieter", ["Jansen", "Jan Pieter"]),
        ("Naam/Surname\nDE BRUIJN\nVoornamen/Given names\nWILLEKE LISELOTTE",
         ["DE BRUIJN", "WILLEKE LISELOTTE"]),
        ("Naam / Surname / Nom\nvan der Berg", ["van der Berg"]),
        ("Naam / Surname\nGemeente Hengelo", []),  # an organisation
        ("Voornamen\nAchternaam\nAdres", []),  # a form's fields, one label a line
    ],
)  # fmt: skip
def test_a_surname_alone_below_bilingual_labels_is_a_name(
    scanner: Scanner, text: str, found: list[str]
) -> None:
    assert [text[s:e] for s, e, kind in scanner.find(text) if kind == "person_name"] == found


def test_a_page_with_tall_lines_is_read_scaled_down_with_boxes_at_its_size() -> None:
    page = letter(LETTER)
    assert ocr.scale(page) == 0.5
    assert ocr.scale(id_card()) == 1.0
    # A copy of an identity card below the letter: its small type keeps the page whole.
    with_card = page.copy()
    with_card.paste(id_card().convert("L"), (240, 1200))
    assert ocr.scale(with_card) == 1.0
    small, full = ocr.read(page), ocr.read(page, resize=False)
    assert small.text == full.text

    def bsn_box(read: ocr.Page) -> tuple[int, int, int, int]:
        start = read.text.index(BSN)
        (box,) = read.boxes(start, start + len(BSN))
        return box

    assert all(abs(a - b) <= 4 for a, b in zip(bsn_box(small), bsn_box(full), strict=True))


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
    assert outcome.no_face == [1] and outcome.by_layout == []
    assert "bsn" not in _kinds(scan_file(scanner, target), target)


def test_the_redact_command_on_an_image_and_its_honest_report(tmp_path: Path) -> None:
    source = tmp_path / "kopie.jpg"
    id_card(face=False).save(source, quality=90)
    target = tmp_path / "zwart.jpg"
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "blacked out 1 bsn, " in result.output and ", 1 photo area on 1 page" in result.output
    assert (
        "no face found (page 1): the photo area blacked out by the layout of an identity document"
        in result.output
    )
    assert "only what was read can be blacked out: look at every page" in result.output
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
    assert "zwart gemaakt: 1 bsn, " in result.output and ", 1 pasfoto, op 1 pagina" in result.output
    assert (
        "geen gezicht gevonden (pagina 1): de plaats van de pasfoto zwart gemaakt, volgens de "
        "indeling van een identiteitsbewijs" in result.output
    )


def test_a_corrupt_pdf_cannot_be_redacted_and_says_so_in_one_line(tmp_path: Path) -> None:
    good = text_pdf(tmp_path / "brief.pdf", LETTER)
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(good.read_bytes()[:300])
    result = CliRunner().invoke(main, ["redact", str(broken), "-o", str(tmp_path / "uit.pdf")])
    assert result.exit_code == 2
    assert "not a PDF that can be read" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "uit.pdf").exists()
