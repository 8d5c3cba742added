"""Elastic Load Balancing v2: what AWS checks when a load balancer's attributes change."""
import json
import os
from typing import Any

from . import gap
from .s3_policy import evaluate_bucket_policy

# The landing zone's table of ELB log-delivery principals, transcribed from the AWS page below: the
# emulator models the same documented fact, so it is read from its one place.
_TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "aws", "elb-log-delivery-table.json")


def elb_log_delivery_principal(region: str) -> tuple[str, str]:
    """("AWS", account id) of the Region's ELB account, or ("Service", principal) in Regions opened since August 2022."""
    with open(_TABLE) as f:
        table = json.load(f)
    account = table["elbAccountByRegion"].get(region)
    return ("AWS", account) if account else ("Service", table["servicePrincipal"])


def access_log_test_write_allowed(policy: dict[str, Any] | None, bucket: str, prefix: str, lb_account: str, region: str) -> bool:
    """Does the bucket policy let the Region's ELB principal put ELBAccessLogTestFile under <prefix>/AWSLogs/<lb_account>/?"""
    if policy is None:
        return False
    key = "/".join(p for p in [prefix.strip("/"), "AWSLogs", lb_account, "ELBAccessLogTestFile"] if p)
    kind, who = elb_log_delivery_principal(region)
    # Over TLS, without an encryption header: ELB relies on the bucket's SSE-S3 default.
    context = {"aws:SecureTransport": "true"}
    decision = evaluate_bucket_policy(policy, "s3:PutObject", f"arn:aws:s3:::{bucket}/{key}", who if kind == "AWS" else "", context, service=who if kind == "Service" else None)
    return decision == "PERMITTED"


@gap("elbv2: enabling access logs checks that the bucket policy lets the Region's ELB principal write")
def access_logs_check_bucket_policy() -> None:
    """
    AWS: when ModifyLoadBalancerAttributes sets access_logs.s3.enabled=true,
    ELB validates the bucket and writes a test file,
    <prefix>/AWSLogs/<account>/ELBAccessLogTestFile, as the Region's log
    delivery principal (the Region's ELB account before August 2022, else
    logdelivery.elasticloadbalancing.amazonaws.com); if the bucket policy does
    not allow it, the call fails with InvalidConfigurationRequest "Access
    Denied for bucket: <b>. Please check S3bucket permission". This is why a
    load balancer created before its log bucket's policy fails.
    https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
    moto: stores the attributes without looking at the bucket.
    Here: the bucket must exist and its policy must permit that write
    (evaluated as s3_policy does: principal, resource, conditions, denies).
    """
    from moto.elbv2.exceptions import InvalidConfigurationRequest
    from moto.elbv2.models import ELBv2Backend
    from moto.s3.models import s3_backends

    original = ELBv2Backend.modify_load_balancer_attributes

    def modify_load_balancer_attributes(self: Any, arn: str, attrs: dict[str, Any]) -> dict[str, Any]:
        balancer = self.load_balancers.get(arn)
        if balancer is not None and str(attrs.get("access_logs.s3.enabled", "")).lower() == "true":
            bucket = attrs.get("access_logs.s3.bucket", balancer.attrs.get("access_logs.s3.bucket", ""))
            prefix = attrs.get("access_logs.s3.prefix", balancer.attrs.get("access_logs.s3.prefix", "")) or ""
            owner = s3_backends.bucket_accounts.get(bucket)
            if not bucket or owner is None:
                raise InvalidConfigurationRequest(f"The specified bucket does not exist: {bucket}")
            partition, account = owner
            policy = s3_backends[account][partition].get_bucket(bucket).policy
            parsed = json.loads(policy.decode() if isinstance(policy, bytes) else policy) if policy else None
            if not access_log_test_write_allowed(parsed, bucket, prefix, self.account_id, self.region_name):
                raise InvalidConfigurationRequest(f"Access Denied for bucket: {bucket}. Please check S3bucket permission")
        return original(self, arn, attrs)

    ELBv2Backend.modify_load_balancer_attributes = modify_load_balancer_attributes


@gap("elbv2: a load balancer created without a scheme is internet-facing; any other than the two is refused")
def load_balancer_default_scheme() -> None:
    """
    AWS: Scheme is internet-facing or internal, and defaults to internet-facing
    when CreateLoadBalancer omits it, as aws_lb does for internal = false; any
    other value fails with ValidationError
    (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html).
    moto: passes a missing scheme on as None, so DescribeLoadBalancers reports
    no scheme, and takes any other string as given.
    Here: a missing scheme is internet-facing; one of neither value is refused.
    """
    from moto.elbv2.exceptions import ValidationError
    from moto.elbv2.models import ELBv2Backend

    original = ELBv2Backend.create_load_balancer

    def create_load_balancer(self: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("scheme") is None:
            kwargs["scheme"] = "internet-facing"
        if kwargs["scheme"] not in ("internet-facing", "internal"):
            raise ValidationError(f"1 validation error detected: Value '{kwargs['scheme']}' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internet-facing, internal]")
        return original(self, *args, **kwargs)

    ELBv2Backend.create_load_balancer = create_load_balancer
