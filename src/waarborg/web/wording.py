"""The words of the privacy centre's pages, in Dutch and English.

Each sentence has one source: what the centre itself does (it confirms a request by
an e-mailed link), a fact the declaration states (filled in as ``{...}``; see
``centre_claims``), or the law, worded as the law with its article. The rights are
described as the law gives them (``right_law``), not as the organisation's promise;
their headings come from the privacy statement's word list, so both use the same
names. Templates look words up with ``t("key")`` or ``t("group.key")``.
"""

from __future__ import annotations

from typing import Any

from .address_wording import ADDRESS_ERRORS

__all__ = ["LANGS", "WORDS", "lookup"]

LANGS = ("nl", "en")

_NL: dict[str, Any] = {
    "centre": "Privacycentrum",
    "skip": "Naar de inhoud",
    "language": "Taal",
    "other_language": "English",
    "privacy_statement": "Privacyverklaring",
    "home_title": "Uw rechten over uw persoonsgegevens",
    "home_intro": (
        "Hier vraagt u {org} om uw gegevens in te zien, te verbeteren, te laten "
        "verwijderen en meer."
    ),
    "home_verify": (
        "U heeft geen account nodig: wij sturen u een e-mail met een link, en met die link "
        "bevestigt u dat het verzoek van u komt."
    ),
    "home_no_id_copy": "Wij vragen niet om een kopie van uw identiteitsbewijs.",
    "home_deadline": "Wij antwoorden binnen {period} na ontvangst van uw verzoek.",
    "home_deadline_law": (
        "De AVG geeft ons een maand na ontvangst om uw verzoek te beantwoorden "
        "(artikel 12 lid 3 AVG)."
    ),
    "home_extension": (
        "Is uw verzoek ingewikkeld of krijgen wij veel verzoeken, dan kunnen wij die termijn "
        "met {period} verlengen. Dat laten wij u dan binnen de eerste termijn weten, met de "
        "reden."
    ),
    "home_extension_law": (
        "Is een verzoek ingewikkeld of zijn er veel verzoeken, dan mag die termijn met twee "
        "maanden worden verlengd. Dat moeten wij u dan binnen de eerste maand laten weten, "
        "met de reden (artikel 12 lid 3 AVG)."
    ),
    "home_free": "Volgens de AVG is een verzoek gratis (artikel 12 lid 5 AVG).",
    "right_law": {
        "access": (
            "De AVG geeft u het recht om te horen of wij persoonsgegevens van u verwerken, "
            "en zo ja welke, waarvoor en met wie wij ze delen, en om er een kopie van te "
            "krijgen (artikel 15 AVG)."
        ),
        "rectification": (
            "De AVG geeft u het recht om onjuiste gegevens over u te laten verbeteren en "
            "onvolledige gegevens te laten aanvullen (artikel 16 AVG)."
        ),
        "erasure": (
            "De AVG geeft u het recht om uw gegevens te laten verwijderen, onder meer als "
            "ze niet meer nodig zijn voor het doel waarvoor ze zijn verzameld of als u uw "
            "toestemming intrekt. Gegevens die volgens de wet bewaard moeten worden, vallen "
            "daar niet onder zolang die plicht geldt (artikel 17 AVG)."
        ),
        "restriction": (
            "De AVG geeft u het recht om het gebruik van uw gegevens te laten beperken, "
            "bijvoorbeeld zolang wordt beoordeeld of uw gegevens kloppen of of uw bezwaar "
            "terecht is (artikel 18 AVG)."
        ),
        "objection": (
            "De AVG geeft u het recht om bezwaar te maken tegen het gebruik van uw gegevens "
            "op grond van een gerechtvaardigd belang; dat gebruik stopt dan, tenzij er "
            "dwingende redenen zijn die zwaarder wegen. Tegen direct marketing kunt u altijd "
            "bezwaar maken, en dan moet het gebruik daarvoor stoppen (artikel 21 AVG)."
        ),
        "portability": (
            "De AVG geeft u het recht om de gegevens die u zelf heeft gegeven te krijgen in "
            "een gangbaar, machineleesbaar bestand, als ze worden gebruikt met uw "
            "toestemming of voor een overeenkomst met u (artikel 20 AVG)."
        ),
        "withdraw_consent": (
            "De AVG geeft u het recht om uw toestemming op elk moment in te trekken. Dat "
            "geldt vanaf dat moment: wat daarvóór met uw toestemming gebeurde, blijft "
            "rechtmatig (artikel 7 lid 3 AVG)."
        ),
        "complain": (
            "De AVG geeft u het recht om een klacht in te dienen bij een toezichthouder "
            "(artikel 77 AVG)."
        ),
        "complain_at": (
            "De AVG geeft u het recht om een klacht in te dienen bij een toezichthouder; "
            "voor ons is dat {authority} (artikel 77 AVG)."
        ),
    },
    "not_in_statement": (
        "Onze privacyverklaring noemt dit recht niet, maar de wet (AVG) geeft het u wel."
    ),
    "start": {
        "access": "Inzage aanvragen",
        "rectification": "Correctie aanvragen",
        "erasure": "Verwijdering aanvragen",
        "restriction": "Beperking aanvragen",
        "objection": "Bezwaar maken",
        "portability": "Gegevens opvragen om mee te nemen",
        "withdraw_consent": "Toestemming intrekken",
    },
    "complain_how": "Een klacht indienen bij {authority}",
    "complain_first": (
        "U mag ook eerst bij ons klagen, via {email}. Bent u niet tevreden met ons antwoord, "
        "dan kunt u altijd nog bij de toezichthouder terecht."
    ),
    "form_intro": (
        "Vul uw e-mailadres in. Wij sturen u een link om te bevestigen dat het verzoek van "
        "u komt; pas daarna nemen wij het in behandeling."
    ),
    "email": "Uw e-mailadres",
    "email_hint": "Gebruik het adres waarmee u bij ons bekend bent.",
    "message_rectification": "Wat klopt er niet, en wat moet het zijn?",
    "message_rectification_hint": (
        "Bijvoorbeeld: mijn adres is niet Dorpsstraat 1 maar Dorpsstraat 10 in Hengelo."
    ),
    "objection_purposes": "Tegen welk gebruik van uw gegevens maakt u bezwaar?",
    "objection_marketing": "direct marketing: dit gebruik moet dan altijd stoppen",
    "objection_interest": "op grond van ons gerechtvaardigd belang",
    "objection_public_task": "voor een taak van algemeen belang of openbaar gezag",
    "objection_none": (
        "Onze privacyverklaring noemt geen gebruik op grond van gerechtvaardigd belang, voor "
        "een taak van algemeen belang of voor direct marketing. Wilt u toch bezwaar maken, "
        "schrijf ons dan via {email}."
    ),
    "grounds": "Uw redenen (niet verplicht)",
    "grounds_hint": (
        "Bij bezwaar tegen gebruik op grond van ons gerechtvaardigd belang helpt het als u "
        "uitlegt wat er in uw situatie speelt. Voor direct marketing hoeft u niets uit te "
        "leggen."
    ),
    "restriction_scope": "Welk gebruik van uw gegevens wilt u laten beperken?",
    "restriction_all": "Al het gebruik van mijn gegevens",
    "restriction_reason": "Waarom? (niet verplicht)",
    "restriction_reason_hint": (
        "Bijvoorbeeld: mijn gegevens kloppen niet, en ik wil dat u ze niet gebruikt tot ze "
        "zijn verbeterd. Zolang het gebruik beperkt is, mogen de gegevens volgens de AVG in "
        "de regel alleen nog worden bewaard (artikel 18 lid 2 AVG)."
    ),
    "consent_purposes": "Voor welk doel trekt u uw toestemming in?",
    "consent_none": (
        "Onze privacyverklaring noemt geen gebruik dat op uw toestemming berust. Heeft u "
        "vragen, schrijf ons dan via {email}."
    ),
    "consent_note": (
        "Intrekken geldt vanaf nu. Wat eerder met uw toestemming gebeurde, blijft rechtmatig "
        "(artikel 7 lid 3 AVG)."
    ),
    "send": "Verzoek versturen",
    "error_summary": "Er is een probleem",
    "errors": {
        "email": "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
        **ADDRESS_ERRORS["nl"],
        "message": "Beschrijf wat er niet klopt en wat het moet zijn.",
        "purposes": "Kies ten minste één doel.",
        "purpose_unknown": "Kies een doel uit de lijst.",
        "too_long": "Deze tekst is te lang; houd het onder de 5.000 tekens.",
        "other": "Dit verzoek kon niet worden aangenomen: {message}",
    },
    "sent_title": "Kijk in uw e-mail",
    "sent_text": (
        "Wij sturen u een e-mail met een link om uw verzoek te bevestigen. Open de link "
        "binnen {period}; daarna vervalt het verzoek."
    ),
    "sent_spam": (
        "Geen e-mail ontvangen? Kijk in uw map met ongewenste e-mail, of controleer of u het "
        "adres gebruikt waarmee u bij ons bekend bent."
    ),
    "verify_title": "Bevestig uw verzoek",
    "verify_text": (
        "Klik op de knop om te bevestigen dat u dit verzoek heeft gedaan. Daarna gaan wij "
        "ermee aan de slag."
    ),
    "verify_button": "Ja, dit verzoek komt van mij",
    "verify_not_me": "Heeft u dit verzoek niet gedaan? Dan hoeft u niets te doen.",
    "verified_title": "Uw verzoek is bevestigd",
    "verified_text": (
        "Dank u. Wij nemen uw verzoek om {kind} in behandeling. Uiterlijk op {due} krijgt u "
        "ons antwoord, of bericht dat wij de termijn verlengen (artikel 12 lid 3 AVG). U "
        "krijgt een e-mail met een link waarmee u de voortgang kunt volgen."
    ),
    "link_invalid_title": "Deze link werkt niet (meer)",
    "link_invalid_text": (
        "De link is verlopen, al gebruikt of niet volledig. Een link werkt maar één keer en "
        "maar een beperkte tijd. U kunt een nieuw verzoek doen in het privacycentrum."
    ),
    "status_title": "Uw verzoek",
    "status_kind": "Verzoek",
    "status_status": "Status",
    "status_drp": "Status (Data Rights Protocol)",
    "status_received": "Ontvangen",
    "status_due": "Uiterlijk antwoord",
    "status_extended": "Verlengd tot",
    "status_days_left": "Dagen over",
    "status_days": "{days} dagen",
    "status_overdue": "Te laat: de termijn is verstreken. U kunt een klacht indienen.",
    "status_denied": "Reden van afwijzing",
    "status_history": "Verloop",
    "status_when": "Wanneer",
    "status_what": "Wat",
    "status_no_events": "Nog geen stappen.",
    "download_title": "Uw gegevens downloaden",
    "download_text": (
        "Hier downloadt u het antwoord op uw verzoek om {kind}: een zip-bestand met onze "
        "brief en uw gegevens, ook als JSON- en CSV-bestanden die een computer kan lezen."
    ),
    "download_once": (
        "De link werkt één keer. Bewaar het bestand op een veilige plek: het bevat uw "
        "persoonsgegevens."
    ),
    "download_button": "Download (zip)",
    "kinds": {
        "access": "inzage",
        "portability": "overdracht van uw gegevens",
        "erasure": "verwijdering",
        "rectification": "correctie",
        "restriction": "beperking",
        "objection": "bezwaar",
        "withdraw_consent": "intrekking van toestemming",
    },
    "statuses": {
        "received": "Ontvangen",
        "verifying": "Wacht op uw bevestiging",
        "verified": "Bevestigd",
        "in_progress": "In behandeling",
        "review": "In behandeling: wordt beoordeeld door een medewerker",
        "executed": "Uitgevoerd; het antwoord volgt",
        "answered": "Beantwoord",
        "denied": "Afgewezen",
        "expired": "Vervallen: niet op tijd bevestigd",
        "revoked": "Ingetrokken",
    },
    "events": {
        "filed": "Verzoek ontvangen",
        "verified": "Door u bevestigd",
        "started": "In behandeling genomen",
        "review": "Ter beoordeling bij een medewerker",
        "approved": "Goedgekeurd door een medewerker",
        "planned": "Plan gemaakt",
        "executed": "Uitgevoerd",
        "answered": "Beantwoord",
        "waiting": "Even gewacht: een systeem was niet bereikbaar; wij proberen het opnieuw",
        "denied": "Afgewezen",
        "extended": "Termijn verlengd",
        "expired": "Vervallen",
        "downloaded": "Gedownload",
    },
    "deny_reasons": {
        "insuf_verification": "Uw identiteit kon niet voldoende worden vastgesteld.",
        "no_match": "Wij vonden geen gegevens die bij u horen.",
        "too_many_requests": "Het verzoek is kennelijk ongegrond of buitensporig (art. 12 lid 5).",
        "legal_obligation": "Een wettelijke plicht staat het verzoek in de weg.",
        "other": "Zie de toelichting in onze e-mail.",
    },
    "error_title": {
        400: "Dit verzoek klopt niet",
        403: "Dit formulier is verlopen",
        404: "Niet gevonden",
        405: "Dat kan hier niet",
        413: "Te veel gegevens",
        422: "Dit verzoek klopt niet",
        429: "Te veel verzoeken",
        500: "Er ging iets mis",
        503: "Even niet beschikbaar",
    },
    "error_text": {
        400: "De gegevens in dit verzoek konden niet worden gelezen.",
        403: (
            "Het formulier kon niet worden gecontroleerd. Ga terug, laad de pagina opnieuw en "
            "probeer het nog eens. Staan cookies uit? Dan werkt het formulier niet: wij "
            "gebruiken één cookie, alleen om het formulier te beveiligen."
        ),
        404: "Deze pagina bestaat niet, of de link is niet (meer) geldig.",
        405: "Deze pagina kan zo niet worden gebruikt.",
        413: "Het verzoek bevat te veel gegevens.",
        422: "De gegevens in dit verzoek konden niet worden gelezen.",
        429: (
            "Er zijn vanaf dit adres of voor dit e-mailadres te veel verzoeken ingediend. "
            "Probeer het over {minutes} minuten opnieuw."
        ),
        500: "Er ging aan onze kant iets mis. Probeer het later opnieuw.",
        503: "Het privacycentrum is even niet beschikbaar. Probeer het later opnieuw.",
    },
    "back_home": "Terug naar het privacycentrum",
    "footer_contact": "Vragen over privacy? Mail {email}.",
}

