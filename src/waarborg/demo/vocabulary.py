"""The words and places the demo CRM is made of.

Where Studio Denkbeeldig's customers are (most of them in Twente), what kind of
businesses they run, what the studio makes for them, and what a visit to its website
looks like. Where a choice is not even, each entry carries its weight.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BROWSERS",
    "DEVICES",
    "FOUNDATIONS",
    "HOSTING",
    "LEGAL_FORMS",
    "PAGES",
    "PLACES",
    "PROJECTS",
    "SHOPS",
    "SYSTEMS",
    "TRADES",
    "Place",
]


@dataclass(frozen=True)
class Place:
    city: str
    first: int  # the range of the postcode's four digits
    last: int
    area: str  # the telephone area code


#: Where the studio's customers are, most of them in Twente, with a weight each.
PLACES: tuple[tuple[Place, int], ...] = (
    (Place("Hengelo", 7550, 7559, "074"), 30),
    (Place("Enschede", 7511, 7548, "053"), 16),
    (Place("Borne", 7621, 7623, "074"), 8),
    (Place("Almelo", 7601, 7609, "0546"), 8),
    (Place("Oldenzaal", 7571, 7577, "0541"), 5),
    (Place("Delden", 7491, 7491, "074"), 4),
    (Place("Haaksbergen", 7481, 7483, "053"), 4),
    (Place("Goor", 7471, 7472, "0547"), 3),
    (Place("Rijssen", 7461, 7463, "0548"), 3),
    (Place("Deventer", 7411, 7429, "0570"), 3),
    (Place("Zwolle", 8011, 8043, "038"), 2),
    (Place("Apeldoorn", 7311, 7339, "055"), 2),
    (Place("Utrecht", 3511, 3585, "030"), 1),
    (Place("Amsterdam", 1011, 1109, "020"), 1),
)

TRADES = (
    "Fotografie",
    "Bouw",
    "Installatietechniek",
    "Schilderwerken",
    "Advies",
    "Tuinontwerp",
    "Fysiotherapie",
    "Administratie",
    "Timmerwerken",
    "Interieur",
    "Coaching",
    "Transport",
    "IT-diensten",
    "Catering",
    "Makelaardij",
    "Dakwerken",
)
SHOPS = (
    "Kapsalon",
    "Bakkerij",
    "Bloemenhuis",
    "Slagerij",
    "Rijwielhandel",
    "Dierenpraktijk",
    "Schoonheidssalon",
    "Autobedrijf",
)
FOUNDATIONS = (
    "Muziekschool",
    "Dorpshuis",
    "Voedselbank",
    "Kinderopvang",
    "Speeltuin",
    "Openluchttheater",
    "Historische Kring",
)
LEGAL_FORMS = (("eenmanszaak", 45), ("vof", 15), ("bv", 32), ("stichting", 8))

#: Project titles with the range of their price in euros.
PROJECTS: dict[str, tuple[int, int]] = {
    "Huisstijl en logo": (650, 2400),
    "Nieuwe website": (1800, 7500),
    "Webshop": (3500, 12000),
    "Drukwerk (folders en visitekaartjes)": (250, 1200),
    "Nieuwsbriefontwerp": (300, 900),
    "Vindbaarheid (SEO)": (400, 1800),
    "Social-mediacampagne": (500, 2500),
    "Onderhoud website": (300, 1500),
}
HOSTING = "Hosting en onderhoud website (jaar)"

PAGES = (
    "/",
    "/diensten",
    "/diensten/webdesign",
    "/diensten/huisstijl",
    "/diensten/drukwerk",
    "/portfolio",
    "/over-ons",
    "/contact",
    "/nieuwsbrief",
    "/blog/tien-tips-voor-je-website",
    "/blog/waarom-een-huisstijl",
    "/privacy",
)
BROWSERS = ("Chrome 124", "Chrome 131", "Safari 17", "Firefox 128", "Edge 124", "Samsung 25")
DEVICES = (("desktop", 55), ("mobiel", 38), ("tablet", 7))
SYSTEMS = (
    ("DirectAdmin", "da.{domain}"),
    ("FTP", "ftp.{domain}"),
    ("WordPress", "{domain}/wp-admin"),
    ("Apple ID", "appleid.apple.com"),
    ("Hostingpaneel", "hosting.{domain}"),
    ("Domeinbeheer", "dns.{domain}"),
    ("Mailbox (IMAP)", "mail.{domain}"),
)
