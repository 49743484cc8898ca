"""What a website really does: cookies, storage and third-party requests, seen in a
real browser before and after each consent choice, and held against the declaration.

``model`` is what an audit records; ``crawl`` drives Chromium through the phases;
``managers`` finds and operates the site's consent manager; ``evaluate`` holds what
was seen against the declaration and the catalogues; ``report`` writes it as text,
JSON and HTML.
"""
