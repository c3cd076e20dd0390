"""A quote typed in the display currency: kept in that currency, converted once, and checked at every door."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from soc2wizard import services
from soc2wizard.cli import main
from soc2wizard.domain.answers import parse_answers
from soc2wizard.domain.errors import FieldError

FEE = "audit_fee.type2.boutique"  # the answers' Type II with a boutique firm


@pytest.fixture
def euro(tmp_path: Path, answers_doc: dict):
    """Security only (so the auditor's fee is the quote alone), money shown in euros at 0.92."""
    answers_doc["plan"]["criteria"] = ["security"]
    s = services.create_workspace(tmp_path / "euro.soc2", parse_answers(answers_doc))
    services.update_settings(s, currency="EUR", exchange_rate=0.92, exchange_rate_source="ECB, 27 Nov 2026")
    yield s
    s.close()


def _quote(summary: dict, key: str = FEE) -> dict:
    return next(q for q in summary["quotes"] if q["key"] == key)


def _item(summary: dict, item_id: str) -> dict:
    return next(i for i in summary["cost"]["items"] if i["id"] == item_id)


def _pdf_text(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    out = tmp_path / "plan.pdf"
    assert main(["export", str(path), "--pdf", str(out)]) == 0
    capsys.readouterr()
    return " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())


def test_a_euro_quote_is_kept_in_euros_and_used_as_dollars_once(euro, tmp_path, capsys):
    """€18,000 typed on a euro page: stored as EUR, shown as €18,000, used as $18,000 / 0.92, in the PDF too."""
    o = services.set_override(euro, FEE, low=18000, high=18000, note="Quote from Smith CPA")
    assert (o.currency, o.rate, o.low) == ("EUR", 0.92, 18000)
    assert services.list_overrides(euro)[FEE].currency == "EUR"

    summary = services.summary_json(euro)
    q = _quote(summary)
    assert q["typed"] == {"currency": "EUR", "low": 18000, "high": 18000, "rate": 0.92}
    assert q["shown"] == {"currency": "EUR", "low": 18000, "high": 18000}
    assert q["used"]["currency"] == "USD"
    assert abs(q["used"]["low"] - 18000 / 0.92) < 0.01 and abs(q["used"]["high"] - 18000 / 0.92) < 0.01
    # The budget shows the quote in euros, not 18,000 dollars converted again (€16,560).
    assert summary["cost"]["currency"] == "EUR"
    assert (_item(summary, "audit_fee")["low"], _item(summary, "audit_fee")["high"]) == (18000, 18000)
    published = next(i for i in summary["cost"]["published"]["items"] if i["id"] == "audit_fee")
    assert published["low"] == 19600  # $19,565 to the nearest $100
    assert FEE in summary["overridden"]

    text = _pdf_text(euro.path, tmp_path, capsys)
    assert "€18,000" in text
    assert "typed in EUR; the plan uses $19,565 (1 USD = 0.92 EUR)" in text


def test_changing_the_currency_converts_the_quote_and_never_reads_it_again(euro):
    """To pounds: the euro quote is converted (not £18,000); a new euro rate moves only its dollar value."""
    services.set_override(euro, FEE, low=18000, high=18000)
    services.update_settings(euro, currency="GBP", exchange_rate=0.8)
    summary = services.summary_json(euro)
    q = _quote(summary)
    assert q["typed"]["currency"] == "EUR" and q["typed"]["low"] == 18000  # as typed, still
    assert abs(q["used"]["low"] - 18000 / 0.92) < 0.01  # at the rate it was typed at
    assert q["shown"]["currency"] == "GBP" and abs(q["shown"]["low"] - 18000 / 0.92 * 0.8) < 0.01
    assert summary["cost"]["currency"] == "GBP"
    assert _item(summary, "audit_fee")["low"] == 15700  # £15,652 to the nearest 100, not £18,000
    assert services.list_overrides(euro)[FEE].currency == "EUR"  # nothing rewritten

    # Back to euros at a new rate: still €18,000, now worth 18,000 / 0.95 dollars.
    services.update_settings(euro, currency="EUR", exchange_rate=0.95)
    q = _quote(services.summary_json(euro))
    assert q["shown"] == {"currency": "EUR", "low": 18000, "high": 18000}
    assert abs(q["used"]["low"] - 18000 / 0.95) < 0.01


def test_a_figure_that_is_not_money_is_not_converted(euro):
    """Weeks typed on a euro page stay weeks: no currency, no conversion."""
    o = services.set_override(euro, "phase.pre_audit", low=3, high=5)
    assert (o.currency, o.rate) == ("USD", 1.0)
    asm = next(a for a in services.estimate(euro).assumptions if a.key == "phase.pre_audit")
    assert (asm.low, asm.high, asm.quote) == (3, 5, None)
    assert all(q["key"] != "phase.pre_audit" for q in services.summary_json(euro)["quotes"])
    with pytest.raises(FieldError) as err:
        services.set_override(euro, "phase.pre_audit", low=3, high=5, currency="EUR", rate=0.92)
    assert err.value.path == "phase.pre_audit.currency"


@pytest.mark.parametrize(
    ("low", "high", "field", "words"),
    [
        (-1, 18000, "low", "zero or more"),
        ("18k", 18000, "low", "must be a number"),
        (18000, 9000, "high", "below the low figure"),
        (18000, 8_000_000, "high", "100 times the published high figure"),  # > 100 × $75k, in euros at 0.92
    ],
)
def test_bad_quotes_are_refused_naming_the_row_and_field(euro, low, high, field, words):
    """Negative, not a number, Low above High, or absurd: refused by the service, nothing stored or logged."""
    services.set_override(euro, FEE, low=20000, high=30000)
    logged = len(services.activity(euro, 1000))
    with pytest.raises(FieldError) as err:
        services.set_override(euro, FEE, low=low, high=high)
    assert err.value.path == f"{FEE}.{field}"
    assert words in err.value.message
    kept = services.list_overrides(euro)[FEE]
    assert (kept.low, kept.high, kept.currency) == (20000, 30000, "EUR")
    assert len(services.activity(euro, 1000)) == logged


def test_absurd_is_judged_in_dollars(euro):
    """€6.9M is under 100 × $75k at 0.92 (€6.9M); €7M is over: the currency the quote is in counts."""
    services.set_override(euro, FEE, low=20000, high=6_900_000)
    with pytest.raises(FieldError):
        services.set_override(euro, FEE, low=20000, high=7_000_000)


def test_a_restore_keeps_the_quote_currency_and_refuses_a_bad_one(euro, tmp_path):
    """A JSON export carries each quote's currency and rate; a restore puts them back or refuses, naming the line."""
    services.set_override(euro, FEE, low=18000, high=18000)
    doc = services.dump_workspace(euro)
    row = next(o for o in doc["overrides"] if o["key"] == FEE)
    assert (row["currency"], row["rate"]) == ("EUR", 0.92)
    with services.create_from_dump(tmp_path / "back.soc2", json.loads(json.dumps(doc))) as r:
        o = services.list_overrides(r)[FEE]
        assert (o.low, o.currency, o.rate) == (18000, "EUR", 0.92)
        assert _quote(services.summary_json(r))["shown"]["low"] == 18000

    i = doc["overrides"].index(row)
    for change, field in (
        ({"high": 9_000_000}, "high"),
        ({"low": 20000, "high": 19000}, "high"),
        ({"currency": "EURO"}, "currency"),
        ({"rate": 0}, "rate"),
        ({"currency": "USD", "rate": 0.92}, "rate"),
    ):
        bad = json.loads(json.dumps(doc))
        bad["overrides"][i].update(change)
        target = tmp_path / f"bad-{field}.soc2"
        with pytest.raises(FieldError) as err:
            services.create_from_dump(target, bad)
        assert err.value.path == f"overrides[{i}].{field}", change
        assert not target.exists()


def test_an_export_from_before_quote_currencies_reads_as_dollars(euro, tmp_path):
    """An override without currency or rate (an older export) was typed in US dollars."""
    services.set_override(euro, FEE, low=20000, high=20000, currency="USD")
    doc = services.dump_workspace(euro)
    for o in doc["overrides"]:
        del o["currency"], o["rate"]
    with services.create_from_dump(tmp_path / "old.soc2", doc) as r:
        o = services.list_overrides(r)[FEE]
        assert (o.currency, o.rate) == ("USD", 1.0)


def _as_format_8(path: Path) -> None:
    """Turn a workspace back into the format before quotes kept their currency (migration 009 undone)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.executescript(
            """
            CREATE TABLE old_overrides (
                key TEXT PRIMARY KEY,
                low REAL NOT NULL,
                high REAL NOT NULL CHECK (high >= low),
                note TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL
            );
            INSERT INTO old_overrides SELECT key, low, high, note, updated_at FROM assumption_overrides;
            DROP TABLE assumption_overrides;
            ALTER TABLE old_overrides RENAME TO assumption_overrides;
            DELETE FROM _sqlite_migrations WHERE name = '009_quote_currency';
            PRAGMA user_version = 8;
            """
        )
    conn.close()


@pytest.mark.parametrize("shown", ["USD", "EUR"])
def test_old_files_with_dollar_quotes_show_the_same_figures(tmp_path, answers_doc, shown):
    """A format-8 file's quotes were dollars: read-only and after migrating, the plan's figures are the same."""
    path = tmp_path / "old.soc2"
    with services.create_workspace(path, parse_answers(answers_doc)) as s:
        if shown == "EUR":
            services.update_settings(s, currency="EUR", exchange_rate=0.92)
        services.set_override(s, FEE, low=20000, high=30000, currency="USD")
        services.set_override(s, "pentest", low=9000, high=9000, currency="USD")
        before = services.summary_json(s)
    _as_format_8(path)

    with services.open_workspace(path, read_only=True) as s:  # not migrated
        assert services.list_overrides(s)[FEE].currency == "USD"
        assert services.summary_json(s)["cost"] == before["cost"]
    with services.open_workspace(path) as s:  # migrated to format 9
        assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 9
        after = services.summary_json(s)
        o = services.list_overrides(s)[FEE]
    assert (o.low, o.high, o.currency, o.rate) == (20000, 30000, "USD", 1.0)
    assert after["cost"] == before["cost"]
    assert after["quotes"] == before["quotes"]
    pentest = next(q for q in after["quotes"] if q["key"] == "pentest")
    assert pentest["typed"] == {"currency": "USD", "low": 9000, "high": 9000, "rate": 1.0}
    assert pentest["used"] == {"currency": "USD", "low": 9000, "high": 9000}
    assert pentest["shown"]["low"] == (9000 if shown == "USD" else 8280)
