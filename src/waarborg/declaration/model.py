"""The typed model of ``privacy.yaml``.

Every model forbids unknown keys, so a misspelt key is an error. Where a privacy
statement is silent or vague, a field takes the value ``unstated`` and the checker
reports it; nothing is guessed. After loading, ``loader.complete`` fills in what the
built-in catalogues know (labels, DPV terms, countries, transfer mechanisms).
"""

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    StrictBool,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .types import (
    LANGS,
    Bic,
    Country,
    DurationField,
    DurationOrUnstated,
    Email,
    Expiry,
    Iban,
    Key,
    KvK,
    Lang,
    Phone,
    Text,
    Unstated,
    Url,
    Vat,
    check_country,
    dutch_postcode,
)

if TYPE_CHECKING:
    from .fides import FidesImport

BasisKey = Literal[
    "consent",
    "contract",
    "legal_obligation",
    "vital_interest",
    "public_task",
    "legitimate_interest",
]
BASES: tuple[BasisKey, ...] = (
    "consent",
    "contract",
    "legal_obligation",
    "vital_interest",
    "public_task",
    "legitimate_interest",
)
RightKey = Literal[
    "access",
    "rectification",
    "erasure",
    "restriction",
    "objection",
    "portability",
    "withdraw_consent",
    "complain",
]
RIGHTS: tuple[RightKey, ...] = (
    "access",
    "rectification",
    "erasure",
    "restriction",
    "objection",
    "portability",
    "withdraw_consent",
    "complain",
)
CookieCategory = Literal["functional", "analytics", "marketing", "personalisation", "security"]
Transfer = Literal[
    "none", "adequacy", "dpf", "scc", "bcr", "derogation", "privacy_shield", "unstated"
]
Regime = Literal["eu-gdpr", "uk-gdpr"]
RecipientRole = Literal[
    "processor", "sub_processor", "controller", "joint_controller", "third_party", "authority"
]


def _month(value: Any) -> Any:
    text = str(value)
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return text
    raise PydanticCustomError(
        "month", "'{value}' is not a month; write YYYY-MM (example: 2026-02)", {"value": text}
    )


def _min_age(value: Any) -> Any:
    if value is None or value == "none":
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 21:
        return value
    raise PydanticCustomError(
        "age",
        "'{value}' is not an age limit; write a whole number from 0 to 21, or none when "
        "the statement says there is no age limit",
        {"value": value},
    )


def _countries(value: Any) -> Any:
    if value == "unstated":
        return value
    if isinstance(value, list):
        return [check_country(v) for v in value]
    raise PydanticCustomError(
        "countries",
        "write a list of country codes (e.g. [US, IN]) or unstated",
        {},
    )


def _basis(value: Any) -> Any:
    allowed = ", ".join(BASES)
    values = value if isinstance(value, list) else [value]
    if value == "unstated" or (values and all(v in BASES for v in values)):
        return value
    raise PydanticCustomError(
        "basis",
        "'{value}' is not a legal basis; use one of: {allowed} (Art. 6(1)), "
        "a list of them, or unstated",
        {"value": value, "allowed": allowed},
    )


BasisField = Annotated[BasisKey | list[BasisKey] | Unstated, PlainValidator(_basis)]


#: The name of an environment variable (a connector's secret is read from it).
EnvName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Address(Model):
    country: Country = "NL"
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    region: str | None = None
    po_box: str | None = Field(default=None, description="Postbus, e.g. 'Postbus 93374'")

    @field_validator("postcode", mode="before")
    @classmethod
    def _postcode(cls, value: Any, info: Any) -> Any:
        if value is None or "country" not in info.data:
            return value  # an invalid country is reported on its own
        if info.data["country"] == "NL":
            checked = dutch_postcode(str(value))
            if checked is None:
                raise PydanticCustomError(
                    "postcode",
                    "'{value}' is not a Dutch postcode; write four digits and two letters "
                    "(example: 7551 HT)",
                    {"value": str(value)},
                )
            return checked
        return str(value)

    def one_line(self) -> str:
        parts = [self.street or self.po_box, " ".join(p for p in (self.postcode, self.city) if p)]
        return ", ".join(p for p in parts if p)


class Party(Model):
    """A person or organisation with contact details."""

    name: str | None = None
    role: Text | None = None
    email: Email | None = None
    phone: Phone | None = None
    website: Url | None = None
    contact_form: Url | None = Field(
        default=None, description="A web form or page to reach this person or organisation."
    )
    address: Address | None = None
    kvk: KvK | None = None


class Dpo(Party):
    external: StrictBool | None = None


