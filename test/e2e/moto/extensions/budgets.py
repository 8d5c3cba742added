"""AWS Budgets: what aws_budgets_budget reads a budget back with, which moto 5.2.1 lacks."""
import json
from typing import Any

from . import gap

# API reference: https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_Operations_AWS_Budgets.html
# Quotas: https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-limits.html
MAX_EMAIL_SUBSCRIBERS = 10  # per notification


def _same_notification(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Notifications are identified by type, operator, threshold and threshold type (PERCENTAGE when absent)."""
    key = lambda n: (n.get("NotificationType"), n.get("ComparisonOperator"), float(n.get("Threshold", 0)), n.get("ThresholdType") or "PERCENTAGE")  # noqa: E731
    return key(a) == key(b)


def _error(code: str, message: str) -> Exception:
    from moto.core.exceptions import JsonRESTError

    return JsonRESTError(code, message)


@gap("budgets: subscribers of a notification, tags, at most 10 email subscribers per notification")
def budget_subscribers_and_tags() -> None:
    """
    AWS: DescribeSubscribersForNotification lists a notification's subscribers
    (NotFoundException for a notification the budget does not have);
    ListTagsForResource / TagResource / UntagResource work on
    arn:aws:budgets::<account>:budget/<name>, and CreateBudget takes ResourceTags;
    a notification holds at most 10 email subscribers (budgets-limits.html), more
    is InvalidParameterException.
    moto: no DescribeSubscribersForNotification and no tags (a 500 the provider
    retries until it times out), any number of subscribers.
    Here: subscribers are read from moto's stored notifications, tags are kept
    per budget ARN, and CreateBudget / CreateNotification refuse an 11th email
    subscriber.
    """
    from moto.budgets.responses import BudgetsResponse

    original_create = BudgetsResponse.create_budget
    original_create_notification = BudgetsResponse.create_notification
    original_delete = BudgetsResponse.delete_budget

    def tags_of(self: Any) -> dict[str, dict[str, str]]:
        if not hasattr(self.backend, "lz_tags"):
            self.backend.lz_tags = {}
        return self.backend.lz_tags

    def check_subscribers(subscribers: list[dict[str, Any]]) -> None:
        emails = [s for s in subscribers or [] if s.get("SubscriptionType") == "EMAIL"]
        if len(emails) > MAX_EMAIL_SUBSCRIBERS:
            raise _error("InvalidParameterException", f"A notification can have at most {MAX_EMAIL_SUBSCRIBERS} email subscribers, got {len(emails)}")

    def create_budget(self: Any) -> str:
        for entry in self._get_param("NotificationsWithSubscribers", []) or []:
            check_subscribers(entry.get("Subscribers"))
        answer = original_create(self)
        budget = self._get_param("Budget")
        arn = f"arn:aws:budgets::{self._get_param('AccountId')}:budget/{budget['BudgetName']}"
        tags_of(self)[arn] = {t["Key"]: t["Value"] for t in self._get_param("ResourceTags") or []}
        return answer

    def create_notification(self: Any) -> str:
        check_subscribers(self._get_param("Subscribers"))
        return original_create_notification(self)

    def delete_budget(self: Any) -> str:
        answer = original_delete(self)
        tags_of(self).pop(f"arn:aws:budgets::{self._get_param('AccountId')}:budget/{self._get_param('BudgetName')}", None)
        return answer

    def describe_subscribers_for_notification(self: Any) -> str:
        account_id, name = self._get_param("AccountId"), self._get_param("BudgetName")
        budgets = self.backend.budgets[account_id]
        if name not in budgets:
            raise _error("NotFoundException", f"Unable to get budget: {name} - the budget doesn't exist.")
        wanted = self._get_param("Notification") or {}
        for notification in budgets[name].notifications:
            if _same_notification(notification.details, wanted):
                return json.dumps({"Subscribers": list(notification.subscribers or [])})
        raise _error("NotFoundException", f"Unable to get subscribers: the notification does not exist for budget {name}")

    def known_budget(self: Any) -> str:
        arn = self._get_param("ResourceARN") or ""
        account_id, _, name = arn.removeprefix("arn:aws:budgets::").partition(":budget/")
        if name not in self.backend.budgets[account_id]:
            raise _error("NotFoundException", f"Unable to find resource {arn}")
        return arn

    def list_tags_for_resource(self: Any) -> str:
        arn = known_budget(self)
        return json.dumps({"ResourceTags": [{"Key": k, "Value": v} for k, v in tags_of(self).get(arn, {}).items()]})

    def tag_resource(self: Any) -> str:
        arn = known_budget(self)
        tags_of(self).setdefault(arn, {}).update({t["Key"]: t["Value"] for t in self._get_param("ResourceTags") or []})
        return "{}"

    def untag_resource(self: Any) -> str:
        arn = known_budget(self)
        for key in self._get_param("ResourceTagKeys") or []:
            tags_of(self).get(arn, {}).pop(key, None)
        return "{}"

    for fn in (create_budget, create_notification, delete_budget, describe_subscribers_for_notification, list_tags_for_resource, tag_resource, untag_resource):
        setattr(BudgetsResponse, fn.__name__, fn)
