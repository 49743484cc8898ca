"""The extractor: each rule held to tables of sentences (Dutch and English) and what
it must find in them, every value with its sentence, and the five seed statements
importing into drafts that load.

``read`` (the reader of files and URLs) is tested on its own; these tests build the
``Text`` of a plain-text statement themselves: one paragraph block per chunk of text
between blank lines.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from waarborg import catalogue
from waarborg.declaration.loader import load_text
from waarborg.importer.extract import extract
from waarborg.importer.model import Block, BlockKind, Draft, Text
from waarborg.importer.write import sidecar_path, to_yaml, write

ROOT = Path(__file__).resolve().parent.parent
# The seed statements sit in ../shared/seeds beside the repository (or beside the
# folder of its worktrees).
SEEDS = next(
    (p / "shared" / "seeds" for p in ROOT.parents if (p / "shared" / "seeds").is_dir()),
    ROOT.parent / "shared" / "seeds",
)


def _text(source: str, lang: str = "nl") -> Text:
    blocks = tuple(
        Block("paragraph", m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", source)
    )
    return Text(source, blocks, "statement.txt", "txt", lang=lang)


def _draft(source: str, lang: str = "nl") -> Draft:
    return extract(_text(source, lang))


def _at(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _evidence_holds(draft: Draft) -> None:
    for evidence in draft.evidence:
        assert draft.text.text[evidence.start : evidence.end] == evidence.quote
    for outdated in draft.outdated:
        assert draft.text.text[outdated.start : outdated.end] == outdated.quote


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every leaf path of the draft's data."""
    if isinstance(data, dict) and data and not set(data) <= {"nl", "en"}:
        found: list[tuple[Any, ...]] = []
        for key, value in data.items():
            found.extend(_paths(value, (*path, key)))
        return found
    return [path]


CONTROLLER = [
    ("Wij zijn Voorbeeld B.V., gevestigd aan de Molenstraat 12, 7511 AB Enschede.",
     {"controller.name": "Voorbeeld B.V.", "controller.legal_form": "B.V.",
      "controller.address.street": "Molenstraat 12", "controller.address.postcode": "7511 AB",
      "controller.address.city": "Enschede"}),
    ("Fietsenwinkel De Spaak, gevestigd te Utrecht, is verantwoordelijk voor de verwerking van "
     "persoonsgegevens.",
     {"controller.name": "Fietsenwinkel De Spaak"}),
    ("Stichting Buurtzorg Oost\nDorpsweg 4\n1234 AB Lutjebroek\n\nWij verwerken uw gegevens "
     "zorgvuldig.",
     {"controller.name": "Stichting Buurtzorg Oost", "controller.legal_form": "stichting",
      "controller.address.street": "Dorpsweg 4", "controller.address.city": "Lutjebroek"}),
    ("Google verwerkt uw gegevens. Google gebruikt cookies. Bakkerij Jansen verwerkt ze ook.",
     {"controller.name": "unstated"}),
    ("Fietsonderdelen.nl, onderdeel van Rijwiel Handel B.V., gevestigd te Amersfoort, is "
     "verantwoordelijk voor de verwerking van persoonsgegevens.",
     {"controller.trade_names": ["Fietsonderdelen.nl"]}),
    ("PRIVACY STATEMENT PLUSJEKLAS\n\nJongleren.biz verwerkt persoonsgegevens. "
     "Jongleren.biz deelt niets. Het abonnement van Plusjeklas.",
     {"controller.name": "Jongleren.biz", "controller.trade_names": ["Plusjeklas"]}),
    ("Data will be kept safe. Data will not be sold.", {"controller.name": "unstated"}),
    ("Ingeschreven bij de Kamer van Koophandel onder nummer 68750110.",
     {"controller.kvk": "68750110"}),
    ("KvK-nummer: 6875 0110", {"controller.kvk": "68750110"}),
    ("Tennisvereniging De Smash, gevestigd te Delft, is verantwoordelijk voor de verwerking.",
     {"controller.name": "Tennisvereniging De Smash", "controller.legal_form": "vereniging"}),
    ("Ons btw-nummer is NL123456782B01.", {"controller.vat": "NL123456782B01"}),
    ("Our VAT number is NL 1234.56.782.B01.", {"controller.vat": "NL123456782B01"}),
    ("Ons BTW-nummer is NL123456789B01.", {"controller.vat": None}),  # check digits fail
    ("Vragen? Mail naar privacy@voorbeeld.nl of bel ons op 053 - 123 45 67.",
     {"controller.email": "privacy@voorbeeld.nl", "controller.phone": "053 - 123 45 67"}),
    ("Telefoon: +31 20 123 4567", {"controller.phone": "+31 20 123 4567"}),
    ("Het kenmerk 12345678 staat op de factuur.",
     {"controller.phone": None, "controller.kvk": None}),
    ("Questions? Contact us at privacy@example.com.", {"controller.email": "privacy@example.com"}),
    ("Onze website www.voorbeeld.nl wordt beheerd door Voorbeeld. Mail: info@voorbeeld.nl",
     {"controller.website": "https://www.voorbeeld.nl"}),
    ("Adres: Nijverheidstraat 40, Capelle aan den IJssel, Nederland",
     {"controller.address.street": "Nijverheidstraat 40",
      "controller.address.city": "Capelle aan den IJssel"}),
    ("Postbus 123\n3500 AA Utrecht", {"controller.address.po_box": "Postbus 123",
                                      "controller.address.postcode": "3500 AA"}),
    ("De verwerkingsverantwoordelijke is Huisartsenpraktijk Zuid, met zetel in Breda.",
     {"controller.name": "Huisartsenpraktijk Zuid"}),
    ("Contactgegevens\nBedrijfsnaam: Kapsalon Knip\nAdres: Kerkstraat 3, 4811 AA Breda",
     {"controller.name": "Kapsalon Knip", "controller.address.street": "Kerkstraat 3"}),
    ("Vragen over privacy? Mail naar privacy[at]voorbeeld.nl.",
     {"controller.email": "privacy@voorbeeld.nl"}),
    ("Onze functionaris gegevensbescherming is bereikbaar via fg@voorbeeld.nl.",
     {"controller.dpo.email": "fg@voorbeeld.nl"}),
    ("J. Jansen is de Functionaris Gegevensbescherming van Voorbeeld. Hij is te bereiken via "
     "fg@voorbeeld.nl",
     {"controller.dpo.name": "J. Jansen", "controller.dpo.email": "fg@voorbeeld.nl"}),
    ("Wij hebben geen functionaris gegevensbescherming aangesteld. Mail fg@voorbeeld.nl.",
     {"controller.dpo": None}),
    # The subject of processing in numbered clauses ("2.1 X verzamelt ...").
    ("1.1 Fietsplan.nl respecteert uw privacy.\n\n2.1 Fietsplan.nl verzamelt uw naam.",
     {"controller.name": "Fietsplan.nl"}),
    ("3. Bakkerij Korst bewaart uw bestelling.\n\n4. Bakkerij Korst deelt niets.",
     {"controller.name": "Bakkerij Korst"}),
    ("1.2 Leesclub Noord processes your e-mail address. 1.3 Leesclub Noord uses it once.",
     {"controller.name": "Leesclub Noord"}),
    # Once as the subject is enough for the name the organisation's own domain spells.
    ("Groene Vingers maakt geen gebruik van tracking cookies. Vragen? Mail "
     "hallo@groenevingers.nl.", {"controller.name": "Groene Vingers"}),
    ("Kaaskop verzamelt alleen je adres. Zie www.kaaskop.nl.", {"controller.name": "Kaaskop"}),
    ("Kaaskop verzamelt alleen je adres. Zie www.anderesite.nl.",
     {"controller.name": "unstated"}),
    # A verb left at a sentence's start by a line break is no name.
    ("De vereniging\nblijft verantwoordelijk voor de verwerking van uw gegevens.",
     {"controller.trade_names": None}),
    ("The club\nremains responsible for processing.", {"controller.trade_names": None}),
    # The words and number right before a postcode are the street, whatever its name.
    ("Ons adres is Nieuwe Uitleg 1, 2514 BP Den Haag.",
     {"controller.address.street": "Nieuwe Uitleg 1", "controller.address.city": "Den Haag"}),
    ("Bezoek ons: Het Rond 6 3701 HS Zeist", {"controller.address.street": "Het Rond 6"}),
    ("Je vindt ons op Rapenburg 12a, 2311 EW Leiden.",
     {"controller.address.street": "Rapenburg 12a", "controller.address.postcode": "2311 EW"}),
    # The person on the first line after a lead-in to contact details.
    ("Stichting Het Erf verwerkt uw naam.\n\nVragen? Neem contact met ons op:\n"
     "Joke de Boer\n06-12345678\ninfo@heterf.nl",
     {"controller.contact.name": "Joke de Boer"}),
    ("Bakkerij Korst B.V. bewaart uw adres.\n\nYou can contact us:\nPiet Bakker\n"
     "piet@korst.nl", {"controller.contact.name": "Piet Bakker"}),
    ("Bakkerij Korst B.V. bewaart uw adres.\n\nHeeft u vragen, contacteer:\n"
     "Functionaris Gegevensbescherming\nfg@korst.nl", {"controller.contact": None}),
    # An address first named without its postcode takes the postcode given with it below.
    ("Bakkerij Korst is gevestigd aan de Molenweg 4 in Zeist.\n\nContact:\nBakkerij Korst\n"
     "Molenweg 4\n3701 AB Zeist",
     {"controller.address.street": "Molenweg 4", "controller.address.postcode": "3701 AB"}),
    # The address the statement calls its own website, whatever its domain.
    ("Bakkerij Korst is verantwoordelijk voor de website https://www.broodjes.nl en uw gegevens.",
     {"controller.website": "https://www.broodjes.nl"}),
    ("Bakkerij Korst verwerkt uw gegevens. Zie ook https://www.broodjes.nl.",
     {"controller.website": None}),
    # A company the organisation gives data to is not the organisation.
    ("Wij geven uw adres door aan Pakjes Snel B.V. voor de bezorging.",
     {"controller.name": "unstated"}),
    ("Uw gegevens verstrekken wij alleen aan Stichting Zorgpunt.", {"controller.name": "unstated"}),
    ("Bakkerij Korst B.V. deelt uw gegevens niet met anderen.",
     {"controller.name": "Bakkerij Korst B.V."}),
    # A Dutch VAT number without its country code, after "BTW".
    ("Kerkstraat 1 - 7511 AB Enschede - BTW nr. 123456782B01 - K.v.K. Twente 12345678",
     {"controller.vat": "NL123456782B01", "controller.kvk": "12345678"}),
    ("Ons btw-nummer is 1234.56.789.B01.", {"controller.vat": None}),  # check digits fail
    # A phone number with its area code in brackets; a footer line of its own.
    ("Kerkstraat 1, 7511 AB Enschede\n(053) 123 45 67",
     {"controller.phone": "(053) 123 45 67"}),
    ("Bakkerij Korst\n\nKerkstraat 1\n7511 AB Enschede\n\n053 123 45 67\n\nKvK 12345678",
     {"controller.phone": "053 123 45 67"}),
    ("https://www.korst.nl\nKerkstraat 1 in Enschede\n06 1234 5678",
     {"controller.phone": "06 1234 5678"}),
    # The DPO's address, given only for the DPO, is not the organisation's.
    ("Anna is de Functionaris Gegevensbescherming van Bakkerij Korst. Zij is te bereiken via "
     "anna@korst.nl.",
     {"controller.email": None, "controller.dpo.email": "anna@korst.nl",
      "controller.name": "Bakkerij Korst"}),
    ("Piet Smit is namens Bakkerij Korst de \u2018Functionaris Gegevensbescherming\u2019.",
     {"controller.dpo.name": "Piet Smit"}),
    # The controller named after "in de zin van de AVG", "de verantwoordelijke voor de
    # gegevensverwerking", "X staat ingeschreven", "de handelsnaam van X".
    ("Verwerkingsverantwoordelijke in de zin van de AVG is Korst , gevestigd aan Aan de Dijk "
     "10, 7511 AB, ingeschreven bij de KvK.\n\nContact: Aan de Dijk 10, 7511 AB, Enschede Tel "
     "053 123 45 67",
     {"controller.name": "Korst", "controller.address.city": "Enschede"}),
    ("Bakkerij Korst is de verantwoordelijke voor de gegevensverwerking.",
     {"controller.name": "Bakkerij Korst"}),
    ("Korstje staat ingeschreven bij de Kamer van Koophandel. KVK-nummer: 12345678.",
     {"controller.name": "Korstje"}),
    ("- Broodjes Online: de handelsnaam van Korst Holding, gevestigd aan Kerkstraat 1, "
     "7511 AB Enschede.",
     {"controller.name": "Korst Holding", "controller.trade_names": ["Broodjes Online"]}),
    ("1.1 Bakkerij Korst, gevestigd te Enschede, is verantwoordelijk voor de verwerking.",
     {"controller.name": "Bakkerij Korst", "controller.address.city": "Enschede"}),
    ("Bakkerij Korst is gevestigd in Zuid-Limburg, Nederland.",
     {"controller.name": "Bakkerij Korst", "controller.address": None}),
    ("Ik, Fotografie Korst (KVK-nummer 12345678), ben verantwoordelijk voor uw gegevens.",
     {"controller.name": "Fotografie Korst"}),
    ("Alpha Print BVBA, Kerkstraat 1, 3000 Leuven. Alpha Print BVBA is de verantwoordelijke "
     "voor de gegevensverwerking.",
     {"controller.name": "Alpha Print BVBA", "controller.legal_form": "BVBA"}),
    # A label over the address is no name.
    ("**Adresgegevens**\nKerkstraat 1\n7511 AB Enschede", {"controller.name": "unstated"}),
    # A service established abroad is not the organisation.
    ("Formulierdienst is gevestigd in de Verenigde Staten.", {"controller.name": "unstated"}),
    # The processor's own details in an agreement the text holds are not the organisation's.
    ("Verwerker: Opslag B.V., Kerkstraat 1, 7511 AB Enschede, KvK 12345678 (hierna: "
     "\"Verwerker\")",
     {"controller.kvk": None, "controller.address": None}),
    # Addresses written to fool harvesters; a fax number is no phone.
    ("Vragen? Mail naar info @ korst . nl of privacy[at]korst[dot]nl.",
     {"controller.email": "info@korst.nl"}),
    ("Fax: 053 765 43 21 | Tel: 053 123 45 67", {"controller.phone": "053 123 45 67"}),
    ("Kerkstraat 1, 7511 AB Enschede. Fax 053 765 43 21.", {"controller.phone": None}),
    ("Tel/fax: 053 123 45 67", {"controller.phone": "053 123 45 67"}),
    # A name that starts with its article, but not a term the text defines.
    ("De Vries Installatietechniek, gevestigd te Enschede, is verantwoordelijk voor de "
     "verwerking van persoonsgegevens.",
     {"controller.name": "De Vries Installatietechniek", "controller.address.city": "Enschede"}),
    ("Het Platform Korst, gevestigd te Enschede, is verantwoordelijk voor de verwerking.",
     {"controller.name": "unstated"}),
    # A street whose abbreviated first word ends the sentence before it.
    ("Bakkerij Korst is gevestigd aan de Burg. Jansenstraat 4, 7511 AB Enschede.",
     {"controller.address.street": "Burg. Jansenstraat 4"}),
    ("Korst B.V.\nKerkstraat 4\n7511 AB Enschede", {"controller.address.street": "Kerkstraat 4"}),
    # A footer's copyright line names its owner where nothing else does.
    ("\u00a9 2026 Bakkerij Korst | KvK-nummer: 12345678", {"controller.name": "Bakkerij Korst"}),
    ("\u00a9 Copyright 2025 - All Rights Reserved | KvK 12345678",
     {"controller.name": "unstated"}),
    ("Copyright \u00a9 2009, K.v.K. Utrecht: 12345678", {"controller.name": "unstated"}),
    # The website the statement calls its own, without "www".
    ("Welkom op onze website korst.nl.", {"controller.website": "https://korst.nl"}),
    ("Anna is de Functionaris Gegevensbescherming van Van Korst Architectuur.\n"
     "https://korst.nl", {"controller.website": "https://korst.nl"}),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), CONTROLLER)
def test_the_controller_is_read_from_its_own_words(source: str, expected: dict[str, Any]) -> None:
    draft = _draft(source)
    for dotted, value in expected.items():
        assert _at(draft.data, dotted) == value, dotted
    _evidence_holds(draft)


CONTACT_PEOPLE = [
    # The person to contact and the names the organisation trades under, in labelled lines.
    ("nl", "Bakkerij Jansen B.V. is verantwoordelijk voor de verwerking van persoonsgegevens.\n"
           "Handelsnamen: Jansen Brood, De Ovenhoek\n"
           "Contactpersonen: Piet van der Berg, te bereiken via piet@bakkerijjansen.nl",
     {"controller.trade_names": ["Jansen Brood", "De Ovenhoek"],
      "controller.contact.name": "Piet van der Berg",
      "controller.contact.email": "piet@bakkerijjansen.nl"}),
    ("en", "Jansen Bakery Ltd is the controller responsible for the processing of personal "
           "data.\nTrade names: Jansen Bread\n\nContact person\n\n"
           "For questions about this statement, please contact:\n\nName: Piet Jansen\n\n"
           "Email: piet@jansenbakery.nl",
     {"controller.trade_names": ["Jansen Bread"], "controller.contact.name": "Piet Jansen",
      "controller.contact.email": "piet@jansenbakery.nl"}),
    ("nl", "Contactpersoon\n\nVoor vragen kunt u terecht bij:\n\nNaam: Piet Jansen\n\n"
           "E-mail: piet@bakkerijjansen.nl",
     {"controller.contact.name": "Piet Jansen",
      "controller.contact.email": "piet@bakkerijjansen.nl"}),
    # A KvK number written in lower case.
    ("nl", "Verantwoordelijke: Lift a Boat bv, gevestigd te Kadeweg 39, 3241SE Middelharnis, "
           "kvk-nummer: 81869266.", {"controller.kvk": "81869266"}),
    ("en", "Controller: Lift a Boat bv, Kadeweg 39, 3241SE Middelharnis, kvk number: 81869266.",
     {"controller.kvk": "81869266"}),
    # Controller for its own processing, processor for its customers'.
    ("nl", "Qooqie is verantwoordelijk voor de verwerking van persoonsgegevens. Daarnaast "
           "verwerken wij persoonsgegevens in opdracht van onze klanten. Voor die verwerkingen "
           "zijn wij verwerker en is de klant verantwoordelijk.", {"controller.role": "both"}),
    ("en", "Qooqie is the controller responsible for the processing of personal data. We also "
           "process personal data on behalf of our clients. For that processing we are a "
           "processor and the client is the controller.", {"controller.role": "both"}),
    ("nl", "Qooqie gevestigd aan de Nijverheidstraat 40 te Capelle aan den IJssel. Verwerking "
           "in opdracht van de klant van data geschiedt volgens onze voorwaarden.",
     {"controller.role": "both"}),
    ("en", "Qooqie, located at Nijverheidstraat 40, Capelle aan den IJssel. We process call "
           "data on behalf of our clients.", {"controller.role": "both"}),
    ("nl", "Qooqie is verantwoordelijk voor de verwerking van persoonsgegevens. Wij sluiten "
           "met elke verwerker een verwerkersovereenkomst.", {"controller.role": None}),
    # A public authority by its name or by what it says it is.
    ("nl", "Gemeente Zwolle is verantwoordelijk voor de verwerking van persoonsgegevens.",
     {"controller.public_authority": True}),
    ("en", "The Municipality of Zwolle is the controller responsible for the processing of "
           "personal data.", {"controller.public_authority": True}),
    ("nl", "De Stichting Buurtzorg is verantwoordelijk voor de verwerking van persoonsgegevens.",
     {"controller.public_authority": None}),
    ("en", "We are a public body and process personal data for our statutory tasks.",
     {"controller.public_authority": True}),
    # A public body that names itself by kind or by a task only it has, never by a sentence
    # about another body or by a business's "wettelijke taak".
    ("nl", "De deelnemende gemeente blijft verantwoordelijk voor deze verwerkingen.",
     {"controller.public_authority": True}),
    ("nl", "Hier leest u hoe de overheid omgaat met de persoonsgegevens die u achterlaat.",
     {"controller.public_authority": True}),
    ("nl", "Wij verwerken uw gegevens alleen om onze publieke taak uit te voeren.",
     {"controller.public_authority": True}),
    ("nl", "Wij verwerken uw gegevens omdat we onze wettelijke taak moeten uitvoeren.",
     {"controller.public_authority": None}),
    ("nl", "Als gemeente verwerken wij uw gegevens voor de aanvraag.",
     {"controller.public_authority": True}),
    ("nl", "Als u de gemeente belt, verwerken wij uw telefoonnummer.",
     {"controller.public_authority": None}),
    ("nl", "De Autoriteit Persoonsgegevens is een zelfstandig bestuursorgaan.",
     {"controller.public_authority": None}),
    ("nl", "Wij geven uw inkomen door aan de Belastingdienst voor haar publieke taak.",
     {"controller.public_authority": None}),
    # A ministry or municipality named in full as the one that acts names the controller.
    ("nl", "Sinds 1 mei verstrekt het Ministerie van Binnenlandse Zaken en Koninkrijksrelaties "
           "geen gegevens meer voor de app.",
     {"controller.name": "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
      "controller.public_authority": True}),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "source", "expected"), CONTACT_PEOPLE)
