"""The console's passwords at the cost production hashes them with (the other console tests use a cheaper one)."""

from __future__ import annotations

import pytest
from argon2 import extract_parameters

from kiosk.staff import console_credentials as cred

pytestmark = pytest.mark.production_password_cost


def test_a_console_password_is_hashed_with_argon2id_at_64_mib_and_3_passes():
    encoded = cred.hash_password("correct horse battery")
    params = extract_parameters(encoded)
    assert encoded.startswith("$argon2id$v=19$")
    assert params.memory_cost >= 64 * 1024 and params.time_cost >= 3
    assert cred.verify_password("correct horse battery", encoded)
    assert not cred.verify_password("correct horse batterY", encoded)


def test_a_hash_made_at_a_lower_cost_still_verifies_by_the_cost_it_carries():
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("correct horse battery")
    assert cred.verify_password("correct horse battery", cheap)