class Controller(Model):
    name: str
    trade_names: list[str] = Field(default_factory=list)
    legal_form: str | None = None
    address: Address | None = None
    kvk: KvK | None = None
    vat: Vat | None = None
    email: Email | None = None
    phone: Phone | None = None
    website: Url | None = None
    contact: Party | None = None
    dpo: Dpo | None = None
    representative: Party | None = None
    joint_controllers: dict[Key, Party] = Field(default_factory=dict)
    role: Literal["controller", "processor", "both"] = "controller"
    public_authority: StrictBool | None = Field(
        default=None,
        description="A public authority or body (Art. 6(1) last subparagraph, 37(1)(a)).",
    )
    authority: Key = "nl-ap"
    regimes: list[Regime] = Field(default_factory=lambda: list[Regime](["eu-gdpr"]))
    iban: Iban | None = None
    bic: Bic | None = None


class Statement(Model):
    languages: list[Lang] = Field(default_factory=lambda: list(LANGS))
    effective: dt.date | None = None
    effective_month: Annotated[str, PlainValidator(_month)] | None = Field(
        default=None,
        description="The month the statement took effect, YYYY-MM, where it gives no day.",
    )
    version: str | None = None
    url: Url | None = None
    title: Text | None = None
    changes: Text | None = Field(
        default=None, description="How changes to the statement are announced."
    )


class Subject(Model):
    label: Text | None = None
    description: Text | None = None
    dpv: str | None = None


class Source(Model):
    """Where data comes from (Art. 14 when not from the person)."""

    kind: Literal["subject", "observed", "derived", "third_party", "public_register", "unstated"]
    name: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"kind": value}
        return value


class Category(Model):
    label: Text | None = None
    description: Text | None = None
    dpv: str | None = None
    special: Literal["art9", "art10"] | None = None
    statute: str | None = Field(
        default=None, description="The law that requires this data (BSN: UAVG art. 46)."
    )
    source: Source | None = None
    provided: StrictBool | None = Field(
        default=None, description="Provided by the person (Art. 20 portability)."
    )
    anonymised: StrictBool = False
    retention: Key | None = Field(
        default=None, description="A retention rule for this data whatever the purpose."
    )
    quote: str | None = None


class Requirement(Model):
    """Art. 13(2)(e): is providing the data required, and what if it is not provided."""

    kind: Literal["statutory", "contractual", "contract_prerequisite", "optional", "unstated"]
    consequence: Text | None = None


class BalancingTest(Model):
    """The legitimate-interest assessment (Art. 6(1)(f)), written before processing starts."""

    date: dt.date | None = None
    document: str | None = None
    purpose_test: Text | None = None
    necessity_test: Text | None = None
    balancing: Text | None = None


class Profiling(Model):
    """Art. 13(2)(f) / Art. 22: automated decisions or profiling.

    Each fact is ``None`` until declared: not stated is not "no".
    """

    automated_decision: StrictBool | None = Field(
        default=None,
        description="Decisions based solely on automated processing, as in Art. 22(1).",
    )
    profiling: StrictBool | None = Field(default=None, description="Profiling (Art. 4(4)).")
    logic: Text | None = None
    significance: Text | None = None


class Purpose(Model):
    label: Text | None = None
    description: Text | None = None
    dpv: str | None = None
    basis: BasisField
    interest: Text | None = None
    balancing_test: BalancingTest | None = None
    art9: Key | None = None
    art10: str | None = None
    subjects: list[Key] = Field(default_factory=list)
    categories: list[Key] = Field(default_factory=list)
    recipients: list[Key] | Literal["none"] | Unstated = Field(default_factory=list)
    retention: Key | Unstated | None = None
    requirement: Requirement | None = None
    direct_marketing: StrictBool | None = None
    channels: list[Literal["email", "phone", "sms", "post", "whatsapp", "social", "app", "web"]] = (
        Field(default_factory=list)
    )
    opt_in: Literal["single", "double", "none", "unstated"] | None = None
    unsubscribe: Literal["every_message", "on_request", "none", "unstated"] | None = None
    existing_customers: StrictBool = Field(
        default=False, description="Relies on the existing-customer exception (Tw art. 11.7)."
    )
    opt_out_at_collection: StrictBool | None = None
    withdraw: Text | None = Field(default=None, description="How consent is withdrawn.")
    withdrawable: StrictBool | None = Field(
        default=None,
        description="false: the statement says consent cannot be withdrawn (Art. 7(3)).",
    )
    invalid_basis: Text | None = Field(
        default=None,
        description="A ground the statement gives that is no legal basis of Art. 6(1), in its "
        "words, e.g. 'akkoord door gebruik van de website'.",
    )
    role: Literal["controller", "processor", "joint_controller", "unstated"] | None = Field(
        default=None,
        description="The organisation's own role for this purpose, where it differs from "
        "controller.role.",
    )
    controller: Key | None = Field(
        default=None,
        description="Who decides on this purpose when not the organisation: a key of 'parties'.",
    )
    profiling: Profiling | None = None
    quote: str | None = None

    @property
    def bases(self) -> list[BasisKey]:
        if self.basis == "unstated":
            return []
        return list(self.basis) if isinstance(self.basis, list) else [self.basis]