def test_the_contact_person_and_trade_names_in_labelled_lines(
    lang: str, source: str, expected: dict[str, Any]
) -> None:
    draft = _draft(source, lang)
    for dotted, value in expected.items():
        assert _at(draft.data, dotted) == value, dotted
    assert "name" not in draft.data.get("categories", {})
    _evidence_holds(draft)


RIGHTS = [
    ("U heeft het recht op inzage, correctie, verwijdering, beperking, overdracht van of "
     "bezwaar tegen uw gegevens.",
     ["access", "rectification", "erasure", "restriction", "objection", "portability"]),
    ("Je hebt het recht om je persoonsgegevens in te zien, te corrigeren of te verwijderen.",
     ["access", "rectification", "erasure"]),
    ("Je kunt je toestemming voor de verwerking altijd intrekken.", ["withdraw_consent"]),
    ("Ook heeft u het recht een klacht in te dienen bij de Autoriteit Persoonsgegevens.",
     ["complain"]),
    ("You have the right to access, rectify or erase your personal data and the right to data "
     "portability.",
     ["access", "rectification", "erasure", "portability"]),
    ("You may object to the processing and withdraw your consent at any time.",
     ["objection", "withdraw_consent"]),
    ("You can lodge a complaint with the Dutch Data Protection Authority.", ["complain"]),
    ("U heeft recht op inzage, rectificatie, gegevenswissing en beperking van de verwerking.",
     ["access", "rectification", "erasure", "restriction"]),
    ("Wij verwijderen uw gegevens na twee jaar.", []),
    # "beperkt" as a finite verb of something else is no right to restriction.
    ("U heeft het recht uw gegevens in te zien. Dit beperkt het gebruik van de site niet.",
     ["access"]),
    ("Je rechten: inzage, en het laten beperken van de verwerking.", ["access", "restriction"]),
    ("You have the right to restrict processing.", ["restriction"]),
    # A complaint to another authority the catalogue knows.
    ("U kunt een klacht indienen bij de Gegevensbeschermingsautoriteit.", ["complain"]),
    # What people do themselves, not ask of the organisation: a choice of settings, data
    # on their own device or in an app's screen.
    ("U kunt uw keuze hieronder aanpassen.", []),
    ("Je kunt je opgeslagen plekken verwijderen door de app van je toestel te halen.", []),
    ("In het overzicht kun je elke foto handmatig verwijderen met de knop onderaan.", []),
    ("Je kunt ons vragen je gegevens te verwijderen.", ["erasure"]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), RIGHTS)
def test_the_rights_named_are_offered_and_no_others(source: str, expected: list[str]) -> None:
    draft = _draft(source)
    assert draft.data["rights"]["offered"] == expected
    _evidence_holds(draft)
    if "complain" in expected:
        named = "Gegevensbeschermingsautoriteit" in source
        assert draft.data["controller"].get("authority") == ("be-apd" if named else "nl-ap")


DEADLINES = [
    ("We reageren zo snel mogelijk, maar binnen vier weken, op jouw verzoek.", "P4W", None),
    # the participle: "is afgehandeld", "wordt uitgevoerd"
    ("Dient u een verzoek tot inzage in, dan is uw verzoek binnen 4 weken afgehandeld.",
     "P4W", None),
    ("Uw verzoek om verwijdering wordt binnen 30 dagen uitgevoerd.", "P30D", None),
    ("Op een verzoek over je rechten wordt binnen een maand gereageerd.", "P1M", None),
    ("Wij zullen binnen één maand na ontvangst op uw verzoek reageren, tenzij wij die termijn "
     "met nog eens twee maanden mogen verlengen.",
     "P1M", "P2M"),
    ("Wij reageren uiterlijk binnen 1 maand op jouw verzoek.", "P1M", None),
    ("We will respond to your request within 30 days.", "P30D", None),
    ("We respond to every request within one month; we may extend this by two further months.",
     "P1M", "P2M"),
    ("U kunt een verzoek sturen naar privacy@voorbeeld.nl.", "unstated", None),
    # the first person, and a promise two sentences after the rights it answers
    ("Stuur uw verzoek naar info@voorbeeld.nl. Ik reageer binnen vier weken.", "P4W", None),
    ("Wil je gebruikmaken van een van deze rechten? Stuur een e-mail naar info@voorbeeld.nl. "
     "We reageren binnen vier weken.", "P4W", None),
    ("Wij leveren binnen vier weken. Stuur een e-mail naar info@voorbeeld.nl. We reageren "
     "binnen twee dagen.", "unstated", None),
]  # fmt: skip


@pytest.mark.parametrize(("source", "respond", "extension"), DEADLINES)
def test_the_response_deadline_is_the_promised_period(
    source: str, respond: str, extension: str | None
) -> None:
    draft = _draft(source)
    assert draft.data["rights"]["respond_within"] == respond
    assert draft.data["rights"].get("extension") == extension


THE_LAWS_WORDS = [
    # The law's deadline and the law's remedy after a refusal are not the organisation's
    # own promise: the statement is silent, so the draft says so.
    ("nl", "De AVG schrijft voor dat wij zonder onnodige vertraging op uw verzoek reageren, "
           "uiterlijk binnen een maand na ontvangst (artikel 12 lid 3 AVG).", "unstated", []),
    ("en", "The GDPR requires us to respond to your request without undue delay, and at the "
           "latest within one month of receiving it (Article 12(3) GDPR).", "unstated", []),
    ("nl", "Wordt een verzoek afgewezen, dan schrijft de AVG voor dat u wordt uitgelegd waarom "
           "en dat u een klacht kunt indienen bij de toezichthouder (artikel 12 lid 4 AVG).",
     "unstated", []),
    ("en", "If a request is refused, the GDPR requires that you are told why and that you can "
           "lodge a complaint with the supervisory authority (Article 12(4) GDPR).",
     "unstated", []),
    # The organisation's own words still count.
    ("nl", "Wij reageren binnen een maand op uw verzoek. U kunt ook een klacht indienen bij "
           "de Autoriteit Persoonsgegevens.", "P1M", ["complain"]),
    ("en", "We respond to your request within one month. You can also lodge a complaint with "
           "the supervisory authority.", "P1M", ["complain"]),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "source", "respond", "offered"), THE_LAWS_WORDS)
def test_the_laws_own_words_are_not_the_organisations_promise(
    lang: str, source: str, respond: str, offered: list[str]
) -> None:
    draft = _draft(source, lang)
    assert draft.data["rights"]["respond_within"] == respond
    assert draft.data["rights"].get("offered", []) == offered
    _evidence_holds(draft)


WITHDRAWAL_LINES = [
    # How one purpose's consent ends ("afmelden") is not, by its label alone, the right.
    ("nl", "Nieuwsbrief\nToestemming intrekken: Op ieder moment afmelden via de afmeldlink in "
           "de nieuwsbrief.", []),
    ("en", "Newsletter\nWithdrawing consent: Unsubscribe at any time through the link in the "
           "newsletter.", []),
    ("nl", "Toestemming intrekken: U kunt uw toestemming op elk moment intrekken.",
     ["withdraw_consent"]),
    ("en", "Withdrawing consent: You can withdraw your consent at any time.",
     ["withdraw_consent"]),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "source", "offered"), WITHDRAWAL_LINES)
def test_a_purposes_line_on_unsubscribing_is_not_the_right_to_withdraw(
    lang: str, source: str, offered: list[str]
) -> None:
    draft = _draft(source, lang)
    assert draft.data["rights"].get("offered", []) == offered


def test_verification_by_an_email_link() -> None:
    draft = _draft(
        "Wij sturen u een e-mail met een link om uw identiteit te bevestigen voordat wij uw "
        "verzoek behandelen."
    )
    assert draft.data["rights"]["verify"] == "email"


@pytest.mark.parametrize(
    "source",
    [
        "Stuur een verzoek naar inzage@voorbeeld.nl; het e-mailadres waarvan u de mail "
        "verstuurt wordt gebruikt om uw gegevens te vinden.",
        "Het emailadres waarmee je ons mailt, gebruiken wij om te kijken welke gegevens we "
        "van je hebben.",
        "Write to us: the e-mail address you send from is used to check which data we hold.",
    ],
)
def test_verification_by_the_senders_address(source: str) -> None:
    assert _draft(source).data["rights"]["verify"] == "email"


@pytest.mark.parametrize(
    "source",
    [
        "Je hebt het recht om op te vragen welke gegevens wij van je bewaren.",
        "U heeft het recht te weten welke gegevens wij over u verwerken.",
        "Je hebt het recht om bij ons te zien welke persoonsgegevens we van je hebben.",
    ],
)
def test_the_right_to_know_which_data_is_access(source: str) -> None:
    assert _draft(source).data["rights"]["offered"] == ["access"]


def test_an_id_copy_and_its_masking_are_recorded() -> None:
    draft = _draft(
        "Om er zeker van te zijn dat het verzoek door jou is gedaan, vragen wij jou een kopie "
        "van je identiteitsbewijs mee te sturen. Maak in deze kopie je pasfoto en BSN zwart."
    )
    assert draft.data["rights"]["verify"] == "id_copy"
    assert draft.data["rights"]["id_copy_masking"] is True
    assert _draft("Stuur uw verzoek naar ons.").data["rights"]["verify"] == "unstated"


def test_the_complaint_procedure_has_its_own_clocks() -> None:
    draft = _draft(
        "Stuur je klacht naar klachten@voorbeeld.nl. Je ontvangt binnen 3 dagen een "
        "ontvangstbevestiging. Wij reageren uiterlijk binnen 14 dagen inhoudelijk op de klacht."
    )
    assert draft.data["complaints"] == {
        "email": "klachten@voorbeeld.nl",
        "acknowledge_within": "P3D",
        "respond_within": "P14D",
    }


RETENTION = [
    ("De gegevens worden twee jaar bewaard na beëindiging van het abonnement.",
     {"keep": "P2Y", "after": "account_cancelled"}),
    ("Wanneer de overeenkomst eindigt, verwijderen wij de gegevens binnen 4 weken na het einde "
     "van de relatie.",
     {"keep": "P4W", "after": "relationship_end"}),
    ("Facturen bewaren wij 7 jaar vanwege de fiscale bewaarplicht.", {"keep": "P7Y"}),
    ("We keep your data for 6 months after your last contact with us.", {"keep": "P6M",
     "after": "last_contact"}),
    ("We delete your data immediately after you cancel your account.",
     {"keep": "P0D", "after": "account_cancelled"}),
    ("Wij bewaren uw gegevens niet langer dan noodzakelijk is voor de doelen.", {}),
    ("We will not keep your personal data for longer than is necessary.", {}),
    ("Wij zullen uw gegevens niet langer bewaren dan nodig is.", {}),
    # Overwritten or removed after a period; a medical record's statute is its hold.
    ("Camerabeelden worden na 28 dagen overschreven.", {"keep": "P28D"}),
    ("Uw dossier wordt 20 jaar bewaard, conform de WGBO.",
     {"keep": "P20Y", "hold": "conform de WGBO"}),
    # The age of the data, not of a person.
    ("Gegevens ouder dan twee jaar worden automatisch verwijderd.", {"keep": "P2Y"}),
    # Half years: "anderhalf jaar", "half a year".
    ("Wij bewaren uw gegevens anderhalf jaar na uw laatste bestelling.",
     {"keep": "P18M", "after": "last_order"}),
    ("We keep your data for half a year.", {"keep": "P6M"}),
    # The data of a complaint kept for a period: a retention, not a response time.
    ("Klachten bewaren wij twee jaar na de afhandeling.", {"keep": "P2Y"}),
    # "slaan ... op": the separable verb keeps too.
    ("Na een bestelling slaan wij uw berichten 3 maanden op.", {"keep": "P3M"}),
    # A cookie's period the statement labels as the retention of what it names.
    ("Statistische cookies > Bewaartermijn: 1 jaar > Reden: bezoek meten.", {"keep": "P1Y"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Facturen bewaren wij 7 jaar, offertes 1 jaar en sollicitaties 4 weken.",
         ["P1Y", "P4W", "P7Y"]),
        ("Wij bewaren uw gegevens 2 jaar; na 30 dagen sturen we een herinnering.", ["P2Y"]),
    ],
)  # fmt: skip
def test_a_sentence_of_several_data_each_with_its_period(source: str, expected: list[str]) -> None:
    draft = _draft(source)
    assert sorted(r["keep"] for r in draft.data["retention"].values()) == expected


def test_a_table_of_periods_under_its_own_headers() -> None:
    cells = ["Soort gegevens", "Hoe lang bewaren wij het?", "Facturen", "7 jaar",
             "Sollicitaties", "4 weken"]  # fmt: skip
    draft = extract(_cells("Overzicht", cells, "nl"))
    assert sorted(r["keep"] for r in draft.data["retention"].values()) == ["P4W", "P7Y"]
    _evidence_holds(draft)


def test_a_period_in_a_retention_section_without_a_word_of_keeping_needs_a_number() -> None:
    draft = _draft(
        "Hoe lang bewaren wij uw gegevens\n\nWij bewaren uw gegevens 5 jaar na uw aanmelding. "
        "Dan kunt u nog een jaar meedoen."
    )
    assert [r["keep"] for r in draft.data["retention"].values()] == ["P5Y"]


@pytest.mark.parametrize(("source", "expected"), RETENTION)
def test_retention_periods_and_criteria(source: str, expected: dict[str, str]) -> None:
    draft = _draft(source)
    rules = list(draft.data["retention"].values())
    assert len(rules) == 1
    rule = rules[0]
    for key, value in expected.items():
        assert rule[key] == value
    if not expected:
        assert "keep" not in rule and "criteria" in rule
    if "fiscale" in source:
        assert "fiscale bewaarplicht" in rule["hold"]


BASES = [
    ("Wij verwerken uw gegevens voor de volgende doelen:\n- Het afhandelen van betalingen\n- "
     "Verzenden van onze nieuwsbrief\n\n"
     "Wij verwerken deze gegevens op basis van de uitvoering van een overeenkomst.",
     {"payment_processing": "contract", "newsletter": "contract"}),
    ("Wij verwerken uw gegevens voor de volgende doelen:\n- Het afhandelen van betalingen\n\n"
     "Wij verwerken persoonsgegevens voor deze doeleinden op basis van uw toestemming en ons "
     "gerechtvaardigd belang.",
     {"payment_processing": ["consent", "legitimate_interest"]}),
    ("We use your data for the following purposes:\n- processing payments\n"
     "- sending our newsletter",
     {"payment_processing": "unstated", "newsletter": "unstated"}),
    ("Alleen met uw toestemming sturen wij u onze nieuwsbrief.", {"newsletter": "consent"}),
    # The basis by its article ("art. 6 lid 1 sub b AVG", "Article 6(1)(f) GDPR").
    ("Wij verwerken uw gegevens voor de volgende doelen:\n- Het afhandelen van betalingen\n\n"
     "Wij verwerken deze gegevens op grond van artikel 6 lid 1 sub b AVG.",
     {"payment_processing": "contract"}),
    ("We use your data for the following purposes:\n- handling payments\n\n"
     "We process this data on the basis of Article 6(1)(c) and 6(1)(f) GDPR.",
     {"payment_processing": "legal_obligation"}),
    ("Wij verwerken uw gegevens voor de volgende doelen:\n- Het afhandelen van betalingen\n\n"
     "Wij verwerken deze gegevens op basis van ons legitieme belang.",
     {"payment_processing": "legitimate_interest"}),
    # The bases listed under the sentence that introduces them.
    ("Wij verwerken uw gegevens voor de volgende doelen:\n- Het afhandelen van betalingen\n\n"
     "Wij verwerken persoonsgegevens op basis van de volgende grondslagen:\n"
     "- Uitvoering van een overeenkomst\n- Een wettelijke verplichting",
     {"payment_processing": ["contract", "legal_obligation"]}),
    ("We use your data for the following purposes:\n- handling payments\n\n"
     "We process personal data on the following legal bases:\n"
     "- Performance of a contract\n- Your consent",
     {"payment_processing": ["consent", "contract"]}),
    # The basis the next sentence gives for what the one before says.
    ("Wij gebruiken uw e-mailadres voor het verzenden van onze nieuwsbrief. Dit doen wij op "
     "basis van uw toestemming.", {"newsletter": "consent"}),
]  # fmt: skip


# Processing because the law obliges it: the purpose is to comply, the basis the duty.
LEGAL_DUTIES = [
    ("Uw gegevens worden ook verwerkt wanneer we hier wettelijk toe verplicht zijn.", "nl",
     {"legal_compliance": "legal_obligation"}),
    ("Wij gebruiken uw gegevens ook als wij daartoe wettelijk verplicht zijn.", "nl",
     {"legal_compliance": "legal_obligation"}),
    ("Wij verwerken uw gegevens omdat de wet ons dat verplicht.", "nl",
     {"legal_compliance": "legal_obligation"}),
    ("Wij verwerken persoonsgegevens om te voldoen aan een wettelijke verplichting.", "nl",
     {"legal_compliance": "legal_obligation"}),
    ("We also process your data when we are required to do so by law.", "en",
     {"legal_compliance": "legal_obligation"}),
    ("We use your information where we are legally obliged to.", "en",
     {"legal_compliance": "legal_obligation"}),
    ("We process personal data to comply with a legal obligation.", "en",
     {"legal_compliance": "legal_obligation"}),
    # Saying the law does not oblige it is no such purpose.
    ("Wij verwerken geen gegevens als wij daartoe niet wettelijk verplicht zijn.", "nl", {}),
    ("We never process your data when we are not required to by law.", "en", {}),
]  # fmt: skip


