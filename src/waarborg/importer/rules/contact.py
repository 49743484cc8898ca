"""Contact details the statement gives: e-mail addresses, phone numbers, web addresses,
KvK and VAT numbers. Each is checked the way the declaration checks it (python-stdnum,
phonenumbers, email-validator) before it is taken."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ._context import Context, Sentence

__all__ = [
    "EMAIL",
    "email_in",
    "emails",
    "find_emails",
    "kvk",
    "phone",
    "valid_email",
    "vat",
    "website",
]

# An address, also written to fool harvesters: "info [at] x.nl", "info(at)x.nl",
# "info @ x . nl", "info[at]x[dot]nl".
_DOT = r"(?:\.|\s\.\s|\s?\[dot\]\s?|\s?\(dot\)\s?)"
EMAIL = re.compile(
    rf"[\w.+-]+(?:\s?@\s?|\s?\[at\]\s?|\s?\(at\)\s?)[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[A-Za-z]{{2,}}"
)
_SPELLED_DOT = (" . ", " [dot] ", " (dot) ", "[dot]", "(dot)")
_AT = re.compile(r"@|\[at\]|\(at\)")


def find_emails(text: str) -> Iterator[re.Match[str]]:
    """``EMAIL.finditer(text)``, read only around each "@", "[at]" or "(at)": an address
    holds exactly one, with a run of the characters of its name before it (and one
    space, for "[at]") and a run of those of its domain after it. Reading each place
    the pattern could start makes a long text slow; this reads a few words."""
    end = 0  # where the last address ended: the next starts no earlier
    for at in _AT.finditer(text):
        start = at.start()
        if start < end:
            continue
        if start > end and text[start - 1].isspace():
            start -= 1
        while start > end and (text[start - 1].isalnum() or text[start - 1] in "_.+-"):
            start -= 1
        stop = at.end()
        if stop < len(text) and text[stop].isspace():
            stop += 1
        while stop < len(text):
            if text[stop].isalnum() or text[stop] in "_.-":
                stop += 1
                continue
            dot = next((d for d in _SPELLED_DOT if text.startswith(d, stop)), None)
            if dot is None or not text[stop + len(dot) : stop + len(dot) + 1].isalnum():
                break
            stop += len(dot)
        found = EMAIL.search(text, start, stop)
        if found is not None:
            end = found.end()
            yield found


def email_in(text: str) -> re.Match[str] | None:
    """``EMAIL.search(text)``, as ``find_emails`` reads it."""
    return next(find_emails(text), None)


_KVK = re.compile(
    r"(?:\bK\.?\s?v\.?\s?K\.?|Kamer van Koophandel|Chamber of Commerce|[Hh]andelsregister"
    r"|KVK|Kvk|\bkvk\b)(?:[^0-9\n]{0,60}?)(?P<number>\d{8}|\d{2}[ .]\d{2}[ .]\d{2}[ .]\d{2}|\d{4}[ "
    r".]\d{4})\b"
)
_VAT = re.compile(
    r"(?:\bBTW|\bbtw|\bBtw|\bVAT|\bvat|\bUSt|\bTVA)[^\n]{0,60}?"
    r"\b(?P<number>[A-Z]{2}[ .]?[0-9A-Z][0-9A-Z .]{6,16}[0-9A-Z])\b"
)
# A Dutch VAT number written without its country code ("BTW nr. 807885113B01",
# "btw-nummer 8078.85.113.B01"): nine digits, "B" and two digits.
_VAT_DUTCH_DIGITS = re.compile(
    r"(?:\bBTW|\bbtw|\bBtw)[^\n\d]{0,30}?(?<![A-Z])"
    r"(?P<number>\d{4}[ .]?\d{2}[ .]?\d{3}[ .]?B[ .]?\d{2})\b"
)
_PHONE_WORDS = re.compile(
    r"\b(?:tel|telefoon\w*|telephone|phone|mobiel|mobile|bel|bellen|call|T)\b|☎|📞",
    re.IGNORECASE,
)
# "+31 (0)20 123 45 67", "085 - 782 27 77", "(024) 353 05 00".
# The label right before a number says it is a fax ("Tel 020 1234567, fax 020 7654321");
# "Tel/fax" is a phone as well.
_FAX_LAST = re.compile(
    r"(?<!/)\b(?:fax|telefax|F)\b\s*(?:nr\.?|nummer)?\s*[.:]?\s*$", re.IGNORECASE
)
_PHONE = re.compile(r"(?<![\w+(])(?:\+|00)?\(?\d[\d\s().-]{7,16}\d(?!\w)")
_URL = re.compile(r"\b(?:https?://[^\s<>\")]+|www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>\")]*)", re.I)
# The authority's own details are no contact details of the organisation.
_AUTHORITY = re.compile(
    r"autoriteit\s*persoonsgegevens|supervisory|toezichthouder|klachten|complaints", re.I
)


@lru_cache(maxsize=4096)
def valid_email(value: str) -> str | None:
    from ...errors import EmailAddressError
    from ...identity import parse_email

    value = re.sub(r"\s?(?:\[at\]|\(at\)|@)\s?", "@", value)
    value = re.sub(r"\s?(?:\[dot\]|\(dot\))\s?|\s\.\s", ".", value)
    try:
        return parse_email(value.rstrip("."))
    except EmailAddressError:
        return None


def emails(ctx: Context) -> list[tuple[str, Sentence]]:
    """Every valid e-mail address in the statement, with the first sentence it is in."""
    found: dict[str, Sentence] = {}
    for sentence, match in ctx.search_text(EMAIL, find_emails):
        value = valid_email(match.group(0))
        if value and value.lower() not in {k.lower() for k in found}:
            found[value] = sentence
    return list(found.items())


def email_counts(ctx: Context) -> Counter[str]:
    counts: Counter[str] = Counter()
    for _sentence, match in ctx.search_text(EMAIL, find_emails):
        value = valid_email(match.group(0))
        if value:
            counts[value.lower()] += 1
    return counts


def labelled_cells(ctx: Context, label: re.Pattern[str]) -> list[tuple[Sentence, Sentence]]:
    """Each table cell whose whole text is a label ``label`` matches, with the cell
    after it in the same row, its value ("Inschrijfnummer KvK | 12345678")."""
    found: list[tuple[Sentence, Sentence]] = []
    for index, sentence in enumerate(ctx.sentences[:-1]):
        value = ctx.sentences[index + 1]
        if ctx.kind_of(sentence) != "cell" or ctx.kind_of(value) != "cell":
            continue
        if ctx.block_index(value) == ctx.block_index(sentence):
            continue  # the same cell
        if label.fullmatch(sentence.text.strip().rstrip(":").strip()):
            found.append((sentence, value))
    return found


_KVK_LABEL = re.compile(
    r"[\w\s.-]{0,30}(?:KvK|KVK|Kvk|K\.v\.K\.?|Kamer van Koophandel|Chamber of Commerce)"
    r"[\w\s.-]{0,20}"
)
_KVK_VALUE = re.compile(r"(?P<number>\d{8}|\d{2}[ .]\d{2}[ .]\d{2}[ .]\d{2}|\d{4}[ .]\d{4})")


def kvk(ctx: Context) -> tuple[str, Sentence] | None:
    for sentence, match in ctx.search(_KVK):
        if _AUTHORITY.search(sentence.text[max(0, match.start() - 80) : match.end()]):
            continue  # the authority's details, not the organisation's
        return re.sub(r"\D", "", match.group("number")), sentence
    for _label, value in labelled_cells(ctx, _KVK_LABEL):
        number = _KVK_VALUE.fullmatch(value.text.strip())
        if number is not None:
            return re.sub(r"\D", "", number.group("number")), value
    return None


def vat(ctx: Context) -> tuple[str, Sentence] | None:
    from stdnum.eu import vat as eu_vat

    for sentence, match in ctx.search(_VAT):
        number = re.sub(r"[\s.]", "", match.group("number")).upper()
        try:
            return str(eu_vat.compact(eu_vat.validate(number))), sentence
        except Exception:  # stdnum's ValidationError and its subclasses
            continue
    for sentence, match in ctx.search(_VAT_DUTCH_DIGITS):
        number = "NL" + re.sub(r"[\s.]", "", match.group("number"))
        try:
            return str(eu_vat.compact(eu_vat.validate(number))), sentence
        except Exception:  # stdnum's ValidationError and its subclasses
            continue
    return None


def phone(ctx: Context) -> tuple[str, Sentence] | None:
    """The first phone number written beside a word that says it is one ("Telefoon",
    "tel.", "bel ons") or in international form, outside the authority's details."""
    import phonenumbers

    authority = {re.sub(r"\D", "", a.phone or "") for a in _authorities()}
    for sentence in ctx.sentences:
        if _AUTHORITY.search(sentence.text) or ctx.heading_search(_AUTHORITY, sentence):
            continue
        for match in _PHONE.finditer(sentence.text):
            if re.sub(r"\D", "", match.group(0)) in authority:
                continue
            raw = match.group(0).strip()
            before = sentence.text[: match.start()][-40:]
            if _FAX_LAST.search(before):
                continue  # "Fax: 020 ...", "F (074) ...": a fax number is no phone to call
            labelled = _PHONE_WORDS.search(before)
            if not labelled and not raw.startswith(("+", "00")):
                continue
            try:
                number = phonenumbers.parse(raw, "NL")
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return raw, sentence
    return _phone_line(ctx)


