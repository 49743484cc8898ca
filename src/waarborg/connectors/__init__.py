"""Processors reached through their APIs, as datastores (docs/connectors.md).

``definition`` reads a connector definition in Fides's SaaS connector format;
``catalogue`` finds the shipped ones (``definitions/``) or the organisation's own
file; ``client`` calls the API (authentication, rate limits, retries); ``responses``
reads the answers (records, postprocessors, pagination); ``changes`` builds what an
erasure or rectification sends; ``reading`` and ``erasing`` read and change records
through a definition; ``listings`` and ``sweeping`` carry retention sweeps to a
processor; ``processor`` is the datastore connector itself, registered as
``processor`` in ``datastores.registry``.

Adding a processor: write ``definitions/<name>.yml`` in Fides's format (or copy
Fides's own, keeping its licence in ``NOTICE``), a hand-written fake of its API in
``tests/fakes/<name>.py`` from its public documentation, a contract test of the fake
in ``tests/test_fakes_contract.py``, and a connector test against the fake.
"""