@pytest.mark.parametrize(("source", "lang", "expected"), LEGAL_DUTIES)
def test_processing_the_law_obliges_is_legal_compliance_on_a_legal_obligation(
    source: str, lang: str, expected: dict[str, Any]
) -> None:
    draft = _draft(source, lang)
    assert {k: v["basis"] for k, v in draft.data.get("purposes", {}).items()} == expected
    _evidence_holds(draft)


@pytest.mark.parametrize(("source", "expected"), BASES)
def test_purposes_come_from_the_catalogue_with_the_basis_the_statement_gives(
    source: str, expected: dict[str, Any]
) -> None:
    draft = _draft(source, "en" if source.startswith("We ") else "nl")
    assert {k: v["basis"] for k, v in draft.data["purposes"].items()} == expected
    _evidence_holds(draft)


CATEGORIES = [
    ("Wij verwerken de volgende persoonsgegevens:\n- Voor- en achternaam\n- E-mailadres\n- "
     "IP-adres\n- Geboortedatum",
     ["name", "email", "ip_address", "date_of_birth"]),
    ("Qooqie verzamelt de gegevens van de klant, zoals bedrijfsnaam, adres en telefoonnummer, "
     "voor de volgende doeleinden:",
     ["company_name", "address", "phone"]),
    ("We process the following personal data:\n• Your name\n• Your email address\n"
     "• Your IP address",
     ["name", "email", "ip_address"]),
    ("We process the following personal data:\n• First name and surname\n• Email address",
     ["name", "email"]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), CATEGORIES)
def test_categories_come_from_the_catalogue(source: str, expected: list[str]) -> None:
    draft = _draft(source)
    assert list(draft.data["categories"]) == expected


NOT_CATEGORIES = [
    # The organisation's own details are not data it processes about people.
    ("Contactgegevens:\n- Naam: Bakkerij Jansen B.V.\n- Adres: Dorpsstraat 1, 1234 AB Utrecht\n"
     "- E-mail: info@bakkerijjansen.nl\n\n"
     "Wij verwerken de volgende persoonsgegevens:\n- Geboortedatum", "nl", ["date_of_birth"]),
    ("Contact details:\n- Name: Jansen Bakery Ltd\n- Address: Dorpsstraat 1, 1234 AB Utrecht\n"
     "- Email: info@bakkerijjansen.nl\n\n"
     "We process the following personal data:\n- Date of birth", "en", ["date_of_birth"]),
    # A purpose's legal basis line names no data ("gerechtvaardigd belang", "interests").
    ("Wij verwerken de volgende gegevens voor het verzenden van de nieuwsbrief:\n"
     "- E-mailadres\n- Grondslag: uw toestemming en onze gerechtvaardigde belangen",
     "nl", ["email"]),
    ("We process the following data for sending the newsletter:\n"
     "- Email address\n- Legal basis: consent and our legitimate interests", "en", ["email"]),
    # A channel ("per e-mail") is how someone is reached, not data about them.
    ("Wij verwerken gegevens, zoals uw naam en de vragen die u ons per e-mail en telefoon "
     "stelt.", "nl", ["name"]),
    ("We process data such as your name and the questions you ask us by email.", "en",
     ["name"]),
    ("Wij verwerken de volgende persoonsgegevens:\n- Afwijkende adresgegevens voor "
     "correspondentie of bezoek", "nl", ["address"]),
    ("We process the following personal data:\n- Address details for correspondence", "en",
     ["address"]),
    # "Persoonsgegevens van:" lists people, not data.
    ("Wij verwerken persoonsgegevens van:\n- Klant\n- Websitebezoeker\n\n"
     "Wij verwerken de volgende persoonsgegevens:\n- Geboortedatum", "nl", ["date_of_birth"]),
    ("We process personal data of:\n- Customer\n- Website visitor\n\n"
     "We process the following personal data:\n- Date of birth", "en", ["date_of_birth"]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "lang", "expected"), NOT_CATEGORIES)
def test_the_organisations_details_and_field_lines_are_no_categories(
    source: str, lang: str, expected: list[str]
) -> None:
    draft = _draft(source, lang)
    assert list(draft.data["categories"]) == expected
    _evidence_holds(draft)


# Classes of wording a careful reader reads as data, or not.
CATEGORY_READINGS = [
    # A compound that shares a part is written out: "mail- en postadres".
    ("Wij gebruiken gegevens zoals je mail- en postadres om je te bereiken.", "nl",
     ["email", "address"]),
    ("Wij vragen gegevens zoals je geboortedatum en -plaats.", "nl",
     ["date_of_birth", "place_of_birth"]),
    # An item explained in brackets is what it names before them; a group explained by
    # its parts is those parts.
    ("Wij verwerken de volgende persoonsgegevens:\n- Afleveradres (straat, postcode, plaats)"
     "\n- Klantgegevens (naam, e-mailadres)", "nl", ["address", "name", "email"]),
    # Examples that only say what personal data are, are not the data processed.
    ("Onder persoonsgegevens vallen gegevens zoals naam en geboortedatum. Wij verwerken "
     "gegevens zoals je telefoonnummer.", "nl", ["phone"]),
    ("Personal data means any information, such as a name or a date of birth. We collect "
     "data such as your telephone number.", "en", ["phone"]),
    # "Denk hierbij aan ...": examples of the data the sentence before spoke of.
    ("In je profiel kun je aanvullende gegevens invullen. Denk hierbij aan je "
     "bankrekeningnummer.", "nl", ["bank_account"]),
    # Everyday words of the catalogue's lexicon: a billing address is invoice data,
    # "NAW-gegevens" are a name and an address.
    ("Wij verwerken de volgende persoonsgegevens:\n- NAW-gegevens\n- Factuuradres\n"
     "- Inkomen\n- Gezinsleden", "nl",
     ["name", "address", "invoice_data", "income", "family_members"]),
    # "We vragen ook om ...": what the organisation asks for.
    ("We vragen ook om je inkomen voor een korting op de prijs.", "nl", ["income"]),
    # Data named as the subject of its own keeping, in prose; not in a cookie sentence.
    ("In je account worden je bestellingen bewaard. Cookies zijn gegevens die in je browser "
     "worden opgeslagen.", "nl", ["order_data"]),
    ("Your IP address is recorded when you log in.", "en", ["ip_address"]),
    ("De algemene gegevens (naam, adres) worden twee jaar bewaard.", "nl", []),
    # A name listed as first name and surname is those two, not a third category.
    ("Wij verwerken de volgende gegevens:\n- Voornaam\n- Achternaam\n\nBijvoorbeeld "
     "informatie die je invult, zoals je naam.", "nl", ["first_name", "last_name"]),
    # Data the organisation says it does not process are not its data.
    ("Wij verwerken geen bijzondere persoonsgegevens, zoals gezondheid of godsdienst. Wij "
     "verwerken gegevens zoals je salaris.", "nl", ["salary"]),
    ("We do not collect special data such as your religion. We process data such as your "
     "preferred language.", "en", ["language"]),
    ("Wij verzamelen geen van de volgende gegevens:\n- Vingerafdruk\n\nWij vragen gegevens "
     "zoals je diploma's.", "nl", ["qualifications"]),
    # A list after a colon in the sentence itself.
    ("Het gaat om de volgende gegevens: naam, adres en woonplaats.", "nl",
     ["name", "address", "city"]),
    ("We collect the following personal data: name and phone number.", "en",
     ["name", "phone"]),
    # What the organisation asks for, needs, uses or stores; not what it uses the data
    # for, nor the copy of an identity document it asks to verify a request.
    ("Bij een bestelling hebben wij je naam en betaalgegevens nodig.", "nl",
     ["name", "payment_data"]),
    ("When you sign up, we ask for your email address and password.", "en",
     ["email", "password"]),
    ("Wij gebruiken de informatie voor onze facturen. Om zeker te weten dat het verzoek van "
     "jou komt, vragen wij een kopie van je identiteitsbewijs.", "nl", []),
    # "De gegevens die we vragen zijn ...", "Je geeft ons ...": what the person provides.
    ("De gegevens die we van je vragen zijn je naam en je telefoonnummer.", "nl",
     ["name", "phone"]),
    ("You provide us with your email address when you sign up.", "en", ["email"]),
    # "Van sollicitanten verwerken wij:" introduces data; a list of legal grounds does not.
    ("Van sollicitanten verwerken wij:\n- Cv\n- Motivatiebrief\n\nWij verwerken je "
     "gegevens op grond van:\n- Toestemming", "nl", ["cv", "motivatiebrief"]),
    # An organisation's own name and address are not a person's.
    ("Wij verwerken de volgende gegevens:\n- Naam en adres school\n- Telefoonnummer", "nl",
     ["phone", "naam_adres_school"]),
    # An author's checklist and a list of retention periods name no data.
    ("Wij verwerken de volgende gegevens:\n- [ ] Postadres voor verzoeken\n- Telefoonnummer",
     "nl", ["phone"]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "lang", "expected"), CATEGORY_READINGS)
def test_categories_are_read_as_a_careful_reader_reads_them(
    source: str, lang: str, expected: list[str]
) -> None:
    draft = _draft(source, lang)
    assert list(draft.data.get("categories", {})) == expected
    _evidence_holds(draft)


def test_the_category_lexicon_names_known_categories_only() -> None:
    from waarborg import catalogue
    from waarborg.importer.rules.categories import _phrases

    known = catalogue.categories()
    for key, phrases in _phrases().items():
        assert key in known, key
        assert phrases and all(isinstance(p, str) and p for p in phrases), key


def _cells(heading: str, cells: list[str], lang: str) -> Text:
    source = heading + "\n\n" + "\n\n".join(cells)
    blocks = [Block("heading", 0, len(heading), 2)]
    for cell in cells:
        start = source.index(cell, blocks[-1].end)
        blocks.append(Block("cell", start, start + len(cell)))
    return Text(source, tuple(blocks), "table.html", "html", lang=lang)


CATEGORY_TABLES = [
    ("Welke gegevens wij verwerken",
     ["Persoonsgegevens die wij verwerken", "Persoonsgegevens", "Toelichting",
      "Geboortedatum", "\u2013", "IP-adres", "Van uw computer", "Schoenmaat", "\u2013"],
     "nl", ["date_of_birth", "ip_address", "schoenmaat"]),
    # A column headed "Gegeven" beside a column of notes.
    ("Welke gegevens wij verwerken",
     ["Gegeven", "Toelichting", "Wachtwoord (versleuteld)", "Om in te loggen",
      "Rol binnen de organisatie", "Om je rechten te bepalen"],
     "nl", ["password", "job_title"]),
    ("Which data we process",
     ["Personal data", "Details", "Date of birth", "\u2013", "Device type", "\u2013",
      "Telephone numbers", "\u2013", "Data on your activities on our website", "\u2013"],
     "en", ["date_of_birth", "device_type", "phone", "website_activity"]),
]  # fmt: skip


@pytest.mark.parametrize(("heading", "cells", "lang", "expected"), CATEGORY_TABLES)
def test_a_table_of_personal_data_gives_a_category_per_row(
    heading: str, cells: list[str], lang: str, expected: list[str]
) -> None:
    draft = extract(_cells(heading, cells, lang))
    assert list(draft.data["categories"]) == expected
    _evidence_holds(draft)


# A table of purposes with only a column of notes beside them: each row a purpose.
PURPOSE_TABLES = [
    ("Waarvoor gebruiken wij je gegevens?",
     ["Doel", "Toelichting", "Beveiliging", "Beschermen tegen misbruik",
      "Wettelijke verplichtingen", "Voldoen aan de AVG", "Verbetering van de dienst",
      "Analyse van gebruik"],
     "nl", ["security", "legal_compliance", "service_improvement"]),
    ("What do we use your data for?",
     ["Purpose", "Explanation", "Security", "Protecting the platform against abuse",
      "Sending our newsletter", "Once a month"],
     "en", ["security", "newsletter"]),
]  # fmt: skip


@pytest.mark.parametrize(("heading", "cells", "lang", "expected"), PURPOSE_TABLES)
def test_a_table_of_purposes_and_notes_gives_a_purpose_per_row(
    heading: str, cells: list[str], lang: str, expected: list[str]
) -> None:
    draft = extract(_cells(heading, cells, lang))
    assert list(draft.data["purposes"]) == expected
    assert all(v["basis"] == "unstated" for v in draft.data["purposes"].values())
    _evidence_holds(draft)


def _tables(parts: list[str | list[str]], lang: str) -> Text:
    """Headings (strings) and tables (lists of cells) one after another."""
    source = ""
    blocks: list[Block] = []
    for part in parts:
        for cell in [part] if isinstance(part, str) else part:
            start = len(source)
            source += cell + "\n\n"
            if isinstance(part, str):
                blocks.append(Block("heading", start, start + len(cell), 2))
            else:
                blocks.append(Block("cell", start, start + len(cell)))
    return Text(source, tuple(blocks), "tables.html", "html", lang=lang)


# A table of legal bases with a column of what is processed on each ground.
BASIS_TABLES = [
    (["Waarvoor gebruiken wij je gegevens?",
      ["Doel", "Toelichting", "Beveiliging", "Beschermen tegen misbruik",
       "Wettelijke verplichtingen", "Voldoen aan de AVG", "Klantenservice", "Vragen"],
      "Op welke grondslag?",
      ["Grondslag", "Verwerking", "Toelichting",
       "Gerechtvaardigd belang (art. 6 lid 1 sub f AVG)", "Beveiliging, klantenservice", "Veilig",
       "Art. 6(1)(c) AVG", "Wettelijke verplichtingen", "Bewaarplicht"]],
     "nl", {"security": "legitimate_interest", "legal_compliance": "legal_obligation",
            "customer_support": "legitimate_interest"}),
    (["What do we use your data for?",
      ["Purpose", "Explanation", "Security", "Against abuse", "Newsletter", "Monthly",
       "Customer service", "Questions"],
      "On which legal basis?",
      ["Legal basis", "Processing activity", "Consent", "Sending the newsletter",
       "Legitimate interest", "Security of the platform"]],
     "en", {"security": "legitimate_interest", "newsletter": "consent",
            "customer_support": "unstated"}),
    # A row on a processing no purpose names is a purpose of its own, on its basis.
    (["Waarvoor gebruiken wij je gegevens?",
      ["Doel", "Toelichting", "Beveiliging", "Beschermen tegen misbruik"],
      "Op welke grondslag?",
      ["Grondslag", "Verwerking", "Toelichting",
       "Gerechtvaardigd belang", "Beveiliging", "Veilig",
       "Toestemming (art. 6 lid 1 sub a AVG)", "Proefaanvraag indienen", "Via het formulier"]],
     "nl", {"security": "legitimate_interest", "proefaanvraag_indienen": "consent"}),
]  # fmt: skip


@pytest.mark.parametrize(("parts", "lang", "expected"), BASIS_TABLES)
def test_a_table_of_bases_gives_the_purposes_it_names_their_basis(
    parts: list[str | list[str]], lang: str, expected: dict[str, Any]
) -> None:
    draft = extract(_tables(parts, lang))
    assert {k: v["basis"] for k, v in draft.data["purposes"].items()} == expected
    _evidence_holds(draft)


# A table with a retention column: each row's period, every period a cell gives, and a
# template's placeholder is no period.
RETENTION_TABLES = [
    ("Operationele gegevens",
     ["Gegevens", "Bewaartermijn", "Toelichting",
      "Activiteitenlogboek", "Maximaal **1 jaar**", "Daarna verwijderd",
      "Online-status", "**7 dagen** / **1 dag**", "Tijdelijk",
      "Aanvragen", "[INVULLEN -- bijv. 2 jaar na aanvraag]", "Opvolging"],
     "nl", {"P1Y", "P7D", "P1D"}),
    ("Accounts",
     ["Persoonsgegevens", "Bewaartermijn", "Naam en e-mail", "Zolang je account actief is"],
     "nl", {"P0D account_cancelled"}),
    ("Operational data",
     ["Data", "Retention period", "Activity log", "Up to 3 years",
      "Profile", "As long as your account is active"],
     "en", {"P3Y", "P0D account_cancelled"}),
]  # fmt: skip


# A period that places an event in time says when, not how long data is kept.
WHEN_NOT_HOW_LONG = [
    ("Hoe lang bewaren wij je gegevens?\n\nDenk aan op kamp gaan in het eerste jaar en "
     "vervolgens 6 jaar later examen doen.", "nl"),
    ("How long do we keep your data?\n\nYou may have joined two years ago.", "en"),
    ("Wij bewaren gegevens van deelnemers die vijf jaar eerder meededen niet.", "nl"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "lang"), WHEN_NOT_HOW_LONG)
def test_a_period_that_says_when_is_no_retention(source: str, lang: str) -> None:
    draft = _draft(source, lang)
    assert not any("keep" in rule for rule in draft.data.get("retention", {}).values())


@pytest.mark.parametrize(("heading", "cells", "lang", "expected"), RETENTION_TABLES)
def test_a_table_with_a_retention_column_gives_each_rows_period(
    heading: str, cells: list[str], lang: str, expected: set[str]
) -> None:
    draft = extract(_cells(heading, cells, lang))
    rules = draft.data["retention"].values()
    assert {f"{r['keep']} {r.get('after', '')}".strip() for r in rules} == expected
    _evidence_holds(draft)


def _items(heading: str, items: list[str], lang: str) -> Text:
    source = heading + "\n\n" + "\n\n".join(items)
    blocks = [Block("heading", 0, len(heading), 2)]
    for item in items:
        start = source.index(item, blocks[-1].end)
        blocks.append(Block("item", start, start + len(item)))
    return Text(source, tuple(blocks), "list.txt", "txt", lang=lang)


NESTED_LISTS = [
    # A numbered item that ends in a colon introduces the list under it: its data are
    # read as it gives them ("zoals ...").
    ("Artikel 3. Doeleinden",
     ["Wij verwerken de gegevens van de klant, zoals bedrijfsnaam, e-mailadres en "
      "telefoonnummer, voor de volgende doeleinden:",
      "het afhandelen van betalingen;", "het verzenden van onze nieuwsbrief."],
     "nl", ["company_name", "email", "phone"], ["payment_processing", "newsletter"]),
    ("Article 3. Purposes",
     ["We process the customer's data, such as company name, email address and phone "
      "number, for the following purposes:",
      "handling payments;", "sending our newsletter."],
     "en", ["company_name", "email", "phone"], ["payment_processing", "newsletter"]),
]  # fmt: skip


@pytest.mark.parametrize(("heading", "items", "lang", "data", "purposes"), NESTED_LISTS)
def test_an_item_that_introduces_a_list_is_read_as_its_introduction(
    heading: str, items: list[str], lang: str, data: list[str], purposes: list[str]
) -> None:
    draft = extract(_items(heading, items, lang))
    assert list(draft.data["categories"]) == data
    assert list(draft.data["purposes"]) == purposes
    _evidence_holds(draft)


