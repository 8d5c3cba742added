"""Cost Explorer anomaly detection (aws_ce_anomaly_monitor, aws_ce_anomaly_subscription), which moto 5.2.1 lacks."""
import datetime
import json
import uuid
from typing import Any

from . import gap

# API reference: https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalyMonitor.html,
# https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalySubscription.html
MONITOR_TYPES = ("DIMENSIONAL", "CUSTOM")
MONITOR_DIMENSIONS = ("SERVICE", "LINKED_ACCOUNT", "TAG", "COST_CATEGORY")
# Email for DAILY and WEEKLY digests, SNS for IMMEDIATE alerts (API_AnomalySubscription.html, Frequency).
SUBSCRIBER_TYPE_OF_FREQUENCY = {"DAILY": "EMAIL", "WEEKLY": "EMAIL", "IMMEDIATE": "SNS"}


def _error(code: str, message: str) -> Exception:
    from moto.core.exceptions import JsonRESTError

    return JsonRESTError(code, message)


def _today() -> str:
    return datetime.date.today().isoformat()


@gap("ce: anomaly monitors and subscriptions (create, get, update, delete, tags)")
def anomaly_detection() -> None:
    """
    AWS: CreateAnomalyMonitor / GetAnomalyMonitors / UpdateAnomalyMonitor /
    DeleteAnomalyMonitor and the same four for subscriptions; a DIMENSIONAL
    monitor names a MonitorDimension, a CUSTOM one a MonitorSpecification; a
    subscription's monitors must exist (UnknownMonitorException), and its
    subscribers are EMAIL for DAILY or WEEKLY digests and SNS for IMMEDIATE
    alerts; unknown ARNs are UnknownMonitorException / UnknownSubscriptionException;
    ResourceTags given at creation are the resource's tags.
    moto: only cost categories (every anomaly call is a 500 the provider retries).
    Here: monitors and subscriptions are kept per account as sent, with those
    checks; tags go to moto's Cost Explorer tagger (ListTagsForResource).
    """
    from moto.ce.responses import CostExplorerResponse

    def store(self: Any, name: str) -> dict[str, dict[str, Any]]:
        if not hasattr(self.ce_backend, name):
            setattr(self.ce_backend, name, {})
        return getattr(self.ce_backend, name)

    def tag(self: Any, arn: str) -> None:
        tags = self._get_param("ResourceTags")
        if tags:
            self.ce_backend.tag_resource(arn, tags)

    def monitor_of(self: Any, arn: str) -> dict[str, Any]:
        found = store(self, "lz_monitors").get(arn)
        if found is None:
            raise _error("UnknownMonitorException", f"Cost anomaly monitor {arn} does not exist")
        return found

    def subscription_of(self: Any, arn: str) -> dict[str, Any]:
        found = store(self, "lz_subscriptions").get(arn)
        if found is None:
            raise _error("UnknownSubscriptionException", f"Cost anomaly subscription {arn} does not exist")
        return found

    def check_subscription(self: Any, subscription: dict[str, Any]) -> None:
        for arn in subscription.get("MonitorArnList") or []:
            monitor_of(self, arn)
        wanted = SUBSCRIBER_TYPE_OF_FREQUENCY.get(subscription.get("Frequency", ""))
        if wanted is None:
            raise _error("ValidationException", "Frequency must be DAILY, IMMEDIATE or WEEKLY")
        for subscriber in subscription.get("Subscribers") or []:
            if subscriber.get("Type") != wanted:
                raise _error("ValidationException", f"{subscription['Frequency']} notifications go to {wanted} subscribers, not {subscriber.get('Type')} ({subscriber.get('Address')})")

    def create_anomaly_monitor(self: Any) -> str:
        monitor = dict(self._get_param("AnomalyMonitor") or {})
        kind = monitor.get("MonitorType")
        if kind not in MONITOR_TYPES:
            raise _error("ValidationException", "MonitorType must be DIMENSIONAL or CUSTOM")
        if kind == "DIMENSIONAL" and monitor.get("MonitorDimension") not in MONITOR_DIMENSIONS:
            raise _error("ValidationException", f"a DIMENSIONAL monitor needs a MonitorDimension of {', '.join(MONITOR_DIMENSIONS)}")
        if kind == "CUSTOM" and not monitor.get("MonitorSpecification"):
            raise _error("ValidationException", "a CUSTOM monitor needs a MonitorSpecification")
        arn = f"arn:aws:ce::{self.current_account}:anomalymonitor/{uuid.uuid4()}"
        monitor.update(MonitorArn=arn, CreationDate=_today(), LastUpdatedDate=_today(), DimensionalValueCount=0)
        store(self, "lz_monitors")[arn] = monitor
        tag(self, arn)
        return json.dumps({"MonitorArn": arn})

    def get_anomaly_monitors(self: Any) -> str:
        arns = self._get_param("MonitorArnList") or []
        monitors = [monitor_of(self, arn) for arn in arns] if arns else list(store(self, "lz_monitors").values())
        return json.dumps({"AnomalyMonitors": monitors})

    def update_anomaly_monitor(self: Any) -> str:
        arn = self._get_param("MonitorArn")
        monitor = monitor_of(self, arn)
        if self._get_param("MonitorName"):
            monitor.update(MonitorName=self._get_param("MonitorName"), LastUpdatedDate=_today())
        return json.dumps({"MonitorArn": arn})

    def delete_anomaly_monitor(self: Any) -> str:
        arn = self._get_param("MonitorArn")
        monitor_of(self, arn)
        del store(self, "lz_monitors")[arn]
        return "{}"

    def create_anomaly_subscription(self: Any) -> str:
        subscription = dict(self._get_param("AnomalySubscription") or {})
        check_subscription(self, subscription)
        arn = f"arn:aws:ce::{self.current_account}:anomalysubscription/{uuid.uuid4()}"
        subscription.update(SubscriptionArn=arn, AccountId=self.current_account)
        subscription["Subscribers"] = [{**s, "Status": s.get("Status", "CONFIRMED")} for s in subscription.get("Subscribers") or []]
        store(self, "lz_subscriptions")[arn] = subscription
        tag(self, arn)
        return json.dumps({"SubscriptionArn": arn})

    def get_anomaly_subscriptions(self: Any) -> str:
        arns = self._get_param("SubscriptionArnList") or []
        found = [subscription_of(self, arn) for arn in arns] if arns else list(store(self, "lz_subscriptions").values())
        monitor = self._get_param("MonitorArn")
        if monitor:
            found = [s for s in found if monitor in (s.get("MonitorArnList") or [])]
        return json.dumps({"AnomalySubscriptions": found})

    def update_anomaly_subscription(self: Any) -> str:
        arn = self._get_param("SubscriptionArn")
        current = subscription_of(self, arn)
        changed = dict(current)
        for key in ("Threshold", "Frequency", "MonitorArnList", "Subscribers", "SubscriptionName", "ThresholdExpression"):
            if self._get_param(key) is not None:
                changed[key] = self._get_param(key)
        check_subscription(self, changed)
        changed["Subscribers"] = [{**s, "Status": s.get("Status", "CONFIRMED")} for s in changed.get("Subscribers") or []]
        store(self, "lz_subscriptions")[arn] = changed
        return json.dumps({"SubscriptionArn": arn})

    def delete_anomaly_subscription(self: Any) -> str:
        arn = self._get_param("SubscriptionArn")
        subscription_of(self, arn)
        del store(self, "lz_subscriptions")[arn]
        return "{}"

    for fn in (
        create_anomaly_monitor,
        get_anomaly_monitors,
        update_anomaly_monitor,
        delete_anomaly_monitor,
        create_anomaly_subscription,
        get_anomaly_subscriptions,
        update_anomaly_subscription,
        delete_anomaly_subscription,
    ):
        setattr(CostExplorerResponse, fn.__name__, fn)
