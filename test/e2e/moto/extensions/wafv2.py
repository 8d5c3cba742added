"""AWS WAF: where a web ACL may log."""
from typing import Any

from . import gap

WAF_LOG_NAME_PREFIX = "aws-waf-logs-"


@gap("wafv2: PutLoggingConfiguration refuses a destination not named aws-waf-logs-… or in another account")
def wafv2_logging_destination() -> None:
    """
    AWS: a web ACL logs to one CloudWatch Logs log group, S3 bucket or
    Firehose stream whose name starts with aws-waf-logs-
    (https://docs.aws.amazon.com/waf/latest/APIReference/API_LoggingConfiguration.html),
    in the web ACL's own account ("you set up an Amazon S3 bucket from the
    same account as you use to manage the web ACL",
    https://docs.aws.amazon.com/waf/latest/developerguide/logging-s3.html;
    likewise the log group, logging-cw-logs.html), since WAF then writes the
    destination's policy itself.
    moto: stores any destination ARN.
    Here: a destination whose name lacks the prefix is refused with
    WAFInvalidParameterException (field LOG_DESTINATION); a log group or
    stream in another account than the web ACL's with
    WAFLogDestinationPermissionIssueException (WAF cannot write its policy
    there). S3 ARNs carry no account, so only their name is checked.
    """
    from moto.wafv2.exceptions import WAFv2ClientError
    from moto.wafv2.models import WAFV2Backend

    original = WAFV2Backend.put_logging_configuration

    def name_of(arn: str) -> str:
        parts = arn.split(":")
        if len(parts) >= 6 and parts[2] == "logs":
            return parts[6] if len(parts) > 6 and parts[5] == "log-group" else ""
        if len(parts) >= 6 and parts[2] == "s3":
            return parts[5].split("/", 1)[0]
        if len(parts) >= 6 and parts[2] == "firehose":
            return parts[5].split("/", 1)[1] if "/" in parts[5] else ""
        return ""

    def put_logging_configuration(self: Any, arn: str, log_destination_configs: list[str], *args: Any) -> Any:
        for destination in log_destination_configs:
            if not name_of(destination).startswith(WAF_LOG_NAME_PREFIX):
                raise WAFv2ClientError(
                    "WAFInvalidParameterException",
                    f"Error reason: The destination name must start with {WAF_LOG_NAME_PREFIX}, field: LOG_DESTINATION, parameter: {destination}",
                )
            parts = destination.split(":")
            if parts[2] in ("logs", "firehose") and parts[4] != self.account_id:
                raise WAFv2ClientError(
                    "WAFLogDestinationPermissionIssueException",
                    f"Unable to deliver logs to the configured destination {destination}: it is not in the web ACL's account {self.account_id}.",
                )
        return original(self, arn, log_destination_configs, *args)

    WAFV2Backend.put_logging_configuration = put_logging_configuration
