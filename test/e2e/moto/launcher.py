"""
Starts moto's server for the end-to-end tests, with the landing zone's
emulator extensions (./extensions) and, optionally, a pre-existing world.

    python3 launcher.py [--seed seed.json] [--host 127.0.0.1] [--port 0]

The seed describes what a real user already has before the landing zone runs:
    {"managementAccountId": "111111111111", "organizationId": "o-a1b2c3d4e5",
     "accessRoleName": "OrganizationAccountAccessRole",
     "accounts": [{"id": "222222222222", "name": "log-archive", "email": "..."}]}
It creates an organization (all features) in the management account, with the
given id if any, and the member accounts with exactly those ids, each with the
access role, as CreateAccount would (moto's CreateAccount creates the role named
by RoleName, trusted by the management account). With "organization": false the
management account has no organization and no members (greenfield: the landing
zone creates them). Optional "roles" ([{"account", "name"}]) are IAM roles the
config refers to (e.g. Batch submitters); optional "certificates"
([{"account", "region", "arn", "domain"}]) are ACM certificates the config names
by ARN: each is imported (self-signed) in its account under that same ARN, so
a config works unchanged; the ready line maps each config ARN to the ARN ACM holds.
Without a seed, --account-id names the account plain credentials act in (an
empty management account).

When the server listens, one JSON line goes to stdout:
    {"port": 40123, "organizationId": "o-...", "certificates": {"<config arn>": "<arn>"}, "extensions": ["..."]}
Everything else (request log, errors) goes to stderr.
"""
import argparse
import json
import os
import signal
import sys
from typing import Any

sys.dont_write_bytecode = True  # keep the work tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--account-id")
    args = parser.parse_args()
    seed = json.load(open(args.seed)) if args.seed else None
    if seed and not os.environ.get("MOTO_ACCOUNT_ID"):
        os.environ["MOTO_ACCOUNT_ID"] = seed["managementAccountId"]
    if args.account_id and not os.environ.get("MOTO_ACCOUNT_ID"):
        os.environ["MOTO_ACCOUNT_ID"] = args.account_id
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

    from extensions import apply_all

    extensions = apply_all()  # before moto's services are imported: see extensions/accounts.py
    organization_id = seed_world(seed) if seed and seed.get("organization", True) else None
    certificates = seed_certificates(seed.get("certificates", [])) if seed else {}
    if seed:
        seed_roles(seed.get("roles", []))

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    server = make_server(args.host, args.port, DomainDispatcherApplication(create_backend_app), threaded=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(json.dumps({"port": server.server_port, "organizationId": organization_id, "certificates": certificates, "extensions": extensions}), flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass


def seed_world(seed: dict[str, Any]) -> str:
    """An organization in the management account and the member accounts with their real ids."""
    from moto.organizations import utils
    from moto.organizations.models import organizations_backends

    management = seed["managementAccountId"]
    backend = organizations_backends[management]["aws"]
    random_org_id = utils.make_random_org_id
    try:
        if seed.get("organizationId"):
            utils.make_random_org_id = lambda: seed["organizationId"]
        backend.create_organization(region="us-east-1", FeatureSet="ALL")
    finally:
        utils.make_random_org_id = random_org_id
    random_account_id = utils.make_random_account_id
    try:
        for account in seed.get("accounts", []):
            utils.make_random_account_id = lambda: account["id"]
            backend.create_account(
                AccountName=account["name"],
                Email=account["email"],
                RoleName=seed.get("accessRoleName", "OrganizationAccountAccessRole"),
            )
    finally:
        utils.make_random_account_id = random_account_id
    return backend.org.id  # type: ignore[union-attr]


def seed_roles(roles: list[dict[str, str]]) -> None:
    """IAM roles that already exist in their accounts (a team's role named as a Batch submitter)."""
    from moto.iam.models import iam_backends

    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
    for role in roles:
        iam_backends[role["account"]]["aws"].create_role(role["name"], json.dumps(trust), "/", None, "pre-existing role", [], None)


def seed_certificates(certificates: list[dict[str, str]]) -> dict[str, str]:
    """ACM certificates the config names, imported self-signed; returns config ARN -> ARN in the emulator."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from moto.acm.models import acm_backends

    arns = {}
    for cert in certificates:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cert["domain"])])
        now = datetime.datetime.now(datetime.timezone.utc)
        pem = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(cert["domain"])]), critical=False)
            .sign(key, hashes.SHA256())
        )
        backend = acm_backends[cert["account"]][cert["region"]]
        arn = backend.import_certificate(
            certificate=pem.public_bytes(serialization.Encoding.PEM),
            private_key=key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()),
            chain=None,
            arn=None,
            tags=[],
        )
        # ACM picks a new ARN on import; keep the one the config names, as the user's own certificate has.
        bundle = backend._certificates.pop(arn)
        bundle.arn = cert["arn"]
        backend._certificates[cert["arn"]] = bundle
        arns[cert["arn"]] = cert["arn"]
    return arns


if __name__ == "__main__":
    main()