PURPOSES_IN_PROSE = [
    # The data, then what it is used for, in a sentence of its own anywhere.
    ("Jouw IP-adres slaan wij geanonimiseerd op. Wij gebruiken de IP-adressen van onze "
     "gebruikers vooral voor beveiligingsdoeleinden.", "nl", ["security"]),
    ("Deze gegevens gebruiken wij voor het verzenden van onze nieuwsbrief.", "nl",
     ["newsletter"]),
    ("We use your email address for sending our newsletter.", "en", ["newsletter"]),
    ("We use the IP addresses of our users mainly for security purposes.", "en", ["security"]),
    # What follows "op basis van" names the bases, not more purposes.
    ("Wij verwerken uw gegevens voor het afhandelen van betalingen op basis van een "
     "wettelijke verplichting.", "nl", ["payment_processing"]),
    ("We process your data for handling payments on the basis of a legal obligation.", "en",
     ["payment_processing"]),
    # A purpose written among the data, as a common generator's template does.
    ("Welke gegevens worden door ons geregistreerd?\n- Voor- en achternaam\n"
     "- Het afhandelen van jouw betaling\n- Verzenden van onze nieuwsbrief", "nl",
     ["payment_processing", "newsletter"]),
    ("Which data do we record?\n- First name and surname\n"
     "- Handling of your payment\n- Sending of our newsletter", "en",
     ["payment_processing", "newsletter"]),
    # What the reader must not do is no purpose of the organisation's.
    ("U zult deze website en de gegevens daarop niet gebruiken voor commerciële doeleinden.",
     "nl", []),
    ("You shall not use this website or the data on it for commercial purposes.", "en", []),
    # What the person may receive from the organisation.
    ("U kunt commerciële aanbiedingen krijgen van de beheerder.", "nl", ["direct_marketing"]),
    ("You may receive our newsletter once a month.", "en", ["newsletter"]),
    ("De persoonsgegevens worden gebruikt voor het onderhouden van relaties met u.", "nl",
     ["customer_management"]),
    # Telling people of new versions, and communicating with them about something.
    ("Your personal data may be used for the following purposes:\n"
     "- to update you on new versions of our app", "en", ["service_updates"]),
    ("Wij gebruiken uw gegevens voor de volgende doeleinden:\n"
     "- u te informeren over nieuwe versies van onze software", "nl", ["service_updates"]),
    ("Wij gebruiken uw gegevens voor de volgende doeleinden:\n"
     "- Communicatie over uw aanvraag", "nl", ["communication"]),
    ("We use your data for the following purposes:\n"
     "- Communication about your request", "en", ["communication"]),
    # A newsletter the organisation says it offers or sends, or people sign up to.
    ("Wij bieden een nieuwsbrief waarmee wij geïnteresseerden informeren over onze diensten.",
     "nl", ["newsletter"]),
    ("U kunt zich aanmelden voor onze nieuwsbrief.", "nl", ["newsletter"]),
    ("We send a monthly newsletter to our customers.", "en", ["newsletter"]),
    ("You can subscribe to our newsletter on this page.", "en", ["newsletter"]),
    ("Wij sturen geen nieuwsbrief.", "nl", []),
    ("We do not send a newsletter.", "en", []),
    # What the site's cookies are placed for: measuring its use, personalised ads.
    ("Deze website maakt gebruik van cookies om te helpen analyseren hoe bezoekers de site "
     "gebruiken.", "nl", ["website_analytics"]),
    ("This website uses cookies to help analyse how visitors use the site.", "en",
     ["website_analytics"]),
    ("Deze partij plaatst cookies om gepersonaliseerde advertenties te tonen.", "nl",
     ["personalised_advertising"]),
    ("We place cookies for personalised advertising.", "en", ["personalised_advertising"]),
    ("Wij plaatsen geen cookies om uw gedrag te analyseren.", "nl", []),
]  # fmt: skip


@pytest.mark.parametrize(("source", "lang", "expected"), PURPOSES_IN_PROSE)
def test_a_sentence_that_says_what_data_is_used_for_gives_the_purpose(
    source: str, lang: str, expected: list[str]
) -> None:
    draft = _draft(source, lang)
    assert list(draft.data.get("purposes", {})) == expected
    _evidence_holds(draft)


PURPOSE_NAMES = [
    # The same purposes named in Dutch and in English.
    ("De gebruikersovereenkomst opstellen en uitvoeren", "nl", "contract_performance"),
    ("Drawing up and performing the user agreement", "en", "contract_performance"),
    ("Gedrag op de website analyseren om de website te verbeteren", "nl", "website_analytics"),
    ("Analysing behaviour on the website to improve it", "en", "website_analytics"),
    ("Zoeken naar andere gebruikers bij jou in de buurt", "nl", "geolocation_services"),
    ("Searching for other users near you", "en", "geolocation_services"),
    ("Registrations required by law (among others the Tax Administration)", "en",
     "legal_compliance"),
    ("Informing about changes in services", "en", "service_updates"),
    ("Delivering the service (call tracking)", "en", "service_provision"),
    ("Het leveren van de dienst (call tracking)", "nl", "service_provision"),
    ("Giving access to the service", "en", "service_provision"),
    ("Our invoices and sending them to you", "en", "billing"),
    ("Optimising our users' profiles and personalising your experience", "en",
     "personalisation"),
    ("Inzicht krijgen in het gedrag van alle gebruikers van onze app", "nl",
     "service_usage_analytics"),
    ("Gaining insight into the behaviour of all users of our app", "en",
     "service_usage_analytics"),
    ("Je te kunnen bellen indien dit nodig is om onze dienstverlening uit te voeren", "nl",
     "communication"),
    ("Being able to call you when this is needed to provide our services", "en",
     "communication"),
    ("Je te kunnen bereiken bij vragen voor feedback", "nl", "feedback"),
    ("Being able to reach you with requests for feedback", "en", "feedback"),
    # "u" or "je", "af te leveren" or "afleveren": the same purpose.
    ("Om goederen en diensten bij u af te leveren", "nl", "delivery"),
    ("Goederen en diensten bij jou afleveren", "nl", "delivery"),
    ("To deliver goods and services to you", "en", "delivery"),
    # An application to assess is not a quotation.
    ("Uw aanvraag beoordelen", "nl", None),
    ("Assessing your application", "en", None),
]  # fmt: skip


@pytest.mark.parametrize(("title", "lang", "expected"), PURPOSE_NAMES)
def test_a_purpose_block_is_matched_to_the_catalogue_in_either_language(
    title: str, lang: str, expected: str | None
) -> None:
    data, whose = ("Gegevens", "Van wie") if lang == "nl" else ("Data", "Whose data")
    text = _items(title, [f"{data}: e-mailadres", f"{whose}: klant"], lang)
    draft = extract(text)
    keys = list(draft.data["purposes"])
    assert len(keys) == 1
    if expected is None:
        assert keys[0] not in catalogue.purposes()
    else:
        assert keys == [expected]
    _evidence_holds(draft)


RECIPIENT_TABLES = [
    ("Met wie wij uw gegevens delen",
     ["Ontvangers van persoonsgegevens", "Ontvanger", "Dienst", "Land", "Waarborg",
      "Mailchimp", "Nieuwsbrief", "Verenigde Staten", "Standaardcontractbepalingen",
      "Moneybird", "Boekhouding", "Nederland", "\u2013"],
     "nl", {"mailchimp": {"country": "US", "transfer": "scc"}, "moneybird": {"country": "NL"}}),
    ("Who we share your data with",
     ["Recipient", "Country", "Safeguard",
      "Mailchimp", "United States", "EU-US Data Privacy Framework",
      "Moneybird", "Netherlands", "\u2013"],
     "en", {"mailchimp": {"country": "US", "transfer": "dpf"}, "moneybird": {"country": "NL"}}),
    # A sub-processor the catalogue does not know is named by its own name, before any
    # note in brackets; a safeguard promised "where needed" is none.
    ("Subverwerkers",
     ["Subverwerker", "Dienst", "Welke gegevens", "Locatie gegevens", "Waarborg",
      "**Acme Cloud Inc.** (via AWS)", "Database", "Alle gegevens", "Duitsland",
      "SCC's waar nodig",
      "Vercel Inc.", "Hosting", "IP-adres", "Verenigde Staten", "EU Standard Contractual Clauses"],
     "nl", {"acme_cloud_inc": {"name": "Acme Cloud Inc.", "country": "DE", "transfer": "unstated"},
            "vercel_inc": {"name": "Vercel Inc.", "country": "US", "transfer": "scc"}}),
    ("Sub-processors",
     ["Sub-processor", "Data location", "Safeguard",
      "Black Forest Labs", "United States", "Standard contractual clauses where required",
      "Hosting provider", "Netherlands", "\u2013"],
     "en", {"black_forest_labs": {"name": "Black Forest Labs", "country": "US",
                                  "transfer": "unstated"}}),
    # A place given in the words of a region, with notes, is its country or the EEA.
    ("Subverwerkers",
     ["Subverwerker", "Locatie", "Waarborg",
      "Acme Cloud Inc.", "EU-regio / EER (datacenter in Frankfurt)", "DPA",
      "Vercel Inc.", "VS en wereldwijd (CDN)", "SCC",
      "Mailchimp", "Providerregio nog onbekend", "DPA"],
     "nl", {"acme_cloud_inc": {"country": "EEA"}, "vercel_inc": {"country": "US"},
            "mailchimp": {"country": "unstated"}}),
]  # fmt: skip


def test_a_table_that_leads_with_its_recipients_names_each() -> None:
    cells = ["Verwerker", "Doel", "Acme Cloud B.V.", "Opslag", "Mailchimp", "Nieuwsbrief"]
    draft = extract(_cells("Verwerkers", cells, "nl"))
    assert draft.data["recipients"]["acme_cloud_b_v"]["name"] == "Acme Cloud B.V."
    assert "mailchimp" in draft.data["recipients"]
    _evidence_holds(draft)


@pytest.mark.parametrize(("heading", "cells", "lang", "expected"), RECIPIENT_TABLES)
def test_a_table_of_recipients_gives_each_its_country_and_safeguard(
    heading: str, cells: list[str], lang: str, expected: dict[str, dict[str, str]]
) -> None:
    draft = extract(_cells(heading, cells, lang))
    for key, facts in expected.items():
        for fact, value in facts.items():
            assert draft.data["recipients"][key].get(fact, "unstated") == value, (key, fact)
    _evidence_holds(draft)


ADVERTISING_BLOCKS = [
    ("Meten of advertenties effectief zijn",
     ["Gegevens: IP-adres", "Ontvangers: Google en Microsoft"], "nl"),
    ("Measuring whether advertisements are effective",
     ["Data: IP address", "Recipients: Google and Microsoft"], "en"),
]  # fmt: skip


NOT_RECIPIENTS = [
    # A service named by what it secures, in the section on security, is a measure.
    (_items("Beveiliging", ["Onze website is beveiligd via diensten van Cloudflare.",
                            "Spamfilter (Cloudflare)"], "nl")),
    (_items("Security", ["Our servers are protected by Cloudflare services."], "en")),
    # A service named in a table of the personal data is the data, not who receives it.
    (_cells("Welke gegevens wij verwerken",
            ["Persoonsgegevens", "Toelichting", "Inloggegevens", "Uw Apple ID's"], "nl")),
]  # fmt: skip


def test_a_cookies_title_names_the_cookie_not_a_recipient() -> None:
    heading = "Acme DoubleClick Cookie"
    body = "Google is een van de partijen die op onze site cookies plaatst."
    source = f"{heading}\n\n{body}"
    blocks = (
        Block("heading", 0, len(heading), 3),
        Block("paragraph", len(heading) + 2, len(source)),
    )
    draft = extract(Text(source, blocks, "page.html", "html", lang="nl"))
    assert list(draft.data["recipients"]) == ["google"]


@pytest.mark.parametrize("text", NOT_RECIPIENTS)
def test_a_service_named_as_a_measure_or_as_data_is_no_recipient(text: Text) -> None:
    draft = extract(text)
    assert draft.data.get("recipients", {}) == {}


@pytest.mark.parametrize(("title", "lines", "lang"), ADVERTISING_BLOCKS)
def test_the_recipients_of_an_advertising_purpose_are_the_advertising_services(
    title: str, lines: list[str], lang: str
) -> None:
    draft = extract(_items(title, lines, lang))
    purpose = next(iter(draft.data["purposes"].values()))
    assert purpose["recipients"] == ["google_ads", "microsoft_advertising"]
    assert {"google_ads", "microsoft_advertising"} <= set(draft.data["recipients"])
    _evidence_holds(draft)


PURPOSE_FIELD_LINES = [
    ("Wij gebruiken uw gegevens voor de volgende doelen:\n- Het afhandelen van betalingen\n"
     "- Grondslag: een wettelijke verplichting\n- Bewaartermijn: zeven jaar", "nl",
     ["payment_processing"]),
    ("We use your data for the following purposes:\n- Handling payments\n"
     "- Legal basis: a legal obligation\n- Retention: seven years", "en",
     ["payment_processing"]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "lang", "expected"), PURPOSE_FIELD_LINES)
def test_a_purposes_field_lines_are_not_purposes(
    source: str, lang: str, expected: list[str]
) -> None:
    draft = _draft(source, lang)
    assert list(draft.data["purposes"]) == expected
    _evidence_holds(draft)


CATEGORIES_IN_PROSE = [
    # What the organisation collects, said in a sentence of its own.
    ("Met behulp van Google Analytics verzamelen wij gegevens over jouw zoekgedrag.", "nl",
     ["website_activity"]),
    ("Daarnaast zien we ook de informatie die jij zelf upload via jouw account.", "nl",
     ["user_content"]),
    ("We collect your IP address and your date of birth when you sign up.", "en",
     ["ip_address", "date_of_birth"]),
    ("Wij kunnen hiermee zien vanaf welke locatie jij de app gebruikt.", "nl", ["location"]),
    ("With it we can see from which location you use the app.", "en", ["location"]),
    # ... but not what it does not collect, or only keeps or deletes.
    ("Wij verzamelen geen geboortedatum.", "nl", []),
    ("We do not collect your date of birth.", "en", []),
]  # fmt: skip


@pytest.mark.parametrize(("source", "lang", "expected"), CATEGORIES_IN_PROSE)
def test_the_data_a_sentence_says_is_collected(source: str, lang: str, expected: list[str]) -> None:
    draft = _draft(source, lang)
    assert list(draft.data.get("categories", {})) == expected
    _evidence_holds(draft)


def test_a_listed_item_the_catalogue_does_not_know_keeps_the_statements_words() -> None:
    draft = _draft("Van de beheerder vragen we de volgende gegevens:\n- Naam\n- Schoenmaat")
    assert draft.data["categories"]["schoenmaat"] == {"label": {"nl": "Schoenmaat"}}


RECIPIENTS = [
    ("Wij gebruiken Mailchimp voor onze nieuwsbrief en Moneybird voor de boekhouding.",
     {"mailchimp": {}, "moneybird": {}}),
    ("Data wordt alleen opgeslagen bij bedrijven met een goedkeuring (shield), zoals MailChimp.",
     {"mailchimp": {"name": "MailChimp", "transfer": "privacy_shield"}}),
    ("Onze externe webbeheerder kan toegang hebben tot de gegevens.",
     {"external_web_administrator": {"name": "unstated", "named": False, "role": "unstated"}}),
    ("Met een snap van Exact weten wij het.", {}),
    # A service named as one more way to reach someone is a channel, not a recipient.
    ("Wij nemen contact met u op per mail, telefoon, WhatsApp en Facebook over uw aanvraag.",
     {}),
    ("We contact you by e-mail, telephone, WhatsApp or Facebook about your request.", {}),
    # The services a list names under "gebruikt de volgende computerprogramma's".
    ("SandersVerjaardag gebruikt de volgende computerprogramma's of -systemen:\n"
     "* Typeform\n* ActiveCampaign\n* Zapier",
     {"typeform": {}, "activecampaign": {"name": "ActiveCampaign"},
      "zapier": {"name": "Zapier"}}),
    ("We use the following services:\n- Typeform\n- ActiveCampaign",
     {"typeform": {}, "activecampaign": {"name": "ActiveCampaign"}}),
    # A company named bare where the statement names its services speaks of them.
    ("Wij gebruiken Gmail en Google Analytics. Met Google en MailChimp hebben wij "
     "standaardcontractbepalingen gesloten.",
     {"gmail": {"transfer": "scc"}, "google_analytics": {"transfer": "scc"},
      "mailchimp": {"transfer": "scc"}}),
    ("We use Gmail and Google Analytics. With Google and MailChimp we have agreed standard "
     "contractual clauses.",
     {"gmail": {"transfer": "scc"}, "google_analytics": {"transfer": "scc"},
      "mailchimp": {"transfer": "scc"}}),
    ("Wij delen uw gegevens met Google.", {"google": {}}),
    # A company named for its advertising is its advertising service.
    ("Wij plaatsen advertentiecookies van LinkedIn, Google en Microsoft.",
     {"linkedin": {}, "google_ads": {"name": "Google"},
      "microsoft_advertising": {"name": "Microsoft"}}),
    ("We use advertising cookies of Google and Microsoft.",
     {"google_ads": {"name": "Google"}, "microsoft_advertising": {"name": "Microsoft"}}),
    # A service the sentence says is not used receives nothing.
    ("Wij gebruiken geen Google Analytics, Facebook Pixel of vergelijkbare diensten.", {}),
    ("We do not use Google Analytics or Mailchimp.", {}),
    ("Wij delen nooit gegevens met Mailchimp.", {}),
    # A company named for the cookies it places to measure its advertisements is its
    # advertising service.
    ("LinkedIn, Google en Microsoft kunnen cookies plaatsen om te meten of advertenties "
     "effectief zijn.",
     {"linkedin": {}, "google_ads": {"name": "Google"},
      "microsoft_advertising": {"name": "Microsoft"}}),
    # A company named bare after one of its services speaks of that service.
    ("Wij gebruiken Google Analytics. Uw IP-adres kan naar servers van Google in de "
     "Verenigde Staten worden gestuurd.",
     {"google_analytics": {"country": "US"}}),
    # A processor named by its web address.
    ("Onze website wordt gehost door Antagonist.nl.", {"antagonist": {"name": "Antagonist.nl"}}),
    # The list under "delen met de volgende partijen", each by its name before a note.
    ("Wij delen uw gegevens met de volgende partijen:\n- Acme Webdiensten \u2013 hosting\n"
     "- Zorgpost (beveiligde e-mail)",
     {"acme_webdiensten": {"name": "Acme Webdiensten"}, "zorgpost": {"name": "Zorgpost"}}),
    ("Onze verwerkers:\n- Acme Cloud B.V.: opslag",
     {"acme_cloud_b_v": {"name": "Acme Cloud B.V."}}),
    # A party the catalogue does not know, named where the data is given to it or held.
    ("Wij delen uw gegevens met Acme Zorg B.V. voor de planning.",
     {"acme_zorg_b_v": {"name": "Acme Zorg B.V."}}),
    ("Onze website wordt gehost bij Hostland.", {"hostland": {"name": "Hostland"}}),
    ("Wij delen uw gegevens niet met Acme.", {}),
    # The parties named as examples of the processors: "verwerkers zoals ...".
    ("Wij werken met verwerkers zoals Acme Cloud, Mollie en Betaboek.",
     {"acme_cloud": {"name": "Acme Cloud"}, "mollie": {}, "betaboek": {"name": "Betaboek"}}),
    # The place a sentence on one recipient puts the data, and its safeguard.
    ("Moneybird bewaart uw gegevens binnen de EU.", {"moneybird": {"country": "EEA"}}),
    ("Moneybird bewaart uw gegevens in Nederland. Wij delen uw e-mailadres met Mailchimp, "
     "dat onder een adequaatheidsbesluit valt.",
     {"moneybird": {"country": "NL"}, "mailchimp": {"transfer": "adequacy"}}),
    # A network the visitor can share a page on is not given data by the organisation.
    ("Op ons blog kun je artikelen delen op Facebook en Twitter.", {}),
    # A list of sub-processors gives each its place after its name.
    ("Onze subverwerkers:\n- Acme Cloud Inc. \u2013 EU\n- Mailchimp \u2013 Verenigde Staten",
     {"acme_cloud_inc": {"name": "Acme Cloud Inc.", "country": "EEA"},
      "mailchimp": {"country": "US"}}),
    # A review service the catalogue knows, named in passing.
    ("Na een bestelling ontvangt u een uitnodiging voor een beoordeling via Kiyoh.",
     {"kiyoh": {}}),
    # The service another runs on, named in brackets, is not a recipient of its own.
    ("Wij delen uw gegevens met Mailchimp (via AWS) voor de nieuwsbrief.", {"mailchimp": {}}),
    # A name written with fewer capitals than its owner gives it.
    ("Je kunt ons appen via Whatsapp.", {"whatsapp": {"name": "Whatsapp"}}),
    ("Betalen kan met Paypal of iDEAL.", {"paypal": {"name": "Paypal"}}),
    ("We meten het bezoek met Google analytics.",
     {"google_analytics": {"name": "Google analytics"}}),
    # A party named where the data are passed on, in the passive or as a service used.
    ("Uw naam wordt gedeeld met Sportclub Eik.", {"sportclub_eik": {"name": "Sportclub Eik"}}),
    ("De uitslagen worden doorgegeven aan Atletiekunie voor de ranglijst.",
     {"atletiekunie": {"name": "Atletiekunie"}}),
    ("Wij maken gebruik van de diensten van Boekhoudhuis Noord voor de administratie.",
     {"boekhoudhuis_noord": {"name": "Boekhoudhuis Noord"}}),
    ("We use the services of Postmark to send e-mail.", {"postmark": {"name": "Postmark"}}),
    ("Gegevens worden doorgestuurd naar Nederland.", {}),
    # A party named as the one that handles the forms or gets the data sent to it.
    ("All forms on this site are handled by Formbox.", {"formbox": {"name": "Formbox"}}),
    ("When the chat opens, your visitor data is sent to Chatterly.",
     {"chatterly": {"name": "Chatterly"}}),
    ("Je aanmelding wordt afgehandeld door Inschrijfhulp.",
     {"inschrijfhulp": {"name": "Inschrijfhulp"}}),
    # A site hosted on GitHub Pages names GitHub.
    ("Deze website wordt gehost op Github Pages.", {"github": {"name": "Github Pages"}}),
    # Not used ("niet ... gebruikt"), a browser's help page, examples of a kind of network.
    ("We hebben niet de knoppen van sociale media gebruikt, die partijen zoals Facebook "
     "laten volgen.", {}),
    ("Google Chrome: https://support.google.com/chrome/answer/95647", {}),
    ("Sociale media zoals Facebook en LinkedIn zien welke pagina's je deelt.", {}),
    ("Op de site staan filmpjes van anderen. Denk hierbij aan YouTube video's.", {}),
    # The organisation gives nothing to itself, named with or without its legal form.
    ("Atlas Beheer B.V. verwerkt uw gegevens. Wij vragen u wijzigingen door te geven aan "
     "Atlas Beheer.", {}),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), RECIPIENTS)
