"""`kiosk keys export` and `kiosk keys import`: keys and kiosk certificates in standard forms.

export: a key file (PKCS#8/PEM, DER, or the JSON of earlier versions) rewritten as PKCS#8 PEM (0600) and
its public key as SubjectPublicKeyInfo PEM and DER, a kiosk certificate as X.509 PEM and DER: for OpenSSL,
a district CA or an e-seal system.

import: a kiosk key and the X.509 certificate a district's own CA issued for it (OpenSSL, or any CA that
signs SM3withSM2 or Ed25519), checked against each other and, given the district's public key or CA
certificate, against the district, then written where the kiosk signs with them.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError

ACTIONS = ("export", "import")


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    e = sub.add_parser("export", help="write a key (and a kiosk certificate) as PKCS#8 / PEM / DER / X.509")
    e.add_argument("--key", required=True, type=at.existing_file, help="a key file (private or public, any form)")
    e.add_argument("--cert", type=at.existing_file, help="a kiosk certificate to write as X.509 PEM and DER")
    e.add_argument("--out", required=True, type=at.creatable_dir, help="folder for the files")
    e.add_argument("--force", action="store_true", help="overwrite existing files")
    add_json_flag(e)

    i = sub.add_parser("import", help="install a kiosk key and the X.509 certificate a district CA issued for it")
    i.add_argument("--key", required=True, type=at.existing_file, help="the kiosk's private key (PKCS#8 or SEC1 PEM)")
    i.add_argument("--cert", required=True, type=at.existing_file, help="its X.509 certificate (PEM or DER)")
    i.add_argument("--out", required=True, type=at.creatable_dir,
                   help="the kiosk's key folder (<data.dir>/keys/kiosk): kiosk.key, kiosk.pub, kiosk.cert")
    i.add_argument("--district-pub", type=at.existing_file,
                   help="the district's public key or CA certificate: the import is refused unless it signed")
    i.add_argument("--force", action="store_true", help="overwrite existing kiosk files")
    add_json_flag(i)


def run(args: argparse.Namespace) -> int:
    return _export(args) if args.action == "export" else _import(args)


def _refuse(paths: list[Path], force: bool) -> None:
    existing = [str(p) for p in paths if p.exists()]
    if existing and not force:
        raise UsageError(f"{', '.join(existing)} exist(s); use --force to replace")


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)


def _export(args: argparse.Namespace) -> int:
    from kiosk.certify.kiosk_cert import load_kiosk_certificate
    from kiosk.crypto import formats
    from kiosk.crypto.keys import key_id, load_signer, load_verifier
    from kiosk.errors import ConfigError

    out = Path(args.out)
    stem = Path(args.key).stem
    verifier = load_verifier(args.key)
    try:
        signer = load_signer(args.key)
    except ConfigError:  # a public key file: nothing private to write
        signer = None
    cert = load_kiosk_certificate(args.cert) if args.cert else None
    if cert is not None and not cert.is_x509:
        raise UsageError(f"{args.cert} is a kiosk certificate of the earlier AKK1 form: the district issues an "
                         "X.509 one (kiosk keys issue-kiosk), it cannot be converted without the district's key")
    files = {"public_pem": out / f"{stem}.pub.pem", "public_der": out / f"{stem}.pub.der"}
    if signer is not None:
        files["private_pem"] = out / f"{stem}.key.pem"
    if cert is not None:
        files.update(certificate_pem=out / f"{Path(args.cert).stem}.cert.pem",
                     certificate_der=out / f"{Path(args.cert).stem}.cert.der")
    _refuse(list(files.values()), args.force)
    out.mkdir(parents=True, exist_ok=True)
    public = formats.public_der(verifier.algorithm, verifier.public_hex)
    files["public_pem"].write_text(formats.pem("PUBLIC KEY", public), encoding="ascii")
    files["public_der"].write_bytes(public)
    if signer is not None:
        private = formats.private_der(signer.algorithm, signer.public_hex, signer.private_hex)  # type: ignore[attr-defined]
        _write_private(files["private_pem"], formats.pem("PRIVATE KEY", private))
    if cert is not None:
        files["certificate_pem"].write_text(formats.pem("CERTIFICATE", cert.der), encoding="ascii")
        files["certificate_der"].write_bytes(cert.der)
    emit(args, {"algorithm": verifier.algorithm, "key_id": key_id(verifier.public_hex),
                **{name: str(path) for name, path in files.items()}},
         f"wrote {', '.join(str(p) for p in files.values())}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from kiosk.certify.errors import CertificateInvalid
    from kiosk.certify.kiosk_cert import check_kiosk_certificate, load_kiosk_certificate, save_kiosk_certificate
    from kiosk.crypto.keys import load_signer, load_verifier, save_pair

    signer = load_signer(args.key)
    cert = load_kiosk_certificate(args.cert)
    if not cert.is_x509:
        raise UsageError(f"{args.cert} is not an X.509 certificate")
    if (cert.algorithm, cert.public_hex) != (signer.algorithm, signer.public_hex):
        raise UsageError(f"the certificate {args.cert} is for another key than {args.key}")
    if args.district_pub:
        try:
            check_kiosk_certificate(cert, load_verifier(args.district_pub))
        except CertificateInvalid as e:
            raise UsageError(f"the district key {args.district_pub} did not issue {args.cert}: {e.message}",
                             code=e.code) from None
    out = Path(args.out)
    priv, pub, cert_path = out / "kiosk.key", out / "kiosk.pub", out / "kiosk.cert"
    _refuse([priv, cert_path], args.force)
    save_pair(signer, priv, pub)
    save_kiosk_certificate(cert, cert_path)
    emit(args, {"private": str(priv), "public": str(pub), "certificate": str(cert_path), "kiosk_id": cert.kiosk_id,
                "algorithm": cert.algorithm, "key_id": cert.key_id, "not_before": cert.starts().isoformat(),
                "not_after": cert.not_after.isoformat() if cert.not_after else None,
                "district_checked": bool(args.district_pub)},
         f"installed kiosk {cert.kiosk_id} ({cert.algorithm}) in {out}")
    return 0
