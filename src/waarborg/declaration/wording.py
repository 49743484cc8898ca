"""The words of the privacy statement, the cookie declaration and the register.

Everything that is said the same way in more than one document lives here, once per
language: what each legal basis means in plain words, what each right lets a person
do, how a transfer outside the EEA is safeguarded, how a duration or a retention rule
reads. Dutch addresses the reader as "u"; English as "you".
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .. import catalogue
from .model import Recipient, Retention
from .types import Duration, Text

__all__ = [
    "WORDS",
    "article",
    "country_name",
    "duration_words",
    "event_words",
    "expiry_words",
    "format_date",
    "format_month",
    "in_eea",
    "join",
    "recipient_name",
    "retention_period",
    "retention_sentence",
    "text",
    "transfer_explanation",
    "transfer_short",
    "words",
]

# --- the words, one dict per language ------------------------------------------------

_QUOTED = "\N{LEFT SINGLE QUOTATION MARK}{event}\N{RIGHT SINGLE QUOTATION MARK}"

_NL: dict[str, Any] = {
    "title": "Privacyverklaring",
    "title_of": "Privacyverklaring van {name}",
    "cookie_title_of": "Cookieverklaring van {name}",
    "register_title": "Register van verwerkingsactiviteiten",
    "register_title_of": "Register van verwerkingsactiviteiten van {name}",
    "toc": "Inhoud",
    "effective": "Deze privacyverklaring geldt vanaf {date}.",
    "cookie_effective": "Deze cookieverklaring geldt vanaf {date}.",
    "version": "Versie {version}",
    "intro": "In deze privacyverklaring leest u hoe {name} met persoonsgegevens omgaat.",
    "sections": {
        "controller": "Wie wij zijn",
        "data": "Welke persoonsgegevens wij verwerken",
        "purposes": "Waarvoor wij uw gegevens gebruiken",
        "automated": "Geautomatiseerde besluiten en profilering",
        "recipients": "Met wie wij uw gegevens delen",
        "transfers": "Doorgifte buiten de Europese Economische Ruimte",
        "retention": "Hoe lang wij uw gegevens bewaren",
        "cookies": "Cookies",
        "newsletter": "Nieuwsbrief",
        "rights": "Uw rechten",
        "complaints": "Klachten",
        "children": "Kinderen",
        "security": "Beveiliging",
        "changes": "Wijzigingen",
        "cookie-declaration": "Cookieverklaring",
    },
    # who we are
    "controller_intro": (
        "{name} is verantwoordelijk voor de verwerking van persoonsgegevens zoals "
        "beschreven in deze privacyverklaring."
    ),
    "fact": {
        "name": "Naam",
        "trade_names": "Handelsnamen",
        "legal_form": "Rechtsvorm",
        "address": "Adres",
        "kvk": "KvK-nummer",
        "vat": "Btw-nummer",
        "email": "E-mail",
        "phone": "Telefoon",
        "website": "Website",
        "role": "Functie",
        "contact_form": "Contactformulier",
    },
    "contact_person": "Contactpersoon",
    "contact_intro": "Voor vragen over deze privacyverklaring kunt u terecht bij:",
    "dpo": "Functionaris voor gegevensbescherming",
    "dpo_intro": (
        "Wij hebben een functionaris voor gegevensbescherming (FG) aangesteld. "
        "U kunt de FG rechtstreeks benaderen:"
    ),
    "dpo_external": "De FG is extern aangesteld.",
    "representative": "Vertegenwoordiger in de EU",
    "representative_intro": (
        "Wij zijn niet in de Europese Unie gevestigd. Onze vertegenwoordiger in de EU is:"
    ),
    "joint": "Gezamenlijke verantwoordelijkheid",
    "joint_intro": (
        "Voor een deel van de verwerkingen bepalen wij samen met de volgende "
        "organisatie(s) waarom en hoe persoonsgegevens worden verwerkt. Wij zijn dan "
        "gezamenlijk verantwoordelijk."
    ),
    "joint_law": (
        "De AVG geeft u het recht uw rechten bij elk van ons uit te oefenen (artikel 26 lid 3 AVG)."
    ),
    "processor_note": (
        "Daarnaast verwerken wij persoonsgegevens in opdracht van onze klanten. Voor die "
        "verwerkingen zijn wij verwerker en is de klant verantwoordelijk. Het gaat om: "
        "{items}."
    ),
    # data
    "subjects_intro": "Wij verwerken persoonsgegevens van:",
    "data_intro": "Wij verwerken de volgende persoonsgegevens.",
    "data_headers": ["Persoonsgegevens", "Toelichting"],
    "data_caption": "Persoonsgegevens die wij verwerken",
    "special": "Dit is een bijzonder persoonsgegeven (artikel 9 AVG).",
    "criminal": "Dit is een strafrechtelijk persoonsgegeven (artikel 10 AVG).",
    "anonymised": "Wij slaan dit gegeven geanonimiseerd op.",
    "statute": "Wij verwerken dit alleen omdat de wet dat voorschrijft ({statute}).",
    "sources_title": "Herkomst van de gegevens",
    "sources_intro": "Deze gegevens krijgen wij niet van u zelf:",
    "source": {
        "observed": (
            "Dit gegeven verzamelen wij automatisch wanneer u onze website of diensten gebruikt."
        ),
        "derived": "Dit gegeven leiden wij af uit andere gegevens die wij van u hebben.",
        "third_party": "Dit gegeven ontvangen wij van een andere partij.",
        "third_party_named": "Dit gegeven ontvangen wij van een andere partij: {source}.",
        "public_register": "Dit gegeven halen wij uit een openbaar register.",
        "public_register_named": "Dit gegeven halen wij uit een openbaar register: {source}.",
    },
    # purposes
    "purposes_intro": "Wij gebruiken persoonsgegevens voor de volgende doelen.",
    "purposes_bases": "Bij elk doel staat op welke wettelijke grondslag wij ons baseren.",
    "pfact": {
        "categories": "Gegevens",
        "subjects": "Van wie",
        "basis": "Grondslag",
        "interest": "Ons gerechtvaardigd belang",
        "art9": "Bijzondere persoonsgegevens",
        "art10": "Strafrechtelijke gegevens",
        "requirement": "Verstrekken verplicht",
        "consequence": "Als u ze niet verstrekt",
        "recipients": "Ontvangers",
        "retention": "Bewaartermijn",
        "withdraw": "Toestemming intrekken",
        "profiling": "Geautomatiseerde besluiten",
        "controller": "Verantwoordelijke",
    },
    "basis": {
        "consent": "Wij doen dit met uw toestemming",
        "contract": (
            "Dit is nodig om onze overeenkomst met u uit te voeren, of om op uw verzoek "
            "een overeenkomst met u te sluiten"
        ),
        "legal_obligation": "Dit zijn wij wettelijk verplicht",
        "vital_interest": ("Dit is nodig om uw vitale belangen of die van een ander te beschermen"),
        "public_task": (
            "Dit is nodig voor een taak van algemeen belang of van openbaar gezag die de "
            "wet ons opdraagt"
        ),
        "legitimate_interest": "Dit is nodig voor ons gerechtvaardigd belang",
    },
    "basis_balanced": ("Wij hebben dat belang vooraf afgewogen tegen uw belangen en uw privacy."),
    "basis_object": "De AVG geeft u het recht hiertegen bezwaar te maken (artikel 21 AVG).",
    "art9_condition": "Wij mogen deze gegevens verwerken op grond van: {label} ({article}).",
    "requirement": {
        "statutory": "U bent wettelijk verplicht deze gegevens aan ons te verstrekken.",
        "contractual": "Het verstrekken van deze gegevens volgt uit onze overeenkomst.",
        "contract_prerequisite": (
            "Deze gegevens zijn nodig om een overeenkomst met ons te kunnen sluiten."
        ),
        "optional": "U bent niet verplicht deze gegevens te verstrekken.",
    },
    "no_recipients": "Wij delen deze gegevens met niemand.",
    "withdraw_default": (
        "De AVG geeft u het recht uw toestemming op elk moment in te trekken. Wat daarvóór "
        "met uw toestemming gebeurde, blijft rechtmatig (artikel 7 lid 3 AVG)."
    ),
    "automated_intro": "Bij de volgende verwerkingen gebruiken wij geautomatiseerde middelen.",
    "automated_decision": (
        "Wij nemen hierbij besluiten die uitsluitend op geautomatiseerde verwerking "
        "berusten (artikel 22 AVG)."
    ),
    "no_automated_decision": (
        "Wij nemen hierbij geen besluiten die uitsluitend op geautomatiseerde verwerking berusten."
    ),
    "profiling_only": "Wij maken hierbij gebruik van profilering.",
    "no_profiling": "Wij maken hierbij geen gebruik van profilering.",
    "logic": "Hoe het werkt: {text}",
    "significance": "Wat dit voor u betekent: {text}",
    "art22_rights": (
        "De AVG geeft u bij zo'n besluit het recht op menselijke tussenkomst, om uw "
        "standpunt kenbaar te maken en om het besluit aan te vechten (artikel 22 lid 3 AVG)."
    ),
    # recipients
    "recipients_intro": "Wij delen persoonsgegevens met de volgende ontvangers.",
    "recipients_headers": ["Ontvanger", "Dienst", "Rol", "Land"],
    "recipients_caption": "Ontvangers van persoonsgegevens",
    "recipients_none": "Wij delen uw persoonsgegevens niet met anderen.",
    "processors_agreement": (
        "Met de organisaties die gegevens in onze opdracht verwerken (verwerkers), hebben "
        "wij een verwerkersovereenkomst gesloten."
    ),
    "processors_law": (
        "Een verwerker mag persoonsgegevens alleen volgens onze instructies verwerken "
        "(artikel 28 lid 3 AVG)."
    ),
    "catalogue_note": "{facts}: volgens {source}, stand {date}.",
    "catalogue_facts": {
        "role": "rol",
        "country": "land",
        "transfer": "waarborg voor doorgifte",
        "dpf_certified": "DPF-certificering",
        "label": "dienst",
        "provider": "aanbieder",
        "category": "soort",
        "purpose": "doel",
        "expiry": "bewaartermijn",
    },
    "role": {
        "processor": "Verwerker",
        "sub_processor": "Subverwerker",
        "controller": "Zelfstandig verwerkingsverantwoordelijke",
        "joint_controller": "Gezamenlijk verwerkingsverantwoordelijke",
        "third_party": "Derde",
        "authority": "Overheidsinstantie",
    },
    "eea": "Europese Economische Ruimte",
    "in_eea": "Binnen de EER",
    # transfers
    "transfers_intro": (
        "Sommige ontvangers verwerken uw gegevens in landen buiten de Europese Economische "
        "Ruimte (EER), waar de AVG niet vanzelf geldt. Het gaat om de volgende doorgiften:"
    ),
    "transfers_headers": ["Ontvanger", "Land", "Waarborg"],
    "transfers_caption": "Doorgifte buiten de EER",
    "transfers_none": "Wij geven uw persoonsgegevens niet door naar landen buiten de EER.",
    "transfer_clause": "Wij geven persoonsgegevens door naar {countries}.",
    "transfer_clause_unnamed": "Wij geven persoonsgegevens door naar landen buiten de EER.",
    "transfer_clause_safeguard": "Waarborg: {safeguard}.",
    "transfer": {
        "adequacy": (
            "De Europese Commissie heeft vastgesteld dat {country} een passend "
            "beschermingsniveau biedt (adequaatheidsbesluit, artikel 45 AVG)."
        ),
        "dpf": (
            "{name} is gecertificeerd onder het EU-VS Data Privacy Framework. Volgens de "
            "Europese Commissie bieden gecertificeerde organisaties een passend "
            "beschermingsniveau (artikel 45 AVG)."
        ),
        "dpf_uncertified": (
            "Wij baseren deze doorgifte op het EU-VS Data Privacy Framework (artikel 45 AVG)."
        ),
        "scc": (
            "Wij hebben met {name} de standaardcontractbepalingen van de Europese Commissie "
            "afgesproken (artikel 46 AVG)."
        ),
        "bcr": (
            "{name} werkt met bindende bedrijfsvoorschriften die door een toezichthouder "
            "zijn goedgekeurd (artikel 47 AVG)."
        ),
        "derogation": (
            "Deze doorgifte is toegestaan op grond van een uitzondering in artikel 49 AVG."
        ),
    },
    "transfer_short": {
        "adequacy": "Adequaatheidsbesluit (art. 45 AVG)",
        "dpf": "EU-VS Data Privacy Framework (art. 45 AVG)",
        "scc": "Standaardcontractbepalingen (art. 46 lid 2 sub c AVG)",
        "bcr": "Bindende bedrijfsvoorschriften (art. 47 AVG)",
        "derogation": "Uitzondering (art. 49 AVG)",
        "privacy_shield": "Privacy Shield: ongeldig sinds 16 juli 2020 (HvJ EU C-311/18)",
        "none": "Geen waarborg vastgelegd",
        "unstated": "Niet vastgelegd",
    },
    # retention
    "retention_intro": "Wij bewaren persoonsgegevens volgens deze bewaartermijnen.",
    "retention_headers": ["Gegevens voor", "Bewaartermijn"],
    "retention_caption": "Bewaartermijnen",
    "retention_after": "{duration} na {event}",
    "retention_immediately": "direct na {event}",
    "retention_immediately_collection": "direct na gebruik",
    "retention_hold": "omdat de wet dat voorschrijft ({hold})",
    "retention_hold_sentence": "De wet schrijft dit voor ({hold}).",
    "retention_anonymise": "Daarna anonimiseren wij de gegevens.",
    "retention_other": "Overige gegevens",
    "retention_data_intro": (
        "Voor sommige gegevens geldt een eigen bewaartermijn, voor welk doel wij ze ook gebruiken:"
    ),
    "retention_data_headers": ["Gegevens", "Bewaartermijn"],
    "retention_data_caption": "Bewaartermijnen per soort gegevens",
    "events": {
        "relationship_end": "het einde van onze zakelijke relatie",
        "business_relationship_end": "het einde van onze zakelijke relatie",
        "customer_relationship_end": "het einde van onze klantrelatie",
        "contract_end": "het einde van de overeenkomst",
        "agreement_end": "het einde van de overeenkomst",
        "subscription_end": "het einde van uw abonnement",
        "account_closed": "het opheffen van uw account",
        "account_deleted": "het opheffen van uw account",
        "account_cancelled": "het opzeggen van uw account",
        "account_end": "het opheffen van uw account",
        "invoice_date": "de factuurdatum",
        "fiscal_year_end": "het einde van het boekjaar",
        "financial_year_end": "het einde van het boekjaar",
        "consent_withdrawn": "het intrekken van uw toestemming",
        "unsubscribed": "uw afmelding",
        "unsubscribe": "uw afmelding",
        "last_contact": "ons laatste contact",
        "last_activity": "uw laatste activiteit",
        "last_login": "uw laatste inlog",
        "last_visit": "uw laatste bezoek aan onze website",
        "last_order": "uw laatste bestelling",
        "order_date": "uw bestelling",
        "delivery": "de levering",
        "request_closed": "de afhandeling van uw verzoek",
        "request_handled": "de afhandeling van uw verzoek",
        "complaint_closed": "de afhandeling van uw klacht",
        "question_answered": "de beantwoording van uw vraag",
        "project_end": "het einde van het project",
        "application_end": "het einde van de sollicitatieprocedure",
        "application_closed": "het einde van de sollicitatieprocedure",
        "employment_end": "het einde van het dienstverband",
        "call_date": "het gesprek",
        "call_end": "het gesprek",
        "identity_verified": "de controle van uw identiteit",
        "verified": "de controle van uw identiteit",
    },
    "event_unknown": "de gebeurtenis " + _QUOTED,
    "units": {
        "years": ("jaar", "jaar"),
        "months": ("maand", "maanden"),
        "weeks": ("week", "weken"),
        "days": ("dag", "dagen"),
        "hours": ("uur", "uur"),
        "minutes": ("minuut", "minuten"),
        "seconds": ("seconde", "seconden"),
    },
    "and": "en",
    "or": "of",
    "session": "Sessie",
    "immediately": "direct",
    # cookies
    "cookies_intro": (
        "Onze website gebruikt cookies en vergelijkbare technieken: gegevens die in uw "
        "browser worden opgeslagen of daaruit worden gelezen."
    ),
    "cookies_consent": "Voor {items} vragen wij vooraf uw toestemming.",
    "cookies_none": "Onze website gebruikt geen cookies of vergelijkbare technieken.",
    "cookies_withdraw": (
        "De AVG geeft u het recht die toestemming altijd weer in te trekken (artikel 7 lid 3 "
        "AVG; artikel 11.7a Telecommunicatiewet)."
    ),
    "cookies_link": "Welke cookies wij gebruiken, leest u in de cookieverklaring hieronder.",
    "cookies_used": "Wij gebruiken: {items}.",
    "cookie_declaration_intro": "Dit zijn de cookies die onze website gebruikt, per soort.",
    "cookie_headers": ["Naam", "Aanbieder", "Doel", "Bewaartermijn", "Toestemming gevraagd"],
    "consent": {"asked": "Ja", "not_asked": "Nee"},
    "cookie_category": {
        "functional": "Functionele cookies",
        "analytics": "Analytische cookies",
        "marketing": "Marketing- en trackingcookies",
        "personalisation": "Voorkeurscookies",
        "security": "Beveiligingscookies",
    },
    # newsletter
    "newsletter_intro": "{label}:",
    "newsletter_opt_in": {
        "double": (
            "Wij sturen u deze berichten alleen als u zich daarvoor heeft aangemeld. Na uw "
            "aanmelding ontvangt u een e-mail met een bevestigingslink; pas als u daarop "
            "klikt, is uw aanmelding definitief (double opt-in)."
        ),
        "single": "Wij sturen u deze berichten alleen als u zich daarvoor heeft aangemeld.",
    },
    "newsletter_unsubscribe": {
        "every_message": "Elk bericht bevat een afmeldlink.",
        "on_request": "U kunt zich altijd afmelden door ons een bericht te sturen.",
    },
    "newsletter_existing": (
        "Bent u klant bij ons, dan kunnen wij u ook zonder aparte aanmelding berichten "
        "sturen over vergelijkbare producten en diensten van ons."
    ),
    "newsletter_existing_law": (
        "De wet geeft u het recht u daarvoor altijd af te melden (artikel 11.7 lid 3 "
        "Telecommunicatiewet)."
    ),
    # rights
    "rights_intro": "De AVG geeft u de volgende rechten.",
    "right": {
        "access": (
            "U kunt opvragen welke persoonsgegevens wij van u verwerken en een kopie "
            "daarvan krijgen (artikel 15 AVG)."
        ),
        "rectification": (
            "U kunt onjuiste of onvolledige gegevens laten verbeteren of aanvullen "
            "(artikel 16 AVG)."
        ),
        "erasure": (
            "U kunt ons vragen uw gegevens te verwijderen (artikel 17 AVG). Dat recht geldt "
            "niet voor gegevens die wij wettelijk moeten bewaren (artikel 17 lid 3 AVG)."
        ),
        "restriction": (
            "U kunt ons vragen het gebruik van uw gegevens te beperken, bijvoorbeeld zolang "
            "uw verzoek om correctie wordt beoordeeld (artikel 18 AVG)."
        ),
        "objection": (
            "U kunt bezwaar maken als wij uw gegevens gebruiken op grond van ons "
            "gerechtvaardigd belang of een taak van algemeen belang. Maakt u bezwaar tegen "
            "direct marketing, dan moeten wij daarmee stoppen (artikel 21 AVG)."
        ),
        "portability": (
            "U kunt de gegevens die u zelf aan ons heeft gegeven en die wij met uw "
            "toestemming of voor een overeenkomst verwerken, in een gangbaar, machineleesbaar "
            "bestand ontvangen, of laten doorsturen naar een andere organisatie (artikel 20 "
            "AVG)."
        ),
        "withdraw_consent": (
            "Heeft u toestemming gegeven, dan kunt u die op elk moment intrekken. Wat "
            "daarvóór met uw toestemming gebeurde, blijft rechtmatig (artikel 7 lid 3 AVG)."
        ),
        "complain": "U kunt een klacht indienen bij {authority} (artikel 77 AVG).",
    },
    "right_label": {
        "access": "Recht op inzage",
        "rectification": "Recht op correctie",
        "erasure": "Recht op verwijdering",
        "restriction": "Recht op beperking",
        "objection": "Recht van bezwaar",
        "portability": "Recht op overdraagbaarheid",
        "withdraw_consent": "Toestemming intrekken",
        "complain": "Recht om te klagen",
    },
    "exercise_title": "Zo oefent u uw rechten uit",
    "exercise_channels": "U kunt uw verzoek indienen {items}.",
    "channel": {
        "web": "via het privacyformulier op onze website",
        "email": "per e-mail aan {value}",
        "phone": "telefonisch via {value}",
        "post": "per post aan {value}",
        "url": "via {value}",
    },
    "verify": {
        "email": (
            "Om zeker te weten dat het verzoek van u komt, sturen wij u een e-mail met een "
            "bevestigingslink. Wij vragen u niet om een kopie van uw identiteitsbewijs."
        ),
        "account": (
            "Dient u uw verzoek in terwijl u bent ingelogd op uw account, dan weten wij dat "
            "het verzoek van u komt."
        ),
        "id_copy": (
            "Om zeker te weten dat het verzoek van u komt, vragen wij u een kopie van uw "
            "identiteitsbewijs mee te sturen."
        ),
    },
    "id_copy_masking": (
        "Maak in die kopie uw pasfoto, de MRZ (de strook met nummers onderaan het "
        "document), uw documentnummer en uw burgerservicenummer (BSN) onleesbaar."
    ),
    "respond_within": (
        "Wij reageren zo snel mogelijk op uw verzoek, uiterlijk binnen {duration} na ontvangst."
    ),
    "respond_law": (
        "De AVG schrijft voor dat wij zonder onnodige vertraging op uw verzoek reageren, "
        "uiterlijk binnen een maand na ontvangst (artikel 12 lid 3 AVG)."
    ),
    "extension": (
        "Is uw verzoek ingewikkeld of ontvangen wij veel verzoeken, dan kunnen wij deze "
        "termijn met nog {duration} verlengen."
    ),
    "extension_law": (
        "De AVG verplicht ons u dat binnen de eerste termijn te laten weten, met de reden "
        "(artikel 12 lid 3 AVG)."
    ),
    "free": (
        "Volgens de AVG is een verzoek in de regel kosteloos (artikel 12 lid 5 AVG). Wordt "
        "een verzoek afgewezen, dan moet worden uitgelegd waarom, en kunt u een klacht "
        "indienen bij de toezichthouder of naar de rechter stappen (artikel 12 lid 4 AVG)."
    ),
    # complaints
    "complaints_own": (
        "Bent u niet tevreden over hoe wij met uw persoonsgegevens omgaan? Laat het ons weten{via}."
    ),
    "complaints_via": " via {email}",
    "complaints_ack": "U ontvangt binnen {duration} een ontvangstbevestiging.",
    "complaints_respond": "Binnen {duration} na ontvangst reageren wij inhoudelijk op uw klacht.",
    "complaints_authority": (
        "De AVG geeft u het recht een klacht in te dienen bij de toezichthouder (artikel 77 AVG):"
    ),
    "authority_source": "Gegevens van de toezichthouder: {source}, stand {date}.",
    "authority_facts": {
        "name": "Toezichthouder",
        "address": "Adres",
        "postal_address": "Postadres",
        "phone": "Telefoon",
        "complaint_url": "Klacht indienen",
    },
    # children
    "children_directed": "Onze diensten zijn ook bedoeld voor kinderen.",
    "children_min_age": (
        "Onze website en diensten zijn niet bedoeld voor kinderen jonger dan {age} jaar."
    ),
    "children_no_min_age": "Voor onze website en diensten geldt geen minimumleeftijd.",
    "children_parental": (
        "Is een kind jonger dan {age} jaar, dan verwerken wij zijn of haar gegevens alleen "
        "met toestemming van een ouder of voogd."
    ),
    "children_no_parental": (
        "Wij verwerken geen gegevens van kinderen jonger dan {age} jaar, ook niet met "
        "toestemming van een ouder of voogd."
    ),
    "children_parental_no_age": (
        "Wij verwerken gegevens van kinderen alleen met toestemming van een ouder of voogd."
    ),
    # security
    "security_intro": "Wij beveiligen persoonsgegevens met onder meer deze maatregelen:",
    "security_measures": "Wij nemen onder meer de volgende maatregelen:",
    "security_contact": (
        "Heeft u de indruk dat uw gegevens niet goed beveiligd zijn, of zijn er aanwijzingen "
        "van misbruik? Neem dan contact met ons op via {email}."
    ),
    # changes
    "changes_url": "De actuele versie van deze privacyverklaring staat op {url}.",
    # register
    "yes": "Ja",
    "no": "Nee",
    "not_recorded": "Niet vastgelegd",
    "none": "Geen",
    "outside_eea": "buiten de EER",
    "no_transfer": "Geen doorgifte buiten de EER",
    "register_intro": (
        "Dit register beschrijft de verwerkingen van persoonsgegevens van {name}, zoals "
        "artikel 30 AVG voorschrijft."
    ),
    "register_30_1": "Art. 30 lid 1 AVG: verwerkingen als verwerkingsverantwoordelijke",
    "register_30_2": "Art. 30 lid 2 AVG: verwerkingen als verwerker",
    "register_sheet_1": "Art. 30(1)",
    "register_sheet_2": "Art. 30(2)",
    "columns": {
        "register": "Register",
        "activity": "Verwerking",
        "controller": "Verwerkingsverantwoordelijke",
        "purpose": "Doel van de verwerking",
        "basis": "Rechtsgrond",
        "subjects": "Categorieën betrokkenen",
        "categories": "Categorieën persoonsgegevens",
        "recipients": "Categorieën ontvangers",
        "transfers": "Doorgifte naar derde landen en waarborgen",
        "retention": "Termijnen voor wissing",
        "security": "Beveiligingsmaatregelen (art. 32 AVG)",
        "processor": "Verwerker",
        "client": "Verwerkingsverantwoordelijke (opdrachtgever)",
        "processing": "Categorieën van verwerkingen",
        "subprocessors": "Subverwerkers",
        "agreement": "Verwerkersovereenkomst",
    },
    "party": {
        "joint": "Gezamenlijk verwerkingsverantwoordelijke",
        "representative": "Vertegenwoordiger",
        "dpo": "Functionaris gegevensbescherming",
        "kvk": "KvK",
        "vat": "Btw",
    },
    "law": "AVG",
    "draft": {
        "word": "CONCEPT",
        "banner": "Dit is een concept en geen gepubliceerde versie.",
        "findings_title": "Open bevindingen",
        "findings_intro": (
            "Deze versie is geen definitieve privacyverklaring: de controle van de declaratie "
            "vond de volgende punten, die eerst moeten worden opgelost."
        ),
        "severity": {"error": "Fout", "warning": "Waarschuwing", "info": "Opmerking"},
    },
    # The register's open points: what the organisation's records do not yet hold.
    "open_points": {
        "title": "Open punten",
        "intro": (
            "De controle van de declaratie vond de volgende punten in dit register en de "
            "administratie erachter (art. 5 lid 2, 28 en 30 AVG)."
        ),
        "sheet": "Open punten",
        "columns": {
            "severity": "Ernst",
            "point": "Punt",
            "article": "Artikel",
            "where": "Plaats in de declaratie",
            "rule": "Regel",
        },
        "rules": {
            "balancing-test-missing": (
                'Voor het doel "{name}" (gerechtvaardigd belang) is geen belangenafweging '
                "vastgelegd."
            ),
            "purpose-subjects-missing": (
                'Voor het doel "{name}" zijn de categorieën betrokkenen niet vastgelegd.'
            ),
            "purpose-categories-missing": (
                'Voor het doel "{name}" zijn de categorieën persoonsgegevens niet vastgelegd.'
            ),
            "processor-agreement-missing": (
                "Met de verwerker {name} is geen verwerkersovereenkomst vastgelegd."
            ),
            "security-measures-missing": "De beveiligingsmaatregelen zijn niet beschreven.",
            "processor-register-missing": (
                "De organisatie treedt op als verwerker, maar er zijn geen verwerkingen voor "
                "opdrachtgevers vastgelegd."
            ),
            "processor-categories-unstated/categories": (
                "Voor de verwerking in opdracht van {name} zijn de categorieën "
                "persoonsgegevens niet vastgelegd."
            ),
            "processor-categories-unstated/subjects": (
                "Voor de verwerking in opdracht van {name} zijn de categorieën betrokkenen "
                "niet vastgelegd."
            ),
            "processor-agreement-unstated": (
                "Voor de verwerking in opdracht van {name} is geen "
                "verwerkersovereenkomst vastgelegd."
            ),
            "subprocessor-authorisation-missing": (
                "Voor de subverwerker {name} is geen toestemming van {client} vastgelegd."
            ),
            "recipient-country-unstated": (
                "Voor de ontvanger {name} is niet vastgelegd in welk land de gegevens worden "
                "verwerkt."
            ),
            "recipient-role-unstated": (
                "Voor de ontvanger {name} is niet vastgelegd of het een verwerker, een "
                "zelfstandige verwerkingsverantwoordelijke of een andere ontvanger is."
            ),
        },
    },
}

_EN: dict[str, Any] = {
    "title": "Privacy statement",
    "title_of": "Privacy statement of {name}",
    "cookie_title_of": "Cookie declaration of {name}",
    "register_title": "Record of processing activities",
    "register_title_of": "Record of processing activities of {name}",
    "toc": "Contents",
    "effective": "This privacy statement applies from {date}.",
    "cookie_effective": "This cookie declaration applies from {date}.",
    "version": "Version {version}",
    "intro": "This privacy statement describes how {name} handles personal data.",
    "sections": {
        "controller": "Who we are",
        "data": "Which personal data we process",
        "purposes": "What we use your data for",
        "automated": "Automated decisions and profiling",
        "recipients": "Who we share your data with",
        "transfers": "Transfers outside the European Economic Area",
        "retention": "How long we keep your data",
        "cookies": "Cookies",
        "newsletter": "Newsletter",
        "rights": "Your rights",
        "complaints": "Complaints",
        "children": "Children",
        "security": "Security",
        "changes": "Changes",
        "cookie-declaration": "Cookie declaration",
    },
    "controller_intro": (
        "{name} is the controller responsible for the processing of personal data described "
        "in this privacy statement."
    ),
    "fact": {
        "name": "Name",
        "trade_names": "Trade names",
        "legal_form": "Legal form",
        "address": "Address",
        "kvk": "Chamber of Commerce (KvK) number",
        "vat": "VAT number",
        "email": "Email",
        "phone": "Phone",
        "website": "Website",
        "role": "Role",
        "contact_form": "Contact form",
    },
    "contact_person": "Contact person",
    "contact_intro": "For questions about this privacy statement, please contact:",
    "dpo": "Data protection officer",
    "dpo_intro": (
        "We have appointed a data protection officer (DPO). You can contact the DPO directly:"
    ),
    "dpo_external": "The DPO is an external appointee.",
    "representative": "Representative in the EU",
    "representative_intro": (
        "We are not established in the European Union. Our representative in the EU is:"
    ),
    "joint": "Joint controllers",
    "joint_intro": (
        "For part of the processing we decide together with the following organisation(s) "
        "why and how personal data is processed. We are then joint controllers."
    ),
    "joint_law": (
        "The GDPR gives you the right to exercise your rights with each of us (Article 26(3) GDPR)."
    ),
    "processor_note": (
        "We also process personal data on behalf of our clients. For that processing we "
        "are a processor and the client is the controller. This concerns: {items}."
    ),
    "subjects_intro": "We process personal data of:",
    "data_intro": "We process the following personal data.",
    "data_headers": ["Personal data", "Details"],
    "data_caption": "Personal data we process",
    "special": "This is a special category of personal data (Article 9 GDPR).",
    "criminal": (
        "This is personal data relating to criminal convictions and offences (Article 10 GDPR)."
    ),
    "anonymised": "We store this data anonymised.",
    "statute": "We only process this because the law requires it ({statute}).",
    "sources_title": "Where the data comes from",
    "sources_intro": "We do not receive this data from you:",
    "source": {
        "observed": "Collected automatically when you use our website or services.",
        "derived": "Derived from other data we hold about you.",
        "third_party": "Obtained from another party.",
        "third_party_named": "Obtained from another party: {source}.",
        "public_register": "Obtained from a public register.",
        "public_register_named": "Obtained from a public register: {source}.",
    },
    "purposes_intro": "We use personal data for the following purposes.",
    "purposes_bases": "For each purpose we state the legal basis on which we rely.",
    "pfact": {
        "categories": "Data",
        "subjects": "Whose data",
        "basis": "Legal basis",
        "interest": "Our legitimate interest",
        "art9": "Special categories of data",
        "art10": "Criminal offence data",
        "requirement": "Obligation to provide",
        "consequence": "If you do not provide it",
        "recipients": "Recipients",
        "retention": "Retention",
        "withdraw": "Withdrawing consent",
        "profiling": "Automated decisions",
        "controller": "Controller",
    },
    "basis": {
        "consent": "We do this with your consent",
        "contract": (
            "This is necessary to perform our contract with you, or to take steps at your "
            "request before entering into a contract"
        ),
        "legal_obligation": "We are required to do this by law",
        "vital_interest": (
            "This is necessary to protect your vital interests or those of another person"
        ),
        "public_task": (
            "This is necessary for a task in the public interest or in the exercise of "
            "official authority vested in us by law"
        ),
        "legitimate_interest": "This is necessary for our legitimate interest",
    },
    "basis_balanced": (
        "We weighed that interest against your interests and your privacy before we started."
    ),
    "basis_object": "The GDPR gives you the right to object to this (Article 21 GDPR).",
    "art9_condition": "We may process this data on the following ground: {label} ({article}).",
    "requirement": {
        "statutory": "You are required by law to provide this data to us.",
        "contractual": "Providing this data is required under our contract.",
        "contract_prerequisite": "We need this data to be able to enter into a contract with you.",
        "optional": "You are not required to provide this data.",
    },
    "no_recipients": "We do not share this data with anyone.",
    "withdraw_default": (
        "The GDPR gives you the right to withdraw your consent at any time. This does not "
        "affect what was done with your consent before (Article 7(3) GDPR)."
    ),
    "automated_intro": "We use automated means in the following processing.",
    "automated_decision": (
        "We make decisions based solely on automated processing (Article 22 GDPR)."
    ),
    "no_automated_decision": "We make no decisions here based solely on automated processing.",
    "profiling_only": "This involves profiling.",
    "no_profiling": "This involves no profiling.",
    "logic": "How it works: {text}",
    "significance": "What this means for you: {text}",
    "art22_rights": (
        "The GDPR gives you the right to human intervention in such a decision, to express "
        "your point of view and to contest the decision (Article 22(3) GDPR)."
    ),
    "recipients_intro": "We share personal data with the following recipients.",
    "recipients_headers": ["Recipient", "Service", "Role", "Country"],
    "recipients_caption": "Recipients of personal data",
    "recipients_none": "We do not share your personal data with others.",
    "processors_agreement": (
        "With the organisations that process data on our behalf (processors) we have "
        "concluded a data processing agreement."
    ),
    "processors_law": (
        "A processor may only process personal data on our instructions (Article 28(3) GDPR)."
    ),
    "catalogue_note": "{facts}: according to {source}, as of {date}.",
    "catalogue_facts": {
        "role": "role",
        "country": "country",
        "transfer": "transfer safeguard",
        "dpf_certified": "DPF certification",
        "label": "service",
        "provider": "provider",
        "category": "kind",
        "purpose": "purpose",
        "expiry": "expiry",
    },
    "role": {
        "processor": "Processor",
        "sub_processor": "Sub-processor",
        "controller": "Independent controller",
        "joint_controller": "Joint controller",
        "third_party": "Third party",
        "authority": "Public authority",
    },
    "eea": "European Economic Area",
    "in_eea": "Within the EEA",
    "transfers_intro": (
        "Some recipients process your data in countries outside the European Economic Area "
        "(EEA), where the GDPR does not automatically apply. These are the transfers:"
    ),
    "transfers_headers": ["Recipient", "Country", "Safeguard"],
    "transfers_caption": "Transfers outside the EEA",
    "transfers_none": "We do not transfer your personal data to countries outside the EEA.",
    "transfer_clause": "We transfer personal data to {countries}.",
    "transfer_clause_unnamed": "We transfer personal data to countries outside the EEA.",
    "transfer_clause_safeguard": "Safeguard: {safeguard}.",
    "transfer": {
        "adequacy": (
            "The European Commission has decided that {country} ensures an adequate level "
            "of protection (adequacy decision, Article 45 GDPR)."
        ),
        "dpf": (
            "{name} is certified under the EU-US Data Privacy Framework. The European "
            "Commission has decided that certified organisations ensure an adequate level "
            "of protection (Article 45 GDPR)."
        ),
        "dpf_uncertified": (
            "We base this transfer on the EU-US Data Privacy Framework (Article 45 GDPR)."
        ),
        "scc": (
            "We have agreed the European Commission's standard contractual clauses with "
            "{name} (Article 46 GDPR)."
        ),
        "bcr": (
            "{name} applies binding corporate rules approved by a supervisory authority "
            "(Article 47 GDPR)."
        ),
        "derogation": ("This transfer is permitted under a derogation in Article 49 GDPR."),
    },
    "transfer_short": {
        "adequacy": "Adequacy decision (Art. 45 GDPR)",
        "dpf": "EU-US Data Privacy Framework (Art. 45 GDPR)",
        "scc": "Standard contractual clauses (Art. 46(2)(c) GDPR)",
        "bcr": "Binding corporate rules (Art. 47 GDPR)",
        "derogation": "Derogation (Art. 49 GDPR)",
        "privacy_shield": "Privacy Shield: invalid since 16 July 2020 (CJEU C-311/18)",
        "none": "No safeguard recorded",
        "unstated": "Not recorded",
    },
    "retention_intro": "We keep personal data for these periods.",
    "retention_headers": ["Data for", "Retention period"],
    "retention_caption": "Retention periods",
    "retention_after": "{duration} after {event}",
    "retention_immediately": "immediately after {event}",
    "retention_immediately_collection": "immediately after use",
    "retention_hold": "because the law requires this ({hold})",
    "retention_hold_sentence": "The law requires this ({hold}).",
    "retention_anonymise": "After that we anonymise the data.",
    "retention_other": "Other data",
    "retention_data_intro": "Some data has a retention period of its own, whatever we use it for:",
    "retention_data_headers": ["Data", "Retention period"],
    "retention_data_caption": "Retention periods by kind of data",
    "events": {
        "relationship_end": "the end of our business relationship",
        "business_relationship_end": "the end of our business relationship",
        "customer_relationship_end": "the end of our customer relationship",
        "contract_end": "the end of the contract",
        "agreement_end": "the end of the contract",
        "subscription_end": "the end of your subscription",
        "account_closed": "your account is closed",
        "account_deleted": "your account is closed",
        "account_cancelled": "you cancel your account",
        "account_end": "your account is closed",
        "invoice_date": "the invoice date",
        "fiscal_year_end": "the end of the financial year",
        "financial_year_end": "the end of the financial year",
        "consent_withdrawn": "you withdraw your consent",
        "unsubscribed": "you unsubscribe",
        "unsubscribe": "you unsubscribe",
        "last_contact": "our last contact",
        "last_activity": "your last activity",
        "last_login": "your last login",
        "last_visit": "your last visit to our website",
        "last_order": "your last order",
        "order_date": "your order",
        "delivery": "delivery",
        "request_closed": "we have handled your request",
        "request_handled": "we have handled your request",
        "complaint_closed": "we have handled your complaint",
        "question_answered": "we have answered your question",
        "project_end": "the end of the project",
        "application_end": "the end of the application procedure",
        "application_closed": "the end of the application procedure",
        "employment_end": "the end of employment",
        "call_date": "the call",
        "call_end": "the call",
        "identity_verified": "we have verified your identity",
        "verified": "we have verified your identity",
    },
    "event_unknown": "the event " + _QUOTED,
    "units": {
        "years": ("year", "years"),
        "months": ("month", "months"),
        "weeks": ("week", "weeks"),
        "days": ("day", "days"),
        "hours": ("hour", "hours"),
        "minutes": ("minute", "minutes"),
        "seconds": ("second", "seconds"),
    },
    "and": "and",
    "or": "or",
    "session": "Session",
    "immediately": "immediately",
    "cookies_intro": (
        "Our website uses cookies and similar technologies: data stored in or read from "
        "your browser."
    ),
    "cookies_consent": "We ask for your consent before placing {items}.",
    "cookies_none": "Our website uses no cookies or similar technologies.",
    "cookies_withdraw": (
        "The GDPR gives you the right to withdraw that consent at any time (Article 7(3) "
        "GDPR; Article 11.7a of the Dutch Telecommunications Act)."
    ),
    "cookies_link": "The cookie declaration below lists the cookies we use.",
    "cookies_used": "We use: {items}.",
    "cookie_declaration_intro": "These are the cookies our website uses, by type.",
    "cookie_headers": ["Name", "Provider", "Purpose", "Expiry", "Consent asked"],
    "consent": {"asked": "Yes", "not_asked": "No"},
    "cookie_category": {
        "functional": "Functional cookies",
        "analytics": "Analytics cookies",
        "marketing": "Marketing and tracking cookies",
        "personalisation": "Preference cookies",
        "security": "Security cookies",
    },
    "newsletter_intro": "{label}:",
    "newsletter_opt_in": {
        "double": (
            "We only send you these messages if you have signed up for them. After signing "
            "up you receive an email with a confirmation link; your subscription only "
            "starts once you click it (double opt-in)."
        ),
        "single": "We only send you these messages if you have signed up for them.",
    },
    "newsletter_unsubscribe": {
        "every_message": "Every message contains an unsubscribe link.",
        "on_request": "You can unsubscribe at any time by sending us a message.",
    },
    "newsletter_existing": (
        "If you are a customer, we may also send you messages about similar products and "
        "services of ours without a separate sign-up."
    ),
    "newsletter_existing_law": (
        "The law gives you the right to unsubscribe from them at any time (Article 11.7(3) of "
        "the Dutch Telecommunications Act)."
    ),
    "rights_intro": "The GDPR gives you the following rights.",
    "right": {
        "access": (
            "You can ask which personal data we process about you and receive a copy of it "
            "(Article 15 GDPR)."
        ),
        "rectification": (
            "You can have incorrect or incomplete data corrected or completed (Article 16 GDPR)."
        ),
        "erasure": (
            "You can ask us to erase your data (Article 17 GDPR). This right does not apply "
            "to data we are required by law to keep (Article 17(3) GDPR)."
        ),
        "restriction": (
            "You can ask us to restrict the use of your data, for example while your request "
            "for correction is assessed (Article 18 GDPR)."
        ),
        "objection": (
            "You can object when we use your data on the basis of our legitimate interest or "
            "a task in the public interest. If you object to direct marketing, we must stop "
            "(Article 21 GDPR)."
        ),
        "portability": (
            "You can receive the data you provided to us, where we process it with your "
            "consent or for a contract, in a common, machine-readable file, or have it sent "
            "to another organisation (Article 20 GDPR)."
        ),
        "withdraw_consent": (
            "If you have given consent, you can withdraw it at any time. What was done with "
            "your consent before remains lawful (Article 7(3) GDPR)."
        ),
        "complain": "You can lodge a complaint with {authority} (Article 77 GDPR).",
    },
    "right_label": {
        "access": "Right of access",
        "rectification": "Right to rectification",
        "erasure": "Right to erasure",
        "restriction": "Right to restriction",
        "objection": "Right to object",
        "portability": "Right to data portability",
        "withdraw_consent": "Withdrawing consent",
        "complain": "Right to complain",
    },
    "exercise_title": "How to exercise your rights",
    "exercise_channels": "You can submit your request {items}.",
    "channel": {
        "web": "through the privacy form on our website",
        "email": "by email to {value}",
        "phone": "by phone on {value}",
        "post": "by post to {value}",
        "url": "at {value}",
    },
    "verify": {
        "email": (
            "To make sure the request comes from you, we send you an email with a "
            "confirmation link. We do not ask for a copy of your identity document."
        ),
        "account": (
            "If you submit your request while logged in to your account, we know the request "
            "comes from you."
        ),
        "id_copy": (
            "To make sure the request comes from you, we ask you to include a copy of your "
            "identity document."
        ),
    },
    "id_copy_masking": (
        "In that copy, black out your photo, the MRZ (the strip of numbers at the bottom of "
        "the document), your document number and your citizen service number (BSN)."
    ),
    "respond_within": (
        "We respond to your request as soon as possible, and at the latest within "
        "{duration} of receiving it."
    ),
    "respond_law": (
        "The GDPR requires us to respond to your request without undue delay, and at the "
        "latest within one month of receiving it (Article 12(3) GDPR)."
    ),
    "extension": (
        "If your request is complex or we receive many requests, we may extend this period "
        "by a further {duration}."
    ),
    "extension_law": (
        "The GDPR requires us to tell you so within the first period, with our reasons "
        "(Article 12(3) GDPR)."
    ),
    "free": (
        "Under the GDPR a request is as a rule free of charge (Article 12(5) GDPR). If a "
        "request is refused, the reasons must be given, and you can lodge a complaint with "
        "the supervisory authority or go to court (Article 12(4) GDPR)."
    ),
    "complaints_own": (
        "Are you unhappy with how we handle your personal data? Please let us know{via}."
    ),
    "complaints_via": " at {email}",
    "complaints_ack": "You will receive an acknowledgement within {duration}.",
    "complaints_respond": (
        "We respond to the substance of your complaint within {duration} of receiving it."
    ),
    "complaints_authority": (
        "The GDPR gives you the right to lodge a complaint with the supervisory authority "
        "(Article 77 GDPR):"
    ),
    "authority_source": "Details of the supervisory authority: {source}, as of {date}.",
    "authority_facts": {
        "name": "Supervisory authority",
        "address": "Address",
        "postal_address": "Postal address",
        "phone": "Phone",
        "complaint_url": "Lodge a complaint",
    },
    "children_directed": "Our services are also intended for children.",
    "children_min_age": (
        "Our website and services are not intended for children under the age of {age}."
    ),
    "children_no_min_age": "Our website and services have no minimum age.",
    "children_parental": (
        "If a child is under {age}, we only process their data with the consent of a parent "
        "or guardian."
    ),
    "children_no_parental": (
        "We do not process data of children under {age}, not even with the consent of a "
        "parent or guardian."
    ),
    "children_parental_no_age": (
        "We only process data of children with the consent of a parent or guardian."
    ),
    "security_intro": "We protect personal data with, among others, these measures:",
    "security_measures": "Among other things, we take the following measures:",
    "security_contact": (
        "If you feel that your data is not properly secured, or if there are signs of "
        "misuse, please contact us at {email}."
    ),
    "changes_url": "The current version of this privacy statement is at {url}.",
    "yes": "Yes",
    "no": "No",
    "not_recorded": "Not recorded",
    "none": "None",
    "outside_eea": "outside the EEA",
    "no_transfer": "No transfer outside the EEA",
    "register_intro": (
        "This record describes the processing of personal data by {name}, as required by "
        "Article 30 GDPR."
    ),
    "register_30_1": "Art. 30(1) GDPR: processing as controller",
    "register_30_2": "Art. 30(2) GDPR: processing as processor",
    "register_sheet_1": "Art. 30(1)",
    "register_sheet_2": "Art. 30(2)",
    "columns": {
        "register": "Register",
        "activity": "Processing activity",
        "controller": "Controller",
        "purpose": "Purpose of the processing",
        "basis": "Legal basis",
        "subjects": "Categories of data subjects",
        "categories": "Categories of personal data",
        "recipients": "Categories of recipients",
        "transfers": "Transfers to third countries and safeguards",
        "retention": "Time limits for erasure",
        "security": "Security measures (Art. 32 GDPR)",
        "processor": "Processor",
        "client": "Controller (client)",
        "processing": "Categories of processing",
        "subprocessors": "Sub-processors",
        "agreement": "Processing agreement",
    },
    "party": {
        "joint": "Joint controller",
        "representative": "Representative",
        "dpo": "Data protection officer",
        "kvk": "KvK",
        "vat": "VAT",
    },
    "law": "GDPR",
    "draft": {
        "word": "DRAFT",
        "banner": "This is a draft, not a published version.",
        "findings_title": "Open findings",
        "findings_intro": (
            "This version is not a final privacy statement: checking the declaration found "
            "the following points, which are to be resolved first."
        ),
        "severity": {"error": "Error", "warning": "Warning", "info": "Note"},
    },
    "open_points": {
        "title": "Open points",
        "intro": (
            "Checking the declaration found the following points in this record and the "
            "records behind it (Art. 5(2), 28 and 30 GDPR)."
        ),
        "sheet": "Open points",
        "columns": {
            "severity": "Severity",
            "point": "Point",
            "article": "Article",
            "where": "Place in the declaration",
            "rule": "Rule",
        },
        "rules": {
            "balancing-test-missing": (
                'No balancing test is recorded for the purpose "{name}" (legitimate interest).'
            ),
            "purpose-subjects-missing": (
                'The categories of data subjects are not recorded for the purpose "{name}".'
            ),
            "purpose-categories-missing": (
                'For the purpose "{name}", the categories of personal data are not recorded.'
            ),
            "processor-agreement-missing": (
                "No processing agreement with the processor {name} is on record."
            ),
            "security-measures-missing": "The security measures are not described.",
            "processor-register-missing": (
                "The organisation acts as a processor, but no processing for clients is recorded."
            ),
            "processor-categories-unstated/categories": (
                "The categories of personal data are not recorded for the processing on "
                "behalf of {name}."
            ),
            "processor-categories-unstated/subjects": (
                "The categories of data subjects are not recorded for the processing on "
                "behalf of {name}."
            ),
            "processor-agreement-unstated": (
                "No processing agreement is recorded for the processing on behalf of {name}."
            ),
            "subprocessor-authorisation-missing": (
                "No authorisation from {client} is recorded for the sub-processor {name}."
            ),
            "recipient-country-unstated": (
                "For the recipient {name}, the country where the data is processed is not recorded."
            ),
            "recipient-role-unstated": (
                "For the recipient {name}, whether it is a processor, an independent "
                "controller or another recipient is not recorded."
            ),
        },
    },
}

WORDS: dict[str, dict[str, Any]] = {"nl": _NL, "en": _EN}


def words(lang: str) -> dict[str, Any]:
    """The word list of ``lang`` (``nl`` or ``en``)."""
    try:
        return WORDS[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; use one of: nl, en") from None


# --- helpers -------------------------------------------------------------------------


def text(value: Text | None, lang: str) -> str:
    """``value`` in ``lang`` (falling back to the other language), or an empty string."""
    return "" if value is None else value.get(lang)


def join(items: list[str], lang: str, conjunction: str = "and") -> str:
    """``a``, ``a en b``, ``a, b en c`` (``and`` in English); ``of``/``or`` on request."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {words(lang)[conjunction]} " + items[-1]