def test_recipients_are_those_the_statement_names(source: str, expected: dict[str, Any]) -> None:
    draft = _draft(source)
    found = draft.data.get("recipients", {})
    assert sorted(found) == sorted(expected)
    for key, facts in expected.items():
        for fact, value in facts.items():
            assert found[key][fact] == value
        assert found[key]["quote"] in source


COOKIES = [
    ("Cookie: Google Analytics\nNaam: _utma\nBewaartermijn: 2 jaar", {"_utma": {"expiry": "P2Y"}}),
    ("iemagoo gebruikt functionele, analytische en tracking cookies.",
     {"functional_cookies": {"category": "functional"},
      "analytics_cookies": {"category": "analytics"},
      "marketing_cookies": {"category": "marketing"}}),
    ("We use analytics cookies to count visits.", {"analytics_cookies": {"name": "unstated"}}),
    ("Deze website gebruikt geen cookies.", {}),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), COOKIES)
def test_cookies_named_or_by_kind(source: str, expected: dict[str, Any]) -> None:
    draft = _draft(source)
    assert draft.data["cookies"].keys() == expected.keys()
    for name, facts in expected.items():
        for fact, value in facts.items():
            assert draft.data["cookies"][name][fact] == value


OUTDATED = [
    ("Wij houden ons aan de Wet bescherming persoonsgegevens (Wbp).", "wbp"),
    ("U kunt een klacht indienen bij het College bescherming persoonsgegevens.", "cbp"),
    ("Met verwerkers sluiten wij een bewerkersovereenkomst.", "bewerker"),
    ("Google is certified under the EU-US Privacy Shield.", "privacy_shield"),
    ("Gegevens buiten Europa staan alleen bij bedrijven met een goedkeuring (shield).",
     "privacy_shield"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "kind"), OUTDATED)
def test_outdated_terms_are_recorded_as_what_they_are(source: str, kind: str) -> None:
    draft = _draft(source)
    assert [o.kind for o in draft.outdated] == [kind]
    assert draft.outdated[0].meaning
    _evidence_holds(draft)


def test_a_current_statement_has_no_outdated_terms() -> None:
    draft = _draft("Met verwerkers sluiten wij een verwerkersovereenkomst volgens de AVG.")
    assert draft.outdated == []


STATEMENT = [
    ("Laatst aangepast op 24-02-2024", "2024-02-24"),
    ("Datum: 19 februari 2024", "2024-02-19"),
    ("Last updated: March 3, 2025", "2025-03-03"),
]


@pytest.mark.parametrize(("source", "effective"), STATEMENT)
def test_the_effective_date(source: str, effective: str) -> None:
    assert str(_draft(source).data["statement"]["effective"]) == effective


def test_what_the_statement_leaves_out_is_unstated_never_guessed() -> None:
    draft = _draft(
        "Wij verwerken uw gegevens voor de volgende doelen:\n- Verzenden van onze nieuwsbrief"
    )
    purpose = draft.data["purposes"]["newsletter"]
    assert purpose["basis"] == "unstated"
    assert purpose["retention"] == "unstated"
    assert purpose["recipients"] == "unstated"
    assert draft.data["rights"]["respond_within"] == "unstated"
    assert draft.data["controller"]["name"] == "unstated"
    silent = {s.path for s in draft.silences}
    assert ("purposes", "newsletter", "basis") in silent
    assert ("controller", "email") in silent
    assert all(s.what for s in draft.silences)


def _seeds() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.mark.skipif(not _seeds(), reason="the seed statements (../shared/seeds) are not here")
@pytest.mark.parametrize("seed", _seeds(), ids=lambda p: p.stem)
def test_each_seed_imports_into_a_draft_that_loads(seed: Path, tmp_path: Path) -> None:
    text = _text(seed.read_text("utf-8"))
    started = time.perf_counter()
    draft = extract(text)
    assert time.perf_counter() - started < 2.0
    assert draft.evidence
    _evidence_holds(draft)
    cited = {e.path for e in draft.evidence}
    silent = {s.path for s in draft.silences}
    for path in _paths(draft.data):
        if path == ("waarborg",) or path in silent:
            continue
        assert any(path[:n] in cited for n in range(len(path), 0, -1)), path
    declaration = load_text(to_yaml(draft), f"{seed.stem}.yaml")
    assert declaration.controller.name
    written, side = write(draft, tmp_path / "privacy.yaml")
    assert side == sidecar_path(written)
    assert yaml.safe_load(written.read_text("utf-8"))["waarborg"] == 1
    evidence = json.loads(side.read_text("utf-8"))["evidence"]
    source = text.text
    assert all(source[e["start"] : e["end"]] == e["quote"] for e in evidence)


@pytest.mark.skipif(not _seeds(), reason="the seed statements (../shared/seeds) are not here")
def test_the_seeds_controllers_and_rights() -> None:
    drafts = {p.stem[:3]: extract(_text(p.read_text("utf-8"))).data for p in _seeds()}
    assert drafts["000"]["controller"]["vat"] == "NL004990932B57"
    assert drafts["000"]["rights"]["respond_within"] == "P1M"
    assert drafts["002"]["controller"]["name"] == "iemagoo Ontwerp & Communicatie"
    assert drafts["002"]["rights"]["respond_within"] == "P4W"
    assert drafts["003"]["controller"]["kvk"] == "91259819"
    assert drafts["004"]["controller"]["kvk"] == "24431378"
    assert drafts["001"]["rights"]["offered"] == []


# --- the commands -----------------------------------------------------------------------


def _cli() -> Any:
    from click.testing import CliRunner

    from waarborg.cli import main

    return CliRunner(), main


STATEMENT_TEXT = """Privacyverklaring

Voorbeeld B.V., gevestigd aan de Molenstraat 12, 7511 AB Enschede, is verantwoordelijk voor
de verwerking van persoonsgegevens. Vragen? Mail naar privacy@voorbeeld.nl.

Wij verwerken uw gegevens voor de volgende doelen:
- Het afhandelen van betalingen
- Verzenden van onze nieuwsbrief

Met verwerkers sluiten wij een bewerkersovereenkomst.

U heeft het recht op inzage, correctie en verwijdering. Wij reageren binnen vier weken op uw
verzoek. U kunt een klacht indienen bij de Autoriteit Persoonsgegevens.
"""


