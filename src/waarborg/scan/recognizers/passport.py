"""Dutch passport numbers (paspoortnummer): the document number near a word that names
a passport."""

from __future__ import annotations

from . import register
from ._document import DocumentNumber


@register
class Passport(DocumentNumber):
    name = "passport"
    label = "Dutch passport number"
    categories = ("passport_number", "id_document_number", "id_document_copy")
    context = (
        "paspoort",
        "paspoortnummer",
        "paspoortnr",
        "passport",
        "passport number",
        "passport no",
        "reisdocument",
        "reisdocumentnummer",
    )
