"""Specimen identity documents: what the scanner finds on them and what ``redact``
blacks out.

Waarborg ships no specimen images: the public ones found (PassportEye's test images,
``passporteye/mrz/testdata`` and ``tests/data/passport-td*`` in
github.com/konstantint/PassportEye, MIT for its code) carry no statement that the
images may be passed on. Fetch them yourself and point this at the folder:

    git clone https://github.com/konstantint/PassportEye
    PYTHONPATH=$PWD/src python bench/scan_specimens.py PassportEye/passporteye/mrz/testdata

For each image (by name order) it prints: the kinds ``scan_file`` finds; the faces
OpenCV's cascade finds; how many zones OCR's text shows by their shape alone
(``layout.zone_lines``); what ``redact_document`` blacked out (its counts, the pages
whose photo area the layout placed, whether its outcome is complete); whether OCR
still reads ``<<`` on the redacted image (a zone's filler: what is left of a zone),
and the wall time. Then the totals, and the machine (``bench/machine.py``). The
redacted images are written to ``--out`` (default: a temporary folder) to be looked
at: a number tells what was blacked out, not whether it was the right area.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from machine import describe

from waarborg.scan import ocr
from waarborg.scan.blackout import faces, redact_document
from waarborg.scan.documents import IMAGES, open_image
from waarborg.scan.engine import Scanner
from waarborg.scan.layout import zone_lines
from waarborg.scan.sources.files import scan_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of specimen images")
    parser.add_argument("--out", type=Path, help="where the redacted images are written")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="specimens-"))
    scanner = Scanner.build()
    images = sorted(p for p in args.folder.iterdir() if p.suffix.lower() in IMAGES)
    totals = {"images": 0, "mrz found": 0, "bsn found": 0, "zone blacked out": 0}
    totals |= {"photo blacked out": 0, "of which by layout": 0, "'<<' left": 0}
    for path in images:
        start = time.monotonic()
        kinds = sorted({f.kind for f in scan_file(scanner, path).findings})
        with open_image(path) as image:
            page = image.convert("RGB")
        shaped = len(zone_lines(ocr.read(page)))
        found = len(faces(page))
        target = out / f"{path.stem}.png"
        outcome = redact_document(scanner, path, target, keep=("person_name",))
        with open_image(target) as image:
            left = "<<" in ocr.read(image.convert("RGB")).text
        counts = outcome.counts()
        totals["images"] += 1
        totals["mrz found"] += "mrz" in kinds
        totals["bsn found"] += "bsn" in kinds
        totals["zone blacked out"] += "mrz" in counts
        totals["photo blacked out"] += "photo" in counts
        totals["of which by layout"] += bool(outcome.by_layout)
        totals["'<<' left"] += left
        print(
            f"{path.name}: found {kinds}, faces {found}, zones by shape {shaped}, "
            f"blacked out {counts}, by layout {outcome.by_layout}, "
            f"complete {outcome.complete}, '<<' left {left}, "
            f"{time.monotonic() - start:.1f} s",
            flush=True,
        )
    print(", ".join(f"{name}: {count}" for name, count in totals.items()))
    print(f"redacted images in {out}")
    print(describe())


if __name__ == "__main__":
    main()
