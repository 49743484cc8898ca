"""Run Presidio's analyzer over a scanner benchmark's corpus.

Runs in Presidio's own virtualenv (Presidio is not a dependency of Waarborg), called
by ``bench/scan.py`` and ``bench/scan_real.py``. Presidio runs as a user runs it:
its ``AnalyzerEngine`` with a spaCy NLP engine for Dutch (``nl``). No trained spaCy
model can be installed here (the models are not on PyPI and nothing may be downloaded
while the benchmark runs), so the engine loads a **blank** Dutch spaCy pipeline
(``spacy.blank("nl")``: a tokenizer and nothing else), saved to a temporary folder and
loaded by its path. Presidio's pattern recognizers (e-mail, phone numbers, IBAN,
credit cards, IP addresses, dates, URLs, crypto wallets, MAC addresses, UUIDs) then
work as they always do; its NER recognizer runs but finds nothing, since a blank
pipeline has no entity recognizer: **Presidio finds no person names here**, and with
a trained model it would. The phone recognizer gets the Dutch region in front of its
default regions, and the credit-card recognizer (registered for English only) is
added for Dutch. Every result is kept (the engine's default score threshold is 0).

Prints one JSON object: per round, the CPU seconds of each document; the predictions
of the last round, per document a list of ``[start, end, entity]``; and what ran.

    /path/to/presidio-venv/bin/python bench/presidio_runner.py CORPUS.jsonl --rounds 1
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

LANGUAGE = "nl"


def analyzer(folder: Path) -> Any:
    """Presidio's ``AnalyzerEngine`` on a blank Dutch spaCy pipeline saved in ``folder``."""
    import spacy  # type: ignore[import-not-found]
    from presidio_analyzer import AnalyzerEngine  # type: ignore[import-not-found]
    from presidio_analyzer.nlp_engine import NlpEngineProvider  # type: ignore[import-not-found]
    from presidio_analyzer.predefined_recognizers import (  # type: ignore[import-not-found]
        CreditCardRecognizer,
        PhoneRecognizer,
    )

    spacy.blank(LANGUAGE).to_disk(folder)
    configuration = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": LANGUAGE, "model_name": str(folder)}],
    }
    engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
    found = AnalyzerEngine(nlp_engine=engine, supported_languages=[LANGUAGE])
    found.registry.remove_recognizer("PhoneRecognizer", language=LANGUAGE)
    found.registry.add_recognizer(
        PhoneRecognizer(
            supported_language=LANGUAGE,
            supported_regions=("NL", *PhoneRecognizer.DEFAULT_SUPPORTED_REGIONS),
        )
    )
    found.registry.add_recognizer(CreditCardRecognizer(supported_language=LANGUAGE))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()

    import spacy

    with open(args.corpus, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    with tempfile.TemporaryDirectory() as folder:
        engine = analyzer(Path(folder) / f"blank_{LANGUAGE}")
        recognizers = sorted(
            r.name for r in engine.registry.recognizers if r.supported_language == LANGUAGE
        )
        seconds: list[list[float]] = []
        found: list[Any] = []
        for _ in range(args.rounds):
            found = []
            per_doc: list[float] = []
            for text in texts:
                started = time.process_time()
                found.append(engine.analyze(text, language=LANGUAGE))
                per_doc.append(time.process_time() - started)
            seconds.append(per_doc)
    predictions = [[[r.start, r.end, r.entity_type] for r in results] for results in found]
    # (the predictions are written out after the clock stops, as Waarborg's are)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "predictions": predictions,
                "presidio": version("presidio-analyzer"),
                "spacy": spacy.__version__,
                "pipeline": f"spacy.blank({LANGUAGE!r}), no trained model, no NER",
                "recognizers": recognizers,
            }
        )
    )


if __name__ == "__main__":
    main()
