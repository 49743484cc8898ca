"""The organisation's own data, where it lives: datastores and their connectors.

``resolve`` gives a datastore's tables with those of the Fides dataset the loader read
(the table graph over them is ``declaration.graph``), ``fides`` reads a Fides dataset
file on its own, and ``registry.connect`` gives the
connector (such as ``sql``) that carries out access, portability, erasure and
rectification on the real data. See docs/datastores.md.
"""
