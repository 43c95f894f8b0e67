"""The signed batch format: what the gateway writes, a kiosk reads; anything else is a typed refusal."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.crypto.keys import generate, verifier_for
from kiosk.errors import SyncVerificationError
from kiosk.sync.batch import _signing_bytes, decode, encode, op_delete, op_put

DISTRICT = generate("ed25519")
VERIFIER = verifier_for(DISTRICT.algorithm, DISTRICT.public_hex)
OTHER = generate("ed25519")
BODY = {"record_id": "r1", "title": "退休审批表", "names": ["欧阳秀英"]}


def sample(signer=DISTRICT) -> bytes:
    ops = [op_put("record", "r1", 11, json.dumps(BODY, ensure_ascii=False)), op_delete("record", "r0", 12)]
    return encode(ops, feed="f1", start=10, end=12, head=40, snapshot=False, signer=signer)


def resign(header: dict, ops_bytes: bytes) -> bytes:
    """A batch whose header the district really signed (to reach the checks behind the signature)."""
    import hashlib

    header = {**header, "checksum": hashlib.sha256(ops_bytes).hexdigest()}
    header["signature"] = DISTRICT.sign(_signing_bytes(header)).hex()
    return json.dumps(header).encode() + b"\n" + ops_bytes


def test_round_trip_keeps_every_operation_and_range():
    batch = decode(sample(), VERIFIER)
    assert (batch.feed, batch.start, batch.end, batch.head, batch.snapshot) == ("f1", 10, 12, 40, False)
    assert batch.ops[0]["body"] == BODY and batch.ops[1] == {"op": "delete", "kind": "record", "key": "r0", "seq": 12}
    assert not batch.complete


def test_sm2_batches_verify_too():
    sm2 = generate("sm2")
    raw = encode([op_delete("record", "x", 1)], feed="f", start=0, end=1, head=1, snapshot=True, signer=sm2)
    assert decode(raw, verifier_for("sm2", sm2.public_hex)).complete


def test_another_districts_key_is_refused():
    with pytest.raises(SyncVerificationError) as e:
        decode(sample(OTHER), VERIFIER)
    assert e.value.code == "SYNC_BAD_SIGNATURE" and e.value.exit_code == 4


def test_a_flipped_operation_byte_fails_the_checksum():
    raw = bytearray(sample())
    raw[-5] ^= 0x01
    with pytest.raises(SyncVerificationError) as e:
        decode(bytes(raw), VERIFIER)
    assert e.value.code == "SYNC_BAD_CHECKSUM"


def test_a_changed_header_fails_the_signature():
    head, _, body = sample().partition(b"\n")
    header = json.loads(head)
    header["head"] = 41
    with pytest.raises(SyncVerificationError) as e:
        decode(json.dumps(header).encode() + b"\n" + body, VERIFIER)
    assert e.value.code == "SYNC_BAD_SIGNATURE"


@pytest.mark.parametrize("ops", [
    [{"op": "put", "kind": "record", "key": "a", "seq": 12, "body": {}}, {"op": "put", "kind": "record",
                                                                          "key": "b", "seq": 11, "body": {}}],
    [{"op": "put", "kind": "record", "key": "a", "seq": 13, "body": {}}],  # beyond the batch's end
    [{"op": "put", "kind": "record", "key": "a", "seq": 11}],  # a put without a body
    [{"op": "put", "kind": "record", "key": "a", "seq": 11, "body": "text"}],  # a record that is no object
    [{"op": "drop", "kind": "record", "key": "a", "seq": 11}],
    [{"op": "delete", "kind": 7, "key": "a", "seq": 11}],
    [{"op": "delete", "kind": "record", "key": "", "seq": 11}],
    [{"op": "delete", "kind": "record", "key": "a", "seq": True}],
    ["not an object"],
])
def test_signed_but_malformed_operations_are_refused(ops):
    head, _, _ = sample().partition(b"\n")
    header = {**json.loads(head), "count": len(ops)}
    with pytest.raises(SyncVerificationError) as e:
        decode(resign(header, json.dumps(ops).encode()), VERIFIER)
    assert e.value.code == "SYNC_BATCH_MALFORMED"


@pytest.mark.parametrize("change", [{"from": "10"}, {"to": 5}, {"head": None}, {"feed": 3}, {"snapshot": "no"},
                                    {"count": 5}, {"v": 2}])
def test_signed_but_malformed_headers_are_refused(change):
    head, _, body = sample().partition(b"\n")
    header = {**json.loads(head), **change}
    with pytest.raises(SyncVerificationError) as e:
        decode(resign(header, body), VERIFIER)
    assert e.value.code in ("SYNC_BATCH_MALFORMED", "SYNC_BATCH_VERSION")


@pytest.mark.parametrize("raw", [b"[" * 100000 + b"\n[]", b"{}\n" + b"[" * 100000, b'{"v": 1e999999}\n[]',
                                 b'{"signature": "' + b"0" * 10 + b'", "v": 123456789012345678901234567890}\n[]'])
def test_deeply_nested_or_huge_numbers_are_refused_not_crashed(raw):
    with pytest.raises(SyncVerificationError):
        decode(raw, VERIFIER)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_only_typed_errors(raw):
    with pytest.raises(SyncVerificationError):
        decode(raw, VERIFIER)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_changed_byte_is_refused_or_changes_nothing(data):
    raw = sample()
    at = data.draw(st.integers(0, len(raw) - 1))
    value = data.draw(st.integers(0, 255).filter(lambda v: v != raw[at]))
    changed = raw[:at] + bytes([value]) + raw[at + 1:]
    try:
        batch = decode(changed, VERIFIER)
    except SyncVerificationError:
        return
    # Only a change the signature does not cover may pass (the case of a hex digit of the signature itself).
    assert batch == decode(raw, VERIFIER)


JSONISH = st.recursive(st.none() | st.booleans() | st.integers(-5, 50) | st.text(max_size=5),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                     max_size=4), max_leaves=10)


@settings(max_examples=200, deadline=None)
@given(ops=st.lists(JSONISH, max_size=4), start=JSONISH, end=JSONISH, feed=JSONISH)
def test_signed_garbage_gives_only_typed_errors(ops, start, end, feed):
    header = {"v": 1, "feed": feed, "from": start, "to": end, "head": end, "snapshot": False, "count": len(ops),
              "algorithm": DISTRICT.algorithm, "key_id": "k"}
    try:
        batch = decode(resign(header, json.dumps(ops).encode()), VERIFIER)
    except SyncVerificationError:
        return
    assert all(o["op"] in ("put", "delete") and isinstance(o["key"], str) for o in batch.ops)


@pytest.mark.parametrize("enabled", [True, False])
def test_decoding_leaves_the_cyclic_collector_as_it_found_it(enabled):
    import gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        decode(sample(), VERIFIER)
        assert gc.isenabled() is enabled
        body_bad = resign({"v": 1, "feed": "f", "from": 0, "to": 1, "head": 1, "snapshot": True, "count": 1,
                           "algorithm": DISTRICT.algorithm, "key_id": "k"}, b"[not json")
        with pytest.raises(SyncVerificationError):
            decode(body_bad, VERIFIER)
        assert gc.isenabled() is enabled  # a batch that fails to parse restores it too
    finally:
        (gc.enable if was else gc.disable)()
