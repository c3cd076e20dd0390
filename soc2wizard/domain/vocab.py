"""The fixed vocabularies of the wizard: ids, with the words shown to people."""

from __future__ import annotations

INDUSTRIES: dict[str, str] = {
    "saas": "Software as a service",
    "cloud_infrastructure": "Cloud or infrastructure provider",
    "data_center": "Data centre or colocation",
    "healthcare": "Healthcare technology",
    "fintech": "Financial technology",
    "media": "Media or streaming",
    "other": "Other",
}

DATA_KINDS: dict[str, str] = {
    "personal": "Personal data of end users",
    "health": "Health information",
    "medical_records": "Patients' medical records (we are their system of record)",
    "payment_card": "Payment card data",
    "financial": "Financial records",
    "customer_confidential": "Customers' confidential business data",
}

HOSTING: dict[str, str] = {
    "aws": "Amazon Web Services",
    "gcp": "Google Cloud",
    "azure": "Microsoft Azure",
    "other_cloud": "Another cloud provider",
    "on_premises": "Our own servers on premises",
    "colocation": "Our servers in a colocation facility",
}

CUSTOMER_FLAGS: dict[str, str] = {
    "enterprise": "Enterprise customers",
    "consumers": "Individuals sign up themselves (we collect their personal data directly)",
    "government": "State or local government customers",
    "us_federal": "US federal agencies",
    "international": "Customers outside the US",
    "uptime_commitment": "We promise uptime to customers (an SLA)",
}

PRACTICES: dict[str, str] = {
    "mfa": "Multi-factor authentication on every account",
    "sso": "Single sign-on for company tools",
    "central_logging": "Central logging and alerting",
    "written_policies": "Written security policies",
    "incident_response_plan": "An incident response plan",
    "background_checks": "Background checks for new hires",
    "security_training": "Security awareness training",
    "vendor_reviews": "Security reviews of vendors",
    "encryption_at_rest": "Encryption of stored data",
    "tested_backups": "Backups that are restored in tests",
    "change_management": "Reviewed and approved changes",
    "vulnerability_scanning": "Vulnerability scanning",
    "endpoint_management": "Managed laptops (disk encryption, updates)",
    "risk_assessment": "A yearly risk assessment",
}

# How card payments are validated under PCI DSS: the merchant level (by yearly
# card transactions) or the service-provider level. ``None`` in the answers
# means "not stated": the engine then assumes DEFAULT_PCI_LEVEL.
PCI_LEVELS: dict[str, str] = {
    "merchant_1": "Merchant, level 1 (more than 6 million card transactions a year)",
    "merchant_2": "Merchant, level 2 (1 to 6 million a year)",
    "merchant_3": "Merchant, level 3 (20,000 to 1 million e-commerce a year)",
    "merchant_4": "Merchant, level 4 (fewer, or a hosted payment page: no raw card data)",
    "service_provider_1": "Service provider, level 1 (more than 300,000 transactions a year)",
    "service_provider_2": "Service provider, level 2 (up to 300,000 a year)",
}
DEFAULT_PCI_LEVEL = "service_provider_2"

# Every framework the app names, by id, with its title: the catalog's crosswalk
# (CROSSWALK) and the obligations the profile brings. One list, used everywhere.
FRAMEWORKS: dict[str, str] = {
    "iso27001": "ISO 27001",
    "hipaa": "HIPAA",
    "pci_dss": "PCI DSS",
    "fedramp": "FedRAMP",
    "stateramp": "StateRAMP",
    "gdpr": "GDPR",
    "ftc_hbnr": "FTC Health Breach Notification Rule",
}
# The frameworks each catalog control maps its requirements to.
CROSSWALK: tuple[str, ...] = ("iso27001", "hipaa", "pci_dss")
CROSSWALK_TITLES: dict[str, str] = {k: FRAMEWORKS[k] for k in CROSSWALK}

CRITERIA: dict[str, str] = {
    "security": "Security",
    "availability": "Availability",
    "processing_integrity": "Processing Integrity",
    "confidentiality": "Confidentiality",
    "privacy": "Privacy",
}

# The id prefix of each criteria category in the 2017 Trust Services Criteria.
CRITERIA_PREFIX: dict[str, str] = {
    "security": "CC",
    "availability": "A",
    "processing_integrity": "PI",
    "confidentiality": "C",
    "privacy": "P",
}

REPORT_TYPES: dict[str, str] = {"type1": "Type I", "type2": "Type II"}

AUDITOR_TIERS: dict[str, str] = {
    "boutique": "Boutique CPA firm",
    "mid_tier": "Mid-tier CPA firm",
    "big4": "Big Four firm",
}

OBSERVATION_MONTHS: tuple[int, ...] = (3, 6, 9, 12)

STATUSES: dict[str, str] = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "implemented": "Implemented",
    "not_applicable": "Not applicable",
}

FREQUENCIES: dict[str, str] = {
    "once": "Once",
    "continuous": "Continuous",
    "per_event": "Each time it happens",
    "daily": "Daily",
    "weekly": "Weekly",
    "monthly": "Monthly",
    "quarterly": "Quarterly",
    "semiannual": "Twice a year",
    "annual": "Yearly",
}

# Expected occurrences of a recurring control per month of an observation window.
OCCURRENCES_PER_MONTH: dict[str, float] = {
    "daily": 30.0,
    "weekly": 52.0 / 12.0,
    "monthly": 1.0,
    "quarterly": 1.0 / 3.0,
    "semiannual": 1.0 / 6.0,
    "annual": 1.0 / 12.0,
}

SCOPE_KINDS: dict[str, str] = {
    "system": "System or service",
    "vendor": "Vendor",
    "subservice": "Subservice organisation",
    "location": "Location",
}

SUBSERVICE_METHODS: dict[str, str] = {
    "carve_out": "Carve-out",
    "inclusive": "Inclusive",
}


def criterion_category(criterion_id: str) -> str:
    """The category id (``"security"`` …) a TSC criterion id such as ``PI1.3`` belongs to."""
    head = criterion_id.split(".", 1)[0].rstrip("0123456789")
    for category, prefix in CRITERIA_PREFIX.items():
        if head == prefix:
            return category
    raise ValueError(f"not a Trust Services Criteria id: {criterion_id!r}")
