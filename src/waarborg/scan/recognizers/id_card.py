"""Dutch identity-card numbers (identiteitskaart): the document number near a word that
names an identity card or an identity document."""

from __future__ import annotations

from . import register
from ._document import DocumentNumber


@register
class IdCard(DocumentNumber):
    name = "id_card"
    label = "Dutch identity-card number"
    categories = ("id_card_number", "id_document_number", "id_document_copy")
    context = (
        "identiteitskaart",
        "id-kaart",
        "idkaart",
        "id kaart",
        "identity card",
        "id card",
        "id-card",
        "identiteitsbewijs",
        "legitimatiebewijs",
        "legitimatie",
        "id-bewijs",
        "documentnummer",
        "document number",
        "documentnr",
        "document no",
    )
