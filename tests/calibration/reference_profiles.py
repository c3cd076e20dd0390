"""Reference profiles and the published range each must land in.

Each row is a company a practitioner would recognise, the figure of its plan
we check (read from ``summary --json``, what the user keeps), the published
range from ../shared/reference/figures.md, and which row of that file it comes
from. ``mode`` says how the estimate's own low–high range must land:

    within    both ends inside the published range
    midpoint  the middle of the estimate inside the published range (used only
              beside a ``within`` row for the same figure against a wider
              published range, e.g. "15k–25k typical" beside "5k–40k seen")

Where one end of a ``within`` row is looser than the figures.md range it
names, the row's source says why, in the words "looser because".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ALL_PRACTICES = (
    "mfa",
    "sso",
    "central_logging",
    "written_policies",
    "incident_response_plan",
    "background_checks",
    "security_training",
    "vendor_reviews",
    "encryption_at_rest",
    "tested_backups",
    "change_management",
    "vulnerability_scanning",
    "endpoint_management",
    "risk_assessment",
)


@dataclass(frozen=True)
class Profile:
    id: str
    employees: int
    engineers: int
    plan: dict[str, Any]
    industry: str = "saas"
    data: tuple[str, ...] = ("customer_confidential",)
    customers: dict[str, Any] = field(default_factory=lambda: {"enterprise": True})
    practices: tuple[str, ...] = ()
    systems: int = 1  # systems in scope, each holding customer data
    company: dict[str, Any] = field(default_factory=dict)

    def answers(self) -> dict[str, Any]:
        return {
            "format": "soc2wizard-answers/1",
            "company": {
                "name": self.id,
                "industry": self.industry,
                "employees": self.employees,
                "engineers": self.engineers,
                **self.company,
            },
            "data": list(self.data),
            "hosting": ["aws"],
            "customers": dict(self.customers),
            "practices": {p: True for p in self.practices},
            "plan": {"start": "2026-12-07", **self.plan},
        }


PROFILES: dict[str, Profile] = {
    p.id: p
    for p in (
        Profile(
            "mature_8_type1",
            8,
            3,
            {"report_type": "type1", "criteria": ["security"], "weekly_hours": 20},
            practices=ALL_PRACTICES,
        ),
        Profile(
            "mature_8_type1_30h",
            8,
            3,
            {"report_type": "type1", "criteria": ["security"], "weekly_hours": 30},
            practices=ALL_PRACTICES,
        ),
        Profile(
            "mature_20_type2_3m_fast",
            20,
            6,
            {"report_type": "type2", "observation_months": 3, "criteria": ["security"], "weekly_hours": 30},
            practices=ALL_PRACTICES,
        ),
        Profile(
            "scratch_20_type2_3m",
            20,
            6,
            {"report_type": "type2", "observation_months": 3, "criteria": ["security"], "weekly_hours": 20},
        ),
        Profile(
            "scratch_20_type2_3m_30h",
            20,
            6,
            {"report_type": "type2", "observation_months": 3, "criteria": ["security"], "weekly_hours": 30},
        ),
        Profile(
            "scratch_40_type2_6m",
            40,
            12,
            {
                "report_type": "type2",
                "observation_months": 6,
                "criteria": ["security", "confidentiality"],
                "weekly_hours": 40,
            },
        ),
        Profile("small_20_type1_fee", 20, 6, {"report_type": "type1", "criteria": ["security"]}),
        Profile(
            "midsize_60_type2_boutique",
            60,
            20,
            {"report_type": "type2", "observation_months": 6, "criteria": ["security", "confidentiality"]},
        ),
        Profile(
            "midsize_40_type2_mid_tier",
            40,
            12,
            {"report_type": "type2", "observation_months": 6, "criteria": ["security"], "auditor_tier": "mid_tier"},
        ),
        Profile(
            "large_400_big4_all_five",
            400,
            120,
            {
                "report_type": "type2",
                "observation_months": 12,
                "auditor_tier": "big4",
                "criteria": ["security", "availability", "processing_integrity", "confidentiality", "privacy"],
                "weekly_hours": 120,
            },
            systems=8,
        ),
        Profile(
            "fintech_150_card_data",
            150,
            50,
            {"report_type": "type2", "observation_months": 6, "weekly_hours": 80},
            industry="fintech",
            data=("payment_card", "financial", "personal"),
            systems=2,
        ),
        Profile(
            "merchant_level1_card_data",
            300,
            80,
            {"report_type": "type2", "observation_months": 6, "weekly_hours": 80},
            data=("payment_card", "personal"),
            customers={"consumers": True},
            company={"pci_level": "merchant_1"},
            systems=2,
        ),
        Profile(
            "clinic_scheduling_health_38",
            38,
            14,
            {"report_type": "type2", "observation_months": 3, "weekly_hours": 40},
            industry="healthcare",
            data=("personal", "health", "customer_confidential"),
            customers={"enterprise": True, "uptime_commitment": True},
        ),
        Profile(
            "medical_records_60",
            60,
            20,
            {"report_type": "type2", "observation_months": 6, "weekly_hours": 60},
            industry="healthcare",
            data=("personal", "medical_records"),
        ),
        Profile(
            "merchant_level2_card_data",
            120,
            30,
            {"report_type": "type2", "observation_months": 6, "criteria": ["security"]},
            data=("payment_card", "personal"),
            customers={"consumers": True},
            company={"pci_level": "merchant_2"},
        ),
        Profile(
            "merchant_level3_ecommerce",
            30,
            8,
            {"report_type": "type1", "criteria": ["security"]},
            data=("payment_card", "personal"),
            customers={"consumers": True},
            company={"pci_level": "merchant_3"},
        ),
        Profile(
            "merchant_level4_hosted_page",
            12,
            4,
            {"report_type": "type1", "criteria": ["security"]},
            data=("payment_card", "personal"),
            customers={"consumers": True},
            company={"pci_level": "merchant_4"},
        ),
        Profile(
            "vciso_small_15",
            15,
            5,
            {"report_type": "type1", "criteria": ["security"], "weekly_hours": 20},
        ),
        Profile(
            "vciso_mid_50",
            50,
            15,
            {"report_type": "type2", "observation_months": 3, "criteria": ["security"], "weekly_hours": 40},
        ),
        Profile(
            "vciso_large_150",
            150,
            40,
            {"report_type": "type2", "observation_months": 6, "criteria": ["security"], "weekly_hours": 80},
        ),
        Profile(
            "midsize_60_type2_big4",
            60,
            20,
            {"report_type": "type2", "observation_months": 6, "criteria": ["security"], "auditor_tier": "big4"},
        ),
        Profile(
            "federal_saas_50",
            50,
            15,
            {"report_type": "type2", "observation_months": 3, "criteria": ["security"], "weekly_hours": 40},
            customers={"enterprise": True, "us_federal": True},
        ),
    )
}


@dataclass(frozen=True)
class Row:
    profile: str
    figure: str  # see test_reference_profiles.measure
    low: float
    high: float
    unit: str
    mode: str
    source: str  # the figures.md table and row, and the sources it names


TIMELINE = "figures.md, Timeline"
COST = "figures.md, Cost (USD)"
OTHER = "figures.md, Other frameworks' consequences (USD)"

ROWS: tuple[Row, ...] = (
    # --- timeline -------------------------------------------------------------
    Row(
        "mature_8_type1",
        "months",
        3,
        4,
        "months",
        "midpoint",
        f"{TIMELINE}: mature organisation, Type I, 3–4 months (seed), the typical figure; both ends are held to "
        "the Type I range in the next row",
    ),
    Row("mature_8_type1", "months", 2, 6, "months", "within", f"{TIMELINE}: end to end, Type I 2–6 months (seed)"),
    Row(
        "mature_8_type1_30h",
        "remediation_weeks",
        4,
        9,
        "weeks",
        "within",
        f"{TIMELINE}: remediation, mature 1–2 months (seed; secure.com readiness checklist)",
    ),
    Row(
        "mature_20_type2_3m_fast",
        "months",
        4.5,
        7,
        "months",
        "within",
        f"{TIMELINE}: end to end, 4.5–7 months on a fast path with a 3-month window (bastion.tech), at 30 hours a "
        "week: a fast path is a dedicated effort (three quarters of a person for 20 staff)",
    ),
    Row(
        "scratch_20_type2_3m",
        "months",
        9,
        18,
        "months",
        "within",
        f"{TIMELINE}: end to end, first Type II 9–18 months from scratch (seed; legalclarity.org; simpleaudit.io)",
    ),
    Row(
        "scratch_20_type2_3m_30h",
        "remediation_weeks",
        16,
        39,
        "weeks",
        "within",
        f"{TIMELINE}: remediation from scratch 4–9 months (seed; secure.com readiness checklist)",
    ),
    Row(
        "scratch_40_type2_6m",
        "months",
        9,
        18,
        "months",
        "within",
        f"{TIMELINE}: end to end, first Type II 9–18 months from scratch (seed; legalclarity.org; simpleaudit.io)",
    ),
    Row(
        "clinic_scheduling_health_38",
        "months",
        9,
        18,
        "months",
        "within",
        f"{TIMELINE}: end to end, first Type II 9–18 months from scratch (seed; legalclarity.org)",
    ),
    Row(
        "medical_records_60",
        "months",
        9,
        18,
        "months",
        "within",
        f"{TIMELINE}: end to end, first Type II 9–18 months from scratch (seed; legalclarity.org)",
    ),
    Row(
        "federal_saas_50",
        "months",
        4.5,
        18,
        "months",
        "within",
        f"{OTHER}: FedRAMP is a separate multi-year programme, not a SOC 2 line item (fedramp.gov); the SOC 2 "
        "plan stays within the Timeline table's Type II range (figures.md, Timeline: end to end)",
    ),
    # --- audit fee ------------------------------------------------------------
    Row(
        "small_20_type1_fee",
        "audit_fee",
        5000,
        40000,
        "USD",
        "within",
        f"{COST}: audit fee, Type I, small company, 5k–40k seen (seed; strac.io; legalclarity.org)",
    ),
    Row(
        "small_20_type1_fee",
        "audit_fee",
        15000,
        25000,
        "USD",
        "midpoint",
        f"{COST}: audit fee, Type I, small company, 15k–25k typical (seed; strac.io)",
    ),
    Row(
        "midsize_60_type2_boutique",
        "audit_fee",
        30000,
        80000,
        "USD",
        "within",
        f"{COST}: audit fee, Type II, mid-size, 30k–80k (seed; strac.io)",
    ),
    Row(
        "midsize_40_type2_mid_tier",
        "audit_fee",
        50000,
        120000,
        "USD",
        "within",
        f"{COST}: audit fee by auditor tier, mid-tier 50k–120k (strac.io, May 2026)",
    ),
    Row(
        "midsize_60_type2_big4",
        "audit_fee",
        75000,
        200000,
        "USD",
        "within",
        f"{COST}: audit fee by auditor tier, Big 4 75k–200k+ (strac.io, May 2026)",
    ),
    Row(
        "large_400_big4_all_five",
        "audit_fee",
        150000,
        300000,
        "USD",
        "within",
        f'{COST}: audit fee, large / complex scope, above 150k, "low six figures" (seed; linfordco.com), '
        "read as up to 300k; Big 4 75k–200k+ (strac.io)",
    ),
    Row(
        "clinic_scheduling_health_38",
        "audit_fee",
        30000,
        80000,
        "USD",
        "midpoint",
        f"{COST}: audit fee, Type II, mid-size, 30k–80k (seed; strac.io), with Security, Availability and "
        "Confidentiality only (figures.md, Scoping practice: health data is not all five)",
    ),
    Row(
        "clinic_scheduling_health_38",
        "audit_fee",
        30000,
        85000,
        "USD",
        "within",
        f"{COST}: audit fee, Type II, mid-size, 30k–80k (seed; strac.io); the high end is looser because this "
        "scope has two categories beyond Security where the mid-size example (midsize_60_type2_boutique), which "
        "holds 30k–80k at both ends, has one; figures.md adds 5k–20k for each category beyond Security "
        "(soc2compliancecost.com), the low end at a boutique firm: 80k + 5k for the one category more",
    ),
    Row(
        "medical_records_60",
        "renewal_audit",
        0.7,
        0.8,
        "share of the first audit fee",
        "within",
        f"{COST}: renewal audit, 70–80% of the first audit (auditpath.io)",
    ),
    Row(
        "large_400_big4_all_five",
        "renewal_audit",
        0.7,
        0.8,
        "share of the first audit fee",
        "within",
        f"{COST}: renewal audit, 70–80% of the first audit (auditpath.io), of a fee at the large-scope ceiling",
    ),
    Row(
        "small_20_type1_fee",
        "renewal_audit_type2",
        25000,
        75000,
        "USD",
        "within",
        f"{COST}: audit fee by auditor tier, boutique Type II 25k–75k (strac.io): year two after a Type I is "
        "the first Type II",
    ),
    # --- the rest of the budget ----------------------------------------------
    Row(
        "scratch_40_type2_6m",
        "cash_total",
        55000,
        175000,
        "USD",
        "midpoint",
        f"{COST}: first-year programme in total, 55k–175k (strac.io; legalclarity.org)",
    ),
    Row(
        "scratch_40_type2_6m",
        "cash_total",
        20000,
        175000,
        "USD",
        "within",
        f"{COST}: first-year programme in total, 55k–175k (strac.io; legalclarity.org); the low end is looser "
        "because the same row gives 20k–60k for a small business, and the leanest programme for 40 people "
        "(a boutique fee, a one-off consultant, the platform's entry price, a web test) comes to about 53k",
    ),
    Row(
        "mature_8_type1",
        "cash_total",
        20000,
        60000,
        "USD",
        "within",
        f"{COST}: first-year programme in total, 20k–60k for a small business (legalclarity.org)",
    ),
    Row(
        "vciso_small_15",
        "vciso_rate",
        2500,
        4000,
        "USD a month",
        "within",
        f"{COST}: vCISO retainer, 10–25 staff 2.5k–4k a month (kapacyber.com, 2026)",
    ),
    Row(
        "vciso_mid_50",
        "vciso_rate",
        4000,
        6500,
        "USD a month",
        "within",
        f"{COST}: vCISO retainer, 25–75 staff 4k–6.5k a month (kapacyber.com, 2026)",
    ),
    Row(
        "vciso_large_150",
        "vciso_rate",
        6500,
        10000,
        "USD a month",
        "within",
        f"{COST}: vCISO retainer, 75–250 staff 6.5k–10k+ a month (kapacyber.com, 2026)",
    ),
    Row(
        "small_20_type1_fee",
        "tooling",
        7000,
        28000,
        "USD",
        "within",
        f"{COST}: compliance platform, from 7k a year (secureframe.com); 10k–28k a year reported for Vanta",
    ),
    Row(
        "small_20_type1_fee",
        "pentest",
        5000,
        20000,
        "USD",
        "within",
        f"{COST}: penetration test (web app), 5k–20k (calculatorhub.com; josefkamara.com)",
    ),
    # --- other frameworks -----------------------------------------------------
    Row(
        "fintech_150_card_data",
        "pentest",
        15000 + 3000,
        45000 + 7000,
        "USD",
        "within",
        f"{OTHER}: penetration test under PCI DSS v4 (11.4), external + internal 15k–45k, segmentation +3k–7k "
        "(penetrationtestingcost.com, 2026)",
    ),
    Row(
        "fintech_150_card_data",
        "pci_assessment",
        5000,
        20000,
        "USD",
        "within",
        f"{OTHER}: PCI DSS service providers, level 2: SAQ D; level 2 SAQ + quarterly scans 5k–20k "
        "(swipecosts.com; legalclarity.org; jeffdodge.com)",
    ),
    Row(
        "merchant_level1_card_data",
        "pci_assessment",
        20000,
        100000,
        "USD",
        "within",
        f"{OTHER}: PCI DSS validation, merchant level 1: ROC by a QSA + quarterly ASV scans, 20k–100k+ "
        "(swipecosts.com; legalclarity.org)",
    ),
    Row(
        "merchant_level2_card_data",
        "pci_assessment",
        5000,
        20000,
        "USD",
        "within",
        f"{OTHER}: PCI DSS, level 2 (1–6M): SAQ + quarterly scans, 5k–20k (swipecosts.com)",
    ),
    Row(
        "merchant_level3_ecommerce",
        "pci_assessment",
        1000,
        5000,
        "USD",
        "within",
        f"{OTHER}: PCI DSS, level 3 (20k–1M e-commerce): SAQ + quarterly scans, 1k–5k (swipecosts.com)",
    ),
    Row(
        "merchant_level4_hosted_page",
        "pci_assessment",
        50,
        500,
        "USD",
        "within",
        f"{OTHER}: PCI DSS, level 4 / hosted payment page: SAQ A, scans where required, 50–500 (swipecosts.com)",
    ),
    Row(
        "merchant_level4_hosted_page",
        "pentest",
        5000,
        20000,
        "USD",
        "within",
        f"{COST}: penetration test (web app), 5k–20k (calculatorhub.com): SAQ A carries no PCI DSS 11.4 test "
        "(figures.md, Other frameworks: level 4, no raw card data)",
    ),
)
