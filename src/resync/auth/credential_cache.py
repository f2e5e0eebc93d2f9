"""A short-lived memory of successful Basic logins, keyed by a keyed hash of the credentials,
so an admin console firing many requests does not pay for argon2 on each one.

The cache never holds a password: only ``HMAC(secret_key, username, password)``. An entry
remembers the password hash it was verified against; a changed password misses."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import OrderedDict
from dataclasses import dataclass

MAX_ENTRIES = 1024


@dataclass(frozen=True)
class CachedLogin:
    user_id: int
    password_hash: str
    expires: float


class CredentialCache:
    def __init__(self, secret_key: str, ttl_seconds: float) -> None:
        self.key = hashlib.sha256(b"resync-basic-cache\0" + secret_key.encode()).digest()
        self.ttl = ttl_seconds
        self.entries: OrderedDict[str, CachedLogin] = OrderedDict()

    def fingerprint(self, username: str, password: str) -> str:
        message = username.encode() + b"\0" + password.encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def get(self, fingerprint: str) -> CachedLogin | None:
        entry = self.entries.get(fingerprint)
        if entry is None:
            return None
        if entry.expires <= time.monotonic():
            self.entries.pop(fingerprint, None)
            return None
        return entry

    def put(self, fingerprint: str, user_id: int, password_hash: str) -> None:
        if self.ttl <= 0:
            return
        self.entries[fingerprint] = CachedLogin(user_id, password_hash, time.monotonic() + self.ttl)
        self.entries.move_to_end(fingerprint)
        while len(self.entries) > MAX_ENTRIES:
            self.entries.popitem(last=False)

    def drop(self, fingerprint: str) -> None:
        self.entries.pop(fingerprint, None)
