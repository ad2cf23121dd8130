"""The words and places the demo council's Local Offer is made of.

Brackenshire is fictional. Its postcodes use the area "BK", which the Royal Mail has
never issued; its phone numbers come from the ranges Ofcom keeps for drama; its
email addresses and websites end in ".example", which can never be registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Demo data is dated from here, not from today, so every load gives the same data.
REFERENCE_DATE = date(2026, 11, 1)

COUNCIL_NAME = "Brackenshire Council"
CHILDRENS_SERVICES_PHONE = "01632 960000"

# The box every demo coordinate falls in: (min_lat, max_lat, min_lon, max_lon).
AREA_BOX = (52.55, 52.95, -1.95, -1.35)


@dataclass(frozen=True)
class Term:
    code: str
    name: str
    description: str = ""


# Codes are unique across every vocabulary, so needs and accessibility codes carry a prefix.
CATEGORIES = (
    Term(
        "short-breaks",
        "Short breaks",
        "Time away from caring for parents and carers, and fun for the child or young person.",
    ),
    Term(
        "personal-assistants",
        "Personal assistants",
        "People a family employs or hires to support a child or young person at home "
        "and out and about.",
    ),
    Term(
        "clubs-and-activities",
        "Clubs and activities",
        "Sport, play, arts and social groups through the year.",
    ),
    Term(
        "holiday-schemes",
        "Holiday schemes",
        "Play schemes and activity days in the school holidays.",
    ),
    Term(
        "overnight-breaks",
        "Overnight breaks",
        "Short stays away from home, overnight or for a weekend.",
    ),
    Term(
        "equipment",
        "Equipment",
        "Specialist equipment to buy, borrow or hire, and adaptations to the home.",
    ),
    Term(
        "therapies",
        "Therapies",
        "Speech and language therapy, occupational therapy, physiotherapy and others.",
    ),
    Term(
        "transport",
        "Transport",
        "Getting to school, college and activities, and learning to travel independently.",
    ),
    Term(
        "early-years",
        "Early years",
        "Support for babies and young children up to 5, and their families.",
    ),
    Term(
        "education-support",
        "Education support",
        "Help with learning at school or college, and preparing for adulthood.",
    ),
    Term(
        "continence-products",
        "Continence products",
        "Bladder and bowel support, pads, pull-ups and protection.",
    ),
    Term(
        "advice-and-support",
        "Advice and support",
        "Information, advice, support groups and someone to talk to.",
    ),
)

NEEDS = (
    Term("need-autism", "Autism"),
    Term("need-adhd", "ADHD"),
    Term("need-learning-disability", "Learning disability"),
    Term("need-physical-disability", "Physical disability"),
    Term("need-hearing-impairment", "Hearing impairment"),
    Term("need-visual-impairment", "Visual impairment"),
    Term("need-slcn", "Speech, language and communication needs"),
    Term("need-semh", "Social, emotional and mental health"),
    Term("need-complex-health", "Complex health needs"),
    Term("need-pmld", "Profound and multiple learning disabilities"),
)

ACCESSIBILITY = (
    Term("access-wheelchair", "Wheelchair accessible"),
    Term("access-accessible-toilet", "Accessible toilet"),
    Term("access-changing-places", "Changing Places toilet"),
    Term("access-hoist", "Hoist available"),
    Term("access-quiet-space", "Quiet space or sensory room"),
    Term("access-hearing-loop", "Hearing loop"),
    Term("access-bsl", "British Sign Language (BSL) available"),
    Term("access-makaton", "Makaton used"),
    Term("access-parking", "Parking nearby"),
    Term("access-easy-read", "Easy read information"),
)

FUNDING_STREAMS = (
    Term("social-care", "Social care", "Paid from the council's social care budget."),
    Term(
        "education",
        "Education (SEN)",
        "Paid from the special educational needs budget, usually through an EHC plan.",
    ),
    Term("health", "Health", "Paid by the NHS, including personal health budgets."),
)

VOCABULARY_TERMS: dict[str, tuple[Term, ...]] = {
    "category": CATEGORIES,
    "need": NEEDS,
    "accessibility": ACCESSIBILITY,
    "funding-stream": FUNDING_STREAMS,
}

# What a service says about its accessibility, feature by feature.
FEATURE_SENTENCES = {
    "access-wheelchair": "There is step-free access throughout, with wide doors.",
    "access-accessible-toilet": "There is an accessible toilet.",
    "access-changing-places": (
        "There is a Changing Places toilet with a height-adjustable changing bench."
    ),
    "access-hoist": "A hoist is available; bring your own sling if you prefer.",
    "access-quiet-space": "There is a quiet room for time out when things get too much.",
    "access-hearing-loop": "A hearing loop is fitted in the main room and at reception.",
    "access-bsl": "Staff use British Sign Language, and an interpreter can be booked.",
    "access-makaton": "Staff use Makaton signs and symbols.",
    "access-parking": "There are Blue Badge parking spaces close to the entrance.",
    "access-easy-read": "Information about the service is available in easy read.",
}


@dataclass(frozen=True)
class Town:
    name: str
    outward_codes: tuple[str, ...]
    latitude: float
    longitude: float
    streets: tuple[str, ...]


TOWNS = (
    Town(
        "Brackenbury",
        ("BK1", "BK2", "BK3", "BK4", "BK5"),
        52.745,
        -1.655,
        (
            "Castle Street",
            "Market Place",
            "Church Walk",
            "Meadow Lane",
            "Station Road",
            "Infirmary Road",
            "Heronsgate Road",
            "Larch Avenue",
            "Abbey Gardens",
            "Tanners Row",
        ),
    ),
    Town(
        "Millford",
        ("BK6", "BK7"),
        52.872,
        -1.812,
        (
            "Riverside Way",
            "Wesley Street",
            "Holly Lane",
            "Mill Yard",
            "King Street",
            "Bridge Street",
            "Weir Road",
            "Sandpit Lane",
        ),
    ),
    Town(
        "Hollinsford",
        ("BK8", "BK9"),
        52.893,
        -1.478,
        (
            "Park Road",
            "Greenway",
            "Hospital Lane",
            "Hollin Lane",
            "Lark Rise",
            "Beacon Street",
            "Orchard Close",
            "Quarry Hill",
        ),
    ),
    Town(
        "Wexcombe",
        ("BK10", "BK11"),
        52.622,
        -1.838,
        (
            "Brook Lane",
            "High Street",
            "Combe Road",
            "Vicarage Lane",
            "Foundry Street",
            "Ashdown Way",
            "The Green",
            "Saxon Drive",
        ),
    ),
    Town(
        "Thornley Bridge",
        ("BK12", "BK13"),
        52.598,
        -1.482,
        (
            "Farm Lane",
            "Canal Side",
            "Town Hall Square",
            "Thornley Road",
            "Wharf Street",
            "Acorn Way",
            "Sycamore Drive",
            "Lock Lane",
        ),
    ),
    Town(
        "Easterholme",
        ("BK14", "BK15"),
        52.771,
        -1.432,
        (
            "College Road",
            "Eastgate",
            "Holme Lane",
            "Foxglove Way",
            "Parkside",
            "Enterprise Way",
            "Chapel Street",
            "Fenwick Road",
        ),
    ),
    Town(
        "Kettlebrook",
        ("BK16", "BK17"),
        52.676,
        -1.735,
        (
            "Brookside",
            "Trading Estate Road",
            "Baptist Lane",
            "Playfield Road",
            "Kettle Lane",
            "Spinney Close",
            "Forge Way",
            "Westfield Road",
        ),
    ),
    Town(
        "Oakhurst",
        ("BK18", "BK19", "BK20"),
        52.818,
        -1.618,
        (
            "Oak Avenue",
            "Willow Road",
            "Park School Lane",
            "Hurst Road",
            "Green Lane",
            "Beech Grove",
            "Ridgeway",
            "Badger Close",
        ),
    ),
)

TOWNS_BY_NAME = {town.name: town for town in TOWNS}


@dataclass(frozen=True)
class Venue:
    town: str
    name: str
    address: str
    postcode: str
    # What kind of place it is, matched against a service kind's places.
    tags: tuple[str, ...]
    accessibility: str = ""


VENUES = (
    Venue(
        "Brackenbury",
        "Brackenbury Leisure Centre",
        "12 Castle Street",
        "BK1 3LD",
        ("pool", "leisure"),
        "Level access from the car park and a pool hoist.",
    ),
    Venue(
        "Brackenbury",
        "Bracken Valley Sports Arena",
        "Meadow Lane",
        "BK4 2SA",
        ("leisure",),
        "Step-free access and an accessible changing room.",
    ),
    Venue(
        "Brackenbury",
        "St Aldhelm's Community Hall",
        "3 Church Walk",
        "BK2 1HW",
        ("community",),
        "Ramp at the side entrance.",
    ),
    Venue(
        "Brackenbury",
        "Heronsgate School",
        "Heronsgate Road",
        "BK3 4HS",
        ("school", "hydro"),
        "Single-storey building with a hydrotherapy pool.",
    ),
    Venue(
        "Brackenbury",
        "Brackenbury Child Development Centre",
        "Infirmary Road",
        "BK2 7DE",
        ("health",),
        "Lift to all floors and a Changing Places toilet.",
    ),
    Venue(
        "Brackenbury",
        "County Hall",
        "Market Place",
        "BK1 1AA",
        ("office",),
        "Main entrance has automatic doors and a lift.",
    ),
    Venue(
        "Brackenbury",
        "Brackenbury Family Hub",
        "41 Station Road",
        "BK5 2FH",
        ("family-hub", "community"),
        "All on the ground floor.",
    ),
    Venue(
        "Brackenbury",
        "Larch House",
        "8 Larch Avenue",
        "BK4 6LH",
        ("residential",),
        "Adapted bedrooms and bathrooms on the ground floor.",
    ),
    Venue(
        "Brackenbury",
        "Tanners Row Business Centre",
        "Unit 4, Tanners Row",
        "BK5 6TR",
        ("office", "shop"),
        "Ground floor unit with level access.",
    ),
    Venue(
        "Millford",
        "Millford Pool and Fitness",
        "Riverside Way",
        "BK6 2PF",
        ("pool", "leisure"),
        "Pool pod lift and accessible changing rooms.",
    ),
    Venue(
        "Millford",
        "Millford Methodist Church Hall",
        "Wesley Street",
        "BK6 4NH",
        ("community",),
        "Level entrance from Wesley Street.",
    ),
    Venue(
        "Millford",
        "Millbrook Academy",
        "Sandpit Lane",
        "BK7 3WA",
        ("school",),
        "Special school with a sensory garden.",
    ),
    Venue(
        "Millford",
        "Millford Riding Centre",
        "Holly Lane",
        "BK7 8RD",
        ("farm", "outdoor"),
        "Mounting ramp and hoist for riders.",
    ),
    Venue(
        "Millford",
        "Millford Enterprise Centre",
        "Mill Yard",
        "BK6 1EB",
        ("office",),
        "Lift to the first floor.",
    ),
    Venue(
        "Millford",
        "Millford Family Hub",
        "King Street",
        "BK6 5FH",
        ("family-hub", "community"),
        "All on the ground floor.",
    ),
    Venue(
        "Millford",
        "Millford Health Centre",
        "Bridge Street",
        "BK6 3HQ",
        ("health",),
        "Automatic doors and a lift.",
    ),
    Venue(
        "Hollinsford",
        "Hollinsford Leisure Centre",
        "Park Road",
        "BK8 2LE",
        ("pool", "leisure"),
        "Pool hoist and a Changing Places toilet.",
    ),
    Venue(
        "Hollinsford",
        "Hollinsford Community Centre",
        "Greenway",
        "BK8 4AU",
        ("community",),
        "Step-free throughout.",
    ),
    Venue(
        "Hollinsford",
        "Hollinsford Community Hospital",
        "Hospital Lane",
        "BK9 1HH",
        ("health", "hydro"),
        "Hospital site with drop-off outside the therapy wing.",
    ),
    Venue(
        "Hollinsford",
        "Hollin Woods Outdoor Centre",
        "Hollin Lane",
        "BK9 6WD",
        ("outdoor", "residential"),
        "Accessible bunk rooms and all-weather paths.",
    ),
    Venue(
        "Hollinsford",
        "Kingfisher Children's Hospice",
        "Lark Rise",
        "BK9 4JH",
        ("hospice", "hydro", "residential"),
        "Fully accessible, with hoists in every room.",
    ),
    Venue(
        "Hollinsford",
        "Hollinsford Family Hub",
        "Beacon Street",
        "BK8 5FB",
        ("family-hub", "community"),
        "All on the ground floor.",
    ),
    Venue(
        "Hollinsford",
        "The Sensory Barn",
        "Orchard Close",
        "BK8 7SB",
        ("sensory", "community"),
        "Converted barn with level access.",
    ),
    Venue(
        "Wexcombe",
        "Wexcombe Swimming Pool",
        "Combe Road",
        "BK10 2SP",
        ("pool", "leisure"),
        "Poolside hoist and a family changing room.",
    ),
    Venue(
        "Wexcombe",
        "Wexcombe Community Centre",
        "High Street",
        "BK10 4GE",
        ("community",),
        "Level access and an accessible toilet.",
    ),
    Venue(
        "Wexcombe",
        "Brook Lane School",
        "Brook Lane",
        "BK11 3BL",
        ("school",),
        "Special school, single-storey.",
    ),
    Venue(
        "Wexcombe",
        "Wexcombe Family Hub",
        "Vicarage Lane",
        "BK10 5FH",
        ("family-hub", "community"),
        "All on the ground floor.",
    ),
    Venue(
        "Wexcombe",
        "Wexcombe Medical Centre",
        "Foundry Street",
        "BK11 1ND",
        ("health",),
        "Automatic doors and a lift.",
    ),
    Venue(
        "Wexcombe",
        "Saxon Drive Offices",
        "2 Saxon Drive",
        "BK11 6SD",
        ("office",),
        "Ground floor office.",
    ),
    Venue(
        "Thornley Bridge",
        "Thornley Bridge Community Farm",
        "Farm Lane",
        "BK13 7FL",
        ("farm", "outdoor"),
        "Hard paths around the farm and an accessible toilet.",
    ),
    Venue(
        "Thornley Bridge",
        "Thornley Bridge Town Hall",
        "Town Hall Square",
        "BK12 1TH",
        ("community", "office"),
        "Lift to the upper hall.",
    ),
    Venue(
        "Thornley Bridge",
        "Thornley Bridge Leisure Centre",
        "Canal Side",
        "BK12 4LS",
        ("pool", "leisure"),
        "Pool hoist and accessible changing.",
    ),
    Venue(
        "Thornley Bridge",
        "Thornley Bridge Family Hub",
        "Acorn Way",
        "BK12 6FH",
        ("family-hub", "community"),
        "All on the ground floor.",
    ),
    Venue(
        "Thornley Bridge",
        "Acorn Way Nursery",
        "14 Acorn Way",
        "BK12 6AN",
        ("nursery",),
        "Single-storey nursery with a sensory garden.",
    ),
    Venue(
        "Thornley Bridge",
        "Thornley Road Clinic",
        "Thornley Road",
        "BK13 2TR",
        ("health",),
        "Level access from the car park.",
    ),
    Venue(
        "Easterholme",
        "Easterholme Community Centre",
        "Chapel Street",
        "BK14 3GS",
        ("community",),
        "Level entrance and a hearing loop.",
    ),
    Venue(
        "Easterholme",
        "Easterholme Leisure Pool",
        "Parkside",
        "BK14 5LP",
        ("pool", "leisure"),
        "Pool hoist and accessible changing rooms.",
    ),
    Venue(
        "Easterholme",
        "Easterholme College",
        "College Road",
        "BK15 2EG",
        ("college", "school"),
        "Lifts to all floors.",
    ),
    Venue(
        "Easterholme",
        "Easterholme Family Hub",
        "Eastgate",
        "BK14 1FH",
        ("family-hub", "community"),
        "All on the ground floor.",
    ),
    Venue(
        "Easterholme",
        "Easterholme Business Park",
        "Enterprise Way",
        "BK15 6BP",
        ("office", "shop", "depot"),
        "Ground floor units with parking.",
    ),
    Venue(
        "Easterholme",
        "The Lantern Centre",
        "Foxglove Way",
        "BK15 4LN",
        ("community", "residential"),
        "Purpose-built, with two adapted flats.",
    ),
    Venue(
        "Kettlebrook",
        "Kettlebrook Adventure Playground",
        "Playfield Road",
        "BK16 4AP",
        ("playground", "outdoor"),
        "Wheelchair-accessible play equipment and paths.",
    ),
    Venue(
        "Kettlebrook",
        "Kettlebrook Sports Centre",
        "Westfield Road",
        "BK16 2SG",
        ("leisure", "climbing"),
        "Accessible climbing wall and changing rooms.",
    ),
    Venue(
        "Kettlebrook",
        "Kettlebrook Baptist Church Hall",
        "Baptist Lane",
        "BK16 5BH",
        ("community",),
        "Ramp at the main entrance.",
    ),
    Venue(
        "Kettlebrook",
        "Kettlebrook Family Hub",
        "Brookside",
        "BK17 1FH",
        ("family-hub", "community"),
        "All on the ground floor.",
    ),
    Venue(
        "Kettlebrook",
        "Kettlebrook Trading Estate",
        "Unit 9, Trading Estate Road",
        "BK17 4TE",
        ("shop", "depot", "office"),
        "Showroom on the ground floor.",
    ),
    Venue(
        "Oakhurst",
        "Oakhurst Leisure Centre",
        "Oak Avenue",
        "BK18 2LA",
        ("pool", "leisure"),
        "Pool hoist and a Changing Places toilet.",
    ),
    Venue(
        "Oakhurst",
        "Oakhurst Community Centre",
        "Green Lane",
        "BK19 3GG",
        ("community",),
        "Step-free throughout.",
    ),
    Venue(
        "Oakhurst",
        "Oakhurst Park School",
        "Park School Lane",
        "BK18 4PS",
        ("school", "hydro"),
        "Special school with a hydrotherapy pool.",
    ),
    Venue(
        "Oakhurst",
        "Willow Lodge",
        "Willow Road",
        "BK19 6WL",
        ("residential",),
        "Six adapted bedrooms with ceiling hoists.",
    ),
    Venue(
        "Oakhurst",
        "Oakhurst Family Hub",
        "Beech Grove",
        "BK20 1FH",
        ("family-hub", "community"),
        "All on the ground floor.",
    ),
    Venue(
        "Oakhurst",
        "Oakhurst Health Centre",
        "Hurst Road",
        "BK18 5HR",
        ("health",),
        "Automatic doors and a lift.",
    ),
    Venue(
        "Oakhurst", "Ridgeway House", "Ridgeway", "BK20 3RH", ("office",), "Ground floor reception."
    ),
    Venue(
        "Oakhurst",
        "Oakhurst Acorns Nursery",
        "Badger Close",
        "BK20 4AN",
        ("nursery",),
        "Single-storey nursery with a soft play room.",
    ),
    Venue(
        "Brackenbury",
        "Bracken Tots Nursery",
        "Abbey Gardens",
        "BK3 2BT",
        ("nursery",),
        "Ground floor rooms with level access to the garden.",
    ),
    Venue(
        "Hollinsford",
        "Hollinsford Library and Council Offices",
        "Beacon Street",
        "BK8 5LC",
        ("office", "community"),
        "Automatic doors and a lift to the meeting rooms.",
    ),
    Venue(
        "Easterholme",
        "Easterholme Clinic",
        "Holme Lane",
        "BK14 4CL",
        ("health",),
        "Level access and a lowered reception desk.",
    ),
    Venue(
        "Kettlebrook",
        "Kettlebrook Medical Practice",
        "Kettle Lane",
        "BK17 2MP",
        ("health",),
        "All clinic rooms are on the ground floor.",
    ),
    Venue(
        "Millford",
        "Millford College",
        "Weir Road",
        "BK7 1MC",
        ("college", "school"),
        "Lifts to all floors and a Changing Places toilet.",
    ),
)

# Services given in the family home keep an office address but no venue of their own.
HOME_BASED = "home"

FIRST_NAMES = (
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Ewa",
    "Farah",
    "Gareth",
    "Hannah",
    "Imran",
    "Jess",
    "Kwame",
    "Laura",
    "Marek",
    "Nadia",
    "Owen",
    "Priya",
    "Rachel",
    "Sam",
    "Tomasz",
    "Uzma",
    "Vicky",
    "Wes",
    "Yasmin",
    "Zoe",
    "Callum",
    "Megan",
    "Rhys",
    "Sian",
    "Amir",
    "Bethany",
)
LAST_NAMES = (
    "Ahmed",
    "Bennett",
    "Clarke",
    "Dawson",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "Mistry",
    "Novak",
    "Okafor",
    "Patel",
    "Quinn",
    "Roberts",
    "Shaw",
    "Turner",
    "Walsh",
    "Young",
    "Begum",
    "Hussain",
    "Taylor",
    "Wright",
    "Osei",
    "Kaur",
    "Morgan",
    "Sharma",
)


# --- What services are like: prices, opening times, routes in, and kinds of service -----------


@dataclass(frozen=True)
class Price:
    """A price range for one cost option; a service picks an amount inside it."""

    label: str
    unit: str
    low_pence: int
    high_pence: int = 0
    includes: str = ""
    duration_minutes: int | None = None


@dataclass(frozen=True)
class Opening:
    byday: str
    opens_at: str
    closes_at: str
    description: str
    term_time_only: bool = False


@dataclass(frozen=True)
class Route:
    """Who can use a service and how they get it; "{min_age}" and "{max_age}" are filled in."""

    eligibility: tuple[str, ...]
    how_to_access: tuple[str, ...]


ROUTES = {
    "book": Route(
        (
            "Open to children and young people aged {min_age} to {max_age} with a disability "
            "or additional need. You do not need a diagnosis.",
            "Any child or young person aged {min_age} to {max_age} with special educational "
            "needs or a disability can come. No referral is needed.",
        ),
        (
            "Book a place by phone or email. You are welcome to come and look round first.",
            "Contact us to book. We talk to you about your child's needs before their first "
            "visit, so staff know what helps.",
        ),
    ),
    "assessed": Route(
        (
            "For children and young people aged {min_age} to {max_age} who have been assessed "
            "by Brackenshire children's social care as needing a short break.",
            "Children and young people aged {min_age} to {max_age} who meet the short breaks "
            "eligibility criteria, after an assessment by the Disabled Children's Team.",
        ),
        (
            "Ask the Disabled Children's Team for an assessment on 01632 960000. If you already "
            "have a social worker, speak to them.",
            "Places are arranged by the Disabled Children's Team after an assessment. Families "
            "with a direct payment can book directly with us.",
        ),
    ),
    "referral": Route(
        (
            "Children and young people aged {min_age} to {max_age} who are registered with a "
            "GP in Brackenshire.",
            "Children and young people aged {min_age} to {max_age} with a health need that "
            "affects their daily life, registered with a Brackenshire GP.",
        ),
        (
            "Ask your GP, health visitor, school nurse or paediatrician to refer you. Parents "
            "can also refer themselves with the form on our website.",
            "A health professional refers you. You will get a letter with your first "
            "appointment, usually within 12 weeks.",
        ),
    ),
    "open": Route(
        (
            "Open to all families in Brackenshire with a child or young person aged {min_age} "
            "to {max_age} with special educational needs or a disability.",
            "Anyone can use this service. There is no charge and no waiting list.",
        ),
        (
            "Just come along during opening times, or call first if you would like a chat.",
            "Call, email or use the contact form on our website. We aim to reply within 3 "
            "working days.",
        ),
    ),
    "ehcp": Route(
        (
            "Children and young people aged {min_age} to {max_age} with an education, health "
            "and care (EHC) plan, or on SEN support at school or college.",
            "Young people aged {min_age} to {max_age} with special educational needs. An EHC "
            "plan is not always needed.",
        ),
        (
            "Speak to your school's SENCo, who can refer you. Families with a personal budget "
            "for education can book directly.",
            "Ask your school or college, or contact us directly. We arrange a meeting to plan "
            "support together.",
        ),
    ),
    "private": Route(
        (
            "Any child or young person aged {min_age} to {max_age}. No diagnosis or referral "
            "is needed.",
            "Open to families who pay themselves or through a personal budget or direct "
            "payment, for ages {min_age} to {max_age}.",
        ),
        (
            "Contact us for a free 15-minute phone call, then book an assessment.",
            "Email or phone to book. We send a short questionnaire before the first appointment.",
        ),
    ),
}

ALL_NEEDS = tuple(term.code for term in NEEDS)
VENUE_FEATURES = (
    "access-wheelchair",
    "access-accessible-toilet",
    "access-parking",
    "access-quiet-space",
    "access-hearing-loop",
    "access-makaton",
    "access-easy-read",
)
POOL_FEATURES = (
    "access-wheelchair",
    "access-hoist",
    "access-changing-places",
    "access-accessible-toilet",
    "access-parking",
)
HOME_FEATURES = ("access-makaton", "access-bsl", "access-easy-read")
CARE_FEATURES = (
    "access-wheelchair",
    "access-hoist",
    "access-changing-places",
    "access-quiet-space",
    "access-makaton",
)

WEEKDAYS = "MO,TU,WE,TH,FR"
SATURDAY_CLUB = Opening("SA", "10:00", "15:00", "Every Saturday, in term time and holidays.")
SUNDAY_CLUB = Opening("SU", "10:30", "15:30", "Every Sunday except bank holiday weekends.")
AFTER_SCHOOL = Opening(
    "TU,TH", "15:30", "18:00", "Tuesdays and Thursdays after school.", term_time_only=True
)
HOLIDAYS = Opening(
    WEEKDAYS,
    "09:30",
    "15:30",
    "Monday to Friday in the Easter and summer holidays, and at October half term.",
)
OFFICE_HOURS = Opening(WEEKDAYS, "09:00", "17:00", "Monday to Friday, except bank holidays.")
SCHOOL_DAY = Opening(WEEKDAYS, "08:30", "16:30", "School days.", term_time_only=True)
EVENING = Opening("WE", "18:00", "20:00", "Wednesday evenings.")
BY_ARRANGEMENT = Opening(
    "MO,TU,WE,TH,FR,SA,SU", "07:00", "22:00", "Any day, at times agreed with your family."
)


@dataclass(frozen=True)
class ServiceKind:
    """A template for one kind of service. Text may use {town}, {place} and {provider}.

    ``management`` says which ways a budget may pay: upper case always, lower case
    sometimes; D direct payment, M managed account, C arranged by the council.
    """

    key: str
    categories: tuple[str, ...]
    names: tuple[str, ...]
    summaries: tuple[str, ...]
    descriptions: tuple[str, ...]
    who_it_suits: tuple[str, ...]
    route: str
    ages: tuple[tuple[int, int], ...]
    needs: tuple[str, ...]
    features: tuple[str, ...]
    # Venue tags in order of preference; "home" means support in the family home.
    places: tuple[str, ...]
    prices: tuple[tuple[Price, ...], ...]
    openings: tuple[tuple[Opening, ...], ...]
    funding: tuple[str, ...]
    management: str
    contact_title: str


FREE = Price("Free", "free", 0, 0, "There is no charge to families.")

SERVICE_KINDS = (
    # Short breaks
    ServiceKind(
        key="saturday-club",
        categories=("short-breaks", "clubs-and-activities"),
        names=("{town} Saturday Club", "Saturday Explorers {town}", "Weekend Adventurers {town}"),
        summaries=(
            "A Saturday short break with games, cooking, crafts and trips out, at {place}.",
            "Fun Saturdays for disabled children with trained staff, so parents get a break.",
        ),
        descriptions=(
            "Children spend the day with friends and staff who know them well, at {place}. "
            "There are games, cooking, art and outings in the minibus. Staff are trained in "
            "moving and handling, first aid and giving medicines.",
            "Our Saturday club gives children time to have fun away from home and gives "
            "parents and carers a break. We plan each day around the group, with quiet time "
            "for those who need it. Staffing is usually one adult to two children, or one to "
            "one where needed.",
        ),
        who_it_suits=(
            "Children who enjoy being in a group and trying new things.",
            "Children who need support with personal care, communication or behaviour.",
        ),
        route="assessed",
        ages=((5, 17), (8, 18), (5, 12)),
        needs=ALL_NEEDS,
        features=VENUE_FEATURES + ("access-changing-places",),
        places=("community", "school", "leisure"),
        prices=(
            (Price("Saturday session", "session", 3500, 6500, "Lunch, snacks and trips.", 300),),
            (
                Price("Saturday session", "session", 3000, 5000, "Lunch and activities.", 300),
                Price("One-to-one support", "hour", 1800, 2400, "A named worker for your child."),
            ),
        ),
        openings=((SATURDAY_CLUB,), (SATURDAY_CLUB, SUNDAY_CLUB)),
        funding=("social-care",),
        management="DmC",
        contact_title="Club coordinator",
    ),
    ServiceKind(
        key="after-school-club",
        categories=("short-breaks",),
        names=("{town} After School Club", "Twilight Club {town}", "After School Friends {town}"),
        summaries=(
            "An after-school short break with tea, play and a quiet room, at {place}.",
            "After-school sessions for disabled children, with transport from school if needed.",
        ),
        descriptions=(
            "Children come straight from school to {place} for tea, play and activities until "
            "six o'clock. We can collect children from schools in and around {town}.",
            "A relaxed after-school club with a sensory room, outdoor play and a hot meal. "
            "Staff follow each child's care plan, including feeding and medication.",
        ),
        who_it_suits=(
            "Children who need a calm space after the school day.",
            "Children whose families need a regular break during the week.",
        ),
        route="assessed",
        ages=((5, 16), (5, 12), (8, 18)),
        needs=ALL_NEEDS,
        features=VENUE_FEATURES,
        places=("school", "community"),
        prices=(
            (Price("After-school session", "session", 2000, 3500, "Tea and activities.", 150),),
            (Price("After-school session", "session", 1800, 3000, "Tea and play.", 150),),
        ),
        openings=((AFTER_SCHOOL,),),
        funding=("social-care",),
        management="DmC",
        contact_title="Club leader",
    ),
    ServiceKind(
        key="sitting-service",
        categories=("short-breaks", "personal-assistants"),
        names=("{provider} Home Sitting", "Sitting Service {town}", "Time for You {town}"),
        summaries=(
            "A trained sitter looks after your disabled child at home so you can have a break.",
            "Regular or one-off care at home in {town}, during the day, evening or overnight.",
        ),
        descriptions=(
            "A trained and DBS-checked sitter comes to your home and looks after your child "
            "while you go out, rest or spend time with your other children. We match you with "
            "the same sitter each time wherever we can.",
            "Our carers give short breaks in the family home in and around {town}. They can "
            "help with personal care, meals, bedtime routines and medicines.",
        ),
        who_it_suits=(
            "Children who are more settled at home than in a group.",
            "Families who need a break in the evening or at weekends.",
        ),
        route="assessed",
        ages=((0, 18), (2, 18), (5, 25)),
        needs=ALL_NEEDS,
        features=HOME_FEATURES,
        places=("home",),
        prices=(
            (Price("Care at home", "hour", 1900, 2600, "A trained carer."),),
            (
                Price("Care at home", "hour", 2000, 2500, "A trained carer."),
                Price("Sleep-in night", "night", 9000, 13000, "A carer sleeps at your home.", 600),
            ),
        ),
        openings=((BY_ARRANGEMENT,),),
        funding=("social-care", "health"),
        management="DMc",
        contact_title="Care coordinator",
    ),
    # Personal assistants
    ServiceKind(
        key="pa-agency",
        categories=("personal-assistants",),
        names=("{provider} Personal Assistants", "PA Support {town}", "Out and About PAs {town}"),
        summaries=(
            "Personal assistants who support children and young people at home and out and about.",
            "Trained personal assistants for young people, matched to their interests.",
        ),
        descriptions=(
            "Our personal assistants help children and young people do the things they enjoy: "
            "going to clubs, the cinema, shopping or the gym. Every PA has an enhanced DBS "
            "check, references and training, and we cover holidays and sickness.",
            "We recruit, train and employ personal assistants so you do not have to become an "
            "employer. You choose your PA from people we introduce, and agree the hours "
            "together.",
        ),
        who_it_suits=(
            "Young people who want to be more independent with the right support.",
            "Families who would rather not employ a PA themselves.",
        ),
        route="private",
        ages=((5, 25), (11, 25), (8, 25)),
        needs=ALL_NEEDS,
        features=HOME_FEATURES,
        places=("home",),
        prices=(
            (Price("Personal assistant", "hour", 2000, 2800, "Support from a trained PA."),),
            (
                Price("Weekday support", "hour", 2000, 2500, "Support from a trained PA."),
                Price("Weekend support", "hour", 2300, 2900, "Saturdays and Sundays."),
            ),
        ),
        openings=((BY_ARRANGEMENT,),),
        funding=("social-care", "health"),
        management="DMc",
        contact_title="Service manager",
    ),
    ServiceKind(
        key="pa-register",
        categories=("personal-assistants", "advice-and-support"),
        names=("Find a PA in {town}", "{provider} PA Register", "PA Matching Service"),
        summaries=(
            "A free register of self-employed and employed personal assistants in Brackenshire.",
            "Help to find, interview and check a personal assistant paid by a direct payment.",
        ),
        descriptions=(
            "Search our register of personal assistants who are looking for work, see their "
            "experience and when they are free, and get in touch. We help with job adverts, "
            "interviews and DBS checks.",
            "We help families who use a direct payment to find the right personal assistant. "
            "We can write the advert, sit in on interviews and arrange the DBS check.",
        ),
        who_it_suits=(
            "Families who use a direct payment to employ a personal assistant.",
            "Young people who want to choose their own PA.",
        ),
        route="open",
        ages=((0, 25),),
        needs=ALL_NEEDS,
        features=("access-easy-read",),
        places=("office",),
        prices=((FREE,),),
        openings=((OFFICE_HOURS,),),
        funding=("social-care",),
        management="c",
        contact_title="PA adviser",
    ),
    ServiceKind(
        key="payroll-support",
        categories=("personal-assistants", "advice-and-support"),
        names=("Direct Payment Payroll", "{provider} Payroll and Accounts", "Employer Support"),
        summaries=(
            "Payroll, pensions and employer's insurance for families who employ a PA.",
            "We run the payroll for your personal assistant, paid from your direct payment.",
        ),
        descriptions=(
            "If you employ a personal assistant with a direct payment, we work out their pay, "
            "tax and National Insurance, send payslips, run the workplace pension and report "
            "to HMRC for you.",
            "A managed payroll and account service. We hold the direct payment, pay your "
            "staff and providers, and send you a statement each month.",
        ),
        who_it_suits=("Families who employ a personal assistant.",),
        route="open",
        ages=((0, 25),),
        needs=ALL_NEEDS,
        features=("access-easy-read",),
        places=("office",),
        prices=(
            (Price("Payroll service", "week", 300, 700, "Payslips, tax and pension returns."),),
            (
                Price("Payroll service", "week", 350, 600, "Payslips and returns."),
                Price("Managed account", "week", 800, 1200, "We hold and pay the budget."),
            ),
        ),
        openings=((OFFICE_HOURS,),),
        funding=("social-care",),
        management="DMc",
        contact_title="Payroll team",
    ),
    # Clubs and activities
    ServiceKind(
        key="adapted-swimming",
        categories=("clubs-and-activities",),
        names=(
            "{town} Dolphins Swimming Club",
            "Splash Adapted Swimming {town}",
            "Otters Inclusive Swim Club {town}",
        ),
        summaries=(
            "Adapted swimming sessions for disabled children in a warm pool at {place}.",
            "Swimming lessons and fun swims with volunteers in the water, at {place}.",
        ),
        descriptions=(
            "Our swimming sessions are for children who find ordinary lessons hard. The pool "
            "is kept warm, the water is shallow at one end and there are trained volunteers in "
            "the water. Swimmers work towards badges at their own pace.",
            "A friendly swimming club with lessons in small groups and a fun swim at the end. "
            "Parents can stay on the poolside. There is a pool hoist and a private changing "
            "room.",
        ),
        who_it_suits=(
            "Children who love the water and want to learn to swim.",
            "Children with physical disabilities who benefit from exercise in warm water.",
        ),
        route="book",
        ages=((4, 18), (5, 25), (3, 16)),
        needs=ALL_NEEDS,
        features=POOL_FEATURES,
        places=("pool", "leisure"),
        prices=(
            (Price("Swimming session", "session", 400, 800, "Pool entry and a helper.", 60),),
            (
                Price("Swimming session", "session", 500, 900, "Lesson and fun swim.", 45),
                Price("Term of 10 sessions", "item", 4500, 7500, "Ten sessions paid upfront."),
            ),
        ),
        openings=(
            (Opening("SA", "08:30", "09:30", "Saturday mornings."),),
            (Opening("SU", "16:00", "17:00", "Sunday afternoons, term time.", True),),
        ),
        funding=("social-care",),
        management="d",
        contact_title="Club secretary",
    ),
    ServiceKind(
        key="trampolining",
        categories=("clubs-and-activities",),
        names=("Bounce Ability {town}", "{town} Rebound Club", "Jump Together {town}"),
        summaries=(
            "Trampolining and rebound therapy sessions with qualified coaches, at {place}.",
            "Inclusive trampolining, including for children who cannot stand or walk.",
        ),
        descriptions=(
            "Rebound therapy uses a trampoline to help with balance, muscle tone and "
            "communication. Coaches are qualified in rebound therapy and there is a hoist and "
            "a ramp to the trampoline.",
            "A lively trampolining club for disabled children and their brothers and sisters. "
            "Sessions are small, with plenty of time for each child to bounce.",
        ),
        who_it_suits=("Children who enjoy movement and physical play.",),
        route="book",
        ages=((4, 18), (5, 25)),
        needs=("need-physical-disability", "need-pmld", "need-autism", "need-learning-disability"),
        features=VENUE_FEATURES + ("access-hoist",),
        places=("leisure", "school"),
        prices=((Price("Session", "session", 600, 1200, "Coaching and equipment.", 60),),),
        openings=((Opening("TH", "17:00", "18:00", "Thursdays, term time.", True),),),
        funding=("social-care",),
        management="d",
        contact_title="Head coach",
    ),
    ServiceKind(
        key="drama-group",
        categories=("clubs-and-activities",),
        names=("Spotlight Youth Theatre {town}", "{town} Inclusive Drama", "Stage Together {town}"),
        summaries=(
            "An inclusive drama and music group that puts on a show every summer.",
            "Drama, singing and dance for young people of all abilities, at {place}.",
        ),
        descriptions=(
            "Young people make up stories, act, sing and dance with professional theatre "
            "makers. Everyone has a part in the summer show. We use Makaton and visual "
            "timetables.",
            "A weekly drama group where young people build confidence and friendships. "
            "Support workers are there for anyone who needs help to join in.",
        ),
        who_it_suits=("Young people who like performing, or who want to grow in confidence.",),
        route="book",
        ages=((8, 18), (11, 25), (14, 25)),
        needs=("need-autism", "need-learning-disability", "need-slcn", "need-semh", "need-adhd"),
        features=VENUE_FEATURES,
        places=("community", "college"),
        prices=(
            (Price("Weekly session", "session", 500, 900, "Workshop and refreshments.", 120),),
            (FREE, Price("Summer school", "week", 6000, 9000, "Five days ending in a show.")),
        ),
        openings=((Opening("MO", "18:00", "20:00", "Monday evenings, term time.", True),),),
        funding=("social-care",),
        management="d",
        contact_title="Artistic director",
    ),
    ServiceKind(
        key="youth-club",
        categories=("clubs-and-activities",),
        names=("{town} Friday Youth Club", "Hang Out {town}", "{town} Young People's Social"),
        summaries=(
            "An evening youth club for disabled young people: games, music, cooking and trips.",
            "A social group for young people to meet friends and try new things, at {place}.",
        ),
        descriptions=(
            "Young people choose what the club does: pool, music, cooking, karaoke and trips "
            "to the bowling alley. Youth workers support young people to plan activities and "
            "travel independently.",
            "A relaxed evening club with youth workers who are used to supporting young "
            "people with additional needs. Parents can drop off and collect.",
        ),
        who_it_suits=(
            "Young people who want to make friends.",
            "Young adults who want an evening out without their parents.",
        ),
        route="open",
        ages=((11, 19), (13, 25), (16, 25)),
        needs=ALL_NEEDS,
        features=VENUE_FEATURES,
        places=("community", "family-hub"),
        prices=(
            (FREE,),
            (Price("Evening session", "session", 200, 500, "Snacks and drinks.", 150),),
        ),
        openings=(
            (Opening("FR", "18:30", "21:00", "Friday evenings."),),
            (EVENING,),
        ),
        funding=("social-care",),
        management="c",
        contact_title="Youth worker",
    ),
    ServiceKind(
        key="riding",
        categories=("clubs-and-activities", "therapies"),
        names=("{town} Riding for the Disabled", "Horse Riding for All {town}", "Hooves and Hope"),
        summaries=(
            "Riding lessons and carriage driving for disabled children and young people.",
            "Therapeutic horse riding with trained volunteers at {place}.",
        ),
        descriptions=(
            "Riders learn to ride with a leader and side walkers. There is a mounting ramp and "
            "a hoist, and our calm ponies are used to wheelchairs and noise.",
            "Riding helps with balance, posture and confidence. Our volunteers walk beside "
            "each rider, and there is carriage driving for those who cannot ride.",
        ),
        who_it_suits=("Children and young people who like animals and being outdoors.",),
        route="book",
        ages=((4, 18), (5, 25)),
        needs=("need-physical-disability", "need-autism", "need-learning-disability"),
        features=(
            "access-wheelchair",
            "access-hoist",
            "access-parking",
            "access-accessible-toilet",
        ),
        places=("farm", "outdoor"),
        prices=((Price("Riding lesson", "session", 1500, 2800, "Pony, hat and volunteers.", 30),),),
        openings=((Opening("WE,SA", "10:00", "14:00", "Wednesdays and Saturdays."),),),
        funding=("social-care", "health"),
        management="d",
        contact_title="Group organiser",
    ),
    ServiceKind(
        key="climbing",
        categories=("clubs-and-activities",),
        names=("Up the Wall {town}", "{town} Adaptive Climbing", "Reach Higher Climbing Club"),
        summaries=(
            "Adaptive climbing sessions with instructors and specialist harnesses, at {place}.",
            "Climbing for young people of all abilities, including wheelchair users.",
        ),
        descriptions=(
            "Our instructors use adapted harnesses and pulley systems so that everyone can "
            "climb, whatever their mobility. Sessions are small and go at each climber's pace.",
            "A climbing club where young people build strength and confidence. Families can "
            "climb together on our open sessions.",
        ),
        who_it_suits=("Young people who want an active challenge.",),
        route="book",
        ages=((7, 18), (8, 25)),
        needs=("need-physical-disability", "need-autism", "need-adhd", "need-visual-impairment"),
        features=VENUE_FEATURES,
        places=("climbing", "leisure"),
        prices=((Price("Climbing session", "session", 800, 1500, "Instructor and kit.", 90),),),
        openings=((Opening("SU", "10:00", "11:30", "Sunday mornings."),),),
        funding=("social-care",),
        management="d",
        contact_title="Lead instructor",
    ),
    ServiceKind(
        key="inclusive-sport",
        categories=("clubs-and-activities",),
        names=("{town} Inclusive Football", "Wheelchair Sports {town}", "All Stars Multi-Sport"),
        summaries=(
            "Football, basketball and boccia for disabled young people, at {place}.",
            "Inclusive sport sessions with qualified coaches, with sports wheelchairs to borrow.",
        ),
        descriptions=(
            "Coaches run games and skills sessions adapted to every player. We enter local "
            "tournaments, and sports wheelchairs are there to borrow.",
            "A friendly sports club where the aim is fun, fitness and friendship. Brothers and "
            "sisters are welcome too.",
        ),
        who_it_suits=("Children and young people who love sport.",),
        route="book",
        ages=((6, 18), (8, 25)),
        needs=("need-physical-disability", "need-learning-disability", "need-autism", "need-adhd"),
        features=VENUE_FEATURES,
        places=("leisure", "school"),
        prices=(
            (Price("Training session", "session", 300, 500, "Coaching and equipment.", 60),),
            (FREE,),
        ),
        openings=((Opening("TU", "18:00", "19:00", "Tuesday evenings."),),),
        funding=("social-care",),
        management="d",
        contact_title="Club coach",
    ),
    ServiceKind(
        key="sensory-play",
        categories=("clubs-and-activities", "early-years"),
        names=("Sensory Sessions {town}", "Little Senses {town}", "Light and Sound Play"),
        summaries=(
            "Sensory play sessions with lights, sounds and textures, at {place}.",
            "Relaxed sensory play for children with complex needs and their families.",
        ),
        descriptions=(
            "Our sensory room has bubble tubes, projectors, music and a water bed. Sessions are "
            "quiet and unhurried, and parents stay and play.",
            "Sessions for children who explore the world through their senses. Staff help you "
            "find activities to try at home.",
        ),
        who_it_suits=("Children with profound and multiple learning disabilities.",),
        route="book",
        ages=((0, 8), (0, 12), (0, 18)),
        needs=("need-pmld", "need-autism", "need-visual-impairment", "need-complex-health"),
        features=CARE_FEATURES,
        places=("sensory", "family-hub", "community"),
        prices=((Price("Sensory session", "session", 400, 900, "Room hire and a helper.", 60),),),
        openings=((Opening("TU,FR", "10:00", "11:00", "Tuesday and Friday mornings."),),),
        funding=("social-care", "education"),
        management="d",
        contact_title="Sessions coordinator",
    ),
    # Holiday schemes
    ServiceKind(
        key="holiday-playscheme",
        categories=("holiday-schemes", "short-breaks"),
        names=("{town} Summer Playscheme", "Holiday Adventures {town}", "Splash and Play {town}"),
        summaries=(
            "A holiday playscheme for disabled children with days out, crafts and swimming.",
            "Fun-packed holiday days at {place}, with trips out and one-to-one support.",
        ),
        descriptions=(
            "Each day has something different: swimming, a farm visit, cooking, art and games. "
            "Staff are trained in personal care, medicines and communication, and know each "
            "child's care plan.",
            "Our playscheme runs in the school holidays at {place}. Children can come for one "
            "day or every day, and we can arrange transport from home.",
        ),
        who_it_suits=(
            "Children who need support to enjoy the school holidays.",
            "Families who work or need a break in the holidays.",
        ),
        route="assessed",
        ages=((5, 17), (5, 12), (11, 19)),
        needs=ALL_NEEDS,
        features=VENUE_FEATURES + ("access-changing-places",),
        places=("school", "community", "outdoor"),
        prices=(
            (Price("Holiday day", "day", 4500, 8000, "Lunch, trips and activities.", 360),),
            (
                Price("Holiday day", "day", 4000, 6500, "Lunch and activities.", 360),
                Price("Transport", "mile", 90, 150, "Door-to-door minibus."),
            ),
        ),
        openings=((HOLIDAYS,),),
        funding=("social-care",),
        management="DmC",
        contact_title="Playscheme manager",
    ),
    ServiceKind(
        key="holiday-activity-days",
        categories=("holiday-schemes",),
        names=("Holiday Activities and Food {town}", "{town} HAF Club", "Fun and Food {town}"),
        summaries=(
            "Free holiday activities and a hot meal for children on free school meals.",
            "Free days of sport, crafts and food in the school holidays, with SEND support.",
        ),
        descriptions=(
            "Part of the Holiday Activities and Food programme. Children get a healthy meal "
            "and a day of activities. Extra staff support disabled children to join in.",
            "Free holiday clubs with sport, games and a cooked lunch. Tell us what your child "
            "needs when you book and we will plan their support.",
        ),
        who_it_suits=("Children who get benefits-related free school meals.",),
        route="open",
        ages=((5, 16),),
        needs=ALL_NEEDS,
        features=VENUE_FEATURES,
        places=("community", "leisure", "family-hub"),
        prices=((FREE,),),
        openings=((Opening(WEEKDAYS, "10:00", "14:00", "Four days a week in the summer."),),),
        funding=("education",),
        management="C",
        contact_title="Programme officer",
    ),
    # Overnight breaks
    ServiceKind(
        key="residential-short-breaks",
        categories=("overnight-breaks", "short-breaks"),
        names=("{place}", "{place} Short Breaks", "Overnight Stays at {place}"),
        summaries=(
            "Overnight short breaks in a homely, adapted house with 24-hour care, at {place}.",
            "Planned overnight stays and weekends away for disabled children and young people.",
        ),
        descriptions=(
            "Children stay for one or more nights in a homely house with adapted bedrooms, "
            "ceiling hoists and a sensory room. Staff are there day and night, and nurses "
            "train them in each child's health needs.",
            "A registered children's home that only offers short breaks. Children go to school "
            "as usual and come back to tea, activities and their own room.",
        ),
        who_it_suits=(
            "Children with complex needs who need care through the night.",
            "Families who need a longer break to rest and recharge.",
        ),
        route="assessed",
        ages=((5, 17), (8, 18)),
        needs=ALL_NEEDS,
        features=CARE_FEATURES,
        places=("residential",),
        prices=(
            (
                Price(
                    "Overnight stay", "night", 28000, 42000, "All care, meals and activities.", 960
                ),
            ),
            (Price("Overnight stay", "night", 30000, 45000, "Care and meals.", 1080),),
        ),
        openings=((Opening("MO,TU,WE,TH,FR,SA,SU", "16:00", "10:00", "Open every night."),),),
        funding=("social-care", "health"),
        management="C",
        contact_title="Registered manager",
    ),
    ServiceKind(
        key="hospice-stays",
        categories=("overnight-breaks",),
        names=("{provider} Short Stays", "Family Stays at {place}", "Hospice Respite Breaks"),
        summaries=(
            "Free short stays for children with life-limiting conditions, and their families.",
            "Nursing care, play and a hydrotherapy pool, with rooms for the whole family.",
        ),
        descriptions=(
            "Children stay with nurses and carers while their family rests, or the whole family "
            "stays together. There is a hydrotherapy pool, a music room and a garden.",
            "Short stays at the hospice are free. Our nurses care for children with complex "
            "medical needs, including ventilation, feeding tubes and end of life care.",
        ),
        who_it_suits=("Children with life-limiting or life-threatening conditions.",),
        route="referral",
        ages=((0, 18), (0, 25)),
        needs=("need-complex-health", "need-pmld", "need-physical-disability"),
        features=CARE_FEATURES + ("access-accessible-toilet",),
        places=("hospice", "residential"),
        prices=((FREE,),),
        openings=((Opening("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59", "All year round."),),),
        funding=("health",),
        management="C",
        contact_title="Family support nurse",
    ),
    ServiceKind(
        key="weekend-residential",
        categories=("overnight-breaks", "clubs-and-activities"),
        names=("Adventure Weekends at {place}", "{town} Outdoor Breaks", "Wild Weekends"),
        summaries=(
            "Weekend residential breaks with canoeing, climbing and campfires, at {place}.",
            "Outdoor adventure weekends for young people, with accessible bunk rooms.",
        ),
        descriptions=(
            "Young people spend a weekend away with friends: canoeing, climbing, den building "
            "and a campfire. Instructors adapt every activity and staff give personal care.",
            "Our accessible outdoor centre runs weekend breaks through the year. Groups are "
            "small and staff know each young person before they arrive.",
        ),
        who_it_suits=("Young people who enjoy being outdoors and trying new things.",),
        route="book",
        ages=((8, 18), (11, 25)),
        needs=("need-autism", "need-learning-disability", "need-physical-disability", "need-adhd"),
        features=("access-wheelchair", "access-accessible-toilet", "access-quiet-space"),
        places=("outdoor", "residential"),
        prices=((Price("Weekend night", "night", 12000, 18000, "Activities and meals.", 1080),),),
        openings=((Opening("FR,SA,SU", "17:00", "15:00", "One weekend a month."),),),
        funding=("social-care",),
        management="Dm",
        contact_title="Centre manager",
    ),
    # Equipment
    ServiceKind(
        key="equipment-loan",
        categories=("equipment",),
        names=("{town} Toy and Sensory Library", "Borrow Box {town}", "Play and Sensory Loans"),
        summaries=(
            "Borrow sensory toys, switch toys and small equipment for a few weeks at a time.",
            "A library of adapted toys and sensory equipment to try before you buy.",
        ),
        descriptions=(
            "Families borrow toys, switch-adapted games, weighted blankets and sensory lights "
            "for up to six weeks. Staff help you choose what might suit your child.",
            "Try sensory and play equipment at home before you buy it. We clean and check "
            "everything between loans.",
        ),
        who_it_suits=("Families who want to try equipment before buying it.",),
        route="open",
        ages=((0, 18),),
        needs=("need-pmld", "need-autism", "need-visual-impairment", "need-physical-disability"),
        features=VENUE_FEATURES,
        places=("family-hub", "community"),
        prices=((FREE,), (Price("Loan of one item", "item", 200, 500, "Up to six weeks."),)),
        openings=((Opening("WE", "10:00", "15:00", "Wednesdays."),),),
        funding=("social-care", "education"),
        management="dc",
        contact_title="Library coordinator",
    ),
    ServiceKind(
        key="specialist-equipment",
        categories=("equipment",),
        names=("{provider} Showroom", "Mobility and Seating {town}", "Special Needs Equipment"),
        summaries=(
            "Specialist buggies, seating, car seats and beds to try, buy or hire.",
            "Advice, demonstrations and sales of specialist children's equipment at {place}.",
        ),
        descriptions=(
            "Our showroom has specialist buggies, activity chairs, bathing aids and car seats. "
            "An occupational therapist can come to assessments with you.",
            "We supply, fit and service specialist equipment for children and young people, "
            "and can hire equipment while you wait for your own.",
        ),
        who_it_suits=("Families who need specialist equipment for home or travel.",),
        route="private",
        ages=((0, 25),),
        needs=("need-physical-disability", "need-pmld", "need-complex-health"),
        features=("access-wheelchair", "access-parking", "access-accessible-toilet"),
        places=("shop", "depot"),
        prices=(
            (Price("Specialist buggy", "item", 85000, 250000, "Fitting and a year's service."),),
            (
                Price("Activity chair", "item", 60000, 180000, "Fitting included."),
                Price("Equipment hire", "week", 2500, 6000, "Delivery and collection."),
            ),
        ),
        openings=((Opening("MO,TU,WE,TH,FR,SA", "09:00", "17:00", "Monday to Saturday."),),),
        funding=("social-care", "health"),
        management="DM",
        contact_title="Equipment adviser",
    ),
    ServiceKind(
        key="home-adaptations",
        categories=("equipment",),
        names=("Home Adaptations for Children", "Disabled Facilities Grants", "Adapt Your Home"),
        summaries=(
            "Grants and advice to adapt your home, such as a level-access shower or a ramp.",
            "Occupational therapists assess what your child needs at home and arrange it.",
        ),
        descriptions=(
            "An occupational therapist visits to see what would make daily life at home safer "
            "and easier. Small items are provided free, and larger works can be paid for by a "
            "Disabled Facilities Grant.",
            "We help families with ramps, stair lifts, hoists and adapted bathrooms. For "
            "children, the grant is not means-tested.",
        ),
        who_it_suits=("Families whose home makes daily care difficult or unsafe.",),
        route="referral",
        ages=((0, 18),),
        needs=("need-physical-disability", "need-complex-health", "need-pmld"),
        features=("access-easy-read",),
        places=("home",),
        prices=((FREE,),),
        openings=((OFFICE_HOURS,),),
        funding=("social-care",),
        management="C",
        contact_title="Occupational therapist",
    ),
    ServiceKind(
        key="nhs-wheelchair",
        categories=("equipment", "therapies"),
        names=("Children's Wheelchair Service", "Wheelchair and Seating Clinic {town}"),
        summaries=(
            "Assessment for and provision of wheelchairs and seating, free on the NHS.",
            "NHS wheelchair clinics for children, with personal wheelchair budgets.",
        ),
        descriptions=(
            "Therapists and engineers assess your child and provide a wheelchair and seating "
            "that suit them. You can top up a personal wheelchair budget for a different "
            "chair.",
            "We repair, adjust and replace chairs as children grow. Clinics are held at {place}.",
        ),
        who_it_suits=("Children with a long-term need for a wheelchair.",),
        route="referral",
        ages=((0, 18),),
        needs=("need-physical-disability", "need-complex-health"),
        features=("access-wheelchair", "access-parking", "access-accessible-toilet"),
        places=("health",),
        prices=((FREE,),),
        openings=((OFFICE_HOURS,),),
        funding=("health",),
        management="C",
        contact_title="Clinic administrator",
    ),
    # Therapies
    ServiceKind(
        key="hydrotherapy",
        categories=("therapies",),
        names=("Hydrotherapy at {place}", "{town} Hydrotherapy Sessions", "Warm Water Therapy"),
        summaries=(
            "Hydrotherapy in a pool heated to 34 degrees, led by a physiotherapist.",
            "Therapy in warm water to ease stiff muscles and pain, with a poolside hoist.",
        ),
        descriptions=(
            "Warm water helps muscles relax and makes movement easier. A physiotherapist plans "
            "each session, and families can also book the pool for their own swimming.",
            "Sessions in the hydrotherapy pool at {place}, with a ceiling hoist and changing "
            "bed. A therapist shows you exercises to do in the water.",
        ),
        who_it_suits=("Children with physical disabilities, cerebral palsy or chronic pain.",),
        route="referral",
        ages=((0, 18), (2, 25)),
        needs=("need-physical-disability", "need-pmld", "need-complex-health"),
        features=POOL_FEATURES,
        places=("hydro",),
        prices=(
            (FREE,),
            (Price("Hydrotherapy session", "session", 3000, 4500, "Pool and therapist.", 30),),
        ),
        openings=((Opening("MO,WE", "13:00", "16:00", "Monday and Wednesday afternoons."),),),
        funding=("health",),
        management="dC",
        contact_title="Physiotherapist",
    ),
    ServiceKind(
        key="physiotherapy",
        categories=("therapies",),
        names=("Children's Physiotherapy {town}", "Paediatric Physiotherapy Clinic"),
        summaries=(
            "NHS physiotherapy for children with difficulties with movement and posture.",
            "Assessment, therapy programmes and advice from children's physiotherapists.",
        ),
        descriptions=(
            "Physiotherapists assess your child and agree goals with you. They give therapy "
            "blocks, exercise programmes and advice to schools and nurseries.",
            "We see children at clinic, at home or at school. We also provide standing frames, "
            "splints and walking aids.",
        ),
        who_it_suits=("Children with cerebral palsy, muscle conditions or delayed walking.",),
        route="referral",
        ages=((0, 18), (0, 19)),
        needs=("need-physical-disability", "need-complex-health", "need-pmld"),
        features=("access-wheelchair", "access-parking", "access-accessible-toilet"),
        places=("health",),
        prices=((FREE,),),
        openings=((OFFICE_HOURS,),),
        funding=("health",),
        management="C",
        contact_title="Clinical lead",
    ),
    ServiceKind(
        key="speech-therapy",
        categories=("therapies",),
        names=("{provider}", "Talking Together {town}", "Speech and Language Therapy {town}"),
        summaries=(
            "Independent speech and language therapy at home, school or our clinic.",
            "Speech, language, communication and eating and drinking assessments and therapy.",
        ),
        descriptions=(
            "Our therapists are registered with the HCPC and the Royal College of Speech and "
            "Language Therapists. We write reports for EHC plans and tribunals and work with "
            "schools.",
            "Therapy in the places your child spends time: at home, at nursery or at school. "
            "We set up communication aids, signing and symbol systems.",
        ),
        who_it_suits=("Children who find it hard to talk, understand or be understood.",),
        route="private",
        ages=((0, 18), (2, 25)),
        needs=("need-slcn", "need-autism", "need-hearing-impairment", "need-learning-disability"),
        features=("access-makaton", "access-bsl", "access-easy-read", "access-parking"),
        places=("health", "office", "home"),
        prices=(
            (
                Price("Therapy session", "hour", 7000, 9500, "Session and notes."),
                Price("Assessment and report", "item", 35000, 60000, "Written report."),
            ),
            (Price("Therapy session", "session", 5500, 8000, "Session and a home plan.", 45),),
        ),
        openings=((OFFICE_HOURS,),),
        funding=("education", "health"),
        management="DM",
        contact_title="Lead speech and language therapist",
    ),
    ServiceKind(
        key="occupational-therapy",
        categories=("therapies",),
        names=("{provider}", "Sensory OT {town}", "Occupational Therapy for Children {town}"),
        summaries=(
            "Independent occupational therapy, including sensory integration therapy.",
            "OT assessments and therapy to help with everyday skills, handwriting and senses.",
        ),
        descriptions=(
            "Our occupational therapists help children with dressing, eating, handwriting and "
            "sensory processing. We write sensory diets and reports for EHC plans.",
            "Therapy takes place in our sensory gym or at school. We also assess for equipment "
            "and adaptations.",
        ),
        who_it_suits=("Children who find everyday tasks or busy places hard.",),
        route="private",
        ages=((2, 18), (3, 25)),
        needs=("need-autism", "need-adhd", "need-physical-disability", "need-learning-disability"),
        features=("access-wheelchair", "access-quiet-space", "access-parking"),
        places=("office", "health"),
        prices=(
            (
                Price("Therapy session", "session", 7500, 11000, "Session and notes.", 60),
                Price("Sensory assessment", "item", 45000, 75000, "Assessment and report."),
            ),
        ),
        openings=((Opening("MO,TU,WE,TH,FR,SA", "09:00", "17:00", "Monday to Saturday."),),),
        funding=("education", "health"),
        management="DM",
        contact_title="Occupational therapist",
    ),
    ServiceKind(
        key="music-therapy",
        categories=("therapies",),
        names=("Music Therapy {town}", "{provider} Sessions", "Sound Connections"),
        summaries=(
            "Music therapy for children who communicate in ways other than words.",
            "One-to-one and group music therapy with registered music therapists.",
        ),
        descriptions=(
            "Music therapists use instruments, singing and movement to help children express "
            "themselves and connect with others. No musical skill is needed.",
            "Sessions at {place} or in schools. We agree goals with you and send a short "
            "report each term.",
        ),
        who_it_suits=("Children with communication or emotional needs.",),
        route="private",
        ages=((2, 18), (0, 25)),
        needs=("need-autism", "need-slcn", "need-semh", "need-pmld"),
        features=VENUE_FEATURES,
        places=("community", "school"),
        prices=(
            (Price("Music therapy session", "session", 4000, 5500, "Session and notes.", 45),),
        ),
        openings=((Opening("TU,TH", "10:00", "17:00", "Tuesdays and Thursdays."),),),
        funding=("health", "education", "social-care"),
        management="Dm",
        contact_title="Music therapist",
    ),
    ServiceKind(
        key="counselling",
        categories=("therapies", "advice-and-support"),
        names=("{provider} Counselling", "Young People's Counselling {town}", "Talk It Through"),
        summaries=(
            "Counselling for disabled children and young people, and for parents and carers.",
            "Confidential counselling in person, online or by phone, with trained counsellors.",
        ),
        descriptions=(
            "Counsellors are trained to work with young people with learning disabilities and "
            "autism, using pictures, play and art as well as talking.",
            "Up to 12 sessions of counselling. Parents and carers can have counselling too.",
        ),
        who_it_suits=("Young people who feel anxious, low or angry.",),
        route="book",
        ages=((8, 25), (11, 25)),
        needs=("need-semh", "need-autism", "need-learning-disability", "need-adhd"),
        features=("access-quiet-space", "access-easy-read", "access-bsl"),
        places=("office", "community"),
        prices=(
            (Price("Counselling session", "session", 3500, 5000, "One-to-one session.", 50),),
            (FREE,),
        ),
        openings=((Opening("MO,TU,WE,TH", "10:00", "19:00", "Monday to Thursday."),),),
        funding=("health", "social-care"),
        management="d",
        contact_title="Counselling coordinator",
    ),
    # Transport
    ServiceKind(
        key="travel-training",
        categories=("transport", "education-support"),
        names=("Independent Travel Training", "Travel Buddies {town}", "Go Independent"),
        summaries=(
            "One-to-one training for young people to travel on their own by bus, train or foot.",
            "Free travel training to help young people get to school, college or work.",
        ),
        descriptions=(
            "A travel trainer learns the route with the young person, step by step, until they "
            "can travel safely on their own. Training usually takes 6 to 12 weeks.",
            "We teach road safety, using timetables and what to do if things go wrong.",
        ),
        who_it_suits=("Young people aged 11 or over who want to travel independently.",),
        route="ehcp",
        ages=((11, 25), (14, 25)),
        needs=("need-learning-disability", "need-autism", "need-visual-impairment", "need-slcn"),
        features=HOME_FEATURES,
        places=("office",),
        prices=((FREE,),),
        openings=((SCHOOL_DAY,),),
        funding=("education",),
        management="C",
        contact_title="Travel trainer",
    ),
    ServiceKind(
        key="accessible-transport",
        categories=("transport",),
        names=("{provider}", "Community Minibus {town}", "Wheelchair Taxi {town}"),
        summaries=(
            "Door-to-door wheelchair-accessible transport to clubs, appointments and school.",
            "Accessible minibuses with trained drivers and passenger assistants.",
        ),
        descriptions=(
            "Our vehicles take wheelchairs and have ramps or lifts. Drivers are DBS-checked "
            "and trained in safe restraint. Book at least two days ahead.",
            "A not-for-profit transport service for people who find public transport hard.",
        ),
        who_it_suits=("Wheelchair users and people who cannot use buses.",),
        route="book",
        ages=((0, 25),),
        needs=("need-physical-disability", "need-complex-health", "need-pmld"),
        features=("access-wheelchair", "access-makaton"),
        places=("depot", "office"),
        prices=(
            (Price("Journey", "mile", 120, 250, "Driver and vehicle."),),
            (
                Price("Journey", "mile", 100, 180, "Driver and vehicle."),
                Price("Passenger assistant", "hour", 1400, 1800, "An escort for the journey."),
            ),
        ),
        openings=((Opening("MO,TU,WE,TH,FR,SA", "07:00", "19:00", "Monday to Saturday."),),),
        funding=("social-care", "education"),
        management="Dm",
        contact_title="Bookings",
    ),
    ServiceKind(
        key="personal-transport-budget",
        categories=("transport",),
        names=("Personal Transport Budgets", "Home to School Travel Support"),
        summaries=(
            "A mileage payment so families can take their child to school themselves.",
            "Home to school travel for children with an EHC plan who are eligible.",
        ),
        descriptions=(
            "Instead of a taxi or bus, you get 45p a mile for four journeys each school day, "
            "paid monthly, and take your child to school yourself or pay someone to.",
            "We decide eligibility from the distance to school and your child's needs. Appeals "
            "go to a panel.",
        ),
        who_it_suits=("Families who would rather arrange their own school travel.",),
        route="ehcp",
        ages=((4, 25),),
        needs=ALL_NEEDS,
        features=("access-easy-read",),
        places=("office",),
        prices=((Price("Mileage", "mile", 45, 45, "Four journeys each school day."),),),
        openings=((OFFICE_HOURS,),),
        funding=("education",),
        management="DC",
        contact_title="Travel assistance team",
    ),
    # Early years
    ServiceKind(
        key="portage",
        categories=("early-years",),
        names=("Portage Home Visiting", "{town} Portage", "Early Learning at Home"),
        summaries=(
            "Free home visits to help young children with SEND learn through play.",
            "A Portage worker visits every week or two and plans play activities with you.",
        ),
        descriptions=(
            "Portage is a home visiting service for pre-school children. Your Portage worker "
            "helps you set small goals and play activities that help your child learn.",
            "Visits happen at home, usually every fortnight. We also run a stay-and-play group "
            "and help with the move to nursery.",
        ),
        who_it_suits=("Pre-school children with significant developmental delay.",),
        route="referral",
        ages=((0, 5),),
        needs=ALL_NEEDS,
        features=HOME_FEATURES,
        places=("home",),
        prices=((FREE,),),
        openings=((OFFICE_HOURS,),),
        funding=("education",),
        management="C",
        contact_title="Portage coordinator",
    ),
    ServiceKind(
        key="stay-and-play",
        categories=("early-years", "advice-and-support"),
        names=("Stay and Play {town}", "Little Stars Group {town}", "Tots Together {town}"),
        summaries=(
            "A free stay-and-play group for babies and young children with additional needs.",
            "A friendly group with sensory play, songs and time to chat with other parents.",
        ),
        descriptions=(
            "Play, songs and sensory activities for children under five, at {place}. Health "
            "visitors and the Portage team drop in to answer questions.",
            "Meet other families, share ideas and let your child play in a safe, calm space.",
        ),
        who_it_suits=("Families with a baby or young child who has, or may have, SEND.",),
        route="open",
        ages=((0, 5), (0, 4)),
        needs=ALL_NEEDS,
        features=VENUE_FEATURES,
        places=("family-hub", "community"),
        prices=((FREE,),),
        openings=((Opening("WE", "09:30", "11:30", "Wednesday mornings, term time.", True),),),
        funding=("education",),
        management="C",
        contact_title="Family hub worker",
    ),
    ServiceKind(
        key="specialist-nursery",
        categories=("early-years", "education-support"),
        names=("{place}", "{place} Specialist Provision", "Rainbow Room at {place}"),
        summaries=(
            "Nursery places with specialist staff for children with SEND, at {place}.",
            "Early education with small groups, a sensory room and therapy input.",
        ),
        descriptions=(
            "Our specialist room has a higher ratio of staff, a sensory room and regular visits "
            "from speech and occupational therapists. Funded early education hours can be used.",
            "Children learn through play in small groups. Staff use Makaton and visual "
            "supports and work with families on each child's plan.",
        ),
        who_it_suits=("Children aged 2 to 5 who need more support than a mainstream nursery.",),
        route="private",
        ages=((2, 5),),
        needs=ALL_NEEDS,
        features=VENUE_FEATURES,
        places=("nursery",),
        prices=(
            (Price("Nursery day", "day", 5500, 7500, "Meals and nappies.", 600),),
            (Price("Morning session", "session", 2500, 3500, "Snack included.", 180),),
        ),
        openings=((Opening(WEEKDAYS, "08:00", "18:00", "Monday to Friday, all year."),),),
        funding=("education", "social-care"),
        management="dM",
        contact_title="Nursery manager",
    ),
    # Education support
    ServiceKind(
        key="tutoring",
        categories=("education-support",),
        names=("{provider} Tutoring", "Specialist Tutors {town}", "One-to-One Learning {town}"),
        summaries=(
            "Specialist teachers for children with dyslexia, autism and other learning needs.",
            "One-to-one tuition at home or online, including for children out of school.",
        ),
        descriptions=(
            "Qualified SEN teachers give tuition at home, at school or online. We can support "
            "children who are not in school while a place is found.",
            "Tutors plan around the young person's interests and EHC plan outcomes, and send a "
            "short report after each block.",
        ),
        who_it_suits=("Children who have fallen behind or are out of school.",),
        route="ehcp",
        ages=((5, 18), (7, 25)),
        needs=("need-learning-disability", "need-autism", "need-adhd", "need-semh"),
        features=HOME_FEATURES,
        places=("home",),
        prices=(
            (Price("Tuition", "hour", 3500, 5000, "Lesson and resources."),),
            (Price("Tuition", "hour", 3000, 4500, "Lesson and report."),),
        ),
        openings=((Opening(WEEKDAYS, "09:00", "18:00", "Weekdays, by arrangement."),),),
        funding=("education",),
        management="DM",
        contact_title="Tutor coordinator",
    ),
    ServiceKind(
        key="supported-internships",
        categories=("education-support",),
        names=("Supported Internships", "Pathways to Work", "Project Stepping Stones"),
        summaries=(
            "A year-long study programme in a workplace, with a job coach, for young people.",
            "Supported internships with local employers for young people with an EHC plan.",
        ),
        descriptions=(
            "Interns spend most of the week at an employer, learning a real job with a job "
            "coach, and a day at college on English, maths and work skills.",
            "Most interns are offered paid work at the end. We help with travel training and "
            "benefits advice.",
        ),
        who_it_suits=("Young people aged 16 to 24 with an EHC plan who want to work.",),
        route="ehcp",
        ages=((16, 24),),
        needs=("need-learning-disability", "need-autism", "need-slcn"),
        features=VENUE_FEATURES,
        places=("college", "office"),
        prices=((FREE,),),
        openings=((SCHOOL_DAY,),),
        funding=("education",),
        management="C",
        contact_title="Internship coordinator",
    ),
    ServiceKind(
        key="sensory-support-team",
        categories=("education-support",),
        names=("Hearing Support Team", "Vision Support Team", "Sensory Support Service {town}"),
        summaries=(
            "Specialist teachers for children with hearing or vision impairment.",
            "Qualified teachers of the deaf and of the visually impaired, at home and school.",
        ),
        descriptions=(
            "Our teachers visit babies at home from diagnosis, and support children at nursery, "
            "school and college. We advise on equipment, assessments and exams.",
            "We train school staff, provide radio aids and magnifiers, and teach braille and "
            "BSL where needed.",
        ),
        who_it_suits=("Children and young people with a hearing or vision impairment.",),
        route="referral",
        ages=((0, 25),),
        needs=("need-hearing-impairment", "need-visual-impairment"),
        features=("access-bsl", "access-hearing-loop", "access-easy-read"),
        places=("office", "school"),
        prices=((FREE,),),
        openings=((OFFICE_HOURS,),),
        funding=("education",),
        management="C",
        contact_title="Team leader",
    ),
    # Continence products
    ServiceKind(
        key="nhs-continence",
        categories=("continence-products", "therapies"),
        names=("Children's Bladder and Bowel Service", "Continence Clinic {town}"),
        summaries=(
            "NHS assessment, advice and free continence products for children who need them.",
            "Help with toilet training, bedwetting and constipation, and free pads if needed.",
        ),
        descriptions=(
            "Specialist nurses assess your child and help with a toilet training plan. Children "
            "aged 5 and over who still need them can get pads or pull-ups delivered free.",
            "Clinics for bladder and bowel problems, with home delivery of products every 12 "
            "weeks for children who qualify.",
        ),
        who_it_suits=("Children aged 4 and over who are not yet dry or clean.",),
        route="referral",
        ages=((4, 19), (5, 19)),
        needs=("need-learning-disability", "need-physical-disability", "need-complex-health"),
        features=("access-wheelchair", "access-accessible-toilet", "access-parking"),
        places=("health",),
        prices=((FREE,),),
        openings=((OFFICE_HOURS,),),
        funding=("health",),
        management="C",
        contact_title="Continence nurse",
    ),
    ServiceKind(
        key="continence-supplies",
        categories=("continence-products",),
        names=("{provider}", "Continence Supplies Direct", "Dry Nights Home Delivery"),
        summaries=(
            "Discreet home delivery of pads, pull-ups and washable products for older children.",
            "Continence products in children's and teen sizes, delivered in plain packaging.",
        ),
        descriptions=(
            "We stock pads, pull-ups, bed protection and washable pants in sizes the NHS range "
            "does not cover. Orders arrive in plain boxes within two working days.",
            "Top up your NHS supply or try products before you buy. Our advisers are nurses.",
        ),
        who_it_suits=("Older children and young people who need larger sizes.",),
        route="private",
        ages=((4, 25),),
        needs=("need-learning-disability", "need-physical-disability", "need-complex-health"),
        features=("access-easy-read",),
        places=("shop", "depot"),
        prices=(
            (Price("Pack of pull-ups", "item", 900, 1800, "A pack of 14 to 20."),),
            (Price("Pack of pads", "item", 700, 1500, "A pack of 28."),),
        ),
        openings=((OFFICE_HOURS,),),
        funding=("health", "social-care"),
        management="D",
        contact_title="Customer care",
    ),
    ServiceKind(
        key="continence-swimwear",
        categories=("continence-products", "equipment"),
        names=("Leakproof Swimwear", "Swim Confident Continence Swimwear"),
        summaries=(
            "Continence swimwear in child, teen and adult sizes so everyone can go swimming.",
            "Reusable swim nappies and leakproof swimming costumes for older children.",
        ),
        descriptions=(
            "Our swimwear is accepted at every Brackenshire pool. It comes in plain styles and "
            "bright prints, with easy-open sides for changing.",
            "Reusable swimming products for children who have outgrown swim nappies.",
        ),
        who_it_suits=("Children and young people who need continence protection to swim.",),
        route="private",
        ages=((3, 25),),
        needs=("need-learning-disability", "need-physical-disability", "need-pmld"),
        features=("access-easy-read",),
        places=("shop",),
        prices=((Price("Swimming costume", "item", 1800, 3500, "One garment."),),),
        openings=((OFFICE_HOURS,),),
        funding=("health", "social-care"),
        management="D",
        contact_title="Customer care",
    ),
    # Advice and support
    ServiceKind(
        key="sendiass",
        categories=("advice-and-support", "education-support"),
        names=("SEND Information, Advice and Support Service", "SENDIASS Drop-in {town}"),
        summaries=(
            "Free, impartial advice about SEND, EHC plans and personal budgets.",
            "Confidential help with school, EHC needs assessments, appeals and tribunals.",
        ),
        descriptions=(
            "We are impartial and arm's length from the council. We explain the law, help "
            "with letters and forms, and can come to meetings with you.",
            "Drop-in sessions at {place} and a helpline on weekdays. Young people can contact "
            "us themselves.",
        ),
        who_it_suits=("Parents, carers and young people who want advice about SEND.",),
        route="open",
        ages=((0, 25),),
        needs=ALL_NEEDS,
        features=("access-easy-read", "access-bsl", "access-hearing-loop"),
        places=("office", "family-hub"),
        prices=((FREE,),),
        openings=((OFFICE_HOURS,),),
        funding=("education",),
        management="C",
        contact_title="Adviser",
    ),
    ServiceKind(
        key="parent-support-group",
        categories=("advice-and-support",),
        names=("{town} Parent Support Group", "Coffee and Chat {town}", "Parents Together {town}"),
        summaries=(
            "A monthly support group for parents and carers of disabled children.",
            "Meet other parents, share experiences and hear from guest speakers, at {place}.",
        ),
        descriptions=(
            "Run by parents, for parents. Each month we meet for coffee and a chat, and invite "
            "speakers on topics such as benefits, sleep and EHC plans.",
            "A welcoming group where no question is silly. We also have a closed online group.",
        ),
        who_it_suits=("Parents and carers who want to meet others in the same situation.",),
        route="open",
        ages=((0, 25),),
        needs=ALL_NEEDS,
        features=VENUE_FEATURES,
        places=("community", "family-hub"),
        prices=((FREE,),),
        openings=((Opening("TH", "10:00", "12:00", "First Thursday of the month."),),),
        funding=("social-care",),
        management="c",
        contact_title="Group organiser",
    ),
    ServiceKind(
        key="sibling-group",
        categories=("advice-and-support", "clubs-and-activities"),
        names=("Sibs Club {town}", "{town} Young Carers", "Brothers and Sisters Group"),
        summaries=(
            "A group for brothers and sisters of disabled children to have fun and be heard.",
            "Activities, trips and a listening ear for young carers and siblings.",
        ),
        descriptions=(
            "Siblings often miss out. Our group gives them time to have fun, meet others who "
            "understand, and talk about how they feel.",
            "Young carers get breaks, trips and one-to-one support, and we help schools "
            "understand what caring involves.",
        ),
        who_it_suits=("Brothers and sisters of disabled children, and young carers.",),
        route="open",
        ages=((6, 17), (8, 18)),
        needs=ALL_NEEDS,
        features=VENUE_FEATURES,
        places=("community", "family-hub"),
        prices=((FREE,), (Price("Group session", "session", 200, 300, "Snacks and trips.", 120),)),
        openings=((Opening("TU", "17:00", "19:00", "Tuesdays, term time.", True),),),
        funding=("social-care",),
        management="c",
        contact_title="Young carers worker",
    ),
    ServiceKind(
        key="wellbeing-support",
        categories=("advice-and-support", "therapies"),
        names=("Learning Disability CAMHS", "Emotional Wellbeing Team {town}"),
        summaries=(
            "NHS mental health support for children with learning disabilities or autism.",
            "Support with anxiety, sleep and behaviour that challenges, from NHS clinicians.",
        ),
        descriptions=(
            "Psychologists, nurses and therapists work with families and schools to understand "
            "behaviour and plan support, including positive behaviour support.",
            "We run sleep clinics, parent workshops and one-to-one therapy.",
        ),
        who_it_suits=("Children whose mental health or behaviour affects daily life.",),
        route="referral",
        ages=((0, 18),),
        needs=("need-semh", "need-autism", "need-learning-disability", "need-adhd"),
        features=("access-quiet-space", "access-easy-read", "access-wheelchair"),
        places=("health",),
        prices=((FREE,),),
        openings=((OFFICE_HOURS,),),
        funding=("health",),
        management="C",
        contact_title="Team administrator",
    ),
)

SERVICE_KINDS_BY_KEY = {kind.key: kind for kind in SERVICE_KINDS}

# Languages a service offers besides English, as comma-separated ISO 639-1 codes.
LANGUAGE_CHOICES = ("en", "en", "en", "en", "en,pl", "en,ur,pa", "en,bn", "en,ro,pl", "en,ar")


# --- Providers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    """A demo organisation and what it runs: (kind, towns) or (kind, towns, status)."""

    name: str
    sector: str  # council, nhs, charity, cic, private, club
    description: str
    town: str
    offers: tuple[tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], str], ...]
    charity_number: str | None = None
    has_website: bool = True


BR, MI, HO, WE, TB, EA, KE, OA = (
    "Brackenbury",
    "Millford",
    "Hollinsford",
    "Wexcombe",
    "Thornley Bridge",
    "Easterholme",
    "Kettlebrook",
    "Oakhurst",
)

PROVIDERS = (
    Provider(
        "Brackenshire Council Disabled Children's Team",
        "council",
        "Social workers and short breaks officers for disabled children and their families.",
        BR,
        (
            ("saturday-club", (BR, MI, OA)),
            ("holiday-playscheme", (BR, EA, WE)),
            ("after-school-club", (TB,)),
            ("after-school-club", (KE,), "temporarily closed"),
        ),
    ),
    Provider(
        "Brackenshire Council Travel Assistance",
        "council",
        "Home to school travel, personal transport budgets and travel training.",
        BR,
        (("travel-training", (BR, MI, EA)), ("personal-transport-budget", (BR,))),
    ),
    Provider(
        "Brackenshire Sensory Support Service",
        "council",
        "Teachers of the deaf, teachers of the visually impaired and habilitation specialists.",
        BR,
        (("sensory-support-team", (BR, HO, TB)),),
    ),
    Provider(
        "Brackenshire Portage and Early Support",
        "council",
        "Home visiting and early support for young children with SEND.",
        TB,
        (("portage", (BR, TB, OA)), ("stay-and-play", (MI, WE, BR))),
    ),
    Provider(
        "Brackenshire SENDIASS",
        "council",
        "The free, impartial SEND information, advice and support service for Brackenshire.",
        BR,
        (("sendiass", (BR, EA, MI)),),
    ),
    Provider(
        "Brackenshire Council Occupational Therapy",
        "council",
        "Occupational therapists for children's equipment and home adaptations.",
        BR,
        (("home-adaptations", (BR,)),),
    ),
    Provider(
        "Brackenshire Youth Service",
        "council",
        "Youth clubs and youth work across Brackenshire, including groups for disabled young "
        "people.",
        MI,
        (("youth-club", (MI, HO, WE, KE)),),
    ),
    Provider(
        "Brackenshire Holiday Activities and Food Programme",
        "council",
        "Free holiday clubs with healthy food for children on benefits-related free school meals.",
        BR,
        (("holiday-activity-days", (BR, MI, HO, TB, KE)),),
    ),
    Provider(
        "Brackenshire Council Children's Residential Short Breaks",
        "council",
        "The council's own overnight short breaks homes.",
        BR,
        (("residential-short-breaks", (BR, EA)),),
    ),
    Provider(
        "Bracken Valley NHS Foundation Trust Children's Therapies",
        "nhs",
        "NHS physiotherapy, occupational therapy and speech and language therapy for children.",
        BR,
        (("physiotherapy", (BR, MI, WE)), ("hydrotherapy", (HO,)), ("speech-therapy", (TB,))),
    ),
    Provider(
        "Bracken Valley NHS Children's Bladder and Bowel Service",
        "nhs",
        "Specialist nurses for children's continence, with free products for those who qualify.",
        BR,
        (("nhs-continence", (BR, MI, TB, OA, KE)),),
    ),
    Provider(
        "Bracken Valley NHS Child and Family Wellbeing",
        "nhs",
        "Child and adolescent mental health services, including the learning disability team.",
        BR,
        (("wellbeing-support", (BR, EA, WE)),),
    ),
    Provider(
        "Bracken Valley NHS Wheelchair and Seating Service",
        "nhs",
        "Wheelchairs, seating and personal wheelchair budgets for children and adults.",
        BR,
        (("nhs-wheelchair", (BR, HO)),),
    ),
    Provider(
        "Kingfisher Children's Hospice",
        "charity",
        "Care and support for children with life-limiting conditions and their families.",
        HO,
        (("hospice-stays", (HO,)), ("hydrotherapy", (HO,)), ("sibling-group", (HO, BR))),
        "1098765",
    ),
    Provider(
        "Oakleaf Care Group Ltd",
        "private",
        "A registered care provider with short breaks homes and home care teams.",
        OA,
        (
            ("residential-short-breaks", (OA,)),
            ("sitting-service", (OA, KE)),
            ("pa-agency", (OA,)),
        ),
    ),
    Provider(
        "Hollin Woods Outdoor Trust",
        "charity",
        "An accessible outdoor centre for adventure, learning and short breaks.",
        HO,
        (
            ("weekend-residential", (HO,)),
            ("holiday-playscheme", (HO,)),
            ("saturday-club", (HO,)),
        ),
        "1123456",
    ),
    Provider(
        "Bracken Valley Dolphins Swimming Club",
        "club",
        "A volunteer-run swimming club for disabled swimmers since 1984.",
        BR,
        (("adapted-swimming", (BR, EA)),),
        "1034567",
        False,
    ),
    Provider(
        "Millford Otters Inclusive Swim Club",
        "club",
        "A friendly swimming club for children and young people of all abilities.",
        MI,
        (("adapted-swimming", (MI, WE)),),
    ),
    Provider(
        "Splashdown Swim School Ltd",
        "private",
        "Swimming lessons for all ages, with specialist teachers for disabled swimmers.",
        OA,
        (("adapted-swimming", (OA, TB, HO)),),
    ),
    Provider(
        "Millford and District Riding for the Disabled Group",
        "charity",
        "A volunteer group offering riding and carriage driving for disabled people.",
        MI,
        (("riding", (MI, TB)),),
        "1045678",
    ),
    Provider(
        "Bounce Ability CIC",
        "cic",
        "Inclusive trampolining and rebound therapy.",
        KE,
        (("trampolining", (BR, KE, EA)),),
    ),
    Provider(
        "Spotlight Inclusive Theatre",
        "charity",
        "Drama, music and dance for disabled and non-disabled young people together.",
        BR,
        (("drama-group", (BR, MI, EA, OA)),),
        "1156789",
    ),
    Provider(
        "Kettlebrook Adventure Playground Association",
        "charity",
        "An adventure playground designed for disabled children and their families.",
        KE,
        (
            ("saturday-club", (KE,)),
            ("holiday-playscheme", (KE,)),
            ("after-school-club", (KE,)),
        ),
        "1067890",
    ),
    Provider(
        "Up the Wall Climbing CIC",
        "cic",
        "Adaptive climbing for everyone.",
        KE,
        (("climbing", (KE, BR)),),
    ),
    Provider(
        "Brackenshire Wheelchair Sports Club",
        "club",
        "Wheelchair basketball, boccia and racing for all ages.",
        TB,
        (("inclusive-sport", (BR, TB)),),
        "1078901",
    ),
    Provider(
        "Kickabout Inclusive Football CIC",
        "cic",
        "Football for children and young people with disabilities and additional needs.",
        OA,
        (("inclusive-sport", (MI, OA, WE)),),
    ),
    Provider(
        "The Sensory Barn CIC",
        "cic",
        "Sensory rooms and sensory play for children with complex needs.",
        HO,
        (("sensory-play", (HO, BR)), ("stay-and-play", (HO,))),
    ),
    Provider(
        "Little Steps Specialist Nursery Ltd",
        "private",
        "Nurseries with specialist provision for children with SEND.",
        TB,
        (("specialist-nursery", (TB, BR, OA)),),
    ),
    Provider(
        "Chatterbox Speech and Language Therapy Ltd",
        "private",
        "Independent speech and language therapists for children and young people.",
        BR,
        (("speech-therapy", (BR, MI, EA)),),
    ),
    Provider(
        "Handwise Children's Occupational Therapy",
        "private",
        "Independent paediatric occupational therapy and sensory integration.",
        OA,
        (("occupational-therapy", (BR, OA)),),
    ),
    Provider(
        "Harmony Music Therapy CIC",
        "cic",
        "Registered music therapists working with children, families and schools.",
        WE,
        (("music-therapy", (BR, WE, HO)),),
    ),
    Provider(
        "Warm Water Trust",
        "charity",
        "A charity that opens school hydrotherapy pools to families after school.",
        OA,
        (("hydrotherapy", (BR, OA)),),
        "1087654",
    ),
    Provider(
        "Bridge Tutoring Partnership",
        "private",
        "Specialist SEN teachers and tutors.",
        MI,
        (("tutoring", (BR, MI, EA, OA)),),
    ),
    Provider(
        "Easterholme College Foundation Learning",
        "college",
        "Courses and supported internships for students with learning difficulties.",
        EA,
        (("supported-internships", (EA, MI)),),
    ),
    Provider(
        "Brackenshire Parent Carer Forum",
        "charity",
        "The independent voice of parents and carers of disabled children in Brackenshire.",
        BR,
        (("parent-support-group", (BR, WE, EA, KE, TB)),),
        "1143210",
    ),
    Provider(
        "Brackenshire Autism Support",
        "charity",
        "Support for autistic children, young people and their families.",
        OA,
        (
            ("parent-support-group", (OA, HO)),
            ("youth-club", (BR,)),
            ("sibling-group", (WE,)),
        ),
        "1112233",
    ),
    Provider(
        "Siblings Together Brackenshire",
        "charity",
        "Support for young carers and brothers and sisters of disabled children.",
        MI,
        (("sibling-group", (MI, TB, EA)),),
        "1133221",
    ),
    Provider(
        "Talk It Through Counselling CIC",
        "cic",
        "Counselling for young people and families, in person and online.",
        BR,
        (("counselling", (BR, MI, TB)),),
    ),
    Provider(
        "Brackenshire Community Transport",
        "charity",
        "Door-to-door accessible transport for people who cannot use buses.",
        BR,
        (("accessible-transport", (BR, MI, HO, WE)),),
        "1055443",
    ),
    Provider(
        "Access Cabs Brackenshire Ltd",
        "private",
        "Wheelchair-accessible taxis and school transport.",
        EA,
        (("accessible-transport", (EA, TB, KE)),),
        None,
        False,
    ),
    Provider(
        "MobilityWorks Brackenshire Ltd",
        "private",
        "Specialist children's mobility and seating equipment.",
        EA,
        (("specialist-equipment", (EA, BR)),),
    ),
    Provider(
        "Playmatters Toy and Sensory Library",
        "charity",
        "A lending library of toys and sensory equipment for families.",
        BR,
        (("equipment-loan", (BR, MI, HO, KE)),),
        "1066554",
    ),
    Provider(
        "Dry Days Continence Supplies Ltd",
        "private",
        "Continence products for children and young people, delivered to the door.",
        KE,
        (("continence-supplies", (KE, BR)), ("continence-swimwear", (KE,))),
    ),
    Provider(
        "Brackenshire Carers Hub",
        "charity",
        "Support, breaks and advice for unpaid carers of all ages.",
        BR,
        (("sitting-service", (BR, MI, EA)), ("parent-support-group", (MI,))),
        "1122110",
    ),
    Provider(
        "Direct Choices Payroll CIC",
        "cic",
        "Payroll and managed account services for people who use direct payments.",
        BR,
        (("payroll-support", (BR, EA)),),
    ),
    Provider(
        "PA Connect Brackenshire CIC",
        "cic",
        "Helps families find, recruit and keep personal assistants.",
        MI,
        (("pa-register", (BR, MI)), ("pa-agency", (BR, MI, EA))),
    ),
    Provider(
        "Helping Hands Home Support Ltd",
        "private",
        "Home care and personal assistants for children and young adults.",
        TB,
        (("pa-agency", (TB, WE, KE, HO)), ("sitting-service", (TB, WE))),
    ),
    Provider(
        "Wexcombe Youth Trust",
        "charity",
        "Youth work and inclusive activities in Wexcombe and Thornley Bridge.",
        WE,
        (
            ("youth-club", (TB,)),
            ("saturday-club", (WE,)),
            ("holiday-playscheme", (TB,)),
            ("drama-group", (WE,), "inactive"),
        ),
        "1099887",
    ),
    Provider(
        "Easterholme Deaf Children's Society",
        "charity",
        "Support for deaf children, young people and their families.",
        EA,
        (("parent-support-group", (EA,)), ("youth-club", (EA,))),
        "1044332",
        False,
    ),
    Provider(
        "Brackenshire Special Schools Partnership",
        "school",
        "Heronsgate, Millbrook, Brook Lane and Oakhurst Park special schools working together.",
        BR,
        (
            ("after-school-club", (BR, OA, MI, WE)),
            ("holiday-playscheme", (OA,)),
            ("hydrotherapy", (OA,)),
        ),
    ),
    Provider(
        "Brackenshire Sensory Play Collective",
        "club",
        "Parent-run sensory play sessions in community halls.",
        WE,
        (("sensory-play", (WE, TB, KE)),),
        None,
        False,
    ),
)
