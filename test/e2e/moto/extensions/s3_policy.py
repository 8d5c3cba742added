"""S3 bucket policies: statements apply only to their principals and when their conditions hold."""
import fnmatch
import json
from typing import Any

from . import gap
from .accounts import current_account, request_headers

_NEGATED = ("StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NumericNotEquals")


def _as_list(value: Any) -> list[str]:
    return [str(v).lower() if isinstance(v, bool) else str(v) for v in (value if isinstance(value, list) else [value])]


def _matches(operator: str, expected: list[str], actual: str) -> bool:
    base = operator.replace("Not", "")
    if base in ("StringEquals", "ArnEquals", "NumericEquals"):
        return actual in expected
    if base == "StringEqualsIgnoreCase":
        return actual.lower() in [e.lower() for e in expected]
    if base in ("StringLike", "ArnLike"):
        return any(fnmatch.fnmatchcase(actual, e) for e in expected)
    if base == "Bool":
        return actual.lower() in [e.lower() for e in expected]
    raise KeyError(operator)


def condition_holds(operator: str, key: str, expected_value: Any, context: dict[str, str]) -> bool:
    """One condition of a policy, with AWS's rules for a key the request does not carry."""
    operator = operator.split(":")[-1]  # ForAnyValue:/ForAllValues: on single values
    if_exists = operator.endswith("IfExists")
    operator = operator[: -len("IfExists")] if if_exists else operator
    expected = _as_list(expected_value)
    actual = context.get(key)
    if operator == "Null":
        return (actual is None) == (expected[0].lower() == "true")
    if actual is None:
        return if_exists or operator in _NEGATED
    try:
        matched = _matches(operator, expected, actual)
    except KeyError:
        return True  # an operator this emulator cannot evaluate: keep moto's behaviour (the statement applies)
    return not matched if operator in _NEGATED else matched


def _principal_applies(principal: Any, account_id: str, service: str | None = None) -> bool:
    """
    Does a statement's Principal name the caller: an IAM identity in `account_id`, or, when `service` is
    given, that service principal (e.g. cloudtrail.amazonaws.com)?
    """
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    if service is not None:
        return service in _as_list(principal.get("Service", [])) or "*" in _as_list(principal.get("AWS", []))
    aws = principal.get("AWS")
    if aws is None:
        return False  # Service / Federated / CanonicalUser principals
    return any(p == "*" or p == account_id or f":{account_id}:" in p for p in _as_list(aws))


def evaluate_bucket_policy(policy: dict[str, Any], action: str, resource: str, account_id: str, context: dict[str, str], service: str | None = None) -> str:
    """
    DENIED, PERMITTED or NEUTRAL for one request, as AWS evaluates a resource policy (a bucket policy, a
    key policy, a role's trust policy): by an IAM identity of `account_id`, or by the service principal
    `service`. A statement without Resource or NotResource (a trust policy's) applies to the resource.
    """
    permitted = False
    statements = policy["Statement"] if isinstance(policy["Statement"], list) else [policy["Statement"]]
    for statement in statements:
        actions = _as_list(statement.get("Action", statement.get("NotAction", [])))
        action_listed = any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in actions)
        if action_listed == ("NotAction" in statement):
            continue
        if "Resource" in statement or "NotResource" in statement:
            resources = _as_list(statement.get("Resource", statement.get("NotResource", [])))
            resource_listed = any(fnmatch.fnmatchcase(resource, r) for r in resources)
            if resource_listed == ("NotResource" in statement):
                continue
        if "Principal" in statement and not _principal_applies(statement["Principal"], account_id, service):
            continue
        conditions = statement.get("Condition", {})
        if not all(condition_holds(op, key, value, context) for op, keys in conditions.items() for key, value in keys.items()):
            continue
        if statement.get("Effect") == "Deny":
            return "DENIED"
        permitted = True
    return "PERMITTED" if permitted else "NEUTRAL"


@gap("s3: bucket policy statements apply only when their principal and conditions match")
def bucket_policy_conditions() -> None:
    """
    AWS: a bucket policy statement applies to a request only when its
    principal names the caller and every condition holds, judged against the
    request context (aws:SecureTransport, s3:x-amz-server-side-encryption...).
    moto: evaluates only StringEquals conditions, against no context, and
    ignores principals other than "*"; so a "Deny when aws:SecureTransport is
    false" or "Deny PutObject unless SSE-KMS" statement denies every request,
    and Terraform's S3 backend cannot read or write its state.
    Here: statements are matched on action, resource, principal and
    conditions with AWS's operators and absent-key rules. The context holds
    the SSE headers of the request and aws:SecureTransport=true: every real
    call to AWS is TLS, and the plain HTTP on loopback stands in for it.
    """
    from moto.iam.access_control import PermissionResult
    from moto.s3.models import FakeBucket

    def get_permission(self: Any, action: str, resource: str) -> Any:
        if self.policy is None:
            return PermissionResult.NEUTRAL
        import json

        headers = request_headers()
        context = {"aws:SecureTransport": "true", "aws:PrincipalAccount": current_account()}
        for header in ("x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id"):
            value = headers.get(header)
            if value is not None:
                context[f"s3:{header}"] = value
        policy = json.loads(self.policy.decode() if isinstance(self.policy, bytes) else self.policy)
        return PermissionResult[evaluate_bucket_policy(policy, action, resource, current_account(), context)]

    FakeBucket.get_permission = get_permission


@gap("s3: server access logging reads the target bucket's policy as S3 does")
def access_logging_reads_any_policy() -> None:
    """
    AWS: PutBucketLogging checks that the target bucket's policy lets
    logging.s3.amazonaws.com s3:PutObject into it; statements may have a string
    principal ("*") and string or list Action and Resource.
    moto: assumes every statement's Principal is an object and Action/Resource
    exact strings, so a TLS-only deny with "Principal": "*" raises
    AttributeError (HTTP 500) and the provider retries until it times out.
    Here: the same check, reading principals, actions and resources in every form.
    """
    from moto.s3.models import FakeBucket

    def log_permissions_enabled_policy(target_bucket: Any, target_prefix: str | None) -> bool:
        if not target_bucket.policy:
            return False
        arn = f"arn:{target_bucket.partition}:s3:::{target_bucket.name}"
        targets = {f"{arn}/{target_prefix or ''}*", f"{arn}/*", arn}
        for stmt in json.loads(target_bucket.policy.decode())["Statement"]:
            principal = stmt.get("Principal")
            services = _as_list(principal.get("Service")) if isinstance(principal, dict) else []
            if stmt.get("Effect") != "Allow" or "logging.s3.amazonaws.com" not in services:
                continue
            if not {"s3:PutObject", "s3:*"} & set(_as_list(stmt.get("Action"))):
                continue
            if targets & set(_as_list(stmt.get("Resource"))):
                return True
        return False

    FakeBucket._log_permissions_enabled_policy = staticmethod(log_permissions_enabled_policy)
