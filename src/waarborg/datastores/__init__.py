"""The organisation's own data, where it lives: datastores and their connectors.

``graph`` builds the table graph of a datastore, ``fides`` reads Fides dataset files,
``resolve`` merges them with the declaration, and ``registry.connect`` gives the
connector (such as ``sql``) that carries out access, portability, erasure and
rectification on the real data. See docs/datastores.md.
"""