_ARTICLE = re.compile(r"^(\d+)(?:\((\d+)\))?(?:\(([a-z])\))?$")


def article(ref: str, lang: str) -> str:
    """An article reference such as ``6(1)(b)`` as a lawyer writes it.

    Dutch: ``art. 6 lid 1 sub b AVG``; English: ``Art. 6(1)(b) GDPR``.
    """
    match = _ARTICLE.match(ref.strip())
    if lang == "nl":
        if not match:
            return f"art. {ref} AVG"
        number, paragraph, point = match.groups()
        out = f"art. {number}"
        if paragraph:
            out += f" lid {paragraph}"
        if point:
            out += f" sub {point}"
        return out + " AVG"
    return f"Art. {ref} GDPR"


def duration_words(duration: Duration, lang: str) -> str:
    """``P4W`` as ``4 weken`` / ``4 weeks``; ``P1Y6M`` as ``1 jaar en 6 maanden``."""
    units = words(lang)["units"]
    parts = []
    for field in ("years", "months", "weeks", "days", "hours", "minutes", "seconds"):
        value = getattr(duration, field)
        if value:
            singular, plural = units[field]
            parts.append(f"{value} {singular if value == 1 else plural}")
    if not parts:
        return f"0 {units['days'][1]}"
    return join(parts, lang)


