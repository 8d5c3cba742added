"""Services moto lacks and the landing zone uses: refused at once, with a clear error."""
import json
import re
from typing import Any, Callable

from . import gap

# Signing name -> what the user reads. Access Analyzer is served (access_analyzer.py).
_UNSUPPORTED = {"apprunner": "App Runner"}
_SCOPE = re.compile(r"Credential=[^/,\s]+/\d{8}/[a-z0-9-]+/([a-z0-9-]+)/aws4_request")


@gap("apprunner: every call fails at once with UnsupportedOperation, not a 500 the provider retries")
def unsupported_services_fail_fast() -> None:
    """
    AWS: App Runner serves aws_apprunner_* resources.
    moto: has no App Runner API; each call is a 500, which the AWS provider
    retries for minutes before it gives up, so an apply seems to hang.
    Here: each App Runner call gets HTTP 400 UnsupportedOperation at once, naming
    the service, so Terraform fails on those resources and goes on with the others.
    """
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    original = DomainDispatcherApplication.__call__

    def call(self: Any, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        scope = _SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
        service = _UNSUPPORTED.get(scope.group(1)) if scope else None
        if service is None:
            return original(self, environ, start_response)
        message = f"the landing-zone emulator (moto 5.2.1) has no {service} API"
        body = json.dumps({"__type": "UnsupportedOperation", "message": message}).encode()
        start_response("400 Bad Request", [("Content-Type", "application/x-amz-json-1.0"), ("x-amzn-ErrorType", "UnsupportedOperation"), ("Content-Length", str(len(body)))])
        return [body]

    DomainDispatcherApplication.__call__ = call
