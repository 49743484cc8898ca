"""The reality check: personal data where it lives, held against the declaration.

``recognizers`` find kinds of personal data in text (one class per module, in a
registry); ``engine.Scanner`` runs them; ``sources`` read files, standard input and
SQL databases; ``against`` holds the findings against a declaration; ``report``
writes text, JSON, SARIF and GitHub annotations; ``redact`` masks what is found.
See docs/scanner.md. Nothing here is imported by the commands that do not scan.
"""