def expiry_words(expiry: Duration | str | None, lang: str) -> str:
    """A cookie's expiry in words; ``session`` as ``Sessie``; empty when not stated."""
    if isinstance(expiry, Duration):
        return duration_words(expiry, lang)
    if expiry == "session":
        return str(words(lang)["session"])
    return ""


def _is_zero(duration: Duration) -> bool:
    return duration.approx_days == 0


def event_words(event: str, lang: str) -> str:
    """The event a retention period is counted from, as a phrase after ``na``/``after``."""
    known = words(lang)["events"].get(event)
    if known:
        return str(known)
    return str(words(lang)["event_unknown"]).format(event=event.replace("_", " "))


def retention_period(rule: Retention, lang: str) -> str:
    """The period of a retention rule in words, e.g. ``7 jaar na de factuurdatum``.

    A rule without a period gives its criteria text, or an empty string.
    """
    w = words(lang)
    if rule.keep is None:
        return text(rule.criteria, lang)
    if rule.after == "collection":
        if _is_zero(rule.keep):
            return str(w["retention_immediately_collection"])
        return duration_words(rule.keep, lang)
    event = event_words(rule.after, lang)
    if _is_zero(rule.keep):
        return str(w["retention_immediately"]).format(event=event)
    return str(w["retention_after"]).format(duration=duration_words(rule.keep, lang), event=event)


