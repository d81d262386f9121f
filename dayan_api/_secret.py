"""The access key, held so that nothing shows it, and the signatures made with it."""

import hashlib
from typing import Any

# HMAC (RFC 2104) over SHA-256: its block size, and the key's inner and outer pads.
_SHA256_BLOCK = 64
_INNER_PAD = bytes(byte ^ 0x36 for byte in range(256))
_OUTER_PAD = bytes(byte ^ 0x5C for byte in range(256))


class _Secret:
    """Holds the access key so that no repr, traceback or debugger shows it.

    It also signs with it: :meth:`mac` is HMAC-SHA256 (RFC 2104) keyed with
    it, as :func:`dayan_api.signature.generate_signature` computes it, with
    the keyed hash states made once rather than for every request.
    """

    __slots__ = ("_value", "_pads")

    def __init__(self, value: str) -> None:
        self._value = value
        self._pads: Any = None

    def reveal(self) -> str:
        return self._value

    def mac(self, message: bytes) -> bytes:
        """HMAC-SHA256 of ``message`` keyed with the key (UTF-8)."""
        pads = self._pads
        if pads is None:
            key = self._value.encode("utf-8")
            if len(key) > _SHA256_BLOCK:
                key = hashlib.sha256(key).digest()
            key = key.ljust(_SHA256_BLOCK, b"\0")
            pads = (
                hashlib.sha256(key.translate(_INNER_PAD)),
                hashlib.sha256(key.translate(_OUTER_PAD)),
            )
            self._pads = pads  # one assignment: threads see none or both
        inner = pads[0].copy()
        inner.update(message)
        outer = pads[1].copy()
        outer.update(inner.digest())
        digest: bytes = outer.digest()
        return digest

    def __repr__(self) -> str:
        return "<hidden>"

    def __reduce__(self) -> Any:
        # Pickling would write the key into whatever file or pipe the bytes go to.
        raise TypeError("the access key is not picklable: build a new client where it is needed")
