"""Protection and upkeep, for scripts (what the app's menus do): verify, import, protect, settings."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from soc2wizard.cli._base import (
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    UserError,
    _new_passphrase,
    _open_for_writing,
    _passphrase,
    command,
)


def _verify_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        metavar="FILE",
        help=f"the workspace to check (encrypted: passphrase from {PASSPHRASE_ENV}, the keychain or a prompt)",
    )
    p.add_argument(
        "--head",
        metavar="HASH",
        help="a log head an earlier verify printed: fail unless the log still holds it (history not rewritten)",
    )


@command("verify", "check file integrity, evidence hashes and the activity log's chain", _verify_arguments)
def run_verify(args: argparse.Namespace) -> int:
    from soc2wizard import services

    result = services.verify_workspace(Path(args.file), passphrase=_passphrase(args), noted_head=args.head)
    stream = sys.stdout if result.ok else sys.stderr
    for line in result.lines():
        print(line, file=stream)
    return 0 if result.ok else 1


# --- import, protect, settings (for scripts: what the app's menus do) ----------


def _import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the workspace to update")
    p.add_argument(
        "--csv",
        metavar="IN.csv",
        required=True,
        help="checklist updates by control id (the columns of 'export --csv'): all lines or none",
    )


@command("import", "update the checklist from a CSV file (all lines or none)", _import_arguments)
def run_import(args: argparse.Namespace) -> int:
    from soc2wizard import services

    with _open_for_writing(args) as s:
        changed = services.import_checklist_csv(s, args.csv)
    print(f"Imported {args.csv} into {args.file}: {changed} control{'s' if changed != 1 else ''} changed.")
    return 0


def _protect_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = (
        f"The current passphrase comes from {PASSPHRASE_ENV}, the keychain or a prompt; a new one\n"
        f"(--encrypt, --change-passphrase) from {NEW_PASSPHRASE_ENV} (for --encrypt also\n"
        f"{PASSPHRASE_ENV}), else it is asked twice at the terminal. A complete copy is written\n"
        "and checked before it replaces the file, so a failure leaves the file as it was."
    )
    p.add_argument("file", metavar="FILE", help="the workspace")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--encrypt", action="store_true", help="encrypt the whole file (SQLCipher)")
    what.add_argument("--decrypt", action="store_true", help="write it back as a plain SQLite file")
    what.add_argument(
        "--change-passphrase", action="store_true", dest="change", help="re-encrypt with a new passphrase"
    )
    p.add_argument("--remember", action="store_true", help="keep the new passphrase in this machine's keychain")


@command("protect", "encrypt a workspace, remove its encryption, or change its passphrase", _protect_arguments)
def run_protect(args: argparse.Namespace) -> int:
    from soc2wizard import services

    with _open_for_writing(args) as s:
        if args.encrypt:
            new = os.environ.get(NEW_PASSPHRASE_ENV) or _new_passphrase(args.file)
            message = services.encrypt_workspace(s, new, remember=args.remember)
        elif args.decrypt:
            message = services.remove_encryption(s)
        else:
            new = _new_passphrase(args.file, NEW_PASSPHRASE_ENV, "--change-passphrase")
            message = services.change_passphrase(s, new, remember=args.remember or None)
    print(message)
    return 0


def _settings_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the workspace")
    p.add_argument("--firm", metavar="NAME", help="the consultant firm's name (on the PDF's cover)")
    p.add_argument("--assessor", metavar="NAME", help="the assessor's name (on the cover; names edits in the log)")
    logo = p.add_mutually_exclusive_group()
    logo.add_argument("--logo", metavar="PNG", help="the firm's logo: PNG or JPEG, at most 4,000x4,000 px and 5 MB")
    logo.add_argument("--no-logo", action="store_true", dest="no_logo", help="remove the firm's logo")
    p.add_argument("--actor", metavar="NAME", help="who the activity log names for this command's changes")


@command("settings", "set the consultant firm, assessor and logo; print the settings", _settings_arguments)
def run_settings(args: argparse.Namespace) -> int:
    from soc2wizard import services
    from soc2wizard.domain.records import SETTINGS_FIELDS

    changes = {k: v for k, v in (("firm_name", args.firm), ("assessor_name", args.assessor)) if v is not None}
    logo: bytes | None = None
    if args.logo:
        if not Path(args.logo).is_file():
            raise UserError(f"--logo: {args.logo} is not an image file")
        try:
            logo = Path(args.logo).read_bytes()
        except OSError as exc:
            raise UserError(f"{args.logo}: cannot be read ({exc.strerror})") from None
        services.check_logo(logo, "--logo")  # before opening: a bad image changes nothing
    with _open_for_writing(args) as s:
        if changes:
            services.update_settings(s, **changes)
        if logo is not None:
            services.set_firm_logo(s, logo)
        elif args.no_logo:
            services.set_firm_logo(s, None)
        st = services.get_settings(s)
    for key, label in SETTINGS_FIELDS.items():
        print(f"{label + ':':<20} {getattr(st, key) or '-'}")
    print(f"{'Logo:':<20} {'yes' if st.has_logo else '-'}")
    return 0