def retention_sentence(rule: Retention, lang: str) -> str:
    """The whole rule in words: period, legal ground, what happens after, and criteria."""
    w = words(lang)
    period = retention_period(rule, lang)
    if not period:
        return ""
    if rule.keep is None:
        out = [_sentence(period)]
        if rule.hold:
            out.append(str(w["retention_hold_sentence"]).format(hold=rule.hold))
        if rule.then == "anonymise":
            out.append(str(w["retention_anonymise"]))
        return " ".join(out)
    first = period[0].upper() + period[1:]
    if rule.hold:
        first += ", " + str(w["retention_hold"]).format(hold=rule.hold)
    out = [_sentence(first)]
    if rule.criteria is not None:
        out.append(_sentence(text(rule.criteria, lang)))
    if rule.then == "anonymise":
        out.append(str(w["retention_anonymise"]))
    return " ".join(out)


def _sentence(value: str) -> str:
    value = value.strip()
    if value and value[-1] not in ".!?":
        value += "."
    return value


def in_eea(country: str | None) -> bool | None:
    """True inside the EEA, False outside, None when the country is not known."""
    if country in (None, "unstated"):
        return None
    if country == "EEA":
        return True
    if country == "EUROPE":
        return None  # Europe is not the EEA: Switzerland, the UK and others are outside
    return country in catalogue.EEA_COUNTRIES