class Agreement(Model):
    date: dt.date | None = None
    reference: str | None = None


class Recipient(Model):
    name: str | None = None
    label: Text | None = None
    role: RecipientRole | Unstated | None = None
    country: Country | None = None
    transfer: Transfer | None = None
    derogation: Text | None = None
    agreement: StrictBool | Unstated | Agreement | None = None
    authorised: StrictBool | None = Field(
        default=None, description="Prior authorisation of a sub-processor (Art. 28(2))."
    )
    dpf_certified: StrictBool | None = None
    email: Email | None = Field(default=None, description="Where Art. 19 notices are sent.")
    description: Text | None = None
    dpv: str | None = None
    basis: BasisField | None = Field(
        default=None, description="The legal basis of disclosing data to this recipient."
    )
    safeguard_text: Text | None = Field(
        default=None,
        description="A safeguard the statement names that is no mechanism of Art. 45-49, "
        "in its words, e.g. 'GDPR compliant'.",
    )
    named: StrictBool | None = Field(
        default=None,
        description="false: the statement does not name the recipient, only a kind "
        "('derden', 'resellers').",
    )
    from_catalogue: StrictBool = Field(
        default=False,
        description="Adopt what the recipient catalogue knows (role, country, transfer) "
        "where this entry is silent; the statement shows those facts with their source.",
    )
    quote: str | None = None


class Retention(Model):
    label: Text | None = None
    keep: DurationField | None = None
    after: Key = "collection"
    then: Literal["delete", "anonymise"] = "delete"
    hold: str | None = Field(
        default=None, description="The legal ground of a legal hold, e.g. 'AWR art. 52'."
    )
    keeps: list[Key] | None = Field(
        default=None,
        description="Under a hold: the categories its statute needs. The rest of a held "
        "row, and of a row kept only because a held row refers to it, is erased "
        "(Art. 17(3)(b)). Not given: held rows are kept whole.",
    )
    criteria: Text | None = None
    quote: str | None = None


class Cookie(Model):
    name: str | None = None
    pattern: StrictBool = False
    provider: str | None = None
    category: CookieCategory | None = None
    purpose: Text | None = None
    expiry: Expiry | None = None
    third_party: StrictBool | None = None
    consent: Literal["asked", "not_asked", "unstated"] | None = Field(
        default=None, description="Whether consent is asked before the cookie is placed."
    )
    expiry_criteria: Text | None = Field(
        default=None,
        description="A lifetime given as a criterion, e.g. 'tot u uw browsercache leegt'.",
    )
    privacy_friendly: StrictBool | None = None
    ip_anonymised: StrictBool | None = None
    cross_device: StrictBool = False
    from_catalogue: StrictBool = Field(
        default=False,
        description="Adopt what the Open Cookie Database knows (provider, category, purpose, "
        "expiry) where this entry is silent; the statement shows those facts with their source.",
    )
    quote: str | None = None


class Rights(Model):
    """How people exercise their rights. Each fact is ``None`` until declared."""

    offered: list[RightKey] | None = Field(
        default=None, description="The rights the statement names."
    )
    respond_within: DurationOrUnstated | None = None
    extension: DurationField | None = None
    verify: Literal["email", "id_copy", "account", "unstated"] | None = None
    id_copy_masking: StrictBool = False
    channels: list[str] | None = Field(
        default=None,
        description="Where requests can be made: web (the privacy centre), mailto:, tel:, "
        "post, or a web address.",
    )
    condition: Text | None = Field(
        default=None,
        description="A condition the statement puts on the rights, e.g. 'als EU-burger'.",
    )
    email: Email | None = None
    quote: str | None = None


class Complaints(Model):
    acknowledge_within: DurationField | None = None
    respond_within: DurationField | None = None
    email: Email | None = None
    quote: str | None = None


class Measure(Model):
    label: Text | None = None
    dpv: str | None = None


class Security(Model):
    measures: dict[Key, Measure] = Field(default_factory=dict)
    description: Text | None = None
    contact: Email | None = None


