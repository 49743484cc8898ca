"""Art. 13(2)(a) and 5(1)(e): how long data is kept."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..lint import Hit, Local, listed, phrase, rule, say
from ..model import Declaration, Retention
from ..types import Duration
from ..wording import event_words
from ._values import duration, label

# A retention rule without a period still meets Art. 13(2)(a) when it gives the criteria
# that set the period: an event it ends at, a statute that sets it, or a condition of the
# person's own ("tot u uw browsercache leegt"). What does not meet it is necessity alone:
# "niet langer dan (strikt) nodig", "as long as necessary for the purposes", "de
# wettelijke termijn" without saying which law. These patterns find the anchors in the
# rule's own words (its criteria and label, Dutch and English).

#: Words that tie a period to an event: after, until, as soon as.
_EVENT_WORD = re.compile(
    r"\b(?:na|nadat|totdat|zodra|after|until|till)\b"
    r"|(?<!betrekking )(?<!toegang )(?<!herleiden )(?<!herleidbaar )\btot\b(?! stand)",
)
#: An event word followed, within a few words, by the purposes: "na het bereiken van
#: het doel", "until the purposes are achieved" is necessity again, not an event.
_EVENT_TO_PURPOSE = re.compile(r"^(?:\W*\w+){0,6}?\W*(?:doel\w*|purpose\w*)\b")
#: Events and relationships a period can end with. "in order", "into account" excepted.
_EVENT_NOUN = re.compile(
    r"\b(?:afmelding|uitschrijving|opzegging|beëindiging|einde|afloop|"
    r"bestelling|overeenkomst|contract|abonnement|lidmaatschap|account|klant|"
    r"klantrelatie|relatie|vraag|klacht|sollicitatie\w*|levering|garantie\w*|"
    r"browser\w*|cache|"
    r"unsubscrib\w*|cancel\w*|terminat\w*|end|expir\w*|subscription|membership|"
    r"customer|relationship|question|complaint|delivery|warranty|job application)\b",
)
_NOT_A_NOUN = re.compile(
    r"\bin order\b|\binto account\b|\bto that end\b|\bna verloop van tijd\b|\bafter a while\b"
)

#: Necessity or the purposes: "zo lang als nodig" after an event still keeps the data
#: open-ended.
_OPEN_ENDED = re.compile(
    r"\b(?:nodig|noodzakelijk\w*|noodzaak|vereist|necessary|necessity|needed|required"
    r"|doel\w*|purpose\w*)\b"
)

#: Words of a hold that name no law: "de wettelijke termijn", "wet- en regelgeving".
_GENERIC_HOLD_WORDS = frozenset(
    """
    wettelijk wettelijke wettelijk verplicht verplichte verplichting verplichtingen
    bewaarplicht bewaarplichten bewaartermijn bewaartermijnen termijn termijnen
    wet wetten wetgeving regelgeving regels voorschrift voorschriften geldende
    toepasselijke andere overige vanwege ingevolge krachtens volgens conform grond basis
    op de het een van en of die dat voor tot te om aan
    statutory legal law laws legislation regulation regulations rules retention period
    periods obligation obligations requirement requirements applicable other under by
    the a an of and or to for as required
    """.split()
)


def _texts(r: Retention) -> list[str]:
    return [
        value.lower()
        for text in (r.criteria, r.label)
        if text is not None
        for value in (text.nl, text.en)
        if value
    ]


def _anchored(text: str) -> bool:
    """Whether the words tie the period to an event or a condition, not only to
    necessity."""
    text = _NOT_A_NOUN.sub(" ", text)
    if _EVENT_NOUN.search(text):
        return True
    return any(
        not _EVENT_TO_PURPOSE.match(text[match.end() :]) for match in _EVENT_WORD.finditer(text)
    )


def names_statute(hold: str | None) -> bool:
    """Whether a hold names a law or an obligation ("AWR art. 52", "fiscale
    bewaarplicht", "de Belastingdienst"), not just "de wettelijke termijn"."""
    if not hold:
        return False
    words = re.findall(r"[^\W_]+", hold.lower())
    return any(word not in _GENERIC_HOLD_WORDS for word in words)


def governed(d: Declaration, key: str) -> set[str]:
    """The categories retention rule ``key`` holds: those that carry it themselves, and
    those of the purposes that point at it that carry no rule of their own."""
    found = {c for c, category in d.categories.items() if category.retention == key}
    for p in d.purposes.values():
        if p.retention == key:
            found.update(
                c for c in p.categories if c in d.categories and d.categories[c].retention is None
            )
    return found


def _points_at(d: Declaration, key: str) -> bool:
    return any(p.retention == key for p in d.purposes.values()) or any(
        c.retention == key for c in d.categories.values()
    )


@rule(
    "retention-missing",
    "error",
    "13(2)(a), 5(1)(e)",
    "Every purpose has a retention period or the criteria for one",
    "point purposes.<key>.retention at a rule under 'retention:'",
)
def missing(d: Declaration) -> Iterator[Hit]:
    for key, p in d.purposes.items():
        covered = bool(p.categories) and all(d.categories[c].retention for c in p.categories)
        if p.retention in (None, "unstated") and not covered:
            yield ("purposes", key), say("retention-missing.purpose", key=key)
    if not d.purposes and not any(
        r.keep is not None or names_statute(r.hold) for r in d.retention.values()
    ):
        # No purpose to hang a period on, and no period anywhere: nothing is said about
        # how long anything is kept.
        yield ("retention",), say("retention-missing.none")


@rule(
    "retention-vague",
    "warning",
    "13(2)(a)",
    "A retention rule gives a period, or criteria that set one",
    "give retention.<key>.keep as a duration (e.g. P2Y), or the event the data goes at "
    "(after: ...), or the statute of a legal hold (hold: 'AWR art. 52'); 'as long as "
    "necessary' alone is not a criterion",
)
def vague(d: Declaration) -> Iterator[Hit]:
    # A rule that no purpose, category or table points at sets the period of nothing: a
    # principle ("nooit langer dan nodig") beside the rules that do hold the data. Data
    # without any rule is reported by retention-missing.
    tables = {
        table.retention
        for store in d.datastores.values()
        for table in store.tables.values()
        if table.retention is not None
    }
    for key, r in d.retention.items():
        if r.keep is not None:
            continue
        if names_statute(r.hold):
            continue  # as long as a named law requires
        if key not in tables and not _points_at(d, key):
            continue  # holds no data: a principle beside the rules that do
        held = governed(d, key)
        if held and all(d.categories[c].anonymised for c in held):
            continue  # anonymised data is no personal data: no period is owed
        texts = _texts(r)
        if any(_anchored(text) for text in texts):
            continue
        open_ended = bool(r.hold) or any(_OPEN_ENDED.search(text) for text in texts)
        if "after" in r.model_fields_set and r.after != "collection" and not open_ended:
            continue  # the data goes at a stated event ("zo spoedig mogelijk" after it)
        yield ("retention", key), say("retention-vague", key=key)


def _fiscal(r: Retention) -> bool:
    text = " ".join([r.hold or "", *_texts(r)]).lower()
    return bool(
        re.search(
            r"\bawr\b|rijksbelastingen|\b2:10\b|\b3:15i\b|\bfiscal\w*|\bfiscaal\b|\bfiscale\b"
            r"|belasting\w*|\btax\b|\bboekhoud\w*|\badministratieplicht\b",
            text,
        )
    )


def _real_estate(r: Retention) -> bool:
    text = " ".join([r.hold or "", *_texts(r)]).lower()
    return bool(re.search(r"onroerend|vastgoed|real estate|immovable|\blid 5\b|52\(5\)", text))


_SEVEN_YEARS = Duration(years=7)


@rule(
    "retention-beyond-statute",
    "warning",
    "5(1)(e); AWR art. 52(4), BW 2:10(3)",
    "A legal hold keeps data no longer than its statute requires",
    "the tax and bookkeeping duty (AWR art. 52, BW 2:10) is 7 years, 10 only for data "
    "on real estate: set keep: P7Y, or name the statute that requires longer",
)
def beyond_statute(d: Declaration) -> Iterator[Hit]:
    for key, r in d.retention.items():
        if r.keep is None or not (r.hold or r.criteria or r.label):
            continue
        if _fiscal(r) and not _real_estate(r) and r.keep.longer_than(_SEVEN_YEARS):
            yield (
                ("retention", key, "keep"),
                say("retention-beyond-statute", key=key, keep=duration(r.keep)),
            )


def _short_of(own: Retention, held: Retention) -> bool:
    """Whether ``own`` ends before ``held``: a hold with no period lasts as long as its
    statute, which is longer than any stated short period."""
    if own.keep is None:
        return False
    return held.keep is None or held.keep.longer_than(own.keep)


@rule(
    "retention-contradictory",
    "warning",
    "5(1)(a), 12(1), 13(2)(a)",
    "A category is not said to be deleted early and kept for years under a hold",
    "say in the category's own rule that the hold comes first (give that rule the hold "
    "too), or list under the hold's keeps only the categories its statute needs",
)
def contradictory(d: Declaration) -> Iterator[Hit]:
    # A category's own rule holds it whatever the purpose (Declaration.category_retention);
    # a statement that also keeps it under a legal hold for longer says two things.
    found: dict[tuple[str, str], list[str]] = {}
    for c, category in d.categories.items():
        own_key = category.retention
        own = d.retention.get(own_key) if own_key else None
        if own_key is None or own is None or own.hold:
            continue  # no rule of its own, or the rule already yields to a hold
        holds: set[str] = set()
        for p in d.purposes.values():
            if c in p.categories and isinstance(p.retention, str) and p.retention in d.retention:
                candidate = d.retention[p.retention]
                if candidate.hold and (candidate.keeps is None or c in candidate.keeps):
                    holds.add(p.retention)
        holds.update(key for key, r in d.retention.items() if r.hold and r.keeps and c in r.keeps)
        for key in sorted(holds):
            if key != own_key and _short_of(own, d.retention[key]):
                found.setdefault((own_key, key), []).append(c)
    for (own_key, key), categories in found.items():
        own, held = d.retention[own_key], d.retention[key]
        period = (
            phrase("period.for", keep=duration(held.keep))
            if held.keep
            else phrase("period.statute")
        )
        names = listed(Local(nl=label(d, c, "nl"), en=repr(c)) for c in categories)
        after = Local(nl=event_words(own.after, "nl"), en=str(own.after))
        yield (
            ("retention", own_key),
            say(
                "retention-contradictory",
                own=own_key,
                names=names,
                keep=duration(own.keep) if own.keep is not None else "",
                after=after,
                key=key,
                them=phrase("them.many" if len(categories) > 1 else "them.one"),
                period=period,
                hold=held.hold,
            ),
        )


@rule(
    "retention-event-unmapped",
    "info",
    "5(1)(e)",
    "Retention events can be found in the data",
    "map the event to a column in datastores.<store>.tables.<table>.events",
)
def unmapped(d: Declaration) -> Iterator[Hit]:
    if not d.datastores:
        return
    mapped = {
        event
        for store in d.datastores.values()
        for table in store.tables.values()
        for event in table.events
    }
    mapped.add("collection")
    for key, r in d.retention.items():
        if r.keep is not None and r.after not in mapped:
            yield (
                ("retention", key, "after"),
                say("retention-event-unmapped", after=r.after, key=key),
            )


@rule(
    "hold-scope-unstated",
    "warning",
    "17(3)(b)",
    "A legal hold says which data its statute needs",
    "list under retention.<key>.keeps the categories the hold's statute needs (an invoice: "
    "name, address, amounts); the rest of a held row is then erased",
)
def hold_scope_unstated(d: Declaration) -> Iterator[Hit]:
    # A hold decides what an erasure keeps of the organisation's data: it matters where
    # a datastore table keeps its rows under the rule.
    used = {
        table.retention
        for store in d.datastores.values()
        for table in store.tables.values()
        if table.retention is not None
    }
    for key, r in d.retention.items():
        if (
            r.hold
            and r.keeps is None
            and (key in used or any(s.fides for s in d.datastores.values()))
        ):
            yield ("retention", key, "hold"), say("hold-scope-unstated", key=key, hold=r.hold)
