"""Every span ``Scanner.find`` returns on the two scanner corpora, written to a file, so
that a change meant only for speed can be held to the same findings.

    python bench/scan_spans.py --out /tmp/before.jsonl
    ... change the scanner ...
    python bench/scan_spans.py --out /tmp/after.jsonl --against /tmp/before.jsonl

The corpora are ``bench/scan_real_corpus.py``'s and ``bench/scan_corpus.py``'s (both
generated first when missing). One line per document: the corpus, the document's
number and its spans. With ``--against``, prints the documents whose spans differ and
exits with 1 when any do. Also prints the CPU seconds of the ``find`` calls per corpus.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = {
    "real": (HERE / "data" / "scan" / "real" / "corpus.jsonl", "scan_real_corpus.py"),
    "scan": (HERE / "data" / "scan" / "corpus.jsonl", "scan_corpus.py"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="Where to write the spans.")
    parser.add_argument("--against", type=Path, help="An earlier output to compare with.")
    args = parser.parse_args()
    from waarborg.scan.engine import Scanner

    scanner = Scanner.build()
    lines: list[str] = []
    for corpus, (path, generator) in CORPORA.items():
        if not path.exists():
            subprocess.run([sys.executable, str(HERE / generator)], check=True)
        with path.open(encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle]
        started = time.process_time()
        found = [scanner.find(text) for text in texts]
        seconds = time.process_time() - started
        size = sum(len(t.encode()) for t in texts) / 1e6
        print(f"{corpus}: {len(texts)} documents, {size:.2f} MB, find {seconds:.2f} s CPU")
        lines += [
            json.dumps([corpus, number, [list(s) for s in spans]])
            for number, spans in enumerate(found)
        ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(lines)} documents")
    if args.against is None:
        return
    before = args.against.read_text(encoding="utf-8").splitlines()
    differ = [(old, new) for old, new in zip(before, lines, strict=False) if old != new] + [
        ("(missing)", "(missing)")
    ] * abs(len(before) - len(lines))
    for old, new in differ[:5]:
        print(f"before: {old[:300]}\nafter:  {new[:300]}")
    print(f"{len(differ)} documents differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
