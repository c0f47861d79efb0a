"""Static catalog of the synthetic tenant: the seller, its products and competitors, people and companies.

Everything here is plain data. Downstream configuration (the enrichment engine's product and competitor
gazetteers, test expectations) should read these constants instead of repeating the names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Seller:
    """The company whose Gong tenant is simulated."""

    name: str
    short_name: str
    domain: str
    products: tuple[str, ...]
    competitors: tuple[str, ...]


SELLER = Seller(
    name="Northwind Analytics",
    short_name="Northwind",
    domain="northwind.io",
    # Same names as the enrichment settings' default gazetteers (include/gong_intel/config.py).
    products=("Insights Cloud", "Forecast Pro", "Deal Desk", "Coaching Studio"),
    competitors=("Chorus", "Clari", "Outreach", "Salesloft", "Revenue.io", "People.ai"),
)

#: Product -> features the reps demo; used by the phrasebook so that demo talk names real capabilities.
PRODUCT_FEATURES: dict[str, tuple[str, ...]] = {
    "Insights Cloud": (
        "call recording",
        "conversation analytics",
        "topic tracking",
        "the searchable call library",
    ),
    "Forecast Pro": ("forecast roll-ups", "pipeline inspection", "deal scoring", "commit tracking"),
    "Deal Desk": ("approval workflows", "deal review boards", "order form automation", "signature routing"),
    "Coaching Studio": ("scorecards", "coaching playlists", "talk-track feedback", "ramp dashboards"),
}

#: List price per seat per year in USD; opportunity amounts are seats x price x a discount.
PRODUCT_SEAT_PRICE: dict[str, int] = {
    "Insights Cloud": 1200,
    "Forecast Pro": 900,
    "Deal Desk": 700,
    "Coaching Studio": 600,
}

WORKSPACE_ID = "5062154716315628342"
GONG_APP_URL = "https://app.gong.io/call?id="

# Internal org: one VP, three managers, reps under them. Titles map to the call roles they play.
VP_TITLE = "VP of Sales"
MANAGER_TITLES = ("Sales Manager, Enterprise", "Sales Manager, Mid-Market", "Manager, Customer Success")
REP_TITLES = (
    ("Enterprise Account Executive", "ae"),
    ("Enterprise Account Executive", "ae"),
    ("Senior Account Executive", "ae"),
    ("Senior Account Executive", "ae"),
    ("Account Executive", "ae"),
    ("Account Executive", "ae"),
    ("Account Executive", "ae"),
    ("Account Executive", "ae"),
    ("Mid-Market Account Executive", "ae"),
    ("Mid-Market Account Executive", "ae"),
    ("Sales Development Representative", "sdr"),
    ("Sales Development Representative", "sdr"),
    ("Sales Development Representative", "sdr"),
    ("Solutions Engineer", "se"),
    ("Solutions Engineer", "se"),
    ("Senior Solutions Engineer", "se"),
    ("Customer Success Manager", "csm"),
    ("Customer Success Manager", "csm"),
    ("Senior Customer Success Manager", "csm"),
    ("Account Executive", "ae"),
)

FIRST_NAMES_EN = (
    "Avery",
    "Jordan",
    "Taylor",
    "Morgan",
    "Riley",
    "Casey",
    "Jamie",
    "Quinn",
    "Dana",
    "Priya",
    "Marcus",
    "Elena",
    "Sofia",
    "Daniel",
    "Grace",
    "Noah",
    "Olivia",
    "Ethan",
    "Maya",
    "Liam",
    "Chloe",
    "Aiden",
    "Harper",
    "Lucas",
    "Zoe",
    "Owen",
    "Nora",
    "Caleb",
    "Leah",
    "Isaac",
    "Ruby",
    "Julian",
    "Hannah",
    "Adrian",
    "Mei",
    "Rahul",
    "Aisha",
    "Kofi",
    "Yuki",
    "Diego",
    "Fatima",
    "Samuel",
    "Naomi",
    "Victor",
    "Claire",
    "Tobias",
    "Imani",
    "Hugo",
    "Lena",
    "Marco",
    "Anika",
    "Felix",
    "Rosa",
    "Andre",
    "Keiko",
    "Omar",
    "Beatriz",
    "Connor",
    "Tessa",
    "Raj",
)
LAST_NAMES_EN = (
    "Whitfield",
    "Nakamura",
    "Okafor",
    "Brennan",
    "Castillo",
    "Lindqvist",
    "Patel",
    "Moreau",
    "Harrington",
    "Vasquez",
    "Sullivan",
    "Chen",
    "Abernathy",
    "Kowalski",
    "Delgado",
    "Fitzgerald",
    "Osei",
    "Ramirez",
    "Larsen",
    "Thornton",
    "Iyer",
    "Mbeki",
    "Halvorsen",
    "Donovan",
    "Reyes",
    "Albright",
    "Novak",
    "Quintero",
    "Sato",
    "Gallagher",
    "Pereira",
    "Walsh",
    "Adeyemi",
    "Holloway",
    "Kim",
    "Marchetti",
    "Sinclair",
    "Bauer",
    "Ortega",
    "Whitaker",
    "Rossi",
    "Fischer",
    "Mendez",
    "Caldwell",
    "Petrov",
    "Hayes",
    "Ibrahim",
    "Lowell",
    "Tanaka",
    "Brooks",
    "Varga",
    "Ellison",
    "Cho",
    "Morrison",
    "Dubois",
    "Grant",
    "Santos",
    "Keller",
    "Huang",
    "Prescott",
)
FIRST_NAMES_DE = (
    "Lukas",
    "Anna",
    "Jonas",
    "Lea",
    "Maximilian",
    "Sophie",
    "Felix",
    "Marie",
    "Paul",
    "Katrin",
    "Matthias",
    "Julia",
    "Stefan",
    "Sabine",
    "Tobias",
    "Claudia",
)
LAST_NAMES_DE = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Richter",
    "Wolf",
    "Neumann",
    "Zimmermann",
    "Krüger",
    "Hartmann",
    "Lange",
    "Werner",
)
FIRST_NAMES_ES = (
    "Lucía",
    "Javier",
    "Carmen",
    "Alejandro",
    "Marta",
    "Pablo",
    "Elena",
    "Sergio",
    "Laura",
    "Andrés",
    "Paula",
    "Raúl",
    "Isabel",
    "Álvaro",
    "Nuria",
    "Diego",
)
LAST_NAMES_ES = (
    "García",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Romero",
    "Navarro",
    "Torres",
    "Ruiz",
    "Jiménez",
    "Moreno",
    "Alonso",
    "Gil",
    "Vidal",
    "Serrano",
    "Castro",
)
FIRST_NAMES_FR = ("Camille", "Louis", "Chloé", "Antoine", "Manon", "Julien", "Inès", "Mathieu")
LAST_NAMES_FR = ("Martin", "Bernard", "Lefèvre", "Girard", "Fontaine", "Rousseau", "Mercier", "Blanc")

# Buyer-side titles, grouped by seniority so calls can pair an economic buyer with a practitioner.
BUYER_TITLES_SENIOR = (
    "VP of Sales",
    "Chief Revenue Officer",
    "VP of Revenue Operations",
    "Head of Sales",
    "CFO",
    "VP of Customer Success",
    "SVP Global Sales",
    "Director of Sales Operations",
)
BUYER_TITLES_PRACTITIONER = (
    "Revenue Operations Manager",
    "Sales Enablement Lead",
    "Senior Sales Manager",
    "IT Security Analyst",
    "Procurement Manager",
    "Sales Operations Analyst",
    "Director of Enablement",
    "CRM Administrator",
    "Regional Sales Director",
    "Legal Counsel",
)

# Account name parts; names are unique (prefix, suffix) pairs so any number of accounts can be produced.
ACCOUNT_PREFIXES = (
    "Acme",
    "Bluefin",
    "Cedarline",
    "Driftwood",
    "Evergreen",
    "Falconridge",
    "Granite",
    "Harborview",
    "Ironclad",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Orchard",
    "Pinnacle",
    "Quarry",
    "Redwood",
    "Summitview",
    "Tidewater",
    "Vantage",
    "Willow",
    "Yellowtail",
    "Zenith",
    "Alder",
    "Brightline",
    "Copperleaf",
    "Deltaridge",
    "Everlane",
    "Foxglove",
    "Greyhawk",
    "Highmark",
    "Indigo",
    "Jetstream",
    "Keystone",
    "Lakeshore",
    "Mosaic",
    "Nimbus",
    "Oakhurst",
    "Polaris",
    "Quicksilver",
    "Riverbend",
    "Silverpine",
    "Trailhead",
    "Upland",
    "Vireo",
    "Westbrook",
    "Arbor",
    "Beacon",
    "Crestview",
    "Dunmore",
)
ACCOUNT_SUFFIXES = (
    ("Logistics", "Transportation & Logistics"),
    ("Health", "Healthcare"),
    ("Bank", "Financial Services"),
    ("Insurance", "Insurance"),
    ("Software", "Software"),
    ("Robotics", "Manufacturing"),
    ("Foods", "Consumer Goods"),
    ("Energy", "Energy & Utilities"),
    ("Retail", "Retail"),
    ("Labs", "Biotechnology"),
    ("Media", "Media"),
    ("Freight", "Transportation & Logistics"),
    ("Systems", "Information Technology"),
    ("Payments", "Fintech"),
    ("Telecom", "Telecommunications"),
    ("Security", "Cybersecurity"),
)
# (region code, IANA timezone, top-level domain, name pools, weight). Weights give a US-heavy book of business.
REGIONS = (
    ("US-East", "America/New_York", "com", "en", 30),
    ("US-Central", "America/Chicago", "com", "en", 15),
    ("US-West", "America/Los_Angeles", "com", "en", 20),
    ("UK", "Europe/London", "co.uk", "en", 12),
    ("DE", "Europe/Berlin", "de", "de", 9),
    ("ES", "Europe/Madrid", "es", "es", 7),
    ("FR", "Europe/Paris", "fr", "fr", 5),
    ("NL", "Europe/Amsterdam", "nl", "en", 2),
)

# Salesforce opportunity stages in order; calls of an opportunity walk this path.
OPEN_STAGES = ("Discovery", "Demo", "Proposal", "Negotiation")
CLOSED_WON = "Closed Won"
CLOSED_LOST = "Closed Lost"

CONFERENCE_SYSTEMS = (("Zoom", 50), ("Google Meet", 22), ("Microsoft Teams", 23), ("Webex", 5))
