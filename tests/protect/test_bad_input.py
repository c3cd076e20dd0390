"""Bad input everywhere: huge and non-Latin text in every field is kept exactly or refused by name."""

from __future__ import annotations

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soc2wizard import services
from soc2wizard.domain.errors import FieldError

# Words of any script (no controls, no whitespace), joined by single spaces: text
# the services keep as it is. Some runs are far longer than any field allows.
WORD = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=1, max_size=25)
TEXT = st.one_of(
    st.lists(WORD, min_size=1, max_size=10).map(" ".join),
    st.builds(lambda w, n: " ".join([w] * n), WORD, st.integers(1, 800)),
)
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check(call, read, field, value, limit):
    """Either the value is kept exactly, or FieldError names ``field`` and the old value stays."""
    before = read()
    try:
        call(value)
    except FieldError as exc:
        assert exc.path.endswith(field), exc.path
        assert len(value) > limit
        assert read() == before
    else:
        assert len(value) <= limit
        assert read() == value


@FUZZ
@given(text=TEXT)
def test_control_fields_keep_any_text_or_name_the_field(workspace, text):
    """Owner, notes and N/A reason keep any script exactly, or refuse naming the field."""
    cid = services.checklist(workspace)[0].control.id

    def read(attr):
        return lambda: getattr(services.control_state(workspace, cid), attr)

    _check(lambda v: services.update_control(workspace, cid, owner=v), read("owner"), "owner", text, services.MAX_SHORT)
    _check(lambda v: services.update_control(workspace, cid, notes=v), read("notes"), "notes", text, services.MAX_TEXT)
    _check(
        lambda v: services.update_control(workspace, cid, status="not_applicable", na_reason=v),
        read("na_reason"),
        "na_reason",
        text,
        services.MAX_TEXT,
    )


@FUZZ
@given(text=TEXT)
def test_profile_settings_and_scope_keep_any_text(workspace, text):
    """Company name, every setting and every scope text keep any script exactly, or name the field."""
    _check(
        lambda v: services.update_profile(workspace, name=v),
        lambda: services.get_answers(workspace).company.name,
        "name",
        text,
        services.MAX_SHORT,
    )
    for key in ("prepared_for", "prepared_by", "firm_name", "assessor_name", "consultant_role"):
        _check(
            lambda v, k=key: services.update_settings(workspace, **{k: v}),
            lambda k=key: getattr(services.get_settings(workspace), k),
            key,
            text,
            services.MAX_SHORT,
        )
    item = services.add_scope_item(workspace, "system", "Core API")
    for key, limit in (
        ("name", services.MAX_SHORT),
        ("description", services.MAX_TEXT),
        ("exclusion_reason", services.MAX_TEXT),
    ):
        _check(
            lambda v, k=key: services.update_scope_item(workspace, item.id, **{k: v}),
            lambda k=key: getattr(next(i for i in services.list_scope(workspace) if i.id == item.id), k),
            key,
            text,
            limit,
        )
    services.remove_scope_item(workspace, item.id)


@FUZZ
@given(text=TEXT)
def test_evidence_and_override_text_keep_any_text(workspace, text):
    """Evidence names and notes and an override's note keep any script, or name the field."""
    cid = services.checklist(workspace)[0].control.id
    try:
        e = services.add_evidence_bytes(workspace, cid, name=text, content=text.encode("utf-8"), note=text)
    except FieldError as exc:
        assert exc.path in ("name", "note") and len(text) > services.MAX_SHORT
    else:
        kept = services.list_evidence(workspace, cid)[-1]
        assert (kept.name, kept.note) == (text, text)
        assert services.evidence_content(workspace, e.id) == text.encode("utf-8")
    _check(
        lambda v: services.set_override(workspace, "audit_fee", low=1, high=2, note=v),
        lambda: (
            services.list_overrides(workspace)["audit_fee"].note
            if "audit_fee" in services.list_overrides(workspace)
            else None
        ),
        "note",
        text,
        services.MAX_TEXT,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Ünïcödé Ťëšţ — 日本語の会社 — شركة عربية — Компания — 🛡️🔐",
        "漢" * services.MAX_SHORT,
    ],
)
def test_extreme_text_survives_reopen_encryption_summary_and_pdf(tmp_path, text):
    """The longest non-Latin text in every field survives reopening, encryption, the summary and the PDF."""
    path = tmp_path / "t.soc2"
    s = services.create_workspace(path, name=text)
    cid = services.checklist(s)[0].control.id
    services.update_control(s, cid, owner=text, notes=(text + "\n") * 20)
    services.update_settings(s, prepared_for=text, prepared_by=text, firm_name=text, assessor_name=text)
    services.add_scope_item(s, "system", text, description=text)
    services.encrypt_workspace(s, "a passphrase for the test")
    s.close()
    with services.open_workspace(path, passphrase="a passphrase for the test") as s:
        assert services.get_answers(s).company.name == text
        assert services.control_state(s, cid).owner == text
        assert services.get_settings(s).firm_name == text
        assert services.list_scope(s)[0].name == text
        assert services.activity(s, limit=20)[0].actor == text
        assert services.verify_workspace(s).ok
        assert services.summary_json(s)["company"] == text
        out = services.export_pdf(s, tmp_path / "plan.pdf")
        import pypdf

        pdf_text = "".join(page.extract_text() or "" for page in pypdf.PdfReader(str(out)).pages)
        for word in text.split()[:4]:  # long titles are shortened with "…" in places
            assert word[:12] in pdf_text
        assert "Компания" in pdf_text or "Компания" not in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.lists(
            st.one_of(TEXT, st.sampled_from(["", "implemented", "done", "2027-02-30", "n/a", "POL-01", "=1+1"])),
            min_size=0,
            max_size=6,
        ),
        max_size=6,
    ),
    header=st.lists(st.sampled_from(["Control ID", "Status", "Owner", "Due date", "Notes", "x", ""]), max_size=6),
)
def test_csv_import_of_anything_applies_all_or_names_the_line(workspace, tmp_path, rows, header):
    """Any CSV either updates the checklist or is refused naming a line, changing nothing."""
    path = tmp_path / "in.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    before = services.checklist(workspace)
    log_before = len(services.activity(workspace))
    try:
        services.import_checklist_csv(workspace, path)
    except FieldError as exc:
        assert exc.path.startswith("line") or exc.path == str(path)
        assert services.checklist(workspace) == before
        assert len(services.activity(workspace)) == log_before
