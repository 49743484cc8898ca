"""Import: read the privacy statement an organisation already has into a draft
declaration, with the statement's own sentence as evidence for every value.

``read`` turns a file or URL into plain ``Text`` with its blocks; ``extract`` turns
``Text`` into a ``Draft``; ``write`` writes the draft as YAML with the evidence beside
each value and in a JSON sidecar.
"""