# What marks a block of contact details: an e-mail address, a postcode, a KvK number.
_DETAILS = re.compile(
    r"@|\b[1-9]\d{3}\s?[A-Z]{2}\b|\bKvK\b|\bK\.v\.K\.|https?://|\bwww\.", re.IGNORECASE
)


def _phone_line(ctx: Context) -> tuple[str, Sentence] | None:
    """A line that holds nothing but a phone number, in a block of contact details (an
    e-mail address or a postcode on a line beside it)."""
    import phonenumbers

    for index, sentence in enumerate(ctx.sentences):
        raw = sentence.text.strip()
        if not _PHONE.fullmatch(raw):
            continue
        near = ctx.sentences[max(0, index - 2) : index + 3]
        # A footer may give each line its own paragraph: a number alone in its block
        # belongs to the details in the blocks beside it.
        alone = all(s.block != sentence.block for s in near if s is not sentence)
        if not any(
            (alone or s.block == sentence.block) and _DETAILS.search(s.text)
            for s in near
            if s is not sentence
        ):
            continue
        if any(_AUTHORITY.search(s.text) for s in near) or ctx.heading_search(_AUTHORITY, sentence):
            continue
        try:
            number = phonenumbers.parse(raw, "NL")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return raw, sentence
    return None


def _authorities() -> list[Any]:
    from ... import catalogue

    return list(catalogue.authorities().values())