class Children(Model):
    directed_at_children: StrictBool | None = None
    min_age: Annotated[int | Literal["none"], PlainValidator(_min_age)] | None = Field(
        default=None,
        description="The minimum age of users; none when the statement says there is none.",
    )
    parental_consent: StrictBool | None = None
    quote: str | None = None


class ClientProcessing(Model):
    """Art. 30(2): processing carried out on behalf of a controller (a client)."""

    controller: Party
    label: Text
    description: Text | None = None
    subjects: list[Key] | Unstated = Field(default_factory=list)
    categories: list[Key] | Unstated = Field(default_factory=list)
    subprocessors: list[Key] = Field(default_factory=list)
    agreement: str | Unstated | None = None
    quote: str | None = None


class TransferClause(Model):
    """A transfer outside the EEA that the statement mentions without tying it to a
    declared recipient ("wij kunnen gegevens doorgeven naar landen buiten de EER")."""

    countries: Annotated[list[str] | Unstated, PlainValidator(_countries)] = "unstated"
    transfer: Transfer | None = None
    safeguard_text: Text | None = None
    quote: str | None = None


class Column(Model):
    category: Key
    label: Text | None = Field(
        default=None,
        description="The column's name in words, for staff (the admin page names a field "
        "by it where its category's label is not enough: Voornaam, Achternaam).",
    )
    erase: Literal["delete", "anonymise", "null", "keep"] = "delete"
    provided: StrictBool | None = None
    format: Literal["eur_cents", "eur", "date"] | None = Field(
        default=None,
        description="How a person reads the value in an access report: eur_cents for an "
        "amount in euro cents, eur for an amount in euros, date for a date.",
    )


class Entries(Model):
    """A key-value table, such as WordPress's ``wp_usermeta``: one row per entry, its
    name in one column and its value in another. Only the rows whose name is listed
    under ``personal`` are the person's data, each with its own category and erasure;
    Waarborg reads, erases and sweeps no other row of the table."""

    name: str = Field(description="The column that holds the entry's name (meta_key).")
    value: str = Field(description="The column that holds the entry's value (meta_value).")
    personal: dict[str, Key | Column] = Field(
        description="The names of the entries that are personal data, each with its "
        "category (or a column's settings: category, erase, label)."
    )

    def entry(self, name: str) -> Column:
        value = self.personal[name]
        return value if isinstance(value, Column) else Column(category=value)


class Table(Model):
    label: Text | None = Field(
        default=None,
        description="What the table's rows are, in words, for staff (Facturen, Contactpersonen).",
    )
    key: str | list[str] | None = None
    identity: dict[str, str | list[str]] = Field(default_factory=dict)
    columns: dict[str, Key | Column] = Field(default_factory=dict)
    references: dict[str, str] = Field(default_factory=dict)
    links: dict[str, str] = Field(
        default_factory=dict,
        description="References to another person's row that do not make this row theirs.",
    )
    events: dict[Key, str] = Field(default_factory=dict)
    retention: Key | None = None
    erase: Literal["delete", "anonymise"] = "delete"
    entries: Entries | None = Field(
        default=None,
        description="For a key-value table: the columns of an entry's name and value, "
        "and which entries are personal data. Its value column counts as a personal-data "
        "column (with the first entry's category where one category per column is shown).",
    )

    @model_validator(mode="after")
    def _entry_values(self) -> Self:
        if self.entries is not None and self.entries.personal:
            if self.entries.value not in self.columns:
                first = self.entries.entry(next(iter(self.entries.personal)))
                self.columns[self.entries.value] = Column(
                    category=first.category, label=first.label, format=first.format
                )
        return self

    def column(self, name: str) -> Column:
        value = self.columns[name]
        return value if isinstance(value, Column) else Column(category=value)

    def identity_columns(self, kind: str | None = None) -> list[str]:
        """The columns that identify a person: of one identity kind, or of all kinds."""
        found: list[str] = []
        for each, columns in self.identity.items():
            if kind is None or each == kind:
                for column in [columns] if isinstance(columns, str) else columns:
                    if column not in found:
                        found.append(column)
        return found

    @property
    def key_columns(self) -> list[str]:
        """The declared primary-key columns (empty when not declared)."""
        if self.key is None:
            return []
        return [self.key] if isinstance(self.key, str) else list(self.key)

    @field_validator("references", "links")
    @classmethod
    def _references(cls, value: dict[str, str]) -> dict[str, str]:
        for target in value.values():
            if target.count(".") != 1:
                raise PydanticCustomError(
                    "reference",
                    "reference '{target}' must name a table and a column as table.column",
                    {"target": target},
                )
        return value