def test_import_writes_a_draft_that_loads_and_its_sidecar(tmp_path: Path) -> None:
    runner, main = _cli()
    source = tmp_path / "privacy.txt"
    source.write_text(STATEMENT_TEXT, "utf-8")
    output = tmp_path / "out" / "privacy.yaml"
    result = runner.invoke(main, ["import", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    declaration = load_text(output.read_text("utf-8"), str(output))
    assert declaration.controller.name == "Voorbeeld B.V."
    assert declaration.rights is not None and str(declaration.rights.respond_within) == "P4W"
    assert "Molenstraat 12" in output.read_text("utf-8").split("street:")[0]  # the quote above
    side = json.loads(sidecar_path(output).read_text("utf-8"))
    text = source.read_text("utf-8")
    assert side["evidence"] and side["outdated"][0]["kind"] == "bewerker"
    # the reader may normalise the text; every quote is the reader's text at its offsets
    assert all(
        e["quote"] in text.replace("\n", " ") or e["quote"] in text for e in side["evidence"]
    )
    again = runner.invoke(main, ["import", str(source), "-o", str(output)])
    assert again.exit_code != 0 and "--force" in again.output


def test_review_quotes_the_statement_beside_each_finding_and_fails_on_errors(
    tmp_path: Path,
) -> None:
    runner, main = _cli()
    source = tmp_path / "privacy.txt"
    source.write_text(STATEMENT_TEXT, "utf-8")
    result = runner.invoke(main, ["review", str(source)])
    assert result.exit_code == 1
    assert "basis-missing" in result.output
    assert "Het afhandelen van betalingen" in result.output
    assert "bewerkersovereenkomst" in result.output
    report = runner.invoke(main, ["review", str(source), "--format", "json"])
    assert report.exit_code == 1
    found = json.loads(report.output)
    basis = [f for f in found["findings"] if f["rule"] == "basis-missing"]
    assert basis and basis[0]["evidence"][0]["quote"]
    assert found["draft"]["controller"]["email"] == "privacy@voorbeeld.nl"


BLOCKS = """Waarvoor wij uw gegevens gebruiken

Nieuwsbrief versturen
Gegevens: Naam en e-mailadres
Grondslag: toestemming
Ontvangers: Mailchimp
Bewaartermijn: tot u zich afmeldt

Bezorgen van uw pakket
Gegevens: Naam, adres en telefoonnummer
Grondslag: uitvoering van de overeenkomst
Ontvangers: PostNL
Bewaartermijn: 2 jaar na de laatste bestelling
"""


def test_purposes_written_as_blocks_keep_what_belongs_to_them() -> None:
    draft = _draft(BLOCKS)
    purposes = draft.data["purposes"]
    assert purposes["newsletter"]["basis"] == "consent"
    assert purposes["newsletter"]["categories"] == ["name", "email"]
    assert purposes["newsletter"]["recipients"] == ["mailchimp"]
    delivery = purposes["delivery"]
    assert delivery["basis"] == "contract"
    assert delivery["recipients"] == ["postnl"]
    assert draft.data["retention"][delivery["retention"]] == {"keep": "P2Y", "after": "last_order"}
    newsletter = draft.data["retention"][purposes["newsletter"]["retention"]]
    assert newsletter == {"keep": "P0D", "after": "consent_withdrawn"}
    load_text(to_yaml(draft), "blocks.yaml")
    _evidence_holds(draft)


def test_a_drafts_list_of_open_findings_is_not_read_as_the_statement() -> None:
    draft = _draft(
        "Open bevindingen\n\n- Fout: the right to restriction is not mentioned\n\n"
        "Uw rechten\n\nU heeft het recht op inzage."
    )
    assert draft.data["rights"]["offered"] == ["access"]


def test_third_parties_that_get_data_only_with_consent() -> None:
    draft = _draft(
        "Wij geven geen informatie aan derden, tenzij:\n"
        "- Jij hiervoor uitdrukkelijk toestemming geeft;\n"
        "- Dit nodig is voor onze dienstverlening."
    )
    found = draft.data["recipients"]["third_parties_with_consent"]
    assert found["basis"] == "consent" and found["named"] is False
    assert found["quote"] == "- Jij hiervoor uitdrukkelijk toestemming geeft;"
    assert _draft("U kunt uw toestemming altijd intrekken.").data.get("recipients") is None


def test_purposes_in_a_table_are_read_row_by_row() -> None:
    cells = [
        "Doel", "Gegevens", "Grondslag", "Bewaartermijn",
        "Facturatie", "Naam, adres en BSN", "Uitvoering van de overeenkomst", "7 jaar",
        "Nieuwsbrief", "Naam, e-mailadres", "Toestemming", "Tot u zich afmeldt",
    ]  # fmt: skip
    source = "Waarvoor wij uw gegevens gebruiken\n\n" + "\n\n".join(cells)
    blocks = [Block("heading", 0, 34, 2)]
    for cell in cells:
        start = source.index(cell, blocks[-1].end)
        blocks.append(Block("cell", start, start + len(cell)))
    draft = extract(Text(source, tuple(blocks), "table.md", "md"))
    purposes = draft.data["purposes"]
    assert purposes["billing"]["basis"] == "contract"
    assert purposes["billing"]["categories"] == ["name", "address", "bsn"]
    assert draft.data["retention"][purposes["billing"]["retention"]] == {"keep": "P7Y"}
    newsletter = draft.data["retention"][purposes["newsletter"]["retention"]]
    assert newsletter == {"keep": "P0D", "after": "consent_withdrawn"}
    assert purposes["newsletter"]["basis"] == "consent"
    _evidence_holds(draft)
    load_text(to_yaml(draft), "table.yaml")


def test_the_newsletters_opt_in_and_unsubscribe() -> None:
    draft = _draft(
        "Wij verwerken uw gegevens voor de volgende doelen:\n- Verzenden van onze nieuwsbrief\n\n"
        "Alleen met uw toestemming sturen wij u onze digitale nieuwsbrief per e-mail. U ontvangt "
        "eerst een bevestigingslink. In elke nieuwsbrief staat een link om u af te melden."
    )
    newsletter = draft.data["purposes"]["newsletter"]
    assert newsletter["basis"] == "consent"
    assert newsletter["channels"] == ["email"]
    assert newsletter["opt_in"] == "double"
    assert newsletter["unsubscribe"] == "every_message"


def test_security_measures_come_from_the_catalogue() -> None:
    draft = _draft(
        "Wij nemen passende beveiligingsmaatregelen, zoals firewalls, versleutelde overdracht "
        "van informatie en tweefactorauthenticatie."
    )
    assert list(draft.data["security"]["measures"]) == [
        "firewall",
        "encryption_in_transit",
        "strong_authentication",
    ]


def test_an_outdated_sentence_reaches_the_checker_through_a_quote() -> None:
    from waarborg.declaration.lint import check

    draft = _draft(
        "Met bedrijven die jouw gegevens verwerken in onze opdracht, sluiten wij een "
        "bewerkersovereenkomst om te zorgen voor eenzelfde niveau van beveiliging.\n\n"
        "U kunt een klacht indienen bij het College bescherming persoonsgegevens (CBP)."
    )
    processors = draft.data["recipients"]["processors"]
    assert processors["role"] == "processor" and processors["agreement"] is True
    assert "bewerkersovereenkomst" in processors["quote"]
    assert "College bescherming" in draft.data["rights"]["quote"]
    rules = {f.rule for f in check(load_text(to_yaml(draft), "outdated.yaml"))}
    assert {"outdated-term", "outdated-law"} <= rules


def test_consent_for_cookies_and_masked_ip_addresses() -> None:
    draft = _draft(
        "Cookies\n\nWij gebruiken analytische cookies. Hiervoor vragen wij geen toestemming, "
        "want wij hebben de IP-anonimisering geactiveerd.\n\n"
        "Daarnaast plaatsen wij marketingcookies. Die plaatsen wij alleen met uw toestemming."
    )
    cookies = draft.data["cookies"]
    assert cookies["analytics_cookies"]["consent"] == "not_asked"
    assert cookies["analytics_cookies"]["ip_anonymised"] is True
    assert cookies["marketing_cookies"]["consent"] == "asked"


CHILDREN = [
    ("Onze website heeft niet de intentie gegevens te verzamelen over websitebezoekers die "
     "jonger zijn dan 16 jaar. Tenzij ze toestemming hebben van ouders of voogd.", 16, True),
    ("Our website and services are not intended for children under 16.", 16, None),
    ("Wij bewaren gegevens onder 16 weken niet.", None, None),
    # "Minderjarig" and "minors" without an age: under 18, the age of majority.
    ("Wij hebben geen enkele intentie om persoonsgegevens te verzamelen over gebruikers die "
     "minderjarig zijn, ook niet als ze toestemming hebben van hun ouders.", 18, None),
    ("We do not intend to collect personal data about users who are minors.", 18, None),
    ("Minderjarigen kunnen onze winkel bezoeken.", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("source", "age", "parents"), CHILDREN)
def test_the_age_limit(source: str, age: int | None, parents: bool | None) -> None:
    children = _draft(source).data.get("children", {})
    assert children.get("min_age") == age
    assert children.get("parental_consent") == parents


def test_a_purpose_takes_the_recipients_its_sentence_names_and_the_data_its_list_gives() -> None:
    draft = _draft(
        "Wij verwerken de gegevens van de klant, zoals naam en e-mailadres, voor de volgende "
        "doeleinden:\n- het versturen van facturen via Moneybird;\n"
        "- je te kunnen bereiken bij vragen voor feedback."
    )
    purposes = draft.data["purposes"]
    assert purposes["billing"]["recipients"] == ["moneybird"]
    assert purposes["billing"]["categories"] == ["name", "email"]
    assert purposes["feedback"]["recipients"] == "unstated"
    _evidence_holds(draft)


SHOP = """Rijwiel Handel B.V.
Stationsweg 22
3811 BK Amersfoort

Waarom wij uw gegevens nodig hebben

Wij gebruiken uw gegevens om uw bestelling af te handelen. Betalingen verlopen via Mollie.
De grondslag hiervoor is de uitvoering van de overeenkomst.

Wij gebruiken functionele cookies en, met uw toestemming, marketingcookies.
"""


def test_a_basis_given_for_this_in_a_following_sentence_and_consent_for_one_kind() -> None:
    draft = _draft(SHOP)
    assert draft.data["controller"]["name"] == "Rijwiel Handel B.V."
    assert draft.data["purposes"]["order_management"]["basis"] == "contract"
    cookies = draft.data["cookies"]
    assert cookies["marketing_cookies"]["consent"] == "asked"
    assert "consent" not in cookies["functional_cookies"]


RENDERED = """<html lang="nl"><body><main>
<h1>Privacyverklaring van Fietsenmaker De Spaak</h1>
<section id="purposes"><h2>Waarvoor wij uw gegevens gebruiken</h2>
<section id="purpose-repair_requests"><h3>Contact met u opnemen over uw reparatie</h3>
<dl><dt>Gegevens</dt><dd>Naam en telefoonnummer</dd>
<dt>Grondslag</dt><dd>De uitvoering van de overeenkomst.</dd></dl></section>
<section id="purpose-communication"><h3>Bellen wanneer uw fiets klaar is</h3>
<dl><dt>Gegevens</dt><dd>Telefoonnummer</dd>
<dt>Grondslag</dt><dd>Wij doen dit met uw toestemming.</dd></dl></section>
</section></main></body></html>"""


def test_a_rendered_statement_gives_back_the_keys_its_sections_carry() -> None:
    from waarborg.importer.read import read_bytes

    draft = extract(read_bytes(RENDERED.encode(), "html", "rendered.html"))
    purposes = draft.data["purposes"]
    assert set(purposes) == {"repair_requests", "communication"}
    assert purposes["repair_requests"]["basis"] == "contract"
    assert purposes["repair_requests"]["label"] == {"nl": "Contact met u opnemen over uw reparatie"}
    assert purposes["communication"]["basis"] == "consent"
    _evidence_holds(draft)


@pytest.mark.parametrize(
    ("source", "expected", "absent"),
    [
        (
            "Wanneer u lid wordt vragen wij uw naam. Deze gegevens worden gebruikt om de "
            "dienst uit te kunnen voeren.",
            {"service_provision"},
            set(),
        ),
        (
            "Wij kunnen contact met u opnemen voor commerciële doeleinden per e-mail.",
            {"direct_marketing"},
            {"communication"},
        ),
        (
            "We kunnen u bellen wanneer dat nodig is voor het afhandelen van uw reparatie.",
            {"communication"},
            set(),
        ),
        (
            "Wij gebruiken uw e-mailadres voor aanbiedingen. Onderaan iedere mailing kunt u zich "
            "afmelden.",
            {"newsletter", "direct_marketing"},
            set(),
        ),
        (
            "Met partijen die gegevens verwerken in onze opdracht, sluiten wij een "
            "overeenkomst om te zorgen voor een goede beveiliging.",
            set(),
            {"security"},
        ),
    ],
)
def test_purposes_named_in_a_sentence_of_use_contact_or_mailing(
    source: str, expected: set[str], absent: set[str]
) -> None:
    draft = _draft(source)
    purposes = set(draft.data.get("purposes", {}))
    assert expected <= purposes
    assert not absent & purposes
    _evidence_holds(draft)


def test_what_the_organisation_sends_and_a_basis_said_of_special_data_only() -> None:
    draft = _draft(
        "We gebruiken uw e-mailadres om u te informeren over uw inschrijving. Bij elke "
        "bestelling worden automatische serviceberichten gestuurd.\n\n"
        "Wij verwerken alleen bijzondere persoonsgegevens als wij dat moeten op basis van de "
        "wet of met uw toestemming."
    )
    purposes = draft.data["purposes"]
    assert {"registration", "service_updates"} <= set(purposes)
    assert purposes["registration"]["basis"] == "unstated"
    assert purposes["service_updates"]["basis"] == "unstated"
    _evidence_holds(draft)


def test_a_purpose_in_its_own_words_is_the_catalogue_purpose_its_note_names() -> None:
    source = (
        "Doel\n\nToelichting\n\nToegang tot het portaal\n\nAanmaken en beheren van je account, "
        "inloggen\n\nOnderwijs\n\nOpdrachten aanbieden, feedback geven"
    )
    blocks = tuple(Block("cell", m.start(), m.end()) for m in re.finditer(r"[^\n]+", source))
    draft = extract(Text(source, blocks, "table.html", "html", lang="nl"))
    purposes = draft.data["purposes"]
    assert "account_management" in purposes
    assert purposes["account_management"]["label"] == {"nl": "Toegang tot het portaal"}
    assert "feedback" not in purposes
    _evidence_holds(draft)


@pytest.mark.parametrize(
    ("source", "key", "basis"),
    [
        (
            "Wij gebruiken uw adres om uw pakket te bezorgen, omdat dit noodzakelijk is voor "
            "de uitvoering van de overeenkomst.",
            "delivery",
            "contract",
        ),
        (
            "Wij gebruiken uw e-mailadres voor het beantwoorden van uw vragen, omdat u ons "
            "daarvoor toestemming geeft.",
            "customer_support",
            "consent",
        ),
        (
            "Met uw toestemming gebruiken wij uw gegevens voor de volgende doeleinden:\n"
            "- fraudepreventie;\n- beveiliging.",
            "fraud_prevention",
            "consent",
        ),
    ],
)
def test_a_basis_named_in_words_belongs_to_the_purpose_of_its_sentence_or_list(
    source: str, key: str, basis: str
) -> None:
    draft = _draft(source)
    assert draft.data["purposes"][key]["basis"] == basis
    assert "contract_performance" not in draft.data["purposes"]
    _evidence_holds(draft)


@pytest.mark.parametrize(
    ("source", "expected", "absent"),
    [
        (
            "Wij gebruiken je gegevens voor de volgende doelen:\n"
            "- Bedrijfsvoering, vastleggen van gegevens in ons CRM;\n"
            "- Het leveren van de dienst (inclusief klantenservice).",
            {"service_provision"},
            {"customer_management", "customer_support"},
        ),
        (
            "Wij gebruiken je gegevens voor de volgende doelen:\n"
            "- Het automatisch incasseren van het abonnementsgeld.",
            {"payment_processing"},
            {"debt_collection"},
        ),
        (
            "De inlogtijden helpen ons om inzicht te krijgen in het gedrag van onze gebruikers.",
            {"service_usage_analytics"},
            set(),
        ),
    ],
)
def test_a_purpose_is_what_its_first_clause_names(
    source: str, expected: set[str], absent: set[str]
) -> None:
    draft = _draft(source)
    purposes = set(draft.data.get("purposes", {}))
    assert expected <= purposes
    assert not absent & purposes
    _evidence_holds(draft)


def test_a_basis_in_the_heading_above_belongs_to_the_purposes_of_its_section() -> None:
    source = (
        "Gerechtvaardigd belang\n\n"
        "Wij gebruiken uw IP-adres voor beveiliging van onze website.\n\n"
        "Toestemming intrekken\n\n"
        "Wij gebruiken uw e-mailadres voor onze nieuwsbrief."
    )
    blocks = []
    for m in re.finditer(r"[^\n]+", source):
        kind: BlockKind = "heading" if not m.group(0).endswith(".") else "paragraph"
        blocks.append(Block(kind, m.start(), m.end(), 2 if kind == "heading" else 0))
    draft = extract(Text(source, tuple(blocks), "statement.md", "md", lang="nl"))
    purposes = draft.data["purposes"]
    assert purposes["security"]["basis"] == "legitimate_interest"
    assert purposes["newsletter"]["basis"] == "unstated"
    _evidence_holds(draft)


# How statements name their controller beyond "X, gevestigd te": a name with its legal
# form or KvK number, the heading, a table of details; and what is no name.
NAMED_CONTROLLER = [
    # A heading that is a clause, not a name.
    ("Wanneer de school de verwerkingsverantwoordelijke is\n\nDe school beslist over de "
     "gegevens van leerlingen.",
     {"controller.name": "unstated"}),
    ("Deze partners zijn gevestigd buiten de EU.", {"controller.name": "unstated"}),
    # A name with its legal form in the opening sentence; the short name is the same one.
    ("Via Bloemenhuis Zonneveld B.V. worden uw gegevens verwerkt. Bloemenhuis Zonneveld "
     "bewaart ze veilig. Bloemenhuis Zonneveld deelt ze niet.",
     {"controller.name": "Bloemenhuis Zonneveld B.V.", "controller.legal_form": "B.V.",
      "controller.trade_names": None}),
    # The entity in brackets beside the name the text uses: that name is a trade name.
    ("Fietsplan (Rijwiel Groep BV, KvK: 12345678, gevestigd te Zwolle) houdt zich aan de "
     "AVG en de Autoriteit Persoonsgegevens ziet daarop toe. Fietsplan verwerkt uw "
     "gegevens. Fietsplan gebruikt ze alleen voor uw bestelling.",
     {"controller.name": "Rijwiel Groep BV", "controller.trade_names": ["Fietsplan"],
      "controller.kvk": "12345678"}),
    ("Kwekerij Groenhof (KvK: 87654321) respecteert uw privacy.",
     {"controller.name": "Kwekerij Groenhof", "controller.kvk": "87654321"}),
    # The heading's name, used again in the text.
    ("Privacybeleid Zeilclub Noord\n\nDit beleid geldt voor de diensten van Zeilclub Noord.",
     {"controller.name": "Zeilclub Noord"}),
    ("Privacybeleid Zeilclub Noord\n\nWij gaan zorgvuldig met uw gegevens om.",
     {"controller.name": "unstated"}),
    ("Om mee te doen vragen wij, vereniging Kampvuur, een aantal gegevens.",
     {"controller.name": "vereniging Kampvuur", "controller.legal_form": "vereniging"}),
    # A contact block: a street without a common ending, a phone number on its own line,
    # a street whose first word a line break left on the line above.
    ("Voor vragen kunt u contact met ons opnemen.\n\nKaasboerderij Het Veld\nAchter de Molen 7\n"
     "1234 AB Veldhoven\n040 2123456",
     {"controller.address.street": "Achter de Molen 7", "controller.address.city": "Veldhoven",
      "controller.phone": "040 2123456"}),
    ("Bakkerij Jansen B.V. Oude\nMarktstraat 5\n1234 AB Delft",
     {"controller.name": "Bakkerij Jansen B.V.",
      "controller.address.street": "Oude Marktstraat 5"}),
    ("Het kenmerk staat hieronder.\n\n040 2123456", {"controller.phone": None}),
    # Whose the statement is, in its own words.
    ("Dit is de privacyverklaring van Bakkerij Jansen uit Delft.",
     {"controller.name": "Bakkerij Jansen"}),
    ("Deze website wordt beheerd door Stichting Open Wijk.",
     {"controller.name": "Stichting Open Wijk"}),
    ("Wij, Buurtvereniging Oost, vragen om uw naam.", {"controller.name": "Buurtvereniging Oost"}),
    ("Deze app is een initiatief van de gemeente.", {"controller.name": "unstated"}),
    ("Tuincentrum Groen (hierna: wij) bewaart uw gegevens zorgvuldig.",
     {"controller.name": "Tuincentrum Groen"}),
    ("Privacyverklaring Sollicitanten\n\nSollicitanten sturen ons hun cv.",
     {"controller.name": "unstated"}),
    ("Bakkerij Jansen respecteert uw privacy. Bakkerij Jansen beschermt uw gegevens.",
     {"controller.name": "Bakkerij Jansen"}),
    ("Van Dijk Advocaten, gevestigd te Leiden, is verantwoordelijk voor de verwerking.",
     {"controller.name": "Van Dijk Advocaten"}),
    # A supplier named with its legal form is not the organisation.
    ("Deze website is gebouwd door Webbureau Pixel B.V.", {"controller.name": "unstated"}),
    ("Wij werken samen met Drukkerij Oost B.V.", {"controller.name": "unstated"}),
    ("Voor betalingen maken wij gebruik van Betaalhuis Noord B.V.",
     {"controller.name": "unstated"}),
    ("Wij werken in samenwerking met Drukkerij Oost B.V.", {"controller.name": "unstated"}),
    # Nouns are no supplier: the association that furthers "samenwerking" is itself.
    ("Vereniging Vrije Code bevordert samenwerking rondom en gebruik van open licenties.",
     {"controller.name": "Vereniging Vrije Code"}),
    # Two foundations named together: the first is not "A en Stichting B".
    ("Stichting Noord en Stichting Zuid verwerken uw gegevens.",
     {"controller.name": "Stichting Noord"}),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), NAMED_CONTROLLER)
def test_the_controller_is_named_as_statements_name_it(
    source: str, expected: dict[str, Any]
) -> None:
    draft = _draft(source)
    for dotted, value in expected.items():
        assert _at(draft.data, dotted) == value, dotted
    _evidence_holds(draft)


def test_a_table_of_details_names_the_controller_and_its_dpo() -> None:
    from waarborg.importer.read import read_bytes

    source = (
        "# Privacyverklaring\n\nWij worden aangeboden door:\n\n"
        "| Gegeven | Waarde |\n|---|---|\n| Handelsnaam | Leerlab |\n"
        "| Statutaire naam | Leerlab Online (eenmanszaak) |\n| KvK-nummer | 12345678 |\n"
        "| Vestigingsadres | Kerkstraat 1, 1234 AB Zwolle |\n| E-mailadres | info@leerlab.nl |\n\n"
        "Functionaris Gegevensbescherming:\n\n| Gegeven | Waarde |\n|---|---|\n"
        "| Naam | Anna de Vries |\n| E-mailadres | fg@leerlab.nl |\n\n"
        "Vragen? Mail fg@leerlab.nl of fg@leerlab.nl.\n"
    )
    draft = extract(read_bytes(source.encode(), "md", "statement.md"))
    data = draft.data["controller"]
    assert data["name"] == "Leerlab Online"
    assert data["trade_names"] == ["Leerlab"]
    assert data["email"] == "info@leerlab.nl"
    assert data["dpo"] == {"name": "Anna de Vries", "email": "fg@leerlab.nl"}
    _evidence_holds(draft)


RIGHTS_IN_WORDS = [
    ("Wij bieden iedereen de mogelijkheid tot het inzien, veranderen of verwijderen van de "
     "eigen gegevens.",
     ["access", "rectification", "erasure"]),
    ("Op deze manier kan iedereen zijn eigen gegevens inzien.", ["access"]),
    ("Je kan ons altijd een overzicht van je gegevens vragen.", ["access"]),
    ("U heeft het recht om uw gegevens over te dragen aan een andere partij.", ["portability"]),
    ("Onze webshop biedt de mogelijkheid om uw bestelling te wijzigen.", []),
    ("Wij behouden ons het recht voor om deze verklaring te wijzigen.", []),
    ("Bakkerij Jansen behoudt zich het recht voor om wijzigingen aan te brengen.", []),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), RIGHTS_IN_WORDS)
def test_rights_named_in_common_words_are_offered(source: str, expected: list[str]) -> None:
    draft = _draft(source)
    assert draft.data["rights"]["offered"] == expected
    _evidence_holds(draft)


def test_rights_in_english_words_and_where_requests_go() -> None:
    draft = _draft(
        "You have the right to request information about the personal data we hold on you. "
        "You can ask to have it corrected or removed. You can contact us by sending an "
        "email to privacy@example.com.",
        "en",
    )
    assert draft.data["rights"]["offered"] == ["access", "rectification", "erasure"]
    assert draft.data["rights"]["email"] == "privacy@example.com"


def test_a_response_time_after_a_sentence_about_a_request() -> None:
    draft = _draft(
        "Je kunt per mail een verzoek indienen om je gegevens te laten verwijderen. Hier "
        "reageren wij dan binnen een maand op."
    )
    assert draft.data["rights"]["respond_within"] == "P1M"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Privacyverklaring\nVersie 0.1\nWij gaan zorgvuldig met gegevens om.", "0.1"),
        ("Version: 2.3\nLast updated 1 May 2024.", "2.3"),
        ("Deze privacyverklaring is versie 1.2 van 1 mei 2024.", "1.2"),
        ("Gebaseerd op het Model Verwerkersovereenkomst 4.0.", None),
        ("De app werkt vanaf versie 14 van iOS.", None),
        ("Versie:\n2.1\n\nWij gaan zorgvuldig met gegevens om.", "2.1"),
    ],
)
def test_the_statements_version(source: str, expected: str | None) -> None:
    draft = _draft(source)
    assert _at(draft.data, "statement.version") == expected


@pytest.mark.parametrize(
    "source",
    [
        "Wij delen uw gegevens met Acme Zorg B.V. voor de planning.",
        "Wij verstrekken uw adres aan Pakketdienst Noord B.V. om uw bestelling te bezorgen.",
        "We share your e-mail address with Mailhuis B.V. to send the newsletter.",
    ],
)
def test_a_company_the_data_is_given_to_is_no_controller(source: str) -> None:
    # A legal entity named as the one data goes to is a recipient, not the organisation.
    lang = "en" if source.startswith("We ") else "nl"
    assert _draft(source, lang).data.get("controller", {}).get("name") in (None, "unstated")


@pytest.mark.parametrize(
    "source",
    [
        "Wij verwerken géén bijzondere persoonsgegevens zoals BSN, ras of religie.",
        "Wij verwerken geen gegevens (zoals uw naam of adres) van bezoekers.",
    ],
)
def test_data_a_stressed_negation_says_are_not_processed(source: str) -> None:
    assert "categories" not in _draft(source).data or not _draft(source).data["categories"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Wij slaan gegevens op die u ons geeft (bijvoorbeeld uw telefoonnummer, woonplaats "
            "en geboortedatum).",
            {"phone", "city", "date_of_birth"},
        ),
        (
            "We keep information you send us (for example your email address and phone number).",
            {"email", "phone"},
        ),
        (
            "Als u het formulier gebruikt, bewaren wij de gegevens (zoals naam en adres) een jaar.",
            {"name", "address"},
        ),
    ],
)
def test_data_given_as_examples_in_brackets(source: str, expected: set[str]) -> None:
    assert set(_draft(source).data["categories"]) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Op de plek waar je je naam en telefoonnummer invult staat waarvoor we ze gebruiken.",
            {"name", "phone"},
        ),
        (
            "Zodra u uw geboortedatum en woonplaats opgeeft, slaan we die op.",
            {"date_of_birth", "city"},
        ),
        (
            "Wij kunnen bij een bezoek aan de site informatie verzamelen over uw IP-adres en het "
            "type apparaat.",
            {"ip_address", "device_type"},
        ),
        ("Dit staat er waar u uw naam of (e-mail)adres invult.", {"name", "email", "address"}),
    ],
)
def test_data_between_the_subject_and_a_verb_of_collecting(source: str, expected: set[str]) -> None:
    assert set(_draft(source).data["categories"]) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Om je pakket goed af te leveren en de factuur te sturen, hebben we je adres nodig.",
            {"delivery", "billing"},
        ),
        ("Om uw vragen te beantwoorden, gebruiken wij uw e-mailadres.", {"customer_support"}),
        ("To deliver your order, we need your address.", {"delivery"}),
    ],
)
def test_a_purpose_put_before_the_data_it_needs(source: str, expected: set[str]) -> None:
    assert set(_draft(source).data["purposes"]) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "De verzamelde informatie wordt gebruikt voor het aanbieden en verbeteren van de "
            "dienst.",
            {"service_provision", "service_improvement"},
        ),
        ("Wij verzamelen uw IP-adres om de beveiliging van de site te waarborgen.", {"security"}),
    ],
)
def test_a_purpose_after_a_verb_of_use_or_collection(source: str, expected: set[str]) -> None:
    assert set(_draft(source).data["purposes"]) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Ik gebruik uw gegevens om de afspraken in onze overeenkomst na te komen.",
         {"contract_performance"}),
        ("Ik verwerk je adres om je betaling af te handelen.", {"payment_processing"}),
        ("Uw e-mailadres gebruik ik om uw bestelling te verwerken.", {"order_management"}),
    ],
)  # fmt: skip
def test_a_one_person_business_says_what_it_uses_data_for_in_the_first_person(
    source: str, expected: set[str]
) -> None:
    assert set(_draft(source).data["purposes"]) == expected


def test_a_one_person_business_says_what_data_it_processes_in_the_first_person() -> None:
    assert set(_draft("Ik verwerk je naam en e-mailadres.").data["categories"]) == {
        "name",
        "email",
    }
    assert not _draft("Ik verwerk geen bijzondere gegevens.").data.get("categories")


