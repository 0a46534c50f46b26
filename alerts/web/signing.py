"""Everything keyed by `web.secret`: signed links, CSRF tokens, code hashes, encrypted targets.

Pure standard-library HMAC, plus `cryptography`'s Fernet for the stored Apprise URLs
(the database never holds a fan's secret in the clear). Changing the secret
invalidates every link and makes stored targets unreadable: the README says so.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken

_SIG_CHARS = 22  # 132 bits of HMAC-SHA256 in URL-safe base64


class Signer:
    """Signs and checks short tokens (`purpose` keeps a confirm link from opening a manage page)."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(b"renewal-radar web signing\0" + secret.encode()).digest()
        fernet_key = hashlib.sha256(b"renewal-radar web targets\0" + secret.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(fernet_key))

    def _mac(self, purpose: str, value: str) -> str:
        digest = hmac.new(self._key, f"{purpose}\0{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:_SIG_CHARS]

    def sign(self, purpose: str, value: str) -> str:
        """`value` (URL-safe base64) `.signature`: fit for a URL path whatever `value` holds."""
        encoded = base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")
        return f"{encoded}.{self._mac(purpose, encoded)}"

    def unsign(self, purpose: str, token: str) -> str | None:
        """The value a token signs for `purpose`, or None if it was not signed by us."""
        encoded, dot, mac = token.rpartition(".")
        if not dot or not hmac.compare_digest(mac.encode(), self._mac(purpose, encoded).encode()):
            return None
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()

    def csrf(self, cookie: str) -> str:
        """The form token that goes with a browser's CSRF cookie."""
        return self._mac("csrf", cookie)

    def csrf_ok(self, cookie: str | None, token: str | None) -> bool:
        if not cookie or not token:
            return False
        return hmac.compare_digest(token.encode(), self.csrf(cookie).encode())

    def code_hash(self, fan: str, code: str) -> str:
        """What is stored of a confirmation code: a keyed hash, per fan."""
        return hmac.new(self._key, f"code\0{fan}\0{code}".encode(), hashlib.sha256).hexdigest()

    def code_ok(self, fan: str, code: str, stored: str | None) -> bool:
        code = "".join(code.split())
        return bool(stored) and hmac.compare_digest(self.code_hash(fan, code), stored or "")

    def encrypt(self, url: str) -> str:
        return self._fernet.encrypt(url.encode()).decode()

    def decrypt(self, cipher: str) -> str | None:
        """The stored URL, or None if another secret encrypted it."""
        try:
            return self._fernet.decrypt(cipher.encode()).decode()
        except InvalidToken:
            return None


def new_code() -> str:
    """An 8-digit confirmation code."""
    return f"{secrets.randbelow(10**8):08d}"


def new_token() -> str:
    return secrets.token_urlsafe(24)