class Datastore(Model):
    label: Text | None = Field(
        default=None, description="The datastore's name in words, for staff (CRM, webshop)."
    )
    url: str | None = None
    fides: str | None = Field(default=None, description="A Fides/fideslang dataset YAML file.")
    fides_categories: dict[str, Key] = Field(
        default_factory=dict,
        description="Fides data categories mapped to categories of this declaration.",
    )
    tables: dict[str, Table] = Field(default_factory=dict)
    connector: str | None = Field(
        default=None,
        description="A processor reached through its API: the name of a definition "
        "Waarborg ships (mailchimp, laposta, moneybird, mollie, stripe, hubspot, shopify) "
        "or the path of a Fides SaaS connector configuration (YAML). Its endpoints are "
        "the datastore's tables.",
    )
    params: dict[str, str | int] = Field(
        default_factory=dict,
        description="The connector's settings that are no secret (its connector_params: "
        "a domain, a list id).",
    )
    secrets: dict[str, EnvName] = Field(
        default_factory=dict,
        description="The connector's secret settings (an API key, a token), each as the "
        "name of the environment variable that holds it; never the secret itself.",
    )
    recipient: Key | None = Field(
        default=None,
        description="The recipient (a key of recipients) this connector reaches: an "
        "erasure or rectification carried out through it is that recipient's Art. 19 "
        "notice, recorded with the processor's answer. Without it, the recipient with the "
        "datastore's own key.",
    )
    base_url: str | None = Field(
        default=None,
        description="A connector's API address, instead of the definition's protocol and "
        "host (a processor's sandbox, or a local test server).",
    )
    erasure: Literal["mask", "delete", "processor"] = Field(
        default="mask",
        description="How a connector erases: mask (the definition's update requests, "
        "delete where an endpoint has none), delete (its delete requests, update where "
        "it has none), or processor (the processor's own erasure request).",
    )


class Declaration(Model):
    waarborg: Literal[1]
    controller: Controller
    statement: Statement = Field(default_factory=Statement)
    subjects: dict[Key, Subject] = Field(default_factory=dict)
    categories: dict[Key, Category] = Field(default_factory=dict)
    purposes: dict[Key, Purpose] = Field(default_factory=dict)
    recipients: dict[Key, Recipient] = Field(default_factory=dict)
    retention: dict[Key, Retention] = Field(default_factory=dict)
    cookies: dict[str, Cookie] = Field(default_factory=dict)
    rights: Rights | None = None
    complaints: Complaints | None = None
    security: Security | None = None
    children: Children | None = None
    processing_for: dict[Key, ClientProcessing] = Field(default_factory=dict)
    parties: dict[Key, Party] = Field(
        default_factory=dict,
        description="Other organisations the statement names as controller for some "
        "purposes (purposes.<key>.controller).",
    )
    transfers: dict[Key, TransferClause] = Field(default_factory=dict)
    datastores: dict[Key, Datastore] = Field(default_factory=dict)

    _source: Any = PrivateAttr(default=None)
    _adopted: dict[tuple[str | int, ...], str] = PrivateAttr(default_factory=dict)
    _fides: dict[str, "FidesImport"] = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> Any:
        """The ``SourceMap`` of the file this was loaded from (positions of every key)."""
        return self._source

    @property
    def fides(self) -> "dict[str, FidesImport]":
        """The Fides datasets the loader read with the declaration, by datastore key:
        a datastore that names a file (``datastores.<key>.fides``) has its dataset here."""
        return self._fides

    @property
    def adopted(self) -> dict[tuple[str | int, ...], str]:
        """The facts adopted from a catalogue (``from_catalogue: true``): each path, and
        the catalogue it comes from (``recipients`` or ``cookies``)."""
        return self._adopted

    @property
    def rights_offered(self) -> list[RightKey]:
        """The rights the declaration names; when it names none, every right the law gives
        (what the privacy centre offers)."""
        if self.rights is None or self.rights.offered is None:
            return list(RIGHTS)
        return list(self.rights.offered)

    def purposes_using(self, category: str) -> list[str]:
        return [key for key, p in self.purposes.items() if category in p.categories]

    def category_retention(self, purpose: Purpose) -> dict[str, list[str]]:
        """The retention rules that the purpose's categories carry themselves, each with
        its categories in the purpose's order.

        A category's own rule holds that data whatever the purpose; the purpose's rule
        holds the rest. A category whose rule is the purpose's own is not listed.
        """
        rules: dict[str, list[str]] = {}
        for key in purpose.categories:
            category = self.categories.get(key)
            rule = category.retention if category is not None else None
            if rule is not None and rule != purpose.retention:
                rules.setdefault(rule, []).append(key)
        return rules
