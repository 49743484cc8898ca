"""Run Presidio's pattern recognizers over the scanner benchmark's corpus.

Runs in Presidio's own virtualenv (Presidio is not a dependency of Waarborg), called
by ``bench/scan.py``. No spaCy model can be installed here, so no NLP engine runs: the
predefined recognizers that need none (e-mail, phone numbers, IBAN, credit cards, IP
addresses, dates, URLs, crypto wallets, MAC addresses) are called directly, each with
``analyze(text, entities, nlp_artifacts=None)``; the phone recognizer gets the Dutch
region in front of its default regions. Overlapping results are merged with Presidio's
own ``EntityRecognizer.remove_duplicates``, as its ``AnalyzerEngine`` does, and every
result is kept (the engine's default score threshold is 0).

Prints one JSON object: the CPU seconds of each round and the predictions of the last
round, per document a list of ``[start, end, entity]``.

    /path/to/presidio-venv/bin/python bench/presidio_runner.py CORPUS.jsonl --rounds 1
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()

    from presidio_analyzer import EntityRecognizer  # type: ignore[import-not-found]
    from presidio_analyzer.predefined_recognizers import (  # type: ignore[import-not-found]
        CreditCardRecognizer,
        CryptoRecognizer,
        DateRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        IpRecognizer,
        MacAddressRecognizer,
        PhoneRecognizer,
        UrlRecognizer,
    )

    recognizers: list[Any] = [
        EmailRecognizer(),
        PhoneRecognizer(supported_regions=("NL", *PhoneRecognizer.DEFAULT_SUPPORTED_REGIONS)),
        IbanRecognizer(),
        CreditCardRecognizer(),
        IpRecognizer(),
        DateRecognizer(),
        UrlRecognizer(),
        CryptoRecognizer(),
        MacAddressRecognizer(),
    ]
    with open(args.corpus, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    seconds: list[float] = []
    found: list[Any] = []
    for _ in range(args.rounds):
        found = []
        started = time.process_time()
        for text in texts:
            results = []
            for recognizer in recognizers:
                results.extend(
                    recognizer.analyze(text, recognizer.supported_entities, nlp_artifacts=None)
                )
            found.append(EntityRecognizer.remove_duplicates(results))
        seconds.append(time.process_time() - started)
    predictions = [[[r.start, r.end, r.entity_type] for r in results] for results in found]
    # (the predictions are written out after the clock stops, as Waarborg's are)
    print(json.dumps({"seconds": seconds, "predictions": predictions}))


if __name__ == "__main__":
    main()
