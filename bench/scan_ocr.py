"""OCR of an A4 scan at 300 dpi: how long the scanner takes over one page.

Draws one A4 page at 300 dpi (2480 x 3508 pixels, grey): a Dutch letter of 40 lines
in 12 points (about 400 words) with a BSN, as a scanner gives it. Then times, in the
same run, a round at a time:

- ``tesseract`` on the page as a PNG, from the command line (the reference: Debian's
  Tesseract alone, what any tool that reads the page by OCR pays);
- ``ocr.read`` on the page at its own size (``resize=False``), and as the scanner reads
  it: scaled down first when its lines are tall (``ocr.scale``; this page's are);
- ``scan_file`` of the page as a PNG (OCR, the recognizers, the findings);
- ``scan_file`` of the page as a scanned PDF (PDFium renders it at 300 dpi, then OCR).

Each round runs the four in turn, so that a change in the machine's load falls on all
of them. Prints the share of the page's words each read of ``ocr.read`` gives right
(in order, as ``difflib`` matches them to the words drawn) and whether it read the
BSN; then, per measure, the median over ``--rounds`` of its wall time and of its
CPU time (this process's and its children's: Tesseract runs in a child process, with
one thread), the ratio of each to the reference, and the machine
(``bench/machine.py``). On a machine whose cores are shared, the CPU time is the
closer figure to what the page takes on an idle core. The target: a page in under 3 s.

    python bench/scan_ocr.py --rounds 5
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from machine import describe

from waarborg.scan import ocr
from waarborg.scan.engine import Scanner
from waarborg.scan.sources.files import scan_file

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
TARGET_S = 3.0
WORDS = (
    "de het een uw wij hebben aanvraag ontvangen gemeente brief betreft geachte heer "
    "mevrouw zullen deze binnen vier weken behandelen afdeling burgerzaken adres "
    "verhuizing inschrijving basisregistratie personen gegevens wijziging bericht "
    "vragen contact opnemen telefonisch bereikbaar werkdagen"
).split()


BSN = "123456782"


def page(path: Path) -> list[str]:
    """An A4 letter at 300 dpi, 40 lines of about ten words, one of them with a BSN;
    gives its words."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(7)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 50)
    drawn: list[str] = []
    for line in range(40):
        words = " ".join(rng.choice(WORDS) for _ in range(10))
        if line == 6:
            words = f"Uw burgerservicenummer {BSN} is bij ons bekend."
        draw.text((240, 300 + 75 * line), words.capitalize(), fill=0, font=font)
        drawn.extend(words.capitalize().split())
    image.save(path)
    image.convert("RGB").save(path.with_suffix(".pdf"), "PDF", resolution=300)
    return drawn


def right(drawn: list[str], text: str) -> float:
    """The share of the drawn words that ``text`` gives, in order."""
    import difflib

    matcher = difflib.SequenceMatcher(None, drawn, text.split(), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(drawn)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """The wall time and CPU time of one call of ``work``."""
    wall, cpu = time.perf_counter(), _cpu()
    work()
    return time.perf_counter() - wall, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    why = ocr.missing()
    if why is not None:
        sys.exit(f"bench/scan_ocr.py: {why}")
    from PIL import Image

    scanner = Scanner.build()
    with tempfile.TemporaryDirectory() as folder:
        png = Path(folder) / "brief.png"
        drawn = page(png)
        pdf = png.with_suffix(".pdf")
        with Image.open(png) as opened:
            image = opened.copy()
        reads = {
            "at its own size": ocr.read(image, resize=False).text,
            f"scaled by {ocr.scale(image):.2f}": ocr.read(image).text,
        }
        found = {f.kind for f in scan_file(scanner, png).findings}
        if "bsn" not in found:
            sys.exit(f"bench/scan_ocr.py: the page's BSN was not found (found {found})")
        command = ["tesseract", str(png), "-", "-l", ocr.language()]
        env = {"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"}

        def reference() -> object:
            return subprocess.run(command, capture_output=True, check=True, env=env)

        work: list[tuple[str, Callable[[], object]]] = [
            ("tesseract on the PNG (reference)", reference),
            ("ocr.read, at its own size", lambda: ocr.read(image, resize=False)),
            ("ocr.read, scaled as the scanner reads it", lambda: ocr.read(image)),
            ("scan_file, the page as a PNG", lambda: scan_file(scanner, png)),
            ("scan_file, the page as a scanned PDF", lambda: scan_file(scanner, pdf)),
        ]
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in work}
        for _ in range(args.rounds):
            for name, run in work:
                times[name].append(timed(run))
    results = [
        (name, statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
        for name, got in times.items()
    ]
    _, wall0, cpu0 = results[0]
    print(f"OCR of an A4 scan at 300 dpi (2480 x 3508, 40 lines), {ocr.language()}, "
          f"medians of {args.rounds} rounds; target under {TARGET_S:.0f} s a page")  # fmt: skip
    for how, text in reads.items():
        print(f"  ocr.read {how}: {right(drawn, text):.4f} of {len(drawn)} words right, "
              f"the BSN {'read' if BSN in text else 'NOT read'}")  # fmt: skip
    print(f"  {'':44} {'wall':>8} {'ratio':>6} {'CPU':>8} {'ratio':>6}")
    for name, wall, cpu in results:
        print(f"  {name:44} {wall:6.2f} s {wall / wall0:6.2f} {cpu:6.2f} s {cpu / cpu0:6.2f}")
    scanner_runs = results[2:]
    for measure, slowest in (
        ("wall", max(wall for _, wall, _ in scanner_runs)),
        ("CPU", max(cpu for _, _, cpu in scanner_runs)),
    ):
        verdict = "within" if slowest < TARGET_S else "OVER"
        print(f"  the scanner's slowest by {measure} time {slowest:.2f} s: {verdict} the target")
    print(describe())


if __name__ == "__main__":
    main()
