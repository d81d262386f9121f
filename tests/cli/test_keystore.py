"""The optional OS credential store (``keyring``), with a stand-in for the package.

The stand-in has keyring's public calls (``set_password``, ``get_password``,
``get_keyring``); tests/cli/conftest.py keeps the real package, where
installed, away from every other test.
"""

import io
import os
import sys
import types

import pytest

from dayan_api.cli import keystore, profiles
from dayan_api.cli.args import UsageError

from .test_windows_and_hosts import Icacls


class WindowsCredentialManager:
    """What keyring.get_keyring() returns."""


class FakeKeyring(types.ModuleType):
    def __init__(self, error=None, forgetful=False):
        super().__init__("keyring")
        self.kept = {}
        self.error, self.forgetful = error, forgetful

    def set_password(self, service, username, password):
        if self.error is not None:
            raise self.error
        if not self.forgetful:  # keyring's null backend takes a key and keeps nothing
            self.kept[(service, username)] = password

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def get_keyring(self):
        return WindowsCredentialManager()


@pytest.fixture
def store(monkeypatch):
    fake = FakeKeyring()
    monkeypatch.setitem(sys.modules, "keyring", fake)
    return fake


def configure(host, monkeypatch, access_id, access_key):
    monkeypatch.setattr(sys, "stdin", io.StringIO("{}\n{}\n".format(access_id, access_key)))
    return host("configure")


def test_with_keyring_the_key_is_in_the_store_and_the_file_holds_the_id(
    host, store, monkeypatch, tmp_path, capsys
):
    path = tmp_path / "none.ini"  # DAYAN_CONFIG, from the host fixture
    path.write_text("[default]\naccess_id = old\naccess_key = old-secret\n", encoding="utf-8")
    assert configure(host, monkeypatch, "id-1", "secret-key-1") == 0
    out, err = capsys.readouterr()
    assert (
        "the key is in the OS credential store: {}.WindowsCredentialManager".format(__name__) in out
    )
    assert err == ""
    assert store.kept == {("dayan_api", "id-1"): "secret-key-1"}
    text = path.read_text(encoding="utf-8")
    assert "secret" not in text  # the old key is gone from the file too
    saved = profiles.read_config(str(path))["default"]
    assert (saved["access_id"], saved["key_store"], "access_key" in saved) == (
        "id-1",
        "keyring",
        False,
    )
    assert profiles.resolve("default")[:2] == ("id-1", "secret-key-1")


@pytest.mark.parametrize(
    "fake, why",
    [
        (
            FakeKeyring(error=RuntimeError("No recommended backend was available")),
            "it raised RuntimeError",
        ),
        (FakeKeyring(forgetful=True), "it did not give the key back"),
    ],
    ids=["raises", "null-backend"],
)
def test_where_the_store_does_not_keep_the_key_the_file_does(
    host, monkeypatch, tmp_path, capsys, fake, why
):
    monkeypatch.setitem(sys.modules, "keyring", fake)
    path = tmp_path / "none.ini"
    path.write_text("[default]\naccess_id = a\nkey_store = keyring\n", encoding="utf-8")
    assert configure(host, monkeypatch, "id-2", "secret-key-2") == 0
    out, err = capsys.readouterr()
    assert "did not keep the key ({}): it is kept in the file".format(why) in err
    assert "mode 0600" in out or os.name == "nt"
    assert "secret-key-2" not in out + err
    saved = profiles.read_config(str(path))["default"]
    assert (saved["access_id"], saved["access_key"], "key_store" in saved) == (
        "id-2",
        "secret-key-2",
        False,
    )


def test_on_windows_a_file_without_the_key_needs_no_access_list(windows, store, tmp_path):
    icacls = Icacls()
    store.kept.clear()
    keystore.put("id-3", "secret-key-3")
    profiles.save_profile(
        str(tmp_path / "c.ini"), "p", {"access_id": "id-3", "key_store": "keyring"}, icacls,
        secret=False,
    )  # fmt: skip
    assert icacls.calls == []
    said, note = profiles.save_credentials(str(tmp_path / "d.ini"), "p", "id-4", "k", {}, icacls)
    assert said.startswith("the key is in the OS credential store") and note is None
    assert icacls.calls == []


def profile_in_store(tmp_path, text="[studio]\naccess_id = id-5\nkey_store = keyring\n"):
    path = tmp_path / "config.ini"
    path.write_text(text, encoding="utf-8")
    return {"DAYAN_CONFIG": str(path)}


def test_a_profile_in_the_store_without_keyring_installed_says_how_to_get_it(tmp_path):
    with pytest.raises(UsageError, match=r"needs the keyring package: pip install 'dayan_api\["):
        profiles.resolve("studio", profile_in_store(tmp_path))


def test_a_key_missing_from_the_store_says_to_configure_again(store, tmp_path):
    with pytest.raises(UsageError, match="no key for profile 'studio'.*--profile studio configure"):
        profiles.resolve("studio", profile_in_store(tmp_path))


def test_a_store_that_fails_to_read_is_named_by_its_error_type_only(monkeypatch, tmp_path):
    class Locked(FakeKeyring):
        def get_password(self, service, username):
            raise PermissionError("keychain locked, password was secret-key-6")

    monkeypatch.setitem(sys.modules, "keyring", Locked())
    with pytest.raises(UsageError) as failed:
        profiles.resolve("studio", profile_in_store(tmp_path))
    assert "(PermissionError)" in str(failed.value) and "secret" not in str(failed.value)


def test_an_unknown_key_store_is_refused(store, tmp_path):
    environ = profile_in_store(tmp_path, "[studio]\naccess_id = a\nkey_store = vault\n")
    with pytest.raises(UsageError, match="key_store must be keyring, not 'vault'"):
        profiles.resolve("studio", environ)
