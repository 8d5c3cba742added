"""IAM Access Analyzer analyzers, which moto 5.2.1 lacks entirely."""
import datetime
import json
import re
import threading
from typing import Any, Callable, Iterable
from urllib.parse import unquote

from . import gap

# (account, region) -> analyzer name -> analyzer as GetAnalyzer returns it.
_ANALYZERS: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
_LOCK = threading.Lock()
_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,254}$")


def _reply(start_response: Callable[..., Any], status: int, body: dict[str, Any] | None, error: str | None = None) -> Iterable[bytes]:
    text = json.dumps(body if body is not None else {}).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(text)))]
    if error:
        headers.append(("x-amzn-ErrorType", error))
    start_response(f"{status} {'OK' if status < 300 else 'Error'}", headers)
    return [text]


def _error(start_response: Callable[..., Any], status: int, code: str, message: str) -> Iterable[bytes]:
    return _reply(start_response, status, {"message": message}, code)


def serve(environ: dict[str, Any], start_response: Callable[..., Any], account: str, region: str) -> Iterable[bytes]:
    """The analyzer calls aws_accessanalyzer_analyzer makes: CreateAnalyzer, GetAnalyzer, ListAnalyzers, DeleteAnalyzer, TagResource, UntagResource, ListTagsForResource."""
    method = environ["REQUEST_METHOD"]
    path = unquote(environ.get("PATH_INFO", ""))
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = json.loads(environ["wsgi.input"].read(length) or b"{}") if length else {}
    with _LOCK:
        analyzers = _ANALYZERS.setdefault((account, region), {})
        if path == "/analyzer" and method == "PUT":
            name = body.get("analyzerName", "")
            kind = body.get("type", "")
            if not _NAME.match(name) or kind not in ("ACCOUNT", "ORGANIZATION", "ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS"):
                return _error(start_response, 400, "ValidationException", "analyzerName or type is invalid")
            if name in analyzers:
                return _error(start_response, 409, "ConflictException", f"An analyzer with the name {name} already exists")
            arn = f"arn:aws:access-analyzer:{region}:{account}:analyzer/{name}"
            now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            analyzers[name] = {"arn": arn, "name": name, "type": kind, "createdAt": now, "status": "ACTIVE", "tags": dict(body.get("tags") or {})}
            if body.get("configuration"):
                analyzers[name]["configuration"] = body["configuration"]
            return _reply(start_response, 200, {"arn": arn})
        if path == "/analyzer" and method == "GET":
            wanted = re.search(r"(?:^|&)type=([A-Z_]+)", environ.get("QUERY_STRING", ""))
            return _reply(start_response, 200, {"analyzers": [a for a in analyzers.values() if not wanted or a["type"] == wanted.group(1)]})
        m = re.match(r"^/analyzer/([^/]+)$", path)
        if m and method in ("GET", "DELETE"):
            found = analyzers.get(m.group(1))
            if found is None:
                return _error(start_response, 404, "ResourceNotFoundException", f"Analyzer {m.group(1)} not found")
            if method == "DELETE":
                del analyzers[m.group(1)]
                return _reply(start_response, 200, {})
            return _reply(start_response, 200, {"analyzer": found})
        m = re.match(r"^/tags/(.+)$", path)
        if m:
            found = next((a for a in analyzers.values() if a["arn"] == m.group(1)), None)
            if found is None:
                return _error(start_response, 404, "ResourceNotFoundException", f"Resource {m.group(1)} not found")
            if method == "POST":
                found["tags"].update(body.get("tags") or {})
            elif method == "DELETE":
                query = environ.get("QUERY_STRING", "")
                for key in [unquote(v) for k, v in (p.split("=", 1) for p in query.split("&") if "=" in p) if k == "tagKeys"]:
                    found["tags"].pop(key, None)
            return _reply(start_response, 200, {"tags": found["tags"]} if method == "GET" else {})
    return _error(start_response, 400, "UnsupportedOperation", f"the landing-zone emulator has no IAM Access Analyzer operation {method} {path}")


@gap("access-analyzer: analyzers (create, read, list, tag, delete), which moto lacks")
def analyzers_served_in_their_account() -> None:
    """
    AWS: CreateAnalyzer makes an analyzer (ACTIVE once created) in the calling
    account and region; aws_accessanalyzer_analyzer reads it back with
    GetAnalyzer, tags it with TagResource/UntagResource and deletes it with DeleteAnalyzer
    (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateAnalyzer.html).
    moto: has no Access Analyzer API: each call is a 500, which the provider
    retries for minutes, so every stack with the account baseline hangs.
    Here: those calls are served from an in-memory table per account and
    region; an analyzer has no findings (nothing is analyzed), and any other
    Access Analyzer call fails at once with UnsupportedOperation.
    """
    from moto.iam.models import iam_backends
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    from .accounts import default_account

    def account_of(access_key: str) -> str:
        """The account whose IAM issued `access_key` (an assumed role's), else the default (management) account."""
        for account_id, per_partition in list(iam_backends.items()):
            if access_key in per_partition["aws"].access_keys:
                return account_id
        return default_account()

    original = DomainDispatcherApplication.__call__

    def call(self: Any, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        scope = _SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
        if scope and scope.group(3) == "access-analyzer":
            return serve(environ, start_response, account_of(scope.group(1)), scope.group(2))
        return original(self, environ, start_response)

    DomainDispatcherApplication.__call__ = call
