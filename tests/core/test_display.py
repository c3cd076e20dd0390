"""Paper and display currency: A4 or Letter per workspace, money in the user's currency at their own rate."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pypdf import PdfReader

from soc2wizard import services
from soc2wizard.cli import main
from soc2wizard.domain import format as fmt
from soc2wizard.domain.display import check_currency, paper_for_locale
from soc2wizard.domain.errors import FieldError

TODAY = dt.date(2026, 11, 30)


def _size(pdf) -> tuple[int, int]:
    box = PdfReader(pdf).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.mark.parametrize(
    ("name", "paper"),
    [
        ("en_US.UTF-8", "letter"),
        ("fr_CA.UTF-8", "letter"),
        ("es_MX", "letter"),
        ("en_PH.UTF-8", "letter"),
        ("en_GB.UTF-8", "a4"),
        ("de_DE@euro", "a4"),
        ("en_AU.UTF-8", "a4"),
        ("pt-BR", "a4"),
        ("C.UTF-8", "a4"),
        ("English_United States", "letter"),
        ("German_Germany", "a4"),
        ("", "a4"),
    ],
)
def test_paper_follows_the_locale_s_territory(name, paper):
    assert paper_for_locale(name) == paper


def test_export_paper_a4_gives_a4_pages(workspace, tmp_path, monkeypatch):
    """`export --pdf --paper a4` gives 595×842 pt pages, `--paper letter` 612×792, whatever the locale."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_PAPER", raising=False)
    path = workspace.path
    workspace.close()
    assert main(["export", str(path), "--pdf", str(tmp_path / "a4.pdf"), "--paper", "a4"]) == 0
    assert main(["export", str(path), "--pdf", str(tmp_path / "letter.pdf"), "--paper", "LETTER"]) == 0
    assert main(["export", str(path), "--pdf", str(tmp_path / "default.pdf")]) == 0
    assert _size(tmp_path / "a4.pdf") == (595, 842)
    assert _size(tmp_path / "letter.pdf") == (612, 792)
    assert _size(tmp_path / "default.pdf") == (612, 792)  # en_US: Letter
    reader = PdfReader(tmp_path / "a4.pdf")
    assert all((round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (595, 842) for p in reader.pages)
    assert "Acme Health" in reader.pages[0].extract_text()


def test_the_workspace_paper_beats_the_locale(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    services.update_settings(workspace, paper="a4")
    assert services.paper(workspace) == "a4"
    services.export_pdf(workspace, tmp_path / "w.pdf")
    assert _size(tmp_path / "w.pdf") == (595, 842)
    services.update_settings(workspace, paper="")
    assert services.paper(workspace) == "letter"


def test_bad_paper_and_currency_name_the_field_and_change_nothing(workspace):
    services.update_settings(workspace, currency="EUR", exchange_rate=0.9)
    before = services.get_settings(workspace)
    cases = [
        ({"paper": "A3"}, "paper"),
        ({"currency": "euro", "exchange_rate": 0.9}, "currency"),
        ({"currency": "GBP"}, "exchange_rate"),  # a new currency needs its own rate
        ({"exchange_rate": "ninety"}, "exchange_rate"),
        ({"exchange_rate": 0}, "exchange_rate"),
        ({"exchange_rate": -1}, "exchange_rate"),
        ({"exchange_rate": float("nan")}, "exchange_rate"),
        ({"exchange_rate_source": "x" * 201}, "exchange_rate_source"),
        ({"colour": "blue"}, "colour"),
    ]
    for changes, field in cases:
        with pytest.raises(FieldError) as info:
            services.update_settings(workspace, **changes)
        assert info.value.path == field, changes
    assert services.get_settings(workspace) == before


def test_check_currency_reads_a_decimal_comma():
    c = check_currency("eur", "0,92", " ECB  27 Nov ")
    assert (c.code, c.rate, c.source) == ("EUR", 0.92, "ECB 27 Nov")
    assert c.describe() == "1 USD = 0.92 EUR, your own rate (ECB 27 Nov)"


def _pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_one_conversion_for_summary_text_and_pdf(workspace, tmp_path, capsys):
    """In euros, `summary --json`, the summary text and the PDF show the same converted figures,
    and the published dollars stay available."""
    with services.open_workspace(workspace.path, read_only=True) as s:
        usd = services.summary_json(s, today=TODAY)["cost"]
    services.update_settings(workspace, currency="EUR", exchange_rate=0.5, exchange_rate_source="a round test rate")
    path = workspace.path
    workspace.close()

    assert main(["summary", str(path), "--json"]) == 0
    cost = json.loads(capsys.readouterr().out)["cost"]
    assert cost["currency"] == "EUR"
    assert cost["exchange_rate"]["rate"] == 0.5 and "your own rate" in cost["exchange_rate"]["note"]
    assert cost["published"]["currency"] == "USD"
    assert cost["published"]["low"] == usd["low"] and cost["published"]["high"] == usd["high"]
    for item, pub in zip(cost["items"], cost["published"]["items"]):
        assert item["id"] == pub["id"]
        assert abs(item["low"] - pub["low"] * 0.5) <= 50 and abs(item["high"] - pub["high"] * 0.5) <= 50
    # The totals are the sums of the converted items (in the total), not converted separately.
    assert cost["low"] == sum(i["low"] for i in cost["items"] if i["in_total"])
    assert cost["high"] == sum(i["high"] for i in cost["items"] if i["in_total"])

    total = fmt.money_range(cost["low"], cost["high"], "EUR")
    assert total.startswith("€")
    assert main(["summary", str(path)]) == 0
    text = capsys.readouterr().out
    assert f"Budget:     {total} paid out" in text

    assert main(["export", str(path), "--pdf", str(tmp_path / "eur.pdf"), "--date", TODAY.isoformat()]) == 0
    pdf = _pdf_text(tmp_path / "eur.pdf")
    assert f"The first year costs {total}" in pdf
    assert "1 USD = 0.5 EUR, your own rate (a round test rate)" in pdf
    assert fmt.money_range(usd["low"], usd["high"]) in pdf  # the published dollars, kept visible
    # The engine's sentences are in euros too: the audit fee's basis starts from a euro range.
    assert "Starts from the €" in pdf


def test_us_dollars_have_no_rate_and_no_published_copy(workspace):
    cost = services.summary_json(workspace, today=TODAY)["cost"]
    assert cost["currency"] == "USD" and "published" not in cost and "exchange_rate" not in cost
    services.update_settings(workspace, currency="EUR", exchange_rate=0.9)
    services.update_settings(workspace, currency="USD")
    assert services.summary_json(workspace, today=TODAY)["cost"] == cost


def test_paper_and_currency_survive_a_json_export_and_restore(workspace, tmp_path):
    """`export --json` then `new --from-json` keeps the paper, the currency, its rate and source."""
    services.update_settings(workspace, paper="a4", currency="CHF", exchange_rate=0.88, exchange_rate_source="SNB")
    services.export_json(workspace, tmp_path / "w.json")
    doc = json.loads((tmp_path / "w.json").read_text(encoding="utf-8"))
    assert doc["settings"]["currency"] == "CHF" and doc["settings"]["exchange_rate"] == "0.88"
    with services.create_from_dump(tmp_path / "copy.soc2", doc) as s:
        st = services.get_settings(s)
        assert (st.paper, st.currency, st.exchange_rate, st.exchange_rate_source) == ("a4", "CHF", 0.88, "SNB")
        assert services.summary_json(s, today=TODAY)["cost"]["currency"] == "CHF"
    doc["settings"]["exchange_rate"] = "-3"
    with pytest.raises(FieldError) as info:
        services.create_from_dump(tmp_path / "bad.soc2", doc)
    assert info.value.path == "settings.exchange_rate"
    assert not (tmp_path / "bad.soc2").exists()


def test_display_command_sets_and_shows_paper_and_currency(workspace, capsys):
    path = workspace.path
    workspace.close()
    assert main(["display", str(path), "--paper", "a4", "--currency", "eur", "--rate", "0.9"]) == 0
    out = capsys.readouterr().out
    assert "Paper:    a4" in out and "Currency: EUR at 1 USD = 0.9 EUR, your own rate" in out
    assert main(["display", str(path), "--currency", "GBP"]) == 1  # a new currency needs its rate
    assert "exchange_rate" in capsys.readouterr().err
    assert main(["summary", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cost"]["currency"] == "EUR"
    assert main(["display", str(path), "--currency", "USD", "--paper", "locale"]) == 0
    assert "Currency: USD (the published figures)" in capsys.readouterr().out
