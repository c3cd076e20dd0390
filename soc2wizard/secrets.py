"""Remembered passphrases, kept in the operating system's keychain through keyring.

A small interface (``get``/``set``/``delete`` by workspace id) with two
implementations: ``KeyringSecrets`` for the app and ``MemorySecrets`` for
tests. The keychain holds, under the service name "soc2wizard":

- the passphrase, with the workspace id as user name;
- for each file path it was used at, ``path:/abs/file.soc2`` → the workspace
  id, because the id is inside the encrypted file and cannot be read first.

When there is no keychain (a headless Linux session without a Secret Service)
or it is locked, ``KeychainUnavailable`` says so and the caller asks for the
passphrase instead. Nothing is ever written in clear beside the workspace.
keyring is imported only when a keychain is first used.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from soc2wizard.domain.errors import Soc2Error

SERVICE = "soc2wizard"


class KeychainUnavailable(Soc2Error):
    """The keychain cannot be used here; the message says why."""


class Secrets(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...
    def delete(self, key: str) -> None: ...
    def describe(self) -> str: ...


class MemorySecrets:
    """A keychain stand-in that forgets everything when the process ends."""

    def __init__(self) -> None:
        self.items: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.items.get(key)

    def set(self, key: str, value: str) -> None:
        self.items[key] = value

    def delete(self, key: str) -> None:
        self.items.pop(key, None)

    def describe(self) -> str:
        return "in-memory (tests)"


class KeyringSecrets:
    """The operating system's keychain, through the keyring package."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def _keyring(self):  # type: ignore[no-untyped-def]
        try:
            import keyring
            import keyring.errors
        except ImportError:  # pragma: no cover - a dependency
            raise KeychainUnavailable("the keyring package is not installed") from None
        return keyring

    def _call(self, what: str, fn, *args):  # type: ignore[no-untyped-def]
        kr = self._keyring()
        try:
            with _without_passphrases_in_environment():
                return fn(self.service, *args)
        except kr.errors.NoKeyringError:
            raise KeychainUnavailable(
                "no keychain is available on this machine (on Linux, a Secret Service such as "
                "GNOME Keyring or KWallet must be running)"
            ) from None
        except kr.errors.KeyringLocked:
            raise KeychainUnavailable("the keychain is locked; unlock it to use remembered passphrases") from None
        except kr.errors.PasswordDeleteError:
            return None
        except Exception as exc:  # backends raise their own errors (D-Bus, locked, refused)
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise KeychainUnavailable(f"the keychain could not {what} ({detail})") from None

    def get(self, key: str) -> str | None:
        return self._call("be read", self._keyring().get_password, key)

    def set(self, key: str, value: str) -> None:
        self._call("store the passphrase", self._keyring().set_password, key, value)

    def delete(self, key: str) -> None:
        self._call("forget the passphrase", self._keyring().delete_password, key)

    def describe(self) -> str:
        try:
            backend = self._keyring().get_keyring()
        except Exception as exc:  # noqa: BLE001 - only a description
            return f"unavailable ({exc})"
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        if "fail" in name or "null" in name.lower():
            return f"none ({name})"
        return name


PASSPHRASE_VARIABLES = ("SOC2WIZARD_PASSPHRASE", "SOC2WIZARD_NEW_PASSPHRASE", "SOC2WIZARD_PDF_PASSWORD")


@contextlib.contextmanager
def _without_passphrases_in_environment() -> Iterator[None]:
    """Keep passphrases a script put in the environment from the keychain's helper processes.

    Backends start programs (D-Bus helpers, ``security`` on macOS) that
    inherit the environment; for the length of the call it holds none.
    """
    saved = {k: os.environ.pop(k) for k in PASSPHRASE_VARIABLES if k in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


_store: Secrets | None = None


def store() -> Secrets:
    """The secret store in use: the keychain, unless tests installed another."""
    global _store
    if _store is None:
        _store = KeyringSecrets()
    return _store


def use(secrets: Secrets | None) -> Secrets | None:
    """Install ``secrets`` as the store (None: back to the keychain); returns the old one."""
    global _store
    old, _store = _store, secrets
    return old


def _path_key(path: Path) -> str:
    return "path:" + os.path.normcase(str(Path(path).resolve()))


# --- passphrases by workspace id, found by path ---------------------------------


def remembered(path: Path) -> str | None:
    """The passphrase remembered for the workspace last seen at ``path``, if any.

    KeychainUnavailable when the keychain cannot be asked.
    """
    s = store()
    workspace_id = s.get(_path_key(path))
    if not workspace_id:
        return None
    return s.get(workspace_id)


def remember(path: Path, workspace_id: str, passphrase: str) -> None:
    s = store()
    s.set(workspace_id, passphrase)
    s.set(_path_key(path), workspace_id)


def note_path(path: Path, workspace_id: str) -> None:
    """After the file was opened at a new path, find its remembered passphrase there too."""
    s = store()
    if s.get(workspace_id) is not None and s.get(_path_key(path)) != workspace_id:
        s.set(_path_key(path), workspace_id)


def is_remembered(workspace_id: str) -> bool:
    return store().get(workspace_id) is not None


def forget(path: Path, workspace_id: str) -> None:
    s = store()
    s.delete(workspace_id)
    s.delete(_path_key(path))
