"""Art. 28, 30 and 32: the register, security, and acting as a processor.

These are duties of the organisation's records, not of the public statement, so their
rules have the scope ``register`` (reported by ``waarborg check --register`` and listed
in the register's open points); ``env-missing`` is about the declaration itself."""

from __future__ import annotations

from collections.abc import Iterator

from ..lint import Hit, rule, say
from ..model import Declaration


@rule(
    "security-measures-missing",
    "warning",
    "30(1)(g), 32",
    "The security measures are described",
    "list the measures under security.measures (e.g. encryption_in_transit, access_control)",
    scope="register",
)
def security(d: Declaration) -> Iterator[Hit]:
    if d.security is None or not (d.security.measures or d.security.description):
        yield (("security",) if d.security else ()), say("security-measures-missing")


@rule(
    "processor-register-missing",
    "error",
    "30(2), 28(3)",
    "An organisation that acts as a processor keeps the processor register",
    "declare processing_for: each controller (client), what is processed for it, "
    "and the processing agreement",
    scope="register",
)
def processor_register(d: Declaration) -> Iterator[Hit]:
    if d.controller.role in ("processor", "both") and not d.processing_for:
        yield ("controller", "role"), say("processor-register-missing")


@rule(
    "processor-categories-unstated",
    "warning",
    "30(2)(b)",
    "The processor register names the categories of processing for each controller",
    "list the data categories and data subjects in processing_for.<key>",
    scope="register",
)
def processor_categories(d: Declaration) -> Iterator[Hit]:
    for key, client in d.processing_for.items():
        for field in ("categories", "subjects"):
            if getattr(client, field) in ("unstated", []):
                yield (
                    ("processing_for", key, field),
                    say(f"processor-categories-unstated.{field}", key=key),
                )


@rule(
    "processor-agreement-unstated",
    "warning",
    "28(3)",
    "Processing for a controller rests on a processing agreement",
    "name the agreement in processing_for.<key>.agreement",
    scope="register",
)
def processor_agreement(d: Declaration) -> Iterator[Hit]:
    for key, client in d.processing_for.items():
        if client.agreement in (None, "unstated"):
            yield ("processing_for", key), say("processor-agreement-unstated", key=key)


@rule(
    "subprocessor-authorisation-missing",
    "warning",
    "28(2), 28(4)",
    "Sub-processors are engaged only with the controller's prior authorisation",
    "record authorised: true on the recipient once the controller has authorised it",
    scope="register",
)
def subprocessors(d: Declaration) -> Iterator[Hit]:
    for key, client in d.processing_for.items():
        for index, sub in enumerate(client.subprocessors):
            if not d.recipients[sub].authorised:
                yield (
                    ("processing_for", key, "subprocessors", index),
                    say("subprocessor-authorisation-missing", sub=sub, key=key),
                )


@rule(
    "env-missing",
    "info",
    "-",
    "Environment variables named in the declaration are set",
    "export the variable before running commands that connect to the datastore",
)
def env(d: Declaration) -> Iterator[Hit]:
    source = d.source
    if source is None:
        return
    for path, name in source.missing_env.items():
        yield path, say("env-missing", name=name)
