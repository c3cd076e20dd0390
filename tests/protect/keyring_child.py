"""Child for test_keyring_secret_service: store and read a passphrase through the Secret Service."""

from __future__ import annotations

import sys

import keyring
from keyring.backends import SecretService

from soc2wizard import secrets, services


def main(folder: str) -> None:
    keyring.set_keyring(SecretService.Keyring())
    secrets.use(secrets.KeyringSecrets())
    path = f"{folder}/kc.soc2"
    s = services.create_workspace(path, name="Keychain Co", passphrase="a real keychain passphrase", remember=True)
    wid = s.workspace_id
    print("notice:", s.notices[0])
    s.close()
    with services.open_workspace(path) as again:  # no passphrase given: from the keychain
        print("opened:", services.get_answers(again).company.name, again.workspace_id == wid)
        print("remembered:", services.passphrase_remembered(again))
        services.remove_encryption(again)
    print("forgotten:", keyring.get_password("soc2wizard", wid) is None)


if __name__ == "__main__":
    main(sys.argv[1])
    sys.stdout.flush()