def test_a_list_after_dit_betreft_names_the_data_the_sentence_before_spoke_of() -> None:
    draft = _draft(
        "Alle gegevens die de app gebruikt worden lokaal op je toestel opgeslagen. Dit "
        "betreft:\n\n- **Foto's:** die je in de app maakt\n- **Voorkeuren:** je thema"
    )
    assert set(draft.data["categories"]) == {"photo", "preferences"}
    draft = _draft("Wij hebben twee vestigingen. Dit betreft:\n\n- Foto's\n- Voorkeuren")
    assert not draft.data.get("categories")


def test_a_duty_the_law_lays_on_the_organisation_is_a_purpose_with_its_basis() -> None:
    draft = _draft(
        "Ik ben wettelijk verplicht om mijn administratie, waaronder facturen, zeven jaar te "
        "bewaren voor de Belastingdienst."
    )
    assert draft.data["purposes"]["tax_compliance"]["basis"] == "legal_obligation"
    draft = _draft("Wij zijn wettelijk verplicht dit op te volgen.")
    assert not draft.data.get("purposes")


def test_the_bases_a_sentence_gives_for_this_belong_to_the_purposes_listed_before_it() -> None:
    draft = _draft(
        "Wij gebruiken je gegevens voor:\n\n- contact met je opnemen;\n- het afhandelen van je "
        "betaling.\n\nDe wettelijke grondslagen hiervoor zijn je toestemming en ons "
        "gerechtvaardigd belang."
    )
    for key in ("communication", "payment_processing"):
        assert draft.data["purposes"][key]["basis"] == ["consent", "legitimate_interest"]
    draft = _draft(
        "Wij gebruiken je gegevens voor:\n\n- contact met je opnemen.\n\n"
        "De grondslag van ons bestaan is vertrouwen."
    )
    assert draft.data["purposes"]["communication"]["basis"] == "unstated"


def test_a_purpose_is_named_whatever_article_or_possessive_stands_before_its_noun() -> None:
    draft = _draft(
        "Ik gebruik jouw gegevens uitsluitend voor:\n\n- het uitvoeren van onze overeenkomst;"
        "\n- het afhandelen van mijn facturen;"
    )
    assert set(draft.data["purposes"]) == {"contract_performance", "billing"}


def test_a_list_of_data_given_as_examples_after_what_they_are_needed_for() -> None:
    draft = _draft(
        "Ik verwerk alleen persoonsgegevens die nodig zijn om mijn dienst uit te voeren, "
        "zoals:\n\n- naam;\n- e-mailadres;\n- factuurgegevens;"
    )
    assert set(draft.data["categories"]) == {"name", "email", "invoice_data"}
    draft = _draft("Wij verwerken gegevens om u te helpen:\n\n- naam;\n- e-mailadres;")
    assert not draft.data.get("categories")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Van klanten verwerken we doorgaans: naam, e-mailadres en browsergegevens.",
         {"name", "email", "browser"}),
        ("Wij verwerken de volgende gegevens:\n\n- **Naam:** voor persoonlijke communicatie\n"
         "- **Locatiecoördinaten:** wanneer je een plek opslaat op je toestel\n"
         "- **Bestelinformatie:** je adres en bestelstatus voor het verzenden van prints",
         {"name", "gps_location", "order_data", "address"}),
    ],
)  # fmt: skip
def test_data_listed_after_a_colon_or_named_by_an_items_label(
    source: str, expected: set[str]
) -> None:
    assert set(_draft(source).data["categories"]) == expected


@pytest.mark.parametrize(
    "source",
    [
        "Deze website linkt naar externe diensten, zoals een routebeschrijving via Google Maps.",
        "Wij zien hoeveel bezoekers er komen vanaf welke verwijzende site (Google, Facebook).",
        "Je kunt er zelf voor kiezen om een plek te delen met anderen (bijv. via WhatsApp).",
        "Op de pagina staat de kaart van Startplank (live vluchtdata via Firebase).",
    ],
)
def test_a_service_named_as_a_link_a_referrer_the_persons_own_sharing_or_a_means_is_no_recipient(
    source: str,
) -> None:
    assert not _draft(source).data.get("recipients")


def test_a_transfer_clause_on_services_outside_europe_with_model_clauses() -> None:
    draft = _draft(
        "Als ik gebruikmaak van IT-diensten buiten Europa, zorg ik via EU-Model "
        "Contractbepalingen voor een adequaat beschermingsniveau."
    )
    assert [t["transfer"] for t in draft.data["transfers"].values()] == ["scc"]


def test_the_controllers_own_details_and_the_rights_listed_are_no_categories() -> None:
    draft = _draft(
        "De verwerkingsverantwoordelijke voor je gegevens is:\n\n- **[naam]**\n"
        "- KvK-nummer: [KvK-nummer]\n- Adres: [adres]\n\n"
        "Onder de AVG heb je het recht om:\n\n- correctie of verwijdering van je gegevens te "
        "vragen\n- bezwaar te maken tegen verwerking\n\n"
        "Wij verwerken de volgende gegevens:\n\n- je naam;\n- je e-mailadres."
    )
    assert set(draft.data["categories"]) == {"name", "email"}


def test_an_age_and_older_the_service_is_meant_for_is_the_minimum_age() -> None:
    draft = _draft("Deze app is bedoeld voor gebruikers van 18 jaar en ouder.")
    assert draft.data["children"]["min_age"] == 18
    draft = _draft("Wij bewaren gegevens van klanten van 18 jaar en ouder twee jaar.")
    assert "children" not in draft.data or "min_age" not in draft.data["children"]


def test_the_rights_address_and_portability_in_the_words_after_the_rights() -> None:
    draft = _draft(
        "Je hebt het recht om je gegevens in te zien en je gegevens over te laten dragen.\n\n"
        "Wil je gebruikmaken van een van deze rechten? Stuur een e-mail naar "
        "privacy@voorbeeld.nl. We reageren binnen vier weken."
    )
    assert "portability" in draft.data["rights"]["offered"]
    assert draft.data["rights"]["email"] == "privacy@voorbeeld.nl"


def test_a_transfer_clause_gives_the_countries_outside_the_eea_it_names() -> None:
    draft = _draft(
        "Omdat deze partijen buiten de Europese Economische Ruimte zijn gevestigd, kan "
        "doorgifte van gegevens naar de Verenigde Staten plaatsvinden."
    )
    assert [t["countries"] for t in draft.data["transfers"].values()] == [["US"]]
    draft = _draft("Wij geven gegevens door buiten de EER, bijvoorbeeld aan Duitsland.")
    assert [t["countries"] for t in draft.data["transfers"].values()] == ["unstated"]


def test_recruitment_and_legal_duties_named_in_common_words() -> None:
    draft = _draft(
        "Wij verwerken je gegevens voor:\n\n- werkgevers en werkzoekenden aan elkaar koppelen;"
        "\n- het voldoen aan wettelijke administratieve verplichtingen."
    )
    assert set(draft.data["purposes"]) == {"recruitment", "legal_compliance"}


def test_keeping_data_for_a_period_names_no_purpose() -> None:
    draft = _draft("Wij bewaren uw gegevens voor de duur van het lidmaatschap.")
    assert not draft.data.get("purposes")


def test_a_purpose_of_complying_with_legal_obligations_names_its_basis() -> None:
    draft = _draft(
        "Wij gebruiken je gegevens voor de volgende doeleinden:\n\n"
        "- Het voldoen aan wettelijke verplichtingen.\n"
    )
    assert draft.data["purposes"]["legal_compliance"]["basis"] == "legal_obligation"


def test_a_list_of_data_for_purposes_is_not_a_list_of_purposes() -> None:
    draft = _draft(
        "Wij gebruiken de volgende gegevens voor de hieronder genoemde doeleinden:\n\n"
        "- Uw contactgegevens\n- Uw telefoonnummer\n"
    )
    assert not draft.data.get("purposes")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Wij verwerken telefoonnummers en e-mailadressen van klanten.", {"phone", "email"}),
        ("We collect the email addresses of our members.", {"email"}),
        (
            "Wij registreren de woonplaatsen en bankrekeningnummers van leden.",
            {"city", "bank_account"},
        ),
    ],
)
def test_data_named_in_the_plural(source: str, expected: set[str]) -> None:
    assert set(_draft(source).data["categories"]) == expected


def test_an_item_that_says_what_data_are_for_names_no_data() -> None:
    draft = _draft(
        "Wij verwerken de volgende gegevens:\n\n- Naam\n- Om u berichten te sturen over dit\n"
    )
    assert set(draft.data["categories"]) == {"name"}


def test_a_sentence_on_how_long_messages_are_stored_names_no_data() -> None:
    draft = _draft("Na afloop slaan wij de berichten 3 maanden op.")
    assert "correspondence" not in (draft.data.get("categories") or {})


def test_a_purpose_after_ten_behoeve_van() -> None:
    draft = _draft(
        "Wij verwerken uw gegevens ten behoeve van de ledenadministratie en het innen van de "
        "contributie."
    )
    assert set(draft.data["purposes"]) == {"member_administration", "payment_processing"}


@pytest.mark.parametrize(
    "source",
    [
        "Google gebruikt deze gegevens om advertenties te tonen.",
        "Deze partijen gebruiken uw gegevens voor hun eigen marketing.",
        "They use the information to show you advertising.",
    ],
)
def test_another_partys_use_of_data_is_no_purpose_of_the_organisation(source: str) -> None:
    assert not _draft(source).data.get("purposes")


def test_an_om_te_item_is_named_by_its_verb() -> None:
    draft = _draft(
        "Waarvoor wij je gegevens gebruiken:\n\n"
        "- Om je bestelling te bezorgen\n"
        "- Om je op de hoogte te houden van nieuws\n"
    )
    assert set(draft.data["purposes"]) == {"delivery", "newsletter"}


def test_a_basis_in_brackets_or_after_ter_uitvoering_van_in_a_purpose_item() -> None:
    draft = _draft(
        "Wij gebruiken je gegevens voor de volgende doelen:\n\n"
        "- Het versturen van facturen (wettelijke verplichting)\n"
        "- Het beantwoorden van vragen (art. 6 lid 1 sub f AVG)\n"
        "- Het afhandelen van betalingen, ter uitvoering van de overeenkomst\n"
        "- Marketing (je kunt je toestemming altijd intrekken)\n"
    )
    bases = {key: entry["basis"] for key, entry in draft.data["purposes"].items()}
    assert bases == {
        "billing": "legal_obligation",
        "customer_support": "legitimate_interest",
        "payment_processing": "contract",
        "direct_marketing": "unstated",
    }


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Welke gegevens verwerken wij?\n\nBij een account: je naam, e-mailadres en "
            "wachtwoord.\n",
            {"name", "email", "password"},
        ),
        (
            "Wij verwerken persoonsgegevens van klanten. Het gaat daarbij om uw naam en "
            "telefoonnummer.",
            {"name", "phone"},
        ),
        (
            "We collect data about our members. These are name and date of birth.",
            {"name", "date_of_birth"},
        ),
    ],
)
def test_data_listed_under_a_heading_on_data_or_after_het_gaat_om(
    source: str, expected: set[str]
) -> None:
    assert set(_draft(source).data["categories"]) == expected


def test_het_gaat_om_after_a_negation_names_no_data() -> None:
    draft = _draft("Wij verwerken geen persoonsgegevens van bezoekers. Het gaat om naam en adres.")
    assert not draft.data.get("categories")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "De vereniging registreert van ieder lid de naam, het adres en de geboortedatum.",
            {"name", "address", "date_of_birth"},
        ),
        (
            "De school maakt daarvoor gebruik van je e-mailadres en IP-adres.",
            {"email", "ip_address"},
        ),
        ("Our association collects your name and phone number.", {"name", "phone"}),
    ],
)
def test_data_the_organisation_collects_said_of_it_in_the_third_person(
    source: str, expected: set[str]
) -> None:
    assert set(_draft(source).data["categories"]) == expected


@pytest.mark.parametrize(
    "source",
    [
        "Wij gebruiken deze dienst om bij te houden hoe bezoekers de website gebruiken.",
        "We use Google Analytics to see how visitors use the website.",
    ],
)
def test_an_analytics_service_used_to_see_how_the_site_is_used(source: str) -> None:
    assert set(_draft(source).data["purposes"]) == {"website_analytics"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Wij gebruiken Google Analytics om bij te houden hoe bezoekers de website gebruiken.",
            {"website_activity"},
        ),
        ("Het cookie slaat informatie op over uw gebruik van de website.", {"website_activity"}),
        (
            "Deze dienst meet uw gebruik van de website en ontvangt uw IP-adres.",
            {"website_activity", "ip_address"},
        ),
    ],
)
def test_what_a_measuring_tool_or_cookie_records_of_a_visit(
    source: str, expected: set[str]
) -> None:
    assert set(_draft(source).data["categories"]) == expected


def test_a_measuring_tool_that_does_not_receive_the_ip_address() -> None:
    draft = _draft("Google Analytics ontvangt uw IP-adres niet.")
    assert "ip_address" not in (draft.data.get("categories") or {})


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Tijdens activiteiten worden regelmatig foto's gemaakt voor de website.", {"photo"}),
        ("Als er bij optredens beeldopnamen gemaakt worden, zetten we die online.", {"photo"}),
        ("Photos are taken at our events.", {"photo"}),
        ("Er worden geen foto's gemaakt.", set()),
    ],
)
def test_pictures_taken_of_people(source: str, expected: set[str]) -> None:
    assert set(_draft(source).data.get("categories") or {}) == expected


@pytest.mark.parametrize(
    ("source", "format", "expected"),
    [
        (
            "# Privacy\n\nOnze website draait bij een hostingbedrijf; hun voorwaarden staan "
            "[op hun site](https://www.antagonist.nl/voorwaarden).\n",
            "md",
            {"antagonist"},
        ),
        (
            "<html><body><main><h1>Privacy</h1><p>De betalingen verwerkt een "
            'dienstverlener voor ons, zie <a href="https://www.mollie.com/privacy">'
            "diens privacybeleid</a>.</p></main></body></html>",
            "html",
            {"mollie"},
        ),
        (
            "# Privacy\n\nOur mailings are sent by a service provider "
            "([details](https://mailchimp.com/legal/)).\n",
            "md",
            {"mailchimp"},
        ),
        (  # a link to someone's profile names no recipient
            "# Over ons\n\nDeze site is gemaakt door [Jan](https://www.linkedin.com/in/jan).\n",
            "md",
            set(),
        ),
    ],
)
def test_a_recipient_named_only_by_its_link(source: str, format: str, expected: set[str]) -> None:
    from waarborg.importer.read import read_bytes

    text = read_bytes(source.encode(), format, f"statement.{format}")
    draft = extract(text)
    assert set(draft.data.get("recipients", {})) & set(catalogue.recipients()) == expected
    _evidence_holds(draft)
    for block in text.blocks:  # the address is no part of the text
        assert "http" not in text.text[block.start : block.end]


@pytest.mark.parametrize(
    "source",
    [
        # a grid table drawn in text (reStructuredText)
        "# Privacy\n\n+----------------+-------------------+\n"
        "| Organisatie    | Stichting Het Erf |\n"
        "+----------------+-------------------+\n| Adres          | Molenweg 4        |\n"
        "+----------------+-------------------+\n| Postcode/plaats| 8011 AB Zwolle    |\n"
        "+----------------+-------------------+\n| KvK-nummer     | 12345678          |\n"
        "+----------------+-------------------+\n| Website        | www.hethof.nl     |\n"
        "+----------------+-------------------+\n",
        # the same as a Markdown table
        "# Privacy\n\n| Gegeven | Waarde |\n|---|---|\n| Organisatie | Stichting Het Erf |\n"
        "| Adres | Molenweg 4 |\n| Postcode en woonplaats | 8011 AB Zwolle |\n"
        "| Inschrijving Kamer van Koophandel | 12345678 |\n| Website | www.hethof.nl |\n",
    ],
)
def test_identity_given_as_a_table_of_labels_and_values(source: str) -> None:
    from waarborg.importer.read import read_bytes

    draft = extract(read_bytes(source.encode(), "md", "statement.md"))
    controller = draft.data["controller"]
    assert controller["kvk"] == "12345678"
    assert controller["address"]["street"] == "Molenweg 4"
    assert controller["address"]["postcode"] == "8011 AB"
    assert controller["website"] == "https://www.hethof.nl"
    _evidence_holds(draft)


def test_a_value_cell_without_its_label_is_no_kvk_number() -> None:
    from waarborg.importer.read import read_bytes

    source = "# Privacy\n\n| Bestelnummer | 12345678 |\n|---|---|\n| Klant | ja |\n"
    draft = extract(read_bytes(source.encode(), "md", "statement.md"))
    assert "kvk" not in draft.data.get("controller", {})


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Hoe lang we uw gegevens bewaren\n\n- Offertes: maximaal 6 maanden\n"
         "- Klantgegevens: tot 7 jaar na het einde van de overeenkomst\n",
         {"P6M", "P7Y"}),
        ("# Hoe lang blijven gegevens bij ons?\n\n- Sollicitaties: 4 weken\n- Foto's: 2 jaar\n",
         {"P4W", "P2Y"}),
        ("# How long we keep your data\n\n- Invoices: 7 years\n- Server logs: 3 months\n",
         {"P7Y", "P3M"}),
    ],
)  # fmt: skip
def test_a_list_of_periods_under_a_heading_on_keeping(source: str, expected: set[str]) -> None:
    from waarborg.importer.read import read_bytes

    draft = extract(read_bytes(source.encode(), "md", "statement.md"))
    kept = {rule.get("keep") for rule in draft.data.get("retention", {}).values()}
    assert kept == expected
    _evidence_holds(draft)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # an age given to the people whose data it speaks of, with a guardian's consent
        ("Wij verzamelen geen gegevens van personen onder de 16 jaar, tenzij er toestemming "
         "is van de wettelijk vertegenwoordiger.", {"min_age": 16, "parental_consent": True}),
        ("We do not knowingly collect data from users younger than 13 years.", {"min_age": 13}),
        ("Gegevens van mensen jonger dan 18 jaar verwerken wij alleen met toestemming van "
         "hun ouder.", {"min_age": 18, "parental_consent": True}),
        # the law's own rule is not the organisation's age
        ("Op grond van artikel 8 van de AVG is voor kinderen jonger dan 16 jaar toestemming "
         "van de ouder nodig.", {}),
        # a service for pupils of 12 to 18: 16 is where consent changes hands
        ("Ons platform is bedoeld voor leerlingen (12 tot 18 jaar).\n\nVoor leerlingen jonger "
         "dan 16 jaar geldt ouderlijke toestemming.", {"parental_consent": True}),
    ],
)  # fmt: skip
def test_the_age_of_children_the_statement_sets(source: str, expected: dict[str, Any]) -> None:
    draft = _draft(source)
    found = {k: v for k, v in draft.data.get("children", {}).items() if k != "quote"}
    assert found == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Privacy\n\n## Subverwerkers\n\n- Acme Cloud Inc. \u2013 EU\n- Postmark\n",
         {"acme_cloud_inc", "postmark"}),
        ("# Privacy\n\n## Third parties\n\nWe work with:\n\n- Postmark\n- Bolt Hosting Ltd\n",
         {"postmark", "bolt_hosting_ltd"}),
        ("# Privacy\n\n## Ontvangers\n\n- Drukkerij Vlot\n", {"drukkerij_vlot"}),
        ("# Privacy\n\n## Verwerkers\n\nWij gebruiken geen:\n\n- Postmark\n", set()),
    ],
)  # fmt: skip
def test_a_list_under_a_heading_that_names_recipients(source: str, expected: set[str]) -> None:
    from waarborg.importer.read import read_bytes

    draft = extract(read_bytes(source.encode(), "md", "statement.md"))
    assert set(draft.data.get("recipients", {})) == expected
    _evidence_holds(draft)