_EN: dict[str, Any] = {
    "centre": "Privacy centre",
    "skip": "Skip to content",
    "language": "Language",
    "other_language": "Nederlands",
    "privacy_statement": "Privacy statement",
    "home_title": "Your rights over your personal data",
    "home_intro": "Here you ask {org} to see, correct or erase your data, and more.",
    "home_verify": (
        "You need no account: we send you an email with a link, and with that link you "
        "confirm that the request comes from you."
    ),
    "home_no_id_copy": "We do not ask for a copy of your identity document.",
    "home_deadline": "We answer within {period} of receiving your request.",
    "home_deadline_law": (
        "The GDPR gives us one month from receipt to answer your request (Article 12(3) GDPR)."
    ),
    "home_extension": (
        "If your request is complex or we receive many requests, we can extend that term by "
        "{period}. We then tell you so within the first term, with the reason."
    ),
    "home_extension_law": (
        "If a request is complex or there are many requests, that term may be extended by "
        "two months. We must then tell you so within the first month, with the reason "
        "(Article 12(3) GDPR)."
    ),
    "home_free": "Under the GDPR a request is free of charge (Article 12(5) GDPR).",
    "right_law": {
        "access": (
            "The GDPR gives you the right to know whether we process personal data about "
            "you, and if so which data, for what and with whom we share it, and to receive "
            "a copy of it (Article 15 GDPR)."
        ),
        "rectification": (
            "The GDPR gives you the right to have incorrect data about you corrected and "
            "incomplete data completed (Article 16 GDPR)."
        ),
        "erasure": (
            "The GDPR gives you the right to have your data erased, among other cases when "
            "it is no longer needed for the purpose it was collected for or when you "
            "withdraw your consent. Data that the law requires to be kept is not included "
            "for as long as that duty lasts (Article 17 GDPR)."
        ),
        "restriction": (
            "The GDPR gives you the right to have the use of your data restricted, for "
            "example while it is being assessed whether your data is correct or whether "
            "your objection is justified (Article 18 GDPR)."
        ),
        "objection": (
            "The GDPR gives you the right to object to the use of your data on the basis of "
            "a legitimate interest; that use then stops unless there are compelling grounds "
            "that weigh more heavily. You can always object to direct marketing, and the use "
            "for it must then stop (Article 21 GDPR)."
        ),
        "portability": (
            "The GDPR gives you the right to receive the data you provided yourself in a "
            "common, machine-readable file, when it is used with your consent or for an "
            "agreement with you (Article 20 GDPR)."
        ),
        "withdraw_consent": (
            "The GDPR gives you the right to withdraw your consent at any time. This takes "
            "effect from that moment: what was done with your consent before remains lawful "
            "(Article 7(3) GDPR)."
        ),
        "complain": (
            "The GDPR gives you the right to lodge a complaint with a supervisory authority "
            "(Article 77 GDPR)."
        ),
        "complain_at": (
            "The GDPR gives you the right to lodge a complaint with a supervisory authority; "
            "for us that is {authority} (Article 77 GDPR)."
        ),
    },
    "not_in_statement": (
        "Our privacy statement does not mention this right, but the law (GDPR) gives it to "
        "you all the same."
    ),
    "start": {
        "access": "Request access",
        "rectification": "Request a correction",
        "erasure": "Request erasure",
        "restriction": "Request restriction",
        "objection": "Object",
        "portability": "Get your data to take along",
        "withdraw_consent": "Withdraw consent",
    },
    "complain_how": "Lodge a complaint with {authority}",
    "complain_first": (
        "You may also complain to us first, at {email}. If our answer does not satisfy "
        "you, you can still turn to the supervisory authority."
    ),
    "form_intro": (
        "Enter your email address. We send you a link to confirm that the request comes "
        "from you; we start on it only after that."
    ),
    "email": "Your email address",
    "email_hint": "Use the address we know you by.",
    "message_rectification": "What is wrong, and what should it be?",
    "message_rectification_hint": (
        "For example: my address is not Dorpsstraat 1 but Dorpsstraat 10 in Hengelo."
    ),
    "objection_purposes": "Which use of your data do you object to?",
    "objection_marketing": "direct marketing: this use must then always stop",
    "objection_interest": "based on our legitimate interest",
    "objection_public_task": "for a task in the public interest or of official authority",
    "objection_none": (
        "Our privacy statement names no use based on legitimate interest, for a task in the "
        "public interest or for direct marketing. If you want to object all the same, write "
        "to us at {email}."
    ),
    "grounds": "Your reasons (optional)",
    "grounds_hint": (
        "When you object to a use based on our legitimate interest, it helps to explain "
        "what is particular about your situation. For direct marketing you need not explain "
        "anything."
    ),
    "restriction_scope": "Which use of your data do you want restricted?",
    "restriction_all": "All use of my data",
    "restriction_reason": "Why? (optional)",
    "restriction_reason_hint": (
        "For example: my data is wrong, and I want you not to use it until it is corrected. "
        "While its use is restricted, the GDPR as a rule allows the data only to be stored "
        "(Article 18(2) GDPR)."
    ),
    "consent_purposes": "For which purpose do you withdraw your consent?",
    "consent_none": (
        "Our privacy statement names no use that rests on your consent. If you have "
        "questions, write to us at {email}."
    ),
    "consent_note": (
        "Withdrawal applies from now on. What was done with your consent before remains "
        "lawful (Article 7(3) GDPR)."
    ),
    "send": "Send request",
    "error_summary": "There is a problem",
    "errors": {
        "email": "Enter a valid email address, such as name@example.com.",
        **ADDRESS_ERRORS["en"],
        "message": "Describe what is wrong and what it should be.",
        "purposes": "Choose at least one purpose.",
        "purpose_unknown": "Choose a purpose from the list.",
        "too_long": "This text is too long; keep it under 5,000 characters.",
        "other": "This request could not be accepted: {message}",
    },
    "sent_title": "Check your email",
    "sent_text": (
        "We are sending you an email with a link to confirm your request. Open the link "
        "within {period}; after that the request lapses."
    ),
    "sent_spam": (
        "No email? Look in your spam folder, and check that you used the address we know you by."
    ),
    "verify_title": "Confirm your request",
    "verify_text": (
        "Press the button to confirm that you made this request. We start on it after that."
    ),
    "verify_button": "Yes, this request is mine",
    "verify_not_me": "Did you not make this request? Then you need not do anything.",
    "verified_title": "Your request is confirmed",
    "verified_text": (
        "Thank you. We are handling your request for {kind}. By {due} at the latest you "
        "will have our answer, or word that we extend the term (Article 12(3) GDPR). You "
        "will receive an email with a link to follow its progress."
    ),
    "link_invalid_title": "This link does not work (any more)",
    "link_invalid_text": (
        "The link has expired, was used already, or is incomplete. A link works only once "
        "and only for a limited time. You can make a new request in the privacy centre."
    ),
    "status_title": "Your request",
    "status_kind": "Request",
    "status_status": "Status",
    "status_drp": "Status (Data Rights Protocol)",
    "status_received": "Received",
    "status_due": "Answer due by",
    "status_extended": "Extended until",
    "status_days_left": "Days left",
    "status_days": "{days} days",
    "status_overdue": "Late: the deadline has passed. You can lodge a complaint.",
    "status_denied": "Reason for refusal",
    "status_history": "History",
    "status_when": "When",
    "status_what": "What",
    "status_no_events": "No steps yet.",
    "download_title": "Download your data",
    "download_text": (
        "Here you download the answer to your request for {kind}: a zip file with our letter "
        "and your data, also as JSON and CSV files that a computer can read."
    ),
    "download_once": (
        "The link works once. Keep the file somewhere safe: it holds your personal data."
    ),
    "download_button": "Download (zip)",
    "kinds": {
        "access": "access",
        "portability": "data portability",
        "erasure": "erasure",
        "rectification": "rectification",
        "restriction": "restriction of processing",
        "objection": "objection",
        "withdraw_consent": "withdrawal of consent",
    },
    "statuses": {
        "received": "Received",
        "verifying": "Waiting for your confirmation",
        "verified": "Confirmed",
        "in_progress": "In progress",
        "review": "In progress: being reviewed by staff",
        "executed": "Carried out; the answer follows",
        "answered": "Answered",
        "denied": "Refused",
        "expired": "Lapsed: not confirmed in time",
        "revoked": "Withdrawn",
    },
    "events": {
        "filed": "Request received",
        "verified": "Confirmed by you",
        "started": "Taken into progress",
        "review": "Passed to staff for review",
        "approved": "Approved by staff",
        "planned": "Plan made",
        "executed": "Carried out",
        "answered": "Answered",
        "waiting": "Waiting: a system could not be reached; we will try again",
        "denied": "Refused",
        "extended": "Deadline extended",
        "expired": "Lapsed",
        "downloaded": "Downloaded",
    },
    "deny_reasons": {
        "insuf_verification": "Your identity could not be established well enough.",
        "no_match": "We found no data that belongs to you.",
        "too_many_requests": "The request is manifestly unfounded or excessive (Art. 12(5)).",
        "legal_obligation": "A legal obligation stands in the way of the request.",
        "other": "See the explanation in our email.",
    },
    "error_title": {
        400: "This request is not right",
        403: "This form has expired",
        404: "Not found",
        405: "Not possible here",
        413: "Too much data",
        422: "This request is not right",
        429: "Too many requests",
        500: "Something went wrong",
        503: "Not available for a moment",
    },
    "error_text": {
        400: "The data in this request could not be read.",
        403: (
            "The form could not be checked. Go back, reload the page and try again. Are "
            "cookies switched off? Then the form does not work: we use one cookie, only to "
            "secure the form."
        ),
        404: "This page does not exist, or the link is not valid (any more).",
        405: "This page cannot be used like this.",
        413: "The request holds too much data.",
        422: "The data in this request could not be read.",
        429: (
            "Too many requests came from this address or for this email address. Try again "
            "in {minutes} minutes."
        ),
        500: "Something went wrong on our side. Please try again later.",
        503: "The privacy centre is not available for a moment. Please try again later.",
    },
    "back_home": "Back to the privacy centre",
    "footer_contact": "Questions about privacy? Email {email}.",
}

WORDS: dict[str, dict[str, Any]] = {"nl": _NL, "en": _EN}


def lookup(lang: str, key: str, **values: Any) -> Any:
    """The words under a dotted ``key`` in ``lang``, with ``values`` filled in."""
    found: Any = WORDS[lang if lang in WORDS else "nl"]
    for part in key.split("."):
        found = found[int(part) if isinstance(found, dict) and part.isdigit() else part]
    if values and isinstance(found, str):
        return found.format(**values)
    return found