def _domain(value: str) -> str:
    host = re.sub(r"^https?://", "", value, flags=re.I).split("/")[0].lower()
    return host.removeprefix("www.")


_LEGAL_FORM = re.compile(
    r"\b(?:stichting|vereniging|co[öo]peratie|b\.?v\.?|n\.?v\.?|v\.?o\.?f\.?|"
    r"maatschap|holding)(?=\W|$)"
)
_WEB_LABEL = re.compile(r"(?i:website|internet|web\s*site|webadres|internetadres|web address)")


# "Wij zijn verantwoordelijk voor de website www.x.nl", "Ons webadres is www.x.nl": the
# address the statement calls its own, right after the words.
_CALLED_OURS = re.compile(
    r"(?:\bverantwoordelijk\s+voor\s+(?:de|deze)\s+website|\b(?:ons|onze|our)\s+"
    r"(?:webadres|website|web address)\s*(?:is|:)?|\bresponsible\s+for\s+(?:the|this)\s+"
    r"website)$",
    re.IGNORECASE,
)


def website(
    ctx: Context, email_domain: str | None, names: list[str]
) -> tuple[str, Sentence] | None:
    """The organisation's own web address: one on the domain of its e-mail address, or
    one whose domain carries its name, or one the statement calls its website."""
    keys = {re.sub(r"[^a-z0-9]", "", n.lower()) for n in names if n}
    # The name without its legal form ("Stichting X" at x.nl).
    keys |= {re.sub(r"[^a-z0-9]", "", _LEGAL_FORM.sub("", n.lower())) for n in names if n}
    keys.discard("")
    # A cell labelled as the website ("Website | www.x.nl").
    in_cell = {value for _label, value in labelled_cells(ctx, _WEB_LABEL)}
    for sentence, match in ctx.search(_URL):
        url = match.group(0).rstrip(".,;:)")
        domain = _domain(url)
        if "autoriteitpersoonsgegevens" in domain:
            continue
        label = domain.split(".")[0]
        own = (email_domain and domain == email_domain) or (label and label in keys)
        # heerikhuize.nl of "Van Heerikhuize Architectuur": the name holds the label.
        own = own or (len(label) >= 5 and any(label in key for key in keys))
        said = re.search(r"\b(?:website|internet|site|web)\b", sentence.text, re.I)
        said_line = said and sentence.text.strip().startswith(("Internet", "Website"))
        before = sentence.text[: match.start()].rstrip(" [(")
        called = _CALLED_OURS.search(before) is not None
        if not own and not said_line and not called and sentence not in in_cell:
            continue
        path_free = re.match(r"^(https?://)?[^/]+/?$", url, re.I)
        if not path_free:
            continue
        value = url.rstrip("/") if url.lower().startswith("http") else f"https://{url.rstrip('/')}"
        return value, sentence
    # "onze website zcflevo.nl", "via deze website (x.nl)": a bare domain the statement
    # calls its own website.
    for sentence, match in ctx.search(_OUR_SITE):
        domain = match.group("domain").lower()
        if "autoriteitpersoonsgegevens" not in domain:
            return f"https://{domain}", sentence
    return None


_OUR_SITE = re.compile(
    r"\b(?:onze|deze|mijn|our|this|my)\s+(?:website|site|webshop)\s*[(:]?\s*"
    r"(?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:nl|com|org|net|eu|be|io|app|info|nu))\b"
    r"(?![\w/-])",
    re.IGNORECASE,
)