def test_a_list_of_retention_periods_per_kind_of_data_names_no_purposes() -> None:
    draft = _draft(
        "Wij bewaren uw gegevens niet langer dan nodig voor de doeleinden waarvoor zij zijn "
        "verzameld:\n\n"
        "- Klantgegevens: zolang u klant bent\n"
        "- Boekhouding: 7 jaar (wettelijke verplichting)\n"
    )
    assert not draft.data.get("purposes")


def test_a_list_after_wij_gebruiken_uw_gegevens_voor_names_purposes() -> None:
    draft = _draft(
        "Wij gebruiken uw persoonsgegevens voor:\n\n"
        "- Facturatie en betalingen\n"
        "- Communicatie over afspraken\n"
    )
    assert {"billing", "communication"} <= set(draft.data["purposes"])


def test_a_legal_duty_for_the_tax_return_is_tax_compliance() -> None:
    draft = _draft(
        "Wij verwerken ook persoonsgegevens als wij hier wettelijk toe verplicht zijn, zoals "
        "gegevens voor onze belastingaangifte."
    )
    assert draft.data["purposes"]["tax_compliance"]["basis"] == "legal_obligation"
    assert "legal_compliance" not in draft.data["purposes"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Voor de facturering zijn uw naam en adres nodig.", {"billing"}),
        ("Voor webhosting maken we gebruik van een Nederlandse partij.", {"hosting"}),
        ("Voor vragen is ons kantoor elke dag open.", set()),
        ("Voor de beveiliging gebruiken wij versleuteling.", set()),
        ("Voor marketing gebruiken wij uw gegevens niet.", set()),
    ],
)  # fmt: skip
def test_a_purpose_put_before_the_verb_with_voor(source: str, expected: set[str]) -> None:
    assert set(_draft(source).data.get("purposes") or {}) == expected


def test_performing_a_contract_or_complying_with_the_law_carries_its_own_basis() -> None:
    draft = _draft(
        "Wij verwerken uw gegevens voor de volgende doeleinden:\n\n"
        "- voor het aangaan en uitvoeren van overeenkomsten\n"
        "- om de wet na te leven\n"
    )
    purposes = draft.data["purposes"]
    assert purposes["contract_performance"]["basis"] == "contract"
    assert purposes["legal_compliance"]["basis"] == "legal_obligation"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Privacy\n\n## Bestellingen\n\nWij gebruiken uw adres om het pakket te sturen.\n",
         {"order_management"}),
        ("# Privacy\n\n## Klantenservice\n\nWe bewaren uw e-mailadres om te antwoorden.\n",
         {"customer_support"}),
        ("# Privacy\n\n## Beveiliging\n\nWij bewaren uw gegevens op versleutelde servers.\n",
         set()),
        ("# Privacy\n\n## Bestellingen\n\nBestellen kan ook telefonisch.\n", set()),
    ],
)  # fmt: skip
def test_a_heading_that_names_a_purpose_over_a_section_on_using_data(
    source: str, expected: set[str]
) -> None:
    from waarborg.importer.read import read_bytes

    draft = extract(read_bytes(source.encode(), "md", "statement.md"))
    assert set(draft.data.get("purposes") or {}) == expected
    _evidence_holds(draft)


def test_contacting_the_person_about_a_request_is_no_purpose() -> None:
    draft = _draft("Wij nemen binnen vier weken contact met u op over uw verzoek.")
    assert not draft.data.get("purposes")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Deze website maakt gebruik van Google Analytics.", {"website_analytics"}),
        ("We use Plausible Analytics on this site.", {"website_analytics"}),
        ("Wij gebruiken geen Google Analytics.", set()),
        ("Google Analytics gebruikt cookies.", set()),
    ],
)  # fmt: skip
def test_a_statistics_service_the_organisation_uses_is_website_analytics(
    source: str, expected: set[str]
) -> None:
    lang = "en" if source.startswith("We ") else "nl"
    assert set(_draft(source, lang).data.get("purposes") or {}) == expected


TRANSFERS = [
    # Data said to stay within the EEA: no transfer, with no country.
    ("Wij verwerken je gegevens binnen de Europese Economische Ruimte (EER).",
     {"countries": [], "transfer": "none"}),
    ("Uw gegevens worden niet buiten de EU verwerkt.", {"countries": [], "transfer": "none"}),
    ("Your data are not transferred outside the EEA.", {"countries": [], "transfer": "none"}),
    # An aim is no promise; a transfer that is made is no "none".
    ("Wij streven ernaar je gegevens binnen de EU te bewaren.", None),
    ("Wij kunnen uw gegevens doorgeven naar landen buiten de EER.",
     {"countries": "unstated", "transfer": "unstated"}),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), TRANSFERS)
def test_a_statement_that_keeps_the_data_within_the_eea_makes_no_transfer(
    source: str, expected: dict[str, Any] | None
) -> None:
    draft = _draft(source)
    clauses = list(draft.data.get("transfers", {}).values())
    if expected is None:
        assert clauses == []
    else:
        assert len(clauses) == 1
        assert {k: clauses[0][k] for k in expected} == expected
    _evidence_holds(draft)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Privacy policy Vlinder.nl\n\nVlinder vindt privacy belangrijk. Mail info@vlinder.nl.",
         "Vlinder"),
        ("# Privacy policy Vlinder.nl\n\nWij vinden privacy belangrijk. Mail info@rups.nl.",
         "unstated"),
        ("# Privacyverklaring Rooster Tool\n\nPlanhuis BV verwerkt uw naam in de Rooster "
         "Tool.", "Planhuis BV"),
        ("## Persoonsgegevens die Jan Smit \u2013 Coaching verwerkt\n\nIk verwerk uw naam.",
         "Jan Smit \u2013 Coaching"),
    ],
)  # fmt: skip
def test_a_heading_naming_the_site_or_who_processes(source: str, expected: str) -> None:
    from waarborg.importer.read import read_bytes

    draft = extract(read_bytes(source.encode(), "md", "statement.md"))
    assert draft.data["controller"]["name"] == expected
    assert "trade_names" not in draft.data["controller"]
    _evidence_holds(draft)


# --- sections read by their headings -------------------------------------------------


def _markdown(tmp_path: Path, source: str) -> Draft:
    from waarborg.importer.read import read

    path = tmp_path / "privacy.md"
    path.write_text(source, "utf-8")
    return extract(read(path))


def test_purposes_listed_under_the_heading_of_their_basis(tmp_path: Path) -> None:
    draft = _markdown(
        tmp_path,
        "# Privacyverklaring\n\nTuin Oost is verantwoordelijk voor de verwerking.\n\n"
        "## 3. Waarom en op welke grondslag verwerken wij uw gegevens?\n\n"
        "### 3.1 Uitvoering van de overeenkomst\n\n- Het bezorgen van planten\n"
        "- Klantenservice en ondersteuning\n\n### 3.2 Gerechtvaardigd belang\n\n"
        "- Fraudepreventie\n\n### 3.3 Toestemming\n\n- Het versturen van een nieuwsbrief\n",
    )
    purposes = draft.data["purposes"]
    assert purposes["customer_support"]["basis"] == "contract"
    assert purposes["fraud_prevention"]["basis"] == "legitimate_interest"
    assert purposes["newsletter"]["basis"] == "consent"
    _evidence_holds(draft)


def test_a_list_the_purposes_section_says_is_not_used_names_no_purpose(tmp_path: Path) -> None:
    draft = _markdown(
        tmp_path,
        "# Privacyverklaring\n\n## Waarvoor gebruiken wij uw gegevens?\n\n"
        "Wij gebruiken uw gegevens nooit voor:\n\n- Het tonen van advertenties\n",
    )
    assert "advertising" not in draft.data.get("purposes", {})


def test_a_purpose_line_followed_by_its_grondslag_line(tmp_path: Path) -> None:
    draft = _markdown(
        tmp_path,
        "# Privacyverklaring\n\n## Doeleinden\n\n"
        "Afhandelen van uw betaling: voor de administratie van de winkel.\n\n"
        "Grondslag: wettelijke verplichting.\n",
    )
    assert draft.data["purposes"]["payment_processing"]["basis"] == "legal_obligation"
    _evidence_holds(draft)


def test_bases_named_with_their_purposes_in_brackets(tmp_path: Path) -> None:
    draft = _markdown(
        tmp_path,
        "# Privacyverklaring\n\n## Rechtsgrond\n\n"
        "Toestemming (nieuwsbrief), gerechtvaardigd belang (fraudepreventie).\n",
    )
    purposes = draft.data["purposes"]
    assert purposes["newsletter"]["basis"] == "consent"
    assert purposes["fraud_prevention"]["basis"] == "legitimate_interest"
    _evidence_holds(draft)


def test_a_list_of_those_the_data_are_shared_with_is_no_list_of_data(tmp_path: Path) -> None:
    draft = _markdown(
        tmp_path,
        "# Privacyverklaring\n\n## Met wie delen wij uw gegevens?\n\n"
        "Wij delen gegevens met:\n\n- Bezorgers\n- Zonnebloem Hosting\n",
    )
    assert not any("bezorg" in key or "hosting" in key for key in draft.data.get("categories", {}))


def test_search_finds_in_each_sentence_what_a_search_of_that_sentence_finds() -> None:
    from waarborg.importer.rules._context import Context

    ctx = Context.of(
        _text(
            "Wij delen gegevens met Acme.\nAcme bewaart ze. Daarna delen\nwij niets.\n\n"
            "- delen met Beta\n- niets"
        )
    )
    for pattern in (re.compile(r"delen\s+\w+"), re.compile(r"\w+"), re.compile(r"x?")):
        naive = [(s, m.span()) for s in ctx.sentences for m in pattern.finditer(s.text)]
        assert [(s, m.span()) for s, m in ctx.search(pattern)] == naive


def test_e_mail_addresses_are_found_as_the_pattern_finds_them() -> None:
    """``find_emails`` reads only around each "@", "[at]" and "(at)", and finds the
    same addresses, at the same places, as ``EMAIL.finditer`` over the whole text."""
    from waarborg.importer.rules.contact import EMAIL, email_in, find_emails

    texts = [
        "Mail ons op info@voorbeeld.nl of privacy [at] voorbeeld.nl.",
        "Schrijf naar a.b-c+d@mail.example.co.uk, of (at) los, of x@y, of @voorbeeld.nl.",
        "Twee achter elkaar: een@twee.nl@drie.nl en vier@vijf.com;zes@zeven.org.",
        "jan (at) voorbeeld.nl\nmarie\t[at] voorbeeld.nl en [at][at]@@ niets",
        "Geen adres hier, alleen tekst.",
        "",
    ]
    for text in texts:
        expected = [(m.start(), m.end()) for m in EMAIL.finditer(text)]
        assert [(m.start(), m.end()) for m in find_emails(text)] == expected
        first = email_in(text)
        assert (first.span() if first else None) == (expected[0] if expected else None)
    assert [m.group(0) for m in find_emails(texts[0])] == [
        "info@voorbeeld.nl",
        "privacy [at] voorbeeld.nl",
    ]


def test_data_asked_for_the_purposes_above_and_no_other_data_than_are_lists_of_data() -> None:
    draft = _draft(
        "Voor de bovenstaande doelstelling(en) kunnen wij de volgende persoonsgegevens van u "
        "vragen:\n\n- Voornamen\n- Achternaam\n- Telefoonnummer"
    )
    assert set(draft.data["categories"]) == {"first_name", "last_name", "phone"}
    draft = _draft(
        "Geen andere gegevens worden verwerkt dan:\n\n"
        "- naam, geboortedatum en kopie identificatiebewijs van de betrokkene;"
    )
    assert set(draft.data["categories"]) == {"name", "date_of_birth", "id_document_copy"}
    _evidence_holds(draft)
    draft = _draft("Wij verwerken geen gegevens over gezondheid, zoals medische gegevens.")
    assert not draft.data.get("categories")


def test_data_named_in_common_words_of_a_patient_or_an_applicant() -> None:
    draft = _draft(
        "Welke gegevens verzamelen we?\n\n- Gegevens over je gezondheid;\n"
        "- Gegevens over je familieleden;\n- Gegevens over vorige dienstbetrekkingen."
    )
    assert {"health", "family_members", "employment_history"} <= set(draft.data["categories"])


def test_a_titled_processing_takes_the_basis_its_own_sentences_give(tmp_path: Path) -> None:
    draft = _markdown(
        tmp_path,
        "# Privacyverklaring\n\nWij gebruiken de volgende gegevens voor de volgende doelen:\n\n"
        "1. _Klantenservice_\nAls u ons belt, beantwoorden wij uw vraag. De rechtsgrond voor "
        "deze verwerking is dat de verwerking noodzakelijk is voor de uitvoering van een "
        "overeenkomst.\n"
        "2. _Klanttevredenheidsonderzoeken_\nWij kunnen u daarna om uw mening vragen. De "
        "rechtsgrond voor deze verwerking is ons gerechtvaardigd belang.\n",
    )
    purposes = draft.data["purposes"]
    assert purposes["customer_support"]["basis"] == "contract"
    assert purposes["feedback"]["basis"] == "legitimate_interest"
    _evidence_holds(draft)


def test_a_purpose_line_with_its_basis_line_is_a_block() -> None:
    draft = _draft(
        "Doel: beantwoorden van vragen over de cursus.\n\nRechtsgrond: gerechtvaardigd belang "
        "(artikel 6 lid 1 sub f AVG)."
    )
    assert draft.data["purposes"]["customer_support"]["basis"] == "legitimate_interest"


def test_a_listed_basis_with_what_it_is_the_basis_of() -> None:
    draft = _draft(
        "Wij verwerken persoonsgegevens voor de volgende doelen:\n\n"
        "- Uw toestemming, zoals bij het verzenden van onze nieuwsbrief;\n"
        "- Uitvoeren van de overeenkomst, zodat wij u kunnen bellen indien dit nodig is;\n"
        "- Wettelijke verplichting, omdat wij dossiers moeten bijhouden. Daarnaast verwerken "
        "wij gegevens voor de belastingaangiftes van onze klanten."
    )
    purposes = draft.data["purposes"]
    assert purposes["newsletter"]["basis"] == "consent"
    assert purposes["communication"]["basis"] == "contract"
    assert purposes["tax_compliance"]["basis"] == "legal_obligation"
    assert not any("toestemming" in key or "overeenkomst" in key for key in purposes)
    _evidence_holds(draft)


def test_purposes_of_an_accountant_and_an_employer_in_the_words_of_the_exemption_decree() -> None:
    draft = _draft(
        "De verwerking geschiedt slechts voor de volgende doeleinden:\n\n- de identificatie;\n"
        "- de beoordeling van de geschiktheid van betrokkene voor een functie;\n"
        "- het berekenen en vastleggen van salarissen;\n"
        "- de interne controle en de bedrijfsbeveiliging;\n"
        "- de uitvoering of toepassing van een andere wet."
    )
    purposes = draft.data["purposes"]
    assert set(purposes) == {
        "identity_verification",
        "recruitment",
        "payroll",
        "security",
        "legal_compliance",
    }
    assert purposes["legal_compliance"]["basis"] == "legal_obligation"


def test_a_basis_after_one_of_several_lists_of_purposes_is_that_lists_basis() -> None:
    draft = _draft(
        "Gegevens van leden worden verwerkt voor de volgende doelen:\n\n- Ledenadministratie\n"
        "- Contributieheffing\n\nGrondslag voor deze persoonsgegevens is:\n\n"
        "- de overeenkomst van lidmaatschap\n\n"
        "Gegevens van bezoekers worden verwerkt voor de volgende doelen:\n\n- Nieuwsbrief\n\n"
        "Grondslag voor deze persoonsgegevens is:\n\n- Aanmelding"
    )
    purposes = draft.data["purposes"]
    assert purposes["member_administration"]["basis"] == "contract"
    assert purposes["billing"]["basis"] == "contract"
    assert purposes["newsletter"].get("basis", "unstated") == "unstated"


def test_a_service_its_own_paragraph_says_is_not_used_is_no_recipient() -> None:
    draft = _draft(
        "Google Analytics is een dienst die wordt aangeboden door Google. Deze dienst wordt "
        "door onze vereniging niet gebruikt. Google kan bezoekers wel zien."
    )
    assert not draft.data.get("recipients")
    draft = _draft("Wij gebruiken Google Analytics om het bezoek aan de website te meten.")
    assert "google_analytics" in draft.data["recipients"]


def test_a_care_providers_purposes_in_one_sentence() -> None:
    draft = _draft(
        "We verzamelen deze gegevens om jou goede zorg te kunnen verlenen, om onze prestaties "
        "te kunnen aanrekenen en om eventuele klachten te kunnen opvolgen."
    )
    assert {"service_provision", "billing", "complaint_handling"} <= set(draft.data["purposes"])


def test_the_age_of_people_younger_than_and_of_minors_in_brackets() -> None:
    draft = _draft("Wij verwerken gegevens van personen jonger dan 16 alleen met de ouders.")
    assert draft.data["children"]["min_age"] == 16
    draft = _draft(
        "Wij verwerken enkel gegevens van minderjarigen (personen tot 16 jaar) met toestemming "
        "van de ouder."
    )
    assert draft.data["children"]["min_age"] == 16


def test_a_short_sub_heading_under_the_heading_on_purposes_names_a_purpose(
    tmp_path: Path,
) -> None:
    draft = _markdown(
        tmp_path,
        "# Privacyverklaring\n\n## Waarvoor worden jouw gegevens gebruikt?\n\n"
        "### Fraudebestrijding\n\nWij proberen misbruik van onze producten tegen te gaan.\n\n"
        "### Toestemming\n\nSoms vragen wij je eerst om toestemming.\n\n"
        "## Hoe lang bewaren wij je gegevens?\n\n### Fraudepreventie\n\nZes maanden.\n",
    )
    assert set(draft.data["purposes"]) == {"fraud_prevention"}
    assert draft.data["purposes"]["fraud_prevention"]["basis"] == "unstated"


def test_public_bodies_that_see_or_are_told_of_the_data_are_recipients() -> None:
    draft = _draft(
        "Hieronder valt ook het inzagerecht van instanties zoals de Belastingdienst. Wij zijn "
        "verplicht ongebruikelijke transacties te melden bij de FIU-Nederland."
    )
    names = {r.get("name") for r in draft.data["recipients"].values()}
    assert {"Belastingdienst", "FIU-Nederland"} <= names
    draft = _draft("Neem contact op met de Belastingdienst voor vragen over uw aangifte.")
    assert not draft.data.get("recipients")


def test_a_basis_under_its_own_sub_heading_after_a_list_of_purposes(tmp_path: Path) -> None:
    draft = _markdown(
        tmp_path,
        "# Privacyverklaring\n\n## Gegevens van leden\n\n"
        "Wij gebruiken de gegevens van leden voor de volgende doelen:\n\n- Ledenadministratie\n"
        "- Contributieheffing\n\n### Rechtsgrond\n\nDe verwerking vindt plaats op basis van de "
        "overeenkomst van lidmaatschap.\n\n## Bezoekers\n\n"
        "Wij gebruiken gegevens van bezoekers voor de volgende doelen:\n\n- Nieuwsbrief\n",
    )
    purposes = draft.data["purposes"]
    assert purposes["member_administration"]["basis"] == "contract"
    assert purposes["billing"]["basis"] == "contract"
    assert purposes["newsletter"].get("basis", "unstated") == "unstated"
