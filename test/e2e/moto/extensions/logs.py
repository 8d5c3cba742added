"""CloudWatch Logs: subscription filters to a cross-account destination."""
import json
from typing import Any

from . import gap


def _allows(policy: str | None, account_id: str, destination_arn: str) -> bool:
    """True when a destination's access policy lets `account_id` call logs:PutSubscriptionFilter on it."""
    if not policy:
        return False
    statements = json.loads(policy).get("Statement", [])
    for s in statements if isinstance(statements, list) else [statements]:
        if s.get("Effect") != "Allow":
            continue
        actions = s.get("Action", [])
        actions = actions if isinstance(actions, list) else [actions]
        if not any(a in ("logs:PutSubscriptionFilter", "logs:*", "*") for a in actions):
            continue
        resources = s.get("Resource", [])
        resources = resources if isinstance(resources, list) else [resources]
        if not any(r in (destination_arn, "*") for r in resources):
            continue
        principal = s.get("Principal", {})
        ids = principal.get("AWS", []) if isinstance(principal, dict) else [principal]
        ids = ids if isinstance(ids, list) else [ids]
        if any(p in ("*", account_id, f"arn:aws:iam::{account_id}:root") for p in ids):
            return True
    return False


@gap("logs: PutSubscriptionFilter to a destination, checked against its access policy and Region")
def logs_cross_account_subscription() -> None:
    """
    AWS: a subscription filter's destinationArn may be a CloudWatch Logs
    destination (arn:aws:logs:<region>:<account>:destination:<name>), in the
    recipient account, that encapsulates a Kinesis or Firehose stream there.
    "The log group and the destination must be in the same AWS Region", and
    a sender of another account may subscribe only when the destination's
    access policy (PutDestinationPolicy) grants it logs:PutSubscriptionFilter
    ("Cross-account cross-Region log data sharing using Firehose" and "Step 2:
    Create a destination",
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CrossAccountSubscriptions-Firehose.html,
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStreamDestination.html).
    moto: treats any logs ARN as a log group's and looks for a group named
    after the resource type, so a destination is refused as a missing group.
    Here: a destination ARN is looked up in its account and Region:
    ResourceNotFoundException when absent, InvalidParameterException when in
    another Region than the log group, AccessDeniedException when another
    account's destination policy does not grant the sender; otherwise the
    filter is stored as moto stores the others.
    """
    from moto.logs.exceptions import InvalidParameterException, ResourceNotFoundException
    from moto.logs.models import LogsBackend, logs_backends
    from moto.core.exceptions import JsonRESTError

    original = LogsBackend.put_subscription_filter

    def put_subscription_filter(self: Any, log_group_name: str, filter_name: str, filter_pattern: str, destination_arn: str, role_arn: str) -> None:
        # arn:aws:logs:<region>:<account>:destination:<name>; anything else is moto's as before.
        parts = destination_arn.split(":", 6)
        if not (len(parts) == 7 and parts[2] == "logs" and parts[5] == "destination"):
            return original(self, log_group_name, filter_name, filter_pattern, destination_arn, role_arn)
        region, account, name = parts[3], parts[4], parts[6]
        if log_group_name not in self.groups:
            raise ResourceNotFoundException()
        if region != self.region_name:
            raise InvalidParameterException(f"The destination {destination_arn} is not in the log group's Region {self.region_name}.")
        recipient = logs_backends[account][region]
        destination = next((d for d in recipient.destinations.values() if d.destination_name == name), None)
        if destination is None:
            raise ResourceNotFoundException("The specified destination does not exist.")
        if account != self.account_id and not _allows(destination.access_policy, self.account_id, destination.arn):
            raise JsonRESTError(
                "AccessDeniedException",
                f"User with accountId: {self.account_id} is not authorized to perform: logs:PutSubscriptionFilter on resource: {destination.arn}",
            )
        self.groups[log_group_name].put_subscription_filter(filter_name, filter_pattern, destination_arn, role_arn)

    LogsBackend.put_subscription_filter = put_subscription_filter