def country_name(code: str | None, lang: str) -> str:
    """The country's name in ``lang`` (``US`` gives ``Verenigde Staten``)."""
    if code in (None, "unstated"):
        return ""
    if code == "EEA":
        return str(words(lang)["in_eea"])
    if code == "EUROPE":
        return "Europa" if lang == "nl" else "Europe"
    name = catalogue.countries().get(code)
    return code if name is None else (name.nl if lang == "nl" else name.en)


def format_date(value: date, lang: str) -> str:
    """``24 februari 2024`` / ``24 February 2024``."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(value, format="long", locale="nl_NL" if lang == "nl" else "en_GB"))


def format_month(year: int, month: int, lang: str) -> str:
    """``februari 2026`` / ``February 2026``."""
    from babel.dates import format_date as babel_format_date

    locale = "nl_NL" if lang == "nl" else "en_GB"
    return str(babel_format_date(date(year, month, 1), format="LLLL y", locale=locale))


def recipient_name(key: str, recipient: Recipient, lang: str) -> str:
    """The recipient's name, or its label, or its key."""
    if recipient.name and recipient.name != "unstated":
        return recipient.name
    if recipient.label is not None:
        return recipient.label.get(lang)
    return key


def transfer_explanation(key: str, recipient: Recipient, lang: str) -> str:
    """How a transfer to this recipient is safeguarded, in a plain sentence.

    Empty when no valid safeguard is declared: a mechanism that is unstated, none, or
    invalid (Privacy Shield) is not presented as a safeguard.
    """
    mechanism: str | None = recipient.transfer
    templates = words(lang)["transfer"]
    if mechanism == "dpf" and not recipient.dpf_certified:
        mechanism = "dpf_uncertified"
    if mechanism not in templates:
        return ""
    sentence = str(templates[mechanism]).format(
        name=recipient_name(key, recipient, lang),
        country=country_name(recipient.country, lang),
    )
    if mechanism == "derogation" and recipient.derogation is not None:
        sentence += " " + _sentence(text(recipient.derogation, lang))
    return sentence


def transfer_short(recipient: Recipient, lang: str) -> str:
    """The safeguard of a transfer in a few words, for the register."""
    mechanism = recipient.transfer or "unstated"
    short = str(words(lang)["transfer_short"].get(mechanism, mechanism))
    if mechanism == "derogation" and recipient.derogation is not None:
        short += ": " + text(recipient.derogation, lang)
    return short
